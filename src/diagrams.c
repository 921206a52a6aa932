/* diagrams.c - network structure, chain-rule graph and worked steps. */
#include "diagrams.h"
#include "afile.h"
#include "csvio.h"
#include "err.h"
#include "neuron.h"

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

/* The same numbers in sentences; "%.6g" as on the figures. Write errors
 * surface when the outset closes the stream. */
static void write_markdown(FILE *fp, const struct report *r, const struct chain *c,
                           const char *target_rule, const struct step *s, size_t n)
{
	const struct dataset *d = &r->d;

	fprintf(fp, "# The worked example\n\n## The network (network.%s)\n\n",
	        plot_ext(r->plots.format));
	fprintf(fp, "One input x (%s), one weight w, one bias b and one output "
	        "out = x*w + b (%s). In this run w went from %.6g to %.6g and b from "
	        "%.6g to %.6g in %lld iterations.\n\n",
	        d->xname, d->yname, r->cfg.w0, r->res.last.w, r->cfg.b0, r->res.last.b,
	        r->res.last.k);

	fprintf(fp, "## One sample through the chain rule (graph.%s)\n\n",
	        plot_ext(r->plots.format));
	fprintf(fp, "x = %.6g, target y = %.6g (%s), at the initial w = %.6g and "
	        "b = %.6g, with N = 1 sample.\n\nForward:\n\n", c->x, c->y, target_rule, c->w, c->b);
	fprintf(fp, "    x*w  = %.6g * %.6g = %.6g\n", c->x, c->w, c->xw);
	fprintf(fp, "    out  = x*w + b = %.6g + %.6g = %.6g\n", c->xw, c->b, c->out);
	fprintf(fp, "    diff = out - y = %.6g - %.6g = %.6g\n", c->out, c->y, c->diff);
	fprintf(fp, "    sq   = diff^2 = %.6g\n", c->sq);
	fprintf(fp, "    L    = sq / N = %.6g\n\n", c->loss);
	fprintf(fp, "Backward, from the loss towards the parameters; every step "
	        "multiplies the gradient arriving from the right by one local "
	        "derivative, so everything waits for dL/dout:\n\n");
	fprintf(fp, "    dL/dL    = 1\n");
	fprintf(fp, "    dL/dsq   = 1 / N = %.6g\n", c->g_sq);
	fprintf(fp, "    dL/ddiff = dL/dsq * 2 diff = %.6g * 2 * %.6g = %.6g\n",
	        c->g_sq, c->diff, c->g_diff);
	fprintf(fp, "    dL/dout  = dL/ddiff * 1 = %.6g\n", c->g_out);
	fprintf(fp, "    dL/d(xw) = dL/dout * 1 = %.6g\n", c->g_xw);
	fprintf(fp, "    dL/db    = dL/dout * 1 = %.6g\n", c->g_b);
	fprintf(fp, "    dL/dw    = dL/d(xw) * x = %.6g * %.6g = %.6g\n", c->g_xw, c->x, c->g_w);
	fprintf(fp, "    dL/dx    = dL/d(xw) * w = %.6g * %.6g = %.6g\n\n", c->g_xw, c->w, c->g_x);
	fprintf(fp, "The article's code multiplies by the output instead of the "
	        "input: out * dL/dout = %.6g * %.6g = %.6g, not dL/dw.\n\n",
	        c->out, c->g_out, c->dw_article);

	fprintf(fp, "## The first updates of the full-batch run (steps.csv)\n\n");
	if (n == 0) {
		fprintf(fp, "trace.csv does not hold iterations 0, 1, 2, ... one after "
		        "another (--trace-every, or no update was made), so there is "
		        "nothing to spell out.\n");
		return;
	}
	fprintf(fp, "All %zu samples, learning rate lr = %.6g; each update is "
	        "w - lr*dL/dw and b - lr*dL/db from the same gradients.\n\n", d->n, r->cfg.lr);
	fprintf(fp, "| k | loss | w | b | dL/dw | dL/db | lr*dL/dw | lr*dL/db | new w | new b |\n");
	fprintf(fp, "|---|---|---|---|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < n; i++)
		fprintf(fp, "| %lld | %.8g | %.8g | %.8g | %.8g | %.8g | %.8g | %.8g | %.8g | %.8g |\n",
		        s[i].k, s[i].loss, s[i].w, s[i].b, s[i].dw, s[i].db, s[i].lr_dw,
		        s[i].lr_db, s[i].new_w, s[i].new_b);
}

int diagrams_section(struct report *r)
{
	const char *dir = r->o->out;
	struct outset out = OUTSET_INIT;
	struct step steps[STEPS_SHOWN];
	struct chain c;
	size_t n = 0;
	FILE *chain_fp, *steps_fp, *md_fp;
	const char *target_rule = r->o->data ? "the least-squares line of the data"
	                                     : "the data's formula x * 9 / 5 + 32";
	char *trace = path_join(dir, "trace.csv");
	char *chain_path = path_join(dir, "chain.csv");
	char *steps_path = path_join(dir, "steps.csv");
	char *md_path = path_join(dir, "worked-example.md");
	int st;

	if (!trace || !chain_path || !steps_path || !md_path) {
		st = nr_error(NR_ENOMEM, "out of memory");
		goto done;
	}
	chain_compute(r->o->example, example_target(r->o, &r->a, r->o->example),
	              r->cfg.w0, r->cfg.b0, &c);
	if ((st = steps_from_trace(trace, r->cfg.lr, steps, STEPS_SHOWN, &n)) ||
	    (st = outset_open(&out, chain_path, &chain_fp)) ||
	    (st = outset_open(&out, steps_path, &steps_fp)) ||
	    (st = outset_open(&out, md_path, &md_fp)) ||
	    (st = write_chain(chain_fp, &c, target_rule)) ||
	    (st = write_steps(steps_fp, steps, n)))
		goto done;
	write_markdown(md_fp, r, &c, target_rule, steps, n);
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
	free(md_path);
	return st;
}
