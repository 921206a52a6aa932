/*
 * test_csvio.c - libcsv writing read back by the strict reader, and the
 * reader's handling of BOM, CRLF, quotes and malformed files with line
 * numbers; its bounds (line and record length, NUL bytes) pinned on both
 * sides with files built here byte by byte, and its messages read back from
 * stderr: exactly one line per problem.
 */
#include <CUnit/CUnit.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/csvio.h"
#include "base/err.h"
#include "helpers.h"
#include "suites.h"

/* Ends the table written to fp and reads path back: rows (the header
 * included) of one field count each, or the test stops. */
static void read_back(struct csvw *w, FILE *fp, const char *path, size_t rows, struct table *t)
{
	CU_ASSERT_EQUAL(csvw_finish(w), NR_OK);
	CU_ASSERT_EQUAL(fclose(fp), 0);
	CU_ASSERT_EQUAL_FATAL(table_read(path, t), NR_OK);
	CU_ASSERT_FALSE(t->ragged);
	CU_ASSERT_EQUAL_FATAL(t->rows, rows);
}

static void test_written_fields_read_back_unchanged(void)
{
	char *dir = tmpdir_new(), *path = path_join(dir, "t.csv");
	static const char *const text[] = { "plain", "with,comma", "with \"quote\"", "", "multi\nline" };
	static const double nums[] = { 0.1, -1825.5, 5e-324, 1.7976931348623157e308, 1e-5 };
	FILE *fp = fopen(path, "w");
	struct csvw w;
	struct table t;

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	csvw_begin(&w, fp, "t.csv", "a,b,c,d,e");
	for (int c = 0; c < 5; c++)
		csvw_text(&w, text[c]);
	csvw_end(&w);
	for (int c = 0; c < 5; c++)
		csvw_num(&w, nums[c]);
	csvw_end(&w);
	csvw_int(&w, -9007199254740993LL);
	for (int c = 1; c < 5; c++)
		csvw_int(&w, c);
	csvw_end(&w);
	read_back(&w, fp, path, 4, &t);
	CU_ASSERT_STRING_EQUAL(table_at(&t, 0, 4), "e");
	for (int c = 0; c < 5; c++) {
		CU_ASSERT_STRING_EQUAL(table_at(&t, 1, c), text[c]);
		ASSERT_SAME_DOUBLE(strtod(table_at(&t, 2, c), NULL), nums[c]);
	}
	CU_ASSERT_STRING_EQUAL(table_at(&t, 3, 0), "-9007199254740993");
	table_free(&t);
	free(path);
	rm_rf(dir);
	free(dir);
}

/* Rows longer than the writer's row buffer (csvio.h): numbers that fill
 * it several times over, a quoted text at the largest size that is
 * quoted in the buffer (254 quotes, 510 bytes quoted) and one longer
 * (written by libcsv straight to the stream), and the extreme integers;
 * all read back as written, each row with the header's fields. */
static void test_rows_longer_than_the_buffer_read_back_unchanged(void)
{
	enum { NUMS = 60 };
	char *dir = tmpdir_new(), *path = path_join(dir, "t.csv");
	char edge[255], longer[600];
	FILE *fp = fopen(path, "w");
	struct csvw w;
	struct table t;

	memset(edge, '"', sizeof edge - 1);
	edge[sizeof edge - 1] = '\0';
	for (size_t i = 0; i < sizeof longer - 1; i++)
		longer[i] = ",\"x\n"[i % 4];
	longer[sizeof longer - 1] = '\0';
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	char header[NUMS * 4] = "c0";
	for (int c = 1; c < NUMS; c++)
		snprintf(header + strlen(header), sizeof header - strlen(header), ",c%d", c);
	csvw_begin(&w, fp, "t.csv", header);
	for (int r = 0; r < 3; r++) {
		for (int c = 0; c < NUMS; c++) {
			double v = -1.0 / 3 * (c + 1) * (r + 1) * 1e-7;
			if (c == 7)
				csvw_text(&w, r == 0 ? edge : longer);
			else if (c == 8)
				csvw_int(&w, r == 1 ? LLONG_MIN : LLONG_MAX);
			else
				csvw_num(&w, v);
		}
		csvw_end(&w);
	}
	read_back(&w, fp, path, 4, &t);
	CU_ASSERT_EQUAL_FATAL(t.cols, NUMS);
	CU_ASSERT_STRING_EQUAL(table_at(&t, 0, NUMS - 1), "c59");
	for (int r = 0; r < 3; r++)
		for (int c = 0; c < NUMS; c++) {
			const char *f = table_at(&t, (size_t)r + 1, (size_t)c);
			if (c == 7) {
				CU_ASSERT_STRING_EQUAL(f, r == 0 ? edge : longer);
			} else if (c == 8) {
				CU_ASSERT_STRING_EQUAL(f, r == 1 ? "-9223372036854775808" : "9223372036854775807");
			} else {
				ASSERT_SAME_DOUBLE(strtod(f, NULL), -1.0 / 3 * (c + 1) * (r + 1) * 1e-7);
			}
		}
	table_free(&t);
	free(path);
	rm_rf(dir);
	free(dir);
}

