/* chain.c - one sample through forward and backward, node by node. */
#include "model/chain.h"
#include "model/neuron.h"

#include <string.h>

void chain_compute(double x, double y, double w, double b, struct chain *c)
{
	double dout, unused_b;

	memset(c, 0, sizeof *c);
	c->x = x;
	c->y = y;
	c->w = w;
	c->b = b;

	/* Forward: the model's own functions, and between them the same
	 * operations they perform (x[i] * w inside neuron_forward, out - y and
	 * d * d inside neuron_loss). */
	neuron_forward(1, &x, w, b, &c->out);
	c->xw = x * w;
	c->diff = c->out - y;
	c->sq = c->diff * c->diff;
	c->loss = neuron_loss(1, &c->out, &y);

	/* Backward, from the loss to the inputs, one local derivative each. */
	c->g_loss = 1;                          /* dL/dL */
	c->g_sq = c->g_loss / 1.0;              /* L = sq / N, N = 1 */
	c->g_diff = c->g_sq * (2 * c->diff);    /* d(diff^2)/d(diff) = 2 diff */
	neuron_backward(1, &x, &y, &c->out, GRADIENT_EXACT, &dout, &c->g_w, &c->g_b);
	c->g_out = dout;                        /* = g_diff * d(out - y)/d(out) */
	c->g_xw = c->g_out;                     /* d(xw + b)/d(xw) = 1 */
	c->g_x = c->g_xw * w;                   /* d(x w)/dx = w */
	neuron_backward(1, &x, &y, &c->out, GRADIENT_ARTICLE, &dout,
	                &c->dw_article, &unused_b);
}

double example_target(int article_data, const struct analysis *a, double c)
{
	if (article_data)
		return c * 9 / 5 + 32;   /* the article's order, as in data.c */
	return a->w_opt * c + a->b_opt;
}
