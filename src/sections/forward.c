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

const struct section section_forward = {
	.name = "forward", .write = write_doc,
};
