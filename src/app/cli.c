/* cli.c - the option table, its parsers, and the usage text. */
#include "app/cli.h"
#include "base/err.h"
#include "base/quote.h"
#include "base/text.h"
#include "model/optim.h"
#include "model/sweep.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ITERS_MAX 1e10
#define PARAM_MAX 1e12

/* ---- messages ---------------------------------------------------------------- */

/* A bad value: the option, the value as text_shown() quotes it, why. */
static int bad(const char *name, const char *val, const char *why)
{
	char *v = text_shown(val);
	int st = v ? nr_error(NR_EUSAGE, "%s '%s': %s", name, v, why) : nr_oom();

	free(v);
	return st;
}

/* ---- the table ------------------------------------------------------------------ */

#define FOR_TRAIN 1u
#define FOR_REPORT 2u
#define FOR_BOTH 3u

struct opt {
	const char *name;        /* "--lr" */
	unsigned commands;       /* FOR_TRAIN, FOR_REPORT, or both */
	const char *arg;         /* its value in the help, or NULL: a flag */
	int (*set)(struct options *o, const struct opt *opt, const char *val);
	double lo, hi;           /* range of a number */
	size_t off;              /* where the value goes in struct options */
	size_t given;            /* an int set to 1 when the option is given, or 0 */
	const char *accepted;    /* what the error message offers instead */
	const char *help;        /* one line for --help */
};

#define PIXELS_MIN 320        /* pixels, either side of a figure */
#define PIXELS_MAX 4096

#define AT(o, off, type) ((type *)((char *)(o) + (off)))
#define OFF(member) offsetof(struct options, report.member)

/* A finite double in [lo, hi], the whole text consumed. */
static int get_double(const struct opt *opt, const char *s, double *v)
{
	char *end;

	errno = 0;
	double d = strtod(s, &end);
	if (end == s || *end != '\0') {
		char *why = xasprintf("not a number; expected %s", opt->accepted);
		int st = why ? bad(opt->name, s, why) : nr_oom();
		free(why);
		return st;
	}
	if (!isfinite(d) || (errno == ERANGE && fabs(d) > 1))
		return bad(opt->name, s, "not a finite number");
	if (!(d >= opt->lo && d <= opt->hi)) {
		char *why = xasprintf("out of range; expected %s", opt->accepted);
		int st = why ? bad(opt->name, s, why) : nr_oom();
		free(why);
		return st;
	}
	*v = d;
	return NR_OK;
}

static int set_number(struct options *o, const struct opt *opt, const char *val)
{
	return get_double(opt, val, AT(o, opt->off, double));
}

static int set_rate(struct options *o, const struct opt *opt, const char *val)
{
	int st = get_double(opt, val, AT(o, opt->off, double));

	if (!st && *AT(o, opt->off, double) == 0)
		st = bad(opt->name, val, "a learning rate must be positive; try 1e-4");
	return st;
}

/* A number in [lo, hi) (a decay rate: 1 would never forget). */
static int set_below_hi(struct options *o, const struct opt *opt, const char *val)
{
	int st = get_double(opt, val, AT(o, opt->off, double));
	char *why = NULL;

	if (!st && *AT(o, opt->off, double) == opt->hi) {
		why = xasprintf("out of range; expected %s", opt->accepted);
		st = why ? bad(opt->name, val, why) : nr_oom();
	}
	free(why);
	return st;
}

/* A number in (lo, hi] (a guard that must not vanish). */
static int set_above_lo(struct options *o, const struct opt *opt, const char *val)
{
	int st = get_double(opt, val, AT(o, opt->off, double));
	char *why = NULL;

	if (!st && *AT(o, opt->off, double) == opt->lo) {
		why = xasprintf("out of range; expected %s", opt->accepted);
		st = why ? bad(opt->name, val, why) : nr_oom();
	}
	free(why);
	return st;
}

/* A whole number in [lo, hi]; "1e6" is accepted when it is exact. */
static int set_count(struct options *o, const struct opt *opt, const char *val)
{
	double d = 0;
	int st = get_double(opt, val, &d);

	if (!st && d != floor(d))
		st = bad(opt->name, val, "not a whole number");
	if (!st)
		*AT(o, opt->off, long long) = (long long)d;
	return st;
}

