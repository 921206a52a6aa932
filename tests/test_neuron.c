/*
 * test_neuron.c - the model math against independent methods: central finite
 * differences of the loss, the identity the article's formula obeys, and the
 * fused pass against the staged functions (bit for bit for the article's
 * gradient; within a derived rounding bound, and bit for bit against a
 * scalar transcription of neuron.h's lane order on every path the
 * processor has, for the exact one).
 */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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

static void test_article_fused_pass_equals_staged_functions_bit_for_bit(void)
{
	struct dataset d;
	struct rng r;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), 0);
	rng_seed(&r, 7);
	for (int t = 0; t < 200; t++) {
		double w = 10 * rng_uniform(&r) - 5, b = 100 * rng_uniform(&r) - 50;
		double dw1, db1, dw2, db2;
		grad_at(&d, w, b, GRADIENT_ARTICLE, &dw1, &db1);
		double l1 = loss_at(&d, w, b);
		double l2 = neuron_loss_grad(d.n, d.x, d.y, w, b, GRADIENT_ARTICLE,
		                             &dw2, &db2);
		ASSERT_SAME_DOUBLE(l1, l2);
		ASSERT_SAME_DOUBLE(dw1, dw2);
		ASSERT_SAME_DOUBLE(db1, db2);
	}
	dataset_free(&d);
}

/* The staged functions' exact gradient on any n, with the sizes the bound
 * below is measured in: with c_i = |d_i| + |x_i w| + |x_i w + b|, m_l =
 * sum c_i^2 / n, m_w = (2/n) sum |x_i| c_i and m_b = (2/n) sum c_i. */
struct staged {
	double loss, dw, db, m_l, m_w, m_b;
};

static void staged_at(size_t n, const double *x, const double *y, double w,
                      double b, struct staged *s)
{
	double *out = malloc(n * sizeof *out), *dout = malloc(n * sizeof *dout);

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dout);
	neuron_forward(n, x, w, b, out);
	s->loss = neuron_loss(n, out, y);
	neuron_backward(n, x, y, out, GRADIENT_EXACT, dout, &s->dw, &s->db);
	s->m_l = s->m_w = s->m_b = 0;
	for (size_t i = 0; i < n; i++) {
		double c = fabs(out[i] - y[i]) + fabs(x[i] * w) + fabs(out[i]);
		s->m_l += c * c / (double)n;
		s->m_w += 2 * fabs(x[i]) * c / (double)n;
		s->m_b += 2 * c / (double)n;
	}
	free(out);
	free(dout);
}

/*
 * How far the exact gradient's lanes may stray from the staged sums, with
 * u = 2^-53 and gamma_k = k u / (1 - k u). The terms differ first, in a
 * fused build: the staged d_i rounds x_i w, then + b, then - y_i; the
 * lanes' rounds x_i w + b once (fma), then - y_i (unfused, the two are the
 * same and the bound only looser). Each is within u (|x_i w| + |p_i| +
 * |d_i|) of the true d_i (p_i = x_i w + b) to first order, so the two are
 * within 2u c_i of each other (c_i as in struct staged; 2.01 covers the
 * second order). Then the order of the sums: adding k terms in ANY order
 * errs by at most gamma_(k-1) times the sum of their magnitudes (Higham,
 * Accuracy and Stability of Numerical Algorithms, 2nd ed., section 4.2),
 * and a product rounded on its own or inside an fma adds one more u.
 * Staged dw: two roundings per term (2 d_i / n, then times x_i) and the
 * sum; lanes: the fmas, then 2/n rounded and the product. Together
 * (2n + 3) u sum |x_i d_i| plus 2.01 u sum |x_i| c_i from the terms, at
 * most (2n + 5.01) u (n/2) m_w before the factor 2/n. db likewise:
 * (2n + 3.01) u. L: (2n + 2) u sum d_i^2 from the sums, and from the terms
 * |d_s^2 - d_f^2| = |d_s - d_f| |d_s + d_f| <= 2.01 u c_i * 2.01 c_i, at
 * most (2n + 6.05) u m_l n. With a 1% margin for gamma_k over k u and for
 * the sizes computed in floating point, (2n + 7) u * 1.01 bounds all three;
 * for n <= 1001 that is below 2.3e-13, inside ARTICLE.md's 1e-12.
 */
