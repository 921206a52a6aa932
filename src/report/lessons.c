/* lessons.c - landscape, animation, gradient check and rescaling. */
#include "report/lessons.h"
#include "output/afile.h"
#include "base/csvio.h"
#include "base/err.h"
#include "report/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int write_failed(const char *name)
{
	return nr_error(NR_EIO, "writing %s failed (disk full?)", name);
}

/* Opens <out>/<name> in the section's outset. */
static int open_csv(struct report *r, struct outset *out, const char *name,
                    FILE **fp)
{
	char *path = path_join(r->o->out, name);
	int st = path ? outset_open(out, path, fp) : nr_error(NR_ENOMEM, "out of memory");

	free(path);
	return st;
}

/* ---- windows and paths ------------------------------------------------ */

static void window_add(struct window *win, double w, double b)
{
	if (!isfinite(w) || !isfinite(b))
		return;
	win->w[0] = fmin(win->w[0], w);
	win->w[1] = fmax(win->w[1], w);
	win->b[0] = fmin(win->b[0], b);
	win->b[1] = fmax(win->b[1], b);
}

/* The window around the minimum and every path (only the start of a
 * diverging one), with a margin of 10% on each side and 20% on the right,
 * where the figures label iterations. */
static struct window window_of(const struct analysis *a, const struct path *paths,
                               const int *diverged, size_t n)
{
	struct window win = { { a->w_opt, a->w_opt }, { a->b_opt, a->b_opt } };

	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < (diverged[i] ? 1 : paths[i].n); j++)
			window_add(&win, paths[i].pt[j].w, paths[i].pt[j].b);
	for (int c = 0; c < 2; c++) {
		double *v = c ? win.b : win.w;
		double span = v[1] > v[0] ? v[1] - v[0] : 1;
		v[0] -= 0.1 * span;
		v[1] += (c ? 0.1 : 0.2) * span;
	}
	return win;
}

static int inside(const struct window *win, double w, double b)
{
	return w >= win->w[0] && w <= win->w[1] && b >= win->b[0] && b <= win->b[1];
}

/* Where the segment from p (inside) to q (outside) leaves the window. */
static void border_crossing(const struct window *win, const struct path_point *p,
                            struct path_point *q)
{
	double t = 1;
	double dw = q->w - p->w, db = q->b - p->b;

	if (q->w > win->w[1]) t = fmin(t, (win->w[1] - p->w) / dw);
	if (q->w < win->w[0]) t = fmin(t, (win->w[0] - p->w) / dw);
	if (q->b > win->b[1]) t = fmin(t, (win->b[1] - p->b) / db);
	if (q->b < win->b[0]) t = fmin(t, (win->b[0] - p->b) / db);
	q->w = p->w + t * dw;
	q->b = p->b + t * db;
}

/* Writes one path's rows "<index>,<tag>,k,loss,w,b", up to where it leaves
 * the window. Returns 0 or -1 on a write error. */
static int put_path(FILE *fp, size_t index, const char *tag, const struct path *p,
                    const struct window *win)
{
	char idx[CSV_NUM_SIZE], k[CSV_NUM_SIZE], v[3][CSV_NUM_SIZE];

	snprintf(idx, sizeof idx, "%zu", index);
	for (size_t j = 0; j < p->n; j++) {
		struct path_point q = p->pt[j];
		int out = !inside(win, q.w, q.b);
		if (out) {
			if (j == 0 || !isfinite(q.w) || !isfinite(q.b))
				break;
			border_crossing(win, &p->pt[j - 1], &q);
		}
		snprintf(k, sizeof k, "%lld", q.k);
		const char *row[] = { idx, tag, k, csv_num(v[0], q.loss),
		                      csv_num(v[1], q.w), csv_num(v[2], q.b) };
		if (csv_put_row(fp, row, 6))
			return -1;
		if (out)
			break;
	}
	return 0;
}

/* "w* b* L* mean(x) mean(x^2)": the surface, for the figure scripts, which
 * draw L = L* + mean(x^2) dw^2 + 2 mean(x) dw db + db^2 around (w*, b*). */
