/*
 * test_path.c - descent paths: the thinning schedule, and a path read back
 * from trace.csv equals the one recorded while training, bit for bit.
 */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdlib.h>

#include "output/afile.h"
#include "model/analysis.h"
#include "model/data.h"
#include "base/err.h"
#include "helpers.h"
#include "model/path.h"
#include "report/run.h"
#include "suites.h"

/* Every state to 100, then at most one per tenth of a decade, and the last. */
static void test_schedule_keeps_dense_then_log_spaced_states(void)
{
	struct path p = PATH_INIT(100, 10);

	for (long long k = 0; k <= 123456; k++) {
		struct train_state s = { .k = k, .loss = (double)k };
		CU_ASSERT_EQUAL_FATAL(path_observe(&p, &s, k == 123456), 0);
	}
	for (long long k = 0; k <= 100; k++)
		CU_ASSERT_EQUAL(p.pt[k].k, k);
	/* Bins floor(10 log10 k): k = 100 opens bin 20, so 101 .. 123456 add
	 * bins 21 .. 50 (30), and the final state shares bin 50 with 100000. */
	CU_ASSERT_EQUAL(p.n, 101 + 30 + 1);
	for (size_t j = 102; j + 1 < p.n; j++)
		CU_ASSERT(floor(10 * log10((double)p.pt[j].k)) >
		          floor(10 * log10((double)p.pt[j - 1].k)));
	CU_ASSERT_EQUAL(p.pt[p.n - 1].k, 123456);
	path_free(&p);
	CU_ASSERT(p.n == 0 && p.pt == NULL);
}

static void test_path_read_from_a_trace_equals_the_recorded_path(void)
{
	struct dataset d;
	struct analysis a;
	struct train_result res;
	struct train_config cfg = { .lr = 1e-4, .iters = 20000, .w0 = 0.8, .b0 = 0 };
	struct path rec = PATH_INIT(100, 50), read = PATH_INIT(100, 50);
	char *dir = tmpdir_new(), *trace = path_join(dir, "trace.csv");

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), 0);
	analysis_compute(&d, &a);
	/* Every state in the trace, so both see the same states. */
	CU_ASSERT_EQUAL_FATAL(run_to_dir(&d, &a, &cfg, 1, dir, &res), 0);
	CU_ASSERT_EQUAL_FATAL(train_run(&d, &cfg, &a, path_observe, &rec, &res), 0);
	CU_ASSERT_EQUAL_FATAL(path_read(trace, &read), 0);
	CU_ASSERT_EQUAL_FATAL(read.n, rec.n);
	for (size_t j = 0; j < rec.n; j++) {
		CU_ASSERT_EQUAL(read.pt[j].k, rec.pt[j].k);
		ASSERT_SAME_DOUBLE(read.pt[j].loss, rec.pt[j].loss);
		ASSERT_SAME_DOUBLE(read.pt[j].w, rec.pt[j].w);
		ASSERT_SAME_DOUBLE(read.pt[j].b, rec.pt[j].b);
	}
	CU_ASSERT_EQUAL(read.pt[read.n - 1].k, 20000);
	path_free(&rec);
	path_free(&read);

	/* A malformed trace is refused with its line number. */
	write_file(trace, "iteration,loss,weight,bias\n0,1,2,3\n1,x,2,3\n");
	CU_ASSERT_EQUAL(path_read(trace, &read), NR_EDATA);
	path_free(&read);
	free(trace);
	rm_rf(dir);
	free(dir);
	dataset_free(&d);
}

int suite_path(void)
{
	CU_pSuite s = CU_add_suite("path", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_schedule_keeps_dense_then_log_spaced_states);
	CU_ADD_TEST(s, test_path_read_from_a_trace_equals_the_recorded_path);
	return CU_get_error();
}
