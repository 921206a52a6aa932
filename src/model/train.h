/*
 * train.h - the training loop: forward, loss, backward, update, n times.
 *
 * train_run() starts at (w0, b0) and performs `iters` updates, each with
 * the optimizer of cfg->optim (optim.h) on the gradient of the whole data
 * set, or with cfg->batch = B < n on the gradient of a mini-batch of B
 * samples (batch.h; B = 1 is stochastic gradient descent). An iteration
 * is one update, whatever B is.
 *
 * After every state k = 0 .. iters (the state after k updates) it hands
 * its observers, in turn, the state: the parameters, the full data's loss
 * there, the gradient the next update will use (and with mini-batches the
 * loss of that batch), and the optimizer's state; observers (trace writer,
 * progress line, path recorder) do the I/O, the loop does none.
 *
 * With mini-batches every state still gets the full data's loss (and
 * gradient), one extra pass over the data per update: it is what every
 * figure compares, and the status rules below are judged on it at every
 * state, exactly as in full batch (divergence and a target need it at
 * every state anyway, and the trace keeps every state up to 10000 by
 * default). An update then costs n + B sample evaluations instead of B:
 * on the article's 100 samples, SGD makes 24 million updates a second
 * instead of 58 million without it (tools/bench.c), which matters only
 * for data sets far larger than a lecture needs. A run that needs only its
 * last state (the noise floor's eight seeds at seven batch sizes) sets
 * full_every = iters: the full data is then evaluated at the first and the
 * last state only, or where a batch's gradient is not finite (divergence),
 * and the observers see only those states.
 *
 * A run stops early when it diverges: the loss is not finite or exceeds
 * DIVERGENCE_FACTOR times the initial loss. That state is still observed and
 * reported (diverged_at); divergence is a result, not an error. With
 * `until_target` set, a run also stops at the first state whose loss is at
 * most `target` (reported as reached_at).
 *
 * The final status follows written rules, checked in this order:
 *   diverged       stopped early as above;
 *   converged      |w - w*| <= CONVERGED_TOL * max(1, |w*|) and the same for b,
 *                  against the closed-form minimum (w*, b*);
 *   oscillating    the full data's weight gradient changed sign at each of
 *                  the last OSCILLATION_STEPS updates: still overshooting
 *                  back and forth (the article's formula on its period-2
 *                  cycle);
 *   not_converged  anything else (still crawling towards the minimum, or
 *                  a constant-step SGD run jittering around it).
 */
#ifndef NR_TRAIN_H
#define NR_TRAIN_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "model/analysis.h"
#include "model/data.h"
#include "model/neuron.h"
#include "model/optim.h"

#define DIVERGENCE_FACTOR 1e12
#define CONVERGED_TOL 1e-6
#define OSCILLATION_STEPS 10

/* A zeroed config (with lr and iters set) is full-batch gradient descent. */
struct train_config {
	double lr;
	long long iters;
	double w0, b0;
	enum gradient gradient;
	struct optim_params optim;   /* the optimizer and its settings */
	size_t batch;                /* samples per update; 0 or >= n: all */
	uint64_t shuffle_seed;       /* the mini-batches' random stream */
	int until_target;   /* stop once loss <= target */
	double target;
	/* With mini-batches: the full data's loss and gradient (what the
	 * observers, the target and divergence are judged on) at every
	 * full_every-th state and the last; 0 or 1: at every state. */
	long long full_every;
	/* When non-NULL and set (by a signal handler, to the signal's number),
	 * the run stops with NR_EINTR before it observes another state (plain
	 * full-batch descent computes states up to 65536 sample evaluations
	 * ahead, train.c, and drops them). */
	const volatile sig_atomic_t *stop;
};

/* State k: parameters after k updates, the full data's loss there, the
 * gradient update k+1 uses (the full data's, or its mini-batch's), and
 * the optimizer's state after k updates. */
struct train_state {
	long long k;
	double loss, w, b, dw, db;
	double batch_loss;         /* the loss of the batch dw, db come from:
	                              the same as loss in full batch */
	struct optim_state opt;
};

enum train_status {
	STATUS_CONVERGED,
	STATUS_NOT_CONVERGED,
	STATUS_OSCILLATING,
	STATUS_DIVERGED
};

struct train_result {
	struct train_state last;   /* the final state observed */
	enum train_status status;
	long long diverged_at;     /* k of the blow-up, or -1 */
	long long reached_at;      /* k where the loss reached the target, or -1 */
};

/*
 * Called for each state; `final` is non-zero for the last one. A non-zero
 * return stops training and becomes train_run()'s result.
 */
typedef int (*train_observer)(void *ctx, const struct train_state *s,
                              int final);

struct observer {
	train_observer fn;
	void *ctx;
};

/*
 * Trains on `d` with `cfg`; `a` supplies the minimum for the status rules.
 * The n observers `obs` (may be 0) see every state in turn. Returns NR_OK
 * (`res` filled), NR_EINTR, NR_ENOMEM (mini-batches need memory, batch.h),
 * or an observer's error.
 */
int train_run(const struct dataset *d, const struct train_config *cfg,
              const struct analysis *a, const struct observer *obs, size_t n,
              struct train_result *res);

/* "converged", "not_converged", "oscillating" or "diverged". */
const char *train_status_name(enum train_status s);

#endif