static char *surface_arg(const struct analysis *a)
{
	return xasprintf("%.17g %.17g %.17g %.17g %.17g", a->w_opt, a->b_opt,
	                 a->loss_opt, a->mean_x, a->mean_xx);
}

static char *window_arg(const struct window *win)
{
	return xasprintf("%.17g %.17g %.17g %.17g", win->w[0], win->w[1], win->b[0],
	                 win->b[1]);
}

/* ---- landscape.png ---------------------------------------------------- */

static int landscape(struct report *r, struct outset *out)
{
	size_t n = r->n_runs ? r->n_runs : 1;
	struct path paths[LRS_MAX];
	int diverged[LRS_MAX];
	char *labels = strdup(""), *surface = NULL, *window = NULL, *csv = NULL;
	char mark[CSV_NUM_SIZE] = "1";   /* the path whose iterations are labelled */
	FILE *fp;
	int st = NR_OK;

	for (size_t i = 0; i < n; i++)
		paths[i] = (struct path)PATH_INIT(LESSONS_DENSE, LESSONS_PER_DECADE);
	for (size_t i = 0; i < n && !st; i++) {
		/* Without the comparison, the main run stands alone. */
		const char *dir = r->n_runs ? r->runs[i].dir : r->o->out;
		const struct train_result *res = r->n_runs ? &r->runs[i].res : &r->res;
		char *trace = path_join(dir, "trace.csv");
		st = trace ? path_read(trace, &paths[i]) : nr_error(NR_ENOMEM, "out of memory");
		free(trace);
		diverged[i] = res->status == STATUS_DIVERGED;
	}
	if (!st && !labels)
		st = nr_error(NR_ENOMEM, "out of memory");
	if (st)
		goto done;
	r->lessons.landscape = window_of(&r->a, paths, diverged, n);
	r->lessons.n_paths = n;

	if ((st = open_csv(r, out, "landscape.csv", &fp)))
		goto done;
	static const char *const header[] = { "path", "lr", "iteration", "loss", "weight", "bias" };
	if (csv_put_row(fp, header, 6)) {
		st = write_failed("landscape.csv");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		char main_label[CSV_NUM_SIZE];
		const char *label = r->n_runs ? r->runs[i].label : main_label;
		snprintf(main_label, sizeof main_label, "%g", r->cfg.lr);
		if (r->n_runs && r->runs[i].lr == r->cfg.lr)
			snprintf(mark, sizeof mark, "%zu", i + 1);
		if (put_path(fp, i + 1, label, &paths[i], &r->lessons.landscape)) {
			st = write_failed("landscape.csv");
			goto done;
		}
		char *more = xasprintf("%s%s%s", labels, i ? " " : "", label);
		free(labels);
		if (!(labels = more)) {
			st = nr_error(NR_ENOMEM, "out of memory");
			goto done;
		}
	}
	surface = surface_arg(&r->a);
	window = window_arg(&r->lessons.landscape);
	csv = path_join(r->o->out, "landscape.csv");
	if (!labels || !surface || !window || !csv)
		st = nr_error(NR_ENOMEM, "out of memory");
	else
		st = plot_add(&r->plots, "landscape", r->o->out, "landscape", csv,
		              surface, window, labels, mark, NULL);
	plot_cost(&r->plots, 2);   /* contours over a 101 x 101 grid */
done:
	for (size_t i = 0; i < n; i++)
		path_free(&paths[i]);
	free(labels);
	free(surface);
	free(window);
	free(csv);
	return st;
}

/* ---- fit.gif ------------------------------------------------------------ */

/* Widens [lo, hi] to y = w x + b at both ends of [xmin, xmax]. */
static void line_range(double w, double b, double xmin, double xmax, double *lo,
                       double *hi)
{
	for (int e = 0; e < 2; e++) {
		double y = w * (e ? xmax : xmin) + b;
		if (isfinite(y)) {
			*lo = fmin(*lo, y);
			*hi = fmax(*hi, y);
		}
	}
}

