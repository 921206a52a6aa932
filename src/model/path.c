/* path.c - descent paths in memory, thinned on a log schedule. */
#include "model/path.h"
#include "base/csvio.h"
#include "base/err.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int path_push(struct path *p, long long k, double loss, double w, double b)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 256;
		struct path_point *pt = realloc(p->pt, cap * sizeof *pt);
		if (!pt)
			return nr_error(NR_ENOMEM, "out of memory");
		p->pt = pt;
		p->cap = cap;
	}
	p->pt[p->n++] = (struct path_point){ k, loss, w, b };
	return NR_OK;
}

/* The log bin of k >= 1: floor(per_decade * log10 k). */
static double bin_of(const struct path *p, long long k)
{
	return floor(p->per_decade * log10((double)k));
}

int path_keeps(const struct path *p, long long k)
{
	if (p->per_decade == 0 || k <= p->dense || p->n == 0)
		return 1;
	long long last = p->pt[p->n - 1].k;
	return k > last && (last < 1 || bin_of(p, k) > bin_of(p, last));
}

int path_observe(void *path, const struct train_state *s, int final)
{
	struct path *p = path;

	if (!final && !path_keeps(p, s->k))
		return NR_OK;
	if (p->n > 0 && p->pt[p->n - 1].k == s->k)
		return NR_OK;
	return path_push(p, s->k, s->loss, s->w, s->b);
}

struct read_ctx {
	struct path *p;
	const char *path;
	struct path_point last;   /* the last row read, kept or not */
	int rows;
};

static int parse_num(const char *s, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	return end != s && *end == '\0' && errno != ERANGE;
}

static int on_row(void *ctx, char *const *f, size_t nf, unsigned long line)
{
	struct read_ctx *c = ctx;
	double v[4];

	if (c->rows++ == 0)   /* the header */
		return NR_OK;
	if (nf < 4 || !parse_num(f[0], &v[0]) || !parse_num(f[1], &v[1]) ||
	    !parse_num(f[2], &v[2]) || !parse_num(f[3], &v[3]) || v[0] < 0 ||
	    v[0] != floor(v[0]))
		return nr_error(NR_EDATA, "%s:%lu: expected iteration,loss,weight,bias numbers (a trace written by neuron)",
		                c->path, line);
	c->last = (struct path_point){ (long long)v[0], v[1], v[2], v[3] };
	if (!path_keeps(c->p, c->last.k))
		return NR_OK;
	return path_push(c->p, c->last.k, v[1], v[2], v[3]);
}

int path_read(const char *trace_csv, struct path *p)
{
	struct read_ctx c = { .p = p, .path = trace_csv };
	int st = csv_read(trace_csv, on_row, &c);

	if (st)
		return st;
	if (c.rows < 2)
		return nr_error(NR_EDATA, "%s: no states in this trace: run the training again",
		                trace_csv);
	/* The final state, even when the schedule skipped it. */
	if (p->pt[p->n - 1].k != c.last.k)
		st = path_push(p, c.last.k, c.last.loss, c.last.w, c.last.b);
	return st;
}

void path_free(struct path *p)
{
	free(p->pt);
	p->pt = NULL;
	p->n = p->cap = 0;
}
