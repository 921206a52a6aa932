/*
 * sweep.h - the learning-rate comparison of `neuron report`.
 *
 * Two sweeps, both from the main run's initial (w0, b0) and gradient:
 *
 * The comparison: each --lrs value is trained for --iters updates with its
 * traces in <out>/runs/lr-<value>/ (trace.csv, predictions.csv). One row per
 * rate goes to <out>/summary.csv and to an aligned table on stdout; lr_loss
 * overlays their loss curves. The runs fill report->runs, ascending, so
 * later sections find them there; run i has colour lr_color[i + 1] (line
 * style 11 + i) in every figure.
 *
 * The dense sweep: SWEEP_DENSE_LOG log-spaced rates from critical / 1000 to
 * 2 * critical, plus rates 0.1% to 10% either side of the computed critical
 * learning rate, each trained in memory (no traces) for min(--iters,
 * SWEEP_DENSE_ITERS_MAX) updates; one row each goes to <out>/sweep.csv and
 * lr_final plots final loss against rate with the critical rate drawn in.
 *
 * Where blow-up begins is read off the dense sweep: a run has "settled"
 * when its status is converged or not_converged (still heading for the
 * minimum), and is "unstable" when it is oscillating or diverged. The
 * observed boundary lies between the largest settled rate and the next one;
 * every rate above it is unstable.
 *
 * Names of rates: a run's directory uses lr_dirname() (plain decimals that
 * sort in numeric order below 1: lr-0.00001, lr-0.0011), legends and tables
 * use lr_label() (1e-5, 1.1e-3); both are the fewest digits that read back
 * as the same double.
 */
#ifndef NR_SWEEP_H
#define NR_SWEEP_H

#include <stddef.h>

#include "report/report.h"

#define SWEEP_DENSE_LOG 50                 /* log-spaced rates */
#define SWEEP_DENSE_NEAR 5                 /* pairs at critical * (1 +- d) */
#define SWEEP_DENSE_MAX (SWEEP_DENSE_LOG + 2 * SWEEP_DENSE_NEAR)
#define SWEEP_DENSE_ITERS_MAX 100000LL     /* keeps a long --iters affordable */
#define LR_LABEL_SIZE 32                   /* == sizeof(struct lr_run).label */
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

/* Settled (converged or not_converged) or not. */
int sweep_settled(enum train_status s);

/*
 * The observed stability boundary of a dense sweep (ascending lrs, n
 * results): *settled is the largest settled rate with nothing settled
 * above it, *unstable the next rate. Either is 0 when there is none (no
 * unstable rate was seen, or none settled).
 */
void sweep_boundary(const double *lrs, const struct train_result *res, size_t n,
                    double *settled, double *unstable);

/*
 * Trains `base` (its lr and iters replaced) at each of the n rates, in
 * memory, into res. NR_OK or NR_EINTR.
 */
int sweep_dense(const struct dataset *d, const struct analysis *a,
                const struct train_config *base, const double *lrs, size_t n,
                struct train_result *res);

/*
 * The report section: both sweeps, their CSVs, the table on stdout, and the
 * lr_loss and lr_final figures added to r->plots. Fills r->runs.
 */
int sweep_section(struct report *r);

#endif
