/*
 * trace.h - the CSV traces of one run.
 *
 * trace.csv         iteration,loss,weight,bias,dweight,dbias
 *                   row k: the state after k updates and the gradient that
 *                   update k+1 uses (see train.h)
 * predictions.csv   celsius,actual,before,after
 *                   the data and the neuron's outputs at the initial and at
 *                   the final parameters
 *
 * Which iterations enter trace.csv: with `every` > 0, each multiple of it;
 * with `every` == 0 (the default), every iteration up to TRACE_DENSE, then
 * TRACE_PER_DECADE log-spaced ones per decade, so a run of 1e9 iterations
 * still writes a few ten thousand rows. The first and final states are
 * always written. The trace writer does not own the stream.
 */
#ifndef NR_TRACE_H
#define NR_TRACE_H

#include <stdio.h>

#include "model/data.h"
#include "model/train.h"

#define TRACE_DENSE 10000
#define TRACE_PER_DECADE 1000

struct trace_writer {
	FILE *fp;
	long long every;
	long long next;   /* the next iteration to write */
};

/* Writes the header and prepares `t`. Returns NR_OK or NR_EIO. */
int trace_begin(struct trace_writer *t, FILE *fp, long long every);

/* A train_observer: writes state `s` if the schedule keeps it. */
int trace_observe(void *trace_writer, const struct train_state *s, int final);

/*
 * Writes predictions.csv for the data set, the initial parameters (w0, b0)
 * and the final ones (w, b). Returns NR_OK or NR_EIO.
 */
int predictions_write(FILE *fp, const struct dataset *d, double w0, double b0,
                      double w, double b);

#endif
