/* stability.c - where blow-up begins: a dense sweep around the limit. */
#include "sections/comparison.h"
#include "base/csvio.h"
#include "base/err.h"
#include "model/sweep.h"
#include "output/names.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

struct stability {
	double lrs[SWEEP_DENSE_MAX];
	struct train_result res[SWEEP_DENSE_MAX];
	size_t n;
	long long iters;                 /* of each run */
	struct sweep_edges e;            /* the observed boundary (sweep.h) */
};

static int compute(const struct context *c, const void *need, void *result)
{
	const struct comparison *cmp = need;
	struct stability *r = result;
	double critical = c->a.critical_lr[c->cfg.gradient];
	struct train_config base = plain_config(c);

	r->n = sweep_dense_lrs(critical, cmp->runs[0].lr, cmp->runs[cmp->n - 1].lr, r->lrs);
	base.iters = sweep_iters(base.iters, c->d.n, r->n);
	r->iters = base.iters;
	int st = sweep_run(&c->d, &c->a, &base, r->lrs, r->n, r->res);
	if (!st)
		sweep_boundary(r->lrs, r->res, r->n, &r->e);
	return st;
}

/* Rates that oscillated to the end: from e.unstable up to below e.diverged. */
static int swinging(const struct sweep_edges *e)
{
	return e->unstable > 0 && e->unstable != e->diverged;
}

/*
 * What the sweep showed, in the words of the language file, as one text:
 * the entries `<prefix>.<part>` for the runs up to the observed boundary
 * (settled, settled_largest, not_yet or none_settled), for the runs above
 * it that did not all blow up (swinging or mixed) and for the top
 * (diverged or no_divergence), joined by `sep`. Each part is checked
 * against every run of the sweep it speaks of. Returns the text, or NULL
 * (d->failed set).
 */
static char *observed(const struct context *c, const struct stability *r, struct doc *d,
                      const char *prefix, const char *sep)
{
	double crit = c->a.critical_lr[c->cfg.gradient];
	const struct sweep_edges *e = &r->e;
	struct vars v = { .n = 0 };
	const char *part[3];
	char *text[3] = { NULL, NULL, NULL }, *all = NULL;
	size_t n = 0;
	int below_settled = 1, swing_blew_up = 0;

	for (size_t i = 0; i < r->n; i++) {
		if (r->lrs[i] < e->settled && !sweep_settled(r->res[i].status))
			below_settled = 0;
		if (swinging(e) && r->lrs[i] >= e->unstable &&
		    (e->diverged == 0 || r->lrs[i] < e->diverged))
			swing_blew_up |= r->res[i].status == STATUS_DIVERGED;
	}
	vars_iterations(d, &v, "iterations", r->iters);
	vars_numf(&v, "settled", "%.4g", lr_over_critical(e->settled, crit));
	vars_numf(&v, "from", "%.4g", lr_over_critical(e->unstable, crit));
	vars_numf(&v, "diverged", "%.4g", lr_over_critical(e->diverged, crit));
	part[n++] = !(e->settled > 0) ? "none_settled" : !below_settled ? "settled_largest"
	            : e->settled > crit ? "not_yet" : "settled";
	if (swinging(e))
		part[n++] = swing_blew_up ? "mixed" : "swinging";
	part[n++] = e->diverged > 0 ? "diverged" : "no_divergence";
	for (size_t i = 0; i < n; i++) {
		char key[64];
		snprintf(key, sizeof key, "%s.%s", prefix, part[i]);
		if (!(text[i] = doc_plain(d, key, &v)))
			goto done;
	}
	all = n == 3 ? xasprintf("%s%s%s%s%s", text[0], sep, text[1], sep, text[2])
	             : xasprintf("%s%s%s", text[0], sep, text[1]);
	if (!all && !d->failed)
		d->failed = nr_oom();
done:
	for (size_t i = 0; i < 3; i++)
		free(text[i]);
	vars_free(&v);
	return all;
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

	fprintf(c->summary, "\nstability: critical lr %.6g (%s gradient); dense sweep of %zu rates x %lld iterations, observed:",
	        critical, gradient_name(c->cfg.gradient), r->n, r->iters);
	if (!(critical > 0))
		fprintf(c->summary, " no learning rate is stable for this gradient\n");
	else {
		if (r->e.settled > 0)
			fprintf(c->summary, " settles up to %.4g x,", r->e.settled / critical);
		else
			fprintf(c->summary, " none settles,");
		if (swinging(&r->e))
			fprintf(c->summary, " oscillating from %.4g x,", r->e.unstable / critical);
		if (r->e.diverged > 0)
			fprintf(c->summary, " diverges from %.4g x critical\n", r->e.diverged / critical);
		else
			fprintf(c->summary, " none diverges\n");
	}

	struct plot_job *j = section_figure(c, "lr_final", FIG_LR_FINAL);
	plot_file(c->plots, j, "sweep", OUT_SWEEP);
	plot_file(c->plots, j, "summary", OUT_SUMMARY);
	plot_num(c->plots, j, "critical", critical);
	plot_int(c->plots, j, "iters", r->iters);
	plot_text(c->plots, j, "gradient", gradient_name(c->cfg.gradient));
	if (critical > 0) {
		struct doc d = { .fp = { NULL, NULL }, .lang = c->lang };
		char *title = observed(c, r, &d, "stability.title", "; ");
		if (!title)
			return d.failed;
		plot_text(c->plots, j, "title", title);
		free(title);
	} else if ((st = section_words(c, j, "title", "stability.title.none", NULL))) {
		return st;
	}
	return NR_OK;
}

