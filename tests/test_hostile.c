/*
 * test_hostile.c - file names as a hostile user types them.
 *
 * gnuplot reads a name starting with '<' as a shell pipe, '|' as an
 * output pipe, '~' as $HOME, '$' as a datablock; a shell reads quotes,
 * ';', backquotes and $(...). Every such name, for --out and for --data,
 * must be a plain name: the report completes, every output lands inside
 * the given directory, nothing runs (no file PWN appears anywhere), and
 * nothing is written anywhere else (not in $HOME, not in $TMPDIR, not in
 * the working directory). The battery runs with the fake gnuplot, which
 * records what it is sent: none of these names may reach it. The shared
 * reports (reports.h) run the same kind of names through the real gnuplot.
 */
#include <CUnit/CUnit.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "helpers.h"
#include "reports.h"
#include "suites.h"

static const char *const names[] = {
	"<touch PWN;x", "|touch PWN;x", "~", "$db", "$HOME", "-", "+", "++", "-rf",
	"it's", "a \"b\" c", "a;touch PWN", "`touch PWN`", "$(touch PWN)", "new\nline",
	"tab\there", "*", "%s%n%x", "back\\slash", "!#&|", "名前 ünïcödé", "<&0",
};
#define N_NAMES (sizeof names / sizeof names[0])

/* The outputs every report must have made inside its directory. */
static const char *const outputs[] = {
	"report.html", "report.md", "trace.csv", "predictions.csv", "fit.png", "fit.gif",
	"landscape.png", "summary.csv", "figures.gp", "scripts/style.gp",
};

struct sandbox {
	char *root, *home, *tmp, *log;
	char *env_home, *env_tmp, *env_gp, *env_log;
	const char *env[5];
};

static void sandbox_make(struct sandbox *s)
{
	s->root = tmpdir_new();
	s->home = path_join(s->root, "home");
	s->tmp = path_join(s->root, "tmp");
	s->log = path_join(s->root, "gnuplot.log");
	CU_ASSERT_FATAL(mkdir(s->home, 0777) == 0 && mkdir(s->tmp, 0777) == 0);
	s->env_home = xasprintf("HOME=%s", s->home);
	s->env_tmp = xasprintf("TMPDIR=%s", s->tmp);
	s->env_gp = xasprintf("GNUPLOT=%s", fake_gnuplot());
	s->env_log = xasprintf("FAKE_GNUPLOT_LOG=%s", s->log);
	s->env[0] = s->env_home;
	s->env[1] = s->env_tmp;
	s->env[2] = s->env_gp;
	s->env[3] = s->env_log;
	s->env[4] = NULL;
}

static void sandbox_free(struct sandbox *s)
{
	rm_rf(s->root);
	free(s->root); free(s->home); free(s->tmp); free(s->log);
	free(s->env_home); free(s->env_tmp); free(s->env_gp); free(s->env_log);
}

/* HOME and TMPDIR are still empty, and the gnuplot log never saw `name`. */
static void check_clean(const struct sandbox *s, const char *name)
{
	CU_ASSERT_EQUAL(dir_entries(s->home), 0);
	CU_ASSERT_EQUAL(dir_entries(s->tmp), 0);
	CU_ASSERT(no_pwn(s->root));
	char *sent = slurp(s->log, NULL);
	CU_ASSERT_PTR_NOT_NULL(sent);
	if (sent && strlen(name) > 2 && strstr(sent, name)) {
		CU_FAIL("a name the user typed reached gnuplot");
		fprintf(stderr, "\n  sent to gnuplot: '%s'\n", name);
	}
	free(sent);
}

static void test_hostile_output_directories_are_plain_names(void)
{
	struct sandbox s;
	struct spawn_opts o;

	sandbox_make(&s);
	o = (struct spawn_opts){ .cwd = s.root, .env = s.env };
	for (size_t i = 0; i < N_NAMES; i++) {
		struct proc p;
		run_neuron_with(&p, &o, "report", "--iters", "20", "--lrs", "1e-4", "--out", names[i], NULL);
		CU_ASSERT_EQUAL(p.status, 0);
		if (p.status)
			fprintf(stderr, "\n  --out '%s': %s", names[i], p.err);
		char *dir = path_join(s.root, names[i]);
		for (size_t k = 0; k < sizeof outputs / sizeof outputs[0]; k++) {
			char *f = path_join(dir, outputs[k]);
			CU_ASSERT(file_exists(f));
			free(f);
		}
		CU_ASSERT(output_entries(dir) > 20);
		check_clean(&s, names[i]);
		proc_free(&p);
		free(dir);
	}
	/* The sandbox holds the output directories and nothing else. */
	CU_ASSERT_EQUAL(dir_entries(s.root), (int)N_NAMES + 3);
	sandbox_free(&s);
}

