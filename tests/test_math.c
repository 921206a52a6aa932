/*
 * test_math.c - the TeX subset of output/math.h. Every expected MathML string
 * here is written by hand from MathML Core (which element, which attribute),
 * every plain form from the conventions in math.h; an independent checker
 * (mathml_check.c) judges well-formedness; random inputs must give either a
 * well-formed formula or an error. How Chromium lays the report's
 * formulas out is test_report.c's (the shared browser probe).
 */
#include <CUnit/CUnit.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "helpers.h"
#include "mathml_check.h"
#include "model/rng.h"
#include "output/math.h"
#include "suites.h"

/* What a writer printed, read back through a memory stream (caller frees). */
static char *written(const struct math *m, int mode)
{
	char *s = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&s, &n);

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	int st = mode < 0 ? math_write_plain(fp, m) : math_write_mathml(fp, m, mode);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_EQUAL(fclose(fp), 0);
	return s;
}

/* The MathML (display 0 or 1) or, for mode -1, the plain form of tex. */
static char *render(const char *tex, int mode)
{
	char *why = NULL;
	struct math *m = math_parse(tex, &why);

	if (!m) {
		fprintf(stderr, "\n  %s: %s\n", tex, why ? why : "out of memory");
		free(why);
		CU_FAIL("a formula of the subset did not parse");
		return NULL;
	}
	char *s = written(m, mode);
	math_free(m);
	return s;
}

/* Asserts that tex renders as expected (MathML: the content of <math>). */
static void expect(const char *tex, int mode, const char *want)
{
	char *got = render(tex, mode);
	char *full = mode < 0 ? xasprintf("%s", want) :
	             xasprintf("<math display=\"%s\">%s</math>", mode ? "block" : "inline", want);

	if (!got)
		goto done;
	CU_ASSERT_STRING_EQUAL(got, full);
	if (strcmp(got, full) != 0)
		fprintf(stderr, "\n  %s\n  got  %s\n  want %s\n", tex, got, full);
done:
	free(got);
	free(full);
}

#define INLINE 0
#define DISPLAY 1
#define PLAIN (-1)

/* The reason math_parse gives for tex (caller frees); fails if it parses. */
static char *reason(const char *tex)
{
	char *why = NULL;
	struct math *m = math_parse(tex, &why);

	CU_ASSERT_PTR_NULL(m);
	math_free(m);
	CU_ASSERT_PTR_NOT_NULL(why);
	return why;
}

static void expect_error(const char *tex, const char *want)
{
	char *why = reason(tex);
	if (!why)
		return;
	CU_ASSERT_STRING_EQUAL(why, want);
	if (strcmp(why, want) != 0)
		fprintf(stderr, "\n  %s\n  got  %s\n  want %s\n", tex, why, want);
	free(why);
}

/* Byte offset of the first `needle` in tex, found independently. */
static size_t offset_of(const char *tex, const char *needle)
{
	const char *at = strstr(tex, needle);
	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	return (size_t)(at - tex);
}

static void test_a_fraction_is_an_mfrac_of_its_two_arguments(void)
{
	expect("\\frac{a}{b}", INLINE, "<mfrac><mi>a</mi><mi>b</mi></mfrac>");
	expect("\\frac12", INLINE, "<mfrac><mn>1</mn><mn>2</mn></mfrac>");
	expect("\\frac{a+b}{2}", INLINE,
	       "<mfrac><mrow><mi>a</mi><mo>+</mo><mi>b</mi></mrow><mn>2</mn></mfrac>");
	expect("\\frac{\\partial L}{\\partial w}", DISPLAY,
	       "<mfrac><mrow><mi>∂</mi><mi>L</mi></mrow><mrow><mi>∂</mi><mi>w</mi></mrow></mfrac>");
}

static void test_scripts_are_msub_msup_and_msubsup(void)
{
	expect("x_i", INLINE, "<msub><mi>x</mi><mi>i</mi></msub>");
	expect("x^2", INLINE, "<msup><mi>x</mi><mn>2</mn></msup>");
	expect("x_i^2", INLINE, "<msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup>");
	expect("x^2_i", INLINE, "<msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup>");
	expect("x^{10}", INLINE, "<msup><mi>x</mi><mn>10</mn></msup>");
	expect("x^23", INLINE, "<msup><mi>x</mi><mn>2</mn></msup><mn>3</mn>");
	expect("x_{i+1}", INLINE,
	       "<msub><mi>x</mi><mrow><mi>i</mi><mo>+</mo><mn>1</mn></mrow></msub>");
	expect("{x}^2", INLINE, "<msup><mi>x</mi><mn>2</mn></msup>");
	expect("f'(x)", INLINE, "<mrow><mi>f</mi><mo>′</mo></mrow><mo stretchy=\"false\">(</mo>"
	       "<mi>x</mi><mo stretchy=\"false\">)</mo>");
}

