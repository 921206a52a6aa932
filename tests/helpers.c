/* helpers.c - test fixtures (see helpers.h). */
#include "helpers.h"
#include "base/csvio.h"
#include "base/err.h"
#include "base/hash.h"
#include "output/plot.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int same_double(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

const char *tmp_base(void)
{
	static const char *base;
	struct stat st;

	if (!base)
		base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
		       access("/dev/shm", W_OK | X_OK) == 0 ? "/dev/shm" : "/tmp";
	return base;
}

char *tmpdir_new(void)
{
	char *d = xasprintf("%s/neuron-test-XXXXXX", tmp_base());

	if (!d || !mkdtemp(d)) {
		CU_FAIL_FATAL("cannot create a temporary directory");
	}
	return d;
}

char *chromium_command(const char *dir)
{
	/* dir is tmp_base()'s and mkdtemp's: no quote in it. */
	return xasprintf("chromium --headless --no-sandbox --disable-gpu --no-first-run "
	                 "--disable-background-networking --disable-component-update "
	                 "--disable-sync --user-data-dir='%s/chromium-profile'", dir);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	chmod(path, 0700);
	return remove(path);
}

void rm_rf(const char *path)
{
	if (path)
		nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!fp)
		return NULL;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = 2 * (n + 4096 + 1);
			char *b = realloc(buf, cap);
			if (!b) {
				free(buf);
				fclose(fp);
				return NULL;
			}
			buf = b;
		}
		size_t got = fread(buf + n, 1, 4096, fp);
		n += got;
		if (got < 4096)
			break;
	}
	fclose(fp);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int png_zlib_level(const unsigned char *b, size_t len)
{
	if (len < 8 || memcmp(b, "\x89PNG\r\n\x1a\n", 8))
		return -1;
	for (size_t at = 8; len - at >= 12;) {
		uint32_t n = be32(b + at);
		if (n > len - at - 12)
			return -1;
		if (!memcmp(b + at + 4, "IDAT", 4))
			/* A zlib stream: CM 8 (deflate) in CMF, FLEVEL in FLG's top bits. */
			return n >= 2 && (b[at + 8] & 0x0f) == 8 ? b[at + 9] >> 6 : -1;
		at += 12 + (size_t)n;
	}
	return -1;
}

int gnuplot_run(const char *dir, const char *script, const char *preload)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		if (chdir(dir) != 0 || null < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
			_exit(126);
		if (preload ? setenv("LD_PRELOAD", preload, 1) : unsetenv("LD_PRELOAD"))
			_exit(126);
		execlp("gnuplot", "gnuplot", script, (char *)NULL);
		_exit(127);
	}
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

char *png_pixels(const char *dir, const char *name)
{
	char *script = path_join(dir, "dump.gp"), *text = xasprintf(
		"set table '%s.txt'\nplot '%s.png' binary filetype=png with rgbimage notitle\n"
		"unset table\n", name, name);
	write_file(script, text);
	CU_ASSERT_EQUAL(gnuplot_run(dir, "dump.gp", NULL), 0);
	char *table = xasprintf("%s/%s.txt", dir, name), *all = slurp(table, NULL);
	char *out = all ? malloc(strlen(all) + 1) : NULL, *o = out;
	for (const char *line = all; out && *line;) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) + 1 : strlen(line);
		if (line[0] != '#' && n > 1) {
			memcpy(o, line, n);
			o += n;
		}
		line += n;
	}
	if (o)
		*o = '\0';
	free(all); free(table); free(text); free(script);
	return out;
}

