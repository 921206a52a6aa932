/*
 * test_sweep.c - the learning-rate comparison: names of rates that read back
 * exactly, the dense sweep's grid and its observed boundary, summary.csv and
 * sweep.csv parsed back with libcsv and checked against runs done directly
 * through the library, the table on stdout, and both figures in every format
 * for both gradients.
 */
#include <CUnit/CUnit.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "output/afile.h"
#include "model/analysis.h"
#include "app/cli.h"
#include "model/data.h"
#include "base/err.h"
#include "helpers.h"
#include "model/rng.h"
#include "report/run.h"
#include "suites.h"
#include "report/sweep.h"
#include "model/train.h"

/* Many positive doubles: log-uniform over 1e-12 .. 1e3, short decimals,
 * and awkward ones. */
static size_t sample_rates(double *v, size_t cap)
{
	static const double odd[] = {
		1e-5, 1e-4, 5e-4, 1.1e-3, 1.25e-3, 0.1 + 0.2, 1.0 / 3, 2.0 / 3,
		0.01, 0.0099999999999999985, 1e4, 9999.5, 1, 2, DBL_MIN, 5e-324,
		DBL_MAX, 1e-300, 1e22, 1e23, 123456789012345680.0, 0.7
	};
	struct rng r;
	size_t n = 0;

	for (size_t i = 0; i < sizeof odd / sizeof odd[0] && n < cap; i++)
		v[n++] = odd[i];
	rng_seed(&r, 4);
	while (n < cap) {
		double e = -12 + 15 * rng_uniform(&r);
		v[n++] = pow(10, e);
		if (n < cap)   /* a short decimal: k * 10^j */
			v[n++] = (double)(1 + rng_next(&r) % 999) * pow(10, floor(e));
	}
	return n;
}

/* Significant digits of a decimal or scientific text. */
static int sig_digits(const char *s)
{
	int n = 0, started = 0;
	const char *end = strchr(s, 'e');
	const char *last = end ? end : s + strlen(s);
	/* trailing zeros of a plain integer are not significant */
	if (!end && !strchr(s, '.'))
		while (last > s + 1 && last[-1] == '0')
			last--;
	for (const char *p = s; p < last; p++)
		if (*p >= '0' && *p <= '9') {
			started |= *p != '0';
			n += started;
		}
	return n;
}

static void test_labels_are_as_people_write_them(void)
{
	static const struct { double lr; const char *label, *dir; } cases[] = {
		{ 1e-5, "1e-5", "0.00001" },
		{ 1e-4, "1e-4", "0.0001" },
		{ 5e-4, "5e-4", "0.0005" },
		{ 1.1e-3, "1.1e-3", "0.0011" },
		{ 1.25e-3, "1.25e-3", "0.00125" },
		{ 0.05, "0.05", "0.05" },
		{ 0.5, "0.5", "0.5" },
		{ 2, "2", "2" },
		{ 3e5, "3e5", "300000" },
		{ 1e-40, "1e-40", "1e-40" },   /* too long as a plain decimal */
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char label[LR_LABEL_SIZE];
		char *dir = lr_dirname(cases[i].lr);
		lr_label(cases[i].lr, label);
		CU_ASSERT_STRING_EQUAL(label, cases[i].label);
		CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
		CU_ASSERT_STRING_EQUAL(dir, cases[i].dir);
		free(dir);
	}
}

