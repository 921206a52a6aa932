/* analysis.c - closed-form minimum, Hessian and stability limits. */
#include "model/analysis.h"
#include "model/optim.h"

#include <math.h>

/* -1, 0 or 1. */
static int sign(double v)
{
	return (v > 0) - (v < 0);
}

/*
 * The sign of a d - b c, exact for any finite entries. Each product is
 * taken as a mantissa product in [1/4, 1) times a power of two, so nothing
 * overflows or underflows. Products more than a factor 2 apart in their
 * powers of two are ordered by those alone; closer ones are subtracted
 * with Kahan's fma algorithm, whose relative error is at most 2 ulp
 * (Jeannerod, Louvet and Muller, Math. Comp. 82, 2013), so that its sign
 * is the true one and it is 0 only when the determinant is.
 */
static int det_sign(double a, double b, double c, double d)
{
	int sad = sign(a) * sign(d), sbc = sign(b) * sign(c);

	if (sad == 0 || sbc == 0 || sad != sbc)
		return sad != 0 ? sad : -sbc;
	int ea, eb, ec, ed;
	double fa = frexp(fabs(a), &ea), fb = frexp(fabs(b), &eb);
	double fc = frexp(fabs(c), &ec), fd = frexp(fabs(d), &ed);
	int e1 = ea + ed, e2 = eb + ec;
	if (e1 - e2 >= 3)   /* |ad| >= 2^(e1-2) >= 2^(e2+1) > |bc| */
		return sad;
	if (e2 - e1 >= 3)
		return -sad;
	double u = ldexp(fb, e2 - e1);   /* exact: fb in [1/2, 1), |e2 - e1| <= 2 */
	double w = u * fc;
	double err = fma(-u, fc, w);     /* w - u fc, exactly */
	double m = fma(fa, fd, -w) + err;   /* (|ad| - |bc|) / 2^e1 */
	return sad * sign(m);
}

/*
 * The eigenvalues of J = [[a, b], [c, d]] are mu = q +- sqrt(p^2 + b c)
 * with q = (a + d)/2 and p = (a - d)/2. No square or product of two
 * entries is ever formed, so for entries from 1e-300 to 1e300 nothing
 * overflows or underflows unless the result does: halves are taken before
 * sums, |b c| is g^2 with g = sqrt|b| sqrt|c|, p^2 - g^2 is
 * (|p| - g)(|p| + g) with a square root of each factor, p^2 + g^2 and
 * q^2 + s^2 go through hypot, and only the sign of the determinant is
 * needed. p^2 + b c rather than q^2 - det keeps close eigenvalues of a
 * symmetric J accurate (no cancellation).
 */
double critical_lr_of(const double j[2][2])
{
	double a = j[0][0], b = j[0][1], c = j[1][0], d = j[1][1];

	if (!(isfinite(a) && isfinite(b) && isfinite(c) && isfinite(d)))
		return NAN;
	double q = 0.5 * a + 0.5 * d, p = fabs(0.5 * a - 0.5 * d);
	double g = sqrt(fabs(b)) * sqrt(fabs(c));
	int bc_negative = sign(b) * sign(c) < 0;

	if (bc_negative && p < g) {
		/* mu = q +- i s with s^2 = g^2 - p^2, |mu|^2 = q^2 + s^2:
		 * 2 Re(mu) / |mu|^2 = 2 q / |mu|^2, for both. */
		if (!(q > 0))
			return 0;
		double mod = hypot(q, sqrt(g - p) * sqrt(g + p));
		return 2 * (q / mod) / mod;
	}

	/* Real eigenvalues: mu1 = q + sign(q) r has the larger magnitude and
	 * mu2 = det / mu1. Both are positive iff q > 0 and det > 0; the limit
	 * is then 2 / mu1. */
	if (!(q > 0) || det_sign(a, b, c, d) <= 0)
		return 0;
	double r = bc_negative ? sqrt(p - g) * sqrt(p + g) : hypot(p, g);
	return 2 / (q + r);
}

void analysis_compute(const struct dataset *d, struct analysis *a)
{
	double n = (double)d->n;
	double sx = 0, sy = 0, sxx = 0;

	a->n = d->n;
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

	a->gd = tune_gd(a->lambda_min, a->lambda_max);
	a->momentum = tune_momentum(a->lambda_min, a->lambda_max);
	a->nesterov = tune_nesterov(a->lambda_min, a->lambda_max);
}

/* ---- beyond plain gradient descent (analysis.h, docs/math.md section 9) -- */

struct tuning tune_gd(double lmin, double lmax)
{
	/* |1 - lr lmin| = |1 - lr lmax|: both directions shrink alike. */
	return (struct tuning){ 2 / (lmin + lmax), 0, (lmax - lmin) / (lmax + lmin) };
}

struct tuning tune_momentum(double lmin, double lmax)
{
	double smax = sqrt(lmax), smin = sqrt(lmin), sum = smax + smin;
	double rate = (smax - smin) / sum;

	return (struct tuning){ 4 / (sum * sum), rate * rate, rate };
}