void check_image(const char *dir, const char *name, const char *ext, unsigned w, unsigned h)
{
	char *path = xasprintf("%s/%s.%s", dir, name, ext);
	size_t len = 0;
	unsigned char *b = path ? (unsigned char *)slurp(path, &len) : NULL;

	CU_ASSERT_PTR_NOT_NULL(b);
	if (!b) {
		fprintf(stderr, "\n  missing image: %s\n", path);
	} else if (!strcmp(ext, "png")) {
		CU_ASSERT(len > 1000 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8) &&
		          !memcmp(b + 12, "IHDR", 4));
		CU_ASSERT_EQUAL(be32(b + 16), w);
		CU_ASSERT_EQUAL(be32(b + 20), h);
		/* Packed as the program's library packs (zlib level 3, "fast"),
		 * or by gnuplot's defaults where the program cannot preload it. */
		CU_ASSERT_EQUAL(png_zlib_level(b, len),
		                preload_usable() ? PNG_LEVEL_FAST : PNG_LEVEL_DEFAULT);
	} else if (!strcmp(ext, "svg")) {
		CU_ASSERT(len > 1000 && strstr((char *)b, "<svg") && strstr((char *)b, "</svg>"));
	} else {
		CU_ASSERT(len > 1000 && !memcmp(b, "%PDF-", 5) &&
		          memmem(b + len - 32, 32, "%%EOF", 5) != NULL);
	}
	free(b);
	free(path);
}

static char **digest_lines;
static size_t digest_n, digest_cap;
static size_t digest_skip;

static int digest_one(const char *path, const struct stat *st, int type, struct FTW *f)
{
	struct hash h;
	uint64_t size = 0;

	if (type != FTW_F || !strcmp(path + f->base, ".neuron-lock"))
		return 0;
	hash_init(&h);
	if (hash_file(&h, path, &size) != 0)
		size = (uint64_t)-1;
	char **v = grow(digest_lines, &digest_cap, digest_n + 1, sizeof *v);
	if (!v)
		return 1;
	digest_lines = v;
	digest_lines[digest_n++] = xasprintf("%s %lld %016llx", path + digest_skip,
	                                     (long long)st->st_size, (unsigned long long)hash_final(&h));
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *tree_digest(const char *dir)
{
	char *out = strdup("");

	digest_n = 0;
	digest_skip = strlen(dir);
	nftw(dir, digest_one, 16, FTW_PHYS);
	qsort(digest_lines, digest_n, sizeof *digest_lines, cmp_str);
	for (size_t i = 0; i < digest_n; i++) {
		char *more = out ? xasprintf("%s%s\n", out, digest_lines[i]) : NULL;
		free(out);
		out = more;
		free(digest_lines[i]);
	}
	free(digest_lines);
	digest_lines = NULL;
	digest_cap = digest_n = 0;
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	return out;
}

void capture_begin(struct capture *c)
{
	strcpy(c->path, "/tmp/neuron-stderr-XXXXXX");
	int fd = mkstemp(c->path);
	CU_ASSERT_FATAL(fd >= 0);
	fflush(stderr);
	c->saved_fd = dup(2);
	dup2(fd, 2);
	close(fd);
}

char *capture_end(struct capture *c)
{
	fflush(stderr);
	dup2(c->saved_fd, 2);
	close(c->saved_fd);
	char *text = slurp(c->path, NULL);
	unlink(c->path);
	return text;
}

char *path_join(const char *dir, const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

int file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

int dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

int output_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0, stage = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (!strncmp(e->d_name, ".neuron-stage-", 14))
			stage = 1;
		else if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		         strcmp(e->d_name, ".neuron-lock") && strcmp(e->d_name, ".neuron-manifest"))
			n++;
	}
	closedir(d);
	return stage ? -1 : n;
}

int has_stage(void *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int stage = 0;

	while (d && !stage && (e = readdir(d)))
		stage = !strncmp(e->d_name, ".neuron-stage-", 14);
	if (d)
		closedir(d);
	return stage;
}

void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fputs(text, fp);
	CU_ASSERT_EQUAL(fclose(fp), 0);
}

