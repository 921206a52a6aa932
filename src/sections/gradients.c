/* gradients.c - the article's gradient against the derivative. */
#include "sections/surface.h"
#include "model/gradcheck.h"
#include "output/names.h"

#include <math.h>
#include <stdlib.h>

#define POINTS 4

struct gradients {
	struct grad_point grad[POINTS];
	size_t n_grad;
	struct path paths[2];            /* by enum gradient, from the main start */
	struct train_result res[2];
	struct window win;
	double apart;                    /* the paths' largest distance at one
	                                    iteration, as a share of the window */
};

/* The paths differ visibly when they are this share of the window apart. */
#define APART_VISIBLE 0.02

static void release(void *result)
{
	struct gradients *r = result;

	path_free(&r->paths[0]);
	path_free(&r->paths[1]);
}

/* The largest distance between the two paths at the same iteration, each
 * axis scaled to the window (iterations that only one path has count not). */
static double separation(const struct path *p, const struct path *q, const struct window *win)
{
	double sw = win->w[1] - win->w[0], sb = win->b[1] - win->b[0], apart = 0;

	for (size_t i = 0, j = 0; i < p->n && j < q->n;) {
		if (p->pt[i].k < q->pt[j].k) {
			i++;
		} else if (p->pt[i].k > q->pt[j].k) {
			j++;
		} else {
			double d = hypot((p->pt[i].w - q->pt[j].w) / sw, (p->pt[i].b - q->pt[j].b) / sb);
			if (isfinite(d) && d > apart)
				apart = d;
			i++;
			j++;
		}
	}
	return apart;
}

/* Checks the gradients at the article's start, this run's start and end,
 * and near the minimum (a diverged end is left out); trains the formula the
 * main run did not use from the same start (the main run is the other, when
 * it is plain full-batch gradient descent). */
static int compute(const struct context *c, const void *need, void *result)
{
	struct gradients *r = result;
	const struct { const char *name; double w, b; } at[POINTS] = {
		{ "article start", 0.8, 0 },
		{ "run start", c->cfg.w0, c->cfg.b0 },
		{ "run end", c->res.last.w, c->res.last.b },
		{ "near the minimum", c->a.w_opt + 0.05, c->a.b_opt - 1 },
	};
	enum gradient mine = c->cfg.gradient;
	int st;

	(void)need;
	for (int i = 0; i < POINTS; i++) {
		int diverged_end = i == 2 && c->res.status == STATUS_DIVERGED;
		if (diverged_end || !isfinite(at[i].w) || !isfinite(at[i].b))
			continue;
		struct grad_point *g = &r->grad[r->n_grad];
		gradcheck_point(&c->d, at[i].w, at[i].b, g);
		g->name = at[i].name;
		r->n_grad += g->finite != 0;   /* a point where the loss overflows says nothing */
	}
	for (int k = 0; k < 2; k++)
		r->paths[k] = (struct path)PATH_INIT(PATH_DENSE, PATH_PER_DECADE);
	/* Both by plain gradient descent: the main run is one of them when it
	 * is that, else both are trained here. */
	for (int k = 0; k < 2; k++) {
		struct train_config cfg = plain_config(c);
		struct observer record = { path_observe, &r->paths[k] };
		cfg.gradient = (enum gradient)k;
		if (k == (int)mine && main_is_plain(c)) {
			r->res[k] = c->res;
			st = path_thin(&r->paths[k], &c->path);
		} else {
			st = train_run(&c->d, &cfg, &c->a, &record, 1, &r->res[k]);
		}
		if (st)
			return st;
	}
	int diverged[2] = { r->res[0].status == STATUS_DIVERGED,
	                    r->res[1].status == STATUS_DIVERGED };
	r->win = window_of(&c->a, r->paths, diverged, 2);
	r->apart = separation(&r->paths[0], &r->paths[1], &r->win);
	return NR_OK;
}

