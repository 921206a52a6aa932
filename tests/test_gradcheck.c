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

/* Both paths end where ARTICLE.md says the article's code ends: bit for bit
 * with the article's formula, to ARTICLE.md's 1e-12 with the exact gradient
 * (whose sums run in lanes, neuron.h). */
static void test_both_paths_end_at_the_articles_numbers(void)
{
	struct dataset d;
	struct analysis a;
	struct path p[2] = { PATH_INIT(100, 100), PATH_INIT(100, 100) };
	struct train_result res[2];
	struct train_config cfg = { .lr = 1e-4, .iters = 10000, .w0 = 0.8, .b0 = 0 };

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), 0);
	analysis_compute(&d, &a);
	CU_ASSERT_EQUAL_FATAL(gradcheck_paths(&d, &a, &cfg, p, res), 0);
	ASSERT_SAME_DOUBLE(res[GRADIENT_ARTICLE].last.w, 1.8741240769804204);
	ASSERT_SAME_DOUBLE(res[GRADIENT_ARTICLE].last.b, 27.71691162703039);
	ASSERT_SAME_DOUBLE(res[GRADIENT_ARTICLE].last.loss, 23.241890702903483);
	CU_ASSERT_DOUBLE_EQUAL(res[GRADIENT_EXACT].last.w, 1.7973978721339001,
	                       1e-12 * 1.7973978721339001);
	CU_ASSERT_DOUBLE_EQUAL(res[GRADIENT_EXACT].last.b, 27.667455540105017,
	                       1e-12 * 27.667455540105017);
	for (int k = 0; k < 2; k++) {
		CU_ASSERT(p[k].n > 100 && p[k].n < 400);
		CU_ASSERT_EQUAL(p[k].pt[0].k, 0);
		CU_ASSERT_EQUAL(p[k].pt[p[k].n - 1].k, 10000);
		ASSERT_SAME_DOUBLE(p[k].pt[p[k].n - 1].w, res[k].last.w);
		path_free(&p[k]);
	}
	dataset_free(&d);
}

int suite_gradcheck(void)
{
	CU_pSuite s = CU_add_suite("gradcheck", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_finite_differences_agree_with_the_derivative);
	CU_ADD_TEST(s, test_articles_formula_is_w_dw_plus_b_db);
	CU_ADD_TEST(s, test_both_paths_end_at_the_articles_numbers);
	return CU_get_error();
}
