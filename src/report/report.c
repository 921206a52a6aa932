/* report.c - the table of sections, the context, and one transaction. */
#include "report/report.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/text.h"
#include "output/figwords.h"
#include "output/names.h"
#include "output/progress.h"
#include "output/trace.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The lecture, in order. */
const struct section *const report_sections[] = {
	&section_intro,       /* the setting and the run's parameters */
	&section_problem,     /* the data and the article's figure */
	&section_network,     /* one input, one weight, one bias */
	&section_forward,     /* forward pass and loss */
	&section_backward,    /* backward pass, the chain rule by hand */
	&section_update,      /* the update and the first steps */
	&section_training,    /* loss and parameters over the run */
	&section_animation,   /* the fit, frame by frame */
	&section_comparison,  /* several learning rates */
	&section_stability,   /* where blow-up begins */
	&section_landscape,   /* why the bias crawls */
	&section_gradients,   /* the article's formula is not the derivative */
	&section_features,    /* scale your features */
#ifndef NR_WITHOUT_OPTIMIZERS /* make bench measures what the section costs */
	&section_optimizers,  /* momentum, Nesterov, Adam, mini-batches */
#endif
	&section_reproduce,   /* the command line */
};
const size_t report_n_sections = sizeof report_sections / sizeof report_sections[0];

/* ---- the context -------------------------------------------------------- */

/* Tracks the last iteration at which w and b were outside SETTLED_TOL. */
struct settle {
	double w_opt, b_opt;
	long long w_out, b_out;
};

static int settle_observe(void *ctx, const struct train_state *s, int final)
{
	struct settle *t = ctx;

	(void)final;
	if (fabs(s->w - t->w_opt) > SETTLED_TOL * fmax(1, fabs(t->w_opt)))
		t->w_out = s->k;
	if (fabs(s->b - t->b_opt) > SETTLED_TOL * fmax(1, fabs(t->b_opt)))
		t->b_out = s->k;
	return NR_OK;
}

/* The main run: trained once, its trace and predictions written, its
 * states recorded, its settling tracked. */
static int main_run(struct context *c)
{
	const struct report_options *o = c->o;
	struct progress pg;
	int st;

	c->cfg = setup_config(&o->run, c->stop);
	c->path = (struct path)PATH_INIT(TRACE_DENSE, TRACE_PER_DECADE);

	struct settle settle = { c->a.w_opt, c->a.b_opt, -1, -1 };
	struct observer obs[] = {
		{ path_observe, &c->path },
		{ settle_observe, &settle },
		{ progress_observe, &pg },
	};
	/* A progress line only for a person watching a terminal. */
	progress_begin(&pg, isatty(STDERR_FILENO) ? stderr : NULL, c->cfg.iters, c->d.n);
	st = trace_run(c->out, "", o->run.trace_every, &c->d, &c->a, &c->cfg, obs,
	               sizeof obs / sizeof obs[0], &c->res);
	progress_end(&pg);
	if (st)
		return st;
	c->loss0 = c->path.pt[0].loss;
	int diverged = c->res.status == STATUS_DIVERGED;
	c->w_settled = !diverged && settle.w_out < c->res.last.k ? settle.w_out + 1 : -1;
	c->b_settled = !diverged && settle.b_out < c->res.last.k ? settle.b_out + 1 : -1;
	summary_print(c->summary, &c->cfg, &c->a, &c->res);
	return NR_OK;
}

/* ---- what re-renders the figures ------------------------------------------ */

/* A failure to read `path` (the scripts folder or a script in it) with
 * errno's reason, the path as messages show it. */
static int read_error(const char *path)
{
	int e = errno;
	char *shown = text_shown_path(path);
	int st = shown ? nr_error(NR_EIO, "cannot read '%s': %s", shown, strerror(e)) : nr_oom();

	free(shown);
	return st;
}

/* Whether the figure `out` goes on the contact sheet: a PNG, and not one
 * of the explorer's cards. */
