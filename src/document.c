/* document.c - the content of the report, section by section. */
#include "document.h"
#include "afile.h"
#include "doc.h"
#include "err.h"
#include "neuron.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef NR_VERSION
#define NR_VERSION "unknown"
#endif

/* A number for people: 6 significant digits. */
#define NUM(buf, v) (snprintf((buf), sizeof(buf), "%.6g", (double)(v)), (buf))

/* "fit.png": a figure of this run in the chosen format. */
static char *figure(const struct report *r, const char *name)
{
	return xasprintf("%s.%s", name, plot_ext(r->o->format));
}

static void add_figure(struct doc *d, const struct report *r, const char *name,
                       const char *alt, const char *caption)
{
	char *src = figure(r, name);

	if (!src) {
		d->oom = 1;
		return;
	}
	doc_figure(d, src, alt, caption);
	free(src);
}

/* A two-cell table row whose value is formatted. */
static void row(struct doc *d, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void row(struct doc *d, const char *key, const char *fmt, ...)
{
	va_list ap;
	char *value = NULL;

	va_start(ap, fmt);
	if (vasprintf(&value, fmt, ap) < 0)
		value = NULL;
	va_end(ap);
	if (!value) {
		d->oom = 1;
		return;
	}
	const char *cells[] = { key, value };
	doc_table_row(d, cells);
	free(value);
}

static void section_setup(struct doc *d, const struct report *r)
{
	const struct options *o = r->o;
	time_t now = time(NULL);
	char date[32];

	strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", gmtime(&now));
	doc_para(d, "One neuron, *y = w x + b*, learns to convert %s into %s by "
	         "full-batch gradient descent. This report follows the 2021 article "
	         "*Single Neuron Neural Network on Python - With Mathematical Intuition* "
	         "step by step, with numbers computed in this run, and then shows what "
	         "the article leaves out.", r->d.xname, r->d.yname);

	const char *header[] = { "setting", "value", NULL };
	doc_table_begin(d, header);
	if (o->data)
		row(d, "data", "`%s`", o->data);
	else
		row(d, "data", "the article's: x = -50 .. 49, y = x * 9 / 5 + 32");
	if (o->noise > 0)
		row(d, "noise", "Gaussian, sigma %g", o->noise);
	row(d, "samples", "%zu", r->d.n);
	row(d, "gradient", "%s", o->gradient == GRADIENT_EXACT
	    ? "`exact` (dL/dw, the derivative)" : "`article` (the article's code formula)");
	row(d, "learning rate", "%g", r->cfg.lr);
	row(d, "iterations", "%lld", o->iters);
	row(d, "initial w0, b0", "%.6g, %.6g (seed %llu%s)", r->cfg.w0, r->cfg.b0,
	    (unsigned long long)o->seed, o->has_w0 || o->has_b0 ? ", overridden" : "");
	if (o->n_lrs > 0) {
		/* At most LRS_MAX values of at most ~24 characters each. */
		char lrs[LRS_MAX * 32] = "";
		size_t len = 0;
		for (size_t i = 0; i < o->n_lrs; i++)
			len += (size_t)snprintf(lrs + len, sizeof lrs - len, "%s%g",
			                        i ? ", " : "", o->lrs[i]);
		row(d, "learning rates compared", "%s", lrs);
	}
	row(d, "program", "neuron %s", NR_VERSION);
	row(d, "gnuplot", "%s", r->plots.gnuplot_version ? r->plots.gnuplot_version : "unknown");
	row(d, "generated", "%s", date);
	doc_table_end(d);
}

static void section_problem(struct doc *d, const struct report *r)
{
	char w[32], b[32], l[32], ws[32], bs[32];
	double ew = fabs(r->res.last.w - r->a.w_opt) / fmax(1, fabs(r->a.w_opt));
	double eb = fabs(r->res.last.b - r->a.b_opt) / fmax(1, fabs(r->a.b_opt));
	const char *look;

	doc_heading(d, 2, "problem", "The problem");
	doc_para(d, "The network sees %zu pairs (x, y) and must find the line through "
	         "them. The best line has slope w* = %s and intercept b* = %s "
	         "(closed-form least squares).", r->d.n, NUM(ws, r->a.w_opt), NUM(bs, r->a.b_opt));

	if (r->res.status == STATUS_CONVERGED)
		look = "the green line lies on the blue one: training has found the best line.";
	else if (r->res.status == STATUS_DIVERGED)
		look = "the run diverged, so the green line is far from the data.";
	else if (ew < 0.01 && eb > 0.05)
		look = "the green line is parallel to the blue one but shifted: the slope "
		       "is learnt, the intercept is not yet.";
	else
		look = "the gap between the green and the blue line is what the loss measures.";
	char *caption = xasprintf("The article's figure, reproduced. Blue: the data; red, "
	                          "dashed: the untrained neuron; green: after %lld iterations "
	                          "(w = %s, b = %s, loss = %s). Look at this: %s",
	                          r->res.last.k, NUM(w, r->res.last.w), NUM(b, r->res.last.b),
	                          NUM(l, r->res.last.loss), look);
	if (!caption) {
		d->oom = 1;
		return;
	}
	add_figure(d, r, "fit", "data, prediction before and after training", caption);
	free(caption);
}

static void section_forward(struct doc *d, const struct report *r)
{
	char l0[32], w0[32], b0[32];
	double dw, db;
	double loss0 = neuron_loss_grad(r->d.n, r->d.x, r->d.y, r->cfg.w0, r->cfg.b0,
	                                r->cfg.gradient, &dw, &db);

	doc_heading(d, 2, "forward", "Forward pass and loss");
	doc_para(d, "The neuron multiplies each input by the weight and adds the bias; "
	         "the loss is the mean squared error over all samples at once:");
	doc_math(d, "out_i = w * x_i + b                       (neuron_forward)\n"
	            "L     = (1/n) * sum_i (out_i - y_i)^2       (neuron_loss)");
	doc_para(d, "At the start, w = %s and b = %s, the loss is %s.",
	         NUM(w0, r->cfg.w0), NUM(b0, r->cfg.b0), NUM(l0, loss0));
}

static void section_backward(struct doc *d, const struct report *r)
{
	(void)r;
	doc_heading(d, 2, "backward", "Backward pass and the chain rule");
	doc_para(d, "The loss depends on w and b only through the outputs, so the "
	         "backward pass starts with the gradient of the loss with respect to each "
	         "output, then multiplies by how each output depends on w and b:");
	doc_math(d, "dL/dout_i = (2/n) * (out_i - y_i)\n"
	            "dL/dw     = sum_i dL/dout_i * x_i           (d out_i / dw = x_i)\n"
	            "dL/db     = sum_i dL/dout_i                 (d out_i / db = 1)      (neuron_backward)");
	doc_para(d, "*The article's code differs from its text.* The text derives "
	         "dL/dw as above; the code multiplies dL/dout_i by the *output* instead "
	         "of the input, which equals w dL/dw + b dL/db. It vanishes at the same "
	         "minimum, so training still works, but along another path and with a "
	         "lower stability limit. This report uses the `%s` gradient; run "
	         "`make report GRADIENT=%s` for the other.",
	         gradient_name(r->cfg.gradient),
	         r->cfg.gradient == GRADIENT_EXACT ? "article" : "exact");
}

static void section_update(struct doc *d, const struct report *r)
{
	char lr[32];

	doc_heading(d, 2, "update", "The update");
	doc_para(d, "Both parameters step against their gradients, both computed before "
	         "either changes, scaled by the learning rate (here %s):", NUM(lr, r->cfg.lr));
	doc_math(d, "w <- w - lr * dL/dw\n"
	            "b <- b - lr * dL/db                         (neuron_update)");
}

/* One sentence on when w and b came within SETTLED_TOL of their targets. */
static char *settled_text(const struct report *r)
{
	int pct = (int)(SETTLED_TOL * 100);

	if (r->res.status == STATUS_DIVERGED)
		return xasprintf("The run diverged at iteration %lld: neither parameter settles.",
		                 r->res.diverged_at);
	if (r->w_settled >= 0 && r->b_settled >= 0)
		return xasprintf("The weight is within %d%% of its target from iteration %lld on, "
		                 "the bias from iteration %lld on.", pct, r->w_settled, r->b_settled);
	if (r->w_settled >= 0)
		return xasprintf("The weight is within %d%% of its target from iteration %lld on; "
		                 "the bias is still %.3g away after %lld iterations: it crawls.",
		                 pct, r->w_settled, fabs(r->res.last.b - r->a.b_opt), r->res.last.k);
	if (r->b_settled >= 0)
		return xasprintf("The bias is within %d%% of its target from iteration %lld on; "
		                 "the weight is still %.3g away.", pct, r->b_settled,
		                 fabs(r->res.last.w - r->a.w_opt));
	return xasprintf("Neither parameter is within %d%% of its target after %lld iterations.",
	                 pct, r->res.last.k);
}

static void section_training(struct doc *d, const struct report *r)
{
	char v[8][32];
	const struct train_result *res = &r->res;

	doc_heading(d, 2, "training", "The training run");
	char *settled = settled_text(r);
	char *loss_caption = settled ? xasprintf(
		"Loss against iteration, log scale. A straight stretch on this axis "
		"means the loss shrinks by the same factor every step. %s", settled) : NULL;
	char *params_caption = settled ? xasprintf(
		"Weight (top) and bias (bottom) against iteration, each with its target "
		"from the closed-form solution (dashed). %s", settled) : NULL;
	if (!loss_caption || !params_caption)
		d->oom = 1;
	else {
		add_figure(d, r, "loss", "loss against iteration", loss_caption);
		add_figure(d, r, "params", "weight and bias against iteration", params_caption);
	}
	free(settled);
	free(loss_caption);
	free(params_caption);

	const char *header[] = { "quantity", "this run", "target", NULL };
	doc_table_begin(d, header);
	char it[32], crit[32];
	snprintf(it, sizeof it, "%lld", res->last.k);
	const char *rows[][3] = {
		{ "weight w", NUM(v[0], res->last.w), NUM(v[1], r->a.w_opt) },
		{ "bias b", NUM(v[2], res->last.b), NUM(v[3], r->a.b_opt) },
		{ "loss", NUM(v[4], res->last.loss), NUM(v[5], r->a.loss_opt) },
		{ "iterations", it, "" },
		{ "status", train_status_name(res->status), "converged" },
		{ "learning rate", NUM(v[6], r->cfg.lr), "" },
		{ "largest stable learning rate", NUM(crit, r->a.critical_lr[r->cfg.gradient]), "" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		doc_table_row(d, rows[i]);
	doc_table_end(d);
}

static void section_reproduce(struct doc *d, const struct report *r)
{
	const struct options *o = r->o;
	char lr[32];

	doc_heading(d, 2, "reproduce", "Reproduce this report");
	doc_para(d, "Every number above comes from this run; the CSV files next to this "
	         "document hold the full traces (`trace.csv`: iteration, loss, weight, "
	         "bias, dweight, dbias; `predictions.csv`: the data and both lines).");
	char *cmd = xasprintf("build/neuron report --gradient %s --lr %s --iters %lld --seed %llu%s --format %s",
	                      gradient_name(o->gradient), NUM(lr, o->lr), o->iters,
	                      (unsigned long long)o->seed, o->data ? " --data <your file>" : "",
	                      plot_ext(o->format));
	if (!cmd) {
		d->oom = 1;
		return;
	}
	doc_math(d, cmd);
	free(cmd);
}

int document_write(const struct report *r)
{
	struct outset out = OUTSET_INIT;
	char *html = path_join(r->o->out, "report.html");
	char *md = path_join(r->o->out, "report.md");
	struct doc d = { 0 };
	int st;

	if (!html || !md) {
		st = nr_error(NR_ENOMEM, "out of memory");
		goto done;
	}
	if ((st = outset_open(&out, html, &d.html)) || (st = outset_open(&out, md, &d.md)))
		goto done;

	doc_begin(&d, "One neuron learns Celsius to Fahrenheit");
	section_setup(&d, r);
	section_problem(&d, r);
	section_forward(&d, r);
	section_backward(&d, r);
	section_update(&d, r);
	section_training(&d, r);
	section_reproduce(&d, r);
	doc_end(&d);

	if (d.oom)
		st = nr_error(NR_ENOMEM, "out of memory writing the report");
	else
		st = outset_commit(&out);
done:
	outset_abort(&out);
	free(html);
	free(md);
	return st;
}
