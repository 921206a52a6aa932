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

static void put_state(struct csvw *w, const struct train_state *s, unsigned columns)
{
	csvw_int(w, s->k);
	csvw_num(w, s->loss);
	csvw_num(w, s->w);
	csvw_num(w, s->b);
	csvw_num(w, s->dw);
	csvw_num(w, s->db);
	if (columns & TRACE_BATCH)
		csvw_num(w, s->batch_loss);
	if (columns & TRACE_MOMENTS) {
		csvw_num(w, s->opt.mw);
		csvw_num(w, s->opt.mb);
	}
	if (columns & (TRACE_VELOCITY | TRACE_MOMENTS)) {
		csvw_num(w, s->opt.vw);
		csvw_num(w, s->opt.vb);
	}
	csvw_end(w);
}

unsigned trace_columns(const struct train_config *cfg, size_t n)
{
	unsigned c = cfg->batch > 0 && cfg->batch < n ? TRACE_BATCH : 0;

	switch (cfg->optim.kind) {
	case OPTIM_GD:       break;
	case OPTIM_MOMENTUM:
	case OPTIM_NESTEROV: c |= TRACE_VELOCITY; break;
	case OPTIM_ADAM:     c |= TRACE_MOMENTS; break;
	}
	return c;
}

void trace_begin(struct trace_writer *t, FILE *fp, const char *name, long long every,
                 unsigned columns)
{
	const char *batch = columns & TRACE_BATCH ? ",batch_loss" : "";
	const char *moments = columns & TRACE_MOMENTS ? ",mweight,mbias" : "";
	const char *velocity = columns & (TRACE_VELOCITY | TRACE_MOMENTS) ? ",vweight,vbias" : "";
	char header[sizeof TRACE_HEADER ",batch_loss,mweight,mbias,vweight,vbias"];

	snprintf(header, sizeof header, "%s%s%s%s", TRACE_HEADER, batch, moments, velocity);
	csvw_begin(&t->w, fp, name, header);
	t->every = every;
	t->next = 0;
	t->columns = columns;
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
	put_state(&t->w, s, t->columns);
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
		put_state(&w, &p->pt[i], 0);
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
	f->every = every;
	f->trace_rel = xasprintf("%s%s", dir, OUT_TRACE);
	if (!f->trace_rel || !pred)
		st = nr_oom();
	else if (!(st = txn_open(t, f->trace_rel, &f->trace)))
		st = txn_open(t, pred, &f->pred);
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
	trace_begin(&f->tw, f->trace, f->trace_rel, f->every, trace_columns(cfg, d->n));
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

/* The optimizer, its settings, the batch size, and the largest stable
 * learning rate for them where theory gives one (the exact gradient's
 * quadratic; adam has no fixed limit). */
static void optimizer_print(FILE *fp, const struct train_config *cfg,
                            const struct analysis *a)
{
	const struct optim_params *o = &cfg->optim;
	size_t n = a->n;
	double limit = -1;

	fprintf(fp, "optimizer %s\n", optimizer_name(o->kind));
	switch (o->kind) {
	case OPTIM_GD:
		limit = a->critical_lr[cfg->gradient];
		break;
	case OPTIM_MOMENTUM:
	case OPTIM_NESTEROV:
		fprintf(fp, "momentum %.17g\n", o->momentum);
		if (cfg->gradient == GRADIENT_EXACT)
			limit = (o->kind == OPTIM_MOMENTUM ? momentum_critical_lr
			                                   : nesterov_critical_lr)(a->lambda_max, o->momentum);
		break;
	case OPTIM_ADAM:
		fprintf(fp, "beta1 %.17g\nbeta2 %.17g\nepsilon %.17g\n",
		        o->beta1, o->beta2, o->epsilon);
		break;
	}
	fprintf(fp, "batch %zu\n", cfg->batch > 0 && cfg->batch < n ? cfg->batch : n);
	if (limit >= 0)
		fprintf(fp, "optimizer_critical_lr %.17g\n", limit);
	else
		fprintf(fp, "optimizer_critical_lr -\n");
}

/* What theory predicts for full-batch descent on the exact gradient from
 * the run's start (analysis.h). */
static void theory_print(FILE *fp, const struct train_config *cfg,
                         const struct analysis *a)
{
	fprintf(fp, "best_gd_lr %.17g\n", a->gd.lr);
	fprintf(fp, "gd_rate %.17g\n", a->gd.rate);
	fprintf(fp, "momentum_alpha %.17g\n", a->momentum.lr);
	fprintf(fp, "momentum_beta %.17g\n", a->momentum.beta);
	fprintf(fp, "momentum_rate %.17g\n", a->momentum.rate);
	fprintf(fp, "nesterov_alpha %.17g\n", a->nesterov.lr);
	fprintf(fp, "nesterov_beta %.17g\n", a->nesterov.beta);
	fprintf(fp, "nesterov_rate %.17g\n", a->nesterov.rate);
	fprintf(fp, "predicted_gd_iters %lld\n", iters_to_reduce(a->gd.rate, PREDICT_REDUCTION));
	fprintf(fp, "predicted_momentum_iters %lld\n",
	        iters_to_reduce(a->momentum.rate, PREDICT_REDUCTION));
	fprintf(fp, "predicted_momentum_iters_from_start %lld\n",
	        momentum_iters_from(a, cfg->w0, cfg->b0, PREDICT_REDUCTION));
	fprintf(fp, "predicted_nesterov_iters %lld\n",
	        iters_to_reduce(a->nesterov.rate, PREDICT_REDUCTION));
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
	optimizer_print(fp, cfg, a);
	theory_print(fp, cfg, a);
}
