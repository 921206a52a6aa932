/*
 * test_text.c - UTF-8 checking, counting and text_shown(), each compared
 * with a reference decoder written here another way: text.c decides by the
 * byte ranges of Unicode's Table 3-7, the reference decodes the bit patterns
 * of RFC 3629 first and then applies the rules to the value (shortest form,
 * no surrogate, at most U+10FFFF). Also the classic malformed sequences of
 * Markus Kuhn's UTF-8 decoder stress test, written out by hand.
 */
#include <CUnit/CUnit.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "suites.h"

/* The reference: length of the well-formed sequence at u[0..len), or 0. */
static size_t ref_next(const unsigned char *u, size_t len, uint32_t *cp)
{
	size_t n;
	uint32_t c, shortest;

	if (len == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xE0) == 0xC0) {        /* 110xxxxx */
		n = 2; c = u[0] & 0x1F; shortest = 0x80;
	} else if ((u[0] & 0xF0) == 0xE0) { /* 1110xxxx */
		n = 3; c = u[0] & 0x0F; shortest = 0x800;
	} else if ((u[0] & 0xF8) == 0xF0) { /* 11110xxx */
		n = 4; c = u[0] & 0x07; shortest = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80)      /* 10xxxxxx */
			return 0;
		c = c << 6 | (u[i] & 0x3F);
	}
	if (c < shortest || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
		return 0;
	*cp = c;
	return n;
}

/* What text_shown() must return, built with the reference decoder. */
static char *ref_shown(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, o = 0, chars = 0;
	char *t = malloc(len + 4);

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	for (; i < len && chars < 60; chars++) {
		uint32_t cp = 0;
		size_t n = ref_next(u + i, len - i, &cp);
		int control = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
		if (n == 0 || control) {
			t[o++] = '?';
			i += n ? n : 1;
		} else {
			while (n--)
				t[o++] = s[i++];
		}
	}
	strcpy(t + o, i < len ? "..." : "");
	return t;
}

static int same_next(const unsigned char *u, size_t len)
{
	uint32_t a = 0xFFFFFFFF, b = 0xFFFFFFFF;
	size_t n = text_utf8_next((const char *)u, len, &a);

	return n == ref_next(u, len, &b) && a == b;
}

/*
 * Every lead and second byte, with the third and fourth from the edges of
 * the ranges that matter (ASCII, 80, 8F/90, 9F/A0, BF, C0, FF), at every
 * length from 1 to 4: about 7 million sequences.
 */
static void test_the_decoder_agrees_with_the_reference_on_all_lead_and_second_bytes(void)
{
	static const unsigned char edge[] = { 0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF };
	const size_t ne = sizeof edge;
	unsigned long bad = 0;

	for (unsigned b0 = 0; b0 < 256; b0++)
		for (unsigned b1 = 0; b1 < 256; b1++)
			for (size_t i = 0; i < ne; i++)
				for (size_t j = 0; j < ne; j++) {
					unsigned char u[4] = { (unsigned char)b0, (unsigned char)b1, edge[i], edge[j] };
					bad += !same_next(u, 4);
					if (j == 0)
						bad += !same_next(u, 3);
					if (i == 0 && j == 0)
						bad += !same_next(u, 2) + !same_next(u, 1) + !same_next(u, 0);
				}
	CU_ASSERT_EQUAL(bad, 0);
}

/* Hand-written cases: the bounds of each range, on both sides. */
static const struct { const char *s; int valid; size_t chars; } cases[] = {
	{ "", 1, 0 },
	{ "plain ASCII", 1, 11 },
	{ "\x7F", 1, 1 },
	{ "\xC2\x80", 1, 1 },             /* U+0080, the smallest 2-byte */
	{ "\xDF\xBF", 1, 1 },             /* U+07FF */
	{ "\xE0\xA0\x80", 1, 1 },         /* U+0800 */
	{ "\xED\x9F\xBF", 1, 1 },         /* U+D7FF, below the surrogates */
	{ "\xEE\x80\x80", 1, 1 },         /* U+E000, above them */
	{ "\xEF\xBF\xBF", 1, 1 },         /* U+FFFF */
	{ "\xF0\x90\x80\x80", 1, 1 },     /* U+10000 */
	{ "\xF4\x8F\xBF\xBF", 1, 1 },     /* U+10FFFF, the last */
	{ "km \xC3\xA9t\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", 1, 10 },
	{ "\xC0\xAF", 0, 2 },             /* '/' overlong in 2 bytes */
	{ "\xC1\xBF", 0, 2 },             /* the largest overlong 2-byte */
	{ "\xE0\x80\xAF", 0, 3 },         /* '/' overlong in 3 bytes */
	{ "\xE0\x9F\xBF", 0, 3 },         /* U+07FF overlong */
	{ "\xF0\x80\x80\xAF", 0, 4 },     /* '/' overlong in 4 bytes */
	{ "\xF0\x8F\xBF\xBF", 0, 4 },     /* U+FFFF overlong */
	{ "\xED\xA0\x80", 0, 3 },         /* U+D800, first surrogate */
	{ "\xED\xBF\xBF", 0, 3 },         /* U+DFFF, last surrogate */
	{ "\xED\xA0\xBD\xED\xB2\xA9", 0, 6 }, /* a surrogate pair (CESU-8) */
	{ "\xF4\x90\x80\x80", 0, 4 },     /* U+110000 */
	{ "\xF5\x80\x80\x80", 0, 4 },     /* lead bytes F5..FF never occur */
	{ "\xFE", 0, 1 },
	{ "\xFF", 0, 1 },
	{ "\x80", 0, 1 },                 /* a lone continuation byte */
	{ "a\xBF" "b", 0, 3 },
	{ "\xE2\x82", 0, 2 },             /* euro sign cut after 2 bytes */
	{ "\xF0\x9F\x98", 0, 3 },         /* emoji cut after 3 bytes */
	{ "\xC3" "A", 0, 2 },             /* lead byte then ASCII */
	{ "x\xE2\x82\xAC\xE2\x82", 0, 4 },
};

