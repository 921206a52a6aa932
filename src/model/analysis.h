/*
 * analysis.h - what theory says about a data set, before any training.
 *
 * For L(w, b) = mean((w*x + b - y)^2) everything is closed form:
 *   minimum     w* = cov(x, y) / var(x),  b* = mean(y) - w* mean(x)
 *   Hessian     H = [[2 mean(x^2), 2 mean(x)], [2 mean(x), 2]]  (constant)
 *   stability   gradient descent on the exact gradient is the linear map
 *               e -> (I - lr H) e on the error e = (w - w*, b - b*); it shrinks
 *               iff |1 - lr*lambda| < 1 for both eigenvalues, i.e.
 *               lr < 2 / lambda_max.
 * The article's formula F(w, b) = (w dL/dw + b dL/db, dL/db) also vanishes at
 * the minimum; linearised there its Jacobian is J = M H with
 * M = [[w*, b*], [0, 1]], and e -> (I - lr J) e is stable iff
 * |1 - lr*mu| < 1 for each (possibly complex) eigenvalue mu of J, i.e.
 * lr < 2 Re(mu) / |mu|^2 for both. When some Re(mu) <= 0 no learning rate is
 * stable and the limit is 0.
 *
 * analysis_compute() is pure: it needs n >= 2 and x not all equal (the data
 * reader guarantees both) and cannot fail.
 */
#ifndef NR_ANALYSIS_H
#define NR_ANALYSIS_H

#include "model/data.h"
#include "model/neuron.h"

struct analysis {
	double mean_x, mean_xx;          /* mean(x), mean(x^2) */
	double w_opt, b_opt, loss_opt;   /* least-squares minimum and its loss */
	double hessian[2][2];            /* d2L / d(w, b)^2 */
	double lambda_min, lambda_max;   /* eigenvalues of the Hessian */
	double condition;                /* lambda_max / lambda_min */
	double critical_lr[2];           /* stability limit, by enum gradient */
};

void analysis_compute(const struct dataset *d, struct analysis *a);

/*
 * The largest stable learning rate of e -> (I - lr J) e for a real 2x2 J:
 * min over eigenvalues mu of 2 Re(mu) / |mu|^2, or 0 when none is stable;
 * NaN when an entry of J is not finite. Nothing in between overflows or
 * underflows (entries from 1e-300 to 1e300 in magnitude, mixed as they
 * come), so the result is finite whenever the limit is.
 */
double critical_lr_of(const double j[2][2]);

#endif