/* A row with another number of fields than the header is a bug, reported
 * with the table's name and the row. */
static void test_a_row_with_the_wrong_field_count_is_reported(void)
{
	FILE *fp = fopen("/dev/null", "w");
	struct csvw w;
	struct capture cap;

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	csvw_begin(&w, fp, "x.csv", "a,b");
	csvw_num(&w, 1);
	csvw_num(&w, 2);
	csvw_end(&w);
	CU_ASSERT_EQUAL(csvw_finish(&w), NR_OK);
	csvw_num(&w, 3);
	csvw_end(&w);
	capture_begin(&cap);
	CU_ASSERT_EQUAL(csvw_finish(&w), NR_EBUG);
	char *said = capture_end(&cap);
	CU_ASSERT(said && strstr(said, "row 3 of x.csv") && strstr(said, "2 fields"));
	free(said);
	fclose(fp);
}

struct lines { unsigned long line[8]; size_t n; };

static int note_line(void *ctx, char *const *f, size_t nf, unsigned long line)
{
	struct lines *l = ctx;
	(void)f; (void)nf;
	if (l->n < 8)
		l->line[l->n++] = line;
	return NR_OK;
}

static void test_bom_crlf_and_line_numbers(void)
{
	char *dir = tmpdir_new(), *path = path_join(dir, "t.csv");
	struct table t;
	struct lines l = { { 0 }, 0 };

	write_file(path, "\xEF\xBB\xBFx,y\r\n1,2\r\n\r\n\"3\",\"4\"\r\n");
	CU_ASSERT_EQUAL_FATAL(table_read(path, &t), NR_OK);
	CU_ASSERT_EQUAL(t.rows, 3);
	CU_ASSERT_STRING_EQUAL(table_at(&t, 0, 0), "x");
	CU_ASSERT_STRING_EQUAL(table_at(&t, 2, 1), "4");
	table_free(&t);
	CU_ASSERT_EQUAL(csv_read(path, note_line, &l), NR_OK);
	CU_ASSERT_EQUAL(l.n, 3);
	CU_ASSERT_EQUAL(l.line[0], 1);
	CU_ASSERT_EQUAL(l.line[1], 2);
	CU_ASSERT_EQUAL(l.line[2], 4);   /* the blank line 3 is skipped */
	free(path);
	rm_rf(dir);
	free(dir);
}

static void test_malformed_quotes_are_errors(void)
{
	char *dir = tmpdir_new(), *path = path_join(dir, "t.csv");
	struct table t;

	write_file(path, "x,y\n1,\"2\n");      /* never closed */
	CU_ASSERT_EQUAL(table_read(path, &t), NR_EDATA);
	table_free(&t);
	write_file(path, "x,y\n1,2\"x\"\n");   /* quote inside a field */
	CU_ASSERT_EQUAL(table_read(path, &t), NR_EDATA);
	table_free(&t);
	CU_ASSERT_EQUAL(table_read("/nonexistent/t.csv", &t), NR_EIO);
	table_free(&t);
	free(path);
	rm_rf(dir);
	free(dir);
}

/* The fields of every record, kept to compare with what was written. */
struct records {
	size_t n;
	char *field[8][2];
	size_t nfields[8];
	unsigned long line[8];
};

