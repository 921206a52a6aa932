/* common.c - what every section uses: outputs, figures, rate names. */
#include "sections/section.h"
#include "base/csvio.h"
#include "base/err.h"
#include "model/sweep.h"

#include <math.h>
#include <stdlib.h>

int section_open(const struct context *c, const char *rel, FILE **fp)
{
	return txn_open(c->out, rel, fp);
}

int section_close(const struct context *c, FILE *fp)
{
	return txn_close(c->out, fp);
}

struct plot_job *section_figure(const struct context *c, const char *script,
                                const char *name)
{
	char *image = plot_image(c->plots, name);
	struct plot_job *j = image ? plot_add(c->plots, script, image) : NULL;

	free(image);
	return j;
}

int section_words(const struct context *c, struct plot_job *j, const char *name,
                  const char *key, const struct vars *v)
{
	struct doc d = { .fp = { NULL, NULL }, .lang = c->lang };
	char *words = doc_plain(&d, key, v);

	if (!words)
		return d.failed ? d.failed : nr_oom();
	plot_text(c->plots, j, name, words);
	free(words);
	return NR_OK;
}

char *section_image(const struct context *c, struct doc *d, const char *name)
{
	char *image = plot_doc_image(c->plots, name);

	if (!image && !d->failed)
		d->failed = nr_oom();
	return image;
}

void vars_lr(struct vars *v, const char *name, double lr)
{
	char label[LR_LABEL_SIZE];

	lr_label(lr, label);
	vars_num_text(v, name, label);
}

const char *status_key(enum train_status s)
{
	switch (s) {
	case STATUS_CONVERGED:     return "status.converged";
	case STATUS_NOT_CONVERGED: return "status.not_converged";
	case STATUS_OSCILLATING:   return "status.oscillating";
	case STATUS_DIVERGED:      return "status.diverged";
	}
	return "status.unknown";
}

int section_data_as_points(const struct context *c)
{
	return c->o->run.data || c->o->run.noise > 0 || c->d.n <= 20;
}

void section_state_row(struct csvw *w, const struct train_state *s)
{
	csvw_int(w, s->k);
	csvw_num(w, s->loss);
	csvw_num(w, s->w);
	csvw_num(w, s->b);
	csvw_end(w);
}

const char *status_key_at(const struct context *c, const struct train_result *res, double lr)
{
	double critical = c->a.critical_lr[c->cfg.gradient];

	if (res->status == STATUS_NOT_CONVERGED && !(lr < critical))
		return "status.not_diverged";
	return status_key(res->status);
}

/* The rule of train.c's status "converged". */
static int near(double v, double target)
{
	return fabs(v - target) <= CONVERGED_TOL * fmax(1, fabs(target));
}

int at_minimum(const struct analysis *a, double w, double b)
{
	return near(w, a->w_opt) && near(b, a->b_opt);
}

int bias_crawls(const struct context *c)
{
	return c->res.status != STATUS_DIVERGED && c->w_settled >= 0 && c->b_settled < 0;
}

/* Entry `key` rendered as plain text into v as `name`. */
static void vars_entry(struct doc *d, struct vars *v, const char *name, const char *key,
                       const struct vars *with)
{
	char *text = doc_plain(d, key, with);

	if (text)
		vars_program(v, name, text);
	free(text);
}

void vars_count(struct doc *d, struct vars *v, const char *name, const char *stem, long long n)
{
	struct vars count = { .n = 0 };
	char *key = xasprintf("%s.%s", stem, n == 1 ? "one" : "many");

	vars_int(&count, "n", n);
	if (key)
		vars_entry(d, v, name, key, &count);
	else if (!d->failed)
		d->failed = nr_oom();
	free(key);
	vars_free(&count);
}

void vars_iterations(struct doc *d, struct vars *v, const char *name, long long n)
{
	vars_count(d, v, name, "count.iteration", n);
}

void vars_within(struct doc *d, struct vars *v, const char *name, double target)
{
	struct vars tol = { .n = 0 };

	vars_num(&tol, "pct", SETTLED_TOL * 100);
	vars_num(&tol, "tol", SETTLED_TOL);
	vars_entry(d, v, name, fabs(target) >= 1 ? "within.relative" : "within.absolute", &tol);
	vars_free(&tol);
}

struct train_config plain_config(const struct context *c)
{
	struct train_config cfg = c->cfg;

	cfg.optim = optim_params_default();
	cfg.batch = 0;
	return cfg;
}

int main_is_plain(const struct context *c)
{
	return c->cfg.optim.kind == OPTIM_GD && (c->cfg.batch == 0 || c->cfg.batch >= c->d.n);
}
