/* deck.c - slides as Beamer and as HTML, from the language file's entries. */
#include "output/deck.h"
#include "base/err.h"
#include "output/names.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define EACH(k, f) for (int f = 0; f < DECK_FORMATS; f++) if ((k)->fp[f])

/* A deck's format as the documents' (for doc_render). */
static const enum doc_format as_doc[DECK_FORMATS] = { [DECK_TEX] = DOC_TEX, [DECK_HTML] = DOC_HTML };

/* ---- Beamer --------------------------------------------------------------- */

/*
 * 16:9 frames, no navigation symbols, the frame number in the corner.
 * \nrfit shows its argument at its natural width, or shrunk to the line
 * when wider (a long number never runs out of its column); \nrnum is a key
 * number: large, then what it is. Bookmarks are off, so one pdflatex pass
 * makes the deck.
 */
static const char beamer_preamble[] =
"\\RequirePackage{fix-cm}  % Computer Modern at any size: the figures' text\n"
"\\documentclass[aspectratio=169,12pt,hyperref={bookmarks=false}]{beamer}\n"
"% Figures are PDFs of their own: two on a page is fine, say nothing of it.\n"
"\\ifdefined\\pdfsuppresswarningpagegroup\\pdfsuppresswarningpagegroup=1\\fi\n"
"\\usepackage{calc}       % gnuplot's boxed labels (\\widthof)\n"
"\\setbeamertemplate{navigation symbols}{}\n"
"\\setbeamertemplate{footline}{\\hfill\\usebeamerfont{page number in head/foot}%\n"
"  \\usebeamercolor[fg]{page number in head/foot}\\insertframenumber\\hspace*{5mm}\\vspace*{3mm}}\n"
"\\setbeamerfont{frametitle}{size=\\Large}\n"
"\\newsavebox{\\nrbox}\n"
"\\newcommand{\\nrfit}[1]{\\sbox{\\nrbox}{#1}%\n"
"  \\ifdim\\wd\\nrbox>\\linewidth\\resizebox{\\linewidth}{!}{\\usebox{\\nrbox}}\\else\\usebox{\\nrbox}\\fi}\n"
"\\newcommand{\\nrnum}[2]{\\nrfit{\\usebeamercolor[fg]{structure}\\Large #1}\\par\n"
"  {\\small #2\\par}\\bigskip}\n";

/* Colours of the themes (style.gp's): structure, the newest formula line,
 * and for the dark theme the background and the text. */
static void beamer_theme(FILE *fp, const char *theme)
{
	if (!strcmp(theme, "dark"))
		fputs("\\definecolor{nrbg}{HTML}{16191D}\\definecolor{nrfg}{HTML}{ECECEC}\n"
		      "\\definecolor{nraccent}{HTML}{6AAEFF}\\definecolor{nrnew}{HTML}{FF7AC8}\n"
		      "\\setbeamercolor{background canvas}{bg=nrbg}\n"
		      "\\setbeamercolor{normal text}{fg=nrfg,bg=nrbg}\n", fp);
	else if (!strcmp(theme, "print"))
		fputs("\\definecolor{nraccent}{HTML}{000000}\\definecolor{nrnew}{HTML}{000000}\n", fp);
	else
		fputs("\\definecolor{nraccent}{HTML}{1F5FBF}\\definecolor{nrnew}{HTML}{B0007A}\n", fp);
	fputs("\\setbeamercolor{structure}{fg=nraccent}\n", fp);
}

/* ---- HTML --------------------------------------------------------------------- */

/*
 * One slide a screen: each section is as high as the window and snaps
 * into place (scroll snapping, so Page Down, Page Up and the arrow keys
 * move a whole slide, with no script); inside it, a 16:9 frame as large as
 * the window allows, all sizes in --u (a hundredth of the frame's width),
 * so the slide looks the same at any size. Print: one frame a page.
 */
