/* cli.c - option parsing and validation. */
#include "app/cli.h"
#include "base/err.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef NR_VERSION
#define NR_VERSION "unknown"
#endif

static const char usage[] =
"usage: neuron train  [options]   train one neuron, write trace.csv and predictions.csv\n"
"       neuron report [options]   train, compare learning rates, render the figures and the report\n"
"\n"
"options:\n"
"  --lr X             learning rate, a positive number (default 1e-4)\n"
"  --iters N          full-batch updates, 0 to 1e10 (default 10000)\n"
"  --seed S           seed of the initial weight and bias, 0 to 2^64-1 (default 42)\n"
"  --w0 W, --b0 B     initial weight and bias instead of the seeded ones\n"
"  --gradient G       exact (dL/dw, the default) or article (the article's code)\n"
"  --out DIR          output directory, created if missing (default output)\n"
"  --data FILE        CSV of x,y pairs (optional header) instead of Celsius/Fahrenheit\n"
"  --noise SIGMA      add seeded Gaussian noise of this size to the targets\n"
"  --trace-every N    write every Nth iteration to trace.csv (default: all up\n"
"                     to 10000, then 1000 log-spaced per decade)\n"
"report only:\n"
"  --format F         png (default), svg or pdf\n"
"  --lrs LIST         learning rates to compare, comma-separated, at most 10\n"
"                     (default 1e-5,1e-4,5e-4,1.1e-3,1.25e-3 for the exact gradient)\n"
"                     (1e-5,1e-4,5e-4,7e-4,9e-4 for the article's)\n"
"  --example C        input of the worked chain-rule example (default 42)\n"
"  --help, --version\n";

static int bad(const char *opt, const char *val, const char *why)
{
	return nr_error(NR_EUSAGE, "%s '%s': %s", opt, val, why);
}

/* A finite double in [lo, hi], the whole text consumed. */
static int parse_double(const char *opt, const char *s, double lo, double hi,
                        const char *accepted, double *v)
{
	char *end;

	errno = 0;
	double d = strtod(s, &end);
	if (end == s || *end != '\0')
		return nr_error(NR_EUSAGE, "%s '%s': not a number; expected %s", opt, s, accepted);
	if (!isfinite(d) || (errno == ERANGE && fabs(d) > 1))
		return nr_error(NR_EUSAGE, "%s '%s': not a finite number; expected %s", opt, s, accepted);
	if (!(d >= lo && d <= hi))
		return nr_error(NR_EUSAGE, "%s '%s': out of range; expected %s", opt, s, accepted);
	*v = d;
	return NR_OK;
}

/* A whole number in [lo, hi]; "1e6" is accepted when it is exact. */
static int parse_count(const char *opt, const char *s, long long lo, long long hi,
                       const char *accepted, long long *v)
{
	double d;
	int st = parse_double(opt, s, (double)lo, (double)hi, accepted, &d);

	if (st)
		return st;
	if (d != floor(d))
		return nr_error(NR_EUSAGE, "%s '%s': not a whole number; expected %s", opt, s, accepted);
	*v = (long long)d;
	return NR_OK;
}

