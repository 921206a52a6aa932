/*
 * latex.h - the LaTeX documents of a run, compiled to PDF inside its
 * output transaction.
 *
 * latex_find() looks for pdflatex ($PDFLATEX when set, else "pdflatex",
 * found on PATH) and asks kpsewhich for the classes and packages the
 * documents use. latex_start() then compiles documents that are finished
 * outputs of the transaction (report.tex, slides.tex), each in its own
 * pdflatex process, side by side and alongside whatever the caller does
 * next (gnuplot drawing the remaining figures); latex_wait() waits for them
 * and runs a document again while its log asks for it (at most
 * LATEX_PASSES passes).
 *
 * pdflatex runs in the stage (its inputs, the figures in tex/, are there),
 * writes its files into a build folder inside the stage (LATEX_BUILD:
 * a name of no output; pdflatex refuses to write into folders whose name
 * starts with '.'), with shell escape off and no terminal interaction.
 * Only when every document compiled are <name>.pdf and its log <name>.log
 * declared as outputs: a failed run leaves no PDF, partial or old. A LaTeX
 * error is reported on one line with the file and line pdflatex names,
 * followed by a few lines of the log.
 *
 * The caller owns the struct; latex_free() stops what still runs.
 */
#ifndef NR_LATEX_H
#define NR_LATEX_H

#include <signal.h>
#include <stdio.h>
#include <sys/types.h>

struct txn;

/* --latex: the PDFs when pdflatex is there, else the .tex files (auto);
 * the PDFs or a failure (pdf); the .tex files only (tex); nothing of
 * LaTeX, neither documents nor figures (none). */
enum latex_mode { LATEX_AUTO, LATEX_PDF, LATEX_TEX, LATEX_NONE };

#define LATEX_DOCS_MAX 4
#define LATEX_PASSES 3
#define LATEX_BUILD "latex-build"

struct latex_doc {
	char *name;             /* "report": report.tex -> report.pdf */
	pid_t pid;              /* the running pdflatex, or 0 */
	unsigned passes;        /* run so far */
	long pages;             /* of the finished PDF, from the log */
	double cpu;             /* seconds of processor time, every pass */
};

struct latex {
	char *program;          /* the pdflatex to run (set by latex_find) */
	struct latex_doc doc[LATEX_DOCS_MAX];
	size_t n;
	double waited;          /* seconds latex_wait waited: what compiling
	                           added to the run beyond the work beside it */
};

/*
 * Whether the documents can be compiled here: 1 when pdflatex and every
 * class and package they need are installed (lx->program set), 0 when not,
 * with *why set to a newly allocated reason naming what to install ("pdflatex
 * not found (install texlive-latex-recommended)"), or -1 when out of memory.
 */
int latex_find(struct latex *lx, char **why);

/*
 * Starts compiling the outputs <name>.tex of t, for each of the n names.
 * Returns NR_OK, NR_ELATEX (pdflatex could not be started) or NR_ENOMEM.
 */
int latex_start(struct latex *lx, struct txn *t, const char *const *names, size_t n);

/*
 * Waits for every document (running again those whose log asks for it),
 * then declares <name>.pdf and <name>.log as outputs of t. Returns NR_OK,
 * NR_ELATEX (a document failed: its error, file and line, and a few lines
 * of the log are printed), NR_EINTR (the stop flag was set: every pdflatex
 * is stopped) or NR_EIO / NR_ENOMEM.
 */
int latex_wait(struct latex *lx, struct txn *t, const volatile sig_atomic_t *stop);

/*
 * The one command that builds the PDFs by hand in `dir`, for when pdflatex
 * is missing: "latexmk -pdf -cd dir/report.tex dir/slides.tex", each path
 * quoted for a shell where needed. Newly allocated, or NULL.
 */
char *latex_command(const char *dir, const char *const *names, size_t n);

/* Stops (SIGTERM) and reaps every pdflatex still running; frees lx. */
void latex_free(struct latex *lx);

#endif
