/*
 * math.c - the TeX subset of math.h: a recursive-descent parser into a tree
 * of nodes, a MathML Core writer and a plain Unicode writer.
 *
 * Spacing follows TeX's atom classes (The TeXbook, chapter 18 and its table
 * of inter-atom spaces). In MathML most of it comes from the browser's
 * operator dictionary (MathML Core, section 3.2.4 and appendix B), so the
 * writer adds only what the dictionary cannot know: form="prefix" on a unary
 * minus, zero spacing on symbols TeX treats as ordinary (| / .), stretchy="false"
 * on fences that TeX does not stretch, and thin spaces around function names
 * and fractions.
 */
#include "output/math.h"
#include "base/err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum kind {
	N_ROW,      /* a list of atoms: the formula, a {group}, a cell */
	N_MI, N_MN, N_MO, N_TEXT,   /* tokens: s, len */
	N_SPACE,    /* kid: index in spaces[] */
	N_FRAC,     /* kid: numerator, denominator */
	N_SQRT,     /* kid: body */
	N_ACCENT,   /* kid: base, index in accents[]; s: the accent */
	N_SCRIPT,   /* kid: base, subscript or -1, superscript or -1 */
	N_FENCED,   /* kid: opening mo or -1, body, closing mo or -1 */
	N_TABLE     /* children: rows (N_ROW) of cells (N_ROW) */
};

/* TeX's atom classes. */
enum cls { ORD, OP, BIN, REL, OPEN, CLOSE, PUNCT, INNER };

enum {
	F_UPRIGHT = 1,    /* mi: mathvariant="normal" when it is one character */
	F_BOLD = 2,       /* mi, mn: mathematical bold letters and digits */
	F_LIMITS = 4,     /* ∑, max: scripts above and below in display style */
	F_NOSTRETCH = 8,  /* mo: stretchy="false" */
	F_STRETCH = 16,   /* mo: stretchy="true" */
	F_FLAT = 32,      /* mo: TeX ordinary symbol, lspace="0" rspace="0" */
	F_MATRIX = 64,    /* fenced: a matrix */
	F_LARGEOP = 128,  /* ∑ ∏: plain text puts a space after them */
	F_PRIMED = 256    /* row: a base and its primes, one atom */
};

struct node {
	unsigned char kind, cls;
	unsigned short flags;
	int kid[3];       /* children by role; a row keeps its first and last */
	int next;         /* next sibling in a row, -1 at the end */
	const char *s;    /* token text (UTF-8): in src or a static table */
	size_t len;
	const char *plain; /* plain text of a symbol, when it differs from s */
};

struct math {
	struct node *n;
	size_t len, cap;
	char src[];       /* the source, which token texts point into */
};

/* Commands and characters that stand for one token. */
struct sym {
	const char *name;   /* control sequence without '\', or the character */
	unsigned char kind, cls;
	unsigned short flags;
	const char *text;   /* MathML content */
	const char *plain;  /* plain text when it differs from text */
};

static const struct sym chars[] = {
	{ "+", N_MO, BIN, 0, "+", NULL },
	{ "-", N_MO, BIN, 0, "\u2212", NULL },
	{ "*", N_MO, BIN, 0, "\u2217", "*" },
	{ "=", N_MO, REL, 0, "=", NULL },
	{ "<", N_MO, REL, 0, "<", NULL },
	{ ">", N_MO, REL, 0, ">", NULL },
	{ ":", N_MO, REL, 0, ":", NULL },
	{ ",", N_MO, PUNCT, 0, ",", NULL },
	{ ";", N_MO, PUNCT, 0, ";", NULL },
	{ "(", N_MO, OPEN, F_NOSTRETCH, "(", NULL },
	{ ")", N_MO, CLOSE, F_NOSTRETCH, ")", NULL },
	{ "[", N_MO, OPEN, F_NOSTRETCH, "[", NULL },
	{ "]", N_MO, CLOSE, F_NOSTRETCH, "]", NULL },
	{ "!", N_MO, CLOSE, 0, "!", NULL },
	{ "|", N_MO, ORD, F_NOSTRETCH | F_FLAT, "|", NULL },
	{ "/", N_MO, ORD, F_FLAT, "/", NULL },
	{ ".", N_MO, ORD, F_FLAT, ".", NULL },
};

#define UP F_UPRIGHT
static const struct sym cmds[] = {
	{ "alpha", N_MI, ORD, 0, "α", NULL }, { "beta", N_MI, ORD, 0, "β", NULL },
	{ "gamma", N_MI, ORD, 0, "γ", NULL }, { "delta", N_MI, ORD, 0, "δ", NULL },
	{ "epsilon", N_MI, ORD, 0, "ϵ", NULL }, { "varepsilon", N_MI, ORD, 0, "ε", NULL },
	{ "zeta", N_MI, ORD, 0, "ζ", NULL }, { "eta", N_MI, ORD, 0, "η", NULL },
	{ "theta", N_MI, ORD, 0, "θ", NULL }, { "vartheta", N_MI, ORD, 0, "ϑ", NULL },
	{ "iota", N_MI, ORD, 0, "ι", NULL }, { "kappa", N_MI, ORD, 0, "κ", NULL },
	{ "lambda", N_MI, ORD, 0, "λ", NULL }, { "mu", N_MI, ORD, 0, "μ", NULL },
	{ "nu", N_MI, ORD, 0, "ν", NULL }, { "xi", N_MI, ORD, 0, "ξ", NULL },
	{ "pi", N_MI, ORD, 0, "π", NULL }, { "varpi", N_MI, ORD, 0, "ϖ", NULL },
	{ "rho", N_MI, ORD, 0, "ρ", NULL }, { "varrho", N_MI, ORD, 0, "ϱ", NULL },
	{ "sigma", N_MI, ORD, 0, "σ", NULL }, { "varsigma", N_MI, ORD, 0, "ς", NULL },
	{ "tau", N_MI, ORD, 0, "τ", NULL }, { "upsilon", N_MI, ORD, 0, "υ", NULL },
	{ "phi", N_MI, ORD, 0, "ϕ", NULL }, { "varphi", N_MI, ORD, 0, "φ", NULL },
	{ "chi", N_MI, ORD, 0, "χ", NULL }, { "psi", N_MI, ORD, 0, "ψ", NULL },
	{ "omega", N_MI, ORD, 0, "ω", NULL },
	{ "Gamma", N_MI, ORD, UP, "Γ", NULL }, { "Delta", N_MI, ORD, UP, "Δ", NULL },
	{ "Theta", N_MI, ORD, UP, "Θ", NULL }, { "Lambda", N_MI, ORD, UP, "Λ", NULL },
	{ "Xi", N_MI, ORD, UP, "Ξ", NULL }, { "Pi", N_MI, ORD, UP, "Π", NULL },
	{ "Sigma", N_MI, ORD, UP, "Σ", NULL }, { "Upsilon", N_MI, ORD, UP, "Υ", NULL },
	{ "Phi", N_MI, ORD, UP, "Φ", NULL }, { "Psi", N_MI, ORD, UP, "Ψ", NULL },
	{ "Omega", N_MI, ORD, UP, "Ω", NULL },
	{ "partial", N_MI, ORD, 0, "∂", NULL }, { "nabla", N_MI, ORD, UP, "∇", NULL },
	{ "infty", N_MI, ORD, 0, "∞", NULL }, { "%", N_MI, ORD, 0, "%", NULL },
	{ "ldots", N_MI, ORD, 0, "…", NULL }, { "cdots", N_MI, ORD, 0, "⋯", NULL },
	{ "pm", N_MO, BIN, 0, "±", NULL }, { "mp", N_MO, BIN, 0, "∓", NULL },
	{ "times", N_MO, BIN, 0, "×", NULL }, { "cdot", N_MO, BIN, 0, "⋅", "·" },
	{ "div", N_MO, BIN, 0, "÷", NULL },
	{ "le", N_MO, REL, 0, "≤", NULL }, { "leq", N_MO, REL, 0, "≤", NULL },
	{ "ge", N_MO, REL, 0, "≥", NULL }, { "geq", N_MO, REL, 0, "≥", NULL },
	{ "ne", N_MO, REL, 0, "≠", NULL }, { "neq", N_MO, REL, 0, "≠", NULL },
	{ "approx", N_MO, REL, 0, "≈", NULL }, { "equiv", N_MO, REL, 0, "≡", NULL },
	{ "sim", N_MO, REL, 0, "∼", NULL }, { "propto", N_MO, REL, 0, "∝", NULL },
	{ "ll", N_MO, REL, 0, "≪", NULL }, { "gg", N_MO, REL, 0, "≫", NULL },
	{ "in", N_MO, REL, 0, "∈", NULL },
	{ "leftarrow", N_MO, REL, 0, "←", NULL }, { "gets", N_MO, REL, 0, "←", NULL },
	{ "to", N_MO, REL, 0, "→", NULL }, { "rightarrow", N_MO, REL, 0, "→", NULL },
	{ "Rightarrow", N_MO, REL, 0, "⇒", NULL },
	{ "sum", N_MO, OP, F_LIMITS | F_LARGEOP, "∑", NULL },
	{ "prod", N_MO, OP, F_LIMITS | F_LARGEOP, "∏", NULL },
	{ "max", N_MI, OP, F_LIMITS, "max", NULL }, { "min", N_MI, OP, F_LIMITS, "min", NULL },
	{ "log", N_MI, OP, 0, "log", NULL }, { "ln", N_MI, OP, 0, "ln", NULL },
	{ "exp", N_MI, OP, 0, "exp", NULL }, { "sin", N_MI, OP, 0, "sin", NULL },
	{ "cos", N_MI, OP, 0, "cos", NULL },
	{ "{", N_MO, OPEN, F_NOSTRETCH, "{", NULL },
	{ "}", N_MO, CLOSE, F_NOSTRETCH, "}", NULL },
	{ "|", N_MO, ORD, F_NOSTRETCH | F_FLAT, "‖", NULL },
};
#undef UP