static void test_letters_are_one_identifier_each_and_upright_words_one(void)
{
	expect("xy", INLINE, "<mi>x</mi><mi>y</mi>");
	expect("\\mathrm{max}", INLINE, "<mi>max</mi>");
	expect("\\mathrm{d}x", INLINE, "<mi mathvariant=\"normal\">d</mi><mi>x</mi>");
	expect("\\mathrm{out}_i", INLINE, "<msub><mi>out</mi><mi>i</mi></msub>");
	expect("\\lambda\\varepsilon\\epsilon", INLINE, "<mi>λ</mi><mi>ε</mi><mi>ϵ</mi>");
	expect("\\Delta\\Sigma", INLINE,
	       "<mi mathvariant=\"normal\">Δ</mi><mi mathvariant=\"normal\">Σ</mi>");
	expect("\\nabla\\infty", INLINE, "<mi mathvariant=\"normal\">∇</mi><mi>∞</mi>");
	/* U+1D407 MATHEMATICAL BOLD CAPITAL H, U+1D430 bold small w, U+1D7D0 bold 2 */
	expect("\\mathbf{H}\\mathbf{w}\\mathbf{2}", INLINE,
	       "<mi>\U0001D407</mi><mi>\U0001D430</mi><mn>\U0001D7D0</mn>");
	/* a function name has TeX's thin space before its operand, not before '(' */
	expect("\\log x", INLINE,
	       "<mi>log</mi><mspace width=\"0.1667em\"></mspace><mi>x</mi>");
	expect("\\operatorname{mean}(x)", INLINE,
	       "<mi>mean</mi><mo stretchy=\"false\">(</mo><mi>x</mi><mo stretchy=\"false\">)</mo>");
}

static void test_numbers_are_one_mn_and_a_leading_minus_a_prefix_operator(void)
{
	expect("1825.5", INLINE, "<mn>1825.5</mn>");
	expect("0.0001", INLINE, "<mn>0.0001</mn>");
	expect("1.2\\times10^{-5}", INLINE,
	       "<mn>1.2</mn><mo>×</mo><msup><mn>10</mn><mrow><mo form=\"prefix\">−</mo>"
	       "<mn>5</mn></mrow></msup>");
	expect("x=-3.5", INLINE,
	       "<mi>x</mi><mo>=</mo><mo form=\"prefix\">−</mo><mn>3.5</mn>");
	expect("a-b", INLINE, "<mi>a</mi><mo>−</mo><mi>b</mi>");
	expect("1.", INLINE, "<mn>1</mn><mo lspace=\"0\" rspace=\"0\">.</mo>");
}

static void test_accents_are_mover_with_accent_true(void)
{
	expect("\\hat{y}", INLINE,
	       "<mover accent=\"true\"><mi>y</mi><mo stretchy=\"false\">\u02C6</mo></mover>");
	expect("\\bar x", INLINE,
	       "<mover accent=\"true\"><mi>x</mi><mo stretchy=\"false\">\u00AF</mo></mover>");
	expect("\\tilde{w}_i", INLINE,
	       "<msub><mover accent=\"true\"><mi>w</mi><mo stretchy=\"false\">\u02DC</mo></mover>"
	       "<mi>i</mi></msub>");
}

static void test_sum_limits_go_below_and_above_in_display_and_aside_inline(void)
{
	const char *sum = "\\sum_{i=1}^{N} x_i";
	const char *limits = "<mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>N</mi>";
	char *disp = xasprintf("<munderover><mo>∑</mo>%s</munderover>"
	                       "<msub><mi>x</mi><mi>i</mi></msub>", limits);
	char *inl = xasprintf("<msubsup><mo>∑</mo>%s</msubsup>"
	                      "<msub><mi>x</mi><mi>i</mi></msub>", limits);
	expect(sum, DISPLAY, disp);
	expect(sum, INLINE, inl);
	expect("\\max_i x_i", DISPLAY, "<munder><mi>max</mi><mi>i</mi></munder>"
	       "<mspace width=\"0.1667em\"></mspace><msub><mi>x</mi><mi>i</mi></msub>");
	free(disp);
	free(inl);
}

