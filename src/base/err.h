/*
 * err.h - status codes, one-line error messages, and the two allocation
 * helpers everything else uses.
 *
 * Every fallible function returns one of the NR_* codes below (0 is
 * success). The function that first sees a failure prints exactly one line
 * to stderr with nr_error(), naming the operation, the file or option and
 * the fix; callers only pass the code up. Only main() turns a code into an
 * exit status, with nr_exit_status().
 *
 * xasprintf() is the one string builder and grow() the one growing array:
 * nothing a user controls (paths, labels, row counts) ever meets a
 * fixed-size buffer.
 */
#ifndef NR_ERR_H
#define NR_ERR_H

#include <stddef.h>

enum nr_status {
	NR_OK = 0,
	NR_EUSAGE,     /* bad command line: exit 2 */
	NR_EIO,        /* reading or writing a file failed */
	NR_ENOMEM,     /* out of memory */
	NR_EDATA,      /* an input file is malformed */
	NR_EGNUPLOT,   /* gnuplot missing or failed */
	NR_ELATEX,     /* pdflatex failed on a document */
	NR_EBUSY,      /* another run holds the output directory (--no-wait) */
	NR_EINTR,      /* stopped by SIGINT, SIGTERM or SIGHUP: exit 128 + signal */
	NR_EBUG        /* an internal check failed: a bug, please report it */
};

/* The fixed text of a status code ("usage error", "I/O error", ...). */
const char *nr_strerror(int status);

/*
 * The process exit status for a code: 0, 1 (runtime), 2 (usage), or
 * 128 + `signal` for NR_EINTR (130 for SIGINT, 143 for SIGTERM, 129 for
 * SIGHUP, as shells report them).
 */
int nr_exit_status(int status, int signal);

/*
 * Prints "neuron: <message>\n" to stderr and returns `status`, so a failing
 * function can end with `return nr_error(NR_EIO, "...", ...);`.
 */
int nr_error(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* nr_error(NR_ENOMEM, "out of memory"). */
int nr_oom(void);

/*
 * Returns a newly allocated formatted string, or NULL when out of memory.
 * The caller owns it and frees it with free().
 */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Makes room for `need` elements of `size` bytes in the array `p` of
 * capacity *cap, doubling it (at least 16). Returns the array, possibly
 * moved, and updates *cap; returns NULL when out of memory, leaving `p` and
 * *cap as they were (the caller still owns and frees `p`).
 */
void *grow(void *p, size_t *cap, size_t need, size_t size);

#endif
