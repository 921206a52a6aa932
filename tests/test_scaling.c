/*
 * test_scaling.c - the rescaled problems against closed forms for their
 * moments, and their iteration counts against direct training runs.
 */
#include <CUnit/CUnit.h>
#include <math.h>

#include "model/analysis.h"
#include "model/data.h"
#include "helpers.h"
#include "model/scaling.h"
#include "suites.h"
#include "model/train.h"

struct fixture {
	struct dataset d;
	struct analysis a;
	struct scaling s;
	struct path curves[SCALE_N];
};

static void setup(struct fixture *f, double w0, double b0)
{
	CU_ASSERT_EQUAL_FATAL(dataset_article(&f->d), 0);
	analysis_compute(&f->d, &f->a);
	for (int k = 0; k < SCALE_N; k++)
		f->curves[k] = (struct path)PATH_INIT(100, 100);
	CU_ASSERT_EQUAL_FATAL(scaling_run(&f->d, &f->a, w0, b0, NULL, &f->s, f->curves), 0);
}

static void teardown(struct fixture *f)
{
	for (int k = 0; k < SCALE_N; k++)
		path_free(&f->curves[k]);
	dataset_free(&f->d);
}

/*
 * x' = x / s has mean(x') = -0.5 / s and mean(x'^2) = 833.5 / s^2, so
 * H' = 2 [[833.5 / s^2, -0.5 / s], [-0.5 / s, 1]], whose eigenvalues are
 * (tr +- sqrt(tr^2 - 4 det)) / 2 with det = 4 (833.5 - 0.25) / s^2.
 * Standardised, H' = 2 I: condition 1.
 */
static void test_condition_numbers_match_the_closed_form(void)
{
	struct fixture f;
	const double s[2] = { 1, 100 };

	setup(&f, 0.8, 0);
	for (int k = 0; k < 2; k++) {
		double tr = 2 * 833.5 / (s[k] * s[k]) + 2;
		double det = 4 * (833.5 - 0.25) / (s[k] * s[k]);
		double lmax = (tr + sqrt(tr * tr - 4 * det)) / 2, lmin = det / lmax;
		const struct scaling_case *c = &f.s.c[k == 0 ? SCALE_RAW : SCALE_DIV100];
		CU_ASSERT_DOUBLE_EQUAL(c->a.condition, lmax / lmin, 1e-9 * lmax / lmin);
		CU_ASSERT_DOUBLE_EQUAL(c->lr, 2 / (lmin + lmax), 1e-12 * c->lr);
	}
	const struct scaling_case *st = &f.s.c[SCALE_STANDARD];
	CU_ASSERT_DOUBLE_EQUAL(st->a.condition, 1, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(st->lr, 0.5, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(st->scale, sqrt(833.5 - 0.25), 1e-12);
	CU_ASSERT(f.s.c[SCALE_RAW].a.condition > 800 && f.s.c[SCALE_DIV100].a.condition < 13);
	teardown(&f);
}

/* Every version starts from the same line: the same initial loss (to
 * rounding) and the same minimum once mapped back (w = w' / scale). */
static void test_every_version_starts_from_the_same_line(void)
{
	struct fixture f;

	setup(&f, 0.8, 0);
	for (int k = 0; k < SCALE_N; k++) {
		const struct scaling_case *c = &f.s.c[k];
		CU_ASSERT_DOUBLE_EQUAL(c->loss0, 1825.5, 1e-9);
		CU_ASSERT_DOUBLE_EQUAL(c->a.w_opt / c->scale, 1.8, 1e-9);
		CU_ASSERT_DOUBLE_EQUAL(c->a.b_opt - c->a.w_opt * c->shift / c->scale, 32, 1e-9);
	}
	CU_ASSERT_DOUBLE_EQUAL(f.s.target, f.a.loss_opt + 1e-6 * (1825.5 - f.a.loss_opt), 1e-15);
	teardown(&f);
}

/* The loss after `iters` updates, by a direct run on the rescaled data. */
static double loss_after(const struct fixture *f, const struct scaling_case *c, long long iters)
{
	struct dataset ds;
	struct train_result res;
	struct train_config cfg = { .lr = c->lr, .iters = iters, .w0 = c->w0, .b0 = c->b0 };

	CU_ASSERT_EQUAL_FATAL(scaling_dataset(&f->d, c->shift, c->scale, &ds), 0);
	CU_ASSERT_EQUAL(train_run(&ds, &cfg, &c->a, NULL, 0, &res), 0);
	dataset_free(&ds);
	return res.last.loss;
}

/* Each count is the first iteration on target: a direct run of that many
 * updates is on target, one fewer is not. Standardised needs one step. */
static void test_iteration_counts_match_direct_runs(void)
{
	struct fixture f;

	setup(&f, 0.7415648787718233, 0.1599103928769201);
	for (int k = 0; k < SCALE_N; k++) {
		const struct scaling_case *c = &f.s.c[k];
		CU_ASSERT_FATAL(c->iters >= 1);
		CU_ASSERT(loss_after(&f, c, c->iters) <= f.s.target);
		CU_ASSERT(loss_after(&f, c, c->iters - 1) > f.s.target);
		ASSERT_SAME_DOUBLE(loss_after(&f, c, c->iters), c->loss);
		/* The curve ends on target, at that iteration. */
		CU_ASSERT_EQUAL(f.curves[k].pt[f.curves[k].n - 1].k, c->iters);
	}
	CU_ASSERT_EQUAL(f.s.c[SCALE_STANDARD].iters, 1);
	CU_ASSERT(f.s.c[SCALE_DIV100].iters < 100);
	CU_ASSERT(f.s.c[SCALE_RAW].iters > 1000);
	teardown(&f);
}

int suite_scaling(void)
{
	CU_pSuite s = CU_add_suite("scaling", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_condition_numbers_match_the_closed_form);
	CU_ADD_TEST(s, test_every_version_starts_from_the_same_line);
	CU_ADD_TEST(s, test_iteration_counts_match_direct_runs);
	return CU_get_error();
}
