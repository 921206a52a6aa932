/*
 * comparison.h - the learning-rate comparison, whose runs the stability,
 * landscape and introduction sections show too.
 *
 * Each rate is trained from the main run's start, with its gradient and
 * iterations; its trace and predictions go to runs/lr-<rate>/ (compute
 * streams them into the transaction while training, so a long run never
 * holds its trace in memory), one row per rate to summary.csv and to an
 * aligned table on stdout. The rate of the main run is not trained again:
 * its result, path and files are the main run's.
 */
#ifndef NR_COMPARISON_H
#define NR_COMPARISON_H

#include "sections/section.h"

struct lr_run {
	double lr;
	int is_main;               /* the main run's rate */
	char *dir;                 /* "runs/lr-<rate>/" */
	struct train_result res;
	struct path path;          /* thinned: PATH_DENSE, PATH_PER_DECADE */
};

struct comparison {
	struct lr_run runs[LRS_MAX];   /* ascending rates */
	size_t n;
};

/* The rates to compare, ascending: --lrs, or the defaults of the
 * gradient in use (too slow, the article's, fast, overshooting or on its
 * period-2 cycle, diverging). Returns how many. */
size_t comparison_rates(const struct report_options *o, double lrs[LRS_MAX]);

#endif
