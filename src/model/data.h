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

/* Reading a CSV: at most this many data rows (160 MB of doubles), and values
 * of at most this magnitude, so that x^2 and (w x + b - y)^2 summed over every
 * row stay finite in double precision (1e150^2 * 1e7 < 1e308). */
#define DATA_ROWS_MAX ((size_t)10000000)
#define DATA_ABS_MAX 1e150

/*
 * Fills `d` from the CSV file `path`: one (x, y) pair per record, read with
 * libcsv's strict parser (quotes, CRLF, a UTF-8 BOM and blank lines are fine).
 * When neither field of the first record is a number, that record is a header
 * and its two fields name the axes (control characters become spaces; an
 * empty name stays "x" or "y"); without a header the axes are "x" and "y".
 *
 * On success the data has 2 to DATA_ROWS_MAX rows, every value is finite with
 * |v| <= DATA_ABS_MAX, and the x values are not all equal, which is what a
 * least-squares line needs. Otherwise prints one line naming the file, the
 * line number and the problem, and returns NR_EDATA (or NR_EIO when the file
 * cannot be read, NR_ENOMEM); `d` is then left empty.
 */
int dataset_read_csv(const char *path, struct dataset *d);

/* The same with another row limit instead of DATA_ROWS_MAX. */
int dataset_read_csv_max(const char *path, struct dataset *d, size_t max_rows);

/* Frees what `d` owns and zeroes it. */
void dataset_free(struct dataset *d);

#endif
