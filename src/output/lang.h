/*
 * lang.h - the report's words, read from one plain-text file per language.
 *
 * Every sentence, caption, heading and table heading of the report lives in
 * lang/<code>.txt, so a lecturer can correct a sentence or write a new
 * language without compiling. The format:
 *
 *     # a comment (a line that starts with '#')
 *     [problem.intro]
 *     The network sees {{n}} pairs (x, y) and must find the line
 *     through them.
 *
 * An entry is a line "[key]" and the lines up to the next "[key]" line,
 * without the blank lines at either end. {{name}} is a placeholder for a
 * number or name of this run. Inline markup: *emphasis*, `code`, $math$ (a
 * subset of LaTeX, see docs/math.md). How the lines of an entry are used
 * depends on its kind (doc.h): prose joins them with spaces and starts a
 * new paragraph at an empty line; a formula entry holds one formula a line;
 * a table heading separates its cells with '|'.
 *
 * lang_load() reads lang/<code>.txt; for a language other than English it
 * also reads en.txt, the reference, and checks one against the other: every
 * key of en.txt must be there, no other key may be, and each entry must use
 * the placeholders of its English entry, each at least once, and no other.
 * Every error names the file and the line. The caller owns the struct.
 */
#ifndef NR_LANG_H
#define NR_LANG_H

#include <stddef.h>

#define LANG_FILE_MAX (1 << 20)   /* bytes: a language file is text, not data */
#define LANG_NAME_MAX 32          /* of a placeholder */

struct lang_entry {
	char *key;
	char *text;        /* its lines, joined with '\n' */
	unsigned line;     /* of the "[key]" line */
};

struct lang {
	char *code;        /* "en", "de" */
	char *path;        /* the file, for messages */
	struct lang_entry *e;
	size_t n;
};

/*
 * Loads the language `code` (two or three lowercase letters) from the
 * program's lang folder (datadir.h; $NEURON_LANG overrides it). Returns
 * NR_OK, NR_EUSAGE (no such language: the message lists the choice), NR_EDATA
 * (the file is malformed: file, line and problem), NR_EIO or NR_ENOMEM.
 */
int lang_load(struct lang *l, const char *code);

/* The same from an explicit file (and, unless NULL, its reference). */
int lang_load_file(struct lang *l, const char *code, const char *path,
                   const char *reference);

/* The entry for `key`, or NULL. */
const struct lang_entry *lang_find(const struct lang *l, const char *key);

/*
 * Calls fn(ctx, name, len) for each placeholder {{name}} in text, in order;
 * stops and returns fn's first non-zero result. Returns -1 for a "{{" that
 * does not start a well-formed placeholder.
 */
int lang_placeholders(const char *text, int (*fn)(void *ctx, const char *name, size_t len),
                      void *ctx);

void lang_free(struct lang *l);

#endif
