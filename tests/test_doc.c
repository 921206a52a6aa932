/*
 * test_doc.c - the documents' explorer (doc_tabs): its HTML has one link
 * and one panel per tab, the first panel last and marked, every label,
 * value and file name escaped; its Markdown is a plain list with the same
 * text, escaped for Markdown. Written into memory and read back here.
 */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "helpers.h"
#include "output/doc.h"
#include "output/lang.h"
#include "suites.h"

static const char words[] =
	"[t.text]\n"
	"run {{name}}: $\\eta = {{lr}}$\n"
	"on two lines\n"
	"\n"
	"[t.alt]\n"
	"the card of {{name}}\n";

struct written {
	char *text[DOC_FORMATS];
	int failed;
};

/* doc_tabs for labels and names (n of them) into memory. */
static struct written write_tabs(const char *const *labels, size_t n)
{
	char *dir = tmpdir_new(), *path = path_join(dir, "t.txt");
	struct lang l;
	struct written w = { { NULL }, 0 };
	size_t len[DOC_FORMATS];
	struct doc d = { .fp = { NULL, NULL } };
	struct vars v[4];
	struct doc_tab tab[4];

	write_file(path, words);
	CU_ASSERT_EQUAL_FATAL(lang_load_file(&l, "en", path, NULL), NR_OK);
	d.lang = &l;
	for (int f = 0; f < DOC_FORMATS; f++)
		d.fp[f] = open_memstream(&w.text[f], &len[f]);
	for (size_t i = 0; i < n; i++) {
		v[i] = (struct vars){ .n = 0 };
		vars_text(&v[i], "name", labels[i]);
		vars_num(&v[i], "lr", 0.001 * (double)(i + 1));
		tab[i] = (struct doc_tab){ labels[i], "t.text", &v[i], "explorer/a&b.png", "t.alt" };
	}
	doc_tabs(&d, "ex", tab, n);
	w.failed = d.failed;
	for (int f = 0; f < DOC_FORMATS; f++)
		fclose(d.fp[f]);
	for (size_t i = 0; i < n; i++)
		vars_free(&v[i]);
	lang_free(&l);
	rm_rf(dir);
	free(dir);
	free(path);
	return w;
}

static void written_free(struct written *w)
{
	for (int f = 0; f < DOC_FORMATS; f++)
		free(w->text[f]);
}

static void test_each_tab_has_a_link_and_a_panel_the_first_panel_last(void)
{
	const char *labels[] = { "one", "two", "three" };
	struct written w = write_tabs(labels, 3);
	const char *html = w.text[DOC_HTML];

	CU_ASSERT_EQUAL_FATAL(w.failed, 0);
	CU_ASSERT_EQUAL(count_of(html, "<a href=\"#ex-"), 3);
	CU_ASSERT_EQUAL(count_of(html, "<div class=\"tab\" id=\"ex-"), 2);
	CU_ASSERT_EQUAL(count_of(html, "<div class=\"tab first\" id=\"ex-1\">"), 1);
	const char *two = strstr(html, "id=\"ex-2\""), *three = strstr(html, "id=\"ex-3\"");
	const char *one = strstr(html, "id=\"ex-1\"");
	CU_ASSERT(two && three && one && two < three && three < one);
	/* The panel's text is on one line, with its formula as MathML. */
	CU_ASSERT_PTR_NOT_NULL(strstr(html, "<strong>two</strong>: run two: <math"));
	CU_ASSERT_PTR_NOT_NULL(strstr(html, "</math> on two lines</p>"));
	/* Markdown: a list in the given order, one item per tab. */
	const char *md = w.text[DOC_MD];
	CU_ASSERT_EQUAL(count_of(md, "\n- **") + (strncmp(md, "- **", 4) == 0), 3);
	const char *m1 = strstr(md, "- **one**"), *m3 = strstr(md, "- **three**");
	CU_ASSERT(m1 && m3 && m1 < m3);
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "- **one**: run one: $\\eta = 0.001$ on two lines ![the card of one](explorer/a&b.png)\n"));
	written_free(&w);
}

static void test_labels_and_values_are_escaped_in_both_documents(void)
{
	const char *labels[] = { "<b>x</b> & \"y\"", "*z*_[1](u)" };
	struct written w = write_tabs(labels, 2);
	const char *html = w.text[DOC_HTML], *md = w.text[DOC_MD];

	CU_ASSERT_EQUAL_FATAL(w.failed, 0);
	CU_ASSERT_PTR_NULL(strstr(html, "<b>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(html, "&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;"));
	CU_ASSERT_PTR_NOT_NULL(strstr(html, "src=\"explorer/a&amp;b.png\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(html, "alt=\"the card of &lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "- **\\<b\\>x\\<\\/b\\> \\& \\\"y\\\"**"));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "- **\\*z\\*\\_\\[1\\]\\(u\\)**: run \\*z\\*\\_\\[1\\]\\(u\\)"));
	written_free(&w);
}

static void test_no_tabs_write_nothing(void)
{
	struct written w = write_tabs(NULL, 0);

	CU_ASSERT_EQUAL(w.failed, 0);
	CU_ASSERT_STRING_EQUAL(w.text[DOC_HTML], "");
	CU_ASSERT_STRING_EQUAL(w.text[DOC_MD], "");
	written_free(&w);
}

int suite_doc(void)
{
	CU_pSuite s = CU_add_suite("doc", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_each_tab_has_a_link_and_a_panel_the_first_panel_last);
	CU_ADD_TEST(s, test_labels_and_values_are_escaped_in_both_documents);
	CU_ADD_TEST(s, test_no_tabs_write_nothing);
	return CU_get_error();
}
