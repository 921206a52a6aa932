/*
 * path.h - a descent path: where one run went, state by state, kept in
 * memory for the sections and figures that show it.
 *
 * A path keeps every state up to iteration `dense`, then at most
 * `per_decade` states per decade of k (the first one of each bin
 * floor(per_decade * log10 k)), and always the final state, so a run of a
 * billion iterations still fits in a few thousand points. per_decade == 0
 * keeps everything.
 *
 * A path is filled while training (path_observe is a train_observer), or
 * thinned from a denser one (path_thin), which keeps exactly the states it
 * would have kept while training when the denser path holds every state
 * its schedule looks at. The caller owns the struct and releases it with
 * path_free(), which leaves it empty and reusable with the same schedule.
 */
#ifndef NR_PATH_H
#define NR_PATH_H

#include <stddef.h>

#include "model/train.h"

struct path {
	struct train_state *pt;
	size_t n, cap;
	long long dense;   /* keep every state with k <= dense */
	int per_decade;    /* then this many per decade; 0: keep all */
};

#define PATH_INIT(dense, per_decade) { NULL, 0, 0, (dense), (per_decade) }

/* Appends a state whatever the schedule says. NR_OK or NR_ENOMEM. */
int path_push(struct path *p, const struct train_state *s);

/* Whether the schedule keeps a state at iteration k (after the points so
 * far). */
int path_keeps(const struct path *p, long long k);

/* A train_observer (ctx is the path): keeps the states the schedule keeps
 * and the final one. Returns NR_OK or NR_ENOMEM. */
int path_observe(void *path, const struct train_state *s, int final);

/* Fills `p` (empty, with its schedule set) from the states of `from`, by
 * p's schedule, always keeping the last. NR_OK or NR_ENOMEM. */
int path_thin(struct path *p, const struct path *from);

void path_free(struct path *p);

#endif
