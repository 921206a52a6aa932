/* setup.c - data, noise and initial parameters from a run's options. */
#include "model/setup.h"
#include "base/err.h"
#include "base/text.h"
#include "model/rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void run_options_default(struct run_options *o)
{
	memset(o, 0, sizeof *o);
	o->lr = DEFAULT_LR;
	o->iters = DEFAULT_ITERS;
	o->seed = DEFAULT_SEED;
	o->gradient = GRADIENT_EXACT;
	o->optim = optim_params_default();
}

/* The closed-form analysis must exist: the reader guarantees x values that
 * differ, but noise can still push y^2 out of range. `path` is the --data
 * file, or NULL for the article's data. */
static int check_fit(const char *path, const struct analysis *a)
{
	if (isfinite(a->w_opt) && isfinite(a->b_opt) && isfinite(a->loss_opt) &&
	    isfinite(a->lambda_max) && a->lambda_min > 0 &&
	    isfinite(a->critical_lr[GRADIENT_EXACT]) && isfinite(a->critical_lr[GRADIENT_ARTICLE]))
		return NR_OK;
	char *shown = path ? text_shown_path(path) : NULL;
	int st = path && !shown ? nr_oom()
	         : nr_error(NR_EDATA, "%s%s%s: the least-squares fit is not finite in double precision "
	                    "(x values too close together, or values too large): rescale the data",
	                    shown ? "'" : "", shown ? shown : "the data", shown ? "'" : "");
	free(shown);
	return st;
}

/*
 * Every noisy target must stay within the bounds the reader enforces
 * (data.h). Tiny noise on a zero target, or noise that nearly cancels a
 * target, gives a value below DATA_ABS_MIN; only a noise far beyond the
 * 1e12 that --noise allows could pass DATA_ABS_MAX.
 */
static int check_noisy(const struct run_options *o, const struct dataset *d)
{
	for (size_t i = 0; i < d->n; i++) {
		double v = d->y[i];
		if (dataset_value_ok(v))
			continue;
		return fabs(v) < DATA_ABS_MIN
		       ? nr_error(NR_EDATA, "--noise %g: the noisy target of data row %zu is %g: not 0, yet "
		                  "smaller than %g in magnitude, the bound on values: choose --noise 0, "
		                  "a noise well above %g, or another --seed", o->noise, i + 1, v,
		                  DATA_ABS_MIN, DATA_ABS_MIN)
		       : nr_error(NR_EDATA, "--noise %g: the noisy target of data row %zu is %g, beyond %g "
		                  "in magnitude, the bound on values: choose a smaller --noise", o->noise,
		                  i + 1, v, DATA_ABS_MAX);
	}
	return NR_OK;
}

int setup_data(const struct run_options *o, struct dataset *d, struct analysis *a)
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
		if ((st = check_noisy(o, d))) {
			dataset_free(d);
			return st;
		}
	}
	if ((unsigned long long)o->batch > d->n) {
		char *shown = o->data ? text_shown_path(o->data) : NULL;
		st = o->data && !shown ? nr_oom()
		     : nr_error(NR_EUSAGE, "--batch '%lld': %s%s%s has only %zu samples; give at most %zu, "
		                "or 0 for all of them", o->batch, shown ? "'" : "",
		                shown ? shown : "the data", shown ? "'" : "", d->n, d->n);
		free(shown);
	} else {
		analysis_compute(d, a);
	}
	if (st || (st = check_fit(o->data, a)))
		dataset_free(d);
	return st;
}

struct train_config setup_config(const struct run_options *o,
                                 const volatile sig_atomic_t *stop)
{
	struct rng r;
	struct train_config cfg = {
		.lr = o->lr, .iters = o->iters, .gradient = o->gradient,
		.optim = o->optim, .batch = (size_t)o->batch,
		.shuffle_seed = o->seed ^ SHUFFLE_STREAM, .stop = stop,
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
