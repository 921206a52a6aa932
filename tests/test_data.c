/*
 * test_data.c - the article's data set and the user's own CSV: what the reader
 * accepts (header, BOM, CRLF, quotes, blanks) compared with values written
 * independently as C literals, and every class of malformed file rejected
 * through the real binary with one line naming the file and the line, exit
 * status 1 and nothing written. Also --noise: the run still converges to the
 * least-squares minimum, recomputed here from the noisy targets.
 */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/afile.h"
#include "model/data.h"
#include "base/err.h"
#include "helpers.h"
#include "report/run.h"
#include "suites.h"

static void test_article_data_is_celsius_to_fahrenheit_in_the_articles_order(void)
{
	struct dataset d;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), NR_OK);
	CU_ASSERT_EQUAL(d.n, 100);
	CU_ASSERT_STRING_EQUAL(d.xname, "Celsius");
	CU_ASSERT_STRING_EQUAL(d.yname, "Fahrenheit");
	/* Spot values worked by hand: -50 -> -58, 0 -> 32, 49 -> 120.2. */
	ASSERT_SAME_DOUBLE(d.x[0], -50.0);
	ASSERT_SAME_DOUBLE(d.y[0], -58.0);
	ASSERT_SAME_DOUBLE(d.y[50], 32.0);
	ASSERT_SAME_DOUBLE(d.y[99], 120.2);
	dataset_free(&d);
	CU_ASSERT_PTR_NULL(d.x);
	dataset_free(&d);   /* safe twice */
}

/* Writes `text` to dir/name and returns the path (caller frees). */
static char *data_file(const char *dir, const char *name, const char *text)
{
	char *path = path_join(dir, name);

	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	write_file(path, text);
	return path;
}

static void test_reads_a_header_bom_crlf_quotes_and_blank_lines(void)
{
	char *dir = tmpdir_new();
	char *path = data_file(dir, "km.csv",
		"\xEF\xBB\xBF" "kilometres,\"miles, statute\"\r\n"
		"1,0.621371\r\n"
		"\r\n"
		"\"2.5\", 1.5534275 \r\n"
		"  -3e2 ,\"-186.4113\"\r\n");
	struct dataset d;

	CU_ASSERT_EQUAL_FATAL(dataset_read_csv(path, &d), NR_OK);
	CU_ASSERT_EQUAL_FATAL(d.n, 3);
	CU_ASSERT_STRING_EQUAL(d.xname, "kilometres");
	CU_ASSERT_STRING_EQUAL(d.yname, "miles, statute");
	/* The same decimal literals, converted by the compiler. */
	ASSERT_SAME_DOUBLE(d.x[0], 1.0);
	ASSERT_SAME_DOUBLE(d.y[0], 0.621371);
	ASSERT_SAME_DOUBLE(d.x[1], 2.5);
	ASSERT_SAME_DOUBLE(d.y[1], 1.5534275);
	ASSERT_SAME_DOUBLE(d.x[2], -300.0);
	ASSERT_SAME_DOUBLE(d.y[2], -186.4113);
	dataset_free(&d);
	free(path);
	rm_rf(dir);
	free(dir);
}

static void test_a_file_without_header_names_its_axes_x_and_y(void)
{
	char *dir = tmpdir_new();
	char *path = data_file(dir, "plain.csv", "0,1\n1,3\n2,5");   /* no final newline */
	struct dataset d;

	CU_ASSERT_EQUAL_FATAL(dataset_read_csv(path, &d), NR_OK);
	CU_ASSERT_EQUAL(d.n, 3);
	CU_ASSERT_STRING_EQUAL(d.xname, "x");
	CU_ASSERT_STRING_EQUAL(d.yname, "y");
	ASSERT_SAME_DOUBLE(d.y[2], 5.0);
	dataset_free(&d);
	free(path);
	rm_rf(dir);
	free(dir);
}

static void test_header_names_lose_control_characters_and_empty_ones_stay_default(void)
{
	char *dir = tmpdir_new();
	char *path = data_file(dir, "h.csv", "\"line\nbreak\",\n1,2\n3,4\n");
	struct dataset d;

	CU_ASSERT_EQUAL_FATAL(dataset_read_csv(path, &d), NR_OK);
	CU_ASSERT_STRING_EQUAL(d.xname, "line break");
	CU_ASSERT_STRING_EQUAL(d.yname, "y");
	CU_ASSERT_EQUAL(d.n, 2);
	dataset_free(&d);
	free(path);
	rm_rf(dir);
	free(dir);
}