static int animation(struct report *r, struct outset *out)
{
	struct path all = PATH_INIT(0, 0);
	char *trace = path_join(r->o->out, "trace.csv");
	char *frames = path_join(r->o->out, "frames.csv");
	char *pred = path_join(r->o->out, "predictions.csv");
	char *gif = path_join(r->o->out, "fit.gif");
	char *yrange = NULL;
	FILE *fp;
	int st;

	if (!trace || !frames || !pred || !gif) {
		st = nr_error(NR_ENOMEM, "out of memory");
		goto done;
	}
	if ((st = path_read(trace, &all)) || (st = open_csv(r, out, "frames.csv", &fp)))
		goto done;

	/* Fixed axes: the data and every frame's line that is not blowing up. */
	const struct dataset *d = &r->d;
	double xmin = d->x[0], xmax = d->x[0], lo = d->y[0], hi = d->y[0];
	for (size_t i = 0; i < d->n; i++) {
		xmin = fmin(xmin, d->x[i]);
		xmax = fmax(xmax, d->x[i]);
		lo = fmin(lo, d->y[i]);
		hi = fmax(hi, d->y[i]);
	}

	static const char *const header[] = { "frame", "iteration", "loss", "weight", "bias" };
	if (csv_put_row(fp, header, 5)) {
		st = write_failed("frames.csv");
		goto done;
	}
	/* Targets k_j = K^(j / (F - 1)), j = 0 .. F - 1, after k = 0; each
	 * frame is the last traced state at or before its target. */
	long long last_k = all.pt[all.n - 1].k;
	size_t at = 0, n_frames = 0;
	for (int j = -1; j < LESSONS_FRAMES; j++) {
		double target = j < 0 ? 0 : pow((double)last_k, (double)j / (LESSONS_FRAMES - 1));
		size_t pick = at;
		while (pick + 1 < all.n && (double)all.pt[pick + 1].k <= target + 0.5)
			pick++;
		if (n_frames > 0 && pick == at)
			continue;
		at = pick;
		const struct path_point *p = &all.pt[pick];
		if (p->loss <= 2 * all.pt[0].loss)
			line_range(p->w, p->b, xmin, xmax, &lo, &hi);
		char f[CSV_NUM_SIZE], k[CSV_NUM_SIZE], v[3][CSV_NUM_SIZE];
		snprintf(f, sizeof f, "%zu", ++n_frames);
		snprintf(k, sizeof k, "%lld", p->k);
		const char *row[] = { f, k, csv_num(v[0], p->loss), csv_num(v[1], p->w),
		                      csv_num(v[2], p->b) };
		if (csv_put_row(fp, row, 5)) {
			st = write_failed("frames.csv");
			goto done;
		}
	}
	r->lessons.n_frames = n_frames;
	double pad = 0.05 * (hi - lo > 0 ? hi - lo : 1);
	if (!(yrange = xasprintf("%.17g %.17g", lo - pad, hi + pad)))
		st = nr_error(NR_ENOMEM, "out of memory");
	else
		st = plot_add_file(&r->plots, "fit_gif", gif, frames, pred, yrange,
		                   r->d.xname, r->d.yname, NULL);
	plot_cost(&r->plots, 4);   /* some 40 frames */
done:
	path_free(&all);
	free(trace);
	free(frames);
	free(pred);
	free(gif);
	free(yrange);
	return st;
}

/* ---- gradcheck.csv, gradients.png --------------------------------------- */

static int put_grad_point(FILE *fp, const struct grad_point *g)
{
	char v[10][CSV_NUM_SIZE];
	const char *row[] = {
		g->name, csv_num(v[0], g->w), csv_num(v[1], g->b), csv_num(v[2], g->loss),
		csv_num(v[3], g->dw_exact), csv_num(v[4], g->dw_article),
		csv_num(v[5], g->dw_fd), csv_num(v[6], g->hw), csv_num(v[7], g->db),
		csv_num(v[8], g->db_fd), csv_num(v[9], g->hb)
	};
	return csv_put_row(fp, row, 11);
}

static char *final_title(const char *what, const struct train_result *res)
{
	if (res->status == STATUS_DIVERGED)
		return xasprintf("%s: diverged at iteration %lld", what, res->diverged_at);
	return xasprintf("%s: w %.4f, b %.2f, loss %.3g", what, res->last.w,
	                 res->last.b, res->last.loss);
}

