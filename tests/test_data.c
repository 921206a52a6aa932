/*
 * test_data.c - the article's data set and the user's own CSV: what the reader
 * accepts (header, BOM, CRLF, quotes, blanks) compared with values written
 * independently as C literals or converted by strtod, and every class of
 * malformed file rejected through the real binary with one line naming the
 * file and the line, exit status 1 and nothing written. Each limit is pinned
 * on both sides: the value bounds with the neighbouring doubles (nextafter),
 * header names at 60 and 61 characters. Hostile input (/dev/zero, an endless
 * pipe, random bytes) and running out of memory are tried for real, in a
 * child process under an address-space limit. Also --noise: the run still
 * converges to the least-squares minimum, recomputed from the noisy targets.
 */
#include <CUnit/CUnit.h>
#include <dirent.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model/setup.h"
#include "model/data.h"
#include "base/csvio.h"
#include "base/err.h"
#include "helpers.h"
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

/* The text of a double that strtod reads back to exactly it. */
static void num_text(char buf[32], double v)
{
	snprintf(buf, 32, "%.17g", v);
	CU_ASSERT(same_double(strtod(buf, NULL), v));
}

/*
 * Both bounds are included: 1e100 and 1e-100 (and their negatives, and 0)
 * are read; each value is compared with strtod of the text written, and
 * the bounds with the compiler's literals.
 */
static void test_values_at_the_bounds_are_read(void)
{
	char *dir = tmpdir_new(), *path = path_join(dir, "bounds.csv");
	char in_max[32], in_min[32];
	num_text(in_max, nextafter(1e100, 0));   /* just inside */
	num_text(in_min, nextafter(1e-100, 1));
	const char *texts[][2] = {
		{ "1e100", "1e-100" }, { "-1e100", "-1e-100" }, { "0", "-0" },
		{ in_max, in_min }, { "1E+100", "0.0000000001e-90" },
	};
	size_t n = sizeof texts / sizeof texts[0];
	char *csv = xasprintf("x,y\n%s,%s\n%s,%s\n%s,%s\n%s,%s\n%s,%s\n",
	                      texts[0][0], texts[0][1], texts[1][0], texts[1][1],
	                      texts[2][0], texts[2][1], texts[3][0], texts[3][1],
	                      texts[4][0], texts[4][1]);
	struct dataset d;

	CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
	write_file(path, csv);
	CU_ASSERT_EQUAL_FATAL(dataset_read_csv(path, &d), NR_OK);
	CU_ASSERT_EQUAL_FATAL(d.n, n);
	for (size_t i = 0; i < n; i++) {
		ASSERT_SAME_DOUBLE(d.x[i], strtod(texts[i][0], NULL));
		ASSERT_SAME_DOUBLE(d.y[i], strtod(texts[i][1], NULL));
	}
	ASSERT_SAME_DOUBLE(d.x[0], 1e100);
	ASSERT_SAME_DOUBLE(d.y[1], -1e-100);
	ASSERT_SAME_DOUBLE(d.y[2], -0.0);
	ASSERT_SAME_DOUBLE(d.y[4], 1e-100);
	CU_ASSERT_EQUAL(DATA_ABS_MAX, 1e100);
	CU_ASSERT_EQUAL(DATA_ABS_MIN, 1e-100);
	dataset_free(&d);
	free(csv);
	free(path);
	rm_rf(dir);
	free(dir);
}

/* The predicate on both sides of each bound, and what is never a value. */
static void test_a_value_is_zero_or_within_the_bounds(void)
{
	static const double ok[] = { 0.0, -0.0, 1e100, -1e100, 1e-100, -1e-100, 1.0, -3.5e-7 };
	const double not_ok[] = {
		nextafter(1e100, INFINITY), -nextafter(1e100, INFINITY),
		nextafter(1e-100, 0), -nextafter(1e-100, 0),
		5e-324, 2.2250738585072014e-308, 1e-320, DBL_MAX, INFINITY, -INFINITY, NAN,
	};

	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		CU_ASSERT_EQUAL(dataset_value_ok(ok[i]), 1);
	for (size_t i = 0; i < sizeof not_ok / sizeof not_ok[0]; i++)
		CU_ASSERT_EQUAL(dataset_value_ok(not_ok[i]), 0);
}

