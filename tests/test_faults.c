/*
 * test_faults.c - the real binary under hostile conditions: SIGINT,
 * SIGTERM and SIGHUP while it trains and while gnuplot draws (sent to it
 * alone, or to its whole process group as Ctrl-C does), a run killed with
 * SIGKILL, a second run on the same directory, a file system that refuses
 * more bytes, standard output on a full device, a read-only output
 * directory and an output path through a missing directory. Each must end
 * with one clear line on stderr, the right exit status, no partial or
 * temporary file, and the outputs of an earlier run byte for byte intact.
 *
 * The faults are real, not simulated in the program: the kernel's
 * RLIMIT_FSIZE makes writes fail (EFBIG) exactly where a full disk would
 * (ENOSPC), /dev/full is the classic full device, and a directory of mode
 * 0555 is read-only for anyone but root, so when the tests run as root the
 * child drops to uid 65534 first.
 */
#include <CUnit/CUnit.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/err.h"
#include "helpers.h"
#include "suites.h"

/* An output directory holding the outputs of a short earlier run. */
struct earlier {
	char *dir, *out, *trace_path, *pred_path;
	char *trace, *pred;   /* their contents */
};

static void earlier_make(struct earlier *e)
{
	struct proc p;

	e->dir = tmpdir_new();
	chmod(e->dir, 0755);   /* reachable by the unprivileged child */
	e->out = path_join(e->dir, "out");
	e->trace_path = path_join(e->out, "trace.csv");
	e->pred_path = path_join(e->out, "predictions.csv");
	run_neuron(&p, "train", "--iters", "10", "--out", e->out, NULL);
	CU_ASSERT_EQUAL_FATAL(p.status, 0);
	proc_free(&p);
	e->trace = slurp(e->trace_path, NULL);
	e->pred = slurp(e->pred_path, NULL);
	CU_ASSERT_FATAL(e->trace && e->pred);
}

/* The earlier outputs unchanged and nothing else in the directory. */
static void earlier_check_intact(const struct earlier *e)
{
	char *trace = slurp(e->trace_path, NULL), *pred = slurp(e->pred_path, NULL);

	CU_ASSERT(trace && !strcmp(trace, e->trace));
	CU_ASSERT(pred && !strcmp(pred, e->pred));
	CU_ASSERT_EQUAL(output_entries(e->out), 2);
	free(trace);
	free(pred);
}

static void earlier_free(struct earlier *e)
{
	chmod(e->out, 0755);
	rm_rf(e->dir);
	free(e->dir); free(e->out); free(e->trace_path); free(e->pred_path);
	free(e->trace); free(e->pred);
}

/* What a stopped run leaves: one line on stderr that says `says`, and the
 * earlier outputs intact. */
static void check_stopped(const char *err_path, const struct earlier *e, const char *says)
{
	char *err = slurp(err_path, NULL);

	CU_ASSERT(err && count_lines(err) == 1 && strstr(err, says));
	if (!(err && count_lines(err) == 1 && strstr(err, says)))
		fprintf(stderr, "\n  stderr: %s\n", err ? err : "(none)");
	earlier_check_intact(e);
	free(err);
}

static void test_sigint_during_a_long_run_exits_130_and_changes_nothing(void)
{
	struct earlier e;
	char err_path[] = "/tmp/neuron-err-XXXXXX";
	int err_fd = mkstemp(err_path), null_fd = open("/dev/null", O_WRONLY);

	earlier_make(&e);
	CU_ASSERT_FATAL(err_fd >= 0 && null_fd >= 0);
	const char *args[] = { "train", "--iters", "1e9", "--out", e.out, NULL };
	int pid = spawn_neuron(args, null_fd, err_fd);
	/* Its temporaries exist once the run is under way (1e9 iterations
	 * take minutes); the generous wait is for a loaded machine. */
	CU_ASSERT(wait_until(has_stage, e.out, 60));
	struct timespec t = { 0, 300000000 };
	nanosleep(&t, NULL);
	CU_ASSERT_EQUAL(kill(pid, SIGINT), 0);
	CU_ASSERT_EQUAL(wait_neuron(pid), 130);   /* exited, not killed */
	check_stopped(err_path, &e, "stopped by SIGINT");
	close(err_fd);
	close(null_fd);
	unlink(err_path);
	earlier_free(&e);
}