static void test_left_right_fences_stretch_and_plain_parentheses_do_not(void)
{
	expect("\\left(\\frac{a}{b}\\right)^2", DISPLAY,
	       "<msup><mrow><mo stretchy=\"true\">(</mo><mfrac><mi>a</mi><mi>b</mi></mfrac>"
	       "<mo stretchy=\"true\">)</mo></mrow><mn>2</mn></msup>");
	expect("\\left|x\\right|", INLINE,
	       "<mrow><mo stretchy=\"true\">|</mo><mi>x</mi><mo stretchy=\"true\">|</mo></mrow>");
	expect("\\left.x\\right\\}", INLINE,
	       "<mrow><mi>x</mi><mo stretchy=\"true\">}</mo></mrow>");
	expect("(a)[b]\\{c\\}", INLINE,
	       "<mo stretchy=\"false\">(</mo><mi>a</mi><mo stretchy=\"false\">)</mo>"
	       "<mo stretchy=\"false\">[</mo><mi>b</mi><mo stretchy=\"false\">]</mo>"
	       "<mo stretchy=\"false\">{</mo><mi>c</mi><mo stretchy=\"false\">}</mo>");
	/* TeX's | is an ordinary symbol: no operator spacing around it */
	expect("|x|", INLINE, "<mo stretchy=\"false\" lspace=\"0\" rspace=\"0\">|</mo><mi>x</mi>"
	       "<mo stretchy=\"false\" lspace=\"0\" rspace=\"0\">|</mo>");
}

static void test_matrices_are_mtables_inside_stretchy_fences(void)
{
	expect("\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}", DISPLAY,
	       "<mrow><mo stretchy=\"true\">(</mo><mtable>"
	       "<mtr><mtd><mi>a</mi></mtd><mtd><mi>b</mi></mtd></mtr>"
	       "<mtr><mtd><mi>c</mi></mtd><mtd><mi>d</mi></mtd></mtr>"
	       "</mtable><mo stretchy=\"true\">)</mo></mrow>");
	/* a trailing \\ adds no empty row */
	expect("\\begin{bmatrix} 1 & -1 \\\\ \\end{bmatrix}", INLINE,
	       "<mrow><mo stretchy=\"true\">[</mo><mtable>"
	       "<mtr><mtd><mn>1</mn></mtd><mtd><mo form=\"prefix\">−</mo><mn>1</mn></mtd></mtr>"
	       "</mtable><mo stretchy=\"true\">]</mo></mrow>");
}

static void test_spaces_and_escaped_symbols(void)
{
	expect("a\\,b\\:c\\;d", INLINE,
	       "<mi>a</mi><mspace width=\"0.1667em\"></mspace><mi>b</mi>"
	       "<mspace width=\"0.2222em\"></mspace><mi>c</mi>"
	       "<mspace width=\"0.2778em\"></mspace><mi>d</mi>");
	expect("a\\quad b\\qquad c", INLINE,
	       "<mi>a</mi><mspace width=\"1em\"></mspace><mi>b</mi>"
	       "<mspace width=\"2em\"></mspace><mi>c</mi>");
	/* MathML Core ignores a negative mspace width, so \! is a negative margin */
	expect("a\\!b", INLINE,
	       "<mi>a</mi><mspace style=\"margin-left:-0.1667em\"></mspace><mi>b</mi>");
	expect("50\\%", INLINE, "<mn>50</mn><mi>%</mi>");
	expect("x_1, \\ldots, x_n", INLINE,
	       "<msub><mi>x</mi><mn>1</mn></msub><mo>,</mo><mi>…</mi><mo>,</mo>"
	       "<msub><mi>x</mi><mi>n</mi></msub>");
}

static void test_text_and_operators_are_escaped_for_xml(void)
{
	expect("\\text{a<b \\& c>d, 20 \\%}", INLINE,
	       "<mtext>a&lt;b &amp; c&gt;d, 20 %</mtext>");
	expect("x<y>z", INLINE, "<mi>x</mi><mo>&lt;</mo><mi>y</mi><mo>&gt;</mo><mi>z</mi>");
	expect("\\text{°C ≈ {K}}", INLINE, "<mtext>°C ≈ K</mtext>");
	/* MathML trims a token's ends: TeX's spaces there become no-break spaces */
	expect("\\text{ if  } x", INLINE, "<mtext>\u00A0if\u00A0</mtext><mi>x</mi>");
}

