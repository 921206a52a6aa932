/*
 * test_csvio.c - libcsv writing read back by the strict reader, and the
 * reader's handling of BOM, CRLF, quotes and malformed files with line
 * numbers.
 */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvio.h"
#include "base/err.h"
#include "helpers.h"
#include "suites.h"

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
	CU_ASSERT_EQUAL(csvw_finish(&w), NR_OK);
	CU_ASSERT_EQUAL(fclose(fp), 0);
	CU_ASSERT_EQUAL_FATAL(table_read(path, &t), NR_OK);
	CU_ASSERT_FALSE(t.ragged);
	CU_ASSERT_EQUAL_FATAL(t.rows, 4);
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

int suite_csvio(void)
{
	CU_pSuite s = CU_add_suite("csvio", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_written_fields_read_back_unchanged);
	CU_ADD_TEST(s, test_a_row_with_the_wrong_field_count_is_reported);
	CU_ADD_TEST(s, test_bom_crlf_and_line_numbers);
	CU_ADD_TEST(s, test_malformed_quotes_are_errors);
	return CU_get_error();
}
