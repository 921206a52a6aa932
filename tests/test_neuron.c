/*
 * test_neuron.c - the model math against independent methods: central finite
 * differences of the loss, the identity the article's formula obeys, and the
 * fused pass against the staged functions.
 */
#include <CUnit/CUnit.h>
#include <math.h>

#include "model/data.h"
#include "helpers.h"
#include "model/neuron.h"
#include "model/rng.h"
#include "suites.h"

/* A few (w, b) points: the article's start, near the optimum, far away. */
static const double points[][2] = {
	{ 0.8, 0.0 }, { 1.8, 32.0 }, { -3.5, 100.0 }, { 1.79, 27.5 }, { 10, -40 }
};

static double loss_at(const struct dataset *d, double w, double b)
{
	double out[ARTICLE_N];
	neuron_forward(d->n, d->x, w, b, out);
	return neuron_loss(d->n, out, d->y);
}

static void grad_at(const struct dataset *d, double w, double b,
                    enum gradient kind, double *dw, double *db)
{
	double out[ARTICLE_N], dout[ARTICLE_N];
	neuron_forward(d->n, d->x, w, b, out);
	neuron_backward(d->n, d->x, d->y, out, kind, dout, dw, db);
}

/*
 * L is quadratic, so the central difference has no truncation error; what is
 * left is rounding, about eps * L / h. With h = 1e-3 and L below 1e6 that is
 * under 1e-6 absolute; the test allows 1e-6 relative to max(1, |gradient|).
 */
static void test_exact_gradient_matches_central_difference(void)
{
	struct dataset d;
	const double h = 1e-3;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), 0);
	for (size_t p = 0; p < sizeof points / sizeof points[0]; p++) {
		double w = points[p][0], b = points[p][1], dw, db;
		grad_at(&d, w, b, GRADIENT_EXACT, &dw, &db);
		double fd_w = (loss_at(&d, w + h, b) - loss_at(&d, w - h, b)) / (2 * h);
		double fd_b = (loss_at(&d, w, b + h) - loss_at(&d, w, b - h)) / (2 * h);
		CU_ASSERT_DOUBLE_EQUAL(dw, fd_w, 1e-6 * fmax(1, fabs(dw)));
		CU_ASSERT_DOUBLE_EQUAL(db, fd_b, 1e-6 * fmax(1, fabs(db)));
	}
	dataset_free(&d);
}

/* And the article's formula does not: away from the optimum it is off. */
static void test_article_gradient_is_not_the_derivative(void)
{
	struct dataset d;
	const double h = 1e-3;
	double w = 0.8, b = 0, dw, db;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), 0);
	grad_at(&d, w, b, GRADIENT_ARTICLE, &dw, &db);
	double fd_w = (loss_at(&d, w + h, b) - loss_at(&d, w - h, b)) / (2 * h);
	CU_ASSERT(fabs(dw - fd_w) > 0.1 * fabs(fd_w));
	dataset_free(&d);
}

/* sum out_i g_i = sum (w x_i + b) g_i = w dL/dw + b dL/db; rounding differs
 * between the two sides, so relative 1e-12 of the terms' size. */
static void test_article_gradient_is_w_dw_plus_b_db(void)
{
	struct dataset d;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), 0);
	for (size_t p = 0; p < sizeof points / sizeof points[0]; p++) {
		double w = points[p][0], b = points[p][1], dw, db, art, db2;
		grad_at(&d, w, b, GRADIENT_EXACT, &dw, &db);
		grad_at(&d, w, b, GRADIENT_ARTICLE, &art, &db2);
		double scale = fabs(w * dw) + fabs(b * db) + 1;
		CU_ASSERT_DOUBLE_EQUAL(art, w * dw + b * db, 1e-12 * scale);
		ASSERT_SAME_DOUBLE(db, db2);
	}
	dataset_free(&d);
}

static void test_fused_pass_equals_staged_functions_bit_for_bit(void)
{
	struct dataset d;
	struct rng r;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), 0);
	rng_seed(&r, 7);
	for (int t = 0; t < 200; t++) {
		double w = 10 * rng_uniform(&r) - 5, b = 100 * rng_uniform(&r) - 50;
		for (int kind = GRADIENT_EXACT; kind <= GRADIENT_ARTICLE; kind++) {
			double dw1, db1, dw2, db2;
			grad_at(&d, w, b, kind, &dw1, &db1);
			double l1 = loss_at(&d, w, b);
			double l2 = neuron_loss_grad(d.n, d.x, d.y, w, b, kind, &dw2, &db2);
			ASSERT_SAME_DOUBLE(l1, l2);
			ASSERT_SAME_DOUBLE(dw1, dw2);
			ASSERT_SAME_DOUBLE(db1, db2);
		}
	}
	dataset_free(&d);
}

static void test_gradient_vanishes_at_the_optimum(void)
{
	struct dataset d;
	double dw, db;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), 0);
	for (int kind = GRADIENT_EXACT; kind <= GRADIENT_ARTICLE; kind++) {
		double l = neuron_loss_grad(d.n, d.x, d.y, 1.8, 32, kind, &dw, &db);
		CU_ASSERT(l < 1e-25);
		CU_ASSERT(fabs(dw) < 1e-12 && fabs(db) < 1e-12);
	}
	dataset_free(&d);
}

static void test_update_steps_against_the_gradient(void)
{
	double w = 1, b = 2;

	neuron_update(&w, &b, 10, -20, 0.5);
	ASSERT_SAME_DOUBLE(w, 1 - 0.5 * 10);
	ASSERT_SAME_DOUBLE(b, 2 + 0.5 * 20);
}

/* The data itself: (c*9)/5 + 32, which differs from c*1.8 + 32 somewhere. */
static void test_article_data_is_c_times_9_over_5_plus_32(void)
{
	struct dataset d;
	int differs = 0;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), 0);
	CU_ASSERT_EQUAL(d.n, 100);
	for (size_t i = 0; i < d.n; i++) {
		volatile double c = -50 + (int)i;
		volatile double nine = c * 9;
		volatile double f = nine / 5 + 32;
		ASSERT_SAME_DOUBLE(d.x[i], c);
		ASSERT_SAME_DOUBLE(d.y[i], f);
		volatile double g = c * 1.8;
		differs += d.y[i] != g + 32;
	}
	CU_ASSERT_EQUAL(differs, 14);   /* ARTICLE.md: 14 of the 100 */
	dataset_free(&d);
}

int suite_neuron(void)
{
	CU_pSuite s = CU_add_suite("neuron", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_exact_gradient_matches_central_difference);
	CU_ADD_TEST(s, test_article_gradient_is_not_the_derivative);
	CU_ADD_TEST(s, test_article_gradient_is_w_dw_plus_b_db);
	CU_ADD_TEST(s, test_fused_pass_equals_staged_functions_bit_for_bit);
	CU_ADD_TEST(s, test_gradient_vanishes_at_the_optimum);
	CU_ADD_TEST(s, test_update_steps_against_the_gradient);
	CU_ADD_TEST(s, test_article_data_is_c_times_9_over_5_plus_32);
	return CU_get_error();
}