struct tuning tune_nesterov(double lmin, double lmax)
{
	double s = sqrt(3 * (lmax / lmin) + 1);

	return (struct tuning){ 4 / (3 * lmax + lmin), (s - 2) / (s + 2), 1 - 2 / s };
}

double momentum_critical_lr(double lmax, double beta)
{
	return 2 * (1 + beta) / lmax;
}

double nesterov_critical_lr(double lmax, double beta)
{
	return 2 * (1 + beta) / ((1 + 2 * beta) * lmax);
}

void hessian_eigenvector(const struct analysis *a, int i, double u[2])
{
	const double (*h)[2] = a->hessian;
	double l = i ? a->lambda_max : a->lambda_min, u0, u1;

	/* (H - l I) u = 0, so u is orthogonal to each row of H - l I; the
	 * row whose diagonal entry is larger in size cannot vanish. */
	if (fabs(l - h[1][1]) >= fabs(l - h[0][0]))
		u0 = l - h[1][1], u1 = h[0][1];
	else
		u0 = h[0][1], u1 = l - h[0][0];
	double norm = hypot(u0, u1);
	u[0] = u0 / norm;
	u[1] = u1 / norm;
}

void heavy_ball_quadratic(const struct analysis *a, double w0, double b0, double lr,
                          double beta, double target, long long cap,
                          double divergence_factor, struct ball_run *out)
{
	const double (*h)[2] = a->hessian;
	double u[2][2], ew = w0 - a->w_opt, eb = b0 - a->b_opt, vw = 0, vb = 0, limit = 0;
	long long k;

	hessian_eigenvector(a, 0, u[0]);
	hessian_eigenvector(a, 1, u[1]);
	out->last_above = -1;
	out->diverged = 0;
	for (k = 0;; k++) {
		/* Along the eigenvectors the excess is a sum of two squares:
		 * no cancellation, however narrow the valley. */
		double c0 = u[0][0] * ew + u[0][1] * eb, c1 = u[1][0] * ew + u[1][1] * eb;
		double loss = a->loss_opt + (a->lambda_min * c0 * c0 + a->lambda_max * c1 * c1) / 2;
		double gw = h[0][0] * ew + h[0][1] * eb, gb = h[1][0] * ew + h[1][1] * eb;
		if (k == 0)
			limit = divergence_factor * loss;
		if (!(loss <= target))
			out->last_above = k;
		if (!(loss <= limit && isfinite(loss) && isfinite(gw) && isfinite(gb))) {
			out->diverged = 1;
			break;
		}
		if (k == cap)
			break;
		momentum_step(&ew, &vw, gw, lr, beta);
		momentum_step(&eb, &vb, gb, lr, beta);
	}
	out->k = k;
}

/* The lanes in vectors pay only with four doubles an instruction (AVX2):
 * with two (SSE2) they took 0.058 s for the default report's map against
 * 0.041 s for one run after another, with four 0.015 s. So the vector
 * version is built for AVX2, chosen at run time on x86-64 builds without
 * it; elsewhere the runs go one after another. Either way the same bits:
 * no instruction fuses a multiplication and an addition (the target is
 * "avx2" alone, and the build contracts none). */
#if defined(__AVX2__) || defined(__x86_64__)
#define HAVE_BALL_VECTORS 1
#ifdef __AVX2__
#define BALL_ATTR
#else
#define BALL_ATTR __attribute__((target("avx2")))
#endif
BALL_ATTR static void
ball_vectors(const struct analysis *a, double w0, double b0, const double lr[BALL_LANES],
             const double beta[BALL_LANES], double target, long long cap,
             double divergence_factor, struct ball_run out[BALL_LANES])
{
	/* BALL_LANES doubles side by side (the GCC/Clang vector extension):
	 * each lane rounds as a double does; a comparison gives -1 or 0. */
	typedef double vec __attribute__((vector_size(BALL_LANES * sizeof(double))));
	typedef long long mask __attribute__((vector_size(BALL_LANES * sizeof(long long))));
	const double (*h)[2] = a->hessian;
	double u[2][2], e0 = w0 - a->w_opt, e1 = b0 - a->b_opt;
	vec ew, eb, step, momentum, vw = { 0 }, vb = { 0 }, limit = { 0 }, below, zero = { 0 };
	mask running, last, all, nought = { 0 };

	hessian_eigenvector(a, 0, u[0]);
	hessian_eigenvector(a, 1, u[1]);
	for (int l = 0; l < BALL_LANES; l++) {
		ew[l] = e0;
		eb[l] = e1;
		step[l] = lr[l];
		momentum[l] = beta[l];
		below[l] = target;
		running[l] = all[l] = -1;
		last[l] = -1;
		out[l].diverged = 0;
	}
	for (long long k = 0;; k++) {
		/* heavy_ball_quadratic's expressions, a lane each. */
		vec c0 = u[0][0] * ew + u[0][1] * eb, c1 = u[1][0] * ew + u[1][1] * eb;
		vec loss = a->loss_opt + (a->lambda_min * c0 * c0 + a->lambda_max * c1 * c1) / 2;
		vec gw = h[0][0] * ew + h[0][1] * eb, gb = h[1][0] * ew + h[1][1] * eb;
		if (k == 0)
			limit = divergence_factor * loss;
		mask above = ~(loss <= below) & running;
		last = (last & ~above) | ((nought + k) & above);
		/* x - x is 0 exactly when x is finite. */
		mask fine = (loss <= limit) & (loss - loss == zero) & (gw - gw == zero) &
		            (gb - gb == zero);
		mask ends = running & (k == cap ? all : ~fine);
		long long any = 0, left = 0;
		for (int l = 0; l < BALL_LANES; l++)
			any |= ends[l];
		if (any) {
			for (int l = 0; l < BALL_LANES; l++) {
				if (ends[l]) {
					out[l].k = k;
					out[l].diverged = !fine[l];
				}
				left |= running[l] &= ~ends[l];
			}
			if (!left)
				break;
		}
		vw = momentum * vw - step * gw;
		ew += vw;
		vb = momentum * vb - step * gb;
		eb += vb;
	}
	for (int l = 0; l < BALL_LANES; l++)
		out[l].last_above = last[l];
}
#endif

