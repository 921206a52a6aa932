/*
 * plot.h - figures rendered by gnuplot, driven through popen.
 *
 * A `plot_list` collects figure jobs. Each job names a script in the
 * scripts directory, the image it makes, and its inputs as named variables;
 * it reaches gnuplot as one self-contained block:
 *
 *     nr_format = 'png'; nr_theme = 'light'; ...     (the list's style)
 *     nr_trace = 'trace.csv'                          (the job's variables)
 *     nr_w_star = 1.8
 *     nr_out = 'loss.png'
 *     call '<scripts>/loss.gp'
 *     undefine nr_*
 *
 * so a script reads its inputs by name, keeps its own defaults for the rest
 * and builds its own labels; nothing is packed into positional arguments.
 * plot_write_script() writes the same blocks as `figures.gp`, which
 * re-renders every figure from the CSVs alone (`gnuplot figures.gp` in the
 * output directory, with the scripts copied into its scripts/ folder).
 *
 * Safety. gnuplot treats some file names as commands ('<cmd' as a pipe,
 * '|cmd' as an output pipe, '~' as $HOME, '$name' as a datablock, '-' as
 * inline data). No name a user typed ever reaches gnuplot: every input and
 * output is a name the program makes (txn_valid_name: letters, digits, '.',
 * '_', '-' and '/', starting with a letter or digit), relative to the
 * stage directory of the output transaction, which is gnuplot's working
 * directory; the scripts directory is passed as an absolute path. Text
 * values (axis names from a data file) are passed as single-quoted gnuplot
 * strings, in which gnuplot substitutes nothing; a value with a line break
 * is refused. Scripts show such text with `noenhanced`.
 *
 * plot_render() renders the jobs with one gnuplot process per processor
 * (at most PLOT_MAX_WORKERS), sharing them out longest first. Images go
 * into the stage, so they become visible only with the transaction's
 * commit. gnuplot's stderr goes to a file in the stage and is shown, a few
 * lines of it, only when it fails. SIGPIPE must be ignored by the caller
 * (main does), so a gnuplot that is missing or died shows up as a failed
 * write and an exit status, not as a silent kill. When the caller's stop
 * flag is set (SIGINT, SIGTERM, SIGHUP) while gnuplot runs, every gnuplot
 * is stopped and NR_EINTR returned; a gnuplot that died of one of those
 * signals is an interruption too, not a failed script.
 *
 * The command is $GNUPLOT when set (a shell command), else "gnuplot".
 * Scripts are looked up in $NEURON_SCRIPTS, then relative to the executable
 * (../scripts and ../../scripts for build/ and build/san/ in the source
 * tree, ../share/neuron/scripts for an installed tree), then in the
 * configured data directory (NR_DATADIR/scripts). Each gnuplot starts with
 * PLOT_PRELOAD (src/preload/: PNGs packed with no row filter and zlib level
 * 3, the same pixels in less time; the GIF's text unhinted, and libgd's
 * palette lookups remembered) first in LD_PRELOAD, when datadir_library()
 * finds it and its path has no colon or white space.
 *
 * Adding to a list never fails outright: an allocation failure or a bad
 * value is remembered and reported by plot_render (jobs may be NULL).
 */
#ifndef NR_PLOT_H
#define NR_PLOT_H

#include <signal.h>
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>

struct txn;

/* PLOT_TEX: gnuplot's cairolatex terminal, a pair <name>.tex (the text,
 * typeset by LaTeX) + <name>.pdf (the graphics), for LaTeX documents. */
enum plot_format { PLOT_PNG, PLOT_SVG, PLOT_PDF, PLOT_TEX };

/* The order of rendering: the LaTeX figures first (documents can be
 * compiled while the rest is drawn), then the figures, then what is drawn
 * from their images (plot_after). */
enum plot_phase { PLOT_FIRST, PLOT_MAIN, PLOT_AFTER, PLOT_PHASES };

/* How every figure looks; each job passes it to style.gp. */
struct plot_style {
	enum plot_format format;
	const char *theme;      /* "light", "dark" or "print" */
	double font_scale;      /* 1 is the default size of text */
	int width, height;      /* pixels (PNG, SVG); PDF keeps the ratio */
};