static void test_the_row_limit_is_enforced_at_the_first_row_beyond_it(void)
{
	char *dir = tmpdir_new();
	char *path = data_file(dir, "rows.csv", "x,y\n1,1\n2,2\n3,3\n4,4\n");
	struct dataset d;

	CU_ASSERT_EQUAL(dataset_read_csv_max(path, &d, 4), NR_OK);
	CU_ASSERT_EQUAL(d.n, 4);
	dataset_free(&d);
	CU_ASSERT_EQUAL(dataset_read_csv_max(path, &d, 3), NR_EDATA);
	CU_ASSERT_EQUAL(d.n, 0);
	CU_ASSERT_PTR_NULL(d.x);
	free(path);
	rm_rf(dir);
	free(dir);
}

struct bad_file {
	const char *text;     /* NULL: the file does not exist */
	const char *expect;   /* in the message, after the file name */
};

static const struct bad_file bad_files[] = {
	{ NULL, "No such file or directory" },
	{ "", "is empty" },
	{ "\n\r\n\n", "is empty" },
	{ "x,y\n", "has a header but no data" },
	{ "x,y\n1,2\n", "only 1 data row" },
	{ "1,2\n", "only 1 data row" },
	{ "x,y\n1,2\n3\n", ":3: 1 field, expected 2" },
	{ "x,y\n1,2\n3,4,5\n", ":3: 3 fields, expected 2" },
	{ "x,y,z\n1,2\n", ":1: 3 fields, expected 2" },
	{ "x,y\n1,2\n3,four\n", ":3: y 'four' is not a number" },
	{ "1,2\n3x,4\n", ":2: x '3x' is not a number" },
	{ "1,abc\n2,3\n", ":1: y 'abc' is not a number" },
	{ "1,2\n,4\n", ":2: x '' is not a number" },
	{ "1,2\n\"3\n4\",5\n", ":3: x '3?4' is not a number" },
	{ "1,2\nnan,4\n", ":2: x 'nan' is not a finite number" },
	{ "1,2\n3,-inf\n", ":2: y '-inf' is not a finite number" },
	{ "1,2\n3,1e999\n", ":2: y '1e999' is too large: a value must be 0 or between 1e-100 and 1e100 in magnitude (rescale the data)" },
	{ "1,2\n3,2e150\n", ":2: y '2e150' is too large" },
	{ "x,y\n1,2\n3,-1e-170\n", ":3: y '-1e-170' is too small: a value must be 0 or between 1e-100 and 1e100 in magnitude (rescale the data)" },
	{ "1,2\n3,1e-400\n", ":2: y '1e-400' is too small" },   /* not the 0 strtod makes of it */
	{ "1,2\n0x1p-2000,4\n", ":2: x '0x1p-2000' is too small" },
	{ "1,2\n3,\"abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij\"\n",
	  ":2: y 'abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij...' is not a number" },
	{ "1,2\n3,\"\x1b]0;title\x07\"\n", ":2: y '?]0;title?' is not a number" },
	{ "1,2\nabc\rde\"f\n", ":2: 1 field, expected 2" },   /* not a second line about the quote */
	{ "caf\xC3,y\n1,2\n3,4\n", ":1: x name 'caf?' in the header is not valid UTF-8: save the file as UTF-8" },
	{ "x,\xC0\xAF\n1,2\n3,4\n", ":1: y name '\?\?' in the header is not valid UTF-8" },
	{ "\n\nx,\xED\xA0\x80\n1,2\n3,4\n", ":3: y name '\?\?\?' in the header is not valid UTF-8" },
	{ "\xF5x,y\n1,2\n3,4\n", ":1: x name '?x' in the header is not valid UTF-8" },
	{ "\xE2\x82,y\n1,2\n3,4\n", ":1: x name '\?\?' in the header is not valid UTF-8" },
	{ "x,\xF4\x90\x80\x80\n1,2\n3,4\n", ":1: y name '\?\?\?\?' in the header is not valid UTF-8" },
	{ "1,2\n3,\"4\n", ":2: malformed CSV: a quoted field is not closed" },
	{ "1,2\n3,4\"5\"\n", ":2: malformed CSV" },
	{ "x,y\n7,1\n7,2\n7.0,3\n", "all 3 x values are 7, so no fit exists" },
};