static int on_contact_sheet(const char *out)
{
	size_t len = strlen(out);

	return len >= 4 && !strcmp(out + len - 4, ".png") &&
	       strncmp(out, OUT_EXPLORER "/", strlen(OUT_EXPLORER) + 1) != 0;
}

/* contact.png: every PNG figure (the PNG twins of SVG and PDF ones) as a
 * labelled thumbnail, in the order of the report; not the explorer's
 * cards, which show the runs of figures already there one at a time.
 * Reading a figure back costs gnuplot about 50 ms a million pixels, and
 * the sheet must wait for every figure, so a large figure (a quarter of it
 * at least THUMB_MIN_WIDTH wide) is drawn again at that quarter for it
 * (thumbs/<figure>.png: drawn beside the others, scaled by cairo rather
 * than sampled); a smaller one is read back, every `step`-th pixel. */
static int add_contact(const struct context *c)
{
	struct plot_list *l = c->plots;
	size_t n = l->n, shown = 0;

	for (size_t i = 0; i < n; i++)
		shown += on_contact_sheet(l->jobs[i].output);
	/* contact.gp's layout: this many columns across the figures' width. */
	int cols = shown <= 4 ? (shown > 0 ? (int)shown : 1) : shown <= 9 ? 3 : shown <= 16 ? 4 : 5;
	int thumbs = l->style.width / cols >= THUMB_MIN_WIDTH;

	for (size_t i = 0; i < n && thumbs; i++) {
		if (!on_contact_sheet(l->jobs[i].output))
			continue;
		char *thumb = xasprintf("%s/%s", OUT_THUMBS, l->jobs[i].output);
		struct plot_job *t = thumb ? plot_thumbnail(l, i, thumb, 1.0 / cols) : NULL;
		free(thumb);
		if (!t)
			return l->failed && l->failed != NR_ENOMEM ? l->failed : nr_oom();
	}
	struct plot_job *j = plot_add(l, "contact", OUT_CONTACT);
	plot_after(j);
	plot_int(l, j, "n", (long long)shown);
	plot_int(l, j, "cols", cols);
	/* A figure is about cols times as wide as its place: every step-th
	 * pixel still gives a thumbnail pixel 1.3 of the figure's or more, so
	 * thin lines stay whole. */
	plot_int(l, j, "step", thumbs || cols < 3 ? 1 : (long long)(cols * 3 / 4));
	for (size_t i = 0, k = 0; i < l->n && j; i++) {
		const char *out = l->jobs[i].output;
		if (thumbs ? strncmp(out, OUT_THUMBS "/", strlen(OUT_THUMBS) + 1) != 0
		           : i >= n || !on_contact_sheet(out))
			continue;
		char name[32];
		snprintf(name, sizeof name, "image%zu", ++k);
		plot_file(l, j, name, out);
	}
	/* Reading the PNGs back (measured: 15 ms a thumbnail, 60 ms a figure
	 * of 1200 x 800 pixels, and in proportion to its pixels). */
	double each = thumbs ? 15 : 60.0 * l->style.width * l->style.height / (1200.0 * 800.0);
	plot_cost(j, (unsigned)lround(each * (double)shown));
	return l->failed ? (l->failed == NR_ENOMEM ? nr_oom() : l->failed) : NR_OK;
}

/* The figures' words, from the language file: words.gp, and tex/words.gp
 * for the LaTeX figures. */
static int emit_words(const struct context *c)
{
	FILE *fp;
	int st = NR_OK;

	for (int tex = 0; tex <= (c->o->latex != LATEX_NONE) && !st; tex++) {
		if ((st = txn_open(c->out, tex ? OUT_TEX_WORDS : OUT_WORDS, &fp)))
			break;
		st = figwords_write(c->lang, fp, tex);
		if (st)
			txn_drop(c->out, fp);
		else
			st = txn_close(c->out, fp);
	}
	return st;
}

