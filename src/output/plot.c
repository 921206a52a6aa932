/* plot.c - one gnuplot process, many figures, all-or-nothing images. */
#include "output/plot.h"
#include "output/afile.h"
#include "base/err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef NR_DATADIR
#define NR_DATADIR "/usr/local/share/neuron"
#endif

void plot_list_init(struct plot_list *l, enum format format)
{
	memset(l, 0, sizeof *l);
	l->format = format;
}

static void job_free(struct plot_job *j)
{
	for (size_t i = 0; i < j->nargs; i++)
		free(j->args[i]);
	free(j->args);
	free(j->script);
	free(j->output);
}

void plot_list_free(struct plot_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		job_free(&l->jobs[i]);
	free(l->jobs);
	free(l->gnuplot_version);
	plot_list_init(l, l->format);
}

const char *plot_ext(enum format format)
{
	return format_name(format);
}

/* Adds a job writing `output` (taken over, may be NULL when out of memory). */
static int add_job(struct plot_list *l, const char *script, char *output,
                   const char *input, va_list ap)
{
	struct plot_job j = { .output = output, .cost = 1 };

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct plot_job *jobs = realloc(l->jobs, cap * sizeof *jobs);
		if (!jobs)
			goto nomem;
		l->jobs = jobs;
		l->cap = cap;
	}
	j.script = strdup(script);
	j.args = calloc(PLOT_MAX_ARGS, sizeof *j.args);
	if (!j.script || !j.output || !j.args)
		goto nomem;
	if (!(j.args[j.nargs++] = strdup(input)))
		goto nomem;
	for (const char *a; (a = va_arg(ap, const char *));) {
		if (j.nargs == PLOT_MAX_ARGS) {
			job_free(&j);
			return nr_error(NR_EIO, "internal: too many arguments for %s.gp", script);
		}
		if (!(j.args[j.nargs++] = strdup(a)))
			goto nomem;
	}
	l->jobs[l->n++] = j;
	return NR_OK;
nomem:
	job_free(&j);
	return nr_error(NR_ENOMEM, "out of memory");
}

int plot_add(struct plot_list *l, const char *script, const char *dir,
             const char *name, const char *input, ...)
{
	char *output = xasprintf("%s%s%s.%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
	                         name, plot_ext(l->format));
	va_list ap;

	va_start(ap, input);
	int st = add_job(l, script, output, input, ap);
	va_end(ap);
	return st;
}

void plot_cost(struct plot_list *l, unsigned cost)
{
	if (l->n > 0)
		l->jobs[l->n - 1].cost = cost < 1 ? 1 : cost > PLOT_MAX_COST ? PLOT_MAX_COST : cost;
}

int plot_add_file(struct plot_list *l, const char *script, const char *output,
                  const char *input, ...)
{
	va_list ap;

	va_start(ap, input);
	int st = add_job(l, script, strdup(output), input, ap);
	va_end(ap);
	return st;
}

static int is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The directory holding style.gp (newly allocated), or NULL. */
static char *find_scripts(void)
{
	const char *env = getenv("NEURON_SCRIPTS");
	char *cand[5] = { 0 };
	char *found = NULL;

	if (env && *env)
		cand[0] = strdup(env);

	/* Seen from the executable: the source tree's scripts/ (build/neuron,
	 * build/san/neuron), or an installed tree (PREFIX/bin/neuron next to
	 * PREFIX/share/neuron/scripts, also when staged under DESTDIR). */
	size_t cap = 256;
	for (;;) {
		char *exe = malloc(cap);
		if (!exe)
			break;
		ssize_t len = readlink("/proc/self/exe", exe, cap);
		if (len < 0) {
			free(exe);
			break;
		}
		if ((size_t)len < cap) {
			exe[len] = '\0';
			char *slash = strrchr(exe, '/');
			if (slash) {
				*slash = '\0';
				cand[1] = xasprintf("%s/../scripts", exe);
				cand[2] = xasprintf("%s/../../scripts", exe);
				cand[3] = xasprintf("%s/../share/neuron/scripts", exe);
			}
			free(exe);
			break;
		}
		free(exe);
		cap *= 2;
	}
	cand[4] = strdup(NR_DATADIR "/scripts");

	for (int i = 0; i < 5; i++) {
		if (!found && cand[i]) {
			char *style = path_join(cand[i], "style.gp");
			if (style && is_file(style)) {
				found = cand[i];
				cand[i] = NULL;
			}
			free(style);
		}
		free(cand[i]);
	}
	return found;
}

