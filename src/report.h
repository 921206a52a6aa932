/*
 * report.h - `neuron report`: everything a lecture needs, in one run.
 *
 * report_run() fills a `struct report` section by section. Each section
 * lives in its own module, writes its own CSVs (committed as it goes, so
 * they survive a failing gnuplot) and adds its figures to `plots`; then one
 * gnuplot process renders every figure (plot.h), all images appearing
 * together or none, and finally the document is written from the numbers
 * gathered here. Sections only read what earlier sections filled in.
 *
 * The report owns everything it points to; report_free() releases it.
 */
#ifndef NR_REPORT_H
#define NR_REPORT_H

#include <signal.h>

#include "analysis.h"
#include "cli.h"
#include "data.h"
#include "lessons.h"
#include "plot.h"
#include "train.h"

/* One run of the learning-rate comparison. */
struct lr_run {
	double lr;
	char label[32];          /* as people write it: "1e-4", "1.25e-3" */
	char *dir;               /* <out>/runs/lr-<value>, holds trace.csv */
	struct train_result res;
};

struct report {
	const struct options *o;
	const volatile sig_atomic_t *interrupted;
	struct dataset d;
	struct analysis a;
	struct train_config cfg;     /* the main run */
	struct train_result res;
	struct plot_list plots;      /* figures every section adds to */
	struct lr_run runs[LRS_MAX]; /* the comparison, ascending lr */
	size_t n_runs;
	struct lessons lessons;      /* landscape, gradients, scaling */
};

int report_run(const struct options *o, const volatile sig_atomic_t *interrupted);

#endif
