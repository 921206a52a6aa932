/* latex.c - pdflatex processes inside the output transaction. */
#include "output/latex.h"
#include "base/err.h"
#include "base/quote.h"
#include "base/stop.h"
#include "output/txn.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* How many lines of the log a failure shows, and how wide. */
#define SHOWN_LINES 6
#define SHOWN_WIDTH 160

/* What the documents use (doc.c's report.tex, deck.c's slides.tex), and
 * the Debian package that has it. */
static const struct { const char *file, *package; } needed[] = {
	{ "article.cls", "texlive-latex-base" }, { "fix-cm.sty", "texlive-latex-base" },
	{ "amsmath.sty", "texlive-latex-base" },
	{ "graphicx.sty", "texlive-latex-base" }, { "calc.sty", "texlive-latex-base" },
	{ "geometry.sty", "texlive-latex-recommended" },
	{ "xcolor.sty", "texlive-latex-recommended" },
	{ "booktabs.sty", "texlive-latex-recommended" },
	{ "microtype.sty", "texlive-latex-recommended" },
	{ "beamer.cls", "texlive-latex-recommended" },
	{ "pgfcore.sty", "texlive-pictures" },   /* beamer draws with pgf */
};
#define N_NEEDED (sizeof needed / sizeof needed[0])

/* The path of `prog` (as given when it names a file, else the first
 * executable of that name on PATH), newly allocated, or NULL. */
static char *find_program(const char *prog)
{
	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0 ? strdup(prog) : NULL;
	const char *path = getenv("PATH");
	for (const char *p = path ? path : "/usr/bin:/bin"; ; p++) {
		size_t len = strcspn(p, ":");
		char *file = xasprintf("%.*s%s%s", (int)len, p, len ? "/" : "", prog);
		struct stat st;
		if (file && stat(file, &st) == 0 && S_ISREG(st.st_mode) && access(file, X_OK) == 0)
			return file;
		free(file);
		p += len;
		if (!*p)
			return NULL;
	}
}

/* Runs argv (a program found on PATH) with stdout into buf (at most cap
 * bytes, NUL-terminated); returns its exit status, or -1. */
