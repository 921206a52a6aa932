/* animation.c - the fitted line during training, as an animation. */
#include "sections/section.h"
#include "base/csvio.h"
#include "base/err.h"
#include "output/names.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define FRAMES 32   /* log-spaced frame targets (some coincide) */

struct animation {
	size_t idx[FRAMES + 1];   /* states of the main run's path, one a frame */
	size_t n;
	double ylo, yhi;          /* the fixed y range of every frame */
};

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

/* Frames at targets k_j = K^(j / (FRAMES - 1)), j = 0 .. FRAMES - 1, after
 * k = 0; each frame is the last recorded state at or before its target. The
 * y range holds the data and every frame's line that is not blowing up. */
static int compute(const struct context *c, const void *need, void *result)
{
	struct animation *r = result;
	const struct path *p = &c->path;
	const struct dataset *d = &c->d;
	double xmin = d->x[0], xmax = d->x[0], lo = d->y[0], hi = d->y[0];

	(void)need;
	for (size_t i = 0; i < d->n; i++) {
		xmin = fmin(xmin, d->x[i]);
		xmax = fmax(xmax, d->x[i]);
		lo = fmin(lo, d->y[i]);
		hi = fmax(hi, d->y[i]);
	}
	long long last_k = p->pt[p->n - 1].k;
	size_t at = 0;
	for (int j = -1; j < FRAMES; j++) {
		double target = j < 0 ? 0 : pow((double)last_k, (double)j / (FRAMES - 1));
		size_t pick = at;
		while (pick + 1 < p->n && (double)p->pt[pick + 1].k <= target + 0.5)
			pick++;
		if (r->n > 0 && pick == at)
			continue;
		at = pick;
		if (p->pt[pick].loss <= 2 * p->pt[0].loss)
			line_range(p->pt[pick].w, p->pt[pick].b, xmin, xmax, &lo, &hi);
		r->idx[r->n++] = pick;
	}
	double pad = 0.05 * (hi - lo > 0 ? hi - lo : 1);
	r->ylo = lo - pad;
	r->yhi = hi + pad;
	return NR_OK;
}

static int emit(const struct context *c, const void *result)
{
	const struct animation *r = result;
	struct csvw w;
	FILE *fp;
	int st;

	if ((st = section_open(c, OUT_FRAMES, &fp)))
		return st;
	csvw_begin(&w, fp, OUT_FRAMES, "frame,iteration,loss,weight,bias");
	for (size_t i = 0; i < r->n; i++) {
		const struct train_state *s = &c->path.pt[r->idx[i]];
		csvw_int(&w, (long long)i + 1);
		csvw_int(&w, s->k);
		csvw_num(&w, s->loss);
		csvw_num(&w, s->w);
		csvw_num(&w, s->b);
		csvw_end(&w);
	}
	if ((st = csvw_finish(&w)) || (st = section_close(c, fp)))
		return st;

	struct plot_job *j = plot_add(c->plots, "fit_gif", OUT_FIT_GIF);
	plot_file(c->plots, j, "frames", OUT_FRAMES);
	plot_file(c->plots, j, "predictions", OUT_FIT_DATA);
	plot_num(c->plots, j, "ymin", r->ylo);
	plot_num(c->plots, j, "ymax", r->yhi);
	plot_text(c->plots, j, "xlabel", c->d.xname);
	plot_text(c->plots, j, "ylabel", c->d.yname);
	plot_cost(j, 4);   /* some 40 frames */
	return NR_OK;
}

#define LIST_HEAD 5   /* frames named before the "..." */

/* The iterations of the frames as the caption lists them: the first
 * LIST_HEAD, "...", the last ("0, 1, 2, 3, 4, ..., 10000"), or all of them
 * when there are few. Newly allocated, or NULL. */
static char *frame_list(const struct context *c, const struct animation *r)
{
	char *list = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&list, &len);

	if (!fp)
		return NULL;
	for (size_t i = 0; i < r->n; i++) {
		if (r->n > LIST_HEAD + 2 && i == LIST_HEAD) {
			fputs(", ...", fp);
			i = r->n - 1;
		}
		fprintf(fp, "%s%lld", i ? ", " : "", c->path.pt[r->idx[i]].k);
	}
	if (fclose(fp) != 0) {
		free(list);
		return NULL;
	}
	return list;
}

static void write_doc(const struct context *c, const void *result, struct doc *d)
{
	const struct animation *r = result;
	struct vars v = { .n = 0 };
	long long k = c->res.last.k;
	int every = r->n == (size_t)k + 1;   /* frames are distinct states */
	int diverged = c->res.status == STATUS_DIVERGED;
	static const char *const key[2][2] = {
		{ "animation.caption", "animation.caption.every" },
		{ "animation.caption.diverged", "animation.caption.diverged.every" },
	};
	char *list = frame_list(c, r);

	if (!list) {
		if (!d->failed)
			d->failed = nr_oom();
		return;
	}
	vars_int(&v, "frames", (long long)r->n);
	vars_int(&v, "k", k);
	vars_program(&v, "list", list);
	doc_figure(d, OUT_FIT_GIF, "animation.alt", key[diverged][every], &v);
	free(list);
	vars_free(&v);
}

const struct section section_animation = {
	.name = "animation", .size = sizeof(struct animation),
	.compute = compute, .emit = emit, .write = write_doc,
};