/* The child's side of run_neuron_with(): descriptors, limits, identity. */
static void child_setup(const struct spawn_opts *o, int out_fd, int err_fd)
{
	int devnull = open("/dev/null", O_RDONLY);
	dup2(devnull, 0);
	if (o && o->stdout_path) {
		int fd = open(o->stdout_path, O_WRONLY);
		if (fd < 0)
			_exit(126);
		dup2(fd, 1);
	} else {
		dup2(out_fd, 1);
	}
	dup2(err_fd, 2);
	for (int fd = 3; o && o->busy_fds && fd <= 9; fd++)
		if (dup2(devnull, fd) != fd)
			_exit(126);
	if (o && o->fsize_limit > 0) {
		struct rlimit rl = { (rlim_t)o->fsize_limit, (rlim_t)o->fsize_limit };
		/* An ignored SIGXFSZ stays ignored across exec: the write fails
		 * with EFBIG instead of killing the process, as on a full disk. */
		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
			_exit(126);
	}
	/* No LaTeX unless a test asks for it (helpers.h). */
	if (setenv("PDFLATEX", NO_PDFLATEX, 1) != 0)
		_exit(126);
	if (o && o->unprivileged && geteuid() == 0 &&
	    (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0))
		_exit(126);
	for (size_t i = 0; o && o->env && o->env[i]; i++) {
		const char *eq = strchr(o->env[i], '=');
		if (eq) {
			char *name = strndup(o->env[i], (size_t)(eq - o->env[i]));
			if (!name || setenv(name, eq + 1, 1) != 0)
				_exit(126);
			free(name);
		} else {
			unsetenv(o->env[i]);
		}
	}
	if (o && o->cwd && chdir(o->cwd) != 0)
		_exit(126);
}

static char *bin_path, *fake_dir, *fake_path;

