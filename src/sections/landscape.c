/* landscape.c - the loss surface and the path of every compared rate. */
#include "sections/comparison.h"
#include "sections/surface.h"
#include "model/sweep.h"
#include "output/names.h"

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

static int emit(const struct context *c, const void *result)
{
	const struct landscape *r = result;
	struct csvw w;
	FILE *fp;
	int st;

	if ((st = section_open(c, OUT_LANDSCAPE, &fp)))
		return st;
	csvw_begin(&w, fp, OUT_LANDSCAPE, "path,lr,iteration,loss,weight,bias,mark");
	struct mark_size size = mark_size_of(&c->o->style, r->runs->n + 1);
	size_t rows[LRS_MAX] = { 0 };
	for (size_t i = 0; i < r->runs->n; i++) {
		const struct lr_run *run = &r->runs->runs[i];
		char label[LR_LABEL_SIZE], *mark = malloc(run->path.n ? run->path.n : 1);
		if (!mark) {
			fclose(fp);
			return nr_oom();
		}
		lr_label(run->lr, label);
		window_marks(&run->path, &r->win, &c->a, &size, mark);
		rows[i] = window_put_path(&w, i + 1, label, &run->path, &r->win, mark);
		free(mark);
	}
	if ((st = csvw_finish(&w)) || (st = section_close(c, fp)))
		return st;

	struct plot_job *j = section_figure(c, "landscape", FIG_LANDSCAPE);
	plot_file(c->plots, j, "paths", OUT_LANDSCAPE);
	for (size_t i = 0, first = 0; i < r->runs->n; i++) {
		plot_rows(c->plots, j, "paths", i + 1, first, rows[i]);
		first += rows[i];
	}
	surface_vars(c, j, &r->win);
	plot_num(c->plots, j, "condition", c->a.condition);
	for (size_t i = 0; i < r->runs->n && !st; i++) {
		const struct lr_run *run = &r->runs->runs[i];
		struct vars v = { .n = 0 };
		struct doc d = { .fp = { NULL, NULL }, .lang = c->lang };
		char name[32], *status = doc_plain(&d, status_key(run->res.status), NULL);
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
	plot_cost(j, 150);   /* contours */
	return st;
}

/* A bowl is called lopsided from this condition number on. */
#define LOPSIDED 10

static void write_doc(const struct context *c, const void *result, struct doc *d)
{
	const struct landscape *r = result;
	struct vars v = { .n = 0 };
	char *image = section_image(c, d, FIG_LANDSCAPE);
	long long longest = 0;   /* the panels mark iterations 10, 100, ... */

	for (size_t i = 0; i < r->runs->n; i++)
		if (r->runs->runs[i].path.n > 0) {
			const struct path *p = &r->runs->runs[i].path;
			if (p->pt[p->n - 1].k > longest)
				longest = p->pt[p->n - 1].k;
		}
	vars_num(&v, "lambda_max", c->a.lambda_max);
	vars_num(&v, "lambda_min", c->a.lambda_min);
	vars_num(&v, "condition", c->a.condition);
	vars_numf(&v, "ratio", "%.3g", sqrt(c->a.condition));
	doc_heading(d, 2, "landscape", bias_crawls(c) ? "landscape.title" : "landscape.title.plain", &v);
	doc_text(d, c->a.condition >= LOPSIDED ? "landscape.text" : "landscape.text.round", &v);
	if (image)
		doc_figure(d, image, "landscape.alt",
		           longest >= 10 ? "landscape.caption" : "landscape.caption.short", &v);
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
