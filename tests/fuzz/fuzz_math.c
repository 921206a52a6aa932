/*
 * fuzz_math.c - libFuzzer target for the formula parser: any bytes (up to
 * the first NUL) as a formula. math_parse() must either refuse it with a
 * one-line reason whose offset lies inside the input, or accept it; then
 * both MathML forms must pass the test suite's independent checker
 * (mathml_check.c, compiled in here) and the plain form must be one line of
 * UTF-8. Anything else aborts, which libFuzzer reports as a crash; ASan and
 * UBSan (see `make fuzz`) catch memory and arithmetic errors.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/math.h"

#include "../mathml_check.c"

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);

/* What a writer printed (mode -1: plain, else MathML display 0/1). */
static char *written(const struct math *m, int mode, size_t *n)
{
	char *s = NULL;
	FILE *fp = open_memstream(&s, n);

	if (!fp)
		abort();
	if ((mode < 0 ? math_write_plain(fp, m) : math_write_mathml(fp, m, mode)) != 0 ||
	    fclose(fp) != 0)
		abort();
	return s;
}

static void check_plain(const char *s, size_t n)
{
	char *xml = NULL;
	size_t xn = 0;
	FILE *fp = open_memstream(&xml, &xn);
	char err[200];

	if (!fp || memchr(s, '\n', n))
		abort();
	/* as the text of an <mtext>, the checker validates its UTF-8 */
	fputs("<math><mtext>", fp);
	for (size_t i = 0; i < n; i++)
		fputs(s[i] == '&' ? "&amp;" : s[i] == '<' ? "&lt;" : s[i] == '>' ? "&gt;" :
		      (char[]){ s[i], 0 }, fp);
	fputs("</mtext></math>", fp);
	if (fclose(fp) != 0 || mathml_check(xml, xn, err, sizeof err) != 0)
		abort();
	free(xml);
}

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	char *tex = malloc(len + 1), *why = NULL, err[200];

	if (!tex)
		return 0;
	memcpy(tex, buf, len);
	tex[len] = '\0';
	struct math *m = math_parse(tex, &why);
	if (!m) {
		const char *at = why ? strstr(why, "at offset ") : NULL;
		if (!why || strchr(why, '\n') ||
		    (at && strtoul(at + 10, NULL, 10) > strlen(tex)))
			abort();
	} else {
		for (int mode = -1; mode <= 1; mode++) {
			size_t n;
			char *s = written(m, mode, &n);
			if (mode < 0)
				check_plain(s, n);
			else if (mathml_check(s, n, err, sizeof err) != 0) {
				fprintf(stderr, "%s\n%s\n", s, err);
				abort();
			}
			free(s);
		}
	}
	math_free(m);
	free(why);
	free(tex);
	return 0;
}