/* Explicit spaces: TeX's widths in em (1 mu = 1/18 em). */
static const struct space {
	const char *name, *width;
	int plain;   /* spaces in the plain form */
} spaces[] = {
	{ ",", "0.1667em", 1 }, { ":", "0.2222em", 1 }, { ";", "0.2778em", 1 },
	{ "!", "-0.1667em", 0 }, { "quad", "1em", 2 }, { "qquad", "2em", 4 },
};

/* Accents: the spacing modifier letters, drawn at TeX's size (not stretched). */
static const struct accent {
	const char *name, *text, *word;
	const char *letters;          /* letters with a precomposed form ... */
	const char *const *composed;  /* ... and those forms, in order */
	const char *combining;        /* for any other single character */
} accents[] = {
	{ "hat", "\u02C6", "hat", "ACEGHIJOSUWYZaceghijosuwyz", (const char *const[]){
	  "Â", "Ĉ", "Ê", "Ĝ", "Ĥ", "Î", "Ĵ", "Ô", "Ŝ", "Û", "Ŵ", "Ŷ", "Ẑ",
	  "â", "ĉ", "ê", "ĝ", "ĥ", "î", "ĵ", "ô", "ŝ", "û", "ŵ", "ŷ", "ẑ" }, "\u0302" },
	{ "bar", "\u00AF", "bar", "AEGIOUYaegiouy", (const char *const[]){
	  "Ā", "Ē", "Ḡ", "Ī", "Ō", "Ū", "Ȳ", "ā", "ē", "ḡ", "ī", "ō", "ū", "ȳ" }, "\u0304" },
	{ "tilde", "\u02DC", "tilde", "AEINOUVYaeinouvy", (const char *const[]){
	  "Ã", "Ẽ", "Ĩ", "Ñ", "Õ", "Ũ", "Ṽ", "Ỹ", "ã", "ẽ", "ĩ", "ñ", "õ", "ũ", "ṽ", "ỹ" },
	  "\u0303" },
};

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

/* ---------------------------------------------------------------- parser */

enum font { ITALIC, ROMAN, BOLD };

/* What ends a list of atoms. */
enum stop { S_EOF, S_BRACE, S_RIGHT, S_AMP, S_NEWLINE, S_END, S_ATOM };

/* What opened the list being parsed, for the messages. */
struct ctx {
	enum { C_TOP, C_BRACE, C_LEFT, C_ENV } what;
	size_t at;
	const char *env;
};

struct parser {
	struct math *m;
	const char *s;
	size_t pos;
	char *why;        /* the reason, or NULL when memory ran out */
	int failed;
	int depth;
};

static int fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Records the first failure's reason; returns -1 for `return fail(...)`. */
static int fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return -1;
	p->failed = 1;
	va_start(ap, fmt);
	if (vasprintf(&p->why, fmt, ap) < 0)
		p->why = NULL;
	va_end(ap);
	return -1;
}

static int new_node(struct parser *p, int kind, int cls)
{
	struct math *m = p->m;

	if (m->len == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 16;
		struct node *n = realloc(m->n, cap * sizeof *n);
		if (!n) {
			p->failed = 1;
			return -1;
		}
		m->n = n;
		m->cap = cap;
	}
	struct node *n = &m->n[m->len];
	*n = (struct node){ .kind = (unsigned char)kind, .cls = (unsigned char)cls,
	                    .kid = { -1, -1, -1 }, .next = -1 };
	return (int)m->len++;
}

static int new_sym(struct parser *p, const struct sym *y)
{
	int i = new_node(p, y->kind, y->cls);
	if (i >= 0) {
		p->m->n[i].flags = y->flags;
		p->m->n[i].s = y->text;
		p->m->n[i].len = strlen(y->text);
		p->m->n[i].plain = y->plain;
	}
	return i;
}

static void append(struct math *m, int row, int child)
{
	struct node *r = &m->n[row];
	if (r->kid[1] < 0)
		r->kid[0] = child;
	else
		m->n[r->kid[1]].next = child;
	r->kid[1] = child;
}

static int is_letter(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static void skip_space(struct parser *p)
{
	while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\n' ||
	       p->s[p->pos] == '\r')
		p->pos++;
}

/* Length of the control word or symbol after the backslash at pos. */
static size_t cmd_len(const char *s, size_t pos)
{
	size_t n = 0;
	while (is_letter(s[pos + 1 + n]))
		n++;
	return n ? n : s[pos + 1] != '\0';
}

static int cmd_is(const char *s, size_t pos, const char *name)
{
	size_t n = strlen(name);
	return s[pos] == '\\' && cmd_len(s, pos) == n && memcmp(s + pos + 1, name, n) == 0;
}

/* The terminator at pos, or S_ATOM when an atom starts there. */
static enum stop peek_stop(const struct parser *p)
{
	const char *s = p->s;
	size_t i = p->pos;

	switch (s[i]) {
	case '\0': return S_EOF;
	case '}': return S_BRACE;
	case '&': return S_AMP;
	case '\\':
		if (s[i + 1] == '\\')
			return S_NEWLINE;
		if (cmd_is(s, i, "right"))
			return S_RIGHT;
		if (cmd_is(s, i, "end"))
			return S_END;
		return S_ATOM;
	default: return S_ATOM;
	}
}

static const char *stop_name(enum stop st)
{
	switch (st) {
	case S_BRACE: return "'}'";
	case S_RIGHT: return "\\right";
	case S_AMP: return "'&'";
	case S_NEWLINE: return "\\\\";
	case S_END: return "\\end";
	default: return "the end";
	}
}

/* Length of the valid UTF-8 character at s, 0 if invalid or not allowed in
 * XML (surrogates, C1 controls, U+FFFE, U+FFFF, beyond U+10FFFF). */
static size_t utf8_char(const unsigned char *s, uint32_t *cp)
{
	uint32_t c;
	size_t n;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		c = s[0] & 0x1F;
		n = 2;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		c = s[0] & 0x0F;
		n = 3;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		c = s[0] & 0x07;
		n = 4;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	static const uint32_t least[] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (c < least[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) ||
	    (c >= 0x80 && c <= 0x9F) || c == 0xFFFE || c == 0xFFFF)
		return 0;
	*cp = c;
	return n;
}