/* Both forms read back as the same double, and one digit fewer would not. */
static void test_labels_and_directory_names_round_trip(void)
{
	static double v[4000];
	size_t n = sample_rates(v, 4000);
	size_t not_shortest = 0, bad = 0;

	for (size_t i = 0; i < n; i++) {
		char label[LR_LABEL_SIZE], shorter[64];
		char *dir = lr_dirname(v[i]);
		lr_label(v[i], label);
		CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
		if (strtod(label, NULL) != v[i] || strtod(dir, NULL) != v[i] ||
		    strlen(dir) > LR_DIRNAME_MAX || strchr(label, '+') || strstr(label, "e-0"))
			bad++;
		/* Independent check of "fewest digits": %.{d-2}e has d-1 of them. */
		int d = sig_digits(label);
		if (d > 1) {
			snprintf(shorter, sizeof shorter, "%.*e", d - 2, v[i]);
			not_shortest += strtod(shorter, NULL) == v[i];
		}
		free(dir);
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(not_shortest, 0);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_directory_names_sort_in_numeric_order_below_one(void)
{
	enum { N = 500 };
	double v[N];
	char *names[N];
	struct rng r;

	rng_seed(&r, 9);
	for (size_t i = 0; i < N; i++) {
		/* 1e-12 .. 1, full 17-digit values, ascending */
		v[i] = i == 0 ? 1e-12 : v[i - 1] * (1 + 0.1 * rng_uniform(&r) + 1e-12);
		names[i] = lr_dirname(v[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(names[i]);
	}
	CU_ASSERT_FATAL(v[N - 1] < 1);
	char *sorted[N];
	memcpy(sorted, names, sizeof names);
	qsort(sorted, N, sizeof *sorted, cmp_str);
	size_t misplaced = 0;
	for (size_t i = 0; i < N; i++)
		misplaced += sorted[i] != names[i];
	CU_ASSERT_EQUAL(misplaced, 0);
	for (size_t i = 0; i < N; i++)
		free(names[i]);
}

static void test_dense_grid_spans_the_limit_evenly_in_log(void)
{
	double lrs[SWEEP_DENSE_MAX];
	const double c = 1.2e-3;
	size_t n = sweep_dense_lrs(c, 0, 0, lrs);

	CU_ASSERT(n >= 50 && n <= SWEEP_DENSE_MAX);
	CU_ASSERT_DOUBLE_EQUAL(lrs[0], c / 1000, 1e-15 * c);
	CU_ASSERT_DOUBLE_EQUAL(lrs[n - 1], 2 * c, 1e-15 * c);
	int below = 0, above = 0, log_points = 0;
	for (size_t i = 0; i < n; i++) {
		if (i > 0) {
			CU_ASSERT(lrs[i] > lrs[i - 1]);
		}
		below |= lrs[i] < c && lrs[i] >= 0.999 * c;
		above |= lrs[i] > c && lrs[i] <= 1.001 * c;
		/* On the log grid: log(lr / lo) is a whole multiple of the step. */
		double step = log(2000.0) / (SWEEP_DENSE_LOG - 1);
		double j = log(lrs[i] / lrs[0]) / step;
		log_points += fabs(j - round(j)) < 1e-9;
	}
	CU_ASSERT(below && above);
	CU_ASSERT_EQUAL(log_points, SWEEP_DENSE_LOG);

	/* With no stable rate the grid spans the compared rates instead. */
	n = sweep_dense_lrs(0, 1e-5, 1e-3, lrs);
	CU_ASSERT_EQUAL(n, SWEEP_DENSE_LOG);
	CU_ASSERT_DOUBLE_EQUAL(lrs[0], 1e-8, 1e-20);
	CU_ASSERT_DOUBLE_EQUAL(lrs[n - 1], 2e-3, 1e-15);
}

static void test_boundary_is_where_every_larger_rate_is_unstable(void)
{
	const double lrs[] = { 1, 2, 3, 4, 5 };
	struct train_result res[5];
	double s, u;
	enum train_status C = STATUS_CONVERGED, N = STATUS_NOT_CONVERGED,
	                  O = STATUS_OSCILLATING, D = STATUS_DIVERGED;
	const enum train_status cases[][5] = {
		{ N, C, C, O, D },   /* settles to 3, unstable from 4 */
		{ N, O, C, D, D },   /* an early oscillation does not count */
		{ N, N, C, C, C },   /* nothing unstable */
		{ D, D, D, D, D },   /* nothing settles */
	};
	const double expect[][2] = { { 3, 4 }, { 3, 4 }, { 5, 0 }, { 0, 1 } };

	for (size_t k = 0; k < 4; k++) {
		for (size_t i = 0; i < 5; i++)
			res[i].status = cases[k][i];
		sweep_boundary(lrs, res, 5, &s, &u);
		CU_ASSERT_EQUAL(s, expect[k][0]);
		CU_ASSERT_EQUAL(u, expect[k][1]);
	}
}

/* lambda_max of [[2 mean(x^2), 2 mean(x)], [2 mean(x), 2]] for x = -50..49,
 * by hand: mean(x) = -1/2, mean(x^2) = 83350 / 100. */
static double exact_limit_closed_form(void)
{
	double h00 = 2 * 833.5, h01 = -1, h11 = 2;
	double lmax = (h00 + h11) / 2 + sqrt((h00 - h11) * (h00 - h11) / 4 + h01 * h01);
	return 2 / lmax;
}

/* The options a default report uses, parsed as main() would. */
static void report_options(struct options *o, const char *gradient, const char *out)
{
	char *argv[] = { "neuron", "report", "--gradient", (char *)gradient, "--out", (char *)out, NULL };
	CU_ASSERT_EQUAL_FATAL(cli_parse(6, argv, o), NR_OK);
}

/* Column index of `name` in the header row, or -1. */
static int col(const struct table *t, const char *name)
{
	for (size_t c = 0; c < t->cols; c++)
		if (!strcmp(table_at(t, 0, c), name))
			return (int)c;
	return -1;
}

/* Every row of summary.csv equals a run done directly through the library,
 * and each run's directory holds its trace. */
static void check_summary(const char *dir, const char *gradient, const double *want_lrs,
                          size_t n_want)
{
	struct options o;
	struct dataset d;
	struct analysis a;
	struct table t;
	char *path = path_join(dir, "summary.csv");

	report_options(&o, gradient, dir);
	CU_ASSERT_EQUAL_FATAL(run_data(&o, &d, &a), NR_OK);
	CU_ASSERT_EQUAL_FATAL(table_read(path, &t), NR_OK);
	CU_ASSERT_FALSE(t.ragged);
	CU_ASSERT_EQUAL_FATAL(t.rows, n_want + 1);
	const char *names[] = { "lr", "label", "gradient", "iterations", "loss", "weight",
	                        "bias", "status", "diverged_at", "lr_over_critical", "run_dir" };
	int c[11];
	for (int k = 0; k < 11; k++) {
		c[k] = col(&t, names[k]);
		CU_ASSERT_FATAL(c[k] >= 0);
	}
	double critical = a.critical_lr[o.gradient];
	for (size_t i = 1; i < t.rows; i++) {
		double lr = table_num(&t, i, c[0]);
		CU_ASSERT_EQUAL(lr, want_lrs[i - 1]);
		char label[LR_LABEL_SIZE];
		lr_label(lr, label);
		CU_ASSERT_STRING_EQUAL(table_at(&t, i, c[1]), label);
		CU_ASSERT_STRING_EQUAL(table_at(&t, i, c[2]), gradient);

		struct train_config cfg = run_config(&o, lr, NULL);
		struct train_result r;
		CU_ASSERT_EQUAL_FATAL(train_run(&d, &cfg, &a, NULL, NULL, &r), NR_OK);
		CU_ASSERT_EQUAL(table_num(&t, i, c[3]), (double)r.last.k);
		ASSERT_SAME_DOUBLE(table_num(&t, i, c[4]), r.last.loss);
		ASSERT_SAME_DOUBLE(table_num(&t, i, c[5]), r.last.w);
		ASSERT_SAME_DOUBLE(table_num(&t, i, c[6]), r.last.b);
		CU_ASSERT_STRING_EQUAL(table_at(&t, i, c[7]), train_status_name(r.status));
		if (r.diverged_at < 0) {
			CU_ASSERT_STRING_EQUAL(table_at(&t, i, c[8]), "-");
		} else {
			CU_ASSERT_EQUAL(table_num(&t, i, c[8]), (double)r.diverged_at);
		}
		CU_ASSERT_DOUBLE_EQUAL(table_num(&t, i, c[9]), lr / critical, 1e-15 * lr / critical);

		/* runs/lr-<value>/trace.csv ends with the same state. */
		char *name = lr_dirname(lr);
		char *rel = xasprintf("runs/lr-%s", name);
		CU_ASSERT_STRING_EQUAL(table_at(&t, i, c[10]), rel);
		char *trace = xasprintf("%s/%s/trace.csv", dir, rel);
		char *pred = xasprintf("%s/%s/predictions.csv", dir, rel);
		struct table tr;
		CU_ASSERT(file_exists(pred));
		CU_ASSERT_EQUAL_FATAL(table_read(trace, &tr), NR_OK);
		CU_ASSERT_EQUAL(table_num(&tr, tr.rows - 1, 0), (double)r.last.k);
		ASSERT_SAME_DOUBLE(table_num(&tr, tr.rows - 1, 1), r.last.loss);
		ASSERT_SAME_DOUBLE(table_num(&tr, tr.rows - 1, 2), r.last.w);
		table_free(&tr);
		free(name); free(rel); free(trace); free(pred);
	}
	table_free(&t);
	free(path);
	dataset_free(&d);
}

/*
 * sweep.csv: each row equals a direct run; rates span the limit; the
 * observed boundary lies within `tol` of the computed limit.
 */
static void check_dense(const char *dir, const char *gradient, double tol)
{
	struct options o;
	struct dataset d;
	struct analysis a;
	struct table t;
	char *path = path_join(dir, "sweep.csv");

	report_options(&o, gradient, dir);
	CU_ASSERT_EQUAL_FATAL(run_data(&o, &d, &a), NR_OK);
	CU_ASSERT_EQUAL_FATAL(table_read(path, &t), NR_OK);
	CU_ASSERT_FALSE(t.ragged);
	CU_ASSERT_FATAL(t.rows >= 51);
	int clr = col(&t, "lr"), closs = col(&t, "loss"), cst = col(&t, "status"),
	    cdiv = col(&t, "diverged_at"), cq = col(&t, "lr_over_critical"),
	    cit = col(&t, "iterations");
	CU_ASSERT_FATAL(clr >= 0 && closs >= 0 && cst >= 0 && cdiv >= 0 && cq >= 0 && cit >= 0);

	double critical = a.critical_lr[o.gradient];
	double settled = 0, unstable = 0;
	size_t n = t.rows - 1;
	for (size_t i = 1; i <= n; i++) {
		double lr = table_num(&t, i, clr);
		struct train_config cfg = run_config(&o, lr, NULL);
		struct train_result r;
		CU_ASSERT_EQUAL_FATAL(train_run(&d, &cfg, &a, NULL, NULL, &r), NR_OK);
		ASSERT_SAME_DOUBLE(table_num(&t, i, closs), r.last.loss);
		CU_ASSERT_EQUAL(table_num(&t, i, cit), (double)r.last.k);
		CU_ASSERT_STRING_EQUAL(table_at(&t, i, cst), train_status_name(r.status));
		if (r.diverged_at >= 0) {
			CU_ASSERT_EQUAL(table_num(&t, i, cdiv), (double)r.diverged_at);
		}
		CU_ASSERT_DOUBLE_EQUAL(table_num(&t, i, cq), lr / critical, 1e-15 * lr / critical);
		/* The boundary by its definition, recomputed from the rows. */
		if (sweep_settled(r.status)) {
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
	free(path);
	dataset_free(&d);
}

/* The stdout table: a header, one row per rate, columns aligned. */
static void check_table(const char *out, size_t rows)
{
	const char *h = strstr(out, "\nlr  ");   /* not the main run's "lr 0.0001" */
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	h++;
	const char *status_col = strstr(h, "status");
	CU_ASSERT_PTR_NOT_NULL_FATAL(status_col);
	size_t at = (size_t)(status_col - h);
	const char *line = strchr(h, '\n') + 1;
	for (size_t i = 0; i < rows; i++) {
		const char *end = strchr(line, '\n');
		CU_ASSERT_PTR_NOT_NULL_FATAL(end);
		CU_ASSERT((size_t)(end - line) > at);
		CU_ASSERT(line[at - 1] == ' ' && line[at] != ' ');
		CU_ASSERT(!strncmp(line + at, "converged", 9) || !strncmp(line + at, "not_converged", 13) ||
		          !strncmp(line + at, "oscillating", 11) || !strncmp(line + at, "diverged", 8));
		line = end + 1;
	}
}


static void test_exact_report_matches_the_library(void)
{
	static const double defaults[] = { 1e-5, 1e-4, 5e-4, 1.1e-3, 1.25e-3 };
	const char *formats[] = { "png", "svg", "pdf" };
	char *dir = tmpdir_new();

	for (int f = 0; f < 3; f++) {
		struct proc p;
		run_neuron(&p, "report", "--format", formats[f], "--out", dir, NULL);
		CU_ASSERT_EQUAL(p.status, 0);
		if (p.status)
			fprintf(stderr, "\n%s", p.err);
		if (f == 0) {
			check_table(p.out, 5);
			CU_ASSERT_PTR_NOT_NULL(strstr(p.out, "stability: critical lr"));
		}
		proc_free(&p);
		check_image(dir, "lr_loss", formats[f]);
		check_image(dir, "lr_final", formats[f]);
	}
	check_summary(dir, "exact", defaults, 5);
	/* Agrees with the closed form, and the sweep sees blow-up within 0.1%. */
	struct dataset d;
	struct analysis a;
	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), NR_OK);
	analysis_compute(&d, &a);
	CU_ASSERT_DOUBLE_EQUAL(a.critical_lr[GRADIENT_EXACT] / exact_limit_closed_form(), 1, 1e-14);
	dataset_free(&d);
	check_dense(dir, "exact", 0.0011);
	rm_rf(dir);
	free(dir);
}

static void test_article_report_uses_its_own_defaults(void)
{
	static const double defaults[] = { 1e-5, 1e-4, 5e-4, 7e-4, 9e-4 };
	char *dir = tmpdir_new();
	struct proc p;

	run_neuron(&p, "report", "--gradient", "article", "--out", dir, NULL);
	CU_ASSERT_EQUAL(p.status, 0);
	check_table(p.out, 5);
	proc_free(&p);
	check_summary(dir, "article", defaults, 5);
	/* Just above its limit (7e-4) on the period-2 cycle, 9e-4 diverges. */
	struct table t;
	char *path = path_join(dir, "summary.csv");
	CU_ASSERT_EQUAL_FATAL(table_read(path, &t), NR_OK);
	CU_ASSERT_STRING_EQUAL(table_at(&t, 4, 7), "oscillating");
	CU_ASSERT_STRING_EQUAL(table_at(&t, 5, 7), "diverged");
	table_free(&t);
	free(path);
	/* Near its limit the article's formula converges slowly: 10000
	 * updates at 0.999 x still oscillate, so the bracket is 0.3%. */
	check_dense(dir, "article", 0.004);
	check_image(dir, "lr_loss", "png");
	check_image(dir, "lr_final", "png");
	rm_rf(dir);
	free(dir);
}

static void test_given_rates_are_used_as_given(void)
{
	const double lrs[] = { 2e-4, 3e-3 };
	char *dir = tmpdir_new();
	struct proc p;

	run_neuron(&p, "report", "--gradient", "article", "--lrs", "3e-3,2e-4,3e-3",
	           "--iters", "500", "--out", dir, NULL);
	CU_ASSERT_EQUAL(p.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.err, "more than once"));
	check_table(p.out, 2);
	proc_free(&p);
	char *path = path_join(dir, "summary.csv");
	struct table t;
	CU_ASSERT_EQUAL_FATAL(table_read(path, &t), NR_OK);
	CU_ASSERT_EQUAL(t.rows, 3);
	for (size_t i = 0; i < 2 && i + 1 < t.rows; i++) {
		CU_ASSERT_EQUAL(table_num(&t, i + 1, 0), lrs[i]);
		CU_ASSERT_STRING_EQUAL(table_at(&t, i + 1, 3), i == 0 ? "500" : table_at(&t, i + 1, 8));
	}
	table_free(&t);
	free(path);
	char *run = path_join(dir, "runs/lr-0.003/trace.csv");
	CU_ASSERT(file_exists(run));
	free(run);
	rm_rf(dir);
	free(dir);
}

int suite_sweep(void)
{
	CU_pSuite s = CU_add_suite("sweep", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_labels_are_as_people_write_them);
	CU_ADD_TEST(s, test_labels_and_directory_names_round_trip);
	CU_ADD_TEST(s, test_directory_names_sort_in_numeric_order_below_one);
	CU_ADD_TEST(s, test_dense_grid_spans_the_limit_evenly_in_log);
	CU_ADD_TEST(s, test_boundary_is_where_every_larger_rate_is_unstable);
	CU_ADD_TEST(s, test_exact_report_matches_the_library);
	CU_ADD_TEST(s, test_article_report_uses_its_own_defaults);
	CU_ADD_TEST(s, test_given_rates_are_used_as_given);
	return CU_get_error();
}
