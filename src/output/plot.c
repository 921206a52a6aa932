/* plot.c - gnuplot processes, named-variable jobs, and figures.gp. */
#include "output/plot.h"
#include "base/datadir.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/quote.h"
#include "base/stop.h"
#include "base/text.h"
#include "output/txn.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* How many lines of gnuplot's own messages a failure shows. */
#define SHOWN_LINES 6
#define SHOWN_WIDTH 160

void plot_list_init(struct plot_list *l, const struct plot_style *style)
{
	memset(l, 0, sizeof *l);
	l->style = *style;
}

static void job_free(struct plot_job *j)
{
	for (size_t i = 0; i < j->n_vars; i++) {
		free(j->vars[i].name);
		free(j->vars[i].value);
		free(j->vars[i].text);
	}
	free(j->vars);
	free(j->script);
	free(j->output);
}

void plot_list_free(struct plot_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		job_free(&l->jobs[i]);
	free(l->jobs);
	free(l->gnuplot_version);
	free(l->why);
	free(l->words);
	free(l->tex_words);
	l->jobs = NULL;
	l->n = l->cap = 0;
	l->gnuplot_version = l->why = l->words = l->tex_words = NULL;
	l->failed = 0;
}

const char *plot_ext(enum plot_format f)
{
	switch (f) {
	case PLOT_SVG: return "svg";
	case PLOT_PDF: return "pdf";
	case PLOT_TEX: return "tex";
	default:       return "png";
	}
}

char *plot_image(const struct plot_list *l, const char *name)
{
	return xasprintf("%s.%s", name, plot_ext(l->style.format));
}

char *plot_doc_image(const struct plot_list *l, const char *name)
{
	return xasprintf("%s.%s", name, plot_ext(l->style.format == PLOT_PDF ? PLOT_PNG
	                                                                    : l->style.format));
}

/* The format an image's name asks for. */
static enum plot_format format_of(const char *output)
{
	const char *dot = strrchr(output, '.');

	if (dot && !strcmp(dot + 1, "svg"))
		return PLOT_SVG;
	if (dot && !strcmp(dot + 1, "pdf"))
		return PLOT_PDF;
	if (dot && !strcmp(dot + 1, "tex"))
		return PLOT_TEX;
	return PLOT_PNG;
}

/* Remembers the first failure of an add, to be reported by plot_render. */
static void fail(struct plot_list *l, int status, char *why)
{
	if (!l->failed) {
		l->failed = status;
		l->why = why;
	} else {
		free(why);
	}
}

struct plot_job *plot_add(struct plot_list *l, const char *script, const char *output)
{
	struct plot_job *v = grow(l->jobs, &l->cap, l->n + 1, sizeof *v);

	if (!v) {
		fail(l, NR_ENOMEM, NULL);
		return NULL;
	}
	l->jobs = v;
	struct plot_job *j = &l->jobs[l->n];
	memset(j, 0, sizeof *j);
	j->cost = PLOT_COST_PLAIN;
	j->phase = PLOT_MAIN;
	j->script = strdup(script);
	j->output = strdup(output);
	j->format = format_of(output);
	if (!j->script || !j->output) {
		job_free(j);
		fail(l, NR_ENOMEM, NULL);
		return NULL;
	}
	if (!txn_valid_name(output))
		fail(l, NR_EBUG, xasprintf("internal error: image name '%s'", output));
	l->n++;
	if (l->words)
		plot_file(l, j, "words", l->words);
	return j;
}

void plot_words(struct plot_list *l, const char *words, const char *tex_words)
{
	free(l->words);
	free(l->tex_words);
	l->words = strdup(words);
	l->tex_words = strdup(tex_words ? tex_words : words);
	if (!l->words || !l->tex_words)
		fail(l, NR_ENOMEM, NULL);
}

static void set_var(struct plot_list *l, struct plot_job *j, const char *name, char *value,
                    char *text);

/* A copy of job i rendering `output` instead, with the same variables; a
 * LaTeX twin (tex) gets its text values escaped for TeX, and the words for
 * TeX. NR_OK or NR_ENOMEM. */
