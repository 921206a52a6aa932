/*
 * bench.c - `make bench`: speed and memory, printed as `name value unit`.
 *
 * Training throughput is measured in-process on the library (no CSV, no
 * process start-up): sample-updates per second = iterations * samples /
 * seconds, best of several repetitions. Each gradient is also compared with
 * the sequential reference, timed in the same repetitions: the fused pass
 * with three left-to-right sums that both gradients used before the exact
 * one was summed in lanes (neuron.h). Whole-program numbers (wall time,
 * peak resident memory) come from running the built binary as a child and
 * reading wait4()'s rusage. The data reader is timed in-process on a
 * generated file of DATA_ROWS rows. Number formatting (num_format against
 * "%.17g") is timed in-process on the values of real training runs.
 *
 * The optimizers: sample-updates per second of full-batch momentum,
 * nesterov and adam beside gd; and mini-batch runs in updates per second
 * (B = 1, 10 and 50 of the 100 samples), once through train_run (which
 * also computes the full data's loss at every state, train.h) and once as
 * the bare update (draw the batch, its pass, the step) timed here, so the
 * difference is what the full data's loss costs.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "model/analysis.h"
#include "model/batch.h"
#include "base/csvio.h"
#include "base/err.h"
#include "base/numfmt.h"
#include "model/data.h"
#include "model/sweep.h"
#include "model/train.h"

#define DATA_ROWS 1000000

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Seconds for one run of `cfg`. */
static double train_cfg(const struct dataset *d, const struct analysis *a,
                        const struct train_config *cfg, train_observer observe)
{
	struct train_result res;
	double t = now();

	if (train_run(d, cfg, a, observe ? &(struct observer){ observe, NULL } : NULL, observe ? 1 : 0, &res) != 0)
		exit(1);
	return now() - t;
}

/* Seconds for one training run of `iters` updates from the article's start. */
static double train_once(const struct dataset *d, const struct analysis *a,
                         double lr, long long iters, enum gradient g,
                         train_observer observe)
{
	struct train_config cfg = { .lr = lr, .iters = iters, .w0 = 0.8, .b0 = 0, .gradient = g };
	return train_cfg(d, a, &cfg, observe);
}

/* A stable setting of each optimizer on the article's data, `iters` updates
 * on batches of `batch` (0: all). */
static struct train_config optimizer_config(const struct analysis *a, enum optimizer kind,
                                            long long iters, size_t batch)
{
	struct train_config cfg = { .lr = 1e-4, .iters = iters, .w0 = 0.8, .b0 = 0,
	                            .gradient = GRADIENT_EXACT, .optim = optim_params_default(),
	                            .batch = batch, .shuffle_seed = 1 };
	cfg.optim.kind = kind;
	if (kind == OPTIM_MOMENTUM)
		cfg.lr = a->momentum.lr, cfg.optim.momentum = a->momentum.beta;
	else if (kind == OPTIM_NESTEROV)
		cfg.lr = a->nesterov.lr, cfg.optim.momentum = a->nesterov.beta;
	else if (kind == OPTIM_ADAM)
		cfg.lr = 0.1;
	return cfg;
}

/* Seconds for `iters` bare mini-batch updates of gd: the batch drawn, its
 * pass, the step; no full-data loss, no divergence test, no observers. */
static double bare_sgd(const struct dataset *d, size_t batch, long long iters)
{
	struct batches bt;
	double w = 0.8, b = 0, sum = 0;

	if (batches_init(&bt, d->n, batch, 1) != 0)
		exit(1);
	double t = now();
	for (long long k = 0; k < iters; k++) {
		double dw, db;
		size_t m = batches_next(&bt, d);
		sum += neuron_loss_grad(m, bt.x, bt.y, w, b, GRADIENT_EXACT, &dw, &db);
		neuron_update(&w, &b, dw, db, 1e-4);
	}
	t = now() - t;
	batches_free(&bt);
	if (!isfinite(sum))   /* uses the losses, so no pass is skipped */
		exit(1);
	return t;
}

/* Best-of-`reps` seconds for one training run. */
static double time_train(const struct dataset *d, const struct analysis *a,
                         double lr, long long iters, enum gradient g, int reps)
{
	double best = 1e300;

	for (int r = 0; r < reps; r++) {
		double t = train_once(d, a, lr, iters, g, NULL);
		if (t < best)
			best = t;
	}
	return best;
}

