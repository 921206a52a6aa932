/*
 * doc.h - the report's documents, written from the language file's
 * templates: one call, every format.
 *
 * A `struct doc` writes the same content to several documents at once
 * (report.html and report.md; each is a backend), so they never drift
 * apart. Sections never write words of their own: they name an entry of
 * the language file (lang.h) and hand over this run's values as `vars`;
 * the doc fills the placeholders and renders the entry's inline markup:
 *
 *     *emphasis*    `code`    $math$ (LaTeX subset)    {{name}}
 *
 * Values are always text, never markup: a name from the user's data file
 * ("a*b", "<script>", "x_1") reaches every document escaped for that
 * document's language (HTML entities, Markdown backslashes). Inside $math$
 * only numbers may be placed (vars_num), and they are written as
 * mantissa \times 10^{exponent}.
 *
 * Errors (an entry missing from the language file, a placeholder the
 * section does not provide, out of memory) are reported once, with the
 * language file and line, and leave `failed` set; the caller checks it
 * before committing the documents. The caller owns the streams.
 */
#ifndef NR_DOC_H
#define NR_DOC_H

#include <stdio.h>

#include "output/lang.h"

#define VARS_MAX 40

/* A number may stand in a formula; text the program made (a sentence of
 * the language file with this run's numbers) is written as it is; text
 * from outside (a name or path of the user's) is escaped completely. */
enum var_kind { VAR_NUMBER, VAR_PROGRAM, VAR_TEXT };

/* This run's values for a template: name -> text. */
struct vars {
	struct {
		const char *name;
		char *value;
		enum var_kind kind;
	} v[VARS_MAX];
	size_t n;
	int oom;        /* an allocation failed, or more than VARS_MAX */
};

/* A number as people read it: "%.6g" ("1825.5", "1.2e-05"). */
void vars_num(struct vars *v, const char *name, double x);
/* A number with an explicit printf format for one double, e.g. "%.3g". */
void vars_numf(struct vars *v, const char *name, const char *fmt, double x);
void vars_int(struct vars *v, const char *name, long long x);
/* A number already formatted by the caller, e.g. "1.25e-3". */
void vars_num_text(struct vars *v, const char *name, const char *number);
/* Text, such as a name from the user's data file (escaped when written). */
void vars_text(struct vars *v, const char *name, const char *text);
/* Text the program made, e.g. another entry rendered with doc_plain. */
void vars_program(struct vars *v, const char *name, const char *text);
void vars_free(struct vars *v);

enum doc_format { DOC_HTML, DOC_MD, DOC_TEX, DOC_FORMATS };

struct doc {
	FILE *fp[DOC_FORMATS];          /* NULL: that document is not written */
	FILE *tex_figures;              /* figures.tex: each figure of the TeX
	                                   document again, or NULL */
	const struct lang *lang;
	size_t cols, col;               /* of the open table */
	int in_head;                    /* the table's heading row is open */
	int failed;                     /* NR_* of the first error, or 0 */
};

/* Starts every document: head, style, and the title (entry `title_key`). */
void doc_begin(struct doc *d, const char *title_key, const struct vars *v);
void doc_end(struct doc *d);

/* A section heading (level 2) or a subsection heading (level 3); `id`
 * anchors it. */
void doc_heading(struct doc *d, int level, const char *id, const char *key,
                 const struct vars *v);

/* The entry's paragraphs (an empty line in it starts the next one). */
void doc_text(struct doc *d, const char *key, const struct vars *v);

/* The entry's formulas, one per line, each displayed on its own. */
void doc_formulas(struct doc *d, const char *key, const struct vars *v);

/* A figure: the image (relative to the document), alternative text and a
 * caption, each from an entry. */
void doc_figure(struct doc *d, const char *src, const char *alt_key,
                const char *caption_key, const struct vars *v);

/* A table whose heading cells are the entry's, separated by '|'; then rows
 * of exactly that many cells, each text the program made (doc_cell: a
 * number, a label) or an entry (doc_cell_t), ended by doc_row_end. */
void doc_table_begin(struct doc *d, const char *key, const struct vars *v);
void doc_cell(struct doc *d, const char *text);
void doc_cell_t(struct doc *d, const char *key, const struct vars *v);
void doc_row_end(struct doc *d);
void doc_table_end(struct doc *d);

/* Where a figure shows in report.html: everywhere, on screen only (an
 * animation) or in print only (its still replacement). Markdown shows all. */
enum doc_media { DOC_ALL, DOC_SCREEN, DOC_PRINT };

void doc_figure_for(struct doc *d, enum doc_media m, const char *src, const char *alt_key,
                    const char *caption_key, const struct vars *v);

/*
 * An explorer without script: a row of links above n panels; following a
 * link shows its panel instead of the others (CSS :target), the first
 * panel shows until one is followed, and printing shows them all. Each
 * panel is a label (text the program made, e.g. "momentum"), an entry's
 * text and an image. Markdown gets a plain list instead: one item per
 * panel, its label, its text and a link to its image. `id` (letters,
 * digits and '-') anchors the explorer; panel i is "<id>-<i+1>".
 */
struct doc_tab {
	const char *label;
	const char *key;          /* the entry of its text */
	const struct vars *v;     /* the entry's values */
	const char *src;          /* its image, relative to the document */
	const char *alt_key;      /* the entry of the image's alternative text */
};

void doc_tabs(struct doc *d, const char *id, const struct doc_tab *tabs, size_t n);

/* A block of text shown as is, in a monospace font (a command line). */
void doc_verbatim(struct doc *d, const char *text);

/*
 * The entry rendered as plain text (placeholders filled, markup dropped,
 * math as its plain Unicode form), newly allocated, or NULL (d->failed
 * set). For figure labels and messages.
 */
char *doc_plain(struct doc *d, const char *key, const struct vars *v);

/*
 * For other writers of the same words (deck.h), one format at a time,
 * into any stream:
 *
 * doc_render() writes lines [from, to) of the entry (to may lie past its
 * end) for format f, joined by spaces, with placeholders filled and inline
 * markup rendered. Returns the entry's number of lines, or 0 (d->failed
 * set: no such entry, a placeholder missing, ...).
 *
 * doc_formula() writes line `line` of a formula entry as displayed math:
 * one <math display="block"> for DOC_HTML, the TeX source with its
 * placeholders filled for DOC_TEX (to set in a display), with `mark`
 * (unless NULL) before its first relation outside braces: an alignment
 * point "&". Returns 0, or -1 when the entry has no such line or it failed
 * (d->failed set). doc_formulas_align() says whether each of the first n
 * formulas has such a relation (1), so that a display can align them.
 */
size_t doc_render(struct doc *d, enum doc_format f, FILE *fp, const char *key,
                  const struct vars *v, size_t from, size_t to);

/* s as HTML text (& < > " ' as entities), for an attribute or an element. */
void doc_escape_html(FILE *fp, const char *s);
int doc_formula(struct doc *d, enum doc_format f, FILE *fp, const char *key,
                const struct vars *v, size_t line, const char *mark);
int doc_formulas_align(struct doc *d, const char *key, const struct vars *v, size_t n);

#endif
