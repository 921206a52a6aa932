/*
 * scaling.h - the same problem with the input rescaled.
 *
 * The Hessian of L is H = 2 [[mean(x^2), mean(x)], [mean(x), 1]]. On the
 * article's data mean(x^2) = 833.5 against 1, so H's eigenvalues differ by a
 * factor of about 834 and gradient descent, whose error in each eigen-
 * direction shrinks by |1 - lr lambda| per step, must keep lr below
 * 2/lambda_max while the flat direction crawls. Rescaling the input,
 * x' = (x - shift) / scale, reshapes H without changing the lines the
 * neuron can draw: w' = w scale, b' = b + w shift give the same outputs.
 *
 * Three versions of one data set are compared:
 *   raw           x as given                    (shift 0, scale 1)
 *   x/100         degrees divided by 100        (shift 0, scale 100)
 *   standardised  (x - mean(x)) / sd(x)         mean 0, mean(x'^2) 1: H = 2 I
 * Each starts from the same line as the raw start and trains with the exact
 * gradient at its own best constant learning rate, lr = 2 / (lambda_min +
 * lambda_max), which shrinks the error by (kappa - 1)/(kappa + 1) per step
 * (kappa = condition number): the comparison is then about the shape of the
 * problem, not about a badly chosen lr. Each runs until its loss is within
 * SCALING_REDUCTION of the way from the initial loss down to the minimum
 * loss,
 *     L_k <= target = L* + SCALING_REDUCTION (L_0 - L*),
 * or max_iters iterations: SCALING_MAX_ITERS, or fewer for big data sets,
 * so that the three runs together stay within SCALING_BUDGET
 * sample-updates (a few seconds).
 */
#ifndef NR_SCALING_H
#define NR_SCALING_H

#include <signal.h>

#include "model/analysis.h"
#include "model/data.h"
#include "model/path.h"

#define SCALING_REDUCTION 1e-6
#define SCALING_MAX_ITERS 1000000LL
#define SCALING_BUDGET 2e10          /* sample-updates for all three runs */

enum scaling_kind { SCALE_RAW, SCALE_DIV100, SCALE_STANDARD, SCALE_N };

struct scaling_case {
	const char *name;        /* "raw", "x/100", "standardised" */
	double shift, scale;     /* x' = (x - shift) / scale */
	struct analysis a;       /* of the rescaled data */
	double lr;               /* 2 / (lambda_min + lambda_max) */
	double w0, b0;           /* the raw start, as the same line */
	double loss0;            /* the initial loss */
	long long iters;         /* updates to reach the target, or -1 */
	double loss;             /* the loss after `iters` (or at the end) */
};

struct scaling {
	struct scaling_case c[SCALE_N];
	double target;           /* the loss every case must reach */
	long long max_iters;     /* the most updates each case may take */
};

/* The rescaled copy of `d`: x' = (x - shift) / scale, y unchanged.
 * NR_OK or NR_ENOMEM; the caller frees `out` with dataset_free. */
int scaling_dataset(const struct dataset *d, double shift, double scale,
                    struct dataset *out);

/*
 * Fills `s` for the data set `d` (whose analysis is `a`) and the raw start
 * (w0, b0), and records each case's loss curve into curves[kind] (by their
 * schedule). Returns NR_OK, NR_ENOMEM or NR_EINTR.
 */
int scaling_run(const struct dataset *d, const struct analysis *a, double w0,
                double b0, const volatile sig_atomic_t *stop,
                struct scaling *s, struct path curves[SCALE_N]);

#endif
