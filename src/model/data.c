/* data.c - the article's Celsius/Fahrenheit data, or the user's own CSV. */
#include "model/data.h"
#include "base/csvio.h"
#include "base/err.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
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

/* State of one dataset_read_csv() while libcsv hands it records. */
struct csv_loader {
	const char *path;
	struct dataset *d;
	size_t cap;             /* room in d->x and d->y */
	unsigned long records;  /* records seen, header included */
	size_t max_rows;
	int header;             /* the first record was a header */
};

/* Parses a whole field as a double; surrounding blanks are allowed. Returns
 * 0 for a number (finite or not), -1 for anything else. */
static int parse_number(const char *s, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	if (end == s)
		return -1;
	while (isspace((unsigned char)*end))
		end++;
	return *end == '\0' ? 0 : -1;
}

/* A copy of user text that is safe inside a one-line message: at most 40
 * bytes, control characters (a quoted field may hold a line break) as '?'. */
static char *shown(const char *s)
{
	char *t = xasprintf("%.40s%s", s, strlen(s) > 40 ? "..." : "");

	for (char *p = t; p && *p; p++)
		if (iscntrl((unsigned char)*p))
			*p = '?';
	return t;
}

/* An axis name from a header field: control characters become spaces. */
static int set_name(char **name, const char *field)
{
	if (*field == '\0')
		return NR_OK;   /* keep the default */
	char *t = strdup(field);
	if (!t)
		return nr_error(NR_ENOMEM, "out of memory");
	for (char *p = t; *p; p++)
		if (iscntrl((unsigned char)*p))
			*p = ' ';
	free(*name);
	*name = t;
	return NR_OK;
}

static int bad_field(const struct csv_loader *l, unsigned long line, int col,
                     const char *field, const char *why)
{
	char *s = shown(field);
	int st = nr_error(NR_EDATA, "%s:%lu: %s '%s' %s", l->path, line,
	                  col == 0 ? "x" : "y", s ? s : "", why);
	free(s);
	return st;
}

static int load_row(void *ctx, char *const *fields, size_t nfields,
                    unsigned long line)
{
	struct csv_loader *l = ctx;
	struct dataset *d = l->d;
	double v[2];
	int numeric[2];

	if (nfields != 2)
		return nr_error(NR_EDATA, "%s:%lu: %zu field%s, expected 2 (x,y)",
		                l->path, line, nfields, nfields == 1 ? "" : "s");
	for (int c = 0; c < 2; c++)
		numeric[c] = parse_number(fields[c], &v[c]) == 0;
	if (l->records++ == 0 && !numeric[0] && !numeric[1]) {
		int st;
		l->header = 1;
		if ((st = set_name(&d->xname, fields[0])) ||
		    (st = set_name(&d->yname, fields[1])))
			return st;
		return NR_OK;
	}
	for (int c = 0; c < 2; c++) {
		if (!numeric[c])
			return bad_field(l, line, c, fields[c], "is not a number");
		if (!isfinite(v[c]))
			return bad_field(l, line, c, fields[c], "is not a finite number");
		if (fabs(v[c]) > DATA_ABS_MAX)
			return bad_field(l, line, c, fields[c],
			                 "is too large: the limit is 1e150 in magnitude (rescale the data)");
	}
	if (d->n == l->max_rows)
		return nr_error(NR_EDATA, "%s:%lu: more than %zu data rows, the limit: use a sample of the data",
		                l->path, line, l->max_rows);
	if (d->n == l->cap) {
		/* Geometric growth: amortised O(1) per row. */
		size_t cap = l->cap ? 2 * l->cap : 1024;
		double *x = realloc(d->x, cap * sizeof *x);
		if (x)
			d->x = x;
		double *y = x ? realloc(d->y, cap * sizeof *y) : NULL;
		if (!y)
			return nr_error(NR_ENOMEM, "out of memory reading '%s' (%zu rows)",
			                l->path, d->n);
		d->y = y;
		l->cap = cap;
	}
	d->x[d->n] = v[0];
	d->y[d->n] = v[1];
	d->n++;
	return NR_OK;
}

int dataset_read_csv(const char *path, struct dataset *d)
{
	return dataset_read_csv_max(path, d, DATA_ROWS_MAX);
}

int dataset_read_csv_max(const char *path, struct dataset *d, size_t max_rows)
{
	struct csv_loader l = { .path = path, .d = d, .max_rows = max_rows };
	int st;

	memset(d, 0, sizeof *d);
	d->xname = strdup("x");
	d->yname = strdup("y");
	if (!d->xname || !d->yname) {
		st = nr_error(NR_ENOMEM, "out of memory");
		goto fail;
	}
	if ((st = csv_read(path, load_row, &l)))
		goto fail;
	if (l.records == 0) {
		st = nr_error(NR_EDATA, "'%s' is empty: expected x,y pairs, one per line", path);
		goto fail;
	}
	if (d->n == 0) {
		st = nr_error(NR_EDATA, "'%s' has a header but no data: add x,y pairs after it", path);
		goto fail;
	}
	if (d->n < 2) {
		st = nr_error(NR_EDATA, "'%s' has only 1 data row: a line needs at least 2 points", path);
		goto fail;
	}
	size_t i = 1;
	while (i < d->n && d->x[i] == d->x[0])
		i++;
	if (i == d->n) {
		st = nr_error(NR_EDATA, "'%s': all %zu x values are %.17g, so no fit exists (y = w x + b needs at least two different x)",
		              path, d->n, d->x[0]);
		goto fail;
	}
	return NR_OK;
fail:
	dataset_free(d);
	return st;
}

void dataset_free(struct dataset *d)
{
	free(d->x);
	free(d->y);
	free(d->xname);
	free(d->yname);
	memset(d, 0, sizeof *d);
}
