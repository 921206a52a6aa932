/* lang.c - language files: entries by key, checked against English. */
#include "output/lang.h"
#include "base/datadir.h"
#include "base/err.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char key_chars[] = "abcdefghijklmnopqrstuvwxyz0123456789._-";
static const char name_chars[] = "abcdefghijklmnopqrstuvwxyz0123456789_";

int lang_placeholders(const char *text, int (*fn)(void *ctx, const char *name, size_t len),
                      void *ctx)
{
	for (const char *s = strstr(text, "{{"); s; s = strstr(s, "{{")) {
		const char *name = s + 2;
		size_t len = strspn(name, name_chars);
		if (len == 0 || len > LANG_NAME_MAX || strncmp(name + len, "}}", 2) != 0)
			return -1;
		int r = fn(ctx, name, len);
		if (r)
			return r;
		s = name + len + 2;
	}
	return 0;
}

/* Reads the whole file (at most LANG_FILE_MAX bytes) into a string. */
static int slurp(const char *path, char **text)
{
	FILE *fp = fopen(path, "re");
	char *buf = NULL;
	size_t n = 0;

	if (!fp)
		return nr_error(NR_EIO, "cannot open '%s': %s", path, strerror(errno));
	if (!(buf = malloc(LANG_FILE_MAX + 1))) {
		fclose(fp);
		return nr_oom();
	}
	n = fread(buf, 1, LANG_FILE_MAX + 1, fp);
	int bad = ferror(fp);
	fclose(fp);
	if (bad || n > LANG_FILE_MAX) {
		free(buf);
		return nr_error(NR_EDATA, "'%s': %s", path,
		                bad ? "cannot be read" : "longer than 1 MiB: is this a language file?");
	}
	buf[n] = '\0';
	if (strlen(buf) != n) {
		free(buf);
		return nr_error(NR_EDATA, "'%s': contains a NUL byte: is this a language file?", path);
	}
	*text = buf;
	return NR_OK;
}

static void entry_free(struct lang_entry *e)
{
	free(e->key);
	free(e->text);
}

void lang_free(struct lang *l)
{
	for (size_t i = 0; i < l->n; i++)
		entry_free(&l->e[i]);
	free(l->e);
	free(l->code);
	free(l->path);
	memset(l, 0, sizeof *l);
}

const struct lang_entry *lang_find(const struct lang *l, const char *key)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->e[i].key, key))
			return &l->e[i];
	return NULL;
}

/* Ends the entry being read: its text without blank lines at either end. */
static int close_entry(struct lang *l, char *body, size_t len)
{
	struct lang_entry *e = &l->e[l->n - 1];

	while (len > 0 && body[len - 1] == '\n')
		len--;
	size_t start = 0;
	while (start < len && body[start] == '\n')
		start++;
	if (!(e->text = strndup(body + start, len - start)))
		return nr_oom();
	return NR_OK;
}

static int parse(struct lang *l, char *text)
{
	size_t cap = 0, blen = 0, bcap = 0;
	char *body = NULL;
	unsigned line = 0;
	int st = NR_OK;

	for (char *s = text; *s && !st; ) {
		char *eol = strchr(s, '\n');
		size_t len = eol ? (size_t)(eol - s) : strlen(s);
		line++;
		while (len > 0 && (s[len - 1] == '\r' || s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		if (s[0] == '[') {
			size_t k = strspn(s + 1, key_chars);
			if (k == 0 || k + 2 != len || s[k + 1] != ']') {
				st = nr_error(NR_EDATA, "%s:%u: a key line is [name] with lowercase letters, digits, '.', '_' or '-'",
				              l->path, line);
				break;
			}
			if (l->n > 0 && (st = close_entry(l, body ? body : "", blen)))
				break;
			char *key = strndup(s + 1, k);
			if (!key) {
				st = nr_oom();
				break;
			}
			if (lang_find(l, key)) {
				st = nr_error(NR_EDATA, "%s:%u: [%s] appears twice", l->path, line, key);
				free(key);
				break;
			}
			struct lang_entry *v = grow(l->e, &cap, l->n + 1, sizeof *v);
			if (!v) {
				free(key);
				st = nr_oom();
				break;
			}
			l->e = v;
			l->e[l->n++] = (struct lang_entry){ key, NULL, line };
			blen = 0;
		} else if (s[0] != '#') {
			if (l->n == 0 && len > 0) {
				st = nr_error(NR_EDATA, "%s:%u: text before the first [key] line", l->path, line);
				break;
			}
			char *b = grow(body, &bcap, blen + len + 2, 1);
			if (!b) {
				st = nr_oom();
				break;
			}
			body = b;
			memcpy(body + blen, s, len);
			blen += len;
			body[blen++] = '\n';
		}
		s = eol ? eol + 1 : s + strlen(s);
	}
	if (!st && l->n > 0)
		st = close_entry(l, body ? body : "", blen);
	free(body);
	return st;
}

/* ---- checking a translation against English --------------------------- */

struct names {
	const char *v[64];
	size_t len[64];
	size_t n;
	int overflow;
};

static int collect(void *ctx, const char *name, size_t len)
{
	struct names *s = ctx;

	for (size_t i = 0; i < s->n; i++)
		if (s->len[i] == len && !strncmp(s->v[i], name, len))
			return 0;
	if (s->n == sizeof s->v / sizeof s->v[0]) {
		s->overflow = 1;
		return 1;
	}
	s->v[s->n] = name;
	s->len[s->n++] = len;
	return 0;
}

static int has(const struct names *s, const char *name, size_t len)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->len[i] == len && !strncmp(s->v[i], name, len))
			return 1;
	return 0;
}

