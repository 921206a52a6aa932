/*
 * test_figwords.c - the figures' words come from the language file.
 *
 * Two of the shared reports (reports.h; real gnuplot, SVG, whose text can
 * be read back): "article" in English, and "marked", the same run with a
 * language folder ($NEURON_LANG) whose en.txt has
 * every [fig.*] entry replaced by a marker "Q<i>Z" (its placeholders kept)
 * followed by text a shell or gnuplot would take for commands. Every
 * English entry the first report draws must be drawn as its marker in the
 * second, and its English words must be gone; the hostile text must be
 * drawn as it reads, in the SVG figures and (escaped) in the LaTeX ones,
 * and nothing may run.
 */
#include <CUnit/CUnit.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/err.h"
#include "helpers.h"
#include "reports.h"
#include "suites.h"

/* What a few figure words get after their marker in the second report
 * (a few: long words everywhere would push keys off the canvas): quotes,
 * backquotes, a shell's $(...), gnuplot's system() and macro sign,
 * enhanced text's and TeX's specials and a printf format. A line break
 * cannot be in an entry (an entry's lines are joined). */
static const char *const hostile_keys[] = { "fig.iteration", "fig.sweep", "fig.node" };
#define HOSTILE "it's \"q\" `touch PWN1` $(touch PWN2) system(\"touch PWN3\") @TC %s\\n #&_^~"

/* Figure words whose English text the figures also show from the
 * documents' entries (titles the program passes), which this test leaves
 * in English: whether a figure drew them cannot be told, so they are not
 * checked. */
static const char *const prose_keys[] = {
	"loss_value",       /* fit_steps' titles: "k = 0: loss 1914" */
	"updates_at_lr",    /* batch_noise's title: "3000 updates at lr 1e-4: ..." */
	"updates_one", "updates_many",   /* ... and the optimizers' counts */
	"data",             /* ... "no noise floor on this data" */
	"target",           /* the optimizers' target line */
	"lr",               /* the optimizers' runs: "gd, lr 1e-4" */
	"still_converging", "diverged", "oscillating",   /* the landscape's panel titles */
	"blew_up",          /* lr_final's title: "... blew up from 1.001 ×" */
};

struct texts {
	char **v;
	size_t n, cap;
};

struct fig_entry {
	char key[64];
	char text[256];       /* English, its lines joined */
};

static struct {
	int done;
	struct texts en, marked;
	struct fig_entry e[256];
	size_t n;
	char *tex_loss;       /* tex/loss.tex of the marked report */
} run;

static void texts_add(struct texts *t, char *s)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 256;
		t->v = realloc(t->v, t->cap * sizeof *t->v);
		CU_ASSERT_FATAL(t->v != NULL);
	}
	t->v[t->n++] = s;
}

/* The text of every <text> element of an SVG file, its tags dropped and
 * XML's entities read back. */
static void svg_texts(const char *path, struct texts *t)
{
	char *svg = slurp(path, NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(svg);
	for (char *s = strstr(svg, "<text"); s; s = strstr(s, "<text")) {
		char *end = strstr(s, "</text>");
		if (!end)
			break;
		char *out = malloc((size_t)(end - s) + 1), *o = out;
		int in_tag = 0;
		for (char *c = s; c < end; c++) {
			static const char *const ent[][2] = {
				{ "&lt;", "<" }, { "&gt;", ">" }, { "&amp;", "&" },
				{ "&quot;", "\"" }, { "&apos;", "'" }, { "&#39;", "'" },
			};
			if (*c == '<' || *c == '>') {
				in_tag = *c == '<';
				continue;
			}
			if (in_tag)
				continue;
			size_t k = 0;
			for (; k < sizeof ent / sizeof ent[0]; k++)
				if (!strncmp(c, ent[k][0], strlen(ent[k][0])))
					break;
			if (k < sizeof ent / sizeof ent[0]) {
				*o++ = ent[k][1][0];
				c += strlen(ent[k][0]) - 1;
			} else {
				*o++ = *c;
			}
		}
		*o = '\0';
		texts_add(t, out);
		s = end;
	}
	free(svg);
}

static void dir_svg_texts(const char *dir, struct texts *t)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len > 4 && !strcmp(e->d_name + len - 4, ".svg")) {
			char *p = path_join(dir, e->d_name);
			svg_texts(p, t);
			free(p);
		}
	}
	closedir(d);
}

