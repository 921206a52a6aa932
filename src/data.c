/* data.c - the article's Celsius/Fahrenheit data. */
#include "data.h"
#include "err.h"

#include <stdlib.h>
#include <string.h>

static int dataset_alloc(struct dataset *d, size_t n, const char *xname,
                         const char *yname)
{
	memset(d, 0, sizeof *d);
	d->x = malloc(n * sizeof *d->x);
	d->y = malloc(n * sizeof *d->y);
	d->xname = strdup(xname);
	d->yname = strdup(yname);
	if (!d->x || !d->y || !d->xname || !d->yname) {
		dataset_free(d);
		return nr_error(NR_ENOMEM, "out of memory allocating %zu samples", n);
	}
	d->n = n;
	return NR_OK;
}

int dataset_article(struct dataset *d)
{
	int st = dataset_alloc(d, ARTICLE_N, "Celsius", "Fahrenheit");

	if (st)
		return st;
	for (size_t i = 0; i < d->n; i++) {
		double c = ARTICLE_X0 + (double)i;
		d->x[i] = c;
		d->y[i] = c * 9 / 5 + 32;   /* the article's order: (c*9)/5 + 32 */
	}
	return NR_OK;
}

void dataset_free(struct dataset *d)
{
	free(d->x);
	free(d->y);
	free(d->xname);
	free(d->yname);
	memset(d, 0, sizeof *d);
}