static const char html_css[] =
":root{--u:min(1vw,1.7778vh)}"
"html.light,html.auto{--bg:#fff;--fg:#1a1a1a;--muted:#5f5f5f;--accent:#1f5fbf;--new:#b0007a;"
"--rule:#d0d0d0;--code:#f0f0f0}"
"html.dark{--bg:#16191d;--fg:#ececec;--muted:#a8adb3;--accent:#6aaeff;--new:#ff7ac8;"
"--rule:#363b42;--code:#23282e}"
"@media (prefers-color-scheme:dark){html.auto{--bg:#16191d;--fg:#ececec;--muted:#a8adb3;"
"--accent:#6aaeff;--new:#ff7ac8;--rule:#363b42;--code:#23282e}}"
"html{scroll-snap-type:y mandatory;background:#000}"
"body{margin:0}"
".slide{height:100vh;scroll-snap-align:start;scroll-snap-stop:always;display:flex;"
"align-items:center;justify-content:center;overflow:hidden}"
".frame{position:relative;box-sizing:border-box;width:calc(100*var(--u));"
"height:calc(56.25*var(--u));padding:calc(3*var(--u)) calc(4.5*var(--u)) calc(3.5*var(--u));"
"display:flex;flex-direction:column;justify-content:center;gap:calc(1.6*var(--u));"
"overflow:hidden;background:var(--bg);color:var(--fg);"
"font:calc(2.6*var(--u))/1.35 'DejaVu Sans',Helvetica,Arial,sans-serif}"
".frame>h2{position:absolute;top:calc(3*var(--u));left:calc(4.5*var(--u));"
"right:calc(4.5*var(--u));margin:0;font-size:calc(3.6*var(--u));line-height:1.2;"
"color:var(--accent);border-bottom:calc(.15*var(--u)) solid var(--rule);"
"padding-bottom:calc(.6*var(--u))}"
".frame.body{padding-top:calc(12.5*var(--u))}"
".frame.title{gap:calc(2*var(--u))}"
".frame.title h1{margin:0;font-size:calc(5*var(--u));line-height:1.2;color:var(--accent)}"
".frame.title p{font-size:calc(3*var(--u));color:var(--muted)}"
".frame p,.frame ul{margin:0}"
".frame li{margin:calc(.8*var(--u)) 0}"
"code{font:.88em 'DejaVu Sans Mono',monospace;background:var(--code);padding:0 .2em}"
"math{font-family:'DejaVu Math TeX Gyre','STIX Two Math','Latin Modern Math',"
"'Cambria Math',math}"
".math{display:flex;flex-direction:column;align-items:center;gap:calc(1.2*var(--u));"
"font-size:1.2em}"
".math math{margin:0}"
".math .new{color:var(--new)}"
".fig{flex:1;min-height:0;display:flex;align-items:center;gap:calc(3*var(--u))}"
".fig img{height:100%;max-width:58%;object-fit:contain;object-position:left center}"
".nums{flex:1;min-width:0;display:flex;flex-direction:column;gap:calc(2.6*var(--u))}"
".num .v{font-size:calc(3*var(--u));font-weight:bold;color:var(--accent);line-height:1.2}"
".num .k{font-size:calc(2*var(--u));color:var(--muted);line-height:1.3}"
".no{position:absolute;right:calc(2.5*var(--u));bottom:calc(1.5*var(--u));"
"font-size:calc(1.6*var(--u));color:var(--muted)}"
"@page{size:16in 9in;margin:0}"
"@media print{html{background:none;scroll-snap-type:none}"
".slide{break-after:page;page-break-after:always}}";

/* ---- the calls ------------------------------------------------------------------ */

/* Renders the whole entry for format f into fp (0: failed). */
static size_t words(struct deck *k, int f, const char *key, const struct vars *v)
{
	return doc_render(k->doc, as_doc[f], k->fp[f], key, v, 0, SIZE_MAX);
}

