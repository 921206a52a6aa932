/* train.c - full-batch gradient descent with observers. */
#include "model/train.h"
#include "base/err.h"

#include <math.h>

static int near(double v, double target)
{
	return fabs(v - target) <= CONVERGED_TOL * fmax(1, fabs(target));
}

int train_run(const struct dataset *d, const struct train_config *cfg,
              const struct analysis *a, const struct observer *obs, size_t n,
              struct train_result *res)
{
	struct train_state s = { .w = cfg->w0, .b = cfg->b0 };
	double limit = 0;
	long long sign_flips = 0;   /* consecutive sign changes of dw */
	int diverged = 0, reached = 0;

	for (s.k = 0;; s.k++) {
		double prev_dw = s.dw;

		s.loss = neuron_loss_grad(d->n, d->x, d->y, s.w, s.b,
		                          cfg->gradient, &s.dw, &s.db);

		if (s.k == 0)
			limit = DIVERGENCE_FACTOR * s.loss;
		/* Written so that NaN counts as diverged; isfinite(loss) also
		 * catches an infinite loss when the limit itself overflowed. */
		diverged = !(s.loss <= limit && isfinite(s.loss) &&
		             isfinite(s.dw) && isfinite(s.db));
		sign_flips = s.k > 0 && s.dw * prev_dw < 0 ? sign_flips + 1 : 0;

		reached = cfg->until_target && s.loss <= cfg->target;
		int final = diverged || reached || s.k == cfg->iters;
		for (size_t i = 0; i < n; i++) {
			int st = obs[i].fn(obs[i].ctx, &s, final);
			if (st)
				return st;
		}
		if (final)
			break;
		/* Every iteration: one load beside n multiply-adds, and with a
		 * million samples an iteration already takes milliseconds. */
		if (cfg->stop && *cfg->stop)
			return NR_EINTR;
		neuron_update(&s.w, &s.b, s.dw, s.db, cfg->lr);
	}

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
