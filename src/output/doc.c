/* doc.c - templates rendered to HTML, Markdown and LaTeX. */
#include "output/doc.h"
#include "base/err.h"
#include "base/quote.h"
#include "output/math.h"
#include "output/names.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- vars ---------------------------------------------------------------- */

static void put(struct vars *v, const char *name, char *value, enum var_kind kind)
{
	if (!value || v->n == VARS_MAX) {
		free(value);
		v->oom = 1;
		return;
	}
	v->v[v->n].name = name;
	v->v[v->n].value = value;
	v->v[v->n].kind = kind;
	v->n++;
}

void vars_num(struct vars *v, const char *name, double x)
{
	put(v, name, xasprintf("%.6g", x), VAR_NUMBER);
}

void vars_numf(struct vars *v, const char *name, const char *fmt, double x)
{
	char buf[64];

	snprintf(buf, sizeof buf, fmt, x);
	put(v, name, strdup(buf), VAR_NUMBER);
}

void vars_int(struct vars *v, const char *name, long long x)
{
	put(v, name, xasprintf("%lld", x), VAR_NUMBER);
}

void vars_num_text(struct vars *v, const char *name, const char *number)
{
	put(v, name, strdup(number), VAR_NUMBER);
}

void vars_text(struct vars *v, const char *name, const char *text)
{
	put(v, name, strdup(text), VAR_TEXT);
}

void vars_program(struct vars *v, const char *name, const char *text)
{
	put(v, name, strdup(text), VAR_PROGRAM);
}

void vars_free(struct vars *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->v[i].value);
	v->n = 0;
	v->oom = 0;
}

/* ---- the backends --------------------------------------------------------- */

static const char css[] =
"body{font-family:'DejaVu Serif',Georgia,serif;max-width:46em;margin:2em auto;"
"padding:0 1em;line-height:1.5;color:#222}"
"h1,h2,h3{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;line-height:1.2}"
"h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}"
"figure{margin:1.5em 0;break-inside:avoid;page-break-inside:avoid}"
"figure img{width:100%;height:auto;border:1px solid #eee}"
"figcaption{font-size:.92em;color:#444;margin-top:.4em}"
"math{font-family:'DejaVu Math TeX Gyre','STIX Two Math','Latin Modern Math',"
"'Cambria Math',math;font-size:1.05em}"
"div.math{margin:.5em 0 .7em;overflow-x:auto;break-inside:avoid}"
"div.math math{margin:.2em 0}"
"div.math details{font-size:.8em;color:#666}"
"div.math summary{cursor:pointer}"
"code{font-size:.92em;background:#f3f3f3;padding:0 .2em}"
"table{border-collapse:collapse;margin:1em 0;font-size:.92em;break-inside:avoid}"
"th,td{border:1px solid #bbb;padding:.25em .6em;text-align:right}"
"th{background:#eee}td:first-child,th:first-child{text-align:left}"
"figure.print{display:none}"
"p.tablinks a{margin-right:.9em;white-space:nowrap}"
"div.tab{display:none}div.tab:target,div.tab.first{display:block}"
"div.tab:target~div.tab.first{display:none}"
"div.tab img{width:100%;height:auto;border:1px solid #eee}"
"@page{size:A4;margin:18mm}"
"@media print{body{max-width:none;margin:0;font-size:10.5pt}"
"div.math{overflow-x:visible}div.math details{display:none}"
"figure img{max-height:115mm;width:auto;max-width:100%}h2{break-after:avoid}"
"figure.screen{display:none}figure.print{display:block}"
"p.tablinks{display:none}div.tabs{display:flex;flex-direction:column}"
"div.tabs div.tab{display:block!important;break-inside:avoid}div.tab.first{order:-1}}";

/*
 * What a document format needs to know: how to write literal text from a
 * template (trusted) and from a value (untrusted), and how to open and
 * close each element. Both text writers escape everything that would be
 * markup in the format.
 */
struct backend {
	void (*literal)(FILE *fp, const char *s, size_t n);
	void (*value)(FILE *fp, const char *s, size_t n);
	void (*code_text)(FILE *fp, const char *s, size_t n);   /* inside `code` */
	const char *em[2], *code[2];
	void (*math)(FILE *fp, const char *tex, const struct math *m, int display,
	             const char *as_text);
};

static void html_text(FILE *fp, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&':  fputs("&amp;", fp); break;
		case '<':  fputs("&lt;", fp); break;
		case '>':  fputs("&gt;", fp); break;
		case '"':  fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default:   putc(s[i], fp);
		}
	}
}

/* A formula in a sentence as MathML, which browsers typeset without any
 * script (displayed ones are written by doc_formulas). */
static void html_math(FILE *fp, const char *tex, const struct math *m, int display,
                      const char *as_text)
{
	(void)tex;
	(void)as_text;
	math_write_mathml(fp, m, display);
}

/* Markdown: a template's own text needs only the characters that would
 * start markup in the middle of a line escaped. */
static void md_literal(FILE *fp, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (strchr("\\_<>[]|", s[i]))
			putc('\\', fp);
		putc(s[i], fp);
	}
}

/* A value may be anything: every ASCII punctuation character is escaped
 * (CommonMark allows a backslash before each), so nothing in it is
 * markup, a link, an HTML tag or an entity. */
