/*
 * figwords.h - the figures' words, from the language file.
 *
 * Every word a gnuplot script draws (axis names, keys, labels, default
 * titles) is an entry [fig.<name>] of lang/<code>.txt. figwords_write()
 * writes them as a gnuplot file of assignments
 *
 *     nr_fig_iteration = 'iteration'
 *
 * which each figure job gets as its input file nr_words (plot_words), so
 * that a changed word re-renders the figures that show it; style.gp loads
 * it and gives the scripts tr('iteration', 'iteration'): the word, or the
 * English default when the script runs by hand without it. A {{name}} in
 * an entry is a number the script fills in (style.gp's fill()).
 *
 * Safety: each value is a single-quoted gnuplot string (quote_gnuplot), in
 * which gnuplot substitutes nothing; the lines of an entry are joined with
 * spaces and every other control character becomes a space, so nothing a
 * translator writes can end the string or the line.
 */
#ifndef NR_FIGWORDS_H
#define NR_FIGWORDS_H

#include <stdio.h>

struct lang;

#define FIGWORDS_PREFIX "fig."

/*
 * Writes every fig.* entry of `l` to fp; with `tex` each text is escaped
 * for TeX (quote_tex) except its {{placeholders}}, for the LaTeX figures.
 * Returns NR_OK, NR_EDATA (a key that is not fig.<lowercase letters,
 * digits, '_'>: file and line) or NR_ENOMEM; write errors stay in fp's
 * error flag.
 */
int figwords_write(const struct lang *l, FILE *fp, int tex);

#endif
