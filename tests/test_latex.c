/*
 * test_latex.c - LaTeX, checked by LaTeX: text escaped by quote_tex is
 * typeset by a real pdflatex and read back out of the PDF (pdftotext);
 * `neuron report` compiles report.tex and slides.tex of the shared default
 * report (once per test run) without an error, an overfull box or a
 * bitmap font, one page per slide it wrote, every figure included; a LaTeX
 * error fails the run with the file and line and changes nothing; without
 * pdflatex the .tex files are written and the command that builds them is
 * printed, which a shell reads back as the right paths.
 */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/quote.h"
#include "helpers.h"
#include "output/latex.h"
#include "reports.h"
#include "suites.h"

/* ---- running the tools --------------------------------------------------------- */

/* What `cmd` prints on stdout (run by sh in `dir`, with $F set to `file`),
 * newly allocated; *status its exit status. */
static char *run_in(const char *dir, const char *cmd, const char *file, int *status)
{
	char *full = xasprintf("cd \"$NR_DIR\" && %s", cmd);
	char *out = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&out, &len);

	setenv("NR_DIR", dir, 1);
	setenv("F", file ? file : "", 1);
	FILE *p = popen(full, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	char buf[4096];
	size_t got;
	while ((got = fread(buf, 1, sizeof buf, p)) > 0)
		fwrite(buf, 1, got, mem);
	int st = pclose(p);
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	fclose(mem);
	unsetenv("NR_DIR");
	unsetenv("F");
	free(full);
	return out;
}

/* The number of pages pdfinfo reads in dir/file, or -1. */
static long pdf_pages(const char *dir, const char *file)
{
	int st;
	char *info = run_in(dir, "pdfinfo \"$F\"", file, &st);
	const char *at = info ? strstr(info, "\nPages:") : NULL;
	long pages = st == 0 && at ? strtol(at + 7, NULL, 10) : -1;

	free(info);
	return pages;
}

/* Whether dir/file uses a bitmap (Type 3) font, which TeX makes only when
 * a glyph has no outline font: pdffonts lists them as "Type 3". */
static int pdf_has_bitmap_font(const char *dir, const char *file)
{
	int st;
	char *fonts = run_in(dir, "pdffonts \"$F\"", file, &st);
	int bitmap = st != 0 || !fonts || strstr(fonts, "Type 3") != NULL;

	free(fonts);
	return bitmap;
}

/* ---- quote_tex through pdflatex ------------------------------------------------------- */

/* Every printable ASCII character, the TeX ligatures and control bytes. */
static const char ascii_hostile[] =
	"a\\b{c}d#e$f%g&h_i^j~k<l>m|n\"o'p`q--r---s``t''u!`v?`w \\relax \\\\ {} $x$ @*+=[];:,./";

/* What pdftotext reads back from text mode: the same but for the quotes,
 * which the roman font sets as typographic ones (' and ` become U+2019
 * and U+2018, as TeX intends in prose). */
static char *as_typeset(const char *s)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	for (const char *c = s; *c; c++)
		fputs(*c == '\'' ? "\xE2\x80\x99" : *c == '`' ? "\xE2\x80\x98" : (char[]){ *c, 0 }, fp);
	fclose(fp);
	return out;
}

/* Page `page` of dir/t.pdf as pdftotext reads it, up to its first line
 * break (newly allocated). */
static char *page_text(const char *dir, int page)
{
	char *cmd = xasprintf("pdftotext -f %d -l %d t.pdf -", page, page);
	int st;
	char *text = run_in(dir, cmd, NULL, &st);

	CU_ASSERT_EQUAL(st, 0);
	free(cmd);
	if (text)
		text[strcspn(text, "\n\f")] = '\0';
	return text;
}