static int parse_seed(const char *opt, const char *s, uint64_t *v)
{
	char *end;
	const char *accepted = "a whole number from 0 to 18446744073709551615";

	errno = 0;
	if (*s < '0' || *s > '9')
		return nr_error(NR_EUSAGE, "%s '%s': not a seed; expected %s", opt, s, accepted);
	unsigned long long u = strtoull(s, &end, 10);
	if (*end != '\0')
		return nr_error(NR_EUSAGE, "%s '%s': not a seed; expected %s", opt, s, accepted);
	if (errno == ERANGE)
		return nr_error(NR_EUSAGE, "%s '%s': out of range; expected %s", opt, s, accepted);
	*v = u;
	return NR_OK;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int parse_lrs(const char *opt, const char *s, struct options *o)
{
	const char *accepted = "comma-separated positive numbers such as 1e-4,5e-4";
	const char *p = s;
	char *item = NULL;
	int st = NR_OK;

	o->n_lrs = 0;
	for (;;) {
		size_t len = strcspn(p, ",");
		free(item);
		item = strndup(p, len);
		if (!item)
			return nr_error(NR_ENOMEM, "out of memory");
		if (len == 0) {
			st = nr_error(NR_EUSAGE, "%s '%s': empty item; expected %s", opt, s, accepted);
			break;
		}
		if (o->n_lrs == LRS_MAX) {
			st = nr_error(NR_EUSAGE, "%s '%s': more than %d learning rates; give at most %d",
			              opt, s, LRS_MAX, LRS_MAX);
			break;
		}
		double lr;
		if ((st = parse_double(opt, item, 0, INFINITY, accepted, &lr)))
			break;
		if (lr == 0) {
			st = bad(opt, item, "a learning rate must be positive");
			break;
		}
		o->lrs[o->n_lrs++] = lr;
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	free(item);
	if (st)
		return st;

	qsort(o->lrs, o->n_lrs, sizeof o->lrs[0], cmp_double);
	size_t kept = 0;
	for (size_t i = 0; i < o->n_lrs; i++) {
		if (kept > 0 && o->lrs[i] == o->lrs[kept - 1]) {
			fprintf(stderr, "neuron: %s: %g is given more than once; running it once\n",
			        opt, o->lrs[i]);
			continue;
		}
		o->lrs[kept++] = o->lrs[i];
	}
	o->n_lrs = kept;
	return NR_OK;
}

static void defaults(struct options *o)
{
	memset(o, 0, sizeof *o);
	o->lr = DEFAULT_LR;
	o->iters = DEFAULT_ITERS;
	o->seed = DEFAULT_SEED;
	o->gradient = GRADIENT_EXACT;
	o->out = "output";
	o->format = FORMAT_PNG;
	o->example = DEFAULT_EXAMPLE;
}

int cli_parse(int argc, char **argv, struct options *o)
{
	defaults(o);
	if (argc < 2)
		return nr_error(NR_EUSAGE, "missing command: use 'neuron train' or 'neuron report' (see 'neuron --help')");

	const char *cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		fputs(usage, stdout);
		return NR_DONE;
	}
	if (!strcmp(cmd, "--version")) {
		printf("neuron %s\n", NR_VERSION);
		return NR_DONE;
	}
	if (!strcmp(cmd, "train"))
		o->command = CMD_TRAIN;
	else if (!strcmp(cmd, "report"))
		o->command = CMD_REPORT;
	else
		return nr_error(NR_EUSAGE, "unknown command '%s': use 'train' or 'report' (see 'neuron --help')", cmd);

	for (int i = 2; i < argc; i++) {
		const char *arg = argv[i];
		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			fputs(usage, stdout);
			return NR_DONE;
		}
		if (!strcmp(arg, "--version")) {
			printf("neuron %s\n", NR_VERSION);
			return NR_DONE;
		}
		if (strncmp(arg, "--", 2) != 0)
			return nr_error(NR_EUSAGE, "unexpected argument '%s': options start with '--' (see 'neuron --help')", arg);

		/* --name value, or --name=value */
		char *name = NULL;
		const char *val;
		const char *eq = strchr(arg, '=');
		if (eq) {
			name = strndup(arg, (size_t)(eq - arg));
			val = eq + 1;
		} else {
			name = strdup(arg);
			val = i + 1 < argc ? argv[i + 1] : NULL;
		}
		if (!name)
			return nr_error(NR_ENOMEM, "out of memory");

		static const char *const known[] = {
			"--lr", "--iters", "--seed", "--w0", "--b0", "--gradient",
			"--out", "--data", "--noise", "--trace-every", "--format",
			"--lrs", "--example"
		};
		int found = 0, report_only = 0;
		for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
			if (!strcmp(name, known[k])) {
				found = 1;
				report_only = k >= 10;
			}
		int st = NR_OK;
		if (!found)
			st = nr_error(NR_EUSAGE, "unknown option '%s' (see 'neuron --help')", name);
		else if (report_only && o->command != CMD_REPORT)
			st = nr_error(NR_EUSAGE, "%s applies to 'neuron report' only", name);
		else if (!val)
			st = nr_error(NR_EUSAGE, "%s needs a value (see 'neuron --help')", name);
		if (st) {
			free(name);
			return st;
		}
		if (!eq)
			i++;

		if (!strcmp(name, "--lr")) {
			if (!(st = parse_double(name, val, 0, INFINITY, "a positive number such as 1e-4", &o->lr)) && o->lr == 0)
				st = bad(name, val, "a learning rate must be positive; try 1e-4");
		} else if (!strcmp(name, "--iters"))
			st = parse_count(name, val, 0, ITERS_MAX, "a whole number from 0 to 1e10", &o->iters);
		else if (!strcmp(name, "--seed"))
			st = parse_seed(name, val, &o->seed);
		else if (!strcmp(name, "--w0")) {
			st = parse_double(name, val, -PARAM_MAX, PARAM_MAX, "a number from -1e12 to 1e12", &o->w0);
			o->has_w0 = 1;
		} else if (!strcmp(name, "--b0")) {
			st = parse_double(name, val, -PARAM_MAX, PARAM_MAX, "a number from -1e12 to 1e12", &o->b0);
			o->has_b0 = 1;
		} else if (!strcmp(name, "--gradient")) {
			if (!strcmp(val, "exact"))
				o->gradient = GRADIENT_EXACT;
			else if (!strcmp(val, "article"))
				o->gradient = GRADIENT_ARTICLE;
			else
				st = bad(name, val, "unknown gradient; expected 'exact' or 'article'");
		} else if (!strcmp(name, "--out")) {
			if (!*val)
				st = bad(name, val, "empty path; give a directory such as output");
			o->out = val;
		} else if (!strcmp(name, "--data")) {
			if (!*val)
				st = bad(name, val, "empty path; give a CSV file of x,y pairs");
			o->data = val;
		} else if (!strcmp(name, "--noise"))
			st = parse_double(name, val, 0, 1e12, "a number from 0 to 1e12", &o->noise);
		else if (!strcmp(name, "--trace-every"))
			st = parse_count(name, val, 1, ITERS_MAX, "a whole number from 1 to 1e10", &o->trace_every);
		else if (!strcmp(name, "--format")) {
			if (!strcmp(val, "png"))
				o->format = FORMAT_PNG;
			else if (!strcmp(val, "svg"))
				o->format = FORMAT_SVG;
			else if (!strcmp(val, "pdf"))
				o->format = FORMAT_PDF;
			else
				st = bad(name, val, "unknown format; expected png, svg or pdf");
		} else if (!strcmp(name, "--lrs")) {
			st = parse_lrs(name, val, o);
			o->lrs_given = 1;
		} else if (!strcmp(name, "--example"))
			st = parse_double(name, val, -1e12, 1e12, "a finite number such as 42", &o->example);
		free(name);
		if (st)
			return st;
	}

	if (!o->lrs_given) {
		/* Too slow, the article's, fast, oscillating and diverging for the
		 * exact gradient on the article's data (issue #4). */
		static const double lrs[] = { 1e-5, 1e-4, 5e-4, 1.1e-3, 1.25e-3 };
		memcpy(o->lrs, lrs, sizeof lrs);
		o->n_lrs = sizeof lrs / sizeof lrs[0];
	}
	return NR_OK;
}

const char *format_name(enum format f)
{
	switch (f) {
	case FORMAT_SVG: return "svg";
	case FORMAT_PDF: return "pdf";
	default:         return "png";
	}
}
