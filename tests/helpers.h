/*
 * helpers.h - fixtures shared by the test files: temporary directories,
 * running the real `neuron` binary, and reading CSV files back into tables
 * with libcsv's strict parser.
 */
#ifndef NR_TEST_HELPERS_H
#define NR_TEST_HELPERS_H

#include <stddef.h>

#include <CUnit/CUnit.h>

#include "model/train.h"

/* The built binary under test (set by the Makefile). */
#ifndef NEURON_BIN
#define NEURON_BIN "build/neuron"
#endif

/* Asserts exact equality of two doubles, bit for bit (NaN == NaN too). */
#define ASSERT_SAME_DOUBLE(a, b) CU_ASSERT(same_double((a), (b)))
int same_double(double a, double b);

/* Where the tests' files go: /dev/shm when there is one (memory: the
 * tests make and remove thousands of files, which on a disk's file system
 * costs seconds of the kernel's time), else /tmp. */
const char *tmp_base(void);
/* A fresh directory there (caller frees the string, removes the tree). */
char *tmpdir_new(void);
void rm_rf(const char *path);

/* Headless Chromium's command line up to its page and actions, with its
 * profile in `dir` (a folder of tmpdir_new's, which the caller removes:
 * nothing is left behind in $TMPDIR). Newly allocated. */
char *chromium_command(const char *dir);

/* Output of one child process. */
struct proc {
	int status;      /* exit status, or 128 + signal */
	char *out, *err; /* what it printed (NUL-terminated, caller frees) */
};

/*
 * Runs NEURON_BIN with the given arguments (NULL-terminated) and captures
 * its exit status, stdout and stderr. Fails the test on fork/exec errors.
 * The child runs with PDFLATEX=NO_PDFLATEX, so `neuron report` writes its
 * .tex files without compiling them (the fake gnuplot's images are no
 * LaTeX figures, and pdflatex takes time); a test that wants pdflatex sets
 * PDFLATEX in spawn_opts.env.
 */
#define NO_PDFLATEX "/nonexistent/pdflatex"
int run_neuron(struct proc *p, const char *arg, ...);
void proc_free(struct proc *p);

/* How run_neuron_with() starts the child, beyond run_neuron(). */
struct spawn_opts {
	const char *stdout_path;   /* stdout goes to this file (e.g. /dev/full)
	                              instead of being captured; NULL: captured */
	long fsize_limit;          /* > 0: RLIMIT_FSIZE in bytes with SIGXFSZ
	                              ignored, so writes past it fail (EFBIG) */
	int unprivileged;          /* when run as root, drop to uid/gid 65534 */
	const char *cwd;           /* run in this directory, or NULL */
	const char *const *env;    /* "NAME=value" to set, "NAME" to unset;
	                              NULL-terminated, or NULL */
	int busy_fds;              /* descriptors 3 to 9 left open (on
	                              /dev/null), as a careless parent might */
};

/* run_neuron() with the options above (NULL: none); argv NULL-terminated. */
int run_neuron_with(struct proc *p, const struct spawn_opts *o, const char *arg, ...);

/*
 * Starts NEURON_BIN with argv (NULL-terminated, without the program name)
 * in the background, stdin from /dev/null, stdout and stderr on the given
 * descriptors. Returns its pid; fails the test on fork errors.
 */
int spawn_neuron(const char *const *args, int out_fd, int err_fd);

/* Waits for pid; returns its exit status, or -1 if a signal ended it. */
int wait_neuron(int pid);

/*
 * A stand-in for gnuplot (a shell script, made once per test run): it
 * records what it is sent into $FAKE_GNUPLOT_LOG when set, writes a small
 * file for every image it is asked for (and the .pdf beside a LaTeX
 * figure's .tex, which holds $FAKE_GNUPLOT_TEX when set: a LaTeX figure
 * that pdflatex reads), so a report completes without
 * drawing), answers the version probe, and exits at `exit`. After its
 * input it touches $FAKE_GNUPLOT_READY, sleeps $FAKE_GNUPLOT_SLEEP seconds
 * (for signal tests) and exits with $FAKE_GNUPLOT_EXIT, when those are set.
 * Use it as GNUPLOT=<path>.
 */
const char *fake_gnuplot(void);

