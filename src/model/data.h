/*
 * data.h - the training set: n pairs (x_i, y_i) and the names of the two axes.
 *
 * dataset_article() builds the article's data: x = -50, -49, ..., 49 degrees
 * Celsius and y = x * 9 / 5 + 32 degrees Fahrenheit, evaluated in that order in
 * double precision (x * 1.8 + 32 differs in the last bit for 14 samples).
 * dataset_read_csv() reads the user's own pairs from a CSV file instead.
 * The caller owns the struct and releases it with dataset_free(), which is safe
 * on a zeroed or partly built dataset.
 */
#ifndef NR_DATA_H
#define NR_DATA_H

#include <stddef.h>

struct dataset {
	size_t n;
	double *x;     /* inputs, n of them */
	double *y;     /* targets, n of them */
	char *xname;   /* axis label of x, e.g. "Celsius" */
	char *yname;   /* axis label of y, e.g. "Fahrenheit" */
};

#define ARTICLE_N 100
#define ARTICLE_X0 (-50)

/* Fills `d` with the article's 100 samples. Returns NR_OK or NR_ENOMEM. */
int dataset_article(struct dataset *d);

/*
 * Reading a CSV: the limits, each checked as the file is read.
 *
 * At most DATA_ROWS_MAX data rows (16 MB of doubles). The time of a report
 * grows with the rows: on 1,000,000 it took 12 minutes of CPU time here.
 *
 * Every value is 0 or has a magnitude in [DATA_ABS_MIN, DATA_ABS_MAX], both
 * bounds included, so that what is computed from the data stays a normal
 * double: with n <= DATA_ROWS_MAX rows, a nonzero square is at least 1e-200
 * and a mean of squares at least 1e-200 / n, while a difference of two
 * values is at most 2e100 and a sum of n squares of such at most
 * (2e100)^2 n = 4e206. Both are far from overflow (1.8e308) and from the
 * subnormal numbers below 2.2e-308, which gnuplot cannot read.
 *
 * A header name is at most DATA_NAME_MAX characters (code points, after
 * the clean-up below), enough for any axis label; a line of the file is at
 * most CSV_LINE_MAX (4096) bytes (see base/csvio.h).
 */
#define DATA_ROWS_MAX ((size_t)1000000)
#define DATA_ABS_MIN 1e-100
#define DATA_ABS_MAX 1e100
#define DATA_NAME_MAX 60

/*
 * 1 when v is within the bounds above: 0 (either sign), or a magnitude in
 * [DATA_ABS_MIN, DATA_ABS_MAX]; 0 for anything else, NaN and infinities
 * included. For values made after reading, such as targets with noise.
 */
int dataset_value_ok(double v);

/*
 * Fills `d` from the CSV file `path`: one (x, y) pair per record, read with
 * libcsv's strict parser (quotes, CRLF, a UTF-8 BOM and blank lines are fine).
 * When neither field of the first record is a number, that record is a header
 * and its two fields name the axes; without a header the axes are "x" and
 * "y". A name must be well-formed UTF-8; its control characters (C0, DEL,
 * C1) and Unicode noncharacters become spaces, which XML and HTML cannot
 * hold, spaces around it are dropped, and an empty name stays "x" or "y".
 *
 * On success the data has 2 to DATA_ROWS_MAX rows, every value is 0 or has
 * a magnitude in [DATA_ABS_MIN, DATA_ABS_MAX], and the x values are not all
 * equal, which is what a least-squares line needs. Otherwise prints one line
 * naming the file, the line number and the problem (user text in it through
 * text_shown()), and returns NR_EDATA (or NR_EIO when the file cannot be
 * read, NR_ENOMEM); `d` is then left empty.
 */
int dataset_read_csv(const char *path, struct dataset *d);

/* The same with another row limit instead of DATA_ROWS_MAX. */
int dataset_read_csv_max(const char *path, struct dataset *d, size_t max_rows);

/* Frees what `d` owns and zeroes it. */
void dataset_free(struct dataset *d);

#endif
