/*
 * test_report.c - `neuron report` as a whole, through the real binary.
 *
 * Every number the documents print is compared with the CSVs of the same
 * run; every CSV is compared with runs done directly through the library
 * (summary.csv, sweep.csv, the steps, the paths); the chain-rule values are
 * recomputed from the model functions and must appear, as text, in the
 * SVG figure; the HTML is well formed, self-contained and passes HTML Tidy
 * (what Chromium makes of it: test_browser.c); every figure exists in every
 * format; figures.gp re-renders a figure byte for byte.
 *
 * The reports with real figures are the shared ones (reports.h); the ones
 * that only need the C side use the fake gnuplot (helpers.h).
 */
#include <CUnit/CUnit.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "helpers.h"
#include "model/chain.h"
#include "model/neuron.h"
#include "model/setup.h"
#include "model/sweep.h"
#include "model/train.h"
#include "output/names.h"
#include "reports.h"
#include "suites.h"

/* ---- reading the documents ------------------------------------------------ */

static void expect(const char *got, const char *fmt, double v)
{
	char want[64];

	snprintf(want, sizeof want, fmt, v);
	CU_ASSERT_STRING_EQUAL(got, want);
	if (strcmp(got, want))
		fprintf(stderr, "\n  report says %s, CSV gives %s\n", got, want);
}

/* The words the documents use for each status in summary.csv, at the
 * rate's multiple of the limit: a run above it is not converging. */
static const char *status_words(const char *status, double over_critical)
{
	if (!strcmp(status, "not_converged"))
		return over_critical < 1 ? "still converging" : "not diverged yet";
	return status;
}

/* ---- the documents against the CSVs --------------------------------------------- */

static void test_the_results_table_agrees_with_the_trace(void)
{
	const struct shared_report *r = shared_report("default");
	char *whole = report_file(r, "report.md"), *md = whole;
	struct table t = table_load(r->dir, "trace.csv");
	size_t last = t.rows - 1;
	char cells[4][96];

	CU_ASSERT_PTR_NOT_NULL_FATAL(md);
	/* The results table, not the settings at the top. */
	char *results = strstr(md, "| quantity | this run | target |");
	CU_ASSERT_PTR_NOT_NULL_FATAL(results);
	results[-1] = '\n';
	md = results - 1;
	CU_ASSERT_EQUAL_FATAL(md_row(md, "weight $w$", cells, 4), 2);
	expect(cells[0], "%.6g", table_num(&t, last, 2));
	CU_ASSERT_EQUAL_FATAL(md_row(md, "bias $b$", cells, 4), 2);
	expect(cells[0], "%.6g", table_num(&t, last, 3));
	CU_ASSERT_EQUAL_FATAL(md_row(md, "loss $L$", cells, 4), 2);
	expect(cells[0], "%.6g", table_num(&t, last, 1));
	CU_ASSERT_EQUAL_FATAL(md_row(md, "iterations", cells, 4), 2);
	expect(cells[0], "%.0f", table_num(&t, last, 0));
	table_free(&t);
	free(whole);
}

/* "The weight is within 1% of its target from iteration N on" agrees with
 * a scan of trace.csv: N is the first row after the last one outside. */
static void test_the_settling_iteration_agrees_with_the_trace(void)
{
	const struct shared_report *r = shared_report("default");
	char *md = report_file(r, "report.md");
	struct table t = table_load(r->dir, "trace.csv");
	const char *key = "The weight is within 1% of its target from iteration ";
	const char *at = md ? strstr(md, key) : NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	long long said = strtoll(at + strlen(key), NULL, 10);
	long long last_out = -1;
	for (size_t i = 1; i < t.rows; i++)
		if (fabs(table_num(&t, i, 2) - 1.8) > 0.01 * 1.8)
			last_out = (long long)table_num(&t, i, 0);
	CU_ASSERT_EQUAL(said, last_out + 1);
	table_free(&t);
	free(md);
}

/* The comparison table row by row against summary.csv, the gradient check
 * against gradcheck.csv, the rescaling table against scaling.csv. */
static void test_the_documents_tables_agree_with_their_csvs(void)
{
	const struct shared_report *r = shared_report("default");
	char *md = report_file(r, "report.md");
	char cells[8][96];

	CU_ASSERT_PTR_NOT_NULL_FATAL(md);
	struct table t = table_load(r->dir, "summary.csv");
	CU_ASSERT_EQUAL(t.rows, 6);   /* header + the five default rates */
	for (size_t i = 1; i < t.rows; i++) {
		CU_ASSERT_EQUAL_FATAL(md_row(md, table_at(&t, i, 1), cells, 8), 6);
		expect(cells[0], "%.3g", table_num(&t, i, 9));    /* lr_over_critical */
		CU_ASSERT_STRING_EQUAL(cells[1], status_words(table_at(&t, i, 7), table_num(&t, i, 9)));
		expect(cells[2], "%.6g", table_num(&t, i, 4));    /* loss */
		expect(cells[3], "%.6g", table_num(&t, i, 5));    /* weight */
		expect(cells[4], "%.6g", table_num(&t, i, 6));    /* bias */
		CU_ASSERT_STRING_EQUAL(cells[5], table_at(&t, i, 8));   /* diverged_at */
	}
	table_free(&t);

	t = table_load(r->dir, "gradcheck.csv");
	CU_ASSERT(t.rows >= 3);
	for (size_t i = 1; i < t.rows; i++) {
		char first[128];
		snprintf(first, sizeof first, "%s (%.4g, %.4g)", table_at(&t, i, 0),
		         table_num(&t, i, 1), table_num(&t, i, 2));
		CU_ASSERT_EQUAL_FATAL(md_row(md, first, cells, 8), 3);
		expect(cells[0], "%.8g", table_num(&t, i, 4));
		expect(cells[1], "%.8g", table_num(&t, i, 5));
		expect(cells[2], "%.8g", table_num(&t, i, 6));
	}
	table_free(&t);

	t = table_load(r->dir, "scaling.csv");
	static const char *const rows[] = { "raw", "$x/100$", "standardised" };
	CU_ASSERT_EQUAL_FATAL(t.rows, 4);
	for (size_t i = 1; i < t.rows; i++) {
		CU_ASSERT_EQUAL_FATAL(md_row(md, rows[i - 1], cells, 8), 3);
		expect(cells[0], "%.4g", table_num(&t, i, 7));
		expect(cells[1], "%.4g", table_num(&t, i, 8));
		CU_ASSERT_STRING_EQUAL(cells[2], table_at(&t, i, 13));
	}
	table_free(&t);
	free(md);
}

/* The worked example of the article, number by number, as a student would
 * look for it; and the first updates against trace.csv's first rows. */
static void test_the_worked_example_spells_out_the_hand_calculation(void)
{
	const struct shared_report *r = shared_report("default");
	char *md = report_file(r, "report.md");
	const char *lines[] = {
		"$$x\\,w = 42 \\cdot 0.8 = 33.6$$",
		"$$d = \\hat{y} - y = 33.6 - 107.6 = -74$$",
		"\\cdot x = -148 \\cdot 42 = -6216$$",
		"| update | $k = 0$ | $k = 1$ | $k = 2$ |",
		"| loss $L$ | 1825.5 | 1580.0609 |",
		"| $\\partial L/\\partial w$ | -1635 | -1362.4518 |",
		"| $\\eta\\,\\partial L/\\partial w$ | -0.1635 | -0.13624518 |",
		"| new $w = w - \\eta\\,\\partial L/\\partial w$ | 0.9635 | 1.0997452 |",
		"| new $b = b - \\eta\\,\\partial L/\\partial b$ | 0.0063 | 0.01261509 |",
		"$w$ went from 0.8 to 1.7974 and $b$ from 0 to 27.6675",
		"instead of $\\partial L/\\partial w = -6216$",
	};

	CU_ASSERT_PTR_NOT_NULL_FATAL(md);
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		if (!strstr(md, lines[i])) {
			CU_FAIL("report.md lacks a line");
			fprintf(stderr, "\n  missing: %s\n", lines[i]);
		}
	free(md);
}

/* ---- the HTML ------------------------------------------------------------------- */

/* Every tag we open is closed in order (void elements excepted). */
static void test_the_html_is_well_formed_and_self_contained(void)
{
	const struct shared_report *r = shared_report("default");
	char *html = report_file(r, "report.html");
	const char *stack[64];
	int depth = 0, ok = 1, images = 0;
	static const char *const void_tags[] = { "meta", "img", "br", "hr", "link", "source" };

	CU_ASSERT_PTR_NOT_NULL_FATAL(html);
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
	}
	CU_ASSERT(ok);
	CU_ASSERT_EQUAL(depth, 0);
	CU_ASSERT_PTR_NULL(strstr(html, "http://"));
	CU_ASSERT_PTR_NULL(strstr(html, "https://"));
	CU_ASSERT_PTR_NULL(strstr(html, "<script"));
	for (const char *p = strstr(html, "<img src=\""); p; p = strstr(p + 1, "<img src=\"")) {
		const char *src = p + 10;
		char *name = strndup(src, strcspn(src, "\""));
		char *path = path_join(r->dir, name);
		CU_ASSERT(file_exists(path));
		CU_ASSERT_PTR_NOT_NULL(strstr(p, "alt=\""));
		free(name);
		free(path);
		images++;
	}
	CU_ASSERT(images >= 11);
	free(html);
}

/* HTML Tidy finds neither an error nor a warning, in each shared report's
 * notes and slides. */
