/*
 * test_optimizers.c - the report's optimizer section through the real
 * binary: its table parsed back and compared with optimizers.csv; every
 * run redone through the library; the predicted counts from closed forms
 * written here and the heavy ball's count from its start by iterating the
 * recurrence on the quadratic; the map's cells against the stability limit
 * and its fastest cell against the computed pair; the captions' numbers
 * against the CSVs; every figure and explorer card rendered; the
 * explorer's HTML and Markdown; and the learning-rate sections running
 * plain full-batch descent whatever --optimizer and --batch say.
 *
 * The reports with real figures are the shared ones (reports.h), started
 * at the article's (0.8, 0); the others use the fake gnuplot.
 */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "helpers.h"
#include "model/analysis.h"
#include "model/setup.h"
#include "model/train.h"
#include "output/names.h"
#include "reports.h"
#include "suites.h"

/* ---- reading ---------------------------------------------------------------- */

/* Fails with both texts when a document's number is not the CSV's. */
static void expect(const char *got, const char *fmt, double v)
{
	char want[64];

	snprintf(want, sizeof want, fmt, v);
	CU_ASSERT_STRING_EQUAL(got, want);
	if (strcmp(got, want))
		fprintf(stderr, "\n  report says %s, CSV gives %s\n", got, want);
}

/* The text after `key` in s, up to the first of `stop` (newly allocated). */
static char *after(const char *s, const char *key, const char *stop)
{
	const char *at = s ? strstr(s, key) : NULL;

	if (!at)
		return NULL;
	at += strlen(key);
	return strndup(at, strcspn(at, stop));
}

/* A report drawn by the fake gnuplot (the C side only); caller removes it. */
static char *fake_report(struct proc *p, const char *const *args)
{
	char *dir = tmpdir_new();
	char *gp = xasprintf("GNUPLOT=%s", fake_gnuplot());
	const char *env[] = { gp, NULL };
	struct spawn_opts o = { .env = env };

	run_neuron_with(p, &o, "report", "--out", dir, args[0], args[1], args[2], args[3],
	                args[4], args[5], NULL);
	free(gp);
	return dir;
}

/* ---- the article's data, by hand ------------------------------------------------- */

/* The Hessian's eigenvalues of the article's data, from the moments of
 * x = -50 .. 49 and the quadratic formula. */
static void article_lambdas(double *lmin, double *lmax)
{
	double mx = 0, mxx = 0;

	for (int x = -50; x < 50; x++) {
		mx += x / 100.0;
		mxx += x * (double)x / 100.0;
	}
	/* H = 2 [[mxx, mx], [mx, 1]]: lambda = tr/2 -+ sqrt(tr^2/4 - det). */
	double tr = 2 * mxx + 2, det = 4 * (mxx - mx * mx);
	*lmax = tr / 2 + sqrt(tr * tr / 4 - det);
	*lmin = det / *lmax;
}

/* ceil(ln(1e-6) / (2 ln r)): the steps for the excess loss to shrink by a
 * millionth at a contraction r per step. */
static long long count_for(double r)
{
	return (long long)ceil(log(1e-6) / (2 * log(r)));
}

static const char *const method_words[] = {
	"gradient descent", "gradient descent, best step", "heavy ball", "Nesterov", "Adam",
	"SGD", "mini-batch",
};

/* ---- the table and the runs --------------------------------------------------------- */

