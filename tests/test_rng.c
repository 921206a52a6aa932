/*
 * test_rng.c - SplitMix64 against the reference sequence for seed 0 and
 * the uniform and Gaussian draws against their distributions' moments.
 */
#include <CUnit/CUnit.h>
#include <math.h>

#include "model/rng.h"
#include "suites.h"

/* Published first outputs of SplitMix64 seeded with 0. */
static void test_splitmix64_matches_the_reference_sequence(void)
{
	struct rng r;

	rng_seed(&r, 0);
	CU_ASSERT_EQUAL(rng_next(&r), 0xe220a8397b1dcdafULL);
	CU_ASSERT_EQUAL(rng_next(&r), 0x6e789e6aa1b965f4ULL);
	CU_ASSERT_EQUAL(rng_next(&r), 0x06c45d188009454fULL);
}

/* Mean 1/2 and variance 1/12 for uniforms; mean 0, variance 1 for normals.
 * With 1e5 draws the standard errors are ~1e-3 and ~3e-3: allow 5 of them. */
static void test_draws_have_the_right_moments(void)
{
	struct rng r;
	const int n = 100000;
	double su = 0, suu = 0, sg = 0, sgg = 0;

	rng_seed(&r, 42);
	for (int i = 0; i < n; i++) {
		double u = rng_uniform(&r), g = rng_gaussian(&r);
		CU_ASSERT(u >= 0 && u < 1 && isfinite(g));
		su += u; suu += u * u;
		sg += g; sgg += g * g;
	}
	CU_ASSERT_DOUBLE_EQUAL(su / n, 0.5, 5 * 0.29 / sqrt(n));
	CU_ASSERT_DOUBLE_EQUAL(suu / n - (su / n) * (su / n), 1.0 / 12, 5e-3);
	CU_ASSERT_DOUBLE_EQUAL(sg / n, 0, 5 / sqrt(n));
	CU_ASSERT_DOUBLE_EQUAL(sgg / n, 1, 5 * sqrt(2.0 / n));
}

int suite_rng(void)
{
	CU_pSuite s = CU_add_suite("rng", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_splitmix64_matches_the_reference_sequence);
	CU_ADD_TEST(s, test_draws_have_the_right_moments);
	return CU_get_error();
}