/* figures.gp, and a copy of every script in scripts/ for it to call. */
static int emit_figures_gp(const struct context *c)
{
	char *dir = plot_scripts_dir();
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *e;
	FILE *fp;
	int st = NR_OK;

	if (!d) {
		st = dir ? read_error(dir) : NR_EIO;
		free(dir);
		return st;
	}
	/* In name order, so that the manifest and the outputs do not depend on
	 * the order the file system lists them in. */
	struct dirent **names;
	closedir(d);
	int n = scandir(dir, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		e = names[i];
		size_t len = strlen(e->d_name);
		if (!st && len > 3 && !strcmp(e->d_name + len - 3, ".gp") &&
		    txn_valid_name(e->d_name)) {
			char *from = xasprintf("%s/%s", dir, e->d_name);
			char *to = xasprintf("%s/%s", OUT_SCRIPTS, e->d_name);
			FILE *in = from ? fopen(from, "re") : NULL;
			if (!to || !from)
				st = nr_oom();
			else if (!in)
				st = read_error(from);
			else if (!(st = txn_open(c->out, to, &fp))) {
				char buf[8192];
				size_t got;
				while ((got = fread(buf, 1, sizeof buf, in)) > 0)
					fwrite(buf, 1, got, fp);
				st = ferror(in) ? read_error(from) : txn_close(c->out, fp);
			}
			if (in)
				fclose(in);
			free(from);
			free(to);
		}
		free(e);
	}
	free(names);
	if (n < 0)
		st = read_error(dir);
	free(dir);
	if (st || (st = emit_words(c)) || (st = txn_open(c->out, OUT_FIGURES_GP, &fp)))
		return st;
	if ((st = plot_write_script(c->plots, fp, OUT_SCRIPTS "/")))
		return st;
	return txn_close(c->out, fp);
}

/* ---- the documents ---------------------------------------------------------- */

static int write_documents(const struct context *c, const struct lang *lang,
                           void *const *results)
{
	struct doc d = { .lang = lang };
	int st;

	int tex = c->o->latex != LATEX_NONE;

	if ((st = txn_open(c->out, OUT_HTML, &d.fp[DOC_HTML])) ||
	    (st = txn_open(c->out, OUT_MD, &d.fp[DOC_MD])) ||
	    (tex && (st = txn_open(c->out, OUT_TEX, &d.fp[DOC_TEX]))) ||
	    (tex && (st = txn_open(c->out, OUT_FIGURES_TEX, &d.tex_figures))))
		return st;

	struct vars v = { .n = 0 };
	vars_text(&v, "xname", c->d.xname);
	vars_text(&v, "yname", c->d.yname);
	doc_begin(&d, c->o->run.data ? "title.data" : "title", &v);
	vars_free(&v);
	for (size_t i = 0; i < report_n_sections && !d.failed; i++)
		if (report_sections[i]->write)
			report_sections[i]->write(c, results[i], &d);
	doc_end(&d);
	if ((st = d.failed) || (st = txn_close(c->out, d.fp[DOC_HTML])) ||
	    (st = txn_close(c->out, d.fp[DOC_MD])) || !tex ||
	    (st = txn_close(c->out, d.fp[DOC_TEX])))
		return st;
	return txn_close(c->out, d.tex_figures);
}

/* slides.tex and slides.html: the title, then every section's slides.
 * Returns the status; *slides is how many there are. */
