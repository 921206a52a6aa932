/* neuron.c - forward, loss, backward and update of one neuron. */
#include "model/neuron.h"

#include <string.h>

void neuron_forward(size_t n, const double *x, double w, double b, double *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = x[i] * w + b;
}

double neuron_loss(size_t n, const double *out, const double *y)
{
	double sum = 0.0;

	for (size_t i = 0; i < n; i++) {
		double d = out[i] - y[i];
		sum += d * d;
	}
	return sum / (double)n;
}

void neuron_backward(size_t n, const double *x, const double *y,
                     const double *out, enum gradient kind, double *dout,
                     double *dw, double *db)
{
	/* dL/dout_i = 2 (out_i - y_i) / n: the 2 and the 1/n both live here. */
	for (size_t i = 0; i < n; i++)
		dout[i] = 2 * (out[i] - y[i]) / (double)n;

	/* Chain rule: dout_i/dw = x_i and dout_i/db = 1. */
	const double *dw_factor = kind == GRADIENT_ARTICLE ? out : x;
	double sum_w = 0.0, sum_b = 0.0;
	for (size_t i = 0; i < n; i++) {
		sum_w += dw_factor[i] * dout[i];
		sum_b += dout[i];
	}
	*dw = sum_w;
	*db = sum_b;
}

/* The article's order: three sums, each left to right from 0.0, each term
 * rounded as in the staged functions (the division stays per term: 2 d / n
 * and d * (2 / n) round differently). */
static double loss_grad_article(size_t n, const double *x, const double *y,
                                double w, double b, double *dw, double *db)
{
	double sum_l = 0.0, sum_w = 0.0, sum_b = 0.0;

	for (size_t i = 0; i < n; i++) {
		double out = x[i] * w + b;
		double d = out - y[i];
		double dout = 2 * d / (double)n;
		sum_l += d * d;
		sum_w += out * dout;
		sum_b += dout;
	}
	*dw = sum_w;
	*db = sum_b;
	return sum_l / (double)n;
}

/* The exact gradient in lanes (neuron.h), once with the vectors the build
 * targets: four doubles with AVX, else two (SSE2 on x86-64, NEON on ARM) ... */
#define LANES_FN loss_grad_exact
#ifdef __AVX__
#define LANES_W 4
#else
#define LANES_W 2
#endif
#define LANES_ATTR
#include "model/neuron_lanes.inc"
#undef LANES_FN
#undef LANES_W
#undef LANES_ATTR

/* ... and, on x86-64 builds without AVX2, once more with AVX2's four doubles
 * per vector, chosen at run time on processors that have it. The lanes, not
 * the vectors, fix the order, so both give the same bits and the choice
 * changes only the speed (tests/test_neuron.c checks the bits against a
 * scalar transcription of the order). The target is "avx2" alone, so no FMA
 * instruction can appear whatever the contraction flags say. */
#if defined(__x86_64__) && !defined(__AVX2__)
#define HAVE_AVX2_CLONE 1
#define LANES_FN loss_grad_exact_avx2
#define LANES_W 4
#define LANES_ATTR __attribute__((target("avx2")))
#include "model/neuron_lanes.inc"
#undef LANES_FN
#undef LANES_W
#undef LANES_ATTR
#endif

double neuron_loss_grad(size_t n, const double *x, const double *y, double w,
                        double b, enum gradient kind, double *dw, double *db)
{
	if (kind == GRADIENT_ARTICLE)
		return loss_grad_article(n, x, y, w, b, dw, db);
#ifdef HAVE_AVX2_CLONE
	if (__builtin_cpu_supports("avx2"))
		return loss_grad_exact_avx2(n, x, y, w, b, dw, db);
#endif
	return loss_grad_exact(n, x, y, w, b, dw, db);
}

const char *gradient_name(enum gradient kind)
{
	return kind == GRADIENT_ARTICLE ? "article" : "exact";
}
