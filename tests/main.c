/*
 * main.c - the test runner: registers every module's suite and runs them
 * with CUnit's basic interface (its "Run Summary" is what a reader looks at).
 *
 * CU_basic_run_tests() returns 0 even when assertions fail, and
 * CU_cleanup_registry() resets the counters, so the failure count is read
 * first and the process exits 1 on any failure (never the count itself).
 *
 * With an argument, runs only the suite of that name (`make test SUITE=data`).
 * Without, on two processors at once: the shared reports (reports.h) start
 * drawing in the background; this process runs the suites that read them,
 * with the browser probe (browser.h) started as soon as they are done, while
 * a second one (forked before any test ran) runs the others. The others are
 * claimed one at a time on a board both processes share: the second process
 * claims them from the first on, and this one, once its own are done, from
 * the last back, so that the two end about together. The second process's
 * output follows this one's. Either failing fails the run.
 */
#include <CUnit/Basic.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "browser.h"
#include "helpers.h"
#include "reports.h"
#include "suites.h"

/* The suites that read the shared reports: they run where the reports'
 * processes can be waited for. */
static const char *const with_reports[] = {
	"report", "figwords", "optimizers", "latex", "deck", "hostile", "browser",
};

static int reads_reports(const char *name)
{
	for (size_t i = 0; i < sizeof with_reports / sizeof with_reports[0]; i++)
		if (!strcmp(name, with_reports[i]))
			return 1;
	return 0;
}

/* The other suites, each run by the process that claims it first: the
 * second process from the first suite on, this one from the last back. */
#define MAX_SUITES 64
static unsigned char *claimed;          /* [MAX_SUITES], shared by both */
static CU_pSuite registered[MAX_SUITES];   /* the suites in their order */

/* Position of s in the registry as registered, or MAX_SUITES. */
static size_t suite_index(CU_pSuite s)
{
	size_t i = 0;

	while (i < MAX_SUITES && registered[i] != s)
		i++;
	return i;
}

/* Turns the registry's list of suites round: CUnit runs them in its order. */
static void reverse_registry(void)
{
	CU_pTestRegistry reg = CU_get_registry();
	CU_pSuite s = reg->pSuite, last = NULL;

	while (s) {
		CU_pSuite next = s->pNext;
		s->pNext = s->pPrev;
		s->pPrev = next;
		last = s;
		s = next;
	}
	reg->pSuite = last;
}

/* CUnit calls this as a suite starts, before it looks whether the suite is
 * active: an other suite runs here only if this process claims it now. */
static void claim(const CU_pSuite s)
{
	size_t i = suite_index(s);

	if (!reads_reports(s->pName) && i < MAX_SUITES)
		s->fActive = __atomic_exchange_n(&claimed[i], 1, __ATOMIC_SEQ_CST) ? CU_FALSE : CU_TRUE;
}

/* Runs the suites that read the shared reports, or claims and runs others
 * (see claim()). Prints what ran as `what`; returns the number of failure
 * records, or -1 when CUnit failed or the reports' suites ran no test. */
static int run_half(int reports_half, const char *what)
{
	CU_pTestRegistry reg = CU_get_registry();

	for (CU_pSuite s = reg->pSuite; s; s = s->pNext)
		CU_set_suite_active(s, reads_reports(s->pName) == reports_half ? CU_TRUE : CU_FALSE);
	CU_set_suite_start_handler(reports_half ? NULL : claim);
	CU_set_fail_on_inactive(CU_FALSE);
	CU_ErrorCode err = CU_basic_run_tests();
	unsigned run = CU_get_number_of_tests_run(), failures = CU_get_number_of_failure_records();
	printf("\ntest: %s: %u tests run, %u failure records\n", what, run, failures);
	if (err != CUE_SUCCESS || (reports_half && run == 0))
		return -1;
	return (int)failures;
}

/* Whether every other suite was claimed (and so run) by one process. */
static int all_claimed(void)
{
	for (CU_pSuite s = CU_get_registry()->pSuite; s; s = s->pNext) {
		size_t i = suite_index(s);
		if (!reads_reports(s->pName) && (i == MAX_SUITES || !claimed[i]))
			return 0;
	}
	return 1;
}

/* The other suites in a child whose output goes to a temporary file; its
 * pid, or -1 (then this process runs everything). */
static pid_t start_other_half(FILE **out)
{
	size_t n = 0;

	for (CU_pSuite s = CU_get_registry()->pSuite; s; s = s->pNext) {
		if (n == MAX_SUITES)
			return -1;
		registered[n++] = s;
	}
	claimed = mmap(NULL, MAX_SUITES, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (claimed == MAP_FAILED) {
		claimed = NULL;
		return -1;
	}
	*out = tmpfile();
	/* Not inherited by the programs the tests start (each may need the
	 * low descriptors for itself). */
	if (!*out || fcntl(fileno(*out), F_SETFD, FD_CLOEXEC) != 0)
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	int fd = fileno(*out);
	if (dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDERR_FILENO) < 0)
		_exit(2);
	int failures = run_half(0, "the other suites, claimed by a second process");
	fflush(NULL);
	CU_cleanup_registry();
	helpers_cleanup();
	/* Not shared_reports_free(): the reports are the parent's. */
	_exit(failures == 0 ? 0 : 1);
}

int main(int argc, char **argv)
{
	/* The programs under test keep a stop signal that was ignored when
	 * they started (a script's background job has SIGINT ignored): the
	 * tests that send one start them with the default. */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	if (CU_initialize_registry() != CUE_SUCCESS) {
		fprintf(stderr, "test: cannot initialise CUnit: %s\n", CU_get_error_msg());
		return 1;
	}
	for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
		if (suites[i]() != CUE_SUCCESS) {
			fprintf(stderr, "test: cannot register a suite: %s\n", CU_get_error_msg());
			CU_cleanup_registry();
			return 1;
		}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	int failed;
	if (argc > 1 && argv[1][0]) {
		CU_pSuite s = CU_get_suite(argv[1]);
		if (!s) {
			fprintf(stderr, "test: no suite named '%s'\n", argv[1]);
			CU_cleanup_registry();
			return 1;
		}
		failed = CU_basic_run_suite(s) != CUE_SUCCESS || CU_get_number_of_failure_records() > 0 ||
		         CU_get_number_of_tests_run() == 0;
	} else {
		FILE *other = NULL;
		pid_t pid = start_other_half(&other);
		shared_reports_start();
		if (pid < 0) {
			failed = CU_basic_run_tests() != CUE_SUCCESS ||
			         CU_get_number_of_failure_records() > 0 || CU_get_number_of_tests_run() == 0;
		} else {
			shared_browser_start();
			failed = run_half(1, "the suites that read the shared reports") != 0;
			reverse_registry();
			failed |= run_half(0, "the other suites still left, claimed by this process") != 0;
			reverse_registry();
			int status;
			if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
				failed = 1;
			if (!all_claimed()) {
				fprintf(stderr, "test: a suite was never run\n");
				failed = 1;
			}
			/* The other half's output, after this one's. */
			fflush(stdout);
			char buf[8192];
			size_t n;
			rewind(other);
			while ((n = fread(buf, 1, sizeof buf, other)) > 0)
				fwrite(buf, 1, n, stdout);
		}
		if (other)
			fclose(other);
		if (claimed)
			munmap(claimed, MAX_SUITES);
	}
	CU_cleanup_registry();
	shared_browser_free();
	shared_reports_free();
	helpers_cleanup();
	if (failed) {
		fprintf(stderr, "test: FAILED\n");
		return 1;
	}
	return 0;
}