static int emit(const struct context *c, const void *result)
{
	const struct gradients *r = result;
	struct csvw w;
	FILE *fp;
	int st;

	if ((st = section_open(c, OUT_GRADCHECK, &fp)))
		return st;
	csvw_begin(&w, fp, OUT_GRADCHECK, "point,weight,bias,loss,dweight_exact,dweight_article,"
	                                  "dweight_fd,step_weight,dbias,dbias_fd,step_bias");
	for (size_t i = 0; i < r->n_grad; i++) {
		const struct grad_point *g = &r->grad[i];
		const double x[] = { g->w, g->b, g->loss, g->dw_exact, g->dw_article, g->dw_fd,
		                     g->hw, g->db, g->db_fd, g->hb };
		csvw_text(&w, g->name);
		for (size_t k = 0; k < sizeof x / sizeof x[0]; k++)
			csvw_num(&w, x[k]);
		csvw_end(&w);
	}
	if ((st = csvw_finish(&w)) || (st = section_close(c, fp)) ||
	    (st = section_open(c, OUT_GRADPATHS, &fp)))
		return st;
	csvw_begin(&w, fp, OUT_GRADPATHS, "path,gradient,iteration,loss,weight,bias");
	size_t rows[2];
	for (int k = 0; k < 2; k++)
		rows[k] = window_put_path(&w, (size_t)k + 1, gradient_name((enum gradient)k),
		                          &r->paths[k], &r->win, NULL);
	if ((st = csvw_finish(&w)) || (st = section_close(c, fp)))
		return st;

	struct plot_job *j = section_figure(c, "gradients", FIG_GRADIENTS);
	plot_file(c->plots, j, "paths", OUT_GRADPATHS);
	plot_rows(c->plots, j, "paths", 1, 0, rows[0]);
	plot_rows(c->plots, j, "paths", 2, rows[0], rows[1]);
	surface_vars(c, j, &r->win);
	plot_num(c->plots, j, "lr", c->cfg.lr);
	plot_int(c->plots, j, "iters", c->cfg.iters);
	static const char *const end_w[] = { "w_exact", "w_article" };
	static const char *const end_b[] = { "b_exact", "b_article" };
	static const char *const end_loss[] = { "loss_exact", "loss_article" };
	static const char *const end_div[] = { "diverged_exact", "diverged_article" };
	for (int k = 0; k < 2; k++) {
		plot_num(c->plots, j, end_w[k], r->res[k].last.w);
		plot_num(c->plots, j, end_b[k], r->res[k].last.b);
		plot_num(c->plots, j, end_loss[k], r->res[k].last.loss);
		plot_int(c->plots, j, end_div[k], r->res[k].diverged_at);
	}
	return NR_OK;
}

/* Whether the finite difference agrees with the derivative at every point
 * and not with the article's formula at some: the claim of gradients.text.
 * They agree when they differ by less than a millionth of max(1, L), far
 * above the rounding of the central difference (eps L / h, gradcheck.h).
 * Sets *at_min when a point is the minimum, where all three vanish. */
static int check_settles(const struct context *c, const struct gradients *r, int *at_min)
{
	int fd_exact = 1, article_differs = 0;

	*at_min = 0;
	for (size_t i = 0; i < r->n_grad; i++) {
		const struct grad_point *g = &r->grad[i];
		double tol = 1e-6 * fmax(1, g->loss);
		fd_exact &= fabs(g->dw_fd - g->dw_exact) <= tol;
		article_differs |= !(fabs(g->dw_article - g->dw_exact) <= tol);
		*at_min |= at_minimum(&c->a, g->w, g->b);
	}
	return fd_exact && article_differs;
}

/* The caption of the figure, as the two runs ended. */
static const char *caption_key(const struct context *c, const struct gradients *r)
{
	const struct train_result *ex = &r->res[GRADIENT_EXACT], *ar = &r->res[GRADIENT_ARTICLE];
	int ex_div = ex->status == STATUS_DIVERGED, ar_div = ar->status == STATUS_DIVERGED;

	if (ex_div && ar_div)
		return "gradients.caption.both_diverged";
	if (ex_div)
		return "gradients.caption.exact_diverged";
	if (ar_div)
		return "gradients.caption.article_diverged";
	if (at_minimum(&c->a, c->cfg.w0, c->cfg.b0))
		return "gradients.caption.still";
	return r->apart >= APART_VISIBLE ? "gradients.caption" : "gradients.caption.together";
}

