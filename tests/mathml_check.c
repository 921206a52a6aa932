/* mathml_check.c - see mathml_check.h. A small recursive-free scanner with a
 * stack of open elements; it knows nothing of how math.c writes. */
#include "mathml_check.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* MathML Core, section 3: its elements, and how many children each must have
 * (-1: any number; 0 for tokens, which hold text only). */
static const struct elem {
	const char *name;
	int kids;
	int token;
} elems[] = {
	{ "math", -1, 0 }, { "mrow", -1, 0 }, { "mi", 0, 1 }, { "mn", 0, 1 },
	{ "mo", 0, 1 }, { "mtext", 0, 1 }, { "ms", 0, 1 }, { "mspace", 0, 0 },
	{ "mfrac", 2, 0 }, { "msqrt", -1, 0 }, { "mroot", 2, 0 }, { "msub", 2, 0 },
	{ "msup", 2, 0 }, { "msubsup", 3, 0 }, { "munder", 2, 0 }, { "mover", 2, 0 },
	{ "munderover", 3, 0 }, { "mmultiscripts", -1, 0 }, { "mprescripts", 0, 0 },
	{ "none", 0, 0 }, { "mtable", -1, 0 }, { "mtr", -1, 0 }, { "mtd", -1, 0 },
	{ "mstyle", -1, 0 }, { "mpadded", -1, 0 }, { "mphantom", -1, 0 },
	{ "merror", -1, 0 }, { "semantics", -1, 0 }, { "annotation", 0, 1 },
	{ "maction", -1, 0 },
};

/* Attributes: global ones anywhere, others on the listed elements; `values`
 * lists the allowed values ("" any, "#len" a CSS length). */
static const struct attr {
	const char *name, *on, *values;
} attrs[] = {
	{ "id", "*", "" }, { "class", "*", "" }, { "style", "*", "" },
	{ "dir", "*", "ltr rtl" }, { "displaystyle", "*", "true false" },
	{ "scriptlevel", "*", "" }, { "mathcolor", "*", "" }, { "mathbackground", "*", "" },
	{ "mathsize", "*", "#len" },
	{ "display", "math", "block inline" }, { "xmlns", "math", "http://www.w3.org/1998/Math/MathML" },
	{ "mathvariant", "mi", "normal" },
	{ "form", "mo", "prefix infix postfix" }, { "stretchy", "mo", "true false" },
	{ "fence", "mo", "true false" }, { "separator", "mo", "true false" },
	{ "symmetric", "mo", "true false" }, { "largeop", "mo", "true false" },
	{ "movablelimits", "mo", "true false" },
	{ "lspace", "mo mpadded", "#len" }, { "rspace", "mo", "#len" },
	{ "minsize", "mo", "#len" }, { "maxsize", "mo", "#len" },
	{ "accent", "mover munderover", "true false" },
	{ "accentunder", "munder munderover", "true false" },
	{ "width", "mspace mpadded", "#len" }, { "height", "mspace mpadded", "#len" },
	{ "depth", "mspace mpadded", "#len" }, { "linethickness", "mfrac", "#len" },
	{ "columnspan", "mtd", "" }, { "rowspan", "mtd", "" },
};

#define DEPTH_MAX 4096

struct open {
	const struct elem *e;
	int kids;
	size_t text;   /* bytes of text in a token */
};

struct scan {
	const char *s;
	size_t i, len;
	char *err;
	size_t errsz;
};

