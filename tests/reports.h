/*
 * reports.h - the reports that several suites read, built once.
 *
 * Rendering a report takes gnuplot a few seconds of CPU, so every real
 * report the tests need is listed here and all of them are built together,
 * in the background from the start of the run (while the suites that need
 * none of them run), or the first time one is asked for. Only the default
 * report has the default size: pixels are most of gnuplot's time, and the
 * others test the modes, formats and themes. They run in a sandbox: a
 * fresh directory that is their working directory, with HOME and TMPDIR
 * pointing to empty folders inside it, and output directories (and a data
 * file) whose names a shell or gnuplot would take for commands. So every
 * test that reads them also shows that such names run nothing and that
 * nothing is written outside --out.
 *
 * Tests that only need the C side use the fake gnuplot instead
 * (helpers.h), which takes milliseconds.
 */
#ifndef NR_TEST_REPORTS_H
#define NR_TEST_REPORTS_H

/* The header line of the data file of the report "data". */
#define SHARED_DATA_HEADER "km,miles"

struct shared_report {
	const char *name;           /* "default", "article", "data", "diverging",
	                               "noise", "exact", "marked": every mode once,
	                               each format and theme at least twice */
	const char *args[20];       /* after "report", NULL-terminated */
	const char *out;            /* its --out, relative to the sandbox */
	const char *format;         /* its figures' format */
	unsigned width, height;     /* of its PNG figures (0: the default) */
	int marked;                 /* in test_figwords.c's marked language */
	char *dir;                  /* the absolute output directory */
	char *stdout_text, *stderr_text;
	int status;
};

/* Starts building every report in the background (the runner calls it
 * before the first suite, so that they are drawn while the suites that do
 * not need them run); does nothing the second time. */
void shared_reports_start(void);

/* The report called `name`; waits for them all on first use (starting
 * them if need be). Fails the test (fatally) when it is unknown or did not
 * succeed. */
const struct shared_report *shared_report(const char *name);

/* Every shared report, for tests that look at all of them. */
const struct shared_report *shared_reports(int *n);

/* The same once they have all ended, failed ones too (status non-zero),
 * asserting nothing: for use outside a test. */
const struct shared_report *shared_reports_wait(int *n);

/* The sandbox they ran in (absolute), its HOME and TMPDIR. */
const char *sandbox_dir(void);

/* Removes the sandbox; called once when the tests end. */
void shared_reports_free(void);

/* test_figwords.c: writes to `path` the marked language file of the
 * report "marked" (from lang/en.txt); 0, or -1. */
int figwords_write_language(const char *path);

/* A file of the report, read whole (caller frees), or NULL. */
char *report_file(const struct shared_report *r, const char *name);

#endif
