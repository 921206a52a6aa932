/* surface.c - windows over (w, b) and paths clipped to them. */
#include "sections/surface.h"

#include <math.h>

static void window_add(struct window *win, double w, double b)
{
	if (!isfinite(w) || !isfinite(b))
		return;
	win->w[0] = fmin(win->w[0], w);
	win->w[1] = fmax(win->w[1], w);
	win->b[0] = fmin(win->b[0], b);
	win->b[1] = fmax(win->b[1], b);
}

struct window window_of(const struct analysis *a, const struct path *paths,
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
static void border_crossing(const struct window *win, const struct train_state *p,
                            struct train_state *q)
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

void window_put_path(struct csvw *w, size_t index, const char *tag,
                     const struct path *p, const struct window *win, const char *mark)
{
	for (size_t j = 0; j < p->n; j++) {
		struct train_state q = p->pt[j];
		int out = !inside(win, q.w, q.b);
		if (out) {
			if (j == 0 || !isfinite(q.w) || !isfinite(q.b))
				break;
			border_crossing(win, &p->pt[j - 1], &q);
		}
		csvw_int(w, (long long)index);
		csvw_text(w, tag);
		csvw_int(w, q.k);
		csvw_num(w, q.loss);
		csvw_num(w, q.w);
		csvw_num(w, q.b);
		if (mark)
			csvw_text(w, out ? "-" : mark[j] == 'r' ? "r" : mark[j] == 'b' ? "b" : "-");
		csvw_end(w);
		if (out)
			break;
	}
}

void surface_vars(const struct context *c, struct plot_job *j, const struct window *win)
{
	plot_num(c->plots, j, "w_star", c->a.w_opt);
	plot_num(c->plots, j, "b_star", c->a.b_opt);
	plot_num(c->plots, j, "loss_star", c->a.loss_opt);
	plot_num(c->plots, j, "mean_x", c->a.mean_x);
	plot_num(c->plots, j, "mean_xx", c->a.mean_xx);
	plot_num(c->plots, j, "w_lo", win->w[0]);
	plot_num(c->plots, j, "w_hi", win->w[1]);
	plot_num(c->plots, j, "b_lo", win->b[0]);
	plot_num(c->plots, j, "b_hi", win->b[1]);
}
