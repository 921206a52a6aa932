/*
 * gradnoise.h - how noisy a mini-batch's gradient is near the minimum, and
 * what that noise does to descent with a constant step (docs/math.md,
 * section 9.7).
 *
 * Legend (beside analysis.h's): the error e = (w - w*, b - b*); u_0, u_1
 * the Hessian's unit eigenvectors for lambda_0 = lambda_min and
 * lambda_1 = lambda_max; e_j = u_j . e; eta the step; B the batch size, N
 * the number of samples, m = ceil(N / B) batches per epoch (batch.h).
 *
 * At the minimum the full gradient vanishes, but one sample's gradient
 * (exact derivative) g_i = 2 r_i (x_i, 1), r_i = w* x_i + b* - y_i, does
 * not unless the line passes through that sample. Its spread over the
 * samples along u_j is the variance
 *     s_j = mean_i (u_j . g_i)^2 - (mean_i u_j . g_i)^2.
 *
 * The model. Near the minimum a mini-batch update is
 *     e <- e - eta (H_b e + xi),
 * with H_b the batch's Hessian and xi the mean of g_i over the batch.
 * Replacing H_b by its mean H leaves a linear recursion with additive
 * noise, e_j <- q_j e_j - eta xi_j, q_j = 1 - eta lambda_j; what it drops
 * (the noise in H_b, which grows with e) is of relative size eta
 * lambda_max (8% for SGD on the article's data with noise at 1e-4,
 * measured). Every xi has mean 0. Within one epoch the batches are
 * disjoint draws without replacement, so for batches s != t of sizes
 * b_s, b_t (the last one smaller when B does not divide N)
 *     Var(xi_s,j) = s_j (N / b_s - 1) / (N - 1),
 *     Cov(xi_s,j, xi_t,j) = -s_j / (N - 1):
 * the batches of one epoch partly cancel (they sum to the full gradient,
 * 0), and batches of different epochs are independent. After U updates
 * from e(0), with weights q^(U-1-t) on the noise of update t, the excess
 * loss L - L* = sum_j lambda_j e_j^2 / 2 then has the expectation
 *     sum_j lambda_j / 2 (q_j^(2U) e_j(0)^2 + eta^2 V_j(U)),
 * V_j(U) the variance of the weighted sum of the noise, summed epoch by
 * epoch (batch_expected_excess). It is exact for the linear recursion.
 *
 * The simpler estimate (batch_floor) treats the batches as independent:
 * the stationary variance of e_j <- q_j e_j - eta xi_j is
 * eta^2 Var(xi_j) / (1 - q_j^2), so the excess loss settles at
 *     sum_j (eta / 4) Var(xi_j) / (1 - eta lambda_j / 2)
 *       ~ (eta / 4) (s_0 + s_1) (N - B) / (B (N - 1)),
 * the noise floor of a constant step: proportional to the step and to the
 * gradient's variance, falling with B, and 0 at B = N. With reshuffled
 * batches the loss sits below it, the more so the fewer batches an epoch
 * has.
 *
 * Everything here is pure: no I/O, no allocation, no way to fail.
 */
#ifndef NR_GRADNOISE_H
#define NR_GRADNOISE_H

#include <stddef.h>

#include "model/analysis.h"
#include "model/data.h"

struct grad_noise {
	double var[2];   /* s_0 (along lambda_min's eigenvector), s_1 */
	double total;    /* s_0 + s_1: the trace of the gradients' covariance */
	double max_residual;   /* max_i |r_i| */
	int exact;       /* the line passes through every sample, up to
	                    rounding (each |r_i| within 16 ulps of the sizes
	                    summed into it): no sample's gradient is left */
};

/* The spread of the samples' gradients at the minimum of `d` (whose
 * analysis is `a`). */
void grad_noise_of(const struct dataset *d, const struct analysis *a, struct grad_noise *g);

/*
 * The noise floor of a constant step lr with independent batches of
 * `batch` out of n samples (above): the expected excess loss it settles
 * at. 0 when batch >= n; infinite when lr is unstable (lr lambda_max >= 2).
 */
double batch_floor(const struct analysis *a, const struct grad_noise *g, size_t n,
                   size_t batch, double lr);

/*
 * The expected excess loss L - L* after `updates` updates at the constant
 * step lr with reshuffled batches of `batch` (1 <= batch <= n) out of n
 * samples, from (w0, b0), in the linear model above. With batch = n it is
 * full-batch gradient descent's excess loss, whose noise is 0.
 */
double batch_expected_excess(const struct analysis *a, const struct grad_noise *g,
                             size_t n, size_t batch, double lr, long long updates,
                             double w0, double b0);

#endif
