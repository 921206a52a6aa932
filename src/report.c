/* report.c - the sections of `neuron report`, in order. */
#include "report.h"
#include "afile.h"
#include "csvio.h"
#include "err.h"
#include "run.h"

#include <stdio.h>
#include <stdlib.h>

/* The main run: its CSVs, its summary, the article's figure, loss and
 * parameters. */
static int main_run_section(struct report *r)
{
	const char *dir = r->o->out;
	int st = run_to_dir(&r->d, &r->a, &r->cfg, r->o->trace_every, dir, &r->res);

	if (st)
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
	if ((st = run_data(o, &r.d)))
		goto done;
	analysis_compute(&r.d, &r.a);
	r.cfg = run_config(o, o->lr, interrupted);

	if ((st = ensure_dir(o->out, "--out")) ||
	    (st = main_run_section(&r)) ||
	    (st = lessons_section(&r)) ||
	    (st = plot_render(&r.plots)))
		goto done;
done:
	report_free(&r);
	return st;
}
