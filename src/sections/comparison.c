/* comparison.c - several learning rates from one start, side by side. */
#include "sections/comparison.h"
#include "base/csvio.h"
#include "base/err.h"
#include "base/parallel.h"
#include "model/sweep.h"
#include "output/names.h"
#include "output/trace.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

size_t comparison_rates(const struct report_options *o, double lrs[LRS_MAX])
{
	/* For the exact gradient on the article's data: 1.1e-3 overshoots and
	 * still converges, 1.25e-3 is above 2 / lambda_max = 1.1998e-3. The
	 * article's formula has a lower limit (6.74e-4): 7e-4 settles on its
	 * period-2 cycle (1.04 x), 9e-4 diverges (1.34 x). */
	static const double exact[] = { 1e-5, 1e-4, 5e-4, 1.1e-3, 1.25e-3 };
	static const double article[] = { 1e-5, 1e-4, 5e-4, 7e-4, 9e-4 };
	const double *from = o->run.gradient == GRADIENT_ARTICLE ? article : exact;
	size_t n = sizeof exact / sizeof exact[0];

	if (o->lrs_given) {
		from = o->lrs;
		n = o->n_lrs;
	}
	memcpy(lrs, from, n * sizeof *lrs);
	return n;
}

/* The main run's rate: its result, path and files are the main run's. */
static int copy_main_run(const struct context *c, struct lr_run *run)
{
	char *trace = xasprintf("%s%s", run->dir, OUT_TRACE);
	char *pred = xasprintf("%s%s", run->dir, OUT_PREDICTIONS);
	int st;

	run->res = c->res;
	if (!trace || !pred)
		st = nr_oom();
	else if (!(st = path_thin(&run->path, &c->path)) &&
	         !(st = txn_copy(c->out, OUT_TRACE, trace)))
		st = txn_copy(c->out, OUT_PREDICTIONS, pred);
	free(trace);
	free(pred);
	return st;
}

static void release(void *result)
{
	struct comparison *r = result;

	for (size_t i = 0; i < r->n; i++) {
		free(r->runs[i].dir);
		path_free(&r->runs[i].path);
	}
}

/* The runs to train, each with its files open: they train side by side. */
struct training {
	const struct context *c;
	struct comparison *r;
	struct run_files files[LRS_MAX];
};

static int train_one(void *ctx, size_t i)
{
	struct training *t = ctx;
	struct lr_run *run = &t->r->runs[i];
	struct train_config cfg = plain_config(t->c);
	struct observer record = { path_observe, &run->path };

	if (run->is_main)
		return NR_OK;
	cfg.lr = run->lr;
	return run_files_train(&t->files[i], &t->c->d, &t->c->a, &cfg, &record, 1, &run->res);
}

/* Names every run and opens its files, copies the main run's, trains the
 * others on every processor, then closes the files (the transaction is
 * touched by this thread only). */
static int compute(const struct context *c, const void *need, void *result)
{
	struct comparison *r = result;
	struct training t = { .c = c, .r = r };
	double lrs[LRS_MAX];
	size_t n = comparison_rates(c->o, lrs);
	int st = NR_OK;

	(void)need;
	for (size_t i = 0; i < n && !st; i++) {
		struct lr_run *run = &r->runs[i];
		char *name = lr_dirname(lrs[i]);
		run->lr = lrs[i];
		run->is_main = lrs[i] == c->cfg.lr && main_is_plain(c);
		run->path = (struct path)PATH_INIT(PATH_DENSE, PATH_PER_DECADE);
		run->dir = name ? xasprintf("%s/lr-%s/", OUT_RUNS, name) : NULL;
		free(name);
		r->n = i + 1;
		if (!run->dir)
			st = nr_oom();
		else if (run->is_main)
			st = copy_main_run(c, run);
		else
			st = run_files_open(c->out, run->dir, c->o->run.trace_every, &t.files[i]);
	}
	if (!st)
		st = parallel_for(r->n, train_one, &t);
	for (size_t i = 0; i < r->n; i++) {
		int st2 = run_files_close(c->out, &t.files[i], st);
		st = st ? st : st2;
	}
	return st;
}

