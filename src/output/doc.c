/* doc.c - the twin HTML/Markdown writer. */
#include "output/doc.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char css[] =
"body{font-family:'DejaVu Serif',Georgia,serif;max-width:46em;margin:2em auto;"
"padding:0 1em;line-height:1.5;color:#222}"
"h1,h2,h3{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;line-height:1.2}"
"h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}"
"figure{margin:1.5em 0;break-inside:avoid;page-break-inside:avoid}"
"figure img{width:100%;height:auto;border:1px solid #eee}"
"figcaption{font-size:.92em;color:#444;margin-top:.4em}"
"pre.math{background:#f6f6f6;padding:.7em 1em;overflow-x:auto;font-size:.95em;"
"break-inside:avoid}"
"code{font-size:.92em;background:#f3f3f3;padding:0 .2em}"
"table{border-collapse:collapse;margin:1em 0;font-size:.92em;break-inside:avoid}"
"th,td{border:1px solid #bbb;padding:.25em .6em;text-align:right}"
"th{background:#eee}td:first-child,th:first-child{text-align:left}"
"@page{size:A4;margin:18mm}"
"@media print{body{max-width:none;margin:0;font-size:10.5pt}"
"pre.math{white-space:pre-wrap;overflow-x:visible}"
"figure img{max-height:115mm;width:auto;max-width:100%}h2{break-after:avoid}}";

/* Writes s to HTML with &, <, > and " escaped. */
static void html_text(FILE *fp, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		default:  fputc(s[i], fp);
		}
	}
}

/* The closing delimiter of a span opened at s, or NULL. `code` closes at
 * the next backtick; *emphasis* opens only at the start of a word (so "w*"
 * stays a star) and closes at a star that ends a word, as in Markdown. */
static const char *span_end(const char *text, const char *s)
{
	if (*s == '`')
		return strchr(s + 1, '`');
	if (*s != '*' || (s > text && isalnum((unsigned char)s[-1])) ||
	    !s[1] || isspace((unsigned char)s[1]))
		return NULL;
	for (const char *c = strchr(s + 2, '*'); c; c = strchr(c + 1, '*'))
		if (!isspace((unsigned char)c[-1]) && !isalnum((unsigned char)c[1]))
			return c;
	return NULL;
}

/* Inline markup to HTML: `code` and *emphasis*. */
static void html_inline(FILE *fp, const char *text)
{
	const char *s = text;

	while (*s) {
		const char *close = span_end(text, s);
		if (close && close > s + 1) {
			const char *tag = *s == '`' ? "code" : "em";
			fprintf(fp, "<%s>", tag);
			html_text(fp, s + 1, (size_t)(close - s - 1));
			fprintf(fp, "</%s>", tag);
			s = close + 1;
		} else {
			html_text(fp, s, 1);
			s++;
		}
	}
}

/* Markdown table cells must not contain a bare '|'. */
static void md_cell(FILE *fp, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputc('\\', fp);
		fputc(*s, fp);
	}
}

void doc_begin(struct doc *d, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
	      d->html);
	html_text(d->html, title, strlen(title));
	fprintf(d->html, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", css);
	html_inline(d->html, title);
	fputs("</h1>\n", d->html);
	fprintf(d->md, "# %s\n\n", title);
}

void doc_end(struct doc *d)
{
	fputs("</body>\n</html>\n", d->html);
}

void doc_heading(struct doc *d, int level, const char *id, const char *text)
{
	fprintf(d->html, "<h%d id=\"%s\">", level, id);
	html_inline(d->html, text);
	fprintf(d->html, "</h%d>\n", level);
	fprintf(d->md, "%.*s %s\n\n", level, "######", text);
}

void doc_para(struct doc *d, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *s = len >= 0 ? malloc((size_t)len + 1) : NULL;
	if (!s) {
		d->oom = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(s, (size_t)len + 1, fmt, ap);
	va_end(ap);
	fputs("<p>", d->html);
	html_inline(d->html, s);
	fputs("</p>\n", d->html);
	fprintf(d->md, "%s\n\n", s);
	free(s);
}

void doc_math(struct doc *d, const char *text)
{
	fputs("<pre class=\"math\">", d->html);
	html_text(d->html, text, strlen(text));
	fputs("</pre>\n", d->html);
	fprintf(d->md, "```\n%s\n```\n\n", text);
}

void doc_figure(struct doc *d, const char *src, const char *alt, const char *caption)
{
	size_t len = strlen(src);
	int pdf = len > 4 && !strcmp(src + len - 4, ".pdf");

	/* Browsers do not show a PDF in <img>: embed it, with a link inside
	 * for those that cannot. */
	fputs(pdf ? "<figure>\n<object type=\"application/pdf\" width=\"100%\" height=\"560\" data=\""
	          : "<figure>\n<img src=\"", d->html);
	html_text(d->html, src, len);
	if (pdf) {
		fputs("\"><a href=\"", d->html);
		html_text(d->html, src, len);
		fputs("\">", d->html);
		html_text(d->html, alt, strlen(alt));
		fputs("</a></object>", d->html);
	} else {
		fputs("\" alt=\"", d->html);
		html_text(d->html, alt, strlen(alt));
		fputs("\">", d->html);
	}
	fputs("\n<figcaption>", d->html);
	html_inline(d->html, caption);
	fputs("</figcaption>\n</figure>\n", d->html);
	fprintf(d->md, "![%s](%s)\n\n*%s*\n\n", alt, src, caption);
}

void doc_table_begin(struct doc *d, const char *const *header)
{
	size_t n = 0;

	fputs("<table>\n<thead><tr>", d->html);
	fputs("|", d->md);
	for (; header[n]; n++) {
		fputs("<th>", d->html);
		html_inline(d->html, header[n]);
		fputs("</th>", d->html);
		fputc(' ', d->md);
		md_cell(d->md, header[n]);
		fputs(" |", d->md);
	}
	fputs("</tr></thead>\n<tbody>\n", d->html);
	fputs("\n|", d->md);
	for (size_t i = 0; i < n; i++)
		fputs(i ? " ---: |" : " --- |", d->md);
	fputc('\n', d->md);
	d->cols = n;
}

void doc_table_row(struct doc *d, const char *const *cells)
{
	fputs("<tr>", d->html);
	fputs("|", d->md);
	for (size_t i = 0; i < d->cols; i++) {
		fputs("<td>", d->html);
		html_inline(d->html, cells[i]);
		fputs("</td>", d->html);
		fputc(' ', d->md);
		md_cell(d->md, cells[i]);
		fputs(" |", d->md);
	}
	fputs("</tr>\n", d->html);
	fputc('\n', d->md);
}

void doc_table_end(struct doc *d)
{
	fputs("</tbody>\n</table>\n", d->html);
	fputc('\n', d->md);
}
