/* csvio.c - libcsv writing and line-numbered strict reading. */
#include "base/csvio.h"
#include "base/err.h"
#include "base/numfmt.h"

#include "base/text.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Writes out the part of the row held so far. */
static void flush_row(struct csvw *w)
{
	fwrite(w->row, 1, w->len, w->fp);
	w->len = 0;
}

/* Room for `need` more bytes of the row, after its separator (need is at
 * most the buffer's size less one); returns where they go. */
static char *reserve(struct csvw *w, size_t need)
{
	if (w->len + 1 + need > sizeof w->row)
		flush_row(w);
	if (w->n++ > 0)
		w->row[w->len++] = ',';
	return w->row + w->len;
}

/* One field through libcsv's quoting; csv_fwrite reports success for a
 * NULL stream or field, so those are excluded by the callers. Fields are
 * quoted into the row; one too long for it goes straight to the stream
 * (csv_fwrite writes it character by character). */
static void put_field(struct csvw *w, const char *s, size_t len)
{
	/* Quoted, a field takes at most 2 len + 2 bytes. */
	if (len <= (sizeof w->row - 3) / 2) {
		char *at = reserve(w, 2 * len + 2);
		w->len += csv_write(at, sizeof w->row - w->len, s, len);
		return;
	}
	flush_row(w);
	if (w->n++ > 0)
		putc(',', w->fp);
	csv_fwrite(w->fp, s, len);
}

