/*
 * doc.h - one text, two documents: the report in HTML and in Markdown.
 *
 * Every call writes the same content to both streams, so report.html and
 * report.md never drift apart. Text arguments use a tiny inline markup that
 * both formats understand: `code` and *emphasis*; everything else is escaped
 * for HTML. Formulas go in doc_math() blocks as plain text (readable without
 * any JavaScript). The caller owns the streams; write errors surface when the
 * caller closes them (outset_commit), and allocation failures in `oom`.
 */
#ifndef NR_DOC_H
#define NR_DOC_H

#include <stdio.h>

struct doc {
	FILE *html, *md;
	size_t cols;   /* columns of the open table */
	int oom;       /* an allocation failed: the documents are incomplete */
};

void doc_begin(struct doc *d, const char *title);
void doc_end(struct doc *d);

/* A heading; level 2 or 3 (the title is level 1). `id` anchors it. */
void doc_heading(struct doc *d, int level, const char *id, const char *text);

/* A paragraph (printf-style, then inline markup). */
void doc_para(struct doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A block of formulas, shown preformatted. */
void doc_math(struct doc *d, const char *text);

/* A figure: image path relative to the document, alternative text, caption. */
void doc_figure(struct doc *d, const char *src, const char *alt, const char *caption);

/* A table: begin with the header cells (NULL-terminated), add rows of
 * `ncols` cells, end. Cells use the inline markup. */
void doc_table_begin(struct doc *d, const char *const *header);
void doc_table_row(struct doc *d, const char *const *cells);
void doc_table_end(struct doc *d);

#endif
