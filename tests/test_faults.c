/*
 * test_faults.c - the real binary under hostile conditions: Ctrl-C in the
 * middle of a long run, a file system that refuses more bytes, standard
 * output on a full device, a read-only output directory and an output path
 * through a missing directory. Each must end with one clear line on stderr,
 * a non-zero exit status, no partial or temporary file, and the outputs of
 * an earlier run byte for byte intact.
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
#include <time.h>
#include <unistd.h>

#include "output/afile.h"
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
	CU_ASSERT_EQUAL(dir_entries(e->out), 2);
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

static int has_temporary(void *out)
{
	return dir_entries(out) > 2;
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
	CU_ASSERT(wait_until(has_temporary, e.out, 60));
	struct timespec t = { 0, 300000000 };
	nanosleep(&t, NULL);
	CU_ASSERT_EQUAL(kill(pid, SIGINT), 0);
	CU_ASSERT_EQUAL(wait_neuron(pid), 130);   /* exited, not killed */
	char *err = slurp(err_path, NULL);
	CU_ASSERT(err && count_lines(err) == 1 && strstr(err, "interrupted"));
	earlier_check_intact(&e);
	free(err);
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
	CU_ASSERT_EQUAL(dir_entries(e.out), 2);
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

int suite_faults(void)
{
	CU_pSuite s = CU_add_suite("faults", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_sigint_during_a_long_run_exits_130_and_changes_nothing);
	CU_ADD_TEST(s, test_a_file_system_that_refuses_bytes_fails_cleanly);
	CU_ADD_TEST(s, test_summary_to_a_full_device_is_an_error);
	CU_ADD_TEST(s, test_a_read_only_output_directory_is_refused);
	CU_ADD_TEST(s, test_an_output_path_through_a_missing_directory_is_refused);
	return CU_get_error();
}
