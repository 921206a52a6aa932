/*
 * report.h - `neuron report`: everything a lecture needs, in one run.
 *
 * report_run() builds the context once (the data, its analysis, the main
 * run trained once with every observer attached), then runs the sections
 * of the table in report.c in the order of the lecture: every section
 * computes, then every section writes its CSVs and adds its figures, one
 * set of gnuplot processes renders all figures, and every section writes
 * its part of the documents. All of it goes through one output
 * transaction (txn.h): it becomes visible together when everything
 * succeeded, and not at all otherwise. What `neuron report` prints on
 * stdout is printed after the commit.
 */
#ifndef NR_REPORT_H
#define NR_REPORT_H

#include <signal.h>
#include <stddef.h>

#include "sections/section.h"

/* Runs the report. Returns NR_OK or the first failure (its message
 * printed); `stop` is the signal flag (train.h). */
int report_run(const struct report_options *o, const volatile sig_atomic_t *stop);

/* The sections in the order of the lecture, and how many. */
extern const struct section *const report_sections[];
extern const size_t report_n_sections;

#endif
