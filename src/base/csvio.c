/* csvio.c - libcsv writing and line-numbered strict reading. */
#include "base/csvio.h"
#include "base/err.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

char *csv_num(char buf[CSV_NUM_SIZE], double v)
{
	snprintf(buf, CSV_NUM_SIZE, "%.17g", v);
	return buf;
}

int csv_put_row(FILE *fp, const char *const *fields, size_t n)
{
	/* csv_fwrite reports success for a NULL stream or field: check here.
	 * Short fields (all numbers) are quoted by csv_write into a buffer and
	 * written at once; csv_fwrite writes long ones character by character. */
	char buf[2 * CSV_NUM_SIZE + 2];

	if (!fp)
		return -1;
	for (size_t i = 0; i < n; i++) {
		size_t len = fields[i] ? strlen(fields[i]) : 0;
		if (!fields[i] || (i > 0 && fputc(',', fp) == EOF))
			return -1;
		size_t need = csv_write(buf, sizeof buf, fields[i], len);
		if (need <= sizeof buf ? fwrite(buf, 1, need, fp) != need
		                       : csv_fwrite(fp, fields[i], len) != 0)
			return -1;
	}
	return fputc('\n', fp) == EOF ? -1 : 0;
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

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t cap2 = *cap ? *cap : 16;
	while (cap2 < need)
		cap2 *= 2;
	void *q = realloc(*p, cap2 * size);
	if (!q)
		return -1;
	*p = q;
	*cap = cap2;
	return 0;
}

static void on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;

	if (r->status)
		return;
	if (grow((void **)&r->buf, &r->cap, r->len + len + 1, 1) ||
	    grow((void **)&r->start, &r->start_cap, r->nfields + 1, sizeof *r->start) ||
	    grow((void **)&r->fields, &r->fields_cap, r->nfields + 1, sizeof *r->fields)) {
		r->status = nr_error(NR_ENOMEM, "out of memory reading CSV");
		return;
	}
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