/* An observer that does nothing: what it costs is the call for every state. */
static int observe_nothing(void *ctx, const struct train_state *s, int final)
{
	(void)ctx; (void)s; (void)final;
	return 0;
}

/* The sequential reference: the exact gradient's fused pass as it was before
 * the lanes, three sums left to right with a division per term. */
static double sequential_loss_grad(size_t n, const double *x, const double *y,
                                   double w, double b, double *dw, double *db)
{
	double sum_l = 0.0, sum_w = 0.0, sum_b = 0.0;

	for (size_t i = 0; i < n; i++) {
		double d = (x[i] * w + b) - y[i];
		double dout = 2 * d / (double)n;
		sum_l += d * d;
		sum_w += x[i] * dout;
		sum_b += dout;
	}
	*dw = sum_w;
	*db = sum_b;
	return sum_l / (double)n;
}

/* Seconds for train_run's work per update (pass, divergence test, update; no
 * observer) with the sequential pass. The divergence test's exit keeps the
 * compiler from dropping the loop. */
static double sequential_once(const struct dataset *d, double lr, long long iters)
{
	double w = 0.8, b = 0, limit = 0, t = now();

	for (long long k = 0; k <= iters; k++) {
		double dw, db;
		double loss = sequential_loss_grad(d->n, d->x, d->y, w, b, &dw, &db);
		if (k == 0)
			limit = DIVERGENCE_FACTOR * loss;
		if (!(loss <= limit && isfinite(loss) && isfinite(dw) && isfinite(db)))
			exit(1);
		if (k < iters)
			neuron_update(&w, &b, dw, db, lr);
	}
	return now() - t;
}

/* Runs argv as a child with output discarded; returns wall seconds and the
 * child's peak resident set in kB. */
static int run_child(char *const argv[], double *secs, long *maxrss_kb)
{
	fflush(stdout);
	double t = now();
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		freopen("/dev/null", "w", stdout);
		execv(argv[0], argv);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0)
		return -1;
	*secs = now() - t;
	*maxrss_kb = ru.ru_maxrss;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Median wall time and largest peak RSS of `runs` runs of argv. */
static int measure(char *const argv[], int runs, double *median, long *rss)
{
	double t[16];
	*rss = 0;
	for (int i = 0; i < runs; i++) {
		long r;
		if (run_child(argv, &t[i], &r) != 0) {
			fprintf(stderr, "bench: '%s %s' failed\n", argv[0], argv[1]);
			return -1;
		}
		if (r > *rss)
			*rss = r;
	}
	qsort(t, (size_t)runs, sizeof t[0], cmp);
	*median = t[runs / 2];
	return 0;
}

/* Writes dir/big.csv (a header and DATA_ROWS rows of y = 1.8 x + 32 at
 * full precision, as a spreadsheet export would) and returns the best of
 * three read times, or -1. */
static double time_read(const char *dir)
{
	char *path = xasprintf("%s/big.csv", dir);
	FILE *fp = path ? fopen(path, "w") : NULL;
	double best = -1;

	if (!fp) {
		free(path);
		return -1;
	}
	fputs("celsius,fahrenheit\n", fp);
	for (long i = 0; i < DATA_ROWS; i++) {
		char x[NUM_SIZE], y[NUM_SIZE];
		double c = -50 + (double)i * 1e-4;
		num_format(x, c);
		num_format(y, c * 9 / 5 + 32);
		fprintf(fp, "%s,%s\n", x, y);
	}
	if (fclose(fp) == 0) {
		for (int r = 0; r < 3; r++) {
			struct dataset d;
			double t = now();
			int st = dataset_read_csv(path, &d);
			t = now() - t;
			dataset_free(&d);
			if (st != 0)
				return -1;
			if (best < 0 || t < best)
				best = t;
		}
	}
	remove(path);
	free(path);
	return best;
}

/* The values a trace holds: every `every`-th state's loss, weight, bias
 * and gradients. */
struct trace_values {
	double *x;
	size_t n, cap;
	long long every;
};

static int keep_state(void *ctx, const struct train_state *s, int final)
{
	struct trace_values *t = ctx;
	const double v[5] = { s->loss, s->w, s->b, s->dw, s->db };

	if (s->k % t->every != 0 && !final)
		return 0;
	if (t->n + 5 > t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 4096;
		double *x = realloc(t->x, cap * sizeof *x);
		if (!x)
			return NR_ENOMEM;
		t->x = x;
		t->cap = cap;
	}
	memcpy(t->x + t->n, v, sizeof v);
	t->n += 5;
	return 0;
}

