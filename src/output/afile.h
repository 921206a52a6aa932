/*
 * afile.h - all-or-nothing output files.
 *
 * Every file the program writes goes through an `outset`: each output is
 * written to a temporary sibling ("trace.csv.tmp.XXXXXX", made with mkstemp)
 * and only outset_commit() renames them all into place, after every one has
 * been flushed and closed without error. Any failure, or outset_abort(),
 * removes the temporaries, so a failed or interrupted run never leaves a
 * partial or empty file and never touches the previous outputs.
 *
 * Files can be written by this process (outset_open returns a FILE *) or by
 * another one such as gnuplot (outset_reserve returns the temporary path to
 * hand it). The outset owns every path and stream it hands out; the caller
 * must not fclose or free them.
 */
#ifndef NR_AFILE_H
#define NR_AFILE_H

#include <stdio.h>

struct afile {
	char *path;   /* final name */
	char *tmp;    /* temporary name, in the same directory */
	FILE *fp;     /* open stream, or NULL for a reserved file */
};

struct outset {
	struct afile *files;
	size_t n, cap;
};

/* An empty set; also what outset_commit and outset_abort leave behind. */
#define OUTSET_INIT { NULL, 0, 0 }

/*
 * Starts the output `path` and returns its stream in *fp. Returns NR_OK,
 * NR_EIO (message names the path and the reason) or NR_ENOMEM.
 */
int outset_open(struct outset *set, const char *path, FILE **fp);

/*
 * Reserves `path` for another process: creates an empty temporary file and
 * returns its name in *tmp for the other process to overwrite.
 */
int outset_reserve(struct outset *set, const char *path, const char **tmp);

/*
 * Closes every stream, then, if all were written without error and every
 * reserved file is non-empty, renames all into place. On any failure removes
 * all temporaries and reports the first problem. Empties the set either way.
 */
int outset_commit(struct outset *set);

/* Removes every temporary and empties the set. Safe on an empty set. */
void outset_abort(struct outset *set);

/*
 * Makes sure `dir` is a writable directory, creating it (one level) if it is
 * missing. Returns NR_OK or NR_EIO with a message that names `what` (e.g.
 * "--out") and the fix.
 */
int ensure_dir(const char *dir, const char *what);

/* Returns "dir/name" (newly allocated) or NULL when out of memory. */
char *path_join(const char *dir, const char *name);

#endif
