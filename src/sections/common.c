/* common.c - what every section uses: outputs, figures, rate names. */
#include "sections/section.h"
#include "base/csvio.h"
#include "base/err.h"
#include "model/sweep.h"

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
