/* analysis.c - closed-form minimum, Hessian and stability limits. */
#include "model/analysis.h"

#include <math.h>

double critical_lr_of(const double j[2][2])
{
	double tr = j[0][0] + j[1][1];
	double det = j[0][0] * j[1][1] - j[0][1] * j[1][0];
	double disc = tr * tr / 4 - det;

	if (disc < 0)   /* mu = tr/2 +- i sqrt(-disc), |mu|^2 = det */
		return tr > 0 ? tr / det : 0;

	/* Real eigenvalues; the larger magnitude first, the other as det/mu1 to
	 * avoid cancellation. Both must be positive for any lr to be stable. */
	double mu1 = tr / 2 + copysign(sqrt(disc), tr);
	double mu2 = mu1 != 0 ? det / mu1 : 0;
	if (!(mu1 > 0 && mu2 > 0))
		return 0;
	return 2 / fmax(mu1, mu2);
}

void analysis_compute(const struct dataset *d, struct analysis *a)
{
	double n = (double)d->n;
	double sx = 0, sy = 0, sxx = 0;

	for (size_t i = 0; i < d->n; i++) {
		sx += d->x[i];
		sy += d->y[i];
		sxx += d->x[i] * d->x[i];
	}
	a->mean_x = sx / n;
	a->mean_xx = sxx / n;
	double my = sy / n;

	/* Centred sums: no cancellation between sum(x^2) and n mean(x)^2. */
	double cxx = 0, cxy = 0;
	for (size_t i = 0; i < d->n; i++) {
		double dx = d->x[i] - a->mean_x;
		cxx += dx * dx;
		cxy += dx * (d->y[i] - my);
	}
	a->w_opt = cxy / cxx;
	a->b_opt = my - a->w_opt * a->mean_x;

	double sse = 0;
	for (size_t i = 0; i < d->n; i++) {
		double r = d->x[i] * a->w_opt + a->b_opt - d->y[i];
		sse += r * r;
	}
	a->loss_opt = sse / n;

	double (*h)[2] = a->hessian;
	h[0][0] = 2 * a->mean_xx;
	h[0][1] = h[1][0] = 2 * a->mean_x;
	h[1][1] = 2;

	/* Symmetric 2x2: lambda = mid +- r. */
	double mid = (h[0][0] + h[1][1]) / 2;
	double r = hypot((h[0][0] - h[1][1]) / 2, h[0][1]);
	a->lambda_max = mid + r;
	/* det H = 4 var(x), from the centred sum rather than h00 h11 - h01^2. */
	a->lambda_min = 4 * (cxx / n) / a->lambda_max;
	a->condition = a->lambda_max / a->lambda_min;

	a->critical_lr[GRADIENT_EXACT] = critical_lr_of(a->hessian);

	/* J = M H with M = [[w*, b*], [0, 1]] (see the header). */
	double j[2][2] = {
		{ a->w_opt * h[0][0] + a->b_opt * h[1][0],
		  a->w_opt * h[0][1] + a->b_opt * h[1][1] },
		{ h[1][0], h[1][1] },
	};
	a->critical_lr[GRADIENT_ARTICLE] = critical_lr_of(j);
}