void csvw_begin(struct csvw *w, FILE *fp, const char *name, const char *header)
{
	w->fp = fp;
	w->name = name;
	w->cols = w->n = w->len = 0;
	w->rows = w->bad = 0;
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

/* Numbers go in as they are: they hold no comma, quote or line break, so
 * they need no quoting, and CSV readers (spreadsheets, gnuplot, pandas)
 * take them as numbers. */
void csvw_num(struct csvw *w, double v)
{
	w->len += num_format(reserve(w, NUM_SIZE), v);
}

void csvw_int(struct csvw *w, long long v)
{
	char digits[CSVW_NUM_SIZE], *p = digits + sizeof digits;
	/* The magnitude as unsigned: -LLONG_MIN does not fit a long long. */
	unsigned long long m = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;

	do
		*--p = (char)('0' + m % 10);
	while (m /= 10);
	if (v < 0)
		*--p = '-';
	size_t len = (size_t)(digits + sizeof digits - p);
	memcpy(reserve(w, len), p, len);
	w->len += len;
}

void csvw_end(struct csvw *w)
{
	if (w->len == sizeof w->row)
		flush_row(w);
	w->row[w->len++] = '\n';
	flush_row(w);
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
	char *shown;        /* the path, as messages show it */
	unsigned long line;
	int status;         /* first failure inside a callback */
	csv_row_fn fn;
	void *ctx;
};

static int record_too_long(const struct reader *r)
{
	return nr_error(NR_EDATA, "%s:%lu: a record longer than %d bytes: is a closing quote missing?",
	                r->shown, r->line, CSV_LINE_MAX);
}

static void on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;

	if (r->status)
		return;
	/* r->len counts each field and a NUL: the fields joined by commas
	 * take r->len + len bytes once this one is added. */
	if (r->len + len > CSV_LINE_MAX) {
		r->status = record_too_long(r);
		return;
	}
	char *buf = grow(r->buf, &r->cap, r->len + len + 1, 1);
	if (buf)
		r->buf = buf;
	size_t *start = buf ? grow(r->start, &r->start_cap, r->nfields + 1, sizeof *start) : NULL;
	if (start)
		r->start = start;
	char **fields = start ? grow(r->fields, &r->fields_cap, r->nfields + 1, sizeof *fields) : NULL;
	if (!fields) {
		r->status = nr_error(NR_ENOMEM, "out of memory reading '%s'", r->shown);
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

/* The input, read in blocks and handed out one physical line at a time. */
#define BLOCK_SIZE 65536   /* > CSV_LINE_MAX + 2: a whole line always fits */

struct input {
	int fd;
	char *buf;          /* BLOCK_SIZE bytes */
	size_t pos, end;    /* the bytes not handed out yet: buf[pos..end) */
	int eof;
};

enum { LINE_OK, LINE_END, LINE_LONG, LINE_ERROR };

/*
 * Sets *line and *len to the next line, its '\n' included (the last line
 * may lack one); the bytes stay valid until the next call. Returns LINE_OK,
 * LINE_END at the end of the input, LINE_LONG when the line is longer than
 * CSV_LINE_MAX (with *line, *len its first bytes: no more than
 * CSV_LINE_MAX + 2 of it are read), or LINE_ERROR with errno set.
 */
static int next_line(struct input *in, const char **line, size_t *len)
{
	for (;;) {
		char *s = in->buf + in->pos;
		size_t avail = in->end - in->pos;
		char *nl = memchr(s, '\n', avail);

		if (nl || in->eof) {
			size_t n = nl ? (size_t)(nl - s) + 1 : avail;
			size_t text = nl ? n - 1 : n;
			if (text > 0 && s[text - 1] == '\r')
				text--;
			*line = s;
			*len = n;
			if (text > CSV_LINE_MAX)
				return LINE_LONG;
			in->pos += n;
			return n ? LINE_OK : LINE_END;
		}
		/* No end yet after CSV_LINE_MAX + 2 bytes: even a "\r\n" next
		 * would leave more than CSV_LINE_MAX before it. */
		if (avail > CSV_LINE_MAX + 1) {
			*line = s;
			*len = avail;
			return LINE_LONG;
		}
		memmove(in->buf, s, avail);
		in->pos = 0;
		in->end = avail;
		ssize_t got;
		do
			got = read(in->fd, in->buf + avail, BLOCK_SIZE - avail);
		while (got < 0 && errno == EINTR);
		if (got < 0)
			return LINE_ERROR;
		in->eof = got == 0;
		in->end += (size_t)got;
	}
}

/* A failed open or read: out of memory, or an I/O error with its reason. */
static int input_error(const char *what, const char *shown)
{
	int e = errno;

	if (e == ENOMEM)
		return nr_error(NR_ENOMEM, "out of memory reading '%s'", shown);
	return nr_error(NR_EIO, "cannot %s '%s': %s", what, shown, strerror(e));
}

/*
 * libcsv keeps the field being parsed in a buffer of its own, which grows
 * by blocks of FIELD_BLOCK bytes and never shrinks. It holds the field's
 * bytes so far, a NUL and, for a quoted field, the closing quote and the
 * spaces after it, which share a line with the end of the field. A field
 * of a record within CSV_LINE_MAX therefore never needs more than
 * FIELD_BUF_MAX, and fields over the bound that ended were refused by
 * on_field(): a larger buffer is a record over the bound whose quote is
 * still open. Checked after each line, it stops an endless quoted field
 * with at most FIELD_BUF_MAX + CSV_LINE_MAX bytes in the buffer.
 */
#define FIELD_BLOCK 128
#define FIELD_BUF_MAX (2 * CSV_LINE_MAX + 2 * FIELD_BLOCK)

int csv_read(const char *path, csv_row_fn fn, void *ctx)
{
	struct reader r = { .fn = fn, .ctx = ctx };
	struct input in = { .fd = -1 };
	struct csv_parser p;
	const char *line;
	size_t len;
	int st, got;

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return nr_error(NR_ENOMEM, "out of memory reading a CSV file");
	csv_set_blk_size(&p, FIELD_BLOCK);
	if (!(r.shown = text_shown_path(path))) {
		st = nr_error(NR_ENOMEM, "out of memory reading a CSV file");
		goto done;
	}
	if ((in.fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		st = input_error("open", r.shown);
		goto done;
	}
	if (!(in.buf = malloc(BLOCK_SIZE))) {
		st = nr_error(NR_ENOMEM, "out of memory reading '%s'", r.shown);
		goto done;
	}

	while ((got = next_line(&in, &line, &len)) == LINE_OK || got == LINE_LONG) {
		r.line++;
		if (memchr(line, '\0', len)) {
			st = nr_error(NR_EDATA, "%s:%lu: a NUL byte: this is not a text file",
			              r.shown, r.line);
			goto done;
		}
		if (got == LINE_LONG) {
			st = nr_error(NR_EDATA, "%s:%lu: this line is longer than %d bytes: is this a CSV file of x,y pairs?",
			              r.shown, r.line, CSV_LINE_MAX);
			goto done;
		}
		if (r.line == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
			line += 3;   /* UTF-8 byte-order mark */
			len -= 3;
		}
		size_t used = csv_parse(&p, line, len, on_field, on_row, &r);
		/* A callback's failure comes first: libcsv parses on after it,
		 * and its own complaint would be a second line for one problem. */
		if (r.status) {
			st = r.status;
			goto done;
		}
		/* Check right away: after a strict error csv_fini would still
		 * emit the partial field as a row and forget the error. */
		if (used != len) {
			if (csv_error(&p) == CSV_EPARSE)
				st = nr_error(NR_EDATA, "%s:%lu: malformed CSV: %s (check the quotes on this line)",
				              r.shown, r.line, csv_strerror(csv_error(&p)));
			else
				st = nr_error(NR_ENOMEM, "out of memory reading '%s'", r.shown);
			goto done;
		}
		if (csv_get_buffer_size(&p) > FIELD_BUF_MAX) {
			st = record_too_long(&r);
			goto done;
		}
	}
	if (got == LINE_ERROR) {
		st = input_error("read", r.shown);
		goto done;
	}
	if (csv_fini(&p, on_field, on_row, &r) != 0) {
		st = nr_error(NR_EDATA, "%s:%lu: malformed CSV: a quoted field is not closed (add the closing '\"')",
		              r.shown, r.line);
		goto done;
	}
	st = r.status;
done:
	csv_free(&p);
	if (in.fd >= 0)
		close(in.fd);
	free(in.buf);
	free(r.buf);
	free(r.start);
	free(r.fields);
	free(r.shown);
	return st;
}