/* The error for a byte that starts no atom. */
static int bad_char(struct parser *p)
{
	unsigned char c = (unsigned char)p->s[p->pos];

	if (c >= 0x80)
		return fail(p, "non-ASCII byte 0x%02X at offset %zu: write Greek letters as "
		            "commands (\\lambda) and other text in \\text{...}", c, p->pos);
	if (c < 0x20 || c == 0x7F)
		return fail(p, "control character 0x%02X at offset %zu", c, p->pos);
	if (c == '%')
		return fail(p, "'%%' at offset %zu: a percent sign is written \\%%", p->pos);
	return fail(p, "unsupported character '%c' at offset %zu", c, p->pos);
}

static int parse_list(struct parser *p, int row, const struct ctx *cx, enum font f);
static int parse_nucleus(struct parser *p, enum font f, int single);

/* Whether the terminator `st` ends the list opened as cx; if not, fails. */
static int check_stop(struct parser *p, const struct ctx *cx, enum stop st)
{
	static const char *const opener[] = { "", "'{'", "\\left", "\\begin" };

	if ((cx->what == C_TOP && st == S_EOF) || (cx->what == C_BRACE && st == S_BRACE) ||
	    (cx->what == C_LEFT && st == S_RIGHT) ||
	    (cx->what == C_ENV && (st == S_AMP || st == S_NEWLINE || st == S_END)))
		return 0;
	switch (cx->what) {
	case C_TOP:
		if (st == S_BRACE)
			return fail(p, "unbalanced braces: '}' at offset %zu closes nothing", p->pos);
		if (st == S_RIGHT)
			return fail(p, "\\right at offset %zu has no \\left", p->pos);
		if (st == S_END)
			return fail(p, "\\end at offset %zu has no \\begin", p->pos);
		return fail(p, "%s at offset %zu is outside a matrix", stop_name(st), p->pos);
	case C_BRACE:
		if (st == S_EOF)
			return fail(p, "unbalanced braces: '{' at offset %zu is never closed", cx->at);
		break;
	case C_LEFT:
		if (st == S_EOF)
			return fail(p, "\\left at offset %zu has no \\right", cx->at);
		break;
	case C_ENV:
		if (st == S_EOF)
			return fail(p, "\\begin{%s} at offset %zu has no \\end{%s}", cx->env,
			            cx->at, cx->env);
		break;
	}
	return fail(p, "%s at offset %zu is not closed before %s at offset %zu",
	            opener[cx->what], cx->at, stop_name(st), p->pos);
}

/* A {group}: the brace at pos opens it. Returns its row. */
static int parse_group(struct parser *p, enum font f)
{
	struct ctx cx = { C_BRACE, p->pos, NULL };
	int row = new_node(p, N_ROW, ORD);

	if (row < 0)
		return -1;
	p->pos++;
	if (parse_list(p, row, &cx, f) < 0)
		return -1;
	p->pos++;   /* the '}' */
	return row;
}

/*
 * One argument of `cmd` (at offset `at`), argument `argno` of `nargs`: a
 * {group} or a single token, as TeX reads it (\frac12 is 1/2).
 */
static int parse_arg(struct parser *p, enum font f, const char *cmd, size_t at,
                     int argno, int nargs)
{
	skip_space(p);
	char c = p->s[p->pos];
	if (c == '{')
		return parse_group(p, f);
	if (peek_stop(p) != S_ATOM || c == '^' || c == '_' || c == '\'') {
		if (cmd[0] != '\\')
			return fail(p, "'%s' at offset %zu has no argument", cmd, at);
		if (nargs == 1)
			return fail(p, "%s at offset %zu has no argument", cmd, at);
		return fail(p, "%s at offset %zu needs %d arguments; argument %d is missing "
		            "at offset %zu", cmd, at, nargs, argno, p->pos);
	}
	return parse_nucleus(p, f, 1);
}

/* \text{...}: UTF-8 with balanced braces and the escapes of math.h. */
static int parse_text(struct parser *p, size_t at)
{
	const unsigned char *s = (const unsigned char *)p->s;
	int depth = 0;

	skip_space(p);
	if (s[p->pos] != '{')
		return fail(p, "\\text at offset %zu must be followed by {", at);
	size_t start = ++p->pos;
	for (;;) {
		unsigned char c = s[p->pos];
		uint32_t cp;
		if (c == '\0')
			return fail(p, "\\text at offset %zu is never closed", at);
		if (c == '}' && depth == 0)
			break;
		if (c == '{' || c == '}') {
			depth += c == '{' ? 1 : -1;
		} else if (c == '\\') {
			if (!s[p->pos + 1] || !strchr("{}%&_$#", s[p->pos + 1]))
				return fail(p, "\\text at offset %zu: a backslash at offset %zu may only "
				            "escape { } %% & _ $ #", at, p->pos);
			p->pos++;
		} else if (c < 0x80 && strchr("%&_$#", c)) {
			return fail(p, "'%c' at offset %zu in \\text must be escaped as \\%c",
			            c, p->pos, c);
		} else if (c == '^' || c == '~') {
			return fail(p, "'%c' at offset %zu is not allowed in \\text", c, p->pos);
		} else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
			return fail(p, "control character 0x%02X at offset %zu", c, p->pos);
		} else if (c >= 0x80) {
			size_t n = utf8_char(s + p->pos, &cp);
			if (!n)
				return fail(p, "invalid UTF-8 at offset %zu in \\text", p->pos);
			p->pos += n - 1;
		}
		p->pos++;
	}
	int i = new_node(p, N_TEXT, ORD);
	if (i >= 0) {
		p->m->n[i].s = p->s + start;
		p->m->n[i].len = p->pos - start;
	}
	p->pos++;
	return i;
}

/* \operatorname{letters} */
static int parse_opname(struct parser *p, size_t at)
{
	skip_space(p);
	size_t start = p->pos + 1, end = start;
	if (p->s[p->pos] == '{')
		while (is_letter(p->s[end]))
			end++;
	if (end == start || p->s[end] != '}')
		return fail(p, "\\operatorname at offset %zu takes letters only, as in "
		            "\\operatorname{mean}", at);
	int i = new_node(p, N_MI, OP);
	if (i >= 0) {
		p->m->n[i].s = p->s + start;
		p->m->n[i].len = end - start;
		p->m->n[i].flags = end - start == 1 ? F_UPRIGHT : 0;
	}
	p->pos = end + 1;
	return i;
}

/* The delimiter after \left or \right: an mo, or -1 with no failure for '.'. */
static int parse_delim(struct parser *p, const char *cmd, size_t at, int *none)
{
	static const char ok[] = "()[]|";

	skip_space(p);
	*none = 0;
	char c = p->s[p->pos];
	const struct sym *y = NULL;
	if (c == '.') {
		p->pos++;
		*none = 1;
		return -1;
	}
	if (c && strchr(ok, c)) {
		for (size_t k = 0; k < COUNT(chars); k++)
			if (chars[k].name[0] == c)
				y = &chars[k];
		p->pos++;
	} else if (c == '\\' && (p->s[p->pos + 1] == '{' || p->s[p->pos + 1] == '}' ||
	                         p->s[p->pos + 1] == '|')) {
		for (size_t k = 0; k < COUNT(cmds); k++)
			if (cmds[k].name[0] == p->s[p->pos + 1] && !cmds[k].name[1])
				y = &cmds[k];
		p->pos += 2;
	}
	if (!y)
		return fail(p, "%s at offset %zu must be followed by a delimiter: "
		            "( ) [ ] | \\{ \\} \\| or .", cmd, at);
	int i = new_sym(p, y);
	if (i >= 0)
		p->m->n[i].flags = F_STRETCH;
	return i;
}

