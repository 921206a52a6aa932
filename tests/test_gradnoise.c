/*
 * test_gradnoise.c - the gradients' spread at the minimum and the excess
 * loss of a constant step with mini-batches, each against another way of
 * getting it: the spread from the covariance matrix and an eigenvector
 * found by rotation; the expected excess of the linear model by going
 * through every order of the samples in every epoch, and by driving the
 * model with the program's own batches; a batch of all samples against
 * the training loop; the floor against its recursion iterated.
 */
#include <CUnit/CUnit.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "helpers.h"
#include "model/analysis.h"
#include "model/batch.h"
#include "model/gradnoise.h"
#include "model/train.h"
#include "suites.h"

/* Four samples off any line, and the fixture's analysis. */
static double xs[] = { -1, 0, 2, 3.5 };
static double ys[] = { 1, 0.5, 3, 2 };

static struct dataset small(struct analysis *a)
{
	struct dataset d = { .n = 4, .x = xs, .y = ys };

	analysis_compute(&d, a);
	return d;
}

/* The gradient of sample i at the minimum: 2 r_i (x_i, 1). */
static void sample_grad(const struct dataset *d, const struct analysis *a, size_t i, double g[2])
{
	double r = d->x[i] * a->w_opt + a->b_opt - d->y[i];

	g[0] = 2 * r * d->x[i];
	g[1] = 2 * r;
}

/* The spread along each eigenvector is u . C u for the covariance C of
 * the samples' gradients, with u from the rotation angle that
 * diagonalises H (tan 2 theta = 2 h01 / (h00 - h11)). */
static void test_the_spread_is_the_covariance_along_each_eigenvector(void)
{
	struct analysis a;
	struct dataset d = small(&a);
	struct grad_noise g;
	double c[2][2] = { { 0, 0 }, { 0, 0 } }, m[2] = { 0, 0 };

	grad_noise_of(&d, &a, &g);
	for (size_t i = 0; i < d.n; i++) {
		double gi[2];
		sample_grad(&d, &a, i, gi);
		for (int p = 0; p < 2; p++) {
			m[p] += gi[p] / 4;
			for (int q = 0; q < 2; q++)
				c[p][q] += gi[p] * gi[q] / 4;
		}
	}
	for (int p = 0; p < 2; p++)
		for (int q = 0; q < 2; q++)
			c[p][q] -= m[p] * m[q];
	double th = 0.5 * atan2(2 * a.hessian[0][1], a.hessian[0][0] - a.hessian[1][1]);
	/* (cos, sin) belongs to the larger eigenvalue, (-sin, cos) to the other. */
	double u[2][2] = { { -sin(th), cos(th) }, { cos(th), sin(th) } };
	for (int j = 0; j < 2; j++) {
		double v = 0;
		for (int p = 0; p < 2; p++)
			for (int q = 0; q < 2; q++)
				v += u[j][p] * c[p][q] * u[j][q];
		CU_ASSERT_DOUBLE_EQUAL(g.var[j], v, 1e-12 * (c[0][0] + c[1][1]));
	}
	CU_ASSERT_DOUBLE_EQUAL(g.total, c[0][0] + c[1][1], 1e-12 * (c[0][0] + c[1][1]));
	CU_ASSERT_FALSE(g.exact);
}

/* On the article's data the line passes through every sample. */
static void test_the_articles_data_leaves_no_gradient_at_the_minimum(void)
{
	struct dataset d;
	struct analysis a;
	struct grad_noise g;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), NR_OK);
	analysis_compute(&d, &a);
	grad_noise_of(&d, &a, &g);
	CU_ASSERT(g.exact);
	CU_ASSERT(g.max_residual < 1e-12);
	CU_ASSERT(g.total < 1e-20);
	dataset_free(&d);
}

/* The linear model, e <- (I - lr H) e - lr xi, run over one given order
 * of the samples per epoch; returns the excess loss e.H.e / 2 at the end. */