static int twin(struct plot_list *l, size_t i, const char *output, int tex)
{
	char *words = l->words;
	if (tex)
		l->words = l->tex_words;
	struct plot_job *j = plot_add(l, l->jobs[i].script, output);
	l->words = words;

	if (!j)
		return nr_oom();
	/* plot_add may have moved the array: index again. */
	const struct plot_job *src = &l->jobs[i];
	j->cost = src->cost;
	for (size_t k = 0; k < src->n_vars; k++) {
		const struct plot_var *v = &src->vars[k];
		if (v->is_file && !strcmp(v->name, "words"))
			continue;   /* plot_add gave j its own */
		char *text = v->text ? strdup(v->text) : NULL;
		char *value = NULL;
		if (tex && text) {
			char *escaped = quote_tex(text, strlen(text), 0);
			value = escaped ? quote_gnuplot(escaped) : NULL;
			free(escaped);
		} else {
			value = strdup(v->value);
		}
		if (!value || (v->text && !text)) {
			free(value);
			free(text);
			return nr_oom();
		}
		set_var(l, j, v->name, value, text);
		if (j->n_vars && !strcmp(j->vars[j->n_vars - 1].name, v->name))
			j->vars[j->n_vars - 1].is_file = v->is_file;
	}
	return l->failed == NR_ENOMEM ? nr_oom() : l->failed;
}

/* Whether job i is a figure of the documents in the list's own format (not
 * a GIF, not drawn from other images, not in a folder like the explorer's
 * cards): "<name>.<format>". */
static int is_figure(const struct plot_list *l, size_t i)
{
	const char *out = l->jobs[i].output, *dot = strrchr(out, '.');

	return l->jobs[i].phase == PLOT_MAIN && dot && !strchr(out, '/') &&
	       !strcmp(dot + 1, plot_ext(l->style.format));
}

int plot_companions(struct plot_list *l)
{
	size_t n = l->n;

	if (l->style.format == PLOT_PNG)
		return NR_OK;
	for (size_t i = 0; i < n; i++) {
		if (!is_figure(l, i))
			continue;
		const char *out = l->jobs[i].output;
		char *png = xasprintf("%.*s.png", (int)(strrchr(out, '.') - out), out);
		int st = png ? twin(l, i, png, 0) : nr_oom();
		free(png);
		if (st)
			return st;
	}
	return NR_OK;
}

struct plot_job *plot_thumbnail(struct plot_list *l, size_t i, const char *output, double share)
{
	if (twin(l, i, output, 0))
		return NULL;
	struct plot_job *j = &l->jobs[l->n - 1];
	const struct plot_job *src = &l->jobs[i];
	plot_size(j, (src->size > 0 ? src->size : 1) * share);
	/* About half a figure's time is reading its data and setting up,
	 * whatever the canvas; the rest goes with the pixels. */
	plot_cost(j, (unsigned)lround(src->cost * (0.5 + 0.5 * share * share)));
	return j;
}

int plot_tex_twins(struct plot_list *l, const char *dir, double scale)
{
	size_t n = l->n;
	double font_scale = l->style.font_scale * scale;

	for (size_t i = 0; i < n; i++) {
		if (!is_figure(l, i))
			continue;
		const char *out = l->jobs[i].output;
		char *tex = xasprintf("%s/%.*s.tex", dir, (int)(strrchr(out, '.') - out), out);
		int st = tex ? twin(l, i, tex, 1) : nr_oom();
		free(tex);
		if (st)
			return st;
		l->jobs[l->n - 1].phase = PLOT_FIRST;
		l->jobs[l->n - 1].font_scale = font_scale < PLOT_FONT_SCALE_MAX ? font_scale
		                                                                : PLOT_FONT_SCALE_MAX;
		/* cairolatex draws much less than a bitmap: text is LaTeX's. */
		l->jobs[l->n - 1].cost = PLOT_COST_TWIN;
	}
	return NR_OK;
}

/* Sets nr_<name> to `value` (gnuplot syntax, taken over); `text`, taken
 * over too, is the raw text of a text value, or NULL. */
static void set_var(struct plot_list *l, struct plot_job *j, const char *name, char *value,
                    char *text)
{
	if (!j) {
		free(value);
		free(text);
		return;
	}
	struct plot_var *v = value ? grow(j->vars, &j->cap, j->n_vars + 1, sizeof *v) : NULL;
	char *n = v ? strdup(name) : NULL;
	if (v)
		j->vars = v;
	if (!n) {
		free(value);
		free(text);
		fail(l, NR_ENOMEM, NULL);
		return;
	}
	if (n[strspn(n, "abcdefghijklmnopqrstuvwxyz0123456789_")] || !*n)
		fail(l, NR_EBUG, xasprintf("internal error: variable name '%s'", name));
	j->vars[j->n_vars++] = (struct plot_var){ n, value, text, 0 };
}

/* A quoted text; `is_text` keeps the raw text for a LaTeX twin (a file
 * name is not text: it stays as it is). */
