/* trace.c - per-iteration and prediction CSVs, and the summary lines. */
#include "output/trace.h"
#include "base/err.h"
#include "model/neuron.h"
#include "output/txn.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void trace_begin(struct trace_writer *t, FILE *fp, const char *name, long long every)
{
	csvw_begin(&t->w, fp, name, "iteration,loss,weight,bias,dweight,dbias");
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
	csvw_int(&t->w, s->k);
	csvw_num(&t->w, s->loss);
	csvw_num(&t->w, s->w);
	csvw_num(&t->w, s->b);
	csvw_num(&t->w, s->dw);
	csvw_num(&t->w, s->db);
	csvw_end(&t->w);
	if (ferror(t->w.fp))
		return nr_error(NR_EIO, "cannot write %s: %s (free some space, or choose another --out)",
		                t->w.name, strerror(errno ? errno : EIO));
	return NR_OK;
}

void predictions_write(FILE *fp, const struct dataset *d, double w0, double b0,
                       double w, double b)
{
	struct csvw c;
	double before, after;

	csvw_begin(&c, fp, "predictions.csv", "celsius,actual,before,after");
	for (size_t i = 0; i < d->n; i++) {
		neuron_forward(1, &d->x[i], w0, b0, &before);
		neuron_forward(1, &d->x[i], w, b, &after);
		csvw_num(&c, d->x[i]);
		csvw_num(&c, d->y[i]);
		csvw_num(&c, before);
		csvw_num(&c, after);
		csvw_end(&c);
	}
}

int trace_run(struct txn *t, const char *dir, long long every,
              const struct dataset *d, const struct analysis *a,
              const struct train_config *cfg, const struct observer *extra,
              size_t n, struct train_result *res)
{
	char *trace = xasprintf("%s%s", dir, OUT_TRACE);
	char *pred = xasprintf("%s%s", dir, OUT_PREDICTIONS);
	struct observer *obs = calloc(n + 1, sizeof *obs);
	struct trace_writer tw;
	FILE *tfp, *pfp;
	int st;

	if (!trace || !pred || !obs) {
		st = nr_oom();
		goto done;
	}
	if ((st = txn_open(t, trace, &tfp)))
		goto done;
	trace_begin(&tw, tfp, trace, every);
	obs[0] = (struct observer){ trace_observe, &tw };
	for (size_t i = 0; i < n; i++)
		obs[i + 1] = extra[i];
	if ((st = train_run(d, cfg, a, obs, n + 1, res)) ||
	    (st = csvw_finish(&tw.w)) || (st = txn_close(t, tfp)) ||
	    (st = txn_open(t, pred, &pfp)))
		goto done;
	predictions_write(pfp, d, cfg->w0, cfg->b0, res->last.w, res->last.b);
	st = txn_close(t, pfp);
done:
	free(trace);
	free(pred);
	free(obs);
	return st;
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
