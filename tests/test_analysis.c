/*
 * test_analysis.c - the closed forms against independent computations: the
 * normal equations solved by Cramer's rule, the characteristic polynomial,
 * and the eigenvalues of the article's data written out by hand.
 */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

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

/*
 * The limit computed in long double from the textbook formula: mu =
 * tr/2 +- sqrt(tr^2/4 - det). Its exponent range (up to 1e4932 on x86-64)
 * holds tr^2 and det of any two doubles' products, and its 64-bit
 * mantissa makes it more precise than the code under test.
 */
static double reference_lr(const double j[2][2])
{
	long double a = j[0][0], b = j[0][1], c = j[1][0], d = j[1][1];
	long double tr = a + d, det = a * d - b * c, disc = tr * tr / 4 - det;

	if (disc < 0)
		return tr > 0 ? (double)(tr / det) : 0;
	long double mu1 = tr / 2 + copysignl(sqrtl(disc), tr), mu2 = det / mu1;
	return mu1 > 0 && mu2 > 0 ? (double)(2 / mu1) : 0;
}

/* How far j is from a double eigenvalue or a zero one, relative to its
 * size, in long double: near either, the eigenvalues (or the sign of the
 * small one) move by far more than the rounding of the entries, and no
 * two methods need agree. */
static int well_conditioned(const double j[2][2])
{
	long double a = j[0][0], b = j[0][1], c = j[1][0], d = j[1][1];
	long double tr = a + d, det = a * d - b * c, disc = tr * tr / 4 - det;
	long double size = tr * tr / 4 + fabsl(a * d) + fabsl(b * c);

	return fabsl(disc) > 1e-6L * size && fabsl(det) > 1e-6L * size;
}

/* |got - want| <= 1e-12 |want|, or both exactly 0; prints the case. */
static void check_lr(const char *what, double scale, const double j[2][2], double got, double want)
{
	int ok = want == 0 ? got == 0 : isfinite(got) && fabs(got - want) <= 1e-12 * fabs(want);

	CU_ASSERT(ok);
	if (!ok)
		fprintf(stderr, "\n  %s x %g: [[%g, %g], [%g, %g]]: %.17g, expected %.17g",
		        what, scale, j[0][0], j[0][1], j[1][0], j[1][1], got, want);
}

/*
 * Maps of every kind (real and complex eigenvalues, stable or not,
 * symmetric or not, hand-picked and random) scaled by 10^k for k = -200
 * to 200: the limit agrees with the long double reference to 1e-12
 * everywhere, where tr^2/4 in double overflows from about 1e154 on.
 */
static void test_critical_lr_of_holds_from_1e_minus_200_to_1e200(void)
{
	static const double fixed[][2][2] = {
		{ { 1667, -1 }, { -1, 2 } },        /* the article's Hessian */
		{ { 2968.6, 62.2 }, { -1, 2 } },    /* the article's J */
		{ { 2, 1 }, { 3, 4 } },             /* eigenvalues 1, 5: 2/5 */
		{ { 4, -1 }, { 1, 1 } },            /* real, b c < 0 */
		{ { 1, -2 }, { 2, 1 } },            /* 1 +- 2i: 2/5 */
		{ { -1, -2 }, { 2, -1 } },          /* -1 +- 2i: unstable */
		{ { 1, 2 }, { 2, 1 } },             /* 3 and -1: unstable */
		{ { 2, 5 }, { 0, 3 } },             /* triangular: 2/3 */
		{ { 1e-3, 1 }, { -1, 1e-3 } },      /* nearly a rotation */
	};
	enum { N_RANDOM = 200 };
	double m[sizeof fixed / sizeof fixed[0] + N_RANDOM][2][2];
	size_t n = 0;
	struct rng r;

	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		memcpy(m[n++], fixed[i], sizeof fixed[i]);
	rng_seed(&r, 11);
	while (n < sizeof m / sizeof m[0]) {
		for (int e = 0; e < 4; e++)
			m[n][e / 2][e % 2] = 2 * rng_uniform(&r) - 1;
		if (well_conditioned(m[n]))
			n++;
	}
	size_t stable = 0, complex = 0;
	for (size_t i = 0; i < n; i++) {
		CU_ASSERT_FATAL(i >= sizeof fixed / sizeof fixed[0] || well_conditioned(m[i]));
		long double tr = (long double)m[i][0][0] + m[i][1][1];
		complex += tr * tr / 4 < (long double)m[i][0][0] * m[i][1][1] - (long double)m[i][0][1] * m[i][1][0];
		stable += reference_lr(m[i]) > 0;
		for (int k = -200; k <= 200; k++) {
			double scale = pow(10, k), j[2][2];
			for (int e = 0; e < 4; e++)
				j[e / 2][e % 2] = m[i][e / 2][e % 2] * scale;
			check_lr("critical_lr_of", scale, j, critical_lr_of(j), reference_lr(j));
		}
	}
	/* The random maps cover all the branches. */
	CU_ASSERT(stable > 20 && stable < n - 20);
	CU_ASSERT(complex > 20 && complex < n - 20);
}

