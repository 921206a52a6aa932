/* training.c - the loss and both parameters over the whole run. */
#include "sections/section.h"
#include "output/names.h"
#include "output/trace.h"

#include <math.h>
#include <stdlib.h>

/* states.csv: the main run's states the figures draw, log-spaced. */
static int emit(const struct context *c, const void *result)
{
	struct path thin = PATH_INIT(PATH_DENSE, PATH_PER_DECADE);
	FILE *fp;
	int st;

	(void)result;
	if ((st = path_thin(&thin, &c->path)) || (st = section_open(c, OUT_STATES, &fp))) {
		path_free(&thin);
		return st;
	}
	states_write(fp, OUT_STATES, &thin);
	path_free(&thin);
	if ((st = section_close(c, fp)))
		return st;
	struct plot_job *j = section_figure(c, "loss", FIG_LOSS);
	plot_file(c->plots, j, "trace", OUT_STATES);
	j = section_figure(c, "params", FIG_PARAMS);
	plot_file(c->plots, j, "trace", OUT_STATES);
	plot_num(c->plots, j, "w_star", c->a.w_opt);
	plot_num(c->plots, j, "b_star", c->a.b_opt);
	return NR_OK;
}

/* The entry that says when w and b came within SETTLED_TOL of their
 * targets, as this run shows. */
static const char *settled(const struct context *c)
{
	if (c->res.status == STATUS_DIVERGED)
		return "training.settled.diverged";
	if (c->w_settled >= 0 && c->b_settled >= 0)
		return "training.settled.both";
	if (c->w_settled >= 0)
		return "training.settled.w";
	if (c->b_settled >= 0)
		return "training.settled.b";
	return "training.settled.neither";
}

static void write_doc(const struct context *c, const void *result, struct doc *d)
{
	const struct train_result *res = &c->res;
	struct vars v = { .n = 0 };
	char *loss = section_image(c, d, FIG_LOSS), *params = section_image(c, d, FIG_PARAMS);
	char *said = NULL;

	(void)result;
	vars_within(d, &v, "w_within", c->a.w_opt);
	vars_within(d, &v, "b_within", c->a.b_opt);
	vars_int(&v, "w_settled", c->w_settled);
	vars_int(&v, "b_settled", c->b_settled);
	vars_num(&v, "w_gap", fabs(res->last.w - c->a.w_opt));
	vars_num(&v, "b_gap", fabs(res->last.b - c->a.b_opt));
	vars_iterations(d, &v, "iterations", res->last.k);
	vars_int(&v, "diverged_at", res->diverged_at);
	said = doc_plain(d, settled(c), &v);
	if (said)
		vars_program(&v, "settled", said);
	/* loss.gp draws a log axis unless no loss is positive. */
	int any_positive = 0;
	for (size_t i = 0; i < c->path.n; i++)
		any_positive |= c->path.pt[i].loss > 0;
	doc_heading(d, 2, "training", "training.title", &v);
	if (loss && params && said) {
		doc_figure(d, loss, "training.loss.alt", any_positive ? "training.loss.caption"
		                                                       : "training.loss.caption.zero", &v);
		doc_figure(d, params, "training.params.alt", "training.params.caption", &v);
	}
	vars_free(&v);

	doc_table_begin(d, "training.table.head", &v);
	/* A limit of 0 means that no rate is stable (analysis.h). */
	const struct { const char *key; double run, target; int has_target, is_limit; } rows[] = {
		{ "training.table.w", res->last.w, c->a.w_opt, 1, 0 },
		{ "training.table.b", res->last.b, c->a.b_opt, 1, 0 },
		{ "training.table.loss", res->last.loss, c->a.loss_opt, 1, 0 },
		{ "training.table.lr", c->cfg.lr, 0, 0, 0 },
		{ "training.table.critical", c->a.critical_lr[c->cfg.gradient], 0, 0, 1 },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char run[32], target[32] = "";
		snprintf(run, sizeof run, "%.6g", rows[i].run);
		if (rows[i].has_target)
			snprintf(target, sizeof target, "%.6g", rows[i].target);
		doc_cell_t(d, rows[i].key, &v);
		if (rows[i].is_limit && !(rows[i].run > 0))
			doc_cell_t(d, "training.table.none", &v);
		else
			doc_cell(d, run);
		doc_cell(d, target);
		doc_row_end(d);
		if (i == 2) {
			char k[32];
			snprintf(k, sizeof k, "%lld", res->last.k);
			doc_cell_t(d, "training.table.iterations", &v);
			doc_cell(d, k);
			doc_cell(d, "");
			doc_row_end(d);
			doc_cell_t(d, "training.table.status", &v);
			doc_cell_t(d, status_key_at(c, res, c->cfg.lr), &v);
			doc_cell_t(d, status_key(STATUS_CONVERGED), &v);
			doc_row_end(d);
		}
	}
	doc_table_end(d);
	free(said);
	free(loss);
	free(params);
}

static void slides(const struct context *c, const void *result, struct deck *k);

const struct section section_training = {
	.name = "training", .emit = emit, .write = write_doc,
	.slides = slides,
};

/* The loss over the run, then both parameters against their targets. */
static void slides(const struct context *c, const void *result, struct deck *k)
{
	const struct train_result *res = &c->res;
	const char *const loss_numbers[] = { "training.slide.loss0", "training.slide.loss", NULL };
	const char *const param_numbers[] = { "training.slide.w", "training.slide.b", NULL };
	struct vars v = { .n = 0 };
	char *loss = section_image(c, k->doc, FIG_LOSS), *params = section_image(c, k->doc, FIG_PARAMS);

	(void)result;
	vars_numf(&v, "loss0", "%.4g", c->loss0);
	vars_numf(&v, "loss", "%.4g", res->last.loss);
	vars_int(&v, "k", res->last.k);
	vars_iterations(k->doc, &v, "iterations", res->last.k);
	vars_within(k->doc, &v, "w_within", c->a.w_opt);
	vars_within(k->doc, &v, "b_within", c->a.b_opt);
	vars_numf(&v, "w", "%.4g", res->last.w);
	vars_numf(&v, "b", "%.4g", res->last.b);
	vars_numf(&v, "w_opt", "%.4g", c->a.w_opt);
	vars_numf(&v, "b_opt", "%.4g", c->a.b_opt);
	vars_int(&v, "w_settled", c->w_settled);
	vars_int(&v, "b_settled", c->b_settled);
	vars_numf(&v, "w_gap", "%.4g", fabs(res->last.w - c->a.w_opt));
	vars_numf(&v, "b_gap", "%.4g", fabs(res->last.b - c->a.b_opt));
	vars_int(&v, "diverged_at", res->diverged_at);
	deck_slide(k, "training.slide.loss.title", &v);
	if (loss)
		deck_figure(k, loss, "training.loss.alt", loss_numbers, &v);
	deck_slide(k, bias_crawls(c) ? "training.slide.params.title.crawls"
	                             : "training.slide.params.title", &v);
	deck_text(k, settled(c), &v);
	if (params)
		deck_figure(k, params, "training.params.alt", param_numbers, &v);
	free(loss);
	free(params);
	vars_free(&v);
}
