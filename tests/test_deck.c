/*
 * test_deck.c - the slides: the deck API on a small language file (a
 * derivation grows one formula a slide, a figure carries its numbers,
 * a user's text is escaped in both decks), and the shared default
 * report's two decks, which hold the same slides. slides.html in headless
 * Chromium: test_browser.c.
 */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "helpers.h"
#include "output/deck.h"
#include "output/lang.h"
#include "reports.h"
#include "suites.h"

/* ---- the API ------------------------------------------------------------------------ */

static const char lang_text[] =
	"[t]\nA {{name}} lecture\n\n"
	"[sub]\nsubtitle\n\n"
	"[s1]\nFirst slide\n\n"
	"[f]\na = b\nc = \\frac{1}{2}\nd = {{x}}\n\n"
	"[g]\nx^{2}\ny\n\n"
	"[list]\none $x$\ntwo *em*\nthree {{name}}\n\n"
	"[n1]\n$w = {{x}}$\nthe weight\nafter all\n\n"
	"[n2]\n{{x}}\nplain\n\n"
	"[alt]\nan image\n";

struct built {
	char *tex, *html;
	size_t slides;
	int failed;
};

/* Writes a deck of three slides: a derivation shown up to line `upto`, a
 * list, and a figure with two numbers; `name` is text of the user's. */
static struct built build(const char *name, size_t upto)
{
	char *dir = tmpdir_new(), *path = path_join(dir, "en.txt");
	struct lang lang;
	struct built b = { 0 };
	size_t tlen, hlen;

	write_file(path, lang_text);
	CU_ASSERT_EQUAL_FATAL(lang_load_file(&lang, "en", path, NULL), NR_OK);
	struct doc d = { .lang = &lang };
	struct deck k = { .doc = &d, .theme = "light" };
	k.fp[DECK_TEX] = open_memstream(&b.tex, &tlen);
	k.fp[DECK_HTML] = open_memstream(&b.html, &hlen);
	struct vars v = { .n = 0 };
	vars_text(&v, "name", name);
	vars_num(&v, "x", -1.5e-7);
	const char *const numbers[] = { "n1", "n2", NULL };
	deck_begin(&k, "t", "sub", &v);
	deck_slide(&k, "s1", &v);
	deck_formulas(&k, "f", &v, upto);
	deck_formulas(&k, "g", &v, 2);
	deck_slide(&k, "s1", &v);
	deck_points(&k, "list", &v);
	deck_slide(&k, "s1", &v);
	deck_figure(&k, "fig.png", "alt", numbers, &v);
	deck_end(&k);
	fclose(k.fp[DECK_TEX]);
	fclose(k.fp[DECK_HTML]);
	b.slides = k.slides;
	b.failed = d.failed;
	vars_free(&v);
	lang_free(&lang);
	free(path);
	rm_rf(dir);
	free(dir);
	return b;
}

static void test_a_derivation_grows_one_highlighted_formula_a_slide(void)
{
	for (size_t upto = 1; upto <= 3; upto++) {
		struct built b = build("plain", upto);
		const char *gather = strstr(b.tex, "\\begin{align*}");
		const char *end = gather ? strstr(gather, "\\end{align*}") : NULL;
		const char *math = strstr(b.html, "<div class=\"math\">");
		const char *mend = math ? strstr(math, "</div>\n</div>") : NULL;
		CU_ASSERT_FATAL(!b.failed && gather && end && math && mend);
		char *t = strndup(gather, (size_t)(end - gather));
		char *h = strndup(math, (size_t)(mend - math));
		CU_ASSERT_EQUAL(count_of(t, " \\\\\n") + 1, upto);      /* lines of the display */
		CU_ASSERT_EQUAL(count_of(h, "<math display=\"block\""), upto);
		/* The newest line stands out once there is an older one, in
		 * both of its cells: the lines align at their relations. */
		CU_ASSERT_EQUAL(count_of(t, "\\color{nrnew}"), upto > 1 ? 2 : 0);
		CU_ASSERT_EQUAL(count_of(h, "<div class=\"new\">"), upto > 1);
		static const char first[] = "\\begin{align*}\n  a &= b";
		CU_ASSERT(strncmp(gather, first, strlen(first)) == 0);
		if (upto == 3) {
			CU_ASSERT_PTR_NOT_NULL(strstr(t, "\\color{nrnew} d &\\color{nrnew} = -1.5\\times10^{-7}"));
			CU_ASSERT_PTR_NOT_NULL(strstr(t, "c &= \\frac{1}{2}"));
		}
		/* Without a relation on every line: centred, not aligned. */
		CU_ASSERT_PTR_NOT_NULL(strstr(b.tex, "\\begin{gather*}\n  x^{2} \\\\\n"
		                                     "  \\color{nrnew} y\n\\end{gather*}\n"));
		CU_ASSERT_EQUAL(b.slides, 4);
		CU_ASSERT_EQUAL(count_of(b.tex, "\\begin{frame}"), 4);
		CU_ASSERT_EQUAL(count_of(b.tex, "\\end{frame}"), 4);
		CU_ASSERT_EQUAL(count_of(b.html, "<section class=\"slide\""), 4);
		CU_ASSERT_EQUAL(count_of(b.html, "</section>"), 4);
		free(t);
		free(h);
		free(b.tex);
		free(b.html);
	}
}

