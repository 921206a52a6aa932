/*
 * numfmt.c - the shortest round-trip decimal of a double, by Schubfach:
 * Raffaello Giulietti, "The Schubfach way to render doubles" (2020). This
 * is the paper's algorithm, written here from its mathematics; only the
 * cut-off that tells integers apart (2^-66 below) is this module's own.
 *
 * A finite v > 0 is c 2^q with c < 2^53 an integer. Every real in its
 * rounding interval R reads back as v: R reaches halfway to the doubles on
 * either side, its bounds included when c is even (strtod rounds ties to
 * even). In units of 2^(q-2), R runs from 4c - 2 to 4c + 2, or from 4c - 1
 * when c = 2^52 starts an exponent above the lowest: the double below is
 * then twice as close.
 *
 * Pick k with 10^k <= |R| < 10^(k+1), i.e. k = floor(log10 2^q), or
 * floor(log10 (3/4) 2^q) in the uneven case. Scaled by 10^-k, R is between
 * 1 and 10 wide, so it holds
 *   - at most one multiple of 10: if it does, that decimal d 10^(k+1) is
 *     the only one in R with so few digits, so it is the shortest;
 *   - otherwise at least one of s = floor(v 10^-k) and s + 1, and the
 *     shortest decimals are the integers of R times 10^k. Of those, s or
 *     s + 1 is the nearest to v; when both are in R the nearer wins, and
 *     on a tie the even one.
 *
 * All of this compares X = x 2^q 10^-k, for x = the bounds 4c -/+ 2 (or
 * 4c - 1) and 4c, with multiples of 4 (and 4s + 2). Enough of X is the
 * round-to-odd rop(X) = floor(X), with the last bit set when X is not an
 * integer: it compares with every even integer as X does, and
 * rop(X) / 4 = floor(X / 4). With 10^-k = G 2^r, 2^125 <= G < 2^126, and
 * g = floor(G) + 1 from the table, X' = g (x << h) / 2^127 with
 * h = q + r + 127 exceeds X by less than 2^60 / 2^127 = 2^-67. No X that is
 * not an integer comes within 2^-65.4 of one (tools/numfmt_pow10.py proves
 * this for every q, k and x that occur, with continued fractions), so the
 * fraction of X' is below 2^-66 exactly when X is an integer, and
 * floor(X') = floor(X): rop(X) is computed exactly.
 *
 * Needs unsigned __int128 and an arithmetic >> on negative integers, as
 * GCC and Clang provide.
 */
#include "base/numfmt.h"

#include <stdint.h>
#include <string.h>

__extension__ typedef unsigned __int128 u128;

#include "base/numfmt_pow10.inc"

/* floor(q log10 2), floor(log10 ((3/4) 2^q)) and floor(e log2 10) by
 * multiply and shift, exact for |q| <= 2000 and |e| <= 600 (checked by
 * tools/numfmt_pow10.py). */
static int floor_log10_pow2(int q)
{
	return (int)((int64_t)q * 315653 >> 20);
}

static int floor_log10_three_quarters_pow2(int q)
{
	return (int)(((int64_t)q * 1262611 - 524028) >> 22);
}

static int floor_log2_pow10(int e)
{
	return (int)((int64_t)e * 108853 >> 15);
}

/* rop(g cp / 2^127) for cp < 2^60: floor(g cp / 2^61) holds the integer
 * part and the first 66 bits of the fraction. */
static uint64_t rop(const uint64_t g[2], uint64_t cp)
{
	u128 m = ((u128)g[0] * cp << 3) + ((u128)g[1] * cp >> 61);

	return (uint64_t)(m >> 66) | ((m << 62) != 0);
}

/*
 * The shortest decimal d 10^k in the rounding interval of c 2^q nearest to
 * it (see the top of the file); d has no trailing zero. `uneven` says the
 * interval reaches only half as far below.
 */
static uint64_t shortest(uint64_t c, int q, int uneven, int *k_out)
{
	uint64_t out = c & 1;   /* 1: the bounds are outside R */
	uint64_t cb = c << 2, cbl = cb - 2, cbr = cb + 2;
	int k = floor_log10_pow2(q);

	if (uneven) {
		cbl = cb - 1;
		k = floor_log10_three_quarters_pow2(q);
	}
	int h = q + floor_log2_pow10(-k) + 2;
	const uint64_t *g = pow10_g[k - NUMFMT_K_MIN];
	uint64_t vb = rop(g, cb << h);     /* 4 v 10^-k, rounded to odd */
	uint64_t vbl = rop(g, cbl << h);   /* the same for the bounds */
	uint64_t vbr = rop(g, cbr << h);
	uint64_t s = vb >> 2;

	/* "bound + out <= y" is "bound < y" when the bounds are outside. */
	uint64_t sp10 = s / 10 * 10, tp10 = sp10 + 10;
	int sp10_in = vbl + out <= sp10 << 2, tp10_in = (tp10 << 2) + out <= vbr;
	if (sp10_in != tp10_in) {
		uint64_t d = (sp10_in ? sp10 : tp10) / 10;
		k++;
		while (d % 100000000 == 0) {
			d /= 100000000;
			k += 8;
		}
		if (d % 10000 == 0) {   /* at most 7 zeros are left */
			d /= 10000;
			k += 4;
		}
		if (d % 100 == 0) {
			d /= 100;
			k += 2;
		}
		if (d % 10 == 0) {
			d /= 10;
			k++;
		}
		*k_out = k;
		return d;
	}
	uint64_t t = s + 1;
	int s_in = vbl + out <= s << 2, t_in = (t << 2) + out <= vbr;
	*k_out = k;
	if (s_in != t_in)
		return s_in ? s : t;
	/* Both in R: 4 v 10^-k against their midpoint 2 (s + t). */
	uint64_t mid = (s + t) << 1;
	return vb < mid || (vb == mid && s % 2 == 0) ? s : t;
}

