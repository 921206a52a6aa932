/*
 * optim.h - the optimizers: how the gradient of one step becomes the update.
 *
 * Legend (beside neuron.h's): p is one parameter (w or b) and g its
 * gradient, as the update receives it; lr the step size (--lr); t the
 * number of this update, 1, 2, ...; beta the momentum; beta1, beta2 and
 * eps Adam's decay rates and guard. Every optimizer treats w and b alike,
 * each with its own state (v, m), all 0 before the first update:
 *
 *   gd        p <- p - lr g                        neuron_update, bit for bit
 *
 *   momentum  v <- beta v - lr g                   Polyak's heavy ball (1964)
 *             p <- p + v
 *
 *   nesterov  v <- beta v - lr g                   Nesterov (1983), in the
 *             p <- p + beta v - lr g               look-ahead form below
 *
 *   adam      m <- beta1 m + (1 - beta1) g         Kingma and Ba (2015),
 *             v <- beta2 v + (1 - beta2) g^2       Algorithm 1
 *             p <- p - lr (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
 *             (beta1^t and beta2^t kept as running products, one
 *             multiplication per update instead of a pow())
 *
 * Nesterov's method is usually written with the gradient taken ahead of
 * the parameter q it updates (Sutskever et al. 2013):
 *     v <- beta v - lr g(q + beta v),   q <- q + v.
 * The form above keeps the look-ahead point p = q + beta v instead, so the
 * gradient is the one at the state itself, as for every other optimizer,
 * and the training loop stays forward, backward, update. With v' and q'
 * the new values: p' = q' + beta v' = (p - beta v) + v' + beta v', and
 * v' - beta v = -lr g(p), so p' = p + beta v' - lr g(p). The same
 * iterates, shifted by beta v (which vanishes at the minimum);
 * tests/test_optim.c runs the two forms side by side.
 *
 * With beta = 0 both momentum forms are plain gradient descent bit for
 * bit: 0 v - lr g is -(lr g) exactly, and p + -(lr g) is p - lr g.
 *
 * Everything here is pure: no I/O, no allocation, no way to fail. The
 * caller owns every struct.
 */
#ifndef NR_OPTIM_H
#define NR_OPTIM_H

#include <math.h>

#include "model/neuron.h"

enum optimizer { OPTIM_GD, OPTIM_MOMENTUM, OPTIM_NESTEROV, OPTIM_ADAM };

#define OPTIMIZERS 4

#define DEFAULT_MOMENTUM 0.9
#define DEFAULT_BETA1 0.9
#define DEFAULT_BETA2 0.999
#define DEFAULT_EPSILON 1e-8

/* The optimizer and its settings. A zeroed struct is plain gradient
 * descent; optim_params_default() gives every setting its default. */
struct optim_params {
	enum optimizer kind;
	double momentum;            /* beta: momentum, nesterov */
	double beta1, beta2;        /* adam: decay of m and v, in [0, 1) */
	double epsilon;             /* adam: keeps the step finite at g = 0 */
};

/* What the optimizer carries from one update to the next (gd carries
 * nothing). It starts as OPTIM_STATE_START. */
struct optim_state {
	double mw, mb;              /* adam: first moments m (0 at first) */
	double vw, vb;              /* momentum, nesterov: velocity v;
	                               adam: second moments v (0 at first) */
	double beta1_t, beta2_t;    /* adam: beta1^t and beta2^t after t
	                               updates (1 at first) */
};

#define OPTIM_STATE_START ((struct optim_state){ .beta1_t = 1, .beta2_t = 1 })

/* Gradient descent with the defaults of the other optimizers' settings. */
struct optim_params optim_params_default(void);

/* "gd", "momentum", "nesterov" or "adam". */
const char *optimizer_name(enum optimizer kind);

/* The optimizer called `name`: returns 0 and sets *kind, or -1. */
int optimizer_from_name(const char *name, enum optimizer *kind);

/* v <- beta v - lr g; p <- p + v */
static inline void momentum_step(double *p, double *v, double g, double lr,
                                 double beta)
{
	*v = beta * *v - lr * g;
	*p += *v;
}

/* v <- beta v - lr g; p <- p + beta v - lr g (at the look-ahead point) */
static inline void nesterov_step(double *p, double *v, double g, double lr,
                                 double beta)
{
	double step = lr * g;

	*v = beta * *v - step;
	*p += beta * *v - step;
}

/* m <- beta1 m + (1 - beta1) g; v <- beta2 v + (1 - beta2) g^2;
 * p <- p - lr mhat / (sqrt(vhat) + eps), with mhat = m / c1 and
 * vhat = v / c2, c1 = 1 - beta1^t and c2 = 1 - beta2^t (the bias
 * correction: m and v start at 0, so early on they are too small by
 * these factors). */
static inline void adam_step(double *p, double *m, double *v, double g,
                             double lr, const struct optim_params *o,
                             double c1, double c2)
{
	*m = o->beta1 * *m + (1 - o->beta1) * g;
	*v = o->beta2 * *v + (1 - o->beta2) * (g * g);
	double mhat = *m / c1, vhat = *v / c2;
	*p -= lr * mhat / (sqrt(vhat) + o->epsilon);
}

/*
 * The next update of (w, b) with the gradient (dw, db) and step lr, as
 * `o` says; `s` carries the optimizer's state across updates, from
 * OPTIM_STATE_START. Inline, like neuron_update: the kind does not change
 * during a run, so the branch costs nothing.
 */
static inline void optim_step(const struct optim_params *o, double lr,
                              struct optim_state *s, double dw, double db,
                              double *w, double *b)
{
	switch (o->kind) {
	case OPTIM_GD:
		neuron_update(w, b, dw, db, lr);
		break;
	case OPTIM_MOMENTUM:
		momentum_step(w, &s->vw, dw, lr, o->momentum);
		momentum_step(b, &s->vb, db, lr, o->momentum);
		break;
	case OPTIM_NESTEROV:
		nesterov_step(w, &s->vw, dw, lr, o->momentum);
		nesterov_step(b, &s->vb, db, lr, o->momentum);
		break;
	case OPTIM_ADAM:
		s->beta1_t *= o->beta1;
		s->beta2_t *= o->beta2;
		adam_step(w, &s->mw, &s->vw, dw, lr, o, 1 - s->beta1_t, 1 - s->beta2_t);
		adam_step(b, &s->mb, &s->vb, db, lr, o, 1 - s->beta1_t, 1 - s->beta2_t);
		break;
	}
}

#endif
