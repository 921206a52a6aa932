/*
 * test_lessons.c - the lessons section through the real binary: its
 * figures in every format (fit.gif always a GIF), and its CSVs parsed back
 * with the strict reader and checked against independent computations:
 * the gradients written out as sums, the article's published end points,
 * the trace the path was read from, and a diverging run kept in its window.
 */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "output/afile.h"
#include "base/err.h"
#include "base/err.h"
#include "helpers.h"
#include "suites.h"

static const char *const figures[] = { "landscape", "gradients", "scaling" };

static char *report(const char *format, const char *extra1, const char *extra2,
                    const char *extra3, const char *extra4)
{
	char *dir = tmpdir_new();
	struct proc p;

	run_neuron(&p, "report", "--format", format, "--out", dir, "--w0", "0.8",
	           "--b0", "0", extra1, extra2, extra3, extra4, NULL);
	CU_ASSERT_EQUAL(p.status, 0);
	if (p.status)
		fprintf(stderr, "\n%s", p.err);
	proc_free(&p);
	return dir;
}

static void check_gif(const char *dir)
{
	char *path = path_join(dir, "fit.gif");
	size_t len = 0;
	unsigned char *g = (unsigned char *)slurp(path, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT(len > 10000 && !memcmp(g, "GIF89a", 6));
	CU_ASSERT_EQUAL(g[6] | g[7] << 8, 960);
	CU_ASSERT_EQUAL(g[8] | g[9] << 8, 640);
	CU_ASSERT(memmem(g, len, "NETSCAPE2.0", 11) != NULL);   /* loops */
	size_t frames = 0;   /* graphic control extensions: one per frame */
	for (size_t i = 0; i + 3 < len; i++)
		frames += g[i] == 0x21 && g[i + 1] == 0xf9 && g[i + 2] == 4;
	CU_ASSERT(frames >= 20 && frames <= 60);
	CU_ASSERT_EQUAL(g[len - 1], 0x3b);   /* the trailer: complete */
	free(g);
	free(path);
}


static void test_every_lessons_figure_in_every_format(void)
{
	const char *formats[] = { "png", "svg", "pdf" };

	for (int f = 0; f < 3; f++) {
		char *dir = report(formats[f], NULL, NULL, NULL, NULL);
		for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++)
			check_image(dir, figures[i], formats[f]);
		check_gif(dir);
		rm_rf(dir);
		free(dir);
	}
}

static struct table read_csv(const char *dir, const char *name)
{
	struct table t = { 0 };
	char *path = path_join(dir, name);
	CU_ASSERT_EQUAL(table_read(path, &t), 0);
	CU_ASSERT(!t.ragged);
	free(path);
	return t;
}

/* gradcheck.csv: at the article's start dL/dw = 2 mean(x (0.8 x - y)) =
 * -1635 and dL/db = -63 by hand; every row satisfies article = w dw + b db
 * and finite difference ~ derivative (tolerances as in test_gradcheck). */
