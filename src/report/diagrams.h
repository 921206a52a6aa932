/*
 * diagrams.h - the article's explanatory diagrams, filled with this run's
 * numbers: the network structure, the computational graph of one sample
 * and the first gradient-descent steps worked out by hand.
 *
 * The report section writes, into the output directory:
 *   chain.csv          key,value,rule: every node and every gradient of the
 *                      graph of one sample (N = 1), values "%.17g"; graph.gp
 *                      draws graph.<ext> from it, so what the figure shows is
 *                      exactly what this file holds;
 *   steps.csv          iteration,loss,weight,bias,dweight,dbias,lr_dweight,
 *                      lr_dbias,new_weight,new_bias: the first STEPS_SHOWN
 *                      updates of the main run, read back from its trace.csv;
 * keeps both in the report (r->chain, r->steps) for the document, and adds network.<ext> (network.gp, from trace.csv: its first and last
 * rows are the initial and final w, b) and graph.<ext> to the figures.
 *
 * chain_compute() and example_target() are pure and cannot fail.
 */
#ifndef NR_DIAGRAMS_H
#define NR_DIAGRAMS_H

#include <stddef.h>

#include "model/analysis.h"
#include "app/cli.h"

struct report;

#define STEPS_SHOWN 3

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
 * c * 9 / 5 + 32 (in that order) when the data are the article's (no
 * --data; --noise only blurs the samples, not the formula), otherwise the
 * closed-form least-squares line of the data, w* c + b*.
 */
double example_target(const struct options *o, const struct analysis *a, double c);

/* One update: state k of the run and the step it takes. */
struct step {
	long long k;
	double loss, w, b, dw, db;   /* state k, as trace.csv holds it */
	double lr_dw, lr_db;         /* the descent steps lr*dw, lr*db */
	double new_w, new_b;         /* state k+1, as trace.csv holds it */
};

/*
 * Reads the first `max` updates back from trace.csv: rows 0, 1, ... as long
 * as they are consecutive (a --trace-every schedule or a short run leaves
 * fewer). Sets *n. Returns NR_OK, or NR_EIO / NR_EDATA with a message.
 */
int steps_from_trace(const char *trace_path, double lr, struct step *steps,
                     size_t max, size_t *n);

/* The report section described above. */
int diagrams_section(struct report *r);

#endif
