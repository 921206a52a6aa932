/*
 * test_plot.c - the gnuplot layer through the real binary: a gnuplot that
 * is missing, fails, crashes, runs a broken script, or a GNUPLOT the shell
 * cannot parse each give our one line (then at most a few of gnuplot's or
 * the shell's own) and leave the previous outputs byte for byte as they
 * were; and what the program sends gnuplot follows the contract: named
 * variables, names the program made, absolute script paths, nothing of
 * what the user typed. The library the program preloads into gnuplot packs
 * PNGs differently and keeps every pixel.
 */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "helpers.h"
#include "output/plot.h"
#include "output/txn.h"
#include "suites.h"

/* A report made with the fake gnuplot in `dir` (its previous outputs). */
static void previous_report(const char *dir)
{
	char *gp = xasprintf("GNUPLOT=%s", fake_gnuplot());
	const char *env[] = { gp, NULL };
	struct spawn_opts o = { .env = env };
	struct proc p;

	run_neuron_with(&p, &o, "report", "--iters", "100", "--lrs", "1e-4,1e-3", "--out", dir, NULL);
	CU_ASSERT_EQUAL_FATAL(p.status, 0);
	proc_free(&p);
	free(gp);
}

/* A report run with environment `env`, which must fail with status 1 and
 * leave `dir` as it was. Returns what it printed on stderr. */
static char *failing_report(const char *dir, const char *const *env)
{
	struct spawn_opts o = { .env = env };
	struct proc p;
	char *before = tree_digest(dir);

	run_neuron_with(&p, &o, "report", "--iters", "100", "--lrs", "1e-4,1e-3",
	                "--seed", "7", "--out", dir, NULL);
	char *after = tree_digest(dir);
	CU_ASSERT_EQUAL(p.status, 1);
	CU_ASSERT_STRING_EQUAL(before, after);
	CU_ASSERT(output_entries(dir) > 0);   /* no stage left */
	CU_ASSERT_STRING_EQUAL(p.out, "");
	free(before);
	free(after);
	free(p.out);
	return p.err;
}

static void test_a_missing_gnuplot_is_one_clear_line(void)
{
	char *dir = tmpdir_new();
	const char *env[] = { "GNUPLOT=/nonexistent/gnuplot", NULL };

	previous_report(dir);
	char *err = failing_report(dir, env);
	CU_ASSERT_EQUAL(count_lines(err), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "gnuplot not found ('/nonexistent/gnuplot')"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "install gnuplot-nox, or set GNUPLOT"));
	free(err);
	rm_rf(dir);
	free(dir);
}

static void test_a_failing_or_crashing_gnuplot_changes_nothing(void)
{
	char *dir = tmpdir_new();
	const char *fail[] = { "GNUPLOT=false", NULL };
	const char *crash[] = { "GNUPLOT=sh -c 'kill -SEGV $$'", NULL };

	previous_report(dir);
	char *err = failing_report(dir, fail);
	CU_ASSERT(strstr(err, "failed with exit status 1") && strstr(err, "no figure was changed"));
	CU_ASSERT_EQUAL(count_lines(err), 1);
	free(err);
	err = failing_report(dir, crash);
	CU_ASSERT(strstr(err, "crashed with signal 11") && strstr(err, "no figure was changed"));
	free(err);
	rm_rf(dir);
	free(dir);
}

/* The shell's words about a GNUPLOT it cannot parse come after ours, and
 * are few. */
static void test_a_gnuplot_command_the_shell_cannot_parse_is_explained(void)
{
	char *dir = tmpdir_new();
	const char *env[] = { "GNUPLOT=gnuplot 'unclosed", NULL };

	previous_report(dir);
	char *err = failing_report(dir, env);
	const char *ours = "neuron: gnuplot ('gnuplot 'unclosed') failed";
	CU_ASSERT(strncmp(err, ours, strlen(ours)) == 0);
	CU_ASSERT(count_lines(err) >= 2 && count_lines(err) <= 8);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "  gnuplot: "));
	free(err);
	rm_rf(dir);
	free(dir);
}

/* A broken script: real gnuplot names its file and line. The scripts are
 * stand-ins that each draw one line quickly, and params.gp is broken. */
