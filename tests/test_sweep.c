/*
 * test_sweep.c - names of rates that read back exactly and sort, the dense
 * sweep's grid, and its observed boundary. (The comparison and the sweep
 * in a report are checked in test_report.c.)
 */
#include <CUnit/CUnit.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/analysis.h"
#include "model/data.h"
#include "base/err.h"
#include "helpers.h"
#include "model/rng.h"
#include "model/setup.h"
#include "suites.h"
#include "model/sweep.h"
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
	struct sweep_edges e;
	enum train_status C = STATUS_CONVERGED, N = STATUS_NOT_CONVERGED,
	                  O = STATUS_OSCILLATING, D = STATUS_DIVERGED;
	const enum train_status cases[][5] = {
		{ N, C, C, O, D },   /* settles to 3, unstable from 4 */
		{ N, O, C, D, D },   /* an early oscillation does not count */
		{ N, N, C, C, C },   /* nothing unstable */
		{ D, D, D, D, D },   /* nothing settles */
		{ C, O, O, O, O },   /* oscillating to the end, nothing diverged */
		{ C, D, O, D, D },   /* a diverged run below an oscillating one */
	};
	/* settled, unstable, diverged */
	const double expect[][3] = { { 3, 4, 5 }, { 3, 4, 4 }, { 5, 0, 0 }, { 0, 1, 1 },
	                             { 1, 2, 0 }, { 1, 2, 4 } };

	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		for (size_t i = 0; i < 5; i++)
			res[i].status = cases[k][i];
		sweep_boundary(lrs, res, 5, &e);
		CU_ASSERT_EQUAL(e.settled, expect[k][0]);
		CU_ASSERT_EQUAL(e.unstable, expect[k][1]);
		CU_ASSERT_EQUAL(e.diverged, expect[k][2]);
	}
}

/*
 * A dense sweep on three rows with x and y near 1e100, the largest values
 * data may hold, where the limit is about 1.3e-200: every run ends on
 * finite numbers (a blow-up stops at 1e12 times the first loss, far below
 * overflow), and for the exact gradient the statuses follow the closed
 * form (analysis.h): below critical / 2 both modes of I - lr H shrink
 * without changing sign, so the run settles; above critical the fast mode
 * grows, so it oscillates or diverges. For the article's gradient, whose
 * limit holds only near the minimum, each run is finite or diverged.
 */
static void test_a_sweep_on_data_at_the_limits_stays_finite_and_brackets_the_limit(void)
{
	char *dir = tmpdir_new(), *path = path_join(dir, "limits.csv");
	struct run_options o;
	struct dataset d;
	struct analysis a;
	double lrs[SWEEP_DENSE_MAX];
	struct train_result res[SWEEP_DENSE_MAX];

	write_file(path, "x,y\n1e100,1e100\n-1e100,-5e99\n5e99,3e99\n");
	run_options_default(&o);
	o.data = path;
	CU_ASSERT_EQUAL_FATAL(setup_data(&o, &d, &a), NR_OK);
	for (int g = 0; g < 2; g++) {
		struct train_config cfg = setup_config(&o, NULL);
		double critical = a.critical_lr[g];
		CU_ASSERT_FATAL(critical > 0 && critical < 1e-199);
		size_t n = sweep_dense_lrs(critical, 0, 0, lrs);
		cfg.gradient = (enum gradient)g;
		cfg.iters = 2000;
		CU_ASSERT_EQUAL_FATAL(sweep_run(&d, &a, &cfg, lrs, n, res), NR_OK);
		size_t settled = 0, unstable = 0;
		for (size_t i = 0; i < n; i++) {
			const struct train_state *s = &res[i].last;
			CU_ASSERT(isfinite(lrs[i]) && lrs[i] > 0);
			CU_ASSERT(isfinite(s->loss) && isfinite(s->w) && isfinite(s->b) &&
			          isfinite(s->dw) && isfinite(s->db));
			CU_ASSERT((res[i].status == STATUS_DIVERGED) == (res[i].diverged_at >= 0));
			if (g == GRADIENT_EXACT && lrs[i] < critical / 2) {
				CU_ASSERT(sweep_settled(res[i].status));
				settled++;
			} else if (g == GRADIENT_EXACT && lrs[i] > critical) {
				CU_ASSERT(!sweep_settled(res[i].status));
				unstable++;
			}
		}
		if (g == GRADIENT_EXACT) {
			struct sweep_edges e;
			sweep_boundary(lrs, res, n, &e);
			CU_ASSERT(settled > 20 && unstable > 5);
			CU_ASSERT(e.settled >= critical / 2 && e.settled < critical);
			CU_ASSERT(e.unstable > e.settled && e.unstable <= critical * 1.001);
			CU_ASSERT(e.diverged > critical);
		}
	}
	dataset_free(&d);
	rm_rf(dir);
	free(path);
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
	CU_ADD_TEST(s, test_a_sweep_on_data_at_the_limits_stays_finite_and_brackets_the_limit);
	return CU_get_error();
}
