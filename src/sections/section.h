/*
 * section.h - one section of the report: what it sees, what it does.
 *
 * A report is a story told in sections, in the order of the lecture
 * (report/report.c holds the table). Every section sees the same
 * `struct context`, built once: the options, the data and its closed-form
 * analysis, the main run (trained once, observed by everyone who needs its
 * states), the output transaction and the list of figures. A section does
 * three things, each a function of its own, any of them optional (and a
 * fourth):
 *
 *   compute  trains or calculates what it shows, from the context and from
 *            the result of the one section it `needs` (an earlier one),
 *            into its own result (`size` bytes, zeroed beforehand);
 *   emit     writes its CSV files into the transaction and adds its
 *            figures to the plot list (and may add lines to the summary
 *            that `neuron report` prints on stdout);
 *   write    writes its part of the documents, from the language file's
 *            entries and its result's numbers;
 *   slides   writes its slides (deck.h) the same way, when it carries a
 *            step of the lesson: one idea a slide.
 *
 * Results are values in memory, passed from section to section; nothing is
 * read back from a CSV. `release` frees what a result owns. A new section
 * is one file here, one row in the table, one gnuplot script and one test.
 */
#ifndef NR_SECTION_H
#define NR_SECTION_H

#include <signal.h>
#include <stdio.h>

#include "base/err.h"
#include "model/analysis.h"
#include "model/data.h"
#include "model/path.h"
#include "model/setup.h"
#include "model/train.h"
#include "output/deck.h"
#include "output/doc.h"
#include "output/latex.h"
#include "output/plot.h"
#include "output/txn.h"

#define LRS_MAX 10          /* learning rates in the comparison */
#define SETTLED_TOL 0.01    /* relative, for w_settled and b_settled */
#define PATH_DENSE 100      /* figure paths: every state up to here, */
#define PATH_PER_DECADE 100 /* then this many per decade (path.h) */

/* What `neuron report` was asked for, beyond the main run's options. */
struct report_options {
	struct run_options run;       /* data, start, lr, iterations, gradient */
	const char *out;              /* the output directory */
	int no_wait;                  /* fail instead of waiting for another run */
	int force;                    /* make everything again, reuse nothing */
	struct plot_style style;      /* format, theme, font scale, size */
	double lrs[LRS_MAX];          /* the comparison's rates, ascending */
	size_t n_lrs;
	int lrs_given;                /* --lrs was given (else the defaults) */
	double example;               /* input of the worked chain-rule example */
	const char *lang;             /* language of the documents: "en", "de" */
	const char *command;          /* the command line that reproduces the
	                                 report, shell-quoted */
	enum latex_mode latex;        /* compile report.pdf and slides.pdf */
};

struct context {
	const struct report_options *o;
	const volatile sig_atomic_t *stop;
	struct dataset d;
	struct analysis a;
	struct train_config cfg;      /* the main run ... */
	struct train_result res;      /* ... its result ... */
	struct path path;             /* ... its states: all up to TRACE_DENSE,
	                                 then log-spaced (trace.h) ... */
	double loss0;                 /* ... its initial loss ... */
	long long w_settled, b_settled; /* ... and the first iteration from
	                                 which w (b) stays within SETTLED_TOL
	                                 of its target, or -1 */
	const struct lang *lang;      /* the words of documents and figures */
	struct txn *out;
	struct plot_list *plots;
	FILE *summary;                /* what `neuron report` prints on stdout */
};

struct section {
	const char *name;             /* its anchor in the documents */
	const struct section *needs;  /* the section whose result compute reads */
	size_t size;                  /* bytes of its result */
	int (*compute)(const struct context *c, const void *need, void *result);
	int (*emit)(const struct context *c, const void *result);
	void (*write)(const struct context *c, const void *result, struct doc *d);
	void (*release)(void *result);
	void (*slides)(const struct context *c, const void *result, struct deck *k);
};

/* The sections, each defined in its own file. */
extern const struct section section_intro, section_problem, section_network,
	section_forward, section_backward, section_update, section_training,
	section_animation, section_comparison, section_stability,
	section_landscape, section_gradients, section_features,
	section_optimizers, section_reproduce;

/* Helpers every section uses. */

/* Opens the output `rel` of the report (NR_OK, or a status with a message). */
int section_open(const struct context *c, const char *rel, FILE **fp);

/* Closes it, reporting a write error with its name. */
int section_close(const struct context *c, FILE *fp);

/* A new figure job for scripts/<script>.gp making <name>.<format>. */
struct plot_job *section_figure(const struct context *c, const char *script,
                                const char *name);

/* Passes the language file's entry `key`, as plain text, to the figure
 * job as the text variable `name` (NR_OK, or a status with a message). */
int section_words(const struct context *c, struct plot_job *j, const char *name,
                  const char *key, const struct vars *v);

/* The file name of a figure for the documents (plot_doc_image: the PNG
 * companion of a PDF); NULL (and d->failed set) when out of memory. */
char *section_image(const struct context *c, struct doc *d, const char *name);

/* 1 when figures draw the data as points (the user's data, noisy targets,
 * a few samples), 0 for the article's exact line. */
int section_data_as_points(const struct context *c);

/* Ends a CSV row with a state's iteration,loss,weight,bias. */
struct csvw;
void section_state_row(struct csvw *w, const struct train_state *s);

/* The main run's configuration as plain full-batch gradient descent
 * (whatever --optimizer and --batch said): the learning-rate sections
 * teach that method. */
struct train_config plain_config(const struct context *c);

/* 1 when the main run itself is plain full-batch gradient descent, so that
 * its result can stand for a run of plain_config. */
int main_is_plain(const struct context *c);

/* The language file's entry for a run's status: "status.converged", ... */
const char *status_key(enum train_status s);

/* The learning rate as people write it (lr_label), into a vars entry. */
void vars_lr(struct vars *v, const char *name, double lr);

/*
 * What the documents may say about this run, each decided from its numbers.
 * The words themselves stay in the language file; these only choose.
 */

/* The entry for a run's status at rate `lr`, in words that are true: a run
 * that has not converged is "still converging" only when its rate is below
 * the limit of the gradient in use, otherwise it has "not diverged yet". */
const char *status_key_at(const struct context *c, const struct train_result *res,
                          double lr);

/* Whether (w, b) is the minimum by the rule of the status "converged"
 * (train.h: within CONVERGED_TOL * max(1, |target|) of w* and of b*). */
int at_minimum(const struct analysis *a, double w, double b);

/* Whether the main run shows the crawl of the lecture: the weight settled
 * within SETTLED_TOL of its target and the bias did not. */
int bias_crawls(const struct context *c);

/* Entry `stem`.one or `stem`.many, with {{n}} = n, into v as `name` ("1
 * update", "5 updates"); on failure d->failed is set and `name` is left out. */
void vars_count(struct doc *d, struct vars *v, const char *name, const char *stem, long long n);

/* vars_count with the entries count.iteration.*: "1 iteration", "<n> iterations". */
void vars_iterations(struct doc *d, struct vars *v, const char *name, long long n);

/* How close a parameter must come to `target` to count as settled, in
 * words: "within 1% of" when |target| >= 1, else "within 0.01 of" (the
 * rule of w_settled: SETTLED_TOL * max(1, |target|)); into v as `name`. */
void vars_within(struct doc *d, struct vars *v, const char *name, double target);

#endif