static void md_value(FILE *fp, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (ispunct((unsigned char)s[i]) && (unsigned char)s[i] < 0x80)
			putc('\\', fp);
		putc(s[i], fp);
	}
}

static void md_math(FILE *fp, const char *tex, const struct math *m, int display,
                    const char *as_text)
{
	(void)m;
	(void)as_text;
	fprintf(fp, display ? "$$%s$$\n\n" : "$%s$", tex);
}

/* Markdown code spans show their text as it is: backslashes would show
 * too. A backtick inside (which our code spans never hold) ends it. */
static void md_code(FILE *fp, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		putc(s[i] == '`' ? '\'' : s[i], fp);
}

/* LaTeX: every character of text is written as text (quote_tex), the
 * template's as much as a user's; a formula is its TeX source, which
 * math_parse has checked against the subset amsmath knows. */
static void tex_text(FILE *fp, const char *s, size_t n)
{
	quote_tex_write(fp, s, n, 0);
}

static void tex_code(FILE *fp, const char *s, size_t n)
{
	quote_tex_write(fp, s, n, 1);
}

static void tex_math(FILE *fp, const char *tex, const struct math *m, int display,
                     const char *as_text)
{
	(void)m;
	(void)as_text;
	fprintf(fp, display ? "\\[ %s \\]\n" : "$%s$", tex);
}

static const struct backend backends[DOC_FORMATS] = {
	[DOC_HTML] = { html_text, html_text, html_text, { "<em>", "</em>" },
	               { "<code>", "</code>" }, html_math },
	[DOC_MD]   = { md_literal, md_value, md_code, { "*", "*" }, { "`", "`" }, md_math },
	[DOC_TEX]  = { tex_text, tex_text, tex_code, { "\\emph{", "}" },
	               { "\\texttt{", "}" }, tex_math },
};

#define EACH(d, f) for (int f = 0; f < DOC_FORMATS; f++) if ((d)->fp[f])

/* ---- errors ---------------------------------------------------------------- */