static void test_html_tidy_finds_no_error_or_warning(void)
{
	static const char *const pages[] = { "report.html", "slides.html" };
	int n;
	const struct shared_report *all = shared_reports(&n);

	for (int i = 0; i < n; i++)
		for (size_t k = 0; k < 2; k++) {
			char *path = path_join(all[i].dir, pages[k]);
			setenv("NEURON_TIDY_FILE", path, 1);
			int st = system("tidy -q -errors --show-warnings yes \"$NEURON_TIDY_FILE\" >/dev/null 2>&1");
			CU_ASSERT_EQUAL(st, 0);
			if (st)
				fprintf(stderr, "\n  tidy complains about %s of %s\n", pages[k], all[i].name);
			unsetenv("NEURON_TIDY_FILE");
			free(path);
		}
}

/* ---- the comparison and the sweep against the library ------------------------------ */

static void main_run_options(struct run_options *o, enum gradient g)
{
	run_options_default(o);
	o->gradient = g;
	o->has_w0 = o->has_b0 = 1;
	o->w0 = 0.8;
	o->b0 = 0;
}

/* Every row of summary.csv equals a run done directly through the
 * library, and each run's directory holds its trace. */
static void check_summary(const struct shared_report *r, enum gradient g,
                          const double *want, size_t n_want)
{
	struct run_options o;
	struct dataset d;
	struct analysis a;
	struct table t = table_load(r->dir, "summary.csv");
	static const char *const names[] = { "lr", "label", "gradient", "iterations", "loss",
	                                     "weight", "bias", "status", "diverged_at",
	                                     "lr_over_critical", "run_dir" };
	int c[11];

	main_run_options(&o, g);
	CU_ASSERT_EQUAL_FATAL(setup_data(&o, &d, &a), NR_OK);
	CU_ASSERT_EQUAL_FATAL(t.rows, n_want + 1);
	for (int k = 0; k < 11; k++) {
		c[k] = table_col(&t, names[k]);
		CU_ASSERT_FATAL(c[k] >= 0);
	}
	double critical = a.critical_lr[g];
	for (size_t i = 1; i < t.rows; i++) {
		double lr = table_num(&t, i, c[0]);
		char label[LR_LABEL_SIZE];
		CU_ASSERT_EQUAL(lr, want[i - 1]);
		lr_label(lr, label);
		CU_ASSERT_STRING_EQUAL(table_at(&t, i, c[1]), label);
		CU_ASSERT_STRING_EQUAL(table_at(&t, i, c[2]), gradient_name(g));

		struct train_config cfg = setup_config(&o, NULL);
		struct train_result res;
		cfg.lr = lr;
		CU_ASSERT_EQUAL_FATAL(train_run(&d, &cfg, &a, NULL, 0, &res), NR_OK);
		CU_ASSERT_EQUAL(table_num(&t, i, c[3]), (double)res.last.k);
		ASSERT_SAME_DOUBLE(table_num(&t, i, c[4]), res.last.loss);
		ASSERT_SAME_DOUBLE(table_num(&t, i, c[5]), res.last.w);
		ASSERT_SAME_DOUBLE(table_num(&t, i, c[6]), res.last.b);
		CU_ASSERT_STRING_EQUAL(table_at(&t, i, c[7]), train_status_name(res.status));
		if (res.diverged_at < 0) {
			CU_ASSERT_STRING_EQUAL(table_at(&t, i, c[8]), "-");
		} else {
			CU_ASSERT_EQUAL(table_num(&t, i, c[8]), (double)res.diverged_at);
		}
		CU_ASSERT_DOUBLE_EQUAL(table_num(&t, i, c[9]), lr / critical, 1e-15 * lr / critical);

		char *name = lr_dirname(lr);
		char *rel = xasprintf("runs/lr-%s", name);
		CU_ASSERT_STRING_EQUAL(table_at(&t, i, c[10]), rel);
		char *trace = xasprintf("%s/trace.csv", rel), *pred = xasprintf("%s/predictions.csv", rel);
		struct table tr = table_load(r->dir, trace);
		char *pred_path = path_join(r->dir, pred);
		CU_ASSERT(file_exists(pred_path));
		CU_ASSERT_FATAL(tr.rows > 1);
		CU_ASSERT_EQUAL(table_num(&tr, tr.rows - 1, 0), (double)res.last.k);
		ASSERT_SAME_DOUBLE(table_num(&tr, tr.rows - 1, 1), res.last.loss);
		ASSERT_SAME_DOUBLE(table_num(&tr, tr.rows - 1, 2), res.last.w);
		table_free(&tr);
		free(name); free(rel); free(trace); free(pred); free(pred_path);
	}
	table_free(&t);
	dataset_free(&d);
}

/* sweep.csv: each row equals a direct run; rates span the limit; the
 * observed boundary lies within `tol` of the computed limit. */
static void check_dense(const struct shared_report *r, enum gradient g, double tol)
{
	struct run_options o;
	struct dataset d;
	struct analysis a;
	struct table t = table_load(r->dir, "sweep.csv");

	main_run_options(&o, g);
	CU_ASSERT_EQUAL_FATAL(setup_data(&o, &d, &a), NR_OK);
	CU_ASSERT_FATAL(t.rows >= 51);
	int clr = table_col(&t, "lr"), closs = table_col(&t, "loss"), cst = table_col(&t, "status"),
	    cdiv = table_col(&t, "diverged_at"), cq = table_col(&t, "lr_over_critical"), cit = table_col(&t, "iterations");
	CU_ASSERT_FATAL(clr >= 0 && closs >= 0 && cst >= 0 && cdiv >= 0 && cq >= 0 && cit >= 0);
	double critical = a.critical_lr[g], settled = 0, unstable = 0;
	size_t n = t.rows - 1;
	for (size_t i = 1; i <= n; i++) {
		double lr = table_num(&t, i, clr);
		struct train_config cfg = setup_config(&o, NULL);
		struct train_result res;
		cfg.lr = lr;
		CU_ASSERT_EQUAL_FATAL(train_run(&d, &cfg, &a, NULL, 0, &res), NR_OK);
		ASSERT_SAME_DOUBLE(table_num(&t, i, closs), res.last.loss);
		CU_ASSERT_EQUAL(table_num(&t, i, cit), (double)res.last.k);
		CU_ASSERT_STRING_EQUAL(table_at(&t, i, cst), train_status_name(res.status));
		if (res.diverged_at >= 0) {
			CU_ASSERT_EQUAL(table_num(&t, i, cdiv), (double)res.diverged_at);
		}
		CU_ASSERT_DOUBLE_EQUAL(table_num(&t, i, cq), lr / critical, 1e-15 * lr / critical);
		/* The boundary by its definition, recomputed from the rows. */
		if (sweep_settled(res.status)) {
			settled = lr;
			unstable = 0;
		} else if (unstable == 0) {
			unstable = lr;
		}
	}
	CU_ASSERT(table_num(&t, 1, clr) <= critical / 100);
	CU_ASSERT(table_num(&t, n, clr) >= 1.5 * critical);
	CU_ASSERT_STRING_EQUAL(table_at(&t, n, cst), "diverged");
	CU_ASSERT(settled > 0 && unstable > settled);
	CU_ASSERT(settled >= (1 - tol) * critical && settled < critical);
	CU_ASSERT(unstable <= (1 + tol) * critical);
	table_free(&t);
	dataset_free(&d);
}

/* The stdout table: a header, one row per rate, the status column aligned;
 * and its numbers agree with summary.csv. */
static void check_table(const struct shared_report *r, size_t rows)
{
	const char *h = strstr(r->stdout_text, "\nlr  ");   /* not the main run's "lr 0.0001" */
	struct table t = table_load(r->dir, "summary.csv");

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	h++;
	const char *status_col = strstr(h, "status");
	CU_ASSERT_PTR_NOT_NULL_FATAL(status_col);
	size_t at = (size_t)(status_col - h);
	const char *line = strchr(h, '\n') + 1;
	CU_ASSERT_EQUAL_FATAL(t.rows, rows + 1);
	for (size_t i = 0; i < rows; i++) {
		const char *end = strchr(line, '\n');
		CU_ASSERT_PTR_NOT_NULL_FATAL(end);
		CU_ASSERT((size_t)(end - line) > at);
		CU_ASSERT(line[at - 1] == ' ' && !strncmp(line + at, table_at(&t, i + 1, 7),
		                                          strlen(table_at(&t, i + 1, 7))));
		/* The last column is lr_over_critical, as in summary.csv. */
		const char *lastcol = end;
		while (lastcol > line && lastcol[-1] != ' ')
			lastcol--;
		CU_ASSERT_DOUBLE_EQUAL(strtod(lastcol, NULL), table_num(&t, i + 1, 9),
		                       5e-4 * table_num(&t, i + 1, 9));
		line = end + 1;
	}
	table_free(&t);
}

static double exact_limit_closed_form(void)
{
	/* lambda_max of [[2 mean(x^2), 2 mean(x)], [2 mean(x), 2]] for
	 * x = -50..49, by hand: mean(x) = -1/2, mean(x^2) = 83350 / 100. */
	double h00 = 2 * 833.5, h01 = -1, h11 = 2;
	double lmax = (h00 + h11) / 2 + sqrt((h00 - h11) * (h00 - h11) / 4 + h01 * h01);
	return 2 / lmax;
}

