/* report.c - the sections of `neuron report`, in order. */
#include "report/report.h"
#include "output/afile.h"
#include "base/csvio.h"
#include "report/diagrams.h"
#include "report/document.h"
#include "base/err.h"
#include "report/run.h"
#include "report/sweep.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Tracks the last iteration at which w and b were outside SETTLED_TOL. */
struct settle {
	double w_opt, b_opt;
	long long w_out, b_out;
};

static int settle_observe(void *ctx, const struct train_state *s, int final)
{
	struct settle *t = ctx;

	(void)final;
	if (fabs(s->w - t->w_opt) > SETTLED_TOL * fmax(1, fabs(t->w_opt)))
		t->w_out = s->k;
	if (fabs(s->b - t->b_opt) > SETTLED_TOL * fmax(1, fabs(t->b_opt)))
		t->b_out = s->k;
	return NR_OK;
}

/* When did w and b settle? Replays the main run in memory (bit-identical
 * to the one that wrote trace.csv) with a settle observer. */
static int settling(struct report *r)
{
	struct settle t = { r->a.w_opt, r->a.b_opt, -1, -1 };
	struct train_result res;
	int st = train_run(&r->d, &r->cfg, &r->a, settle_observe, &t, &res);

	if (st)
		return st;
	r->w_settled = t.w_out < res.last.k ? t.w_out + 1 : -1;
	r->b_settled = t.b_out < res.last.k ? t.b_out + 1 : -1;
	if (res.status == STATUS_DIVERGED)
		r->w_settled = r->b_settled = -1;
	return NR_OK;
}

/* The main run: its CSVs, its summary, the article's figure, loss and
 * parameters. */
static int main_run_section(struct report *r)
{
	const char *dir = r->o->out;
	int st = run_to_dir(&r->d, &r->a, &r->cfg, r->o->trace_every, dir, &r->res);

	if (st || (st = settling(r)))
		return st;
	run_print_summary(stdout, &r->cfg, &r->a, &r->res);

	char *trace = path_join(dir, "trace.csv");
	char *pred = path_join(dir, "predictions.csv");
	char *note = xasprintf("after %lld iterations: w = %.5g, b = %.5g, loss = %.4g",
	                       r->res.last.k, r->res.last.w, r->res.last.b, r->res.last.loss);
	char ws[CSV_NUM_SIZE], bs[CSV_NUM_SIZE];

	if (!trace || !pred || !note)
		st = nr_error(NR_ENOMEM, "out of memory");
	else if (!(st = plot_add(&r->plots, "fit", dir, "fit", pred, r->d.xname,
	                         r->d.yname, note, NULL)) &&
	         !(st = plot_add(&r->plots, "loss", dir, "loss", trace, NULL)))
		st = plot_add(&r->plots, "params", dir, "params", trace,
		              csv_num(ws, r->a.w_opt), csv_num(bs, r->a.b_opt), NULL);
	free(trace);
	free(pred);
	free(note);
	return st;
}

static void report_free(struct report *r)
{
	for (size_t i = 0; i < r->n_runs; i++)
		free(r->runs[i].dir);
	plot_list_free(&r->plots);
	dataset_free(&r->d);
}

int report_run(const struct options *o, const volatile sig_atomic_t *interrupted)
{
	struct report r = { .o = o, .interrupted = interrupted };
	int st;

	plot_list_init(&r.plots, o->format);
	if ((st = run_data(o, &r.d, &r.a)))
		goto done;
	r.cfg = run_config(o, o->lr, interrupted);

	if ((st = ensure_dir(o->out, "--out")) ||
	    (st = main_run_section(&r)) ||
	    (st = sweep_section(&r)) ||
	    (st = diagrams_section(&r)) ||
	    (st = lessons_section(&r)) ||
	    (st = plot_render(&r.plots)) ||
	    (st = document_write(&r)))
		goto done;
done:
	report_free(&r);
	return st;
}
