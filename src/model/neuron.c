/* neuron.c - forward, loss, backward and update of one neuron. */
#include "model/neuron.h"

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

/* `kind` is a compile-time constant in each call below, so the compiler
 * emits one branch-free loop per gradient. */
static inline __attribute__((always_inline)) double
loss_grad(size_t n, const double *x, const double *y, double w, double b,
          enum gradient kind, double *dw, double *db)
{
	double sum_l = 0.0, sum_w = 0.0, sum_b = 0.0;

	for (size_t i = 0; i < n; i++) {
		double out = x[i] * w + b;
		double d = out - y[i];
		double dout = 2 * d / (double)n;
		sum_l += d * d;
		sum_w += (kind == GRADIENT_ARTICLE ? out : x[i]) * dout;
		sum_b += dout;
	}
	*dw = sum_w;
	*db = sum_b;
	return sum_l / (double)n;
}

double neuron_loss_grad(size_t n, const double *x, const double *y, double w,
                        double b, enum gradient kind, double *dw, double *db)
{
	if (kind == GRADIENT_ARTICLE)
		return loss_grad(n, x, y, w, b, GRADIENT_ARTICLE, dw, db);
	return loss_grad(n, x, y, w, b, GRADIENT_EXACT, dw, db);
}

const char *gradient_name(enum gradient kind)
{
	return kind == GRADIENT_ARTICLE ? "article" : "exact";
}