/* The next double beyond each bound is refused, with the value as written,
 * the limit and the fix; in x as in y. */
static void test_the_next_doubles_beyond_the_bounds_are_refused(void)
{
	char *dir = tmpdir_new(), *out = path_join(dir, "out");
	char *path = path_join(dir, "beyond.csv");
	const double beyond[] = {
		nextafter(1e100, INFINITY), -nextafter(1e100, INFINITY),
		nextafter(1e-100, 0), -nextafter(1e-100, 0),
	};

	for (size_t i = 0; i < 8; i++) {
		char v[32];
		int col = (int)(i / 4);     /* x, then y */
		num_text(v, beyond[i % 4]);
		char *csv = col == 0 ? xasprintf("x,y\n1,2\n%s,4\n", v) : xasprintf("x,y\n1,2\n3,%s\n", v);
		char *expect = xasprintf(":3: %s '%s' is too %s: a value must be 0 or between 1e-100 and 1e100 in magnitude (rescale the data)\n",
		                         col == 0 ? "x" : "y", v, i % 4 < 2 ? "large" : "small");
		struct proc p;
		CU_ASSERT_FATAL(csv && expect);
		write_file(path, csv);
		run_neuron(&p, "train", "--data", path, "--out", out, NULL);
		CU_ASSERT_EQUAL(p.status, 1);
		CU_ASSERT_EQUAL(count_lines(p.err), 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(p.err, path));
		CU_ASSERT_PTR_NOT_NULL(strstr(p.err, expect));
		if (!strstr(p.err, expect))
			fprintf(stderr, "\n  expected %s  got %s", expect, p.err);
		CU_ASSERT_FALSE(file_exists(out));
		proc_free(&p);
		free(csv);
		free(expect);
	}
	free(path); free(out);
	rm_rf(dir);
	free(dir);
}

/* Repeats `unit` n times between `before` and `after` (caller frees). */
static char *repeat(const char *before, const char *unit, size_t n, const char *after)
{
	size_t b = strlen(before), u = strlen(unit);
	char *s = malloc(b + u * n + strlen(after) + 1);

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	memcpy(s, before, b);
	for (size_t i = 0; i < n; i++)
		memcpy(s + b + i * u, unit, u);
	strcpy(s + b + u * n, after);
	return s;
}

/* Reads `csv`; returns the status and, on success, the two names. */
static int read_names(const char *dir, const char *csv, char **xname, char **yname)
{
	char *path = data_file(dir, "names.csv", csv);
	struct dataset d;
	int st = dataset_read_csv(path, &d);

	*xname = st ? NULL : strdup(d.xname);
	*yname = st ? NULL : strdup(d.yname);
	dataset_free(&d);
	free(path);
	return st;
}

static void check_names(const char *dir, const char *csv, const char *x, const char *y)
{
	char *xn, *yn;

	CU_ASSERT_EQUAL_FATAL(read_names(dir, csv, &xn, &yn), NR_OK);
	CU_ASSERT_STRING_EQUAL(xn, x);
	CU_ASSERT_STRING_EQUAL(yn, y);
	free(xn);
	free(yn);
}

