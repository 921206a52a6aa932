/* reports.c - the shared reports, built once in a sandbox (reports.h). */
#include "reports.h"
#include "base/err.h"
#include "helpers.h"

#include <CUnit/CUnit.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Three samples of a line, in a file whose name is shell syntax. */
#define DATA_FILE "three 'points'; `touch PWN_data`.csv"
#define DATA_TEXT SHARED_DATA_HEADER "\n1,0.621371\n5,3.106855\n42.195,26.218757\n"
/* An exact line, for a run that starts on it: every loss is 0. */
#define EXACT_FILE "exact.csv"
#define EXACT_TEXT "x,y\n1,2\n2,4\n3,6\n"

static struct shared_report reports[] = {
	{ .name = "default", .format = "png", .out = "<touch PWN_default;x",
	  .args = { "--w0", "0.8", "--b0", "0", NULL } },
	{ .name = "article", .format = "svg", .out = "|touch PWN_article;x",
	  .args = { "--gradient", "article", "--w0", "0.8", "--b0", "0", "--format", "svg",
	            "--theme", "dark", "--font-scale", "1.4", "--size", "800x533", "--latex", "none",
	            NULL }, .width = 800, .height = 533 },
	{ .name = "data", .format = "pdf", .out = "$db",
	  .args = { "--data", DATA_FILE, "--lr", "0.001", "--lrs", "1e-4,1e-3", "--format", "pdf",
	            "--theme", "dark", "--size", "640x427", "--latex", "none", NULL },
	  .width = 640, .height = 427 },
	{ .name = "diverging", .format = "pdf", .out = "~",
	  .args = { "--iters", "100", "--lr", "2e-3", "--lrs", "1e-4,2e-3", "--format", "pdf",
	            "--size", "800x533", "--latex", "none", NULL }, .width = 800, .height = 533 },
	{ .name = "noise", .format = "png", .out = "noise;ls",
	  .args = { "--noise", "10", "--theme", "dark", "--size", "640x427", "--latex", "none", NULL },
	  .width = 640, .height = 427 },
	{ .name = "exact", .format = "png", .out = "exact",
	  .args = { "--data", EXACT_FILE, "--w0", "2", "--b0", "0", "--iters", "50",
	            "--size", "640x427", "--latex", "none", NULL }, .width = 640, .height = 427 },
	/* "article" again, with its LaTeX figures, in the marked language of
	 * test_figwords.c (every figure word a marker, some of them hostile). */
	{ .name = "marked", .format = "svg", .out = "$(marked)", .marked = 1,
	  .args = { "--gradient", "article", "--w0", "0.8", "--b0", "0", "--format", "svg",
	            "--theme", "dark", "--font-scale", "1.4", "--size", "800x533", "--latex", "tex",
	            NULL }, .width = 800, .height = 533 },
};
#define N_REPORTS (sizeof reports / sizeof reports[0])

static char *sandbox;
static pid_t pid[N_REPORTS];
static int started, collected;

const char *sandbox_dir(void)
{
	return sandbox;
}

/* Writes the sandbox's files; 0, or -1 (then every report fails). Runs
 * before any test does, so it asserts nothing. */
static int prepare(const char *home, const char *tmp, const char *lang)
{
	char *data = path_join(sandbox, DATA_FILE), *exact = path_join(sandbox, EXACT_FILE);
	char *en = path_join(lang, "en.txt");
	FILE *fp;
	int ok = mkdir(home, 0777) == 0 && mkdir(tmp, 0777) == 0 && mkdir(lang, 0777) == 0;

	for (int k = 0; ok && k < 2; k++) {
		ok = (fp = fopen(k ? exact : data, "w")) != NULL;
		ok = ok && fputs(k ? EXACT_TEXT : DATA_TEXT, fp) >= 0;
		ok = (fp && fclose(fp) == 0) && ok;
	}
	ok = ok && figwords_write_language(en) == 0;
	free(data);
	free(exact);
	free(en);
	return ok ? 0 : -1;
}

