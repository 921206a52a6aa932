/*
 * chain.h - the chain rule on one sample, node by node: the worked example
 * of the report and its computational graph (graph.gp).
 *
 * Both functions are pure and cannot fail.
 */
#ifndef NR_CHAIN_H
#define NR_CHAIN_H

#include "model/analysis.h"

/*
 * One sample through L = (x*w + b - y)^2 / N with N = 1. Forward values,
 * then g_<node> = dL/d<node>: the gradient the backward pass sends along the
 * edge leaving that node.
 */
struct chain {
	double x, y, w, b;                 /* the sample and the parameters */
	double xw, out, diff, sq, loss;    /* x*w, x*w + b, out - y, diff^2, sq/N */
	double g_loss, g_sq, g_diff, g_out; /* 1, 1/N, 2 diff / N, g_diff * 1 */
	double g_xw, g_b, g_w, g_x;        /* g_out, g_out, g_out * x, g_out * w */
	double dw_article;                 /* out * g_out: the article's code */
};

/*
 * Fills `c` from the model code: out and loss from neuron_forward and
 * neuron_loss, g_out, g_w and g_b from neuron_backward (exact gradient) on
 * the one-sample data set {(x, y)}; the intermediate nodes repeat the same
 * floating-point operations those functions perform.
 */
void chain_compute(double x, double y, double w, double b, struct chain *c);

/*
 * The target of the worked example at input `c`: the article's formula
 * c * 9 / 5 + 32 (in that order) when the data are the article's
 * (`article_data`; noise only blurs the samples, not the formula), otherwise
 * the closed-form least-squares line of the data, w* c + b*.
 */
double example_target(int article_data, const struct analysis *a, double c);

#endif
