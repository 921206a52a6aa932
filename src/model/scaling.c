/* scaling.c - raw, x/100 and standardised inputs, trained to one loss. */
#include "model/scaling.h"
#include "base/err.h"
#include "base/parallel.h"
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

/* One case of scaling_run; they share nothing but what they read. */
struct scaling_job {
	const struct dataset *d;
	struct scaling *s;
	struct path *curves;
	double w0, b0;
	double shift[SCALE_N], scale[SCALE_N];
	const volatile sig_atomic_t *stop;
};

static const char *const names[SCALE_N] = { "raw", "x/100", "standardised" };

static int scaling_case_run(void *ctx, size_t k)
{
	const struct scaling_job *j = ctx;
	struct scaling_case *c = &j->s->c[k];
	struct dataset ds;
	double dw, db;
	int st = scaling_dataset(j->d, j->shift[k], j->scale[k], &ds);

	if (st)
		return st;
	c->name = names[k];
	c->shift = j->shift[k];
	c->scale = j->scale[k];
	analysis_compute(&ds, &c->a);
	c->lr = 2 / (c->a.lambda_min + c->a.lambda_max);
	/* The same line: w' (x - shift)/scale + b' = w x + b. */
	c->w0 = j->w0 * j->scale[k];
	c->b0 = j->b0 + j->w0 * j->shift[k];
	c->loss0 = neuron_loss_grad(ds.n, ds.x, ds.y, c->w0, c->b0, GRADIENT_EXACT, &dw, &db);

	struct train_config cfg = {
		.lr = c->lr, .iters = j->s->max_iters, .w0 = c->w0, .b0 = c->b0,
		.gradient = GRADIENT_EXACT, .until_target = 1, .target = j->s->target,
		.stop = j->stop,
	};
	struct observer record = { path_observe, &j->curves[k] };
	struct train_result res;
	st = train_run(&ds, &cfg, &c->a, &record, 1, &res);
	dataset_free(&ds);
	if (!st) {
		c->iters = res.reached_at;
		c->loss = res.last.loss;
	}
	return st;
}

int scaling_run(const struct dataset *d, const struct analysis *a, double w0,
                double b0, const volatile sig_atomic_t *stop,
                struct scaling *s, struct path curves[SCALE_N])
{
	double cxx = 0;   /* var(x) from centred sums: no cancellation */
	for (size_t i = 0; i < d->n; i++)
		cxx += (d->x[i] - a->mean_x) * (d->x[i] - a->mean_x);
	double sd = sqrt(cxx / (double)d->n), dw, db;
	double loss0_raw = neuron_loss_grad(d->n, d->x, d->y, w0, b0, GRADIENT_EXACT, &dw, &db);
	struct scaling_job j = {
		.d = d, .s = s, .curves = curves, .w0 = w0, .b0 = b0,
		.shift = { 0, 0, a->mean_x }, .scale = { 1, 100, sd }, .stop = stop,
	};

	s->target = a->loss_opt + SCALING_REDUCTION * (loss0_raw - a->loss_opt);
	double afford = SCALING_BUDGET / ((double)d->n * SCALE_N);
	s->max_iters = afford < SCALING_MAX_ITERS ? (long long)fmax(1, afford) : SCALING_MAX_ITERS;
	return parallel_for(SCALE_N, scaling_case_run, &j);
}