static double lanes_tolerance(size_t n)
{
	double tol = (2.0 * (double)n + 7) * 0x1p-53 * 1.01;
	CU_ASSERT(tol <= 1e-12);
	return tol;
}

static void check_exact_pass(size_t n, const double *x, const double *y,
                             double w, double b)
{
	struct staged s;
	double dw, db, tol = lanes_tolerance(n);

	staged_at(n, x, y, w, b, &s);
	double loss = neuron_loss_grad(n, x, y, w, b, GRADIENT_EXACT, &dw, &db);
	CU_ASSERT(fabs(loss - s.loss) <= tol * s.m_l);
	CU_ASSERT(fabs(dw - s.dw) <= tol * s.m_w);
	CU_ASSERT(fabs(db - s.db) <= tol * s.m_b);
}

/* n samples of a noisy line with x spread over [-100, 100). */
static void random_line(struct rng *r, size_t n, double *x, double *y)
{
	for (size_t i = 0; i < n; i++) {
		x[i] = 200 * rng_uniform(r) - 100;
		y[i] = 1.8 * x[i] + 32 + 5 * rng_gaussian(r);
	}
}

/* The least-squares line through the points, where dw and db are 0 and
 * their terms cancel: the hardest place for a relative comparison. */
static void optimum(size_t n, const double *x, const double *y, double *w,
                    double *b)
{
	double mx = 0, my = 0, sxy = 0, sxx = 0;
	for (size_t i = 0; i < n; i++) {
		mx += x[i] / (double)n;
		my += y[i] / (double)n;
	}
	for (size_t i = 0; i < n; i++) {
		sxy += (x[i] - mx) * (y[i] - my);
		sxx += (x[i] - mx) * (x[i] - mx);
	}
	*w = sxx > 0 ? sxy / sxx : 0;
	*b = my - *w * mx;
}

/* Sizes below, at and around multiples of the vectors (2, 4, 8) and of the
 * 16 lanes, and large ones. */
static const size_t sizes[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 14, 15, 16, 17, 24, 31, 32, 33, 100, 1001 };

/* check(n, x, y, r) on a noisy line of n samples for each n in sizes, all
 * drawn from one stream seeded with `seed`. */
static void on_each_size(uint64_t seed, void (*check)(size_t n, const double *x,
                                                     const double *y, struct rng *r))
{
	struct rng r;

	rng_seed(&r, seed);
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		size_t n = sizes[k];
		double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
		CU_ASSERT_PTR_NOT_NULL_FATAL(x);
		CU_ASSERT_PTR_NOT_NULL_FATAL(y);
		random_line(&r, n, x, y);
		check(n, x, y, &r);
		free(x);
		free(y);
	}
}

static void test_exact_fused_pass_agrees_with_staged_functions_within_the_bound(void)
{
	struct dataset d;
	struct rng r;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), 0);
	rng_seed(&r, 11);
	for (size_t p = 0; p < sizeof points / sizeof points[0]; p++)
		check_exact_pass(d.n, d.x, d.y, points[p][0], points[p][1]);
	for (int t = 0; t < 200; t++)
		check_exact_pass(d.n, d.x, d.y, 10 * rng_uniform(&r) - 5,
		                 100 * rng_uniform(&r) - 50);
	dataset_free(&d);

	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		size_t n = sizes[k];
		double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), w, b;
		CU_ASSERT_PTR_NOT_NULL_FATAL(x);
		CU_ASSERT_PTR_NOT_NULL_FATAL(y);
		random_line(&r, n, x, y);
		optimum(n, x, y, &w, &b);
		check_exact_pass(n, x, y, w, b);
		check_exact_pass(n, x, y, w * (1 + 1e-9), b);
		for (int t = 0; t < 100; t++)
			check_exact_pass(n, x, y, 10 * rng_uniform(&r) - 5,
			                 100 * rng_uniform(&r) - 50);
		free(x);
		free(y);
	}
}

/* a * b + c rounded once (C's fma()) in a fused build, twice otherwise:
 * written here, not taken from neuron.h. */
static double madd(double a, double b, double c)
{
	return NEURON_FMA ? fma(a, b, c) : a * b + c;
}