static int capture(char *const *argv, char *buf, size_t cap)
{
	int fd[2];

	if (pipe2(fd, O_CLOEXEC) != 0)
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(fd[1], 1);
		dup2(null, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fd[1]);
	size_t got = 0;
	for (ssize_t r; pid > 0 && got + 1 < cap &&
	                (r = read(fd[0], buf + got, cap - 1 - got)) != 0;) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		got += (size_t)r;
	}
	buf[got] = '\0';
	close(fd[0]);
	int ws;
	if (pid < 0)
		return -1;
	while (waitpid(pid, &ws, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
}

int latex_find(struct latex *lx, char **why)
{
	const char *prog = getenv("PDFLATEX");

	*why = NULL;
	if (!prog || !*prog)
		prog = "pdflatex";
	free(lx->program);
	if (!(lx->program = find_program(prog))) {
		*why = xasprintf("%s not found (install texlive-latex-recommended, or set PDFLATEX)", prog);
		return *why ? 0 : -1;
	}
	/* kpsewhich prints the path of every file it finds, one a line. */
	char *argv[N_NEEDED + 2], found[8192];
	argv[0] = "kpsewhich";
	for (size_t i = 0; i < N_NEEDED; i++)
		argv[i + 1] = (char *)needed[i].file;
	argv[N_NEEDED + 1] = NULL;
	int rc = capture(argv, found, sizeof found);
	if (rc < 0 || rc >= 126)
		return 1;   /* no kpsewhich to ask: let pdflatex say what it lacks */
	for (size_t i = 0; i < N_NEEDED; i++) {
		char *tail = xasprintf("/%s\n", needed[i].file);
		int ok = tail && strstr(found, tail);
		free(tail);
		if (!ok) {
			*why = xasprintf("LaTeX lacks %s (install %s)", needed[i].file, needed[i].package);
			return *why ? 0 : -1;
		}
	}
	return 1;
}

/* Starts the next pass of document d: pdflatex in the stage, quiet, its
 * files in the build folder. */
static int spawn(struct latex *lx, struct latex_doc *d, const char *stage)
{
	char *tex = xasprintf("%s.tex", d->name);

	if (!tex)
		return nr_oom();
	char *const argv[] = {
		lx->program, "-interaction=nonstopmode", "-halt-on-error", "-file-line-error",
		"-no-shell-escape", "-output-directory=" LATEX_BUILD, tex, NULL
	};
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		if (null < 0 || chdir(stage) != 0)
			_exit(126);
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	free(tex);
	if (pid < 0)
		return nr_error(NR_ELATEX, "cannot start pdflatex: %s", strerror(errno));
	d->pid = pid;
	d->passes++;
	return NR_OK;
}

int latex_start(struct latex *lx, struct txn *t, const char *const *names, size_t n)
{
	char *build = xasprintf("%s/%s", txn_stage(t), LATEX_BUILD);

	if (!build)
		return nr_oom();
	if (mkdir(build, 0777) != 0 && errno != EEXIST) {
		int e = errno;
		free(build);
		return nr_error(NR_EIO, "cannot make a folder for pdflatex in the output directory: %s",
		                strerror(e));
	}
	free(build);
	for (size_t i = 0; i < n && i < LATEX_DOCS_MAX; i++) {
		struct latex_doc *d = &lx->doc[lx->n];
		memset(d, 0, sizeof *d);
		if (!(d->name = strdup(names[i])))
			return nr_oom();
		lx->n++;
		int st = spawn(lx, d, txn_stage(t));
		if (st)
			return st;
	}
	return NR_OK;
}

/* A line of the log for a message: control characters blanked, cut. */
static void show(const char *prefix, char *line)
{
	for (char *c = line; *c; c++)
		if ((unsigned char)*c < 0x20)
			*c = ' ';
	fprintf(stderr, "%s%.*s%s\n", prefix, SHOWN_WIDTH, line,
	        strlen(line) > SHOWN_WIDTH ? "..." : "");
}

/*
 * The error of a failed pass, from its log: the first line in the form
 * "file:line: message" (-file-line-error), else the first "! message",
 * on one line, then the lines after it (the source line TeX stopped at).
 */
static int report_failure(const char *log, const char *name, int code)
{
	FILE *fp = fopen(log, "re");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int shown = -1;

	while (fp && (len = getline(&line, &cap, fp)) > 0 && shown < SHOWN_LINES) {
		line[strcspn(line, "\r\n")] = '\0';
		if (shown >= 0) {
			if (!*line)
				break;
			show("  pdflatex: ", line);
			shown++;
			continue;
		}
		char *colon = strchr(line, ':');
		int located = colon && colon > line && !strchr(" (", line[0]) &&
		              colon[1] >= '0' && colon[1] <= '9' &&
		              strstr(colon + 1, ": ") == colon + 1 + strspn(colon + 1, "0123456789");
		if (located || line[0] == '!') {
			char *at = line + (located && !strncmp(line, "./", 2) ? 2 : 0);
			nr_error(NR_ELATEX, "%s.tex does not compile: %s", name,
			         located ? at : line + 1 + strspn(line + 1, " "));
			shown = 0;
		}
	}
	free(line);
	if (fp)
		fclose(fp);
	if (shown < 0)
		nr_error(NR_ELATEX, "pdflatex failed on %s.tex with exit status %d and no message in its log",
		         name, code);
	fputs("  (no PDF was written; the outputs are as they were)\n", stderr);
	return NR_ELATEX;
}

/* Reads the pass's log: whether it asks for another pass, and how many
 * pages it wrote. */
static int read_log(const char *log, long *pages, int *rerun)
{
	FILE *fp = fopen(log, "re");
	char *line = NULL;
	size_t cap = 0;

	*rerun = 0;
	*pages = 0;
	if (!fp)
		return nr_error(NR_ELATEX, "pdflatex left no log ('%s')", log);
	while (getline(&line, &cap, fp) > 0) {
		const char *out = strstr(line, "Output written on ");
		const char *paren = out ? strstr(out, " (") : NULL;
		if (paren)
			*pages = strtol(paren + 2, NULL, 10);
		*rerun |= strstr(line, "Rerun to get") != NULL || strstr(line, "Rerun LaTeX") != NULL;
	}
	free(line);
	fclose(fp);
	return NR_OK;
}

static void stop_all(struct latex *lx)
{
	for (size_t i = 0; i < lx->n; i++)
		if (lx->doc[i].pid > 0) {
			kill(lx->doc[i].pid, SIGTERM);
			while (waitpid(lx->doc[i].pid, NULL, 0) < 0 && errno == EINTR)
				;
			lx->doc[i].pid = 0;
		}
}

/* Waits for document d until it is finished: passes again while its log
 * asks for it. */
static int finish(struct latex *lx, struct latex_doc *d, const char *stage,
                  const volatile sig_atomic_t *stop)
{
	for (;;) {
		int ws, r = stop_wait_exit(d->pid, stop);
		struct rusage ru;
		if (r == 1)
			return NR_EINTR;
		while (r == 0 && wait4(d->pid, &ws, 0, &ru) < 0)
			r = errno == EINTR ? 0 : -1;
		if (r < 0)
			return nr_error(NR_ELATEX, "cannot wait for pdflatex: %s", strerror(errno));
		d->pid = 0;
		d->cpu += (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
		          (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
		if (WIFSIGNALED(ws)) {
			int sig = WTERMSIG(ws);
			if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP)
				return NR_EINTR;
			return nr_error(NR_ELATEX, "pdflatex crashed with signal %d on %s.tex", sig, d->name);
		}
		int code = WEXITSTATUS(ws);
		if (code == 127 || code == 126)
			return nr_error(NR_ELATEX, "cannot run pdflatex ('%s'): install texlive-latex-recommended, or set PDFLATEX",
			                lx->program);
		char *log = xasprintf("%s/%s/%s.log", stage, LATEX_BUILD, d->name);
		int rerun, st;
		if (!log)
			return nr_oom();
		if (code != 0)
			st = report_failure(log, d->name, code);
		else
			st = read_log(log, &d->pages, &rerun);
		free(log);
		if (st)
			return st;
		if (!rerun || d->passes == LATEX_PASSES)
			return d->pages > 0 ? NR_OK
			                    : nr_error(NR_ELATEX, "%s.tex makes no page", d->name);
		if ((st = spawn(lx, d, stage)))
			return st;
	}
}

/* Moves <build>/<name>.<ext> into the stage as the output <name>.<ext>. */
static int adopt(struct txn *t, const char *name, const char *ext)
{
	char *rel = xasprintf("%s.%s", name, ext);
	char *from = xasprintf("%s/%s/%s.%s", txn_stage(t), LATEX_BUILD, name, ext);
	char *to = xasprintf("%s/%s.%s", txn_stage(t), name, ext);
	int st = NR_OK;

	if (!rel || !from || !to)
		st = nr_oom();
	else if (!(st = txn_reserve(t, rel)) && rename(from, to) != 0)
		st = nr_error(NR_EIO, "cannot keep %s: %s", rel, strerror(errno));
	free(rel);
	free(from);
	free(to);
	return st;
}

int latex_wait(struct latex *lx, struct txn *t, const volatile sig_atomic_t *stop)
{
	struct timespec from, now;
	int st = NR_OK;

	clock_gettime(CLOCK_MONOTONIC, &from);
	for (size_t i = 0; i < lx->n && !st; i++)
		st = finish(lx, &lx->doc[i], txn_stage(t), stop);
	if (st) {
		stop_all(lx);
		return st;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	lx->waited = (double)(now.tv_sec - from.tv_sec) + (double)(now.tv_nsec - from.tv_nsec) / 1e9;
	for (size_t i = 0; i < lx->n && !st; i++)
		if (!(st = adopt(t, lx->doc[i].name, "pdf")))
			st = adopt(t, lx->doc[i].name, "log");
	return st;
}

char *latex_command(const char *dir, const char *const *names, size_t n)
{
	char *cmd = strdup("latexmk -pdf -cd");

	for (size_t i = 0; i < n && cmd; i++) {
		char *path = xasprintf("%s/%s.tex", dir, names[i]);
		char *word = path ? quote_shell_word(path) : NULL;
		char *more = word ? xasprintf("%s %s", cmd, word) : NULL;
		free(path);
		free(word);
		free(cmd);
		cmd = more;
	}
	return cmd;
}

void latex_free(struct latex *lx)
{
	stop_all(lx);
	for (size_t i = 0; i < lx->n; i++)
		free(lx->doc[i].name);
	free(lx->program);
	memset(lx, 0, sizeof *lx);
}