/* Writes s as a gnuplot single-quoted string ('' stands for '). */
static int put_quoted(FILE *fp, const char *s)
{
	if (fputc('\'', fp) == EOF)
		return -1;
	for (; *s; s++)
		if ((*s == '\'' && fputc('\'', fp) == EOF) || fputc(*s, fp) == EOF)
			return -1;
	return fputc('\'', fp) == EOF ? -1 : 0;
}

static int has_newline(const char *s)
{
	return strpbrk(s, "\n\r") != NULL;
}

/* Sends the jobs listed in `idx` (and with `verpath`, asks gnuplot to print
 * its version there); returns 0 or -1 when the pipe failed. */
static int send_jobs(FILE *gp, const struct plot_list *l, const char *scripts,
                     const char *const *tmp, const size_t *idx, size_t n,
                     const char *verpath)
{
	if (fprintf(gp, "nr_format = '%s'\n", plot_ext(l->format)) < 0)
		return -1;
	for (size_t k = 0; k < n; k++) {
		size_t i = idx[k];
		const struct plot_job *j = &l->jobs[i];
		char *script = xasprintf("%s/%s.gp", scripts, j->script);
		int bad = !script || fputs("call ", gp) == EOF || put_quoted(gp, script) ||
		          fputc(' ', gp) == EOF || put_quoted(gp, j->args[0]) ||
		          fputc(' ', gp) == EOF || put_quoted(gp, tmp[i]);
		free(script);
		for (size_t a = 1; a < j->nargs && !bad; a++)
			bad = fputc(' ', gp) == EOF || put_quoted(gp, j->args[a]);
		if (bad || fputc('\n', gp) == EOF || fflush(gp) == EOF)
			return -1;
	}
	if (verpath && (fputs("set print ", gp) == EOF || put_quoted(gp, verpath) ||
	    fputs("\nprint sprintf('%g patchlevel %s', GPVAL_VERSION, GPVAL_PATCHLEVEL)\n"
	          "unset print\n", gp) == EOF))
		return -1;
	return fflush(gp) == EOF ? -1 : 0;
}

/* The first line of `path` without its newline, or NULL. */
static char *first_line(const char *path)
{
	FILE *fp = fopen(path, "r");
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

static int has_messages(const char *errpath)
{
	struct stat st;
	return stat(errpath, &st) == 0 && st.st_size > 0;
}

/* Prints gnuplot's captured messages after our own line. */
static void show_messages(const char *errpath)
{
	FILE *fp = fopen(errpath, "r");
	char buf[4096];
	size_t n;

	if (!fp)
		return;
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		fwrite(buf, 1, n, stderr);
	fclose(fp);
}

/* One gnuplot process and the jobs it renders. */
struct worker {
	FILE *gp;
	char errpath[32];   /* its stderr, shown only if it fails */
	int errfd;
	size_t *idx, n;     /* indices of its jobs */
	unsigned cost;      /* sum of their costs */
	int sent;           /* 0, or -1 when writing to it failed */
};

/* As many gnuplot processes as there are processors (up to a few), never
 * more than jobs: each start-up is paid once per process, not per figure. */
static size_t worker_count(size_t jobs)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = cpus > 0 ? (size_t)cpus : 1;

	if (n > PLOT_MAX_WORKERS)
		n = PLOT_MAX_WORKERS;
	return n < jobs ? n : (jobs ? jobs : 1);
}

/* Longest job first, each to the least loaded process. */
static void assign(const struct plot_list *l, struct worker *w, size_t nw)
{
	for (unsigned cost = PLOT_MAX_COST; cost >= 1; cost--)
		for (size_t i = 0; i < l->n; i++) {
			if (l->jobs[i].cost != cost)
				continue;
			struct worker *least = &w[0];
			for (size_t k = 1; k < nw; k++)
				if (w[k].cost < least->cost)
					least = &w[k];
			least->idx[least->n++] = i;
			least->cost += cost;
		}
}

/* Turns gnuplot's wait status into a status and one line. */
static int check_exit(int ws, int sent, const char *gnuplot, const char *errpath)
{
	if (ws == -1)
		return nr_error(NR_EGNUPLOT, "cannot wait for gnuplot: %s", strerror(errno));
	if (WIFEXITED(ws) && WEXITSTATUS(ws) == 127)
		return nr_error(NR_EGNUPLOT, "gnuplot not found ('%s'): install gnuplot-nox, or set GNUPLOT", gnuplot);
	if (WIFEXITED(ws) && WEXITSTATUS(ws) == 126)
		return nr_error(NR_EGNUPLOT, "gnuplot ('%s') cannot be executed: check GNUPLOT", gnuplot);
	if (WIFSIGNALED(ws))
		return nr_error(NR_EGNUPLOT, "gnuplot ('%s') crashed with signal %d; no figure was changed",
		                gnuplot, WTERMSIG(ws));
	if (WEXITSTATUS(ws) != 0) {
		int said = has_messages(errpath);
		nr_error(NR_EGNUPLOT, "gnuplot ('%s') failed with exit status %d; no figure was changed%s",
		         gnuplot, WEXITSTATUS(ws), said ? ". It said:" : "");
		show_messages(errpath);
		return NR_EGNUPLOT;
	}
	if (sent != 0)
		return nr_error(NR_EGNUPLOT, "gnuplot ('%s') stopped reading its commands; no figure was changed", gnuplot);
	return NR_OK;
}