/* \left<d> ... \right<d> */
static int parse_fenced(struct parser *p, size_t at, enum font f)
{
	struct ctx cx = { C_LEFT, at, NULL };
	int none;
	int fence = new_node(p, N_FENCED, INNER);
	int body = new_node(p, N_ROW, ORD);

	if (fence < 0 || body < 0)
		return -1;
	int open = parse_delim(p, "\\left", at, &none);
	if (open < 0 && !none)
		return -1;
	if (parse_list(p, body, &cx, f) < 0)
		return -1;
	size_t right = p->pos;
	p->pos += 6;   /* "\right" */
	int close = parse_delim(p, "\\right", right, &none);
	if (close < 0 && !none)
		return -1;
	struct node *n = &p->m->n[fence];
	n->kid[0] = open;
	n->kid[1] = body;
	n->kid[2] = close;
	return fence;
}

/* "{pmatrix}" after \begin or \end at `at`; returns its name or NULL. */
static const char *parse_env_name(struct parser *p, const char *cmd, size_t at)
{
	static const char *const envs[] = { "pmatrix", "bmatrix" };

	skip_space(p);
	for (size_t k = 0; k < COUNT(envs); k++) {
		size_t n = strlen(envs[k]);
		if (p->s[p->pos] == '{' && strncmp(p->s + p->pos + 1, envs[k], n) == 0 &&
		    p->s[p->pos + 1 + n] == '}') {
			p->pos += n + 2;
			return envs[k];
		}
	}
	fail(p, "%s at offset %zu must be followed by {pmatrix} or {bmatrix}", cmd, at);
	return NULL;
}

/* \begin{pmatrix} a & b \\ c & d \end{pmatrix}, and bmatrix. */
static int parse_matrix(struct parser *p, size_t at, enum font f)
{
	const char *env = parse_env_name(p, "\\begin", at);
	if (!env)
		return -1;

	struct ctx cx = { C_ENV, at, env };
	int fence = new_node(p, N_FENCED, INNER);
	int table = new_node(p, N_TABLE, ORD);
	int open = new_node(p, N_MO, OPEN), close = new_node(p, N_MO, CLOSE);
	int row = new_node(p, N_ROW, ORD);
	if (fence < 0 || table < 0 || open < 0 || close < 0 || row < 0)
		return -1;
	append(p->m, table, row);
	for (;;) {
		int cell = new_node(p, N_ROW, ORD);
		if (cell < 0)
			return -1;
		append(p->m, row, cell);
		int st = parse_list(p, cell, &cx, f);
		if (st < 0)
			return -1;
		if (st == S_AMP) {
			p->pos++;
		} else if (st == S_NEWLINE) {
			p->pos += 2;
			skip_space(p);
			if (peek_stop(p) == S_END)   /* a trailing \\ adds no row */
				break;
			if ((row = new_node(p, N_ROW, ORD)) < 0)
				return -1;
			append(p->m, table, row);
		} else {
			break;
		}
	}
	size_t end = p->pos;
	p->pos += 4;   /* "\end" */
	const char *name = parse_env_name(p, "\\end", end);
	if (!name)
		return -1;
	if (name != env)
		return fail(p, "\\end{%s} at offset %zu does not match \\begin{%s} at offset %zu",
		            name, end, env, at);

	struct node *n = p->m->n;
	int paren = env[0] == 'p';
	n[open].s = paren ? "(" : "[";
	n[close].s = paren ? ")" : "]";
	n[open].len = n[close].len = 1;
	n[open].flags = n[close].flags = F_STRETCH;
	n[fence].kid[0] = open;
	n[fence].kid[1] = table;
	n[fence].kid[2] = close;
	n[fence].flags = F_MATRIX;
	return fence;
}

/* Whether the n bytes at s spell `name`. */
static int spells(const char *name, const char *s, size_t n)
{
	return name[0] == s[0] && strncmp(name, s, n) == 0 && name[n] == '\0';
}

/* A command at pos: the nucleus it makes. */
static int parse_command(struct parser *p, enum font f, int single)
{
	size_t at = p->pos, n = cmd_len(p->s, at);
	const char *name = p->s + at + 1;

	if (n == 0)
		return fail(p, "'\\' at offset %zu ends the formula", at);
	if ((unsigned char)name[0] >= 0x80 || name[0] < 0x20 || name[0] == 0x7F) {
		p->pos++;
		return bad_char(p);
	}
	p->pos += 1 + n;
	for (size_t k = 0; k < COUNT(cmds); k++)
		if (spells(cmds[k].name, name, n))
			return new_sym(p, &cmds[k]);
	for (size_t k = 0; k < COUNT(spaces); k++)
		if (spells(spaces[k].name, name, n)) {
			int i = new_node(p, N_SPACE, ORD);
			if (i >= 0)
				p->m->n[i].kid[0] = (int)k;
			return i;
		}

	/* Commands with arguments are single tokens only in braces. */
#define IS(s) spells(s, name, n)
	int known = IS("frac") || IS("sqrt") || IS("hat") || IS("bar") || IS("tilde") ||
	            IS("mathrm") || IS("mathbf") || IS("text") || IS("operatorname") ||
	            IS("left") || IS("begin");
	if (known && single)
		return fail(p, "\\%.*s at offset %zu must be put in braces to be an argument",
		            (int)n, name, at);
	if (known && ++p->depth > MATH_DEPTH_MAX)
		return fail(p, "nesting deeper than %d levels at offset %zu", MATH_DEPTH_MAX, at);

	int i = -1;
	if (IS("frac")) {
		int a = parse_arg(p, f, "\\frac", at, 1, 2);
		int b = a < 0 ? -1 : parse_arg(p, f, "\\frac", at, 2, 2);
		if (b >= 0 && (i = new_node(p, N_FRAC, INNER)) >= 0) {
			p->m->n[i].kid[0] = a;
			p->m->n[i].kid[1] = b;
		}
	} else if (IS("sqrt")) {
		skip_space(p);
		if (p->s[p->pos] == '[')
			return fail(p, "\\sqrt[...] at offset %zu: n-th roots are not supported", at);
		int a = parse_arg(p, f, "\\sqrt", at, 1, 1);
		if (a >= 0 && (i = new_node(p, N_SQRT, ORD)) >= 0)
			p->m->n[i].kid[0] = a;
	} else if (IS("hat") || IS("bar") || IS("tilde")) {
		const struct accent *ac = &accents[IS("hat") ? 0 : IS("bar") ? 1 : 2];
		char cmd[8];
		snprintf(cmd, sizeof cmd, "\\%s", ac->name);
		int a = parse_arg(p, f, cmd, at, 1, 1);
		if (a >= 0 && (i = new_node(p, N_ACCENT, ORD)) >= 0) {
			p->m->n[i].kid[0] = a;
			p->m->n[i].kid[1] = (int)(ac - accents);
			p->m->n[i].s = ac->text;
			p->m->n[i].len = strlen(ac->text);
		}
	} else if (IS("mathrm") || IS("mathbf")) {
		i = parse_arg(p, IS("mathrm") ? ROMAN : BOLD, IS("mathrm") ? "\\mathrm" : "\\mathbf",
		              at, 1, 1);
	} else if (IS("text")) {
		i = parse_text(p, at);
	} else if (IS("operatorname")) {
		i = parse_opname(p, at);
	} else if (IS("left")) {
		i = parse_fenced(p, at, f);
	} else if (IS("begin")) {
		i = parse_matrix(p, at, f);
	} else {
		return fail(p, "unknown command \\%.*s at offset %zu", (int)(n > 40 ? 40 : n),
		            name, at);
	}
#undef IS
	p->depth--;
	return i;
}

/*
 * The nucleus of an atom at pos: a letter (a run of them in \mathrm and
 * \mathbf), a number (one digit when `single`, as TeX reads \frac12), an
 * operator, a {group} or a command.
 */
