/*
 * gradcheck.h - the article's weight gradient against the derivative.
 *
 * The article's text derives dL/dw = sum_i x_i dout_i; its code computes
 * sum_i out_i dout_i = w dL/dw + b dL/db instead (neuron.h). A gradient
 * check tells them apart: at a point (w, b) it sets the exact derivative,
 * the article's formula and a central finite difference of the loss side
 * by side,
 *     dL/dw ~ (L(w + h, b) - L(w - h, b)) / 2h,   h = GRADCHECK_STEP max(1, |w|)
 * (and the same for b). L is quadratic, so the central difference has no
 * truncation error: what separates it from the derivative is rounding,
 * about eps L / h.
 *
 * Far from the data's scale, e.g. at the end of a run that diverged, the
 * loss or a gradient can overflow; the point then says nothing, and
 * `finite` says so rather than leaving an inf or NaN to be found later.
 *
 * gradcheck_point() is pure and cannot fail.
 */
#ifndef NR_GRADCHECK_H
#define NR_GRADCHECK_H

#include "model/data.h"

#define GRADCHECK_STEP 1e-4

struct grad_point {
	const char *name;     /* where the point comes from, e.g. "article start" */
	double w, b;
	double loss;
	double dw_exact;      /* sum_i x_i dout_i = dL/dw */
	double dw_article;    /* sum_i out_i dout_i, the article's code */
	double dw_fd;         /* central difference of L in w, step hw */
	double db, db_fd;     /* dL/db (both formulas agree) and its difference */
	double hw, hb;        /* the finite-difference steps */
	int finite;           /* 1 when every number above is finite, 0 when
	                         some overflowed (the values are then no check) */
};

/* Fills `g` at (w, b) on the data set `d`; g->name is left alone. */
void gradcheck_point(const struct dataset *d, double w, double b,
                     struct grad_point *g);

#endif
