/*
 * mathml_check.h - an XML checker written for the tests, independent of
 * src/output/math.c: is a string exactly one well-formed <math> element
 * made of MathML Core elements, with the child counts MathML Core requires?
 */
#ifndef NR_TEST_MATHML_CHECK_H
#define NR_TEST_MATHML_CHECK_H

#include <stddef.h>

/*
 * Checks xml[0 .. len): every tag closed in order, only MathML Core element
 * names and attributes (quoted values, enumerated ones spelled as the spec
 * spells them), valid entities and UTF-8, no raw '<' or '>' in text, text
 * only inside token elements (mi mn mo mtext ms), 2 children for mfrac,
 * msub, msup, munder, mover, mroot and 3 for msubsup, munderover, mtr only
 * in mtable and mtd only in mtr. Returns 0, or -1 with a reason of at most
 * errsz bytes in err.
 */
int mathml_check(const char *xml, size_t len, char *err, size_t errsz);

#endif