static int gradients(struct report *r, struct outset *out)
{
	struct lessons *ls = &r->lessons;
	struct path paths[2] = { PATH_INIT(LESSONS_DENSE, LESSONS_PER_DECADE),
	                         PATH_INIT(LESSONS_DENSE, LESSONS_PER_DECADE) };
	char *csv = path_join(r->o->out, "gradpaths.csv");
	char *surface = surface_arg(&r->a), *window = NULL, *titles[2] = { NULL, NULL };
	char *note = xasprintf("lr %g, %lld iterations from one start", r->cfg.lr, r->cfg.iters);
	FILE *fp;
	int st;

	if (!csv || !surface) {
		st = nr_error(NR_ENOMEM, "out of memory");
		goto done;
	}
	/* The article's start, this run's start and end, and a point near the
	 * minimum (a diverged end is left out). */
	const struct { const char *name; double w, b; } at[LESSONS_POINTS] = {
		{ "article start", 0.8, 0 },
		{ "run start", r->cfg.w0, r->cfg.b0 },
		{ "run end", r->res.last.w, r->res.last.b },
		{ "near the minimum", r->a.w_opt + 0.05, r->a.b_opt - 1 },
	};
	ls->n_grad = 0;
	for (int i = 0; i < LESSONS_POINTS; i++) {
		if (!isfinite(at[i].w) || !isfinite(at[i].b))
			continue;
		struct grad_point *g = &ls->grad[ls->n_grad++];
		gradcheck_point(&r->d, at[i].w, at[i].b, g);
		g->name = at[i].name;
	}
	if ((st = open_csv(r, out, "gradcheck.csv", &fp)))
		goto done;
	static const char *const gc_header[] = {
		"point", "weight", "bias", "loss", "dweight_exact", "dweight_article",
		"dweight_fd", "step_weight", "dbias", "dbias_fd", "step_bias"
	};
	int bad = csv_put_row(fp, gc_header, 11);
	for (size_t i = 0; i < ls->n_grad && !bad; i++)
		bad = put_grad_point(fp, &ls->grad[i]);
	if (bad) {
		st = write_failed("gradcheck.csv");
		goto done;
	}

	if ((st = gradcheck_paths(&r->d, &r->a, &r->cfg, paths, ls->grad_res)))
		goto done;
	int diverged[2] = { ls->grad_res[0].status == STATUS_DIVERGED,
	                    ls->grad_res[1].status == STATUS_DIVERGED };
	ls->gradients = window_of(&r->a, paths, diverged, 2);
	if ((st = open_csv(r, out, "gradpaths.csv", &fp)))
		goto done;
	static const char *const gp_header[] = { "path", "gradient", "iteration", "loss", "weight", "bias" };
	bad = csv_put_row(fp, gp_header, 6);
	for (int kind = 0; kind < 2 && !bad; kind++)
		bad = put_path(fp, (size_t)kind + 1, gradient_name((enum gradient)kind),
		               &paths[kind], &ls->gradients);
	if (bad) {
		st = write_failed("gradpaths.csv");
		goto done;
	}
	window = window_arg(&ls->gradients);
	titles[0] = final_title("exact", &ls->grad_res[GRADIENT_EXACT]);
	titles[1] = final_title("article", &ls->grad_res[GRADIENT_ARTICLE]);
	if (!window || !titles[0] || !titles[1] || !note)
		st = nr_error(NR_ENOMEM, "out of memory");
	else
		st = plot_add(&r->plots, "gradients", r->o->out, "gradients", csv, surface,
		              window, titles[0], titles[1], note, NULL);
	plot_cost(&r->plots, 2);
done:
	path_free(&paths[0]);
	path_free(&paths[1]);
	free(csv);
	free(surface);
	free(window);
	free(titles[0]);
	free(titles[1]);
	free(note);
	return st;
}

/* ---- scaling.csv, scaling.png ------------------------------------------- */