static void test_the_exact_comparison_matches_the_library(void)
{
	static const double defaults[] = { 1e-5, 1e-4, 5e-4, 1.1e-3, 1.25e-3 };
	const struct shared_report *r = shared_report("default");
	struct dataset d;
	struct analysis a;

	check_table(r, 5);
	CU_ASSERT_PTR_NOT_NULL(strstr(r->stdout_text, "stability: critical lr"));
	check_summary(r, GRADIENT_EXACT, defaults, 5);
	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), NR_OK);
	analysis_compute(&d, &a);
	CU_ASSERT_DOUBLE_EQUAL(a.critical_lr[GRADIENT_EXACT] / exact_limit_closed_form(), 1, 1e-14);
	dataset_free(&d);
	check_dense(r, GRADIENT_EXACT, 0.0011);
}

static void test_the_article_comparison_uses_its_own_rates(void)
{
	static const double defaults[] = { 1e-5, 1e-4, 5e-4, 7e-4, 9e-4 };
	const struct shared_report *r = shared_report("article");

	check_table(r, 5);
	check_summary(r, GRADIENT_ARTICLE, defaults, 5);
	struct table t = table_load(r->dir, "summary.csv");
	CU_ASSERT_STRING_EQUAL(table_at(&t, 4, 7), "oscillating");
	CU_ASSERT_STRING_EQUAL(table_at(&t, 5, 7), "diverged");
	table_free(&t);
	/* Near its limit the article's formula converges slowly: 10000
	 * updates at 0.999 x still oscillate, so the bracket is 0.3%. */
	check_dense(r, GRADIENT_ARTICLE, 0.004);
}

/* Runs a report with the fake gnuplot into a fresh directory. */
static char *fake_report(struct proc *p, const char *a1, const char *a2, const char *a3,
                         const char *a4, const char *a5, const char *a6)
{
	char *dir = tmpdir_new();
	char *gp = xasprintf("GNUPLOT=%s", fake_gnuplot());
	const char *env[] = { gp, NULL };
	struct spawn_opts o = { .env = env };

	run_neuron_with(p, &o, "report", "--out", dir, a1, a2, a3, a4, a5, a6, NULL);
	free(gp);
	return dir;
}

static void test_given_rates_are_used_as_given(void)
{
	const double lrs[] = { 2e-4, 3e-3 };
	struct proc p;
	char *dir = fake_report(&p, "--gradient", "article", "--lrs", "3e-3, 2e-4,3e-3",
	                        "--iters", "500");
	struct table t;
	char *path = path_join(dir, "summary.csv"), *run = path_join(dir, "runs/lr-0.003/trace.csv");

	CU_ASSERT_EQUAL(p.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.err, "more than once"));
	CU_ASSERT_EQUAL_FATAL(table_read(path, &t), NR_OK);
	CU_ASSERT_EQUAL(t.rows, 3);
	for (size_t i = 0; i < 2 && i + 1 < t.rows; i++)
		CU_ASSERT_EQUAL(table_num(&t, i + 1, 0), lrs[i]);
	CU_ASSERT(file_exists(run));
	table_free(&t);
	proc_free(&p);
	free(run);
	free(path);
	rm_rf(dir);
	free(dir);
}

/* ---- the diagrams ---------------------------------------------------------------------- */

/* Does the SVG hold `text` as the end of one text element? */
static int svg_has(const char *svg, const char *text)
{
	char *needle = xasprintf("%s</text>", text);
	int found = strstr(svg, needle) != NULL;

	free(needle);
	return found;
}

/* chain.csv holds exactly what the model functions compute for the
 * article's sample, and graph.svg shows each value (with %.6g) as text. */
static void test_the_graph_shows_exactly_the_model_values(void)
{
	const struct shared_report *r = shared_report("article");
	char *svg = report_file(r, "graph.svg");
	struct table t = table_load(r->dir, "chain.csv");
	double x = 42, y = 42.0 * 9 / 5 + 32, out, dout, dw, db;

	neuron_forward(1, &x, 0.8, 0, &out);
	neuron_backward(1, &x, &y, &out, GRADIENT_EXACT, &dout, &dw, &db);
	const struct { const char *key; double v; int shown; } want[] = {
		{ "x", x, 1 }, { "y", y, 1 }, { "w", 0.8, 1 }, { "b", 0, 1 },
		{ "xw", x * 0.8, 1 }, { "out", out, 1 }, { "diff", out - y, 1 },
		{ "sq", (out - y) * (out - y), 1 }, { "loss", neuron_loss(1, &out, &y), 1 },
		{ "g_loss", 1, 1 }, { "g_sq", 1, 1 }, { "g_diff", dout, 1 },
		{ "g_out", dout, 1 }, { "g_xw", dout, 1 }, { "g_b", db, 1 },
		{ "g_w", dw, 1 }, { "g_x", dout * 0.8, 1 }, { "dw_article", out * dout, 0 },
	};
	size_t n = sizeof want / sizeof want[0];

	CU_ASSERT_PTR_NOT_NULL_FATAL(svg);
	CU_ASSERT_EQUAL(t.rows, n + 1);
	CU_ASSERT_EQUAL(t.cols, 3);
	for (size_t i = 0; i < n && i + 1 < t.rows; i++) {
		char shown[64];
		CU_ASSERT_STRING_EQUAL(table_at(&t, i + 1, 0), want[i].key);
		ASSERT_SAME_DOUBLE(table_num(&t, i + 1, 1), want[i].v);
		snprintf(shown, sizeof shown, "%.6g", want[i].v);
		if (want[i].shown && !svg_has(svg, shown)) {
			CU_FAIL("a value of chain.csv is missing from graph.svg");
			fprintf(stderr, "\n  %s = %s not in graph.svg\n", want[i].key, shown);
		}
	}
	const char *texts[] = { ">42<", ">107.6<", ">33.6<", ">-74<", ">5476<",
	                        "∂L/∂w = -6216<", "∂L/∂b = -148<", "∂L/∂x = -118.4<" };
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		CU_ASSERT_PTR_NOT_NULL(strstr(svg, texts[i]));
	table_free(&t);
	free(svg);
}

static void test_the_network_shows_where_the_run_started_and_ended(void)
{
	const struct shared_report *r = shared_report("article");
	char *svg = report_file(r, "network.svg");
	struct table t = table_load(r->dir, "trace.csv");
	char w[80], b[80];

	CU_ASSERT_PTR_NOT_NULL_FATAL(svg);
	snprintf(w, sizeof w, "%.6g  →  %.6g", 0.8, table_num(&t, t.rows - 1, 2));
	snprintf(b, sizeof b, "%.6g  →  %.6g", 0.0, table_num(&t, t.rows - 1, 3));
	/* ARTICLE.md's check values for the article's formula, with %.6g. */
	CU_ASSERT_STRING_EQUAL(w, "0.8  →  1.87412");
	CU_ASSERT_STRING_EQUAL(b, "0  →  27.7169");
	CU_ASSERT(svg_has(svg, w));
	CU_ASSERT(svg_has(svg, b));
	CU_ASSERT(svg_has(svg, "Celsius") && svg_has(svg, "Fahrenheit"));
	table_free(&t);
	free(svg);
}

/* The first updates, straight from the trainer. */
struct first_states { struct train_state s[4]; };

static int keep_first(void *ctx, const struct train_state *s, int final)
{
	struct first_states *f = ctx;

	(void)final;
	if (s->k <= 3)
		f->s[s->k] = *s;
	return NR_OK;
}

static void check_steps(const char *dir, double lr)
{
	char *steps = path_join(dir, "steps.csv"), *trace = path_join(dir, "trace.csv");
	struct table st, tr;
	struct dataset d;
	struct analysis a;
	struct first_states f;
	struct train_result res;
	struct train_config cfg = { .lr = lr, .iters = 3, .w0 = 0.8, .b0 = 0 };

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), NR_OK);
	analysis_compute(&d, &a);
	CU_ASSERT_EQUAL_FATAL(train_run(&d, &cfg, &a, &(struct observer){ keep_first, &f }, 1, &res), NR_OK);
	CU_ASSERT_EQUAL_FATAL(table_read(steps, &st), NR_OK);
	CU_ASSERT_EQUAL_FATAL(table_read(trace, &tr), NR_OK);
	CU_ASSERT_EQUAL_FATAL(st.rows, 4);
	CU_ASSERT_STRING_EQUAL(table_at(&st, 0, 9), "new_bias");
	for (size_t k = 0; k < 3; k++) {
		const struct train_state *s = &f.s[k], *next = &f.s[k + 1];
		size_t i = k + 1;
		CU_ASSERT_EQUAL(table_num(&st, i, 0), (double)k);
		ASSERT_SAME_DOUBLE(table_num(&st, i, 1), s->loss);
		ASSERT_SAME_DOUBLE(table_num(&st, i, 2), s->w);
		ASSERT_SAME_DOUBLE(table_num(&st, i, 3), s->b);
		ASSERT_SAME_DOUBLE(table_num(&st, i, 4), s->dw);
		ASSERT_SAME_DOUBLE(table_num(&st, i, 5), s->db);
		ASSERT_SAME_DOUBLE(table_num(&st, i, 6), lr * s->dw);
		ASSERT_SAME_DOUBLE(table_num(&st, i, 7), lr * s->db);
		ASSERT_SAME_DOUBLE(table_num(&st, i, 8), next->w);
		ASSERT_SAME_DOUBLE(table_num(&st, i, 9), next->b);
		ASSERT_SAME_DOUBLE(table_num(&st, i, 2) - table_num(&st, i, 6), table_num(&st, i, 8));
		if (tr.rows > i + 1 && table_num(&tr, i + 1, 0) == (double)(k + 1)) {
			ASSERT_SAME_DOUBLE(table_num(&st, i, 8), table_num(&tr, i + 1, 2));
		}
	}
	ASSERT_SAME_DOUBLE(table_num(&st, 1, 1), 1825.5);   /* ARTICLE.md */
	table_free(&st);
	table_free(&tr);
	dataset_free(&d);
	free(steps);
	free(trace);
}

