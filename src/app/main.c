/*
 * main.c - `neuron train` and `neuron report`: parse, run, exit.
 *
 * The only place that turns a status into an exit code: 0 success, 1
 * runtime failure, 2 usage error, 128 + the signal when SIGINT, SIGTERM or
 * SIGHUP stopped the run (130, 143, 129). The handlers only record which
 * signal came; the run stops at its next check and every output is left as
 * it was (txn.h). They are installed without SA_RESTART, and every wait
 * (for gnuplot, pdflatex, the lock of the output directory) ends when one
 * comes, even one that came just before it (stop.h).
 */
#include "app/cli.h"
#include "base/err.h"
#include "base/stop.h"
#include "model/neuron.h"
#include "model/setup.h"
#include "output/progress.h"
#include "output/trace.h"
#include "output/txn.h"
#include "report/report.h"

#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#ifndef NR_VERSION
#define NR_VERSION "unknown"
#endif

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static const char *signal_name(int sig)
{
	switch (sig) {
	case SIGINT:  return "SIGINT (Ctrl-C)";
	case SIGTERM: return "SIGTERM";
	case SIGHUP:  return "SIGHUP";
	}
	return "a signal";
}

/* Trains one run into --out: trace.csv and predictions.csv, then the
 * summary on stdout. */
static int cmd_train(const struct report_options *o)
{
	struct dataset d;
	struct analysis a;
	struct train_result res;
	struct progress pg;
	struct txn t;
	struct txn_options to = { TXN_KEEP, o->no_wait, &stop_signal };
	int st;

	if ((st = setup_data(&o->run, &d, &a)))
		return st;
	struct train_config cfg = setup_config(&o->run, &stop_signal);
	if (!(st = txn_begin(&t, o->out, &to))) {
		struct observer progress = { progress_observe, &pg };
		/* A progress line only for a person watching a terminal. */
		progress_begin(&pg, isatty(STDERR_FILENO) ? stderr : NULL, cfg.iters, d.n);
		st = trace_run(&t, "", o->run.trace_every, &d, &a, &cfg, &progress, 1, &res);
		progress_end(&pg);
		if (!st && !(st = txn_commit(&t)))
			summary_print(stdout, &cfg, &a, &res);
		txn_end(&t);
	}
	dataset_free(&d);
	return st;
}

int main(int argc, char **argv)
{
	struct options o;
	struct sigaction sa = { .sa_handler = on_signal }, was;
	sigset_t stops;

	/* A gnuplot that died must surface as a write error, not kill us. */
	signal(SIGPIPE, SIG_IGN);
	/* A stop signal that was ignored when we started stays ignored
	 * (`nohup neuron report`, a background job of a script); one that was
	 * blocked is opened: the waits rely on it (stop.h). */
	stop_signals(&stops);
	sigemptyset(&sa.sa_mask);
	for (int sig = 1; sig < NSIG; sig++)
		if (sigismember(&stops, sig) == 1 && sigaction(sig, NULL, &was) == 0 &&
		    was.sa_handler != SIG_IGN)
			sigaction(sig, &sa, NULL);
	sigprocmask(SIG_UNBLOCK, &stops, NULL);

	int st = cli_parse(argc, argv, &o);
	if (st == NR_OK) {
		switch (o.command) {
		case CMD_HELP:    cli_usage(stdout); break;
		case CMD_VERSION:
			printf("neuron %s\nexact gradient: %d lanes, multiply-adds %s, %s pass\n",
			       NR_VERSION, NEURON_LANES, NEURON_FMA ? "fused" : "not fused",
			       neuron_exact_pass());
			break;
		case CMD_TRAIN:   st = cmd_train(&o.report); break;
		case CMD_REPORT:  st = report_run(&o.report, &stop_signal); break;
		}
	}
	if (st == NR_EINTR || (st != NR_OK && stop_signal))
		st = nr_error(NR_EINTR, "stopped by %s: no output was changed",
		              signal_name(stop_signal));
	if (st == NR_OK && (fflush(stdout) != 0 || ferror(stdout)))
		st = nr_error(NR_EIO, "cannot write the summary to standard output");
	cli_free(&o);
	return nr_exit_status(st, stop_signal);
}