void deck_begin(struct deck *k, const char *title_key, const char *subtitle_key,
                const struct vars *v)
{
	FILE *fp;

	k->slides = 1;
	k->open = 0;
	if ((fp = k->fp[DECK_TEX])) {
		fprintf(fp, "%% %s - the lecture as slides, written by neuron: pdflatex %s\n%s",
		        OUT_SLIDES_TEX, OUT_SLIDES_TEX, beamer_preamble);
		beamer_theme(fp, k->theme);
		fputs("\\title{", fp);
		words(k, DECK_TEX, title_key, v);
		fputs("}\n\\subtitle{", fp);
		words(k, DECK_TEX, subtitle_key, v);
		fputs("}\n\\date{}\n\\begin{document}\n\n\\begin{frame}\n\\titlepage\n\\end{frame}\n", fp);
	}
	if ((fp = k->fp[DECK_HTML])) {
		char *title = doc_plain(k->doc, title_key, v);
		const char *scheme = !strcmp(k->theme, "dark") ? "dark" :
		                     !strcmp(k->theme, "print") ? "light" : "auto";
		fprintf(fp, "<!DOCTYPE html>\n<html lang=\"%s\" class=\"%s\">\n<head>\n"
		        "<meta charset=\"utf-8\">\n"
		        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		        "<title>", k->doc->lang->code, scheme);
		if (title)
			doc_escape_html(fp, title);
		free(title);
		fprintf(fp, "</title>\n<style>%s</style>\n</head>\n<body>\n"
		        "<section class=\"slide\" id=\"slide-1\"><div class=\"frame title\">\n<h1>", html_css);
		words(k, DECK_HTML, title_key, v);
		fputs("</h1>\n<p>", fp);
		words(k, DECK_HTML, subtitle_key, v);
		fputs("</p>\n<span class=\"no\">1</span></div></section>\n", fp);
	}
}

static void slide_end(struct deck *k)
{
	if (!k->open)
		return;
	if (k->fp[DECK_TEX])
		fputs("\\end{frame}\n", k->fp[DECK_TEX]);
	if (k->fp[DECK_HTML])
		fprintf(k->fp[DECK_HTML], "<span class=\"no\">%zu</span></div></section>\n", k->slides);
	k->open = 0;
}

void deck_end(struct deck *k)
{
	slide_end(k);
	if (k->fp[DECK_TEX])
		fputs("\n\\end{document}\n", k->fp[DECK_TEX]);
	if (k->fp[DECK_HTML])
		fputs("</body>\n</html>\n", k->fp[DECK_HTML]);
}

void deck_slide(struct deck *k, const char *title_key, const struct vars *v)
{
	slide_end(k);
	k->slides++;
	k->open = 1;
	if (k->fp[DECK_TEX]) {
		fputs("\n\\begin{frame}{", k->fp[DECK_TEX]);
		words(k, DECK_TEX, title_key, v);
		fputs("}\n", k->fp[DECK_TEX]);
	}
	if (k->fp[DECK_HTML]) {
		fprintf(k->fp[DECK_HTML], "<section class=\"slide\" id=\"slide-%zu\">"
		        "<div class=\"frame body\">\n<h2>", k->slides);
		words(k, DECK_HTML, title_key, v);
		fputs("</h2>\n", k->fp[DECK_HTML]);
	}
}

void deck_text(struct deck *k, const char *key, const struct vars *v)
{
	static const char *const open[DECK_FORMATS] = { [DECK_TEX] = "", [DECK_HTML] = "<p>" };
	static const char *const close[DECK_FORMATS] = { [DECK_TEX] = "\n\n",
	                                                 [DECK_HTML] = "</p>\n" };

	EACH(k, f) {
		fputs(open[f], k->fp[f]);
		words(k, f, key, v);
		fputs(close[f], k->fp[f]);
	}
}

void deck_points(struct deck *k, const char *key, const struct vars *v)
{
	static const char *const open[DECK_FORMATS] = { [DECK_TEX] = "\\begin{itemize}\n",
	                                                [DECK_HTML] = "<ul>\n" };
	static const char *const item[DECK_FORMATS][2] = { [DECK_TEX] = { "\\item ", "\n" },
	                                                   [DECK_HTML] = { "<li>", "</li>\n" } };
	static const char *const close[DECK_FORMATS] = { [DECK_TEX] = "\\end{itemize}\n",
	                                                 [DECK_HTML] = "</ul>\n" };

	EACH(k, f) {
		fputs(open[f], k->fp[f]);
		for (size_t i = 0, n = 1; i < n && !k->doc->failed; i++) {
			fputs(item[f][0], k->fp[f]);
			n = doc_render(k->doc, as_doc[f], k->fp[f], key, v, i, i + 1);
			fputs(item[f][1], k->fp[f]);
		}
		fputs(close[f], k->fp[f]);
	}
}