static double linear_run(const struct dataset *d, const struct analysis *a, size_t batch,
                         double lr, long long updates, const size_t *order, double w0, double b0)
{
	double e[2] = { w0 - a->w_opt, b0 - a->b_opt };
	const double (*h)[2] = a->hessian;
	size_t n = d->n, at = 0;

	for (long long k = 0; k < updates; k++) {
		size_t len = n - at % n < batch ? n - at % n : batch;
		double xi[2] = { 0, 0 };
		for (size_t s = 0; s < len; s++) {
			double g[2];
			sample_grad(d, a, order[at + s], g);
			xi[0] += g[0] / (double)len;
			xi[1] += g[1] / (double)len;
		}
		at += len;
		double he0 = h[0][0] * e[0] + h[0][1] * e[1], he1 = h[1][0] * e[0] + h[1][1] * e[1];
		e[0] -= lr * (he0 + xi[0]);
		e[1] -= lr * (he1 + xi[1]);
	}
	double he0 = h[0][0] * e[0] + h[0][1] * e[1], he1 = h[1][0] * e[0] + h[1][1] * e[1];
	return (e[0] * he0 + e[1] * he1) / 2;
}

/* The next permutation of p in lexicographic order (returns 1), or, after
 * the last one, the first again (returns 0). */
static int next_permutation(size_t *p, size_t n)
{
	size_t i = n - 1, j = n - 1, t;

	while (i > 0 && p[i - 1] >= p[i])
		i--;
	if (i > 0) {
		while (p[j] <= p[i - 1])
			j--;
		t = p[i - 1]; p[i - 1] = p[j]; p[j] = t;
	}
	for (size_t l = i, r = n - 1; l < r; l++, r--) {
		t = p[l]; p[l] = p[r]; p[r] = t;
	}
	return i > 0;
}

/* The mean over every order of the samples in each of `epochs` epochs
 * (24^epochs sequences, each cut into batches as batch.h does). */
static double exhaustive(const struct dataset *d, const struct analysis *a, size_t batch,
                         double lr, long long updates, int epochs)
{
	size_t perm[3][4], order[12];
	double sum = 0;
	long long count = 0;

	for (int k = 0; k < 3; k++)
		for (size_t i = 0; i < 4; i++)
			perm[k][i] = i;
	for (;;) {
		for (int k = 0; k < epochs; k++)
			memcpy(order + 4 * k, perm[k], sizeof perm[k]);
		sum += linear_run(d, a, batch, lr, updates, order, 0.5, -1);
		count++;
		int k = 0;
		while (k < epochs && !next_permutation(perm[k], 4))
			k++;   /* that one wrapped round to its first order: carry */
		if (k == epochs)
			break;
	}
	return sum / (double)count;
}

static void test_the_expected_excess_is_the_mean_over_every_order_of_the_samples(void)
{
	struct analysis a;
	struct dataset d = small(&a);
	struct grad_noise g;
	static const struct { size_t batch; long long updates; int epochs; } cases[] = {
		{ 1, 1, 1 }, { 1, 3, 1 }, { 1, 4, 1 }, { 1, 7, 2 },
		{ 2, 1, 1 }, { 2, 2, 1 }, { 2, 5, 3 },
		{ 3, 1, 1 }, { 3, 2, 1 }, { 3, 3, 2 }, { 3, 5, 3 },   /* batches of 3 and 1 */
		{ 4, 3, 3 },
	};

	grad_noise_of(&d, &a, &g);
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		for (double lr = 0.02; lr < 0.2; lr *= 3) {
			double want = exhaustive(&d, &a, cases[c].batch, lr, cases[c].updates, cases[c].epochs);
			double got = batch_expected_excess(&a, &g, 4, cases[c].batch, lr, cases[c].updates, 0.5, -1);
			CU_ASSERT_DOUBLE_EQUAL(got, want, 1e-12 * want);
		}
	}
}

/* Driven by the program's own batches (batch.h), over many seeds, the
 * linear model's mean excess agrees with the expectation to within four
 * standard errors: the batches are drawn as the model assumes. */
