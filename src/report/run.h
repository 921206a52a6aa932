/*
 * run.h - one training run as the command line asks for it.
 *
 * run_data() builds the data set (the article's, or --data, plus --noise);
 * run_config() draws the initial parameters from the seed (w first, then b,
 * uniform in [0, 1) like the article) unless --w0/--b0 override them;
 * run_to_dir() trains and writes trace.csv and predictions.csv into a
 * directory, all-or-nothing; run_print_summary() prints the `key value` lines.
 */
#ifndef NR_RUN_H
#define NR_RUN_H

#include <signal.h>
#include <stdio.h>

#include "model/analysis.h"
#include "app/cli.h"
#include "model/data.h"
#include "model/train.h"

/*
 * Fills `d` (caller frees it with dataset_free): the article's data, or the
 * --data file (dataset_read_csv), plus --noise; and `a`, its closed-form
 * analysis, which is guaranteed finite. Returns
 * NR_OK, NR_EDATA, NR_EIO or NR_ENOMEM, with the one-line message printed;
 * on failure `d` is empty. The single entry point for train and report.
 */
int run_data(const struct options *o, struct dataset *d, struct analysis *a);

/* The training configuration the options describe, at learning rate `lr`. */
struct train_config run_config(const struct options *o, double lr,
                               const volatile sig_atomic_t *interrupted);

/*
 * Trains and writes `dir`/trace.csv and `dir`/predictions.csv; `dir` must
 * exist. On any failure neither file is replaced.
 */
int run_to_dir(const struct dataset *d, const struct analysis *a,
               const struct train_config *cfg, long long trace_every,
               const char *dir, struct train_result *res);

void run_print_summary(FILE *fp, const struct train_config *cfg,
                       const struct analysis *a, const struct train_result *res);

#endif