static void test_a_file_system_that_refuses_bytes_fails_cleanly(void)
{
	struct earlier e;
	struct proc p;
	/* Room for part of trace.csv (~1 MB by default), so the write fails
	 * in the middle of the run. */
	struct spawn_opts o = { .fsize_limit = 64 * 1024 };

	earlier_make(&e);
	run_neuron_with(&p, &o, "train", "--w0", "3", "--out", e.out, NULL);
	CU_ASSERT_EQUAL(p.status, 1);
	CU_ASSERT_EQUAL(count_lines(p.err), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.err, "cannot write trace.csv: File too large"));
	CU_ASSERT_STRING_EQUAL(p.out, "");
	earlier_check_intact(&e);
	proc_free(&p);

	/* Room for trace.csv but not for predictions.csv after it: neither
	 * file may replace its predecessor. */
	o.fsize_limit = (long)strlen(e.pred) / 2;
	run_neuron_with(&p, &o, "train", "--iters", "10", "--w0", "3", "--out", e.out, NULL);
	CU_ASSERT_EQUAL(p.status, 1);
	CU_ASSERT_EQUAL(count_lines(p.err), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.err, "predictions.csv"));
	earlier_check_intact(&e);
	proc_free(&p);
	earlier_free(&e);
}

/*
 * Standard output is not one of the output files: the summary is printed
 * after they are complete and renamed, so `neuron train | head -3` still
 * writes them. A full stdout is still an error (exit 1), and the files are
 * then whole, new and without temporaries.
 */
static void test_summary_to_a_full_device_is_an_error(void)
{
	struct earlier e;
	struct proc p;
	struct spawn_opts o = { .stdout_path = "/dev/full" };

	earlier_make(&e);
	run_neuron_with(&p, &o, "train", "--iters", "10", "--w0", "3", "--out", e.out, NULL);
	CU_ASSERT_EQUAL(p.status, 1);
	CU_ASSERT_EQUAL(count_lines(p.err), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.err, "cannot write the summary to standard output"));
	CU_ASSERT_EQUAL(output_entries(e.out), 2);
	struct table t;
	CU_ASSERT_EQUAL_FATAL(table_read(e.trace_path, &t), 0);
	CU_ASSERT_EQUAL(t.rows, 12);   /* header + states 0..10: complete */
	CU_ASSERT_STRING_EQUAL(table_at(&t, 1, 2), "3");   /* the new run's w0 */
	table_free(&t);
	proc_free(&p);
	earlier_free(&e);
}

static void test_a_read_only_output_directory_is_refused(void)
{
	struct earlier e;
	struct proc p;
	struct spawn_opts o = { .unprivileged = 1 };

	earlier_make(&e);
	CU_ASSERT_EQUAL_FATAL(chmod(e.out, 0555), 0);
	run_neuron_with(&p, &o, "train", "--w0", "3", "--out", e.out, NULL);
	CU_ASSERT_EQUAL(p.status, 1);
	CU_ASSERT_EQUAL(count_lines(p.err), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.err, "is not writable"));
	CU_ASSERT_PTR_NOT_NULL(strstr(p.err, e.out));
	earlier_check_intact(&e);
	proc_free(&p);
	earlier_free(&e);
}

static void test_an_output_path_through_a_missing_directory_is_refused(void)
{
	char *dir = tmpdir_new(), *out = path_join(dir, "missing/deeper/out");
	struct proc p;

	run_neuron(&p, "train", "--out", out, NULL);
	CU_ASSERT_EQUAL(p.status, 1);
	CU_ASSERT_EQUAL(count_lines(p.err), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.err, "cannot create directory"));
	CU_ASSERT_PTR_NOT_NULL(strstr(p.err, out));
	CU_ASSERT_EQUAL(dir_entries(dir), 0);
	proc_free(&p);
	free(out);
	rm_rf(dir);
	free(dir);
}

/*
 * While gnuplot draws: the fake gnuplot reads every job, touches a file to
 * say so and sleeps. Then the signal goes to neuron alone, or to its whole
 * process group (gnuplot included, as a Ctrl-C in a terminal does). Either
 * way the exit status is 128 + the signal, the earlier outputs are intact,
 * no stage is left, and no gnuplot keeps running.
 */
static int exists(void *path)
{
	return file_exists(path);
}

/* How start() sets up the run it starts. */
enum start_how { OWN_GROUP = 1, PENDING_TERM = 2, HUP_IGNORED = 4 };

/* Starts neuron with args (stdin and stdout /dev/null, stderr err_fd); with
 * `ready`, through the fake gnuplot, which touches ready after its jobs and
 * then sleeps 30 s. */
