/*
 * quote.h - text made safe to hand to another language.
 *
 * A file name or a label that a user typed must reach a shell or gnuplot as
 * literal text, never as syntax. Both quoting forms below are the strong
 * ones of their language: between single quotes a POSIX shell and gnuplot
 * interpret nothing (no $, no backquote, no escape), so the only character
 * that needs care is the single quote itself. Results are newly allocated
 * (NULL when out of memory); the caller frees them.
 */
#ifndef NR_QUOTE_H
#define NR_QUOTE_H

#include <stddef.h>
#include <stdio.h>

/* s as one shell word: 'it'\''s' for "it's". Any byte but NUL is safe. */
char *quote_shell(const char *s);

/*
 * s as a gnuplot single-quoted string: 'it''s' for "it's". gnuplot ends a
 * command at a line break even inside quotes, so s must not contain '\n'
 * or '\r': returns NULL for such text as well (check with quote_has_break).
 */
char *quote_gnuplot(const char *s);

/* Whether s contains a line break ('\n' or '\r'). */
int quote_has_break(const char *s);

/*
 * s as it may appear in a shell command line that a person copies: left
 * bare when it consists only of characters no shell treats specially
 * (letters, digits, and -_./,:=+@%), otherwise quote_shell(s).
 */
char *quote_shell_word(const char *s);

/*
 * The n bytes of s as LaTeX source that typesets them as they read, for
 * pdflatex with its default fonts (OT1, Computer Modern: outline fonts in
 * every TeX installation, so no bitmap font is ever generated). Every
 * character TeX treats specially is escaped (# $ % & ~ _ ^ \ { } and the
 * OT1 oddities < > | "; _ ^ ~ " in the typewriter font, whose glyphs are
 * the ASCII ones), ligatures are broken (-- `` '' !` ?`), line
 * breaks become spaces and other control characters are dropped. UTF-8:
 * the Latin-1 letters pass (LaTeX's utf8 input knows them), common symbols
 * (° × − → ≤ ∂ η ² ...) become their TeX commands, anything else and every
 * malformed byte becomes '?'. With `tt` the text is for a typewriter font
 * (\texttt, whose font has every ASCII character: each special one is
 * written as \char<code>), and a line may break after a '/'.
 * The result never ends inside a command and can stand in any argument.
 */
char *quote_tex(const char *s, size_t n, int tt);

/* The same, written to fp (errors stay in its error flag). */
void quote_tex_write(FILE *fp, const char *s, size_t n, int tt);

#endif
