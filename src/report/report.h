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

#include "model/analysis.h"
#include "app/cli.h"
#include "model/data.h"
#include "report/diagrams.h"
#include "report/lessons.h"
#include "output/plot.h"
#include "model/train.h"

#define SETTLED_TOL 0.01   /* relative, for w_settled and b_settled */

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
	/* First iteration from which w (b) stays within SETTLED_TOL of its
	 * target to the end of the main run, or -1 if it never does. */
	long long w_settled, b_settled;
	struct plot_list plots;      /* figures every section adds to */
	struct lr_run runs[LRS_MAX]; /* the comparison, ascending lr */
	size_t n_runs;
	/* The dense sweep (sweep.h): how many rates, how many iterations each,
	 * and the observed boundary: the largest rate that settled and the next
	 * one (0 when none). */
	size_t dense_n;
	long long dense_iters;
	double observed_settled, observed_unstable;
	struct chain chain;          /* the worked example (diagrams.h) */
	const char *example_rule;    /* where its target comes from */
	struct step steps[STEPS_SHOWN]; /* the first updates of the main run */
	size_t n_steps;
	struct lessons lessons;      /* landscape, gradients, scaling */
};

int report_run(const struct options *o, const volatile sig_atomic_t *interrupted);

#endif
