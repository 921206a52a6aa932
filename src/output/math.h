/*
 * math.h - formulas written once in a small subset of LaTeX math, rendered
 * as MathML Core (for report.html) and as a plain Unicode line (for copy and
 * paste, alternative text and terminals). LaTeX and Markdown take the TeX
 * source as it is, so only these two renderings live here.
 *
 * math_parse() accepts exactly the subset below and rejects everything else
 * with the byte offset of the first problem, so a typo in a language file is
 * caught when the file is loaded. A parsed formula owns a copy of its source;
 * the caller owns the struct math and frees it with math_free(). The writers
 * only read it, so one formula can be written any number of times.
 *
 * The subset (whitespace between tokens is ignored, as in TeX math mode):
 *
 * | input                                   | MathML                            | plain text           |
 * |-----------------------------------------|-----------------------------------|----------------------|
 * | a .. z, A .. Z                          | <mi>, one letter each             | the letter           |
 * | 0 .. 9, 1825.5 (digits . digits)        | <mn>, one per number              | the number           |
 * | + - * \pm \mp \times \cdot \div         | <mo> + − ∗ ± ∓ × ⋅ ÷; unary       | " + ", "−x" when     |
 * |                                         | (after an operator, as in TeX):   | unary, " · " for     |
 * |                                         | form="prefix"                     | \cdot, * for *       |
 * | = < > : \le \leq \ge \geq \ne \neq      | <mo> (relations)                  | " = ", " ≤ ", ...    |
 * | \approx \equiv \sim \propto \ll \gg     |                                   |                      |
 * | \in \leftarrow \gets \to \rightarrow    |                                   |                      |
 * | \Rightarrow                             |                                   |                      |
 * | , ;                                     | <mo> (punctuation)                | ", " "; "            |
 * | ( ) [ ] \{ \}                           | <mo stretchy="false">             | as typed             |
 * | | \| / .                                | <mo lspace="0" rspace="0">        | | ‖ / .              |
 * |                                         | (| and ‖ also stretchy="false")   |                      |
 * | !                                       | <mo>!</mo>                        | !                    |
 * | x' x''                                  | <mrow><mi>x</mi><mo>′</mo></mrow> | x′ x′′               |
 * | \alpha .. \omega (all of TeX's, and     | <mi> (italic, as in TeX)          | α .. ω               |
 * | \varepsilon \vartheta \varpi \varrho    |                                   |                      |
 * | \varsigma \varphi)                      |                                   |                      |
 * | \Gamma \Delta \Theta \Lambda \Xi \Pi    | <mi mathvariant="normal">         | Γ .. Ω               |
 * | \Sigma \Upsilon \Phi \Psi \Omega        | (upright, as in TeX)              |                      |
 * | \partial \nabla \infty \% \ldots \cdots | <mi> ∂ ∇ (upright) ∞ % … ⋯        | ∂ ∇ ∞ % … ⋯          |
 * | \sum \prod                              | <mo> ∑ ∏; limits: munderover in   | ∑ᵢ₌₁ᴺ (Unicode       |
 * |                                         | display, msubsup inline           | scripts, see below)  |
 * | \max \min (limits like \sum),           | <mi>max</mi> ..., TeX's thin      | max, log x           |
 * | \log \ln \exp \sin \cos                 | space before an operand           |                      |
 * | \operatorname{name} (letters only)      | <mi>name</mi>, like \log          | name                 |
 * | \mathrm{..} \mathbf{..}                 | a run of letters is one <mi>;     | the letters (bold    |
 * |                                         | one letter: mathvariant=          | is dropped)          |
 * |                                         | "normal"; bold: U+1D400 ..        |                      |
 * | \text{..} (UTF-8; escapes \{ \} \%      | <mtext>; spaces at its ends       | the text             |
 * | \& \_ \$ \#)                            | become U+00A0                     |                      |
 * | \frac{a}{b}                             | <mfrac>                           | a/b, (a + b)/2       |
 * | \sqrt{x}                                | <msqrt>                           | √x, √(2x)            |
 * | x^{..} x_{..} (braces or one token)     | <msup> <msub> <msubsup>           | x², xᵢ, x_N, e^(x/2) |
 * | \hat \bar \tilde {x}                    | <mover accent="true">, ˆ ¯ ˜      | x̂ (ŷ), x̄, x̃       |
 * | \left( .. \right) with ( ) [ ] | \|     | <mrow> with stretchy fences       | as typed             |
 * | \{ \} and . (no delimiter)              |                                   |                      |
 * | \begin{pmatrix} a & b \\ c & d          | <mtable> in stretchy ( ) or [ ]   | [[a, b], [c, d]]     |
 * | \end{pmatrix}, bmatrix                  |                                   |                      |
 * | \, \: \; \! \quad \qquad                | <mspace>: 3/18, 4/18, 5/18,       | " " (\! none), "  ", |
 * |                                         | -3/18 (a margin), 1, 2 em         | "    "               |
 * | { .. }                                  | <mrow> (one child: the child)     | its content          |
 *
 * Everything else is an error: unknown commands, non-ASCII outside \text,
 * '#', '$', '~', '%' unescaped, '&' and \\ outside a matrix. Note that
 * "1.2e-5" is not TeX but parses (as 1.2 e − 5): numbers from the program
 * must come as 1.2\times10^{-5}.
 *
 * Plain text conventions (one line, UTF-8, no trailing newline):
 * - spacing follows TeX's atom classes: a space around binary operators and
 *   relations (none inside sub- and superscripts), after commas, around
 *   function names and fractions; ∑ is always followed by a space;
 * - a fraction is a/b; a part that holds a space, a slash, an operator or a
 *   relation outside brackets is put in parentheses, and so is a fraction
 *   followed directly by another factor or preceded by a slash: "(1/N) ∑ᵢ₌₁ᴺ (ŷᵢ − yᵢ)²", but "η ∂L/∂w";
 * - a script is written with Unicode super- or subscript characters when
 *   every character has one (x², xᵢ, λₘₐₓ, 10⁻⁵, w*), else as _ or ^
 *   followed by the script, in parentheses unless it is one word (x_N,
 *   e^(−x²));
 * - accents combine with a single letter (precomposed where Unicode has it:
 *   ŷ), else hat(..), bar(..), tilde(..); √ takes parentheses unless its
 *   argument is one atom; the minus sign is U+2212; matrices are
 *   [[a, b], [c, d]].
 */
