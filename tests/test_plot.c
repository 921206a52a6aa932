/*
 * test_plot.c - figures through the real binary and gnuplot: every figure
 * in every format, checked by signature and size; and every failure mode
 * (gnuplot missing, failing, crashing, a broken script, a fake gnuplot that
 * only records its input) leaves complete CSVs, no partial image, and the
 * previous images untouched.
 */
#include <CUnit/CUnit.h>
#include <ftw.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output/afile.h"
#include "base/err.h"
#include "helpers.h"
#include "suites.h"

static const char *const run_figures[] = { "fit", "loss", "params" };
#define N_RUN_FIGURES (sizeof run_figures / sizeof run_figures[0])

/* No file in dir (recursively) is empty, and no temporary is left. */
static void check_no_empty_or_temp_file(const char *dir)
{
	char *cmd = xasprintf("test -z \"$(find '%s' \\( -type f -empty -o -name '*.tmp.*' \\) -print)\"", dir);
	CU_ASSERT_EQUAL(system(cmd), 0);
	free(cmd);
}

/* No image anywhere under dir (sections add CSVs and run directories, so
 * entries are not counted). */
static int is_image(const char *path, const struct stat *st, int type, struct FTW *f)
{
	const char *dot = strrchr(path + f->base, '.');
	(void)st;
	return type == FTW_F && dot && (!strcmp(dot, ".png") || !strcmp(dot, ".svg") ||
	                                !strcmp(dot, ".pdf") || !strcmp(dot, ".gif"));
}

static int no_image(const char *dir)
{
	return nftw(dir, is_image, 16, FTW_PHYS) == 0;
}

static void test_every_figure_in_every_format(void)
{
	const char *formats[] = { "png", "svg", "pdf" };
	char *dir = tmpdir_new();

	for (int f = 0; f < 3; f++) {
		struct proc p;
		run_neuron(&p, "report", "--format", formats[f], "--out", dir, NULL);
		CU_ASSERT_EQUAL(p.status, 0);
		if (p.status)
			fprintf(stderr, "\n%s", p.err);
		proc_free(&p);
		for (size_t i = 0; i < N_RUN_FIGURES; i++)
			check_image(dir, run_figures[i], formats[f]);
	}
	check_no_empty_or_temp_file(dir);
	rm_rf(dir);
	free(dir);
}

static void test_report_works_from_another_directory(void)
{
	char *dir = tmpdir_new();
	char *cwd = getcwd(NULL, 0);
	char *bin = realpath(NEURON_BIN, NULL);
	char *cmd = xasprintf("cd '%s' && '%s' report --out here >/dev/null 2>&1", dir, bin);

	CU_ASSERT_PTR_NOT_NULL_FATAL(bin);
	CU_ASSERT_EQUAL(system(cmd), 0);
	char *here = path_join(dir, "here");
	check_image(here, "fit", "png");
	free(here); free(cmd); free(bin); free(cwd);
	rm_rf(dir);
	free(dir);
}

/* A teacher's own data: every figure is drawn, and the header's names
 * label the axes (the SVG keeps text as text). */
static void test_report_on_user_data_draws_every_figure(void)
{
	static const char *const figures[] = {
		"fit", "loss", "params", "lr_loss", "lr_final", "network", "graph",
		"landscape", "gradients", "scaling"
	};
	char *dir = tmpdir_new(), *data = path_join(dir, "km.csv"), *out = path_join(dir, "out");
	struct proc p;

	write_file(data, "km,miles\n1,0.621371\n5,3.106855\n42.195,26.218757\n");
	run_neuron(&p, "report", "--data", data, "--lr", "0.001", "--lrs", "1e-4,1e-3",
	           "--format", "svg", "--out", out, NULL);
	CU_ASSERT_EQUAL(p.status, 0);
	if (p.status)
		fprintf(stderr, "\n%s", p.err);
	proc_free(&p);
	for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++)
		check_image(out, figures[i], "svg");
	char *fit = path_join(out, "fit.svg");
	char *svg = slurp(fit, NULL);
	CU_ASSERT(svg && strstr(svg, ">km<") && strstr(svg, ">miles<"));
	free(svg);
	free(fit);
	free(data);
	free(out);
	rm_rf(dir);
	free(dir);
}

/* Runs `report` into dir with GNUPLOT (and NEURON_SCRIPTS) set. */
static int report_with(struct proc *p, const char *gnuplot, const char *scripts, const char *dir)
{
	if (gnuplot)
		setenv("GNUPLOT", gnuplot, 1);
	if (scripts)
		setenv("NEURON_SCRIPTS", scripts, 1);
	run_neuron(p, "report", "--out", dir, NULL);
	unsetenv("GNUPLOT");
	unsetenv("NEURON_SCRIPTS");
	return p->status;
}

