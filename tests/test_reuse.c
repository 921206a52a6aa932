/*
 * test_reuse.c - a report that makes again only what changed: the same run
 * twice changes nothing and renders nothing, one option changed renders
 * exactly the figures that depend on it, a file edited by hand is made
 * again, and --force makes everything. The fake gnuplot (helpers.h) logs
 * which figures it was asked for, so these tests run in milliseconds.
 */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "helpers.h"
#include "suites.h"

struct cache_dir {
	char *dir, *log;
	char *env_gp, *env_log;
	const char *env_more;   /* one more NAME=value for the runs, or NULL */
};

static void cache_begin(struct cache_dir *c)
{
	c->dir = tmpdir_new();
	c->log = path_join(c->dir, "gnuplot.log");
	c->env_gp = xasprintf("GNUPLOT=%s", fake_gnuplot());
	c->env_log = xasprintf("FAKE_GNUPLOT_LOG=%s", c->log);
	c->env_more = NULL;
	CU_ASSERT_FATAL(c->log && c->env_gp && c->env_log);
}

static void cache_end(struct cache_dir *c)
{
	rm_rf(c->dir);
	free(c->dir);
	free(c->log);
	free(c->env_gp);
	free(c->env_log);
}

/* Runs `neuron report --out <dir>/out` with up to four more arguments and
 * returns the images gnuplot was asked for, one "name\n" each (newly
 * allocated); the log starts empty for every run. */
static char *report(struct cache_dir *c, struct proc *p, const char *a1, const char *a2,
                    const char *a3, const char *a4)
{
	const char *env[] = { c->env_gp, c->env_log, c->env_more, NULL };
	struct spawn_opts o = { .env = env };
	char *out = path_join(c->dir, "out");
	size_t len;

	unlink(c->log);
	run_neuron_with(p, &o, "report", "--out", out, "--iters", "300", a1, a2, a3, a4, NULL);
	free(out);
	char *log = slurp(c->log, &len), *names = strdup("");
	for (char *line = log; line && *line && names;) {
		char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);
		if (n > 10 && !strncmp(line, "nr_out = '", 10)) {
			char *more = xasprintf("%s%.*s\n", names, (int)(n - 11), line + 10);
			free(names);
			names = more;
		}
		line += n + (end != NULL);
	}
	free(log);
	return names;
}

static size_t lines(const char *s)
{
	return count_lines(s ? s : "");
}

/* The same command twice: the second renders nothing, prints what the first
 * printed, and leaves every file as it was. */
static void test_the_same_report_again_changes_and_renders_nothing(void)
{
	struct cache_dir c;
	struct proc p1, p2;

	cache_begin(&c);
	char *first = report(&c, &p1, NULL, NULL, NULL, NULL);
	char *out = path_join(c.dir, "out"), *before = tree_digest(out);
	char *second = report(&c, &p2, NULL, NULL, NULL, NULL);
	char *after = tree_digest(out);

	CU_ASSERT_EQUAL(p1.status, 0);
	CU_ASSERT_EQUAL(p2.status, 0);
	CU_ASSERT(lines(first) >= 13);           /* every figure, the GIF, the sheet */
	CU_ASSERT_STRING_EQUAL(second, "");
	CU_ASSERT_STRING_EQUAL(p1.out, p2.out);
	CU_ASSERT_STRING_EQUAL(before, after);
	free(first);
	free(second);
	free(before);
	free(after);
	free(out);
	proc_free(&p1);
	proc_free(&p2);
	cache_end(&c);
}

/* Whether `text` has the line `name`. */
static int has_line(const char *text, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = text; (p = strstr(p, name)); p++)
		if ((p == text || p[-1] == '\n') && p[n] == '\n')
			return 1;
	return 0;
}

/* Other learning rates to compare: the figures that show them are drawn
 * again, every other one is kept as it was. */
static void test_one_option_renders_only_the_figures_that_depend_on_it(void)
{
	struct cache_dir c;
	struct proc p1, p2;

	cache_begin(&c);
	char *first = report(&c, &p1, NULL, NULL, NULL, NULL);
	char *second = report(&c, &p2, "--lrs", "1e-5,1e-4,1e-3", NULL, NULL);

	/* (The fake gnuplot's images are all alike, so the contact sheet drawn
	 * from them is unchanged too.) */
	CU_ASSERT_EQUAL(p2.status, 0);
	CU_ASSERT(has_line(second, "lr_loss.png"));
	CU_ASSERT(has_line(second, "lr_final.png"));
	CU_ASSERT(has_line(second, "landscape.png"));
	/* The optimizers' figures and cards draw the compared runs too; the
	 * figures of the main run, the stability sweep and the map do not. */
	static const char *const kept[] = {
		"fit.png", "loss.png", "params.png", "network.png", "graph.png", "gradients.png",
		"scaling.png", "fit_steps.png", "momentum_map.png", "batch_noise.png",
	};
	for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
		CU_ASSERT_FALSE(has_line(second, kept[i]));
	CU_ASSERT(lines(second) >= 3 && lines(second) < lines(first));
	if (!(lines(second) >= 3 && lines(second) < lines(first)))
		fprintf(stderr, "\n  rendered again:\n%s", second);
	free(first);
	free(second);
	proc_free(&p1);
	proc_free(&p2);
	cache_end(&c);
}