struct plot_var {
	char *name;    /* without the nr_ prefix */
	char *value;   /* in gnuplot syntax: a quoted string or a number */
	char *text;    /* a text value as given (plot_text), which a LaTeX twin
	                  passes escaped for TeX; NULL for other values */
	int is_file;   /* an input file (plot_file): its contents count too */
};

struct plot_job {
	char *script;           /* base name: scripts/<script>.gp */
	char *output;           /* the image, relative to the output directory */
	enum plot_format format; /* of `output`, from its extension (a GIF's
	                           script picks its own terminal); a PLOT_TEX
	                           job also makes <output without .tex>.pdf */
	struct plot_var *vars;
	size_t n_vars, cap;
	unsigned cost;          /* its rendering time, about (plot_cost) */
	enum plot_phase phase;  /* PLOT_MAIN unless plot_after or a LaTeX twin */
	double font_scale;      /* of its text: 0 for the list's, else this
	                           (a LaTeX twin for slides) */
	double size;            /* its canvas as a share of the list's: 0 for
	                           all of it (plot_size) */
	int reused;             /* set by plot_render: the previous image was
	                           made by the same recipe and is kept */
};

struct plot_list {
	struct plot_job *jobs;
	size_t n, cap;
	struct plot_style style;
	char *gnuplot_version;  /* set by plot_render when a gnuplot ran,
	                           e.g. "5.4 patchlevel 4" */
	int failed;             /* NR_ENOMEM or NR_EBUG from adding, or 0 */
	int force;              /* render every job, even one that could be reused */
	char *words, *tex_words; /* the figures' words (plot_words), or NULL */
	char *why;              /* the message of `failed` */
};

#define PLOT_MAX_WORKERS 4
#define PLOT_PRELOAD "neuron-gnuplot.so"
#define PLOT_FONT_SCALE_MAX 1.6   /* the largest text style.gp lays out */
/* Rendering times, in milliseconds of gnuplot's CPU time for a figure at
 * the default size (`make bench` prints the measured ones). */
#define PLOT_COST_PLAIN 70      /* a plain figure, the default */
#define PLOT_COST_TWIN 40       /* a LaTeX twin: the text is LaTeX's */
#define PLOT_MAX_COST 10000

void plot_list_init(struct plot_list *l, const struct plot_style *style);
void plot_list_free(struct plot_list *l);

/* "png", "svg", "pdf" or "tex". */
const char *plot_ext(enum plot_format f);

/*
 * A new job: scripts/<script>.gp renders the image `output` (a relative
 * name such as "loss.png"). Returns the job, or NULL when out of memory.
 */
struct plot_job *plot_add(struct plot_list *l, const char *script, const char *output);

/* "<name>.<ext>" for the list's format, newly allocated (NULL: no memory). */
char *plot_image(const struct plot_list *l, const char *name);

/* The image the documents show for figure `name`: plot_image's, except for
 * PDF, which browsers and Markdown viewers do not show inline: then its
 * PNG companion (plot_companions). Newly allocated, or NULL. */
char *plot_doc_image(const struct plot_list *l, const char *name);

/* When the list's format is PDF or SVG, adds to every such job a twin that
 * renders the same figure as PNG: for the documents (a PDF) and the contact
 * sheet. NR_OK or NR_ENOMEM. */
int plot_companions(struct plot_list *l);

/* Adds a twin of job i that draws its figure as the PNG `output` on a
 * canvas `share` of its width and height (plot_size: the same picture
 * with fewer pixels), for a sheet of thumbnails drawn from images (a
 * plot_after job), which then has few pixels to read. Returns the new job,
 * or NULL (out of memory, or the list failed before). */
struct plot_job *plot_thumbnail(struct plot_list *l, size_t i, const char *output, double share);

/* Adds to every figure of the list's format a twin for LaTeX: the job
 * again as `<dir>/<name>.tex` (PLOT_TEX, rendered first), its text values
 * escaped for TeX (quote_tex), so that what the program passes reads the
 * same in every format, and its text `scale` times as large as the list's
 * (1 for a document, more for slides; at most PLOT_FONT_SCALE_MAX). The
 * scripts make their own labels LaTeX when nr_format is 'tex' (style.gp).
 * NR_OK or NR_ENOMEM. */