static int bad(struct scan *sc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int bad(struct scan *sc, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(sc->err, sc->errsz, "at byte %zu: ", sc->i);
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < sc->errsz)
		vsnprintf(sc->err + n, sc->errsz - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* Whether `word` is one of the space-separated words in `list`. */
static int in_list(const char *list, const char *word, size_t n)
{
	for (const char *p = list; *p;) {
		size_t w = strcspn(p, " ");
		if (w == n && strncmp(p, word, n) == 0)
			return 1;
		p += w;
		p += *p == ' ';
	}
	return 0;
}

/* A CSS length as MathML Core attributes take it: 0, or an optional minus,
 * digits with an optional fraction, and a unit. */
static int is_length(const char *v, size_t n)
{
	size_t i = 0, digits = 0;
	if (n == 1 && v[0] == '0')
		return 1;
	if (i < n && v[i] == '-')
		i++;
	for (; i < n && v[i] >= '0' && v[i] <= '9'; i++)
		digits++;
	if (i < n && v[i] == '.')
		for (i++; i < n && v[i] >= '0' && v[i] <= '9'; i++)
			digits++;
	return digits > 0 && in_list("em ex px pt %", v + i, n - i);
}

/* The UTF-8 character at s (at most n bytes): its length, 0 if invalid or
 * not an XML character. */
static size_t xml_char(const unsigned char *s, size_t n)
{
	uint32_t c;
	size_t k;

	if (s[0] < 0x80) {
		return s[0] >= 0x20 || s[0] == '\t' || s[0] == '\n' || s[0] == '\r';
	}
	if ((s[0] & 0xE0) == 0xC0) {
		k = 2;
		c = s[0] & 0x1F;
	} else if ((s[0] & 0xF0) == 0xE0) {
		k = 3;
		c = s[0] & 0x0F;
	} else if ((s[0] & 0xF8) == 0xF0) {
		k = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (k > n)
		return 0;
	for (size_t j = 1; j < k; j++) {
		if ((s[j] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[j] & 0x3F);
	}
	if ((k == 2 && c < 0x80) || (k == 3 && c < 0x800) || (k == 4 && c < 0x10000) ||
	    c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFE || c == 0xFFFF)
		return 0;
	return k;
}

/* An entity at s[0] == '&': its length, 0 if invalid. */
static size_t entity(const char *s, size_t n)
{
	static const char *const named[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&apos;" };
	for (size_t k = 0; k < 5; k++)
		if (strlen(named[k]) <= n && strncmp(s, named[k], strlen(named[k])) == 0)
			return strlen(named[k]);
	if (n < 4 || s[1] != '#')
		return 0;
	int hex = s[2] == 'x';
	size_t i = 2 + (size_t)hex, start = i;
	unsigned long v = 0;
	for (; i < n && i - start < 8; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10 :
		        hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			break;
		v = v * (hex ? 16 : 10) + (unsigned long)d;
	}
	if (i == start || i >= n || s[i] != ';')
		return 0;
	if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) || v == 0xFFFE || v == 0xFFFF ||
	    (v < 0x20 && v != 9 && v != 10 && v != 13))
		return 0;
	return i + 1;
}

/* Character data up to the next '<' (or, in an attribute, the quote). */
static int chars(struct scan *sc, char stop, size_t *count, int *blank)
{
	*count = 0;
	*blank = 1;
	while (sc->i < sc->len && sc->s[sc->i] != stop && sc->s[sc->i] != '<') {
		const char *p = sc->s + sc->i;
		size_t n;
		if (*p == '&') {
			if (!(n = entity(p, sc->len - sc->i)))
				return bad(sc, "invalid entity");
		} else if (*p == '>') {
			return bad(sc, "raw '>' in text");
		} else if (!(n = xml_char((const unsigned char *)p, sc->len - sc->i))) {
			return bad(sc, "invalid character 0x%02X", (unsigned char)*p);
		}
		if (!(n == 1 && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')))
			*blank = 0;
		sc->i += n;
		(*count)++;
	}
	return 0;
}

/* Whether the first n bytes of s spell `name`. */
static int is_name(const char *name, const char *s, size_t n)
{
	return n > 0 && name[0] == s[0] && strncmp(name, s, n) == 0 && name[n] == '\0';
}

static size_t name_len(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '-'))
		i++;
	return i;
}

static int check_attr(struct scan *sc, const struct elem *e, const char *name, size_t n,
                      const char *v, size_t vn)
{
	for (size_t k = 0; k < sizeof attrs / sizeof attrs[0]; k++) {
		const struct attr *a = &attrs[k];
		if (!is_name(a->name, name, n))
			continue;
		if (strcmp(a->on, "*") != 0 && !in_list(a->on, e->name, strlen(e->name)))
			continue;
		if (strcmp(a->values, "#len") == 0 ? !is_length(v, vn) :
		    a->values[0] && !in_list(a->values, v, vn))
			return bad(sc, "%.*s=\"%.*s\" is not a valid value", (int)n, name, (int)vn, v);
		return 0;
	}
	return bad(sc, "attribute %.*s is not MathML Core on <%s>", (int)n, name, e->name);
}

static int close_elem(struct scan *sc, const struct open *o)
{
	if (o->e->kids >= 0 && o->kids != o->e->kids)
		return bad(sc, "<%s> has %d children, not %d", o->e->name, o->kids, o->e->kids);
	/* an empty mtext is \text{}; an empty mi, mn or mo would be a writer's bug */
	if (o->e->token && o->text == 0 && strcmp(o->e->name, "mtext") != 0)
		return bad(sc, "<%s> is empty", o->e->name);
	return 0;
}

int mathml_check(const char *xml, size_t len, char *err, size_t errsz)
{
	struct scan sc = { xml, 0, len, err, errsz };
	struct open *stack = malloc(DEPTH_MAX * sizeof *stack);
	int depth = 0, done = 0, st = -1;

	if (!stack) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	while (sc.i < len) {
		if (xml[sc.i] != '<') {
			size_t count;
			int blank;
			if (chars(&sc, '<', &count, &blank) < 0)
				goto out;
			if (depth == 0) {
				bad(&sc, "text outside <math>");
				goto out;
			}
			if (!stack[depth - 1].e->token && !blank) {
				bad(&sc, "text directly in <%s>", stack[depth - 1].e->name);
				goto out;
			}
			stack[depth - 1].text += count;
			continue;
		}
		sc.i++;
		int end = sc.i < len && xml[sc.i] == '/';
		sc.i += (size_t)end;
		size_t n = name_len(xml + sc.i, len - sc.i);
		const struct elem *e = NULL;
		for (size_t k = 0; k < sizeof elems / sizeof elems[0]; k++)
			if (is_name(elems[k].name, xml + sc.i, n))
				e = &elems[k];
		if (!e) {
			bad(&sc, "<%.*s> is not a MathML Core element", (int)(n ? n : 1), xml + sc.i);
			goto out;
		}
		sc.i += n;
		if (end) {
			if (depth == 0 || stack[depth - 1].e != e) {
				bad(&sc, "</%s> does not close the open element", e->name);
				goto out;
			}
			if (sc.i >= len || xml[sc.i] != '>') {
				bad(&sc, "end tag </%s> not ended by '>'", e->name);
				goto out;
			}
			sc.i++;
			if (close_elem(&sc, &stack[--depth]) < 0)
				goto out;
			done = depth == 0;
			continue;
		}
		if (done || (depth == 0 && strcmp(e->name, "math") != 0) ||
		    (depth > 0 && strcmp(e->name, "math") == 0)) {
			bad(&sc, "<%s> where one <math> root is expected", e->name);
			goto out;
		}
		if (depth > 0) {
			struct open *parent = &stack[depth - 1];
			const char *pn = parent->e->name;
			if (parent->e->token || parent->e->kids == 0) {
				bad(&sc, "<%s> inside <%s>", e->name, pn);
				goto out;
			}
			if ((strcmp(pn, "mtable") == 0) != (strcmp(e->name, "mtr") == 0) ||
			    (strcmp(pn, "mtr") == 0) != (strcmp(e->name, "mtd") == 0)) {
				bad(&sc, "<%s> inside <%s>", e->name, pn);
				goto out;
			}
			parent->kids++;
		}
		if (depth == DEPTH_MAX) {
			bad(&sc, "nested too deep");
			goto out;
		}
		stack[depth++] = (struct open){ e, 0, 0 };
		/* attributes, each once */
		char seen[sizeof attrs / sizeof attrs[0]] = { 0 };
		for (;;) {
			size_t sp = 0;
			while (sc.i < len && xml[sc.i] == ' ')
				sc.i++, sp++;
			if (sc.i < len && xml[sc.i] == '>') {
				sc.i++;
				break;
			}
			if (sc.i + 1 < len && xml[sc.i] == '/' && xml[sc.i + 1] == '>') {
				sc.i += 2;
				if (close_elem(&sc, &stack[--depth]) < 0)
					goto out;
				done = depth == 0;
				break;
			}
			size_t an = name_len(xml + sc.i, len - sc.i);
			const char *aname = xml + sc.i;
			if (sp == 0 || an == 0 || sc.i + an + 1 >= len || xml[sc.i + an] != '=' ||
			    xml[sc.i + an + 1] != '"') {
				bad(&sc, "malformed attribute in <%s>", e->name);
				goto out;
			}
			for (size_t k = 0; k < sizeof attrs / sizeof attrs[0]; k++)
				if (is_name(attrs[k].name, aname, an)) {
					if (seen[k]++) {
						bad(&sc, "attribute %s twice", attrs[k].name);
						goto out;
					}
				}
			sc.i += an + 2;
			size_t vstart = sc.i, count;
			int blank;
			if (chars(&sc, '"', &count, &blank) < 0)
				goto out;
			if (sc.i >= len || xml[sc.i] != '"') {
				bad(&sc, "unquoted or unterminated attribute value");
				goto out;
			}
			if (check_attr(&sc, e, aname, an, xml + vstart, sc.i - vstart) < 0)
				goto out;
			sc.i++;
		}
	}
	if (depth > 0)
		bad(&sc, "<%s> is never closed", stack[depth - 1].e->name);
	else if (!done)
		bad(&sc, "no <math> element");
	else
		st = 0;
out:
	free(stack);
	return st;
}
