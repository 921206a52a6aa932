/* sweep.c - the learning-rate comparison and the dense sweep. */
#include "report/sweep.h"
#include "output/afile.h"
#include "base/csvio.h"
#include "base/err.h"
#include "report/run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof ((struct lr_run *)0)->label == LR_LABEL_SIZE,
               "struct lr_run's label holds an lr_label()");

/* Near-limit rates of the dense sweep: critical * (1 +- d). */
static const double near_limit[SWEEP_DENSE_NEAR] = { 0.001, 0.003, 0.01, 0.03, 0.1 };

/* The fewest decimals p for which "%.*f" reads back as lr, into buf
 * (size bytes); 0 when every such form is longer than size - 1. */
static int fixed_shortest(double lr, char *buf, size_t size)
{
	for (int p = 0;; p++) {
		int len = snprintf(buf, size, "%.*f", p, lr);
		if (len < 0 || (size_t)len >= size)
			return 0;
		if (strtod(buf, NULL) == lr)
			return 1;
	}
}

void lr_label(double lr, char buf[LR_LABEL_SIZE])
{
	/* 0.01 .. 9999 read best as plain decimals; 10000 and up, and below
	 * 0.01, in powers of ten. */
	if (lr >= 0.01 && lr < 1e4 && fixed_shortest(lr, buf, LR_LABEL_SIZE))
		return;

	/* The shortest mantissa that round-trips (17 significant digits always
	 * do), then "1.25e-03" becomes "1.25e-3" and "3e+05" becomes "3e5". */
	char sci[LR_LABEL_SIZE];
	for (int p = 0; p <= 16; p++) {
		snprintf(sci, sizeof sci, "%.*e", p, lr);
		if (strtod(sci, NULL) == lr)
			break;
	}
	char *e = strchr(sci, 'e');
	int exp10 = atoi(e + 1);
	size_t len = (size_t)(e - sci);   /* at most 18: "1.2345678901234567" */

	memcpy(buf, sci, len);
	snprintf(buf + len, LR_LABEL_SIZE - len, "e%d", exp10);
}

