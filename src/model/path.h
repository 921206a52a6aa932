/*
 * path.h - a descent path: where one run went, as (k, loss, w, b) points
 * kept in memory for the figures that draw it.
 *
 * A path keeps every state up to iteration `dense`, then at most
 * `per_decade` states per decade of k (the first one of each bin
 * floor(per_decade * log10 k)), and always the final state, so a run of a
 * billion iterations still fits in a few thousand points. per_decade == 0
 * keeps everything.
 *
 * A path is filled either while training (path_observe is a
 * train_observer) or from a trace.csv written earlier (path_read). The
 * caller owns the struct and releases it with path_free(), which leaves it
 * empty and reusable with the same schedule.
 */
#ifndef NR_PATH_H
#define NR_PATH_H

#include <stddef.h>

#include "model/train.h"

struct path_point {
	long long k;
	double loss, w, b;
};

struct path {
	struct path_point *pt;
	size_t n, cap;
	long long dense;   /* keep every state with k <= dense */
	int per_decade;    /* then this many per decade; 0: keep all */
};

#define PATH_INIT(dense, per_decade) { NULL, 0, 0, (dense), (per_decade) }

/* Appends a point whatever the schedule says. NR_OK or NR_ENOMEM. */
int path_push(struct path *p, long long k, double loss, double w, double b);

/* Whether the schedule keeps a state at iteration k (after the points so
 * far). */
int path_keeps(const struct path *p, long long k);

/* A train_observer (ctx is the path): keeps the states the schedule keeps
 * and the final one. Returns NR_OK or NR_ENOMEM. */
int path_observe(void *path, const struct train_state *s, int final);

/*
 * Reads iteration, loss, weight and bias (the first four columns) of a
 * trace.csv (trace.h) into `p`, by its schedule. Returns NR_OK, NR_EIO,
 * NR_EDATA (the message names the file and line) or NR_ENOMEM.
 */
int path_read(const char *trace_csv, struct path *p);

void path_free(struct path *p);

#endif
