/*
 * err.h - status codes and one-line error messages.
 *
 * Every fallible function in the program returns one of the NR_* codes below
 * (0 is success). The function that first sees a failure prints exactly one
 * line to stderr with nr_error(), naming the operation, the file or option and
 * the fix; callers only pass the code up. Only main() turns a code into an exit
 * status, with nr_exit_status().
 *
 * xasprintf() is the one string builder: it sizes its buffer with vsnprintf,
 * so nothing a user controls (paths, labels) ever meets a fixed-size buffer.
 */
#ifndef NR_ERR_H
#define NR_ERR_H

enum nr_status {
	NR_OK = 0,
	NR_EUSAGE,     /* bad command line: exit 2 */
	NR_EIO,        /* reading or writing a file failed */
	NR_ENOMEM,     /* out of memory */
	NR_EDATA,      /* an input data file is malformed */
	NR_EGNUPLOT,   /* gnuplot missing or failed */
	NR_EINTR,      /* interrupted by SIGINT: exit 130 */
	NR_DONE        /* not an error: --help/--version answered, stop with 0 */
};

/* The fixed text of a status code ("usage error", "I/O error", ...). */
const char *nr_strerror(int status);

/* The process exit status for a code: 0, 1 (runtime), 2 (usage) or 130. */
int nr_exit_status(int status);

/*
 * Prints "neuron: <message>\n" to stderr and returns `status`, so a failing
 * function can end with `return nr_error(NR_EIO, "...", ...);`.
 */
int nr_error(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Returns a newly allocated formatted string, or NULL when out of memory.
 * The caller owns it and frees it with free().
 */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
