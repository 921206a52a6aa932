/*
 * test_batch.c - mini-batches: every epoch is a partition of the samples
 * into ascending batches, drawn uniformly (checked by counting), the same
 * per seed; a batch's gradient is the mean of its samples' gradients; and
 * training on batches uses them as it says: each update replayed here
 * with the staged functions on the batch this file draws, each state's
 * loss the full data's, a batch of all samples exactly full-batch descent.
 */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "helpers.h"
#include "model/analysis.h"
#include "model/batch.h"
#include "model/data.h"
#include "model/neuron.h"
#include "model/rng.h"
#include "model/train.h"
#include "suites.h"

/* n = 100 samples in batches of 7: fourteen of 7 and a last one of 2. */
static void test_each_epoch_partitions_the_samples_into_ascending_batches(void)
{
	struct dataset d;
	struct batches bt;
	int seen[ARTICLE_N];

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), NR_OK);
	CU_ASSERT_EQUAL_FATAL(batches_init(&bt, d.n, 7, 1), NR_OK);
	for (int epoch = 0; epoch < 5; epoch++) {
		memset(seen, 0, sizeof seen);
		for (size_t j = 0; j < 15; j++) {
			size_t m = batches_next(&bt, &d);
			CU_ASSERT_EQUAL(m, j < 14 ? 7 : 2);
			for (size_t i = 0; i < m; i++) {
				size_t s = bt.idx[i];
				CU_ASSERT_FATAL(s < d.n);
				seen[s]++;
				CU_ASSERT(i == 0 || bt.idx[i - 1] < s);
				ASSERT_SAME_DOUBLE(bt.x[i], d.x[s]);
				ASSERT_SAME_DOUBLE(bt.y[i], d.y[s]);
			}
		}
		for (size_t s = 0; s < d.n; s++)
			CU_ASSERT_EQUAL(seen[s], 1);
	}
	batches_free(&bt);
	dataset_free(&d);
}

/* The sample indices of the first `epochs` epochs, batch after batch. */
static void draw(size_t n, size_t size, uint64_t seed, int epochs, size_t *out)
{
	struct dataset d;
	struct batches bt;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), NR_OK);
	CU_ASSERT_EQUAL_FATAL(batches_init(&bt, n, size, seed), NR_OK);
	d.n = n;
	for (size_t k = 0; k < n * (size_t)epochs;) {
		size_t m = batches_next(&bt, &d);
		memcpy(out + k, bt.idx, m * sizeof *out);
		k += m;
	}
	batches_free(&bt);
	dataset_free(&d);
}

static void test_batches_are_the_same_per_seed_and_differ_between_seeds_and_epochs(void)
{
	size_t a[300], b[300], c[300];

	draw(100, 10, 42, 3, a);
	draw(100, 10, 42, 3, b);
	draw(100, 10, 43, 3, c);
	CU_ASSERT(memcmp(a, b, sizeof a) == 0);
	CU_ASSERT(memcmp(a, c, sizeof a) != 0);
	CU_ASSERT(memcmp(a, a + 100, 100 * sizeof *a) != 0);
	CU_ASSERT(memcmp(a + 100, a + 200, 100 * sizeof *a) != 0);
}

/*
 * n = 10 in batches of 3, 3, 3 and 1, over 20000 epochs. A uniformly
 * random partition puts sample i in batch j with probability size_j / n,
 * and two given samples in the same batch with probability
 * sum_j size_j (size_j - 1) / (n (n - 1)) = 18 / 90. Each count is checked
 * against its expectation within 5 binomial standard deviations. (A draw
 * that kept neighbours together, or always put sample 9 last, fails.)
 */
static void test_samples_land_in_each_batch_as_often_as_a_uniform_draw_says(void)
{
	enum { N = 10, B = 3, E = 20000 };
	static size_t idx[N * E];
	const size_t sizes[4] = { 3, 3, 3, 1 };
	long count[N][4] = { { 0 } }, together = 0;

	draw(N, B, 7, E, idx);
	for (size_t e = 0; e < E; e++) {
		size_t *ep = idx + e * N, at = 0;
		int batch_of[N];
		for (int j = 0; j < 4; j++)
			for (size_t i = 0; i < sizes[j]; i++, at++) {
				count[ep[at]][j]++;
				batch_of[ep[at]] = j;
			}
		together += batch_of[0] == batch_of[1];
	}
	for (int i = 0; i < N; i++)
		for (int j = 0; j < 4; j++) {
			double p = (double)sizes[j] / N, mean = E * p, sd = sqrt(E * p * (1 - p));
			CU_ASSERT(fabs((double)count[i][j] - mean) <= 5 * sd);
		}
	double p = 18.0 / 90;
	CU_ASSERT(fabs((double)together - E * p) <= 5 * sqrt(E * p * (1 - p)));
}

