/*
 * test_chain.c - the chain rule of one sample against the model code bit
 * for bit, against finite differences and against the numbers the article
 * works out by hand; the example's target follows the data.
 */
#include <CUnit/CUnit.h>
#include <math.h>

#include "base/err.h"
#include "helpers.h"
#include "model/analysis.h"
#include "model/chain.h"
#include "model/data.h"
#include "model/neuron.h"
#include "suites.h"

/* The article's worked example: 42 Celsius, 107.6 Fahrenheit, w = 0.8, b = 0. */
static void article_chain(struct chain *c)
{
	struct analysis a = { 0 };
	chain_compute(42, example_target(1, &a, 42), 0.8, 0, c);
}

static void test_chain_matches_the_model_code_bit_for_bit(void)
{
	const double xs[] = { 42, -50, 1e6, -3.25 }, ws[] = { 0.8, -1.5, 1e-3, 2 },
	             bs[] = { 0, 32, -7.5, 1e3 };

	for (size_t i = 0; i < 4; i++) {
		double x = xs[i], y = x * 9 / 5 + 32, out, dout, dw, db, dwa, dba;
		struct chain c;

		chain_compute(x, y, ws[i], bs[i], &c);
		neuron_forward(1, &x, ws[i], bs[i], &out);
		neuron_backward(1, &x, &y, &out, GRADIENT_EXACT, &dout, &dw, &db);
		ASSERT_SAME_DOUBLE(c.out, out);
		ASSERT_SAME_DOUBLE(c.loss, neuron_loss(1, &out, &y));
		ASSERT_SAME_DOUBLE(c.g_out, dout);
		ASSERT_SAME_DOUBLE(c.g_w, dw);
		ASSERT_SAME_DOUBLE(c.g_b, db);
		neuron_backward(1, &x, &y, &out, GRADIENT_ARTICLE, &dout, &dwa, &dba);
		ASSERT_SAME_DOUBLE(c.dw_article, dwa);
		/* The graph's own steps agree with the model's fused ones. */
		ASSERT_SAME_DOUBLE(c.xw + c.b, c.out);
		ASSERT_SAME_DOUBLE(c.sq / 1.0, c.loss);
		ASSERT_SAME_DOUBLE(c.g_diff, c.g_out);   /* 1 * (2 d) == 2 d / 1 */
		ASSERT_SAME_DOUBLE(c.g_xw * c.x, c.g_w);
		ASSERT_SAME_DOUBLE(c.g_xw, c.g_b);
		ASSERT_SAME_DOUBLE(c.g_xw * c.w, c.g_x);
	}
}

/* The article's numbers, worked by hand: 42 * 0.8 = 33.6, 33.6 - 107.6 = -74,
 * 74^2 = 5476, 2 * -74 = -148, -148 * 42 = -6216, -148 * 0.8 = -118.4.
 * 33.6 and 107.6 are not doubles, so allow a few ulps (1e-12 relative). */
static void test_chain_reproduces_the_hand_calculation_of_the_article(void)
{
	struct chain c;

	article_chain(&c);
	ASSERT_SAME_DOUBLE(c.y, 107.6);
	CU_ASSERT_DOUBLE_EQUAL(c.out, 33.6, 1e-12 * 33.6);
	CU_ASSERT_DOUBLE_EQUAL(c.diff, -74, 1e-12 * 74);
	CU_ASSERT_DOUBLE_EQUAL(c.loss, 5476, 1e-12 * 5476);
	CU_ASSERT_DOUBLE_EQUAL(c.g_out, -148, 1e-12 * 148);
	CU_ASSERT_DOUBLE_EQUAL(c.g_w, -6216, 1e-12 * 6216);
	CU_ASSERT_DOUBLE_EQUAL(c.g_b, -148, 1e-12 * 148);
	CU_ASSERT_DOUBLE_EQUAL(c.g_x, -118.4, 1e-12 * 118.4);
	CU_ASSERT_DOUBLE_EQUAL(c.dw_article, 33.6 * -148, 1e-12 * 4972.8);
	ASSERT_SAME_DOUBLE(c.g_loss, 1.0);
	ASSERT_SAME_DOUBLE(c.g_sq, 1.0);
}

static double one_loss(double x, double y, double w, double b)
{
	double d = x * w + b - y;
	return d * d;
}

/* Central differences with step h have error O(h^2 L'''), zero for this
 * quadratic, so what is left is rounding: |L| eps / h ~ 1e-8 relative. */
static void test_chain_gradients_match_finite_differences(void)
{
	const double xs[] = { 42, -50, 1000, -3.25 };

	for (size_t i = 0; i < 4; i++) {
		double x = xs[i], y = x * 9 / 5 + 32, w = 0.8, b = 0.3, h = 1e-4;
		struct chain c;

		chain_compute(x, y, w, b, &c);
		double fw = (one_loss(x, y, w + h, b) - one_loss(x, y, w - h, b)) / (2 * h);
		double fb = (one_loss(x, y, w, b + h) - one_loss(x, y, w, b - h)) / (2 * h);
		double fx = (one_loss(x + h, y, w, b) - one_loss(x - h, y, w, b)) / (2 * h);
		CU_ASSERT_DOUBLE_EQUAL(c.g_w, fw, 1e-6 * fmax(1, fabs(fw)));
		CU_ASSERT_DOUBLE_EQUAL(c.g_b, fb, 1e-6 * fmax(1, fabs(fb)));
		CU_ASSERT_DOUBLE_EQUAL(c.g_x, fx, 1e-6 * fmax(1, fabs(fx)));
		/* ARTICLE.md: the article's formula is w dL/dw + b dL/db. */
		CU_ASSERT_DOUBLE_EQUAL(c.dw_article, w * c.g_w + b * c.g_b,
		                       1e-12 * fmax(1, fabs(c.dw_article)));
	}
}

static void test_example_target_follows_the_data(void)
{
	struct dataset d;
	struct analysis a;
	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), NR_OK);
	analysis_compute(&d, &a);
	/* The article's own samples: the same double as data.c builds. */
	for (size_t i = 0; i < d.n; i++)
		ASSERT_SAME_DOUBLE(example_target(1, &a, d.x[i]), d.y[i]);
	/* User data: the least-squares line through it. */
	a.w_opt = 2.5;
	a.b_opt = -1;
	ASSERT_SAME_DOUBLE(example_target(0, &a, 4), 9.0);
	dataset_free(&d);
}

int suite_chain(void)
{
	CU_pSuite s = CU_add_suite("chain", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_chain_matches_the_model_code_bit_for_bit);
	CU_ADD_TEST(s, test_chain_reproduces_the_hand_calculation_of_the_article);
	CU_ADD_TEST(s, test_chain_gradients_match_finite_differences);
	CU_ADD_TEST(s, test_example_target_follows_the_data);
	return CU_get_error();
}
