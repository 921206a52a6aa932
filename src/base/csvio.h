/*
 * csvio.h - CSV in and out through libcsv.
 *
 * Writing: a `struct csvw` writes a table row by row. Text goes through
 * libcsv's quoting, which quotes every text field ("not_converged"); numbers
 * are written unquoted as the shortest text that reads back as the same
 * double (numfmt.h: "1e-05", "1825.5", "1.7973978721339001"), with '.' as
 * the decimal point whatever the locale.
 *
 * Reading: csv_read() parses a whole file with libcsv's strict parser
 * (CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL), feeding it one physical
 * line at a time so that every row and every error carries its line number.
 * A UTF-8 byte-order mark is skipped; LF and CRLF endings are both accepted.
 *
 * Whatever the input (/dev/zero, an endless line, a quote never closed), the
 * reader holds at most a few CSV_LINE_MAX-sized buffers and stops at the
 * first line that breaks a bound: a line longer than CSV_LINE_MAX bytes, a
 * record longer than that, or a NUL byte (not a text file).
 */
#ifndef NR_CSVIO_H
#define NR_CSVIO_H

#include <stdio.h>

/* Room for any integer as written (a long long). */
#define CSVW_NUM_SIZE 32

/*
 * A table being written: the header fixes the number of fields, and every
 * row must have as many (csvw_finish reports a row that does not: a bug).
 * A row reaches the stream in one write when it ends (csvw_end). Write
 * errors are not reported here: they stay in the stream's error flag,
 * where the caller's close (txn_close, txn_commit) finds them.
 */
struct csvw {
	FILE *fp;
	const char *name;     /* for the message, e.g. "trace.csv" */
	size_t cols, n;       /* fields per row; fields in the current row */
	unsigned long rows;   /* rows ended, the header included */
	unsigned long bad;    /* the first row with another count (1-based), or 0 */
	size_t len;           /* bytes of the current row waiting in row */
	char row[512];        /* written at the row's end (or when full) */
};

/* Starts a table on fp and writes its header: field names separated by
 * commas, e.g. "iteration,loss,weight". */
void csvw_begin(struct csvw *w, FILE *fp, const char *name, const char *header);

/* Adds a field to the current row: text (quoted by libcsv), a number (the
 * shortest text that reads back as the same double), an integer. */
void csvw_text(struct csvw *w, const char *s);
void csvw_num(struct csvw *w, double v);
void csvw_int(struct csvw *w, long long v);

/* Ends the current row. */
void csvw_end(struct csvw *w);

/* NR_OK, or NR_EBUG with a message when some row had the wrong number of
 * fields. */
int csvw_finish(const struct csvw *w);

/*
 * The longest line read, in bytes, its end ("\n" or "\r\n") not counted;
 * also the longest record, its fields joined by commas (a quoted field may
 * run over several lines). A CSV of numbers needs far less; the bound keeps
 * a file that is not one from taking memory without end.
 */
#define CSV_LINE_MAX 4096

/*
 * Called once per record: its fields (NUL-terminated, owned by the reader and
 * valid only during the call), how many, and the line the record ends on.
 * A non-zero return stops reading and becomes csv_read()'s result.
 */
typedef int (*csv_row_fn)(void *ctx, char *const *fields, size_t nfields,
                          unsigned long line);

/*
 * Reads `path` record by record. Returns NR_OK, NR_EIO (cannot open or read),
 * NR_EDATA (malformed CSV, a line or record over CSV_LINE_MAX, a NUL byte:
 * the message names the file and line), NR_ENOMEM, or what `fn` returned;
 * either way exactly one error line is printed. Blank lines are skipped, as
 * libcsv does.
 */
int csv_read(const char *path, csv_row_fn fn, void *ctx);

#endif
