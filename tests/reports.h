/*
 * reports.h - the reports that several suites read, built once.
 *
 * Rendering a report takes gnuplot most of a second, so every real report
 * the tests need is listed here and all of them are built together, in
 * parallel, the first time any is asked for. They run in a sandbox: a
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
	                               "noise", "iters100", "exact": every mode once, each
	                               format and theme at least twice */
	const char *args[16];       /* after "report", NULL-terminated */
	const char *out;            /* its --out, relative to the sandbox */
	const char *format;         /* its figures' format */
	unsigned width, height;     /* of its PNG figures (0: the default) */
	char *dir;                  /* the absolute output directory */
	char *stdout_text, *stderr_text;
	int status;
};

/* The report called `name`; builds them all on first use. Fails the test
 * (fatally) when it is unknown or did not succeed. */
const struct shared_report *shared_report(const char *name);

/* Every shared report, for tests that look at all of them. */
const struct shared_report *shared_reports(int *n);

/* The sandbox they ran in (absolute), its HOME and TMPDIR. */
const char *sandbox_dir(void);

/* Removes the sandbox; called once when the tests end. */
void shared_reports_free(void);

/* A file of the report, read whole (caller frees), or NULL. */
char *report_file(const struct shared_report *r, const char *name);

#endif
