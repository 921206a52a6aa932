/*
 * sweep.h - many runs that differ only in their learning rate, and the
 * names of rates.
 *
 * The dense sweep: SWEEP_DENSE_LOG log-spaced rates from critical / 1000 to
 * 2 * critical, plus rates 0.1% to 10% either side of the computed
 * critical learning rate (sweep_dense_lrs). Where blow-up begins is read
 * off it: a run has "settled" when its status is converged or
 * not_converged (still heading for the minimum), and is "unstable" when it
 * is oscillating or diverged. The observed boundary lies between the
 * largest settled rate and the next one; every rate above it is unstable,
 * and those that diverged are the top ones (sweep_boundary).
 *
 * Names of rates: a run's directory uses lr_dirname() (plain decimals that
 * sort in numeric order below 1: lr-0.00001, lr-0.0011), legends and tables
 * use lr_label() (1e-5, 1.1e-3); both are the fewest digits that read back
 * as the same double. Everything here is pure except sweep_run, which
 * trains.
 */
#ifndef NR_SWEEP_H
#define NR_SWEEP_H

#include <stddef.h>

#include "model/analysis.h"
#include "model/data.h"
#include "model/train.h"

#define SWEEP_DENSE_LOG 50                 /* log-spaced rates */
#define SWEEP_DENSE_NEAR 5                 /* pairs at critical * (1 +- d) */
#define SWEEP_DENSE_MAX (SWEEP_DENSE_LOG + 2 * SWEEP_DENSE_NEAR)
#define SWEEP_DENSE_ITERS_MAX 100000LL     /* keeps a long --iters affordable */
#define SWEEP_BUDGET 2e10                  /* sample-updates for the whole sweep */
#define LR_LABEL_SIZE 32
#define LR_DIRNAME_MAX 40                  /* longer plain decimals use the label */

/*
 * The rate as people write it: the shortest form that strtod reads back as
 * the same double; plain decimals from 0.01 to 9999 ("0.05", "2"),
 * otherwise scientific without padding or '+' ("1e-4", "1.25e-3", "3e5").
 * `lr` must be positive and finite.
 */
void lr_label(double lr, char buf[LR_LABEL_SIZE]);

/*
 * The rate for a directory name (newly allocated, without the "lr-"):
 * plain decimal with the fewest digits that read back as the same double
 * ("0.00125", "2"), or lr_label() when that would exceed LR_DIRNAME_MAX
 * characters (1e-40; any rate from 1e-21 up to 1 fits, so those sort in
 * numeric order). NULL when out of memory.
 */
char *lr_dirname(double lr);

/*
 * The dense sweep's rates, ascending and distinct, into lrs
 * (SWEEP_DENSE_MAX room); returns how many. With critical > 0 they span
 * critical / 1000 .. 2 * critical and include the near-limit pairs;
 * otherwise (no stable rate exists) they span lo / 1000 .. 2 * hi.
 */
size_t sweep_dense_lrs(double critical, double lo, double hi, double *lrs);

/* Sorts the n rates ascending and drops repeats; returns how many are
 * left and sets *dup to a rate that was repeated (0 when none was). */
size_t lr_sort_unique(double *lrs, size_t n, double *dup);

/* lr / critical, or NaN when no rate is stable (critical 0). */
double lr_over_critical(double lr, double critical);

/* Settled (converged or not_converged) or not. */
int sweep_settled(enum train_status s);

/*
 * The observed stability boundary of a dense sweep (ascending lrs, n
 * results). `settled` is the largest settled rate with nothing settled
 * above it, `unstable` the next rate, `diverged` the smallest rate from
 * which every run diverged. Rates from `unstable` up to below `diverged`
 * were still oscillating when the runs ended: too few iterations to tell.
 * Each is 0 when there is no such rate.
 */
struct sweep_edges {
	double settled, unstable, diverged;
};

void sweep_boundary(const double *lrs, const struct train_result *res, size_t n,
                    struct sweep_edges *e);

/*
 * The updates each of `runs` runs of the dense sweep may take on n samples:
 * `iters`, at most SWEEP_DENSE_ITERS_MAX, and fewer on big data sets, so
 * that the sweep stays within SWEEP_BUDGET sample-updates; at least 1.
 */
long long sweep_iters(long long iters, size_t n, size_t runs);

/*
 * Trains `base` (its lr replaced) at each of the n rates, in memory, into
 * res, on every processor (parallel.h): the results are the same bits as
 * one after another. NR_OK or NR_EINTR.
 */
int sweep_run(const struct dataset *d, const struct analysis *a,
              const struct train_config *base, const double *lrs, size_t n,
              struct train_result *res);

#endif
