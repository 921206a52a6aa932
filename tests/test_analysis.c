/*
 * test_analysis.c - the closed forms against independent computations: the
 * normal equations solved by Cramer's rule, the characteristic polynomial,
 * and the eigenvalues of the article's data written out by hand.
 */
#include <CUnit/CUnit.h>
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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
	size_t stable = 0, n_complex = 0;
	for (size_t i = 0; i < n; i++) {
		CU_ASSERT_FATAL(i >= sizeof fixed / sizeof fixed[0] || well_conditioned(m[i]));
		long double tr = (long double)m[i][0][0] + m[i][1][1];
		n_complex += tr * tr / 4 < (long double)m[i][0][0] * m[i][1][1] - (long double)m[i][0][1] * m[i][1][0];
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
	CU_ASSERT(n_complex > 20 && n_complex < n - 20);
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

/* ---- beyond plain gradient descent ---------------------------------------- */

/* The larger modulus of the roots of z^2 - p z + q: the spectral radius of
 * a two-step iteration e' = p e - q e_prev along one eigen-direction. */
static double radius(double p, double q)
{
	double complex d = csqrt((double complex)(p * p - 4 * q));
	return fmax(cabs((p + d) / 2), cabs((p - d) / 2));
}

/* Along an eigenvalue lambda: gd e' = (1 - lr lambda) e; the heavy ball
 * e' = (1 + beta - lr lambda) e - beta e_prev; Nesterov (optim.h)
 * e' = (1 + beta)(1 - lr lambda) e - beta (1 - lr lambda) e_prev. */
static double radius_momentum(double lr, double beta, double lambda)
{
	return radius(1 + beta - lr * lambda, beta);
}

static double radius_nesterov(double lr, double beta, double lambda)
{
	double x = 1 - lr * lambda;
	return radius((1 + beta) * x, beta * x);
}

static const double spectra[][2] = {
	{ 1.9993993996160486, 1667.000600600384 },   /* the article's data */
	{ 1, 4 }, { 0.3, 300 }, { 2, 2.5 }, { 1e-3, 1e3 },
};

/*
 * Each method's best settings, checked by the spectral radius of its
 * iteration along each eigen-direction (roots of its characteristic
 * polynomial, computed here): the radius at lambda_min and at lambda_max
 * is the stated rate, and no lambda in between does worse. At the heavy
 * ball's and Nesterov's best pairs the roots at lambda_min are double, so
 * a rounding of 1e-16 in the coefficients moves them by ~1e-8: hence the
 * tolerance 1e-7.
 */
static void test_best_settings_achieve_their_rates_by_the_spectral_radius(void)
{
	for (size_t i = 0; i < sizeof spectra / sizeof spectra[0]; i++) {
		double lmin = spectra[i][0], lmax = spectra[i][1], kappa = lmax / lmin;
		struct tuning gd = tune_gd(lmin, lmax), hb = tune_momentum(lmin, lmax);
		struct tuning ne = tune_nesterov(lmin, lmax);

		CU_ASSERT_DOUBLE_EQUAL(gd.rate, (kappa - 1) / (kappa + 1), 1e-14);
		CU_ASSERT_DOUBLE_EQUAL(fabs(1 - gd.lr * lmin), gd.rate, 1e-14);
		CU_ASSERT_DOUBLE_EQUAL(fabs(1 - gd.lr * lmax), gd.rate, 1e-14);
		CU_ASSERT_DOUBLE_EQUAL(hb.rate, (sqrt(kappa) - 1) / (sqrt(kappa) + 1), 1e-14);
		CU_ASSERT_DOUBLE_EQUAL(hb.beta, hb.rate * hb.rate, 1e-15);
		CU_ASSERT_DOUBLE_EQUAL(ne.rate, 1 - 2 / sqrt(3 * kappa + 1), 1e-14);
		double worst_hb = 0, worst_ne = 0;
		for (int j = 0; j <= 1000; j++) {
			double l = lmin + (lmax - lmin) * j / 1000;
			worst_hb = fmax(worst_hb, radius_momentum(hb.lr, hb.beta, l));
			worst_ne = fmax(worst_ne, radius_nesterov(ne.lr, ne.beta, l));
		}
		for (int e = 0; e < 2; e++) {
			double l = e ? lmax : lmin;
			CU_ASSERT_DOUBLE_EQUAL(radius_momentum(hb.lr, hb.beta, l), hb.rate, 1e-7);
			CU_ASSERT_DOUBLE_EQUAL(radius_nesterov(ne.lr, ne.beta, l), ne.rate, 1e-7);
		}
		CU_ASSERT(worst_hb <= hb.rate + 1e-7);
		CU_ASSERT(worst_ne <= ne.rate + 1e-7);
	}
}

/* The stability limits for a fixed beta: just below, the radius at
 * lambda_max is below 1; just above, above 1. */
static void test_momentum_limits_are_where_the_spectral_radius_reaches_1(void)
{
	const double betas[] = { 0, 0.3, 0.5, 0.9, 0.99 };

	for (size_t i = 0; i < sizeof betas / sizeof betas[0]; i++) {
		double beta = betas[i], lmax = 1667;
		double hb = momentum_critical_lr(lmax, beta), ne = nesterov_critical_lr(lmax, beta);
		CU_ASSERT(radius_momentum(hb * (1 - 1e-6), beta, lmax) < 1);
		CU_ASSERT(radius_momentum(hb * (1 + 1e-6), beta, lmax) > 1);
		CU_ASSERT(radius_nesterov(ne * (1 - 1e-6), beta, lmax) < 1);
		CU_ASSERT(radius_nesterov(ne * (1 + 1e-6), beta, lmax) > 1);
	}
	/* beta = 0: both are plain descent's 2 / lambda_max. */
	CU_ASSERT_DOUBLE_EQUAL(momentum_critical_lr(1667, 0), 2.0 / 1667, 1e-18);
	CU_ASSERT_DOUBLE_EQUAL(nesterov_critical_lr(1667, 0), 2.0 / 1667, 1e-18);
}

/* k is the first whole number with rate^(2k) <= reduction, by its
 * definition; and the edge cases. */
static void test_iters_to_reduce_is_the_first_k_that_gets_there(void)
{
	const double rates[] = { 0.5, 0.9, 0.99760407501543902, 0.93305381322772041 };
	const double reds[] = { 1e-6, 1e-3, 0.5 };

	for (size_t i = 0; i < 4; i++)
		for (size_t j = 0; j < 3; j++) {
			long long k = iters_to_reduce(rates[i], reds[j]);
			CU_ASSERT(k >= 1);
			CU_ASSERT(pow(rates[i], 2.0 * (double)k) <= reds[j] * (1 + 1e-12));
			CU_ASSERT(pow(rates[i], 2.0 * (double)(k - 1)) > reds[j] * (1 - 1e-12));
		}
	CU_ASSERT_EQUAL(iters_to_reduce(0.99760407501543902, 1e-6), 2880);   /* ~ the brief's 2,880 */
	CU_ASSERT_EQUAL(iters_to_reduce(0.5, 1), 0);
	CU_ASSERT_EQUAL(iters_to_reduce(0, 1e-6), 1);
	CU_ASSERT_EQUAL(iters_to_reduce(1, 1e-6), -1);
	CU_ASSERT_EQUAL(iters_to_reduce(NAN, 1e-6), -1);
	CU_ASSERT_EQUAL(iters_to_reduce(1 - 1e-300, 1e-6), -1);
}

/*
 * momentum_iters_from against the heavy ball run here on the error
 * itself, in (w, b) coordinates: e' = e + beta (e - e_prev) - lr H e with
 * e_prev = e at the start (zero velocity), excess loss e.H.e / 2, counted
 * until it is at most `reduction` of the first. Data sets with condition
 * numbers from 3 to 8e6, several starts, three reductions; equal to
 * a step (rounding at the threshold).
 */
static void test_momentum_iters_from_matches_the_iteration_itself(void)
{
	struct dataset d;
	struct analysis a;
	const double spreads[] = { 1, 10, 100 }, shifts[] = { 0, 3, 40 };
	const double starts[][2] = { { 0.8, 0 }, { -5, 70 }, { 1.8, 0 } };
	const double reds[] = { 1e-6, 1e-3, 1e-9 };
	size_t bad = 0;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), 0);
	for (size_t s = 0; s < 3; s++)
		for (size_t h = 0; h < 3; h++) {
			for (size_t i = 0; i < d.n; i++) {
				d.x[i] = ((double)i - 50) / 50 * spreads[s] + shifts[h];
				d.y[i] = 1.8 * d.x[i] + 32;
			}
			analysis_compute(&d, &a);
			const double (*H)[2] = a.hessian;
			double lr = a.momentum.lr, beta = a.momentum.beta;
			for (size_t p = 0; p < 3; p++)
				for (size_t r = 0; r < 3; r++) {
					double e[2] = { starts[p][0] - a.w_opt, starts[p][1] - a.b_opt };
					double prev[2] = { e[0], e[1] };
					double ex0 = (e[0] * (H[0][0] * e[0] + H[0][1] * e[1]) +
					              e[1] * (H[1][0] * e[0] + H[1][1] * e[1])) / 2;
					long long k = 0;
					for (double ex = ex0; ex > reds[r] * ex0 && k < 10000000; k++) {
						double he0 = H[0][0] * e[0] + H[0][1] * e[1];
						double he1 = H[1][0] * e[0] + H[1][1] * e[1];
						double n0 = e[0] + beta * (e[0] - prev[0]) - lr * he0;
						double n1 = e[1] + beta * (e[1] - prev[1]) - lr * he1;
						prev[0] = e[0], prev[1] = e[1];
						e[0] = n0, e[1] = n1;
						ex = (e[0] * (H[0][0] * e[0] + H[0][1] * e[1]) +
						      e[1] * (H[1][0] * e[0] + H[1][1] * e[1])) / 2;
					}
					long long want = momentum_iters_from(&a, starts[p][0], starts[p][1], reds[r]);
					if (llabs(want - k) > 1) {
						bad++;
						fprintf(stderr, "\n  kappa %.4g start %zu red %g: %lld, simulated %lld",
						        a.condition, p, reds[r], want, k);
					}
				}
		}
	CU_ASSERT_EQUAL(bad, 0);
	/* At the minimum there is nothing to reduce. */
	analysis_compute(&d, &a);
	CU_ASSERT_EQUAL(momentum_iters_from(&a, a.w_opt, a.b_opt, 1e-6), 0);
	dataset_free(&d);
}