static void test_a_broken_script_is_named_with_its_line(void)
{
	char *dir = tmpdir_new(), *scripts = tmpdir_new();
	static const char *const names[] = {
		"fit", "network", "graph", "loss", "params", "fit_gif", "lr_loss", "lr_final",
		"landscape", "gradients", "scaling", "surface",
	};

	previous_report(dir);
	char *style = path_join(scripts, "style.gp");
	write_file(style, "# the stand-ins need no style\n");
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *name = xasprintf("%s.gp", names[i]);
		char *path = path_join(scripts, name);
		write_file(path, !strcmp(names[i], "params")
		                 ? "set terminal dumb\nset output nr_out\nplot no_such_function(x)\n"
		                 : "set terminal dumb\nset output nr_out\nplot x\n");
		free(name);
		free(path);
	}
	char *env_scripts = xasprintf("NEURON_SCRIPTS=%s", scripts);
	const char *env[] = { env_scripts, "GNUPLOT", NULL };
	char *err = failing_report(dir, env);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "no figure was changed. It said:"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "params.gp\" line 3"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "no_such_function"));
	CU_ASSERT(count_lines(err) <= 1 + 7);
	free(err);
	free(env_scripts);
	free(style);
	rm_rf(scripts);
	free(scripts);
	rm_rf(dir);
	free(dir);
}

/* Every line sent: job blocks of nr_* assignments, `call` of an absolute
 * script path, `undefine nr_*`; every file name one the program made; the
 * user's output directory never mentioned; a header's quote doubled. */
static void test_gnuplot_is_sent_named_variables_and_names_the_program_made(void)
{
	char *dir = tmpdir_new(), *out = path_join(dir, "it's <out> |x");
	char *data = path_join(dir, "q.csv"), *log = path_join(dir, "sent.gp");
	char *gp = xasprintf("GNUPLOT=%s", fake_gnuplot());
	char *lg = xasprintf("FAKE_GNUPLOT_LOG=%s", log);
	const char *env[] = { gp, lg, NULL };
	struct spawn_opts o = { .env = env };
	struct proc p;

	write_file(data, "it's x,y\n1,2\n2,4.5\n3,6.1\n");
	run_neuron_with(&p, &o, "report", "--data", data, "--iters", "50", "--lrs", "1e-3",
	                "--out", out, NULL);
	CU_ASSERT_EQUAL_FATAL(p.status, 0);
	proc_free(&p);
	char *sent = slurp(log, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sent);
	CU_ASSERT_PTR_NULL(strstr(sent, "<out>"));
	CU_ASSERT_PTR_NULL(strstr(sent, "q.csv"));
	CU_ASSERT_PTR_NOT_NULL(strstr(sent, "nr_xlabel = 'it''s x'"));
	int blocks = 0, calls = 0, clears = 0, bad = 0;
	for (char *line = strtok(sent, "\n"); line; line = strtok(NULL, "\n")) {
		if (!strncmp(line, "nr_format = ", 12))
			blocks++;
		else if (!strncmp(line, "call '/", 7) && strstr(line, ".gp'"))
			calls++;
		else if (!strcmp(line, "undefine nr_*"))
			clears++;
		else if (!strcmp(line, "unset multiplot"))
			continue;
		else if (!strncmp(line, "nr_out = '", 10) ||
		         (strstr(line, ".csv'") && !strncmp(line, "nr_", 3))) {
			/* A file name: one the program made. */
			char *v = strchr(line, '\'') + 1;
			v[strcspn(v, "'")] = '\0';
			bad += !txn_valid_name(v);
		} else if (strncmp(line, "nr_", 3) && strncmp(line, "set print '.gnuplot-version'", 28) &&
		           strncmp(line, "print sprintf(", 14) && strcmp(line, "unset print") &&
		           strcmp(line, "exit")) {
			bad++;
			fprintf(stderr, "\n  unexpected line sent to gnuplot: %s\n", line);
		}
	}
	CU_ASSERT(blocks >= 11);
	CU_ASSERT_EQUAL(calls, blocks);
	CU_ASSERT_EQUAL(clears, blocks);
	CU_ASSERT_EQUAL(bad, 0);
	free(sent);
	free(gp); free(lg); free(log); free(data); free(out);
	rm_rf(dir);
	free(dir);
}

/* A caller that leaves descriptors 3 to 9 open (the shell's one-digit
 * ones) still gets its report: gnuplot is told to report its pid through
 * a descriptor above them. */
