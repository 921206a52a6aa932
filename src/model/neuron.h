/*
 * neuron.h - the single neuron y = w*x + b and its training step.
 *
 * Legend (used throughout the program):
 *   n       number of samples          x, y    inputs and targets (n each)
 *   w, b    weight and bias            out     the neuron's outputs (n)
 *   L       mean squared error         dout    dL/dout_i (n)
 *   dw, db  dL/dw and dL/db            lr      learning rate
 *
 * These are pure functions: no I/O, no allocation, no way to fail. Callers own
 * every array. Sums run left to right from 0.0 in sample order and squares
 * are d*d, exactly as the article's Python does, so that with the article's
 * gradient the program reproduces its published numbers to the last bit (the
 * build uses -ffp-contract=off so no multiply-add gets fused).
 */
#ifndef NR_NEURON_H
#define NR_NEURON_H

#include <stddef.h>

enum gradient {
	GRADIENT_EXACT,    /* dw = sum_i x_i * dout_i: the derivative of L */
	GRADIENT_ARTICLE   /* dw = sum_i out_i * dout_i: the article's code */
};

/* out_i = x_i * w + b */
void neuron_forward(size_t n, const double *x, double w, double b, double *out);

/* L = (sum_i (out_i - y_i)^2) / n */
double neuron_loss(size_t n, const double *out, const double *y);

/*
 * dout_i = 2 * (out_i - y_i) / n, db = sum_i dout_i, and dw as `kind` says.
 * The article's dw equals w*dL/dw + b*dL/db: it vanishes at the optimum but is
 * not the derivative of L.
 */
void neuron_backward(size_t n, const double *x, const double *y,
                     const double *out, enum gradient kind, double *dout,
                     double *dw, double *db);

/*
 * The three stages above in one pass: returns L and sets dw, db exactly as
 * neuron_forward + neuron_loss + neuron_backward would, bit for bit (each sum
 * sees the same terms in the same order). Training uses this one: the three
 * sums are independent chains of dependent additions, and one pass lets the
 * processor run them side by side instead of one after another (1.7x faster).
 */
double neuron_loss_grad(size_t n, const double *x, const double *y, double w,
                        double b, enum gradient kind, double *dw, double *db);

/* w -= lr * dw; b -= lr * db (both from the same, pre-update gradients).
 * Inline: the training loop then keeps w and b in registers from the update
 * to the next pass instead of storing and reloading them. */
static inline void neuron_update(double *w, double *b, double dw, double db,
                                 double lr)
{
	*w -= lr * dw;
	*b -= lr * db;
}

/* "exact" or "article". */
const char *gradient_name(enum gradient kind);

#endif