/*
 * Entries of very different sizes in one matrix: data x = 10^k (1, 2, 3,
 * 5), k = -100 to 100, give a Hessian with entries 2 mean(x^2) from 1e-199
 * to 1e201 next to 2 mean(x) and 2. The exact limit is 2 / lambda_max from
 * hypot (the Hessian is symmetric, positive definite); the article's is
 * the long double reference on J = M H (see analysis.h); and a diagonal
 * matrix with 1e200 and 1e-200 keeps its small, positive eigenvalue.
 */
static void test_critical_lr_of_mixes_1e_minus_200_and_1e200_in_one_matrix(void)
{
	const double xs[] = { 1, 2, 3, 5 };
	double x[4], y[4];
	struct dataset d = { .n = 4, .x = x, .y = y };
	struct analysis a;

	for (int k = -100; k <= 100; k++) {
		double scale = pow(10, k);
		for (int i = 0; i < 4; i++) {
			x[i] = xs[i] * scale;
			y[i] = 3 * x[i] - 7 * scale * (i == 2);
		}
		analysis_compute(&d, &a);
		const double (*h)[2] = a.hessian;
		double lambda = (h[0][0] + h[1][1]) / 2 + hypot((h[0][0] - h[1][1]) / 2, h[0][1]);
		check_lr("exact", scale, h, a.critical_lr[GRADIENT_EXACT], 2 / lambda);
		check_lr("exact, long double", scale, h, a.critical_lr[GRADIENT_EXACT], reference_lr(h));
		double j[2][2] = {
			{ a.w_opt * h[0][0] + a.b_opt * h[1][0], a.w_opt * h[0][1] + a.b_opt * h[1][1] },
			{ h[1][0], h[1][1] },
		};
		check_lr("article", scale, j, a.critical_lr[GRADIENT_ARTICLE], reference_lr(j));
	}
	const double wide[2][2] = { { 1e200, 0 }, { 0, 1e-200 } };
	const double wide_rot[2][2] = { { 1e-200, 1e200 }, { -1e-200, 1e-200 } };
	check_lr("wide", 1, wide, critical_lr_of(wide), 2e-200);
	/* 1e-200 +- i: 2 Re / |mu|^2 = 2e-200 / (1 + 1e-400) */
	check_lr("wide rotation", 1, wide_rot, critical_lr_of(wide_rot), 2e-200);
}

/* A map with an infinite or NaN entry has no limit: NaN, which setup
 * reports, rather than a number that looks like one. */
static void test_critical_lr_of_a_non_finite_map_is_nan(void)
{
	const double inf[2][2] = { { INFINITY, 1 }, { 1, 1 } };
	const double nan[2][2] = { { 1, 1 }, { NAN, 1 } };

	CU_ASSERT(isnan(critical_lr_of(inf)));
	CU_ASSERT(isnan(critical_lr_of(nan)));
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
	CU_ADD_TEST(s, test_critical_lr_of_holds_from_1e_minus_200_to_1e200);
	CU_ADD_TEST(s, test_critical_lr_of_mixes_1e_minus_200_and_1e200_in_one_matrix);
	CU_ADD_TEST(s, test_critical_lr_of_a_non_finite_map_is_nan);
	return CU_get_error();
}