int plot_render(struct plot_list *l)
{
	struct outset out = OUTSET_INIT;
	const char **tmp = calloc(l->n ? l->n : 1, sizeof *tmp);
	char *scripts = find_scripts();
	const char *gnuplot = getenv("GNUPLOT");
	char verpath[] = "/tmp/neuron-gpversion-XXXXXX";
	size_t nw = worker_count(l->n);
	struct worker w[PLOT_MAX_WORKERS] = { 0 };
	int verfd = -1, st = NR_OK;

	if (!gnuplot || !*gnuplot)
		gnuplot = "gnuplot";
	for (size_t k = 0; k < nw; k++)
		w[k].errfd = -1;
	if (!tmp) {
		st = nr_error(NR_ENOMEM, "out of memory");
		goto done;
	}
	if (!scripts) {
		st = nr_error(NR_EGNUPLOT, "cannot find the gnuplot scripts (style.gp) next to the program or in %s/scripts: set NEURON_SCRIPTS to the scripts directory",
		              NR_DATADIR);
		goto done;
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct plot_job *j = &l->jobs[i];
		for (size_t a = 0; a < j->nargs; a++)
			if (has_newline(j->args[a])) {
				st = nr_error(NR_EGNUPLOT, "cannot pass '%s' to gnuplot: it contains a line break",
				              j->args[a]);
				goto done;
			}
		if (has_newline(j->output)) {
			st = nr_error(NR_EGNUPLOT, "cannot write '%s': it contains a line break", j->output);
			goto done;
		}
		if ((st = outset_reserve(&out, j->output, &tmp[i])))
			goto done;
	}
	if ((verfd = mkstemp(verpath)) < 0) {
		st = nr_error(NR_EIO, "cannot create a temporary file in /tmp: %s", strerror(errno));
		goto done;
	}
	for (size_t k = 0; k < nw; k++) {
		strcpy(w[k].errpath, "/tmp/neuron-gnuplot-XXXXXX");
		if ((w[k].errfd = mkstemp(w[k].errpath)) < 0) {
			st = nr_error(NR_EIO, "cannot create a temporary file in /tmp: %s", strerror(errno));
			goto done;
		}
		if (!(w[k].idx = calloc(l->n ? l->n : 1, sizeof *w[k].idx))) {
			st = nr_error(NR_ENOMEM, "out of memory");
			goto done;
		}
	}
	assign(l, w, nw);

	/* Start every process before waiting for any, so they run side by
	 * side. gnuplot's stderr goes to a file we show only on failure; its
	 * stdout (where it writes an image whose output file it cannot open)
	 * is discarded. The redirection comes first, so even the shell's "not
	 * found" is captured. */
	for (size_t k = 0; k < nw && !st; k++) {
		char *cmd = xasprintf("exec 2>'%s' >/dev/null; exec %s", w[k].errpath, gnuplot);
		if (!cmd)
			st = nr_error(NR_ENOMEM, "out of memory");
		else if (!(w[k].gp = popen(cmd, "w")))
			st = nr_error(NR_EGNUPLOT, "cannot start gnuplot ('%s'): %s", gnuplot, strerror(errno));
		else
			w[k].sent = send_jobs(w[k].gp, l, scripts, tmp, w[k].idx, w[k].n,
			                      k == 0 ? verpath : NULL);
		free(cmd);
	}
	for (size_t k = 0; k < nw; k++) {
		if (!w[k].gp)
			continue;
		int ws = pclose(w[k].gp);
		w[k].gp = NULL;
		if (!st)
			st = check_exit(ws, w[k].sent, gnuplot, w[k].errpath);
	}
	if (st)
		goto done;
	free(l->gnuplot_version);
	l->gnuplot_version = first_line(verpath);
	st = outset_commit(&out);
done:
	outset_abort(&out);
	for (size_t k = 0; k < nw; k++) {
		if (w[k].gp)
			pclose(w[k].gp);
		if (w[k].errfd >= 0) {
			close(w[k].errfd);
			unlink(w[k].errpath);
		}
		free(w[k].idx);
	}
	if (verfd >= 0) {
		close(verfd);
		unlink(verpath);
	}
	free(scripts);
	free(tmp);
	return st;
}
