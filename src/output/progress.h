/*
 * progress.h - a progress line on a terminal during long runs.
 *
 * A train_observer that rewrites one line on `fp`, such as
 *   neuron: training  42% (420000000 of 1000000000 iterations)
 * once the run has lasted PROGRESS_DELAY seconds, at most PROGRESS_RATE times
 * a second, and erases it when the run ends (progress_end). Short runs print
 * nothing. With fp NULL it stays silent: the caller passes stderr only when
 * stderr is a terminal, so logs and pipes never see it. Terminal write errors
 * are ignored: a progress line must never fail a run.
 *
 * The clock is read every `stride` iterations, about 2^20 sample-updates
 * (~1 ms), so the observer costs a compare per iteration.
 */
#ifndef NR_PROGRESS_H
#define NR_PROGRESS_H

#include <stddef.h>
#include <stdio.h>

#include "model/train.h"

#define PROGRESS_DELAY 1.0   /* seconds before the first line */
#define PROGRESS_RATE 10     /* lines per second, at most */

struct progress {
	FILE *fp;            /* NULL: silent */
	long long total;     /* iterations of the run */
	long long stride;    /* iterations between clock reads */
	long long next;      /* the next iteration that reads the clock */
	double start, last;  /* monotonic seconds: run start, last line */
	int shown;           /* a line is on the terminal */
};

/* Prepares `p` for a run of `total` iterations over `n` samples. */
void progress_begin(struct progress *p, FILE *fp, long long total, size_t n);

/* A train_observer (ctx is the struct progress). Always returns NR_OK. */
int progress_observe(void *progress, const struct train_state *s, int final);

/* progress_observe at a given time `now` (seconds on the clock of `start`):
 * draws or erases the line as the rules above say. */
void progress_at(struct progress *p, long long k, int final, double now);

/* Shows "neuron: <what>" on the line instead (for the steps of a report
 * that are not one training run), under the same rules: only once the
 * run has lasted PROGRESS_DELAY seconds, and only on a terminal. */
void progress_say(struct progress *p, const char *what);

/* Erases the line if one is shown; safe to call more than once. */
void progress_end(struct progress *p);

/* Seconds on a monotonic clock. */
double progress_now(void);

#endif