/*
 * n = 4 in batches of 1: an epoch is an ordering of the four samples, and
 * each of the 24 must come up 1/24 of the time: over 24000 epochs every
 * count within 5 standard deviations of 1000 (a shuffle that never moves
 * some place, or favours it, leaves counts near 0 or 2000).
 */
static void test_every_order_of_four_samples_is_equally_likely(void)
{
	enum { N = 4, E = 24000 };
	static size_t idx[N * E];
	long count[4][4][4][4] = { { { { 0 } } } };

	draw(N, 1, 11, E, idx);
	for (size_t e = 0; e < E; e++) {
		const size_t *p = idx + e * N;
		count[p[0]][p[1]][p[2]][p[3]]++;
	}
	double p = 1.0 / 24, sd = sqrt(E * p * (1 - p));
	size_t orders = 0;
	for (int a = 0; a < 4; a++)
		for (int b = 0; b < 4; b++)
			for (int c = 0; c < 4; c++)
				for (int d = 0; d < 4; d++) {
					int perm = a != b && a != c && a != d && b != c && b != d && c != d;
					long want = perm ? E / 24 : 0;
					orders += perm;
					CU_ASSERT(fabs((double)(count[a][b][c][d] - want)) <= 5 * sd);
				}
	CU_ASSERT_EQUAL(orders, 24);
}

/* A batch of every sample is the data set, in its order, so its pass is
 * the full pass bit for bit (both gradients). */
static void test_a_batch_of_all_samples_is_the_data_bit_for_bit(void)
{
	struct dataset d;
	struct batches bt;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), NR_OK);
	CU_ASSERT_EQUAL_FATAL(batches_init(&bt, d.n, d.n, 9), NR_OK);
	for (int epoch = 0; epoch < 3; epoch++) {
		CU_ASSERT_EQUAL_FATAL(batches_next(&bt, &d), d.n);
		for (size_t i = 0; i < d.n; i++)
			CU_ASSERT_EQUAL(bt.idx[i], i);
		for (int g = GRADIENT_EXACT; g <= GRADIENT_ARTICLE; g++) {
			double dw1, db1, dw2, db2;
			double l1 = neuron_loss_grad(d.n, bt.x, bt.y, 1.3, 7, g, &dw1, &db1);
			double l2 = neuron_loss_grad(d.n, d.x, d.y, 1.3, 7, g, &dw2, &db2);
			ASSERT_SAME_DOUBLE(l1, l2);
			ASSERT_SAME_DOUBLE(dw1, dw2);
			ASSERT_SAME_DOUBLE(db1, db2);
		}
	}
	batches_free(&bt);
	dataset_free(&d);
}

/*
 * A hand-picked batch {0, 13, 42, 77, 99}: its fused pass (n = 5) against
 * the mean of the five per-sample gradients, each from the staged
 * functions with n = 1 (dout = 2 (out - y)). The two add the same terms in
 * other groupings: 1e-14 of the sum of the terms' magnitudes.
 */
static void test_a_mini_batch_gradient_is_the_mean_of_its_samples_gradients(void)
{
	struct dataset d;
	const size_t pick[5] = { 0, 13, 42, 77, 99 };
	double x[5], y[5];
	const double w = 1.2, b = 3.5;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), NR_OK);
	for (size_t i = 0; i < 5; i++) {
		x[i] = d.x[pick[i]];
		y[i] = d.y[pick[i]];
	}
	for (int g = GRADIENT_EXACT; g <= GRADIENT_ARTICLE; g++) {
		double dw, db, sw = 0, sb = 0, sl = 0, mw = 0, mb = 0;
		double loss = neuron_loss_grad(5, x, y, w, b, g, &dw, &db);
		for (size_t i = 0; i < 5; i++) {
			double out, dout, gw, gb;
			neuron_forward(1, &x[i], w, b, &out);
			sl += neuron_loss(1, &out, &y[i]);
			neuron_backward(1, &x[i], &y[i], &out, g, &dout, &gw, &gb);
			sw += gw;
			sb += gb;
			mw += fabs(gw);
			mb += fabs(gb);
		}
		CU_ASSERT(fabs(dw - sw / 5) <= 1e-14 * mw);
		CU_ASSERT(fabs(db - sb / 5) <= 1e-14 * mb);
		CU_ASSERT(fabs(loss - sl / 5) <= 1e-14 * sl);
	}
	dataset_free(&d);
}