/*
 * Reads lang/en.txt, keeps its [fig.*] entries in run.e, and writes to
 * `out` the same file with each of their texts replaced by "Q<i>Z", each
 * placeholder of the English text, and HOSTILE.
 */
int figwords_write_language(const char *out)
{
	char *en = slurp("lang/en.txt", NULL);
	FILE *fp = fopen(out, "w");
	int in_fig = 0;

	if (!en || !fp) {
		free(en);
		if (fp)
			fclose(fp);
		return -1;
	}
	run.n = 0;
	for (char *line = en, *eol; *line; line = eol + 1) {
		if (!(eol = strchr(line, '\n')))
			eol = line + strlen(line) - 1;   /* (en.txt ends with a newline) */
		*eol = '\0';
		if (!*line)
			continue;
		if (line[0] == '[') {
			in_fig = !strncmp(line, "[fig.", 5);
			fprintf(fp, "%s\n", line);
			if (in_fig) {
				if (run.n == sizeof run.e / sizeof run.e[0]) {
					fclose(fp);
					free(en);
					return -1;
				}
				struct fig_entry *f = &run.e[run.n++];
				snprintf(f->key, sizeof f->key, "%.*s", (int)(strchr(line, ']') - line - 1),
				         line + 1);
				f->text[0] = '\0';
			}
			continue;
		}
		if (!in_fig || line[0] == '#') {
			fprintf(fp, "%s\n", line);
			continue;
		}
		/* A line of a figure's word: kept for the checks, written as its
		 * marker and placeholders once the entry's text is complete. */
		struct fig_entry *f = &run.e[run.n - 1];
		size_t len = strlen(f->text);
		snprintf(f->text + len, sizeof f->text - len, "%s%s", len ? " " : "", line);
		char *next = eol + 1;
		while (*next == '\n')
			next++;
		if (*next == '[' || *next == '#' || *next == '\0') {
			fprintf(fp, "Q%zuZ", run.n - 1);
			for (char *p = strstr(f->text, "{{"); p; p = strstr(p + 2, "{{"))
				fprintf(fp, " %.*s", (int)(strstr(p, "}}") + 2 - p), p);
			int hostile = 0;
			for (size_t k = 0; k < sizeof hostile_keys / sizeof hostile_keys[0]; k++)
				hostile |= !strcmp(f->key, hostile_keys[k]);
			fprintf(fp, "%s%s\n", hostile ? " " : "", hostile ? HOSTILE : "");
		}
	}
	free(en);
	return fclose(fp) == 0 ? 0 : -1;
}

/* The texts of the two reports' figures, read once for both tests. */
static void read_reports(void)
{
	if (run.done)
		return;
	run.done = 1;
	const struct shared_report *en = shared_report("article");
	const struct shared_report *marked = shared_report("marked");
	dir_svg_texts(en->dir, &run.en);
	dir_svg_texts(marked->dir, &run.marked);
	char *tex = path_join(marked->dir, "tex/loss.tex");
	run.tex_loss = slurp(tex, NULL);
	free(tex);
}

static int is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * Whether the English text `pat` matches s at p: its literal pieces in
 * order, each placeholder standing for at least one character, a letter
 * at either end of the match not inside a longer word.
 */
static int match_at(const char *s, const char *p, const char *pat)
{
	if (!*pat)
		return 1;
	if (!strncmp(pat, "{{", 2)) {
		const char *rest = strstr(pat, "}}") + 2;
		for (const char *q = p + 1; q <= p + strlen(p); q++)
			if (match_at(s, q, rest))
				return 1;
		return 0;
	}
	const char *open = strstr(pat, "{{");
	size_t n = open ? (size_t)(open - pat) : strlen(pat);
	if (strncmp(p, pat, n))
		return 0;
	if (!open && is_letter(pat[n - 1]) && is_letter(p[n]))
		return 0;
	return match_at(s, p + n, pat + n);
}