/* A figure slide: the image (slides.html) or its cairolatex twin for
 * slides (slides.tex) beside each number, large, over what it is; a list
 * has one item a line. */
static void test_a_figure_carries_its_numbers_and_a_list_its_lines(void)
{
	struct built b = build("plain", 1);

	CU_ASSERT_FATAL(!b.failed);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.tex, "\\input{tex/slides/fig.tex}"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.tex, "\\nrnum{$w = -1.5\\times10^{-7}$}{the weight after all}"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.tex, "\\nrnum{-1.5e-07}{plain}"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.html, "<img src=\"fig.png\" alt=\"an image\">"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.html, "<div class=\"v\">-1.5e-07</div><div class=\"k\">plain</div>"));
	CU_ASSERT_EQUAL(count_of(b.html, "<div class=\"num\">"), 2);
	CU_ASSERT_EQUAL(count_of(b.tex, "\\item "), 3);
	CU_ASSERT_EQUAL(count_of(b.html, "<li>"), 3);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.tex, "\\item two \\emph{em}\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.html, "<li>two <em>em</em></li>"));
	free(b.tex);
	free(b.html);
}

/* A name from the user's data reaches each deck as text: HTML entities,
 * TeX escapes (quote_tex, typeset by pdflatex in test_latex.c). */
static void test_a_users_text_is_escaped_in_both_decks(void)
{
	struct built b = build("<script>&$x_1%{}\\", 1);

	CU_ASSERT_FATAL(!b.failed);
	CU_ASSERT_PTR_NULL(strstr(b.html, "<script"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.html, "<title>A &lt;script&gt;&amp;$x_1%{}\\ lecture</title>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.tex, "\\title{A \\textless{}script\\textgreater{}\\&"
	                                     "\\ensuremath{\\$}x{\\ttfamily\\char95}1\\%\\{\\}"
	                                     "\\textbackslash{} lecture}"));
	free(b.tex);
	free(b.html);
}

/* ---- the shared report's decks ------------------------------------------------------ */

/* The text of each element opened by `open` up to `close`, for HTML with
 * its entities decoded, as lines. */
static char *titles(const char *text, const char *open, const char *close, int html)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	for (const char *p = strstr(text, open); p; p = strstr(p, open)) {
		p += strlen(open);
		const char *end = strstr(p, close);
		if (!end)
			break;
		for (const char *c = p; c < end; c++) {
			static const struct { const char *entity; char c; } ents[] = {
				{ "&#39;", '\'' }, { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' },
			};
			size_t k;
			for (k = 0; html && k < sizeof ents / sizeof ents[0]; k++)
				if (!strncmp(c, ents[k].entity, strlen(ents[k].entity)))
					break;
			if (html && k < sizeof ents / sizeof ents[0]) {
				putc(ents[k].c, fp);
				c += strlen(ents[k].entity) - 1;
			} else {
				putc(*c, fp);
			}
		}
		putc('\n', fp);
		p = end;
	}
	fclose(fp);
	return out;
}

/* slides.tex and slides.html: the same slides in the same order, each
 * with the same title (the titles hold no markup), one of the titles of
 * every section that teaches. */
static void test_both_decks_hold_the_same_slides(void)
{
	const struct shared_report *r = shared_report("default");
	char *tex = report_file(r, "slides.tex"), *html = report_file(r, "slides.html");

	CU_ASSERT_FATAL(tex && html);
	char *a = titles(tex, "\\begin{frame}{", "}\n", 0), *b = titles(html, "<h2>", "</h2>", 1);
	CU_ASSERT_STRING_EQUAL(a, b);
	static const char *const some[] = {
		"The problem\n", "One neuron, two parameters\n", "Forward pass and loss\n",
		"Backward pass: the chain rule\n", "The update\n", "The loss over the run\n",
		"How large may the learning rate be?\n", "Where blow-up begins\n",
		"Why the bias crawls\n", "A gradient check\n", "Scale your features\n",
	};
	for (size_t i = 0; i < sizeof some / sizeof some[0]; i++)
		CU_ASSERT_PTR_NOT_NULL(strstr(a, some[i]));
	CU_ASSERT_EQUAL(count_of(a, "Backward pass: the chain rule\n"), 3);   /* built up */
	free(a);
	free(b);
	free(tex);
	free(html);
}

int suite_deck(void)
{
	CU_pSuite s = CU_add_suite("deck", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_a_derivation_grows_one_highlighted_formula_a_slide);
	CU_ADD_TEST(s, test_a_figure_carries_its_numbers_and_a_list_its_lines);
	CU_ADD_TEST(s, test_a_users_text_is_escaped_in_both_decks);
	CU_ADD_TEST(s, test_both_decks_hold_the_same_slides);
	return CU_get_error();
}