/*
 * neuron.h's order for the exact gradient, transcribed with plain doubles,
 * madd() and no vectors: sample i to lane i mod 16, the fold written out,
 * then the factor 2/n.
 */
_Static_assert(NEURON_LANES == 16, "the transcription below folds 16 lanes");

static double lanes_by_hand(size_t n, const double *x, const double *y,
                            double w, double b, double *dw, double *db)
{
	double s[3][16] = { { 0 } }, sum[3];

	for (size_t i = 0; i < n; i++) {
		double d = madd(x[i], w, b) - y[i];
		double *l = &s[0][i % 16], *m = &s[1][i % 16], *t = &s[2][i % 16];
		*l = madd(d, d, *l);
		*m = madd(x[i], d, *m);
		*t = *t + d;
	}
	for (int a = 0; a < 3; a++) {
		const double *l = s[a];
		double e[8];
		for (int j = 0; j < 8; j++)
			e[j] = l[j] + l[j + 8];
		sum[a] = ((e[0] + e[4]) + (e[2] + e[6])) + ((e[1] + e[5]) + (e[3] + e[7]));
	}
	*dw = sum[1] * (2.0 / (double)n);
	*db = sum[2] * (2.0 / (double)n);
	return sum[0] / (double)n;
}

/* Each of the build's passes that this processor can run gives the bits
 * (loss, dw, db) at (w, b). */
static void check_passes(size_t n, const double *x, const double *y, double w, double b,
                         double loss, double dw, double db)
{
	const struct neuron_pass *pass;
	size_t n_pass = neuron_exact_passes(&pass);

	for (size_t p = 0; p < n_pass; p++) {
		if (pass[p].usable && !pass[p].usable())
			continue;
		double l;
		struct neuron_grad g = pass[p].fn(n, x, y, w, b, &l);
		ASSERT_SAME_DOUBLE(loss, l);
		ASSERT_SAME_DOUBLE(dw, g.dw);
		ASSERT_SAME_DOUBLE(db, g.db);
	}
}

/* Whatever vectors the build and the processor use, the bits are those of
 * the documented order: neuron_loss_grad(), and each of the build's passes
 * that this processor can run (AVX-512, AVX2, portable on x86-64). */
static void check_order(size_t n, const double *x, const double *y, struct rng *r)
{
	for (int t = 0; t < 100; t++) {
		double w = 10 * rng_uniform(r) - 5, b = 100 * rng_uniform(r) - 50;
		double dw1, db1, dw2, db2;
		double l1 = lanes_by_hand(n, x, y, w, b, &dw1, &db1);
		double l2 = neuron_loss_grad(n, x, y, w, b, GRADIENT_EXACT, &dw2, &db2);
		ASSERT_SAME_DOUBLE(l1, l2);
		ASSERT_SAME_DOUBLE(dw1, dw2);
		ASSERT_SAME_DOUBLE(db1, db2);
		check_passes(n, x, y, w, b, l1, dw1, db1);
	}
}

static void test_exact_fused_pass_sums_in_the_documented_lane_order(void)
{
	const struct neuron_pass *pass;
	size_t n_pass = neuron_exact_passes(&pass), ran = 0;

	for (size_t p = 0; p < n_pass; p++)
		ran += !pass[p].usable || pass[p].usable();
	CU_ASSERT(ran >= 1);
	CU_ASSERT_PTR_NULL(pass[n_pass - 1].usable);   /* one runs anywhere */
	on_each_size(13, check_order);
}

/* Products so small that they round to -0 (x_i d_i = -1e-600): fused, a
 * lane then holds -0, which turns +0 when the fold adds an empty lane's
 * +0.0, so dw's sign shows whether a pass folds every lane as neuron.h
 * says: on one sample, on fewer samples than lanes, on all the lanes and
 * on more. (Unfused, the product rounds to -0 first, and -0 + 0.0 is +0 in
 * every lane.) */