/* The CSVs are complete: they parse and hold every row. */
static void check_csvs_complete(const char *dir)
{
	struct table t;
	char *trace = path_join(dir, "trace.csv"), *pred = path_join(dir, "predictions.csv");

	CU_ASSERT_EQUAL(table_read(trace, &t), 0);
	CU_ASSERT_EQUAL(t.rows, 10002);
	table_free(&t);
	CU_ASSERT_EQUAL(table_read(pred, &t), 0);
	CU_ASSERT_EQUAL(t.rows, 101);
	table_free(&t);
	free(trace);
	free(pred);
}

static void test_missing_gnuplot_is_one_clear_line_and_no_image(void)
{
	char *dir = tmpdir_new();
	struct proc p;

	report_with(&p, "/nonexistent/gnuplot", NULL, dir);
	CU_ASSERT_EQUAL(p.status, 1);
	CU_ASSERT_EQUAL(count_lines(p.err), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.err, "gnuplot not found"));
	CU_ASSERT_PTR_NOT_NULL(strstr(p.err, "install gnuplot-nox, or set GNUPLOT"));
	CU_ASSERT(no_image(dir));   /* the CSVs only */
	check_csvs_complete(dir);
	proc_free(&p);
	rm_rf(dir);
	free(dir);
}

/* A good report first, then each failure: earlier images stay byte for byte. */
static void test_failing_gnuplot_leaves_earlier_images_untouched(void)
{
	char *dir = tmpdir_new(), *scripts = tmpdir_new();
	char *fit = path_join(dir, "fit.png");
	struct proc p;
	size_t len0, len1;

	report_with(&p, NULL, NULL, dir);
	CU_ASSERT_EQUAL_FATAL(p.status, 0);
	proc_free(&p);
	char *before = slurp(fit, &len0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(before);

	/* A broken script: gnuplot names the file and line. */
	char *cmd = xasprintf("cp scripts/*.gp '%s' && printf 'plot no_such_function(x)\\n' >> '%s/params.gp'",
	                      scripts, scripts);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	free(cmd);
	const char *fakes[] = { "false", "sh -c 'kill -SEGV $$'", NULL };
	for (int i = 0; i < 3; i++) {
		if (i < 2)
			report_with(&p, fakes[i], NULL, dir);
		else
			report_with(&p, NULL, scripts, dir);
		CU_ASSERT_EQUAL(p.status, 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(p.err, "no figure was changed"));
		if (i == 1)
			CU_ASSERT_PTR_NOT_NULL(strstr(p.err, "crashed"));
		if (i == 2) {
			CU_ASSERT_PTR_NOT_NULL(strstr(p.err, "params.gp\" line"));
			CU_ASSERT_PTR_NOT_NULL(strstr(p.err, "no_such_function"));
		}
		proc_free(&p);
		char *after = slurp(fit, &len1);
		CU_ASSERT(after && len0 == len1 && !memcmp(before, after, len0));
		free(after);
		check_no_empty_or_temp_file(dir);
		check_csvs_complete(dir);
	}
	free(before); free(fit);
	rm_rf(scripts); free(scripts);
	rm_rf(dir);
	free(dir);
}

/* A fake gnuplot that records what it is sent and draws nothing. */
static void test_commands_sent_to_gnuplot_are_quoted_calls(void)
{
	char *dir = tmpdir_new(), *log = path_join(dir, "sent.gp"), *out = path_join(dir, "it's out");
	char *fake = xasprintf("cat >> '%s'", log);   /* one per gnuplot process */
	struct proc p;

	CU_ASSERT_EQUAL(mkdir(out, 0755), 0);
	report_with(&p, fake, NULL, out);
	/* Nothing was drawn, so nothing may be renamed into place. */
	CU_ASSERT_EQUAL(p.status, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.err, "nothing was written"));
	CU_ASSERT(no_image(out));
	proc_free(&p);

	char *sent = slurp(log, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sent);
	CU_ASSERT(strncmp(sent, "nr_format = 'png'\n", 18) == 0);
	for (size_t i = 0; i < N_RUN_FIGURES; i++) {
		char *needle = xasprintf("/%s.gp' ", run_figures[i]);
		CU_ASSERT_PTR_NOT_NULL(strstr(sent, needle));
		free(needle);
	}
	/* The quote in the directory name is doubled, as gnuplot wants. */
	CU_ASSERT_PTR_NOT_NULL(strstr(sent, "it''s out/predictions.csv'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(sent, "it''s out/fit.png.tmp."));
	free(sent);
	free(fake); free(log); free(out);
	rm_rf(dir);
	free(dir);
}

int suite_plot(void)
{
	CU_pSuite s = CU_add_suite("plot", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_every_figure_in_every_format);
	CU_ADD_TEST(s, test_report_works_from_another_directory);
	CU_ADD_TEST(s, test_report_on_user_data_draws_every_figure);
	CU_ADD_TEST(s, test_missing_gnuplot_is_one_clear_line_and_no_image);
	CU_ADD_TEST(s, test_failing_gnuplot_leaves_earlier_images_untouched);
	CU_ADD_TEST(s, test_commands_sent_to_gnuplot_are_quoted_calls);
	return CU_get_error();
}
