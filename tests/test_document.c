/*
 * test_document.c - report.html and report.md: the numbers they print agree
 * with the CSVs of the same run, the HTML is well formed and self-contained,
 * every image it refers to exists and loads in a real browser (headless
 * Chromium), and two runs differ only in the date line.
 */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output/afile.h"
#include "base/err.h"
#include "helpers.h"
#include "suites.h"

static char *report_dir;   /* one report shared by the tests below */

/* Makes the shared report on first use (CUnit forbids assertions in a
 * suite's set-up function, and run_neuron asserts). */
static void need_report(void)
{
	struct proc p;

	if (report_dir)
		return;
	report_dir = tmpdir_new();
	run_neuron(&p, "report", "--out", report_dir, NULL);
	if (p.status)
		fprintf(stderr, "report failed: %s", p.err);
	CU_ASSERT_EQUAL_FATAL(p.status, 0);
	proc_free(&p);
}

static int remove_report(void)
{
	rm_rf(report_dir);
	free(report_dir);
	report_dir = NULL;
	return 0;
}

static char *read_doc(const char *name)
{
	need_report();
	char *path = path_join(report_dir, name);
	char *text = slurp(path, NULL);
	free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	return text;
}

/* The text of the table cell right after the cell `key` in an HTML row. */
static char *cell_after(const char *html, const char *key)
{
	char *needle = xasprintf("<td>%s</td><td>", key);
	const char *at = strstr(html, needle);
	char *value = NULL;

	if (at) {
		at += strlen(needle);
		value = strndup(at, strcspn(at, "<"));
	}
	free(needle);
	return value;
}

static void check_cell(const char *html, const char *key, double expected)
{
	char want[32];
	char *got = cell_after(html, key);

	snprintf(want, sizeof want, "%.6g", expected);
	CU_ASSERT_PTR_NOT_NULL(got);
	if (got) {
		CU_ASSERT_STRING_EQUAL(got, want);
		if (strcmp(got, want))
			fprintf(stderr, "\n  %s: report says %s, CSV says %s\n", key, got, want);
	}
	free(got);
}

static void test_report_numbers_agree_with_the_csvs(void)
{
	char *html = read_doc("report.html");
	char *trace = path_join(report_dir, "trace.csv");

	struct table t;

	CU_ASSERT_EQUAL_FATAL(table_read(trace, &t), 0);
	size_t last = t.rows - 1;
	check_cell(html, "weight w", table_num(&t, last, 2));
	check_cell(html, "bias b", table_num(&t, last, 3));
	check_cell(html, "loss", table_num(&t, last, 1));
	check_cell(html, "iterations", table_num(&t, last, 0));
	table_free(&t);
	free(trace);
	free(html);
}

/* The HTML row that starts with cell `first`: its cells after the first. */
static int row_cells(const char *html, const char *first, char cells[][64], int max)
{
	char *needle = xasprintf("<tr><td>%s</td>", first);
	const char *at = strstr(html, needle);
	int n = 0;

	if (at) {
		at += strlen(needle);
		const char *end = strstr(at, "</tr>");
		while (n < max && (at = strstr(at, "<td>")) && at < end) {
			at += 4;
			snprintf(cells[n++], 64, "%.*s", (int)strcspn(at, "<"), at);
		}
	}
	free(needle);
	return n;
}

static void expect(const char *got, const char *fmt, double v)
{
	char want[64];

	snprintf(want, sizeof want, fmt, v);
	CU_ASSERT_STRING_EQUAL(got, want);
	if (strcmp(got, want))
		fprintf(stderr, "\n  report says %s, CSV gives %s\n", got, want);
}

/* The comparison table row by row against summary.csv, the gradient check
 * against gradcheck.csv, the rescaling table against scaling.csv. */
