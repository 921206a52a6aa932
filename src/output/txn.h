/*
 * txn.h - the outputs of one invocation, made visible together or not at all.
 *
 * txn_begin() takes the output directory <dir> for this run: it locks
 * <dir>/.neuron-lock (flock; a second run waits, or fails at once with
 * `no_wait`), repairs what a killed run left behind, and makes a stage
 * directory <dir>/.neuron-stage-XXXXXX. Every output is written into the
 * stage under its relative name ("trace.csv", "runs/lr-0.0001/trace.csv"):
 * by this process (txn_open) or by another one such as gnuplot, which runs
 * with the stage as its working directory (txn_reserve). Nothing in <dir>
 * changes until txn_commit():
 *
 *   1. every output must be complete: streams flushed and closed without
 *      error, files written by other processes present and non-empty;
 *   2. the moves are planned, and written to the stage's journal: each
 *      previous file aside into the stage, each new one into place, and
 *      (TXN_REPLACE) every file the previous run made, listed in
 *      <dir>/.neuron-manifest and unchanged since, that this run no longer
 *      makes; then the new manifest;
 *   3. with SIGINT, SIGTERM and SIGHUP held back, the moves are made; if one
 *      fails, every move already made is undone, so each file that existed
 *      before is as it was;
 *   4. the journal is removed (from here on the commit stands) and the
 *      stage with everything moved aside is deleted.
 *
 * A run killed with SIGKILL (which cannot be caught) leaves its stage
 * behind; the next txn_begin on the directory undoes any moves its journal
 * lists and removes it. Only names this program makes are ever touched:
 * .neuron-lock, .neuron-manifest, .neuron-stage-XXXXXX, and the files a
 * manifest lists with their size and fingerprint unchanged.
 *
 * Relative names are made by the program, never by a user: segments of
 * letters, digits, '.', '_' and '-' separated by '/', none starting with
 * '.' or '-'. So no name can reach outside <dir> or mean anything special
 * to gnuplot or a shell; a call with any other name is a bug (NR_EBUG).
 *
 * The txn owns every path and stream it hands out. One txn per thread.
 */
#ifndef NR_TXN_H
#define NR_TXN_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>

enum txn_mode {
	TXN_KEEP,      /* files the previous run made and this one does not stay */
	TXN_REPLACE    /* ... are removed: the directory holds this run's set */
};

struct txn_file {
	char *rel;          /* the relative name */
	FILE *fp;           /* open stream, or NULL */
	int by_other;       /* written by another process */
	int err;            /* errno of a failed write or close, or 0 */
	uint64_t size, fingerprint, recipe;   /* for the manifest */
};

/* A file the previous run recorded in the manifest. */
struct txn_entry {
	char *rel;
	uint64_t size, fingerprint, recipe;
};

/* A line of text the manifest keeps for the next run (txn_note). */
struct txn_note {
	char *name, *value;
};

struct txn {
	char *dir;          /* the output directory as messages show it
	                       (text_shown_path: one line, at most 60
	                       characters, its end kept) */
	char *abs;          /* its absolute path */
	char *stage;        /* absolute path of the stage directory */
	int lock_fd;
	enum txn_mode mode;
	const volatile sig_atomic_t *stop;
	struct txn_file *files;
	size_t n, cap;
	struct txn_entry *old;   /* the previous manifest */
	size_t n_old;
	struct txn_note *notes, *old_notes;   /* this run's, the previous run's */
	size_t n_notes, n_old_notes;
};

#define TXN_LOCK ".neuron-lock"
#define TXN_MANIFEST ".neuron-manifest"
#define TXN_STAGE_PREFIX ".neuron-stage-"

struct txn_options {
	enum txn_mode mode;
	int no_wait;        /* fail with NR_EBUSY instead of waiting for the lock */
	/* Set to a signal number by the caller's handler: waiting for the lock
	 * stops with NR_EINTR. May be NULL. */
	const volatile sig_atomic_t *stop;
};

/*
 * Starts a transaction on `dir`, creating it (one level) when missing.
 * Returns NR_OK, NR_EIO (not a writable directory; the message names it and
 * the fix), NR_EBUSY, NR_EINTR or NR_ENOMEM. On failure `t` holds nothing
 * and needs no txn_end.
 */
int txn_begin(struct txn *t, const char *dir, const struct txn_options *o);

/* Opens the output `rel` for writing; the stream stays the txn's. */
int txn_open(struct txn *t, const char *rel, FILE **fp);

/* Closes an output opened with txn_open now, reporting a write error with
 * the file's name (NR_EIO) instead of at commit. */
int txn_close(struct txn *t, FILE *fp);

/* Closes an output whose writing failed already (its message printed):
 * no second message; the transaction can no longer commit. */
void txn_drop(struct txn *t, FILE *fp);

/* Declares that another process writes `rel` in the stage; its parent
 * directories are made. */
int txn_reserve(struct txn *t, const char *rel);

/* Writes the output `to` as a copy of the finished output `from`. */
int txn_copy(struct txn *t, const char *from, const char *to);

/* Records how `rel` (already declared) was made, for txn_previous. */
void txn_set_recipe(struct txn *t, const char *rel, uint64_t recipe);

/* The absolute path of the stage, the working directory for gnuplot. */
const char *txn_stage(const struct txn *t);

/* What the previous run recorded for `rel`, or NULL. */
const struct txn_entry *txn_previous(const struct txn *t, const char *rel);

/*
 * Reuses the previous run's `rel` (declared with txn_reserve) when it was
 * made by the same `recipe` and is still exactly as that run left it (size
 * and fingerprint): it is linked into the stage instead of being made
 * again. Records the recipe either way. Returns 1 when reused, 0 when the
 * caller must make the file.
 */
int txn_reuse(struct txn *t, const char *rel, uint64_t recipe);

/*
 * Whether every file the previous run recorded is still exactly as it left
 * them (and there was a previous run): then a run with the same inputs has
 * nothing to do.
 */
int txn_all_intact(const struct txn *t);

/* A note for the next run, kept in the manifest: a name (letters, digits,
 * '_') and a one-line printable value. NR_OK, NR_ENOMEM or NR_EBUG. */
int txn_note(struct txn *t, const char *name, const char *value);

/* The previous run's note `name`, or NULL. */
const char *txn_previous_note(const struct txn *t, const char *name);

/*
 * Whether `rel` is a name this program may make (see above). Tests and the
 * plot layer use it to check names before they reach other processes.
 */
int txn_valid_name(const char *rel);

/* Commits as described above. Returns NR_OK or NR_EIO / NR_ENOMEM / NR_EBUG
 * with a message; on failure <dir> is as it was before txn_begin. */
int txn_commit(struct txn *t);

/* Drops every output of the stage (nothing in <dir> changes) and releases
 * the lock. Safe after a commit, failed or not, and more than once. */
void txn_end(struct txn *t);

/*
 * Makes sure `dir` is a writable directory, creating it (one level) if it is
 * missing. Returns NR_OK or NR_EIO with a message that names `what` (e.g.
 * "--out") and the fix.
 */
int ensure_dir(const char *dir, const char *what);

#endif