static int keep_record(void *ctx, char *const *f, size_t nf, unsigned long line)
{
	struct records *r = ctx;

	if (r->n < 8) {
		r->nfields[r->n] = nf;
		r->line[r->n] = line;
		for (size_t i = 0; i < 2; i++)
			r->field[r->n][i] = i < nf ? strdup(f[i]) : NULL;
		r->n++;
	}
	return NR_OK;
}

static void records_free(struct records *r)
{
	for (size_t i = 0; i < r->n; i++)
		for (int c = 0; c < 2; c++)
			free(r->field[i][c]);
	memset(r, 0, sizeof *r);
}

/*
 * Runs csv_read() with stderr going to a file; returns its status and sets
 * *err to what it printed (caller frees).
 */
static int read_capturing(const char *path, csv_row_fn fn, void *ctx, char **err)
{
	char tmp[] = "/tmp/neuron-stderr-XXXXXX";
	int fd = mkstemp(tmp), saved = dup(STDERR_FILENO);

	CU_ASSERT_FATAL(fd >= 0 && saved >= 0);
	fflush(stderr);
	dup2(fd, STDERR_FILENO);
	int st = csv_read(path, fn, ctx);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(fd);
	*err = slurp(tmp, NULL);
	remove(tmp);
	CU_ASSERT_PTR_NOT_NULL_FATAL(*err);
	return st;
}

/* Writes `len` bytes (NULs allowed) to path. */
static void write_bytes(const char *path, const char *bytes, size_t len)
{
	FILE *fp = fopen(path, "wb");

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	CU_ASSERT_EQUAL(fwrite(bytes, 1, len, fp), len);
	CU_ASSERT_EQUAL(fclose(fp), 0);
}

/* A record of `len` bytes: 'a's, a comma, 'b's (two fields, a: len/2). */
static char *record_of(size_t len)
{
	char *s = malloc(len + 1);

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	memset(s, 'a', len / 2);
	s[len / 2] = ',';
	memset(s + len / 2 + 1, 'b', len - len / 2 - 1);
	s[len] = '\0';
	return s;
}

/* Reads "1,2<end>" + a record of `len` bytes + `end2`; returns the status
 * and checks a success against the record as written. */
static int read_long_line(const char *path, size_t len, const char *end, const char *end2,
                          char **err)
{
	char *rec = record_of(len);
	char *text = malloc(len + 16);
	struct records r = { 0 };

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	sprintf(text, "1,2%s%s%s", end, rec, end2);
	write_bytes(path, text, strlen(text));
	int st = read_capturing(path, keep_record, &r, err);
	if (st == NR_OK) {
		CU_ASSERT_EQUAL(r.n, 2);
		CU_ASSERT_EQUAL(r.line[1], 2);
		rec[len / 2] = '\0';
		CU_ASSERT(r.field[1][0] && strcmp(r.field[1][0], rec) == 0);
		CU_ASSERT(r.field[1][1] && strcmp(r.field[1][1], rec + len / 2 + 1) == 0);
	}
	records_free(&r);
	free(text);
	free(rec);
	return st;
}

static void test_a_line_of_4096_bytes_is_read_and_one_of_4097_refused(void)
{
	char *dir = tmpdir_new(), *path = path_join(dir, "t.csv");
	static const char *const ends[][2] = {
		{ "\n", "\n" }, { "\r\n", "\r\n" }, { "\n", "" }, { "\r\n", "\r" },
	};
	char *err;

	CU_ASSERT_EQUAL(CSV_LINE_MAX, 4096);
	for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
		/* The line end does not count: "\r\n" and a last line without any. */
		CU_ASSERT_EQUAL(read_long_line(path, 4096, ends[i][0], ends[i][1], &err), NR_OK);
		CU_ASSERT_STRING_EQUAL(err, "");
		free(err);
		CU_ASSERT_EQUAL(read_long_line(path, 4097, ends[i][0], ends[i][1], &err), NR_EDATA);
		CU_ASSERT_EQUAL(count_lines(err), 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(err, ":2: this line is longer than 4096 bytes: is this a CSV file of x,y pairs?"));
		free(err);
	}
	free(path);
	rm_rf(dir);
	free(dir);
}

