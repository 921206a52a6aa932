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
 * Beyond plain gradient descent (docs/math.md, section 9), with
 * kappa = lambda_max / lambda_min, on the exact gradient:
 *   gd        best fixed step 2 / (lambda_min + lambda_max), which makes
 *             both eigen-directions shrink by (kappa - 1) / (kappa + 1) per
 *             step (Polyak 1987);
 *   momentum  (the heavy ball, optim.h) best pair
 *             lr = 4 / (sqrt(lambda_max) + sqrt(lambda_min))^2,
 *             beta = ((sqrt(kappa) - 1) / (sqrt(kappa) + 1))^2, contraction
 *             (sqrt(kappa) - 1) / (sqrt(kappa) + 1) (Polyak 1964); stable
 *             iff 0 < lr lambda < 2 (1 + beta) for both eigenvalues;
 *   nesterov  best pair lr = 4 / (3 lambda_max + lambda_min),
 *             beta = (sqrt(3 kappa + 1) - 2) / (sqrt(3 kappa + 1) + 2),
 *             contraction 1 - 2 / sqrt(3 kappa + 1) (Lessard, Recht and
 *             Packard 2016, for quadratics); stable iff
 *             0 < lr lambda < 2 (1 + beta) / (1 + 2 beta).
 * A contraction r per step shrinks the excess loss L - L* by r^2 per step,
 * so a reduction by `reduction` takes ceil(ln(reduction) / (2 ln r))
 * steps (iters_to_reduce). At its best pair the heavy ball's map has a
 * double eigenvalue in each direction, so its error there is
 * (1 + k (1 - rho)) rho^k times the start, rho = +-sqrt(beta):
 * slower than r^k early on (momentum_iters_from counts with it).
 *
 * analysis_compute() is pure: it needs n >= 2 and x not all equal (the data
 * reader guarantees both) and cannot fail. So are the functions below it.
 */
#ifndef NR_ANALYSIS_H
#define NR_ANALYSIS_H

#include "model/data.h"
#include "model/neuron.h"

/* The reduction of the excess loss L - L* the predicted iteration counts
 * aim for: to a millionth of where the run started. */
#define PREDICT_REDUCTION 1e-6

/* A method's best fixed settings on a quadratic and what they achieve. */
struct tuning {
	double lr;     /* step size */
	double beta;   /* momentum (0 for gradient descent) */
	double rate;   /* contraction of the error per step, in [0, 1) */
};

struct analysis {
	size_t n;                        /* samples */
	double mean_x, mean_xx;          /* mean(x), mean(x^2) */
	double w_opt, b_opt, loss_opt;   /* least-squares minimum and its loss */
	double hessian[2][2];            /* d2L / d(w, b)^2 */
	double lambda_min, lambda_max;   /* eigenvalues of the Hessian */
	double condition;                /* lambda_max / lambda_min */
	double critical_lr[2];           /* stability limit, by enum gradient */
	struct tuning gd, momentum, nesterov;   /* best settings (above) */
};

void analysis_compute(const struct dataset *d, struct analysis *a);

/* The best settings of each method for eigenvalues 0 < lmin <= lmax. */
struct tuning tune_gd(double lmin, double lmax);
struct tuning tune_momentum(double lmin, double lmax);
struct tuning tune_nesterov(double lmin, double lmax);

/* The largest stable step for a fixed beta in [0, 1): 2 (1 + beta) / lmax
 * for the heavy ball, 2 (1 + beta) / ((1 + 2 beta) lmax) for Nesterov. */
double momentum_critical_lr(double lmax, double beta);
double nesterov_critical_lr(double lmax, double beta);

/*
 * Steps for the excess loss to shrink by `reduction` (in (0, 1)) at a
 * contraction `rate` per step: ceil(ln(reduction) / (2 ln rate)); 0 when
 * reduction >= 1, 1 when rate is 0, -1 (never) when rate >= 1.
 */
long long iters_to_reduce(double rate, double reduction);

/*
 * The heavy ball at the best pair a->momentum, from (w0, b0): the first k
 * at which its excess loss, sum over the two eigen-directions of
 * lambda_i / 2 (c_i (1 + k (1 - rho_i)) rho_i^k)^2, is at most
 * `reduction` (in (0, 1)) times the initial one (c_i: the start's error
 * along eigenvector i; rho_i = sqrt(beta) along lambda_min, -sqrt(beta)
 * along lambda_max). 0 when the start is the minimum; -1 if no k below
 * 2^62 reaches it.
 */
long long momentum_iters_from(const struct analysis *a, double w0, double b0,
                              double reduction);

/* A heavy ball run on the loss's quadratic form (heavy_ball_quadratic). */
struct ball_run {
	long long k;            /* updates made: at the cap, or where it diverged */
	long long last_above;   /* the last update whose loss was above the
	                           target, or -1 */
	int diverged;
};

/*
 * The heavy ball (optim.h's momentum_step) from (w0, b0) at step lr and
 * momentum beta, on the loss written as its quadratic form
 *     L = L* + e.H e / 2 = L* + sum_i lambda_i (u_i . e)^2 / 2,
 *     gradient H e,   e = (w - w*, b - b*),
 * which is the data's loss exactly (analysis.h's first lines), at a
 * constant cost per update instead of one pass over the data. It runs like
 * train_run: `cap` updates, or until the loss exceeds divergence_factor
 * times the first one or is not finite; the target only marks where the
 * loss was last above it. The sums over the data round differently, so a
 * count can differ from train_run's where the loss passes within a
 * rounding error of the target (tests/test_optimizers.c compares them).
 */
void heavy_ball_quadratic(const struct analysis *a, double w0, double b0, double lr,
                          double beta, double target, long long cap,
                          double divergence_factor, struct ball_run *out);

/* heavy_ball_quadratic for BALL_LANES runs side by side, run l at step
 * lr[l] and momentum beta[l]: out[l] is bit for bit what
 * heavy_ball_quadratic gives for it (the same operations in the same order,
 * one run a lane of a vector), in about the time of one run. */
#define BALL_LANES 4
void heavy_ball_quadratic_lanes(const struct analysis *a, double w0, double b0,
                                const double lr[BALL_LANES], const double beta[BALL_LANES],
                                double target, long long cap, double divergence_factor,
                                struct ball_run out[BALL_LANES]);

/*
 * The unit eigenvector of the Hessian for lambda_min (i = 0) or lambda_max
 * (i = 1), into u: taken from the row of H - lambda I with the larger
 * entry, so that it is well defined. Its sign is arbitrary.
 */
void hessian_eigenvector(const struct analysis *a, int i, double u[2]);

/*
 * The largest stable learning rate of e -> (I - lr J) e for a real 2x2 J:
 * min over eigenvalues mu of 2 Re(mu) / |mu|^2, or 0 when none is stable;
 * NaN when an entry of J is not finite. Nothing in between overflows or
 * underflows (entries from 1e-300 to 1e300 in magnitude, mixed as they
 * come), so the result is finite whenever the limit is.
 */
double critical_lr_of(const double j[2][2]);

#endif