/*
 * The heavy ball four runs at a time gives each run bit for bit what it
 * gives alone: lanes of one call at different steps and momenta (across
 * the stable ones, the limit and beyond it, where runs diverge at different
 * updates), caps that end some runs and not others, targets reached or
 * not, on two data sets (the second with a loss floor).
 */
static void test_heavy_ball_lanes_are_the_runs_one_by_one(void)
{
	struct dataset d;
	struct analysis a;
	const double fractions[] = { 1e-4, 0.3 }, caps[] = { 0, 1, 37, 4000 };
	long long compared = 0, diverged = 0, capped = 0, reached = 0;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), 0);
	for (int set = 0; set < 2; set++) {
		if (set)
			for (size_t i = 0; i < d.n; i++)
				d.y[i] += (double)(i % 7) - 3;   /* noise: the loss has a floor */
		analysis_compute(&d, &a);
		double top = 1.3 * momentum_critical_lr(a.lambda_max, 0.95), loss0 = 0;
		for (size_t i = 0; i < d.n; i++)
			loss0 += (0.8 * d.x[i] - d.y[i]) * (0.8 * d.x[i] - d.y[i]) / (double)d.n;
		for (size_t t = 0; t < 2; t++)
			for (size_t c = 0; c < 4; c++)
				for (int g = 0; g < 40; g++) {
					double target = a.loss_opt + fractions[t] * (loss0 - a.loss_opt);
					double lr[BALL_LANES], beta[BALL_LANES];
					struct ball_run lanes[BALL_LANES], one;
					for (int l = 0; l < BALL_LANES; l++) {
						int cell = g * BALL_LANES + l;   /* 160 cells */
						lr[l] = top * pow(1e-3, (double)(cell % 16) / 15);
						beta[l] = 0.95 * (double)(cell / 16) / 9;
					}
					heavy_ball_quadratic_lanes(&a, 0.8, 0, lr, beta, target,
					                           (long long)caps[c], 1e12, lanes);
					for (int l = 0; l < BALL_LANES; l++) {
						heavy_ball_quadratic(&a, 0.8, 0, lr[l], beta[l], target,
						                     (long long)caps[c], 1e12, &one);
						CU_ASSERT(lanes[l].k == one.k && lanes[l].diverged == one.diverged &&
						          lanes[l].last_above == one.last_above);
						compared++;
						diverged += one.diverged;
						capped += !one.diverged && one.k == (long long)caps[c];
						reached += one.last_above >= 0 && one.last_above < one.k;
					}
				}
	}
	/* Every kind of ending was met. */
	CU_ASSERT_EQUAL(compared, 2 * 2 * 4 * 160);
	CU_ASSERT(diverged > 100 && capped > 100 && reached > 100);
	dataset_free(&d);
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
	CU_ADD_TEST(s, test_best_settings_achieve_their_rates_by_the_spectral_radius);
	CU_ADD_TEST(s, test_momentum_limits_are_where_the_spectral_radius_reaches_1);
	CU_ADD_TEST(s, test_iters_to_reduce_is_the_first_k_that_gets_there);
	CU_ADD_TEST(s, test_momentum_iters_from_matches_the_iteration_itself);
	CU_ADD_TEST(s, test_critical_lr_of_holds_from_1e_minus_200_to_1e200);
	CU_ADD_TEST(s, test_critical_lr_of_mixes_1e_minus_200_and_1e200_in_one_matrix);
	CU_ADD_TEST(s, test_critical_lr_of_a_non_finite_map_is_nan);
	CU_ADD_TEST(s, test_heavy_ball_lanes_are_the_runs_one_by_one);
	return CU_get_error();
}