static void test_the_table_agrees_with_optimizers_csv(void)
{
	const struct shared_report *r = shared_report("default");
	struct table t = table_load(r->dir, "optimizers.csv");
	char *md = report_file(r, "report.md");
	char cells[8][96];

	CU_ASSERT_PTR_NOT_NULL_FATAL(md);
	CU_ASSERT_EQUAL_FATAL(t.rows, 8);   /* header + seven methods */
	int pred = table_col(&t, "predicted"), reached = table_col(&t, "reached_at"), loss = table_col(&t, "loss");
	for (size_t i = 1; i < t.rows; i++) {
		CU_ASSERT_EQUAL_FATAL(md_row(md, method_words[i - 1], cells, 8), 5);
		if (!strcmp(table_at(&t, i, pred), "-")) {
			CU_ASSERT_STRING_EQUAL(cells[1], "-");
		} else {
			expect(cells[1], "%.0f", table_num(&t, i, pred));
		}
		if (table_num(&t, i, reached) >= 0) {
			expect(cells[2], "%.0f", table_num(&t, i, reached));
			CU_ASSERT_STRING_EQUAL(cells[4], "reached the target");
		} else {
			CU_ASSERT_STRING_EQUAL(cells[2], "-");
			CU_ASSERT(!strncmp(cells[4], "stopped after ", 14) || !strncmp(cells[4], "diverged at ", 12));
		}
		expect(cells[3], "%.6g", table_num(&t, i, loss));
	}
	table_free(&t);
	free(md);
}

/* Each row of optimizers.csv is what the library does with its settings
 * from the main run's start, stopped at a millionth of the way from the
 * initial loss (trace.csv's first row) to the minimum's: the same count and
 * the same final loss, to the bit. */
static void test_every_run_is_the_librarys_run_with_its_settings(void)
{
	const struct shared_report *r = shared_report("default");
	struct table t = table_load(r->dir, "optimizers.csv"), tr = table_load(r->dir, "trace.csv");
	struct run_options o;
	struct dataset d;
	struct analysis a;
	static const enum optimizer kind[] = { OPTIM_GD, OPTIM_GD, OPTIM_MOMENTUM, OPTIM_NESTEROV,
	                                       OPTIM_ADAM, OPTIM_GD, OPTIM_GD };

	run_options_default(&o);
	CU_ASSERT_EQUAL_FATAL(setup_data(&o, &d, &a), NR_OK);
	double loss0 = table_num(&tr, 1, 1);
	int c_lr = table_col(&t, "lr"), c_beta = table_col(&t, "beta"), c_batch = table_col(&t, "batch");
	int c_reached = table_col(&t, "reached_at"), c_loss = table_col(&t, "loss");
	for (size_t i = 1; i < t.rows; i++) {
		struct train_config cfg = {
			.lr = table_num(&t, i, c_lr), .iters = 100000, .w0 = 0.8, .b0 = 0,
			.gradient = GRADIENT_EXACT, .optim = optim_params_default(),
			.batch = (size_t)table_num(&t, i, c_batch),
			.shuffle_seed = DEFAULT_SEED ^ SHUFFLE_STREAM, .until_target = 1,
			.target = a.loss_opt + 1e-6 * (loss0 - a.loss_opt),
		};
		struct train_result res;
		cfg.optim.kind = kind[i - 1];
		if (strcmp(table_at(&t, i, c_beta), "-"))
			cfg.optim.momentum = table_num(&t, i, c_beta);
		CU_ASSERT_EQUAL_FATAL(train_run(&d, &cfg, &a, NULL, 0, &res), NR_OK);
		CU_ASSERT_EQUAL(res.reached_at, (long long)table_num(&t, i, c_reached));
		ASSERT_SAME_DOUBLE(res.last.loss, table_num(&t, i, c_loss));
	}
	table_free(&t);
	table_free(&tr);
	dataset_free(&d);
}

/* The predicted counts from the rates, each rate from its closed form with
 * the eigenvalues found here; the heavy ball's count from its start by
 * running its recurrence on the quadratic itself. */
