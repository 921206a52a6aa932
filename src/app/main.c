/*
 * main.c - `neuron train` and `neuron report`: parse, run, exit.
 *
 * The only place that turns a status into an exit code: 0 success, 1 runtime
 * failure, 2 usage error, 130 interrupted.
 */
#include "output/afile.h"
#include "model/analysis.h"
#include "app/cli.h"
#include "model/data.h"
#include "base/err.h"
#include "report/report.h"
#include "report/run.h"

#include <signal.h>
#include <stdio.h>

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

static int cmd_train(const struct options *o)
{
	struct dataset d;
	struct analysis a;
	struct train_result res;
	int st;

	if ((st = run_data(o, &d, &a)))
		return st;
	struct train_config cfg = run_config(o, o->lr, &interrupted);
	if (!(st = ensure_dir(o->out, "--out")) &&
	    !(st = run_to_dir(&d, &a, &cfg, o->trace_every, o->out, &res)))
		run_print_summary(stdout, &cfg, &a, &res);
	dataset_free(&d);
	return st;
}

int main(int argc, char **argv)
{
	struct options o;
	struct sigaction sa = { .sa_handler = on_sigint };

	/* A gnuplot that died must surface as a write error, not kill us. */
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);

	int st = cli_parse(argc, argv, &o);
	if (st == NR_OK)
		st = o.command == CMD_TRAIN ? cmd_train(&o) : report_run(&o, &interrupted);
	if (st == NR_EINTR)
		nr_error(st, "interrupted: no output was changed");
	if (st == NR_OK && (fflush(stdout) != 0 || ferror(stdout)))
		st = nr_error(NR_EIO, "cannot write the summary to standard output");
	return nr_exit_status(st);
}
