/* quote.c - text made literal for the shell, gnuplot and LaTeX. */
#include "base/quote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* s between single quotes, each quote inside written as `escape`. */
static char *single_quoted(const char *s, const char *escape)
{
	size_t quotes = 0, elen = strlen(escape);

	for (const char *p = s; *p; p++)
		quotes += *p == '\'';
	char *q = malloc(strlen(s) + quotes * (elen - 1) + 3);
	if (!q)
		return NULL;
	char *o = q;
	*o++ = '\'';
	for (const char *p = s; *p; p++) {
		if (*p == '\'') {
			memcpy(o, escape, elen);
			o += elen;
		} else {
			*o++ = *p;
		}
	}
	*o++ = '\'';
	*o = '\0';
	return q;
}

char *quote_shell(const char *s)
{
	return single_quoted(s, "'\\''");
}

int quote_has_break(const char *s)
{
	return strpbrk(s, "\n\r") != NULL;
}

char *quote_gnuplot(const char *s)
{
	return quote_has_break(s) ? NULL : single_quoted(s, "''");
}

char *quote_shell_word(const char *s)
{
	static const char plain[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                            "0123456789-_./,:=+@%";

	if (*s && s[strspn(s, plain)] == '\0')
		return strdup(s);
	return quote_shell(s);
}

/* ---- LaTeX ------------------------------------------------------------------ */

/* Symbols outside ASCII that OT1 text can show, as TeX: what a figure label
 * or a sentence of the program may hold (°C, ×, →, ∂L/∂w, η, λₘₐₓ, 10⁻⁵).
 * Sorted by code point. */
static const struct { unsigned cp; const char *tex; } tex_symbols[] = {
	{ 0x00A0, "~" },
	{ 0x00B0, "\\ensuremath{^\\circ}" }, { 0x00B1, "\\ensuremath{\\pm}" },
	{ 0x00B2, "\\textsuperscript{2}" }, { 0x00B3, "\\textsuperscript{3}" },
	{ 0x00B5, "\\ensuremath{\\mu}" }, { 0x00B7, "\\ensuremath{\\cdot}" },
	{ 0x00B9, "\\textsuperscript{1}" }, { 0x00D7, "\\ensuremath{\\times}" },
	{ 0x00F7, "\\ensuremath{\\div}" }, { 0x0177, "\\^y" },
	{ 0x0393, "\\ensuremath{\\Gamma}" }, { 0x0394, "\\ensuremath{\\Delta}" },
	{ 0x0398, "\\ensuremath{\\Theta}" }, { 0x039B, "\\ensuremath{\\Lambda}" },
	{ 0x039E, "\\ensuremath{\\Xi}" }, { 0x03A0, "\\ensuremath{\\Pi}" },
	{ 0x03A3, "\\ensuremath{\\Sigma}" }, { 0x03A5, "\\ensuremath{\\Upsilon}" },
	{ 0x03A6, "\\ensuremath{\\Phi}" }, { 0x03A8, "\\ensuremath{\\Psi}" },
	{ 0x03A9, "\\ensuremath{\\Omega}" },
	{ 0x03B1, "\\ensuremath{\\alpha}" }, { 0x03B2, "\\ensuremath{\\beta}" },
	{ 0x03B3, "\\ensuremath{\\gamma}" }, { 0x03B4, "\\ensuremath{\\delta}" },
	{ 0x03B5, "\\ensuremath{\\varepsilon}" }, { 0x03B6, "\\ensuremath{\\zeta}" },
	{ 0x03B7, "\\ensuremath{\\eta}" }, { 0x03B8, "\\ensuremath{\\theta}" },
	{ 0x03B9, "\\ensuremath{\\iota}" }, { 0x03BA, "\\ensuremath{\\kappa}" },
	{ 0x03BB, "\\ensuremath{\\lambda}" }, { 0x03BC, "\\ensuremath{\\mu}" },
	{ 0x03BD, "\\ensuremath{\\nu}" }, { 0x03BE, "\\ensuremath{\\xi}" },
	{ 0x03BF, "o" }, { 0x03C0, "\\ensuremath{\\pi}" },
	{ 0x03C1, "\\ensuremath{\\rho}" }, { 0x03C2, "\\ensuremath{\\varsigma}" },
	{ 0x03C3, "\\ensuremath{\\sigma}" }, { 0x03C4, "\\ensuremath{\\tau}" },
	{ 0x03C5, "\\ensuremath{\\upsilon}" }, { 0x03C6, "\\ensuremath{\\varphi}" },
	{ 0x03C7, "\\ensuremath{\\chi}" }, { 0x03C8, "\\ensuremath{\\psi}" },
	{ 0x03C9, "\\ensuremath{\\omega}" },
	{ 0x1D62, "\\textsubscript{i}" },
	{ 0x2013, "--" }, { 0x2014, "---" }, { 0x2018, "`" }, { 0x2019, "'" },
	{ 0x201C, "``" }, { 0x201D, "''" }, { 0x2022, "\\ensuremath{\\bullet}" },
	{ 0x2026, "\\ldots{}" }, { 0x2032, "\\ensuremath{'}" },
	{ 0x2070, "\\textsuperscript{0}" }, { 0x2071, "\\textsuperscript{i}" },
	{ 0x2074, "\\textsuperscript{4}" }, { 0x2075, "\\textsuperscript{5}" },
	{ 0x2076, "\\textsuperscript{6}" }, { 0x2077, "\\textsuperscript{7}" },
	{ 0x2078, "\\textsuperscript{8}" }, { 0x2079, "\\textsuperscript{9}" },
	{ 0x207A, "\\textsuperscript{+}" }, { 0x207B, "\\textsuperscript{\\ensuremath{-}}" },
	{ 0x2080, "\\textsubscript{0}" }, { 0x2081, "\\textsubscript{1}" },
	{ 0x2082, "\\textsubscript{2}" }, { 0x2083, "\\textsubscript{3}" },
	{ 0x2084, "\\textsubscript{4}" }, { 0x2085, "\\textsubscript{5}" },
	{ 0x2086, "\\textsubscript{6}" }, { 0x2087, "\\textsubscript{7}" },
	{ 0x2088, "\\textsubscript{8}" }, { 0x2089, "\\textsubscript{9}" },
	{ 0x2090, "\\textsubscript{a}" }, { 0x2091, "\\textsubscript{e}" },
	{ 0x2092, "\\textsubscript{o}" }, { 0x2093, "\\textsubscript{x}" },
	{ 0x2098, "\\textsubscript{m}" }, { 0x2099, "\\textsubscript{n}" },
	{ 0x2190, "\\ensuremath{\\leftarrow}" }, { 0x2192, "\\ensuremath{\\rightarrow}" },
	{ 0x21D2, "\\ensuremath{\\Rightarrow}" }, { 0x2202, "\\ensuremath{\\partial}" },
	{ 0x2207, "\\ensuremath{\\nabla}" }, { 0x2208, "\\ensuremath{\\in}" },
	{ 0x2211, "\\ensuremath{\\sum}" }, { 0x2212, "\\ensuremath{-}" },
	{ 0x2213, "\\ensuremath{\\mp}" }, { 0x2217, "\\ensuremath{*}" },
	{ 0x221A, "\\ensuremath{\\surd}" }, { 0x221D, "\\ensuremath{\\propto}" },
	{ 0x221E, "\\ensuremath{\\infty}" }, { 0x223C, "\\ensuremath{\\sim}" },
	{ 0x2248, "\\ensuremath{\\approx}" }, { 0x2260, "\\ensuremath{\\neq}" },
	{ 0x2261, "\\ensuremath{\\equiv}" }, { 0x2264, "\\ensuremath{\\leq}" },
	{ 0x2265, "\\ensuremath{\\geq}" }, { 0x226A, "\\ensuremath{\\ll}" },
	{ 0x226B, "\\ensuremath{\\gg}" }, { 0x22C5, "\\ensuremath{\\cdot}" },
	{ 0x22EF, "\\ensuremath{\\cdots}" },
};

/* The code point of the UTF-8 sequence at s (at most n bytes), its length
 * in *len; -1 for a malformed, overlong or surrogate sequence (*len 1). */
static long utf8_next(const unsigned char *s, size_t n, size_t *len)
{
	static const unsigned char lead_bits[] = { 0x1F, 0x0F, 0x07 };
	static const long min[] = { 0x80, 0x800, 0x10000 };
	size_t k = s[0] >= 0xF0 && s[0] < 0xF5 ? 3 : s[0] >= 0xE0 && s[0] < 0xF0 ? 2 :
	           s[0] >= 0xC2 && s[0] < 0xE0 ? 1 : 0;
	long cp;

	*len = 1;
	if (k == 0 || k >= n)
		return -1;
	cp = s[0] & lead_bits[k - 1];
	for (size_t i = 1; i <= k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if (cp < min[k - 1] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*len = k + 1;
	return cp;
}

/* The TeX of one code point outside ASCII, or NULL for one OT1 text
 * cannot show. Latin-1 letters are left to LaTeX's utf8 input, except
 * the few whose glyphs live only in T1 fonts (Ð ð Þ þ). */
static const char *tex_symbol(long cp)
{
	size_t lo = 0, hi = sizeof tex_symbols / sizeof tex_symbols[0];

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (tex_symbols[mid].cp == (unsigned)cp)
			return tex_symbols[mid].tex;
		if (tex_symbols[mid].cp < (unsigned)cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (cp >= 0xC0 && cp <= 0xFF && cp != 0xD0 && cp != 0xDE && cp != 0xF0 && cp != 0xFE)
		return "";   /* the bytes themselves */
	return NULL;
}

/* One ASCII character in text mode, or NULL when it stands for itself.
 * OT1's roman fonts have no _ ^ ~ " of their own (LaTeX draws \_ as a
 * rule, and its accents are raised): those come from the typewriter font,
 * so that they read, and copy out of a PDF, as the characters they are. */
static const char *tex_ascii(char c)
{
	switch (c) {
	case '\\': return "\\textbackslash{}";
	case '{':  return "\\{";
	case '}':  return "\\}";
	case '#':  return "\\#";
	case '%':  return "\\%";
	case '&':  return "\\&";
	case '_':  return "{\\ttfamily\\char95}";
	case '$':  return "\\ensuremath{\\$}";   /* \textdollar is a T1 glyph */
	case '^':  return "{\\ttfamily\\char94}";
	case '~':  return "{\\ttfamily\\char126}";
	case '<':  return "\\textless{}";
	case '>':  return "\\textgreater{}";
	case '|':  return "\\textbar{}";
	case '"':  return "{\\ttfamily\\char34}";
	default:   return NULL;
	}
}

void quote_tex_write(FILE *fp, const char *s, size_t n, int tt)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		unsigned char c = u[i];
		if (c >= 0x80) {
			size_t k;
			long cp = utf8_next(u + i, n - i, &k);
			const char *t = cp < 0 ? NULL : tex_symbol(cp);
			if (!t)
				putc('?', fp);
			else if (!*t)
				fwrite(u + i, 1, k, fp);
			else
				fputs(t, fp);
			i += k;
			continue;
		}
		i++;
		if (c == '\n' || c == '\r' || c == '\t') {
			putc(' ', fp);
		} else if (c < 0x20 || c == 0x7F) {
			continue;
		} else if (tt) {
			/* cmtt has every ASCII glyph at its code, except the quotes,
			 * which sit at 13 and 18. */
			if (c == '\'' || c == '`')
				fprintf(fp, "\\char%d{}", c == '\'' ? 13 : 18);
			else if (strchr("\\{}#%&_$^~<>|\"", c))
				fprintf(fp, "\\char%d{}", c);
			else
				putc(c, fp);
			if (c == '/')
				fputs("\\discretionary{}{}{}", fp);
		} else {
			const char *t = tex_ascii((char)c);
			if (t)
				fputs(t, fp);
			else
				putc(c, fp);
			/* -- and --- are dashes, `` and '' quotes, !` and ?` inverted
			 * marks: a brace between keeps the characters apart. */
			if (i < n && ((c == '-' && u[i] == '-') || (c == '`' && u[i] == '`') ||
			              (c == '\'' && u[i] == '\'') ||
			              ((c == '!' || c == '?') && u[i] == '`')))
				fputs("{}", fp);
		}
	}
}

char *quote_tex(const char *s, size_t n, int tt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (!fp)
		return NULL;
	quote_tex_write(fp, s, n, tt);
	if (fclose(fp) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}