static int write_slides(const struct context *c, const struct lang *lang,
                        void *const *results, size_t *slides)
{
	struct doc d = { .lang = lang };
	struct deck k = { .doc = &d, .theme = c->o->style.theme };
	int st;

	int tex = c->o->latex != LATEX_NONE;

	if ((tex && (st = txn_open(c->out, OUT_SLIDES_TEX, &k.fp[DECK_TEX]))) ||
	    (st = txn_open(c->out, OUT_SLIDES_HTML, &k.fp[DECK_HTML])))
		return st;
	struct vars v = { .n = 0 };
	vars_text(&v, "xname", c->d.xname);
	vars_text(&v, "yname", c->d.yname);
	deck_begin(&k, c->o->run.data ? "title.data" : "title", "slides.subtitle", &v);
	vars_free(&v);
	for (size_t i = 0; i < report_n_sections && !d.failed; i++)
		if (report_sections[i]->slides)
			report_sections[i]->slides(c, results[i], &k);
	deck_end(&k);
	*slides = k.slides;
	if ((st = d.failed) || (tex && (st = txn_close(c->out, k.fp[DECK_TEX]))))
		return st;
	return txn_close(c->out, k.fp[DECK_HTML]);
}

/* ---- the PDFs ------------------------------------------------------------------ */

/* The documents pdflatex compiles: <name>.tex -> <name>.pdf. */
static const char *const latex_docs[] = { "report", "slides" };
#define N_LATEX_DOCS (sizeof latex_docs / sizeof latex_docs[0])

/*
 * What is written once the LaTeX figures are drawn, while gnuplot draws
 * the rest: every document, then (when pdflatex is there) the start of
 * their compilation. The intro needs gnuplot's version, known by then.
 */
struct finish {
	const struct context *c;
	const struct lang *lang;
	void *const *results;
	struct latex *lx;           /* NULL: no compiling */
	struct txn *t;
	struct plot_list *plots;
	int written, started;
	size_t slides;
};

/* gnuplot's version for the documents and the next run: the one that ran,
 * or, when every figure so far was reused, the one that drew them. */
static int keep_version(struct txn *t, struct plot_list *plots)
{
	const char *version = txn_previous_note(t, "gnuplot");

	if (!plots->gnuplot_version && version && !(plots->gnuplot_version = strdup(version)))
		return nr_oom();
	return plots->gnuplot_version ? txn_note(t, "gnuplot", plots->gnuplot_version) : NR_OK;
}

static int finish_documents(void *ctx, enum plot_phase done)
{
	struct finish *f = ctx;
	int st;

	(void)done;
	if (!f->written) {
		f->written = 1;
		if ((st = keep_version(f->t, f->plots)) ||
		    (st = write_documents(f->c, f->lang, f->results)) ||
		    (st = write_slides(f->c, f->lang, f->results, &f->slides)))
			return st;
	}
	if (f->lx && !f->started) {
		f->started = 1;
		return latex_start(f->lx, f->c->out, latex_docs, N_LATEX_DOCS);
	}
	return NR_OK;
}

/* Whether to compile (*compile 1: lx ready) or not, by --latex and what
 * is installed (*why: what is missing); a missing pdflatex is a failure
 * only with --latex pdf. */
static int latex_wanted(const struct context *c, struct latex *lx, int *compile, char **why)
{
	*compile = 0;
	*why = NULL;
	if (c->o->latex == LATEX_TEX || c->o->latex == LATEX_NONE)
		return NR_OK;
	int found = latex_find(lx, why);
	if (found < 0)
		return nr_oom();
	if (!found && c->o->latex == LATEX_PDF)
		return nr_error(NR_ELATEX, "--latex pdf, but %s", *why);
	*compile = found;
	return NR_OK;
}

/* The summary's line on the PDFs: built and how long it took, or the
 * command that builds them. */
static int latex_summary(const struct context *c, const struct latex *lx, int built,
                         const char *why, size_t slides)
{
	if (c->o->latex == LATEX_NONE)
		return NR_OK;
	if (built) {
		fprintf(c->summary, "\nlatex: %s.pdf (%ld pages, %.2f s) and %s.pdf (%ld slides, "
		        "%.2f s), compiled beside the figures; then waited %.2f s\n",
		        lx->doc[0].name, lx->doc[0].pages, lx->doc[0].cpu, lx->doc[1].name,
		        lx->doc[1].pages, lx->doc[1].cpu, lx->waited);
		return NR_OK;
	}
	char *cmd = latex_command(c->o->out, latex_docs, N_LATEX_DOCS);
	if (!cmd)
		return nr_oom();
	fprintf(c->summary, "\nlatex: %s and %s (%zu slides) written, not compiled%s%s; to build "
	        "the PDFs:\n  %s\n", OUT_TEX, OUT_SLIDES_TEX, slides, why ? ": " : "",
	        why ? why : " (--latex tex)", cmd);
	free(cmd);
	return NR_OK;
}

