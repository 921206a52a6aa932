/* data.c - the article's Celsius/Fahrenheit data, or the user's own CSV. */
#include "model/data.h"
#include "base/csvio.h"
#include "base/err.h"
#include "base/text.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
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
	char *shown;            /* the path, as messages show it */
	struct dataset *d;
	size_t cap;             /* room in d->x and d->y */
	unsigned long records;  /* records seen, header included */
	size_t max_rows;
	int header;             /* the first record was a header */
};

/* The limits as the messages print them: "1e-100", "1e100". */
#define TEXT_OF(x) #x
#define TEXT_OF_VALUE(x) TEXT_OF(x)

/* Parses a whole field as a double; surrounding blanks are allowed. Returns
 * 0 for a number (finite or not; *range is set when strtod found it beyond
 * the normal doubles), -1 for anything else. */
static int parse_number(const char *s, double *v, int *range)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	*range = errno == ERANGE;
	if (end == s)
		return -1;
	while (isspace((unsigned char)*end))
		end++;
	return *end == '\0' ? 0 : -1;
}

#define LIMITS ": a value must be 0 or between " TEXT_OF_VALUE(DATA_ABS_MIN) \
               " and " TEXT_OF_VALUE(DATA_ABS_MAX) " in magnitude (rescale the data)"

/* Why a value read from a field is refused, or NULL. A text that strtod
 * finds out of range (`range`) overflowed, or is nonzero yet came out as 0
 * or a subnormal: too large or too small, never the 0 it turned into. */
static const char *value_problem(double v, int range)
{
	if (isnan(v) || (isinf(v) && !range))
		return "is not a finite number";
	if (dataset_value_ok(v) && !(range && v == 0))
		return NULL;
	return fabs(v) > 1 ? "is too large" LIMITS : "is too small" LIMITS;
}

int dataset_value_ok(double v)
{
	double a = fabs(v);

	return a == 0 || (a >= DATA_ABS_MIN && a <= DATA_ABS_MAX);
}

/* One line: "<file>:<line>: <x or y> '<field, shown>' <why>". */
static int bad_field(const struct csv_loader *l, unsigned long line, int col,
                     const char *what, const char *field, const char *why)
{
	char *s = text_shown(field);
	int st = nr_error(NR_EDATA, "%s:%lu: %s%s '%s' %s", l->shown, line,
	                  col == 0 ? "x" : "y", what, s ? s : "", why);
	free(s);
	return st;
}

/* Unicode's noncharacters, U+FDD0..U+FDEF and the last two code points of
 * each plane: HTML calls them errors and XML refuses U+FFFE and U+FFFF. */