static const char digit_pairs[200] =
	"0001020304050607080910111213141516171819"
	"2021222324252627282930313233343536373839"
	"4041424344454647484950515253545556575859"
	"6061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/* The number of decimal digits of d, 0 < d < 10^17: bit length times
 * 1233 / 4096 (just below log10 2) is that number or one less. */
static int digit_count(uint64_t d)
{
	static const uint64_t pow10[18] = {
		1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
		1000000000, 10000000000, 100000000000, 1000000000000,
		10000000000000, 100000000000000, 1000000000000000,
		10000000000000000, 100000000000000000
	};
	int t = (64 - __builtin_clzll(d)) * 1233 >> 12;

	return t + (d >= pow10[t]);
}

/* Writes x < 10^8 as exactly 8 digits, leading zeros included. */
static void put8(char *p, uint32_t x)
{
	uint32_t hi = x / 10000, lo = x % 10000;

	memcpy(p, digit_pairs + 2 * (hi / 100), 2);
	memcpy(p + 2, digit_pairs + 2 * (hi % 100), 2);
	memcpy(p + 4, digit_pairs + 2 * (lo / 100), 2);
	memcpy(p + 6, digit_pairs + 2 * (lo % 100), 2);
}

/* Writes the decimal digits of d, 0 < d < 10^17, so that they end just
 * before `end`. */
static void put_digits(char *end, uint64_t d)
{
	if (d >= 100000000) {
		uint64_t hi = d / 100000000;
		end -= 8;
		put8(end, (uint32_t)(d - hi * 100000000));
		d = hi;
		if (d >= 100000000) {
			hi = d / 100000000;
			end -= 8;
			put8(end, (uint32_t)(d - hi * 100000000));
			d = hi;
		}
	}
	uint32_t x = (uint32_t)d;
	while (x >= 100) {
		end -= 2;
		memcpy(end, digit_pairs + 2 * (x % 100), 2);
		x /= 100;
	}
	if (x >= 10) {
		end -= 2;
		memcpy(end, digit_pairs + 2 * x, 2);
	} else {
		*--end = (char)('0' + x);
	}
}

size_t num_format(char buf[NUM_SIZE], double v)
{
	uint64_t bits;
	char *p = buf;

	memcpy(&bits, &v, sizeof bits);
	uint64_t frac = bits & (((uint64_t)1 << 52) - 1);
	int be = (int)(bits >> 52) & 0x7ff;   /* biased exponent */
	if (be == 0x7ff && frac) {
		memcpy(buf, "nan", 4);
		return 3;
	}
	if (bits >> 63)
		*p++ = '-';
	if (be == 0x7ff) {
		memcpy(p, "inf", 4);
		return (size_t)(p - buf) + 3;
	}
	if (be == 0 && frac == 0) {
		memcpy(p, "0", 2);
		return (size_t)(p - buf) + 1;
	}

	/* v = c 2^q; subnormals (be = 0) share the exponent of be = 1. */
	uint64_t c = be ? frac | (uint64_t)1 << 52 : frac;
	int q = (be ? be : 1) - 1075;
	int k;
	uint64_t d = shortest(c, q, be > 1 && frac == 0, &k);

	int n = digit_count(d);
	int e = k + n - 1;   /* v ~ d1.d2...dn 10^e */

	if (e < -4 || e >= 16) {
		put_digits(p + 1 + n, d);
		p[0] = p[1];
		if (n > 1)
			p[1] = '.';
		p += n > 1 ? n + 1 : 1;
		*p++ = 'e';
		*p++ = e < 0 ? '-' : '+';
		unsigned a = (unsigned)(e < 0 ? -e : e);
		if (a >= 100) {
			*p++ = (char)('0' + a / 100);
			a %= 100;
		}
		memcpy(p, digit_pairs + 2 * a, 2);
		p += 2;
	} else if (e < 0) {            /* "0." and -e - 1 zeros, then d */
		memcpy(p, "0.000", 5);
		p += 1 - e + n;
		put_digits(p, d);
	} else if (e + 1 >= n) {       /* a whole number: d, then zeros */
		put_digits(p + n, d);
		memset(p + n, '0', (size_t)(e + 1 - n));
		p += e + 1;
	} else {                       /* d with a point after e + 1 digits */
		put_digits(p + 1 + n, d);
		memmove(p, p + 1, (size_t)e + 1);
		p[e + 1] = '.';
		p += n + 1;
	}
	*p = '\0';
	return (size_t)(p - buf);
}
