/* features.c - scale your features: the same problem with rescaled input. */
#include "sections/section.h"
#include "base/csvio.h"
#include "model/scaling.h"
#include "output/names.h"

#include <stdlib.h>

struct features {
	struct scaling s;
	struct path curves[SCALE_N];
};

static void release(void *result)
{
	struct features *r = result;

	for (int k = 0; k < SCALE_N; k++)
		path_free(&r->curves[k]);
}

static int compute(const struct context *c, const void *need, void *result)
{
	struct features *r = result;

	(void)need;
	for (int k = 0; k < SCALE_N; k++)
		r->curves[k] = (struct path)PATH_INIT(PATH_DENSE, PATH_PER_DECADE);
	return scaling_run(&c->d, &c->a, c->cfg.w0, c->cfg.b0, c->stop, &r->s, r->curves);
}

static int emit(const struct context *c, const void *result)
{
	const struct features *r = result;
	const struct scaling *s = &r->s;
	struct csvw w;
	FILE *fp;
	int st;

	if ((st = section_open(c, OUT_SCALING, &fp)))
		return st;
	csvw_begin(&w, fp, OUT_SCALING, "input,shift,scale,mean_x,mean_xx,lambda_min,lambda_max,"
	                                "condition,lr,w0,b0,initial_loss,target_loss,iterations,loss");
	for (int k = 0; k < SCALE_N; k++) {
		const struct scaling_case *sc = &s->c[k];
		const double x[] = { sc->shift, sc->scale, sc->a.mean_x, sc->a.mean_xx,
		                     sc->a.lambda_min, sc->a.lambda_max, sc->a.condition, sc->lr,
		                     sc->w0, sc->b0, sc->loss0, s->target };
		csvw_text(&w, sc->name);
		for (size_t i = 0; i < sizeof x / sizeof x[0]; i++)
			csvw_num(&w, x[i]);
		csvw_int(&w, sc->iters);
		csvw_num(&w, sc->loss);
		csvw_end(&w);
	}
	if ((st = csvw_finish(&w)) || (st = section_close(c, fp)) ||
	    (st = section_open(c, OUT_SCALING_CURVES, &fp)))
		return st;
	csvw_begin(&w, fp, OUT_SCALING_CURVES, "case,input,iteration,loss");
	for (int k = 0; k < SCALE_N; k++)
		for (size_t j = 0; j < r->curves[k].n; j++) {
			csvw_int(&w, k + 1);
			csvw_text(&w, s->c[k].name);
			csvw_int(&w, r->curves[k].pt[j].k);
			csvw_num(&w, r->curves[k].pt[j].loss);
			csvw_end(&w);
		}
	if ((st = csvw_finish(&w)) || (st = section_close(c, fp)))
		return st;

	struct plot_job *j = section_figure(c, "scaling", FIG_SCALING);
	plot_file(c->plots, j, "curves", OUT_SCALING_CURVES);
	plot_num(c->plots, j, "target", s->target);
	static const char *const cond[] = { "condition1", "condition2", "condition3" };
	static const char *const lr[] = { "lr1", "lr2", "lr3" };
	static const char *const iters[] = { "iters1", "iters2", "iters3" };
	for (int k = 0; k < SCALE_N; k++) {
		plot_num(c->plots, j, cond[k], s->c[k].a.condition);
		plot_num(c->plots, j, lr[k], s->c[k].lr);
		plot_int(c->plots, j, iters[k], s->c[k].iters);
	}
	plot_int(c->plots, j, "max_iters", s->max_iters);
	return NR_OK;
}

static void write_doc(const struct context *c, const void *result, struct doc *d)
{
	const struct features *r = result;
	struct vars v = { .n = 0 };
	char *image = section_image(c, d, FIG_SCALING);
	static const char *const names[SCALE_N] = {
		"features.raw", "features.div100", "features.standard"
	};

	const struct scaling_case *raw = &r->s.c[SCALE_RAW], *div100 = &r->s.c[SCALE_DIV100];
	int at_start = 0;   /* a version that needs no update has no dot */
	for (int k = 0; k < SCALE_N; k++)
		at_start |= r->s.c[k].iters == 0;
	vars_numf(&v, "target", "%.3g", r->s.target);
	vars_iterations(d, &v, "iterations", r->s.max_iters);
	vars_numf(&v, "condition_raw", "%.4g", raw->a.condition);
	vars_numf(&v, "condition_div100", "%.4g", div100->a.condition);
	doc_heading(d, 2, "scaling", "features.title", &v);
	doc_text(d, bias_crawls(c) ? "features.text" : "features.text.plain", &v);
	doc_table_begin(d, "features.table.head", &v);
	for (int k = 0; k < SCALE_N; k++) {
		const struct scaling_case *sc = &r->s.c[k];
		char cell[3][32];
		snprintf(cell[0], sizeof cell[0], "%.4g", sc->a.condition);
		snprintf(cell[1], sizeof cell[1], "%.4g", sc->lr);
		snprintf(cell[2], sizeof cell[2], "%lld", sc->iters);
		doc_cell_t(d, names[k], &v);
		doc_cell(d, cell[0]);
		doc_cell(d, cell[1]);
		if (sc->iters >= 0)
			doc_cell(d, cell[2]);
		else
			doc_cell_t(d, "features.not_reached", &v);
		doc_row_end(d);
	}
	doc_table_end(d);
	if (div100->a.condition > raw->a.condition)
		doc_text(d, "features.div100.worse", &v);
	if (image)
		doc_figure(d, image, "features.alt",
		           at_start ? "features.caption.at_start" : "features.caption", &v);
	free(image);
	vars_free(&v);
}

static void slides(const struct context *c, const void *result, struct deck *k);

const struct section section_features = {
	.name = "scaling", .size = sizeof(struct features),
	.compute = compute, .emit = emit, .write = write_doc, .release = release,
	.slides = slides,
};

/* Rescaled input: the same problem, far fewer iterations. */
static void slides(const struct context *c, const void *result, struct deck *k)
{
	const struct features *r = result;
	const struct scaling_case *raw = &r->s.c[0], *std = &r->s.c[SCALE_N - 1];
	const char *const numbers[] = {
		raw->iters >= 0 ? "features.slide.raw" : "features.slide.raw.not_reached",
		std->iters >= 0 ? "features.slide.standard" : "features.slide.standard.not_reached",
		NULL
	};
	struct vars v = { .n = 0 };
	char *image = section_image(c, k->doc, FIG_SCALING);

	vars_numf(&v, "target", "%.3g", r->s.target);
	vars_int(&v, "max_iters", r->s.max_iters);
	vars_iterations(k->doc, &v, "iterations_raw", raw->iters);
	vars_iterations(k->doc, &v, "iterations_standard", std->iters);
	vars_numf(&v, "kappa_raw", "%.4g", raw->a.condition);
	vars_numf(&v, "kappa_standard", "%.4g", std->a.condition);
	deck_slide(k, "features.slide.title", &v);
	deck_text(k, "features.slide.text", &v);
	if (image)
		deck_figure(k, image, "features.alt", numbers, &v);
	free(image);
	vars_free(&v);
}