static void test_the_predictions_follow_from_the_rates(void)
{
	const struct shared_report *r = shared_report("default");
	struct table t = table_load(r->dir, "optimizers.csv");
	double lmin, lmax;

	article_lambdas(&lmin, &lmax);
	double kappa = lmax / lmin, sk = sqrt(kappa);
	int c_pred = table_col(&t, "predicted"), c_from = table_col(&t, "predicted_from_start");
	CU_ASSERT_EQUAL_FATAL(t.rows, 8);
	CU_ASSERT_EQUAL(table_num(&t, 1, c_pred), count_for(1 - 1e-4 * lmin));
	CU_ASSERT_EQUAL(table_num(&t, 2, c_pred), count_for((kappa - 1) / (kappa + 1)));
	CU_ASSERT_EQUAL(table_num(&t, 3, c_pred), count_for((sk - 1) / (sk + 1)));
	CU_ASSERT_EQUAL(table_num(&t, 4, c_pred), count_for(1 - 2 / sqrt(3 * kappa + 1)));
	for (size_t i = 5; i < t.rows; i++)
		CU_ASSERT_STRING_EQUAL(table_at(&t, i, c_pred), "-");

	/* e_(k+1) = e_k - lr H e_k + beta (e_k - e_(k-1)) from e_(-1) = e_0,
	 * with H from the moments of the data: the first k whose excess loss
	 * e.H.e / 2 is at most a millionth of the start's. */
	double mx = -0.5, mxx = 0;
	for (int x = -50; x < 50; x++)
		mxx += x * (double)x / 100.0;
	double h[2][2] = { { 2 * mxx, 2 * mx }, { 2 * mx, 2 } };
	double lr = 4 / ((sqrt(lmax) + sqrt(lmin)) * (sqrt(lmax) + sqrt(lmin)));
	double beta = ((sk - 1) / (sk + 1)) * ((sk - 1) / (sk + 1));
	double e[2] = { 0.8 - 1.8, 0 - 32 }, prev[2] = { e[0], e[1] };
#define EXCESS(v) ((v)[0] * (h[0][0] * (v)[0] + h[0][1] * (v)[1]) + \
                   (v)[1] * (h[1][0] * (v)[0] + h[1][1] * (v)[1])) / 2
	double start = EXCESS(e);
	long long k = 0;
	while (EXCESS(e) > 1e-6 * start && k < 100000) {
		double g0 = h[0][0] * e[0] + h[0][1] * e[1], g1 = h[1][0] * e[0] + h[1][1] * e[1];
		double n0 = e[0] - lr * g0 + beta * (e[0] - prev[0]);
		double n1 = e[1] - lr * g1 + beta * (e[1] - prev[1]);
		prev[0] = e[0];
		prev[1] = e[1];
		e[0] = n0;
		e[1] = n1;
		k++;
	}
#undef EXCESS
	CU_ASSERT_EQUAL(table_num(&t, 3, c_from), k);
	table_free(&t);
}

/* ---- the map ------------------------------------------------------------------------ */

/* Every cell beyond lr lambda_max = 2 (1 + beta) diverged and none inside;
 * the computed pair is a cell; the fastest cell is in the row next to it
 * (or its own), and along the step either next to it or inside the
 * stretch where, at its beta, both directions swing and so shrink at the
 * same final rate sqrt(beta): (1 - sqrt b)^2 / lmin < lr < (1 + sqrt b)^2 /
 * lmax. At the computed pair the loss falls without swinging back, so the
 * map's count there is the heavy ball run's. */