static int matches(const char *s, const char *pat)
{
	for (const char *p = s; *p; p++)
		if ((p == s || !is_letter(*pat) || !is_letter(p[-1])) && match_at(s, p, pat))
			return 1;
	return 0;
}

/* Whether an element of t shows entry f: matches its text, and not only
 * as part of a longer entry's text ("mean" in "mean of the seeds"). */
static int any_matches(const struct texts *t, const struct fig_entry *f)
{
	for (size_t i = 0; i < t->n; i++) {
		if (!matches(t->v[i], f->text))
			continue;
		int longer = 0;
		for (size_t k = 0; k < run.n && !longer; k++)
			longer = &run.e[k] != f && strlen(run.e[k].text) > strlen(f->text) &&
			         matches(run.e[k].text, f->text) && matches(t->v[i], run.e[k].text);
		if (!longer)
			return 1;
	}
	return 0;
}

static int any_has(const struct texts *t, const char *text)
{
	for (size_t i = 0; i < t->n; i++)
		if (strstr(t->v[i], text))
			return 1;
	return 0;
}

static int also_prose(const char *key)
{
	for (size_t k = 0; k < sizeof prose_keys / sizeof prose_keys[0]; k++)
		if (!strcmp(key + 4, prose_keys[k]))
			return 1;
	return 0;
}

static void test_every_word_of_the_figures_comes_from_the_language_file(void)
{
	read_reports();
	CU_ASSERT(run.n > 50);
	CU_ASSERT(run.en.n > 300 && run.marked.n > 300);
	size_t drawn = 0;
	for (size_t i = 0; i < run.n; i++) {
		const struct fig_entry *f = &run.e[i];
		char marker[32];
		if (also_prose(f->key) || !any_matches(&run.en, f))
			continue;   /* not drawn by this report, or not told apart */
		drawn++;
		snprintf(marker, sizeof marker, "Q%zuZ", i);
		int found = any_has(&run.marked, marker);
		CU_ASSERT(found);
		if (!found)
			fprintf(stderr, "\n  [%s] '%s' is drawn in English, its marker %s not at all",
			        f->key, f->text, marker);
		int left = any_matches(&run.marked, f);
		CU_ASSERT(!left);
		if (left)
			fprintf(stderr, "\n  [%s] '%s' is still drawn in English", f->key, f->text);
	}
	/* Most of the words are drawn by a report with a diverging rate. */
	CU_ASSERT(drawn > 40);
}

static void test_a_hostile_figure_word_is_drawn_as_text_and_runs_nothing(void)
{
	read_reports();
	int whole = 0;
	for (size_t i = 0; i < run.marked.n; i++)
		whole += strstr(run.marked.v[i], HOSTILE) != NULL;
	CU_ASSERT(whole >= 5);
	/* In LaTeX, escaped: the $ and the # as TeX prints them. */
	CU_ASSERT_PTR_NOT_NULL_FATAL(run.tex_loss);
	CU_ASSERT(strstr(run.tex_loss, "Q0Z") != NULL);
	CU_ASSERT(strstr(run.tex_loss, "(touch PWN2)") != NULL);
	CU_ASSERT(strstr(run.tex_loss, " $(touch PWN2)") == NULL);
	CU_ASSERT(strstr(run.tex_loss, "\\$") != NULL);
	CU_ASSERT(strstr(run.tex_loss, "\\#") != NULL);
	CU_ASSERT(strstr(run.tex_loss, " #") == NULL);
	/* Nothing ran: no PWN file anywhere in the sandbox (the working
	 * directory of both reports, with their HOME). */
	CU_ASSERT(no_pwn(sandbox_dir()));
}

static int cleanup(void)
{
	for (size_t i = 0; i < run.en.n; i++)
		free(run.en.v[i]);
	for (size_t i = 0; i < run.marked.n; i++)
		free(run.marked.v[i]);
	free(run.en.v);
	free(run.marked.v);
	free(run.tex_loss);
	return 0;
}

int suite_figwords(void)
{
	CU_pSuite s = CU_add_suite("figwords", NULL, cleanup);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_every_word_of_the_figures_comes_from_the_language_file);
	CU_ADD_TEST(s, test_a_hostile_figure_word_is_drawn_as_text_and_runs_nothing);
	return CU_get_error();
}