static void test_the_steps_agree_with_a_run_done_directly(void)
{
	check_steps(shared_report("default")->dir, 1e-4);
	/* A sparse trace does not matter: the steps come from the run. */
	struct proc p;
	char *dir = fake_report(&p, "--w0", "0.8", "--b0", "0", "--trace-every", "2");
	CU_ASSERT_EQUAL(p.status, 0);
	check_steps(dir, 1e-4);
	proc_free(&p);
	rm_rf(dir);
	free(dir);
}

static void test_an_example_far_outside_the_data_is_still_exact(void)
{
	struct proc p;
	char *dir = fake_report(&p, "--w0", "0.8", "--b0", "0", "--example", "-1000");
	char *path = path_join(dir, "chain.csv");
	struct table t;
	struct chain c;

	CU_ASSERT_EQUAL(p.status, 0);
	CU_ASSERT_EQUAL_FATAL(table_read(path, &t), NR_OK);
	chain_compute(-1000, -1000.0 * 9 / 5 + 32, 0.8, 0, &c);
	ASSERT_SAME_DOUBLE(table_num(&t, 1, 1), -1000.0);
	CU_ASSERT_STRING_EQUAL(table_at(&t, 16, 0), "g_w");
	ASSERT_SAME_DOUBLE(table_num(&t, 16, 1), c.g_w);
	table_free(&t);
	proc_free(&p);
	free(path);
	rm_rf(dir);
	free(dir);
}

/* ---- the lessons' CSVs ---------------------------------------------------------------------- */

/* gradcheck.csv: at the article's start dL/dw = 2 mean(x (0.8 x - y)) =
 * -1635 and dL/db = -63 by hand; every row satisfies article = w dw + b db
 * and finite difference ~ derivative. */
