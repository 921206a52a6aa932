/* quote.c - single-quoted text for the shell and for gnuplot. */
#include "base/quote.h"

#include <stdlib.h>
#include <string.h>

/* s between single quotes, each quote inside written as `escape`. */
static char *single_quoted(const char *s, const char *escape)
{
	size_t quotes = 0, elen = strlen(escape);

	for (const char *p = s; *p; p++)
		quotes += *p == '\'';
	char *q = malloc(strlen(s) + quotes * (elen - 1) + 3);
	if (!q)
		return NULL;
	char *o = q;
	*o++ = '\'';
	for (const char *p = s; *p; p++) {
		if (*p == '\'') {
			memcpy(o, escape, elen);
			o += elen;
		} else {
			*o++ = *p;
		}
	}
	*o++ = '\'';
	*o = '\0';
	return q;
}

char *quote_shell(const char *s)
{
	return single_quoted(s, "'\\''");
}

int quote_has_break(const char *s)
{
	return strpbrk(s, "\n\r") != NULL;
}

char *quote_gnuplot(const char *s)
{
	return quote_has_break(s) ? NULL : single_quoted(s, "''");
}

char *quote_shell_word(const char *s)
{
	static const char plain[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                            "0123456789-_./,:=+@%";

	if (*s && s[strspn(s, plain)] == '\0')
		return strdup(s);
	return quote_shell(s);
}
