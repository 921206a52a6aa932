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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* No file called PWN anywhere under dir. */
static int no_pwn(const char *dir)
{
	char *cmd = xasprintf("test -z \"$(find \"$NEURON_DIR\" -name 'PWN*' -print)\"");
	setenv("NEURON_DIR", dir, 1);
	int ok = system(cmd) == 0;
	unsetenv("NEURON_DIR");
	free(cmd);
	return ok;
}

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
	/* home, tmp, the data file and one directory per report. */
	CU_ASSERT_EQUAL(dir_entries(sandbox_dir()), 3 + n);
	for (int i = 0; i < n; i++)
		CU_ASSERT(strstr(all[i].stdout_text, "critical_lr") != NULL);
	free(home);
	free(tmp);
}

int suite_hostile(void)
{
	CU_pSuite s = CU_add_suite("hostile", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_hostile_output_directories_are_plain_names);
	CU_ADD_TEST(s, test_hostile_data_file_names_are_plain_names);
	CU_ADD_TEST(s, test_the_real_gnuplot_ran_nothing_for_the_shared_reports);
	return CU_get_error();
}