static void quoted(struct plot_list *l, struct plot_job *j, const char *name, const char *value,
                   int is_text)
{
	if (quote_has_break(value)) {
		fail(l, NR_EGNUPLOT, xasprintf("cannot pass a text with a line break to gnuplot (%s)", name));
		return;
	}
	char *q = quote_gnuplot(value), *text = is_text && q ? strdup(value) : NULL;
	if (!q || (is_text && !text)) {
		free(q);
		q = NULL;
		fail(l, NR_ENOMEM, NULL);
	}
	set_var(l, j, name, q, text);
}

void plot_text(struct plot_list *l, struct plot_job *j, const char *name, const char *value)
{
	quoted(l, j, name, value, 1);
}

void plot_file(struct plot_list *l, struct plot_job *j, const char *name, const char *rel)
{
	if (!txn_valid_name(rel)) {
		fail(l, NR_EBUG, xasprintf("internal error: input name '%s'", rel));
		return;
	}
	quoted(l, j, name, rel, 0);
	if (j && j->n_vars && !strcmp(j->vars[j->n_vars - 1].name, name))
		j->vars[j->n_vars - 1].is_file = 1;
}

void plot_num(struct plot_list *l, struct plot_job *j, const char *name, double v)
{
	char *s;

	if (!isfinite(v))
		s = strdup("NaN");
	else
		s = xasprintf("%.17g", fpclassify(v) == FP_SUBNORMAL ? 0.0 : v);
	if (!s)
		fail(l, NR_ENOMEM, NULL);
	set_var(l, j, name, s, NULL);
}

void plot_int(struct plot_list *l, struct plot_job *j, const char *name, long long v)
{
	char *s = xasprintf("%lld", v);

	if (!s)
		fail(l, NR_ENOMEM, NULL);
	set_var(l, j, name, s, NULL);
}

void plot_rows(struct plot_list *l, struct plot_job *j, const char *file, size_t run,
               size_t first, size_t count)
{
	char name[64];

	if (count == 0)
		return;
	snprintf(name, sizeof name, "%s_from%zu", file, run);
	plot_int(l, j, name, (long long)first);
	snprintf(name, sizeof name, "%s_to%zu", file, run);
	plot_int(l, j, name, (long long)(first + count - 1));
}

void plot_after(struct plot_job *j)
{
	if (j)
		j->phase = PLOT_AFTER;
}

void plot_cost(struct plot_job *j, unsigned cost)
{
	if (j)
		j->cost = cost < 1 ? 1 : cost > PLOT_MAX_COST ? PLOT_MAX_COST : cost;
}

void plot_size(struct plot_job *j, double share)
{
	if (j)
		j->size = share;
}

/* ---- the job blocks ---------------------------------------------------- */

/* One job as gnuplot commands; `script` is the quoted path of its script. */
static void write_block(FILE *fp, const struct plot_list *l, const struct plot_job *j,
                        const char *script)
{
	const struct plot_style *s = &l->style;

	double size = j->size > 0 ? j->size : 1;

	fprintf(fp, "nr_format = '%s'; nr_theme = '%s'; nr_font_scale = %.17g; "
	        "nr_width = %d; nr_height = %d\n", plot_ext(j->format), s->theme,
	        j->font_scale > 0 ? j->font_scale : s->font_scale,
	        (int)lround(s->width * size), (int)lround(s->height * size));
	for (size_t i = 0; i < j->n_vars; i++)
		fprintf(fp, "nr_%s = %s\n", j->vars[i].name, j->vars[i].value);
	/* After the call: a script that failed halfway must not leave the
	 * next one in a multiplot. */
	fprintf(fp, "nr_out = '%s'\ncall %s\nunset multiplot\nundefine nr_*\n", j->output, script);
}

int plot_write_script(const struct plot_list *l, FILE *fp, const char *prefix)
{
	fputs("# figures.gp - re-renders every figure of this report from its CSVs.\n"
	      "#\n"
	      "#     gnuplot figures.gp          (run in this folder)\n"
	      "#\n"
	      "# Each block sets a figure's inputs as nr_* variables, calls its script\n"
	      "# (a copy of the program's, in scripts/: edit it to restyle the figure)\n"
	      "# and clears them again; copy one block to re-render one figure.\n", fp);
	for (size_t i = 0; i < l->n; i++) {
		char *path = xasprintf("%s%s.gp", prefix, l->jobs[i].script);
		char *q = path ? quote_gnuplot(path) : NULL;
		free(path);
		if (!q)
			return nr_oom();
		fprintf(fp, "\n# %s\n", l->jobs[i].output);
		write_block(fp, l, &l->jobs[i], q);
		free(q);
	}
	return NR_OK;
}

char *plot_scripts_dir(void)
{
	return datadir_find("scripts", "style.gp", "NEURON_SCRIPTS");
}