/* ---- training on mini-batches ------------------------------------------- */

static struct states run(const struct dataset *d, const struct analysis *a,
                         const struct train_config *cfg, struct train_result *res)
{
	struct states s = { 0 };
	CU_ASSERT_EQUAL(train_run(d, cfg, a, &(struct observer){ states_collect, &s }, 1, res), NR_OK);
	return s;
}

static int same_states(const struct states *a, const struct states *b)
{
	return a->n == b->n && memcmp(a->s, b->s, a->n * sizeof *a->s) == 0;
}

static struct train_config sgd(size_t batch, uint64_t seed, enum optimizer kind)
{
	struct train_config cfg = { .lr = 1e-4, .iters = 3000, .w0 = 0.8, .b0 = 0,
	                            .gradient = GRADIENT_EXACT, .optim = optim_params_default(),
	                            .batch = batch, .shuffle_seed = seed };
	cfg.optim.kind = kind;
	if (kind == OPTIM_ADAM)
		cfg.lr = 0.1;
	return cfg;
}

static void test_sgd_is_reproducible_per_seed_and_differs_between_seeds(void)
{
	struct dataset d;
	struct analysis a;
	struct train_result r;
	const size_t sizes[] = { 1, 10, 99 };

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), NR_OK);
	analysis_compute(&d, &a);
	for (size_t i = 0; i < 3; i++) {
		struct train_config c1 = sgd(sizes[i], 1, OPTIM_GD), c2 = sgd(sizes[i], 2, OPTIM_GD);
		struct states s1 = run(&d, &a, &c1, &r), again = run(&d, &a, &c1, &r);
		struct states s2 = run(&d, &a, &c2, &r);
		CU_ASSERT(same_states(&s1, &again));
		CU_ASSERT_FATAL(s1.n == 3001 && s2.n == 3001);
		/* Both start alike; their first batches already differ. */
		ASSERT_SAME_DOUBLE(s1.s[0].loss, s2.s[0].loss);
		CU_ASSERT(s1.s[0].dw != s2.s[0].dw || s1.s[1].dw != s2.s[1].dw);
		CU_ASSERT(s1.s[3000].w != s2.s[3000].w);
		free(s1.s);
		free(again.s);
		free(s2.s);
	}
	dataset_free(&d);
}

/* --batch n and --batch 0 are full-batch descent, every state bit for bit,
 * for both gradients and every optimizer (a batch of all samples would
 * be the data itself, above; it is not even drawn). */
static void test_batch_n_and_batch_0_equal_full_batch_descent_bit_for_bit(void)
{
	struct dataset d;
	struct analysis a;
	struct train_result r;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), NR_OK);
	analysis_compute(&d, &a);
	for (int g = GRADIENT_EXACT; g <= GRADIENT_ARTICLE; g++)
		for (int kind = OPTIM_GD; kind <= OPTIM_ADAM; kind++) {
			struct train_config full = sgd(0, 1, kind), all = sgd(d.n, 1, kind);
			full.gradient = all.gradient = g;
			struct states s0 = run(&d, &a, &full, &r), sn = run(&d, &a, &all, &r);
			CU_ASSERT(same_states(&s0, &sn));
			for (size_t k = 0; k < s0.n; k++)   /* the update's loss is the loss */
				ASSERT_SAME_DOUBLE(s0.s[k].batch_loss, s0.s[k].loss);
			free(s0.s);
			free(sn.s);
		}
	struct train_config gd = sgd(0, 0, OPTIM_GD);
	gd.gradient = GRADIENT_ARTICLE;
	gd.iters = 10000;
	CU_ASSERT_EQUAL(train_run(&d, &gd, &a, NULL, 0, &r), NR_OK);
	ASSERT_SAME_DOUBLE(r.last.w, 1.8741240769804204);   /* ARTICLE.md */
	dataset_free(&d);
}

