/*
 * train.h - the training loop: forward, loss, backward, update, n times.
 *
 * train_run() starts at (w0, b0) and performs `iters` full-batch updates.
 * After every state k = 0 .. iters (the state after k updates) it hands the
 * observer the loss at that state and the gradient the next update will use;
 * the observer (trace writer, progress bar) does the I/O, the loop does none.
 *
 * A run stops early when it diverges: the loss is not finite or exceeds
 * DIVERGENCE_FACTOR times the initial loss. That state is still observed and
 * reported (diverged_at); divergence is a result, not an error.
 *
 * The final status follows written rules, checked in this order:
 *   diverged       stopped early as above;
 *   converged      |w - w*| <= CONVERGED_TOL * max(1, |w*|) and the same for b,
 *                  against the closed-form minimum (w*, b*);
 *   oscillating    the weight gradient changed sign at each of the last
 *                  OSCILLATION_STEPS updates: still overshooting back and forth
 *                  (the article's formula on its period-2 cycle);
 *   not_converged  anything else (still crawling towards the minimum).
 */
#ifndef NR_TRAIN_H
#define NR_TRAIN_H

#include <signal.h>

#include "model/analysis.h"
#include "model/data.h"
#include "model/neuron.h"

#define DIVERGENCE_FACTOR 1e12
#define CONVERGED_TOL 1e-6
#define OSCILLATION_STEPS 10

struct train_config {
	double lr;
	long long iters;
	double w0, b0;
	enum gradient gradient;
	/* When non-NULL and set (by a SIGINT handler), the run stops with
	 * NR_EINTR at the next check. */
	const volatile sig_atomic_t *interrupted;
};

/* State k: parameters after k updates, the loss there and its gradient. */
struct train_state {
	long long k;
	double loss, w, b, dw, db;
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
};

/*
 * Called for each state; `final` is non-zero for the last one. A non-zero
 * return stops training and becomes train_run()'s return value.
 */
typedef int (*train_observer)(void *ctx, const struct train_state *s,
                              int final);

/* Two observers called in turn (e.g. the trace writer, then the progress
 * line); the first non-zero status stops the run. Either may be NULL. */
struct observer_pair {
	train_observer first;
	void *first_ctx;
	train_observer second;
	void *second_ctx;
};

/* A train_observer whose ctx is a struct observer_pair. */
int observe_pair(void *observer_pair, const struct train_state *s, int final);

/*
 * Trains on `d` with `cfg`; `a` supplies the minimum for the status rules.
 * `observe` may be NULL. Returns NR_OK, NR_EINTR or the observer's status;
 * `res` is filled on NR_OK.
 */
int train_run(const struct dataset *d, const struct train_config *cfg,
              const struct analysis *a, train_observer observe, void *ctx,
              struct train_result *res);

/* "converged", "not_converged", "oscillating" or "diverged". */
const char *train_status_name(enum train_status s);

#endif
