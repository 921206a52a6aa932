/* err.c - status codes, error lines, and the two allocation helpers. */
#include "base/err.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

const char *nr_strerror(int status)
{
	switch (status) {
	case NR_OK:       return "success";
	case NR_EUSAGE:   return "usage error";
	case NR_EIO:      return "input/output error";
	case NR_ENOMEM:   return "out of memory";
	case NR_EDATA:    return "malformed data";
	case NR_EGNUPLOT: return "gnuplot failed";
	case NR_ELATEX:   return "LaTeX failed";
	case NR_EBUSY:    return "output directory in use";
	case NR_EINTR:    return "interrupted";
	case NR_EBUG:     return "internal error";
	}
	return "unknown status";
}

int nr_exit_status(int status, int signal)
{
	switch (status) {
	case NR_OK:     return 0;
	case NR_EUSAGE: return 2;
	case NR_EINTR:  return 128 + (signal > 0 ? signal : 2);
	default:        return 1;
	}
}

int nr_error(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("neuron: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

int nr_oom(void)
{
	return nr_error(NR_ENOMEM, "out of memory");
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	int len;
	char *s;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		return NULL;
	s = malloc((size_t)len + 1);
	if (!s)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)len + 1, fmt, ap);
	va_end(ap);
	return s;
}

void *grow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	size_t c = *cap ? *cap : 16;
	while (c < need) {
		if (c > SIZE_MAX / 2 / size)
			return NULL;
		c *= 2;
	}
	void *q = realloc(p, c * size);
	if (q)
		*cap = c;
	return q;
}