static void write_doc(const struct context *c, const void *result, struct doc *d)
{
	const struct gradients *r = result;
	const struct train_result *ex = &r->res[GRADIENT_EXACT], *ar = &r->res[GRADIENT_ARTICLE];
	double critical = c->a.critical_lr[GRADIENT_ARTICLE];
	struct vars v = { .n = 0 };
	char *image = section_image(c, d, FIG_GRADIENTS);
	int at_min, settles = check_settles(c, r, &at_min);

	vars_num(&v, "step", GRADCHECK_STEP);
	doc_heading(d, 2, "gradients", "gradients.title", &v);
	doc_text(d, !settles ? "gradients.text.unsettled" : at_min ? "gradients.text.at_minimum"
	                                                            : "gradients.text", &v);
	doc_table_begin(d, "gradients.table.head", &v);
	for (size_t i = 0; i < r->n_grad; i++) {
		const struct grad_point *g = &r->grad[i];
		char key[64], cell[3][48];
		struct vars p = { .n = 0 };
		/* The point's name in the language file: "run start" is
		 * gradients.point.run_start. */
		snprintf(key, sizeof key, "gradients.point.%s", g->name);
		for (char *k = key; *k; k++)
			*k = *k == ' ' ? '_' : *k;
		vars_numf(&p, "w", "%.4g", g->w);
		vars_numf(&p, "b", "%.4g", g->b);
		doc_cell_t(d, key, &p);
		vars_free(&p);
		snprintf(cell[0], sizeof cell[0], "%.8g", g->dw_exact);
		snprintf(cell[1], sizeof cell[1], "%.8g", g->dw_article);
		snprintf(cell[2], sizeof cell[2], "%.8g", g->dw_fd);
		for (int k = 0; k < 3; k++)
			doc_cell(d, cell[k]);
		doc_row_end(d);
	}
	doc_table_end(d);

	vars_lr(&v, "lr", c->cfg.lr);
	vars_iterations(d, &v, "iterations", ex->last.k);
	vars_iterations(d, &v, "iterations_article", ar->last.k);
	vars_num(&v, "w_exact", ex->last.w);
	vars_num(&v, "b_exact", ex->last.b);
	vars_num(&v, "w_article", ar->last.w);
	vars_num(&v, "b_article", ar->last.b);
	vars_int(&v, "diverged_exact", ex->diverged_at);
	vars_int(&v, "diverged_article", ar->diverged_at);
	vars_numf(&v, "apart", "%.2g", 100 * r->apart);
	vars_num(&v, "critical_article", critical);
	char *why = doc_plain(d, !(critical > 0) ? "gradients.why.none" : c->cfg.lr > critical ?
	                      "gradients.why.above" : "gradients.why.below", &v);
	if (why)
		vars_program(&v, "why", why);
	free(why);
	if (image)
		doc_figure(d, image, "gradients.alt", caption_key(c, r), &v);
	free(image);
	vars_free(&v);
}

static void slides(const struct context *c, const void *result, struct deck *k);

const struct section section_gradients = {
	.name = "gradients", .size = sizeof(struct gradients),
	.compute = compute, .emit = emit, .write = write_doc, .release = release,
	.slides = slides,
};

/* The gradient check at the article's start, then both paths. */
static void slides(const struct context *c, const void *result, struct deck *k)
{
	const struct gradients *r = result;
	const struct train_result *res[2] = { &r->res[GRADIENT_EXACT], &r->res[GRADIENT_ARTICLE] };
	const char *numbers[3] = {
		res[0]->status == STATUS_DIVERGED ? "gradients.slide.exact.diverged" : "gradients.slide.exact",
		res[1]->status == STATUS_DIVERGED ? "gradients.slide.article.diverged" : "gradients.slide.article",
		NULL
	};
	struct vars v = { .n = 0 };
	char *image = section_image(c, k->doc, FIG_GRADIENTS);

	if (r->n_grad > 0) {
		const struct grad_point *g = &r->grad[0];
		vars_numf(&v, "w", "%.4g", g->w);
		vars_numf(&v, "b", "%.4g", g->b);
		vars_numf(&v, "exact", "%.8g", g->dw_exact);
		vars_numf(&v, "article", "%.8g", g->dw_article);
		vars_numf(&v, "fd", "%.8g", g->dw_fd);
		deck_slide(k, "gradients.slide.check.title", &v);
		deck_points(k, "gradients.slide.check", &v);
		vars_free(&v);
	}
	vars_lr(&v, "lr", c->cfg.lr);
	vars_int(&v, "k", res[0]->last.k);
	vars_iterations(k->doc, &v, "iterations", res[0]->last.k);
	vars_numf(&v, "w_exact", "%.4g", res[0]->last.w);
	vars_numf(&v, "b_exact", "%.4g", res[0]->last.b);
	vars_numf(&v, "w_article", "%.4g", res[1]->last.w);
	vars_numf(&v, "b_article", "%.4g", res[1]->last.b);
	vars_int(&v, "diverged_exact", res[0]->diverged_at);
	vars_int(&v, "diverged_article", res[1]->diverged_at);
	deck_slide(k, "gradients.slide.paths.title", &v);
	if (image)
		deck_figure(k, image, "gradients.alt", numbers, &v);
	free(image);
	vars_free(&v);
}
