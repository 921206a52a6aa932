/* document.c - the content of the report, section by section. */
#include "report/document.h"
#include "output/afile.h"
#include "output/doc.h"
#include "base/err.h"
#include "model/neuron.h"
#include "report/sweep.h"

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
	if (r->n_runs > 0) {
		/* At most LRS_MAX labels of at most LR_LABEL_SIZE characters. */
		char lrs[LRS_MAX * (LR_LABEL_SIZE + 2)] = "";
		size_t len = 0;
		for (size_t i = 0; i < r->n_runs; i++)
			len += (size_t)snprintf(lrs + len, sizeof lrs - len, "%s%s",
			                        i ? ", " : "", r->runs[i].label);
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

static void section_network(struct doc *d, const struct report *r)
{
	char *caption = xasprintf(
		"The network: one input x (%s), one weight w on the edge, one bias b, one "
		"output out = w x + b (%s): two parameters. The numbers are this run's: w "
		"went from %.6g to %.6g and b from %.6g to %.6g in %lld iterations.",
		r->d.xname, r->d.yname, r->cfg.w0, r->res.last.w, r->cfg.b0, r->res.last.b,
		r->res.last.k);

	doc_heading(d, 2, "network", "The network");
	if (!caption) {
		d->oom = 1;
		return;
	}
	add_figure(d, r, "network", "network structure: input, weight, bias, output", caption);
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

/* The chain rule on one sample, factor by factor, as graph.png draws it. */
static void worked_example(struct doc *d, const struct report *r)
{
	const struct chain *c = &r->chain;

	doc_heading(d, 3, "example", "One sample by hand");
	doc_para(d, "Take one sample, as the article does: x = %.6g and its target "
	         "y = %.6g (%s), at this run's initial w = %.6g and b = %.6g, with N = 1. "
	         "Every number below is computed by the program's own forward and "
	         "backward code (`chain.csv` holds them to the last bit).",
	         c->x, c->y, r->example_rule, c->w, c->b);
	char *graph_caption = xasprintf(
		"The computational graph of this sample. Black: each node's forward value; "
		"magenta: the gradient dL/d(node) flowing back along each edge. Everything "
		"waits for dL/dout = %.6g: the weight gets it times x (%.6g), the bias gets "
		"it unchanged (%.6g).", c->g_out, c->g_w, c->g_b);
	char *text = xasprintf(
		"forward:\n"
		"x*w  = %.6g * %.6g = %.6g\n"
		"out  = x*w + b = %.6g + %.6g = %.6g\n"
		"diff = out - y = %.6g - %.6g = %.6g\n"
		"sq   = diff^2 = %.6g\n"
		"L    = sq / N = %.6g\n"
		"\n"
		"backward (each step multiplies by one local derivative):\n"
		"dL/dL    = 1\n"
		"dL/dsq   = 1 / N = %.6g\n"
		"dL/ddiff = dL/dsq * 2 diff = %.6g * 2 * %.6g = %.6g\n"
		"dL/dout  = dL/ddiff * 1 = %.6g\n"
		"dL/db    = dL/dout * 1 = %.6g\n"
		"dL/dw    = dL/d(xw) * x = %.6g * %.6g = %.6g\n"
		"dL/dx    = dL/d(xw) * w = %.6g * %.6g = %.6g",
		c->x, c->w, c->xw, c->xw, c->b, c->out, c->out, c->y, c->diff, c->sq, c->loss,
		c->g_sq, c->g_sq, c->diff, c->g_diff, c->g_out, c->g_b,
		c->g_xw, c->x, c->g_w, c->g_xw, c->w, c->g_x);
	if (!graph_caption || !text)
		d->oom = 1;
	else {
		add_figure(d, r, "graph", "computational graph of one sample", graph_caption);
		doc_math(d, text);
	}
	free(graph_caption);
	free(text);
	doc_para(d, "The article's code would use out * dL/dout = %.6g * %.6g = %.6g "
	         "instead of dL/dw = %.6g.", c->out, c->g_out, c->dw_article, c->g_w);
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
	worked_example(d, r);
}

/* The first updates of the full-batch run, from trace.csv (steps.csv), one
 * column per update so the table fits a printed page. */
static void first_updates(struct doc *d, const struct report *r)
{
	static const char *const names[] = {
		"loss L", "w", "b", "dL/dw", "dL/db", "lr * dL/dw", "lr * dL/db",
		"new w = w - lr * dL/dw", "new b = b - lr * dL/db"
	};
	char head[STEPS_SHOWN][32];
	const char *header[STEPS_SHOWN + 2] = { "update" };

	doc_heading(d, 3, "steps", "The first updates");
	if (r->n_steps == 0) {
		doc_para(d, "`trace.csv` does not hold iterations 0, 1, 2, ... one after "
		         "another (`--trace-every`, or no update was made), so there are no "
		         "steps to spell out.");
		return;
	}
	doc_para(d, "All %zu samples at once, learning rate %g. Each column is one update, "
	         "read back from `trace.csv` (also in `steps.csv`): the new w and b are "
	         "the next column's w and b.", r->d.n, r->cfg.lr);
	for (size_t k = 0; k < r->n_steps; k++) {
		snprintf(head[k], sizeof head[k], "k = %lld", r->steps[k].k);
		header[k + 1] = head[k];
	}
	header[r->n_steps + 1] = NULL;
	doc_table_begin(d, header);
	for (size_t q = 0; q < sizeof names / sizeof names[0]; q++) {
		char v[STEPS_SHOWN][32];
		const char *cells[STEPS_SHOWN + 1] = { names[q] };
		for (size_t k = 0; k < r->n_steps; k++) {
			const struct step *s = &r->steps[k];
			const double x[] = { s->loss, s->w, s->b, s->dw, s->db, s->lr_dw,
			                     s->lr_db, s->new_w, s->new_b };
			snprintf(v[k], sizeof v[k], "%.8g", x[q]);
			cells[k + 1] = v[k];
		}
		doc_table_row(d, cells);
	}
	doc_table_end(d);
}

static void section_update(struct doc *d, const struct report *r)
{
	char lr[32];

	doc_heading(d, 2, "update", "The update");
	doc_para(d, "Both parameters step against their gradients, both computed before "
	         "either changes, scaled by the learning rate (here %s):", NUM(lr, r->cfg.lr));
	doc_math(d, "w <- w - lr * dL/dw\n"
	            "b <- b - lr * dL/db                         (neuron_update)");
	first_updates(d, r);
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

/* The animation is a GIF whatever --format is. */
static void section_animation(struct doc *d, const struct report *r)
{
	char *caption = xasprintf(
		"The fitted line during training, %zu frames spaced logarithmically in "
		"iterations (0, 1, 2, 3, 5, ... %lld), with the iteration, loss, w and b on "
		"each frame. Watch the slope snap into place in the first frames while the "
		"line then slides slowly upwards: that slide is the bias crawling.",
		r->lessons.n_frames, r->res.last.k);

	if (!caption) {
		d->oom = 1;
		return;
	}
	doc_figure(d, "fit.gif", "animation of the fitted line converging", caption);
	free(caption);
}

static void section_comparison(struct doc *d, const struct report *r)
{
	double crit = r->a.critical_lr[r->cfg.gradient];
	char num[5][32];

	doc_heading(d, 2, "comparison", "Comparing learning rates");
	if (r->cfg.gradient == GRADIENT_EXACT)
		doc_para(d, "How large may the learning rate be? Near the minimum every update "
		         "multiplies the error along each eigenvector of the Hessian by "
		         "1 - lr lambda. The run converges only if both factors stay between "
		         "-1 and 1, that is for lr < 2 / lambda_max. Here lambda_max = %s, so the "
		         "largest stable learning rate is %s. Between 1 / lambda_max (%s) and "
		         "that limit the weight overshoots and zig-zags while converging.",
		         NUM(num[0], r->a.lambda_max), NUM(num[1], crit),
		         NUM(num[2], 1 / r->a.lambda_max));
	else
		doc_para(d, "With the article's formula the update is not a gradient step, so "
		         "its limit comes from linearising the formula around the minimum "
		         "(`docs/math.md`, section 6): here %s, lower than the exact "
		         "gradient's %s. Just above it the run does not blow up at once but "
		         "settles on a period-2 cycle (status `oscillating`).",
		         NUM(num[0], crit), NUM(num[1], r->a.critical_lr[GRADIENT_EXACT]));

	const char *header[] = { "learning rate", "lr / limit", "status", "final loss",
	                         "w", "b", "diverged at", NULL };
	doc_table_begin(d, header);
	for (size_t i = 0; i < r->n_runs; i++) {
		const struct lr_run *run = &r->runs[i];
		char v[6][32];
		snprintf(v[0], sizeof v[0], "%.3g", run->lr / crit);
		NUM(v[1], run->res.last.loss);
		NUM(v[2], run->res.last.w);
		NUM(v[3], run->res.last.b);
		if (run->res.diverged_at >= 0)
			snprintf(v[4], sizeof v[4], "%lld", run->res.diverged_at);
		else
			snprintf(v[4], sizeof v[4], "-");
		const char *cells[] = { run->label, v[0], train_status_name(run->res.status),
		                        v[1], v[2], v[3], v[4] };
		doc_table_row(d, cells);
	}
	doc_table_end(d);
	add_figure(d, r, "lr_loss", "loss curves for several learning rates",
	           "Top: the loss of every run on one log axis; the y range comes from "
	           "the runs that did not diverge, and a diverging run is marked where it "
	           "leaves the frame. Bottom: the weight in the first 30 iterations, where "
	           "an overshooting run zig-zags around the optimum (dashed). A larger stable learning rate "
	           "gives a steeper straight line.");

	char *caption;
	if (r->observed_settled > 0 && r->observed_unstable > 0)
		caption = xasprintf(
			"Final loss after %lld iterations for %zu learning rates, both axes "
			"logarithmic, with the computed limit %s as a vertical line. The loss "
			"falls as the rate grows, right up to the limit; the largest rate that "
			"still settled is %.4g x the limit and the next one tried, %.4g x, did "
			"not: the observed blow-up agrees with the computed line.",
			r->dense_iters, r->dense_n, NUM(num[3], crit),
			r->observed_settled / crit, r->observed_unstable / crit);
	else
		caption = xasprintf(
			"Final loss after %lld iterations for %zu learning rates, both axes "
			"logarithmic, with the computed limit %s as a vertical line.",
			r->dense_iters, r->dense_n, NUM(num[3], crit));
	if (!caption) {
		d->oom = 1;
		return;
	}
	add_figure(d, r, "lr_final", "final loss against learning rate", caption);
	free(caption);
}

static void section_landscape(struct doc *d, const struct report *r)
{
	char num[4][32];

	doc_heading(d, 2, "landscape", "The loss landscape: why the bias crawls");
	doc_para(d, "The loss is a bowl over (w, b), but a very lopsided one: its "
	         "curvature is %s along the steep direction (almost pure w) and %s along "
	         "the shallow one (almost pure b), a condition number of %s. A learning "
	         "rate small enough for the steep direction moves the shallow one by only "
	         "a fraction lr * %s of the remaining distance per step.",
	         NUM(num[0], r->a.lambda_max), NUM(num[1], r->a.lambda_min),
	         NUM(num[2], r->a.condition), NUM(num[3], r->a.lambda_min));
	add_figure(d, r, "landscape", "loss contours with descent paths",
	           "Contours of the loss (levels spaced on a log scale) with the minimum "
	           "marked and the descent path of every compared learning rate in its "
	           "colour. Every path first runs almost horizontally (w settles within a "
	           "few dozen steps), then crawls up the valley floor in b. Note the axis "
	           "scales: the valley is far narrower in w than it looks.");
}

static void section_gradients(struct doc *d, const struct report *r)
{
	const struct lessons *l = &r->lessons;
	const char *header[] = { "point (w, b)", "dL/dw exact", "article formula",
	                         "finite difference", NULL };
	char num[4][32];

	doc_heading(d, 2, "gradients", "The article's gradient is not the derivative");
	doc_para(d, "The article's text derives dL/dw = sum dL/dout_i * x_i; its code "
	         "computes sum dL/dout_i * out_i. A gradient check settles which one is "
	         "the derivative: a central finite difference of the loss (step %g "
	         "relative) agrees with the exact formula, not with the article's code.",
	         GRADCHECK_STEP);
	doc_table_begin(d, header);
	for (size_t i = 0; i < l->n_grad; i++) {
		const struct grad_point *g = &l->grad[i];
		char v[4][40];
		snprintf(v[0], sizeof v[0], "%s (%.4g, %.4g)", g->name, g->w, g->b);
		snprintf(v[1], sizeof v[1], "%.8g", g->dw_exact);
		snprintf(v[2], sizeof v[2], "%.8g", g->dw_article);
		snprintf(v[3], sizeof v[3], "%.8g", g->dw_fd);
		const char *cells[] = { v[0], v[1], v[2], v[3] };
		doc_table_row(d, cells);
	}
	doc_table_end(d);
	char *caption = xasprintf(
		"Both formulas trained from the same start with learning rate %g for %lld "
		"iterations. The exact gradient (black) ends at w = %s, b = %s; the "
		"article's formula (dashed) bends away and ends at w = %s, b = %s. Both head "
		"for the same minimum, because both vanish there, but along different paths.",
		r->cfg.lr, l->grad_res[GRADIENT_EXACT].last.k,
		NUM(num[0], l->grad_res[GRADIENT_EXACT].last.w),
		NUM(num[1], l->grad_res[GRADIENT_EXACT].last.b),
		NUM(num[2], l->grad_res[GRADIENT_ARTICLE].last.w),
		NUM(num[3], l->grad_res[GRADIENT_ARTICLE].last.b));
	if (!caption) {
		d->oom = 1;
		return;
	}
	add_figure(d, r, "gradients", "training paths of both gradient formulas", caption);
	free(caption);
}

static void section_scaling(struct doc *d, const struct report *r)
{
	const struct scaling *sc = &r->lessons.scaling;
	const char *header[] = { "input", "condition number", "learning rate",
	                         "iterations to reach the target", NULL };

	doc_heading(d, 2, "scaling", "Scale your features");
	doc_para(d, "The cure for the crawl is to rescale the input. Each version below "
	         "starts from the same line and uses its own best learning rate "
	         "2 / (lambda_min + lambda_max); the target is a loss of %.3g.", sc->target);
	doc_table_begin(d, header);
	for (size_t i = 0; i < SCALE_N; i++) {
		const struct scaling_case *c = &sc->c[i];
		char v[3][32];
		snprintf(v[0], sizeof v[0], "%.4g", c->a.condition);
		snprintf(v[1], sizeof v[1], "%.4g", c->lr);
		if (c->iters >= 0)
			snprintf(v[2], sizeof v[2], "%lld", c->iters);
		else
			snprintf(v[2], sizeof v[2], "not reached");
		const char *cells[] = { c->name, v[0], v[1], v[2] };
		doc_table_row(d, cells);
	}
	doc_table_end(d);
	add_figure(d, r, "scaling", "loss curves of raw and rescaled input",
	           "Loss against iteration (both axes logarithmic) for the raw input, "
	           "x/100 and the standardised input, with the target loss dashed and a "
	           "dot where each version reaches it. Dividing by 100 shrinks the "
	           "condition number but does not remove it; standardising (subtract the "
	           "mean, divide by the standard deviation) makes the bowl round, and one "
	           "step lands on the minimum.");
}

static void section_reproduce(struct doc *d, const struct report *r)
{
	const struct options *o = r->o;
	char lr[32];

	doc_heading(d, 2, "reproduce", "Reproduce this report");
	doc_para(d, "Every number above comes from this run; the CSV files next to this "
	         "document hold the full traces (`trace.csv`: iteration, loss, weight, "
	         "bias, dweight, dbias; `predictions.csv`: the data and both lines).");
	char lrs[LRS_MAX * (LR_LABEL_SIZE + 1)] = "", w0[40] = "", b0[40] = "", noise[40] = "";
	if (o->lrs_given) {
		size_t len = 0;
		for (size_t i = 0; i < r->n_runs; i++)
			len += (size_t)snprintf(lrs + len, sizeof lrs - len, "%s%s",
			                        i ? "," : " --lrs ", r->runs[i].label);
	}
	if (o->has_w0)
		snprintf(w0, sizeof w0, " --w0 %.17g", o->w0);
	if (o->has_b0)
		snprintf(b0, sizeof b0, " --b0 %.17g", o->b0);
	if (o->noise > 0)
		snprintf(noise, sizeof noise, " --noise %.17g", o->noise);
	char *cmd = xasprintf("build/neuron report --gradient %s --lr %s --iters %lld --seed %llu%s%s%s%s%s --example %.17g --format %s",
	                      gradient_name(o->gradient), NUM(lr, o->lr), o->iters,
	                      (unsigned long long)o->seed, w0, b0, noise, lrs,
	                      o->data ? " --data <your file>" : "", o->example,
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
	section_network(&d, r);
	section_forward(&d, r);
	section_backward(&d, r);
	section_update(&d, r);
	section_training(&d, r);
	section_animation(&d, r);
	section_comparison(&d, r);
	section_landscape(&d, r);
	section_gradients(&d, r);
	section_scaling(&d, r);
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
