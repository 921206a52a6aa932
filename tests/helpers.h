/*
 * helpers.h - fixtures shared by the test files: temporary directories,
 * running the real `neuron` binary, and reading CSV files back into tables
 * with libcsv's strict parser.
 */
#ifndef NR_TEST_HELPERS_H
#define NR_TEST_HELPERS_H

#include <stddef.h>

#include <CUnit/CUnit.h>

/* The built binary under test (set by the Makefile). */
#ifndef NEURON_BIN
#define NEURON_BIN "build/neuron"
#endif

/* Asserts exact equality of two doubles, bit for bit (NaN == NaN too). */
#define ASSERT_SAME_DOUBLE(a, b) CU_ASSERT(same_double((a), (b)))
int same_double(double a, double b);

/* A fresh directory under /tmp (caller frees the string, removes the tree). */
char *tmpdir_new(void);
void rm_rf(const char *path);

/* Output of one child process. */
struct proc {
	int status;      /* exit status, or 128 + signal */
	char *out, *err; /* what it printed (NUL-terminated, caller frees) */
};

/*
 * Runs NEURON_BIN with the given arguments (NULL-terminated) and captures
 * its exit status, stdout and stderr. Fails the test on fork/exec errors.
 */
int run_neuron(struct proc *p, const char *arg, ...);
void proc_free(struct proc *p);

/* Number of lines in s (each ended by '\n'). */
size_t count_lines(const char *s);

/* A CSV file read back through csv_read(). */
struct table {
	size_t rows, cols;   /* rows includes the header */
	char **cell;         /* rows * cols strings */
	int ragged;          /* some row had another field count */
};
int table_read(const char *path, struct table *t);
const char *table_at(const struct table *t, size_t row, size_t col);
double table_num(const struct table *t, size_t row, size_t col);
void table_free(struct table *t);

/* Reads a whole file (caller frees); sets *len. NULL if it cannot. */
char *slurp(const char *path, size_t *len);
int file_exists(const char *path);
/* Number of entries in dir other than . and .. */
int dir_entries(const char *dir);
void write_file(const char *path, const char *text);

#endif