static void test_the_maps_fastest_cell_is_next_to_the_computed_pair(void)
{
	const struct shared_report *r = shared_report("default");
	struct table t = table_load(r->dir, "momentum_map.csv");
	struct table runs = table_load(r->dir, "optimizers.csv");
	double lmin, lmax;

	article_lambdas(&lmin, &lmax);
	double sk = sqrt(lmax / lmin);
	double lr_opt = 4 / ((sqrt(lmax) + sqrt(lmin)) * (sqrt(lmax) + sqrt(lmin)));
	double beta_opt = ((sk - 1) / (sk + 1)) * ((sk - 1) / (sk + 1));
	int ci = table_col(&t, "i"), cj = table_col(&t, "j"), clr = table_col(&t, "lr"), cb = table_col(&t, "beta");
	int ck = table_col(&t, "iterations"), cs = table_col(&t, "status");
	long long opt_i = -1, opt_j = -1, opt_k = -1, best_k = -1;
	double best_lr = 0, best_beta = 0, best_i = 0, best_j = 0;

	CU_ASSERT_EQUAL_FATAL(t.rows, 901);
	for (size_t i = 1; i < t.rows; i++) {
		double lr = table_num(&t, i, clr), beta = table_num(&t, i, cb);
		const char *status = table_at(&t, i, cs);
		int beyond = lr * lmax >= 2 * (1 + beta) * (1 + 1e-12);
		int inside = lr * lmax <= 2 * (1 + beta) * (1 - 1e-12);
		if (beyond || inside)
			CU_ASSERT_EQUAL(!strcmp(status, "diverged"), beyond);
		if (fabs(lr / lr_opt - 1) < 1e-12 && fabs(beta - beta_opt) < 1e-12) {
			opt_i = (long long)table_num(&t, i, ci);
			opt_j = (long long)table_num(&t, i, cj);
			opt_k = (long long)table_num(&t, i, ck);
		}
		long long k = (long long)table_num(&t, i, ck);
		if (!strcmp(status, "reached") && (best_k < 0 || k < best_k)) {
			best_k = k;
			best_lr = lr;
			best_beta = beta;
			best_i = table_num(&t, i, ci);
			best_j = table_num(&t, i, cj);
		}
	}
	CU_ASSERT_FATAL(opt_i >= 0 && best_k > 0);
	CU_ASSERT(fabs(best_j - (double)opt_j) <= 1);
	double rb = sqrt(best_beta);
	int in_stretch = best_lr > (1 - rb) * (1 - rb) / lmin && best_lr < (1 + rb) * (1 + rb) / lmax;
	CU_ASSERT(fabs(best_i - (double)opt_i) <= 1 || in_stretch);
	CU_ASSERT_EQUAL(opt_k, (long long)table_num(&runs, 3, table_col(&runs, "reached_at")));
	table_free(&t);
	table_free(&runs);
}

/* The trainer's last update with a loss above the target. */
struct above {
	double target;
	long long last;
};

static int watch_above(void *ctx, const struct train_state *s, int final)
{
	struct above *a = ctx;

	(void)final;
	if (!(s->loss <= a->target))
		a->last = s->k;
	return NR_OK;
}

/* The map is computed on the loss's quadratic form (analysis.h,
 * heavy_ball_quadratic); every third cell is trained again here by
 * train_run, the heavy ball on the data's sums, from the same start to the
 * same target and cap: the same count and the same status. */
static void test_the_maps_cells_are_the_trainers(void)
{
	const struct shared_report *r = shared_report("default");
	struct table t = table_load(r->dir, "momentum_map.csv");
	struct dataset d;
	struct analysis a;
	double dw, db;

	CU_ASSERT_FATAL(t.rows == 901 && dataset_article(&d) == 0);
	analysis_compute(&d, &a);
	/* The report's start (0.8, 0) and target, as optimizers.c sets it. */
	double loss0 = neuron_loss_grad(d.n, d.x, d.y, 0.8, 0, GRADIENT_EXACT, &dw, &db);
	double target = a.loss_opt + PREDICT_REDUCTION * (loss0 - a.loss_opt);
	int clr = table_col(&t, "lr"), cb = table_col(&t, "beta"), ck = table_col(&t, "iterations");
	int cs = table_col(&t, "status");
	long long cap = 0, compared = 0, statuses[3] = { 0 };
	for (size_t i = 1; i < t.rows; i++)
		if (!strcmp(table_at(&t, i, cs), "capped") && (long long)table_num(&t, i, ck) > cap)
			cap = (long long)table_num(&t, i, ck);
	CU_ASSERT_FATAL(cap > 0);
	for (size_t i = 1; i < t.rows; i += 3) {
		struct train_config cfg = {
			.lr = table_num(&t, i, clr), .iters = cap, .w0 = 0.8, .b0 = 0,
			.gradient = GRADIENT_EXACT, .optim = optim_params_default(),
		};
		cfg.optim.kind = OPTIM_MOMENTUM;
		cfg.optim.momentum = table_num(&t, i, cb);
		struct above above = { target, -1 };
		struct observer watch = { watch_above, &above };
		struct train_result res;
		CU_ASSERT_FATAL(train_run(&d, &cfg, &a, &watch, 1, &res) == NR_OK);
		int diverged = res.status == STATUS_DIVERGED, stays = !diverged && above.last < res.last.k;
		const char *status = stays ? "reached" : diverged ? "diverged" : "capped";
		long long k = stays ? above.last + 1 : res.last.k;
		CU_ASSERT_STRING_EQUAL(table_at(&t, i, cs), status);
		CU_ASSERT_EQUAL((long long)table_num(&t, i, ck), k);
		if (strcmp(table_at(&t, i, cs), status) || (long long)table_num(&t, i, ck) != k)
			fprintf(stderr, "\n  cell %zu: map %s %lld, trainer %s %lld\n", i - 1,
			        table_at(&t, i, cs), (long long)table_num(&t, i, ck), status, k);
		statuses[stays ? 0 : diverged ? 1 : 2]++;
		compared++;
	}
	/* Every kind of cell was among them. */
	CU_ASSERT(compared == 300 && statuses[0] > 0 && statuses[1] > 0 && statuses[2] > 0);
	dataset_free(&d);
	table_free(&t);
}