static void test_hostile_data_file_names_are_plain_names(void)
{
	struct sandbox s;
	struct spawn_opts o;

	sandbox_make(&s);
	o = (struct spawn_opts){ .cwd = s.root, .env = s.env };
	char *out = path_join(s.root, "out");
	for (size_t i = 0; i < N_NAMES; i++) {
		char *data = path_join(s.root, names[i]);
		struct proc p;
		write_file(data, "x,y\n1,3\n2,5\n3,7.5\n");
		run_neuron_with(&p, &o, "report", "--iters", "20", "--lrs", "1e-3", "--data", names[i],
		                "--out", "out", NULL);
		CU_ASSERT_EQUAL(p.status, 0);
		if (p.status)
			fprintf(stderr, "\n  --data '%s': %s", names[i], p.err);
		char *html = path_join(out, "report.html");
		char *text = slurp(html, NULL);
		/* The name is shown, escaped: never as markup. */
		CU_ASSERT(text && !strstr(text, "<touch") && !strstr(text, "<&0"));
		free(text);
		free(html);
		check_clean(&s, names[i]);
		proc_free(&p);
		remove(data);
		free(data);
	}
	free(out);
	sandbox_free(&s);
}

/* The shared reports ran real gnuplot with such names: nothing ran and
 * nothing was written outside their directories. */
static void test_the_real_gnuplot_ran_nothing_for_the_shared_reports(void)
{
	int n;
	const struct shared_report *all = shared_reports(&n);
	char *home = path_join(sandbox_dir(), "home"), *tmp = path_join(sandbox_dir(), "tmp");

	CU_ASSERT(no_pwn(sandbox_dir()));
	CU_ASSERT_EQUAL(dir_entries(home), 0);
	CU_ASSERT_EQUAL(dir_entries(tmp), 0);
	/* home, tmp, lang, the two data files and one directory per report. */
	CU_ASSERT_EQUAL(dir_entries(sandbox_dir()), 5 + n);
	for (int i = 0; i < n; i++)
		CU_ASSERT(strstr(all[i].stdout_text, "critical_lr") != NULL);
	free(home);
	free(tmp);
}

/* ---- one clean line, whatever the name --------------------------------- */

/* A name no message may pass on as it is: a line break, an escape sequence
 * (ESC [31m, red on a terminal), a byte that is not UTF-8, a C1 control
 * (U+009B, CSI on some terminals), and more than 300 characters in all. */
#define EVIL_LEAD "bad\nline\x1b[31mred\xff\xc2\x9b"

/* EVIL_LEAD, 200 a's, '/', 100 b's, '/' and `tail` (newly allocated);
 * `lead` without a line break for paths that may not hold one. With
 * `make_dirs` the two directories are made under the working directory
 * `root`. */
static char *evil_path(const char *root, const char *lead, const char *tail, int make_dirs)
{
	char a[201], b[101];

	memset(a, 'a', 200);
	a[200] = '\0';
	memset(b, 'b', 100);
	b[100] = '\0';
	char *path = xasprintf("%s%s/%s/%s", lead, a, b, tail);
	if (make_dirs) {
		char *one = xasprintf("%s/%s%s", root, lead, a);
		char *two = xasprintf("%s/%s", one, b);
		CU_ASSERT_FATAL(mkdir(one, 0777) == 0 && mkdir(two, 0777) == 0);
		free(one);
		free(two);
	}
	CU_ASSERT_FATAL(path && strlen(path) > 300);
	return path;
}

/*
 * err is one line "neuron: ...\n" of printable ASCII (the names above add
 * nothing else when shown), shorter than the name itself, and holds
 * `tail` (the end of a path, which names the file) when it is not NULL.
 */
static void check_one_clean_line(const char *what, const char *err, const char *tail)
{
	size_t len = strlen(err);
	int clean = len > 0 && err[len - 1] == '\n' && !strncmp(err, "neuron: ", 8) && len < 300;

	for (size_t i = 0; i + 1 < len; i++)
		clean &= err[i] >= 0x20 && err[i] < 0x7f;
	if (tail)
		clean &= strstr(err, tail) != NULL;
	CU_ASSERT(clean);
	if (!clean)
		fprintf(stderr, "\n  %s: not one clean line: \"%s\"", what, err);
}