static void test_the_programs_batches_give_the_expected_excess(void)
{
	struct analysis a;
	struct dataset d = small(&a);
	struct grad_noise g;
	const int seeds = 4000;
	const long long updates = 11;

	grad_noise_of(&d, &a, &g);
	for (size_t batch = 1; batch <= 3; batch++) {
		double sum = 0, sum2 = 0;
		for (int s = 0; s < seeds; s++) {
			struct batches bt;
			size_t order[64], at = 0;
			CU_ASSERT_EQUAL_FATAL(batches_init(&bt, d.n, batch, (uint64_t)s), NR_OK);
			while (at < 44) {
				size_t m = batches_next(&bt, &d);
				memcpy(order + at, bt.idx, m * sizeof *order);
				at += m;
			}
			batches_free(&bt);
			double x = linear_run(&d, &a, batch, 0.1, updates, order, 0.5, -1);
			sum += x;
			sum2 += x * x;
		}
		double mean = sum / seeds, se = sqrt((sum2 / seeds - mean * mean) / seeds);
		double want = batch_expected_excess(&a, &g, d.n, batch, 0.1, updates, 0.5, -1);
		CU_ASSERT(fabs(mean - want) < 4 * se);
	}
}

/* A batch of every sample is plain gradient descent: the training loop's
 * excess loss after the same updates. */
static void test_a_batch_of_all_samples_is_gradient_descent_without_noise(void)
{
	struct dataset d;
	struct analysis a;
	struct grad_noise g;
	struct train_result r;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), NR_OK);
	for (size_t i = 0; i < d.n; i++)   /* some residuals */
		d.y[i] += (i % 3 == 0) - (i % 5 == 0);
	analysis_compute(&d, &a);
	grad_noise_of(&d, &a, &g);
	struct train_config cfg = { .lr = 1e-4, .iters = 3000, .w0 = 0.8, .b0 = 0 };
	CU_ASSERT_EQUAL_FATAL(train_run(&d, &cfg, &a, NULL, 0, &r), NR_OK);
	double want = r.last.loss - a.loss_opt;
	double got = batch_expected_excess(&a, &g, d.n, d.n, cfg.lr, cfg.iters, 0.8, 0);
	CU_ASSERT_DOUBLE_EQUAL(got, want, 1e-8 * want);
	CU_ASSERT_EQUAL(batch_floor(&a, &g, d.n, d.n, cfg.lr), 0);
	dataset_free(&d);
}

/* The floor is the fixed point of each direction's variance recursion
 * V <- q^2 V + lr^2 Var(xi), iterated here until it stops changing. */
static void test_the_floor_is_where_the_variance_recursion_settles(void)
{
	struct analysis a;
	struct dataset d = small(&a);
	struct grad_noise g;
	const double lambda[2] = { a.lambda_min, a.lambda_max };

	grad_noise_of(&d, &a, &g);
	for (size_t batch = 1; batch <= 3; batch++) {
		double lr = 0.05, floor = 0;
		for (int j = 0; j < 2; j++) {
			double q = 1 - lr * lambda[j], v = 0, prev = -1;
			double var = g.var[j] * (4.0 / (double)batch - 1) / 3;
			while (v != prev) {
				prev = v;
				v = q * q * v + lr * lr * var;
			}
			floor += lambda[j] / 2 * v;
		}
		CU_ASSERT_DOUBLE_EQUAL(batch_floor(&a, &g, 4, batch, lr), floor, 1e-12 * floor);
	}
	CU_ASSERT(isinf(batch_floor(&a, &g, 4, 1, 2 / a.lambda_max)));
}

int suite_gradnoise(void)
{
	CU_pSuite s = CU_add_suite("gradnoise", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_the_spread_is_the_covariance_along_each_eigenvector);
	CU_ADD_TEST(s, test_the_articles_data_leaves_no_gradient_at_the_minimum);
	CU_ADD_TEST(s, test_the_expected_excess_is_the_mean_over_every_order_of_the_samples);
	CU_ADD_TEST(s, test_the_programs_batches_give_the_expected_excess);
	CU_ADD_TEST(s, test_a_batch_of_all_samples_is_gradient_descent_without_noise);
	CU_ADD_TEST(s, test_the_floor_is_where_the_variance_recursion_settles);
	return CU_get_error();
}
