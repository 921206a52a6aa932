/*
 * rng.h - the program's own seeded random numbers.
 *
 * SplitMix64 (Steele, Lea and Flood 2014): a 64-bit state advanced by a fixed
 * odd constant and scrambled by two multiply-xorshift rounds. It is the same on
 * every C library, unlike rand(), so a seed names one run everywhere.
 * The caller owns the struct; there is no hidden global state.
 */
#ifndef NR_RNG_H
#define NR_RNG_H

#include <stdint.h>

struct rng {
	uint64_t state;
};

void rng_seed(struct rng *r, uint64_t seed);

/* The next 64 random bits. */
uint64_t rng_next(struct rng *r);

/* A uniform double in [0, 1): the top 53 bits of rng_next() times 2^-53. */
double rng_uniform(struct rng *r);

/*
 * A uniform whole number in [0, n), n >= 1, without the bias of a plain
 * rng_next() % n. Lemire's method (ACM TOMS 2019): the 128-bit product
 * rng_next() * n has its top 64 bits in [0, n); products whose low 64 bits
 * fall below 2^64 mod n are redrawn, so that every value has exactly the
 * same number of 64-bit draws mapping to it. The costly remainder is
 * computed only when a redraw is possible (low bits below n), so almost
 * every call costs one multiplication.
 */
uint64_t rng_below(struct rng *r, uint64_t n);

/* A standard normal deviate (Box-Muller; uses two uniforms per call). */
double rng_gaussian(struct rng *r);

#endif