static int parse_nucleus(struct parser *p, enum font f, int single)
{
	const char *s = p->s;
	size_t at = p->pos;
	char c = s[at];
	int i;

	if (is_letter(c)) {
		size_t end = at + 1;
		if (f != ITALIC && !single)
			while (is_letter(s[end]))
				end++;
		if ((i = new_node(p, N_MI, ORD)) < 0)
			return -1;
		p->m->n[i].flags = (f == BOLD ? F_BOLD : 0) |
		                   (f != ITALIC && end - at == 1 ? F_UPRIGHT : 0);
		p->m->n[i].s = s + at;
		p->m->n[i].len = end - at;
		p->pos = end;
		return i;
	} else if (is_digit(c)) {
		size_t end = at + 1;
		if (!single) {
			while (is_digit(s[end]))
				end++;
			if (s[end] == '.' && is_digit(s[end + 1]))
				for (end++; is_digit(s[end]); end++)
					;
		}
		if ((i = new_node(p, N_MN, ORD)) < 0)
			return -1;
		p->m->n[i].flags = f == BOLD ? F_BOLD : 0;
		p->m->n[i].s = s + at;
		p->m->n[i].len = end - at;
		p->pos = end;
		return i;
	} else if (c == '{') {
		return parse_group(p, f);
	} else if (c == '\\') {
		return parse_command(p, f, single);
	} else {
		for (size_t k = 0; k < COUNT(chars); k++)
			if (chars[k].name[0] == c) {
				p->pos++;
				return new_sym(p, &chars[k]);
			}
		return bad_char(p);
	}
}

/* Wraps base and its primes into one atom; returns the new base. */
static int add_primes(struct parser *p, int base)
{
	static const struct sym prime = { "'", N_MO, ORD, 0, "\u2032", NULL };
	int row = new_node(p, N_ROW, ORD);

	if (row < 0)
		return -1;
	struct node *b = &p->m->n[base];
	p->m->n[row].cls = b->cls;
	p->m->n[row].flags = F_PRIMED;
	append(p->m, row, base);
	while (p->s[p->pos] == '\'') {
		int q = new_sym(p, &prime);
		if (q < 0)
			return -1;
		append(p->m, row, q);
		p->pos++;
		skip_space(p);
	}
	return row;
}

/* One atom and its scripts, appended to row. */
static int parse_atom(struct parser *p, int row, enum font f)
{
	char c = p->s[p->pos];
	int base;

	if (c == '^' || c == '_' || c == '\'')
		base = new_node(p, N_ROW, ORD);   /* TeX allows an empty nucleus */
	else
		base = parse_nucleus(p, f, 0);
	if (base < 0)
		return -1;
	if (p->m->n[base].kind == N_SPACE) {
		append(p->m, row, base);
		return 0;
	}

	int sub = -1, sup = -1;
	for (;;) {
		skip_space(p);
		size_t at = p->pos;
		c = p->s[at];
		if (c == '\'') {
			if (sup >= 0)
				return fail(p, "double superscript at offset %zu", at);
			if ((base = add_primes(p, base)) < 0)
				return -1;
		} else if (c == '^' || c == '_') {
			if (c == '^' ? sup >= 0 : sub >= 0)
				return fail(p, "double %s at offset %zu",
				            c == '^' ? "superscript" : "subscript", at);
			if (++p->depth > MATH_DEPTH_MAX)
				return fail(p, "nesting deeper than %d levels at offset %zu",
				            MATH_DEPTH_MAX, at);
			p->pos++;
			int a = parse_arg(p, f, c == '^' ? "^" : "_", at, 1, 1);
			p->depth--;
			if (a < 0)
				return -1;
			*(c == '^' ? &sup : &sub) = a;
		} else {
			break;
		}
	}
	if (sub >= 0 || sup >= 0) {
		int sc = new_node(p, N_SCRIPT, p->m->n[base].cls);
		if (sc < 0)
			return -1;
		struct node *n = &p->m->n[sc];
		n->kid[0] = base;
		n->kid[1] = sub;
		n->kid[2] = sup;
		n->flags = p->m->n[base].flags & (F_LIMITS | F_LARGEOP);
		base = sc;
	}
	append(p->m, row, base);
	return 0;
}

/*
 * Atoms until a terminator, appended to row. Returns the terminator (not
 * consumed), which must be one that ends what cx opened, or -1.
 */
static int parse_list(struct parser *p, int row, const struct ctx *cx, enum font f)
{
	if (++p->depth > MATH_DEPTH_MAX)
		return fail(p, "nesting deeper than %d levels at offset %zu", MATH_DEPTH_MAX, cx->at);
	for (;;) {
		skip_space(p);
		enum stop st = peek_stop(p);
		if (st != S_ATOM) {
			p->depth--;
			return check_stop(p, cx, st) < 0 ? -1 : (int)st;
		}
		if (parse_atom(p, row, f) < 0)
			return -1;
	}
}

struct math *math_parse(const char *tex, char **why)
{
	size_t len = strlen(tex);
	struct parser p = { 0 };

	if (why)
		*why = NULL;
	if (len > MATH_LEN_MAX) {
		if (why)
			*why = xasprintf("formula of %zu bytes is longer than the %d allowed",
			                 len, MATH_LEN_MAX);
		return NULL;
	}
	p.m = malloc(sizeof *p.m + len + 1);
	if (!p.m)
		return NULL;
	*p.m = (struct math){ 0 };
	memcpy(p.m->src, tex, len + 1);
	p.s = p.m->src;

	struct ctx cx = { C_TOP, 0, NULL };
	int root = new_node(&p, N_ROW, ORD);   /* node 0 */
	skip_space(&p);
	if (root >= 0 && !p.s[p.pos])
		fail(&p, "empty formula");
	else if (root >= 0)
		parse_list(&p, root, &cx, ITALIC);
	if (p.failed) {
		if (why)
			*why = p.why;
		else
			free(p.why);
		math_free(p.m);
		return NULL;
	}
	return p.m;
}

void math_free(struct math *m)
{
	if (m) {
		free(m->n);
		free(m);
	}
}

/* ---------------------------------------------------------------- spacing */

/*
 * TeX's spaces between atoms (The TeXbook, p. 170): 0 none, 1 thin, 2
 * medium, 3 thick; a letter a-c is 1-3 but none in script styles.
 */
static const char spacing[8][9] = {
	/*        Ord Op Bin Rel Open Close Punct Inner */
	[ORD]   = "01bc000a",
	[OP]    = "110c000a",
	[BIN]   = "bb00b00b",
	[REL]   = "cc00c00c",
	[OPEN]  = "00000000",
	[CLOSE] = "01bc000a",
	[PUNCT] = "aa0aaaaa",
	[INNER] = "a1bca0aa",
};

enum style { DISPLAY, TEXT, SCRIPT, SCRIPTSCRIPT };

static int tex_space(int left, int right, enum style st)
{
	char c = spacing[left][right];
	if (c >= 'a')
		return st >= SCRIPT ? 0 : c - 'a' + 1;
	return c - '0';
}

static enum style frac_style(enum style st)
{
	return st == DISPLAY ? TEXT : SCRIPTSCRIPT - (st == TEXT);
}

static enum style script_style(enum style st)
{
	return st <= TEXT ? SCRIPT : SCRIPTSCRIPT;
}

/* Walks a row's atoms (spaces are not atoms) with TeX's effective classes:
 * a binary operator becomes ordinary at the start, after an operator,
 * relation, opening or punctuation, and before a relation, closing,
 * punctuation or the end (The TeXbook, appendix G, rules 5 and 6). */
struct walk {
	const struct math *m;
	int cur, prev;          /* atom indices, -1 for none */
	int cur_cls, prev_cls;  /* effective classes */
};

static int next_atom(const struct math *m, int i)
{
	while (i >= 0 && m->n[i].kind == N_SPACE)
		i = m->n[i].next;
	return i;
}

