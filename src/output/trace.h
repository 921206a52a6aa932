/*
 * trace.h - the CSV traces and the summary of one run.
 *
 * trace.csv         iteration,loss,weight,bias,dweight,dbias
 *                   row k: the state after k updates and the gradient that
 *                   update k+1 uses (see train.h)
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
#include "model/train.h"
#include "output/names.h"

#define TRACE_DENSE 10000
#define TRACE_PER_DECADE 1000

struct trace_writer {
	struct csvw w;
	long long every;
	long long next;   /* the next iteration to write */
};

/* Writes the header to fp (named `name` in messages) and prepares `t`. */
void trace_begin(struct trace_writer *t, FILE *fp, const char *name, long long every);

/* A train_observer: writes state `s` if the schedule keeps it. Returns
 * NR_OK, or NR_EIO (with a message) once the stream has failed, so a run
 * onto a full disk stops early. */
int trace_observe(void *trace_writer, const struct train_state *s, int final);

/* Writes predictions.csv for the data, the initial parameters (w0, b0) and
 * the final ones (w, b). Write errors stay in the stream. */
void predictions_write(FILE *fp, const struct dataset *d, double w0, double b0,
                       double w, double b);

struct txn;

/*
 * Trains `cfg` on `d` and writes <dir>trace.csv (by the schedule `every`)
 * and <dir>predictions.csv into the transaction, `dir` being "" or a
 * folder such as "runs/lr-0.0001/"; the n observers `extra` see every
 * state too (the trace writer comes first). Returns NR_OK (res filled), or
 * the first failure (NR_EINTR, NR_EIO, NR_ENOMEM) with its message.
 */
int trace_run(struct txn *t, const char *dir, long long every,
              const struct dataset *d, const struct analysis *a,
              const struct train_config *cfg, const struct observer *extra,
              size_t n, struct train_result *res);

/* The `key value` lines of a run: its settings, result and the data's
 * closed-form minimum and stability limit. */
void summary_print(FILE *fp, const struct train_config *cfg,
                   const struct analysis *a, const struct train_result *res);

#endif
