/*
 * test_analysis.c - the closed forms against independent computations: the
 * normal equations solved by Cramer's rule, the characteristic polynomial,
 * and the eigenvalues of the article's data written out by hand.
 */
#include <CUnit/CUnit.h>
#include <math.h>

#include "model/analysis.h"
#include "model/data.h"
#include "helpers.h"
#include "model/rng.h"
#include "suites.h"

static void test_minimum_solves_the_normal_equations(void)
{
	struct dataset d;
	struct analysis a;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), 0);
	analysis_compute(&d, &a);
	/* [sxx sx; sx n] [w; b] = [sxy; sy], by Cramer's rule. */
	double sx = 0, sy = 0, sxx = 0, sxy = 0, n = (double)d.n;
	for (size_t i = 0; i < d.n; i++) {
		sx += d.x[i];
		sy += d.y[i];
		sxx += d.x[i] * d.x[i];
		sxy += d.x[i] * d.y[i];
	}
	double det = sxx * n - sx * sx;
	CU_ASSERT_DOUBLE_EQUAL(a.w_opt, (sxy * n - sx * sy) / det, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(a.b_opt, (sxx * sy - sx * sxy) / det, 1e-10);
	CU_ASSERT_DOUBLE_EQUAL(a.w_opt, 1.8, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(a.b_opt, 32, 1e-12);
	CU_ASSERT(a.loss_opt < 1e-25);
	dataset_free(&d);
}

static void test_minimum_recovers_a_random_line(void)
{
	struct dataset d;
	struct analysis a;
	struct rng r;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), 0);
	rng_seed(&r, 3);
	for (int t = 0; t < 20; t++) {
		double slope = 20 * rng_uniform(&r) - 10, icpt = 200 * rng_uniform(&r) - 100;
		for (size_t i = 0; i < d.n; i++)
			d.y[i] = slope * d.x[i] + icpt;
		analysis_compute(&d, &a);
		CU_ASSERT_DOUBLE_EQUAL(a.w_opt, slope, 1e-12 * fmax(1, fabs(slope)));
		CU_ASSERT_DOUBLE_EQUAL(a.b_opt, icpt, 1e-11 * fmax(1, fabs(icpt)));
	}
	dataset_free(&d);
}

/* mean(x) = -0.5 and mean(x^2) = 833.5 exactly for -50..49, so
 * H = [[1667, -1], [-1, 2]] and lambda = (1669 +- sqrt(1665^2 + 4)) / 2. */
static void test_hessian_and_eigenvalues_of_the_article_data(void)
{
	struct dataset d;
	struct analysis a;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), 0);
	analysis_compute(&d, &a);
	ASSERT_SAME_DOUBLE(a.hessian[0][0], 1667.0);
	ASSERT_SAME_DOUBLE(a.hessian[0][1], -1.0);
	ASSERT_SAME_DOUBLE(a.hessian[1][1], 2.0);
	double root = sqrt(1665.0 * 1665.0 + 4);
	CU_ASSERT_DOUBLE_EQUAL(a.lambda_max, (1669 + root) / 2, 1e-12 * 1667);
	CU_ASSERT_DOUBLE_EQUAL(a.lambda_min, (1669 - root) / 2, 1e-12);
	/* Both are roots of det(H - lambda I). */
	for (int k = 0; k < 2; k++) {
		double l = k ? a.lambda_max : a.lambda_min;
		CU_ASSERT_DOUBLE_EQUAL((1667 - l) * (2 - l) - 1, 0, 1e-8);
	}
	/* ARTICLE.md: the eigenvalues differ by a factor of about 830. */
	CU_ASSERT(a.condition > 830 && a.condition < 840);
	CU_ASSERT_DOUBLE_EQUAL(a.critical_lr[GRADIENT_EXACT], 2 / a.lambda_max, 1e-18);
	dataset_free(&d);
}

/* J = [[1.8*1667 - 32, -1.8 + 64], [-1, 2]]: real eigenvalues, the larger
 * from the quadratic formula. */
static void test_article_limit_is_the_linearised_one(void)
{
	struct dataset d;
	struct analysis a;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), 0);
	analysis_compute(&d, &a);
	double j00 = 1.8 * 1667 - 32, j01 = 62.2, j10 = -1, j11 = 2;
	double tr = j00 + j11, det = j00 * j11 - j01 * j10;
	double mu = (tr + sqrt(tr * tr - 4 * det)) / 2;
	CU_ASSERT_DOUBLE_EQUAL(a.critical_lr[GRADIENT_ARTICLE], 2 / mu, 1e-12 * (2 / mu));
	CU_ASSERT(a.critical_lr[GRADIENT_ARTICLE] < a.critical_lr[GRADIENT_EXACT]);
	dataset_free(&d);
}

static void test_critical_lr_of_complex_and_unstable_maps(void)
{
	/* eigenvalues 1 +- i: 2 Re / |mu|^2 = 2 / 2 */
	const double rot[2][2] = { { 1, -1 }, { 1, 1 } };
	/* eigenvalues 3 and -1: no step size is stable */
	const double saddle[2][2] = { { 1, 2 }, { 2, 1 } };
	/* diagonal 4 and 0.5: 2 / 4 */
	const double diag[2][2] = { { 4, 0 }, { 0, 0.5 } };

	CU_ASSERT_DOUBLE_EQUAL(critical_lr_of(rot), 1.0, 1e-15);
	CU_ASSERT_EQUAL(critical_lr_of(saddle), 0.0);
	CU_ASSERT_DOUBLE_EQUAL(critical_lr_of(diag), 0.5, 1e-15);
}

int suite_analysis(void)
{
	CU_pSuite s = CU_add_suite("analysis", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_minimum_solves_the_normal_equations);
	CU_ADD_TEST(s, test_minimum_recovers_a_random_line);
	CU_ADD_TEST(s, test_hessian_and_eigenvalues_of_the_article_data);
	CU_ADD_TEST(s, test_article_limit_is_the_linearised_one);
	CU_ADD_TEST(s, test_critical_lr_of_complex_and_unstable_maps);
	return CU_get_error();
}