static pid_t start(const char *const *args, int how, int err_fd, const char *ready)
{
	const char *gnuplot = fake_gnuplot();   /* made here, not in the child */

	fflush(NULL);
	pid_t pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		if (how & OWN_GROUP)
			setpgid(0, 0);
		int null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(null, 1);
		dup2(err_fd, 2);
		if (how & PENDING_TERM) {
			sigset_t term;
			sigemptyset(&term);
			sigaddset(&term, SIGTERM);
			sigprocmask(SIG_BLOCK, &term, NULL);
			raise(SIGTERM);
		}
		if (how & HUP_IGNORED)
			signal(SIGHUP, SIG_IGN);
		if (ready) {
			setenv("GNUPLOT", gnuplot, 1);
			setenv("FAKE_GNUPLOT_READY", ready, 1);
			setenv("FAKE_GNUPLOT_SLEEP", "30", 1);
		}
		const char *argv[16] = { neuron_path() };
		for (int i = 0; args[i]; i++)
			argv[i + 1] = args[i];
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (how & OWN_GROUP)
		setpgid(pid, pid);
	return pid;
}

static void interrupt_while_drawing(int sig, int group)
{
	struct earlier e;
	char err_path[] = "/tmp/neuron-err-XXXXXX";
	int err_fd = mkstemp(err_path);

	earlier_make(&e);
	char *ready = path_join(e.dir, "gnuplot-ready");
	const char *args[] = { "report", "--iters", "50", "--lrs", "1e-4", "--out", e.out, NULL };
	pid_t pid = start(args, OWN_GROUP, err_fd, ready);
	CU_ASSERT(wait_until(exists, ready, 30));
	/* The fake gnuplot sleeps in the run's process group (which the run's
	 * pid names): found now, it must be gone after the run. */
	char *find = xasprintf("pgrep -g %ld -f 'sleep 30' >/dev/null", (long)pid);
	CU_ASSERT_EQUAL(system(find), 0);
	CU_ASSERT_EQUAL(kill(group ? -pid : pid, sig), 0);
	int status;
	CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
	CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 128 + sig);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 128 + sig)
		fprintf(stderr, "\n  signal %d%s: status %d\n", sig, group ? " to the group" : "", status);
	check_stopped(err_path, &e, "no output was changed");
	CU_ASSERT_NOT_EQUAL(system(find), 0);
	free(find);
	free(ready);
	close(err_fd);
	unlink(err_path);
	earlier_free(&e);
}

static void test_sigint_sigterm_sighup_while_gnuplot_draws_stop_the_run_cleanly(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };

	for (int i = 0; i < 3; i++) {
		interrupt_while_drawing(sigs[i], 0);
		interrupt_while_drawing(sigs[i], 1);
	}
}

