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
 * the compiler fuses no multiply-add of its own). neuron_grad() keeps that
 * order for the article's gradient and sums the exact gradient in lanes,
 * fusing multiply-adds where the build says so (see there).
 */
#ifndef NR_NEURON_H
#define NR_NEURON_H

#include <math.h>
#include <stddef.h>

/* Partial sums ("lanes") of the exact gradient's pass (neuron_grad). */
#define NEURON_LANES 16

/* Whether the exact gradient's multiply-adds are fused (see neuron_grad):
 * the build's choice, made in the Makefile. */
#ifndef NEURON_FMA
#define NEURON_FMA 0
#endif

/* a * b + c as the exact gradient's order takes it: rounded once (C's
 * fma()) in a fused build, else the product and then the sum. */
static inline double neuron_madd(double a, double b, double c)
{
#if NEURON_FMA
	return fma(a, b, c);
#else
	return a * b + c;
#endif
}

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

/* The gradient: dL/dw and dL/db (two doubles come back in registers). */
struct neuron_grad {
	double dw, db;
};

/*
 * The three stages above in one pass over x and y: sets *loss to L and
 * returns dw and db. Training uses this one.
 *
 * GRADIENT_ARTICLE: bit for bit what neuron_forward + neuron_loss +
 * neuron_backward give, each sum left to right from 0.0 over the terms
 * d_i * d_i, out_i * (2 * d_i / n) and 2 * d_i / n, with d_i = (x_i * w +
 * b) - y_i. The article's numbers depend on that order, and it sets the
 * speed: each sum is one chain of dependent additions, one addition's
 * latency per sample.
 *
 * GRADIENT_EXACT: the sums S_l = sum d_i^2, S_w = sum x_i d_i and
 * S_d = sum d_i in this fixed order, with K = NEURON_LANES = 16 and
 * madd(a, b, c) = a * b + c as neuron_madd() rounds it: once in a fused
 * build (NEURON_FMA, the Makefile's default where the building machine has
 * FMA instructions), else twice, the product and then the sum:
 *   1. d_i = madd(x_i, w, b) - y_i;
 *   2. lane j, from 0.0, takes the samples j, j + K, j + 2K, ... below n
 *      in that order: l_j = madd(d_i, d_i, l_j), m_j = madd(x_i, d_i, m_j)
 *      and s_j = s_j + d_i;
 *   3. each sum's lanes folded in halves: s_j += s_(j+8) for j < 8, then
 *      s_j += s_(j+4) for j < 4, s_j += s_(j+2) for j < 2, s_0 += s_1.
 * Then L = S_l / n, dw = S_w * (2/n) and db = S_d * (2/n), with 2/n rounded
 * once (n divisions 2 * d_i / n become one multiplication per sum).
 * The order depends on n and the build alone: not on the processor, the
 * vector width, whether a fused multiply-add is one instruction or glibc's
 * software, or the alignment of x and y, so every run of a build on every
 * machine gives the same bits (a fused build on a processor without FMA
 * instructions is slow, though). The lanes are independent chains that
 * vector instructions take side by side: two AVX-512 vectors per sum, or
 * four of AVX2. Against the staged, sequential sums each result differs by
 * at most about (2n + 7) * 2^-53 times the size of its terms and of x_i * w
 * and x_i * w + b (tests/test_neuron.c derives the bound): within
 * ARTICLE.md's 1e-12 for n up to 4000, and for larger n both orders stray
 * from the true sum at that same rate.
 */
struct neuron_grad neuron_grad(size_t n, const double *x, const double *y,
                               double w, double b, enum gradient kind,
                               double *loss);

/* neuron_grad() for callers that take everything through pointers: returns
 * L and sets dw and db. */
static inline double neuron_loss_grad(size_t n, const double *x, const double *y,
                                      double w, double b, enum gradient kind,
                                      double *dw, double *db)
{
	double loss;
	struct neuron_grad g = neuron_grad(n, x, y, w, b, kind, &loss);

	*dw = g.dw;
	*db = g.db;
	return loss;
}

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

/* A state of gradient descent: the parameters, the loss there, and the
 * gradient the next update takes. */
struct neuron_state {
	double w, b, loss, dw, db;
};

/* Whether a descent goes on past state s: its loss and gradient are finite
 * and low < loss <= high (NaN never is). */
static inline int neuron_state_goes_on(const struct neuron_state *s, double low,
                                       double high)
{
	return s->loss <= high && s->loss > low && isfinite(s->loss) &&
	       isfinite(s->dw) && isfinite(s->db);
}

/*
 * Gradient descent on all n samples from (*w, *b), state after state: state
 * k (after k updates) goes to out[k], until `steps` states are written or
 * one does not go on (neuron_state_goes_on: it blew up, or got to `low`);
 * returns how many were written, and *w, *b become the parameters after one
 * more update than that. Bit for bit neuron_grad() and neuron_update() in
 * turn, and faster: the pass is inlined, so w and b stay in registers from
 * one pass to the next (train.c's plain full-batch runs use it).
 */
size_t neuron_descend(size_t n, const double *x, const double *y,
                      enum gradient kind, double lr, double low, double high,
                      double *w, double *b, size_t steps,
                      struct neuron_state *out);

/* The exact pass's implementations in this build, best first, with the test
 * that the processor can run one (NULL: any processor). neuron_grad()
 * takes the first it can; all give the same bits (tests/test_neuron.c). */
struct neuron_pass {
	const char *name;
	int (*usable)(void);
	struct neuron_grad (*fn)(size_t n, const double *x, const double *y,
	                         double w, double b, double *loss);
	size_t (*descend)(size_t n, const double *x, const double *y, double lr,
	                  double low, double high, double *w, double *b, size_t steps,
	                  struct neuron_state *out);
};
size_t neuron_exact_passes(const struct neuron_pass **passes);

/* The name of the pass neuron_grad() takes on this processor. */
const char *neuron_exact_pass(void);

#endif