static void test_hostile_text_typesets_as_itself_in_pdflatex(void)
{
	/* Symbols the program's sentences and labels may hold: each must be
	 * in quote.c's table (none may come out as '?'), and those pdftotext
	 * reads back as one character must read as themselves. */
	static const struct { const char *s; int reads_back; } symbols[] = {
		{ "×", 1 }, { "÷", 1 }, { "±", 1 }, { "→", 1 }, { "←", 1 }, { "⇒", 1 }, { "≤", 1 },
		{ "≥", 1 }, { "≈", 1 }, { "∂", 1 }, { "∇", 1 }, { "∞", 1 }, { "∈", 1 }, { "η", 1 },
		{ "λ", 1 }, { "κ", 1 }, { "α", 1 }, { "ω", 1 }, { "Ω", 0 }, { "é", 0 }, { "ü", 0 },
		{ "ß", 1 }, { "Ø", 1 }, { "“", 1 }, { "”", 1 }, { "–", 1 }, { "—", 1 },
		/* (pdftotext reads Ω as the ohm sign, é and ü as e and u with a
		 * combining accent) */
		{ "°", 0 }, { "·", 0 }, { "²", 0 }, { "³", 0 }, { "µ", 0 }, { "−", 0 }, { "≠", 0 },
		{ "∑", 0 }, { "√", 0 }, { "⋅", 0 }, { "…", 0 }, { "Δ", 0 }, { "ŷ", 0 }, { "ₘ", 0 },
		{ "ₐ", 0 }, { "ₓ", 0 }, { "⁻", 0 }, { "⁵", 0 }, { "ᵢ", 0 }, { "ñ", 0 }, { "Å", 0 },
	};
	size_t n_symbols = sizeof symbols / sizeof symbols[0];
	/* Control bytes vanish; malformed UTF-8, a surrogate, an overlong
	 * form and what OT1 cannot show become '?', each. */
	static const char odd[] = "<\x01\x7f|\xff|\xed\xa0\x80|\xc0\xaf|\xe6\x97\xa5|\xf0\x9f\x98\x80>";
	char *dir = tmpdir_new(), *path = path_join(dir, "t.tex");
	FILE *fp = fopen(path, "w");
	int st;

	/* One test a page, on pages wide enough that no line breaks. */
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fputs("\\RequirePackage{fix-cm}\\documentclass{article}\\pagestyle{empty}"
	      "\\usepackage[paperwidth=80cm,paperheight=10cm,margin=1cm]{geometry}"
	      "\\begin{document}\\noindent\n", fp);
	for (int tt = 0; tt < 2; tt++) {
		char *q = quote_tex(ascii_hostile, strlen(ascii_hostile), tt);
		CU_ASSERT_PTR_NOT_NULL_FATAL(q);
		fprintf(fp, tt ? "\\texttt{%s}\\newpage\\noindent\n" : "%s\\newpage\\noindent\n", q);
		free(q);
	}
	for (size_t i = 0; i < n_symbols; i++) {
		char *q = quote_tex(symbols[i].s, strlen(symbols[i].s), 0);
		CU_ASSERT_PTR_NOT_NULL_FATAL(q);
		if (strchr(q, '?'))
			fprintf(stderr, "\n  quote_tex does not know %s\n", symbols[i].s);
		CU_ASSERT_PTR_NULL(strchr(q, '?'));
		fprintf(fp, "%s%s", q, i + 1 < n_symbols ? " / " : "\\newpage\\noindent\n");
		free(q);
	}
	char *q = quote_tex(odd, sizeof odd - 1, 0);
	fprintf(fp, "%s\n\\end{document}\n", q);
	free(q);
	CU_ASSERT_EQUAL_FATAL(fclose(fp), 0);

	char *log = run_in(dir, "pdflatex -interaction=nonstopmode -halt-on-error t.tex", NULL, &st);
	CU_ASSERT_EQUAL(st, 0);
	if (st)
		fprintf(stderr, "\n  pdflatex: %s\n", log ? log : "?");
	free(log);
	CU_ASSERT_FALSE(pdf_has_bitmap_font(dir, "t.pdf"));
	CU_ASSERT_EQUAL(pdf_pages(dir, "t.pdf"), 4);

	char *text = page_text(dir, 1), *want = as_typeset(ascii_hostile);
	CU_ASSERT_STRING_EQUAL(text, want);
	free(text);
	free(want);
	text = page_text(dir, 2);
	CU_ASSERT_STRING_EQUAL(text, ascii_hostile);
	free(text);
	text = page_text(dir, 3);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	for (size_t i = 0; i < n_symbols; i++) {
		if (symbols[i].reads_back && !strstr(text, symbols[i].s)) {
			CU_FAIL("a symbol does not read back out of the PDF");
			fprintf(stderr, "\n  %s not in '%s'\n", symbols[i].s, text);
		}
	}
	free(text);
	text = page_text(dir, 4);
	CU_ASSERT_STRING_EQUAL(text, "<|?|???|??|?|?>");
	free(text);
	free(path);
	rm_rf(dir);
	free(dir);
}

/* ---- the shared report's PDFs ------------------------------------------------------ */

/* The figures of the report, each a cairolatex figure in tex/ (and, but
 * those of off_slides, on a slide from tex/slides/). */