static void test_comparison_tables_agree_with_their_csvs(void)
{
	char *html = read_doc("report.html");
	char *path = path_join(report_dir, "summary.csv");
	struct table t;
	char cells[8][64];

	CU_ASSERT_EQUAL_FATAL(table_read(path, &t), 0);
	CU_ASSERT_EQUAL(t.rows, 6);   /* header + the five default rates */
	for (size_t r = 1; r < t.rows; r++) {
		CU_ASSERT_EQUAL_FATAL(row_cells(html, table_at(&t, r, 1), cells, 8), 6);
		expect(cells[0], "%.3g", table_num(&t, r, 9));    /* lr_over_critical */
		CU_ASSERT_STRING_EQUAL(cells[1], table_at(&t, r, 7));   /* status */
		expect(cells[2], "%.6g", table_num(&t, r, 4));    /* loss */
		expect(cells[3], "%.6g", table_num(&t, r, 5));    /* weight */
		expect(cells[4], "%.6g", table_num(&t, r, 6));    /* bias */
		CU_ASSERT_STRING_EQUAL(cells[5], table_at(&t, r, 8));   /* diverged_at */
	}
	table_free(&t);
	free(path);

	path = path_join(report_dir, "gradcheck.csv");
	CU_ASSERT_EQUAL_FATAL(table_read(path, &t), 0);
	CU_ASSERT(t.rows >= 3);
	for (size_t r = 1; r < t.rows; r++) {
		char first[128];
		snprintf(first, sizeof first, "%s (%.4g, %.4g)", table_at(&t, r, 0),
		         table_num(&t, r, 1), table_num(&t, r, 2));
		CU_ASSERT_EQUAL_FATAL(row_cells(html, first, cells, 8), 3);
		expect(cells[0], "%.8g", table_num(&t, r, 4));
		expect(cells[1], "%.8g", table_num(&t, r, 5));
		expect(cells[2], "%.8g", table_num(&t, r, 6));
	}
	table_free(&t);
	free(path);

	path = path_join(report_dir, "scaling.csv");
	CU_ASSERT_EQUAL_FATAL(table_read(path, &t), 0);
	for (size_t r = 1; r < t.rows; r++) {
		CU_ASSERT_EQUAL_FATAL(row_cells(html, table_at(&t, r, 0), cells, 8), 3);
		expect(cells[0], "%.4g", table_num(&t, r, 7));
		expect(cells[1], "%.4g", table_num(&t, r, 8));
		CU_ASSERT_STRING_EQUAL(cells[2], table_at(&t, r, 13));
	}
	table_free(&t);
	free(path);
	free(html);
}

/* "The weight is within 1% of its target from iteration N on" agrees with
 * a scan of trace.csv: N is the first row after the last one outside. */
static void test_settling_iteration_agrees_with_the_trace(void)
{
	char *md = read_doc("report.md");
	char *trace = path_join(report_dir, "trace.csv");
	struct table t;
	const char *key = "The weight is within 1% of its target from iteration ";
	const char *at = strstr(md, key);

	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	long long said = strtoll(at + strlen(key), NULL, 10);
	CU_ASSERT_EQUAL_FATAL(table_read(trace, &t), 0);
	long long last_out = -1;
	for (size_t r = 1; r < t.rows; r++)
		if (fabs(table_num(&t, r, 2) - 1.8) > 0.01 * 1.8)
			last_out = (long long)table_num(&t, r, 0);
	CU_ASSERT_EQUAL(said, last_out + 1);
	table_free(&t);
	free(trace);
	free(md);
}

/* Every tag we open is closed in order (void elements excepted). */
static void test_html_is_well_formed_and_self_contained(void)
{
	char *html = read_doc("report.html");
	const char *stack[64];
	int depth = 0, ok = 1;
	static const char *const void_tags[] = { "meta", "img", "br", "hr", "link", "source" };

	CU_ASSERT(strncmp(html, "<!DOCTYPE html>\n<html lang=\"en\">", 31) == 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(html, "<meta charset=\"utf-8\">"));
	for (const char *p = strchr(html, '<'); p && ok; p = strchr(p + 1, '<')) {
		if (p[1] == '!')
			continue;
		int closing = p[1] == '/';
		const char *name = p + 1 + closing;
		size_t len = strcspn(name, " >\n");
		int is_void = 0;
		for (size_t i = 0; i < sizeof void_tags / sizeof void_tags[0]; i++)
			is_void |= strlen(void_tags[i]) == len && !strncmp(name, void_tags[i], len);
		if (is_void)
			continue;
		if (!closing) {
			ok = depth < 64;
			if (ok)
				stack[depth++] = name;
		} else {
			ok = depth > 0 && !strncmp(stack[depth - 1], name, len) &&
			     strchr(" >\n", stack[depth - 1][len]);
			depth--;
		}
		/* <style> and <pre> content has no tags of ours */
	}
	CU_ASSERT(ok);
	CU_ASSERT_EQUAL(depth, 0);
	/* No network resource, no script. */
	CU_ASSERT_PTR_NULL(strstr(html, "http://"));
	CU_ASSERT_PTR_NULL(strstr(html, "https://"));
	CU_ASSERT_PTR_NULL(strstr(html, "<script"));
	/* Every image has alternative text and exists next to the report. */
	int images = 0;
	for (const char *p = strstr(html, "<img src=\""); p; p = strstr(p + 1, "<img src=\"")) {
		const char *src = p + 10;
		char *name = strndup(src, strcspn(src, "\""));
		char *path = path_join(report_dir, name);
		CU_ASSERT(file_exists(path));
		CU_ASSERT_PTR_NOT_NULL(strstr(p, "alt=\""));
		free(name);
		free(path);
		images++;
	}
	CU_ASSERT(images >= 3);
	free(html);
}

