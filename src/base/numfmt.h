/*
 * numfmt.h - the shortest text that reads back as the same double.
 *
 * num_format() writes the decimal with the fewest significant digits that
 * strtod() turns back into exactly v; when several have that many digits it
 * takes the one nearest to v, and of two equally near the one whose last
 * digit is even. These are the digits of Python's repr() and of Ryu; they
 * are found with Giulietti's Schubfach algorithm (see numfmt.c), without
 * printf and without the locale, so the decimal point is always '.'.
 *
 * The text: "-" for a negative v (-0 too), then, with d1 d2 ... dn the
 * digits and E the decimal exponent (v ~ d1.d2...dn x 10^E):
 *
 *   -4 <= E < 16   plain decimal, never an exponent:
 *                    "0.0001", "0.1", "1.8", "1825.5", "32", "100000",
 *                    "1000000000000000"; a whole number has no point
 *                    ("32", not "32.0");
 *   otherwise      d1, then "." and d2...dn if n > 1, then "e", the
 *                    exponent's sign and at least two digits: "1e-05",
 *                    "1.5e-07", "1e+16", "1.2345678901234568e+17",
 *                    "5e-324", "1.7976931348623157e+308".
 *
 * This is Python's repr() without its ".0" on whole numbers, and exactly
 * what C's "%.{n-1}e" prints in the second case: the exponent is written as
 * printf and Python write it, so a number looks the same in our files as in
 * theirs. Zero is "0" or "-0"; NaN (of either sign) is "nan", the
 * infinities "inf" and "-inf". strtod(), gnuplot, spreadsheets and Python
 * read all of these (gnuplot has no subnormals: see PITFALLS.md).
 */
#ifndef NR_NUMFMT_H
#define NR_NUMFMT_H

#include <stddef.h>

/* Room for any formatted double plus NUL: the longest text is 24 bytes,
 * e.g. "-1.7976931348623157e+308". */
#define NUM_SIZE 32

/*
 * Writes the shortest round-trip text of v into buf (NUM_SIZE bytes, owned
 * by the caller) and a terminating NUL; returns its length, not counting
 * the NUL. A pure function: it cannot fail.
 */
size_t num_format(char buf[NUM_SIZE], double v);

#endif
