/*
 * test_afile.c - outputs appear all together or not at all, and failures
 * leave the previous files and no temporaries behind.
 */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include "output/afile.h"
#include "base/err.h"
#include "helpers.h"
#include "suites.h"

static void test_commit_renames_every_file_into_place(void)
{
	char *dir = tmpdir_new(), *a = path_join(dir, "a.txt"), *b = path_join(dir, "b.txt");
	struct outset set = OUTSET_INIT;
	FILE *fa, *fb;

	CU_ASSERT_EQUAL_FATAL(outset_open(&set, a, &fa), NR_OK);
	CU_ASSERT_EQUAL_FATAL(outset_open(&set, b, &fb), NR_OK);
	fputs("A", fa);
	fputs("B", fb);
	CU_ASSERT_FALSE(file_exists(a));   /* nothing visible before commit */
	CU_ASSERT_EQUAL(outset_commit(&set), NR_OK);
	char *ta = slurp(a, NULL), *tb = slurp(b, NULL);
	CU_ASSERT(ta && tb && !strcmp(ta, "A") && !strcmp(tb, "B"));
	CU_ASSERT_EQUAL(dir_entries(dir), 2);
	free(ta); free(tb); free(a); free(b);
	rm_rf(dir);
	free(dir);
}

static void test_abort_and_empty_reservation_keep_previous_files(void)
{
	char *dir = tmpdir_new(), *a = path_join(dir, "a.txt"), *img = path_join(dir, "img.png");
	struct outset set = OUTSET_INIT;
	FILE *fa;
	const char *tmp;

	write_file(a, "old");
	write_file(img, "old image");
	CU_ASSERT_EQUAL_FATAL(outset_open(&set, a, &fa), NR_OK);
	fputs("new", fa);
	outset_abort(&set);
	char *t = slurp(a, NULL);
	CU_ASSERT(t && !strcmp(t, "old"));
	free(t);
	CU_ASSERT_EQUAL(dir_entries(dir), 2);

	/* A reserved file that nobody wrote makes the whole commit fail. */
	CU_ASSERT_EQUAL_FATAL(outset_open(&set, a, &fa), NR_OK);
	fputs("new", fa);
	CU_ASSERT_EQUAL_FATAL(outset_reserve(&set, img, &tmp), NR_OK);
	CU_ASSERT(file_exists(tmp));
	CU_ASSERT_EQUAL(outset_commit(&set), NR_EIO);
	t = slurp(a, NULL);
	CU_ASSERT(t && !strcmp(t, "old"));
	free(t);
	t = slurp(img, NULL);
	CU_ASSERT(t && !strcmp(t, "old image"));
	free(t);
	CU_ASSERT_EQUAL(dir_entries(dir), 2);
	free(a); free(img);
	rm_rf(dir);
	free(dir);
}

static void test_write_error_is_reported_at_commit(void)
{
	struct outset set = OUTSET_INIT;
	FILE *fp;
	char *dir = tmpdir_new(), *a = path_join(dir, "a.txt");

	CU_ASSERT_EQUAL_FATAL(outset_open(&set, a, &fp), NR_OK);
	/* Swap the stream for /dev/full: the flush at commit fails (ENOSPC). */
	FILE *full = freopen("/dev/full", "w", fp);
	CU_ASSERT_PTR_NOT_NULL_FATAL(full);
	fputs("data that cannot be written", full);
	CU_ASSERT_EQUAL(outset_commit(&set), NR_EIO);
	CU_ASSERT_FALSE(file_exists(a));
	CU_ASSERT_EQUAL(dir_entries(dir), 0);
	free(a);
	rm_rf(dir);
	free(dir);
}

static void test_ensure_dir_creates_one_level_and_rejects_files(void)
{
	char *dir = tmpdir_new(), *sub = path_join(dir, "out"), *file = path_join(dir, "f");
	char *deep = path_join(dir, "missing/out");

	CU_ASSERT_EQUAL(ensure_dir(sub, "--out"), NR_OK);
	CU_ASSERT_EQUAL(ensure_dir(sub, "--out"), NR_OK);
	write_file(file, "x");
	CU_ASSERT_EQUAL(ensure_dir(file, "--out"), NR_EIO);
	CU_ASSERT_EQUAL(ensure_dir(deep, "--out"), NR_EIO);
	CU_ASSERT_EQUAL(ensure_dir("/proc/neuron-cannot-be-here", "--out"), NR_EIO);
	free(sub); free(file); free(deep);
	rm_rf(dir);
	free(dir);
}

int suite_afile(void)
{
	CU_pSuite s = CU_add_suite("afile", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_commit_renames_every_file_into_place);
	CU_ADD_TEST(s, test_abort_and_empty_reservation_keep_previous_files);
	CU_ADD_TEST(s, test_write_error_is_reported_at_commit);
	CU_ADD_TEST(s, test_ensure_dir_creates_one_level_and_rejects_files);
	return CU_get_error();
}
