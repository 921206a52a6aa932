/* err.c - status codes, error lines, and the grow-to-fit string builder. */
#include "base/err.h"

#include <stdarg.h>
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
	case NR_EINTR:    return "interrupted";
	case NR_DONE:     return "done";
	}
	return "unknown status";
}

int nr_exit_status(int status)
{
	switch (status) {
	case NR_OK:
	case NR_DONE:   return 0;
	case NR_EUSAGE: return 2;
	case NR_EINTR:  return 130;   /* 128 + SIGINT, as shells report it */
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