/* Every entry's placeholders are well formed. */
static int check_syntax(const struct lang *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct names s = { .n = 0 };
		int r = lang_placeholders(l->e[i].text, collect, &s);
		if (r == -1 || s.overflow)
			return nr_error(NR_EDATA, "%s:%u: [%s]: %s", l->path, l->e[i].line, l->e[i].key,
			                r == -1 ? "a placeholder is {{name}} with lowercase letters, digits or '_'"
			                        : "too many placeholders");
	}
	return NR_OK;
}

static int check_against(const struct lang *l, const struct lang *ref)
{
	for (size_t i = 0; i < l->n; i++)
		if (!lang_find(ref, l->e[i].key))
			return nr_error(NR_EDATA, "%s:%u: unknown key [%s] (%s has no such entry)",
			                l->path, l->e[i].line, l->e[i].key, ref->path);
	for (size_t i = 0; i < ref->n; i++) {
		const struct lang_entry *mine = lang_find(l, ref->e[i].key);
		if (!mine)
			return nr_error(NR_EDATA, "%s: [%s] is missing (translate %s:%u)",
			                l->path, ref->e[i].key, ref->path, ref->e[i].line);
		struct names want = { .n = 0 }, got = { .n = 0 };
		lang_placeholders(ref->e[i].text, collect, &want);
		lang_placeholders(mine->text, collect, &got);
		for (size_t k = 0; k < got.n; k++)
			if (!has(&want, got.v[k], got.len[k]))
				return nr_error(NR_EDATA, "%s:%u: [%s] uses {{%.*s}}, which its English entry does not have",
				                l->path, mine->line, mine->key, (int)got.len[k], got.v[k]);
		for (size_t k = 0; k < want.n; k++)
			if (!has(&got, want.v[k], want.len[k]))
				return nr_error(NR_EDATA, "%s:%u: [%s] is missing the placeholder {{%.*s}}",
				                l->path, mine->line, mine->key, (int)want.len[k], want.v[k]);
	}
	return NR_OK;
}

int lang_load_file(struct lang *l, const char *code, const char *path,
                   const char *reference)
{
	char *text = NULL;
	int st;

	memset(l, 0, sizeof *l);
	if (!(l->code = strdup(code)) || !(l->path = strdup(path))) {
		lang_free(l);
		return nr_oom();
	}
	if (!(st = slurp(path, &text)) && !(st = parse(l, text)))
		st = check_syntax(l);
	free(text);
	if (!st && reference) {
		struct lang ref;
		if (!(st = lang_load_file(&ref, "en", reference, NULL)))
			st = check_against(l, &ref);
		lang_free(&ref);
	}
	if (st)
		lang_free(l);
	return st;
}

int lang_load(struct lang *l, const char *code)
{
	size_t len = strlen(code);

	memset(l, 0, sizeof *l);
	if (len < 2 || len > 3 || strspn(code, "abcdefghijklmnopqrstuvwxyz") != len)
		return nr_error(NR_EUSAGE, "--lang '%.20s': a language is a code such as en or de", code);
	char *dir = datadir_find("lang", "en.txt", "NEURON_LANG");
	if (!dir)
		return NR_EIO;
	char *path = xasprintf("%s/%s.txt", dir, code);
	char *ref = xasprintf("%s/en.txt", dir);
	int st;
	if (!path || !ref)
		st = nr_oom();
	else if (access(path, R_OK) != 0)
		st = nr_error(NR_EUSAGE, "--lang %s: there is no %s: choose one of the languages in %s, or write it",
		              code, path, dir);
	else
		st = lang_load_file(l, code, path, strcmp(code, "en") ? ref : NULL);
	free(path);
	free(ref);
	free(dir);
	return st;
}
