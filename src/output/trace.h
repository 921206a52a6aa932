/*
 * trace.h - the CSV traces and the summary of one run.
 *
 * trace.csv         iteration,loss,weight,bias,dweight,dbias
 *                   row k: the state after k updates, the full data's loss
 *                   there, and the gradient that update k+1 uses (see
 *                   train.h); then, for some runs, more columns:
 *                   batch_loss       with --batch B below the number of
 *                                    samples: the loss of the mini-batch
 *                                    that dweight and dbias come from
 *                   vweight,vbias    momentum, nesterov: the velocity v
 *                                    after k updates (optim.h; nesterov's
 *                                    weight and bias are its look-ahead
 *                                    point)
 *                   mweight,mbias,vweight,vbias
 *                                    adam: the raw moments m and v after
 *                                    k updates, before bias correction
 *                   Full-batch gd has the first six columns only.
 * predictions.csv   celsius,actual,before,after
 *                   the data and the neuron's outputs at the initial and
 *                   at the final parameters
 *
 * Which iterations enter trace.csv: with `every` > 0, each multiple of it;
 * with `every` == 0 (the default), every iteration up to TRACE_DENSE, then
 * TRACE_PER_DECADE log-spaced ones per decade, so a run of 1e9 iterations
 * still writes a few ten thousand rows. The first and final states are
 * always written. The writers do not own their streams.
 */
#ifndef NR_TRACE_H
#define NR_TRACE_H

#include <stdio.h>

#include "base/csvio.h"
#include "model/analysis.h"
#include "model/data.h"
#include "model/path.h"
#include "model/train.h"
#include "output/names.h"

#define TRACE_DENSE 10000
#define TRACE_PER_DECADE 1000

/* The optional columns of trace.csv (trace_columns). */
#define TRACE_BATCH 1u      /* batch_loss */
#define TRACE_VELOCITY 2u   /* vweight,vbias */
#define TRACE_MOMENTS 4u    /* mweight,mbias,vweight,vbias */

struct trace_writer {
	struct csvw w;
	long long every;
	long long next;     /* the next iteration to write */
	unsigned columns;   /* TRACE_* */
};

/* The optional columns for a run of `cfg` on `n` samples. */
unsigned trace_columns(const struct train_config *cfg, size_t n);

/* Writes the header (the six columns, then `columns`) to fp (named `name`
 * in messages) and prepares `t`. */
void trace_begin(struct trace_writer *t, FILE *fp, const char *name, long long every,
                 unsigned columns);

/* A train_observer: writes state `s` if the schedule keeps it. Returns
 * NR_OK, or NR_EIO (with a message) once the stream has failed, so a run
 * onto a full disk stops early. */
int trace_observe(void *trace_writer, const struct train_state *s, int final);

/* Writes predictions.csv for the data, the initial parameters (w0, b0) and
 * the final ones (w, b), every sample or (every > 1) every every-th one.
 * Write errors stay in the stream. */
void predictions_write(FILE *fp, const struct dataset *d, double w0, double b0,
                       double w, double b, size_t every);

/* Writes states with the first six columns of trace.csv (a thinned copy
 * of a run for the figures); `name` is for messages. */
void states_write(FILE *fp, const char *name, const struct path *p);

struct txn;

/*
 * The two files of one run in a transaction: <dir>trace.csv and
 * <dir>predictions.csv, `dir` being "" or a folder such as
 * "runs/lr-0.0001/". Opening and closing touch the transaction and belong
 * to one thread; training and writing touch only the run's own streams,
 * so several runs can train on several threads at once.
 */
struct run_files {
	FILE *trace, *pred;
	char *trace_rel;
	long long every;
	struct trace_writer tw;
};

/* Opens both files (the trace's header, which depends on the run, is
 * written by run_files_train). NR_OK, or a status with its message. */
int run_files_open(struct txn *t, const char *dir, long long every, struct run_files *f);

/*
 * Trains `cfg` on `d` writing the trace (the trace writer sees every state
 * first, then the n observers `extra`), then the predictions. Returns
 * NR_OK (res filled), or NR_EINTR / NR_EIO / NR_ENOMEM with a message.
 */
int run_files_train(struct run_files *f, const struct dataset *d, const struct analysis *a,
                    const struct train_config *cfg, const struct observer *extra,
                    size_t n, struct train_result *res);

/* Closes both files (NR_OK, or the first write error with its name) and
 * frees what f holds; safe after a failed open. After a failure (`failed`
 * non-zero, its message printed) it only closes them, quietly. */
int run_files_close(struct txn *t, struct run_files *f, int failed);

/* All three in turn: one run into the transaction. */
int trace_run(struct txn *t, const char *dir, long long every,
              const struct dataset *d, const struct analysis *a,
              const struct train_config *cfg, const struct observer *extra,
              size_t n, struct train_result *res);

/* The `key value` lines of a run: its settings, result and the data's
 * closed-form minimum and stability limit; then the optimizer's settings,
 * the batch size, and what theory predicts for the data (analysis.h):
 * the best settings and rates of gd, momentum and nesterov and the
 * iterations they need to shrink the excess loss by PREDICT_REDUCTION. */
void summary_print(FILE *fp, const struct train_config *cfg,
                   const struct analysis *a, const struct train_result *res);

#endif
