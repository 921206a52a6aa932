/* diagrams.c - network structure, chain-rule graph and worked steps. */
#include "report/diagrams.h"
#include "output/afile.h"
#include "base/csvio.h"
#include "base/err.h"
#include "model/neuron.h"
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

void chain_compute(double x, double y, double w, double b, struct chain *c)
{
	double dout, unused_b;

	memset(c, 0, sizeof *c);
	c->x = x;
	c->y = y;
	c->w = w;
	c->b = b;

	/* Forward: the model's own functions, and between them the same
	 * operations they perform (x[i] * w inside neuron_forward, out - y and
	 * d * d inside neuron_loss). */
	neuron_forward(1, &x, w, b, &c->out);
	c->xw = x * w;
	c->diff = c->out - y;
	c->sq = c->diff * c->diff;
	c->loss = neuron_loss(1, &c->out, &y);

	/* Backward, from the loss to the inputs, one local derivative each. */
	c->g_loss = 1;                          /* dL/dL */
	c->g_sq = c->g_loss / 1.0;              /* L = sq / N, N = 1 */
	c->g_diff = c->g_sq * (2 * c->diff);    /* d(diff^2)/d(diff) = 2 diff */
	neuron_backward(1, &x, &y, &c->out, GRADIENT_EXACT, &dout, &c->g_w, &c->g_b);
	c->g_out = dout;                        /* = g_diff * d(out - y)/d(out) */
	c->g_xw = c->g_out;                     /* d(xw + b)/d(xw) = 1 */
	c->g_x = c->g_xw * w;                   /* d(x w)/dx = w */
	neuron_backward(1, &x, &y, &c->out, GRADIENT_ARTICLE, &dout,
	                &c->dw_article, &unused_b);
}

double example_target(const struct options *o, const struct analysis *a, double c)
{
	if (!o->data)
		return c * 9 / 5 + 32;   /* the article's order, as in data.c */
	return a->w_opt * c + a->b_opt;
}

/* Reading trace.csv back: the consecutive rows 0, 1, ..., up to max. */
struct trace_reader {
	const char *path;
	struct train_state *s;
	size_t max, n;
};

static int trace_row(void *ctx, char *const *f, size_t nf, unsigned long line)
{
	struct trace_reader *t = ctx;
	double v[6];

	if (nf != 6)
		return nr_error(NR_EDATA, "%s:%lu: expected 6 fields, found %zu", t->path, line, nf);
	if (line == 1)
		return strcmp(f[0], "iteration") ? nr_error(NR_EDATA, "%s:1: not a trace (no 'iteration' header)", t->path)
		                                 : NR_OK;
	for (size_t i = 0; i < 6; i++) {
		char *end;
		v[i] = strtod(f[i], &end);
		if (end == f[i] || *end)
			return nr_error(NR_EDATA, "%s:%lu: '%s' is not a number", t->path, line, f[i]);
	}
	if (v[0] != (double)t->n)
		return NR_DONE;   /* the schedule skipped a row: stop here */
	t->s[t->n++] = (struct train_state){ (long long)v[0], v[1], v[2], v[3], v[4], v[5] };
	return t->n == t->max ? NR_DONE : NR_OK;
}

int steps_from_trace(const char *trace_path, double lr, struct step *steps,
                     size_t max, size_t *n)
{
	struct train_state *s = calloc(max + 1, sizeof *s);
	struct trace_reader t = { trace_path, s, max + 1, 0 };
	int st;

	*n = 0;
	if (!s)
		return nr_error(NR_ENOMEM, "out of memory");
	st = csv_read(trace_path, trace_row, &t);
	if (st == NR_DONE)
		st = NR_OK;
	for (size_t k = 0; !st && k + 1 < t.n; k++) {
		steps[k] = (struct step){
			.k = s[k].k, .loss = s[k].loss, .w = s[k].w, .b = s[k].b,
			.dw = s[k].dw, .db = s[k].db,
			.lr_dw = lr * s[k].dw, .lr_db = lr * s[k].db,   /* as neuron_update */
			.new_w = s[k + 1].w, .new_b = s[k + 1].b,
		};
		*n = k + 1;
	}
	free(s);
	return st;
}

static int write_failed(const char *what)
{
	return nr_error(NR_EIO, "writing %s failed (disk full?)", what);
}