/* The library to preload into gnuplot (newly allocated), or NULL: none
 * found, or a path LD_PRELOAD cannot take (it splits its list at colons
 * and white space, so the path would load something else). Without it
 * gnuplot draws as it does by default: PNGs of the same pixels in more
 * time, and the animation's text hinted, in more time too. */
static char *usable_preload(void)
{
	char *preload = datadir_library(PLOT_PRELOAD);

	if (preload && strpbrk(preload, ": \t\n\r\v\f")) {
		free(preload);
		preload = NULL;
	}
	return preload;
}

/* What draws the images besides their own blocks: every script and the
 * library preloaded into gnuplot (its bytes); for the animation also the
 * hinting asked of that library (src/preload/gdtext.c). */
struct tools {
	uint64_t all, gif;
};

static int tools_fingerprint(const char *scripts, const char *preload, struct tools *out);

int plot_tools_hash(uint64_t *out)
{
	char *dir = plot_scripts_dir(), *preload = usable_preload();
	struct tools tools;
	int st = dir ? tools_fingerprint(dir, preload, &tools) : NR_EIO;

	if (!st)
		*out = tools.gif;   /* which covers the others' */
	free(dir);
	free(preload);
	return st;
}

/* ---- the gnuplot processes --------------------------------------------- */

/* How each gnuplot starts: $GNUPLOT, that as messages show it, and the
 * library to preload into it, or NULL. */
struct launch {
	const char *gnuplot, *shown, *preload;
};

struct worker {
	FILE *gp;
	pid_t pid;          /* gnuplot's, or 0 when unknown */
	char *errpath;      /* its stderr, shown only if it fails */
	size_t *idx, n;     /* indices of its jobs */
	unsigned long cost; /* sum of their costs */
	int sent;           /* 0, or -1 when writing to it failed */
	int status;         /* from pclose */
};

/* As many processes as processors (up to a few), never more than jobs:
 * each start-up is paid once per process, not per figure. */
static size_t worker_count(size_t jobs)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = cpus > 0 ? (size_t)cpus : 1;

	if (n > PLOT_MAX_WORKERS)
		n = PLOT_MAX_WORKERS;
	return n < jobs ? n : (jobs ? jobs : 1);
}

/* Whether job i draws an image that a job of the last phase reads. */
static int feeds_after(const struct plot_list *l, size_t i)
{
	const char *out = l->jobs[i].output;
	size_t len = strlen(out);

	for (size_t k = 0; k < l->n; k++) {
		const struct plot_job *j = &l->jobs[k];
		for (size_t v = 0; j->phase == PLOT_AFTER && v < j->n_vars; v++)
			if (j->vars[v].is_file && strlen(j->vars[v].value) == len + 2 &&
			    !strncmp(j->vars[v].value + 1, out, len))
				return 1;
	}
	return 0;
}

/* A job's place in the list and its cost, to sort by. */
struct ranked {
	unsigned cost;
	size_t i;
};

static int longer_first(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	return x->cost != y->cost ? (x->cost < y->cost ? 1 : -1) : (x->i > y->i) - (x->i < y->i);
}

/* Every job, longest first (in the list's order on a tie), or NULL when
 * out of memory. Sorted once a render: the costs do not change. */
static struct ranked *longest_first(const struct plot_list *l)
{
	struct ranked *r = malloc((l->n ? l->n : 1) * sizeof *r);

	if (!r)
		return NULL;
	for (size_t i = 0; i < l->n; i++)
		r[i] = (struct ranked){ l->jobs[i].cost, i };
	qsort(r, l->n, sizeof *r, longer_first);
	return r;
}

/*
 * The last phase waits for the images it draws from, and its longest job
 * (the contact sheet) then holds one process while the others idle. Jobs
 * of the main phase that no such job reads move there, longest first, as
 * long as they fit beside it, so both phases keep every process busy.
 */
static void balance(struct plot_list *l, const struct ranked *order)
{
	unsigned long longest = 0, after = 0;

	for (size_t i = 0; i < l->n; i++)
		if (l->jobs[i].phase == PLOT_AFTER) {
			longest = l->jobs[i].cost > longest ? l->jobs[i].cost : longest;
			after += l->jobs[i].cost;
		}
	unsigned long room = worker_count(l->n) * longest;
	room = room > after ? room - after : 0;
	for (size_t k = 0; k < l->n && room; k++) {
		struct plot_job *j = &l->jobs[order[k].i];
		if (j->phase == PLOT_MAIN && j->cost <= room && !feeds_after(l, order[k].i)) {
			j->phase = PLOT_AFTER;
			room -= j->cost;
		}
	}
}

/* The jobs of `phase` still to render, longest first, each to the least
 * loaded process. */
