/* csvio.c - libcsv writing and line-numbered strict reading. */
#include "base/csvio.h"
#include "base/err.h"
#include "base/numfmt.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* One field through libcsv's quoting; csv_fwrite reports success for a
 * NULL stream or field, so those are excluded by the callers. Short fields
 * are quoted into a buffer and written at once; csv_fwrite writes long
 * ones character by character. */
static void put_field(struct csvw *w, const char *s, size_t len)
{
	char buf[2 * CSVW_NUM_SIZE + 2];

	if (w->n++ > 0)
		putc(',', w->fp);
	size_t need = csv_write(buf, sizeof buf, s, len);
	if (need <= sizeof buf)
		fwrite(buf, 1, need, w->fp);
	else
		csv_fwrite(w->fp, s, len);
}

void csvw_begin(struct csvw *w, FILE *fp, const char *name, const char *header)
{
	*w = (struct csvw){ .fp = fp, .name = name };
	for (const char *h = header;; h++) {
		size_t len = strcspn(h, ",");
		put_field(w, h, len);
		h += len;
		if (!*h)
			break;
	}
	csvw_end(w);
}

void csvw_text(struct csvw *w, const char *s)
{
	put_field(w, s, strlen(s));
}

/* A number as it is: it holds no comma, quote or line break, so it needs
 * no quoting, and CSV readers (spreadsheets, gnuplot, pandas) take it as a
 * number. */
static void put_number(struct csvw *w, const char *s, size_t len)
{
	if (w->n++ > 0)
		putc(',', w->fp);
	fwrite(s, 1, len, w->fp);
}

void csvw_num(struct csvw *w, double v)
{
	char buf[NUM_SIZE];

	put_number(w, buf, num_format(buf, v));
}

void csvw_int(struct csvw *w, long long v)
{
	char buf[CSVW_NUM_SIZE];
	int len = snprintf(buf, sizeof buf, "%lld", v);

	put_number(w, buf, (size_t)len);
}

void csvw_end(struct csvw *w)
{
	putc('\n', w->fp);
	if (w->cols == 0)
		w->cols = w->n;
	else if (w->n != w->cols && !w->bad)
		w->bad = w->rows + 1;
	w->rows++;
	w->n = 0;
}

int csvw_finish(const struct csvw *w)
{
	if (w->bad)
		return nr_error(NR_EBUG, "internal error: row %lu of %s does not have the header's %zu fields",
		                w->bad, w->name, w->cols);
	return NR_OK;
}

/* The fields of the record being parsed, packed into one growing buffer. */
struct reader {
	char *buf;          /* field texts, each NUL-terminated */
	size_t len, cap;
	size_t *start;      /* offset of each field in buf */
	char **fields;      /* pointers handed to the callback */
	size_t nfields, start_cap, fields_cap;
	unsigned long line;
	int status;         /* first failure inside a callback */
	csv_row_fn fn;
	void *ctx;
};

static void on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;

	if (r->status)
		return;
	char *buf = grow(r->buf, &r->cap, r->len + len + 1, 1);
	if (buf)
		r->buf = buf;
	size_t *start = buf ? grow(r->start, &r->start_cap, r->nfields + 1, sizeof *start) : NULL;
	if (start)
		r->start = start;
	char **fields = start ? grow(r->fields, &r->fields_cap, r->nfields + 1, sizeof *fields) : NULL;
	if (!fields) {
		r->status = nr_error(NR_ENOMEM, "out of memory reading CSV");
		return;
	}
	r->fields = fields;
	memcpy(r->buf + r->len, s ? s : "", len);
	r->buf[r->len + len] = '\0';
	r->start[r->nfields++] = r->len;
	r->len += len + 1;
}

static void on_row(int term, void *data)
{
	struct reader *r = data;

	(void)term;
	if (!r->status) {
		for (size_t i = 0; i < r->nfields; i++)
			r->fields[i] = r->buf + r->start[i];
		r->status = r->fn(r->ctx, r->fields, r->nfields, r->line);
	}
	r->len = 0;
	r->nfields = 0;
}

int csv_read(const char *path, csv_row_fn fn, void *ctx)
{
	struct reader r = { .fn = fn, .ctx = ctx };
	struct csv_parser p;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int st = NR_OK;

	FILE *fp = fopen(path, "rb");
	if (!fp)
		return nr_error(NR_EIO, "cannot open '%s': %s", path, strerror(errno));
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		fclose(fp);
		return nr_error(NR_ENOMEM, "out of memory reading '%s'", path);
	}

	while (!r.status && (len = getline(&line, &cap, fp)) >= 0) {
		const char *s = line;
		r.line++;
		if (r.line == 1 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
			s += 3;   /* UTF-8 byte-order mark */
			len -= 3;
		}
		/* Check right away: after a strict error csv_fini would still
		 * emit the partial field as a row and forget the error. */
		if (csv_parse(&p, s, (size_t)len, on_field, on_row, &r) != (size_t)len) {
			st = nr_error(NR_EDATA, "%s:%lu: malformed CSV: %s (check the quotes on this line)",
			              path, r.line, csv_strerror(csv_error(&p)));
			goto done;
		}
	}
	if (r.status) {
		st = r.status;
		goto done;
	}
	if (ferror(fp)) {
		st = nr_error(NR_EIO, "cannot read '%s': %s", path, strerror(errno));
		goto done;
	}
	if (csv_fini(&p, on_field, on_row, &r) != 0) {
		st = nr_error(NR_EDATA, "%s:%lu: malformed CSV: a quoted field is not closed (add the closing '\"')",
		              path, r.line);
		goto done;
	}
	st = r.status;
done:
	csv_free(&p);
	fclose(fp);
	free(line);
	free(r.buf);
	free(r.start);
	free(r.fields);
	return st;
}