static void test_exact_pass_keeps_the_signs_of_zero_the_order_gives(void)
{
	static const size_t ns[] = { 1, 2, 9, 16, 17 };
	double x[17], y[17];

	for (size_t i = 0; i < 17; i++) {
		x[i] = -1e-300;
		y[i] = 0;
	}
	for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
		size_t n = ns[k];
		double dw1, db1, dw2, db2;
		double l1 = lanes_by_hand(n, x, y, 0, 1e-300, &dw1, &db1);
		double l2 = neuron_loss_grad(n, x, y, 0, 1e-300, GRADIENT_EXACT, &dw2, &db2);
		/* Empty lanes turn the -0 to +0; with every lane taken, it stays. */
		CU_ASSERT(dw1 == 0 && !signbit(dw1) == (!NEURON_FMA || n < NEURON_LANES));
		ASSERT_SAME_DOUBLE(l1, l2);
		ASSERT_SAME_DOUBLE(dw1, dw2);
		ASSERT_SAME_DOUBLE(db1, db2);
		check_passes(n, x, y, 0, 1e-300, l1, dw1, db1);
	}
}

/* The same samples at offsets of 1, 2 and 3 doubles (x and y shifted
 * differently, so vector loads straddle their boundaries in every way) give
 * the same bits: the order is fixed by sample index, not by address. */
static void test_exact_fused_pass_is_identical_at_every_alignment(void)
{
	struct rng r;

	rng_seed(&r, 17);
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		size_t n = sizes[k];
		double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
		double *bx = malloc((n + 3) * sizeof *bx), *by = malloc((n + 3) * sizeof *by);
		CU_ASSERT_PTR_NOT_NULL_FATAL(x);
		CU_ASSERT_PTR_NOT_NULL_FATAL(y);
		CU_ASSERT_PTR_NOT_NULL_FATAL(bx);
		CU_ASSERT_PTR_NOT_NULL_FATAL(by);
		random_line(&r, n, x, y);
		for (int t = 0; t < 20; t++) {
			double w = 10 * rng_uniform(&r) - 5, b = 100 * rng_uniform(&r) - 50;
			double dw, db;
			double l = neuron_loss_grad(n, x, y, w, b, GRADIENT_EXACT, &dw, &db);
			for (size_t off = 1; off <= 3; off++) {
				double *ax = bx + off, *ay = by + (3 - off + 1) % 4;
				double dw2, db2;
				memcpy(ax, x, n * sizeof *x);
				memcpy(ay, y, n * sizeof *y);
				double l2 = neuron_loss_grad(n, ax, ay, w, b, GRADIENT_EXACT,
				                             &dw2, &db2);
				ASSERT_SAME_DOUBLE(l, l2);
				ASSERT_SAME_DOUBLE(dw, dw2);
				ASSERT_SAME_DOUBLE(db, db2);
			}
		}
		free(x);
		free(y);
		free(bx);
		free(by);
	}
}

/* neuron_descend() against neuron_grad() and neuron_update() in turn, bit
 * for bit: every pass the processor has, both gradients, every size. */
static void check_descend(size_t n, const double *x, const double *y, enum gradient kind,
                          size_t (*descend)(size_t, const double *, const double *, double,
                                            double, double, double *, double *, size_t,
                                            struct neuron_state *))
{
	struct neuron_state out[40];
	double w = 0.8, b = 0, w2 = 0.8, b2 = 0, lr = 1e-4;
	size_t got = descend ? descend(n, x, y, lr, -INFINITY, INFINITY, &w, &b, 40, out)
	             : neuron_descend(n, x, y, kind, lr, -INFINITY, INFINITY, &w, &b, 40, out);

	CU_ASSERT_EQUAL(got, 40);
	for (size_t k = 0; k < got; k++) {
		double loss;
		struct neuron_grad g = neuron_grad(n, x, y, w2, b2, kind, &loss);
		ASSERT_SAME_DOUBLE(out[k].w, w2);
		ASSERT_SAME_DOUBLE(out[k].b, b2);
		ASSERT_SAME_DOUBLE(out[k].loss, loss);
		ASSERT_SAME_DOUBLE(out[k].dw, g.dw);
		ASSERT_SAME_DOUBLE(out[k].db, g.db);
		neuron_update(&w2, &b2, g.dw, g.db, lr);
	}
	ASSERT_SAME_DOUBLE(w, w2);
	ASSERT_SAME_DOUBLE(b, b2);
}