void heavy_ball_quadratic_lanes(const struct analysis *a, double w0, double b0,
                                const double lr[BALL_LANES], const double beta[BALL_LANES],
                                double target, long long cap, double divergence_factor,
                                struct ball_run out[BALL_LANES])
{
#ifdef HAVE_BALL_VECTORS
#ifndef __AVX2__
	if (__builtin_cpu_supports("avx2"))
#endif
	{
		ball_vectors(a, w0, b0, lr, beta, target, cap, divergence_factor, out);
		return;
	}
#endif
	for (int l = 0; l < BALL_LANES; l++)
		heavy_ball_quadratic(a, w0, b0, lr[l], beta[l], target, cap, divergence_factor, &out[l]);
}

/* Beyond this many steps a count is "never" (-1). */
#define ITERS_NEVER 0x1p62

long long iters_to_reduce(double rate, double reduction)
{
	if (reduction >= 1)
		return 0;
	if (!(rate >= 0 && rate < 1))
		return -1;
	if (rate == 0)
		return 1;
	double k = ceil(log(reduction) / (2 * log(rate)));
	return k < ITERS_NEVER ? (long long)k : -1;
}

/* The heavy ball's excess loss after k steps over the initial one, from
 * the initial parts e[i] along its two directions (momentum_iters_from). */
static double momentum_excess(const double e[2], const double slope[2],
                              double beta, double k)
{
	double decay = pow(beta, k);   /* rho^(2k) = beta^k */
	double f0 = 1 + k * slope[0], f1 = 1 + k * slope[1];

	return (e[0] * f0 * f0 + e[1] * f1 * f1) * decay / (e[0] + e[1]);
}

long long momentum_iters_from(const struct analysis *a, double w0, double b0,
                              double reduction)
{
	double rate = a->momentum.rate, beta = a->momentum.beta;
	double ew = w0 - a->w_opt, eb = b0 - a->b_opt;
	double e[2];

	if (ew == 0 && eb == 0)
		return 0;
	if (reduction >= 1)
		return 0;
	if (rate == 0)   /* lambda_min = lambda_max: one step lands on it */
		return 1;
	/* e[i] = lambda_i (u_i . error)^2 / 2. */
	for (int i = 0; i < 2; i++) {
		double u[2];
		hessian_eigenvector(a, i, u);
		double c = u[0] * ew + u[1] * eb;
		e[i] = (i ? a->lambda_max : a->lambda_min) * c * c / 2;
	}
	/* 1 - rho: rho = +sqrt(beta) = rate along lambda_min, -rate along
	 * lambda_max. */
	const double slope[2] = { 1 - rate, 1 + rate };

	/* Each direction's factor (1 + k s) rate^k falls from k0 = 1 / -ln(rate)
	 * on, so the excess does too. Before k0 the excess exceeds
	 * rate^(2 k0) = beta^k0 (which is at least e^-2 beta): a smaller
	 * reduction is reached only after k0, and a larger one is looked for
	 * step by step (k0 is then small: beta <= e^2 reduction). */
	double k0 = ceil(-1 / log(rate));
	if (k0 >= ITERS_NEVER)
		return -1;
	if (reduction >= pow(beta, k0))
		for (double k = 1; k < k0; k++)
			if (momentum_excess(e, slope, beta, k) <= reduction)
				return (long long)k;
	/* From k0: double until reached, then bisect, f(lo) > reduction >= f(hi). */
	double lo = k0 - 1, hi = k0;
	while (momentum_excess(e, slope, beta, hi) > reduction) {
		lo = hi;
		hi = 2 * hi + 1;
		if (hi >= ITERS_NEVER)
			return -1;
	}
	while (hi - lo > 1) {
		double mid = floor((lo + hi) / 2);
		if (momentum_excess(e, slope, beta, mid) <= reduction)
			hi = mid;
		else
			lo = mid;
	}
	return (long long)hi;
}
