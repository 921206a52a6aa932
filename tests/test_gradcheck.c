/*
 * test_gradcheck.c - the gradient check against independent computations:
 * the derivative written out as a sum, the identity the article's formula
 * satisfies, and the article's published end points for both paths.
 */
#include <CUnit/CUnit.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "model/analysis.h"
#include "model/data.h"
#include "model/gradcheck.h"
#include "model/setup.h"
#include "model/train.h"
#include "base/err.h"
#include "helpers.h"
#include "model/rng.h"
#include "suites.h"

/* dL/dw and dL/db by their textbook sums: 2/n sum x (wx + b - y), 2/n sum (wx + b - y). */
static void by_hand(const struct dataset *d, double w, double b, double *dw, double *db)
{
	double sw = 0, sb = 0;
	for (size_t i = 0; i < d->n; i++) {
		double r = w * d->x[i] + b - d->y[i];
		sw += d->x[i] * r;
		sb += r;
	}
	*dw = 2 * sw / (double)d->n;
	*db = 2 * sb / (double)d->n;
}

/*
 * At random points the central difference agrees with the derivative: L is
 * quadratic, so only rounding separates them, about eps L / h with h = 1e-4
 * max(1, |w|); 1e-7 relative to max(1, L) is a hundred times that bound.
 */
static void test_finite_differences_agree_with_the_derivative(void)
{
	struct dataset d;
	struct rng r;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), 0);
	rng_seed(&r, 11);
	for (int t = 0; t < 50; t++) {
		double w = 10 * rng_uniform(&r) - 5, b = 100 * rng_uniform(&r) - 50;
		struct grad_point g;
		double dw, db;
		gradcheck_point(&d, w, b, &g);
		by_hand(&d, w, b, &dw, &db);
		double tol = 1e-7 * fmax(1, g.loss);
		CU_ASSERT_DOUBLE_EQUAL(g.dw_fd, g.dw_exact, tol);
		CU_ASSERT_DOUBLE_EQUAL(g.db_fd, g.db, tol);
		/* Same sums, other rounding: 1e-10 relative. */
		CU_ASSERT_DOUBLE_EQUAL(g.dw_exact, dw, 1e-10 * fmax(1, fabs(dw)));
		CU_ASSERT_DOUBLE_EQUAL(g.db, db, 1e-10 * fmax(1, fabs(db)));
		CU_ASSERT(g.hw == 1e-4 * fmax(1, fabs(w)) && g.hb == 1e-4 * fmax(1, fabs(b)));
	}
	dataset_free(&d);
}

/* The article's formula is w dL/dw + b dL/db, not dL/dw: checked to 1e-12
 * relative (a few roundings of sums of 100 terms). At the article's start
 * it is -1308 where the derivative is -1635. */
