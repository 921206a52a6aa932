/* backward.c - the backward pass, and the chain rule on one sample by hand. */
#include "sections/section.h"
#include "base/csvio.h"
#include "model/chain.h"
#include "output/names.h"

#include <math.h>
#include <stdlib.h>

struct backward {
	struct chain chain;   /* the worked example */
	int article_data;     /* its target is the article's formula */
};

static int compute(const struct context *c, const void *need, void *result)
{
	struct backward *r = result;
	double x = c->o->example;

	(void)need;
	r->article_data = c->o->run.data == NULL;
	chain_compute(x, example_target(r->article_data, &c->a, x), c->cfg.w0, c->cfg.b0,
	              &r->chain);
	return NR_OK;
}

static int emit(const struct context *c, const void *result)
{
	const struct backward *r = result;
	const struct chain *ch = &r->chain;
	const struct { const char *key; double v; const char *rule; } rows[] = {
		{ "x", ch->x, "input" },
		{ "y", ch->y, r->article_data ? "the data's formula x * 9 / 5 + 32"
		                              : "the least-squares line of the data" },
		{ "w", ch->w, "initial weight" },
		{ "b", ch->b, "initial bias" },
		{ "xw", ch->xw, "x * w" },
		{ "out", ch->out, "xw + b" },
		{ "diff", ch->diff, "out - y" },
		{ "sq", ch->sq, "diff * diff" },
		{ "loss", ch->loss, "sq / N with N = 1" },
		{ "g_loss", ch->g_loss, "dL/dL = 1" },
		{ "g_sq", ch->g_sq, "dL/dsq = 1 / N" },
		{ "g_diff", ch->g_diff, "dL/ddiff = dL/dsq * 2 * diff" },
		{ "g_out", ch->g_out, "dL/dout = dL/ddiff * 1" },
		{ "g_xw", ch->g_xw, "dL/dxw = dL/dout * 1" },
		{ "g_b", ch->g_b, "dL/db = dL/dout * 1" },
		{ "g_w", ch->g_w, "dL/dw = dL/dxw * x" },
		{ "g_x", ch->g_x, "dL/dx = dL/dxw * w" },
		{ "dw_article", ch->dw_article, "the article's code: out * dL/dout" },
	};
	struct csvw w;
	FILE *fp;
	int st;

	if ((st = section_open(c, OUT_CHAIN, &fp)))
		return st;
	csvw_begin(&w, fp, OUT_CHAIN, "key,value,rule");
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		csvw_text(&w, rows[i].key);
		csvw_num(&w, rows[i].v);
		csvw_text(&w, rows[i].rule);
		csvw_end(&w);
	}
	if ((st = csvw_finish(&w)) || (st = section_close(c, fp)))
		return st;

	struct plot_job *j = section_figure(c, "graph", FIG_GRAPH);
	plot_file(c->plots, j, "chain", OUT_CHAIN);
	plot_text(c->plots, j, "xname", c->d.xname);
	plot_text(c->plots, j, "yname", c->d.yname);
	return NR_OK;
}

/* The end of "It vanishes at the same minimum...": what that means for
 * training with the article's formula on this data. */
static const char *limit_key(const struct analysis *a)
{
	double article = a->critical_lr[GRADIENT_ARTICLE], exact = a->critical_lr[GRADIENT_EXACT];

	if (!(article > 0))
		return "backward.limit.none";
	return article < exact ? "backward.limit.lower" : "backward.limit.not_lower";
}

/* How the worked example relates to the data: its lead, the entry that
 * names where its target comes from, and what it is among the samples. */
static void example_words(const struct context *c, const struct backward *r, struct doc *d,
                          struct vars *v, const char **text)
{
	const struct dataset *ds = &c->d;
	const struct chain *ch = &r->chain;
	double xmin = ds->x[0], xmax = ds->x[0], y_data = 0;
	int sample = 0, same_x = 0;

