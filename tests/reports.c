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
	            "--latex", "none", NULL } },
	{ .name = "data", .format = "pdf", .out = "$db",
	  .args = { "--data", DATA_FILE, "--lr", "0.001", "--lrs", "1e-4,1e-3",
	            "--format", "pdf", "--theme", "dark", "--latex", "none", NULL } },
	{ .name = "diverging", .format = "pdf", .out = "~",
	  .args = { "--iters", "100", "--lr", "2e-3", "--lrs", "1e-4,2e-3", "--format", "pdf",
	            "--size", "800x533", "--latex", "none", NULL }, .width = 800, .height = 533 },
	{ .name = "noise", .format = "png", .out = "noise;ls",
	  .args = { "--noise", "10", "--theme", "dark", "--size", "800x533", "--latex", "tex", NULL },
	  .width = 800, .height = 533 },
	{ .name = "exact", .format = "png", .out = "exact",
	  .args = { "--data", EXACT_FILE, "--w0", "2", "--b0", "0", "--iters", "50",
	            "--size", "640x427", "--latex", "none", NULL }, .width = 640, .height = 427 },
	{ .name = "iters100", .format = "svg", .out = "$(iters)",
	  .args = { "--iters", "100", "--format", "svg", "--theme", "dark", "--font-scale", "1.4",
	            "--latex", "none", NULL } },
};
#define N_REPORTS (sizeof reports / sizeof reports[0])

static char *sandbox;

const char *sandbox_dir(void)
{
	return sandbox;
}

static void build_all(void)
{
	char *bin = realpath(NEURON_BIN, NULL);
	pid_t pid[N_REPORTS];

	CU_ASSERT_PTR_NOT_NULL_FATAL(bin);
	sandbox = tmpdir_new();
	char *home = path_join(sandbox, "home"), *tmp = path_join(sandbox, "tmp");
	char *data = path_join(sandbox, DATA_FILE);
	CU_ASSERT_FATAL(mkdir(home, 0777) == 0 && mkdir(tmp, 0777) == 0);
	write_file(data, DATA_TEXT);
	char *exact = path_join(sandbox, EXACT_FILE);
	write_file(exact, EXACT_TEXT);
	free(exact);
	fflush(NULL);
	for (size_t i = 0; i < N_REPORTS; i++) {
		struct shared_report *r = &reports[i];
		r->dir = path_join(sandbox, r->out);
		pid[i] = fork();
		CU_ASSERT_FATAL(pid[i] >= 0);
		if (pid[i] == 0) {
			const char *argv[24] = { bin, "report", "--out", r->out };
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
			execv(bin, (char *const *)argv);
			_exit(127);
		}
	}
	for (size_t i = 0; i < N_REPORTS; i++) {
		struct shared_report *r = &reports[i];
		int status;
		waitpid(pid[i], &status, 0);
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
	free(home);
	free(tmp);
	free(data);
	free(bin);
}

const struct shared_report *shared_report(const char *name)
{
	if (!sandbox)
		build_all();
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
	rm_rf(sandbox);
	free(sandbox);
	sandbox = NULL;
}
