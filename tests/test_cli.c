/*
 * test_cli.c - the real command-line entry point: every class of bad input
 * gets one line on stderr naming the option, a usage exit status, and no file
 * written; a good run prints its summary; a failed run leaves earlier outputs
 * intact.
 */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/err.h"
#include "helpers.h"
#include "suites.h"

struct bad_case {
	const char *opt, *val;   /* val NULL: the option is last, missing a value */
	const char *expect;      /* in the message */
	const char *cmd;         /* "train" unless set */
};

static const struct bad_case bad_cases[] = {
	{ "--lr", "abc", "--lr 'abc': not a number", 0 },
	{ "--lr", "1e-4x", "--lr '1e-4x': not a number", 0 },
	{ "--lr", "", "--lr '': not a number", 0 },
	{ "--lr", "nan", "not a finite number", 0 },
	{ "--lr", "inf", "not a finite number", 0 },
	{ "--lr", "1e999", "not a finite number", 0 },
	{ "--lr", "0", "must be positive", 0 },
	{ "--lr", "-1e-4", "out of range", 0 },
	{ "--iters", "-5", "--iters '-5': out of range", 0 },
	{ "--iters", "1e11", "out of range", 0 },
	{ "--iters", "2.5", "not a whole number", 0 },
	{ "--iters", "ten", "not a number", 0 },
	{ "--seed", "-1", "--seed '-1': not a seed", 0 },
	{ "--seed", "18446744073709551616", "out of range", 0 },
	{ "--seed", "12abc", "not a seed", 0 },
	{ "--w0", "nan", "--w0 'nan': not a finite number", 0 },
	{ "--b0", "1e13", "--b0 '1e13': out of range", 0 },
	{ "--gradient", "fast", "--gradient 'fast': unknown gradient", 0 },
	{ "--out", "", "--out '': empty path", 0 },
	{ "--noise", "-1", "--noise '-1': out of range", 0 },
	{ "--trace-every", "0", "--trace-every '0': out of range", 0 },
	{ "--bogus", "1", "unknown option '--bogus'", 0 },
	{ "--lr", NULL, "--lr needs a value", 0 },
	{ "--format", "png", "--format applies to 'neuron report' only", 0 },
	{ "--format", "gif", "--format 'gif': unknown format", "report" },
	{ "--lrs", "1e-4,,1e-3", "empty item", "report" },
	{ "--lrs", "1e-4,x", "--lrs 'x': not a number", "report" },
	{ "--lrs", "1e-4,0", "--lrs '0': a learning rate must be positive", "report" },
	{ "--lrs", "1e-4,-1", "--lrs '-1': out of range", "report" },
	{ "--lrs", "1e-4,inf", "--lrs 'inf': not a finite number", "report" },
	{ "--lrs", "1,2,3,4,5,6,7,8,9,10,11", "more than 10 learning rates", "report" },
	{ "--example", "nan", "--example 'nan': not a finite number", "report" },
	{ "--lang", "e1", "--lang 'e1': a language code", "report" },
	{ "--lang", "xx", "--lang xx: there is no", "report" },
	{ "--no-wait=1", NULL, "--no-wait takes no value", 0 },
};

static void test_each_bad_option_is_a_one_line_usage_error(void)
{
	char *dir = tmpdir_new(), *out = path_join(dir, "out");

	for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		const struct bad_case *c = &bad_cases[i];
		struct proc p;
		const char *cmd = c->cmd ? c->cmd : "train";
		if (c->val)
			run_neuron(&p, cmd, "--out", out, c->opt, c->val, NULL);
		else
			run_neuron(&p, cmd, "--out", out, c->opt, NULL);
		CU_ASSERT_EQUAL(p.status, 2);
		CU_ASSERT_EQUAL(count_lines(p.err), 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(p.err, c->expect));
		CU_ASSERT_STRING_EQUAL(p.out, "");
		if (p.status != 2 || !strstr(p.err, c->expect))
			fprintf(stderr, "\n  case %zu (%s): exit %d, stderr: %s", i, c->opt, p.status, p.err);
		CU_ASSERT_FALSE(file_exists(out));   /* nothing created */
		proc_free(&p);
	}
	free(out);
	rm_rf(dir);
	free(dir);
}

