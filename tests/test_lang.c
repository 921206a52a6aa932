/*
 * test_lang.c - the German report: the same run in English and in German
 * (the fake gnuplot: the documents are what is compared) changes every
 * sentence and no number.
 *
 * "Every sentence": no English word of a list of common ones (none of
 * them also German: "Rate", "Start" and "Minimum" are both) is left in
 * the German report.md, once code spans, math, links and commands (which
 * stay as they are in every language) are taken out; and each paragraph of
 * prose differs from its English twin. "No number": both documents hold
 * the same numbers, the same number of times (German word order moves
 * them, so they are compared as sorted lists), the date line aside.
 */
#include <CUnit/CUnit.h>
#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "helpers.h"
#include "suites.h"

struct pair {
	char *root, *md[2], *slides[2];
};

static struct pair run;

/* report.md and slides.tex of one report in `lang` into root/<lang>. */
static void report(int k, const char *lang)
{
	char *gp = xasprintf("GNUPLOT=%s", fake_gnuplot());
	const char *env[] = { gp, NULL };
	struct spawn_opts o = { .env = env };
	char *out = path_join(run.root, lang);
	struct proc p;

	run_neuron_with(&p, &o, "report", "--lang", lang, "--latex", "tex", "--out", out, NULL);
	CU_ASSERT_EQUAL(p.status, 0);
	if (p.status)
		fprintf(stderr, "\n  --lang %s: %s\n", lang, p.err);
	char *md = path_join(out, "report.md"), *slides = path_join(out, "slides.tex");
	run.md[k] = slurp(md, NULL);
	run.slides[k] = slurp(slides, NULL);
	free(md);
	free(slides);
	proc_free(&p);
	free(out);
	free(gp);
}

static void ensure_run(void)
{
	if (run.root)
		return;
	run.root = tmpdir_new();
	report(0, "en");
	report(1, "de");
	CU_ASSERT_FATAL(run.md[0] && run.md[1] && run.slides[0] && run.slides[1]);
}

/* The text a reader reads: without `code`, $math$, $$math$$, ``` blocks,
 * link targets and the generated date (newly allocated). */