/*
 * About 64,000 values from four runs on the article's data: converging
 * (0.9 of the critical rate, every 50th of 200,000 states, losses down to
 * 1e-25), on the edge of stability (0.999), diverging (1.01: up to 1e15)
 * and the article's slow 1e-4. Prints nanoseconds per value for
 * num_format() and for "%.17g", best of 20 passes each, and their ratio.
 */
static int bench_numfmt(const struct dataset *d, const struct analysis *a)
{
	const double lr[4] = { 0.9, 0.999, 1.01, 0 };
	const long long iters[4] = { 200000, 4000, 4000, 4000 }, every[4] = { 50, 1, 1, 1 };
	struct trace_values t = { NULL, 0, 0, 1 };
	char buf[NUM_SIZE];
	double best[2] = { 1e300, 1e300 };
	size_t sum = 0;

	for (int i = 0; i < 4; i++) {
		double rate = lr[i] ? lr[i] * a->critical_lr[GRADIENT_EXACT] : 1e-4;
		struct train_config cfg = { .lr = rate, .iters = iters[i], .w0 = 0.8, .b0 = 0, .gradient = GRADIENT_EXACT };
		struct train_result res;
		t.every = every[i];
		if (train_run(d, &cfg, a, &(struct observer){ keep_state, &t }, 1, &res) != 0) {
			free(t.x);
			return -1;
		}
	}
	for (int r = 0; r < 20; r++) {
		double t0 = now();
		for (size_t i = 0; i < t.n; i++)
			sum += num_format(buf, t.x[i]);
		double t1 = now();
		for (size_t i = 0; i < t.n; i++)
			sum += (size_t)snprintf(buf, sizeof buf, "%.17g", t.x[i]);
		double t2 = now();
		best[0] = t1 - t0 < best[0] ? t1 - t0 : best[0];
		best[1] = t2 - t1 < best[1] ? t2 - t1 : best[1];
	}
	free(t.x);
	if (sum == 0)        /* uses the texts' lengths, so no pass is skipped */
		return -1;
	printf("numfmt_values %zu values\n", t.n);
	printf("numfmt_ns_per_value %.1f ns\n", best[0] / (double)t.n * 1e9);
	printf("printf_17g_ns_per_value %.1f ns\n", best[1] / (double)t.n * 1e9);
	printf("printf_17g_over_numfmt %.1f x\n", best[1] / best[0]);
	return 0;
}

