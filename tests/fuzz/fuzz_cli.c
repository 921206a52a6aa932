/*
 * fuzz_cli.c - libFuzzer target for the option parser. The input is split
 * at NUL bytes into arguments after "neuron", so the fuzzer explores
 * commands, option names, values and their order. Whatever cli_parse()
 * accepts must satisfy what cli.h promises (finite values in range, learning
 * rates positive and strictly ascending); anything else aborts.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"
#include "base/err.h"

#define ARGS_MAX 64

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);

static void check_promises(const struct options *o)
{
	if (!(o->lr > 0 && isfinite(o->lr)) || o->iters < 0 || o->iters > ITERS_MAX ||
	    !(fabs(o->w0) <= PARAM_MAX) || !(fabs(o->b0) <= PARAM_MAX) ||
	    !(o->noise >= 0 && isfinite(o->noise)) || o->trace_every < 0 ||
	    !o->out || !*o->out || (o->data && !*o->data) ||
	    o->n_lrs < 1 || o->n_lrs > LRS_MAX || !isfinite(o->example))
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
	else if (st != NR_EUSAGE && st != NR_DONE && st != NR_ENOMEM)
		abort();
	free(text);
	return 0;
}