static void test_the_gradient_check_agrees_with_hand_and_finite_differences(void)
{
	struct table t = table_load(shared_report("default")->dir, "gradcheck.csv");

	CU_ASSERT_EQUAL_FATAL(t.rows, 5);
	CU_ASSERT_STRING_EQUAL(table_at(&t, 0, 4), "dweight_exact");
	CU_ASSERT_STRING_EQUAL(table_at(&t, 1, 0), "article start");
	CU_ASSERT_DOUBLE_EQUAL(table_num(&t, 1, 4), -1635, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(table_num(&t, 1, 8), -63, 1e-9);
	for (size_t i = 1; i < t.rows; i++) {
		double w = table_num(&t, i, 1), b = table_num(&t, i, 2), loss = table_num(&t, i, 3);
		double dw = table_num(&t, i, 4), art = table_num(&t, i, 5), fd = table_num(&t, i, 6);
		double db = table_num(&t, i, 8), dbfd = table_num(&t, i, 9);
		CU_ASSERT_DOUBLE_EQUAL(art, w * dw + b * db, 1e-12 * (fabs(w * dw) + fabs(b * db) + 1));
		CU_ASSERT_DOUBLE_EQUAL(fd, dw, 1e-7 * fmax(1, loss));
		CU_ASSERT_DOUBLE_EQUAL(dbfd, db, 1e-7 * fmax(1, loss));
	}
	table_free(&t);
}

/* gradpaths.csv ends where ARTICLE.md says each formula ends. */
static void test_both_gradient_paths_end_at_the_articles_numbers(void)
{
	struct table t = table_load(shared_report("default")->dir, "gradpaths.csv");
	double last_w[3] = { 0 }, last_b[3] = { 0 };

	CU_ASSERT_FATAL(t.rows > 200);
	for (size_t i = 1; i < t.rows; i++) {
		int k = (int)table_num(&t, i, 0);
		CU_ASSERT_FATAL(k == 1 || k == 2);
		CU_ASSERT_STRING_EQUAL(table_at(&t, i, 1), k == 1 ? "exact" : "article");
		last_w[k] = table_num(&t, i, 4);
		last_b[k] = table_num(&t, i, 5);
	}
	ASSERT_SAME_DOUBLE(last_w[1], 1.7973978721339001);
	ASSERT_SAME_DOUBLE(last_b[1], 27.667455540105017);
	ASSERT_SAME_DOUBLE(last_w[2], 1.8741240769804204);
	ASSERT_SAME_DOUBLE(last_b[2], 27.71691162703039);
	table_free(&t);
}

/* landscape.csv holds rows of each comparison run's own trace.csv (found
 * through summary.csv, path i = summary row i), as written; frames.csv
 * holds rows of the main trace.csv, log-spaced from 0 to the last. */
static void test_paths_and_frames_are_rows_of_the_traces(void)
{
	const struct shared_report *r = shared_report("default");
	struct table trace = table_load(r->dir, "trace.csv"), land = table_load(r->dir, "landscape.csv");
	struct table fr = table_load(r->dir, "frames.csv"), sum = table_load(r->dir, "summary.csv");
	struct table run = { 0 };
	size_t run_path = 0;

	CU_ASSERT_FATAL(trace.rows == 10002 && land.rows > 100 && fr.rows > 20 && sum.rows > 1);
	for (size_t i = 1; i < land.rows; i++) {
		size_t path = (size_t)table_num(&land, i, 0);
		CU_ASSERT_FATAL(path >= 1 && path < sum.rows);
		CU_ASSERT_STRING_EQUAL(table_at(&land, i, 1), table_at(&sum, path, 1));
		if (path != run_path) {
			char *sub = xasprintf("%s/trace.csv", table_at(&sum, path, 10));
			table_free(&run);
			run = table_load(r->dir, sub);
			free(sub);
			run_path = path;
		}
		size_t k = (size_t)table_num(&land, i, 2);
		CU_ASSERT_FATAL(k + 1 < run.rows);
		int last = i + 1 == land.rows || table_num(&land, i + 1, 0) != (double)path;
		if (last && !strcmp(table_at(&sum, path, 7), "diverged")) {
			double w = table_num(&land, i, 4);
			double w0 = table_num(&run, k, 2), w1 = table_num(&run, k + 1, 2);
			CU_ASSERT(k > 0 && w >= fmin(w0, w1) && w <= fmax(w0, w1));
			continue;
		}
		for (int c = 0; c < 3; c++)
			CU_ASSERT_STRING_EQUAL(table_at(&land, i, 3 + c), table_at(&run, k + 1, 1 + c));
	}
	table_free(&run);
	table_free(&sum);
	double prev = -1;
	for (size_t i = 1; i < fr.rows; i++) {
		double k = table_num(&fr, i, 1);
		CU_ASSERT(k > prev);
		prev = k;
		for (int c = 0; c < 3; c++)
			CU_ASSERT_STRING_EQUAL(table_at(&fr, i, 2 + c), table_at(&trace, (size_t)k + 1, 1 + c));
	}
	CU_ASSERT_EQUAL(table_num(&fr, 1, 1), 0);
	CU_ASSERT_EQUAL(prev, 10000);
	table_free(&trace);
	table_free(&land);
	table_free(&fr);
}

/* scaling.csv: condition numbers fall 834 -> 12 -> 1 and so do the counts. */
static void test_rescaling_lowers_the_condition_number_and_the_count(void)
{
	struct table t = table_load(shared_report("default")->dir, "scaling.csv");

	CU_ASSERT_EQUAL_FATAL(t.rows, 4);
	CU_ASSERT_STRING_EQUAL(table_at(&t, 1, 0), "raw");
	CU_ASSERT_STRING_EQUAL(table_at(&t, 2, 0), "x/100");
	CU_ASSERT_STRING_EQUAL(table_at(&t, 3, 0), "standardised");
	CU_ASSERT_DOUBLE_EQUAL(table_num(&t, 1, 7), 833.75, 0.01);
	CU_ASSERT_DOUBLE_EQUAL(table_num(&t, 2, 7), 12.0, 0.01);
	CU_ASSERT_DOUBLE_EQUAL(table_num(&t, 3, 7), 1.0, 1e-12);
	CU_ASSERT(table_num(&t, 1, 13) > table_num(&t, 2, 13));
	CU_ASSERT(table_num(&t, 2, 13) > table_num(&t, 3, 13));
	CU_ASSERT_EQUAL(table_num(&t, 3, 13), 1);
	for (size_t i = 1; i < 4; i++)
		CU_ASSERT(table_num(&t, i, 14) <= table_num(&t, i, 12));
	table_free(&t);
}

/* lr 2e-3 diverges (limit 1.2e-3): the report still completes, and the
 * path stops at the border of a window sized by the minimum and the start. */
static void test_a_diverging_run_stays_inside_the_landscape(void)
{
	const struct shared_report *r = shared_report("diverging");
	struct table land = table_load(r->dir, "landscape.csv"), trace = table_load(r->dir, "trace.csv");
	double max_w = 0;

	for (size_t i = 1; i < trace.rows; i++)
		max_w = fmax(max_w, fabs(table_num(&trace, i, 2)));
	CU_ASSERT(max_w > 1e3);
	for (size_t i = 1; i < land.rows; i++) {
		CU_ASSERT(isfinite(table_num(&land, i, 4)) && fabs(table_num(&land, i, 4)) < 3);
		CU_ASSERT(table_num(&land, i, 5) > -5 && table_num(&land, i, 5) < 40);
	}
	table_free(&land);
	table_free(&trace);
}

/* ---- every sentence true for its run ---------------------------------------------------- */

/* The caption under the image whose file name starts with `name` ("fit."
 * is fit.png, not fit.gif), newly allocated without its asterisks, or NULL. */
static char *caption_of(const char *md, const char *name)
{
	char *needle = xasprintf("](%s", name);
	const char *at = md ? strstr(md, needle) : NULL;

	free(needle);
	if (!at || !(at = strstr(at, "\n*")))
		return NULL;
	at += 2;
	const char *end = strstr(at, "*\n");
	return end ? strndup(at, (size_t)(end - at)) : NULL;
}

/* The number at s as the documents write it: plain ("-74", "1.2e-05") or
 * in a formula ("2.5\times10^{-6}", "10^{-4}"), read back with strtod as
 * the same double; *end is set after it (to s when there is none). */
static double doc_number(const char *s, const char **end)
{
	char text[64], *e;
	const char *p = s;
	size_t mant = 0;

	if (strncmp(p, "10^{", 4) != 0) {
		strtod(p, &e);
		mant = (size_t)(e - p);
		p = e;
		if (mant == 0 || strncmp(p, "\\times10^{", 10) != 0) {
			*end = p;
			return mant ? strtod(s, NULL) : NAN;
		}
		p += 6;
	}
	long exp10 = strtol(p + 4, &e, 10);
	*end = *e == '}' ? e + 1 : s;
	snprintf(text, sizeof text, "%.*se%ld", (int)(mant ? mant : 1), mant ? s : "1", exp10);
	return strtod(text, NULL);
}

/* The number after the next `key` from *at on, which moves past it; NaN
 * (and a failure naming the key) when the key or the number is missing. */
static double next_number(const char **at, const char *key)
{
	const char *k = *at ? strstr(*at, key) : NULL;
	const char *end;

	if (!k) {
		CU_FAIL("a sentence the run should have is missing");
		fprintf(stderr, "\n  missing: '%s'\n", key);
		return NAN;
	}
	double x = doc_number(k + strlen(key), &end);
	CU_ASSERT(end > k + strlen(key));
	*at = end;
	return x;
}

/* x as the documents print it with %.6g, read back. */
static double shown6(double x)
{
	char text[32];

	snprintf(text, sizeof text, "%.6g", x);
	return strtod(text, NULL);
}

static char *slurp_in(const char *dir, const char *name)
{
	char *path = path_join(dir, name);
	char *text = slurp(path, NULL);

	free(path);
	return text;
}

static struct table csv_in(const char *dir, const char *name)
{
	struct table t = { 0 };
	char *path = path_join(dir, name);

	CU_ASSERT_EQUAL(table_read(path, &t), 0);
	free(path);
	return t;
}

/* The least-squares line of the data in predictions.csv (columns 1 and 2),
 * by the textbook two-pass formula. */
static void least_squares(const char *dir, double *w, double *b)
{
	struct table t = csv_in(dir, "predictions.csv");
	double mx = 0, my = 0, sxy = 0, sxx = 0, n = (double)t.rows - 1;

	for (size_t i = 1; i < t.rows; i++) {
		mx += table_num(&t, i, 0) / n;
		my += table_num(&t, i, 1) / n;
	}
	for (size_t i = 1; i < t.rows; i++) {
		double dx = table_num(&t, i, 0) - mx;
		sxy += dx * (table_num(&t, i, 1) - my);
		sxx += dx * dx;
	}
	*w = sxy / sxx;
	*b = my - *w * mx;
	table_free(&t);
}

/* a and b agree to `rel` of the larger (numbers printed with 6 digits from
 * a minimum computed in another order). */
static int close_to(double a, double b, double rel)
{
	return fabs(a - b) <= rel * fmax(fabs(a), fabs(b));
}

/* The first iteration from which |v - target| stays within 1% of
 * max(1, |target|) in trace.csv's column c, or -1 (the rule of training.c). */
static long long settles_from(const struct table *t, int c, double target)
{
	long long last_out = -1;

	for (size_t i = 1; i < t->rows; i++)
		if (fabs(table_num(t, i, c) - target) > 0.01 * fmax(1, fabs(target)))
			last_out = (long long)table_num(t, i, 0);
	return last_out == (long long)table_num(t, t->rows - 1, 0) ? -1 : last_out + 1;
}

/* The captions of fit, network, params and the animation against
 * trace.csv and frames.csv: where the run started and ended, what it
 * reached, and which frames the animation shows. */
static void check_run_captions(const char *dir)
{
	char *md = slurp_in(dir, "report.md");
	struct table t = csv_in(dir, "trace.csv"), fr = csv_in(dir, "frames.csv");
	char *fit = caption_of(md, "fit."), *net = caption_of(md, "network.");
	char *params = caption_of(md, "params."), *gif = caption_of(md, "fit.gif");
	size_t last = t.rows - 1;
	double ws, bs, k = table_num(&t, last, 0);
	double w = table_num(&t, last, 2), b = table_num(&t, last, 3);
	const char *at;

	CU_ASSERT_FATAL(fit && net && params && gif && t.rows > 1 && fr.rows > 1);
	least_squares(dir, &ws, &bs);
	/* train.h: a run diverges when its loss exceeds DIVERGENCE_FACTOR
	 * times the first, or is not a number. */
	int diverged = !(table_num(&t, last, 1) <= DIVERGENCE_FACTOR * table_num(&t, 1, 1));

	at = net;
	CU_ASSERT_EQUAL(next_number(&at, "$w$ went from "), shown6(table_num(&t, 1, 2)));
	CU_ASSERT_EQUAL(next_number(&at, " to "), shown6(w));
	CU_ASSERT_EQUAL(next_number(&at, "$b$ from "), shown6(table_num(&t, 1, 3)));
	CU_ASSERT_EQUAL(next_number(&at, " to "), shown6(b));
	CU_ASSERT_EQUAL(next_number(&at, " in "), k);
	CU_ASSERT_EQUAL(strstr(net, "where the run diverged") != NULL, diverged);

	at = fit;
	if (diverged) {
		CU_ASSERT_EQUAL(next_number(&at, "The run diverged at iteration "), k);
		CU_ASSERT_EQUAL(next_number(&at, "(loss "), shown6(table_num(&t, last, 1)));
		at = params;
		CU_ASSERT_EQUAL(next_number(&at, "The run diverged at iteration "), k);
	} else {
		CU_ASSERT_EQUAL(next_number(&at, "short dashes: after "), k);
		CU_ASSERT_EQUAL(next_number(&at, "$w = "), shown6(w));
		CU_ASSERT_EQUAL(next_number(&at, "$b = "), shown6(b));
		CU_ASSERT_EQUAL(next_number(&at, "loss "), shown6(table_num(&t, last, 1)));
		if (strstr(fit, "The slope is learnt")) {
			CU_ASSERT(fabs(w - ws) < 0.01 * fmax(1, fabs(ws)));
			CU_ASSERT(close_to(next_number(&at, "$b$ is still "), fabs(b - bs), 1e-4));
		} else if (strstr(fit, "away from the best line's")) {
			CU_ASSERT(close_to(next_number(&at, "$w$ is "), fabs(w - ws), 1e-4));
			CU_ASSERT(close_to(next_number(&at, "$b$ is "), fabs(b - bs), 1e-4));
		}
		/* The settling sentence, by its own rule, from the whole trace. */
		long long w_from = settles_from(&t, 2, ws), b_from = settles_from(&t, 3, bs);
		at = params;
		if (w_from >= 0) {
			CU_ASSERT_EQUAL(next_number(&at, "The weight is within "), fabs(ws) >= 1 ? 1 : 0.01);
			CU_ASSERT_EQUAL(next_number(&at, "its target from iteration "), (double)w_from);
		}
		if (b_from >= 0) {
			CU_ASSERT_EQUAL(next_number(&at, "within "), fabs(bs) >= 1 ? 1 : 0.01);
			CU_ASSERT_EQUAL(next_number(&at, "from iteration "), (double)b_from);
		}
		CU_ASSERT_EQUAL(strstr(params, "it crawls") != NULL, w_from >= 0 && b_from < 0);
		CU_ASSERT_EQUAL(strstr(params, "the weight is not within") != NULL,
		                w_from < 0 && b_from < 0);
	}

	/* The animation: its frames are the rows of frames.csv. */
	size_t n = fr.rows - 1;
	at = gif;
	if (strstr(gif, "one frame for each iteration")) {
		CU_ASSERT_EQUAL(next_number(&at, "from 0 to "), k);
		CU_ASSERT_EQUAL((double)n, k + 1);
	} else {
		CU_ASSERT_EQUAL(next_number(&at, "training, "), (double)n);
		at = strstr(gif, "logarithmically (");
		CU_ASSERT_PTR_NOT_NULL_FATAL(at);
		at += strlen("logarithmically (");
		for (size_t j = 1; *at != ')' && j < fr.rows; j++) {
			if (!strncmp(at, "...", 3)) {
				at += 3 + (at[3] == ',') + (at[4] == ' ');
				j = fr.rows - 1;
			}
			char *e;
			CU_ASSERT_EQUAL(strtod(at, &e), table_num(&fr, j, 1));
			CU_ASSERT_FATAL(e > at);
			at = e + (*e == ',' ? 2 : 0);
		}
		CU_ASSERT_EQUAL(*at, ')');
	}
	CU_ASSERT_EQUAL(table_num(&fr, fr.rows - 1, 1), k);
	/* The crawl is named where the run shows it, and only there. */
	int crawl = strstr(params, "it crawls") != NULL;
	CU_ASSERT_EQUAL(strstr(md, "why the bias crawls") != NULL, crawl);
	CU_ASSERT_EQUAL(strstr(md, "The cure for the crawl") != NULL, crawl);
	CU_ASSERT_EQUAL(strstr(gif, "where the run diverged") != NULL, diverged);
	free(fit); free(net); free(params); free(gif); free(md);
	table_free(&t);
	table_free(&fr);
}

/* The caption of lr_final against sweep.csv: each claim about the runs up
 * to, between and above its boundaries holds for every row it speaks of
 * (ratios compared as the caption prints them, with %.4g). */
static void check_sweep_words(const char *dir)
{
	char *md = slurp_in(dir, "report.md");
	char *cap = caption_of(md, "lr_final.");
	struct table t = csv_in(dir, "sweep.csv");
	const char *at;
	double up_to = NAN, from = NAN, blew = NAN;
	int any_div = 0;

	CU_ASSERT_FATAL(cap && t.rows > 2);
	/* columns: lr, iterations, loss, status, diverged_at, lr_over_critical */
	double *ratio = calloc(t.rows, sizeof *ratio);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ratio);
	for (size_t i = 1; i < t.rows; i++) {
		char text[32];
		snprintf(text, sizeof text, "%.4g", table_num(&t, i, 5));
		ratio[i] = strtod(text, NULL);
		any_div |= !strcmp(table_at(&t, i, 3), "diverged");
	}
	CU_ASSERT_EQUAL(strstr(cap, "blew up is marked in the band") != NULL, any_div);
	CU_ASSERT_PTR_NULL(strstr(cap, "too few"));
	if ((at = strstr(cap, "Every run up to "))) {
		up_to = next_number(&at, "Every run up to ");
		for (size_t i = 1; i < t.rows && ratio[i] <= up_to; i++) {
			CU_ASSERT(!strcmp(table_at(&t, i, 3), "converged") ||
			          (!strcmp(table_at(&t, i, 3), "not_converged") && ratio[i] < 1));
		}
	} else if ((at = strstr(cap, "no run up to "))) {
		up_to = next_number(&at, "no run up to ");
		int above = 0;
		for (size_t i = 1; i < t.rows && ratio[i] <= up_to; i++) {
			CU_ASSERT(!strcmp(table_at(&t, i, 3), "converged") ||
			          !strcmp(table_at(&t, i, 3), "not_converged"));
			above |= ratio[i] > 1;
		}
		CU_ASSERT(above);   /* "not even those above the limit" */
	} else {
		CU_ASSERT_PTR_NOT_NULL(strstr(cap, "every run had blown up or was swinging") ?
		                       cap : strstr(cap, "The largest rate whose run"));
	}
	/* Every "From <ratio> times the limit ..." sentence. */
	int mixed = 0;
	for (const char *k = strstr(cap, "From "); k; k = strstr(k + 1, "From ")) {
		const char *after = k;
		double x = next_number(&after, "From ");
		if (!strncmp(after, " times the limit the runs were still swinging", 45))
			from = x;
		else if (!strncmp(after, " times the limit no run converged", 33))
			from = x, mixed = 1;
		else if (!strncmp(after, " times the limit every run blew up", 34))
			blew = x;
		else
			CU_FAIL("a sentence about the sweep that this test does not know");
	}
	for (size_t i = 1; i < t.rows; i++) {
		const char *st = table_at(&t, i, 3);
		if (!isnan(from) && ratio[i] >= from && (isnan(blew) || ratio[i] < blew)) {
			if (mixed) {
				CU_ASSERT(!strcmp(st, "oscillating") || !strcmp(st, "diverged"));
			} else {
				CU_ASSERT_STRING_EQUAL(st, "oscillating");
			}
		}
		if (!isnan(blew)) {
			CU_ASSERT_EQUAL(!strcmp(st, "diverged") || ratio[i] < blew, 1);
			if (ratio[i] < blew && i + 1 < t.rows && ratio[i + 1] >= blew) {
				CU_ASSERT(strcmp(st, "diverged") != 0);   /* it starts there */
			}
		}
	}
	if (strstr(cap, "No run blew up")) {
		CU_ASSERT_FALSE(any_div);
	}
	free(ratio);
	free(cap);
	free(md);
	table_free(&t);
}