static void assign(const struct plot_list *l, const struct ranked *order, struct worker *w,
                   size_t nw, enum plot_phase phase)
{
	for (size_t k = 0; k < l->n; k++) {
		const struct plot_job *j = &l->jobs[order[k].i];
		if (j->phase != phase || j->reused)
			continue;
		struct worker *least = &w[0];
		for (size_t q = 1; q < nw; q++)
			if (w[q].cost < least->cost)
				least = &w[q];
		least->idx[least->n++] = order[k].i;
		least->cost += j->cost;
	}
}

/*
 * Starts `gnuplot` through popen with the stage as its working directory,
 * stderr into w->errpath and stdout discarded (gnuplot writes an image
 * there when it cannot open the output file). The shell reports its pid
 * through a pipe before it becomes gnuplot (exec keeps the pid), so a
 * signal can stop it; `eval` parses $GNUPLOT only after the redirection,
 * so even the shell's complaints about it are captured. The library that
 * sets how PNGs are packed and the GIF's text drawn (src/preload/) goes
 * first in LD_PRELOAD, before any the user set.
 */
static int start(struct worker *w, const char *stage, const struct launch *gp)
{
	int p[2], wfd = -1, st = NR_OK;
	char *errq = quote_shell(w->errpath), *stageq = quote_shell(stage);
	char *gpq = quote_shell(gp->gnuplot), *cmd = NULL, *preload = NULL;

	if (gp->preload) {
		char *q = quote_shell(gp->preload);
		preload = q ? xasprintf("LD_PRELOAD=%s${LD_PRELOAD:+:$LD_PRELOAD}; export LD_PRELOAD; ", q)
		            : NULL;
		free(q);
	}
	if (!errq || !stageq || !gpq || (gp->preload && !preload)) {
		st = nr_oom();
		goto done;
	}
	if (pipe2(p, O_CLOEXEC) != 0) {
		st = nr_error(NR_EGNUPLOT, "cannot start gnuplot: %s", strerror(errno));
		goto done;
	}
	/* The child's copy of the pipe's end, 3 or above. The shell names
	 * descriptors with one digit: one of 3 to 9 it writes to and closes
	 * before it becomes gnuplot. When the caller left 3 to 9 open, it
	 * writes through /dev/fd, and that end stays open in gnuplot, which
	 * never writes to it: the pid is read up to its line break. */
	wfd = fcntl(p[1], F_DUPFD, 3);
	close(p[1]);
	if (wfd < 0) {
		st = nr_error(NR_EGNUPLOT, "cannot start gnuplot: %s", strerror(errno));
		goto close_read;
	}
	char tell[64];
	if (wfd <= 9)
		snprintf(tell, sizeof tell, "echo $$ >&%d; exec %d>&-", wfd, wfd);
	else
		snprintf(tell, sizeof tell, "echo $$ >/dev/fd/%d || exit 125", wfd);
	cmd = xasprintf("exec 2>%s >/dev/null; cd -- %s || exit 125; %s; %seval 'exec '%s",
	                errq, stageq, tell, preload ? preload : "", gpq);
	if (!cmd) {
		st = nr_oom();
		goto close_read;
	}
	if (!(w->gp = popen(cmd, "w"))) {
		st = nr_error(NR_EGNUPLOT, "cannot start gnuplot ('%s'): %s", gp->shown, strerror(errno));
		goto close_read;
	}
	close(wfd);
	wfd = -1;
	char buf[32];
	size_t got = 0;
	while (got < sizeof buf - 1 && !memchr(buf, '\n', got)) {
		ssize_t r = read(p[0], buf + got, sizeof buf - 1 - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	buf[got] = '\0';
	w->pid = (pid_t)strtol(buf, NULL, 10);
close_read:
	if (wfd >= 0)
		close(wfd);
	close(p[0]);
done:
	free(errq);
	free(stageq);
	free(gpq);
	free(preload);
	free(cmd);
	return st;
}

/* Sends w's jobs, then `exit` (gnuplot's exit status stays 1 after an
 * error); worker 0 also prints the version into the stage. */
static int send(struct worker *w, const struct plot_list *l, const char *scripts, int version)
{
	for (size_t k = 0; k < w->n; k++) {
		const struct plot_job *j = &l->jobs[w->idx[k]];
		char *path = xasprintf("%s/%s.gp", scripts, j->script);
		char *q = path ? quote_gnuplot(path) : NULL;
		if (q)
			write_block(w->gp, l, j, q);
		free(path);
		free(q);
		if (!q)
			return nr_oom();
	}
	if (version)
		fputs("set print '.gnuplot-version'\n"
		      "print sprintf('%g patchlevel %s', GPVAL_VERSION, GPVAL_PATCHLEVEL)\n"
		      "unset print\n", w->gp);
	fputs("exit\n", w->gp);
	w->sent = fflush(w->gp) == EOF || ferror(w->gp) ? -1 : 0;
	return NR_OK;
}

/* Prints at most SHOWN_LINES lines of what gnuplot (or the shell) said,
 * each cut to SHOWN_WIDTH bytes, after our own line. */
static void show_messages(const char *errpath)
{
	FILE *fp = fopen(errpath, "re");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int shown = 0;

	if (!fp)
		return;
	while ((len = getline(&line, &cap, fp)) > 0) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[strspn(line, " \t")])
			continue;
		if (shown++ == SHOWN_LINES) {
			fputs("  gnuplot: ...\n", stderr);
			break;
		}
		for (char *c = line; *c; c++)
			if ((unsigned char)*c < 0x20)
				*c = ' ';
		fprintf(stderr, "  gnuplot: %.*s%s\n", SHOWN_WIDTH, line,
		        strlen(line) > SHOWN_WIDTH ? "..." : "");
	}
	free(line);
	fclose(fp);
}