static void test_articles_formula_is_w_dw_plus_b_db(void)
{
	struct dataset d;
	struct rng r;
	struct grad_point g;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), 0);
	rng_seed(&r, 12);
	for (int t = 0; t < 50; t++) {
		double w = 10 * rng_uniform(&r) - 5, b = 100 * rng_uniform(&r) - 50;
		gradcheck_point(&d, w, b, &g);
		double identity = w * g.dw_exact + b * g.db;
		double scale = fabs(w * g.dw_exact) + fabs(b * g.db) + 1;
		CU_ASSERT_DOUBLE_EQUAL(g.dw_article, identity, 1e-12 * scale);
	}
	/* At the article's start (0.8, 0), against the sums written out. */
	gradcheck_point(&d, 0.8, 0, &g);
	double dw, db;
	by_hand(&d, 0.8, 0, &dw, &db);
	CU_ASSERT_DOUBLE_EQUAL(g.dw_exact, -1635, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(g.dw_article, 0.8 * dw, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(g.loss, 1825.5, 1e-9);
	dataset_free(&d);
}

/* x and y near 1e100, the largest values data may hold (data.h). */
#define LIMIT_DATA "x,y\n1e100,1e100\n-1e100,-5e99\n5e99,3e99\n"

/* The data above through the reader and setup, as a run gets it. */
static void limit_data(struct dataset *d, struct analysis *a, struct train_config *cfg)
{
	char *dir = tmpdir_new(), *path = path_join(dir, "limits.csv");
	struct run_options o;

	write_file(path, LIMIT_DATA);
	run_options_default(&o);
	o.data = path;
	CU_ASSERT_EQUAL_FATAL(setup_data(&o, d, a), NR_OK);
	*cfg = setup_config(&o, NULL);
	rm_rf(dir);
	free(path);
	free(dir);
}

/*
 * On data at the limits, at the points the report checks (the article's
 * start, the run's start, near the minimum, the end of a stable run),
 * every number is finite: the derivative matches its sums taken in long
 * double, and the article's formula is w dL/dw + b dL/db, to 1e-12 of the
 * sums of their terms' magnitudes (the terms cancel to far less than
 * their size near the minimum), and each central difference is within
 * 100 eps L / h of the
 * derivative (the rounding bound, gradcheck.h). The default rate 1e-4 is
 * 1e196 times too large here: the run diverges at its first update, and
 * the check at its end says it overflowed.
 */
static void test_data_at_the_limits_gives_finite_checks_or_says_they_overflowed(void)
{
	struct dataset d;
	struct analysis a;
	struct train_config cfg;
	struct train_result res;

	limit_data(&d, &a, &cfg);
	CU_ASSERT_FATAL(a.critical_lr[GRADIENT_EXACT] > 0 && isfinite(a.critical_lr[GRADIENT_EXACT]));
	cfg.lr = 0.5 * a.critical_lr[GRADIENT_EXACT];
	cfg.iters = 1000;
	CU_ASSERT_EQUAL_FATAL(train_run(&d, &cfg, &a, NULL, 0, &res), NR_OK);
	CU_ASSERT(res.status == STATUS_CONVERGED || res.status == STATUS_NOT_CONVERGED);
	const double at[][2] = {
		{ 0.8, 0 }, { cfg.w0, cfg.b0 }, { a.w_opt + 0.05, a.b_opt - 1 }, { res.last.w, res.last.b },
	};
	for (size_t p = 0; p < sizeof at / sizeof at[0]; p++) {
		double w = at[p][0], b = at[p][1];
		struct grad_point g;
		long double sw = 0, sb = 0, mag_w = 0, mag_b = 0, mag_article = 0;
		gradcheck_point(&d, w, b, &g);
		CU_ASSERT(g.finite);
		for (size_t i = 0; i < d.n; i++) {
			long double r = (long double)w * d.x[i] + b - d.y[i];
			sw += d.x[i] * r;
			sb += r;
			mag_w += fabsl(d.x[i] * r);
			mag_b += fabsl(r);
			mag_article += fabsl(((long double)w * d.x[i] + b) * r);
		}
		double dw = (double)(2 * sw / d.n), db = (double)(2 * sb / d.n);
		CU_ASSERT(fabs(g.dw_exact - dw) <= 1e-12 * (double)(2 * mag_w / d.n));
		CU_ASSERT(fabs(g.db - db) <= 1e-12 * (double)(2 * mag_b / d.n));
		long double identity = (long double)w * g.dw_exact + (long double)b * g.db;
		CU_ASSERT(fabsl(g.dw_article - identity) <= 1e-12L * 2 * mag_article / d.n);
		CU_ASSERT(fabs(g.dw_fd - g.dw_exact) <= 100 * DBL_EPSILON * g.loss / g.hw);
		CU_ASSERT(fabs(g.db_fd - g.db) <= 100 * DBL_EPSILON * g.loss / g.hb);
	}

	cfg.lr = 1e-4;
	CU_ASSERT_EQUAL_FATAL(train_run(&d, &cfg, &a, NULL, 0, &res), NR_OK);
	CU_ASSERT_EQUAL(res.status, STATUS_DIVERGED);
	CU_ASSERT_EQUAL(res.diverged_at, 1);
	struct grad_point g;
	gradcheck_point(&d, res.last.w, res.last.b, &g);
	CU_ASSERT(isfinite(res.last.w) && isfinite(res.last.b) && !g.finite);
	dataset_free(&d);
}

int suite_gradcheck(void)
{
	CU_pSuite s = CU_add_suite("gradcheck", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_finite_differences_agree_with_the_derivative);
	CU_ADD_TEST(s, test_articles_formula_is_w_dw_plus_b_db);
	CU_ADD_TEST(s, test_data_at_the_limits_gives_finite_checks_or_says_they_overflowed);
	return CU_get_error();
}