#ifndef NR_MATH_H
#define NR_MATH_H

#include <stdio.h>

/* Longest accepted source, in bytes (node indices are ints). */
#define MATH_LEN_MAX (1 << 20)
/* Deepest nesting of braces, arguments, \left and matrices. */
#define MATH_DEPTH_MAX 64

struct math;   /* a parsed formula */

/*
 * Parses tex (NUL-terminated). Returns a new formula, which the caller frees
 * with math_free(), or NULL when the text is outside the subset or memory ran
 * out. On failure, if why is not NULL, *why is set to a newly allocated
 * one-line reason naming the byte offset ("unknown command \fracc at offset
 * 12"), which the caller frees, or to NULL when memory ran out.
 */
struct math *math_parse(const char *tex, char **why);

/*
 * Writes the formula as one <math> element of MathML Core to fp, on one line
 * and without a newline: display != 0 gives <math display="block"> (TeX's
 * display style: large ∑ with limits above and below), 0 gives
 * <math display="inline">. The output is well-formed XML whatever the
 * formula holds. Returns 0, or -1 if the stream has an error.
 */
int math_write_mathml(FILE *fp, const struct math *m, int display);

/*
 * Writes the plain Unicode form (conventions above) to fp, on one line and
 * without a newline. Returns 0, or -1 if the stream has an error or memory
 * ran out (errno ENOMEM).
 */
int math_write_plain(FILE *fp, const struct math *m);

/* Frees a formula; NULL is allowed. */
void math_free(struct math *m);

#endif