static int set_seed(struct options *o, const struct opt *opt, const char *val)
{
	char *end;

	errno = 0;
	unsigned long long u = strtoull(val, &end, 10);
	if (!isdigit((unsigned char)*val) || *end != '\0')
		return bad(opt->name, val, "not a seed; expected a whole number from 0 to 18446744073709551615");
	if (errno == ERANGE)
		return bad(opt->name, val, "out of range; expected a whole number from 0 to 18446744073709551615");
	o->report.run.seed = u;
	return NR_OK;
}

static int set_path(struct options *o, const struct opt *opt, const char *val)
{
	if (!*val)
		return bad(opt->name, val, opt->accepted);
	*AT(o, opt->off, const char *) = val;
	return NR_OK;
}

static int set_gradient(struct options *o, const struct opt *opt, const char *val)
{
	if (!strcmp(val, "exact"))
		o->report.run.gradient = GRADIENT_EXACT;
	else if (!strcmp(val, "article"))
		o->report.run.gradient = GRADIENT_ARTICLE;
	else
		return bad(opt->name, val, "unknown gradient; expected 'exact' or 'article'");
	return NR_OK;
}

static int set_optimizer(struct options *o, const struct opt *opt, const char *val)
{
	if (optimizer_from_name(val, &o->report.run.optim.kind) != 0)
		return bad(opt->name, val, "unknown optimizer; expected gd, momentum, nesterov or adam");
	return NR_OK;
}

static int set_format(struct options *o, const struct opt *opt, const char *val)
{
	static const enum plot_format formats[] = { PLOT_PNG, PLOT_SVG, PLOT_PDF };

	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (!strcmp(val, plot_ext(formats[i]))) {
			o->report.style.format = formats[i];
			return NR_OK;
		}
	return bad(opt->name, val, "unknown format; expected png, svg or pdf");
}

static int set_theme(struct options *o, const struct opt *opt, const char *val)
{
	static const char *const themes[] = { "light", "dark", "print" };

	for (size_t i = 0; i < sizeof themes / sizeof themes[0]; i++)
		if (!strcmp(val, themes[i])) {
			o->report.style.theme = themes[i];
			return NR_OK;
		}
	return bad(opt->name, val, "unknown theme; expected light, dark or print");
}

static int set_latex(struct options *o, const struct opt *opt, const char *val)
{
	static const struct { const char *name; enum latex_mode mode; } modes[] = {
		{ "auto", LATEX_AUTO }, { "pdf", LATEX_PDF }, { "tex", LATEX_TEX },
		{ "none", LATEX_NONE },
	};

	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
		if (!strcmp(val, modes[i].name)) {
			o->report.latex = modes[i].mode;
			return NR_OK;
		}
	return bad(opt->name, val, "expected auto, pdf, tex or none");
}

/* WIDTHxHEIGHT in pixels, each from PIXELS_MIN to SIZE_MAX. */
static int set_size(struct options *o, const struct opt *opt, const char *val)
{
	const char *fix = "expected WIDTHxHEIGHT in pixels, each from 320 to 4096, such as 1920x1080";
	char *end;
	long v[2];
	const char *p = val;

	for (int i = 0; i < 2; i++) {
		if (!isdigit((unsigned char)*p))
			return bad(opt->name, val, fix);
		errno = 0;
		v[i] = strtol(p, &end, 10);
		if (errno || v[i] < PIXELS_MIN || v[i] > PIXELS_MAX || *end != (i ? '\0' : 'x'))
			return bad(opt->name, val, fix);
		p = end + 1;
	}
	o->report.style.width = (int)v[0];
	o->report.style.height = (int)v[1];
	return NR_OK;
}

static int set_word(struct options *o, const struct opt *opt, const char *val)
{
	size_t len = strlen(val);

	if (len < 2 || len > 3 || strspn(val, "abcdefghijklmnopqrstuvwxyz") != len)
		return bad(opt->name, val, opt->accepted);
	*AT(o, opt->off, const char *) = val;
	return NR_OK;
}

static int set_flag(struct options *o, const struct opt *opt, const char *val)
{
	(void)val;
	*AT(o, opt->off, int) = 1;
	return NR_OK;
}

/* Comma-separated rates, blanks around them allowed; sorted, repeats run
 * once (with a note). */
