/*
 * cli.h - the command line: `neuron train|report [options]`.
 *
 * cli_parse() turns argv into a struct options with every value validated:
 * numbers must parse completely, be finite and lie in range; names must be
 * known. The first problem is reported as one line naming the option, the
 * value and what is accepted, and cli_parse() returns NR_EUSAGE. --help and
 * --version print to stdout and return NR_DONE. Strings in the struct point
 * into argv, which the caller keeps alive.
 */
#ifndef NR_CLI_H
#define NR_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "model/neuron.h"

#define LRS_MAX 10            /* learning rates in one comparison */
#define ITERS_MAX 10000000000LL
#define PARAM_MAX 1e12        /* |w0|, |b0| */
#define DEFAULT_LR 1e-4
#define DEFAULT_ITERS 10000
#define DEFAULT_SEED 42
#define DEFAULT_EXAMPLE 42.0  /* the article's worked example, in Celsius */

enum command { CMD_TRAIN, CMD_REPORT };
enum format { FORMAT_PNG, FORMAT_SVG, FORMAT_PDF };

struct options {
	enum command command;
	double lr;
	long long iters;
	uint64_t seed;
	double w0, b0;
	int has_w0, has_b0;      /* given on the command line */
	enum gradient gradient;
	const char *out;         /* output directory */
	long long trace_every;   /* 0: the default schedule (trace.h) */
	const char *data;        /* CSV of (x, y), or NULL for the article's */
	double noise;            /* sigma of Gaussian noise added to y */
	/* report only */
	enum format format;
	double lrs[LRS_MAX];     /* ascending, no duplicates */
	size_t n_lrs;
	int lrs_given;           /* 0: lrs holds the defaults */
	double example;          /* x of the worked chain-rule example */
};

int cli_parse(int argc, char **argv, struct options *o);

/* "png", "svg" or "pdf". */
const char *format_name(enum format f);

#endif