static void test_header_names_are_trimmed_and_lose_control_characters_and_noncharacters(void)
{
	char *dir = tmpdir_new();

	check_names(dir, "  time  ,\"\tlength \"\n1,2\n3,4\n", "time", "length");
	check_names(dir, "a\xC2\x85" "b,\xEF\xBF\xBE" "c\n1,2\n3,4\n", "a b", "c");   /* NEL, U+FFFE */
	check_names(dir, "\"\xEF\xB7\x90\",\"\xF0\x9F\xBF\xBF\"\n1,2\n3,4\n", "x", "y");   /* U+FDD0, U+1FFFF */
	check_names(dir, "\"  \",\" \x7F \"\n1,2\n3,4\n", "x", "y");
	check_names(dir, "temp \xC2\xB0" "C,caf\xC3\xA9 \xE2\x82\xAC\n1,2\n3,4\n",
	            "temp \xC2\xB0" "C", "caf\xC3\xA9 \xE2\x82\xAC");
	rm_rf(dir);
	free(dir);
}

/* 60 characters are a name, 61 are refused: counted in code points (2-byte
 * 'é' here) after the surrounding spaces are dropped. */
static void test_a_header_name_may_have_60_characters_not_61(void)
{
	char *dir = tmpdir_new(), *out = path_join(dir, "out");
	char *e60 = repeat("", "\xC3\xA9", 60, "");
	char *csv60 = repeat("  ", "\xC3\xA9", 60, "  ,y\n1,2\n3,4\n");
	char *xn, *yn;

	CU_ASSERT_EQUAL(read_names(dir, csv60, &xn, &yn), NR_OK);
	CU_ASSERT(xn && strcmp(xn, e60) == 0);
	free(xn);
	free(yn);

	static const size_t too_long[] = { 61, 2000 };
	for (size_t i = 0; i < 2; i++) {
		char *csv = repeat("x,  ", "\xC3\xA9", too_long[i], " \n1,2\n3,4\n");
		char *path = data_file(dir, "long.csv", csv);
		char *expect = xasprintf(":1: y name '%s...' in the header has %zu characters, more than the 60 an axis label can hold: shorten it\n",
		                         e60, too_long[i]);
		struct proc p;
		CU_ASSERT_PTR_NOT_NULL_FATAL(expect);
		run_neuron(&p, "train", "--data", path, "--out", out, NULL);
		CU_ASSERT_EQUAL(p.status, 1);
		CU_ASSERT_EQUAL(count_lines(p.err), 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(p.err, expect));
		CU_ASSERT_FALSE(file_exists(out));
		proc_free(&p);
		free(expect);
		free(path);
		free(csv);
	}
	free(e60); free(csv60); free(out);
	rm_rf(dir);
	free(dir);
}

/* A data line of exactly 4096 bytes works (4094 digits of x with leading
 * zeros, a comma, y); the reader's tests pin 4097. */
static void test_a_data_line_of_4096_bytes_is_read(void)
{
	char *dir = tmpdir_new();
	char *x1 = repeat("", "0", 4093, "1"), *x2 = repeat("", "0", 4093, "2");
	char *csv = xasprintf("%s,5\n%s,7\n", x1, x2);
	char *path = data_file(dir, "wide.csv", csv);
	struct dataset d;

	CU_ASSERT_EQUAL(strlen(x1) + 2, 4096);
	CU_ASSERT_EQUAL_FATAL(dataset_read_csv(path, &d), NR_OK);
	CU_ASSERT_EQUAL(d.n, 2);
	ASSERT_SAME_DOUBLE(d.x[0], strtod(x1, NULL));
	ASSERT_SAME_DOUBLE(d.x[1], 2.0);
	ASSERT_SAME_DOUBLE(d.y[1], 7.0);
	dataset_free(&d);
	free(x1); free(x2); free(csv); free(path);
	rm_rf(dir);
	free(dir);
}

/*
 * AddressSanitizer reserves terabytes of address space and cannot work
 * under RLIMIT_AS: its builds run the same readers without the limit.
 */
#ifdef __SANITIZE_ADDRESS__
#define AS_LIMIT_WORKS 0
#else
#define AS_LIMIT_WORKS 1
#endif