static void write_doc(const struct context *c, const void *result, struct doc *d)
{
	const struct stability *r = result;
	double crit = c->a.critical_lr[c->cfg.gradient];
	struct vars v = { .n = 0 };
	char *image = section_image(c, d, FIG_LR_FINAL);
	char *said = crit > 0 ? observed(c, r, d, "stability.observed", " ") : NULL;

	int blew_up = 0;
	for (size_t i = 0; i < r->n; i++)
		blew_up |= r->res[i].status == STATUS_DIVERGED;
	vars_iterations(d, &v, "iterations", r->iters);
	vars_int(&v, "n", (long long)r->n);
	vars_num(&v, "critical", crit);
	if (said)
		vars_program(&v, "observed", said);
	if (image && (said || !(crit > 0)))
		doc_figure(d, image, "stability.alt", !(crit > 0) ? "stability.caption.none"
		           : blew_up ? "stability.caption" : "stability.caption.calm", &v);
	free(said);
	free(image);
	vars_free(&v);
}

static void slides(const struct context *c, const void *result, struct deck *k);

const struct section section_stability = {
	.name = "stability", .needs = &section_comparison,
	.size = sizeof(struct stability),
	.compute = compute, .emit = emit, .write = write_doc,
	.slides = slides,
};

/* The dense sweep: where runs stop settling and start blowing up. */
static void slides(const struct context *c, const void *result, struct deck *k)
{
	const struct stability *r = result;
	double crit = c->a.critical_lr[c->cfg.gradient];
	const char *numbers[DECK_NUMBERS_MAX + 1] = { NULL };
	size_t n = 0;
	struct vars v = { .n = 0 };
	char *image = section_image(c, k->doc, FIG_LR_FINAL);

	vars_int(&v, "n", (long long)r->n);
	vars_iterations(k->doc, &v, "iterations", r->iters);
	vars_numf(&v, "critical", "%.4g", crit);
	vars_numf(&v, "settled", "%.4g", lr_over_critical(r->e.settled, crit));
	vars_numf(&v, "diverged", "%.4g", lr_over_critical(r->e.diverged, crit));
	if (crit > 0) {
		numbers[n++] = "stability.slide.limit";
		if (r->e.settled > 0)
			numbers[n++] = "stability.slide.settled";
		if (r->e.diverged > 0)
			numbers[n++] = "stability.slide.diverged";
	}
	deck_slide(k, "stability.slide.title", &v);
	deck_text(k, crit > 0 ? "stability.slide.text" : "stability.slide.text.none", &v);
	if (image)
		deck_figure(k, image, "stability.alt", numbers, &v);
	free(image);
	vars_free(&v);
}