void shared_reports_start(void)
{
	if (started)
		return;
	started = 1;
	char *bin = realpath(NEURON_BIN, NULL);
	sandbox = xasprintf("%s/neuron-test-XXXXXX", tmp_base());   /* (tmpdir_new asserts) */
	if (sandbox && !mkdtemp(sandbox)) {
		free(sandbox);
		sandbox = NULL;
	}
	char *home = path_join(sandbox, "home"), *tmp = path_join(sandbox, "tmp");
	char *lang = path_join(sandbox, "lang");
	int ready = bin && sandbox && home && tmp && lang && prepare(home, tmp, lang) == 0;
	fflush(NULL);
	for (size_t i = 0; i < N_REPORTS; i++) {
		struct shared_report *r = &reports[i];
		r->dir = path_join(sandbox, r->out);
		pid[i] = ready ? fork() : -1;
		if (pid[i] == 0) {
			const char *argv[28] = { bin, "report", "--out", r->out };
			size_t n = 4;
			for (size_t k = 0; r->args[k]; k++)
				argv[n++] = r->args[k];
			argv[n] = NULL;
			char *out = xasprintf("%s/.%s.stdout", sandbox, r->name);
			char *err = xasprintf("%s/.%s.stderr", sandbox, r->name);
			int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0666);
			int fe = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0666);
			if (chdir(sandbox) || fo < 0 || fe < 0)
				_exit(126);
			dup2(fo, 1);
			dup2(fe, 2);
			setenv("HOME", home, 1);
			setenv("TMPDIR", tmp, 1);
			if (r->marked)
				setenv("NEURON_LANG", lang, 1);
			execv(bin, (char *const *)argv);
			_exit(127);
		}
	}
	free(home);
	free(tmp);
	free(lang);
	free(bin);
}

/* Waits for every report and reads what it printed. */
static void collect(void)
{
	shared_reports_start();
	collected = 1;
	for (size_t i = 0; i < N_REPORTS; i++) {
		struct shared_report *r = &reports[i];
		int status;
		if (pid[i] < 0 || waitpid(pid[i], &status, 0) != pid[i]) {
			r->status = 126;
			r->stderr_text = strdup("could not be started (or its sandbox not made)");
			continue;
		}
		r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		char *out = xasprintf("%s/.%s.stdout", sandbox, r->name);
		char *err = xasprintf("%s/.%s.stderr", sandbox, r->name);
		r->stdout_text = slurp(out, NULL);
		r->stderr_text = slurp(err, NULL);
		unlink(out);
		unlink(err);
		free(out);
		free(err);
	}
}

const struct shared_report *shared_report(const char *name)
{
	if (!collected)
		collect();
	for (size_t i = 0; i < N_REPORTS; i++)
		if (!strcmp(reports[i].name, name)) {
			if (reports[i].status)
				fprintf(stderr, "\n  shared report %s failed (%d): %s\n", name,
				        reports[i].status, reports[i].stderr_text);
			CU_ASSERT_EQUAL_FATAL(reports[i].status, 0);
			return &reports[i];
		}
	CU_FAIL_FATAL("no such shared report");
	return NULL;
}

const struct shared_report *shared_reports_wait(int *n)
{
	if (!collected)
		collect();
	*n = (int)N_REPORTS;
	return reports;
}

const struct shared_report *shared_reports(int *n)
{
	for (size_t i = 0; i < N_REPORTS; i++)
		shared_report(reports[i].name);
	*n = (int)N_REPORTS;
	return reports;
}

char *report_file(const struct shared_report *r, const char *name)
{
	char *path = path_join(r->dir, name);
	char *text = slurp(path, NULL);

	free(path);
	return text;
}

void shared_reports_free(void)
{
	for (size_t i = 0; i < N_REPORTS; i++) {
		free(reports[i].dir);
		free(reports[i].stdout_text);
		free(reports[i].stderr_text);
		reports[i].dir = reports[i].stdout_text = reports[i].stderr_text = NULL;
	}
	if (started && !collected)
		collect();   /* no report is left running */
	if (sandbox)
		rm_rf(sandbox);
	free(sandbox);
	sandbox = NULL;
}
