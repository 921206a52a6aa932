/* setup.c - data, noise and initial parameters from a run's options. */
#include "model/setup.h"
#include "base/err.h"
#include "model/rng.h"

#include <math.h>
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
 * differ, but noise can still push y^2 out of range. */
static int check_fit(const char *what, const struct analysis *a)
{
	if (isfinite(a->w_opt) && isfinite(a->b_opt) && isfinite(a->loss_opt) &&
	    isfinite(a->lambda_max) && a->lambda_min > 0 &&
	    isfinite(a->critical_lr[GRADIENT_EXACT]) && isfinite(a->critical_lr[GRADIENT_ARTICLE]))
		return NR_OK;
	return nr_error(NR_EDATA, "%s: the least-squares fit is not finite in double precision "
	                "(x values too close together, or values too large): rescale the data",
	                what);
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
	}
	const char *what = o->data ? o->data : "the data";
	if ((unsigned long long)o->batch > d->n)
		st = nr_error(NR_EUSAGE, "--batch '%lld': %s has only %zu samples; give at most %zu, "
		              "or 0 for all of them", o->batch, what, d->n, d->n);
	else
		analysis_compute(d, a);
	if (st || (st = check_fit(what, a)))
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
