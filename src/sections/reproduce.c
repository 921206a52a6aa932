/* reproduce.c - the command line that makes this report again. */
#include "sections/section.h"

static void write_doc(const struct context *c, const void *result, struct doc *d)
{
	struct vars v = { .n = 0 };

	(void)result;
	doc_heading(d, 2, "reproduce", "reproduce.title", &v);
	doc_text(d, c->cfg.gradient == GRADIENT_ARTICLE ? "reproduce.text.article"
	                                                : "reproduce.text", &v);
	doc_verbatim(d, c->o->command);
}

const struct section section_reproduce = {
	.name = "reproduce", .write = write_doc,
};