static int emit(const struct context *c, const void *result)
{
	const struct comparison *r = result;
	double critical = c->a.critical_lr[c->cfg.gradient];
	const char *gradient = gradient_name(c->cfg.gradient);
	struct csvw w;
	FILE *fp;
	int st;

	if ((st = section_open(c, OUT_SUMMARY, &fp)))
		return st;
	csvw_begin(&w, fp, OUT_SUMMARY, "lr,label,gradient,iterations,loss,weight,bias,"
	                                "status,diverged_at,lr_over_critical,run_dir");
	fprintf(c->summary, "\n%-10s %-8s %10s %-12s %-12s %-12s %-13s %11s %16s\n",
	        "lr", "gradient", "iterations", "loss", "weight", "bias", "status",
	        "diverged_at", "lr_over_critical");
	for (size_t i = 0; i < r->n; i++) {
		const struct lr_run *run = &r->runs[i];
		const struct train_result *res = &run->res;
		char label[LR_LABEL_SIZE], div[32] = "-";
		lr_label(run->lr, label);
		if (res->diverged_at >= 0)
			snprintf(div, sizeof div, "%lld", res->diverged_at);
		/* The run's directory relative to summary.csv, so the table stays
		 * valid when the output directory moves. */
		char *dir = strndup(run->dir, strlen(run->dir) - 1);
		if (!dir)
			return nr_oom();
		csvw_num(&w, run->lr);
		csvw_text(&w, label);
		csvw_text(&w, gradient);
		csvw_int(&w, res->last.k);
		csvw_num(&w, res->last.loss);
		csvw_num(&w, res->last.w);
		csvw_num(&w, res->last.b);
		csvw_text(&w, train_status_name(res->status));
		csvw_text(&w, div);
		csvw_num(&w, lr_over_critical(run->lr, critical));
		csvw_text(&w, dir);
		csvw_end(&w);
		free(dir);
		fprintf(c->summary, "%-10s %-8s %10lld %-12.6g %-12.6g %-12.6g %-13s %11s %16.4g\n",
		        label, gradient, res->last.k, res->last.loss, res->last.w, res->last.b,
		        train_status_name(res->status), div, lr_over_critical(run->lr, critical));
	}
	if ((st = csvw_finish(&w)) || (st = section_close(c, fp)))
		return st;

	/* runs.csv: every run's states as the figure draws them, in one file. */
	if ((st = section_open(c, OUT_RUNS_CSV, &fp)))
		return st;
	csvw_begin(&w, fp, OUT_RUNS_CSV, "run,label,status,diverged_at,iteration,loss,weight,bias");
	for (size_t i = 0; i < r->n; i++) {
		const struct lr_run *run = &r->runs[i];
		char label[LR_LABEL_SIZE];
		lr_label(run->lr, label);
		for (size_t k = 0; k < run->path.n; k++) {
			const struct train_state *s = &run->path.pt[k];
			csvw_int(&w, (long long)i + 1);
			csvw_text(&w, label);
			csvw_text(&w, train_status_name(run->res.status));
			csvw_int(&w, run->res.diverged_at);
			section_state_row(&w, s);
		}
	}
	if ((st = csvw_finish(&w)) || (st = section_close(c, fp)))
		return st;

	struct plot_job *j = section_figure(c, "lr_loss", FIG_LR_LOSS);
	plot_file(c->plots, j, "runs", OUT_RUNS_CSV);
	for (size_t i = 0, first = 0; i < r->n; i++) {
		plot_rows(c->plots, j, "runs", i + 1, first, r->runs[i].path.n);
		first += r->runs[i].path.n;
	}
	plot_num(c->plots, j, "w_star", c->a.w_opt);
	plot_cost(j, 120);
	return NR_OK;
}

/* The figure's lower panel shows iterations 0 .. ZOOM at most
 * (lr_loss.gp), and the runs whose losses set the upper panel's range. */
#define ZOOM 30

static int shown(const struct comparison *r, size_t i, int all_diverged)
{
	return all_diverged || r->runs[i].res.status != STATUS_DIVERGED;
}

/* Whether a run shown in the lower panel visibly crosses w* back and
 * forth: within iterations 0 .. zoom its w - w* changes sign at least
 * twice, counting only points at least 1% of the panel's height away from
 * w* (rounding noise around a minimum the run started at is no zig-zag). */
static int zigzags(const struct context *c, const struct comparison *r, long long zoom,
                   int all_diverged)
{
	double lo = c->a.w_opt, hi = c->a.w_opt;

	for (size_t i = 0; i < r->n; i++)
		for (size_t j = 0; j < r->runs[i].path.n && shown(r, i, all_diverged); j++) {
			const struct train_state *s = &r->runs[i].path.pt[j];
			if (s->k <= zoom && isfinite(s->w)) {
				lo = fmin(lo, s->w);
				hi = fmax(hi, s->w);
			}
		}
	double visible = 0.01 * (hi > lo ? hi - lo : 0.1 * fabs(c->a.w_opt) + 0.1);
	for (size_t i = 0; i < r->n; i++) {
		const struct path *p = &r->runs[i].path;
		int flips = 0;
		double prev = 0;
		for (size_t j = 0; j < p->n && p->pt[j].k <= zoom && shown(r, i, all_diverged); j++) {
			double e = p->pt[j].w - c->a.w_opt;
			if (!(fabs(e) >= visible))
				continue;
			flips += e * prev < 0;
			prev = e;
		}
		if (flips >= 2)
			return 1;
	}
	return 0;
}