static int set_rates(struct options *o, const struct opt *opt, const char *val)
{
	struct report_options *r = &o->report;
	struct opt one = *opt;

	r->n_lrs = 0;
	for (const char *p = val;; p++) {
		size_t len = strcspn(p, ",");
		char *item = strndup(p, len);
		if (!item)
			return nr_oom();
		char *s = item + strspn(item, " \t");
		for (char *e = s + strlen(s); e > s && isspace((unsigned char)e[-1]);)
			*--e = '\0';
		int st = NR_OK;
		if (!*s)
			st = bad(opt->name, val, "an empty item; expected comma-separated positive numbers such as 1e-4,5e-4");
		else if (r->n_lrs == LRS_MAX)
			st = bad(opt->name, val, "more than 10 learning rates; give at most 10");
		else {
			one.name = opt->name;
			if (!(st = get_double(&one, s, &r->lrs[r->n_lrs])) && r->lrs[r->n_lrs] == 0)
				st = bad(opt->name, s, "a learning rate must be positive");
			r->n_lrs++;
		}
		free(item);
		if (st)
			return st;
		p += len;
		if (!*p)
			break;
	}
	double dup;
	r->n_lrs = lr_sort_unique(r->lrs, r->n_lrs, &dup);
	if (dup > 0)
		fprintf(stderr, "neuron: %s: %g is given more than once; running it once\n",
		        opt->name, dup);
	return NR_OK;
}

static const struct opt opts[] = {
	{ "--lr", FOR_BOTH, "X", set_rate, 0, INFINITY, OFF(run.lr), 0,
	  "a positive number such as 1e-4", "learning rate, a positive number (default 1e-4)" },
	{ "--iters", FOR_BOTH, "N", set_count, 0, ITERS_MAX, OFF(run.iters), 0,
	  "a whole number from 0 to 1e10", "updates (iterations), 0 to 1e10 (default 10000)" },
	{ "--seed", FOR_BOTH, "S", set_seed, 0, 0, 0, 0,
	  NULL, "seed of the initial weight and bias, noise and batches, 0 to 2^64-1 (default 42)" },
	{ "--w0", FOR_BOTH, "W", set_number, -PARAM_MAX, PARAM_MAX, OFF(run.w0), OFF(run.has_w0),
	  "a number from -1e12 to 1e12", "initial weight instead of the seeded one" },
	{ "--b0", FOR_BOTH, "B", set_number, -PARAM_MAX, PARAM_MAX, OFF(run.b0), OFF(run.has_b0),
	  "a number from -1e12 to 1e12", "initial bias instead of the seeded one" },
	{ "--gradient", FOR_BOTH, "G", set_gradient, 0, 0, 0, 0,
	  NULL, "exact (dL/dw, the default) or article (the article's code)" },
	{ "--optimizer", FOR_BOTH, "O", set_optimizer, 0, 0, 0, 0,
	  NULL, "gd (the default), momentum, nesterov or adam" },
	{ "--momentum", FOR_BOTH, "BETA", set_below_hi, 0, 1, OFF(run.optim.momentum),
	  OFF(run.has_momentum), "a number from 0 up to, not including, 1",
	  "momentum, nesterov: the momentum beta, 0 to below 1 (default 0.9)" },
	{ "--beta1", FOR_BOTH, "B1", set_below_hi, 0, 1, OFF(run.optim.beta1),
	  OFF(run.has_beta1), "a number from 0 up to, not including, 1",
	  "adam: decay of the mean gradient, 0 to below 1 (default 0.9)" },
	{ "--beta2", FOR_BOTH, "B2", set_below_hi, 0, 1, OFF(run.optim.beta2),
	  OFF(run.has_beta2), "a number from 0 up to, not including, 1",
	  "adam: decay of the mean squared gradient, 0 to below 1 (default 0.999)" },
	{ "--epsilon", FOR_BOTH, "EPS", set_above_lo, 0, 1, OFF(run.optim.epsilon),
	  OFF(run.has_epsilon), "a number above 0, at most 1",
	  "adam: guard against dividing by 0, above 0 to 1 (default 1e-8)" },
	{ "--batch", FOR_BOTH, "B", set_count, 0, (double)DATA_ROWS_MAX, OFF(run.batch), 0,
	  "a whole number from 0 (all samples) to 10000000",
	  "samples per update: 1 is SGD, 0 all of them (the default)" },
	{ "--out", FOR_BOTH, "DIR", set_path, 0, 0, OFF(out), 0,
	  "empty path; give a directory such as output",
	  "output directory, created if missing (default output)" },
	{ "--data", FOR_BOTH, "FILE", set_path, 0, 0, OFF(run.data), 0,
	  "empty path; give a CSV file of x,y pairs",
	  "CSV of x,y pairs (optional header) instead of Celsius/Fahrenheit" },
	{ "--noise", FOR_BOTH, "SIGMA", set_number, 0, PARAM_MAX, OFF(run.noise), 0,
	  "a number from 0 to 1e12", "add seeded Gaussian noise of this size to the targets" },
	{ "--trace-every", FOR_BOTH, "N", set_count, 1, ITERS_MAX, OFF(run.trace_every), 0,
	  "a whole number from 1 to 1e10",
	  "write every Nth iteration to trace.csv (default: all up to 10000, then log-spaced)" },
	{ "--no-wait", FOR_BOTH, NULL, set_flag, 0, 0, OFF(no_wait), 0,
	  NULL, "fail at once when another run writes into the same directory" },
	{ "--force", FOR_REPORT, NULL, set_flag, 0, 0, OFF(force), 0,
	  NULL, "make every file again, even when nothing changed since the last run" },
	{ "--format", FOR_REPORT, "F", set_format, 0, 0, 0, 0,
	  NULL, "figures as png (default), svg or pdf" },
	{ "--theme", FOR_REPORT, "T", set_theme, 0, 0, 0, 0,
	  NULL, "figure colours: light (default), dark (for projectors) or print (grey, dashed)" },
	{ "--font-scale", FOR_REPORT, "F", set_number, 0.8, 1.6, OFF(style.font_scale), 0,
	  "a number from 0.8 to 1.6", "text size of the figures, 0.8 to 1.6 (default 1)" },
	{ "--size", FOR_REPORT, "WxH", set_size, 0, 0, 0, 0,
	  NULL, "figure size in pixels, e.g. 1920x1080 for 16:9 slides (default 1200x800)" },
	{ "--lrs", FOR_REPORT, "LIST", set_rates, 0, INFINITY, 0, OFF(lrs_given),
	  "comma-separated positive numbers", "learning rates to compare, comma-separated, at most 10" },
	{ "--example", FOR_REPORT, "C", set_number, -PARAM_MAX, PARAM_MAX, OFF(example), 0,
	  "a number from -1e12 to 1e12", "input of the worked chain-rule example (default 42)" },
	{ "--lang", FOR_REPORT, "L", set_word, 0, 0, OFF(lang), 0,
	  "a language code such as en or de", "language of the documents (default en)" },
	{ "--latex", FOR_REPORT, "L", set_latex, 0, 0, 0, 0,
	  NULL, "report.pdf, slides.pdf: auto (when pdflatex is installed), pdf, tex (only), none" },
};