/* The absolute path of the binary under test. */
const char *neuron_path(void);

/* The library it preloads into gnuplot (src/preload/), beside
 * it; fails the test when it is missing. */
const char *preload_library(void);

/* Whether the program can preload it: LD_PRELOAD takes no path with a
 * colon or white space (a clone in "my project/"), and the program then
 * leaves gnuplot's PNGs as they are. */
int preload_usable(void);

/* Removes what the helpers made for the whole run (the fake gnuplot). */
void helpers_cleanup(void);

/* Polls `cond(ctx)` every 10 ms for up to `seconds`; returns its last value.
 * For waiting on a child's progress, not for asserting speed. */
int wait_until(int (*cond)(void *ctx), void *ctx, double seconds);

/* How many times `what` occurs in text (none in NULL), not overlapping. */
size_t count_of(const char *text, const char *what);

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
/* dir/name read back (asserts it reads and is not ragged). */
struct table table_load(const char *dir, const char *name);
/* The index of the column called `name` in the header row; a missing one
 * fails the test, fatally. */
int table_col(const struct table *t, const char *name);

/* The real gnuplot runs `script` in `dir`, with LD_PRELOAD=preload (none
 * when NULL), its output discarded; its exit status, or -1. */
int gnuplot_run(const char *dir, const char *script, const char *preload);

/* The pixels of dir/name.png as gnuplot's PNG reader (libgd) gives them,
 * one "x y r g b a" line each (newly allocated); writes dir/dump.gp and
 * dir/name.txt. */
char *png_pixels(const char *dir, const char *name);

/*
 * The compression level a PNG's first IDAT chunk declares (zlib's FLEVEL):
 * PNG_LEVEL_FAST for zlib levels 2 to 5, PNG_LEVEL_DEFAULT for 6; -1 when
 * b holds no PNG with image data.
 */
#define PNG_LEVEL_FAST 1
#define PNG_LEVEL_DEFAULT 2
int png_zlib_level(const unsigned char *b, size_t len);

/*
 * Checks the image dir/name.ext by its format's signature: PNG (with an
 * IHDR of w x h, packed at PNG_LEVEL_FAST by the program's
 * src/preload/pngwrite.c when preload_usable()), SVG (opened and closed) or PDF (header and
 * end-of-file marker), more than 1000 bytes each.
 */
void check_image(const char *dir, const char *name, const char *ext, unsigned w, unsigned h);

/* What a function under test prints on stderr, kept out of the test
 * report: capture_begin() sends stderr to a temporary file, capture_end()
 * restores it and returns what was written (newly allocated). */
struct capture {
	int saved_fd;
	char path[32];
};
void capture_begin(struct capture *c);
char *capture_end(struct capture *c);

/*
 * Every file under dir (recursively, without following links) as lines
 * "path size fingerprint", sorted, newly allocated: two digests are equal
 * when no file was added, removed or changed. The lock file, whose
 * content is the pid of the last run, is left out.
 */
char *tree_digest(const char *dir);

/* The cells after the first of the Markdown table row whose first cell is
 * `first` (exactly), into cells (at most `max` of 96 bytes); returns how
 * many. */
int md_row(const char *md, const char *first, char cells[][96], int max);

/* "dir/name", newly allocated. */
char *path_join(const char *dir, const char *name);

/* Reads a whole file (caller frees); sets *len. NULL if it cannot. */
char *slurp(const char *path, size_t *len);
int file_exists(const char *path);
/* Number of entries in dir other than . and .. */
int dir_entries(const char *dir);
/* The same without the program's own .neuron-lock and .neuron-manifest;
 * -1 when a stage (.neuron-stage-*) is left in dir. */
int output_entries(const char *dir);
/* Whether dir exists and holds a stage: a run writing there is under way
 * (for wait_until). */
int has_stage(void *dir);
/* Whether no file called PWN... is anywhere under dir (what the hostile
 * names would make if a shell or gnuplot ran them). */
int no_pwn(const char *dir);
void write_file(const char *path, const char *text);

/* Every state a training run shows its observer: the context of
 * states_collect (struct observer { states_collect, &states }); the caller
 * frees s. */
struct states {
	struct train_state *s;
	size_t n, cap;
};
int states_collect(void *ctx, const struct train_state *s, int final);

#endif