int plot_tex_twins(struct plot_list *l, const char *dir, double scale);

/*
 * The figures' words (figwords.h): every job added from now on gets the
 * input file `words` as nr_words, and its LaTeX twins `tex_words` (the
 * same words escaped for TeX; NULL: `words`). Both are relative names the
 * program makes, written into the transaction before plot_render.
 */
void plot_words(struct plot_list *l, const char *words, const char *tex_words);

/* Sets nr_<name> for job j (NULL is ignored): text (quoted), an input file
 * (a relative name the program made), a number, an integer. A number that
 * is not finite is passed as NaN, a subnormal one as 0 (gnuplot reads
 * neither). */
void plot_text(struct plot_list *l, struct plot_job *j, const char *name, const char *value);
void plot_file(struct plot_list *l, struct plot_job *j, const char *name, const char *rel);
void plot_num(struct plot_list *l, struct plot_job *j, const char *name, double v);
void plot_int(struct plot_list *l, struct plot_job *j, const char *name, long long v);

/* Tells job j that run `run` (from 1) has the data rows first to
 * first + count - 1 (from 0) of its input nr_<file>, whose runs follow one
 * another (style.gp's rows_from and rows_to): its plots of that run read
 * those rows only. Nothing when count is 0. */
void plot_rows(struct plot_list *l, struct plot_job *j, const char *file, size_t run,
               size_t first, size_t count);

/* Marks j to be rendered after every other job, from their images
 * (PLOT_AFTER). */
void plot_after(struct plot_job *j);

/* Marks j as taking about `cost` milliseconds of gnuplot's CPU time at the
 * default size (PLOT_COST_PLAIN unless set; 1 to PLOT_MAX_COST). Only used
 * to share the jobs out among the processes, so that they end together. */
void plot_cost(struct plot_job *j, unsigned cost);
/* Draws the job on a canvas `share` of the list's width and height (text
 * and lines scale with it, so it looks the same, only with fewer pixels). */
void plot_size(struct plot_job *j, double share);

/* What plot_render calls after each phase that had jobs, with the phase
 * (PLOT_FIRST: every LaTeX figure is there); a status other than NR_OK
 * stops the rendering and is returned. */
struct plot_hook {
	int (*after)(void *ctx, enum plot_phase done);
	void *ctx;
};

/*
 * Renders every job into the stage of `t` (each image declared with
 * txn_reserve, a LaTeX figure's PDF too), phase by phase, calling `hook`
 * (may be NULL) after each phase that has jobs. A job's recipe is a
 * fingerprint of everything its image depends on: every script (the .gp
 * files of scripts/), its block of figures.gp (the style, its variables,
 * its output) and the contents of its input files. Unless l->force, an
 * image the previous run made by the same recipe and left intact is reused
 * (txn_reuse) instead of rendered; when every image is reused no gnuplot
 * starts at all. Records the version of the first gnuplot that ran in
 * l->gnuplot_version (NULL when none ran). Returns NR_OK, NR_EGNUPLOT
 * (gnuplot missing, failing or crashing: one line, then a few lines of
 * what gnuplot said), NR_EINTR, NR_EIO, NR_ENOMEM, or the hook's status.
 */
int plot_render(struct plot_list *l, struct txn *t, const volatile sig_atomic_t *stop,
                const struct plot_hook *hook);

/*
 * Writes every job as a block of figures.gp (see above), calling the
 * scripts from `scripts_prefix` (e.g. "scripts/"). Returns NR_OK or
 * NR_ENOMEM; write errors stay in fp's error flag.
 */
int plot_write_script(const struct plot_list *l, FILE *fp, const char *scripts_prefix);

/* A fingerprint of what draws the images: every script of the scripts
 * directory, the library preloaded into gnuplot and the hinting asked of
 * it (NEURON_GIF_HINTING). NR_OK, or a status with a message. */
int plot_tools_hash(uint64_t *out);

/* The absolute path of the scripts directory (newly allocated), or NULL
 * with a message naming what to set. */
char *plot_scripts_dir(void);

#endif