/* HTML Tidy (Debian's tidy, which knows HTML5) finds neither an error nor a
 * warning: no unclosed or stray tag, no image without alternative text. */
static void test_html_tidy_finds_no_error_or_warning(void)
{
	need_report();
	char *cmd = xasprintf("tidy -q -errors --show-warnings yes '%s/report.html' >&2", report_dir);
	CU_ASSERT_EQUAL(system(cmd), 0);
	free(cmd);
}

/* A copy of the report with a probe that lists images that failed to load;
 * the shipped report itself has no script. */
static void test_every_image_loads_in_headless_chromium(void)
{
	char *html = read_doc("report.html");
	char *probe = path_join(report_dir, ".probe.html");
	char *shot = path_join(report_dir, ".screenshot.png");
	char *body_end = strstr(html, "</body>");

	CU_ASSERT_PTR_NOT_NULL_FATAL(body_end);
	FILE *fp = fopen(probe, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fwrite(html, 1, (size_t)(body_end - html), fp);
	fputs("<script>window.addEventListener('load', function () {"
	      "var imgs = document.images, bad = 0;"
	      "for (var i = 0; i < imgs.length; i++)"
	      " if (!imgs[i].complete || imgs[i].naturalWidth === 0) bad++;"
	      "document.body.setAttribute('data-probe', 'images ' + imgs.length + ' broken ' + bad);"
	      "});</script>\n</body></html>\n", fp);
	CU_ASSERT_EQUAL(fclose(fp), 0);

	const char *flags = "--headless --no-sandbox --disable-gpu --no-first-run "
	                    "--disable-background-networking --disable-component-update "
	                    "--disable-sync --user-data-dir=\"$(mktemp -d)\" "
	                    "--virtual-time-budget=5000";
	char *cmd = xasprintf("chromium %s --dump-dom 'file://%s' 2>/dev/null", flags, probe);
	FILE *dom = popen(cmd, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dom);
	char line[4096];
	char result[64] = "";
	while (fgets(line, sizeof line, dom)) {
		char *at = strstr(line, "data-probe=\"");
		if (at)
			snprintf(result, sizeof result, "%.*s", (int)strcspn(at + 12, "\""), at + 12);
	}
	CU_ASSERT_EQUAL(pclose(dom), 0);
	CU_ASSERT(strncmp(result, "images ", 7) == 0 && strstr(result, " broken 0"));
	CU_ASSERT(strtol(result + 7, NULL, 10) >= 3);
	if (!strstr(result, " broken 0"))
		fprintf(stderr, "\n  chromium probe: '%s'\n", result);
	free(cmd);

	/* A screenshot, for people to look at (kept in build/). */
	cmd = xasprintf("chromium %s --window-size=1000,4000 --screenshot='%s' 'file://%s/report.html' >/dev/null 2>&1 "
	                "&& cp '%s' build/report-screenshot.png", flags, shot, report_dir, shot);
	CU_ASSERT_EQUAL(system(cmd), 0);
	free(cmd);
	unlink(probe);
	unlink(shot);
	free(probe);
	free(shot);
	free(html);
}

/* Drops the lines that may differ between runs: the date. */
static char *without_date(char *text)
{
	char *at = strstr(text, "| generated |");
	if (at)
		memset(at, ' ', strcspn(at, "\n"));
	return text;
}

static void test_two_reports_differ_only_in_the_date(void)
{
	char *first = without_date(read_doc("report.md"));
	struct proc p;

	run_neuron(&p, "report", "--out", report_dir, NULL);
	CU_ASSERT_EQUAL(p.status, 0);
	proc_free(&p);
	char *second = without_date(read_doc("report.md"));
	CU_ASSERT_STRING_EQUAL(first, second);
	free(first);
	free(second);
}

int suite_document(void)
{
	CU_pSuite s = CU_add_suite("document", NULL, remove_report);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_report_numbers_agree_with_the_csvs);
	CU_ADD_TEST(s, test_settling_iteration_agrees_with_the_trace);
	CU_ADD_TEST(s, test_comparison_tables_agree_with_their_csvs);
	CU_ADD_TEST(s, test_html_is_well_formed_and_self_contained);
	CU_ADD_TEST(s, test_html_tidy_finds_no_error_or_warning);
	CU_ADD_TEST(s, test_every_image_loads_in_headless_chromium);
	CU_ADD_TEST(s, test_two_reports_differ_only_in_the_date);
	return CU_get_error();
}