static const char *const figures[] = {
	"fit", "network", "graph", "loss", "params", "fit_steps", "lr_loss", "lr_final",
	"landscape", "gradients", "scaling", "opt_loss", "opt_paths", "momentum_map",
	"batch_noise",
};
static const char *const off_slides[] = { "fit_steps", "opt_paths", "batch_noise" };
#define N_FIGURES (sizeof figures / sizeof figures[0])

static void test_report_and_slides_compile_without_errors_or_overfull_boxes(void)
{
	const struct shared_report *r = shared_report("default");
	static const char *const docs[] = { "report.log", "slides.log" };

	for (size_t i = 0; i < 2; i++) {
		char *log = report_file(r, docs[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(log);
		/* An error line starts with "!" (or names file:line:); boxes
		 * that stick out, font sizes that do not exist and undefined
		 * references are warnings pdflatex gives on its way. */
		static const char *const bad[] = { "\n!", ".tex:", "Overfull \\hbox", "Overfull \\vbox",
		                                   "Font Warning", "LaTeX Warning", "Missing character" };
		for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
			const char *at = strstr(log, bad[k]);
			if (at)
				fprintf(stderr, "\n  %s: %.200s\n", docs[i], at);
			CU_ASSERT_PTR_NULL(at);
		}
		CU_ASSERT_PTR_NOT_NULL(strstr(log, "Output written on"));
		free(log);
	}
	CU_ASSERT_PTR_NOT_NULL(strstr(r->stdout_text, "\nlatex: report.pdf ("));
}

/* pdfinfo counts the pages: one a slide that slides.tex and slides.html
 * hold (the title's included), and report.pdf as many as its log says;
 * every glyph is an outline font. */
static void test_the_pdfs_have_one_page_per_slide_and_only_outline_fonts(void)
{
	const struct shared_report *r = shared_report("default");
	char *tex = report_file(r, "slides.tex"), *html = report_file(r, "slides.html");
	char *log = report_file(r, "report.log");

	CU_ASSERT_FATAL(tex && html && log);
	size_t frames = count_of(tex, "\\begin{frame}");
	CU_ASSERT(frames >= 20);
	CU_ASSERT_EQUAL(count_of(html, "<section class=\"slide\""), frames);
	CU_ASSERT_EQUAL(pdf_pages(r->dir, "slides.pdf"), (long)frames);
	char said[64];
	snprintf(said, sizeof said, "slides.pdf (%zu slides,", frames);
	CU_ASSERT_PTR_NOT_NULL(strstr(r->stdout_text, said));

	const char *out = strstr(log, "Output written on ");
	const char *paren = out ? strstr(out, " (") : NULL;
	CU_ASSERT_PTR_NOT_NULL_FATAL(paren);
	long pages = strtol(paren + 2, NULL, 10);
	CU_ASSERT(pages >= 8);
	CU_ASSERT_EQUAL(pdf_pages(r->dir, "report.pdf"), pages);

	CU_ASSERT_FALSE(pdf_has_bitmap_font(r->dir, "report.pdf"));
	CU_ASSERT_FALSE(pdf_has_bitmap_font(r->dir, "slides.pdf"));
	free(tex);
	free(html);
	free(log);
}

/* A TeX log as one text: TeX breaks its lines after 79 characters (its
 * max_print_line), adding nothing, so such a break is taken out. */
static void unwrap_log(char *log)
{
	char *out = log;
	size_t col = 0;

	for (char *c = log; *c; c++) {
		if (*c == '\n' && col == 79) {
			col = 0;
			continue;
		}
		col = *c == '\n' ? 0 : col + 1;
		*out++ = *c;
	}
	*out = '\0';
}

/* The caption of figure `name` in a TeX document: the text of \caption{}
 * after its \input (newly allocated), or NULL. */
static char *caption_of(const char *tex, const char *name)
{
	char *input = xasprintf("\\input{tex/%s.tex}}\n\\caption{", name);
	const char *at = strstr(tex, input);
	char *cap = NULL;

	if (at) {
		at += strlen(input);
		const char *end = strstr(at, "}\n");
		/* The caption ends where a closing brace ends its line; a line
		 * break inside is never written. */
		if (end && !memchr(at, '\n', (size_t)(end - at)))
			cap = strndup(at, (size_t)(end - at));
	}
	free(input);
	return cap;
}

/* Every figure is drawn into report.pdf and, but those of off_slides, on
 * a slide (pdflatex's log lists each graphic it includes); figures.tex
 * holds each once, with its label and the caption report.tex has. */
static void test_every_figure_is_in_the_pdfs_and_in_figures_tex(void)
{
	const struct shared_report *r = shared_report("default");
	char *report = report_file(r, "report.tex"), *figs = report_file(r, "figures.tex");
	char *rlog = report_file(r, "report.log"), *slog = report_file(r, "slides.log");

	CU_ASSERT_FATAL(report && figs && rlog && slog);
	unwrap_log(rlog);
	unwrap_log(slog);
	CU_ASSERT_EQUAL(count_of(report, "\\begin{figure}"), N_FIGURES);
	CU_ASSERT_EQUAL(count_of(figs, "\\begin{figure}"), N_FIGURES);
	for (size_t i = 0; i < N_FIGURES; i++) {
		char *used = xasprintf("<./tex/%s.pdf>", figures[i]);
		char *slide = xasprintf("<./tex/slides/%s.pdf>", figures[i]);
		char *label = xasprintf("\\label{fig:%s}", figures[i]);
		char *a = caption_of(report, figures[i]), *b = caption_of(figs, figures[i]);
		CU_ASSERT_PTR_NOT_NULL(strstr(rlog, used));
		int on_slide = 1;
		for (size_t k = 0; k < sizeof off_slides / sizeof off_slides[0]; k++)
			on_slide &= strcmp(figures[i], off_slides[k]) != 0;
		CU_ASSERT_EQUAL(strstr(slog, slide) != NULL, on_slide);
		CU_ASSERT_EQUAL(count_of(figs, label), 1);
		CU_ASSERT(a && b && strlen(a) > 40 && !strcmp(a, b));
		if (!a || !b || strcmp(a, b))
			fprintf(stderr, "\n  captions of %s differ: '%s' / '%s'\n", figures[i], a, b);
		free(used); free(slide); free(label); free(a); free(b);
	}
	free(report); free(figs); free(rlog); free(slog);
}

/* ---- failing, and missing ---------------------------------------------------------- */

/* A report with the fake gnuplot into dir; env as spawn_opts. */
static void fake_report(struct proc *p, const char *dir, const char *const *env_more,
                        const char *a1, const char *a2)
{
	char *gp = xasprintf("GNUPLOT=%s", fake_gnuplot());
	const char *env[8] = { gp };
	size_t n = 1;

	for (size_t i = 0; env_more && env_more[i] && n < 7; i++)
		env[n++] = env_more[i];
	struct spawn_opts o = { .env = env };
	run_neuron_with(p, &o, "report", "--iters", "50", "--lrs", "1e-4", "--out", dir, a1, a2, NULL);
	free(gp);
}

/* A figure that does not compile: the run fails with one line naming the
 * document, the file and the line, then the log's context; the output
 * directory is as before (no PDF, no .tex). */
static void test_a_latex_error_names_its_file_and_line_and_changes_nothing(void)
{
	char *dir = tmpdir_new();
	struct proc p;

	fake_report(&p, dir, NULL, "--latex", "tex");
	CU_ASSERT_EQUAL_FATAL(p.status, 0);
	proc_free(&p);
	char *before = tree_digest(dir);
	const char *env[] = { "PDFLATEX", "FAKE_GNUPLOT_TEX=\\nosuchcommand", NULL };
	/* (--force: the figures' recipes are as before; the fake gnuplot's
	 * environment is not part of them.) */
	fake_report(&p, dir, env, "--force", NULL);
	char *after = tree_digest(dir);
	CU_ASSERT_EQUAL(p.status, 1);
	CU_ASSERT_STRING_EQUAL(before, after);
	CU_ASSERT_EQUAL(output_entries(dir), dir_entries(dir) - 2);   /* no stage left */
	CU_ASSERT(strncmp(p.err, "neuron: report.tex does not compile: tex/fit.tex:1: "
	                  "Undefined control sequence", 73) == 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.err, "\n  pdflatex: l.1 \\nosuchcommand"));
	CU_ASSERT_PTR_NOT_NULL(strstr(p.err, "no PDF was written"));
	if (p.status != 1)
		fprintf(stderr, "\n  %s\n", p.err);
	free(before);
	free(after);
	proc_free(&p);
	rm_rf(dir);
	free(dir);
}