int main(int argc, char **argv)
{
	const char *bin = argc > 1 ? argv[1] : "build/neuron";
	struct dataset d;
	struct analysis a;

	if (dataset_article(&d) != 0)
		return 1;
	analysis_compute(&d, &a);

	double n = (double)d.n;
	/* Warm up first (the processor's clock ramps up under load), so the
	 * first measurement is not the slowest for reasons of its own. */
	time_train(&d, &a, 1e-4, 10000, GRADIENT_EXACT, 200);
	double t = time_train(&d, &a, 1e-4, 10000, GRADIENT_EXACT, 50);
	printf("train_default_seconds %.6f s\n", t);
	printf("train_default_throughput %.3g sample-updates/s\n", 10000 * n / t);

	/* The two gradients and the sequential reference, interleaved, so that
	 * a busy moment on a shared machine costs each of them alike. */
	double t_seq = 1e300, t_ex = 1e300, t_art = 1e300, t_obs = 1e300;
	for (int r = 0; r < 50; r++) {
		t_seq = fmin(t_seq, sequential_once(&d, 1e-4, 10000));
		t_ex = fmin(t_ex, train_once(&d, &a, 1e-4, 10000, GRADIENT_EXACT, NULL));
		t_art = fmin(t_art, train_once(&d, &a, 1e-4, 10000, GRADIENT_ARTICLE, NULL));
		t_obs = fmin(t_obs, train_once(&d, &a, 1e-4, 10000, GRADIENT_EXACT,
		                               observe_nothing));
	}
	printf("train_sequential_throughput %.3g sample-updates/s\n", 10000 * n / t_seq);
	printf("train_exact_throughput %.3g sample-updates/s\n", 10000 * n / t_ex);
	printf("train_exact_vs_sequential %.2f x\n", t_seq / t_ex);
	printf("train_article_throughput %.3g sample-updates/s\n", 10000 * n / t_art);
	printf("train_article_vs_sequential %.2f x\n", t_seq / t_art);
	/* An observer called for every state, doing nothing: the call's cost. */
	printf("train_exact_observed_throughput %.3g sample-updates/s\n",
	       10000 * n / t_obs);
	/* The optimizers, full batch, interleaved like the gradients above. */
	{
		static const char *const names[] = { "gd", "momentum", "nesterov", "adam" };
		double best[OPTIMIZERS];
		for (int k = 0; k < OPTIMIZERS; k++)
			best[k] = 1e300;
		for (int r = 0; r < 50; r++)
			for (int k = 0; k < OPTIMIZERS; k++) {
				struct train_config cfg = optimizer_config(&a, k, 10000, 0);
				best[k] = fmin(best[k], train_cfg(&d, &a, &cfg, NULL));
			}
		for (int k = 0; k < OPTIMIZERS; k++)
			printf("train_%s_throughput %.3g sample-updates/s\n", names[k], 10000 * n / best[k]);
	}
	/* Mini-batches of gd: through train_run, and bare. */
	{
		const size_t sizes[] = { 1, 10, 50 };
		for (size_t i = 0; i < 3; i++) {
			double run = 1e300, bare = 1e300;
			struct train_config cfg = optimizer_config(&a, OPTIM_GD, 100000, sizes[i]);
			for (int r = 0; r < 10; r++) {
				run = fmin(run, train_cfg(&d, &a, &cfg, NULL));
				bare = fmin(bare, bare_sgd(&d, sizes[i], 100000));
			}
			printf("train_batch%zu_updates %.3g updates/s\n", sizes[i], 100000 / run);
			printf("bare_batch%zu_updates %.3g updates/s\n", sizes[i], 100000 / bare);
		}
	}
	t = time_train(&d, &a, 1e-4, 100000000, GRADIENT_EXACT, 1);
	printf("train_1e8_seconds %.3f s\n", t);
	printf("train_1e8_throughput %.3g sample-updates/s\n", 1e8 * n / t);
	if (bench_numfmt(&d, &a) != 0) {
		fprintf(stderr, "bench: cannot collect or format the trace values\n");
		return 1;
	}

	/* The report's dense sweep: 50 rates x 10000 updates, in memory. */
	{
		double lrs[50], best = 1e300;
		struct train_result res[50];
		struct train_config base = { .lr = 1e-4, .iters = 10000, .w0 = 0.8, .b0 = 0, .gradient = GRADIENT_EXACT };
		for (int i = 0; i < 50; i++)
			lrs[i] = a.critical_lr[GRADIENT_EXACT] / 1000 * pow(2000, i / 49.0);
		for (int r = 0; r < 5; r++) {
			double t0 = now();
			if (sweep_run(&d, &a, &base, lrs, 50, res) != 0)
				return 1;
			t0 = now() - t0;
			best = t0 < best ? t0 : best;
		}
		printf("sweep_50x10000_seconds %.4f s\n", best);
	}

	/* The whole `train` process, CSV writing included. */
	char *dir = strdup("/tmp/neuron-bench-XXXXXX");
	if (!dir || !mkdtemp(dir))
		return 1;
	char *train_argv[] = { (char *)bin, "train", "--out", dir, NULL };
	double med;
	long rss;
	if (measure(train_argv, 7, &med, &rss) != 0)
		return 1;
	printf("train_process_median %.4f s\n", med);
	printf("train_process_peak_rss %ld kB\n", rss);

	char *big_argv[] = { (char *)bin, "train", "--iters", "100000000", "--out", dir, NULL };
	if (measure(big_argv, 1, &med, &rss) != 0)
		return 1;
	printf("train_1e8_process_seconds %.3f s\n", med);
	printf("train_1e8_process_peak_rss %ld kB\n", rss);

	/* `report` is still training only on this branch; the same line will
	 * time the real report once it renders figures. */
	char *report_argv[] = { (char *)bin, "report", "--out", dir, NULL };
	if (measure(report_argv, 5, &med, &rss) != 0)
		return 1;
	printf("report_median %.4f s\n", med);
	printf("report_peak_rss %ld kB\n", rss);

	t = time_read(dir);
	if (t < 0) {
		fprintf(stderr, "bench: cannot write or read a %d-row file in %s\n", DATA_ROWS, dir);
		return 1;
	}
	printf("read_1e6_rows_seconds %.3f s\n", t);

	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench: could not remove %s\n", dir);
	free(dir);
	dataset_free(&d);
	return 0;
}
