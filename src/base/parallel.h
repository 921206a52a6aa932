/*
 * parallel.h - independent pieces of work on every processor.
 *
 * parallel_for(n, fn, ctx) calls fn(ctx, i) once for each i in 0 .. n-1,
 * on as many threads as there are processors (at most PARALLEL_MAX), each
 * taking the next i as it finishes one. The calls must be independent:
 * each writes only its own i's results, so the outcome is the same bits
 * whatever the number of threads or the order they run in. With one
 * processor, or n <= 1, everything runs on the calling thread.
 *
 * Returns 0, or the status of the first i (in index order) whose call
 * failed; once a call fails the remaining ones are skipped.
 */
#ifndef NR_PARALLEL_H
#define NR_PARALLEL_H

#include <stddef.h>

#define PARALLEL_MAX 8

int parallel_for(size_t n, int (*fn)(void *ctx, size_t i), void *ctx);

/* How many threads parallel_for uses for n pieces. */
size_t parallel_threads(size_t n);

#endif
