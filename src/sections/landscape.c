/* landscape.c - the loss surface and the path of every compared rate. */
#include "sections/comparison.h"
#include "sections/surface.h"
#include "model/sweep.h"
#include "output/names.h"

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
	int st, mark = 1;

	if ((st = section_open(c, OUT_LANDSCAPE, &fp)))
		return st;
	csvw_begin(&w, fp, OUT_LANDSCAPE, "path,lr,iteration,loss,weight,bias");
	for (size_t i = 0; i < r->runs->n; i++) {
		char label[LR_LABEL_SIZE];
		lr_label(r->runs->runs[i].lr, label);
		if (r->runs->runs[i].is_main)
			mark = (int)i + 1;
		window_put_path(&w, i + 1, label, &r->runs->runs[i].path, &r->win);
	}
	if ((st = csvw_finish(&w)) || (st = section_close(c, fp)))
		return st;

	struct plot_job *j = section_figure(c, "landscape", FIG_LANDSCAPE);
	plot_file(c->plots, j, "paths", OUT_LANDSCAPE);
	surface_vars(c, j, &r->win);
	plot_int(c->plots, j, "mark", mark);
	plot_cost(j, 2);   /* contours over a 101 x 101 grid */
	return NR_OK;
}

static void write_doc(const struct context *c, const void *result, struct doc *d)
{
	struct vars v = { .n = 0 };
	char *image = section_image(c, d, FIG_LANDSCAPE);

	(void)result;
	vars_num(&v, "lambda_max", c->a.lambda_max);
	vars_num(&v, "lambda_min", c->a.lambda_min);
	vars_num(&v, "condition", c->a.condition);
	doc_heading(d, 2, "landscape", "landscape.title", &v);
	doc_text(d, "landscape.text", &v);
	if (image)
		doc_figure(d, image, "landscape.alt", "landscape.caption", &v);
	free(image);
	vars_free(&v);
}

const struct section section_landscape = {
	.name = "landscape", .needs = &section_comparison,
	.size = sizeof(struct landscape),
	.compute = compute, .emit = emit, .write = write_doc,
};