/* The map's sentence about its stability line counts the CSV's cells: in
 * the default run every cell beyond lr lambda_max = 2 (1 + beta) diverges;
 * in the 100-iteration run "diverging" (a cap of 1000 updates) one close
 * to the line has not yet, and the sentence says so instead of claiming
 * all. */
static void test_the_maps_counts_of_diverged_cells_are_the_csvs(void)
{
	static const char *const names[] = { "default", "diverging" };
	double lmin, lmax;

	article_lambdas(&lmin, &lmax);
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
		const struct shared_report *r = shared_report(names[k]);
		struct table t = table_load(r->dir, "momentum_map.csv");
		int clr = table_col(&t, "lr"), cb = table_col(&t, "beta"), cs = table_col(&t, "status");
		long long beyond = 0, beyond_div = 0, inside_div = 0;
		for (size_t i = 1; i < t.rows; i++) {
			/* the limit as analysis.c computes it, 2 (1 + beta) / lambda_max */
			int out = table_num(&t, i, clr) >= 2 * (1 + table_num(&t, i, cb)) / lmax;
			int div = !strcmp(table_at(&t, i, cs), "diverged");
			beyond += out;
			beyond_div += out && div;
			inside_div += !out && div;
		}
		char *md = report_file(r, "report.md"), want[256];
		CU_ASSERT_FATAL(md != NULL && inside_div == 0);
		if (beyond_div == beyond)
			snprintf(want, sizeof want, "Every one of the %lld cells beyond the line diverged",
			         beyond);
		else
			snprintf(want, sizeof want, "of the %lld beyond it, %lld diverged within the",
			         beyond, beyond_div);
		CU_ASSERT_PTR_NOT_NULL(strstr(md, want));
		if (!strstr(md, want))
			fprintf(stderr, "\n  %s: no '%s'\n", names[k], want);
		CU_ASSERT(k == 0 ? beyond_div == beyond : beyond_div < beyond);
		free(md);
		table_free(&t);
	}
}

/* ---- the captions -------------------------------------------------------------------- */

/* The loss figure's counts, the map's and the noise figure's numbers are
 * the CSVs'. */