/* A bad value is quoted, never copied whole: a 10,000-item list or a
 * 100,000-character word still makes one short line. */
static void test_long_bad_values_make_one_short_line(void)
{
	size_t n = 100000;
	char *big = malloc(n + 1), *list = malloc(10000 * 5 + 1);
	struct proc p;

	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	CU_ASSERT_PTR_NOT_NULL_FATAL(list);
	memset(big, 'x', n);
	big[n] = '\0';
	for (int i = 0; i < 10000; i++)
		memcpy(list + 5 * i, i ? ",1e-4" : "1e-4,", 5);
	list[10000 * 5] = '\0';
	const char *cases[][3] = {
		{ "train", "--lr", big }, { "report", "--lrs", list }, { "train", big, "1" },
		{ "train", "--gradient", big }, { big, NULL, NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		run_neuron(&p, cases[i][0], cases[i][1], cases[i][2], NULL);
		CU_ASSERT_EQUAL(p.status, 2);
		CU_ASSERT_EQUAL(count_lines(p.err), 1);
		CU_ASSERT(strlen(p.err) < 240);
		if (strlen(p.err) >= 240)
			fprintf(stderr, "\n  case %zu: %zu bytes of message\n", i, strlen(p.err));
		proc_free(&p);
	}
	free(big);
	free(list);
}

static void test_missing_or_unknown_command_is_a_usage_error(void)
{
	struct proc p;

	run_neuron(&p, NULL);
	CU_ASSERT_EQUAL(p.status, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.err, "missing command"));
	proc_free(&p);
	run_neuron(&p, "fit", NULL);
	CU_ASSERT_EQUAL(p.status, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.err, "unknown command 'fit'"));
	proc_free(&p);
	run_neuron(&p, "train", "stray", NULL);
	CU_ASSERT_EQUAL(p.status, 2);
	CU_ASSERT_EQUAL(count_lines(p.err), 1);
	proc_free(&p);
}

static void test_help_and_version_succeed_on_stdout(void)
{
	struct proc p;

	run_neuron(&p, "--help", NULL);
	CU_ASSERT_EQUAL(p.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.out, "usage: neuron train"));
	CU_ASSERT_STRING_EQUAL(p.err, "");
	proc_free(&p);
	run_neuron(&p, "train", "--version", NULL);
	CU_ASSERT_EQUAL(p.status, 0);
	CU_ASSERT(strncmp(p.out, "neuron ", 7) == 0);
	proc_free(&p);
}