static void check_descend_paths(size_t n, const double *x, const double *y, struct rng *r)
{
	const struct neuron_pass *pass;
	size_t n_pass = neuron_exact_passes(&pass);

	(void)r;
	check_descend(n, x, y, GRADIENT_ARTICLE, NULL);
	check_descend(n, x, y, GRADIENT_EXACT, NULL);
	for (size_t p = 0; p < n_pass; p++)
		if (!pass[p].usable || pass[p].usable())
			check_descend(n, x, y, GRADIENT_EXACT, pass[p].descend);
}

static void test_descend_is_grad_and_update_in_turn(void)
{
	on_each_size(19, check_descend_paths);
}

/* A descent stops at the first state above `high`, at or below `low`, or
 * not finite, and writes that state; the parameters are one update on. */
static void test_descend_stops_at_the_first_state_that_does_not_go_on(void)
{
	struct dataset d;
	struct neuron_state out[50], all[50];
	double w = 0.8, b = 0;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), 0);
	for (int kind = GRADIENT_EXACT; kind <= GRADIENT_ARTICLE; kind++) {
		/* 2e-3 is above both gradients' stable limits (about 1.2e-3 and
		 * lower): the loss grows at every step, the article's formula's
		 * faster than exponentially, to infinity within 20 steps. */
		double wa = 0.8, ba = 0;
		size_t got = neuron_descend(d.n, d.x, d.y, kind, 2e-3, -INFINITY, INFINITY,
		                            &wa, &ba, 20, all);
		CU_ASSERT_FATAL(got >= 8);
		for (size_t k = 1; k < got; k++)
			CU_ASSERT(all[k].loss > all[k - 1].loss);
		for (size_t k = 0; k + 1 < got; k++)
			CU_ASSERT(isfinite(all[k].loss));
		CU_ASSERT(got == 20 || !isfinite(all[got - 1].loss));
		CU_ASSERT_EQUAL(got < 20, kind == GRADIENT_ARTICLE);
		double high = (all[6].loss + all[7].loss) / 2;
		w = 0.8, b = 0;
		CU_ASSERT_EQUAL(neuron_descend(d.n, d.x, d.y, kind, 2e-3, -INFINITY, high,
		                               &w, &b, 20, out), 8);
		ASSERT_SAME_DOUBLE(out[7].loss, all[7].loss);
		ASSERT_SAME_DOUBLE(w, all[8].w);
		ASSERT_SAME_DOUBLE(b, all[8].b);

		wa = 0.8, ba = 0;
		neuron_descend(d.n, d.x, d.y, kind, 1e-4, -INFINITY, INFINITY, &wa, &ba, 50, all);
		double low = all[20].loss;   /* the loss falls at every step here */
		CU_ASSERT(all[19].loss > low && all[21].loss < low);
		w = 0.8, b = 0;
		CU_ASSERT_EQUAL(neuron_descend(d.n, d.x, d.y, kind, 1e-4, low, INFINITY,
		                               &w, &b, 50, out), 21);

		w = NAN, b = 0;
		CU_ASSERT_EQUAL(neuron_descend(d.n, d.x, d.y, kind, 1e-4, -INFINITY, INFINITY,
		                               &w, &b, 50, out), 1);
		CU_ASSERT(isnan(out[0].loss));
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
	CU_ADD_TEST(s, test_article_fused_pass_equals_staged_functions_bit_for_bit);
	CU_ADD_TEST(s, test_exact_fused_pass_agrees_with_staged_functions_within_the_bound);
	CU_ADD_TEST(s, test_exact_fused_pass_sums_in_the_documented_lane_order);
	CU_ADD_TEST(s, test_exact_fused_pass_is_identical_at_every_alignment);
	CU_ADD_TEST(s, test_exact_pass_keeps_the_signs_of_zero_the_order_gives);
	CU_ADD_TEST(s, test_descend_is_grad_and_update_in_turn);
	CU_ADD_TEST(s, test_descend_stops_at_the_first_state_that_does_not_go_on);
	CU_ADD_TEST(s, test_gradient_vanishes_at_the_optimum);
	CU_ADD_TEST(s, test_update_steps_against_the_gradient);
	CU_ADD_TEST(s, test_article_data_is_c_times_9_over_5_plus_32);
	return CU_get_error();
}