/* The words a POSIX shell makes of `line`, one a line. */
static char *shell_words(const char *line)
{
	int st;
	setenv("NR_LINE", line, 1);
	char *words = run_in("/", "eval \"set -- $NR_LINE\"; for w; do printf '%s\\n' \"$w\"; done",
	                     NULL, &st);
	unsetenv("NR_LINE");
	CU_ASSERT_EQUAL(st, 0);
	return words;
}

/* Without pdflatex: report.tex, slides.tex and figures.tex are written,
 * no PDF, and the summary prints the command that builds them, which a
 * shell splits into exactly the two paths, whatever the directory's name.
 * --latex pdf makes the missing pdflatex an error that changes nothing;
 * --latex none writes nothing of LaTeX. */
static void test_without_pdflatex_the_tex_is_written_with_the_command_to_build_it(void)
{
	char *top = tmpdir_new(), *dir = path_join(top, "it's a $(dir)");
	struct proc p;

	fake_report(&p, dir, NULL, NULL, NULL);
	CU_ASSERT_EQUAL_FATAL(p.status, 0);
	static const char *const written[] = { "report.tex", "slides.tex", "figures.tex",
	                                       "slides.html", "tex/fit.tex", "tex/slides/fit.pdf" };
	for (size_t i = 0; i < sizeof written / sizeof written[0]; i++) {
		char *f = path_join(dir, written[i]);
		CU_ASSERT(file_exists(f));
		free(f);
	}
	char *pdf = path_join(dir, "report.pdf");
	CU_ASSERT_FALSE(file_exists(pdf));
	const char *cmd = strstr(p.out, "\n  latexmk -pdf -cd ");
	CU_ASSERT_PTR_NOT_NULL_FATAL(cmd);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.out, NO_PDFLATEX " not found"));
	cmd += 3;
	char *line = strndup(cmd, strcspn(cmd, "\n"));
	char *words = shell_words(line);
	char *want = xasprintf("latexmk\n-pdf\n-cd\n%s/report.tex\n%s/slides.tex\n", dir, dir);
	CU_ASSERT_STRING_EQUAL(words, want);
	free(line); free(words); free(want);
	proc_free(&p);

	char *before = tree_digest(dir);
	fake_report(&p, dir, NULL, "--latex", "pdf");
	char *after = tree_digest(dir);
	CU_ASSERT_EQUAL(p.status, 1);
	CU_ASSERT_STRING_EQUAL(before, after);
	CU_ASSERT_STRING_EQUAL(p.err, "neuron: --latex pdf, but " NO_PDFLATEX " not found "
	                       "(install texlive-latex-recommended, or set PDFLATEX)\n");
	free(before); free(after);
	proc_free(&p);

	char *none = path_join(top, "none");
	fake_report(&p, none, NULL, "--latex", "none");
	CU_ASSERT_EQUAL(p.status, 0);
	char *digest = tree_digest(none);
	CU_ASSERT_PTR_NULL(strstr(digest, ".tex "));
	CU_ASSERT_PTR_NULL(strstr(digest, "tex/"));
	CU_ASSERT_PTR_NOT_NULL(strstr(digest, "slides.html "));
	CU_ASSERT_PTR_NULL(strstr(p.out, "latex"));
	free(digest);
	free(none);
	proc_free(&p);
	free(pdf);
	rm_rf(top);
	free(top);
	free(dir);
}