static void walk_step(struct walk *w, int i)
{
	const struct node *n = w->m->n;
	int c = n[i].cls;

	if (c == BIN) {
		int nx = next_atom(w->m, n[i].next);
		int pc = w->cur_cls;   /* the previous atom's, before the step */
		if (w->cur < 0 || pc == BIN || pc == OP || pc == REL || pc == OPEN ||
		    pc == PUNCT || nx < 0 || n[nx].cls == REL || n[nx].cls == CLOSE ||
		    n[nx].cls == PUNCT)
			c = ORD;
	}
	w->prev = w->cur;
	w->prev_cls = w->cur_cls;
	w->cur = i;
	w->cur_cls = c;
}

/* ---------------------------------------------------------------- MathML */

static void xml_text(FILE *fp, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '\t': case '\n': case '\r': fputc(' ', fp); break;
		default: fputc(s[i], fp);
		}
	}
}

static void put_utf8(FILE *fp, uint32_t c)
{
	if (c < 0x80) {
		fputc((int)c, fp);
	} else if (c < 0x800) {
		fputc((int)(0xC0 | c >> 6), fp);
		fputc((int)(0x80 | (c & 0x3F)), fp);
	} else if (c < 0x10000) {
		fputc((int)(0xE0 | c >> 12), fp);
		fputc((int)(0x80 | (c >> 6 & 0x3F)), fp);
		fputc((int)(0x80 | (c & 0x3F)), fp);
	} else {
		fputc((int)(0xF0 | c >> 18), fp);
		fputc((int)(0x80 | (c >> 12 & 0x3F)), fp);
		fputc((int)(0x80 | (c >> 6 & 0x3F)), fp);
		fputc((int)(0x80 | (c & 0x3F)), fp);
	}
}

/* Token text; in bold, ASCII letters and digits become Unicode's
 * mathematical bold ones (MathML Core has no bold mathvariant). */
static void token_text(FILE *fp, const struct node *n)
{
	if (!(n->flags & F_BOLD)) {
		xml_text(fp, n->s, n->len);
		return;
	}
	for (size_t i = 0; i < n->len; i++) {
		char c = n->s[i];
		if (c >= 'A' && c <= 'Z')
			put_utf8(fp, 0x1D400 + (uint32_t)(c - 'A'));
		else if (c >= 'a' && c <= 'z')
			put_utf8(fp, 0x1D41A + (uint32_t)(c - 'a'));
		else if (c >= '0' && c <= '9')
			put_utf8(fp, 0x1D7CE + (uint32_t)(c - '0'));
		else
			xml_text(fp, &n->s[i], 1);
	}
}

/* \text{} content: escapes resolved, grouping braces dropped. MathML trims
 * whitespace at both ends of a token, where TeX keeps one space: there a
 * run of whitespace becomes one no-break space. */
static void text_content(FILE *fp, const char *s, size_t len)
{
	size_t first = len, last = 0;   /* the first and last visible characters */
	for (size_t i = 0; i < len; i++) {
		int visible = s[i] == '\\' || (s[i] != '{' && s[i] != '}' && s[i] != ' ' &&
		                                s[i] != '\t' && s[i] != '\n' && s[i] != '\r');
		i += s[i] == '\\';
		if (visible) {
			first = first < i ? first : i;
			last = i;
		}
	}
	int in_space = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '{' || c == '}')
			continue;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (!in_space)
				fputs(i < first || i > last ? "\u00A0" : " ", fp);
			in_space = 1;
			continue;
		}
		in_space = 0;
		if (c == '\\')
			c = s[++i];
		xml_text(fp, &c, 1);
	}
}

static int one_char(const char *s, size_t len)
{
	uint32_t cp;
	return len > 0 && utf8_char((const unsigned char *)s, &cp) == len;
}

static void ml_elem(FILE *fp, const struct math *m, int i, enum style st, int unary);
static void ml_arg(FILE *fp, const struct math *m, int i, enum style st);

static int is_operator(const struct math *m, int i)
{
	const struct node *n = &m->n[i];
	if (n->kind == N_SCRIPT || n->kind == N_ACCENT)
		return is_operator(m, n->kid[0]);
	return n->kind == N_MO;
}

/* A row's atoms, with thin spaces where TeX puts them and no mo does. */
static void ml_children(FILE *fp, const struct math *m, int first, enum style st)
{
	struct walk w = { m, -1, -1, ORD, ORD };

	for (int i = first; i >= 0; i = m->n[i].next) {
		if (m->n[i].kind == N_SPACE) {
			ml_elem(fp, m, i, st, 0);
			continue;
		}
		walk_step(&w, i);
		if (w.prev >= 0 && !is_operator(m, w.prev) && !is_operator(m, i) &&
		    tex_space(w.prev_cls, w.cur_cls, st) == 1)
			fputs("<mspace width=\"0.1667em\"></mspace>", fp);
		if (m->n[i].kind == N_ROW)
			ml_arg(fp, m, i, st);
		else
			ml_elem(fp, m, i, st, m->n[i].cls == BIN && w.cur_cls == ORD);
	}
}

/* A child that must be one element: a row of one atom is that atom. */
static void ml_arg(FILE *fp, const struct math *m, int i, enum style st)
{
	const struct node *n = &m->n[i];
	if (n->kind == N_ROW && n->kid[0] >= 0 && n->kid[0] == n->kid[1] &&
	    m->n[n->kid[0]].kind != N_SPACE && !(n->flags & F_PRIMED)) {
		ml_elem(fp, m, n->kid[0], st, 0);
		return;
	}
	ml_elem(fp, m, i, st, 0);
}

static void ml_elem(FILE *fp, const struct math *m, int i, enum style st, int unary)
{
	const struct node *n = &m->n[i];

	switch (n->kind) {
	case N_ROW:
		fputs("<mrow>", fp);
		ml_children(fp, m, n->kid[0], st);
		fputs("</mrow>", fp);
		break;
	case N_MI:
		fputs(n->flags & F_UPRIGHT && one_char(n->s, n->len) && !(n->flags & F_BOLD)
		      ? "<mi mathvariant=\"normal\">" : "<mi>", fp);
		token_text(fp, n);
		fputs("</mi>", fp);
		break;
	case N_MN:
		fputs("<mn>", fp);
		token_text(fp, n);
		fputs("</mn>", fp);
		break;
	case N_MO:
		fputs("<mo", fp);
		if (unary)
			fputs(" form=\"prefix\"", fp);
		if (n->flags & F_NOSTRETCH)
			fputs(" stretchy=\"false\"", fp);
		if (n->flags & F_STRETCH)
			fputs(" stretchy=\"true\"", fp);
		if (n->flags & F_FLAT)
			fputs(" lspace=\"0\" rspace=\"0\"", fp);
		fputc('>', fp);
		xml_text(fp, n->s, n->len);
		fputs("</mo>", fp);
		break;
	case N_TEXT:
		fputs("<mtext>", fp);
		text_content(fp, n->s, n->len);
		fputs("</mtext>", fp);
		break;
	case N_SPACE: {
		/* MathML Core ignores a negative mspace width: \! is a negative margin. */
		const char *width = spaces[n->kid[0]].width;
		fprintf(fp, width[0] == '-' ? "<mspace style=\"margin-left:%s\"></mspace>"
		                            : "<mspace width=\"%s\"></mspace>", width);
		break;
	}
	case N_FRAC:
		fputs("<mfrac>", fp);
		ml_arg(fp, m, n->kid[0], frac_style(st));
		ml_arg(fp, m, n->kid[1], frac_style(st));
		fputs("</mfrac>", fp);
		break;
	case N_SQRT:   /* msqrt holds a row of its own */
		fputs("<msqrt>", fp);
		if (m->n[n->kid[0]].kind == N_ROW && !(m->n[n->kid[0]].flags & F_PRIMED))
			ml_children(fp, m, m->n[n->kid[0]].kid[0], st);
		else
			ml_elem(fp, m, n->kid[0], st, 0);
		fputs("</msqrt>", fp);
		break;
	case N_ACCENT:
		fputs("<mover accent=\"true\">", fp);
		ml_arg(fp, m, n->kid[0], st);
		fputs("<mo stretchy=\"false\">", fp);
		xml_text(fp, n->s, n->len);
		fputs("</mo></mover>", fp);
		break;
	case N_SCRIPT: {
		static const char *const tags[2][4] = {
			{ "", "msub", "msup", "msubsup" },
			{ "", "munder", "mover", "munderover" },
		};
		const char *tag = tags[(n->flags & F_LIMITS) && st == DISPLAY]
		                      [(n->kid[1] >= 0) + 2 * (n->kid[2] >= 0)];
		fprintf(fp, "<%s>", tag);
		if (m->n[n->kid[0]].kind == N_ROW)
			ml_arg(fp, m, n->kid[0], st);
		else
			ml_elem(fp, m, n->kid[0], st, unary);
		for (int k = 1; k <= 2; k++)
			if (n->kid[k] >= 0)
				ml_arg(fp, m, n->kid[k], script_style(st));
		fprintf(fp, "</%s>", tag);
		break;
	}
	case N_FENCED: {
		const struct node *body = &m->n[n->kid[1]];
		fputs("<mrow>", fp);
		if (n->kid[0] >= 0)
			ml_elem(fp, m, n->kid[0], st, 0);
		if (body->kind == N_TABLE)
			ml_elem(fp, m, n->kid[1], st, 0);
		else
			ml_children(fp, m, body->kid[0], st);
		if (n->kid[2] >= 0)
			ml_elem(fp, m, n->kid[2], st, 0);
		fputs("</mrow>", fp);
		break;
	}
	case N_TABLE:
		fputs("<mtable>", fp);
		for (int r = n->kid[0]; r >= 0; r = m->n[r].next) {
			fputs("<mtr>", fp);
			for (int c = m->n[r].kid[0]; c >= 0; c = m->n[c].next) {
				fputs("<mtd>", fp);
				ml_children(fp, m, m->n[c].kid[0], TEXT);
				fputs("</mtd>", fp);
			}
			fputs("</mtr>", fp);
		}
		fputs("</mtable>", fp);
		break;
	}
}