static int said_something(const char *errpath)
{
	struct stat st;
	return stat(errpath, &st) == 0 && st.st_size > 0;
}

static int is_stop_signal(int sig)
{
	return sig == SIGINT || sig == SIGTERM || sig == SIGHUP;
}

/* Turns one gnuplot's wait status into a status and one line; `gnuplot`
 * is $GNUPLOT as messages show it. */
static int check_exit(const struct worker *w, const char *gnuplot)
{
	int ws = w->status;

	if (ws == -1)
		return nr_error(NR_EGNUPLOT, "cannot wait for gnuplot: %s", strerror(errno));
	if (WIFSIGNALED(ws) && is_stop_signal(WTERMSIG(ws)))
		return NR_EINTR;
	if (WIFSIGNALED(ws))
		return nr_error(NR_EGNUPLOT, "gnuplot ('%s') crashed with signal %d; no figure was changed",
		                gnuplot, WTERMSIG(ws));
	int code = WEXITSTATUS(ws);
	if (code == 127)
		return nr_error(NR_EGNUPLOT, "gnuplot not found ('%s'): install gnuplot-nox, or set GNUPLOT",
		                gnuplot);
	if (code == 126)
		return nr_error(NR_EGNUPLOT, "gnuplot ('%s') cannot be executed: check GNUPLOT", gnuplot);
	if (code != 0) {
		nr_error(NR_EGNUPLOT, "gnuplot ('%s') failed with exit status %d; no figure was changed%s",
		         gnuplot, code, said_something(w->errpath) ? ". It said:" : "");
		show_messages(w->errpath);
		return NR_EGNUPLOT;
	}
	if (w->sent != 0)
		return nr_error(NR_EGNUPLOT, "gnuplot ('%s') stopped reading its commands; no figure was changed", gnuplot);
	return NR_OK;
}

/*
 * Waits until every gnuplot has exited, without reaping, so that a signal
 * can still stop the ones running (stop.h); then reaps them with pclose.
 * Returns 1 when the caller's stop flag ended the wait.
 */
static int wait_all(struct worker *w, size_t nw, const volatile sig_atomic_t *stop)
{
	int stopped = 0;

	/* An error here shows again in pclose's status. */
	for (size_t k = 0; k < nw && !stopped; k++)
		if (w[k].gp && w[k].pid > 0)
			stopped = stop_wait_exit(w[k].pid, stop) == 1;
	for (size_t k = 0; k < nw; k++) {
		if (!w[k].gp)
			continue;
		if (stopped && w[k].pid > 0)
			kill(w[k].pid, SIGTERM);
		w[k].status = pclose(w[k].gp);
		w[k].gp = NULL;
	}
	return stopped || (stop && *stop);
}

/* The first line of `path` without its newline, or NULL. */
static char *first_line(const char *path)
{
	FILE *fp = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0;

	if (!fp)
		return NULL;
	if (getline(&line, &cap, fp) < 0) {
		free(line);
		line = NULL;
	} else {
		line[strcspn(line, "\n")] = '\0';
	}
	fclose(fp);
	return line;
}

/* A fingerprint of every script in `dir` (in name order), or 0 with a
 * message. */
