/*
 * test_cli.c - the real command-line entry point: every class of bad input
 * gets one line on stderr naming the option, a usage exit status, and no file
 * written; a good run prints its summary; a failed run leaves earlier outputs
 * intact.
 */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/err.h"
#include "helpers.h"
#include "model/neuron.h"
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
	{ "--latex", "yes", "--latex 'yes': expected auto, pdf, tex or none", "report" },
	{ "--latex", "pdf", "--latex applies to 'neuron report' only", 0 },
	{ "--no-wait=1", NULL, "--no-wait takes no value", 0 },
	{ "--optimizer", "sgd", "--optimizer 'sgd': unknown optimizer; expected gd, momentum, nesterov or adam", 0 },
	{ "--optimizer", "Adam", "--optimizer 'Adam': unknown optimizer", "report" },
	{ "--momentum", "1", "--momentum '1': out of range; expected a number from 0 up to, not including, 1", 0 },
	{ "--momentum", "-0.1", "--momentum '-0.1': out of range", 0 },
	{ "--momentum", "nan", "--momentum 'nan': not a finite number", 0 },
	{ "--beta1", "1", "--beta1 '1': out of range; expected a number from 0 up to, not including, 1", 0 },
	{ "--beta2", "1.5", "--beta2 '1.5': out of range", 0 },
	{ "--beta2", "x", "--beta2 'x': not a number", 0 },
	{ "--epsilon", "0", "--epsilon '0': out of range; expected a number above 0, at most 1", 0 },
	{ "--epsilon", "2", "--epsilon '2': out of range", 0 },
	{ "--batch", "-1", "--batch '-1': out of range; expected a whole number from 0 (all samples) to 10000000", 0 },
	{ "--batch", "2.5", "--batch '2.5': not a whole number", 0 },
	{ "--batch", "1e8", "--batch '1e8': out of range", "report" },
	{ "--batch", "101", "--batch '101': the data has only 100 samples; give at most 100", 0 },
	{ "--batch", "500", "--batch '500': the data has only 100 samples", "report" },
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

/*
 * A setting of an optimizer the run does not use is refused, whatever the
 * order of the options, naming the setting and who uses it;
 * with the right optimizer the same setting is accepted.
 */
static void test_settings_for_another_optimizer_are_refused(void)
{
	static const struct {
		const char *args[4];
		const char *expect;
	} cases[] = {
		{ { "--momentum", "0.5", NULL, NULL },
		  "--momentum applies to --optimizer momentum or nesterov only, not gd" },
		{ { "--optimizer", "adam", "--momentum", "0.5" },
		  "--momentum applies to --optimizer momentum or nesterov only, not adam" },
		{ { "--beta1", "0.8", "--optimizer", "momentum" },
		  "--beta1 applies to --optimizer adam only, not momentum" },
		{ { "--optimizer", "nesterov", "--beta2", "0.99" },
		  "--beta2 applies to --optimizer adam only, not nesterov" },
		{ { "--epsilon", "1e-6", NULL, NULL },
		  "--epsilon applies to --optimizer adam only, not gd" },
	};
	char *dir = tmpdir_new(), *out = path_join(dir, "out");
	struct proc p;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *const *a = cases[i].args;
		run_neuron(&p, "train", "--out", out, a[0], a[1], a[2], a[3], NULL);
		CU_ASSERT_EQUAL(p.status, 2);
		CU_ASSERT_EQUAL(count_lines(p.err), 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(p.err, cases[i].expect));
		if (!strstr(p.err, cases[i].expect))
			fprintf(stderr, "\n  case %zu: %s", i, p.err);
		CU_ASSERT_FALSE(file_exists(out));
		proc_free(&p);
	}
	run_neuron(&p, "train", "--out", out, "--iters", "10", "--momentum", "0.5",
	           "--optimizer", "nesterov", NULL);
	CU_ASSERT_EQUAL(p.status, 0);
	proc_free(&p);
	run_neuron(&p, "train", "--out", out, "--iters", "10", "--optimizer", "adam", "--beta1", "0.5",
	           "--beta2", "0.9", "--epsilon", "1e-6", "--lr", "0.1", NULL);
	CU_ASSERT_EQUAL(p.status, 0);
	proc_free(&p);
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
	/* The exact gradient's order as this build sums it (neuron.h). */
	CU_ASSERT_PTR_NOT_NULL(strstr(p.out, NEURON_FMA ? "16 lanes, multiply-adds fused, "
	                                                : "16 lanes, multiply-adds not fused, "));
	CU_ASSERT_PTR_NOT_NULL(strstr(p.out, neuron_exact_pass()));
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

/*
 * The summary's new lines come after the existing ones, and hold what the
 * data's eigenvalues say, computed here from their closed form
 * lambda = (1669 +- sqrt(1665^2 + 4)) / 2 (H = [[1667, -1], [-1, 2]]):
 * the best step and rate of gd, the heavy ball's and Nesterov's pairs,
 * and the iteration counts ceil(ln 1e-6 / (2 ln rate)). Each parsed back
 * with strtod, to 1e-12.
 */
