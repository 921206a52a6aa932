/* forward.c - the forward pass and the loss, with the run's first numbers. */
#include "sections/section.h"

static void write_doc(const struct context *c, const void *result, struct doc *d)
{
	struct vars v = { .n = 0 };

	(void)result;
	vars_int(&v, "n", (long long)c->d.n);
	vars_num(&v, "w0", c->cfg.w0);
	vars_num(&v, "b0", c->cfg.b0);
	vars_num(&v, "loss0", c->loss0);
	doc_heading(d, 2, "forward", "forward.title", &v);
	doc_text(d, "forward.text", &v);
	doc_formulas(d, "forward.formulas", &v);
	doc_text(d, "forward.start", &v);
	vars_free(&v);
}

static void slides(const struct context *c, const void *result, struct deck *k);

const struct section section_forward = {
	.name = "forward", .write = write_doc,
	.slides = slides,
};

/* The output, then the loss, one formula a slide. */
static void slides(const struct context *c, const void *result, struct deck *k)
{
	struct vars v = { .n = 0 };

	(void)result;
	vars_int(&v, "n", (long long)c->d.n);
	vars_numf(&v, "w0", "%.4g", c->cfg.w0);
	vars_numf(&v, "b0", "%.4g", c->cfg.b0);
	vars_numf(&v, "loss0", "%.6g", c->loss0);
	deck_slide(k, "forward.slide.title", &v);
	deck_text(k, "forward.slide.output", &v);
	deck_formulas(k, "forward.formulas", &v, 1);
	deck_slide(k, "forward.slide.title", &v);
	deck_text(k, "forward.slide.loss", &v);
	deck_formulas(k, "forward.formulas", &v, 2);
	deck_text(k, "forward.slide.start", &v);
	vars_free(&v);
}
