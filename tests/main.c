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
 * two workers (forked before any test ran) run the others. The others are
 * claimed one at a time on a board all three share: the workers claim them
 * from the first on, and this process, once its own are done, from the last
 * back, so that all end about together. Then this one reads what the
 * browser probe found (by then long done). The workers' output follows
 * this one's. Any of them failing fails the run.
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
 * processes can be waited for. The browser's run last of all, so that the
 * probe has had all the time there is. */
static const char *const with_reports[] = {
	"report", "figwords", "optimizers", "latex", "deck", "hostile",
};

enum part { SHARED, OTHERS, BROWSER };

static enum part part_of(const char *name)
{
	if (!strcmp(name, "browser"))
		return BROWSER;
	for (size_t i = 0; i < sizeof with_reports / sizeof with_reports[0]; i++)
		if (!strcmp(name, with_reports[i]))
			return SHARED;
	return OTHERS;
}

/* The other suites, each run by the process that claims it first: the
 * workers from the first suite on, this one from the last back. */
#define MAX_SUITES 64
static unsigned char *claimed;          /* [MAX_SUITES], shared by all */
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
 * active: one of the other suites runs here only if this process is the
 * first to claim it. */
static void claim(const CU_pSuite s)
{
	size_t i = suite_index(s);

	if (part_of(s->pName) == OTHERS && i < MAX_SUITES)
		s->fActive = __atomic_exchange_n(&claimed[i], 1, __ATOMIC_SEQ_CST) ? CU_FALSE : CU_TRUE;
}

/* Runs the suites of one part; the others' only as this process claims
 * them (claim()). Prints what ran as `what`; returns the number of failure
 * records, or -1 when CUnit failed or a part of the reports' ran no test. */
static int run_part(enum part part, const char *what)
{
	CU_pTestRegistry reg = CU_get_registry();

	for (CU_pSuite s = reg->pSuite; s; s = s->pNext)
		CU_set_suite_active(s, part_of(s->pName) == part ? CU_TRUE : CU_FALSE);
	CU_set_suite_start_handler(part == OTHERS ? claim : NULL);
	CU_set_fail_on_inactive(CU_FALSE);
	CU_ErrorCode err = CU_basic_run_tests();
	unsigned run = CU_get_number_of_tests_run(), failures = CU_get_number_of_failure_records();
	printf("\ntest: %s: %u tests run, %u failure records\n", what, run, failures);
	if (err != CUE_SUCCESS || (part != OTHERS && run == 0))
		return -1;
	return (int)failures;
}

/* Whether every other suite was claimed (and so run) by one process. */
static int all_claimed(void)
{
	for (CU_pSuite s = CU_get_registry()->pSuite; s; s = s->pNext) {
		size_t i = suite_index(s);
		if (part_of(s->pName) == OTHERS && (i == MAX_SUITES || !claimed[i]))
			return 0;
	}
	return 1;
}

/* Processes besides this one that claim the other suites. Three processes
 * for two processors: while a test waits (for a signal to land, a lock to
 * be held, a second to pass), the other two still have work. */
#define WORKERS 2

struct worker {
	pid_t pid;
	FILE *out;   /* its output, shown after this process's */
};

/* Starts the workers, each writing to a temporary file; how many started
 * (none: this process runs everything). */
static int start_workers(struct worker *w)
{
	size_t n = 0;
	int started = 0;

	for (CU_pSuite s = CU_get_registry()->pSuite; s; s = s->pNext) {
		if (n == MAX_SUITES)
			return 0;
		registered[n++] = s;
	}
	claimed = mmap(NULL, MAX_SUITES, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (claimed == MAP_FAILED) {
		claimed = NULL;
		return 0;
	}
	for (; started < WORKERS; started++) {
		FILE *out = tmpfile();
		/* Not inherited by the programs the tests start (each may need
		 * the low descriptors for itself). */
		if (!out || fcntl(fileno(out), F_SETFD, FD_CLOEXEC) != 0) {
			if (out)
				fclose(out);
			break;
		}
		fflush(NULL);
		pid_t pid = fork();
		if (pid < 0) {
			fclose(out);
			break;
		}
		if (pid == 0) {
			int fd = fileno(out);
			if (dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDERR_FILENO) < 0)
				_exit(2);
			char what[64];
			snprintf(what, sizeof what, "the other suites claimed by worker %d", started + 1);
			int failures = run_part(OTHERS, what);
			fflush(NULL);
			CU_cleanup_registry();
			helpers_cleanup();
			/* Not shared_reports_free(): the reports are the parent's. */
			_exit(failures == 0 ? 0 : 1);
		}
		w[started] = (struct worker){ pid, out };
	}
	return started;
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
		struct worker w[WORKERS];
		int workers = start_workers(w);
		shared_reports_start();
		if (workers == 0) {
			failed = CU_basic_run_tests() != CUE_SUCCESS ||
			         CU_get_number_of_failure_records() > 0 || CU_get_number_of_tests_run() == 0;
		} else {
			shared_browser_start();
			failed = run_part(SHARED, "the suites that read the shared reports") != 0;
			reverse_registry();
			failed |= run_part(OTHERS, "the other suites still left, claimed by this process") != 0;
			reverse_registry();
			failed |= run_part(BROWSER, "what the browser probe found") != 0;
			for (int k = 0; k < workers; k++) {
				int status;
				if (waitpid(w[k].pid, &status, 0) != w[k].pid || !WIFEXITED(status) ||
				    WEXITSTATUS(status))
					failed = 1;
			}
			if (!all_claimed()) {
				fprintf(stderr, "test: a suite was never run\n");
				failed = 1;
			}
		}
		/* The workers' output, after this process's. */
		fflush(stdout);
		for (int k = 0; k < workers; k++) {
			char buf[8192];
			size_t n;
			rewind(w[k].out);
			while ((n = fread(buf, 1, sizeof buf, w[k].out)) > 0)
				fwrite(buf, 1, n, stdout);
			fclose(w[k].out);
		}
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