static char *prose(const char *md)
{
	char *t = strdup(md), *o = t;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	for (const char *p = md; *p;) {
		if (!strncmp(p, "```", 3)) {
			const char *end = strstr(p + 3, "```");
			p = end ? end + 3 : p + strlen(p);
		} else if (*p == '`' || *p == '$') {
			char c = *p;
			int two = p[1] == '$' && c == '$';
			const char *end = two ? strstr(p + 2, "$$") : strchr(p + 1, c);
			p = end ? end + (two ? 2 : 1) : p + 1;
			*o++ = ' ';
		} else if (p[0] == ']' && p[1] == '(') {
			const char *end = strchr(p, ')');
			p = end ? end + 1 : p + 1;
			*o++ = ']';
		} else if (*p == '\\' && p[1]) {
			*o++ = p[1];   /* Markdown's escapes */
			p += 2;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return t;
}

static void test_no_english_word_is_left_in_the_german_report(void)
{
	static const char *const english[] = {
		"the", "and", "of", "is", "with", "which", "from", "after", "each", "this",
		"that", "are", "not", "its", "one", "every", "where", "run", "loss",
		"weight", "learning", "iterations", "update", "updates", "figure", "converged",
		"diverged", "still", "than", "what", "how", "why",
	};
	ensure_run();
	char *t = prose(run.md[1]);
	int found = 0;

	/* The article's title is a name: it stays as it is. */
	for (char *a; (a = strstr(t, "Network on Python - With Mathematical"));)
		memset(a, ' ', strlen("Network on Python - With Mathematical"));

	for (char *w = t; *w;) {
		if (!isalpha((unsigned char)*w)) {
			w++;
			continue;
		}
		size_t n = 0;
		while (isalpha((unsigned char)w[n]))
			n++;
		for (size_t i = 0; i < sizeof english / sizeof english[0]; i++)
			if (strlen(english[i]) == n && !strncasecmp(w, english[i], n)) {
				if (found++ < 5)
					fprintf(stderr, "\n  English left: '%.*s' in '%.60s'", (int)n, w,
					        w > t + 20 ? w - 20 : t);
			}
		w += n;
	}
	CU_ASSERT_EQUAL(found, 0);
	free(t);
}

/* Each paragraph of the German prose differs from its English twin: no
 * sentence was left untranslated. */
static void test_every_paragraph_is_translated(void)
{
	ensure_run();
	char *en = prose(run.md[0]), *de = prose(run.md[1]);
	int same = 0, paragraphs = 0;

	for (char *p = strtok(de, "\n"); p; p = strtok(NULL, "\n")) {
		size_t letters = 0;
		for (const char *c = p; *c; c++)
			letters += isalpha((unsigned char)*c) != 0;
		/* A table of numbers, an image line; the program's settings table
		 * names gnuplot's version as gnuplot said it. */
		if (letters < 20 || strstr(p, "patchlevel"))
			continue;
		paragraphs++;
		if (strstr(en, p)) {
			same++;
			fprintf(stderr, "\n  untranslated: '%.80s'", p);
		}
	}
	CU_ASSERT(paragraphs > 40);
	CU_ASSERT_EQUAL(same, 0);
	free(en);
	free(de);
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The numbers of a document as sorted strings, the date line left out. */
static size_t numbers(const char *text, char ***out)
{
	regex_t re;
	regmatch_t m;
	size_t n = 0, cap = 0;
	char **v = NULL;

	CU_ASSERT_FATAL(regcomp(&re, "[0-9]+([.][0-9]+)?(e[-+]?[0-9]+)?", REG_EXTENDED) == 0);
	for (const char *p = text; regexec(&re, p, 1, &m, 0) == 0; p += m.rm_eo) {
		const char *line = p + m.rm_so;
		while (line > text && line[-1] != '\n')
			line--;
		/* The generated time (2026-12-01 05:22 UTC): the documents differ
		 * by the minute they were made. */
		const char *eol = strchr(p + m.rm_so, '\n');
		if (memmem(line, (size_t)((eol ? eol : line + strlen(line)) - line), "UTC", 3))
			continue;
		/* Part of a word (a key, a file name like lr-0.0001.png): not a number
		 * a sentence states. */
		if (p + m.rm_so > text && (isalpha((unsigned char)p[m.rm_so - 1]) ||
		                           p[m.rm_so - 1] == '-' || p[m.rm_so - 1] == '_'))
			continue;
		v = grow(v, &cap, n + 1, sizeof *v);
		CU_ASSERT_PTR_NOT_NULL_FATAL(v);
		v[n++] = strndup(p + m.rm_so, (size_t)(m.rm_eo - m.rm_so));
	}
	regfree(&re);
	qsort(v, n, sizeof *v, by_text);
	*out = v;
	return n;
}

/* Both documents state the same numbers: the report and the slides. */
static void test_german_changes_no_number(void)
{
	ensure_run();
	for (int doc = 0; doc < 2; doc++) {
		char **a, **b;
		size_t na = numbers(doc ? run.slides[0] : run.md[0], &a);
		size_t nb = numbers(doc ? run.slides[1] : run.md[1], &b);
		CU_ASSERT(na > 100);
		CU_ASSERT_EQUAL(na, nb);
		size_t differ = 0;
		for (size_t i = 0; i < na && i < nb; i++)
			if (strcmp(a[i], b[i]) && differ++ < 5)
				fprintf(stderr, "\n  %s: number %zu is %s in English, %s in German",
				        doc ? "slides.tex" : "report.md", i, a[i], b[i]);
		CU_ASSERT_EQUAL(differ, 0);
		for (size_t i = 0; i < na; i++)
			free(a[i]);
		for (size_t i = 0; i < nb; i++)
			free(b[i]);
		free(a);
		free(b);
	}
}

static int cleanup(void)
{
	for (int k = 0; k < 2; k++) {
		free(run.md[k]);
		free(run.slides[k]);
	}
	if (run.root)
		rm_rf(run.root);
	free(run.root);
	memset(&run, 0, sizeof run);
	return 0;
}

int suite_lang(void)
{
	CU_pSuite s = CU_add_suite("lang", NULL, cleanup);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_no_english_word_is_left_in_the_german_report);
	CU_ADD_TEST(s, test_every_paragraph_is_translated);
	CU_ADD_TEST(s, test_german_changes_no_number);
	return CU_get_error();
}
