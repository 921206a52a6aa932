/* gradcheck.c - exact, article and finite-difference weight gradients. */
#include "model/gradcheck.h"
#include "model/neuron.h"

#include <math.h>

/* L(w, b) as training computes it: the exact gradient's pass, whose loss is
 * summed in lanes with fused multiply-adds, within neuron.h's bound of
 * forward + loss. */
static double loss_at(const struct dataset *d, double w, double b)
{
	double dw, db;
	return neuron_loss_grad(d->n, d->x, d->y, w, b, GRADIENT_EXACT, &dw, &db);
}

void gradcheck_point(const struct dataset *d, double w, double b,
                     struct grad_point *g)
{
	double db_article;

	g->w = w;
	g->b = b;
	g->loss = neuron_loss_grad(d->n, d->x, d->y, w, b, GRADIENT_EXACT,
	                           &g->dw_exact, &g->db);
	neuron_loss_grad(d->n, d->x, d->y, w, b, GRADIENT_ARTICLE, &g->dw_article,
	                 &db_article);

	/* Steps relative to the parameter's size; dividing by the distance
	 * actually stepped, (w + h) - (w - h), removes the rounding of w +- h. */
	g->hw = GRADCHECK_STEP * fmax(1, fabs(w));
	g->hb = GRADCHECK_STEP * fmax(1, fabs(b));
	double wp = w + g->hw, wm = w - g->hw, bp = b + g->hb, bm = b - g->hb;
	g->dw_fd = (loss_at(d, wp, b) - loss_at(d, wm, b)) / (wp - wm);
	g->db_fd = (loss_at(d, w, bp) - loss_at(d, w, bm)) / (bp - bm);

	const double all[] = { w, b, g->loss, g->dw_exact, g->dw_article, g->dw_fd, g->db,
	                       g->db_fd, g->hw, g->hb };
	g->finite = 1;
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		g->finite &= isfinite(all[i]) != 0;
}
