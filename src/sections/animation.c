/* animation.c - the fitted line during training, as an animation. */
#include "sections/section.h"
#include "base/csvio.h"
#include "base/err.h"
#include "output/names.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FRAMES 32   /* log-spaced frame targets (some coincide) */
#define STEPS 6     /* panels of fit_steps: 0, 1, 10, 100, ..., the last */

struct animation {
	size_t idx[FRAMES + 1];   /* states of the main run's path, one a frame */
	size_t n;
	size_t step[STEPS];       /* states of the fit_steps panels */
	size_t n_steps;
	double ylo, yhi;          /* the fixed y range of every frame */
};

/*
 * The panels of fit_steps: iteration 0, 1, 10, 100, ... and the last, at
 * most STEPS; when there are more decades, the first and last are kept
 * and the others spread evenly between. The path holds every state up to
 * PATH_DENSE and every power of ten (path.h), so each panel shows exactly
 * its iteration.
 */
static void choose_steps(const struct path *p, struct animation *r)
{
	size_t cand[64], n = 0;
	long long next = 0;

	for (size_t i = 0; i < p->n && n < 64; i++) {
		if (p->pt[i].k == next || i + 1 == p->n) {
			if (n == 0 || cand[n - 1] != i)
				cand[n++] = i;
		}
		while (next <= p->pt[i].k)
			next = next == 0 ? 1 : next * 10;
	}
	if (n <= STEPS) {
		memcpy(r->step, cand, n * sizeof cand[0]);
		r->n_steps = n;
		return;
	}
	for (size_t j = 0; j < STEPS; j++)
		r->step[j] = cand[(j * (n - 1) + (STEPS - 1) / 2) / (STEPS - 1)];
	r->n_steps = STEPS;
}

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
	choose_steps(p, r);
	return NR_OK;
}

/* `rel`: "<first>,iteration,loss,weight,bias", one row per chosen state. */
static int write_states(const struct context *c, const char *rel, const char *first,
                        const size_t *idx, size_t n)
{
	struct csvw w;
	FILE *fp;
	int st;
	char *head = xasprintf("%s,iteration,loss,weight,bias", first);

	if (!head)
		return nr_oom();
	if (!(st = section_open(c, rel, &fp))) {
		csvw_begin(&w, fp, rel, head);
		for (size_t i = 0; i < n; i++) {
			csvw_int(&w, (long long)i + 1);
			section_state_row(&w, &c->path.pt[idx[i]]);
		}
		if (!(st = csvw_finish(&w)))
			st = section_close(c, fp);
		else
			fclose(fp);
	}
	free(head);
	return st;
}

static int emit(const struct context *c, const void *result)
{
	const struct animation *r = result;
	int st = NR_OK;

	if ((st = write_states(c, OUT_FRAMES, "frame", r->idx, r->n)) ||
	    (st = write_states(c, OUT_FIT_STEPS, "panel", r->step, r->n_steps)))
		return st;

	for (int k = 0; k < 2; k++) {
		struct plot_job *j = k ? section_figure(c, "fit_steps", FIG_FIT_STEPS)
		                       : plot_add(c->plots, "fit_gif", OUT_FIT_GIF);
		plot_file(c->plots, j, k ? "steps" : "frames", k ? OUT_FIT_STEPS : OUT_FRAMES);
		plot_file(c->plots, j, "predictions", OUT_FIT_DATA);
		plot_num(c->plots, j, "ymin", r->ylo);
		plot_num(c->plots, j, "ymax", r->yhi);
		plot_text(c->plots, j, "xlabel", c->d.xname);
		plot_text(c->plots, j, "ylabel", c->d.yname);
		plot_int(c->plots, j, "points", section_data_as_points(c));
		if (!k) {
			plot_cost(j, 40 + 14 * (unsigned)r->n);   /* per frame, at its size */
			plot_size(j, PAGE_IMAGE_SIZE);   /* only report.html shows it */
		}
		for (size_t i = 0; k && i < r->n_steps && !st; i++) {
			const struct train_state *s = &c->path.pt[r->step[i]];
			struct vars v = { .n = 0 };
			char name[32];
			snprintf(name, sizeof name, "title%zu", i + 1);
			vars_int(&v, "k", s->k);
			vars_numf(&v, "loss", "%.4g", s->loss);
			st = section_words(c, j, name, "animation.step", &v);
			vars_free(&v);
		}
	}
	return st;
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

	char *steps = strdup(""), *image = section_image(c, d, FIG_FIT_STEPS);

	for (size_t i = 0; i < r->n_steps && steps; i++) {
		char *more = xasprintf("%s%s%lld", steps, i ? ", " : "", c->path.pt[r->step[i]].k);
		free(steps);
		steps = more;
	}
	if (list && steps) {
		vars_int(&v, "frames", (long long)r->n);
		vars_int(&v, "k", k);
		vars_program(&v, "list", list);
		vars_num_text(&v, "steps", steps);
		doc_figure_for(d, DOC_SCREEN, OUT_FIT_GIF, "animation.alt", key[diverged][every], &v);
		if (image)
			doc_figure_for(d, DOC_PRINT, image, "animation.steps.alt",
			               "animation.steps.caption", &v);
	} else if (!d->failed) {
		d->failed = nr_oom();
	}
	free(list);
	free(steps);
	free(image);
	vars_free(&v);
}

const struct section section_animation = {
	.name = "animation", .size = sizeof(struct animation),
	.compute = compute, .emit = emit, .write = write_doc,
};