char *lr_dirname(double lr)
{
	char buf[LR_DIRNAME_MAX + 1];   /* > LR_LABEL_SIZE */

	if (!fixed_shortest(lr, buf, sizeof buf))
		lr_label(lr, buf);
	return strdup(buf);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

size_t sweep_dense_lrs(double critical, double lo, double hi, double *lrs)
{
	size_t n = 0;
	int limit = critical > 0 && isfinite(critical);

	if (limit) {
		lo = critical;
		hi = critical;
	}
	lo /= 1000;
	hi *= 2;
	/* lr_j = lo * (hi / lo)^(j / (N - 1)): exact ends, even steps in log. */
	double span = log(hi / lo);
	for (int j = 0; j < SWEEP_DENSE_LOG; j++)
		lrs[n++] = j == SWEEP_DENSE_LOG - 1 ? hi
		         : lo * exp(span * j / (SWEEP_DENSE_LOG - 1));
	for (int i = 0; limit && i < SWEEP_DENSE_NEAR; i++) {
		lrs[n++] = critical * (1 - near_limit[i]);
		lrs[n++] = critical * (1 + near_limit[i]);
	}
	qsort(lrs, n, sizeof *lrs, cmp_double);
	size_t kept = 0;
	for (size_t i = 0; i < n; i++)
		if (kept == 0 || lrs[i] != lrs[kept - 1])
			lrs[kept++] = lrs[i];
	return kept;
}

int sweep_settled(enum train_status s)
{
	return s == STATUS_CONVERGED || s == STATUS_NOT_CONVERGED;
}

void sweep_boundary(const double *lrs, const struct train_result *res, size_t n,
                    double *settled, double *unstable)
{
	size_t i = n;

	while (i > 0 && !sweep_settled(res[i - 1].status))
		i--;
	/* lrs[i - 1] is the largest settled rate; lrs[i] .. are all unstable. */
	*settled = i > 0 ? lrs[i - 1] : 0;
	*unstable = i < n ? lrs[i] : 0;
}

int sweep_dense(const struct dataset *d, const struct analysis *a,
                const struct train_config *base, const double *lrs, size_t n,
                struct train_result *res)
{
	for (size_t i = 0; i < n; i++) {
		struct train_config cfg = *base;
		cfg.lr = lrs[i];
		int st = train_run(d, &cfg, a, NULL, NULL, &res[i]);
		if (st)
			return st;
	}
	return NR_OK;
}

/* The rates the comparison runs: --lrs, or the defaults for the gradient. */
static void comparison_lrs(const struct options *o, const double **lrs, size_t *n)
{
	/*
	 * cli.c fills the exact gradient's defaults. The article's formula has
	 * a lower limit (6.74e-4 on the article's data), so its story needs
	 * other rates: too slow, the article's, fast, on its period-2 cycle
	 * just above the limit (1.04 x), and diverging (1.34 x).
	 */
	static const double article[] = { 1e-5, 1e-4, 5e-4, 7e-4, 9e-4 };

	if (!o->lrs_given && o->gradient == GRADIENT_ARTICLE) {
		*lrs = article;
		*n = sizeof article / sizeof article[0];
	} else {
		*lrs = o->lrs;
		*n = o->n_lrs;
	}
}

/* Trains every comparison run into <out>/runs/lr-<value>/. */
static int comparison_runs(struct report *r, const char *runs_dir)
{
	const double *lrs;
	size_t n;
	int st = NR_OK;

	comparison_lrs(r->o, &lrs, &n);
	for (size_t i = 0; i < n && !st; i++) {
		struct lr_run *run = &r->runs[i];
		char *name = lr_dirname(lrs[i]);
		char *sub = name ? xasprintf("lr-%s", name) : NULL;

		run->lr = lrs[i];
		lr_label(lrs[i], run->label);
		run->dir = sub ? path_join(runs_dir, sub) : NULL;
		r->n_runs = i + 1;
		free(name);
		free(sub);
		if (!run->dir)
			return nr_error(NR_ENOMEM, "out of memory");

		struct train_config cfg = r->cfg;
		cfg.lr = lrs[i];
		if (!(st = ensure_dir(run->dir, "run directory")))
			st = run_to_dir(&r->d, &r->a, &cfg, r->o->trace_every, run->dir, &run->res);
	}
	return st;
}

static double ratio(double lr, double critical)
{
	return critical > 0 ? lr / critical : NAN;
}

/* summary.csv: one row per comparison run. */
static int write_summary(FILE *fp, const struct report *r)
{
	static const char *const header[] = {
		"lr", "label", "gradient", "iterations", "loss", "weight", "bias",
		"status", "diverged_at", "lr_over_critical", "run_dir"
	};
	double critical = r->a.critical_lr[r->cfg.gradient];

	if (csv_put_row(fp, header, 11))
		return -1;
	for (size_t i = 0; i < r->n_runs; i++) {
		const struct lr_run *run = &r->runs[i];
		const struct train_result *res = &run->res;
		char lr[CSV_NUM_SIZE], loss[CSV_NUM_SIZE], w[CSV_NUM_SIZE], b[CSV_NUM_SIZE],
		     q[CSV_NUM_SIZE], k[32], div[32];
		/* The run's directory relative to summary.csv, so the table stays
		 * valid when the output directory moves. */
		const char *rel = strrchr(run->dir, '/');

		snprintf(k, sizeof k, "%lld", res->last.k);
		if (res->diverged_at >= 0)
			snprintf(div, sizeof div, "%lld", res->diverged_at);
		else
			strcpy(div, "-");
		char *dir = xasprintf("runs/%s", rel ? rel + 1 : run->dir);
		if (!dir)
			return -2;
		const char *row[] = {
			csv_num(lr, run->lr), run->label, gradient_name(r->cfg.gradient), k,
			csv_num(loss, res->last.loss), csv_num(w, res->last.w),
			csv_num(b, res->last.b), train_status_name(res->status), div,
			csv_num(q, ratio(run->lr, critical)), dir
		};
		int bad = csv_put_row(fp, row, 11);
		free(dir);
		if (bad)
			return -1;
	}
	return 0;
}

/* sweep.csv: one row per dense-sweep rate. */
static int write_dense(FILE *fp, const double *lrs, const struct train_result *res,
                       size_t n, double critical)
{
	static const char *const header[] = {
		"lr", "iterations", "loss", "status", "diverged_at", "lr_over_critical"
	};

	if (csv_put_row(fp, header, 6))
		return -1;
	for (size_t i = 0; i < n; i++) {
		char lr[CSV_NUM_SIZE], loss[CSV_NUM_SIZE], q[CSV_NUM_SIZE], k[32], div[32];
		snprintf(k, sizeof k, "%lld", res[i].last.k);
		if (res[i].diverged_at >= 0)
			snprintf(div, sizeof div, "%lld", res[i].diverged_at);
		else
			strcpy(div, "-");
		const char *row[] = {
			csv_num(lr, lrs[i]), k, csv_num(loss, res[i].last.loss),
			train_status_name(res[i].status), div, csv_num(q, ratio(lrs[i], critical))
		};
		if (csv_put_row(fp, row, 6))
			return -1;
	}
	return 0;
}

/* The comparison as an aligned table, after the main run's `key value`s. */
static void print_table(FILE *fp, const struct report *r)
{
	double critical = r->a.critical_lr[r->cfg.gradient];

	fprintf(fp, "\n%-10s %-8s %10s %-12s %-12s %-12s %-13s %11s %16s\n",
	        "lr", "gradient", "iterations", "loss", "weight", "bias", "status",
	        "diverged_at", "lr_over_critical");
	for (size_t i = 0; i < r->n_runs; i++) {
		const struct lr_run *run = &r->runs[i];
		const struct train_result *res = &run->res;
		char div[32] = "-";
		if (res->diverged_at >= 0)
			snprintf(div, sizeof div, "%lld", res->diverged_at);
		fprintf(fp, "%-10s %-8s %10lld %-12.6g %-12.6g %-12.6g %-13s %11s %16.4f\n",
		        run->label, gradient_name(r->cfg.gradient), res->last.k,
		        res->last.loss, res->last.w, res->last.b,
		        train_status_name(res->status), div, ratio(run->lr, critical));
	}
}

/* One phrase on where blow-up was observed against the computed limit. */
static char *boundary_note(double critical, double settled, double unstable)
{
	if (!(critical > 0))
		return xasprintf("no learning rate is stable for this gradient");
	if (settled > 0 && unstable > 0)
		return xasprintf("observed: settles up to %.4g x, unstable from %.4g x critical",
		                 settled / critical, unstable / critical);
	if (settled > 0)
		return xasprintf("observed: every rate up to %.4g x critical settles", settled / critical);
	return xasprintf("observed: no rate settles");
}

int sweep_section(struct report *r)
{
	const struct options *o = r->o;
	double critical = r->a.critical_lr[r->cfg.gradient];
	struct outset out = OUTSET_INIT;
	char *runs_dir = path_join(o->out, "runs");
	char *summary = path_join(o->out, "summary.csv");
	char *dense = path_join(o->out, "sweep.csv");
	char *note = NULL;
	double lrs[SWEEP_DENSE_MAX];
	struct train_result res[SWEEP_DENSE_MAX];
	FILE *fs, *fd;
	int st;

	if (!runs_dir || !summary || !dense) {
		st = nr_error(NR_ENOMEM, "out of memory");
		goto done;
	}
	if ((st = ensure_dir(runs_dir, "run directory")) ||
	    (st = comparison_runs(r, runs_dir)))
		goto done;

	/* The dense sweep: same start and gradient, no traces. */
	size_t n = sweep_dense_lrs(critical, r->runs[0].lr, r->runs[r->n_runs - 1].lr, lrs);
	struct train_config base = r->cfg;
	if (base.iters > SWEEP_DENSE_ITERS_MAX)
		base.iters = SWEEP_DENSE_ITERS_MAX;
	if ((st = sweep_dense(&r->d, &r->a, &base, lrs, n, res)))
		goto done;
	double settled, unstable;
	sweep_boundary(lrs, res, n, &settled, &unstable);
	r->dense_n = n;
	r->dense_iters = base.iters;
	r->observed_settled = settled;
	r->observed_unstable = unstable;

	if ((st = outset_open(&out, summary, &fs)) || (st = outset_open(&out, dense, &fd)))
		goto done;
	int bad = write_summary(fs, r);
	if (!bad)
		bad = write_dense(fd, lrs, res, n, critical);
	if (bad) {
		st = bad == -2 ? nr_error(NR_ENOMEM, "out of memory")
		               : nr_error(NR_EIO, "writing '%s' or '%s' failed (disk full?)", summary, dense);
		goto done;
	}
	if ((st = outset_commit(&out)))
		goto done;

	print_table(stdout, r);
	if (!(note = boundary_note(critical, settled, unstable))) {
		st = nr_error(NR_ENOMEM, "out of memory");
		goto done;
	}
	printf("\nstability: critical lr %.6g (%s gradient); dense sweep of %zu rates x %lld iterations, %s\n",
	       critical, gradient_name(r->cfg.gradient), n, base.iters, note);

	/* The limit as people write it, to 5 digits: "1.1998e-3". */
	char c[CSV_NUM_SIZE], w[CSV_NUM_SIZE], it[32], c5[CSV_NUM_SIZE], cl[LR_LABEL_SIZE];
	snprintf(it, sizeof it, "%lld", base.iters);
	snprintf(c5, sizeof c5, "%.5g", critical);
	if (critical > 0)
		lr_label(strtod(c5, NULL), cl);
	else
		strcpy(cl, "none");
	const char *basis = r->cfg.gradient == GRADIENT_EXACT ? "2/λmax"
	                    : "the article's formula, linearised";
	if (!(st = plot_add(&r->plots, "lr_loss", o->out, "lr_loss", summary,
	                    csv_num(w, r->a.w_opt), NULL))) {
		plot_cost(&r->plots, 2);   /* every run's trace */
		st = plot_add(&r->plots, "lr_final", o->out, "lr_final", dense, summary,
		              csv_num(c, critical), cl, it, note, basis, NULL);
	}
done:
	outset_abort(&out);
	free(runs_dir);
	free(summary);
	free(dense);
	free(note);
	return st;
}