/* latex_command quotes each path as one shell word. */
static void test_the_build_command_quotes_every_path(void)
{
	static const char *const names[] = { "report", "slides" };
	static const char *const dirs[] = { "out", "a b", "it's", "$(touch x)", "-x", "~" };

	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		char *cmd = latex_command(dirs[i], names, 2);
		CU_ASSERT_PTR_NOT_NULL_FATAL(cmd);
		char *words = shell_words(cmd);
		char *want = xasprintf("latexmk\n-pdf\n-cd\n%s/report.tex\n%s/slides.tex\n", dirs[i], dirs[i]);
		CU_ASSERT_STRING_EQUAL(words, want);
		free(cmd); free(words); free(want);
	}
}

int suite_latex(void)
{
	/* The tests that make runs of their own and read no shared report:
	 * any process of the runner may take them (main.c). */
	CU_pSuite runs = CU_add_suite("latex_runs", NULL, NULL);
	if (!runs)
		return CU_get_error();
	CU_ADD_TEST(runs, test_hostile_text_typesets_as_itself_in_pdflatex);
	CU_ADD_TEST(runs, test_a_latex_error_names_its_file_and_line_and_changes_nothing);
	CU_ADD_TEST(runs, test_without_pdflatex_the_tex_is_written_with_the_command_to_build_it);
	CU_ADD_TEST(runs, test_the_build_command_quotes_every_path);
	CU_pSuite s = CU_add_suite("latex", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_report_and_slides_compile_without_errors_or_overfull_boxes);
	CU_ADD_TEST(s, test_the_pdfs_have_one_page_per_slide_and_only_outline_fonts);
	CU_ADD_TEST(s, test_every_figure_is_in_the_pdfs_and_in_figures_tex);
	return CU_get_error();
}
