/*
 * test_browser.c - what the one headless Chromium (browser.h) found in the
 * shared reports: every image loads, every formula has a box of its own,
 * slides.html fits its slides to 1920x1080 and prints one a page.
 *
 * The suite runs last of all (main.c), so that the other suites run while
 * Chromium works.
 */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "browser.h"
#include "helpers.h"
#include "reports.h"
#include "suites.h"

/*
 * Every image that any shared report's HTML shows (each src relative,
 * inside --out) decodes in headless Chromium: the shared browser probe
 * (browser.h) loads them all.
 */
static void test_every_image_loads_in_headless_chromium(void)
{
	int n, expected = 0;
	const struct shared_report *all = shared_reports(&n);

	for (int i = 0; i < n; i++) {
		char *html = report_file(&all[i], "report.html");
		CU_ASSERT_PTR_NOT_NULL_FATAL(html);
		for (char *p = html; (p = strstr(p, "<img src=\"")); p += 10) {
			char *src = p + 10, *end = strchr(src, '"');
			CU_ASSERT_PTR_NOT_NULL_FATAL(end);
			CU_ASSERT(src[0] != '/' && !memmem(src, (size_t)(end - src), "..", 2) &&
			          !memchr(src, ':', (size_t)(end - src)));
			expected++;
		}
		free(html);
	}
	CU_ASSERT(expected >= 12 * n);
	const struct browser_probe *b = shared_browser();
	char want[64];
	snprintf(want, sizeof want, "images %d broken 0", expected);
	CU_ASSERT_STRING_EQUAL(b->images, want);
	if (strcmp(b->images, want))
		fprintf(stderr, "\n  chromium probe: '%s', expected '%s';%s\n", b->images, want,
		        b->broken);
}

/*
 * Chromium lays out every formula of report.html and slides.html (MathML
 * Core, no script in the documents): every <math> has a box of non-zero
 * size, and every displayed formula with a fraction stands more than one
 * and a half times as tall as any lone identifier in the text.
 */
static void test_chromium_lays_out_every_formula_of_both_documents(void)
{
	const struct shared_report *r = shared_report("default");
	const struct browser_probe *b = shared_browser();
	static const char *const doc[] = { "report.html", "slides.html" };

	for (int i = 0; i < 2; i++) {
		char *html = report_file(r, doc[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(html);
		size_t written = 0;
		for (const char *p = html; (p = strstr(p, "<math ")); p++)
			written++;
		free(html);
		unsigned long n = 0, zero = 1;
		double fraction = 0, identifier = 0;
		int got = sscanf(b->math[i], "math %lu zero %lu fraction %lf identifier %lf",
		                 &n, &zero, &fraction, &identifier);
		CU_ASSERT_EQUAL(got, 4);
		CU_ASSERT(written >= 10);
		CU_ASSERT_EQUAL(n, written);
		CU_ASSERT_EQUAL(zero, 0);
		CU_ASSERT(identifier > 0 && fraction > 1.5 * identifier);
		if (got != 4 || n != written || zero || !(identifier > 0 && fraction > 1.5 * identifier))
			fprintf(stderr, "\n  %s: chromium probe '%s', %zu formulas written\n", doc[i],
			        b->math[i], written);
	}
}

/*
 * slides.html in headless Chromium, in a 1920x1080 window (the shared
 * browser probe, browser.h, measures every slide of a copy with a script;
 * the shipped file has none), and printed to PDF.
 */
static void test_slides_html_fits_1920x1080_snaps_and_prints_a_slide_a_page(void)
{
	const struct shared_report *r = shared_report("default");
	char *html = report_file(r, "slides.html");

	CU_ASSERT_PTR_NOT_NULL_FATAL(html);
	CU_ASSERT_PTR_NULL(strstr(html, "<script"));
	size_t slides = count_of(html, "<section class=\"slide\""), images = count_of(html, "<img ");
	const struct browser_probe *b = shared_browser();
	char want[160];
	snprintf(want, sizeof want, "slides %zu full %zu fit %zu snap %zu images %zu broken 0 "
	         "root y-mandatory", slides, slides, slides, slides, images);
	CU_ASSERT_STRING_EQUAL(b->slides, want);
	if (strcmp(b->slides, want))
		fprintf(stderr, "\n  chromium: %s\n  expected: %s\n", b->slides, want);
	if (b->over[0])
		fprintf(stderr, "\n  slide %s overflows\n", b->over);
	CU_ASSERT(images >= 10);

	/* Printed: one 16:9 page a slide. */
	setenv("NR_PDF", b->pdf, 1);
	FILE *p = popen("pdfinfo \"$NR_PDF\" 2>/dev/null", "r");
	unsetenv("NR_PDF");
	char line[512];
	long pages = -1;
	double w = 0, h = 0;
	while (p && fgets(line, sizeof line, p)) {
		if (!strncmp(line, "Pages:", 6))
			pages = strtol(line + 6, NULL, 10);
		if (!strncmp(line, "Page size:", 10))
			sscanf(line + 10, " %lf x %lf", &w, &h);
	}
	if (p)
		pclose(p);
	CU_ASSERT_EQUAL(pages, (long)slides);
	CU_ASSERT(h > 0 && fabs(w / h - 16.0 / 9.0) < 1e-3);
	free(html);
}

int suite_browser(void)
{
	CU_pSuite s = CU_add_suite("browser", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_every_image_loads_in_headless_chromium);
	CU_ADD_TEST(s, test_chromium_lays_out_every_formula_of_both_documents);
	CU_ADD_TEST(s, test_slides_html_fits_1920x1080_snaps_and_prints_a_slide_a_page);
	return CU_get_error();
}