void deck_formulas(struct deck *k, const char *key, const struct vars *v, size_t upto)
{
	FILE *fp;

	if ((fp = k->fp[DECK_TEX])) {
		/* Aligned at the relations when every line has one; the newest
		 * line coloured cell by cell (a colour ends with its cell). */
		const char *env = doc_formulas_align(k->doc, key, v, upto) ? "align*" : "gather*";
		int align = env[1] == 'l';
		fprintf(fp, "\\begin{%s}\n", env);
		for (size_t i = 0; i < upto && !k->doc->failed; i++) {
			int last = upto > 1 && i + 1 == upto;
			fputs(i ? " \\\\\n  " : "  ", fp);
			fputs(last ? "\\color{nrnew} " : "", fp);
			doc_formula(k->doc, DOC_TEX, fp, key, v, i,
			            !align ? NULL : last ? "&\\color{nrnew} " : "&");
		}
		fprintf(fp, "\n\\end{%s}\n", env);
	}
	if ((fp = k->fp[DECK_HTML])) {
		fputs("<div class=\"math\">\n", fp);
		for (size_t i = 0; i < upto && !k->doc->failed; i++) {
			fputs(upto > 1 && i + 1 == upto ? "<div class=\"new\">" : "<div>", fp);
			doc_formula(k->doc, DOC_HTML, fp, key, v, i, NULL);
			fputs("</div>\n", fp);
		}
		fputs("</div>\n", fp);
	}
}

void deck_figure(struct deck *k, const char *image, const char *alt_key,
                 const char *const *numbers, const struct vars *v)
{
	int name = (int)strcspn(image, ".");
	size_t n = 0;
	FILE *fp;

	while (numbers && numbers[n] && n < DECK_NUMBERS_MAX)
		n++;
	if ((fp = k->fp[DECK_TEX])) {
		/* The figure as high as the frame allows beside a column of
		 * numbers; without numbers, centred. */
		fprintf(fp, "\\begin{columns}[c]\n\\begin{column}{%s\\textwidth}\n\\centering\n"
		        "\\resizebox{!}{0.74\\textheight}{\\input{%s/%.*s.tex}}\n\\end{column}\n",
		        n ? "0.68" : "1", OUT_TEX_SLIDES_DIR, name, image);
		if (n)
			fputs("\\begin{column}{0.3\\textwidth}\n\\raggedright\n", fp);
		for (size_t i = 0; i < n && !k->doc->failed; i++) {
			fputs("\\nrnum{", fp);
			doc_render(k->doc, DOC_TEX, fp, numbers[i], v, 0, 1);
			fputs("}{", fp);
			doc_render(k->doc, DOC_TEX, fp, numbers[i], v, 1, SIZE_MAX);
			fputs("}\n", fp);
		}
		fputs(n ? "\\end{column}\n\\end{columns}\n" : "\\end{columns}\n", fp);
	}
	if ((fp = k->fp[DECK_HTML])) {
		char *alt = doc_plain(k->doc, alt_key, v);
		fputs("<div class=\"fig\"><img src=\"", fp);
		doc_escape_html(fp, image);
		fputs("\" alt=\"", fp);
		if (alt)
			doc_escape_html(fp, alt);
		free(alt);
		fputs("\">\n", fp);
		if (n)
			fputs("<div class=\"nums\">\n", fp);
		for (size_t i = 0; i < n && !k->doc->failed; i++) {
			fputs("<div class=\"num\"><div class=\"v\">", fp);
			doc_render(k->doc, DOC_HTML, fp, numbers[i], v, 0, 1);
			fputs("</div><div class=\"k\">", fp);
			doc_render(k->doc, DOC_HTML, fp, numbers[i], v, 1, SIZE_MAX);
			fputs("</div></div>\n", fp);
		}
		fputs(n ? "</div></div>\n" : "</div>\n", fp);
	}
}
