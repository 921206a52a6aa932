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
 * every array. The staged functions (forward, loss, backward) sum left to
 * right from 0.0 in sample order and square as d*d, exactly as the article's
 * Python does, so that with the article's gradient the program reproduces
 * its published numbers to the last bit (the build uses -ffp-contract=off so
 * no multiply-add gets fused). neuron_loss_grad() keeps that order for the
 * article's gradient and sums the exact gradient in lanes (see there).
 */
#ifndef NR_NEURON_H
#define NR_NEURON_H

#include <stddef.h>

/* Partial sums ("lanes") of the exact gradient's pass (neuron_loss_grad). */
#define NEURON_LANES 8

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
 * The three stages above in one pass over x and y: returns L and sets dw and
 * db. Training uses this one. Both gradients use the staged functions' terms,
 * rounded the same way: d_i = (x_i * w + b) - y_i. They differ in how they
 * add them up.
 *
 * GRADIENT_ARTICLE: bit for bit what neuron_forward + neuron_loss +
 * neuron_backward give, each sum left to right from 0.0 over the terms
 * d_i * d_i, out_i * (2 * d_i / n) and 2 * d_i / n. The article's numbers
 * depend on that order, and it sets the speed: each sum is one chain of
 * dependent additions, one addition's latency per sample.
 *
 * GRADIENT_EXACT: the sums S_l = sum d_i^2, S_w = sum x_i * d_i and
 * S_d = sum d_i in this fixed order, with K = NEURON_LANES = 8:
 *   1. the first m = n - n mod K samples in K lanes: lane j sums the terms of
 *      samples j, j + K, j + 2K, ... below m, in that order, from 0.0;
 *   2. the lanes folded in halves, s_j += s_(j+4) for j < 4, then
 *      s_j += s_(j+2) for j < 2, then s_0 += s_1; that is
 *      ((s_0 + s_4) + (s_2 + s_6)) + ((s_1 + s_5) + (s_3 + s_7));
 *   3. the last n mod K samples summed left to right from 0.0 into t, and
 *      the sum is s_0 + t.
 * Then L = S_l / n, dw = S_w * (2/n) and db = S_d * (2/n), with 2/n rounded
 * once (n divisions 2 * d_i / n become one multiplication per sum).
 * The order depends on n alone: not on the processor, the vector width the
 * compiler picks, or the alignment of x and y, so every run and every
 * conforming build gives the same bits. The lanes are independent chains
 * that vector instructions add side by side (8 lanes: two AVX2 vectors or
 * four SSE2 vectors per sum, enough chains to hide the addition latency).
 * Against the staged, sequential sums each result differs by at most about
 * (2n + 3) * 2^-53 times the sum of its terms' magnitudes (tests/test_neuron.c
 * derives the bound): within ARTICLE.md's 1e-12 for n up to 4000, and for
 * larger n both orders stray from the true sum at that same rate.
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