static void test_the_captions_numbers_are_the_csvs(void)
{
	const struct shared_report *r = shared_report("default");
	char *md = report_file(r, "report.md");
	struct table runs = table_load(r->dir, "optimizers.csv");
	struct table map = table_load(r->dir, "momentum_map.csv");
	struct table noise = table_load(r->dir, "batch_noise.csv");

	CU_ASSERT_PTR_NOT_NULL_FATAL(md);
	/* "Updates to the target: gd, lr 1e-4: 32957 updates; ...". */
	char *counts = after(md, "Updates to the target: ", "*");
	CU_ASSERT_PTR_NOT_NULL_FATAL(counts);
	const char *p = counts;
	int reached = table_col(&runs, "reached_at");
	for (size_t i = 1; i < runs.rows; i++) {
		const char *colon = strstr(p, ": ");
		CU_ASSERT_PTR_NOT_NULL_FATAL(colon);
		while (strstr(colon + 2, ": ") && strstr(colon + 2, ": ") < strstr(colon + 2, " updates"))
			colon = strstr(colon + 2, ": ");
		CU_ASSERT_EQUAL(strtoll(colon + 2, NULL, 10), (long long)table_num(&runs, i, reached));
		p = strstr(colon, " updates") + 8;
	}
	free(counts);

	/* The map: the computed pair's count and the fastest cell's. */
	long long k_best = -1;
	for (size_t i = 1; i < map.rows; i++)
		if (!strcmp(table_at(&map, i, 5), "reached") &&
		    (k_best < 0 || table_num(&map, i, 4) < k_best))
			k_best = (long long)table_num(&map, i, 4);
	char *took = after(md, ") took ", " ");
	CU_ASSERT_PTR_NOT_NULL_FATAL(took);
	CU_ASSERT_EQUAL(strtoll(took, NULL, 10), (long long)table_num(&runs, 3, reached));
	char *fast = after(md, "The fastest cell (square: ", ")");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fast);
	const char *comma = strrchr(fast, ',');
	CU_ASSERT_FATAL(comma != NULL);
	CU_ASSERT_EQUAL(strtoll(comma + 2, NULL, 10), k_best);
	free(took);
	free(fast);

	/* The noise on the article's data: every run's range and the full batch. */
	double lo = INFINITY, hi = -INFINITY;
	for (size_t i = 1; i < noise.rows; i++) {
		lo = fmin(lo, table_num(&noise, i, table_col(&noise, "min")));
		hi = fmax(hi, table_num(&noise, i, table_col(&noise, "max")));
	}
	char *range = after(md, "Every run ended between ", ":");
	CU_ASSERT_PTR_NOT_NULL_FATAL(range);
	char want[128];
	snprintf(want, sizeof want, "%.6g and %.6g, the full batch at %.6g", lo, hi,
	         table_num(&noise, noise.rows - 1, table_col(&noise, "mean")));
	CU_ASSERT_STRING_EQUAL(range, want);
	free(range);
	table_free(&runs);
	table_free(&map);
	table_free(&noise);
	free(md);
}

/* With noise on the targets there is a floor: the text gives it for B = 1
 * and B = 10, the caption the seeds of B = 1 and the full batch, each as
 * batch_noise.csv has it; the seeds' summary is batch_seeds.csv's. */
static void test_with_noise_the_floor_and_the_seeds_are_the_csvs(void)
{
	struct proc p;
	const char *args[6] = { "--noise", "5", "--w0", "0.8", "--b0", "0" };
	char *dir = fake_report(&p, args);
	char *md_path = path_join(dir, "report.md"), *md = slurp(md_path, NULL);
	struct table t = table_load(dir, "batch_noise.csv"), s = table_load(dir, "batch_seeds.csv");
	char want[256];

	CU_ASSERT_EQUAL_FATAL(p.status, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(md);
	CU_ASSERT_EQUAL_FATAL(t.rows, 8);   /* 1, 2, 5, 10, 20, 50, 100 */
	int floor = table_col(&t, "floor"), mean = table_col(&t, "mean"), lo = table_col(&t, "min"), hi = table_col(&t, "max");
	snprintf(want, sizeof want, "that is %.6g for $B = 1$ and %.6g for $B = 10$",
	         table_num(&t, 1, floor), table_num(&t, 4, floor));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, want));
	snprintf(want, sizeof want, "For $B = 1$ the seeds ended between %.6g and %.6g, %.6g on average "
	         "against %.6g expected; the full batch ended at %.6g.", table_num(&t, 1, lo),
	         table_num(&t, 1, hi), table_num(&t, 1, mean), table_num(&t, 1, table_col(&t, "expected")),
	         table_num(&t, 7, mean));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, want));
	if (!strstr(md, want))
		fprintf(stderr, "\n  missing: %s\n", want);
	/* batch_noise.csv's mean, min and max are those of the seeds. */
	for (size_t i = 1; i < t.rows; i++) {
		double sum = 0, mn = INFINITY, mx = -INFINITY;
		int n = 0;
		for (size_t k = 1; k < s.rows; k++)
			if (table_num(&s, k, 0) == table_num(&t, i, 0)) {
				double x = table_num(&s, k, 3);
				sum += x;
				mn = fmin(mn, x);
				mx = fmax(mx, x);
				n++;
			}
		CU_ASSERT_EQUAL(n, 8);
		CU_ASSERT_DOUBLE_EQUAL(table_num(&t, i, mean), sum / n, 1e-12 * fabs(sum / n));
		ASSERT_SAME_DOUBLE(table_num(&t, i, lo), mn);
		ASSERT_SAME_DOUBLE(table_num(&t, i, hi), mx);
	}
	/* The full batch has no noise: every seed ends at the same loss. */
	ASSERT_SAME_DOUBLE(table_num(&t, 7, lo), table_num(&t, 7, hi));
	CU_ASSERT_EQUAL(table_num(&t, 7, floor), 0);
	table_free(&t);
	table_free(&s);
	free(md);
	free(md_path);
	proc_free(&p);
	rm_rf(dir);
	free(dir);
}

