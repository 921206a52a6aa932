/*
 * plot.h - figures rendered by gnuplot, driven through popen.
 *
 * A `plot_list` collects figure jobs; plot_render() renders them with one
 * gnuplot process per processor (at most PLOT_MAX_WORKERS), each rendering
 * several figures, so start-up is paid once per process, not per figure,
 * and the figures render in parallel. Each job is one line
 *     call '<scripts>/<name>.gp' '<input>' '<output>' '<arg3>' ...
 * so the figure logic stays in the scripts directory, runnable by hand with
 *     gnuplot -c scripts/<name>.gp <input> <output> [args]
 * C passes only file names, numbers and labels (quoted for gnuplot).
 *
 * Safety: every image is rendered to a temporary name and renamed into
 * place only when gnuplot exited with status 0 and every image is non-empty;
 * otherwise no image changes and gnuplot's own messages (captured from its
 * stderr, never interleaved with ours on success) are shown. SIGPIPE must be
 * ignored by the caller (main does), so a gnuplot that is missing or died
 * shows up as a failed write and an exit status, not as a silent kill.
 *
 * The command is $GNUPLOT when set (a path or a shell command), else
 * "gnuplot". Scripts are looked up in $NEURON_SCRIPTS, then relative to the
 * executable (../scripts and ../../scripts for build/ and build/san/ in the
 * source tree, ../share/neuron/scripts for an installed tree), then in the
 * configured data directory (NR_DATADIR/scripts).
 */
#ifndef NR_PLOT_H
#define NR_PLOT_H

#include <stddef.h>

#include "app/cli.h"

struct plot_job {
	char *script;    /* base name, e.g. "loss" */
	char *output;    /* final image path */
	char **args;     /* ARG1, ARG3, ARG4, ... (ARG2 is the output) */
	size_t nargs;
	unsigned cost;   /* relative rendering time, 1 to PLOT_MAX_COST */
};

struct plot_list {
	struct plot_job *jobs;
	size_t n, cap;
	enum format format;
	char *gnuplot_version;   /* set by plot_render, e.g. "5.4 patchlevel 4" */
};

#define PLOT_MAX_ARGS 8   /* gnuplot's call takes ARG1..ARG9 */
#define PLOT_MAX_WORKERS 4
#define PLOT_MAX_COST 8

/* An empty list for images in `format`. */
void plot_list_init(struct plot_list *l, enum format format);
void plot_list_free(struct plot_list *l);

/*
 * Adds a job: scripts/<script>.gp renders <dir>/<name>.<ext> from `input`
 * and the NULL-terminated extra arguments (copied). NR_OK or NR_ENOMEM.
 */
int plot_add(struct plot_list *l, const char *script, const char *dir,
             const char *name, const char *input, ...);

/*
 * Adds a job like plot_add, but renders exactly `output` whatever the
 * list's format (an animated GIF, say: the script sets its own terminal).
 */
int plot_add_file(struct plot_list *l, const char *script, const char *output,
                  const char *input, ...);

/*
 * Marks the job added last as `cost` times as slow to render as a plain
 * figure (1 to PLOT_MAX_COST; the default is 1). Only used to share the
 * jobs fairly between gnuplot processes.
 */
void plot_cost(struct plot_list *l, unsigned cost);

/* Renders every job; all images appear together or none does. Records
 * gnuplot's version in l->gnuplot_version. */
int plot_render(struct plot_list *l);

/* "png", "svg" or "pdf": the extension of images in `format`. */
const char *plot_ext(enum format format);

#endif
