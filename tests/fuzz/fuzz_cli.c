/*
 * fuzz_cli.c - libFuzzer target for the option parser. The input is split
 * at NUL bytes into arguments after "neuron", so the fuzzer explores
 * commands, option names, values and their order. Whatever cli_parse()
 * accepts must satisfy what cli.h promises (finite values in range, learning
 * rates positive and strictly ascending, optimizer settings only for the
 * optimizer that uses them, a command line to reproduce the run); anything
 * else aborts.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"
#include "base/err.h"

#define ARGS_MAX 64

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);

static void check_promises(const struct options *opts)
{
	const struct report_options *o = &opts->report;
	const struct run_options *r = &o->run;

	if (opts->command == CMD_HELP || opts->command == CMD_VERSION)
		return;
	if (!(r->lr > 0 && isfinite(r->lr)) || r->iters < 0 || r->iters > 1e10 ||
	    !(fabs(r->w0) <= 1e12) || !(fabs(r->b0) <= 1e12) ||
	    !(r->noise >= 0 && isfinite(r->noise)) || r->trace_every < 0 ||
	    !o->out || !*o->out || (r->data && !*r->data) ||
	    (o->lrs_given && (o->n_lrs < 1 || o->n_lrs > LRS_MAX)) || !isfinite(o->example) ||
	    !o->lang || strlen(o->lang) < 2 || strlen(o->lang) > 3 || !o->command ||
	    !opts->command_line)
		abort();
	const struct optim_params *q = &r->optim;
	int heavy = q->kind == OPTIM_MOMENTUM || q->kind == OPTIM_NESTEROV;
	if ((unsigned)q->kind >= OPTIMIZERS || !(q->momentum >= 0 && q->momentum < 1) ||
	    !(q->beta1 >= 0 && q->beta1 < 1) || !(q->beta2 >= 0 && q->beta2 < 1) ||
	    !(q->epsilon > 0 && q->epsilon <= 1) || r->batch < 0 || r->batch > 10000000 ||
	    (r->has_momentum && !heavy) ||
	    ((r->has_beta1 || r->has_beta2 || r->has_epsilon) && q->kind != OPTIM_ADAM))
		abort();
	for (size_t i = 0; i < o->n_lrs; i++)
		if (!(o->lrs[i] > 0 && isfinite(o->lrs[i])) ||
		    (i > 0 && !(o->lrs[i] > o->lrs[i - 1])))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	/* One copy with a NUL after it, so every argument is terminated. */
	char *text = malloc(len + 1);
	char *argv[ARGS_MAX + 2] = { "neuron" };
	int argc = 1;
	struct options o;

	if (!text)
		abort();
	memcpy(text, buf, len);
	text[len] = '\0';
	for (size_t i = 0; i <= len && argc <= ARGS_MAX; i += strlen(text + i) + 1)
		argv[argc++] = text + i;
	argv[argc] = NULL;
	int st = cli_parse(argc, argv, &o);
	if (st == NR_OK)
		check_promises(&o);
	else if (st != NR_EUSAGE && st != NR_ENOMEM)
		abort();
	cli_free(&o);
	free(text);
	return 0;
}
