/* stability.c - where blow-up begins: a dense sweep around the limit. */
#include "sections/comparison.h"
#include "base/csvio.h"
#include "model/sweep.h"
#include "output/names.h"

#include <math.h>
#include <stdlib.h>

struct stability {
	double lrs[SWEEP_DENSE_MAX];
	struct train_result res[SWEEP_DENSE_MAX];
	size_t n;
	long long iters;                 /* of each run */
	double settled, unstable;        /* the observed boundary (sweep.h) */
};

static int compute(const struct context *c, const void *need, void *result)
{
	const struct comparison *cmp = need;
	struct stability *r = result;
	double critical = c->a.critical_lr[c->cfg.gradient];
	struct train_config base = c->cfg;

	r->n = sweep_dense_lrs(critical, cmp->runs[0].lr, cmp->runs[cmp->n - 1].lr, r->lrs);
	base.iters = sweep_iters(base.iters, c->d.n, r->n);
	r->iters = base.iters;
	int st = sweep_run(&c->d, &c->a, &base, r->lrs, r->n, r->res);
	if (!st)
		sweep_boundary(r->lrs, r->res, r->n, &r->settled, &r->unstable);
	return st;
}

static int emit(const struct context *c, const void *result)
{
	const struct stability *r = result;
	double critical = c->a.critical_lr[c->cfg.gradient];
	struct csvw w;
	FILE *fp;
	int st;

	if ((st = section_open(c, OUT_SWEEP, &fp)))
		return st;
	csvw_begin(&w, fp, OUT_SWEEP, "lr,iterations,loss,status,diverged_at,lr_over_critical");
	for (size_t i = 0; i < r->n; i++) {
		csvw_num(&w, r->lrs[i]);
		csvw_int(&w, r->res[i].last.k);
		csvw_num(&w, r->res[i].last.loss);
		csvw_text(&w, train_status_name(r->res[i].status));
		if (r->res[i].diverged_at >= 0)
			csvw_int(&w, r->res[i].diverged_at);
		else
			csvw_text(&w, "-");
		csvw_num(&w, lr_over_critical(r->lrs[i], critical));
		csvw_end(&w);
	}
	if ((st = csvw_finish(&w)) || (st = section_close(c, fp)))
		return st;

	fprintf(c->summary, "\nstability: critical lr %.6g (%s gradient); dense sweep of %zu rates x %lld iterations, ",
	        critical, gradient_name(c->cfg.gradient), r->n, r->iters);
	if (!(critical > 0))
		fprintf(c->summary, "no learning rate is stable for this gradient\n");
	else if (r->settled > 0 && r->unstable > 0)
		fprintf(c->summary, "observed: settles up to %.4g x, unstable from %.4g x critical\n",
		        r->settled / critical, r->unstable / critical);
	else if (r->settled > 0)
		fprintf(c->summary, "observed: every rate up to %.4g x critical settles\n",
		        r->settled / critical);
	else
		fprintf(c->summary, "observed: no rate settles\n");

	struct plot_job *j = section_figure(c, "lr_final", FIG_LR_FINAL);
	plot_file(c->plots, j, "sweep", OUT_SWEEP);
	plot_file(c->plots, j, "summary", OUT_SUMMARY);
	plot_num(c->plots, j, "critical", critical);
	plot_int(c->plots, j, "iters", r->iters);
	plot_num(c->plots, j, "settled", lr_over_critical(r->settled, critical));
	plot_num(c->plots, j, "unstable", lr_over_critical(r->unstable, critical));
	plot_text(c->plots, j, "gradient", gradient_name(c->cfg.gradient));
	return NR_OK;
}

static void write_doc(const struct context *c, const void *result, struct doc *d)
{
	const struct stability *r = result;
	double crit = c->a.critical_lr[c->cfg.gradient];
	struct vars v = { .n = 0 };
	char *image = section_image(c, d, FIG_LR_FINAL);
	const char *caption = "stability.caption.none";

	vars_int(&v, "iters", r->iters);
	vars_int(&v, "n", (long long)r->n);
	vars_num(&v, "critical", crit);
	vars_numf(&v, "settled", "%.4g", lr_over_critical(r->settled, crit));
	vars_numf(&v, "unstable", "%.4g", lr_over_critical(r->unstable, crit));
	if (crit > 0 && r->settled > 0 && r->unstable > 0)
		caption = "stability.caption.boundary";
	else if (crit > 0 && r->settled > 0)
		caption = "stability.caption.all_settle";
	else if (crit > 0)
		caption = "stability.caption.none_settle";
	if (image)
		doc_figure(d, image, "stability.alt", caption, &v);
	free(image);
	vars_free(&v);
}

const struct section section_stability = {
	.name = "stability", .needs = &section_comparison,
	.size = sizeof(struct stability),
	.compute = compute, .emit = emit, .write = write_doc,
};
