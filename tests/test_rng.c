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

/* For n = 2^k no draw is rejected (2^64 mod n = 0) and the top 64 bits
 * of x * 2^k are x's top k bits: rng_below must be exactly those. n = 1
 * gives 0 and still uses one draw. */
static void test_rng_below_a_power_of_two_is_the_top_bits(void)
{
	const int bits[] = { 1, 3, 20, 63 };

	for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
		struct rng r, ref;
		rng_seed(&r, 5);
		rng_seed(&ref, 5);
		for (int t = 0; t < 1000; t++)
			CU_ASSERT_EQUAL(rng_below(&r, 1ULL << bits[i]), rng_next(&ref) >> (64 - bits[i]));
	}
	struct rng r, ref;
	rng_seed(&r, 9);
	rng_seed(&ref, 9);
	CU_ASSERT_EQUAL(rng_below(&r, 1), 0);
	rng_next(&ref);
	CU_ASSERT_EQUAL(rng_next(&r), rng_next(&ref));
}

/*
 * Counts against their binomial expectations, within 5 standard
 * deviations: 7 values over 70000 draws; and for n = 3 * 2^62, where
 * values at or above 2^63 make a third of the range, the share of those
 * (a plain remainder would give a quarter). Every value below n.
 */
static void test_rng_below_is_uniform_and_below_n(void)
{
	struct rng r;
	long count[7] = { 0 }, high = 0, outside = 0;
	const int draws = 70000;
	const uint64_t big = 3ULL << 62;

	rng_seed(&r, 1);
	for (int t = 0; t < draws; t++) {
		uint64_t v = rng_below(&r, 7);
		if (v < 7)
			count[v]++;
		else
			outside++;
	}
	double p = 1.0 / 7, sd = sqrt(draws * p * (1 - p));
	for (int v = 0; v < 7; v++)
		CU_ASSERT(fabs((double)count[v] - draws * p) <= 5 * sd);
	for (int t = 0; t < draws; t++) {
		uint64_t v = rng_below(&r, big);
		outside += v >= big;
		high += v >= 1ULL << 63;
	}
	CU_ASSERT_EQUAL(outside, 0);
	p = 1.0 / 3;
	CU_ASSERT(fabs((double)high - draws * p) <= 5 * sqrt(draws * p * (1 - p)));
}

int suite_rng(void)
{
	CU_pSuite s = CU_add_suite("rng", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_splitmix64_matches_the_reference_sequence);
	CU_ADD_TEST(s, test_draws_have_the_right_moments);
	CU_ADD_TEST(s, test_rng_below_a_power_of_two_is_the_top_bits);
	CU_ADD_TEST(s, test_rng_below_is_uniform_and_below_n);
	return CU_get_error();
}