/* How a child that read a data file ended. */
struct child_read {
	int status;   /* dataset_read_csv()'s status, or -1 if a signal ended it */
	char *err;    /* what it printed on stderr (caller frees) */
};

/*
 * Runs dataset_read_csv(path) in a forked child with stderr into a file,
 * its address space limited to `extra` bytes beyond what it already maps
 * (0: no limit), and an alarm as watchdog, so that a reader that never
 * stops fails the test (SIGALRM) instead of hanging it.
 */
static void read_in_child(const char *path, size_t extra, struct child_read *c)
{
	char tmp[] = "/tmp/neuron-stderr-XXXXXX";
	int fd = mkstemp(tmp), ws;

	CU_ASSERT_FATAL(fd >= 0);
	fflush(NULL);
	pid_t pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		dup2(fd, STDERR_FILENO);
		if (extra > 0 && AS_LIMIT_WORKS) {
			unsigned long pages = 0;
			FILE *fp = fopen("/proc/self/statm", "r");
			if (!fp || fscanf(fp, "%lu", &pages) != 1)
				_exit(125);
			fclose(fp);
			rlim_t limit = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + extra;
			struct rlimit rl = { limit, limit };
			if (setrlimit(RLIMIT_AS, &rl) != 0)
				_exit(125);
		}
		alarm(120);
		struct dataset d;
		int st = dataset_read_csv(path, &d);
		dataset_free(&d);
		_exit(st);
	}
	CU_ASSERT_FATAL(waitpid(pid, &ws, 0) == pid);
	c->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
	c->err = slurp(tmp, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c->err);
	close(fd);
	remove(tmp);
	if (WIFSIGNALED(ws))
		fprintf(stderr, "\n  reader child killed by signal %d\n", WTERMSIG(ws));
}

/* /dev/zero used to grow memory without end; with 16 MB of room the reader
 * stops at once on its first byte. Through the binary too. */
static void test_dev_zero_is_not_a_text_file(void)
{
	char *dir = tmpdir_new(), *out = path_join(dir, "out");
	struct child_read c;
	struct proc p;

	read_in_child("/dev/zero", 16 << 20, &c);
	CU_ASSERT_EQUAL(c.status, NR_EDATA);
	CU_ASSERT_STRING_EQUAL(c.err, "neuron: /dev/zero:1: a NUL byte: this is not a text file\n");
	free(c.err);
	run_neuron(&p, "train", "--data", "/dev/zero", "--out", out, NULL);
	CU_ASSERT_EQUAL(p.status, 1);
	CU_ASSERT_STRING_EQUAL(p.err, "neuron: /dev/zero:1: a NUL byte: this is not a text file\n");
	CU_ASSERT_FALSE(file_exists(out));
	proc_free(&p);
	free(out);
	rm_rf(dir);
	free(dir);
}

/*
 * A writer child sends digits without a line end into a pipe, up to 256 MB.
 * The reader, with 16 MB of room, must stop at line 1 having read a few
 * kilobytes: the writer then finds the pipe closed (EPIPE) long before it
 * has written everything, which is what its exit status 0 says.
 */