static void test_the_captions_say_where_each_run_started_ended_and_settled(void)
{
	check_run_captions(shared_report("default")->dir);
	check_run_captions(shared_report("article")->dir);
	check_run_captions(shared_report("data")->dir);
	check_run_captions(shared_report("diverging")->dir);
}

static void test_the_sweep_caption_holds_for_every_run_of_the_sweep(void)
{
	check_sweep_words(shared_report("default")->dir);
	check_sweep_words(shared_report("article")->dir);
	check_sweep_words(shared_report("diverging")->dir);
}

/* The article's mode shows the weight formula its run used, labels the
 * article's sum as what it is, and never says the report uses the
 * derivative; the default report says the opposite. Both compare the
 * article's limit with the derivative's as the numbers are. */
static void test_each_gradient_mode_shows_the_formula_its_run_used(void)
{
	static const char *const names[] = { "default", "article" };
	static const char *const g_w = "$$g_w = \\sum_{i=1}^{N} \\frac{\\partial L}{\\partial \\hat{y}_i}\\, \\hat{y}_i$$";
	static const char *const dl_dw = "$$\\frac{\\partial L}{\\partial w} = \\sum_{i=1}^{N}";
	static const char *const sum_row = "$\\sum_i \\hat{y}_i\\,\\partial L/\\partial \\hat{y}_i$ (not $\\partial L/\\partial w$)";

	for (int article = 0; article < 2; article++) {
		const struct shared_report *r = shared_report(names[article]);
		char *md = report_file(r, "report.md");
		struct table t = table_load(r->dir, "trace.csv"), sum = table_load(r->dir, "summary.csv");
		char cells[4][96];

		CU_ASSERT_PTR_NOT_NULL_FATAL(md);
		CU_ASSERT_EQUAL(strstr(md, g_w) != NULL, article);
		CU_ASSERT_EQUAL(strstr(md, dl_dw) == NULL, article);
		CU_ASSERT_EQUAL(strstr(md, "This report uses the derivative") == NULL, article);
		CU_ASSERT_EQUAL(strstr(md, "Both parameters step against their gradients") == NULL, article);
		CU_ASSERT_EQUAL(strstr(md, "This run's weight step uses the article's") != NULL, article);
		/* The steps table labels dweight for what it is. */
		CU_ASSERT_EQUAL(md_row(md, "$\\partial L/\\partial w$", cells, 4), article ? 0 : 3);
		CU_ASSERT_EQUAL(md_row(md, sum_row, cells, 4), article ? 3 : 0);
		md_row(md, article ? sum_row : "$\\partial L/\\partial w$", cells, 4);
		for (size_t k = 0; k < 3; k++)
			expect(cells[k], "%.8g", table_num(&t, k + 1, 4));
		/* "its stability limit, X, is lower than the derivative's, Y": X is
		 * the article's limit, Y the derivative's (lr / lr_over_critical). */
		const char *at = md;
		double x = next_number(&at, "its stability limit, ");
		double y = next_number(&at, "the derivative's, ");
		double limit = table_num(&sum, 1, 0) / table_num(&sum, 1, 9);
		CU_ASSERT(x < y);
		CU_ASSERT(strstr(md, "is lower than the derivative's") != NULL);
		CU_ASSERT_EQUAL(article ? x : y, shown6(limit));
		table_free(&t);
		table_free(&sum);
		free(md);
	}
}

/* A run done through the library with the main run's start. */
static struct train_result library_run(const struct table *trace, enum gradient g, double lr,
                                       long long iters)
{
	struct dataset d;
	struct analysis a;
	struct train_result res;
	struct train_config cfg = { .lr = lr, .iters = iters, .gradient = g,
	                            .w0 = table_num(trace, 1, 2), .b0 = table_num(trace, 1, 3) };

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), NR_OK);
	analysis_compute(&d, &a);
	CU_ASSERT_EQUAL(train_run(&d, &cfg, &a, NULL, 0, &res), NR_OK);
	dataset_free(&d);
	return res;
}

/* The gradients caption says how each formula's run ended: both diverged
 * at lr 2e-3, each at its own iteration; both end somewhere at 1e-4. */
static void test_the_gradients_caption_says_how_both_runs_ended(void)
{
	const struct shared_report *r = shared_report("diverging");
	char *md = report_file(r, "report.md"), *cap = caption_of(md, "gradients.");
	struct table t = table_load(r->dir, "trace.csv");
	struct train_result ar = library_run(&t, GRADIENT_ARTICLE, 2e-3, 100);
	const char *at = cap;

	CU_ASSERT_FATAL(cap && ar.status == STATUS_DIVERGED);
	CU_ASSERT_PTR_NOT_NULL(strstr(cap, "and both diverged"));
	CU_ASSERT_PTR_NULL(strstr(cap, "ends at"));
	CU_ASSERT_EQUAL(next_number(&at, "the derivative (solid line) at iteration "),
	                table_num(&t, t.rows - 1, 0));
	CU_ASSERT_EQUAL(next_number(&at, "the article's formula (dashed) at iteration "),
	                (double)ar.diverged_at);
	table_free(&t);
	free(cap);
	free(md);

	r = shared_report("default");
	md = report_file(r, "report.md");
	cap = caption_of(md, "gradients.");
	t = table_load(r->dir, "trace.csv");
	ar = library_run(&t, GRADIENT_ARTICLE, 1e-4, 10000);
	at = cap;
	CU_ASSERT_PTR_NOT_NULL_FATAL(cap);
	CU_ASSERT_EQUAL(next_number(&at, "The derivative (solid line) ends at $w = "),
	                shown6(table_num(&t, t.rows - 1, 2)));
	CU_ASSERT_EQUAL(next_number(&at, "$b = "), shown6(table_num(&t, t.rows - 1, 3)));
	CU_ASSERT_EQUAL(next_number(&at, "(dashed) ends at $w = "), shown6(ar.last.w));
	CU_ASSERT_EQUAL(next_number(&at, "$b = "), shown6(ar.last.b));
	table_free(&t);
	free(cap);
	free(md);
}