/*
 * B = 10 with the article's gradient, whose fused pass is the staged
 * functions bit for bit: this file draws the same batches (same seed),
 * and at every state the batch's loss and gradient, the full data's loss
 * and the next parameters (w - lr dw) must be what the staged functions
 * give on those batches, to the bit.
 */
static void test_each_update_uses_its_batch_and_each_state_the_full_loss(void)
{
	struct dataset d;
	struct analysis a;
	struct train_result r;
	struct batches bt;
	double out[ARTICLE_N], dout[ARTICLE_N];

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), NR_OK);
	analysis_compute(&d, &a);
	struct train_config cfg = sgd(10, 5, OPTIM_GD);
	cfg.gradient = GRADIENT_ARTICLE;
	cfg.iters = 250;
	struct states s = run(&d, &a, &cfg, &r);
	CU_ASSERT_EQUAL_FATAL(s.n, 251);
	CU_ASSERT_EQUAL_FATAL(batches_init(&bt, d.n, 10, 5), NR_OK);
	size_t bad = 0;
	double w = 0.8, b = 0;
	for (size_t k = 0; k < s.n; k++) {
		double dw, db;
		size_t m = batches_next(&bt, &d);
		neuron_forward(m, bt.x, w, b, out);
		double batch_loss = neuron_loss(m, out, bt.y);
		neuron_backward(m, bt.x, bt.y, out, GRADIENT_ARTICLE, dout, &dw, &db);
		neuron_forward(d.n, d.x, w, b, out);
		double loss = neuron_loss(d.n, out, d.y);
		const struct train_state *st = &s.s[k];
		bad += !same_double(st->w, w) || !same_double(st->b, b) ||
		       !same_double(st->loss, loss) || !same_double(st->batch_loss, batch_loss) ||
		       !same_double(st->dw, dw) || !same_double(st->db, db);
		w = w - 1e-4 * dw;
		b = b - 1e-4 * db;
	}
	CU_ASSERT_EQUAL(bad, 0);
	batches_free(&bt);
	free(s.s);
	dataset_free(&d);
}

/*
 * full_every: the full data is evaluated only at every full_every-th state
 * and the last. The batches and the updates are the same, so the observed
 * states are those of a run that evaluates every state, to the bit; a run
 * that blows up is still called diverged (from its first batch gradient
 * that is not finite) with the full data's loss of that state.
 */
static void test_full_every_observes_fewer_states_of_the_same_run(void)
{
	static const size_t sizes[] = { 1, 10, 50 };
	struct dataset d;
	struct analysis a;
	struct train_result every, sparse;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), NR_OK);
	analysis_compute(&d, &a);
	for (size_t i = 0; i < 3; i++) {
		struct train_config cfg = sgd(sizes[i], 11, i == 2 ? OPTIM_MOMENTUM : OPTIM_GD);
		struct states all = run(&d, &a, &cfg, &every);
		cfg.full_every = 700;
		struct states some = run(&d, &a, &cfg, &sparse);
		/* States 0, 700, ..., 2800 and 3000. */
		CU_ASSERT_EQUAL_FATAL(some.n, 6);
		for (size_t k = 0; k < some.n; k++) {
			long long at = k + 1 < some.n ? (long long)k * 700 : cfg.iters;
			CU_ASSERT_EQUAL(some.s[k].k, at);
			CU_ASSERT(memcmp(&some.s[k], &all.s[at], sizeof *some.s) == 0);
		}
		CU_ASSERT(memcmp(&sparse.last, &every.last, sizeof every.last) == 0);
		CU_ASSERT_EQUAL(sparse.status, every.status);
		free(all.s);
		free(some.s);
	}
	/* Far beyond the limit: both diverge; the sparse run notices once the
	 * batch gradient overflows, later than the full data's 1e12 rule. */
	struct train_config cfg = sgd(10, 11, OPTIM_GD);
	cfg.lr = 0.05;
	cfg.iters = 100000;
	struct states all = run(&d, &a, &cfg, &every);
	cfg.full_every = cfg.iters;
	struct states some = run(&d, &a, &cfg, &sparse);
	CU_ASSERT(every.status == STATUS_DIVERGED && sparse.status == STATUS_DIVERGED);
	CU_ASSERT(sparse.diverged_at >= every.diverged_at && sparse.diverged_at < cfg.iters);
	CU_ASSERT_EQUAL_FATAL(some.n, 2);
	CU_ASSERT_EQUAL(some.s[1].k, sparse.diverged_at);
	CU_ASSERT(!isfinite(sparse.last.dw) || !isfinite(sparse.last.db));
	free(all.s);
	free(some.s);
	dataset_free(&d);
}