const char *neuron_path(void)
{
	if (!bin_path)
		bin_path = realpath(NEURON_BIN, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(bin_path);
	return bin_path;
}

const char *preload_library(void)
{
	static char lib[4096];

	if (!lib[0]) {
		const char *bin = neuron_path(), *slash = strrchr(bin, '/');
		snprintf(lib, sizeof lib, "%.*s/" PLOT_PRELOAD, (int)(slash - bin), bin);
	}
	CU_ASSERT_FATAL(file_exists(lib));
	return lib;
}

int preload_usable(void)
{
	return !strpbrk(preload_library(), ": \t\n\r\v\f");
}

const char *fake_gnuplot(void)
{
	/* One awk reads the jobs (a shell's `read` takes a system call a
	 * byte): mawk, Debian's, with -W interactive, or it would wait for a
	 * full buffer while the program waits for it to exit. Each logged line
	 * is one write (several fakes append to one log). Names and texts come
	 * from ENVIRON, which, unlike -v, keeps backslashes. A stop signal to
	 * the fake (the program stops its gnuplots so) ends its awk, waits for
	 * it, and then ends the fake by that signal, as it would end gnuplot:
	 * no awk is left writing into a folder the program is removing. */
	static const char script[] =
		"#!/bin/sh\n"
		"# the tests' stand-in for gnuplot (helpers.h)\n"
		"awk=\n"
		"stop() { [ -n \"$awk\" ] && kill \"$awk\" 2>/dev/null && wait \"$awk\"\n"
		"        trap - \"$1\"; kill -\"$1\" $$; }\n"
		"trap 'stop INT' INT; trap 'stop TERM' TERM; trap 'stop HUP' HUP\n"
		"if command -v mawk >/dev/null; then set -- mawk -W interactive; else set -- awk; fi\n"
		"exec 3<&0\n"   /* a background job's own stdin is /dev/null */
		"\"$@\" '\n"
		"BEGIN { lg = ENVIRON[\"FAKE_GNUPLOT_LOG\"]; tex = ENVIRON[\"FAKE_GNUPLOT_TEX\"]\n"
		"        if (tex == \"\") tex = \"fake image\"; q = sprintf(\"%c\", 39) }\n"
		"lg != \"\" { print >> lg; fflush(lg) }\n"
		"index($0, \"nr_out = \" q) == 1 {\n"
		"\tf = substr($0, 11); if (substr(f, length(f)) == q) f = substr(f, 1, length(f) - 1)\n"
		"\tprint (f ~ /\\.tex$/ ? tex : \"fake image\") > f; close(f)\n"
		"\tif (f ~ /\\.tex$/) { p = substr(f, 1, length(f) - 4) \".pdf\"; print \"fake image\" > p; close(p) }\n"
		"}\n"
		"$0 == \"set print \" q \".gnuplot-version\" q {\n"
		"\tprint \"5.4 patchlevel 4 (fake)\" > \".gnuplot-version\"; close(\".gnuplot-version\")\n"
		"}\n"
		"$0 == \"exit\" { exit }' <&3 3<&- &\n"
		"awk=$!\n"
		"wait \"$awk\"\n"
		"[ -n \"$FAKE_GNUPLOT_READY\" ] && : > \"$FAKE_GNUPLOT_READY\"\n"
		"[ -n \"$FAKE_GNUPLOT_SLEEP\" ] && exec sleep \"$FAKE_GNUPLOT_SLEEP\"\n"
		"exit \"${FAKE_GNUPLOT_EXIT:-0}\"\n";

	if (!fake_path) {
		fake_dir = tmpdir_new();
		fake_path = path_join(fake_dir, "fake-gnuplot");
		write_file(fake_path, script);
		CU_ASSERT_EQUAL_FATAL(chmod(fake_path, 0755), 0);
	}
	return fake_path;
}

void helpers_cleanup(void)
{
	rm_rf(fake_dir);
	free(fake_dir);
	free(fake_path);
	free(bin_path);
	fake_dir = fake_path = bin_path = NULL;
}

static int run_argv(struct proc *p, const struct spawn_opts *o, const char **argv)
{
	char out_path[] = "/tmp/neuron-out-XXXXXX", err_path[] = "/tmp/neuron-err-XXXXXX";
	int out_fd = mkstemp(out_path), err_fd = mkstemp(err_path);

	CU_ASSERT_FATAL(out_fd >= 0 && err_fd >= 0);
	fflush(NULL);
	pid_t pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		/* Opened before child_setup may become an unprivileged user, who
		 * need not reach the build tree (a clone in a private mktemp -d):
		 * the program itself is executable by everyone. */
		int bin = open(argv[0], O_RDONLY | O_CLOEXEC);
		child_setup(o, out_fd, err_fd);
		if (bin >= 0)
			fexecve(bin, (char *const *)argv, environ);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	int status;
	waitpid(pid, &status, 0);
	p->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	p->out = slurp(out_path, NULL);
	p->err = slurp(err_path, NULL);
	close(out_fd);
	close(err_fd);
	unlink(out_path);
	unlink(err_path);
	CU_ASSERT_FATAL(p->out && p->err);
	return p->status;
}

/* Collects the NULL-terminated arguments after the program name. */
#define COLLECT_ARGS(argv, arg) do { \
	va_list ap; \
	int argc = 1; \
	va_start(ap, arg); \
	for (const char *a = arg; a && argc < 63; a = va_arg(ap, const char *)) \
		argv[argc++] = a; \
	va_end(ap); \
	argv[argc] = NULL; \
} while (0)

int run_neuron(struct proc *p, const char *arg, ...)
{
	const char *argv[64] = { neuron_path() };

	COLLECT_ARGS(argv, arg);
	return run_argv(p, NULL, argv);
}

int run_neuron_with(struct proc *p, const struct spawn_opts *o, const char *arg, ...)
{
	const char *argv[64] = { neuron_path() };

	COLLECT_ARGS(argv, arg);
	return run_argv(p, o, argv);
}

int spawn_neuron(const char *const *args, int out_fd, int err_fd)
{
	const char *argv[64] = { neuron_path() };
	int argc = 1;

	for (; args[argc - 1] && argc < 63; argc++)
		argv[argc] = args[argc - 1];
	argv[argc] = NULL;
	fflush(NULL);
	pid_t pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		child_setup(NULL, out_fd, err_fd);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	return (int)pid;
}