/* A report on other data speaks of no Celsius, Fahrenheit, 9/5 or
 * x = -50 .. 49 (unless its header does), and calls x = 42 what it is
 * there: an input between the samples 5 and 42.195, not a sample. */
static void test_a_report_on_other_data_does_not_speak_of_the_articles(void)
{
	static const char *const words[] = {
		"Celsius", "Fahrenheit", "9/5", "9 / 5", "x = -50", "as the article does",
		"Take one sample", "one of the data's samples",
	};
	static const char *const files[] = { "report.md", "report.html" };
	const struct shared_report *r = shared_report("data");

	for (size_t f = 0; f < 2; f++) {
		char *text = report_file(r, files[f]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(text);
		for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
			if (!strstr(SHARED_DATA_HEADER, words[i]) && strstr(text, words[i])) {
				CU_FAIL("the data report speaks of the article's data");
				fprintf(stderr, "\n  %s says '%s'\n", files[f], words[i]);
			}
		CU_ASSERT_PTR_NOT_NULL(strstr(text, "Take one input:"));
		CU_ASSERT_PTR_NOT_NULL(strstr(text, "No sample of the data has this input."));
		free(text);
	}
}

/* The command under "Reproduce this report", read by a shell, gives back
 * exactly the arguments the report was made with (hostile names too). */
static void test_the_reproduce_command_reads_back_as_its_arguments(void)
{
	int n;
	const struct shared_report *all = shared_reports(&n);

	for (int i = 0; i < n; i++) {
		char *md = report_file(&all[i], "report.md");
		const char *at = md ? strstr(md, "\n```\n") : NULL;
		CU_ASSERT_PTR_NOT_NULL_FATAL(at);
		char *cmd = strndup(at + 5, strcspn(at + 5, "\n"));
		char *bin = realpath(NEURON_BIN, NULL);
		/* One argument a line, as the shell splits and unquotes them. */
		setenv("NEURON_CMD", cmd, 1);
		setenv("NEURON_SANDBOX", sandbox_dir(), 1);
		FILE *sh = popen("cd \"$NEURON_SANDBOX\" && eval \"set -- $NEURON_CMD\" && "
		                 "printf '%s\\n' \"$@\"", "r");
		CU_ASSERT_PTR_NOT_NULL_FATAL(sh);
		const char *want[28] = { bin, "report", "--out", all[i].out };
		size_t k = 4;
		for (size_t a = 0; all[i].args[a]; a++)
			want[k++] = all[i].args[a];
		char line[1024];
		size_t got = 0;
		while (fgets(line, sizeof line, sh)) {
			line[strcspn(line, "\n")] = '\0';
			if (got < k) {
				CU_ASSERT_STRING_EQUAL(line, want[got]);
			}
			got++;
		}
		CU_ASSERT_EQUAL(pclose(sh), 0);
		CU_ASSERT_EQUAL(got, k);
		unsetenv("NEURON_CMD");
		unsetenv("NEURON_SANDBOX");
		free(bin);
		free(cmd);
		free(md);
	}
}

/* Runs that end at the edges (one update; a start at the minimum) are
 * described as they ended: one iteration, rates above the limit that have
 * not blown up yet, a run that stayed at the minimum. */
static void test_runs_at_the_edges_are_described_as_they_ended(void)
{
	struct proc p;
	char *dir = fake_report(&p, "--iters", "1", NULL, NULL, NULL, NULL);
	char *md = slurp_in(dir, "report.md");
	char cells[8][96];

	CU_ASSERT_EQUAL(p.status, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(md);
	CU_ASSERT_PTR_NULL(strstr(md, " 1 iterations"));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "after 1 iteration ("));
	CU_ASSERT_PTR_NULL(strstr(md, "zig-zags"));
	CU_ASSERT_EQUAL_FATAL(md_row(md, "1.25e-3", cells, 8), 6);
	CU_ASSERT_STRING_EQUAL(cells[1], "not diverged yet");
	check_run_captions(dir);
	check_sweep_words(dir);
	proc_free(&p);
	rm_rf(dir);
	free(dir);
	free(md);

	dir = fake_report(&p, "--w0", "1.8", "--b0", "32", NULL, NULL);
	md = slurp_in(dir, "report.md");
	CU_ASSERT_EQUAL(p.status, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(md);
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "The run started on the best line and stayed there"));
	CU_ASSERT_PTR_NULL(strstr(md, "Training has found"));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "Both formulas trained from the same start, the minimum"));
	CU_ASSERT_PTR_NULL(strstr(md, "crawl"));
	check_run_captions(dir);
	check_sweep_words(dir);
	proc_free(&p);
	rm_rf(dir);
	free(dir);
	free(md);
}

/* ---- figures ------------------------------------------------------------------------------ */

static const char *const figures[] = {
	"fit", "network", "graph", "loss", "params", "lr_loss", "lr_final", "landscape",
	"gradients", "scaling", "fit_steps",
};