/* ---- figures and the explorer ------------------------------------------------------------ */

static void test_every_figure_and_card_renders(void)
{
	static const char *const figures[] = { "opt_loss", "opt_paths", "momentum_map", "batch_noise" };
	int n;
	const struct shared_report *all = shared_reports(&n);

	for (int i = 0; i < n; i++) {
		if (!strcmp(all[i].name, "exact")) {
			/* Started on the minimum: the section says so and draws nothing. */
			char *md = report_file(&all[i], "report.md"), *png = report_file(&all[i], "opt_loss.png");
			CU_ASSERT(md && strstr(md, "This run starts at the minimum"));
			CU_ASSERT_PTR_NULL(png);
			free(md);
			free(png);
			continue;
		}
		unsigned w = all[i].width ? all[i].width : 1200, h = all[i].height ? all[i].height : 800;
		for (size_t f = 0; f < sizeof figures / sizeof figures[0]; f++) {
			check_image(all[i].dir, figures[f], all[i].format, w, h);
			if (strcmp(all[i].format, "png"))   /* the documents' twin */
				check_image(all[i].dir, figures[f], "png", w, h);
		}
		/* Every card report.html shows is a PNG that is there. */
		char *html = report_file(&all[i], "report.html");
		CU_ASSERT_PTR_NOT_NULL_FATAL(html);
		int cards = 0;
		for (const char *p = html; (p = strstr(p, "<img src=\"explorer/")); cards++) {
			p += 10;
			char *name = strndup(p, strcspn(p, "\""));
			CU_ASSERT(strlen(name) > 4 && !strcmp(name + strlen(name) - 4, ".png"));
			name[strlen(name) - 4] = '\0';
			check_image(all[i].dir, name, "png", (unsigned)lround(w * PAGE_IMAGE_SIZE),
			            (unsigned)lround(h * PAGE_IMAGE_SIZE));
			free(name);
		}
		CU_ASSERT(cards >= 8);
		free(html);
	}
}

/* report.html: one link per panel, ids "explore-1" ... each once, the
 * first panel last in the page (so a chosen one can hide it) and marked
 * first; report.md: the same runs as a plain list. */
static void test_the_explorer_links_every_panel_and_markdown_lists_them(void)
{
	const struct shared_report *r = shared_report("default");
	char *html = report_file(r, "report.html"), *md = report_file(r, "report.md");

	CU_ASSERT_FATAL(html && md);
	const char *tabs = strstr(html, "<div class=\"tabs\">");
	CU_ASSERT_PTR_NOT_NULL_FATAL(tabs);
	int links = 0, panels = 0;
	for (const char *p = tabs; (p = strstr(p, "<a href=\"#explore-")); p++)
		links++;
	char id[64];
	const char *last = NULL;
	for (const char *p = tabs; (p = strstr(p, "<div class=\"tab")); p++) {
		if (p[15] == 's')   /* "tabs" itself */
			continue;
		panels++;
		last = p;
	}
	CU_ASSERT_EQUAL(links, 12);   /* seven methods, five compared rates */
	CU_ASSERT_EQUAL(panels, links);
	CU_ASSERT_PTR_NOT_NULL_FATAL(last);
	CU_ASSERT(!strncmp(last, "<div class=\"tab first\" id=\"explore-1\">", 38));
	for (int i = 1; i <= links; i++) {
		snprintf(id, sizeof id, "id=\"explore-%d\"", i);
		const char *at = strstr(html, id);
		CU_ASSERT(at && !strstr(at + 1, id));
	}
	const char *list = strstr(md, "### Explore the runs");
	CU_ASSERT_PTR_NOT_NULL_FATAL(list);
	int items = 0;
	for (const char *p = list; (p = strstr(p, "\n- **")); p++)
		items++;
	CU_ASSERT_EQUAL(items, links);
	free(html);
	free(md);
}

