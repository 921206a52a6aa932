/* text.c - UTF-8 checking, counting and safe quoting of user text. */
#include "base/text.h"

#include <stdlib.h>
#include <string.h>

size_t text_utf8_next(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	/* The lead byte gives the length and the range of the second byte
	 * (Unicode Table 3-7): E0 and F0 exclude overlong forms, ED the
	 * surrogates, F4 everything above U+10FFFF. Later bytes are 80..BF. */
	unsigned char lo = 0x80, hi = 0xBF;
	size_t n;
	uint32_t c;

	if (len == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		n = 2;
		c = u[0] & 0x1F;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		n = 3;
		c = u[0] & 0x0F;
		if (u[0] == 0xE0)
			lo = 0xA0;
		if (u[0] == 0xED)
			hi = 0x9F;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		n = 4;
		c = u[0] & 0x07;
		if (u[0] == 0xF0)
			lo = 0x90;
		if (u[0] == 0xF4)
			hi = 0x8F;
	} else {
		return 0;   /* 80..C1 (continuation, overlong lead) or F5..FF */
	}
	if (len < n || u[1] < lo || u[1] > hi)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if (i > 1 && (u[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (u[i] & 0x3F);
	}
	*cp = c;
	return n;
}

int text_utf8_valid(const char *s, size_t len)
{
	uint32_t cp;

	for (size_t i = 0, n; i < len; i += n)
		if ((n = text_utf8_next(s + i, len - i, &cp)) == 0)
			return 0;
	return 1;
}

size_t text_utf8_length(const char *s)
{
	size_t len = strlen(s), count = 0;
	uint32_t cp;

	for (size_t i = 0; i < len; count++) {
		size_t n = text_utf8_next(s + i, len - i, &cp);
		i += n ? n : 1;   /* a stray byte is a character of its own */
	}
	return count;
}

int text_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

char *text_shown(const char *s)
{
	size_t len = strlen(s), i = 0, o = 0, count = 0;
	/* Each character shown takes at most as many bytes as it had. */
	char *t = malloc((len < 4 * TEXT_SHOWN_MAX ? len : 4 * TEXT_SHOWN_MAX) + 4);

	if (!t)
		return NULL;
	while (i < len && count < TEXT_SHOWN_MAX) {
		uint32_t cp;
		size_t n = text_utf8_next(s + i, len - i, &cp);
		if (n == 0 || text_is_control(cp)) {
			t[o++] = '?';
			n = n ? n : 1;
		} else {
			memcpy(t + o, s + i, n);
			o += n;
		}
		i += n;
		count++;
	}
	if (i < len) {
		memcpy(t + o, "...", 3);
		o += 3;
	}
	t[o] = '\0';
	return t;
}

char *text_shown_path(const char *path)
{
	size_t len = strlen(path), chars = text_utf8_length(path), i = 0;
	uint32_t cp;

	if (chars <= TEXT_SHOWN_MAX)
		return text_shown(path);
	for (size_t skip = chars - TEXT_SHOWN_MAX; skip > 0; skip--) {
		size_t n = text_utf8_next(path + i, len - i, &cp);
		i += n ? n : 1;
	}
	char *tail = text_shown(path + i);   /* TEXT_SHOWN_MAX characters: whole */
	char *t = tail ? malloc(strlen(tail) + 4) : NULL;
	if (t) {
		memcpy(t, "...", 3);
		strcpy(t + 3, tail);
	}
	free(tail);
	return t;
}