/* fit.gif in `dir`, of a report whose figures are w x h pixels. */
static void check_gif(const char *dir, unsigned w, unsigned h)
{
	char *path = path_join(dir, "fit.gif");
	size_t len = 0;
	unsigned char *g = (unsigned char *)slurp(path, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_FATAL(len > 10000 && !memcmp(g, "GIF89a", 6));
	/* The logical screen (little-endian): the page's size. */
	CU_ASSERT_EQUAL(g[6] | g[7] << 8, lround(w * PAGE_IMAGE_SIZE));
	CU_ASSERT_EQUAL(g[8] | g[9] << 8, lround(h * PAGE_IMAGE_SIZE));
	CU_ASSERT(memmem(g, len, "NETSCAPE2.0", 11) != NULL);   /* loops */
	size_t frames = 0;   /* graphic control extensions: one per frame */
	for (size_t i = 0; i + 3 < len; i++)
		frames += g[i] == 0x21 && g[i + 1] == 0xf9 && g[i + 2] == 4;
	CU_ASSERT(frames >= 10 && frames <= 60);
	CU_ASSERT_EQUAL(g[len - 1], 0x3b);   /* the trailer: complete */
	free(g);
	free(path);
}

static void test_every_figure_exists_in_every_format(void)
{
	int n;
	const struct shared_report *all = shared_reports(&n);

	for (int i = 0; i < n; i++) {
		unsigned w = all[i].width ? all[i].width : 1200, h = all[i].height ? all[i].height : 800;
		for (size_t f = 0; f < sizeof figures / sizeof figures[0]; f++) {
			check_image(all[i].dir, figures[f], all[i].format, w, h);
			/* the PNG twin the documents and the contact sheet use */
			check_image(all[i].dir, figures[f], "png", w, h);
		}
		check_image(all[i].dir, "contact", "png", w, h);
		check_gif(all[i].dir, w, h);
		CU_ASSERT(output_entries(all[i].dir) > 20);   /* and no stage left */
	}
}

/* The contact sheet shows every figure of the documents (their PNG twins
 * in SVG and PDF mode), every PNG of the folder but itself, in turn: a
 * figure a quarter of which is at least 240 pixels wide (1200 x 800) as
 * its thumbnail, thumbs/<figure>.png at that quarter, a smaller one (640
 * and 800 pixels wide) as itself, read every third pixel. */
static void test_the_contact_sheet_shows_every_figure_small_or_as_its_thumbnail(void)
{
	int n;
	const struct shared_report *all = shared_reports(&n);
	int thumbed = 0, direct = 0;

	for (int i = 0; i < n; i++) {
		unsigned w = all[i].width ? all[i].width : 1200, h = all[i].height ? all[i].height : 800;
		/* 4 columns for these 14 to 16 figures. */
		int thumbs = w / 4 >= 240;
		char *gp = report_file(&all[i], "figures.gp");
		CU_ASSERT_PTR_NOT_NULL_FATAL(gp);
		char *block = strstr(gp, "\n# contact.png\n");
		CU_ASSERT_PTR_NOT_NULL_FATAL(block);
		char *end = strstr(block + 1, "\n# ");
		if (end)
			*end = '\0';
		CU_ASSERT_PTR_NOT_NULL(strstr(block, thumbs ? "\nnr_step = 1\n" : "\nnr_step = 3\n"));
		thumbed += thumbs;
		direct += !thumbs;
		/* nr_image1, nr_image2, ... in turn, each a figure that is there
		 * at full size, and its thumbnail when it has one. */
		unsigned shown = 0, k;
		char name[64];
		for (const char *p = block; (p = strstr(p, "\nnr_image")); p++) {
			CU_ASSERT_FATAL(sscanf(p, "\nnr_image%u = '%63[^']'", &k, name) == 2);
			CU_ASSERT_EQUAL(k, ++shown);
			CU_ASSERT_EQUAL(strncmp(name, "thumbs/", 7) == 0, thumbs);
			name[strlen(name) - 4] = '\0';   /* ".png" */
			if (thumbs)
				check_image(all[i].dir, name, "png", w / 4, (unsigned)lround(h / 4.0));
			check_image(all[i].dir, thumbs ? name + 7 : name, "png", w, h);
		}
		/* Every figure of the documents is among them ... */
		for (size_t f = 0; f < sizeof figures / sizeof figures[0]; f++) {
			char *want = xasprintf("'%s%s.png'\n", thumbs ? "thumbs/" : "", figures[f]);
			CU_ASSERT_PTR_NOT_NULL(strstr(block, want));
			free(want);
		}
		char *count = xasprintf("nr_n = %u\n", shown);
		CU_ASSERT_PTR_NOT_NULL(strstr(block, count));
		free(count);
		/* ... and every PNG of the folder but the sheet. */
		unsigned pngs = 0;
		DIR *d = opendir(all[i].dir);
		CU_ASSERT_PTR_NOT_NULL_FATAL(d);
		for (struct dirent *e; (e = readdir(d));) {
			size_t len = strlen(e->d_name);
			pngs += len > 4 && !strcmp(e->d_name + len - 4, ".png") &&
			        strcmp(e->d_name, "contact.png") != 0;
		}
		closedir(d);
		CU_ASSERT_EQUAL(shown, pngs);
		free(gp);
	}
	CU_ASSERT(thumbed > 0 && direct > 0);   /* both ways are tried */
}

/* figures.gp, run by gnuplot in a copy of the output folder, draws the
 * same image again (one block is enough to show the contract: inputs by
 * name, the script from scripts/). */
static void test_figures_gp_redraws_a_figure_from_the_csvs(void)
{
	const struct shared_report *r = shared_report("default");
	char *copy = tmpdir_new();
	char *cmd = xasprintf("cp -r \"$NEURON_FROM\"/. '%s'", copy);
	char *gp = path_join(copy, "figures.gp"), *fit = path_join(copy, "fit.png");

	setenv("NEURON_FROM", r->dir, 1);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	unsetenv("NEURON_FROM");
	char *text = slurp(gp, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	const char *start = strstr(text, "\n# fit.png\n");
	const char *end = start ? strstr(start + 1, "\n# ") : NULL;
	CU_ASSERT_FATAL(start && end);
	char *block = path_join(copy, "one.gp");
	FILE *fp = fopen(block, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fwrite(start, 1, (size_t)(end - start), fp);
	fclose(fp);
	unlink(fit);
	/* With the library the program preloads, the same bytes (without it,
	 * the same pixels packed otherwise: test_plot.c). */
	CU_ASSERT_EQUAL(gnuplot_run(copy, "one.gp", preload_library()), 0);
	size_t n1, n2;
	char *orig_path = path_join(r->dir, "fit.png");
	char *a = slurp(orig_path, &n1), *b = slurp(fit, &n2);
	CU_ASSERT(a && b && n1 == n2 && !memcmp(a, b, n1));
	free(a); free(b); free(orig_path); free(text); free(block); free(cmd); free(gp); free(fit);
	rm_rf(copy);
	free(copy);
}

/* The rows of each run that figures.gp passes (nr_<file>_from<i> and
 * nr_<file>_to<i>, data rows from 0) are exactly that run's rows of the
 * file, read back: the first column names the run. A script that plots
 * run i reads only those, so a range one row short would drop a point. */
static void test_each_runs_rows_passed_to_the_scripts_are_its_rows_in_the_file(void)
{
	const struct shared_report *r = shared_report("default");
	char *text = report_file(r, "figures.gp");
	size_t ranges = 0, blocks_with = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	for (char *block = strstr(text, "\n# "); block; ) {
		char *next = strstr(block + 1, "\n# ");
		size_t len = next ? (size_t)(next - block) : strlen(block);
		char *b = strndup(block, len), *save = NULL;
		size_t here = 0;
		for (char *line = strtok_r(b, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			char file[32], value[128];
			unsigned run;
			long long from, to;
			if (sscanf(line, "nr_%31[a-z]_from%u = %lld", file, &run, &from) != 3)
				continue;
			/* Its end, and the file: nr_<file> = '<name>', in this block. */
			char *want = xasprintf("nr_%s_to%u = ", file, run), *at = strstr(block, want);
			char *decl = xasprintf("\nnr_%s = '", file), *f = strstr(block, decl);
			CU_ASSERT_FATAL(at && at < block + len && f && f < block + len);
			CU_ASSERT_FATAL(sscanf(at + strlen(want), "%lld", &to) == 1);
			CU_ASSERT_FATAL(sscanf(f + strlen(decl), "%127[^']", value) == 1);
			struct table t = table_load(r->dir, value);
			size_t n = 0, first = 0;
			for (size_t row = 1; row < t.rows; row++)
				if ((unsigned)table_num(&t, row, 0) == run && n++ == 0)
					first = row - 1;
			CU_ASSERT(n > 0 && (long long)first == from && (long long)(first + n - 1) == to);
			/* The runs follow one another: no row of another in between. */
			for (long long row = from; row <= to && row + 1 < (long long)t.rows; row++)
				CU_ASSERT_EQUAL((unsigned)table_num(&t, (size_t)row + 1, 0), run);
			table_free(&t);
			free(want);
			free(decl);
			here++;
		}
		ranges += here;
		blocks_with += here > 0;
		free(b);
		block = next;
	}
	/* The explorer's 12 cards, opt_loss, opt_paths, landscape, lr_loss and
	 * gradients all read their runs so. */
	CU_ASSERT(blocks_with >= 17);
	CU_ASSERT(ranges >= 50);
	free(text);
}

/* Determinism only: two runs of the same report differ in no byte of the
 * documents but the date line (the values are checked above). */
static void test_two_reports_differ_only_in_the_date_determinism_only(void)
{
	struct proc p1, p2;
	char *d1 = fake_report(&p1, "--iters", "300", NULL, NULL, NULL, NULL);
	char *d2 = fake_report(&p2, "--iters", "300", NULL, NULL, NULL, NULL);
	char *m1 = path_join(d1, "report.md"), *m2 = path_join(d2, "report.md");
	char *a = slurp(m1, NULL), *b = slurp(m2, NULL);

	CU_ASSERT(p1.status == 0 && p2.status == 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	char *da = strstr(a, "| generated |"), *db = strstr(b, "| generated |");
	CU_ASSERT_FATAL(da && db);
	memset(da, ' ', strcspn(da, "\n"));
	memset(db, ' ', strcspn(db, "\n"));
	/* The output directories differ, and the command line names them. */
	char *ca = strstr(a, "\n```\n"), *cb = strstr(b, "\n```\n");
	CU_ASSERT_FATAL(ca && cb);
	*ca = *cb = '\0';
	CU_ASSERT_STRING_EQUAL(a, b);
	free(a); free(b); free(m1); free(m2);
	proc_free(&p1);
	proc_free(&p2);
	rm_rf(d1); rm_rf(d2);
	free(d1); free(d2);
}

int suite_report(void)
{
	/* The tests that make runs of their own and read no shared report:
	 * any process of the runner may take them (main.c). */
	CU_pSuite runs = CU_add_suite("report_runs", NULL, NULL);
	if (!runs)
		return CU_get_error();
	CU_ADD_TEST(runs, test_given_rates_are_used_as_given);
	CU_ADD_TEST(runs, test_an_example_far_outside_the_data_is_still_exact);
	CU_ADD_TEST(runs, test_runs_at_the_edges_are_described_as_they_ended);
	CU_ADD_TEST(runs, test_two_reports_differ_only_in_the_date_determinism_only);
	CU_pSuite s = CU_add_suite("report", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_the_results_table_agrees_with_the_trace);
	CU_ADD_TEST(s, test_the_settling_iteration_agrees_with_the_trace);
	CU_ADD_TEST(s, test_the_documents_tables_agree_with_their_csvs);
	CU_ADD_TEST(s, test_the_worked_example_spells_out_the_hand_calculation);
	CU_ADD_TEST(s, test_the_html_is_well_formed_and_self_contained);
	CU_ADD_TEST(s, test_html_tidy_finds_no_error_or_warning);
	CU_ADD_TEST(s, test_the_exact_comparison_matches_the_library);
	CU_ADD_TEST(s, test_the_article_comparison_uses_its_own_rates);
	CU_ADD_TEST(s, test_the_graph_shows_exactly_the_model_values);
	CU_ADD_TEST(s, test_the_network_shows_where_the_run_started_and_ended);
	CU_ADD_TEST(s, test_the_steps_agree_with_a_run_done_directly);
	CU_ADD_TEST(s, test_the_gradient_check_agrees_with_hand_and_finite_differences);
	CU_ADD_TEST(s, test_both_gradient_paths_end_at_the_articles_numbers);
	CU_ADD_TEST(s, test_paths_and_frames_are_rows_of_the_traces);
	CU_ADD_TEST(s, test_rescaling_lowers_the_condition_number_and_the_count);
	CU_ADD_TEST(s, test_a_diverging_run_stays_inside_the_landscape);
	CU_ADD_TEST(s, test_the_captions_say_where_each_run_started_ended_and_settled);
	CU_ADD_TEST(s, test_the_sweep_caption_holds_for_every_run_of_the_sweep);
	CU_ADD_TEST(s, test_each_gradient_mode_shows_the_formula_its_run_used);
	CU_ADD_TEST(s, test_the_gradients_caption_says_how_both_runs_ended);
	CU_ADD_TEST(s, test_a_report_on_other_data_does_not_speak_of_the_articles);
	CU_ADD_TEST(s, test_the_reproduce_command_reads_back_as_its_arguments);
	CU_ADD_TEST(s, test_every_figure_exists_in_every_format);
	CU_ADD_TEST(s, test_the_contact_sheet_shows_every_figure_small_or_as_its_thumbnail);
	CU_ADD_TEST(s, test_figures_gp_redraws_a_figure_from_the_csvs);
	CU_ADD_TEST(s, test_each_runs_rows_passed_to_the_scripts_are_its_rows_in_the_file);
	return CU_get_error();
}