/*
 * "converged" is judged on the closed-form minimum, never on the loss. On
 * noisy targets (sigma 5) the minimum leaves residuals, so every sample's
 * gradient stays non-zero there and SGD with a constant step keeps
 * jittering around it: not converged, while full-batch descent on the
 * same data converges. On the article's exact data every residual
 * vanishes at the minimum, so there SGD does converge, and says so.
 */
static void test_sgd_with_a_constant_step_does_not_claim_convergence_on_noisy_data(void)
{
	struct dataset d;
	struct analysis a;
	struct train_result r;
	struct rng g;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), NR_OK);
	analysis_compute(&d, &a);
	struct train_config cfg = sgd(1, 3, OPTIM_GD);
	cfg.iters = 200000;
	CU_ASSERT_EQUAL(train_run(&d, &cfg, &a, NULL, 0, &r), NR_OK);
	CU_ASSERT_EQUAL(r.status, STATUS_CONVERGED);

	rng_seed(&g, 7);
	for (size_t i = 0; i < d.n; i++)
		d.y[i] += 5 * rng_gaussian(&g);
	analysis_compute(&d, &a);
	double dw, db, loss0 = neuron_loss_grad(d.n, d.x, d.y, 0.8, 0, GRADIENT_EXACT, &dw, &db);
	for (size_t i = 0; i < 3; i++) {
		const size_t sizes[] = { 1, 10, 50 };
		cfg = sgd(sizes[i], 3, OPTIM_GD);
		cfg.iters = 200000;
		CU_ASSERT_EQUAL(train_run(&d, &cfg, &a, NULL, 0, &r), NR_OK);
		CU_ASSERT_EQUAL(r.status, STATUS_NOT_CONVERGED);
		/* ... yet near it: less than 1% of the excess loss is left. */
		CU_ASSERT(r.last.loss - a.loss_opt < 0.01 * (loss0 - a.loss_opt));
	}
	cfg = sgd(0, 3, OPTIM_GD);
	cfg.lr = 1.1e-3;
	cfg.iters = 30000;
	CU_ASSERT_EQUAL(train_run(&d, &cfg, &a, NULL, 0, &r), NR_OK);
	CU_ASSERT_EQUAL(r.status, STATUS_CONVERGED);
	dataset_free(&d);
}

int suite_batch(void)
{
	CU_pSuite s = CU_add_suite("batch", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_each_epoch_partitions_the_samples_into_ascending_batches);
	CU_ADD_TEST(s, test_full_every_observes_fewer_states_of_the_same_run);
	CU_ADD_TEST(s, test_batches_are_the_same_per_seed_and_differ_between_seeds_and_epochs);
	CU_ADD_TEST(s, test_samples_land_in_each_batch_as_often_as_a_uniform_draw_says);
	CU_ADD_TEST(s, test_every_order_of_four_samples_is_equally_likely);
	CU_ADD_TEST(s, test_a_batch_of_all_samples_is_the_data_bit_for_bit);
	CU_ADD_TEST(s, test_a_mini_batch_gradient_is_the_mean_of_its_samples_gradients);
	CU_ADD_TEST(s, test_sgd_is_reproducible_per_seed_and_differs_between_seeds);
	CU_ADD_TEST(s, test_batch_n_and_batch_0_equal_full_batch_descent_bit_for_bit);
	CU_ADD_TEST(s, test_each_update_uses_its_batch_and_each_state_the_full_loss);
	CU_ADD_TEST(s, test_sgd_with_a_constant_step_does_not_claim_convergence_on_noisy_data);
	return CU_get_error();
}