/* Whether *pid has ended (left unreaped). */
static int has_exited(void *pid)
{
	siginfo_t si = { 0 };
	return waitid(P_PID, (id_t) * (pid_t *)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
	       si.si_pid != 0;
}

/*
 * A stop signal's state when the program starts: one blocked and pending
 * (a parent may start it so) is opened and stops the run at once; one
 * ignored (`nohup`, a script's background job) stays ignored: SIGHUP while
 * gnuplot draws changes nothing, and SIGTERM then stops the run.
 */
static void test_a_stop_signal_blocked_or_ignored_at_start_keeps_its_meaning(void)
{
	for (int how = 0; how < 2; how++) {
		struct earlier e;
		char err_path[] = "/tmp/neuron-err-XXXXXX";
		int err_fd = mkstemp(err_path);
		earlier_make(&e);
		char *ready = path_join(e.dir, "gnuplot-ready");
		const char *train[] = { "train", "--iters", "1e9", "--out", e.out, NULL };
		const char *report[] = { "report", "--iters", "50", "--lrs", "1e-4", "--out", e.out, NULL };
		pid_t pid = how ? start(report, HUP_IGNORED, err_fd, ready)
		                : start(train, PENDING_TERM, err_fd, NULL);
		if (how) {
			CU_ASSERT(wait_until(exists, ready, 30));
			CU_ASSERT_EQUAL(kill(pid, SIGHUP), 0);
			CU_ASSERT(!wait_until(has_exited, &pid, 0.3));   /* ignored */
			CU_ASSERT_EQUAL(kill(pid, SIGTERM), 0);
		}
		/* At once: a pending SIGTERM that stayed blocked would leave 1e9
		 * iterations to run (minutes); then it is killed. */
		int ended = wait_until(has_exited, &pid, 30);
		CU_ASSERT(ended);
		if (!ended)
			kill(pid, SIGKILL);
		CU_ASSERT_EQUAL(wait_neuron(pid), 143);
		check_stopped(err_path, &e, "stopped by SIGTERM");
		free(ready);
		close(err_fd);
		unlink(err_path);
		earlier_free(&e);
	}
}

/* A run killed with SIGKILL cannot clean up: its stage stays, and the next
 * run removes it, keeping the outputs of the run before. */
static void test_the_next_run_removes_what_a_killed_run_left(void)
{
	struct earlier e;
	int null_fd = open("/dev/null", O_WRONLY);

	earlier_make(&e);
	const char *args[] = { "train", "--iters", "1e9", "--out", e.out, NULL };
	int pid = spawn_neuron(args, null_fd, null_fd);
	CU_ASSERT(wait_until(has_stage, e.out, 60));
	CU_ASSERT_EQUAL(kill(pid, SIGKILL), 0);
	wait_neuron(pid);
	CU_ASSERT_EQUAL(output_entries(e.out), -1);   /* the stage is still there */
	struct proc p;
	run_neuron(&p, "train", "--iters", "10", "--out", e.out, NULL);
	CU_ASSERT_EQUAL(p.status, 0);
	CU_ASSERT_EQUAL(output_entries(e.out), 2);
	proc_free(&p);
	close(null_fd);
	earlier_free(&e);
}

/* Two runs into one directory: the second waits for the first (and says
 * so), or with --no-wait fails at once naming the directory and the pid. */
static void test_a_second_run_on_the_same_directory_waits_or_is_refused(void)
{
	struct earlier e;
	int null_fd = open("/dev/null", O_WRONLY);

	earlier_make(&e);
	const char *args[] = { "train", "--iters", "1e9", "--out", e.out, NULL };
	int pid = spawn_neuron(args, null_fd, null_fd);
	CU_ASSERT(wait_until(has_stage, e.out, 60));
	/* It holds the directory as well stopped as training, and stopped it
	 * leaves the processor to the tests that run beside this one. */
	CU_ASSERT_EQUAL(kill(pid, SIGSTOP), 0);
	struct proc p;
	run_neuron(&p, "train", "--iters", "10", "--no-wait", "--out", e.out, NULL);
	char *who = xasprintf("(pid %d)", pid);
	CU_ASSERT_EQUAL(p.status, 1);
	CU_ASSERT_EQUAL(count_lines(p.err), 1);
	CU_ASSERT(strstr(p.err, who) && strstr(p.err, e.out));
	proc_free(&p);
	free(who);

	/* Without --no-wait it waits; the first run stops (SIGTERM), the
	 * second one then runs and commits its own outputs only. */
	char err_path[] = "/tmp/neuron-err-XXXXXX";
	int err_fd = mkstemp(err_path);
	const char *second[] = { "train", "--iters", "10", "--w0", "7", "--out", e.out, NULL };
	int pid2 = spawn_neuron(second, null_fd, err_fd);
	struct timespec t = { 0, 300000000 };
	nanosleep(&t, NULL);
	CU_ASSERT_EQUAL(kill(pid, SIGTERM), 0);
	CU_ASSERT_EQUAL(kill(pid, SIGCONT), 0);
	CU_ASSERT_EQUAL(wait_neuron(pid), 143);
	CU_ASSERT_EQUAL(wait_neuron(pid2), 0);
	char *err = slurp(err_path, NULL);
	CU_ASSERT(err && strstr(err, "waiting for the other run"));
	struct table tab;
	CU_ASSERT_EQUAL_FATAL(table_read(e.trace_path, &tab), 0);
	CU_ASSERT_STRING_EQUAL(table_at(&tab, 1, 2), "7");
	table_free(&tab);
	free(err);
	close(err_fd);
	unlink(err_path);
	close(null_fd);
	earlier_free(&e);
}

int suite_faults(void)
{
	CU_pSuite s = CU_add_suite("faults", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_sigint_during_a_long_run_exits_130_and_changes_nothing);
	CU_ADD_TEST(s, test_sigint_sigterm_sighup_while_gnuplot_draws_stop_the_run_cleanly);
	CU_ADD_TEST(s, test_a_stop_signal_blocked_or_ignored_at_start_keeps_its_meaning);
	CU_ADD_TEST(s, test_the_next_run_removes_what_a_killed_run_left);
	CU_ADD_TEST(s, test_a_second_run_on_the_same_directory_waits_or_is_refused);
	CU_ADD_TEST(s, test_a_file_system_that_refuses_bytes_fails_cleanly);
	CU_ADD_TEST(s, test_summary_to_a_full_device_is_an_error);
	CU_ADD_TEST(s, test_a_read_only_output_directory_is_refused);
	CU_ADD_TEST(s, test_an_output_path_through_a_missing_directory_is_refused);
	return CU_get_error();
}
