/* train.c - gradient descent and its variants, with observers. */
#include "model/train.h"
#include "base/err.h"
#include "model/batch.h"

#include <math.h>

static int near(double v, double target)
{
	return fabs(v - target) <= CONVERGED_TOL * fmax(1, fabs(target));
}

/* Whether each update takes a mini-batch (cfg->batch of 1 .. n-1), not
 * all the samples. */
static int batched(const struct dataset *d, const struct train_config *cfg)
{
	return cfg->batch > 0 && cfg->batch < d->n;
}

/* The gradient of the next mini-batch at (w, b), and its loss. */
static struct neuron_grad batch_grad(struct batches *bt, const struct dataset *d,
                                     enum gradient g, double w, double b,
                                     double *loss)
{
	size_t m = batches_next(bt, d);

	return neuron_grad(m, bt->x, bt->y, w, b, g, loss);
}

/* What the status rules need to remember from state to state. */
struct judge {
	double limit;        /* the divergence limit, from the first loss */
	double prev_dw;      /* the full data's dw at the last full state */
	long long sign_flips;   /* consecutive sign changes of that dw */
	int diverged, reached;
};

/* Counts the consecutive sign changes of the full data's dw up to state k. */
static inline void track_sign(struct judge *j, long long k, double fdw)
{
	j->sign_flips = k > 0 && fdw * j->prev_dw < 0 ? j->sign_flips + 1 : 0;
	j->prev_dw = fdw;
}

/*
 * The full state after k updates, with the full data's loss and gradient
 * (fdw, fdb), by the rules of train.h; `batch_ok` is 0 when the update's
 * gradient (a mini-batch's) is not finite. Returns whether the run ends
 * there. Inline, and on values rather than a train_state: plain descent
 * judges its states in a tight loop and fills one in only for observers.
 */
static inline int judge_state(struct judge *j, const struct train_config *cfg,
                              long long k, double loss, double fdw, double fdb,
                              int batch_ok)
{
	if (k == 0)
		j->limit = DIVERGENCE_FACTOR * loss;
	/* Written so that NaN counts as diverged; isfinite(loss) also catches
	 * an infinite loss when the limit itself overflowed. */
	int diverged = !(loss <= j->limit && isfinite(loss) && isfinite(fdw) &&
	                 isfinite(fdb)) || !batch_ok;
	int reached = cfg->until_target && loss <= cfg->target;
	j->diverged = diverged;
	j->reached = reached;
	track_sign(j, k, fdw);
	/* From the locals: read back from j, the two ints can come as one
	 * 8-byte load that no store forwards to, a stall at every state. */
	return diverged || reached || k == cfg->iters;
}

/* Hands s to the observers in turn; the first error stops. */
static int notify(const struct observer *obs, size_t n, const struct train_state *s,
                  int final)
{
	int st = NR_OK;

	for (size_t i = 0; i < n && !st; i++)
		st = obs[i].fn(obs[i].ctx, s, final);
	return st;
}

/* Samples a chunk of plain full-batch descent may evaluate: a few dozen
 * states on small data, one at a time on a million samples, so that a
 * stop request still ends the run within a millisecond or so. */
#define CHUNK_SAMPLES 65536
#define CHUNK_STATES 64

/*
 * Plain gradient descent on the full data: neuron_descend() computes the
 * states a chunk at a time, with w and b in registers, and stops a chunk
 * at the first state that diverges or reaches the target (the rules of
 * judge_state, checked beside the next pass). The states are then judged
 * in order as the general loop would: in full where someone looks (the
 * observers, the chunk's last state), the other states only for the sign
 * of their gradient. Updates computed past the final state are never seen.
 */
static int run_plain(const struct dataset *d, const struct train_config *cfg,
                     const struct observer *obs, size_t n, struct judge *j,
                     struct train_state *s)
{
	struct neuron_state chunk[CHUNK_STATES];
	size_t per = d->n < CHUNK_SAMPLES / CHUNK_STATES ? CHUNK_STATES
	             : d->n < CHUNK_SAMPLES ? CHUNK_SAMPLES / d->n : 1;
	double low = cfg->until_target ? cfg->target : -INFINITY;
	double w = cfg->w0, b = cfg->b0;
	int st;

