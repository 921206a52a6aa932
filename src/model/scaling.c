/* scaling.c - raw, x/100 and standardised inputs, trained to one loss. */
#include "model/scaling.h"
#include "base/err.h"
#include "model/train.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int scaling_dataset(const struct dataset *d, double shift, double scale,
                    struct dataset *out)
{
	memset(out, 0, sizeof *out);
	out->x = malloc(d->n * sizeof *out->x);
	out->y = malloc(d->n * sizeof *out->y);
	if (!out->x || !out->y) {
		dataset_free(out);
		return nr_error(NR_ENOMEM, "out of memory");
	}
	out->n = d->n;
	for (size_t i = 0; i < d->n; i++) {
		out->x[i] = (d->x[i] - shift) / scale;
		out->y[i] = d->y[i];
	}
	return NR_OK;
}

int scaling_run(const struct dataset *d, const struct analysis *a, double w0,
                double b0, const volatile sig_atomic_t *stop,
                struct scaling *s, struct path curves[SCALE_N])
{
	double cxx = 0;   /* var(x) from centred sums: no cancellation */
	for (size_t i = 0; i < d->n; i++)
		cxx += (d->x[i] - a->mean_x) * (d->x[i] - a->mean_x);
	double sd = sqrt(cxx / (double)d->n);

	static const char *const names[SCALE_N] = { "raw", "x/100", "standardised" };
	const double shift[SCALE_N] = { 0, 0, a->mean_x };
	const double scale[SCALE_N] = { 1, 100, sd };
	double dw, db;
	double loss0_raw = neuron_loss_grad(d->n, d->x, d->y, w0, b0, GRADIENT_EXACT, &dw, &db);
	s->target = a->loss_opt + SCALING_REDUCTION * (loss0_raw - a->loss_opt);

	for (int k = 0; k < SCALE_N; k++) {
		struct scaling_case *c = &s->c[k];
		struct dataset ds;
		int st = scaling_dataset(d, shift[k], scale[k], &ds);
		if (st)
			return st;
		c->name = names[k];
		c->shift = shift[k];
		c->scale = scale[k];
		analysis_compute(&ds, &c->a);
		c->lr = 2 / (c->a.lambda_min + c->a.lambda_max);
		/* The same line: w' (x - shift)/scale + b' = w x + b. */
		c->w0 = w0 * scale[k];
		c->b0 = b0 + w0 * shift[k];
		c->loss0 = neuron_loss_grad(ds.n, ds.x, ds.y, c->w0, c->b0,
		                            GRADIENT_EXACT, &dw, &db);

		struct train_config cfg = {
			.lr = c->lr, .iters = SCALING_MAX_ITERS, .w0 = c->w0, .b0 = c->b0,
			.gradient = GRADIENT_EXACT, .until_target = 1, .target = s->target,
			.stop = stop,
		};
		struct observer record = { path_observe, &curves[k] };
		struct train_result res;
		st = train_run(&ds, &cfg, &c->a, &record, 1, &res);
		dataset_free(&ds);
		if (st)
			return st;
		c->iters = res.reached_at;
		c->loss = res.last.loss;
	}
	return NR_OK;
}