static int scripts_fingerprint(const char *dir, uint64_t *out)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort), st = NR_OK;
	struct hash h;

	if (n < 0)
		return nr_error(NR_EIO, "cannot read the scripts folder: %s", strerror(errno));
	hash_init(&h);
	for (int i = 0; i < n; i++) {
		size_t len = strlen(names[i]->d_name);
		if (!st && len > 3 && !strcmp(names[i]->d_name + len - 3, ".gp")) {
			char *path = xasprintf("%s/%s", dir, names[i]->d_name);
			uint64_t size;
			hash_str(&h, names[i]->d_name);
			if (!path)
				st = nr_oom();
			else if (hash_file(&h, path, &size)) {
				char *shown = text_shown_path(path);
				st = shown ? nr_error(NR_EIO, "cannot read the script '%s': check $NEURON_SCRIPTS",
				                      shown)
				           : nr_oom();
				free(shown);
			}
			free(path);
		}
		free(names[i]);
	}
	free(names);
	*out = hash_final(&h);
	return st;
}

static int is_gif(const char *output)
{
	size_t len = strlen(output);
	return len >= 4 && !strcmp(output + len - 4, ".gif");
}

static int tools_fingerprint(const char *scripts, const char *preload, struct tools *out)
{
	struct hash h;
	uint64_t scripts_hash, size;
	int st = scripts_fingerprint(scripts, &scripts_hash);

	if (st)
		return st;
	hash_init(&h);
	hash_bytes(&h, &scripts_hash, sizeof scripts_hash);
	/* A library that cannot be read cannot be preloaded either. */
	if (!preload || hash_file(&h, preload, &size))
		hash_str(&h, "no library");
	out->all = hash_final(&h);
	const char *hinting = preload ? getenv("NEURON_GIF_HINTING") : NULL;
	hash_bytes(&h, &out->all, sizeof out->all);
	hash_str(&h, hinting && !strcmp(hinting, "1") ? "hinted" : "unhinted");
	out->gif = hash_final(&h);
	return NR_OK;
}

/* The recipe of job j: what draws it (struct tools), its block (style,
 * variables, output) and the contents of its input files in the stage. */
static int recipe_of(const struct plot_list *l, const struct plot_job *j, const char *stage,
                     const struct tools *tools, uint64_t *out)
{
	char *block = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&block, &len);
	struct hash h;
	int st = NR_OK;

	if (!fp)
		return nr_oom();
	write_block(fp, l, j, j->script);
	if (fclose(fp) != 0) {
		free(block);
		return nr_oom();
	}
	uint64_t drawn_by = is_gif(j->output) ? tools->gif : tools->all;
	hash_init(&h);
	hash_bytes(&h, &drawn_by, sizeof drawn_by);
	hash_bytes(&h, block, len);
	free(block);
	for (size_t i = 0; i < j->n_vars && !st; i++) {
		if (!j->vars[i].is_file)
			continue;
		/* The name is the value without its quotes: a name this program
		 * made (txn_valid_name), so quoting did not change it. */
		const char *v = j->vars[i].value;
		char *path = xasprintf("%s/%.*s", stage, (int)strlen(v) - 2, v + 1);
		uint64_t size;
		if (!path)
			st = nr_oom();
		else if (hash_file(&h, path, &size))
			st = nr_error(NR_EBUG, "internal error: the figure input '%s' is missing", path);
		free(path);
	}
	*out = hash_final(&h);
	return st;
}

/* A LaTeX figure's graphics: <name>.pdf beside <name>.tex. */
static char *tex_graphics(const char *output)
{
	return xasprintf("%.*s.pdf", (int)(strlen(output) - 4), output);
}

/*
 * Sets j->reused: whether the previous run's image (of a LaTeX figure, its
 * .tex and its .pdf) was made by `recipe` and is kept (unless l->force).
 * The recipe is recorded either way. NR_OK or NR_ENOMEM.
 */
static int reuse(const struct plot_list *l, struct txn *t, struct plot_job *j, uint64_t recipe)
{
	char *pdf = j->format == PLOT_TEX ? tex_graphics(j->output) : NULL;

	if (j->format == PLOT_TEX && !pdf)
		return nr_oom();
	txn_set_recipe(t, j->output, recipe);
	if (pdf)
		txn_set_recipe(t, pdf, recipe);
	j->reused = !l->force && txn_reuse(t, j->output, recipe);
	if (j->reused && pdf && !txn_reuse(t, pdf, recipe)) {
		/* Half a figure: the linked .tex must go, or gnuplot would write
		 * through the link into the previous run's file. */
		char *linked = xasprintf("%s/%s", txn_stage(t), j->output);
		if (!linked || unlink(linked) != 0) {
			free(linked);
			free(pdf);
			return linked ? nr_error(NR_EIO, "cannot remove a staged figure: %s",
			                         strerror(errno)) : nr_oom();
		}
		free(linked);
		j->reused = 0;
	}
	free(pdf);
	return NR_OK;
}