static void test_gnuplot_starts_when_descriptors_3_to_9_are_taken(void)
{
	char *dir = tmpdir_new(), *gp = xasprintf("GNUPLOT=%s", fake_gnuplot());
	const char *env[] = { gp, NULL };
	struct spawn_opts o = { .env = env, .busy_fds = 1 };
	struct proc p;

	run_neuron_with(&p, &o, "report", "--iters", "100", "--lrs", "1e-4,1e-3", "--out", dir, NULL);
	CU_ASSERT_EQUAL(p.status, 0);
	CU_ASSERT_STRING_EQUAL(p.err, "");
	char *fit = path_join(dir, "fit.png");
	CU_ASSERT(file_exists(fit));
	proc_free(&p);
	rm_rf(dir);
	free(fit); free(gp); free(dir);
}

/* The library under test, at a path LD_PRELOAD can name: a copy in dir
 * when the program's own cannot be preloaded. */
static char *library_in(const char *dir)
{
	char *lib = strdup(preload_library());
	if (!preload_usable()) {
		size_t n;
		char *bytes = slurp(lib, &n), *copy = path_join(dir, PLOT_PRELOAD);
		FILE *fp = bytes ? fopen(copy, "wb") : NULL;
		CU_ASSERT_FATAL(fp && fwrite(bytes, 1, n, fp) == n && fclose(fp) == 0);
		free(bytes);
		free(lib);
		lib = copy;
	}
	return lib;
}