/* ---- the run ------------------------------------------------------------------ */

/* The index of section s in the table, or -1. */
static int index_of(const struct section *s)
{
	for (size_t i = 0; i < report_n_sections; i++)
		if (report_sections[i] == s)
			return (int)i;
	return -1;
}

/*
 * The fingerprint of everything a report depends on: the program's version,
 * its command line (which the report quotes, --out included), $GNUPLOT, the
 * data file, the language files and what draws the figures (the scripts,
 * the library preloaded into gnuplot, its hinting). Two runs with the same
 * key make the same files, up to the date in the documents.
 */
static int run_key(const struct report_options *o, const struct lang *l, char hex[17])
{
	const char *gnuplot = getenv("GNUPLOT");
	struct hash h;
	uint64_t size, tools;
	int st;

	hash_init(&h);
	hash_str(&h, NR_VERSION);
	hash_str(&h, o->command ? o->command : "");
	hash_str(&h, gnuplot ? gnuplot : "");
	if (o->run.data && hash_file(&h, o->run.data, &size))
		return nr_error(NR_EIO, "cannot read the data file again");
	if (hash_file(&h, l->path, &size))
		return nr_error(NR_EIO, "cannot read the language file again");
	if ((st = plot_tools_hash(&tools)))
		return st;
	hash_bytes(&h, &tools, sizeof tools);
	snprintf(hex, 17, "%016" PRIx64, hash_final(&h));
	return NR_OK;
}

/* The file at path, whole (at most 1 MiB), newly allocated; NULL if it
 * cannot be read. */
static char *read_all(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "re");
	char *buf = fp ? malloc(1 << 20) : NULL;

	*len = buf ? fread(buf, 1, 1 << 20, fp) : 0;
	if (fp && (ferror(fp) || !feof(fp))) {
		free(buf);
		buf = NULL;
	}
	if (fp)
		fclose(fp);
	return buf;
}

/* With nothing changed since the last run in this directory (same key,
 * every file intact), what that run printed is printed again and nothing
 * is written. Returns 1 when so. */
static int up_to_date(const struct report_options *o, struct txn *t, const char *key)
{
	const char *old = txn_previous_note(t, "run");
	char *path, *text;
	size_t len = 0;

	if (o->force || !old || strcmp(old, key) || !txn_all_intact(t) ||
	    !txn_previous(t, OUT_SUMMARY_TXT))
		return 0;
	if (!(path = xasprintf("%s/%s", t->abs, OUT_SUMMARY_TXT)))
		return 0;
	text = read_all(path, &len);
	free(path);
	if (!text)
		return 0;
	fwrite(text, 1, len, stdout);
	free(text);
	return 1;
}