int math_write_mathml(FILE *fp, const struct math *m, int display)
{
	fprintf(fp, "<math display=\"%s\">", display ? "block" : "inline");
	ml_children(fp, m, m->n[0].kid[0], display ? DISPLAY : TEXT);
	fputs("</math>", fp);
	return ferror(fp) ? -1 : 0;
}

/* ---------------------------------------------------------------- plain */

struct buf {
	char *s;
	size_t len, cap;
	int pend;   /* spaces to put before the next text */
	int tail;   /* it ends in a script written with _ or ^ */
	int oom;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (n == 0 || b->oom)
		return;
	size_t pend = b->len ? (size_t)b->pend : 0;
	b->pend = 0;
	b->tail = 0;
	if (b->len + pend + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + pend + n + 1)
			cap *= 2;
		char *t = realloc(b->s, cap);
		if (!t) {
			b->oom = 1;
			return;
		}
		b->s = t;
		b->cap = cap;
	}
	memset(b->s + b->len, ' ', pend);
	memcpy(b->s + b->len + pend, s, n);
	b->len += pend + n;
	b->s[b->len] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* One separating space, unless explicit ones are already pending. */
static void soft_space(struct buf *b)
{
	if (b->pend < 1)
		b->pend = 1;
}

/* Appends a finished part, passing on the oom flag; frees it. */
static void put_buf(struct buf *b, struct buf *part)
{
	put(b, part->s, part->len);
	b->tail = part->tail;
	b->oom |= part->oom;
	free(part->s);
}

static void pl_elem(struct buf *b, const struct math *m, int i, enum style st);

static void pl_children(struct buf *b, const struct math *m, int first, enum style st)
{
	struct walk w = { m, -1, -1, ORD, ORD };

	for (int i = first; i >= 0; i = m->n[i].next) {
		const struct node *n = &m->n[i];
		if (n->kind == N_SPACE) {
			b->pend += spaces[n->kid[0]].plain;
			continue;
		}
		walk_step(&w, i);
		/* TeX's spaces; also after ∑ and after x_N or e^(..), which
		 * would otherwise run into what follows */
		int loose_end = w.prev >= 0 && ((m->n[w.prev].flags & F_LARGEOP) || b->tail);
		if (w.prev >= 0 && (tex_space(w.prev_cls, w.cur_cls, st) > 0 ||
		    (loose_end && w.cur_cls != BIN && w.cur_cls != REL &&
		     w.cur_cls != CLOSE && w.cur_cls != PUNCT)))
			soft_space(b);
		if (n->kind == N_FRAC) {
			/* a/b followed by a factor, or after a slash, needs parentheses */
			int nx = next_atom(m, n->next);
			int after = nx >= 0 && m->n[nx].cls != BIN && m->n[nx].cls != REL &&
			            m->n[nx].cls != PUNCT && m->n[nx].cls != CLOSE;
			int slash = w.prev >= 0 && m->n[w.prev].kind == N_MO &&
			            m->n[w.prev].s[0] == '/';
			if (after || slash) {
				puts_(b, "(");
				pl_elem(b, m, i, st);
				puts_(b, ")");
				continue;
			}
		}
		pl_elem(b, m, i, st);
	}
}

/* The single atom a row stands for, or the row itself. */
static int unwrap(const struct math *m, int i)
{
	const struct node *n = &m->n[i];
	if (n->kind == N_ROW && !(n->flags & F_PRIMED) && n->kid[0] >= 0 &&
	    n->kid[0] == n->kid[1] && m->n[n->kid[0]].kind != N_SPACE)
		return unwrap(m, n->kid[0]);
	return i;
}

/* Whether a rendered part has a space or a slash outside brackets. */
static int loose(const char *s, size_t len)
{
	int depth = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '(' || s[i] == '[' || s[i] == '{')
			depth++;
		else if ((s[i] == ')' || s[i] == ']' || s[i] == '}') && depth > 0)
			depth--;
		else if (depth == 0 && (s[i] == ' ' || s[i] == '/'))
			return 1;
	}
	return 0;
}

/* Whether a group has a binary operator, relation or punctuation outside
 * brackets (in scripts no spaces around them show it). */
static int has_operator(const struct math *m, int i)
{
	const struct node *n = &m->n[unwrap(m, i)];
	struct walk w = { m, -1, -1, ORD, ORD };
	int depth = 0;   /* inside ( ) */

	if (n->kind != N_ROW)
		return 0;
	for (int c = next_atom(m, n->kid[0]); c >= 0; c = next_atom(m, m->n[c].next)) {
		walk_step(&w, c);
		depth += (w.cur_cls == OPEN) - (w.cur_cls == CLOSE && depth > 0);
		if (depth == 0 && (w.cur_cls == BIN || w.cur_cls == REL || w.cur_cls == PUNCT))
			return 1;
	}
	return 0;
}

/* Renders node i into a fresh buffer. */
static struct buf render(const struct math *m, int i, enum style st)
{
	struct buf part = { 0 };
	pl_elem(&part, m, i, st);
	return part;
}

static void put_maybe_parens(struct buf *b, struct buf *part, int parens)
{
	if (parens)
		puts_(b, "(");
	put_buf(b, part);
	if (parens)
		puts_(b, ")");
}

