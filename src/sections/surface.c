/* surface.c - windows over (w, b) and paths clipped to them. */
#include "sections/surface.h"

#include <limits.h>
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

size_t window_put_path(struct csvw *w, size_t index, const char *tag,
                       const struct path *p, const struct window *win, const char *mark)
{
	size_t rows = 0;

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
		rows++;
		if (out)
			break;
	}
	return rows;
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

struct mark_size mark_size_in(const struct plot_style *st, double pw, double ph)
{
	/* style.gp's cw and em: a character's width and a line's height of
	 * 20-point text, as shares of the canvas. */
	double w = st->width > 0 ? st->width : 1200, h = st->height > 0 ? st->height : 800;
	double cw = 0.75 * 20 * st->font_scale * h / 800 / w, em = 1.25 * 20 * st->font_scale / 800;

	/* Labels are 13-point text; offsets count characters of 20-point
	 * text. A digit is about 0.6 of the size, a line 1.25 of it. */
	return (struct mark_size){
		.digit_w = 0.6 * 13 / 20 * cw / 0.75 / pw, .line_h = em * 13 / 20 / ph,
		.char_w = cw / pw, .char_h = em / 1.25 / ph,
	};
}

struct mark_size mark_size_of(const struct plot_style *st, size_t cells)
{
	/* The margins and spacing landscape.gp and opt_paths.gp set. */
	double w = st->width > 0 ? st->width : 1200, h = st->height > 0 ? st->height : 800;
	double cw = 0.75 * 20 * st->font_scale * h / 800 / w, em = 1.25 * 20 * st->font_scale / 800;
	size_t cols = cells <= 3 ? cells : cells <= 6 ? 3 : 4;
	size_t rows = (cells + cols - 1) / cols;
	double gap_x = 0.03 + 3 * cw, gap_y = 0.03 + 5.6 * em;
	double pw = (0.98 - gap_x - (double)(cols - 1) * gap_x) / (double)cols;
	double ph = (1 - 3 * em - (0.03 + 2.8 * em) - (double)(rows - 1) * gap_y) / (double)rows;

	return mark_size_in(st, pw, ph);
}

/* A label's box in panel coordinates (0..1 each way). */
struct box {
	double u0, u1, v0, v1;
};

static int overlap(const struct box *a, const struct box *b)
{
	return a->u0 < b->u1 && b->u0 < a->u1 && a->v0 < b->v1 && b->v0 < a->v1;
}

/* Where the label of iteration k at (u, v) goes on `side` (landscape.gp,
 * opt_paths.gp: right with an offset of 0.7 characters, or centred 0.9
 * lines below). */
static struct box label_box(const struct mark_size *sz, long long k, double u, double v, char side)
{
	/* Half a digit and a fifth of a line to spare: the sizes are estimates. */
	int digits = snprintf(NULL, 0, "%lld", k);
	double wide = (digits + 0.5) * sz->digit_w, half = 0.6 * sz->line_h;

	if (side == 'r')
		return (struct box){ u + 0.7 * sz->char_w, u + 0.7 * sz->char_w + wide, v - half, v + half };
	double mid = v - 0.9 * sz->char_h;
	return (struct box){ u - wide / 2, u + wide / 2, mid - half, mid + half };
}

#define MARKS_MAX 16

void window_marks(const struct path *p, const struct window *win, const struct analysis *a,
                  const struct mark_size *sz, char *mark)
{
	double sw = win->w[1] - win->w[0], sb = win->b[1] - win->b[0];
	double u0 = (p->pt[0].w - win->w[0]) / sw, v0 = (p->pt[0].b - win->b[0]) / sb;
	double um = (a->w_opt - win->w[0]) / sw, vm = (a->b_opt - win->b[0]) / sb;
	/* The start's circle and the minimum's cross: about a character. */
	struct box taken[MARKS_MAX + 2] = {
		{ u0 - sz->char_w, u0 + sz->char_w, v0 - sz->char_h, v0 + sz->char_h },
		{ um - sz->char_w, um + sz->char_w, vm - sz->char_h, vm + sz->char_h },
	};
	size_t n = 2;
	long long next = 10;

	for (size_t j = 0; j < p->n; j++) {
		const struct train_state *q = &p->pt[j];
		mark[j] = 0;
		if (q->k != next)
			continue;
		next = next <= LLONG_MAX / 10 ? next * 10 : LLONG_MAX;
		double u = (q->w - win->w[0]) / sw, v = (q->b - win->b[0]) / sb;
		if (!(u >= 0 && u <= 1 && v >= 0 && v <= 1) || n == MARKS_MAX + 2)
			continue;
		/* Right of the point where the path runs more up or down than
		 * sideways, below it otherwise; the other side if that one is
		 * taken or leaves the panel. */
		const struct train_state *r = &p->pt[j > 0 ? j - 1 : j];
		double du = fabs(u - (r->w - win->w[0]) / sw), dv = fabs(v - (r->b - win->b[0]) / sb);
		const char order[2] = { dv > du ? 'r' : 'b', dv > du ? 'b' : 'r' };
		for (int t = 0; t < 2; t++) {
			struct box b = label_box(sz, q->k, u, v, order[t]);
			int ok = b.u0 >= 0 && b.u1 <= 1 && b.v0 >= 0 && b.v1 <= 1;
			for (size_t i = 0; i < n && ok; i++)
				ok = !overlap(&b, &taken[i]);
			if (ok) {
				mark[j] = order[t];
				taken[n++] = b;
				break;
			}
		}
	}
}