/* The formulas of the report (src/report/document.c, docs/math.md), in TeX. */
static const char *const report[] = {
	"\\mathrm{out}_i = w x_i + b",
	"L = \\frac{1}{N}\\sum_{i=1}^{N}(\\hat{y}_i - y_i)^2",
	"L = \\frac{1}{n}\\sum_{i=1}^{n}(\\mathrm{out}_i - y_i)^2",
	"\\frac{\\partial L}{\\partial \\mathrm{out}_i} = \\frac{2}{n}(\\mathrm{out}_i - y_i)",
	"\\frac{\\partial L}{\\partial w} = \\sum_i \\frac{\\partial L}{\\partial \\hat{y}_i} \\cdot x_i",
	"\\frac{\\partial L}{\\partial b} = \\sum_i \\frac{\\partial L}{\\partial \\mathrm{out}_i}",
	"\\frac{\\partial \\mathrm{out}_i}{\\partial w} = x_i, \\quad "
	"\\frac{\\partial \\mathrm{out}_i}{\\partial b} = 1",
	"g_w = \\sum_i \\frac{\\partial L}{\\partial \\mathrm{out}_i}\\,\\mathrm{out}_i "
	"= w\\frac{\\partial L}{\\partial w} + b\\frac{\\partial L}{\\partial b}",
	"w \\leftarrow w - \\eta \\frac{\\partial L}{\\partial w}",
	"b \\leftarrow b - \\mathrm{lr} \\cdot \\frac{\\partial L}{\\partial b}",
	"w^* = \\frac{\\operatorname{cov}(x, y)}{\\operatorname{var}(x)}, \\quad b^* = \\bar{y} - w^*\\bar{x}",
	"H = \\begin{pmatrix} \\frac{2}{n}\\sum_i x_i^2 & \\frac{2}{n}\\sum_i x_i \\\\ "
	"\\frac{2}{n}\\sum_i x_i & 2 \\end{pmatrix}",
	"H = \\begin{bmatrix} 1667 & -1 \\\\ -1 & 2 \\end{bmatrix}",
	"e \\leftarrow (I - \\eta H)\\,e",
	"|1 - \\eta\\lambda| < 1",
	"0 < \\eta < 2/\\lambda_{\\max}",
	"\\eta < 2/\\lambda_{\\max}",
	"\\kappa = \\lambda_{\\max}/\\lambda_{\\min}",
	"\\eta < \\frac{2\\,\\mathrm{Re}(\\mu)}{|\\mu|^2}",
	"\\eta = \\frac{2}{\\lambda_{\\min} + \\lambda_{\\max}}",
	"|w - w^*| \\le 10^{-6}\\max(1, |w^*|)",
	"\\alpha = \\frac{4}{(\\sqrt{\\lambda_{\\max}}+\\sqrt{\\lambda_{\\min}})^2}",
	"\\beta = \\left(\\frac{\\sqrt{\\kappa}-1}{\\sqrt{\\kappa}+1}\\right)^2",
	"\\frac{\\partial L}{\\partial \\mathrm{diff}} = \\frac{\\partial L}{\\partial \\mathrm{sq}} "
	"\\cdot 2\\,\\mathrm{diff} = 0.5 \\cdot 2 \\cdot (-37.6) = -37.6",
	"\\eta = 1.2\\times10^{-5}, \\quad 1 - \\eta\\lambda_{\\min} \\approx 0.9998",
	"L(0.8, 0) = 1825.5",
	"y_i = x_i \\cdot 9/5 + 32, \\quad x_i \\in \\{-50, \\ldots, 49\\}",
	"\\text{after 10000 iterations: } b \\approx 27.7 \\ne 32",
};

/* Every report formula, display and inline, passes the independent checker. */
static void test_every_report_formula_is_well_formed_mathml(void)
{
	for (size_t i = 0; i < sizeof report / sizeof report[0]; i++)
		for (int display = 0; display <= 1; display++) {
			char *s = render(report[i], display), err[200];
			if (!s)
				continue;
			int st = mathml_check(s, strlen(s), err, sizeof err);
			CU_ASSERT_EQUAL(st, 0);
			if (st)
				fprintf(stderr, "\n  %s\n  %s\n  %s\n", report[i], s, err);
			free(s);
		}
}

/* Two report formulas written out whole from MathML Core. */
static void test_loss_and_stability_limit_have_the_expected_structure(void)
{
	expect(report[1], DISPLAY,
	       "<mi>L</mi><mo>=</mo><mfrac><mn>1</mn><mi>N</mi></mfrac>"
	       "<munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>N</mi></munderover>"
	       "<mo stretchy=\"false\">(</mo>"
	       "<msub><mover accent=\"true\"><mi>y</mi><mo stretchy=\"false\">ˆ</mo></mover><mi>i</mi></msub>"
	       "<mo>−</mo><msub><mi>y</mi><mi>i</mi></msub>"
	       "<msup><mo stretchy=\"false\">)</mo><mn>2</mn></msup>");
	expect(report[15], INLINE,
	       "<mn>0</mn><mo>&lt;</mo><mi>η</mi><mo>&lt;</mo><mn>2</mn>"
	       "<mo lspace=\"0\" rspace=\"0\">/</mo><msub><mi>λ</mi><mi>max</mi></msub>");
	expect(report[8], DISPLAY,
	       "<mi>w</mi><mo>←</mo><mi>w</mi><mo>−</mo><mi>η</mi>"
	       "<mspace width=\"0.1667em\"></mspace>"
	       "<mfrac><mrow><mi>∂</mi><mi>L</mi></mrow><mrow><mi>∂</mi><mi>w</mi></mrow></mfrac>");
}