/* The caption of lr_loss: each part says what this figure shows. */
static void caption_words(const struct context *c, const struct comparison *r, struct doc *d,
                          struct vars *v)
{
	size_t diverged = 0;
	long long kmax = 0;

	for (size_t i = 0; i < r->n; i++) {
		diverged += r->runs[i].res.status == STATUS_DIVERGED;
		if (r->runs[i].res.last.k > kmax)
			kmax = r->runs[i].res.last.k;
	}
	int all = diverged == r->n;
	long long zoom = kmax < ZOOM ? kmax : ZOOM;
	struct vars z = { .n = 0 };
	vars_int(&z, "zoom", zoom);
	char *top = doc_plain(d, all ? "comparison.caption.top.all" : diverged ?
	                      "comparison.caption.top.some" : "comparison.caption.top", &z);
	char *bottom = doc_plain(d, zigzags(c, r, zoom, all) ? "comparison.caption.zigzag"
	                                                     : "comparison.caption.plain", &z);
	if (top && bottom) {
		vars_program(v, "top", top);
		vars_program(v, "bottom", bottom);
	}
	free(top);
	free(bottom);
	vars_free(&z);
}

static void write_doc(const struct context *c, const void *result, struct doc *d)
{
	const struct comparison *r = result;
	double crit = c->a.critical_lr[c->cfg.gradient];
	struct vars v = { .n = 0 };
	char *image = section_image(c, d, FIG_LR_LOSS);

	vars_num(&v, "lambda_max", c->a.lambda_max);
	vars_num(&v, "critical", crit);
	vars_num(&v, "critical_exact", c->a.critical_lr[GRADIENT_EXACT]);
	vars_num(&v, "inv_lambda_max", 1 / c->a.lambda_max);
	doc_heading(d, 2, "comparison", "comparison.title", &v);
	doc_text(d, c->cfg.gradient == GRADIENT_EXACT ? "comparison.text.exact"
	            : crit > 0 ? "comparison.text.article" : "comparison.text.article.none", &v);
	doc_table_begin(d, "comparison.table.head", &v);
	for (size_t i = 0; i < r->n; i++) {
		const struct train_result *res = &r->runs[i].res;
		char label[LR_LABEL_SIZE], cell[5][32];
		lr_label(r->runs[i].lr, label);
		if (crit > 0)
			snprintf(cell[0], sizeof cell[0], "%.3g", r->runs[i].lr / crit);
		else
			snprintf(cell[0], sizeof cell[0], "-");
		snprintf(cell[1], sizeof cell[1], "%.6g", res->last.loss);
		snprintf(cell[2], sizeof cell[2], "%.6g", res->last.w);
		snprintf(cell[3], sizeof cell[3], "%.6g", res->last.b);
		if (res->diverged_at >= 0)
			snprintf(cell[4], sizeof cell[4], "%lld", res->diverged_at);
		else
			snprintf(cell[4], sizeof cell[4], "-");
		doc_cell(d, label);
		doc_cell(d, cell[0]);
		doc_cell_t(d, status_key_at(c, res, r->runs[i].lr), &v);
		for (int k = 1; k < 5; k++)
			doc_cell(d, cell[k]);
		doc_row_end(d);
	}
	doc_table_end(d);
	caption_words(c, r, d, &v);
	if (image)
		doc_figure(d, image, "comparison.alt", "comparison.caption", &v);
	free(image);
	vars_free(&v);
}

static void slides(const struct context *c, const void *result, struct deck *k);

const struct section section_comparison = {
	.name = "comparison", .size = sizeof(struct comparison),
	.compute = compute, .emit = emit, .write = write_doc, .release = release,
	.slides = slides,
};

/* How large the learning rate may be, and the runs that show it. */
static void slides(const struct context *c, const void *result, struct deck *k)
{
	int exact = c->cfg.gradient == GRADIENT_EXACT;
	const char *const numbers[] = {
		exact ? "comparison.slide.limit.exact" : "comparison.slide.limit.article",
		exact ? "comparison.slide.zigzag" : NULL, NULL
	};
	struct vars v = { .n = 0 };
	char *image = section_image(c, k->doc, FIG_LR_LOSS);

	(void)result;
	vars_numf(&v, "critical", "%.4g", c->a.critical_lr[c->cfg.gradient]);
	vars_numf(&v, "inv_lambda_max", "%.4g", 1 / c->a.lambda_max);
	deck_slide(k, "comparison.slide.title", &v);
	deck_text(k, exact ? "comparison.slide.text.exact" : "comparison.slide.text.article", &v);
	if (image)
		deck_figure(k, image, "comparison.alt", numbers, &v);
	free(image);
	vars_free(&v);
}