/* A megabyte of digits and no line end: refused at line 1, the same for a
 * long line after short ones. */
static void test_an_endless_line_is_refused_with_its_number(void)
{
	char *dir = tmpdir_new(), *path = path_join(dir, "t.csv");
	size_t n = 1 << 20;
	char *text = malloc(n + 1), *err;
	struct records r = { 0 };

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	memset(text, '7', n);
	write_bytes(path, text, n);
	CU_ASSERT_EQUAL(read_capturing(path, keep_record, &r, &err), NR_EDATA);
	CU_ASSERT_EQUAL(r.n, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, ":1: this line is longer than 4096 bytes"));
	CU_ASSERT_EQUAL(count_lines(err), 1);
	free(err);
	records_free(&r);
	memcpy(text, "x,y\n1,2\n", 8);
	write_bytes(path, text, n);
	CU_ASSERT_EQUAL(read_capturing(path, keep_record, &r, &err), NR_EDATA);
	CU_ASSERT_EQUAL(r.n, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, ":3: this line is longer than 4096 bytes"));
	free(err);
	records_free(&r);
	free(text);
	free(path);
	rm_rf(dir);
	free(dir);
}

static void test_a_nul_byte_is_not_text_and_its_line_is_named(void)
{
	char *dir = tmpdir_new(), *path = path_join(dir, "t.csv");
	static const struct { const char *bytes; size_t len; const char *expect; } c[] = {
		{ "x,y\n1,2\n3\0,4\n", 13, ":3: a NUL byte: this is not a text file" },
		{ "\0", 1, ":1: a NUL byte" },
		{ "x,\"y\n\n\0\"\n", 9, ":3: a NUL byte" },   /* inside a quoted field */
		{ "1,2\n3,4\0", 8, ":2: a NUL byte" },         /* on a last line without end */
	};
	struct records r = { 0 };
	char *err;

	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		write_bytes(path, c[i].bytes, c[i].len);
		CU_ASSERT_EQUAL(read_capturing(path, keep_record, &r, &err), NR_EDATA);
		CU_ASSERT_PTR_NOT_NULL(strstr(err, c[i].expect));
		CU_ASSERT_EQUAL(count_lines(err), 1);
		free(err);
		records_free(&r);
	}
	free(path);
	rm_rf(dir);
	free(dir);
}

/*
 * A record may run over several lines inside quotes; its fields joined by
 * commas may hold 4096 bytes, not 4097. Here one field of 20-byte lines
 * (19 'q's and a line break), then "," and a second field making up the
 * total.
 */
static void test_a_record_over_several_lines_is_bounded_to_4096_bytes(void)
{
	char *dir = tmpdir_new(), *path = path_join(dir, "t.csv");
	size_t first = 20 * 150;   /* 3000 bytes, line breaks included */
	char *err;

	for (size_t total = 4096; total <= 4097; total++) {
		size_t second = total - first - 1;
		char *f1 = malloc(first + 1), *f2 = malloc(second + 1), *text = malloc(total + 16);
		struct records r = { 0 };
		CU_ASSERT_FATAL(f1 && f2 && text);
		for (size_t i = 0; i < first; i++)
			f1[i] = i % 20 == 19 ? '\n' : 'q';
		f1[first] = '\0';
		memset(f2, 'z', second);
		f2[second] = '\0';
		sprintf(text, "\"%s\",%s\n", f1, f2);
		write_bytes(path, text, strlen(text));
		int st = read_capturing(path, keep_record, &r, &err);
		if (total == 4096) {
			CU_ASSERT_EQUAL(st, NR_OK);
			CU_ASSERT_STRING_EQUAL(err, "");
			CU_ASSERT_EQUAL_FATAL(r.n, 1);
			CU_ASSERT_EQUAL(r.line[0], 151);
			CU_ASSERT(r.field[0][0] && strcmp(r.field[0][0], f1) == 0);
			CU_ASSERT(r.field[0][1] && strcmp(r.field[0][1], f2) == 0);
		} else {
			CU_ASSERT_EQUAL(st, NR_EDATA);
			CU_ASSERT_EQUAL(r.n, 0);
			CU_ASSERT_PTR_NOT_NULL(strstr(err, ":151: a record longer than 4096 bytes: is a closing quote missing?"));
			CU_ASSERT_EQUAL(count_lines(err), 1);
		}
		free(err);
		records_free(&r);
		free(f1); free(f2); free(text);
	}
	free(path);
	rm_rf(dir);
	free(dir);
}