	*s = (struct train_state){ .opt = OPTIM_STATE_START };
	for (long long k = 0;;) {
		/* State 0 alone: the divergence limit comes from its loss. */
		size_t m = k == 0 ? 1 : cfg->iters - k < (long long)per ? (size_t)(cfg->iters - k + 1) : per;
		size_t got = neuron_descend(d->n, d->x, d->y, cfg->gradient, cfg->lr, low,
		                            k == 0 ? INFINITY : j->limit, &w, &b, m, chunk);
		for (size_t i = 0; i < got; i++, k++) {
			const struct neuron_state *c = &chunk[i];
			if (!n && i + 1 < got) {   /* goes on, and nobody looks */
				track_sign(j, k, c->dw);
				continue;
			}
			int final = judge_state(j, cfg, k, c->loss, c->dw, c->db, 1);
			s->k = k;
			s->w = c->w;
			s->b = c->b;
			s->loss = s->batch_loss = c->loss;
			s->dw = c->dw;
			s->db = c->db;
			if ((st = notify(obs, n, s, final)) || final)
				return st;
			/* At least at every chunk's last state. */
			if (cfg->stop && *cfg->stop)
				return NR_EINTR;
		}
	}
}

/* Any optimizer, full batch or mini-batches, one state at a time. */
static int run_general(const struct dataset *d, const struct train_config *cfg,
                       const struct observer *obs, size_t n, struct judge *j,
                       struct train_state *s)
{
	/* The loop works on the locals below, which stay in registers (s's
	 * address goes out to the observers), and copies them into s before
	 * it hands s out. */
	double w = cfg->w0, b = cfg->b0;
	struct neuron_grad step = { 0, 0 };   /* the update's gradient */
	struct optim_state os = OPTIM_STATE_START;
	const struct optim_params opt = cfg->optim;
	const enum gradient g = cfg->gradient;
	struct batches bt;
	const int mini = batched(d, cfg);
	int st = NR_OK;

	if (mini && (st = batches_init(&bt, d->n, cfg->batch, cfg->shuffle_seed)))
		return st;
	for (s->k = 0;; s->k++) {
		/* The gradient of the update: the next mini-batch's ... */
		if (mini)
			step = batch_grad(&bt, d, g, w, b, &s->batch_loss);
		/* ... and forward, loss, backward on the full data: the state's
		 * loss, and the update's gradient in full batch. Between the full
		 * data's states (full_every) only a batch gradient that is not
		 * finite is judged: it makes the state a full one. */
		int batch_ok = isfinite(step.dw) && isfinite(step.db);
		if (!mini || cfg->full_every <= 1 || s->k % cfg->full_every == 0 ||
		    s->k == cfg->iters || !batch_ok) {
			struct neuron_grad full = neuron_grad(d->n, d->x, d->y, w, b, g, &s->loss);
			if (!mini) {
				s->batch_loss = s->loss;
				step = full;
				batch_ok = 1;
			}
			s->w = w;
			s->b = b;
			s->dw = step.dw;
			s->db = step.db;
			s->opt = os;
			int final = judge_state(j, cfg, s->k, s->loss, full.dw, full.db, batch_ok);
			if ((st = notify(obs, n, s, final)) || final)
				break;
		}
		/* Every iteration: one load beside n multiply-adds, and with a
		 * million samples an iteration already takes milliseconds. */
		if (cfg->stop && *cfg->stop) {
			st = NR_EINTR;
			break;
		}
		optim_step(&opt, cfg->lr, &os, step.dw, step.db, &w, &b);
	}
	if (mini)
		batches_free(&bt);
	return st;
}

int train_run(const struct dataset *d, const struct train_config *cfg,
              const struct analysis *a, const struct observer *obs, size_t n,
              struct train_result *res)
{
	struct train_state s;
	struct judge j = { 0 };
	int plain = !batched(d, cfg) && cfg->optim.kind == OPTIM_GD;
	int st = plain ? run_plain(d, cfg, obs, n, &j, &s) : run_general(d, cfg, obs, n, &j, &s);

	if (st)
		return st;
	res->last = s;
	res->reached_at = j.reached ? s.k : -1;
	res->diverged_at = j.diverged ? s.k : -1;
	if (j.diverged)
		res->status = STATUS_DIVERGED;
	else if (near(s.w, a->w_opt) && near(s.b, a->b_opt))
		res->status = STATUS_CONVERGED;
	else if (j.sign_flips >= OSCILLATION_STEPS)
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