/* Parses "key value" lines; returns the value of key or NULL. */
static const char *summary_value(const char *out, const char *key, char *buf, size_t size)
{
	size_t klen = strlen(key);
	for (const char *line = out; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		if (!strncmp(line, key, klen) && line[klen] == ' ') {
			size_t len = strcspn(line + klen + 1, "\n");
			if (len >= size)
				return NULL;
			memcpy(buf, line + klen + 1, len);
			buf[len] = '\0';
			return buf;
		}
	return NULL;
}

static void test_train_prints_the_summary_and_writes_both_files(void)
{
	char *dir = tmpdir_new(), *out = path_join(dir, "out");
	char *trace = path_join(out, "trace.csv"), *pred = path_join(out, "predictions.csv");
	struct proc p;
	char v[64];

	run_neuron(&p, "train", "--w0", "0.8", "--b0", "0", "--gradient", "article", "--out", out, NULL);
	CU_ASSERT_EQUAL(p.status, 0);
	CU_ASSERT_STRING_EQUAL(p.err, "");
	CU_ASSERT(summary_value(p.out, "weight", v, sizeof v) && !strcmp(v, "1.8741240769804204"));
	CU_ASSERT(summary_value(p.out, "bias", v, sizeof v) && strtod(v, NULL) == 27.71691162703039);
	CU_ASSERT(summary_value(p.out, "loss", v, sizeof v) && !strcmp(v, "23.241890702903483"));
	CU_ASSERT(summary_value(p.out, "iterations", v, sizeof v) && !strcmp(v, "10000"));
	CU_ASSERT(summary_value(p.out, "status", v, sizeof v) && !strcmp(v, "not_converged"));
	CU_ASSERT(summary_value(p.out, "diverged_at", v, sizeof v) && !strcmp(v, "-"));
	CU_ASSERT(summary_value(p.out, "critical_lr", v, sizeof v) &&
	          strtod(v, NULL) > 6.7e-4 && strtod(v, NULL) < 6.8e-4);
	CU_ASSERT(file_exists(trace) && file_exists(pred));
	CU_ASSERT_EQUAL(output_entries(out), 2);
	proc_free(&p);

	/* A diverging run completes with status 0 and says where. */
	run_neuron(&p, "train", "--lr", "1.25e-3", "--out", out, NULL);
	CU_ASSERT_EQUAL(p.status, 0);
	CU_ASSERT(summary_value(p.out, "status", v, sizeof v) && !strcmp(v, "diverged"));
	CU_ASSERT(summary_value(p.out, "diverged_at", v, sizeof v) && strtol(v, NULL, 10) > 0);
	proc_free(&p);
	free(trace); free(pred); free(out);
	rm_rf(dir);
	free(dir);
}

static void test_failed_run_leaves_earlier_outputs_intact(void)
{
	char *dir = tmpdir_new(), *out = path_join(dir, "out");
	char *pred = path_join(out, "predictions.csv"), *trace = path_join(out, "trace.csv");
	struct proc p;

	run_neuron(&p, "train", "--iters", "10", "--out", out, NULL);
	CU_ASSERT_EQUAL_FATAL(p.status, 0);
	proc_free(&p);
	char *before = slurp(pred, NULL);
	/* A directory where trace.csv must go makes the final rename fail. */
	CU_ASSERT_EQUAL(remove(trace), 0);
	CU_ASSERT_EQUAL(mkdir(trace, 0755), 0);
	run_neuron(&p, "train", "--iters", "20", "--w0", "3", "--out", out, NULL);
	CU_ASSERT_EQUAL(p.status, 1);
	CU_ASSERT_EQUAL(count_lines(p.err), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.err, "trace.csv"));
	char *after = slurp(pred, NULL);
	CU_ASSERT(before && after && !strcmp(before, after));
	CU_ASSERT_EQUAL(output_entries(out), 2);   /* no temporaries left */
	proc_free(&p);
	free(before); free(after);

	/* --out that is a file, or cannot be created. */
	write_file(pred, "x");
	run_neuron(&p, "train", "--out", pred, NULL);
	CU_ASSERT_EQUAL(p.status, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.err, "is not a directory"));
	proc_free(&p);
	run_neuron(&p, "train", "--out", "/proc/neuron-test/out", NULL);
	CU_ASSERT_EQUAL(p.status, 1);
	CU_ASSERT_EQUAL(count_lines(p.err), 1);
	proc_free(&p);
	free(pred); free(trace); free(out);
	rm_rf(dir);
	free(dir);
}

int suite_cli(void)
{
	CU_pSuite s = CU_add_suite("cli", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_each_bad_option_is_a_one_line_usage_error);
	CU_ADD_TEST(s, test_long_bad_values_make_one_short_line);
	CU_ADD_TEST(s, test_missing_or_unknown_command_is_a_usage_error);
	CU_ADD_TEST(s, test_help_and_version_succeed_on_stdout);
	CU_ADD_TEST(s, test_train_prints_the_summary_and_writes_both_files);
	CU_ADD_TEST(s, test_failed_run_leaves_earlier_outputs_intact);
	return CU_get_error();
}