int report_run(const struct report_options *o, const volatile sig_atomic_t *stop)
{
	struct txn t;
	struct plot_list plots;
	struct context c = { .o = o, .stop = stop, .out = &t, .plots = &plots };
	struct txn_options to = { TXN_REPLACE, o->no_wait, stop };
	void *results[sizeof report_sections / sizeof report_sections[0]] = { 0 };
	char *summary = NULL;
	size_t summary_len = 0;
	int st;

	struct lang lang;
	struct progress pg;   /* what the sections do, on a terminal */
	struct latex lx = { 0 };
	char *why = NULL;     /* why the PDFs are not compiled */

	progress_begin(&pg, isatty(STDERR_FILENO) ? stderr : NULL, 0, 1);
	/* The words and the data first: a mistake in either stops the run
	 * before anything is computed or written. */
	if ((st = lang_load(&lang, o->lang)))
		return st;
	c.lang = &lang;
	if ((st = setup_data(&o->run, &c.d, &c.a))) {
		lang_free(&lang);
		return st;
	}
	plot_list_init(&plots, &o->style);
	plot_words(&plots, OUT_WORDS, o->latex != LATEX_NONE ? OUT_TEX_WORDS : NULL);
	if ((st = txn_begin(&t, o->out, &to))) {
		lang_free(&lang);
		dataset_free(&c.d);
		return st;
	}
	char key[17];
	if ((st = run_key(o, &lang, key)) || (st = txn_note(&t, "run", key)))
		goto done;
	if (up_to_date(o, &t, key))
		goto done;
	plots.force = o->force;
	if (!(c.summary = open_memstream(&summary, &summary_len))) {
		st = nr_oom();
		goto done;
	}
	if ((st = main_run(&c)))
		goto done;

	for (size_t i = 0; i < report_n_sections && !st; i++) {
		const struct section *s = report_sections[i];
		if (s->compute)
			progress_say(&pg, s->name);
		int need = s->needs ? index_of(s->needs) : -1;
		if (s->needs && (need < 0 || (size_t)need >= i)) {
			st = nr_error(NR_EBUG, "internal error: section %s needs one that comes later", s->name);
			break;
		}
		if (!(results[i] = calloc(1, s->size ? s->size : 1)))
			st = nr_oom();
		else if (s->compute)
			st = s->compute(&c, need >= 0 ? results[need] : NULL, results[i]);
	}
	progress_say(&pg, "figures");
	for (size_t i = 0; i < report_n_sections && !st; i++)
		if (report_sections[i]->emit)
			st = report_sections[i]->emit(&c, results[i]);
	if (st || (st = plot_companions(&plots)) ||
	    (o->latex != LATEX_NONE &&
	     ((st = plot_tex_twins(&plots, OUT_TEX_DIR, 1)) ||
	      (st = plot_tex_twins(&plots, OUT_TEX_SLIDES_DIR, SLIDES_FONT_SCALE)))) ||
	    (st = add_contact(&c)) || (st = emit_figures_gp(&c)))
		goto done;
	int compile;
	if ((st = latex_wanted(&c, &lx, &compile, &why)))
		goto done;
	struct finish fin = { &c, &lang, results, compile ? &lx : NULL, &t, &plots, 0, 0, 0 };
	struct plot_hook hook = { finish_documents, &fin };
	if ((st = plot_render(&plots, &t, stop, &hook)) || (st = finish_documents(&fin, PLOT_AFTER)))
		goto done;
	if (compile)
		progress_say(&pg, "pdf");
	if ((compile && (st = latex_wait(&lx, &t, stop))) ||
	    (st = latex_summary(&c, &lx, compile, why, fin.slides)))
		goto done;
	progress_end(&pg);
	if (fflush(c.summary) != 0) {
		st = nr_oom();
		goto done;
	}
	FILE *fp;
	if ((st = txn_open(&t, OUT_SUMMARY_TXT, &fp)))
		goto done;
	fwrite(summary, 1, summary_len, fp);
	if ((st = txn_close(&t, fp)))
		goto done;
	if (!(st = txn_commit(&t)))
		fwrite(summary, 1, summary_len, stdout);
done:
	progress_end(&pg);
	for (size_t i = 0; i < report_n_sections; i++) {
		if (results[i] && report_sections[i]->release)
			report_sections[i]->release(results[i]);
		free(results[i]);
	}
	if (c.summary)
		fclose(c.summary);
	free(summary);
	latex_free(&lx);
	free(why);
	txn_end(&t);
	lang_free(&lang);
	path_free(&c.path);
	dataset_free(&c.d);
	plot_list_free(&plots);
	return st;
}
