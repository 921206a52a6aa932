/*
 * test_gradcheck.c - the gradient check against independent computations:
 * the derivative written out as a sum, the identity the article's formula
 * satisfies, and the article's published end points for both paths.
 */
#include <CUnit/CUnit.h>
#include <math.h>

#include "model/analysis.h"
#include "model/data.h"
#include "model/gradcheck.h"
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

int suite_gradcheck(void)
{
	CU_pSuite s = CU_add_suite("gradcheck", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_finite_differences_agree_with_the_derivative);
	CU_ADD_TEST(s, test_articles_formula_is_w_dw_plus_b_db);
	return CU_get_error();
}
