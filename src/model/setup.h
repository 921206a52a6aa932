/*
 * setup.h - the data and the starting point a run's options describe.
 *
 * setup_data() builds the data set (the article's, or the --data file)
 * with --noise added, and its closed-form analysis; setup_config() draws
 * the initial parameters from the seed (w first, then b, uniform in [0, 1)
 * like the article) unless --w0/--b0 override them, and carries the
 * optimizer and the mini-batch size over, with the mini-batches' own
 * random stream (seed ^ SHUFFLE_STREAM, apart from the noise's and the
 * initial parameters', so that changing --batch leaves both alone).
 * `train` and `report` both start here.
 */
#ifndef NR_SETUP_H
#define NR_SETUP_H

#include <signal.h>
#include <stdint.h>

#include "model/analysis.h"
#include "model/data.h"
#include "model/train.h"

#define DEFAULT_LR 1e-4
#define DEFAULT_ITERS 10000LL
#define DEFAULT_SEED 42u
#define SHUFFLE_STREAM 0x73687566666c65ULL   /* "shuffle" */

struct run_options {
	const char *data;        /* --data FILE, or NULL: the article's data */
	double noise;            /* standard deviation of the noise on y */
	uint64_t seed;
	int has_w0, has_b0;      /* --w0 / --b0 given */
	double w0, b0;
	double lr;
	long long iters;
	enum gradient gradient;
	struct optim_params optim;   /* --optimizer, --momentum, --beta1, ... */
	int has_momentum, has_beta1, has_beta2, has_epsilon;   /* given */
	long long batch;         /* --batch: samples per update, 0: all */
	long long trace_every;   /* 0: the default schedule (trace.h) */
};

/* The defaults: the article's data, lr 1e-4, 10000 iterations, seed 42,
 * the exact gradient, full-batch gradient descent (with the other
 * optimizers' settings at their defaults, optim.h). */
void run_options_default(struct run_options *o);

/*
 * Fills `d` (the caller frees it with dataset_free) and `a`, which is then
 * guaranteed finite; every target, noise added, is within the bounds of
 * data.h (0, or a magnitude in [DATA_ABS_MIN, DATA_ABS_MAX]). Returns NR_OK,
 * NR_EDATA, NR_EIO or NR_ENOMEM with the one-line message printed, or
 * NR_EUSAGE when --batch exceeds the number of samples; on failure `d` is
 * empty.
 */
int setup_data(const struct run_options *o, struct dataset *d, struct analysis *a);

/* The training configuration the options describe; `stop` as in train.h. */
struct train_config setup_config(const struct run_options *o,
                                 const volatile sig_atomic_t *stop);

#endif
