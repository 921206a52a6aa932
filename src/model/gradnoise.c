/* gradnoise.c - the spread of the samples' gradients at the minimum, and
 * the excess loss it leaves a constant step (gradnoise.h). */
#include "model/gradnoise.h"

#include <float.h>
#include <math.h>

void grad_noise_of(const struct dataset *d, const struct analysis *a, struct grad_noise *g)
{
	double u[2][2], mean[2] = { 0, 0 }, n = (double)d->n;

	hessian_eigenvector(a, 0, u[0]);
	hessian_eigenvector(a, 1, u[1]);
	g->max_residual = 0;
	g->exact = 1;
	/* Two passes: the mean of u_j . g_i (0 up to rounding), then the
	 * spread around it. g_i = 2 r_i (x_i, 1), so u_j . g_i = 2 r_i
	 * (u_j0 x_i + u_j1). */
	for (int pass = 0; pass < 2; pass++) {
		double sum[2] = { 0, 0 };
		for (size_t i = 0; i < d->n; i++) {
			double r = d->x[i] * a->w_opt + a->b_opt - d->y[i];
			for (int j = 0; j < 2; j++) {
				double p = 2 * r * (u[j][0] * d->x[i] + u[j][1]) - mean[j];
				sum[j] += pass ? p * p : p;
			}
			if (pass)
				continue;
			double size = fabs(d->x[i] * a->w_opt) + fabs(a->b_opt) + fabs(d->y[i]);
			g->max_residual = fmax(g->max_residual, fabs(r));
			if (fabs(r) > 16 * DBL_EPSILON * size)
				g->exact = 0;
		}
		for (int j = 0; j < 2; j++)
			if (pass)
				g->var[j] = sum[j] / n;
			else
				mean[j] = sum[j] / n;
	}
	g->total = g->var[0] + g->var[1];
}

/* Var(xi_j) of one batch of b out of n over s_j: (n / b - 1) / (n - 1). */
static double batch_share(size_t n, size_t b)
{
	return ((double)n / (double)b - 1) / (double)(n - 1);
}

double batch_floor(const struct analysis *a, const struct grad_noise *g, size_t n,
                   size_t batch, double lr)
{
	const double lambda[2] = { a->lambda_min, a->lambda_max };
	double floor = 0;

	if (batch == 0 || batch >= n)
		return 0;
	for (int j = 0; j < 2; j++) {
		double half = 1 - lr * lambda[j] / 2;
		if (!(half > 0))
			return INFINITY;
		floor += lr / 4 * g->var[j] * batch_share(n, batch) / half;
	}
	return floor;
}

/*
 * The variance, over s_j, of the noise of the first k batches of an epoch
 * weighted q^(k-1-i) for batch i: with Cov(xi_s, xi_t) = s_j (n / b_s
 * delta_st - 1) / (n - 1) (gradnoise.h) it is
 *     (sum_i w_i^2 n / b_i - (sum_i w_i)^2) / (n - 1),
 * written as sum_i w_i^2 (n / b_i - k) + k sum_i (w_i - mean w)^2, whose
 * second sum (Welford's running form) does not cancel when q is near 1.
 */
static double epoch_part(size_t n, size_t batch, size_t m, size_t k, double q)
{
	double w = 1, mean = 0, spread = 0, uneven = 0;

	/* t = k-1-i runs from the last batch back: weight q^t. */
	for (size_t t = 0; t < k; t++, w *= q) {
		size_t i = k - 1 - t;
		size_t b = i + 1 < m ? batch : n - (m - 1) * batch;
		double delta = w - mean;
		mean += delta / (double)(t + 1);
		spread += delta * (w - mean);
		uneven += w * w * ((double)n / (double)b - (double)k);
	}
	return (uneven + (double)k * spread) / (double)(n - 1);
}

double batch_expected_excess(const struct analysis *a, const struct grad_noise *g,
                             size_t n, size_t batch, double lr, long long updates,
                             double w0, double b0)
{
	const double lambda[2] = { a->lambda_min, a->lambda_max };
	double excess = 0;

	if (batch == 0 || batch > n)
		batch = n;
	size_t m = (n + batch - 1) / batch;
	double epochs = (double)(updates / (long long)m);
	size_t rest = (size_t)(updates % (long long)m);
	for (int j = 0; j < 2; j++) {
		double u[2];
		hessian_eigenvector(a, j, u);
		double e0 = u[0] * (w0 - a->w_opt) + u[1] * (b0 - a->b_opt);
		double q = 1 - lr * lambda[j], q2 = q * q;
		/* Whole epochs, the last one ending r updates before the end:
		 * the k-th from the end weighs q^(2 (r + k m)). */
		double q2m = pow(q2, (double)m);
		double whole = epochs == 0 ? 0 : q2m == 1 ? epochs
		             : (1 - pow(q2m, epochs)) / (1 - q2m);
		double v = 0;
		if (whole > 0)
			v += epoch_part(n, batch, m, m, q) * pow(q2, (double)rest) * whole;
		if (rest > 0)
			v += epoch_part(n, batch, m, rest, q);
		double mean = pow(q2, (double)updates) * e0 * e0;
		excess += lambda[j] / 2 * (mean + lr * lr * g->var[j] * v);
	}
	return excess;
}