static void check_gradcheck(const char *dir)
{
	struct table t = read_csv(dir, "gradcheck.csv");

	CU_ASSERT_EQUAL_FATAL(t.rows, 5);
	CU_ASSERT_STRING_EQUAL(table_at(&t, 0, 4), "dweight_exact");
	CU_ASSERT_STRING_EQUAL(table_at(&t, 1, 0), "article start");
	CU_ASSERT_DOUBLE_EQUAL(table_num(&t, 1, 4), -1635, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(table_num(&t, 1, 8), -63, 1e-9);
	for (size_t r = 1; r < t.rows; r++) {
		double w = table_num(&t, r, 1), b = table_num(&t, r, 2), loss = table_num(&t, r, 3);
		double dw = table_num(&t, r, 4), art = table_num(&t, r, 5), fd = table_num(&t, r, 6);
		double db = table_num(&t, r, 8), dbfd = table_num(&t, r, 9);
		CU_ASSERT_DOUBLE_EQUAL(art, w * dw + b * db, 1e-12 * (fabs(w * dw) + fabs(b * db) + 1));
		CU_ASSERT_DOUBLE_EQUAL(fd, dw, 1e-7 * fmax(1, loss));
		CU_ASSERT_DOUBLE_EQUAL(dbfd, db, 1e-7 * fmax(1, loss));
	}
	table_free(&t);
}

/* gradpaths.csv ends where ARTICLE.md says each formula ends. */
static void check_gradpaths(const char *dir)
{
	struct table t = read_csv(dir, "gradpaths.csv");
	double last_w[3] = { 0 }, last_b[3] = { 0 };

	CU_ASSERT_FATAL(t.rows > 200);
	for (size_t r = 1; r < t.rows; r++) {
		int i = (int)table_num(&t, r, 0);
		CU_ASSERT_FATAL(i == 1 || i == 2);
		CU_ASSERT_STRING_EQUAL(table_at(&t, r, 1), i == 1 ? "exact" : "article");
		last_w[i] = table_num(&t, r, 4);
		last_b[i] = table_num(&t, r, 5);
	}
	ASSERT_SAME_DOUBLE(last_w[1], 1.7973978721339001);
	ASSERT_SAME_DOUBLE(last_b[1], 27.667455540105017);
	ASSERT_SAME_DOUBLE(last_w[2], 1.8741240769804204);
	ASSERT_SAME_DOUBLE(last_b[2], 27.71691162703039);
	table_free(&t);
}

/* landscape.csv holds rows of each comparison run's own trace.csv (found
 * through summary.csv, path i = summary row i), as written; frames.csv
 * holds rows of the main trace.csv, log-spaced from 0 to the last. */
static void check_rows_come_from_the_trace(const char *dir)
{
	struct table trace = read_csv(dir, "trace.csv");
	struct table land = read_csv(dir, "landscape.csv");
	struct table fr = read_csv(dir, "frames.csv");
	struct table sum = read_csv(dir, "summary.csv");
	struct table run = { 0 };
	size_t run_path = 0;

	CU_ASSERT_FATAL(trace.rows == 10002 && land.rows > 100 && fr.rows > 20 && sum.rows > 1);
	for (size_t r = 1; r < land.rows; r++) {
		size_t path = (size_t)table_num(&land, r, 0);
		CU_ASSERT_FATAL(path >= 1 && path < sum.rows);
		CU_ASSERT_STRING_EQUAL(table_at(&land, r, 1), table_at(&sum, path, 1));
		if (path != run_path) {
			char *sub = xasprintf("%s/trace.csv", table_at(&sum, path, 10));
			table_free(&run);
			run = read_csv(dir, sub);
			free(sub);
			run_path = path;
		}
		size_t k = (size_t)table_num(&land, r, 2);
		CU_ASSERT_FATAL(k + 1 < run.rows);
		int last = r + 1 == land.rows || table_num(&land, r + 1, 0) != (double)path;
		if (last && !strcmp(table_at(&sum, path, 7), "diverged")) {
			/* A diverging path ends where it leaves the window: a point
			 * on the segment from state k-1 to state k. */
			double w = table_num(&land, r, 4);
			double w0 = table_num(&run, k, 2), w1 = table_num(&run, k + 1, 2);
			CU_ASSERT(k > 0 && w >= fmin(w0, w1) && w <= fmax(w0, w1));
			continue;
		}
		for (int c = 0; c < 3; c++)
			CU_ASSERT_STRING_EQUAL(table_at(&land, r, 3 + c), table_at(&run, k + 1, 1 + c));
	}
	table_free(&run);
	table_free(&sum);
	double prev = -1;
	for (size_t r = 1; r < fr.rows; r++) {
		double k = table_num(&fr, r, 1);
		CU_ASSERT(k > prev);
		prev = k;
		for (int c = 0; c < 3; c++)
			CU_ASSERT_STRING_EQUAL(table_at(&fr, r, 2 + c), table_at(&trace, (size_t)k + 1, 1 + c));
	}
	CU_ASSERT_EQUAL(table_num(&fr, 1, 1), 0);
	CU_ASSERT_EQUAL(prev, 10000);
	table_free(&trace);
	table_free(&land);
	table_free(&fr);
}

/* scaling.csv: condition numbers fall 834 -> 12 -> 1 and so do the counts. */
static void check_scaling(const char *dir)
{
	struct table t = read_csv(dir, "scaling.csv");

	CU_ASSERT_EQUAL_FATAL(t.rows, 4);
	CU_ASSERT_STRING_EQUAL(table_at(&t, 1, 0), "raw");
	CU_ASSERT_STRING_EQUAL(table_at(&t, 2, 0), "x/100");
	CU_ASSERT_STRING_EQUAL(table_at(&t, 3, 0), "standardised");
	CU_ASSERT_DOUBLE_EQUAL(table_num(&t, 1, 7), 833.75, 0.01);
	CU_ASSERT_DOUBLE_EQUAL(table_num(&t, 2, 7), 12.0, 0.01);
	CU_ASSERT_DOUBLE_EQUAL(table_num(&t, 3, 7), 1.0, 1e-12);
	CU_ASSERT(table_num(&t, 1, 13) > table_num(&t, 2, 13));
	CU_ASSERT(table_num(&t, 2, 13) > table_num(&t, 3, 13));
	CU_ASSERT_EQUAL(table_num(&t, 3, 13), 1);
	for (size_t r = 1; r < 4; r++)
		CU_ASSERT(table_num(&t, r, 14) <= table_num(&t, r, 12));
	table_free(&t);
}

static void test_lessons_csvs_match_independent_checks(void)
{
	char *dir = report("png", NULL, NULL, NULL, NULL);

	check_gradcheck(dir);
	check_gradpaths(dir);
	check_rows_come_from_the_trace(dir);
	check_scaling(dir);
	rm_rf(dir);
	free(dir);
}

/* lr 2e-3 diverges (limit 1.2e-3): the report still completes, and the
 * path stops at the border of a window sized by the minimum and the start. */
static void test_a_diverging_run_stays_inside_the_landscape(void)
{
	char *dir = report("png", "--lr", "2e-3", "--lrs", "2e-3");
	struct table land = read_csv(dir, "landscape.csv");
	struct table trace = read_csv(dir, "trace.csv");
	double max_w = 0;

	for (size_t r = 1; r < trace.rows; r++)
		max_w = fmax(max_w, fabs(table_num(&trace, r, 2)));
	CU_ASSERT(max_w > 1e3);
	for (size_t r = 1; r < land.rows; r++) {
		CU_ASSERT(isfinite(table_num(&land, r, 4)) && fabs(table_num(&land, r, 4)) < 3);
		CU_ASSERT(table_num(&land, r, 5) > -5 && table_num(&land, r, 5) < 40);
	}
	CU_ASSERT(land.rows < 50);
	check_image(dir, "landscape", "png");
	table_free(&land);
	table_free(&trace);
	rm_rf(dir);
	free(dir);
}

int suite_lessons(void)
{
	CU_pSuite s = CU_add_suite("lessons", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_every_lessons_figure_in_every_format);
	CU_ADD_TEST(s, test_lessons_csvs_match_independent_checks);
	CU_ADD_TEST(s, test_a_diverging_run_stays_inside_the_landscape);
	return CU_get_error();
}