static int write_chain(FILE *fp, const struct chain *c, const char *target_rule)
{
	const struct { const char *key; double v; const char *rule; } rows[] = {
		{ "x", c->x, "input" },
		{ "y", c->y, target_rule },
		{ "w", c->w, "initial weight" },
		{ "b", c->b, "initial bias" },
		{ "xw", c->xw, "x * w" },
		{ "out", c->out, "xw + b" },
		{ "diff", c->diff, "out - y" },
		{ "sq", c->sq, "diff * diff" },
		{ "loss", c->loss, "sq / N with N = 1" },
		{ "g_loss", c->g_loss, "dL/dL = 1" },
		{ "g_sq", c->g_sq, "dL/dsq = 1 / N" },
		{ "g_diff", c->g_diff, "dL/ddiff = dL/dsq * 2 * diff" },
		{ "g_out", c->g_out, "dL/dout = dL/ddiff * 1" },
		{ "g_xw", c->g_xw, "dL/dxw = dL/dout * 1" },
		{ "g_b", c->g_b, "dL/db = dL/dout * 1" },
		{ "g_w", c->g_w, "dL/dw = dL/dxw * x" },
		{ "g_x", c->g_x, "dL/dx = dL/dxw * w" },
		{ "dw_article", c->dw_article, "the article's code: out * dL/dout" },
	};
	static const char *const header[] = { "key", "value", "rule" };
	char num[CSV_NUM_SIZE];

	if (csv_put_row(fp, header, 3))
		return write_failed("chain.csv");
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const char *row[] = { rows[i].key, csv_num(num, rows[i].v), rows[i].rule };
		if (csv_put_row(fp, row, 3))
			return write_failed("chain.csv");
	}
	return NR_OK;
}

static int write_steps(FILE *fp, const struct step *s, size_t n)
{
	static const char *const header[] = {
		"iteration", "loss", "weight", "bias", "dweight", "dbias",
		"lr_dweight", "lr_dbias", "new_weight", "new_bias"
	};
	char it[CSV_NUM_SIZE], v[9][CSV_NUM_SIZE];

	if (csv_put_row(fp, header, 10))
		return write_failed("steps.csv");
	for (size_t i = 0; i < n; i++) {
		snprintf(it, sizeof it, "%lld", s[i].k);
		const char *row[] = {
			it, csv_num(v[0], s[i].loss), csv_num(v[1], s[i].w),
			csv_num(v[2], s[i].b), csv_num(v[3], s[i].dw), csv_num(v[4], s[i].db),
			csv_num(v[5], s[i].lr_dw), csv_num(v[6], s[i].lr_db),
			csv_num(v[7], s[i].new_w), csv_num(v[8], s[i].new_b)
		};
		if (csv_put_row(fp, row, 10))
			return write_failed("steps.csv");
	}
	return NR_OK;
}

int diagrams_section(struct report *r)
{
	const char *dir = r->o->out;
	struct outset out = OUTSET_INIT;
	FILE *chain_fp, *steps_fp;
	const char *target_rule = r->o->data ? "the least-squares line of the data"
	                                     : "the data's formula x * 9 / 5 + 32";
	char *trace = path_join(dir, "trace.csv");
	char *chain_path = path_join(dir, "chain.csv");
	char *steps_path = path_join(dir, "steps.csv");
	int st;

	if (!trace || !chain_path || !steps_path) {
		st = nr_error(NR_ENOMEM, "out of memory");
		goto done;
	}
	r->example_rule = target_rule;
	chain_compute(r->o->example, example_target(r->o, &r->a, r->o->example),
	              r->cfg.w0, r->cfg.b0, &r->chain);
	if ((st = steps_from_trace(trace, r->cfg.lr, r->steps, STEPS_SHOWN, &r->n_steps)) ||
	    (st = outset_open(&out, chain_path, &chain_fp)) ||
	    (st = outset_open(&out, steps_path, &steps_fp)) ||
	    (st = write_chain(chain_fp, &r->chain, target_rule)) ||
	    (st = write_steps(steps_fp, r->steps, r->n_steps)))
		goto done;
	if ((st = outset_commit(&out)) ||
	    (st = plot_add(&r->plots, "network", dir, "network", trace, r->d.xname,
	                   r->d.yname, NULL)))
		goto done;
	st = plot_add(&r->plots, "graph", dir, "graph", chain_path, r->d.xname,
	              r->d.yname, NULL);
done:
	outset_abort(&out);
	free(trace);
	free(chain_path);
	free(steps_path);
	return st;
}