/* Renders the jobs of one phase, one gnuplot process per worker, each
 * started as `gp` says. */
static int render_phase(struct plot_list *l, struct txn *t, const volatile sig_atomic_t *stop,
                        const struct launch *gp, const char *scripts,
                        const struct tools *tools, const struct ranked *order,
                        enum plot_phase phase, int *ask_version, size_t *ran)
{
	struct worker w[PLOT_MAX_WORKERS];
	size_t jobs = 0;
	int st = NR_OK;

	for (size_t i = 0; i < l->n && !st; i++) {
		struct plot_job *j = &l->jobs[i];
		uint64_t recipe = 0;
		if (j->phase != phase)
			continue;
		if ((st = recipe_of(l, j, txn_stage(t), tools, &recipe)) ||
		    (st = reuse(l, t, j, recipe)))
			break;
		jobs += !j->reused;
	}
	*ran = jobs;
	if (st || !jobs)
		return st;
	size_t nw = worker_count(jobs);
	memset(w, 0, sizeof w);
	for (size_t k = 0; k < nw; k++) {
		w[k].errpath = xasprintf("%s/.gnuplot-%zu.err", txn_stage(t), k);
		w[k].idx = calloc(l->n, sizeof *w[k].idx);
		if (!w[k].errpath || !w[k].idx) {
			st = nr_oom();
			goto done;
		}
	}
	assign(l, order, w, nw, phase);

	/* Start every process before waiting for any, so they run side by
	 * side. */
	for (size_t k = 0; k < nw && !st; k++)
		if (!(st = start(&w[k], txn_stage(t), gp)))
			st = send(&w[k], l, scripts, k == 0 && *ask_version);
	*ask_version = 0;   /* the first process that runs tells the version */
	if (wait_all(w, nw, stop)) {
		st = NR_EINTR;
		goto done;
	}
	for (size_t k = 0; k < nw && !st; k++)
		st = check_exit(&w[k], gp->shown);
done:
	for (size_t k = 0; k < nw; k++) {
		if (w[k].gp) {
			if (w[k].pid > 0)
				kill(w[k].pid, SIGTERM);
			pclose(w[k].gp);
		}
		free(w[k].errpath);
		free(w[k].idx);
	}
	return st;
}

int plot_render(struct plot_list *l, struct txn *t, const volatile sig_atomic_t *stop,
                const struct plot_hook *hook)
{
	const char *gnuplot = getenv("GNUPLOT");
	char *scripts = NULL, *shown = NULL, *preload = usable_preload();
	struct ranked *order = NULL;
	int st = NR_OK;

	if (!gnuplot || !*gnuplot)
		gnuplot = "gnuplot";
	if (!(shown = text_shown(gnuplot))) {
		st = nr_oom();
		goto done;
	}
	struct launch gp = { gnuplot, shown, preload };
	if (l->failed) {
		st = l->why ? nr_error(l->failed, "%s", l->why) : nr_oom();
		goto done;
	}
	if (!(scripts = plot_scripts_dir())) {
		st = NR_EIO;
		goto done;
	}
	for (size_t i = 0; i < l->n; i++) {
		if ((st = txn_reserve(t, l->jobs[i].output)))
			goto done;
		if (l->jobs[i].format == PLOT_TEX) {
			char *pdf = tex_graphics(l->jobs[i].output);
			st = pdf ? txn_reserve(t, pdf) : nr_oom();
			free(pdf);
			if (st)
				goto done;
		}
	}
	struct tools tools;
	if ((st = tools_fingerprint(scripts, preload, &tools)))
		goto done;
	if (!(order = longest_first(l))) {
		st = nr_oom();
		goto done;
	}
	balance(l, order);
	/* Each phase draws from the images of the ones before. */
	int ask_version = 1;
	for (int phase = PLOT_FIRST; phase < PLOT_PHASES && !st; phase++) {
		int any = 0;
		size_t ran = 0;
		for (size_t i = 0; i < l->n; i++)
			any |= l->jobs[i].phase == (enum plot_phase)phase;
		st = render_phase(l, t, stop, &gp, scripts, &tools, order,
		                  (enum plot_phase)phase, &ask_version, &ran);
		/* The version as soon as the first gnuplot has said it. */
		if (!st && ran && !l->gnuplot_version) {
			char *verpath = xasprintf("%s/.gnuplot-version", txn_stage(t));
			l->gnuplot_version = verpath ? first_line(verpath) : NULL;
			free(verpath);
		}
		if (!st && any && hook && hook->after)
			st = hook->after(hook->ctx, (enum plot_phase)phase);
	}
done:
	free(order);
	free(scripts);
	free(shown);
	free(preload);
	return st;
}