static const struct opt *find(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
		if (strlen(opts[i].name) == len && !strncmp(opts[i].name, name, len))
			return &opts[i];
	return NULL;
}

void cli_usage(FILE *fp)
{
	fputs("usage: neuron train  [options]   train one neuron, write trace.csv and predictions.csv\n"
	      "       neuron report [options]   train, compare learning rates, render the figures and the report\n",
	      fp);
	for (unsigned pass = 0; pass < 2; pass++) {
		fputs(pass ? "report only:\n" : "\noptions:\n", fp);
		for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++) {
			const struct opt *p = &opts[i];
			if ((p->commands == FOR_BOTH) == (pass == 1))
				continue;
			char left[32];
			snprintf(left, sizeof left, "%s%s%s", p->name, p->arg ? " " : "", p->arg ? p->arg : "");
			fprintf(fp, "  %-18s %s\n", left, p->help);
		}
	}
	fputs("  --help, --version\n", fp);
}

/* ---- parsing ---------------------------------------------------------------------- */

static void defaults(struct options *o)
{
	memset(o, 0, sizeof *o);
	run_options_default(&o->report.run);
	o->report.out = "output";
	o->report.style = (struct plot_style){ PLOT_PNG, "light", 1.0, 1200, 800 };
	o->report.example = 42;
	o->report.lang = "en";
}