/* A quote opened and never closed, then a million short lines: the reader
 * stops long before the end instead of collecting them all; the same for
 * endless quoted fields of one byte each. */
static void test_an_endless_quoted_field_stops_early(void)
{
	char *dir = tmpdir_new(), *path = path_join(dir, "t.csv");
	static const char *const unit[] = { "\n", "\",\"\n" };
	size_t lines = 1000000;
	char *err;

	for (size_t u = 0; u < 2; u++) {
		size_t ul = strlen(unit[u]);
		char *text = malloc(1 + ul * lines);
		struct records r = { 0 };
		unsigned long line = 0;
		CU_ASSERT_PTR_NOT_NULL_FATAL(text);
		text[0] = '"';
		for (size_t i = 0; i < lines; i++)
			memcpy(text + 1 + i * ul, unit[u], ul);
		write_bytes(path, text, 1 + ul * lines);
		CU_ASSERT_EQUAL(read_capturing(path, keep_record, &r, &err), NR_EDATA);
		CU_ASSERT_EQUAL(r.n, 0);
		const char *m = strstr(err, "a record longer than 4096 bytes");
		CU_ASSERT_PTR_NOT_NULL(m);
		CU_ASSERT_EQUAL(count_lines(err), 1);
		/* "<path>:<line>: a record ...": the line where it stopped. */
		if (m && m - err > 3) {
			const char *p = m - 3;
			while (p > err && p[-1] != ':')
				p--;
			line = strtoul(p, NULL, 10);
		}
		CU_ASSERT(line > 1000 && line < 20000);
		free(err);
		records_free(&r);
		free(text);
	}
	free(path);
	rm_rf(dir);
	free(dir);
}

/* The callback's error, and nothing from libcsv about the same line. */
static int refuse_one_field(void *ctx, char *const *f, size_t nf, unsigned long line)
{
	(void)ctx; (void)f;
	return nf == 1 ? nr_error(NR_EDATA, "refused line %lu", line) : NR_OK;
}

/*
 * "abc\r" ends a record of one field (a bare CR ends a record for libcsv)
 * and the rest of the same line is malformed: one problem, one line. This
 * is how random bytes used to give two.
 */
static void test_one_problem_gives_one_line(void)
{
	char *dir = tmpdir_new(), *path = path_join(dir, "t.csv");
	char *err;

	write_file(path, "1,2\nabc\rde\"f\n");
	CU_ASSERT_EQUAL(read_capturing(path, refuse_one_field, NULL, &err), NR_EDATA);
	CU_ASSERT_STRING_EQUAL(err, "neuron: refused line 2\n");
	free(err);
	free(path);
	rm_rf(dir);
	free(dir);
}

int suite_csvio(void)
{
	CU_pSuite s = CU_add_suite("csvio", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_written_fields_read_back_unchanged);
	CU_ADD_TEST(s, test_rows_longer_than_the_buffer_read_back_unchanged);
	CU_ADD_TEST(s, test_a_row_with_the_wrong_field_count_is_reported);
	CU_ADD_TEST(s, test_bom_crlf_and_line_numbers);
	CU_ADD_TEST(s, test_malformed_quotes_are_errors);
	CU_ADD_TEST(s, test_a_line_of_4096_bytes_is_read_and_one_of_4097_refused);
	CU_ADD_TEST(s, test_an_endless_line_is_refused_with_its_number);
	CU_ADD_TEST(s, test_a_nul_byte_is_not_text_and_its_line_is_named);
	CU_ADD_TEST(s, test_a_record_over_several_lines_is_bounded_to_4096_bytes);
	CU_ADD_TEST(s, test_an_endless_quoted_field_stops_early);
	CU_ADD_TEST(s, test_one_problem_gives_one_line);
	return CU_get_error();
}
