/* landscape.c - the loss surface and the path of every compared rate. */
#include "sections/comparison.h"
#include "sections/surface.h"
#include "model/sweep.h"
#include "output/names.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

struct landscape {
	const struct comparison *runs;   /* the comparison's result */
	struct window win;
};

static int compute(const struct context *c, const void *need, void *result)
{
	struct landscape *r = result;
	struct path paths[LRS_MAX];
	int diverged[LRS_MAX];

	r->runs = need;
	for (size_t i = 0; i < r->runs->n; i++) {
		paths[i] = r->runs->runs[i].path;
		diverged[i] = r->runs->runs[i].res.status == STATUS_DIVERGED;
	}
	r->win = window_of(&c->a, paths, diverged, r->runs->n);
	return NR_OK;
}

/*
 * Which of a path's decade iterations (10, 100, 1000, ...) a panel labels,
 * so that no two labels collide: a decade is labelled when its point is at
 * least MARK_GAP of the panel (window coordinates scaled to 0..1) from the
 * start, from the minimum and from every label before it. Its label sits
 * right of the point where the path runs more up or down than sideways,
 * below it otherwise. Fills mark[j] for state j: 0 none, 'r' right, 'b' below.
 */
#define MARK_GAP 0.12

static void choose_marks(const struct path *p, const struct window *win,
                         const struct analysis *a, char *mark)
{
	double sw = win->w[1] - win->w[0], sb = win->b[1] - win->b[0];
	double u0 = (p->pt[0].w - win->w[0]) / sw, v0 = (p->pt[0].b - win->b[0]) / sb;
	double um = (a->w_opt - win->w[0]) / sw, vm = (a->b_opt - win->b[0]) / sb;
	double lu[16], lv[16];
	size_t nl = 0;
	long long next = 10;

	for (size_t j = 0; j < p->n; j++) {
		const struct train_state *q = &p->pt[j];
		mark[j] = 0;
		if (q->k != next)
			continue;
		next = next <= LLONG_MAX / 10 ? next * 10 : LLONG_MAX;
		double u = (q->w - win->w[0]) / sw, v = (q->b - win->b[0]) / sb;
		if (!(u >= 0 && u <= 1 && v >= 0 && v <= 1))
			continue;
		int ok = hypot(u - u0, v - v0) >= MARK_GAP && hypot(u - um, v - vm) >= MARK_GAP;
		for (size_t i = 0; i < nl && ok; i++)
			ok = hypot(u - lu[i], v - lv[i]) >= MARK_GAP;
		if (!ok || nl == 16)
			continue;
		lu[nl] = u;
		lv[nl++] = v;
		const struct train_state *r = &p->pt[j > 0 ? j - 1 : j];
		double du = fabs(u - (r->w - win->w[0]) / sw), dv = fabs(v - (r->b - win->b[0]) / sb);
		mark[j] = dv > du ? 'r' : 'b';
	}
}

static int emit(const struct context *c, const void *result)
{
	const struct landscape *r = result;
	struct csvw w;
	FILE *fp;
	int st;

	if ((st = section_open(c, OUT_LANDSCAPE, &fp)))
		return st;
	csvw_begin(&w, fp, OUT_LANDSCAPE, "path,lr,iteration,loss,weight,bias,mark");
	for (size_t i = 0; i < r->runs->n; i++) {
		const struct lr_run *run = &r->runs->runs[i];
		char label[LR_LABEL_SIZE], *mark = malloc(run->path.n ? run->path.n : 1);
		if (!mark) {
			fclose(fp);
			return nr_oom();
		}
		lr_label(run->lr, label);
		choose_marks(&run->path, &r->win, &c->a, mark);
		window_put_path(&w, i + 1, label, &run->path, &r->win, mark);
		free(mark);
	}
	if ((st = csvw_finish(&w)) || (st = section_close(c, fp)))
		return st;

	struct plot_job *j = section_figure(c, "landscape", FIG_LANDSCAPE);
	plot_file(c->plots, j, "paths", OUT_LANDSCAPE);
	surface_vars(c, j, &r->win);
	plot_num(c->plots, j, "condition", c->a.condition);
	for (size_t i = 0; i < r->runs->n && !st; i++) {
		const struct lr_run *run = &r->runs->runs[i];
		struct vars v = { .n = 0 };
		struct doc d = { .fp = { NULL, NULL }, .lang = c->lang };
		char name[16], *status = doc_plain(&d, status_key(run->res.status), NULL);
		vars_lr(&v, "lr", run->lr);
		vars_int(&v, "k", run->res.diverged_at);
		if (status)
			vars_program(&v, "status", status);
		snprintf(name, sizeof name, "title%zu", i + 1);
		st = status ? section_words(c, j, name, run->res.status == STATUS_DIVERGED ?
		                            "landscape.panel.diverged" : "landscape.panel", &v)
		            : d.failed;
		free(status);
		vars_free(&v);
	}
	if (!st) {
		struct vars v = { .n = 0 };
		vars_numf(&v, "ratio", "%.3g", sqrt(c->a.condition));
		st = section_words(c, j, "valley", "landscape.valley", &v);
		vars_free(&v);
	}
	plot_cost(j, 2);
	return st;
}

static void write_doc(const struct context *c, const void *result, struct doc *d)
{
	struct vars v = { .n = 0 };
	char *image = section_image(c, d, FIG_LANDSCAPE);

	(void)result;
	vars_num(&v, "lambda_max", c->a.lambda_max);
	vars_num(&v, "lambda_min", c->a.lambda_min);
	vars_num(&v, "condition", c->a.condition);
	vars_numf(&v, "ratio", "%.3g", sqrt(c->a.condition));
	doc_heading(d, 2, "landscape", "landscape.title", &v);
	doc_text(d, "landscape.text", &v);
	if (image)
		doc_figure(d, image, "landscape.alt", "landscape.caption", &v);
	free(image);
	vars_free(&v);
}

static void slides(const struct context *c, const void *result, struct deck *k);

const struct section section_landscape = {
	.name = "landscape", .needs = &section_comparison,
	.size = sizeof(struct landscape),
	.compute = compute, .emit = emit, .write = write_doc,
	.slides = slides,
};

/* The lopsided bowl: its condition number, and what a step covers. */
static void slides(const struct context *c, const void *result, struct deck *k)
{
	const char *const numbers[] = { "landscape.slide.kappa", "landscape.slide.ratio",
	                                "landscape.slide.step", NULL };
	struct vars v = { .n = 0 };
	char *image = section_image(c, k->doc, FIG_LANDSCAPE);

	(void)result;
	vars_numf(&v, "condition", "%.4g", c->a.condition);
	vars_numf(&v, "ratio", "%.3g", sqrt(c->a.condition));
	vars_numf(&v, "step", "%.3g", c->cfg.lr * c->a.lambda_min);
	deck_slide(k, "landscape.slide.title", &v);
	if (image)
		deck_figure(k, image, "landscape.alt", numbers, &v);
	free(image);
	vars_free(&v);
}
