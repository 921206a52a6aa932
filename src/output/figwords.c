/* figwords.c - the language file's fig.* entries as a gnuplot file. */
#include "output/figwords.h"
#include "base/err.h"
#include "base/quote.h"
#include "output/lang.h"

#include <stdlib.h>
#include <string.h>

static const char name_chars[] = "abcdefghijklmnopqrstuvwxyz0123456789_";

/* The entry's text on one line: line breaks and other control characters
 * become spaces. Newly allocated, or NULL. */
static char *one_line(const char *text)
{
	char *s = strdup(text);

	for (char *c = s; c && *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = ' ';
	return s;
}

/* s escaped for TeX, each well-formed {{name}} kept as it is, so that the
 * script can still fill it in. Newly allocated, or NULL. */
static char *tex_keeping_placeholders(const char *s)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	if (!fp)
		return NULL;
	while (*s) {
		const char *open = strstr(s, "{{");
		size_t n = open ? strspn(open + 2, name_chars) : 0;
		if (open && n > 0 && !strncmp(open + 2 + n, "}}", 2)) {
			quote_tex_write(fp, s, (size_t)(open - s), 0);
			fwrite(open, 1, n + 4, fp);
			s = open + n + 4;
		} else {
			/* No placeholder left (a "{{" alone is text). */
			const char *end = open ? open + 2 : s + strlen(s);
			quote_tex_write(fp, s, (size_t)(end - s), 0);
			s = end;
		}
	}
	if (fclose(fp) != 0 || !out) {
		free(out);
		return NULL;
	}
	return out;
}

int figwords_write(const struct lang *l, FILE *fp, int tex)
{
	const size_t plen = strlen(FIGWORDS_PREFIX);

	fprintf(fp, "# The words of the figures (the entries [fig.*] of lang/%s.txt)%s,\n"
	        "# loaded by scripts/style.gp. Made by the program: edit the language\n"
	        "# file instead.\n", l->code, tex ? ", for LaTeX" : "");
	for (size_t i = 0; i < l->n; i++) {
		const struct lang_entry *e = &l->e[i];
		const char *name = e->key + plen;
		if (strncmp(e->key, FIGWORDS_PREFIX, plen))
			continue;
		if (!*name || name[strspn(name, name_chars)])
			return nr_error(NR_EDATA, "%s:%u: [%s]: a figure's word is [fig.<name>], the name "
			                "of lowercase letters, digits and '_'", l->path, e->line, e->key);
		char *line = one_line(e->text);
		char *text = line && tex ? tex_keeping_placeholders(line) : line;
		char *q = text ? quote_gnuplot(text) : NULL;
		if (text != line)
			free(text);
		free(line);
		if (!q)
			return nr_oom();
		fprintf(fp, "nr_fig_%s = %s\n", name, q);
		free(q);
	}
	return NR_OK;
}
