/* trace.c - per-iteration and prediction CSVs, and the summary lines. */
#include "output/trace.h"
#include "base/err.h"
#include "model/neuron.h"
#include "output/txn.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TRACE_HEADER "iteration,loss,weight,bias,dweight,dbias"

static void put_state(struct csvw *w, const struct train_state *s)
{
	csvw_int(w, s->k);
	csvw_num(w, s->loss);
	csvw_num(w, s->w);
	csvw_num(w, s->b);
	csvw_num(w, s->dw);
	csvw_num(w, s->db);
	csvw_end(w);
}

void trace_begin(struct trace_writer *t, FILE *fp, const char *name, long long every)
{
	csvw_begin(&t->w, fp, name, TRACE_HEADER);
	t->every = every;
	t->next = 0;
}

/* The first iteration after k that the schedule keeps. */
static long long next_kept(const struct trace_writer *t, long long k)
{
	if (t->every > 0)
		return (k / t->every + 1) * t->every;
	if (k < TRACE_DENSE)
		return k + 1;
	/* Log-spaced: k_j = TRACE_DENSE * 10^(j / TRACE_PER_DECADE), the first
	 * one past k (the loop absorbs rounding in log10 and llround). */
	double j = floor(TRACE_PER_DECADE * log10((double)k / TRACE_DENSE));
	long long next;
	do {
		j++;
		next = llround(TRACE_DENSE * pow(10, j / TRACE_PER_DECADE));
	} while (next <= k);
	return next;
}

int trace_observe(void *trace_writer, const struct train_state *s, int final)
{
	struct trace_writer *t = trace_writer;

	if (s->k < t->next && !final)
		return NR_OK;
	t->next = next_kept(t, s->k);
	errno = 0;
	put_state(&t->w, s);
	if (ferror(t->w.fp))
		return nr_error(NR_EIO, "cannot write %s: %s (free some space, or choose another --out)",
		                t->w.name, strerror(errno ? errno : EIO));
	return NR_OK;
}

void states_write(FILE *fp, const char *name, const struct path *p)
{
	struct csvw w;

	csvw_begin(&w, fp, name, TRACE_HEADER);
	for (size_t i = 0; i < p->n; i++)
		put_state(&w, &p->pt[i]);
}

void predictions_write(FILE *fp, const struct dataset *d, double w0, double b0,
                       double w, double b, size_t every)
{
	struct csvw c;
	double before, after;

	csvw_begin(&c, fp, "predictions.csv", "celsius,actual,before,after");
	for (size_t i = 0; i < d->n; i += every > 1 ? every : 1) {
		neuron_forward(1, &d->x[i], w0, b0, &before);
		neuron_forward(1, &d->x[i], w, b, &after);
		csvw_num(&c, d->x[i]);
		csvw_num(&c, d->y[i]);
		csvw_num(&c, before);
		csvw_num(&c, after);
		csvw_end(&c);
	}
}

int run_files_open(struct txn *t, const char *dir, long long every, struct run_files *f)
{
	char *pred = xasprintf("%s%s", dir, OUT_PREDICTIONS);
	int st;

	memset(f, 0, sizeof *f);
	f->trace_rel = xasprintf("%s%s", dir, OUT_TRACE);
	if (!f->trace_rel || !pred)
		st = nr_oom();
	else if (!(st = txn_open(t, f->trace_rel, &f->trace)) && !(st = txn_open(t, pred, &f->pred)))
		trace_begin(&f->tw, f->trace, f->trace_rel, every);
	free(pred);
	return st;
}

int run_files_train(struct run_files *f, const struct dataset *d, const struct analysis *a,
                    const struct train_config *cfg, const struct observer *extra,
                    size_t n, struct train_result *res)
{
	struct observer *obs = calloc(n + 1, sizeof *obs);
	int st;

	if (!obs)
		return nr_oom();
	obs[0] = (struct observer){ trace_observe, &f->tw };
	for (size_t i = 0; i < n; i++)
		obs[i + 1] = extra[i];
	if (!(st = train_run(d, cfg, a, obs, n + 1, res)) && !(st = csvw_finish(&f->tw.w)))
		predictions_write(f->pred, d, cfg->w0, cfg->b0, res->last.w, res->last.b, 1);
	free(obs);
	return st;
}

int run_files_close(struct txn *t, struct run_files *f, int failed)
{
	int st = NR_OK;

	for (int k = 0; k < 2; k++) {
		FILE *fp = k ? f->pred : f->trace;
		if (fp && failed)
			txn_drop(t, fp);
		else if (fp && !st)
			st = txn_close(t, fp);
		else if (fp)
			txn_drop(t, fp);
	}
	free(f->trace_rel);
	memset(f, 0, sizeof *f);
	return st;
}

int trace_run(struct txn *t, const char *dir, long long every,
              const struct dataset *d, const struct analysis *a,
              const struct train_config *cfg, const struct observer *extra,
              size_t n, struct train_result *res)
{
	struct run_files f;
	int st = run_files_open(t, dir, every, &f);

	if (!st)
		st = run_files_train(&f, d, a, cfg, extra, n, res);
	int st2 = run_files_close(t, &f, st);
	return st ? st : st2;
}

void summary_print(FILE *fp, const struct train_config *cfg,
                   const struct analysis *a, const struct train_result *res)
{
	fprintf(fp, "gradient %s\n", gradient_name(cfg->gradient));
	fprintf(fp, "lr %.17g\n", cfg->lr);
	fprintf(fp, "w0 %.17g\n", cfg->w0);
	fprintf(fp, "b0 %.17g\n", cfg->b0);
	fprintf(fp, "iterations %lld\n", res->last.k);
	fprintf(fp, "weight %.17g\n", res->last.w);
	fprintf(fp, "bias %.17g\n", res->last.b);
	fprintf(fp, "loss %.17g\n", res->last.loss);
	fprintf(fp, "status %s\n", train_status_name(res->status));
	if (res->diverged_at >= 0)
		fprintf(fp, "diverged_at %lld\n", res->diverged_at);
	else
		fprintf(fp, "diverged_at -\n");
	fprintf(fp, "critical_lr %.17g\n", a->critical_lr[cfg->gradient]);
	fprintf(fp, "optimum_weight %.17g\n", a->w_opt);
	fprintf(fp, "optimum_bias %.17g\n", a->b_opt);
	fprintf(fp, "optimum_loss %.17g\n", a->loss_opt);
}
