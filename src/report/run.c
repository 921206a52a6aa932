/* run.c - data, initial parameters, training and its files for one run. */
#include "report/run.h"
#include "output/afile.h"
#include "base/err.h"
#include "output/progress.h"
#include "model/rng.h"
#include "output/trace.h"

#include <math.h>
#include <stdlib.h>
#include <unistd.h>

/* The closed-form analysis must exist: the reader guarantees x values that
 * differ, but ones that differ by ~1e-160 still have a variance that
 * underflows to 0, and noise of 1e150 can push y^2 out of range. */
static int check_fit(const char *what, const struct analysis *a)
{
	if (isfinite(a->w_opt) && isfinite(a->b_opt) && isfinite(a->loss_opt) &&
	    isfinite(a->lambda_max) && a->lambda_min > 0)
		return NR_OK;
	return nr_error(NR_EDATA, "%s: the least-squares fit is not finite in double precision "
	                "(x values too close together, or values too large): rescale the data",
	                what);
}

int run_data(const struct options *o, struct dataset *d, struct analysis *a)
{
	int st = o->data ? dataset_read_csv(o->data, d) : dataset_article(d);

	if (st)
		return st;
	if (o->noise > 0) {
		struct rng r;
		/* Its own stream, so that adding noise leaves w0, b0 unchanged. */
		rng_seed(&r, o->seed ^ 0x6e6f697365ULL);
		for (size_t i = 0; i < d->n; i++)
			d->y[i] += o->noise * rng_gaussian(&r);
	}
	analysis_compute(d, a);
	if ((st = check_fit(o->data ? o->data : "the data", a)))
		dataset_free(d);
	return st;
}

struct train_config run_config(const struct options *o, double lr,
                               const volatile sig_atomic_t *interrupted)
{
	struct rng r;
	struct train_config cfg = {
		.lr = lr, .iters = o->iters, .gradient = o->gradient,
		.interrupted = interrupted,
	};

	rng_seed(&r, o->seed);
	cfg.w0 = rng_uniform(&r);
	cfg.b0 = rng_uniform(&r);
	if (o->has_w0)
		cfg.w0 = o->w0;
	if (o->has_b0)
		cfg.b0 = o->b0;
	return cfg;
}

int run_to_dir(const struct dataset *d, const struct analysis *a,
               const struct train_config *cfg, long long trace_every,
               const char *dir, struct train_result *res)
{
	struct outset out = OUTSET_INIT;
	struct trace_writer tw;
	struct progress pg;
	struct observer_pair observers = { trace_observe, &tw, progress_observe, &pg };
	FILE *trace, *pred;
	char *trace_path = path_join(dir, "trace.csv");
	char *pred_path = path_join(dir, "predictions.csv");
	int st;

	/* A progress line only for a person watching a terminal. */
	progress_begin(&pg, isatty(STDERR_FILENO) ? stderr : NULL, cfg->iters, d->n);
	if (!trace_path || !pred_path) {
		st = nr_error(NR_ENOMEM, "out of memory");
		goto done;
	}
	if ((st = outset_open(&out, trace_path, &trace)) ||
	    (st = outset_open(&out, pred_path, &pred)) ||
	    (st = trace_begin(&tw, trace, trace_every)) ||
	    (st = train_run(d, cfg, a, observe_pair, &observers, res)) ||
	    (st = predictions_write(pred, d, cfg->w0, cfg->b0, res->last.w, res->last.b)))
		goto done;
	st = outset_commit(&out);
done:
	progress_end(&pg);   /* also after an interrupt or a failure */
	outset_abort(&out);
	free(trace_path);
	free(pred_path);
	return st;
}

void run_print_summary(FILE *fp, const struct train_config *cfg,
                       const struct analysis *a, const struct train_result *res)
{
	fprintf(fp, "gradient %s\n", gradient_name(cfg->gradient));
	fprintf(fp, "lr %.17g\n", cfg->lr);
	fprintf(fp, "w0 %.17g\n", cfg->w0);
	fprintf(fp, "b0 %.17g\n", cfg->b0);
	fprintf(fp, "iterations %lld\n", res->last.k);
	fprintf(fp, "weight %.17g\n", res->last.w);
	fprintf(fp, "bias %.17g\n", res->last.b);
	fprintf(fp, "loss %.17g\n", res->last.loss);
	fprintf(fp, "status %s\n", train_status_name(res->status));
	if (res->diverged_at >= 0)
		fprintf(fp, "diverged_at %lld\n", res->diverged_at);
	else
		fprintf(fp, "diverged_at -\n");
	fprintf(fp, "critical_lr %.17g\n", a->critical_lr[cfg->gradient]);
	fprintf(fp, "optimum_weight %.17g\n", a->w_opt);
	fprintf(fp, "optimum_bias %.17g\n", a->b_opt);
	fprintf(fp, "optimum_loss %.17g\n", a->loss_opt);
}
