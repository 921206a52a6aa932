/* rng.c - SplitMix64 and the distributions built on it. */
#include "model/rng.h"

#include <math.h>

void rng_seed(struct rng *r, uint64_t seed)
{
	r->state = seed;
}

uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

double rng_uniform(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* The 128-bit product x * n as its high and low 64 bits: exact, so the
 * compiler's 128-bit integers (one instruction on 64-bit processors) and
 * the 32-bit halves elsewhere give the same bits. */
static inline uint64_t mul_128(uint64_t x, uint64_t n, uint64_t *lo)
{
#ifdef __SIZEOF_INT128__
	unsigned __int128 p = (unsigned __int128)x * n;

	*lo = (uint64_t)p;
	return (uint64_t)(p >> 64);
#else
	uint64_t x0 = x & 0xffffffffu, x1 = x >> 32;
	uint64_t n0 = n & 0xffffffffu, n1 = n >> 32;
	uint64_t p00 = x0 * n0, p01 = x0 * n1, p10 = x1 * n0, p11 = x1 * n1;
	uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);

	*lo = (mid << 32) | (p00 & 0xffffffffu);
	return p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
#endif
}

uint64_t rng_below(struct rng *r, uint64_t n)
{
	uint64_t lo, hi = mul_128(rng_next(r), n, &lo);

	if (lo < n) {
		uint64_t reject = -n % n;   /* 2^64 mod n */
		while (lo < reject)
			hi = mul_128(rng_next(r), n, &lo);
	}
	return hi;
}

double rng_gaussian(struct rng *r)
{
	/* u1 in (0, 1] keeps log() finite. */
	double u1 = 1.0 - rng_uniform(r);
	double u2 = rng_uniform(r);

	return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}
