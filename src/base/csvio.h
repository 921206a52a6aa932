/*
 * csvio.h - CSV in and out through libcsv.
 *
 * Writing: csv_put_row() writes one record with libcsv's csv_fwrite, which
 * quotes every field ("1.5"); spreadsheets, gnuplot and libcsv read that back
 * as plain values. Numbers are formatted with "%.17g", which round-trips a
 * double exactly, and the C locale, so a decimal point is always '.'.
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

/* Room for any "%.17g" double: sign, 17 digits, point, exponent, NUL. */
#define CSV_NUM_SIZE 32

/* Formats v with "%.17g" into buf (CSV_NUM_SIZE bytes); returns buf. */
char *csv_num(char buf[CSV_NUM_SIZE], double v);

/* Writes the n fields and "\n". Returns 0, or -1 when the stream failed. */
int csv_put_row(FILE *fp, const char *const *fields, size_t n);

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