/* Unicode super- and subscript forms, by code point. */
static const struct { uint32_t c; const char *sup, *sub; } scripts[] = {
	{ '0', "⁰", "₀" }, { '1', "¹", "₁" }, { '2', "²", "₂" }, { '3', "³", "₃" },
	{ '4', "⁴", "₄" }, { '5', "⁵", "₅" }, { '6', "⁶", "₆" }, { '7', "⁷", "₇" },
	{ '8', "⁸", "₈" }, { '9', "⁹", "₉" }, { '+', "⁺", "₊" }, { 0x2212, "⁻", "₋" },
	{ '=', "⁼", "₌" }, { '(', "⁽", "₍" }, { ')', "⁾", "₎" }, { '*', "*", NULL },
	{ 'a', "ᵃ", "ₐ" }, { 'b', "ᵇ", NULL }, { 'c', "ᶜ", NULL }, { 'd', "ᵈ", NULL },
	{ 'e', "ᵉ", "ₑ" }, { 'f', "ᶠ", NULL }, { 'g', "ᵍ", NULL }, { 'h', "ʰ", "ₕ" },
	{ 'i', "ⁱ", "ᵢ" }, { 'j', "ʲ", "ⱼ" }, { 'k', "ᵏ", "ₖ" }, { 'l', "ˡ", "ₗ" },
	{ 'm', "ᵐ", "ₘ" }, { 'n', "ⁿ", "ₙ" }, { 'o', "ᵒ", "ₒ" }, { 'p', "ᵖ", "ₚ" },
	{ 'r', "ʳ", "ᵣ" }, { 's', "ˢ", "ₛ" }, { 't', "ᵗ", "ₜ" }, { 'u', "ᵘ", "ᵤ" },
	{ 'v', "ᵛ", "ᵥ" }, { 'w', "ʷ", NULL }, { 'x', "ˣ", "ₓ" }, { 'y', "ʸ", NULL },
	{ 'z', "ᶻ", NULL },
	{ 'A', "ᴬ", NULL }, { 'B', "ᴮ", NULL }, { 'D', "ᴰ", NULL }, { 'E', "ᴱ", NULL },
	{ 'G', "ᴳ", NULL }, { 'H', "ᴴ", NULL }, { 'I', "ᴵ", NULL }, { 'J', "ᴶ", NULL },
	{ 'K', "ᴷ", NULL }, { 'L', "ᴸ", NULL }, { 'M', "ᴹ", NULL }, { 'N', "ᴺ", NULL },
	{ 'O', "ᴼ", NULL }, { 'P', "ᴾ", NULL }, { 'R', "ᴿ", NULL }, { 'T', "ᵀ", NULL },
	{ 'U', "ᵁ", NULL }, { 'V', "ⱽ", NULL }, { 'W', "ᵂ", NULL },
	{ 0x03B2, "ᵝ", "ᵦ" }, { 0x03B3, "ᵞ", "ᵧ" }, { 0x03B4, "ᵟ", NULL },
	{ 0x03B8, "ᶿ", NULL }, { 0x03C1, NULL, "ᵨ" }, { 0x03C6, "ᵠ", "ᵩ" },
	{ 0x03C7, "ᵡ", "ᵪ" },
};

/* s in Unicode super- or subscript characters into b; 0 if some character
 * has none (b is then unchanged). */
static int put_unicode_script(struct buf *b, const char *s, size_t len, int sup)
{
	uint32_t cp;

	if (len == 0)
		return 0;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < len;) {
			size_t n = utf8_char((const unsigned char *)s + i, &cp);
			const char *t = NULL;
			for (size_t k = 0; n && k < COUNT(scripts) && !t; k++)
				if (scripts[k].c == cp)
					t = sup ? scripts[k].sup : scripts[k].sub;
			if (!t)
				return 0;
			if (pass)
				puts_(b, t);
			i += n;
		}
	}
	return 1;
}

/* A script that reads as one word: identifiers and numbers only. */
static int is_word(const struct math *m, int i)
{
	const struct node *n = &m->n[unwrap(m, i)];
	if (n->kind == N_MI || n->kind == N_MN)
		return 1;
	if (n->kind != N_ROW || n->flags & F_PRIMED || n->kid[0] < 0)
		return 0;
	for (int c = n->kid[0]; c >= 0; c = m->n[c].next)
		if (m->n[c].kind != N_MI && m->n[c].kind != N_MN)
			return 0;
	return 1;
}

static void pl_script(struct buf *b, const struct math *m, int i, enum style st, int sup)
{
	struct buf part = render(m, i, script_style(st));

	if (!part.oom && put_unicode_script(b, part.s, part.len, sup)) {
		free(part.s);
		return;
	}
	puts_(b, sup ? "^" : "_");
	put_maybe_parens(b, &part, !is_word(m, i));
	b->tail = 1;
}

static void pl_accent(struct buf *b, const struct math *m, const struct node *n, enum style st)
{
	const struct accent *ac = &accents[n->kid[1]];
	struct buf base = render(m, n->kid[0], st);

	if (base.oom || !one_char(base.s, base.len)) {
		puts_(b, ac->word);
		put_maybe_parens(b, &base, 1);
		return;
	}
	const char *at = base.len == 1 ? strchr(ac->letters, base.s[0]) : NULL;
	if (at)
		puts_(b, ac->composed[at - ac->letters]);
	else {
		put(b, base.s, base.len);
		puts_(b, ac->combining);
	}
	free(base.s);
}

static void pl_elem(struct buf *b, const struct math *m, int i, enum style st)
{
	const struct node *n = &m->n[i];

	switch (n->kind) {
	case N_ROW:
		pl_children(b, m, n->kid[0], st);
		break;
	case N_MI: case N_MN: case N_MO:
		if (n->plain)
			puts_(b, n->plain);
		else
			put(b, n->s, n->len);
		break;
	case N_TEXT: {
		for (size_t k = 0; k < n->len; k++) {
			char c = n->s[k];
			if (c == '\\')
				c = n->s[++k];
			else if (c == '{' || c == '}')
				continue;
			if (c == '\t' || c == '\n' || c == '\r' || c == ' ')
				b->pend += 1;
			else
				put(b, &c, 1);
		}
		break;
	}
	case N_SPACE:
		b->pend += spaces[n->kid[0]].plain;
		break;
	case N_FRAC: {
		struct buf num = render(m, n->kid[0], st), den = render(m, n->kid[1], st);
		int pn = loose(num.s, num.len) || has_operator(m, n->kid[0]);
		int pd = loose(den.s, den.len) || has_operator(m, n->kid[1]);
		put_maybe_parens(b, &num, pn);
		puts_(b, "/");
		put_maybe_parens(b, &den, pd);
		break;
	}
	case N_SQRT: {
		const struct node *a = &m->n[unwrap(m, n->kid[0])];
		puts_(b, "√");
		struct buf body = render(m, n->kid[0], st);
		put_maybe_parens(b, &body, (a->kind == N_ROW && !(a->flags & F_PRIMED)) ||
		                 a->kind == N_FRAC);
		break;
	}
	case N_ACCENT:
		pl_accent(b, m, n, st);
		break;
	case N_SCRIPT: {
		const struct node *a = &m->n[unwrap(m, n->kid[0])];
		struct buf base = render(m, n->kid[0], st);
		put_maybe_parens(b, &base, a->kind == N_FRAC || (a->kind == N_ROW &&
		                 !(a->flags & F_PRIMED) && a->kid[0] >= 0));
		if (n->kid[1] >= 0)
			pl_script(b, m, n->kid[1], st, 0);
		if (n->kid[2] >= 0)
			pl_script(b, m, n->kid[2], st, 1);
		break;
	}
	case N_FENCED:
		if (n->flags & F_MATRIX) {
			pl_elem(b, m, n->kid[1], st);
			break;
		}
		if (n->kid[0] >= 0)
			pl_elem(b, m, n->kid[0], st);
		pl_elem(b, m, n->kid[1], st);
		if (n->kid[2] >= 0)
			pl_elem(b, m, n->kid[2], st);
		break;
	case N_TABLE:
		puts_(b, "[");
		for (int r = n->kid[0]; r >= 0; r = m->n[r].next) {
			puts_(b, r == n->kid[0] ? "[" : ", [");
			for (int c = m->n[r].kid[0]; c >= 0; c = m->n[c].next) {
				if (c != m->n[r].kid[0])
					puts_(b, ", ");
				struct buf cell = render(m, c, TEXT);
				put_buf(b, &cell);
			}
			puts_(b, "]");
		}
		puts_(b, "]");
		break;
	}
}

int math_write_plain(FILE *fp, const struct math *m)
{
	struct buf b = render(m, 0, TEXT);

	if (b.oom) {
		free(b.s);
		errno = ENOMEM;
		return -1;
	}
	if (b.len)
		fwrite(b.s, 1, b.len, fp);
	free(b.s);
	return ferror(fp) ? -1 : 0;
}
