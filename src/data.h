/*
 * data.h - the training set: n pairs (x_i, y_i) and the names of the two axes.
 *
 * dataset_article() builds the article's data: x = -50, -49, ..., 49 degrees
 * Celsius and y = x * 9 / 5 + 32 degrees Fahrenheit, evaluated in that order in
 * double precision (x * 1.8 + 32 differs in the last bit for 14 samples).
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

/* Frees what `d` owns and zeroes it. */
void dataset_free(struct dataset *d);

#endif