/* The command line, each word shell-quoted where it needs to be. */
static int command_line(int argc, char **argv, struct options *o)
{
	char *line = strdup("");

	for (int i = 0; i < argc && line; i++) {
		char *word = quote_shell_word(argv[i]);
		char *more = word ? xasprintf("%s%s%s", line, i ? " " : "", word) : NULL;
		free(word);
		free(line);
		line = more;
	}
	if (!line)
		return nr_oom();
	o->command_line = line;
	o->report.command = line;
	return NR_OK;
}

/* A setting of an optimizer the run does not use would silently do
 * nothing: whoever typed it expects it to matter. */
static int check_settings(const struct run_options *r)
{
	enum optimizer kind = r->optim.kind;
	int heavy = kind == OPTIM_MOMENTUM || kind == OPTIM_NESTEROV;
	const struct {
		int given, used;
		const char *name, *users;
	} set[] = {
		{ r->has_momentum, heavy, "--momentum", "momentum or nesterov" },
		{ r->has_beta1, kind == OPTIM_ADAM, "--beta1", "adam" },
		{ r->has_beta2, kind == OPTIM_ADAM, "--beta2", "adam" },
		{ r->has_epsilon, kind == OPTIM_ADAM, "--epsilon", "adam" },
	};

	for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
		if (set[i].given && !set[i].used)
			return nr_error(NR_EUSAGE, "%s applies to --optimizer %s only, not %s: "
			                "choose %s, or leave %s out", set[i].name, set[i].users,
			                optimizer_name(kind), set[i].users, set[i].name);
	return NR_OK;
}

int cli_parse(int argc, char **argv, struct options *o)
{
	defaults(o);
	if (argc < 2)
		return nr_error(NR_EUSAGE, "missing command: use 'neuron train' or 'neuron report' (see 'neuron --help')");
	const char *cmd = argv[1];
	if (!strcmp(cmd, "train"))
		o->command = CMD_TRAIN;
	else if (!strcmp(cmd, "report"))
		o->command = CMD_REPORT;
	else if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h"))
		o->command = CMD_HELP;
	else if (!strcmp(cmd, "--version"))
		o->command = CMD_VERSION;
	else {
		char *s = text_shown(cmd);
		int st = s ? nr_error(NR_EUSAGE, "unknown command '%s': use 'train' or 'report' (see 'neuron --help')", s)
		           : nr_oom();
		free(s);
		return st;
	}
	if (o->command == CMD_HELP || o->command == CMD_VERSION)
		return NR_OK;

	unsigned mine = o->command == CMD_TRAIN ? FOR_TRAIN : FOR_REPORT;
	for (int i = 2; i < argc; i++) {
		const char *arg = argv[i];
		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			o->command = CMD_HELP;
			return NR_OK;
		}
		if (!strcmp(arg, "--version")) {
			o->command = CMD_VERSION;
			return NR_OK;
		}
		if (strncmp(arg, "--", 2) != 0) {
			char *s = text_shown(arg);
			int st = s ? nr_error(NR_EUSAGE, "unexpected argument '%s': options start with '--' (see 'neuron --help')", s)
			           : nr_oom();
			free(s);
			return st;
		}

		/* --name value, or --name=value */
		const char *eq = strchr(arg, '=');
		size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
		const struct opt *opt = find(arg, len);
		if (!opt) {
			char *name = strndup(arg, len);
			char *s = name ? text_shown(name) : NULL;
			int st = s ? nr_error(NR_EUSAGE, "unknown option '%s' (see 'neuron --help')", s)
			           : nr_oom();
			free(s);
			free(name);
			return st;
		}
		if (!(opt->commands & mine))
			return nr_error(NR_EUSAGE, "%s applies to 'neuron report' only", opt->name);
		const char *val = NULL;
		if (opt->arg) {
			val = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
			if (!val)
				return nr_error(NR_EUSAGE, "%s needs a value (see 'neuron --help')", opt->name);
		} else if (eq) {
			return nr_error(NR_EUSAGE, "%s takes no value", opt->name);
		}
		int st = opt->set(o, opt, val);
		if (st)
			return st;
		if (opt->given)
			*AT(o, opt->given, int) = 1;
	}
	int st = check_settings(&o->report.run);
	return st ? st : command_line(argc, argv, o);
}

void cli_free(struct options *o)
{
	free(o->command_line);
	o->command_line = NULL;
}