static void failed(struct doc *d, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void failed(struct doc *d, int status, const char *fmt, ...)
{
	va_list ap;

	if (d->failed)
		return;
	d->failed = status;
	fputs("neuron: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static const struct lang_entry *entry(struct doc *d, const char *key, const struct vars *v)
{
	const struct lang_entry *e = lang_find(d->lang, key);

	if (v && v->oom)
		failed(d, NR_ENOMEM, "out of memory writing the report");
	else if (!e)
		failed(d, NR_EDATA, "%s has no entry [%s]: add it (lang/en.txt of the program has every entry)",
		       d->lang->path, key);
	return d->failed ? NULL : e;
}

static const char *lookup(struct doc *d, const struct lang_entry *e, const struct vars *v,
                          const char *name, size_t len, enum var_kind *kind)
{
	for (size_t i = 0; v && i < v->n; i++)
		if (strlen(v->v[i].name) == len && !strncmp(v->v[i].name, name, len)) {
			*kind = v->v[i].kind;
			return v->v[i].value;
		}
	failed(d, NR_EDATA, "%s:%u: [%s] uses {{%.*s}}, which this part of the report does not provide",
	       d->lang->path, e->line, e->key, (int)len, name);
	return NULL;
}

/* ---- inline markup ------------------------------------------------------- */

/* The closing delimiter of a span opened at s, or NULL. `code` and $math$
 * close at the next backtick or dollar; *emphasis* opens only at the start
 * of a word (so "w*" stays a star) and closes at a star that ends one, as
 * in Markdown. */
static const char *span_end(const char *text, const char *s, const char *end)
{
	if (*s == '`' || *s == '$') {
		const char *c = memchr(s + 1, *s, (size_t)(end - s - 1));
		return c && c > s + 1 ? c : NULL;
	}
	if (*s != '*' || (s > text && isalnum((unsigned char)s[-1])) ||
	    s + 1 >= end || isspace((unsigned char)s[1]))
		return NULL;
	for (const char *c = s + 2; c < end; c++)
		if (*c == '*' && !isspace((unsigned char)c[-1]) &&
		    (c + 1 == end || !isalnum((unsigned char)c[1])))
			return c;
	return NULL;
}

/* Whether TeX written so far (buf, len) ends with a binary operator, after
 * which a negative number needs parentheses: "2 \cdot (-74)". */
static int after_operator(const char *buf, size_t len)
{
	while (len > 0 && buf[len - 1] == ' ')
		len--;
	if (len > 0 && strchr("+-*/", buf[len - 1]))
		return 1;
	static const char *const ops[] = { "\\cdot", "\\times", "\\pm" };
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		size_t n = strlen(ops[i]);
		if (len >= n && !memcmp(buf + len - n, ops[i], n))
			return 1;
	}
	return 0;
}

/* A number as LaTeX: "1.2e-05" -> "1.2\times10^{-5}". */
static void tex_number(FILE *fp, const char *num)
{
	const char *e = strpbrk(num, "eE");

	if (!e) {
		fputs(num, fp);
		return;
	}
	int exp10 = atoi(e + 1);
	if (e - num == 1 && num[0] == '1')
		fprintf(fp, "10^{%d}", exp10);
	else
		fprintf(fp, "%.*s\\times10^{%d}", (int)(e - num), num, exp10);
}

/* The TeX of a $math$ span with its placeholders filled (numbers only),
 * newly allocated. */
static char *math_source(struct doc *d, const struct lang_entry *e, const struct vars *v,
                         const char *s, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (!fp) {
		failed(d, NR_ENOMEM, "out of memory writing the report");
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '{' && i + 1 < n && s[i + 1] == '{') {
			const char *name = s + i + 2;
			const char *close = strstr(name, "}}");
			enum var_kind kind;
			const char *val = close ? lookup(d, e, v, name, (size_t)(close - name), &kind) : NULL;
			if (val && kind != VAR_NUMBER)
				failed(d, NR_EDATA, "%s:%u: [%s]: {{%.*s}} is text and cannot stand in a formula",
				       d->lang->path, e->line, e->key, (int)(close - name), name);
			if (!val || d->failed)
				break;
			fflush(fp);
			int paren = val[0] == '-' && after_operator(buf, len);
			if (paren)
				putc('(', fp);
			tex_number(fp, val);
			if (paren)
				putc(')', fp);
			i = (size_t)(close - s) + 1;
		} else {
			putc(s[i], fp);
		}
	}
	if (fclose(fp) != 0 && !d->failed)
		failed(d, NR_ENOMEM, "out of memory writing the report");
	if (d->failed) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* What the HTML's "show this formula as text" says, from the language. */
static const char *as_text(struct doc *d)
{
	const struct lang_entry *e = entry(d, "doc.formula.as_text", NULL);

	return e ? e->text : "";
}

/* The formula `tex` of entry e, parsed; a formula outside the subset
 * math.h knows is a mistake in the language file. */
static struct math *parse_math(struct doc *d, const struct lang_entry *e, const char *tex)
{
	char *why = NULL;
	struct math *m = math_parse(tex, &why);

	if (!m && why)
		failed(d, NR_EDATA, "%s:%u: [%s]: the formula '%.60s' %s", d->lang->path, e->line,
		       e->key, tex, why);
	else if (!m)
		failed(d, NR_ENOMEM, "out of memory writing the report");
	free(why);
	return m;
}

/* Renders s[0..n) of entry e to one backend. `plain` drops the markup and
 * writes everything as values (for doc_plain). */
static void render(struct doc *d, const struct backend *be, FILE *fp, const struct lang_entry *e,
                   const struct vars *v, const char *s, size_t n, int in_code)
{
	const char *end = s + n;

	for (const char *p = s; p < end && !d->failed;) {
		if (p + 1 < end && p[0] == '{' && p[1] == '{') {
			const char *name = p + 2, *close = strstr(name, "}}");
			enum var_kind kind;
			const char *val = close ? lookup(d, e, v, name, (size_t)(close - name), &kind) : NULL;
			if (!val)
				return;
			if (in_code)
				be->code_text(fp, val, strlen(val));
			else if (kind == VAR_TEXT)
				be->value(fp, val, strlen(val));
			else
				be->literal(fp, val, strlen(val));
			p = close + 2;
			continue;
		}
		const char *close = in_code ? NULL : span_end(s, p, end);
		if (close && *p == '$') {
			char *tex = math_source(d, e, v, p + 1, (size_t)(close - p - 1));
			struct math *m = tex ? parse_math(d, e, tex) : NULL;
			if (m)
				be->math(fp, tex, m, 0, "");
			math_free(m);
			free(tex);
			p = close + 1;
		} else if (close) {
			const char *const *tag = *p == '`' ? be->code : be->em;
			fputs(tag[0], fp);
			render(d, be, fp, e, v, p + 1, (size_t)(close - p - 1), *p == '`');
			fputs(tag[1], fp);
			p = close + 1;
		} else {
			const char *q = p + 1;
			while (q < end && !strchr("{*`$", *q))
				q++;
			if (in_code)
				be->code_text(fp, p, (size_t)(q - p));
			else
				be->literal(fp, p, (size_t)(q - p));
			p = q;
		}
	}
}

/* Renders the whole of s (a line or a paragraph) to every document whose
 * `open` is not NULL, with single line breaks turned into spaces. */
static void render_all(struct doc *d, const struct lang_entry *e, const struct vars *v,
                       const char *s, size_t n, const char *open[DOC_FORMATS],
                       const char *close[DOC_FORMATS])
{
	char *flat = strndup(s, n);

	if (!flat) {
		failed(d, NR_ENOMEM, "out of memory writing the report");
		return;
	}
	for (char *c = flat; *c; c++)
		if (*c == '\n')
			*c = ' ';
	EACH(d, f) {
		if (!open[f])
			continue;
		fputs(open[f], d->fp[f]);
		render(d, &backends[f], d->fp[f], e, v, flat, n, 0);
		fputs(close[f], d->fp[f]);
	}
	free(flat);
}

/* ---- plain text ------------------------------------------------------------ */

static void plain_text(FILE *fp, const char *s, size_t n)
{
	fwrite(s, 1, n, fp);
}

static void plain_math(FILE *fp, const char *tex, const struct math *m, int display,
                       const char *as_text)
{
	(void)tex;
	(void)display;
	(void)as_text;
	math_write_plain(fp, m);
}

static const struct backend plain = { plain_text, plain_text, plain_text, { "", "" },
                                      { "", "" }, plain_math };

char *doc_plain(struct doc *d, const char *key, const struct vars *v)
{
	const struct lang_entry *e = entry(d, key, v);
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	if (!e)
		return NULL;
	if (!(fp = open_memstream(&buf, &len))) {
		failed(d, NR_ENOMEM, "out of memory writing the report");
		return NULL;
	}
	render(d, &plain, fp, e, v, e->text, strlen(e->text), 0);
	if (fclose(fp) != 0 && !d->failed)
		failed(d, NR_ENOMEM, "out of memory writing the report");
	if (d->failed) {
		free(buf);
		return NULL;
	}
	for (char *c = buf; *c; c++)
		if (*c == '\n')
			*c = ' ';
	return buf;
}

/* ---- blocks ------------------------------------------------------------------ */

/*
 * report.tex's preamble: only packages of texlive-latex-recommended and
 * the fonts every TeX has (Computer Modern in OT1, as outlines; quote_tex
 * keeps to its glyphs). A table keeps its natural width unless it is wider
 * than the line, then it shrinks to fit; a section's figures are placed
 * before the next section starts (\nrfloats).
 */
static const char tex_preamble[] =
"\\RequirePackage{fix-cm}  % Computer Modern at any size: the figures' text\n"
"\\documentclass[11pt,a4paper]{article}\n"
"% Figures are PDFs of their own: two on a page is fine, say nothing of it.\n"
"\\ifdefined\\pdfsuppresswarningpagegroup\\pdfsuppresswarningpagegroup=1\\fi\n"
"\\usepackage[margin=22mm]{geometry}\n"
"\\usepackage{amsmath}\n"
"\\usepackage{graphicx}\n"
"\\usepackage{xcolor}\n"
"\\usepackage{calc}       % gnuplot's boxed labels (\\widthof)\n"
"\\usepackage{booktabs}\n"
"\\usepackage{microtype}\n"
"\\setlength{\\emergencystretch}{3em}\n"
"\\setlength{\\parindent}{0pt}\n"
"\\setlength{\\parskip}{0.6\\baselineskip plus 2pt}\n"
"% Figures at the top of a page with text below, rather than alone on one.\n"
"\\renewcommand{\\topfraction}{0.85}\\renewcommand{\\textfraction}{0.1}\n"
"\\renewcommand{\\floatpagefraction}{0.75}\n"
"\\newsavebox{\\nrbox}\n"
"\\newenvironment{nrtable}[1]{\\begin{lrbox}{\\nrbox}\\begin{tabular}{#1}\\toprule}%\n"
"  {\\bottomrule\\end{tabular}\\end{lrbox}\\par\\medskip\\noindent\n"
"   \\makebox[\\linewidth]{\\ifdim\\wd\\nrbox>\\linewidth\n"
"     \\resizebox{\\linewidth}{!}{\\usebox{\\nrbox}}\\else\\usebox{\\nrbox}\\fi}\\par\\medskip}\n"
"\\makeatletter\n"
"\\newcommand{\\nrfloats}{\\ifx\\@deferlist\\@empty\\else\\clearpage\\fi}\n"
"\\makeatother\n";

static const char tex_figures_head[] =
"% figures.tex - every figure of report.tex, each a figure environment with\n"
"% its caption and label. gnuplot's cairolatex terminal drew them: tex/<name>.pdf\n"
"% holds the graphics, tex/<name>.tex places the text, which LaTeX typesets in\n"
"% the document's font. Copy one environment into a document that has the tex/\n"
"% folder beside it (or \\input{figures} for all of them); they need\n"
"% \\usepackage{amsmath,graphicx,xcolor,calc} (and \\RequirePackage{fix-cm} before\n"
"% \\documentclass, so that their text has exactly the size it was laid out for).\n";

void doc_begin(struct doc *d, const char *title_key, const struct vars *v)
{
	const struct lang_entry *e = entry(d, title_key, v);
	char *title = e ? doc_plain(d, title_key, v) : NULL;

	if (!title)
		return;
	if (d->fp[DOC_HTML]) {
		FILE *fp = d->fp[DOC_HTML];
		fputs("<!DOCTYPE html>\n<html lang=\"", fp);
		html_text(fp, d->lang->code, strlen(d->lang->code));
		fputs("\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", fp);
		html_text(fp, title, strlen(title));
		fprintf(fp, "</title>\n<style>%s</style>\n</head>\n<body>\n", css);
	}
	free(title);
	if (d->fp[DOC_TEX])
		fprintf(d->fp[DOC_TEX], "%% %s - lecture notes written by neuron: pdflatex %s\n%s",
		        OUT_TEX, OUT_TEX, tex_preamble);
	if (d->tex_figures)
		fputs(tex_figures_head, d->tex_figures);
	const char *open[DOC_FORMATS] = {
		[DOC_HTML] = "<h1>", [DOC_MD] = "# ",
		[DOC_TEX] = "\\begin{document}\n\\begin{center}\\LARGE ",
	};
	const char *close[DOC_FORMATS] = {
		[DOC_HTML] = "</h1>\n", [DOC_MD] = "\n\n", [DOC_TEX] = "\n\\end{center}\n\n",
	};
	render_all(d, e, v, e->text, strlen(e->text), open, close);
}

void doc_end(struct doc *d)
{
	if (d->fp[DOC_HTML])
		fputs("</body>\n</html>\n", d->fp[DOC_HTML]);
	if (d->fp[DOC_TEX])
		fputs("\\end{document}\n", d->fp[DOC_TEX]);
}

void doc_heading(struct doc *d, int level, const char *id, const char *key,
                 const struct vars *v)
{
	const struct lang_entry *e = entry(d, key, v);
	char hopen[64], hclose[16];

	if (!e)
		return;
	snprintf(hopen, sizeof hopen, "<h%d id=\"%s\">", level, id);
	snprintf(hclose, sizeof hclose, "</h%d>\n", level);
	const char *open[DOC_FORMATS] = {
		[DOC_HTML] = hopen, [DOC_MD] = level == 2 ? "## " : "### ",
		[DOC_TEX] = level == 2 ? "\\nrfloats\n\\section{" : "\\subsection{",
	};
	const char *close[DOC_FORMATS] = { [DOC_HTML] = hclose, [DOC_MD] = "\n\n", [DOC_TEX] = "}\n\n" };
	render_all(d, e, v, e->text, strlen(e->text), open, close);
}

void doc_text(struct doc *d, const char *key, const struct vars *v)
{
	const struct lang_entry *e = entry(d, key, v);
	const char *open[DOC_FORMATS] = { [DOC_HTML] = "<p>", [DOC_MD] = "", [DOC_TEX] = "" };
	const char *close[DOC_FORMATS] = { [DOC_HTML] = "</p>\n", [DOC_MD] = "\n\n", [DOC_TEX] = "\n\n" };

	for (const char *p = e ? e->text : NULL; p && *p && !d->failed;) {
		const char *brk = strstr(p, "\n\n");
		size_t n = brk ? (size_t)(brk - p) : strlen(p);
		render_all(d, e, v, p, n, open, close);
		p = brk ? brk + strspn(brk, "\n") : p + n;
	}
}

/*
 * Where a display may align the TeX formula `tex`: the offset of its first
 * relation outside braces and \left .. \right (= < > : and the relations
 * of math.h: \leftarrow, \le, \approx, ...), or -1 when it has none.
 */
static long relation_at(const char *tex)
{
	static const char *const rel[] = {
		"le", "leq", "ge", "geq", "ne", "neq", "approx", "equiv", "sim", "propto", "ll",
		"gg", "in", "leftarrow", "gets", "to", "rightarrow", "Rightarrow",
	};
	int depth = 0;

	for (const char *p = tex; *p; p++) {
		if (*p == '{' || *p == '}') {
			depth += *p == '{' ? 1 : -1;
		} else if (*p == '\\' && isalpha((unsigned char)p[1])) {
			size_t n = 1;
			while (isalpha((unsigned char)p[n]))
				n++;
			if (!strncmp(p, "\\left", n) && n == 5)
				depth++;
			else if (!strncmp(p, "\\right", n) && n == 6)
				depth--;
			for (size_t i = 0; depth == 0 && i < sizeof rel / sizeof rel[0]; i++)
				if (strlen(rel[i]) == n - 1 && !strncmp(p + 1, rel[i], n - 1))
					return (long)(p - tex);
			p += n - 1;
		} else if (*p == '\\' && p[1]) {
			p++;   /* \{ \} \| \, ...: not a brace, not a relation */
		} else if (depth == 0 && strchr("=<>:", *p)) {
			return (long)(p - tex);
		}
	}
	return -1;
}

/* The formula `tex` with `mark` written before its first relation, when it
 * has one and mark is not NULL. */
static void put_aligned(FILE *fp, const char *tex, const char *mark)
{
	long at = mark ? relation_at(tex) : -1;

	if (at < 0) {
		fputs(tex, fp);
		return;
	}
	fprintf(fp, "%.*s%s%s", (int)at, tex, mark, tex + at);
}

/* The entry's formulas, each parsed once: displayed one after another, and
 * in HTML followed by their plain forms (to copy) behind one summary; in
 * LaTeX one display, a formula a line, aligned at their relations when
 * every line has one (a derivation), else centred. */
void doc_formulas(struct doc *d, const char *key, const struct vars *v)
{
	const struct lang_entry *e = entry(d, key, v);
	char *text = NULL, **lines = NULL;
	size_t len = 0, n_lines = 0, cap = 0;   /* the TeX sources, to align */
	int align = 1;
	FILE *html = d->fp[DOC_HTML], *tex = d->fp[DOC_TEX];
	FILE *mem = e ? open_memstream(&text, &len) : NULL;

	if (e && !mem)
		failed(d, NR_ENOMEM, "out of memory writing the report");
	if (html && mem)
		fputs("<div class=\"math\">", html);
	for (const char *p = mem ? e->text : NULL; p && *p && !d->failed;) {
		size_t n = strcspn(p, "\n");
		char *src = math_source(d, e, v, p, n);
		struct math *m = src ? parse_math(d, e, src) : NULL;
		if (m) {
			if (html)
				math_write_mathml(html, m, 1);
			if (d->fp[DOC_MD])
				md_math(d->fp[DOC_MD], src, m, 1, NULL);
			char **more = tex ? grow(lines, &cap, n_lines + 1, sizeof *lines) : NULL;
			if (tex && !more) {
				failed(d, NR_ENOMEM, "out of memory writing the report");
			} else if (tex) {
				lines = more;
				lines[n_lines++] = src;
				align &= relation_at(src) >= 0;
				src = NULL;
			}
			math_write_plain(mem, m);
			putc('\n', mem);
		}
		math_free(m);
		free(src);
		p += n + (p[n] == '\n');
	}
	for (size_t i = 0; i < n_lines; i++) {
		if (!d->failed)
			fprintf(tex, i ? " \\\\\n  " : "\\begin{%s}\n  ", align ? "align*" : "gather*");
		if (!d->failed)
			put_aligned(tex, lines[i], align ? "&" : NULL);
		free(lines[i]);
	}
	if (n_lines && !d->failed)
		fprintf(tex, "\n\\end{%s}\n\n", align ? "align*" : "gather*");
	free(lines);
	if (mem && fclose(mem) != 0 && !d->failed)
		failed(d, NR_ENOMEM, "out of memory writing the report");
	if (html && mem) {
		const char *label = as_text(d);
		fputs("\n<details><summary>", html);
		html_text(html, label, strlen(label));
		fputs("</summary><pre>", html);
		if (text && len > 0)
			html_text(html, text, len - 1);
		fputs("</pre></details></div>\n", html);
	}
	free(text);
}

void doc_figure(struct doc *d, const char *src, const char *alt_key,
                const char *caption_key, const struct vars *v)
{
	doc_figure_for(d, DOC_ALL, src, alt_key, caption_key, v);
}

/* A figure environment for the cairolatex twin of image `src` (its name
 * without the extension, in the tex folder), at 0.85 of the line (so that two fit one page); labelled
 * fig:<name> for a document that refers to it (report.tex does not: one
 * pdflatex pass makes it). */
static void tex_figure(struct doc *d, FILE *fp, const char *src, const struct lang_entry *e,
                       const struct vars *v, int label)
{
	int name = (int)strcspn(src, ".");

	fprintf(fp, "\\begin{figure}[htbp]\n\\centering\n"
	        "\\resizebox{0.85\\linewidth}{!}{\\input{%s/%.*s.tex}}\n\\caption{",
	        OUT_TEX_DIR, name, src);
	render(d, &backends[DOC_TEX], fp, e, v, e->text, strlen(e->text), 0);
	if (label)
		fprintf(fp, "}\n\\label{fig:%.*s", name, src);
	fputs("}\n\\end{figure}\n\n", fp);
}

void doc_figure_for(struct doc *d, enum doc_media m, const char *src, const char *alt_key,
                    const char *caption_key, const struct vars *v)
{
	static const char *const open_tag[] = { "<figure>", "<figure class=\"screen\">",
	                                        "<figure class=\"print\">" };
	const struct lang_entry *e = entry(d, caption_key, v);
	char *alt = e ? doc_plain(d, alt_key, v) : NULL;

	if (!alt)
		return;
	if (d->fp[DOC_HTML]) {
		FILE *fp = d->fp[DOC_HTML];
		fputs(open_tag[m], fp);
		fputs("\n<img src=\"", fp);
		html_text(fp, src, strlen(src));
		fputs("\" alt=\"", fp);
		html_text(fp, alt, strlen(alt));
		fputs("\">\n", fp);
	}
	if (d->fp[DOC_MD]) {
		FILE *fp = d->fp[DOC_MD];
		fputs("![", fp);
		md_literal(fp, alt, strlen(alt));
		fprintf(fp, "](%s)\n\n", src);
	}
	free(alt);
	/* Paper shows the still figures, not the animations. */
	if (m != DOC_SCREEN && d->fp[DOC_TEX])
		tex_figure(d, d->fp[DOC_TEX], src, e, v, 0);
	if (m != DOC_SCREEN && d->tex_figures)
		tex_figure(d, d->tex_figures, src, e, v, 1);
	const char *open[DOC_FORMATS] = { [DOC_HTML] = "<figcaption>", [DOC_MD] = "*" };
	const char *close[DOC_FORMATS] = { [DOC_HTML] = "</figcaption>\n</figure>\n", [DOC_MD] = "*\n\n" };
	render_all(d, e, v, e->text, strlen(e->text), open, close);
}

/* The entry's text on one line (a paragraph break too), newly allocated,
 * or NULL (d->failed set). */
static char *one_line(struct doc *d, const struct lang_entry *e)
{
	char *flat = strdup(e->text);

	if (!flat) {
		failed(d, NR_ENOMEM, "out of memory writing the report");
		return NULL;
	}
	for (char *c = flat; *c; c++)
		if (*c == '\n')
			*c = ' ';
	return flat;
}

/* One panel of an explorer in HTML: its label, text and image. */
static void html_tab(struct doc *d, const char *id, size_t i, const struct doc_tab *t,
                     int first)
{
	FILE *fp = d->fp[DOC_HTML];
	const struct lang_entry *e = entry(d, t->key, t->v);
	char *alt = e ? doc_plain(d, t->alt_key, t->v) : NULL;
	char *text = alt ? one_line(d, e) : NULL;

	if (!text) {
		free(alt);
		return;
	}
	fputs(first ? "<div class=\"tab first\" id=\"" : "<div class=\"tab\" id=\"", fp);
	html_text(fp, id, strlen(id));
	fprintf(fp, "-%zu\">\n<p><strong>", i + 1);
	html_text(fp, t->label, strlen(t->label));
	fputs("</strong>: ", fp);
	render(d, &backends[DOC_HTML], fp, e, t->v, text, strlen(text), 0);
	fputs("</p>\n<img src=\"", fp);
	html_text(fp, t->src, strlen(t->src));
	fputs("\" alt=\"", fp);
	html_text(fp, alt, strlen(alt));
	fputs("\">\n</div>\n", fp);
	free(text);
	free(alt);
}

/* The first panel comes last in the HTML, so that a panel chosen before
 * it can hide it (the sibling selector ~ looks forward only); printing
 * puts it back in front. */
void doc_tabs(struct doc *d, const char *id, const struct doc_tab *tabs, size_t n)
{
	FILE *html = d->fp[DOC_HTML], *md = d->fp[DOC_MD];

	if (html && n > 0 && !d->failed) {
		fputs("<div class=\"tabs\">\n<p class=\"tablinks\">", html);
		for (size_t i = 0; i < n; i++) {
			fputs("<a href=\"#", html);
			html_text(html, id, strlen(id));
			fprintf(html, "-%zu\">", i + 1);
			html_text(html, tabs[i].label, strlen(tabs[i].label));
			fputs("</a> ", html);
		}
		fputs("</p>\n", html);
		for (size_t k = 1; k <= n && !d->failed; k++)
			html_tab(d, id, k % n, &tabs[k % n], k == n);
		fputs("</div>\n", html);
	}
	for (size_t i = 0; md && i < n && !d->failed; i++) {
		const struct lang_entry *e = entry(d, tabs[i].key, tabs[i].v);
		char *alt = e ? doc_plain(d, tabs[i].alt_key, tabs[i].v) : NULL;
		char *text = alt ? one_line(d, e) : NULL;
		if (!text) {
			free(alt);
			break;
		}
		fputs("- **", md);
		md_value(md, tabs[i].label, strlen(tabs[i].label));
		fputs("**: ", md);
		render(d, &backends[DOC_MD], md, e, tabs[i].v, text, strlen(text), 0);
		fputs(" ![", md);
		md_literal(md, alt, strlen(alt));
		fprintf(md, "](%s)\n", tabs[i].src);
		free(text);
		free(alt);
	}
	if (md && n > 0)
		fputc('\n', md);
}

void doc_verbatim(struct doc *d, const char *text)
{
	if (d->fp[DOC_HTML]) {
		fputs("<pre><code>", d->fp[DOC_HTML]);
		html_text(d->fp[DOC_HTML], text, strlen(text));
		fputs("</code></pre>\n", d->fp[DOC_HTML]);
	}
	if (d->fp[DOC_MD]) {
		/* A fence longer than any run of backticks inside. */
		size_t run = 0, longest = 0;
		for (const char *c = text; *c; c++) {
			run = *c == '`' ? run + 1 : 0;
			longest = run > longest ? run : longest;
		}
		for (size_t i = 0; i < (longest < 3 ? 3 : longest + 1); i++)
			putc('`', d->fp[DOC_MD]);
		fprintf(d->fp[DOC_MD], "\n%s\n", text);
		for (size_t i = 0; i < (longest < 3 ? 3 : longest + 1); i++)
			putc('`', d->fp[DOC_MD]);
		fputs("\n\n", d->fp[DOC_MD]);
	}
	if (d->fp[DOC_TEX]) {
		/* Breaks at spaces and after a '/', never inside a word. */
		fputs("\\begin{flushleft}\\ttfamily\n", d->fp[DOC_TEX]);
		tex_code(d->fp[DOC_TEX], text, strlen(text));
		fputs("\n\\end{flushleft}\n\n", d->fp[DOC_TEX]);
	}
}

/* ---- tables ------------------------------------------------------------------ */

static void cell_open(struct doc *d)
{
	if (d->col == d->cols) {
		failed(d, NR_EBUG, "internal error: a table row has more than %zu cells", d->cols);
		return;
	}
	if (d->fp[DOC_HTML])
		fputs(d->in_head ? "<th>" : (d->col == 0 ? "<tr><td>" : "<td>"), d->fp[DOC_HTML]);
	if (d->fp[DOC_MD])
		fputs(d->col == 0 ? "| " : " ", d->fp[DOC_MD]);
	if (d->fp[DOC_TEX] && d->col > 0)
		fputs(" & ", d->fp[DOC_TEX]);
}

static void cell_close(struct doc *d)
{
	if (d->fp[DOC_HTML])
		fputs(d->in_head ? "</th>" : "</td>", d->fp[DOC_HTML]);
	if (d->fp[DOC_MD])
		fputs(" |", d->fp[DOC_MD]);
	d->col++;
}

void doc_table_begin(struct doc *d, const char *key, const struct vars *v)
{
	const struct lang_entry *e = entry(d, key, v);

	if (!e)
		return;
	d->cols = 1;
	for (const char *c = e->text; *c; c++)
		d->cols += *c == '|';
	d->col = 0;
	d->in_head = 1;
	if (d->fp[DOC_HTML])
		fputs("<table>\n<thead><tr>", d->fp[DOC_HTML]);
	if (d->fp[DOC_TEX]) {
		/* As in HTML: the first column left, the numbers right. */
		fputs("\\begin{nrtable}{l", d->fp[DOC_TEX]);
		for (size_t i = 1; i < d->cols; i++)
			putc('r', d->fp[DOC_TEX]);
		fputs("}\n", d->fp[DOC_TEX]);
	}
	for (const char *p = e->text; !d->failed;) {
		size_t n = strcspn(p, "|");
		while (n > 0 && isspace((unsigned char)p[n - 1]))
			n--;
		cell_open(d);
		EACH(d, f) render(d, &backends[f], d->fp[f], e, v, p, n, 0);
		cell_close(d);
		p += strcspn(p, "|");
		if (!*p)
			break;
		p += 1 + strspn(p + 1, " \t\n");
	}
	if (d->fp[DOC_HTML])
		fputs("</tr></thead>\n<tbody>\n", d->fp[DOC_HTML]);
	if (d->fp[DOC_MD]) {
		fputs("\n|", d->fp[DOC_MD]);
		for (size_t i = 0; i < d->cols; i++)
			fputs(i ? " ---: |" : " --- |", d->fp[DOC_MD]);
		fputc('\n', d->fp[DOC_MD]);
	}
	if (d->fp[DOC_TEX])
		fputs(" \\\\\n\\midrule\n", d->fp[DOC_TEX]);
	d->in_head = 0;
	d->col = 0;
}

void doc_cell(struct doc *d, const char *text)
{
	cell_open(d);
	EACH(d, f) backends[f].literal(d->fp[f], text, strlen(text));
	cell_close(d);
}

void doc_cell_t(struct doc *d, const char *key, const struct vars *v)
{
	const struct lang_entry *e = entry(d, key, v);

	if (!e)
		return;
	cell_open(d);
	EACH(d, f) render(d, &backends[f], d->fp[f], e, v, e->text, strlen(e->text), 0);
	cell_close(d);
}

void doc_row_end(struct doc *d)
{
	if (d->col != d->cols && !d->failed)
		failed(d, NR_EBUG, "internal error: a table row has %zu cells, not %zu", d->col, d->cols);
	if (d->fp[DOC_HTML])
		fputs("</tr>\n", d->fp[DOC_HTML]);
	if (d->fp[DOC_MD])
		fputc('\n', d->fp[DOC_MD]);
	if (d->fp[DOC_TEX])
		fputs(" \\\\\n", d->fp[DOC_TEX]);
	d->col = 0;
}

void doc_table_end(struct doc *d)
{
	if (d->fp[DOC_HTML])
		fputs("</tbody>\n</table>\n", d->fp[DOC_HTML]);
	if (d->fp[DOC_MD])
		fputc('\n', d->fp[DOC_MD]);
	if (d->fp[DOC_TEX])
		fputs("\\end{nrtable}\n\n", d->fp[DOC_TEX]);
}

/* ---- the same words elsewhere (deck.h) --------------------------------------- */

void doc_escape_html(FILE *fp, const char *s)
{
	html_text(fp, s, strlen(s));
}

size_t doc_render(struct doc *d, enum doc_format f, FILE *fp, const char *key,
                  const struct vars *v, size_t from, size_t to)
{
	const struct lang_entry *e = entry(d, key, v);
	size_t lines = 0;

	for (const char *p = e ? e->text : NULL; p && *p && !d->failed; lines++) {
		size_t n = strcspn(p, "\n");
		if (lines >= from && lines < to) {
			if (lines > from)
				putc(' ', fp);
			render(d, &backends[f], fp, e, v, p, n, 0);
		}
		p += n + (p[n] == '\n');
	}
	return d->failed ? 0 : lines;
}

int doc_formulas_align(struct doc *d, const char *key, const struct vars *v, size_t n)
{
	const struct lang_entry *e = entry(d, key, v);
	const char *p = e ? e->text : NULL;
	int align = n > 0;

	for (size_t i = 0; p && *p && i < n && align && !d->failed; i++) {
		size_t len = strcspn(p, "\n");
		char *src = math_source(d, e, v, p, len);
		align = src && relation_at(src) >= 0;
		free(src);
		p += len + (p[len] == '\n');
	}
	return align && !d->failed;
}

int doc_formula(struct doc *d, enum doc_format f, FILE *fp, const char *key,
                const struct vars *v, size_t line, const char *mark)
{
	const struct lang_entry *e = entry(d, key, v);
	const char *p = e ? e->text : NULL;

	for (size_t i = 0; p && *p && i < line; i++)
		p += strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n');
	if (!p || !*p)
		return -1;
	char *src = math_source(d, e, v, p, strcspn(p, "\n"));
	struct math *m = src ? parse_math(d, e, src) : NULL;
	if (m && f == DOC_HTML)
		math_write_mathml(fp, m, 1);
	else if (m)
		put_aligned(fp, src, mark);
	math_free(m);
	free(src);
	return m ? 0 : -1;
}