static void test_the_checker_rejects_what_is_not_mathml_core(void)
{
	static const char *const bad[] = {
		"<math><mi>x</mi>", "<math><mi>x</math></mi>", "<math><mfrac><mi>a</mi></mfrac></math>",
		"<math><mi>a&b</mi></math>", "<math><mi>a>b</mi></math>", "<math><mi x=1>a</mi></math>",
		"<math><div>a</div></math>", "<math><mi mathvariant=\"bold\">a</mi></math>",
		"<math>x</math>", "<math><mi>a</mi></math><math></math>", "<math><mtr></mtr></math>",
		"<math><mo>\xC3</mo></math>", "<math><mi></mi></math>", "<math><mi>&#0;</mi></math>",
		"<math><mspace width=\"wide\"></mspace></math>",
	};
	char err[200];
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CU_ASSERT_EQUAL(mathml_check(bad[i], strlen(bad[i]), err, sizeof err), -1);
	const char *good = "<math display=\"block\"><mrow><mi>a</mi><mo>&lt;</mo>"
	                   "<mn>&#x31;</mn></mrow><mspace width=\"1em\"/></math>";
	CU_ASSERT_EQUAL(mathml_check(good, strlen(good), err, sizeof err), 0);
}

/* The plain forms, written by hand from math.h's conventions. */
static void test_plain_forms_follow_the_documented_conventions(void)
{
	static const char *const cases[][2] = {
		{ "L = \\frac{1}{N}\\sum_{i=1}^{N}(\\hat{y}_i - y_i)^2", "L = (1/N) ∑ᵢ₌₁ᴺ (ŷᵢ − yᵢ)²" },
		{ "\\frac{\\partial L}{\\partial w} = \\sum_i \\frac{\\partial L}{\\partial \\hat{y}_i} \\cdot x_i",
		  "∂L/∂w = ∑ᵢ ∂L/∂ŷᵢ · xᵢ" },
		{ "w \\leftarrow w - \\eta \\frac{\\partial L}{\\partial w}", "w ← w − η ∂L/∂w" },
		{ "\\eta < 2/\\lambda_{\\max}", "η < 2/λₘₐₓ" },
		{ "\\kappa = \\lambda_{\\max}/\\lambda_{\\min}", "κ = λₘₐₓ/λₘᵢₙ" },
		{ "\\alpha = \\frac{4}{(\\sqrt{\\lambda_{\\max}}+\\sqrt{\\lambda_{\\min}})^2}",
		  "α = 4/(√λₘₐₓ + √λₘᵢₙ)²" },
		{ "\\beta = \\left(\\frac{\\sqrt{\\kappa}-1}{\\sqrt{\\kappa}+1}\\right)^2",
		  "β = ((√κ − 1)/(√κ + 1))²" },
		{ "H = \\begin{bmatrix} 1667 & -1 \\\\ -1 & 2 \\end{bmatrix}", "H = [[1667, −1], [−1, 2]]" },
		{ "H = \\begin{pmatrix} \\frac{2}{n}\\sum_i x_i^2 & 2 \\end{pmatrix}", "H = [[(2/n) ∑ᵢ xᵢ², 2]]" },
		{ "1.2\\times10^{-5}", "1.2 × 10⁻⁵" },
		{ "x_N + e^{-x^2}", "x_N + e^(−x²)" },
		{ "x_{N+1} y", "x_(N+1) y" },
		{ "\\frac{a+b}{2}", "(a + b)/2" },
		{ "x^{\\frac{a+b}{2}}", "x^((a+b)/2)" },
		{ "\\sqrt{2x} \\sqrt{\\kappa}", "√(2x)√κ" },
		{ "f'(x) = -x", "f′(x) = −x" },
		{ "\\text{if } x > 0", "if x > 0" },
		{ "\\hat{x} \\hat{y} \\bar{x} \\tilde{n} \\hat{\\theta} \\hat{ab}",
		  "x\u0302ŷx\u0304ñθ\u0302hat(ab)" },
		{ "\\mathbf{w}^T x", "wᵀx" },
		{ "a \\quad b", "a  b" },
		{ "\\log x + \\max(a, b)", "log x + max(a, b)" },
		{ "w^* = 1.8", "w* = 1.8" },
		{ "86\\%", "86%" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		expect(cases[i][0], PLAIN, cases[i][1]);
}

static void test_parse_errors_give_a_reason_and_the_offset(void)
{
	char want[200];
	const char *t;

	t = "x + \\fracc{1}{2}";
	snprintf(want, sizeof want, "unknown command \\fracc at offset %zu", offset_of(t, "\\fracc"));
	expect_error(t, want);

	t = "a + \\frac{1}";
	snprintf(want, sizeof want, "\\frac at offset %zu needs 2 arguments; argument 2 is missing "
	         "at offset %zu", offset_of(t, "\\frac"), strlen(t));
	expect_error(t, want);

	t = "x^";
	expect_error(t, "'^' at offset 1 has no argument");
	t = "x_{i}^{2}_";
	snprintf(want, sizeof want, "double subscript at offset %zu", strlen(t) - 1);
	expect_error(t, want);

	t = "\\frac{a}{b";
	snprintf(want, sizeof want, "unbalanced braces: '{' at offset %zu is never closed",
	         offset_of(t, "{b"));
	expect_error(t, want);
	t = "a}";
	expect_error(t, "unbalanced braces: '}' at offset 1 closes nothing");

	t = "H = \\begin{pmatrix} a & b";
	snprintf(want, sizeof want, "\\begin{pmatrix} at offset %zu has no \\end{pmatrix}",
	         offset_of(t, "\\begin"));
	expect_error(t, want);
	t = "\\begin{pmatrix} a \\end{bmatrix}";
	snprintf(want, sizeof want, "\\end{bmatrix} at offset %zu does not match \\begin{pmatrix} "
	         "at offset 0", offset_of(t, "\\end"));
	expect_error(t, want);
	t = "\\begin{matrix} a \\end{matrix}";
	expect_error(t, "\\begin at offset 0 must be followed by {pmatrix} or {bmatrix}");

	t = "\\left( x";
	expect_error(t, "\\left at offset 0 has no \\right");
	t = "x \\right)";
	expect_error(t, "\\right at offset 2 has no \\left");
	t = "a & b";
	expect_error(t, "'&' at offset 2 is outside a matrix");
	t = "1.2e-5 + \\lambda";   /* 'e' is a letter: this one parses */
	char *why = NULL;
	struct math *m = math_parse(t, &why);
	CU_ASSERT_PTR_NOT_NULL(m);
	math_free(m);
	t = "\xCE\xBB = 1";
	expect_error(t, "non-ASCII byte 0xCE at offset 0: write Greek letters as commands "
	             "(\\lambda) and other text in \\text{...}");
	t = "50%";
	expect_error(t, "'%' at offset 2: a percent sign is written \\%");
	t = "   ";
	expect_error(t, "empty formula");
	t = "\\sqrt[3]{x}";
	expect_error(t, "\\sqrt[...] at offset 0: n-th roots are not supported");
	t = "x^\\frac12";
	expect_error(t, "\\frac at offset 2 must be put in braces to be an argument");
	t = "x + \\operatorname";   /* found by fuzz_math: read past the end */
	expect_error(t, "\\operatorname at offset 4 takes letters only, as in \\operatorname{mean}");
	t = "\\text{50%}";
	expect_error(t, "'%' at offset 8 in \\text must be escaped as \\%");
}

/* Braces deeper than the limit are an error, not a stack overflow. */
static void test_nesting_deeper_than_the_limit_is_an_error(void)
{
	size_t n = 100000;
	char *t = malloc(2 * n + 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	memset(t, '{', n);
	t[n] = 'x';
	memset(t + n + 1, '}', n);
	t[2 * n + 1] = '\0';
	char *why = reason(t);
	CU_ASSERT(why && strstr(why, "nesting deeper than"));
	free(why);
	/* 20 levels are fine */
	t[20] = 'x';
	memset(t + 21, '}', 20);
	t[41] = '\0';
	char *s = render(t + 0, INLINE);
	CU_ASSERT_PTR_NOT_NULL(s);
	free(s);
	free(t);
}

/* Tokens the random formulas are made of: valid pieces and broken ones. */
static const char *const tokens[] = {
	"x", "y", "2", "3.5", "+", "-", "=", "<", ">", "(", ")", "[", "]", "|", "/", ",", ";",
	":", "!", "'", ".", "*", "^", "_", "{", "}", "{", "}", "&", "\\\\", " ", "\\frac",
	"\\sqrt", "\\hat", "\\bar", "\\tilde", "\\sum", "\\max", "\\log", "\\alpha", "\\Delta",
	"\\partial", "\\cdot", "\\times", "\\le", "\\leftarrow", "\\left(", "\\right)", "\\left|",
	"\\right.", "\\left", "\\right", "\\begin{pmatrix}", "\\end{pmatrix}", "\\begin{bmatrix}",
	"\\end{bmatrix}", "\\mathrm{", "\\mathbf{", "\\text{", "\\operatorname{", "a<b&c>",
	"\\,", "\\!", "\\quad", "\\{", "\\}", "\\%", "\\|", "\\", "%", "\xCE\xBB", "\xFF", "$",
	"\\fracc", "\\end", "\\begin", "#", "\"", "\\&", "\\text{\\& \\% <>}",
};

/* Whether s is UTF-8 (shortest forms, no surrogates), decoded here. */
static int valid_utf8(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		int n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 :
		        (*p & 0xF8) == 0xF0 ? 4 : 0;
		uint32_t c = n == 1 ? *p : n == 2 ? *p & 0x1Fu : n == 3 ? *p & 0x0Fu : *p & 0x07u;
		if (n == 0)
			return 0;
		for (int i = 1; i < n; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return 0;
			c = c << 6 | (p[i] & 0x3Fu);
		}
		static const uint32_t least[] = { 0, 0, 0x80, 0x800, 0x10000 };
		if (c < least[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			return 0;
		p += n;
	}
	return 1;
}

/* Checks what one input gives; counts successes. */
static void check_one(const char *in, unsigned *parsed, unsigned *bad)
{
	char *why = NULL;
	struct math *m = math_parse(in, &why);

	if (!m) {
		/* a one-line reason whose offset lies within the input */
		const char *at = why ? strstr(why, "at offset ") : NULL;
		if (!why || strchr(why, '\n') ||
		    (!at && strcmp(why, "empty formula") != 0) ||
		    (at && strtoul(at + 10, NULL, 10) > strlen(in)))
			++*bad;
		free(why);
		return;
	}
	++*parsed;
	for (int mode = -1; mode <= 1; mode++) {
		char *s = written(m, mode), err[200];
		size_t len = strlen(s);
		if (mode >= 0 && mathml_check(s, len, err, sizeof err) != 0) {
			fprintf(stderr, "\n  input '%s'\n  %s\n  %s\n", in, s, err);
			++*bad;
		}
		if (mode < 0 && (strchr(s, '\n') || !valid_utf8(s)))
			++*bad;
		free(s);
	}
	math_free(m);
}

/* Appends t and a space (so that "\\to" and "x" stay two tokens) to a
 * string of at most `cap` bytes; once one does not fit, s ends in '#'. */
static void add(char *s, size_t cap, const char *t)
{
	size_t n = strlen(s), k = strlen(t);
	if (n > 0 && s[n - 1] == '#')
		return;
	if (n + k + 2 < cap) {
		memcpy(s + n, t, k);
		memcpy(s + n + k, " ", 2);
	} else if (n + 1 < cap) {
		memcpy(s + n, "#", 2);
	}
}

/* A random formula of the subset, nested at most `depth` deep. */
static void gen(struct rng *r, char *s, size_t cap, int depth)
{
	static const char *const leaf[] = {
		"x", "w", "N", "2", "1825.5", "\\eta", "\\lambda_{\\max}", "\\Delta",
		"\\partial L", "\\infty", "\\mathrm{out}", "\\text{if }", "\\mathbf{H}",
		"\\operatorname{mean}", "\\%", "\\ldots", "\\log x", "y'",
	};
	static const char *const op[] = {
		"+", "-", "=", "<", "\\le", "\\cdot", "\\times", "\\leftarrow", ",", "/",
		"\\,", "\\quad", "\\!", "", "", "|",
	};
	int parts = 1 + (int)(rng_next(r) % 2);
	for (int i = 0; i < parts; i++) {
		if (i)
			add(s, cap, op[rng_next(r) % (sizeof op / sizeof op[0])]);
		int kind = depth > 0 ? (int)(rng_next(r) % 12) : 0;
		const char *pre[] = { "", "\\frac{", "\\sqrt{", "\\hat{", "(", "\\left(",
		                      "{", "\\sum_{", "\\begin{pmatrix}", "\\bar{", "-", "{" };
		const char *mid[] = { "", "}{", "", "", "", "", "}^{", "}^{", " & ", "", "", "}_{" };
		const char *post[] = { "", "}", "}", "}", ")", "\\right|", "}", "}", " \\\\ 1 & 2 "
		                       "\\end{pmatrix}", "}", "", "}" };
		if (kind == 0) {
			add(s, cap, leaf[rng_next(r) % (sizeof leaf / sizeof leaf[0])]);
			continue;
		}
		add(s, cap, pre[kind]);
		gen(r, s, cap, depth - 1);
		if (mid[kind][0]) {
			add(s, cap, mid[kind]);
			gen(r, s, cap, depth - 1);
		}
		add(s, cap, post[kind]);
	}
}

/*
 * 100000 random inputs: random bytes biased towards TeX's special
 * characters, random sequences of tokens, and random formulas of the
 * grammar. Each gives either an error with a one-line reason, or MathML
 * that passes the checker and one plain line; the grammar's formulas all
 * parse. Both outcomes must occur often, or the test would prove little.
 */
static void test_random_inputs_give_wellformed_mathml_or_an_error(void)
{
	static const char special[] = "\\{}^_&'()[]|/.,-+=<>!%$#~ xyz0123456789";
	struct rng r;
	unsigned parsed = 0, bad = 0;
	char in[512];

	rng_seed(&r, 20240601);
	for (int k = 0; k < 45000; k++) {
		size_t n = rng_next(&r) % 24;
		for (size_t i = 0; i < n; i++) {
			uint64_t v = rng_next(&r);
			in[i] = v % 4 ? special[(v >> 8) % (sizeof special - 1)]
			              : (char)(1 + (v >> 8) % 255);
		}
		in[n] = '\0';
		check_one(in, &parsed, &bad);
	}
	unsigned parsed_bytes = parsed;
	for (int k = 0; k < 45000; k++) {
		size_t n = 0, count = 1 + rng_next(&r) % 16;
		for (size_t i = 0; i < count; i++) {
			const char *t = tokens[rng_next(&r) % (sizeof tokens / sizeof tokens[0])];
			size_t len = strlen(t);
			if (n + len < sizeof in) {
				memcpy(in + n, t, len);
				n += len;
			}
		}
		in[n] = '\0';
		check_one(in, &parsed, &bad);
	}
	unsigned parsed_tokens = parsed - parsed_bytes;
	unsigned whole = 0;
	for (int k = 0; k < 10000; k++) {
		in[0] = '\0';
		gen(&r, in, sizeof in, 3);
		unsigned before = parsed;
		check_one(in, &parsed, &bad);
		if (strchr(in, '#'))   /* cut short: may well be unbalanced */
			continue;
		whole++;
		if (parsed == before) {
			fprintf(stderr, "\n  generated '%s' did not parse\n", in);
			++bad;
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT(parsed_bytes > 500);
	CU_ASSERT(parsed_tokens > 500);
	CU_ASSERT(parsed_bytes < 40000 && parsed_tokens < 40000);
	CU_ASSERT(whole > 9000);
}

/* A full stream makes both writers return -1. */
static void test_write_errors_are_reported(void)
{
	struct math *m = math_parse("\\frac{a}{b}", NULL);
	FILE *fp = fopen("/dev/full", "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	setvbuf(fp, NULL, _IONBF, 0);
	CU_ASSERT_EQUAL(math_write_mathml(fp, m, 1), -1);
	clearerr(fp);
	CU_ASSERT_EQUAL(math_write_plain(fp, m), -1);
	fclose(fp);
	math_free(m);
	CU_ASSERT_PTR_NULL(math_parse("\\foo", NULL));   /* no reason asked: none leaks */
}

int suite_math(void)
{
	CU_pSuite s = CU_add_suite("math", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_a_fraction_is_an_mfrac_of_its_two_arguments);
	CU_ADD_TEST(s, test_scripts_are_msub_msup_and_msubsup);
	CU_ADD_TEST(s, test_letters_are_one_identifier_each_and_upright_words_one);
	CU_ADD_TEST(s, test_numbers_are_one_mn_and_a_leading_minus_a_prefix_operator);
	CU_ADD_TEST(s, test_accents_are_mover_with_accent_true);
	CU_ADD_TEST(s, test_sum_limits_go_below_and_above_in_display_and_aside_inline);
	CU_ADD_TEST(s, test_left_right_fences_stretch_and_plain_parentheses_do_not);
	CU_ADD_TEST(s, test_matrices_are_mtables_inside_stretchy_fences);
	CU_ADD_TEST(s, test_spaces_and_escaped_symbols);
	CU_ADD_TEST(s, test_text_and_operators_are_escaped_for_xml);
	CU_ADD_TEST(s, test_every_report_formula_is_well_formed_mathml);
	CU_ADD_TEST(s, test_loss_and_stability_limit_have_the_expected_structure);
	CU_ADD_TEST(s, test_the_checker_rejects_what_is_not_mathml_core);
	CU_ADD_TEST(s, test_plain_forms_follow_the_documented_conventions);
	CU_ADD_TEST(s, test_parse_errors_give_a_reason_and_the_offset);
	CU_ADD_TEST(s, test_nesting_deeper_than_the_limit_is_an_error);
	CU_ADD_TEST(s, test_random_inputs_give_wellformed_mathml_or_an_error);
	CU_ADD_TEST(s, test_write_errors_are_reported);
	return CU_get_error();
}
