/*
 * test_path.c - descent paths: the thinning schedule, and a path thinned
 * after training equals the one recorded with the same schedule.
 */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/analysis.h"
#include "model/data.h"
#include "base/err.h"
#include "helpers.h"
#include "model/path.h"
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

/* Thinning a dense path by a schedule keeps exactly the states that
 * recording with that schedule keeps (when the dense path holds every
 * state the schedule looks at), the final one included. */
static void test_a_thinned_path_equals_the_path_recorded_by_its_schedule(void)
{
	struct dataset d;
	struct analysis a;
	struct train_result res;
	struct train_config cfg = { .lr = 1e-4, .iters = 20000, .w0 = 0.8, .b0 = 0 };
	struct path all = PATH_INIT(0, 0), rec = PATH_INIT(100, 50), thin = PATH_INIT(100, 50);
	struct observer obs[] = { { path_observe, &all }, { path_observe, &rec } };

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), 0);
	analysis_compute(&d, &a);
	CU_ASSERT_EQUAL_FATAL(train_run(&d, &cfg, &a, obs, 2, &res), 0);
	CU_ASSERT_EQUAL_FATAL(all.n, 20001);
	CU_ASSERT_EQUAL_FATAL(path_thin(&thin, &all), 0);
	CU_ASSERT_EQUAL_FATAL(thin.n, rec.n);
	CU_ASSERT(memcmp(thin.pt, rec.pt, rec.n * sizeof *rec.pt) == 0);
	CU_ASSERT_EQUAL(thin.pt[thin.n - 1].k, 20000);
	CU_ASSERT(rec.n > 100 + 2 * 50 - 5 && rec.n < 100 + 3 * 50);
	path_free(&all);
	path_free(&rec);
	path_free(&thin);
	dataset_free(&d);
}

int suite_path(void)
{
	CU_pSuite s = CU_add_suite("path", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_schedule_keeps_dense_then_log_spaced_states);
	CU_ADD_TEST(s, test_a_thinned_path_equals_the_path_recorded_by_its_schedule);
	return CU_get_error();
}