static void test_an_endless_line_from_a_pipe_stops_early(void)
{
	int fds[2], ws;
	char path[32];
	struct child_read c;

	CU_ASSERT_FATAL(pipe(fds) == 0);
	fflush(NULL);
	pid_t writer = fork();
	CU_ASSERT_FATAL(writer >= 0);
	if (writer == 0) {
		static char block[65536];
		close(fds[0]);
		signal(SIGPIPE, SIG_IGN);
		memset(block, '1', sizeof block);
		alarm(120);
		for (size_t sent = 0; sent < ((size_t)256 << 20); sent += sizeof block)
			if (write(fds[1], block, sizeof block) < 0)
				_exit(errno == EPIPE ? 0 : 2);
		_exit(1);   /* everything written: the reader did not stop */
	}
	close(fds[1]);
	snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
	read_in_child(path, 16 << 20, &c);
	close(fds[0]);
	CU_ASSERT_FATAL(waitpid(writer, &ws, 0) == writer);
	CU_ASSERT(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
	CU_ASSERT_EQUAL(c.status, NR_EDATA);
	CU_ASSERT_PTR_NOT_NULL(strstr(c.err, ":1: this line is longer than 4096 bytes: is this a CSV file of x,y pairs?"));
	CU_ASSERT_EQUAL(count_lines(c.err), 1);
	free(c.err);
}

/*
 * 800,000 rows need 2 x 6.4 MB of doubles (more while they grow); with
 * 4 MB of address space to spare the reader must run out, and say so, not
 * that the file is empty. Without the limit the same file reads fine.
 */
static void test_running_out_of_memory_is_reported_as_such(void)
{
	char *dir = tmpdir_new(), *path = path_join(dir, "many.csv");
	FILE *fp = fopen(path, "w");
	struct child_read c;

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	for (int i = 0; i < 800000; i++)
		fprintf(fp, "%d,%d\n", i % 1000, i % 7);
	CU_ASSERT_EQUAL_FATAL(fclose(fp), 0);
	read_in_child(path, 0, &c);
	CU_ASSERT_EQUAL(c.status, NR_OK);
	CU_ASSERT_STRING_EQUAL(c.err, "");
	free(c.err);
	if (AS_LIMIT_WORKS) {
		read_in_child(path, 4 << 20, &c);
		CU_ASSERT_EQUAL(c.status, NR_ENOMEM);
		CU_ASSERT_PTR_NOT_NULL(strstr(c.err, "out of memory"));
		CU_ASSERT_PTR_NULL(strstr(c.err, "empty"));
		CU_ASSERT_EQUAL(count_lines(c.err), 1);
		if (c.status != NR_ENOMEM)
			fprintf(stderr, "\n  status %d, stderr: %s\n", c.status, c.err);
		free(c.err);
	}
	free(path);
	rm_rf(dir);
	free(dir);
}

/*
 * Random bytes, as from /dev/urandom (here from a fixed generator, so that
 * a failure can be repeated): whatever goes wrong first, exactly one line.
 */
static void test_random_bytes_give_exactly_one_error_line(void)
{
	char *dir = tmpdir_new(), *out = path_join(dir, "out");
	char *path = path_join(dir, "random.bin");
	uint64_t state = 12345;

	for (int k = 0; k < 24; k++) {
		FILE *fp = fopen(path, "wb");
		struct proc p;
		CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
		for (int i = 0; i < 3000; i++) {
			state = state * 6364136223846793005ULL + 1442695040888963407ULL;
			/* Every other file without NUL bytes, so that the CSV
			 * and data checks get random input as well. */
			int b = (int)(state >> 56);
			fputc(k % 2 && b == 0 ? '0' : b, fp);
		}
		CU_ASSERT_EQUAL_FATAL(fclose(fp), 0);
		run_neuron(&p, "train", "--data", path, "--out", out, NULL);
		CU_ASSERT_EQUAL(p.status, 1);
		CU_ASSERT_EQUAL(count_lines(p.err), 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(p.err, path));
		if (count_lines(p.err) != 1)
			fprintf(stderr, "\n  file %d: %s", k, p.err);
		proc_free(&p);
	}
	free(path); free(out);
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
	CU_ASSERT_EQUAL(output_entries(out), 2);
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
	struct run_options o = { .noise = 5, .seed = 42 };
	struct dataset d1, d2;
	struct analysis a;
	CU_ASSERT_EQUAL_FATAL(setup_data(&o, &d1, &a), NR_OK);
	CU_ASSERT_EQUAL_FATAL(setup_data(&o, &d2, &a), NR_OK);
	CU_ASSERT(memcmp(d1.y, d2.y, d1.n * sizeof *d1.y) == 0);
	dataset_free(&d2);
	o.seed = 43;
	CU_ASSERT_EQUAL_FATAL(setup_data(&o, &d2, &a), NR_OK);
	CU_ASSERT(memcmp(d1.y, d2.y, d1.n * sizeof *d1.y) != 0);
	dataset_free(&d1);
	dataset_free(&d2);
	free(pred); free(out);
	rm_rf(dir);
	free(dir);
}

static void test_setup_data_reads_the_data_option(void)
{
	char *dir = tmpdir_new();
	char *path = data_file(dir, "lab.csv", "time,length\n0,10\n1,12\n2,14\n");
	struct run_options o = { .data = path };
	struct dataset d;
	struct analysis a;

	CU_ASSERT_EQUAL_FATAL(setup_data(&o, &d, &a), NR_OK);
	CU_ASSERT_EQUAL(d.n, 3);
	CU_ASSERT_STRING_EQUAL(d.xname, "time");
	CU_ASSERT_STRING_EQUAL(d.yname, "length");
	dataset_free(&d);
	write_file(path, "1,2\n");
	CU_ASSERT_EQUAL(setup_data(&o, &d, &a), NR_EDATA);
	CU_ASSERT_EQUAL(d.n, 0);
	free(path);
	rm_rf(dir);
	free(dir);
}

/* setup_data() on `path` with `noise` and `seed`: its status, and what it
 * printed in *err (newly allocated). */
static int setup_noisy(const char *path, double noise, uint64_t seed, struct dataset *d, char **err)
{
	struct run_options o;
	struct analysis a;
	struct capture c;

	run_options_default(&o);
	o.data = path;
	o.noise = noise;
	o.seed = seed;
	capture_begin(&c);
	int st = setup_data(&o, d, &a);
	*err = capture_end(&c);
	return st;
}

/*
 * Zero targets with noise of size 1e-101 are all nonzero and smaller than
 * 1e-100, the lower bound on values, unless a Gaussian draw reaches 10
 * (odds about 1e-23): every seed is refused, with one line naming the
 * option, the bound and the fix. Noise of 1e-90 leaves them within the
 * bounds unless a draw is below 1e-10 in magnitude (odds about 1e-10), and
 * noise far beyond what --noise allows crosses the upper bound.
 */
static void test_noise_that_leaves_the_value_bounds_is_refused_naming_option_bound_and_fix(void)
{
	char *dir = tmpdir_new();
	char *path = data_file(dir, "zeros.csv", "x,y\n1,0\n2,0\n3,0\n");
	struct dataset d;
	char *err;

	for (uint64_t seed = 1; seed <= 20; seed++) {
		CU_ASSERT_EQUAL(setup_noisy(path, 1e-101, seed, &d, &err), NR_EDATA);
		CU_ASSERT(d.n == 0 && !d.x && !d.y);
		CU_ASSERT(count_lines(err) == 1 && strstr(err, "--noise 1e-101") &&
		          strstr(err, "than 1e-100 in magnitude") && strstr(err, "--seed"));
		free(err);

		CU_ASSERT_EQUAL_FATAL(setup_noisy(path, 1e-90, seed, &d, &err), NR_OK);
		CU_ASSERT_STRING_EQUAL(err, "");
		for (size_t i = 0; i < d.n; i++)
			CU_ASSERT(fabs(d.y[i]) >= 1e-100 && fabs(d.y[i]) <= 1e-80);
		dataset_free(&d);
		free(err);
	}
	CU_ASSERT_EQUAL(setup_noisy(path, 1e200, 1, &d, &err), NR_EDATA);
	CU_ASSERT(d.n == 0);
	CU_ASSERT(count_lines(err) == 1 && strstr(err, "--noise 1e+200") &&
	          strstr(err, "beyond 1e+100") && strstr(err, "smaller --noise"));
	free(err);
	free(path);
	rm_rf(dir);
	free(dir);
}

/* The -max_len that `make fuzz` gives the target `name`, or -1. */
static long fuzz_max_len(const char *commands, const char *name)
{
	char key[64];

	snprintf(key, sizeof key, "/fuzz_%s -max_total_time=", name);
	const char *at = strstr(commands, key);
	const char *end = at ? strchr(at, ';') : NULL;
	const char *len = at ? strstr(at, " -max_len=") : NULL;
	return len && (!end || len < end) ? strtol(len + 10, NULL, 10) : -1;
}

/*
 * `make fuzz` (as `make -n` prints it) lets the data reader's inputs be
 * long enough to cross the bounds: a line of more than CSV_LINE_MAX bytes
 * with its end, and a record of that many split over two lines; and every
 * seed of its corpus fits whole, since libFuzzer cuts longer inputs to
 * -max_len. The other targets keep a bound of their own.
 */
static void test_the_data_fuzzer_may_cross_the_line_bound_and_reads_every_seed_whole(void)
{
	char *dir = tmpdir_new();
	char *cmd = xasprintf("env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -n -s fuzz "
	                      "BUILD='%s' FUZZ_SECONDS=1 2>&1", dir);
	FILE *fp = popen(cmd, "r");
	char *out = NULL;
	size_t cap = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	FILE *text = open_memstream(&out, &cap);
	char buf[4096];
	size_t got;
	while ((got = fread(buf, 1, sizeof buf, fp)) > 0)
		fwrite(buf, 1, got, text);
	fclose(text);
	CU_ASSERT_EQUAL(pclose(fp), 0);

	long data = fuzz_max_len(out, "data");
	CU_ASSERT(data >= 2 * (CSV_LINE_MAX + 2));
	CU_ASSERT(fuzz_max_len(out, "cli") > 0 && fuzz_max_len(out, "math") > 0);
	DIR *seeds = opendir("tests/fuzz/corpus_data");
	CU_ASSERT_PTR_NOT_NULL_FATAL(seeds);
	size_t n = 0;
	for (struct dirent *e; (e = readdir(seeds));) {
		char *path = xasprintf("tests/fuzz/corpus_data/%s", e->d_name);
		struct stat st;
		if (path && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			CU_ASSERT(st.st_size <= data);
			n++;
		}
		free(path);
	}
	closedir(seeds);
	CU_ASSERT(n > 10);
	free(out);
	free(cmd);
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
	CU_ADD_TEST(s, test_values_at_the_bounds_are_read);
	CU_ADD_TEST(s, test_a_value_is_zero_or_within_the_bounds);
	CU_ADD_TEST(s, test_the_next_doubles_beyond_the_bounds_are_refused);
	CU_ADD_TEST(s, test_header_names_are_trimmed_and_lose_control_characters_and_noncharacters);
	CU_ADD_TEST(s, test_a_header_name_may_have_60_characters_not_61);
	CU_ADD_TEST(s, test_a_data_line_of_4096_bytes_is_read);
	CU_ADD_TEST(s, test_dev_zero_is_not_a_text_file);
	CU_ADD_TEST(s, test_an_endless_line_from_a_pipe_stops_early);
	CU_ADD_TEST(s, test_running_out_of_memory_is_reported_as_such);
	CU_ADD_TEST(s, test_random_bytes_give_exactly_one_error_line);
	CU_ADD_TEST(s, test_a_run_on_ones_own_data_learns_its_line);
	CU_ADD_TEST(s, test_noisy_data_converges_to_its_least_squares_minimum);
	CU_ADD_TEST(s, test_setup_data_reads_the_data_option);
	CU_ADD_TEST(s, test_noise_that_leaves_the_value_bounds_is_refused_naming_option_bound_and_fix);
	CU_ADD_TEST(s, test_the_data_fuzzer_may_cross_the_line_bound_and_reads_every_seed_whole);
	return CU_get_error();
}
