/* train.c - gradient descent and its variants, with observers. */
#include "model/train.h"
#include "base/err.h"
#include "model/batch.h"

#include <math.h>

static int near(double v, double target)
{
	return fabs(v - target) <= CONVERGED_TOL * fmax(1, fabs(target));
}

/* The gradient of the next mini-batch at (w, b), and its loss. */
static struct neuron_grad batch_grad(struct batches *bt, const struct dataset *d,
                                     enum gradient g, double w, double b,
                                     double *loss)
{
	size_t m = batches_next(bt, d);

	return neuron_grad(m, bt->x, bt->y, w, b, g, loss);
}

int train_run(const struct dataset *d, const struct train_config *cfg,
              const struct analysis *a, const struct observer *obs, size_t n,
              struct train_result *res)
{
	/* What the observers see; the loop works on the locals below, which
	 * stay in registers (s's address goes out to the observers), and
	 * copies them into s before it hands s out. */
	struct train_state s = { 0 };
	double w = cfg->w0, b = cfg->b0;
	struct neuron_grad step = { 0, 0 };   /* the update's gradient */
	struct optim_state os = OPTIM_STATE_START;
	const struct optim_params opt = cfg->optim;
	const double lr = cfg->lr;
	const enum gradient g = cfg->gradient;
	struct batches bt;
	int batched = cfg->batch > 0 && cfg->batch < d->n;   /* else: all */
	double limit = 0, fdw = 0, fdb = 0;   /* the full data's gradient */
	long long sign_flips = 0;   /* consecutive sign changes of fdw */
	int diverged = 0, reached = 0, st = NR_OK;

	if (batched && (st = batches_init(&bt, d->n, cfg->batch, cfg->shuffle_seed)))
		return st;
	for (s.k = 0;; s.k++) {
		double prev_dw = fdw;

		/* The gradient of the update: the next mini-batch's ... */
		if (batched)
			step = batch_grad(&bt, d, g, w, b, &s.batch_loss);
		/* ... and forward, loss, backward on the full data: the state's
		 * loss, and the update's gradient in full batch. Between the full
		 * data's states (full_every) only a batch gradient that is not
		 * finite is judged: it makes the state a full one. */
		if (!batched || cfg->full_every <= 1 || s.k % cfg->full_every == 0 ||
		    s.k == cfg->iters || !(isfinite(step.dw) && isfinite(step.db))) {
			struct neuron_grad full = neuron_grad(d->n, d->x, d->y, w, b, g, &s.loss);
			fdw = full.dw;
			fdb = full.db;
			if (!batched) {
				s.batch_loss = s.loss;
				step = full;
			}
			if (s.k == 0)
				limit = DIVERGENCE_FACTOR * s.loss;
			/* Written so that NaN counts as diverged; isfinite(loss) also
			 * catches an infinite loss when the limit itself overflowed. */
			diverged = !(s.loss <= limit && isfinite(s.loss) && isfinite(fdw) && isfinite(fdb)) ||
			           (batched && !(isfinite(step.dw) && isfinite(step.db)));
			sign_flips = s.k > 0 && fdw * prev_dw < 0 ? sign_flips + 1 : 0;

			reached = cfg->until_target && s.loss <= cfg->target;
			int final = diverged || reached || s.k == cfg->iters;
			s.w = w;
			s.b = b;
			s.dw = step.dw;
			s.db = step.db;
			s.opt = os;
			for (size_t i = 0; i < n && !st; i++)
				st = obs[i].fn(obs[i].ctx, &s, final);
			if (st || final)
				break;
		}
		/* Every iteration: one load beside n multiply-adds, and with a
		 * million samples an iteration already takes milliseconds. */
		if (cfg->stop && *cfg->stop) {
			st = NR_EINTR;
			break;
		}
		optim_step(&opt, lr, &os, step.dw, step.db, &w, &b);
	}
	if (batched)
		batches_free(&bt);
	if (st)
		return st;

	res->last = s;
	res->reached_at = reached ? s.k : -1;
	res->diverged_at = diverged ? s.k : -1;
	if (diverged)
		res->status = STATUS_DIVERGED;
	else if (near(s.w, a->w_opt) && near(s.b, a->b_opt))
		res->status = STATUS_CONVERGED;
	else if (sign_flips >= OSCILLATION_STEPS)
		res->status = STATUS_OSCILLATING;
	else
		res->status = STATUS_NOT_CONVERGED;
	return NR_OK;
}

const char *train_status_name(enum train_status s)
{
	switch (s) {
	case STATUS_CONVERGED:     return "converged";
	case STATUS_NOT_CONVERGED: return "not_converged";
	case STATUS_OSCILLATING:   return "oscillating";
	case STATUS_DIVERGED:      return "diverged";
	}
	return "unknown";
}