static int is_noncharacter(uint32_t cp)
{
	return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

/*
 * An axis name from header field `col`: well-formed UTF-8, control
 * characters and noncharacters as spaces, no spaces around it, at most
 * DATA_NAME_MAX characters; an empty one keeps the default. The name goes
 * into gnuplot labels, SVG and HTML, which is why each rule is there.
 */
static int set_name(const struct csv_loader *l, unsigned long line, int col,
                    char **name, const char *field)
{
	size_t len = strlen(field), o = 0, start = 0;

	if (!text_utf8_valid(field, len))
		return bad_field(l, line, col, " name", field,
		                 "in the header is not valid UTF-8: save the file as UTF-8");
	char *t = malloc(len + 1);
	if (!t)
		return nr_error(NR_ENOMEM, "out of memory reading '%s'", l->shown);
	for (size_t i = 0, n; i < len; i += n) {
		uint32_t cp = 0;
		n = text_utf8_next(field + i, len - i, &cp);
		if (text_is_control(cp) || is_noncharacter(cp)) {
			t[o++] = ' ';
		} else {
			memcpy(t + o, field + i, n);
			o += n;
		}
	}
	while (o > 0 && t[o - 1] == ' ')
		o--;
	while (start < o && t[start] == ' ')
		start++;
	memmove(t, t + start, o - start);
	t[o - start] = '\0';

	size_t chars = text_utf8_length(t);
	if (chars > DATA_NAME_MAX) {
		char *why = xasprintf("in the header has %zu characters, more than the %d an axis label can hold: shorten it",
		                      chars, DATA_NAME_MAX);
		int st = why ? bad_field(l, line, col, " name", t, why)
		             : nr_error(NR_ENOMEM, "out of memory reading '%s'", l->shown);
		free(why);
		free(t);
		return st;
	}
	if (*t == '\0') {
		free(t);   /* keep the default */
		return NR_OK;
	}
	free(*name);
	*name = t;
	return NR_OK;
}

static int load_row(void *ctx, char *const *fields, size_t nfields,
                    unsigned long line)
{
	struct csv_loader *l = ctx;
	struct dataset *d = l->d;
	double v[2];
	int numeric[2], range[2];

	if (nfields != 2)
		return nr_error(NR_EDATA, "%s:%lu: %zu field%s, expected 2 (x,y)",
		                l->shown, line, nfields, nfields == 1 ? "" : "s");
	for (int c = 0; c < 2; c++)
		numeric[c] = parse_number(fields[c], &v[c], &range[c]) == 0;
	if (l->records++ == 0 && !numeric[0] && !numeric[1]) {
		int st;
		l->header = 1;
		if ((st = set_name(l, line, 0, &d->xname, fields[0])) ||
		    (st = set_name(l, line, 1, &d->yname, fields[1])))
			return st;
		return NR_OK;
	}
	for (int c = 0; c < 2; c++) {
		const char *why;
		if (!numeric[c])
			return bad_field(l, line, c, "", fields[c], "is not a number");
		if ((why = value_problem(v[c], range[c])))
			return bad_field(l, line, c, "", fields[c], why);
	}
	if (d->n == l->max_rows)
		return nr_error(NR_EDATA, "%s:%lu: more than %zu data rows, the limit: use a sample of the data",
		                l->shown, line, l->max_rows);
	if (d->n == l->cap) {
		/* Geometric growth: amortised O(1) per row. */
		size_t cap = l->cap ? 2 * l->cap : 1024;
		double *x = realloc(d->x, cap * sizeof *x);
		if (x)
			d->x = x;
		double *y = x ? realloc(d->y, cap * sizeof *y) : NULL;
		if (!y)
			return nr_error(NR_ENOMEM, "out of memory reading '%s' (%zu rows)",
			                l->shown, d->n);
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
	struct csv_loader l = { .d = d, .max_rows = max_rows };
	int st;

	memset(d, 0, sizeof *d);
	l.shown = text_shown_path(path);
	d->xname = strdup("x");
	d->yname = strdup("y");
	if (!l.shown || !d->xname || !d->yname) {
		st = nr_error(NR_ENOMEM, "out of memory reading the data");
		goto fail;
	}
	if ((st = csv_read(path, load_row, &l)))
		goto fail;
	if (l.records == 0) {
		st = nr_error(NR_EDATA, "'%s' is empty: expected x,y pairs, one per line", l.shown);
		goto fail;
	}
	if (d->n == 0) {
		st = nr_error(NR_EDATA, "'%s' has a header but no data: add x,y pairs after it", l.shown);
		goto fail;
	}
	if (d->n < 2) {
		st = nr_error(NR_EDATA, "'%s' has only 1 data row: a line needs at least 2 points", l.shown);
		goto fail;
	}
	size_t i = 1;
	while (i < d->n && d->x[i] == d->x[0])
		i++;
	if (i == d->n) {
		st = nr_error(NR_EDATA, "'%s': all %zu x values are %.17g, so no fit exists (y = w x + b needs at least two different x)",
		              l.shown, d->n, d->x[0]);
		goto fail;
	}
	free(l.shown);
	return NR_OK;
fail:
	free(l.shown);
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
