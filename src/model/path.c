/* path.c - descent paths in memory, thinned on a log schedule. */
#include "model/path.h"
#include "base/err.h"

#include <math.h>
#include <stdlib.h>

int path_push(struct path *p, const struct train_state *s)
{
	struct train_state *pt = grow(p->pt, &p->cap, p->n + 1, sizeof *pt);

	if (!pt)
		return nr_oom();
	p->pt = pt;
	p->pt[p->n++] = *s;
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
	return path_push(p, s);
}

int path_thin(struct path *p, const struct path *from)
{
	for (size_t i = 0; i < from->n; i++) {
		int st = path_observe(p, &from->pt[i], i + 1 == from->n);
		if (st)
			return st;
	}
	return NR_OK;
}

void path_free(struct path *p)
{
	free(p->pt);
	p->pt = NULL;
	p->n = p->cap = 0;
}