static void test_train_summary_ends_with_the_optimizer_and_the_theory(void)
{
	char *dir = tmpdir_new(), *out = path_join(dir, "out");
	struct proc p;
	char v[64];
	double root = sqrt(1665.0 * 1665 + 4), lmax = (1669 + root) / 2, lmin = (1669 - root) / 2;
	double kappa = lmax / lmin, sk = sqrt(kappa), s3 = sqrt(3 * kappa + 1);
	double hb_rate = (sk - 1) / (sk + 1), ne_rate = 1 - 2 / s3;
	const struct { const char *key; double want; } keys[] = {
		{ "momentum", 0.7 },
		{ "batch", 10 },
		{ "optimizer_critical_lr", 2 * 1.7 / lmax },
		{ "best_gd_lr", 2 / (lmin + lmax) },
		{ "gd_rate", (kappa - 1) / (kappa + 1) },
		{ "momentum_alpha", 4 / ((sqrt(lmax) + sqrt(lmin)) * (sqrt(lmax) + sqrt(lmin))) },
		{ "momentum_beta", hb_rate * hb_rate },
		{ "momentum_rate", hb_rate },
		{ "nesterov_alpha", 4 / (3 * lmax + lmin) },
		{ "nesterov_beta", (s3 - 2) / (s3 + 2) },
		{ "nesterov_rate", ne_rate },
		{ "predicted_gd_iters", ceil(log(1e-6) / (2 * log((kappa - 1) / (kappa + 1)))) },
		{ "predicted_momentum_iters", ceil(log(1e-6) / (2 * log(hb_rate))) },
		{ "predicted_nesterov_iters", ceil(log(1e-6) / (2 * log(ne_rate))) },
	};

	run_neuron(&p, "train", "--w0", "0.8", "--b0", "0", "--optimizer", "momentum",
	           "--momentum", "0.7", "--batch", "10", "--out", out, NULL);
	CU_ASSERT_EQUAL(p.status, 0);
	CU_ASSERT(summary_value(p.out, "optimizer", v, sizeof v) && !strcmp(v, "momentum"));
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const char *got = summary_value(p.out, keys[i].key, v, sizeof v);
		CU_ASSERT_PTR_NOT_NULL(got);
		if (got && !(fabs(strtod(got, NULL) - keys[i].want) <= 1e-12 * fabs(keys[i].want)))
			CU_FAIL(keys[i].key);
	}
	CU_ASSERT(summary_value(p.out, "predicted_momentum_iters_from_start", v, sizeof v) &&
	          strtol(v, NULL, 10) > 100);
	/* The old lines keep their places: the first is still the gradient,
	 * and optimum_loss still comes right before the new ones. */
	CU_ASSERT(strncmp(p.out, "gradient exact\n", 15) == 0);
	const char *opt = strstr(p.out, "\noptimizer ");
	const char *last_old = strstr(p.out, "\noptimum_loss ");
	CU_ASSERT(opt && last_old && last_old < opt && strchr(last_old + 1, '\n') == opt);
	proc_free(&p);

	/* Adam shows its settings and has no fixed limit. */
	run_neuron(&p, "train", "--optimizer", "adam", "--lr", "0.1", "--iters", "10", "--out", out, NULL);
	CU_ASSERT_EQUAL(p.status, 0);
	CU_ASSERT(summary_value(p.out, "beta1", v, sizeof v) && strtod(v, NULL) == 0.9);
	CU_ASSERT(summary_value(p.out, "beta2", v, sizeof v) && strtod(v, NULL) == 0.999);
	CU_ASSERT(summary_value(p.out, "epsilon", v, sizeof v) && strtod(v, NULL) == 1e-8);
	CU_ASSERT(summary_value(p.out, "optimizer_critical_lr", v, sizeof v) && !strcmp(v, "-"));
	CU_ASSERT(summary_value(p.out, "batch", v, sizeof v) && !strcmp(v, "100"));
	proc_free(&p);
	free(out);
	rm_rf(dir);
	free(dir);
}

/* --batch 100 (all samples), --batch 0 and --optimizer gd are plain
 * full-batch descent: the same trace.csv, byte for byte, as without them,
 * for both gradients. */
static void test_full_batch_options_write_the_same_trace_byte_for_byte(void)
{
	static const char *const variants[][2] = {
		{ "--batch", "100" }, { "--batch", "0" }, { "--optimizer", "gd" },
	};
	static const char *const gradients[] = { "exact", "article" };
	char *dir = tmpdir_new(), *ref = path_join(dir, "ref"), *out = path_join(dir, "out");
	char *ref_trace = path_join(ref, "trace.csv"), *out_trace = path_join(out, "trace.csv");
	struct proc p;

	for (size_t g = 0; g < 2; g++) {
		run_neuron(&p, "train", "--w0", "0.8", "--b0", "0", "--gradient", gradients[g],
		           "--out", ref, NULL);
		CU_ASSERT_EQUAL_FATAL(p.status, 0);
		proc_free(&p);
		size_t n_ref;
		char *want = slurp(ref_trace, &n_ref);
		CU_ASSERT_PTR_NOT_NULL_FATAL(want);
		CU_ASSERT(strncmp(want, "\"iteration\",\"loss\",\"weight\",\"bias\",\"dweight\",\"dbias\"\n", 50) == 0);
		for (size_t i = 0; i < 3; i++) {
			run_neuron(&p, "train", "--w0", "0.8", "--b0", "0", "--gradient", gradients[g],
			           variants[i][0], variants[i][1], "--out", out, NULL);
			CU_ASSERT_EQUAL(p.status, 0);
			proc_free(&p);
			size_t n;
			char *got = slurp(out_trace, &n);
			CU_ASSERT(got && n == n_ref && memcmp(got, want, n) == 0);
			free(got);
		}
		free(want);
	}
	free(ref_trace); free(out_trace); free(ref); free(out);
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
	CU_ADD_TEST(s, test_settings_for_another_optimizer_are_refused);
	CU_ADD_TEST(s, test_train_summary_ends_with_the_optimizer_and_the_theory);
	CU_ADD_TEST(s, test_full_batch_options_write_the_same_trace_byte_for_byte);
	return CU_get_error();
}