static void test_known_sequences_are_valid_or_not_and_counted(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *s = cases[i].s;
		CU_ASSERT_EQUAL(text_utf8_valid(s, strlen(s)), cases[i].valid);
		CU_ASSERT_EQUAL(text_utf8_length(s), cases[i].chars);
	}
	/* A NUL byte is U+0000, valid inside counted text. */
	CU_ASSERT_EQUAL(text_utf8_valid("a\0b", 3), 1);
	/* The length bounds the check: a prefix of a valid text. */
	CU_ASSERT_EQUAL(text_utf8_valid("\xE2\x82\xAC", 2), 0);
	CU_ASSERT_EQUAL(text_utf8_valid("\xE2\x82\xAC", 3), 1);
}

static void test_control_characters_are_c0_del_and_c1(void)
{
	static const struct { uint32_t cp; int control; } c[] = {
		{ 0x00, 1 }, { 0x09, 1 }, { 0x0A, 1 }, { 0x1F, 1 }, { 0x20, 0 },
		{ 0x7E, 0 }, { 0x7F, 1 }, { 0x80, 1 }, { 0x9F, 1 }, { 0xA0, 0 },
		{ 0xE9, 0 }, { 0x2028, 0 }, { 0x10FFFF, 0 },
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
		CU_ASSERT_EQUAL(text_is_control(c[i].cp), c[i].control);
}

/* A deterministic byte source (Knuth's MMIX LCG), biased towards the bytes
 * UTF-8 is made of so that valid sequences are frequent too. */
static unsigned char next_byte(uint64_t *state)
{
	static const unsigned char pool[] = {
		'a', 'Z', ' ', '\n', '\t', 0x7F, 0x80, 0x85, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2,
		0xC3, 0xDF, 0xE0, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF,
	};
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	unsigned r = (unsigned)(*state >> 33);
	return r % 4 == 0 ? (unsigned char)(r >> 8) : pool[(r >> 8) % sizeof pool];
}

static void test_random_texts_agree_with_the_reference(void)
{
	uint64_t state = 1;
	unsigned long bad = 0;
	char s[200];

	for (int k = 0; k < 20000; k++) {
		size_t len = (size_t)(next_byte(&state) % 190);
		for (size_t i = 0; i < len; i++) {
			s[i] = (char)next_byte(&state);
			if (s[i] == '\0')
				s[i] = 'n';
		}
		s[len] = '\0';

		/* Walk with the reference: validity and count. */
		size_t chars = 0;
		int valid = 1;
		for (size_t i = 0; i < len; chars++) {
			uint32_t cp;
			size_t n = ref_next((const unsigned char *)s + i, len - i, &cp);
			valid &= n > 0;
			i += n ? n : 1;
		}
		bad += text_utf8_valid(s, len) != valid;
		bad += text_utf8_length(s) != chars;

		char *got = text_shown(s), *want = ref_shown(s);
		CU_ASSERT_PTR_NOT_NULL_FATAL(got);
		bad += strcmp(got, want) != 0;
		/* What it promises, whatever the input. */
		bad += !text_utf8_valid(got, strlen(got)) || text_utf8_length(got) > 63 ||
		       strpbrk(got, "\n\r\t\x7F") != NULL;
		free(got);
		free(want);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/* Repeats `unit` n times into a new string. */
static char *repeat(const char *unit, size_t n, const char *tail)
{
	size_t u = strlen(unit);
	char *s = malloc(u * n + strlen(tail) + 1);

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * u, unit, u);
	strcpy(s + u * n, tail);
	return s;
}

static void check_shown(const char *s, const char *want)
{
	char *got = text_shown(s);

	CU_ASSERT_PTR_NOT_NULL_FATAL(got);
	CU_ASSERT_STRING_EQUAL(got, want);
	free(got);
}

static void check_path(const char *s, const char *want)
{
	char *got = text_shown_path(s);

	CU_ASSERT_PTR_NOT_NULL_FATAL(got);
	CU_ASSERT_STRING_EQUAL(got, want);
	free(got);
}

static void test_shown_text_keeps_60_characters_and_marks_the_cut(void)
{
	char *a60 = repeat("a", 60, ""), *a61 = repeat("a", 61, "");
	char *e60 = repeat("\xC3\xA9", 60, ""), *e61 = repeat("\xC3\xA9", 61, "");
	char *a60dots = repeat("a", 60, "..."), *e60dots = repeat("\xC3\xA9", 60, "...");
	char *a59euro = repeat("a", 59, "\xE2\x82\xAC\xE2\x82\xAC");
	char *a59euro_cut = repeat("a", 59, "\xE2\x82\xAC...");
	char *huge = repeat("\xF0\x9F\x98\x80", 100000, "");
	char *huge_cut = repeat("\xF0\x9F\x98\x80", 60, "...");

	check_shown("", "");
	check_shown("abc", "abc");
	check_shown(a60, a60);          /* exactly the limit: whole */
	check_shown(a61, a60dots);      /* one more: cut */
	check_shown(e60, e60);          /* counted in characters, not bytes */
	check_shown(e61, e60dots);
	check_shown(a59euro, a59euro_cut);   /* never inside a character */
	check_shown(huge, huge_cut);
	free(a60); free(a61); free(e60); free(e61); free(a60dots); free(e60dots);
	free(a59euro); free(a59euro_cut); free(huge); free(huge_cut);
}

static void test_shown_text_replaces_controls_and_invalid_bytes_with_question_marks(void)
{
	check_shown("a\nb\tc\rd\x7F" "e\x1B[31m", "a?b?c?d?e?[31m");
	check_shown("\xC2\x85next line", "?next line");       /* C1 NEL */
	check_shown("\xC2\x9B" "2J", "?2J");                  /* C1 CSI */
	check_shown("\xFF\xFE" "x", "??x");
	check_shown("\xE2\x82", "??");                        /* truncated */
	check_shown("\xED\xA0\x80", "???");                   /* surrogate */
	check_shown("\xC0\xAF", "??");                        /* overlong */
	check_shown("\xC2\xA0\xE2\x80\xA8", "\xC2\xA0\xE2\x80\xA8");  /* NBSP, U+2028 */
	check_shown("caf\xC3\xA9", "caf\xC3\xA9");
}

/*
 * A path is cut at its start instead: its last 60 characters stay, with the
 * same replacements. The expectation: skip characters with the reference
 * decoder, then ref_shown() of the rest, after "...".
 */
static void test_a_shown_path_keeps_its_last_60_characters(void)
{
	char *t60 = repeat("x", 60, ""), *t61 = repeat("x", 61, "");
	char *want61 = malloc(64);
	char *accents = repeat("/d\xC3\xA9", 20, "/f.csv");   /* 66 characters */
	const char *paths[] = {
		"", "short/name.csv", t60, t61, accents,
		"/tmp/\n\x1B[2J\xFF/0123456789012345678901234567890123456789012345678901234567890123.csv",
	};

	for (size_t k = 0; k < sizeof paths / sizeof paths[0]; k++) {
		const char *s = paths[k];
		size_t chars = text_utf8_length(s), len = strlen(s), i = 0;
		for (size_t skip = chars > 60 ? chars - 60 : 0; skip > 0; skip--) {
			uint32_t cp;
			size_t n = ref_next((const unsigned char *)s + i, len - i, &cp);
			i += n ? n : 1;
		}
		char *tail = ref_shown(s + i), *want = malloc(strlen(tail) + 4);
		CU_ASSERT_PTR_NOT_NULL_FATAL(want);
		strcpy(want, chars > 60 ? "..." : "");
		strcat(want, tail);
		check_path(s, want);
		free(want);
		free(tail);
	}
	/* The same by hand, for the bound on both sides and a line break. */
	check_path(t60, t60);
	CU_ASSERT_PTR_NOT_NULL_FATAL(want61);
	strcpy(want61, "...");
	strcat(want61, t60);
	check_path(t61, want61);
	check_path("/tmp/a\nb.csv", "/tmp/a?b.csv");
	free(t60); free(t61); free(want61); free(accents);
}

int suite_text(void)
{
	CU_pSuite s = CU_add_suite("text", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_the_decoder_agrees_with_the_reference_on_all_lead_and_second_bytes);
	CU_ADD_TEST(s, test_known_sequences_are_valid_or_not_and_counted);
	CU_ADD_TEST(s, test_control_characters_are_c0_del_and_c1);
	CU_ADD_TEST(s, test_random_texts_agree_with_the_reference);
	CU_ADD_TEST(s, test_shown_text_keeps_60_characters_and_marks_the_cut);
	CU_ADD_TEST(s, test_shown_text_replaces_controls_and_invalid_bytes_with_question_marks);
	CU_ADD_TEST(s, test_a_shown_path_keeps_its_last_60_characters);
	return CU_get_error();
}
