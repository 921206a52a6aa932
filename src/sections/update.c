/* update.c - the update rule and the run's first updates, number by number. */
#include "sections/section.h"
#include "base/csvio.h"
#include "output/names.h"

#include <stdio.h>
#include <stdlib.h>

#define STEPS_SHOWN 3

/* One update: state k of the run and the step it takes. */
struct step {
	long long k;
	double loss, w, b, dw, db;   /* state k */
	double lr_dw, lr_db;         /* the descent steps lr*dw, lr*db */
	double new_w, new_b;         /* state k+1 */
};

struct update {
	struct step steps[STEPS_SHOWN];
	size_t n;
};

/* The first updates from the main run's states (every state up to
 * TRACE_DENSE is kept, so consecutive ones are there unless the run was
 * shorter). */
static int compute(const struct context *c, const void *need, void *result)
{
	struct update *r = result;
	const struct path *p = &c->path;

	(void)need;
	for (size_t k = 0; k < STEPS_SHOWN && k + 1 < p->n && p->pt[k + 1].k == (long long)k + 1; k++) {
		const struct train_state *s = &p->pt[k];
		r->steps[k] = (struct step){
			.k = s->k, .loss = s->loss, .w = s->w, .b = s->b, .dw = s->dw, .db = s->db,
			.lr_dw = c->cfg.lr * s->dw, .lr_db = c->cfg.lr * s->db,   /* as neuron_update */
			.new_w = p->pt[k + 1].w, .new_b = p->pt[k + 1].b,
		};
		r->n = k + 1;
	}
	return NR_OK;
}

static int emit(const struct context *c, const void *result)
{
	const struct update *r = result;
	struct csvw w;
	FILE *fp;
	int st;

	if ((st = section_open(c, OUT_STEPS, &fp)))
		return st;
	csvw_begin(&w, fp, OUT_STEPS, "iteration,loss,weight,bias,dweight,dbias,"
	                              "lr_dweight,lr_dbias,new_weight,new_bias");
	for (size_t i = 0; i < r->n; i++) {
		const struct step *s = &r->steps[i];
		csvw_int(&w, s->k);
		csvw_num(&w, s->loss);
		csvw_num(&w, s->w);
		csvw_num(&w, s->b);
		csvw_num(&w, s->dw);
		csvw_num(&w, s->db);
		csvw_num(&w, s->lr_dw);
		csvw_num(&w, s->lr_db);
		csvw_num(&w, s->new_w);
		csvw_num(&w, s->new_b);
		csvw_end(&w);
	}
	if ((st = csvw_finish(&w)))
		return st;
	return section_close(c, fp);
}

static void write_doc(const struct context *c, const void *result, struct doc *d)
{
	const struct update *r = result;
	int article = c->cfg.gradient == GRADIENT_ARTICLE;
	struct vars v = { .n = 0 };
	static const char *const head[] = {
		NULL, "update.steps.head1", "update.steps.head2", "update.steps.head3"
	};
	const char *rows[] = {
		"update.steps.loss", "update.steps.w", "update.steps.b",
		article ? "update.steps.dw.article" : "update.steps.dw",
		"update.steps.db",
		article ? "update.steps.lr_dw.article" : "update.steps.lr_dw",
		"update.steps.lr_db",
		article ? "update.steps.new_w.article" : "update.steps.new_w",
		"update.steps.new_b",
	};

	vars_lr(&v, "lr", c->cfg.lr);
	vars_int(&v, "n", (long long)c->d.n);
	doc_heading(d, 2, "update", "update.title", &v);
	doc_text(d, article ? "update.text.article" : "update.text", &v);
	doc_formulas(d, article ? "update.formulas.article" : "update.formulas", &v);
	doc_heading(d, 3, "steps", "update.steps.title", &v);
	if (r->n == 0) {
		doc_text(d, "update.steps.none", &v);
		vars_free(&v);
		return;
	}
	/* trace.csv holds iterations 0, 1, 2 unless --trace-every skips some. */
	int sparse = c->o->run.trace_every > 1;
	static const char *const text[2][2] = {
		{ "update.steps.text.one", "update.steps.text.one.sparse" },
		{ "update.steps.text", "update.steps.text.sparse" },
	};
	char *formula = article ? doc_plain(d, "update.steps.formula.article", &v) : NULL;
	vars_program(&v, "formula", formula ? formula : "");
	free(formula);
	doc_text(d, text[r->n > 1][sparse], &v);
	for (size_t k = 0; k < r->n; k++) {
		static const char *const names[] = { "k0", "k1", "k2" };
		vars_int(&v, names[k], r->steps[k].k);
	}
	doc_table_begin(d, head[r->n], &v);
	for (size_t q = 0; q < sizeof rows / sizeof rows[0]; q++) {
		doc_cell_t(d, rows[q], &v);
		for (size_t k = 0; k < r->n; k++) {
			const struct step *s = &r->steps[k];
			const double x[] = { s->loss, s->w, s->b, s->dw, s->db, s->lr_dw,
			                     s->lr_db, s->new_w, s->new_b };
			char cell[32];
			snprintf(cell, sizeof cell, "%.8g", x[q]);
			doc_cell(d, cell);
		}
		doc_row_end(d);
	}
	doc_table_end(d);
	vars_free(&v);
}

static void slides(const struct context *c, const void *result, struct deck *k);

const struct section section_update = {
	.name = "update", .size = sizeof(struct update),
	.compute = compute, .emit = emit, .write = write_doc,
	.slides = slides,
};

/* The rule, then the first update number by number. */
static void slides(const struct context *c, const void *result, struct deck *k)
{
	const struct update *r = result;
	int article = c->cfg.gradient == GRADIENT_ARTICLE;
	struct vars v = { .n = 0 };

	vars_lr(&v, "lr", c->cfg.lr);
	deck_slide(k, "update.slide.title", &v);
	deck_text(k, "update.slide.text", &v);
	deck_formulas(k, article ? "update.formulas.article" : "update.formulas", &v, 2);
	if (r->n > 0) {
		const struct step *s = &r->steps[0];
		vars_numf(&v, "w", "%.8g", s->w);
		vars_numf(&v, "b", "%.8g", s->b);
		vars_numf(&v, "dw", "%.8g", s->dw);
		vars_numf(&v, "db", "%.8g", s->db);
		vars_numf(&v, "lr_dw", "%.8g", s->lr_dw);
		vars_numf(&v, "lr_db", "%.8g", s->lr_db);
		vars_numf(&v, "new_w", "%.8g", s->new_w);
		vars_numf(&v, "new_b", "%.8g", s->new_b);
		vars_numf(&v, "loss", "%.8g", s->loss);
		vars_numf(&v, "loss1", "%.8g", r->n > 1 ? r->steps[1].loss : s->loss);
		deck_slide(k, "update.slide.step.title", &v);
		deck_text(k, article ? "update.slide.step.text.article" : "update.slide.step.text", &v);
		deck_points(k, r->n > 1 ? "update.slide.step" : "update.slide.step.last", &v);
	}
	vars_free(&v);
}