static void test_each_malformed_file_is_one_error_naming_file_and_line(void)
{
	char *dir = tmpdir_new(), *out = path_join(dir, "out");

	for (size_t i = 0; i < sizeof bad_files / sizeof bad_files[0]; i++) {
		const struct bad_file *c = &bad_files[i];
		char *path = path_join(dir, "bad data.csv");
		struct proc p;
		if (c->text)
			write_file(path, c->text);
		run_neuron(&p, "train", "--data", path, "--out", out, NULL);
		CU_ASSERT_EQUAL(p.status, 1);
		CU_ASSERT_EQUAL(count_lines(p.err), 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(p.err, path));
		CU_ASSERT_PTR_NOT_NULL(strstr(p.err, c->expect));
		CU_ASSERT_STRING_EQUAL(p.out, "");
		CU_ASSERT_FALSE(file_exists(out));   /* nothing written */
		if (p.status != 1 || !strstr(p.err, c->expect) || count_lines(p.err) != 1)
			fprintf(stderr, "\n  case %zu: exit %d, stderr: %s", i, p.status, p.err);
		proc_free(&p);
		remove(path);
		free(path);
	}
	free(out);
	rm_rf(dir);
	free(dir);
}

/* Reads "key value" from a summary; NAN when missing. */
static double summary_num(const char *out, const char *key)
{
	size_t klen = strlen(key);

	for (const char *l = out; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (!strncmp(l, key, klen) && l[klen] == ' ')
			return strtod(l + klen + 1, NULL);
	return NAN;
}

static int summary_has(const char *out, const char *line)
{
	const char *s = strstr(out, line);
	return s && (s == out || s[-1] == '\n') && s[strlen(line)] == '\n';
}

/*
 * km -> miles: the exact line y = 0.621371 x. The trained weight must match
 * it and the header names must not disturb the numbers. Tolerance 1e-9: the
 * converged rule allows 1e-6 relative, and the run goes far past it.
 */
static void test_a_run_on_ones_own_data_learns_its_line(void)
{
	char *dir = tmpdir_new(), *out = path_join(dir, "out");
	char *path = data_file(dir, "km.csv", "km,miles\n0,0\n1,0.621371\n2,1.242742\n5,3.106855\n");
	struct proc p;

	run_neuron(&p, "train", "--data", path, "--lr", "0.05", "--iters", "20000",
	           "--out", out, NULL);
	CU_ASSERT_EQUAL(p.status, 0);
	CU_ASSERT(summary_has(p.out, "status converged"));
	CU_ASSERT_DOUBLE_EQUAL(summary_num(p.out, "weight"), 0.621371, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(summary_num(p.out, "bias"), 0.0, 1e-9);
	CU_ASSERT_EQUAL(dir_entries(out), 2);
	proc_free(&p);
	free(path); free(out);
	rm_rf(dir);
	free(dir);
}

/*
 * --noise: the loss cannot reach 0, yet the run converges to the
 * least-squares minimum. That minimum is recomputed here from the noisy
 * targets in predictions.csv by the normal equations (Cramer's rule on the
 * raw sums, not the centred sums the program uses); 1e-9 relative covers
 * the rounding of either method on 100 samples of size ~100.
 */
static void test_noisy_data_converges_to_its_least_squares_minimum(void)
{
	char *dir = tmpdir_new(), *out = path_join(dir, "out");
	char *pred = path_join(out, "predictions.csv");
	struct proc p;
	struct table t;

	run_neuron(&p, "train", "--noise", "5", "--lr", "1e-3", "--iters", "30000",
	           "--out", out, NULL);
	CU_ASSERT_EQUAL_FATAL(p.status, 0);
	CU_ASSERT(summary_has(p.out, "status converged"));
	double loss = summary_num(p.out, "loss"), loss_opt = summary_num(p.out, "optimum_loss");
	CU_ASSERT(loss_opt > 1.0);   /* sigma 5: the loss stays near 25 */
	CU_ASSERT_DOUBLE_EQUAL(loss, loss_opt, 1e-9 * loss_opt);

	CU_ASSERT_EQUAL_FATAL(table_read(pred, &t), NR_OK);
	CU_ASSERT_EQUAL_FATAL(t.rows, 101);
	double n = 100, sx = 0, sy = 0, sxx = 0, sxy = 0, dev = 0;
	for (size_t r = 1; r < t.rows; r++) {
		double x = table_num(&t, r, 0), y = table_num(&t, r, 1);
		sx += x; sy += y; sxx += x * x; sxy += x * y;
		dev = fmax(dev, fabs(y - (x * 9 / 5 + 32)));
	}
	CU_ASSERT(dev > 1.0);   /* the targets really are noisy */
	double det = n * sxx - sx * sx;
	double w = (n * sxy - sx * sy) / det, b = (sxx * sy - sx * sxy) / det;
	CU_ASSERT_DOUBLE_EQUAL(summary_num(p.out, "optimum_weight"), w, 1e-9 * fabs(w));
	CU_ASSERT_DOUBLE_EQUAL(summary_num(p.out, "optimum_bias"), b, 1e-9 * fabs(b));
	CU_ASSERT_DOUBLE_EQUAL(summary_num(p.out, "weight"), w, 1e-6 * fabs(w));
	table_free(&t);
	proc_free(&p);

	/* The same seed gives the same noise; another seed other noise. */
	struct options o = { .noise = 5, .seed = 42 };
	struct dataset d1, d2;
	struct analysis a;
	CU_ASSERT_EQUAL_FATAL(run_data(&o, &d1, &a), NR_OK);
	CU_ASSERT_EQUAL_FATAL(run_data(&o, &d2, &a), NR_OK);
	CU_ASSERT(memcmp(d1.y, d2.y, d1.n * sizeof *d1.y) == 0);
	dataset_free(&d2);
	o.seed = 43;
	CU_ASSERT_EQUAL_FATAL(run_data(&o, &d2, &a), NR_OK);
	CU_ASSERT(memcmp(d1.y, d2.y, d1.n * sizeof *d1.y) != 0);
	dataset_free(&d1);
	dataset_free(&d2);
	free(pred); free(out);
	rm_rf(dir);
	free(dir);
}

static void test_run_data_reads_the_data_option(void)
{
	char *dir = tmpdir_new();
	char *path = data_file(dir, "lab.csv", "time,length\n0,10\n1,12\n2,14\n");
	struct options o = { .data = path };
	struct dataset d;
	struct analysis a;

	CU_ASSERT_EQUAL_FATAL(run_data(&o, &d, &a), NR_OK);
	CU_ASSERT_EQUAL(d.n, 3);
	CU_ASSERT_STRING_EQUAL(d.xname, "time");
	CU_ASSERT_STRING_EQUAL(d.yname, "length");
	dataset_free(&d);
	write_file(path, "1,2\n");
	CU_ASSERT_EQUAL(run_data(&o, &d, &a), NR_EDATA);
	CU_ASSERT_EQUAL(d.n, 0);
	free(path);
	rm_rf(dir);
	free(dir);
}

int suite_data(void)
{
	CU_pSuite s = CU_add_suite("data", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_article_data_is_celsius_to_fahrenheit_in_the_articles_order);
	CU_ADD_TEST(s, test_reads_a_header_bom_crlf_quotes_and_blank_lines);
	CU_ADD_TEST(s, test_a_file_without_header_names_its_axes_x_and_y);
	CU_ADD_TEST(s, test_header_names_lose_control_characters_and_empty_ones_stay_default);
	CU_ADD_TEST(s, test_the_row_limit_is_enforced_at_the_first_row_beyond_it);
	CU_ADD_TEST(s, test_each_malformed_file_is_one_error_naming_file_and_line);
	CU_ADD_TEST(s, test_a_run_on_ones_own_data_learns_its_line);
	CU_ADD_TEST(s, test_noisy_data_converges_to_its_least_squares_minimum);
	CU_ADD_TEST(s, test_run_data_reads_the_data_option);
	return CU_get_error();
}
