/*
 * deck.h - the lecture's slides, written once for two decks: slides.tex
 * (Beamer, 16:9) and slides.html (the same deck without LaTeX and without
 * a script: 16:9 slides that snap one per screen, page keys move between
 * them, printing gives one slide a page).
 *
 * As in doc.h, a section never writes words of its own: every call names
 * entries of the language file and hands over this run's values; the
 * inline markup (*emphasis*, `code`, $math$) is rendered by doc.c for each
 * deck. A slide holds one idea: a title, then any of a sentence, a list, a
 * derivation that grows over a few slides, or a figure with its two or
 * three key numbers. Entries of the kinds a deck adds:
 *
 *   list       one item a line (deck_points)
 *   number     its first line is the number, large; the other lines say
 *              what it is (deck_figure)
 *
 * The figure of a slide is the report's image in slides.html and its
 * cairolatex twin made for slides (larger text: tex/slides/<name>.tex) in
 * slides.tex. Errors are the doc's (d->failed, reported once). The caller
 * owns the streams and the struct.
 */
#ifndef NR_DECK_H
#define NR_DECK_H

#include <stddef.h>
#include <stdio.h>

#include "output/doc.h"

enum deck_format { DECK_TEX, DECK_HTML, DECK_FORMATS };

#define DECK_NUMBERS_MAX 3

struct deck {
	FILE *fp[DECK_FORMATS];   /* NULL: that deck is not written */
	struct doc *doc;          /* the language and the error state */
	const char *theme;        /* "light" (a dark variant follows the
	                             reader's colour scheme), "dark", "print" */
	size_t slides;            /* slides begun so far, the title's included */
	int open;                 /* a slide is open */
};

/* Starts both decks with the title slide: the entries title_key and
 * subtitle_key. */
void deck_begin(struct deck *k, const char *title_key, const char *subtitle_key,
                const struct vars *v);

/* Ends the last slide and both decks. */
void deck_end(struct deck *k);

/* Starts a new slide with the entry `title_key` as its title (the slide
 * before ends). */
void deck_slide(struct deck *k, const char *title_key, const struct vars *v);

/* A paragraph: the entry's lines joined. */
void deck_text(struct deck *k, const char *key, const struct vars *v);

/* A list: one item a line of the entry. */
void deck_points(struct deck *k, const char *key, const struct vars *v);

/* The first `upto` formulas of a formula entry, displayed, the last of
 * them highlighted when there is more than one: a derivation is built up
 * by calling this on successive slides with upto = 1, 2, ... */
void deck_formulas(struct deck *k, const char *key, const struct vars *v, size_t upto);

/* A figure (the image `image`, as the documents name it, e.g. "fit.png";
 * its alternative text the entry alt_key) beside its key numbers: number
 * entries, NULL-terminated, at most DECK_NUMBERS_MAX. */
void deck_figure(struct deck *k, const char *image, const char *alt_key,
                 const char *const *numbers, const struct vars *v);

#endif