/* A figure changed by hand is not trusted: it is drawn again; and with
 * --force everything is, though nothing changed. */
static void test_an_edited_figure_or_force_renders_again(void)
{
	struct cache_dir c;
	struct proc p1, p2, p3;

	cache_begin(&c);
	char *first = report(&c, &p1, NULL, NULL, NULL, NULL);
	char *loss = path_join(c.dir, "out/loss.png");
	write_file(loss, "edited by hand\n");
	char *second = report(&c, &p2, NULL, NULL, NULL, NULL);
	char *third = report(&c, &p3, "--force", NULL, NULL, NULL);

	CU_ASSERT_EQUAL(p2.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(second, "loss.png\n"));
	CU_ASSERT_EQUAL(lines(second), 1);      /* the fake's images are all alike */
	CU_ASSERT_EQUAL(p3.status, 0);
	CU_ASSERT_EQUAL(lines(third), lines(first));
	free(first);
	free(second);
	free(third);
	free(loss);
	proc_free(&p1);
	proc_free(&p2);
	proc_free(&p3);
	cache_end(&c);
}

/* Other data under the same name is another run: everything is made again. */
static void test_changed_data_under_the_same_name_is_a_new_run(void)
{
	struct cache_dir c;
	struct proc p1, p2;

	cache_begin(&c);
	char *data = path_join(c.dir, "data.csv");
	write_file(data, "x,y\n1,3\n2,5\n4,9.5\n");
	char *first = report(&c, &p1, "--data", data, NULL, NULL);
	write_file(data, "x,y\n1,3\n2,5\n4,9.4\n");
	char *second = report(&c, &p2, "--data", data, NULL, NULL);

	CU_ASSERT_EQUAL(p1.status, 0);
	CU_ASSERT_EQUAL(p2.status, 0);
	CU_ASSERT(lines(second) >= 10);
	CU_ASSERT_STRING_NOT_EQUAL(p1.out, p2.out);
	free(first);
	free(second);
	free(data);
	proc_free(&p1);
	proc_free(&p2);
	cache_end(&c);
}

/* How the preloaded library draws is part of each image's recipe: the
 * animation's hinting asked for (or no longer) draws the animation again
 * and nothing else. Without the library (a path LD_PRELOAD cannot take)
 * the setting means nothing, and nothing is drawn. */
static void test_the_gifs_hinting_draws_the_gif_again_and_nothing_else(void)
{
	struct cache_dir c;
	struct proc p[4];
	char *drawn[4];
	const char *want = preload_usable() ? "fit.gif\n" : "";

	cache_begin(&c);
	for (int k = 0; k < 4; k++) {
		c.env_more = k == 1 || k == 2 ? "NEURON_GIF_HINTING=1" : NULL;
		drawn[k] = report(&c, &p[k], NULL, NULL, NULL, NULL);
		CU_ASSERT_EQUAL(p[k].status, 0);
	}
	CU_ASSERT(lines(drawn[0]) >= 13);
	CU_ASSERT_STRING_EQUAL(drawn[1], want);   /* hinted now */
	CU_ASSERT_STRING_EQUAL(drawn[2], "");     /* hinted still */
	CU_ASSERT_STRING_EQUAL(drawn[3], want);   /* unhinted again */
	for (int k = 0; k < 4; k++) {
		free(drawn[k]);
		proc_free(&p[k]);
	}
	cache_end(&c);
}

int suite_reuse(void)
{
	CU_pSuite s = CU_add_suite("reuse", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_the_same_report_again_changes_and_renders_nothing);
	CU_ADD_TEST(s, test_one_option_renders_only_the_figures_that_depend_on_it);
	CU_ADD_TEST(s, test_an_edited_figure_or_force_renders_again);
	CU_ADD_TEST(s, test_changed_data_under_the_same_name_is_a_new_run);
	CU_ADD_TEST(s, test_the_gifs_hinting_draws_the_gif_again_and_nothing_else);
	return CU_get_error();
}
