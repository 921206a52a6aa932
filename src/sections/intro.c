/* intro.c - what this report is about, and the settings of this run. */
#include "sections/comparison.h"
#include "model/sweep.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef NR_VERSION
#define NR_VERSION "unknown"
#endif

/* A row "<label entry> | <text>". */
static void row(struct doc *d, const char *key, const struct vars *v, const char *text)
{
	doc_cell_t(d, key, v);
	doc_cell(d, text);
	doc_row_end(d);
}

/* A row "<label entry> | <value entry>". */
static void row_t(struct doc *d, const char *key, const char *value_key, const struct vars *v)
{
	doc_cell_t(d, key, v);
	doc_cell_t(d, value_key, v);
	doc_row_end(d);
}

static void write_doc(const struct context *c, const void *result, struct doc *d)
{
	const struct run_options *o = &c->o->run;
	struct vars v = { .n = 0 };
	char buf[64], rates[LRS_MAX * (LR_LABEL_SIZE + 2)] = "";
	double lrs[LRS_MAX];
	size_t n = comparison_rates(c->o, lrs), len = 0;
	time_t now = time(NULL);

	(void)result;
	for (size_t i = 0; i < n; i++) {
		char label[LR_LABEL_SIZE];
		lr_label(lrs[i], label);
		len += (size_t)snprintf(rates + len, sizeof rates - len, "%s%s", i ? ", " : "", label);
	}
	vars_text(&v, "xname", c->d.xname);
	vars_text(&v, "yname", c->d.yname);
	vars_text(&v, "data", o->data ? o->data : "");
	vars_num(&v, "noise", o->noise);
	vars_num(&v, "w0", c->cfg.w0);
	vars_num(&v, "b0", c->cfg.b0);
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)o->seed);
	vars_num_text(&v, "seed", buf);
	doc_text(d, "intro.text", &v);

	doc_table_begin(d, "intro.table.head", &v);
	row_t(d, "intro.data", o->data ? "intro.data.file" : "intro.data.article", &v);
	if (o->noise > 0)
		row_t(d, "intro.noise", "intro.noise.value", &v);
	snprintf(buf, sizeof buf, "%zu", c->d.n);
	row(d, "intro.samples", &v, buf);
	row_t(d, "intro.gradient", o->gradient == GRADIENT_EXACT ? "intro.gradient.exact"
	                                                         : "intro.gradient.article", &v);
	lr_label(c->cfg.lr, buf);
	row(d, "intro.lr", &v, buf);
	snprintf(buf, sizeof buf, "%lld", o->iters);
	row(d, "intro.iters", &v, buf);
	row_t(d, "intro.start", o->has_w0 && o->has_b0 ? "intro.start.given"
	                        : o->has_w0 ? "intro.start.w_given"
	                        : o->has_b0 ? "intro.start.b_given" : "intro.start.seed", &v);
	row(d, "intro.rates", &v, rates);
	row(d, "intro.program", &v, "neuron " NR_VERSION);
	row(d, "intro.gnuplot", &v, c->plots->gnuplot_version ? c->plots->gnuplot_version : "?");
	strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", gmtime(&now));
	row(d, "intro.generated", &v, buf);
	doc_table_end(d);
	vars_free(&v);
}

const struct section section_intro = {
	.name = "intro", .write = write_doc,
};