static void test_the_preloaded_library_packs_pngs_and_keeps_every_pixel(void)
{
	char *dir = tmpdir_new(), *script = path_join(dir, "draw.gp");
	char *lib = library_in(dir);
	/* Lines, points, a fill and text: what a figure holds. */
	write_file(script, "set terminal pngcairo size 400,300 font ',11'\n"
	                   "set title 'loss {/:Italic L}(w)'\nset grid\n"
	                   "set style fill transparent solid 0.3\n"
	                   "plot [0:10] sin(x) lw 3 title 'sin', x*x/20 with points pt 7, "
	                   "cos(x) with filledcurves y=0 notitle\n");
	static const char *const names[] = { "plain", "packed" };
	char *png[2], *px[2];
	size_t len[2];
	for (int k = 0; k < 2; k++) {
		char *draw = xasprintf("set output '%s.png'\nload 'draw.gp'\n", names[k]);
		char *path = xasprintf("%s/%s.gp", dir, names[k]);
		write_file(path, draw);
		CU_ASSERT_EQUAL(gnuplot_run(dir, strrchr(path, '/') + 1, k ? lib : NULL), 0);
		free(path);
		free(draw);
		path = xasprintf("%s/%s.png", dir, names[k]);
		png[k] = slurp(path, &len[k]);
		free(path);
		CU_ASSERT_PTR_NOT_NULL_FATAL(png[k]);
		px[k] = png_pixels(dir, names[k]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(px[k]);
	}
	/* gnuplot's libpng packs at its default level, the library at its own ... */
	CU_ASSERT_EQUAL(png_zlib_level((unsigned char *)png[0], len[0]), PNG_LEVEL_DEFAULT);
	CU_ASSERT_EQUAL(png_zlib_level((unsigned char *)png[1], len[1]), PNG_LEVEL_FAST);
	CU_ASSERT(len[0] != len[1] || memcmp(png[0], png[1], len[0]));
	/* ... and every one of the 400 x 300 pixels is the same. */
	CU_ASSERT_EQUAL(count_lines(px[0]), 400 * 300);
	CU_ASSERT_STRING_EQUAL(px[0], px[1]);
	for (int k = 0; k < 2; k++) {
		free(png[k]);
		free(px[k]);
	}
	rm_rf(dir);
	free(dir); free(script); free(lib);
}

/* dir/name.gif drawn by gnuplot from `script` (in dir), with `lib`
 * preloaded or none, and NEURON_GIF_HINTING set to `hinting` or unset. */
static char *draw_gif(const char *dir, const char *name, const char *script, const char *lib,
                      const char *hinting, size_t *len)
{
	char *gp = xasprintf("%s/%s.gp", dir, name), *gif = xasprintf("%s/%s.gif", dir, name);
	char *text = xasprintf("set output '%s.gif'\nload '%s'\nunset output\n", name, script);
	write_file(gp, text);
	if (hinting)
		setenv("NEURON_GIF_HINTING", hinting, 1);
	CU_ASSERT_EQUAL(gnuplot_run(dir, strrchr(gp, '/') + 1, lib), 0);
	unsetenv("NEURON_GIF_HINTING");
	char *bytes = slurp(gif, len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(bytes);
	CU_ASSERT(*len > 1000 && !memcmp(bytes, "GIF89a", 6));
	free(gp); free(gif); free(text);
	return bytes;
}

static int same_bytes(const char *a, size_t na, const char *b, size_t nb)
{
	return na == nb && !memcmp(a, b, na);
}

/*
 * The library's other half (src/preload/gdtext.c), on an animation like
 * fit.gif: a dark palette, antialiased text, and frames that allocate
 * their colours in different orders (a remembered colour that outlived
 * its frame would land on the wrong index). With the hinting kept, the
 * bytes are plain gnuplot's: the remembered palette answers change
 * nothing. By default the text differs, and only the text: the same
 * animation without any text is the same bytes.
 */
static void test_the_preloaded_library_draws_the_animations_text_unhinted_and_nothing_else(void)
{
	char *dir = tmpdir_new(), *lib = library_in(dir);
	char *with = path_join(dir, "text.gp"), *without = path_join(dir, "bare.gp");
	static const char frames[] =
		"set terminal gif animate delay 10 size 360,240 font 'DejaVuSans,11' "
		"background rgb '#1b1f24'\n"
		"set border lc rgb '#c9d1d9'\nset grid lc rgb '#39414a'\n"
		"set style fill transparent solid 0.4\n"
		"do for [k = 1:4] {\n"
		"  a = k % 2 ? '#ff7b72' : '#79c0ff'; b = k % 2 ? '#79c0ff' : '#ff7b72'\n"
		"  plot [0:10] sin(x + k) lw 3 lc rgb a title sprintf('w = %.4f', k / 3.0), "
		"cos(x - k) with filledcurves y=0 lc rgb b title 'loss', "
		"x / 5 - 1 with points pt 7 lc rgb '#56d364' notitle\n"
		"}\n";
	char *text = xasprintf("set title 'iteration 512   loss 825.9' tc rgb '#c9d1d9'\n"
	                       "set key tc rgb '#c9d1d9'\nset tics tc rgb '#c9d1d9'\n%s", frames);
	char *bare = xasprintf("unset key\nunset title\nset format x ''\nset format y ''\n%s", frames);
	write_file(with, text);
	write_file(without, bare);

	size_t n[5];
	char *plain = draw_gif(dir, "plain", "text.gp", NULL, NULL, &n[0]);
	char *kept = draw_gif(dir, "kept", "text.gp", lib, "1", &n[1]);
	char *unhinted = draw_gif(dir, "unhinted", "text.gp", lib, NULL, &n[2]);
	char *bare_plain = draw_gif(dir, "bare_plain", "bare.gp", NULL, NULL, &n[3]);
	char *bare_lib = draw_gif(dir, "bare_lib", "bare.gp", lib, NULL, &n[4]);
	CU_ASSERT(same_bytes(plain, n[0], kept, n[1]));
	CU_ASSERT(!same_bytes(plain, n[0], unhinted, n[2]));
	CU_ASSERT(!memcmp(plain, unhinted, 10));   /* the same size and palette flags */
	CU_ASSERT(same_bytes(bare_plain, n[3], bare_lib, n[4]));
	free(plain); free(kept); free(unhinted); free(bare_plain); free(bare_lib);
	rm_rf(dir);
	free(dir); free(lib); free(with); free(without); free(text); free(bare);
}

int suite_plot(void)
{
	CU_pSuite s = CU_add_suite("plot", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_a_missing_gnuplot_is_one_clear_line);
	CU_ADD_TEST(s, test_a_failing_or_crashing_gnuplot_changes_nothing);
	CU_ADD_TEST(s, test_a_gnuplot_command_the_shell_cannot_parse_is_explained);
	CU_ADD_TEST(s, test_a_broken_script_is_named_with_its_line);
	CU_ADD_TEST(s, test_gnuplot_is_sent_named_variables_and_names_the_program_made);
	CU_ADD_TEST(s, test_gnuplot_starts_when_descriptors_3_to_9_are_taken);
	CU_ADD_TEST(s, test_the_preloaded_library_packs_pngs_and_keeps_every_pixel);
	CU_ADD_TEST(s, test_the_preloaded_library_draws_the_animations_text_unhinted_and_nothing_else);
	return CU_get_error();
}