static void test_a_hostile_name_in_any_error_gives_one_clean_line(void)
{
	struct sandbox s;
	struct spawn_opts o;
	struct proc p;

	sandbox_make(&s);
	o = (struct spawn_opts){ .cwd = s.root, .env = s.env };
	char *word = evil_path(s.root, EVIL_LEAD, "end", 0);
	char *option = xasprintf("--%s", word);

	/* The command line: a command, an argument, an option, a value. */
	run_neuron_with(&p, &o, word, NULL);
	CU_ASSERT_EQUAL(p.status, 2);
	check_one_clean_line("a command", p.err, NULL);
	proc_free(&p);
	run_neuron_with(&p, &o, "train", word, NULL);
	CU_ASSERT_EQUAL(p.status, 2);
	check_one_clean_line("an argument", p.err, NULL);
	proc_free(&p);
	run_neuron_with(&p, &o, "train", option, NULL);
	CU_ASSERT_EQUAL(p.status, 2);
	check_one_clean_line("an option", p.err, NULL);
	proc_free(&p);
	run_neuron_with(&p, &o, "train", "--lr", word, NULL);
	CU_ASSERT_EQUAL(p.status, 2);
	check_one_clean_line("a value", p.err, NULL);
	proc_free(&p);

	/* --data: a file that is not there. */
	char *missing = evil_path(s.root, EVIL_LEAD, "TAIL-missing.csv", 0);
	run_neuron_with(&p, &o, "train", "--data", missing, "--out", "out", NULL);
	CU_ASSERT_EQUAL(p.status, 1);
	check_one_clean_line("--data, missing", p.err, "TAIL-missing.csv");
	proc_free(&p);

	/* --out: a directory whose parent is missing, then a file. */
	run_neuron_with(&p, &o, "train", "--iters", "5", "--out", missing, NULL);
	CU_ASSERT_EQUAL(p.status, 1);
	check_one_clean_line("--out, no parent", p.err, "TAIL-missing.csv");
	proc_free(&p);
	char *file = evil_path(s.root, EVIL_LEAD, "TAIL-file", 1);
	char *at = path_join(s.root, file);
	write_file(at, "not a directory\n");
	run_neuron_with(&p, &o, "train", "--iters", "5", "--out", file, NULL);
	CU_ASSERT_EQUAL(p.status, 1);
	check_one_clean_line("--out, a file", p.err, "TAIL-file");
	proc_free(&p);

	/* --out in use by another run (this test holds its lock). */
	char *busy = xasprintf("%s-busy", file);
	char *busy_at = path_join(s.root, busy);
	CU_ASSERT_FATAL(mkdir(busy_at, 0777) == 0);
	char *lock = path_join(busy_at, ".neuron-lock");
	int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	CU_ASSERT_FATAL(fd >= 0 && flock(fd, LOCK_EX) == 0);
	run_neuron_with(&p, &o, "train", "--iters", "5", "--no-wait", "--out", busy, NULL);
	CU_ASSERT_EQUAL(p.status, 1);
	check_one_clean_line("--out, busy", p.err, "TAIL-file-busy");
	proc_free(&p);
	close(fd);

	/* GNUPLOT names no program. */
	char *env_gp = xasprintf("GNUPLOT=%s", word);
	const char *env_bad_gp[] = { s.env_home, s.env_tmp, env_gp, NULL };
	struct spawn_opts bad_gp = { .cwd = s.root, .env = env_bad_gp };
	run_neuron_with(&p, &bad_gp, "report", "--iters", "5", "--lrs", "1e-4", "--out", "out", NULL);
	CU_ASSERT_EQUAL(p.status, 1);
	check_one_clean_line("GNUPLOT", p.err, NULL);
	proc_free(&p);

	/* NEURON_SCRIPTS (where a line break is refused) holding a script that
	 * cannot be read: a directory named like one. */
	char *scripts = evil_path(s.root, "bad\x1b[31mred\xff\xc2\x9b", "TAIL-scripts", 1);
	char *scripts_at = path_join(s.root, scripts);
	char *style = path_join(scripts_at, "style.gp"), *unreadable = path_join(scripts_at, "x.gp");
	CU_ASSERT_FATAL(mkdir(scripts_at, 0777) == 0 && mkdir(unreadable, 0777) == 0);
	write_file(style, "# empty\n");
	char *env_scripts = xasprintf("NEURON_SCRIPTS=%s", scripts_at);
	const char *env_bad_scripts[] = { s.env_home, s.env_tmp, s.env_gp, env_scripts, NULL };
	struct spawn_opts bad_scripts = { .cwd = s.root, .env = env_bad_scripts };
	run_neuron_with(&p, &bad_scripts, "report", "--iters", "5", "--lrs", "1e-4", "--out", "out", NULL);
	CU_ASSERT_EQUAL(p.status, 1);
	check_one_clean_line("NEURON_SCRIPTS", p.err, "TAIL-scripts/x.gp");
	proc_free(&p);

	free(word); free(option); free(missing); free(file); free(at); free(busy);
	free(busy_at); free(lock); free(env_gp); free(scripts); free(scripts_at);
	free(style); free(unreadable); free(env_scripts);
	sandbox_free(&s);
}

int suite_hostile(void)
{
	/* The tests that make runs of their own and read no shared report:
	 * any process of the runner may take them (main.c). */
	CU_pSuite runs = CU_add_suite("hostile_runs", NULL, NULL);
	if (!runs)
		return CU_get_error();
	CU_ADD_TEST(runs, test_hostile_output_directories_are_plain_names);
	CU_ADD_TEST(runs, test_a_hostile_name_in_any_error_gives_one_clean_line);
	CU_ADD_TEST(runs, test_hostile_data_file_names_are_plain_names);
	CU_pSuite s = CU_add_suite("hostile", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_the_real_gnuplot_ran_nothing_for_the_shared_reports);
	return CU_get_error();
}
