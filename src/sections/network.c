/* network.c - the network as the article draws it, with this run's numbers. */
#include "sections/section.h"
#include "output/names.h"

#include <stdlib.h>

static int emit(const struct context *c, const void *result)
{
	struct plot_job *j = section_figure(c, "network", FIG_NETWORK);

	(void)result;
	plot_text(c->plots, j, "xname", c->d.xname);
	plot_text(c->plots, j, "yname", c->d.yname);
	plot_num(c->plots, j, "w0", c->cfg.w0);
	plot_num(c->plots, j, "b0", c->cfg.b0);
	plot_num(c->plots, j, "w", c->res.last.w);
	plot_num(c->plots, j, "b", c->res.last.b);
	plot_int(c->plots, j, "k", c->res.last.k);
	return NR_OK;
}

static void write_doc(const struct context *c, const void *result, struct doc *d)
{
	struct vars v = { .n = 0 };
	char *image = section_image(c, d, FIG_NETWORK);

	(void)result;
	vars_text(&v, "xname", c->d.xname);
	vars_text(&v, "yname", c->d.yname);
	vars_num(&v, "w0", c->cfg.w0);
	vars_num(&v, "b0", c->cfg.b0);
	vars_num(&v, "w", c->res.last.w);
	vars_num(&v, "b", c->res.last.b);
	vars_iterations(d, &v, "iterations", c->res.last.k);
	doc_heading(d, 2, "network", "network.title", &v);
	if (image)
		doc_figure(d, image, "network.alt", c->res.status == STATUS_DIVERGED ?
		           "network.caption.diverged" : "network.caption", &v);
	free(image);
	vars_free(&v);
}

static void slides(const struct context *c, const void *result, struct deck *k);

const struct section section_network = {
	.name = "network", .emit = emit, .write = write_doc,
	.slides = slides,
};

/* One input, one weight, one bias: where they started and ended. */
static void slides(const struct context *c, const void *result, struct deck *k)
{
	const char *const numbers[] = { "network.slide.w", "network.slide.b", NULL };
	struct vars v = { .n = 0 };
	char *image = section_image(c, k->doc, FIG_NETWORK);

	(void)result;
	vars_text(&v, "xname", c->d.xname);
	vars_text(&v, "yname", c->d.yname);
	vars_numf(&v, "w0", "%.4g", c->cfg.w0);
	vars_numf(&v, "b0", "%.4g", c->cfg.b0);
	vars_numf(&v, "w", "%.4g", c->res.last.w);
	vars_numf(&v, "b", "%.4g", c->res.last.b);
	vars_int(&v, "k", c->res.last.k);
	vars_iterations(k->doc, &v, "iterations", c->res.last.k);
	deck_slide(k, "network.slide.title", &v);
	if (image)
		deck_figure(k, image, "network.alt", numbers, &v);
	free(image);
	vars_free(&v);
}