int wait_neuron(int pid)
{
	int status;

	if (waitpid((pid_t)pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int wait_until(int (*cond)(void *ctx), void *ctx, double seconds)
{
	struct timespec tick = { 0, 10000000 };
	int ok;

	for (double t = 0; !(ok = cond(ctx)) && t < seconds; t += 0.01)
		nanosleep(&tick, NULL);
	return ok;
}

void proc_free(struct proc *p)
{
	free(p->out);
	free(p->err);
	p->out = p->err = NULL;
}

size_t count_of(const char *text, const char *what)
{
	size_t n = 0;

	for (const char *p = text; p && (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static int add_row(void *ctx, char *const *fields, size_t nfields, unsigned long line)
{
	struct table *t = ctx;

	(void)line;
	if (t->rows == 0)
		t->cols = nfields;
	if (nfields != t->cols) {
		t->ragged = 1;
		return NR_OK;
	}
	char **cell = realloc(t->cell, (t->rows + 1) * t->cols * sizeof *cell);
	if (!cell)
		return NR_ENOMEM;
	t->cell = cell;
	for (size_t i = 0; i < nfields; i++)
		t->cell[t->rows * t->cols + i] = strdup(fields[i]);
	t->rows++;
	return NR_OK;
}

int table_read(const char *path, struct table *t)
{
	memset(t, 0, sizeof *t);
	return csv_read(path, add_row, t);
}

const char *table_at(const struct table *t, size_t row, size_t col)
{
	if (row >= t->rows || col >= t->cols)
		return "";
	return t->cell[row * t->cols + col];
}

double table_num(const struct table *t, size_t row, size_t col)
{
	char *end;
	const char *s = table_at(t, row, col);
	double v = strtod(s, &end);

	CU_ASSERT(end != s && *end == '\0');
	return v;
}

void table_free(struct table *t)
{
	for (size_t i = 0; i < t->rows * t->cols; i++)
		free(t->cell[i]);
	free(t->cell);
	memset(t, 0, sizeof *t);
}

/* The cells after the first of the Markdown table row whose first cell is
 * `first` (exactly), into cells; returns how many. */
int md_row(const char *md, const char *first, char cells[][96], int max)
{
	char *needle = xasprintf("\n| %s |", first);
	const char *at = strstr(md, needle);
	int n = 0;

	if (at) {
		at += strlen(needle);
		const char *end = strchr(at, '\n');
		while (n < max && at < end) {
			while (*at == ' ')
				at++;
			size_t len = 0;
			while (at + len < end && !(at[len] == '|' && at[len - 1] != '\\'))
				len++;
			size_t trim = len;
			while (trim > 0 && at[trim - 1] == ' ')
				trim--;
			snprintf(cells[n++], 96, "%.*s", (int)trim, at);
			at += len + 1;
		}
	}
	free(needle);
	return n;
}

int states_collect(void *ctx, const struct train_state *s, int final)
{
	struct states *c = ctx;

	(void)final;
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 1024;
		struct train_state *more = realloc(c->s, cap * sizeof *more);
		if (!more)
			return NR_ENOMEM;
		c->s = more;
		c->cap = cap;
	}
	c->s[c->n++] = *s;
	return NR_OK;
}

int no_pwn(const char *dir)
{
	char *cmd = xasprintf("test -z \"$(find \"$NEURON_DIR\" -name 'PWN*' -print)\"");
	setenv("NEURON_DIR", dir, 1);
	int ok = system(cmd) == 0;
	unsetenv("NEURON_DIR");
	free(cmd);
	return ok;
}

struct table table_load(const char *dir, const char *name)
{
	struct table t = { 0 };
	char *path = path_join(dir, name);

	CU_ASSERT_EQUAL(table_read(path, &t), 0);
	CU_ASSERT_FALSE(t.ragged);
	free(path);
	return t;
}

int table_col(const struct table *t, const char *name)
{
	for (size_t c = 0; c < t->cols; c++)
		if (!strcmp(table_at(t, 0, c), name))
			return (int)c;
	fprintf(stderr, "\n  no column %s\n", name);
	CU_FAIL_FATAL("a column is missing");
	return -1;
}
