/* problem.c - the data and the article's figure: the line before and after. */
#include "sections/section.h"
#include "output/names.h"
#include "output/trace.h"

#include <math.h>
#include <stdlib.h>

/* fit.csv: the rows of predictions.csv the figures draw, every k-th one
 * when there are more than FIGURE_POINTS (fit.png and fit.gif). */
static int emit(const struct context *c, const void *result)
{
	const struct train_state *s = &c->res.last;
	size_t every = (c->d.n + FIGURE_POINTS - 1) / FIGURE_POINTS;
	FILE *fp;
	int st;

	(void)result;
	if ((st = section_open(c, OUT_FIT_DATA, &fp)))
		return st;
	predictions_write(fp, &c->d, c->cfg.w0, c->cfg.b0, s->w, s->b, every);
	if ((st = section_close(c, fp)))
		return st;
	struct plot_job *j = section_figure(c, "fit", FIG_FIT);
	plot_file(c->plots, j, "predictions", OUT_FIT_DATA);
	plot_text(c->plots, j, "xlabel", c->d.xname);
	plot_text(c->plots, j, "ylabel", c->d.yname);
	plot_int(c->plots, j, "k", s->k);
	plot_num(c->plots, j, "w", s->w);
	plot_num(c->plots, j, "b", s->b);
	plot_num(c->plots, j, "loss", s->loss);
	plot_int(c->plots, j, "n", (long long)c->d.n);
	plot_int(c->plots, j, "points", section_data_as_points(c));
	return NR_OK;
}

/* Whether the best line passes through every sample: its loss is rounding
 * noise against the spread of the targets. */
static int exact_fit(const struct context *c)
{
	const struct dataset *d = &c->d;
	double mean = 0, var = 0;

	for (size_t i = 0; i < d->n; i++)
		mean += d->y[i];
	mean /= (double)d->n;
	for (size_t i = 0; i < d->n; i++)
		var += (d->y[i] - mean) * (d->y[i] - mean);
	var /= (double)d->n;
	return c->a.loss_opt <= 1e-20 * var;
}

/* The caption: it states only what the numbers of this run show. */
static const char *caption(const struct context *c)
{
	const struct train_state *s = &c->res.last;
	double critical = c->a.critical_lr[c->cfg.gradient];
	double ew = fabs(s->w - c->a.w_opt) / fmax(1, fabs(c->a.w_opt));
	double eb = fabs(s->b - c->a.b_opt) / fmax(1, fabs(c->a.b_opt));

	if (c->res.status == STATUS_DIVERGED)
		return !(critical > 0) ? "problem.caption.diverged.none"
		       : c->cfg.lr > critical ? "problem.caption.diverged"
		                              : "problem.caption.diverged.below";
	if (c->res.status == STATUS_CONVERGED)
		return at_minimum(&c->a, c->cfg.w0, c->cfg.b0) ? "problem.caption.stayed"
		                                               : "problem.caption.converged";
	if (ew < SETTLED_TOL && eb >= SETTLED_TOL)
		return "problem.caption.slope";
	return "problem.caption.gap";
}

static void write_doc(const struct context *c, const void *result, struct doc *d)
{
	const struct train_state *s = &c->res.last;
	struct vars v = { .n = 0 };
	char *image = section_image(c, d, FIG_FIT);
	char *lead, *legend;

	(void)result;
	vars_num(&v, "noise", c->o->run.noise);
	lead = doc_plain(d, c->o->run.data ? "problem.lead.data" : c->o->run.noise > 0 ?
	                 "problem.lead.noisy" : "problem.lead.article", &v);
	legend = doc_plain(d, section_data_as_points(c) ? "problem.legend.points" : "problem.legend.line", &v);
	if (lead && legend) {
		vars_program(&v, "lead", lead);
		vars_program(&v, "legend", legend);
	}
	vars_int(&v, "n", (long long)c->d.n);
	vars_num(&v, "w_opt", c->a.w_opt);
	vars_num(&v, "b_opt", c->a.b_opt);
	vars_num(&v, "loss_opt", c->a.loss_opt);
	vars_iterations(d, &v, "iterations", s->k);
	vars_within(d, &v, "w_within", c->a.w_opt);
	vars_num(&v, "w", s->w);
	vars_num(&v, "b", s->b);
	vars_num(&v, "loss", s->loss);
	vars_num(&v, "dw", fabs(s->w - c->a.w_opt));
	vars_num(&v, "db", fabs(s->b - c->a.b_opt));
	vars_int(&v, "diverged_at", c->res.diverged_at);
	vars_lr(&v, "lr", c->cfg.lr);
	vars_num(&v, "critical", c->a.critical_lr[c->cfg.gradient]);
	doc_heading(d, 2, "problem", "problem.title", &v);
	doc_text(d, exact_fit(c) ? "problem.text" : "problem.text.fit", &v);
	if (image && lead && legend)
		doc_figure(d, image, "problem.alt", caption(c), &v);
	free(lead);
	free(legend);
	free(image);
	vars_free(&v);
}

static void slides(const struct context *c, const void *result, struct deck *k);

const struct section section_problem = {
	.name = "problem", .emit = emit, .write = write_doc,
	.slides = slides,
};

/* The data and the two lines: the best one and the neuron's. */
static void slides(const struct context *c, const void *result, struct deck *k)
{
	const struct train_state *s = &c->res.last;
	const char *const numbers[] = { "problem.slide.best", "problem.slide.end", NULL };
	struct vars v = { .n = 0 };
	char *image = section_image(c, k->doc, FIG_FIT);

	(void)result;
	vars_int(&v, "n", (long long)c->d.n);
	vars_numf(&v, "w_opt", "%.4g", c->a.w_opt);
	vars_numf(&v, "b_opt", "%.4g", c->a.b_opt);
	vars_numf(&v, "w", "%.4g", s->w);
	vars_numf(&v, "b", "%.4g", s->b);
	vars_int(&v, "k", s->k);
	vars_iterations(k->doc, &v, "iterations", s->k);
	deck_slide(k, "problem.slide.title", &v);
	deck_text(k, "problem.slide.text", &v);
	if (image)
		deck_figure(k, image, "problem.alt", numbers, &v);
	free(image);
	vars_free(&v);
}