/* ---- the learning-rate sections ------------------------------------------------------------ */

/* The comparison, the sweep and the gradients' paths teach plain
 * full-batch descent: the same files, byte for byte, whatever optimizer or
 * batch size the main run used. */
static void test_the_learning_rate_sections_run_plain_gradient_descent(void)
{
	static const char *const files[] = { "summary.csv", "sweep.csv", "gradpaths.csv",
	                                     "runs/lr-0.0001/trace.csv" };
	const char *plain[6] = { "--iters", "500", NULL, NULL, NULL, NULL };
	const char *heavy[6] = { "--iters", "500", "--optimizer", "momentum", NULL, NULL };
	const char *batch[6] = { "--iters", "500", "--batch", "10", NULL, NULL };
	const char *const *other[2] = { heavy, batch };
	struct proc p;
	char *base = fake_report(&p, plain);

	CU_ASSERT_EQUAL_FATAL(p.status, 0);
	proc_free(&p);
	for (int k = 0; k < 2; k++) {
		char *dir = fake_report(&p, other[k]);
		CU_ASSERT_EQUAL(p.status, 0);
		for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
			char *a = path_join(base, files[f]), *b = path_join(dir, files[f]);
			size_t na, nb;
			char *ta = slurp(a, &na), *tb = slurp(b, &nb);
			CU_ASSERT(ta && tb && na == nb && !memcmp(ta, tb, na));
			if (!(ta && tb && na == nb && !memcmp(ta, tb, na)))
				fprintf(stderr, "\n  %s differs with %s\n", files[f], other[k][2]);
			free(ta);
			free(tb);
			free(a);
			free(b);
		}
		/* ... while the main run is the one asked for. */
		char *trace = path_join(dir, "trace.csv"), *head = slurp(trace, NULL);
		CU_ASSERT_PTR_NOT_NULL(head);
		if (head)
			CU_ASSERT_PTR_NOT_NULL(strstr(head, k ? "batch_loss" : "vweight"));
		free(head);
		free(trace);
		proc_free(&p);
		rm_rf(dir);
		free(dir);
	}
	rm_rf(base);
	free(base);
}

int suite_optimizers(void)
{
	/* The tests that make runs of their own and read no shared report:
	 * any process of the runner may take them (main.c). */
	CU_pSuite runs = CU_add_suite("optimizers_runs", NULL, NULL);
	if (!runs)
		return CU_get_error();
	CU_ADD_TEST(runs, test_with_noise_the_floor_and_the_seeds_are_the_csvs);
	CU_ADD_TEST(runs, test_the_learning_rate_sections_run_plain_gradient_descent);
	CU_pSuite s = CU_add_suite("optimizers", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_the_table_agrees_with_optimizers_csv);
	CU_ADD_TEST(s, test_every_run_is_the_librarys_run_with_its_settings);
	CU_ADD_TEST(s, test_the_predictions_follow_from_the_rates);
	CU_ADD_TEST(s, test_the_maps_fastest_cell_is_next_to_the_computed_pair);
	CU_ADD_TEST(s, test_the_maps_counts_of_diverged_cells_are_the_csvs);
	CU_ADD_TEST(s, test_the_maps_cells_are_the_trainers);
	CU_ADD_TEST(s, test_the_captions_numbers_are_the_csvs);
	CU_ADD_TEST(s, test_every_figure_and_card_renders);
	CU_ADD_TEST(s, test_the_explorer_links_every_panel_and_markdown_lists_them);
	return CU_get_error();
}