	for (size_t i = 0; i < ds->n; i++) {
		xmin = fmin(xmin, ds->x[i]);
		xmax = fmax(xmax, ds->x[i]);
		if (ds->x[i] == ch->x && !same_x) {
			same_x = 1;
			y_data = ds->y[i];
		}
		sample |= ds->x[i] == ch->x && ds->y[i] == ch->y;
	}
	/* The article works through x = 42, y = 42 * 9 / 5 + 32. */
	int articles = r->article_data && ch->x == 42;
	const char *lead = articles ? "example.lead.article"
	                 : sample ? "example.lead.sample" : "example.lead.input";
	const char *where = sample ? "example.where.sample"
	                  : same_x ? "example.where.other"
	                  : ch->x < xmin || ch->x > xmax ? "example.where.outside"
	                                                 : "example.where.between";
	struct vars w = { .n = 0 };
	vars_num(&w, "y_data", y_data);
	vars_num(&w, "xmin", xmin);
	vars_num(&w, "xmax", xmax);
	char *lead_text = doc_plain(d, lead, &w), *where_text = doc_plain(d, where, &w);
	if (lead_text && where_text) {
		vars_program(v, "lead", lead_text);
		vars_program(v, "where", where_text);
	}
	free(lead_text);
	free(where_text);
	vars_free(&w);
	*text = !r->article_data ? "example.text.data"
	        : c->o->run.noise > 0 ? "example.text.noisy" : "example.text.formula";
}

static void write_doc(const struct context *c, const void *result, struct doc *d)
{
	const struct backward *r = result;
	const struct chain *ch = &r->chain;
	int article = c->cfg.gradient == GRADIENT_ARTICLE;
	struct vars v = { .n = 0 };
	char *image = section_image(c, d, FIG_GRAPH);
	char *consequence;

	vars_num(&v, "critical_article", c->a.critical_lr[GRADIENT_ARTICLE]);
	vars_num(&v, "critical_exact", c->a.critical_lr[GRADIENT_EXACT]);
	if ((consequence = doc_plain(d, limit_key(&c->a), &v)))
		vars_program(&v, "consequence", consequence);
	free(consequence);
	doc_heading(d, 2, "backward", "backward.title", &v);
	doc_text(d, article ? "backward.text.article" : "backward.text", &v);
	doc_formulas(d, article ? "backward.formulas.article" : "backward.formulas", &v);
	doc_text(d, article ? "backward.article.article" : "backward.article.exact", &v);
	vars_free(&v);

	const struct { const char *name; double x; } nums[] = {
		{ "x", ch->x }, { "y", ch->y }, { "w", ch->w }, { "b", ch->b },
		{ "xw", ch->xw }, { "out", ch->out }, { "diff", ch->diff },
		{ "sq", ch->sq }, { "loss", ch->loss }, { "g_sq", ch->g_sq },
		{ "g_diff", ch->g_diff }, { "g_out", ch->g_out }, { "g_xw", ch->g_xw },
		{ "g_b", ch->g_b }, { "g_w", ch->g_w }, { "g_x", ch->g_x },
		{ "dw_article", ch->dw_article },
	};
	const char *text;
	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
		vars_num(&v, nums[i].name, nums[i].x);
	example_words(c, r, d, &v, &text);
	doc_heading(d, 3, "example", "example.title", &v);
	doc_text(d, text, &v);
	if (image)
		doc_figure(d, image, "example.alt", "example.caption", &v);
	doc_formulas(d, "example.forward", &v);
	doc_formulas(d, "example.backward", &v);
	doc_text(d, article ? "example.article.used" : "example.article", &v);
	free(image);
	vars_free(&v);
}

static void slides(const struct context *c, const void *result, struct deck *k);

const struct section section_backward = {
	.name = "backward", .size = sizeof(struct backward),
	.compute = compute, .emit = emit, .write = write_doc,
	.slides = slides,
};

/* The chain rule built up over three slides, the graph of one sample with
 * the gradients that reach w and b, and what the article's code does. */
static void slides(const struct context *c, const void *result, struct deck *k)
{
	static const char *const steps[] = {
		"backward.slide.step1", "backward.slide.step2", "backward.slide.step3"
	};
	const struct chain *ch = &((const struct backward *)result)->chain;
	const char *const numbers[] = { "backward.slide.g_out", "backward.slide.g_w",
	                                "backward.slide.g_b", NULL };
	struct vars v = { .n = 0 };
	char *image = section_image(c, k->doc, FIG_GRAPH);

	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		deck_slide(k, "backward.slide.title", &v);
		deck_text(k, steps[i], &v);
		deck_formulas(k, "backward.formulas", &v, i + 1);
	}
	vars_numf(&v, "x", "%.6g", ch->x);
	vars_numf(&v, "g_out", "%.6g", ch->g_out);
	vars_numf(&v, "g_w", "%.6g", ch->g_w);
	vars_numf(&v, "g_b", "%.6g", ch->g_b);
	vars_numf(&v, "dw_article", "%.6g", ch->dw_article);
	deck_slide(k, "backward.slide.example.title", &v);
	if (image)
		deck_figure(k, image, "example.alt", numbers, &v);
	deck_slide(k, "backward.slide.article.title", &v);
	deck_points(k, "backward.slide.article", &v);
	free(image);
	vars_free(&v);
}