static int put_case(FILE *fp, const struct scaling_case *c, double target)
{
	char it[CSV_NUM_SIZE], v[13][CSV_NUM_SIZE];
	snprintf(it, sizeof it, "%lld", c->iters);
	const char *row[] = {
		c->name, csv_num(v[0], c->shift), csv_num(v[1], c->scale),
		csv_num(v[2], c->a.mean_x), csv_num(v[3], c->a.mean_xx),
		csv_num(v[4], c->a.lambda_min), csv_num(v[5], c->a.lambda_max),
		csv_num(v[6], c->a.condition), csv_num(v[7], c->lr), csv_num(v[8], c->w0),
		csv_num(v[9], c->b0), csv_num(v[10], c->loss0), csv_num(v[11], target),
		it, csv_num(v[12], c->loss)
	};
	return csv_put_row(fp, row, 15);
}

static int scaling(struct report *r, struct outset *out)
{
	struct scaling *s = &r->lessons.scaling;
	struct path curves[SCALE_N];
	char *csv = path_join(r->o->out, "scaling_curves.csv");
	char *titles[SCALE_N] = { NULL }, target[CSV_NUM_SIZE];
	FILE *fp;
	int st, bad;

	for (int k = 0; k < SCALE_N; k++)
		curves[k] = (struct path)PATH_INIT(LESSONS_DENSE, LESSONS_PER_DECADE);
	if (!csv) {
		st = nr_error(NR_ENOMEM, "out of memory");
		goto done;
	}
	if ((st = scaling_run(&r->d, &r->a, r->cfg.w0, r->cfg.b0, r->interrupted, s, curves)) ||
	    (st = open_csv(r, out, "scaling.csv", &fp)))
		goto done;
	static const char *const header[] = {
		"input", "shift", "scale", "mean_x", "mean_xx", "lambda_min", "lambda_max",
		"condition", "lr", "w0", "b0", "initial_loss", "target_loss", "iterations", "loss"
	};
	bad = csv_put_row(fp, header, 15);
	for (int k = 0; k < SCALE_N && !bad; k++)
		bad = put_case(fp, &s->c[k], s->target);
	if (bad) {
		st = write_failed("scaling.csv");
		goto done;
	}
	if ((st = open_csv(r, out, "scaling_curves.csv", &fp)))
		goto done;
	static const char *const c_header[] = { "case", "input", "iteration", "loss" };
	bad = csv_put_row(fp, c_header, 4);
	for (int k = 0; k < SCALE_N && !bad; k++) {
		char idx[CSV_NUM_SIZE], it[CSV_NUM_SIZE], v[CSV_NUM_SIZE];
		snprintf(idx, sizeof idx, "%d", k + 1);
		for (size_t j = 0; j < curves[k].n && !bad; j++) {
			snprintf(it, sizeof it, "%lld", curves[k].pt[j].k);
			const char *row[] = { idx, s->c[k].name, it, csv_num(v, curves[k].pt[j].loss) };
			bad = csv_put_row(fp, row, 4);
		}
	}
	if (bad) {
		st = write_failed("scaling_curves.csv");
		goto done;
	}
	for (int k = 0; k < SCALE_N; k++) {
		const struct scaling_case *c = &s->c[k];
		if (c->iters >= 0)
			titles[k] = xasprintf("%s: condition %.3g, lr %.3g, %lld iteration%s",
			                      c->name, c->a.condition, c->lr, c->iters,
			                      c->iters == 1 ? "" : "s");
		else
			titles[k] = xasprintf("%s: condition %.3g, lr %.3g, not there in %lld",
			                      c->name, c->a.condition, c->lr, SCALING_MAX_ITERS);
		if (!titles[k]) {
			st = nr_error(NR_ENOMEM, "out of memory");
			goto done;
		}
	}
	st = plot_add(&r->plots, "scaling", r->o->out, "scaling", csv,
	              csv_num(target, s->target), titles[0], titles[1], titles[2], NULL);
done:
	for (int k = 0; k < SCALE_N; k++) {
		path_free(&curves[k]);
		free(titles[k]);
	}
	free(csv);
	return st;
}

int lessons_section(struct report *r)
{
	struct outset out = OUTSET_INIT;
	int st;

	if ((st = landscape(r, &out)) || (st = animation(r, &out)) ||
	    (st = gradients(r, &out)) || (st = scaling(r, &out)))
		goto done;
	st = outset_commit(&out);
done:
	outset_abort(&out);
	return st;
}
