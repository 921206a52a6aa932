/*
 * text.h - user text in UTF-8: checking it, counting it, and showing it
 * safely inside a one-line message.
 *
 * Well-formed UTF-8 is as RFC 3629 defines it (Unicode's Table 3-7): no
 * overlong forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF,
 * no truncated sequence. A byte that does not start a well-formed sequence
 * counts as one character of its own wherever text is counted or shown, so
 * the functions agree with each other on any bytes at all.
 *
 * text_shown() is for every message that quotes what a user typed or wrote
 * (option values, header names, data fields), text_shown_path() for file
 * names: the result is short, one line, and valid UTF-8 whatever the input
 * was.
 */
#ifndef NR_TEXT_H
#define NR_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* At most this many characters (code points) of user text in a message. */
#define TEXT_SHOWN_MAX 60

/*
 * The length in bytes (1 to 4) of the well-formed UTF-8 sequence at the
 * start of s[0..len), and its code point in *cp; 0 when s does not start
 * with one (len == 0 included; *cp is then unchanged).
 */
size_t text_utf8_next(const char *s, size_t len, uint32_t *cp);

/* 1 when s[0..len) is well-formed UTF-8 (the empty text is), else 0. */
int text_utf8_valid(const char *s, size_t len);

/*
 * The number of characters in the NUL-terminated s: code points, with each
 * byte that does not start a well-formed sequence counted as one.
 */
size_t text_utf8_length(const char *s);

/*
 * 1 for a control character: C0 (U+0000..U+001F), DEL (U+007F) and C1
 * (U+0080..U+009F), which a terminal may act on rather than show.
 */
int text_is_control(uint32_t cp);

/*
 * A copy of s fit for a one-line message, newly allocated (the caller frees
 * it), or NULL when out of memory: at most TEXT_SHOWN_MAX characters,
 * followed by "..." when s has more, cut between two characters; a control
 * character and each byte that does not start a well-formed sequence become
 * '?'. The result is well-formed UTF-8 without control characters.
 */
char *text_shown(const char *s);

/*
 * text_shown() for a file name: when longer than TEXT_SHOWN_MAX characters
 * it keeps the last ones after "...", since the end names the file
 * ("...s/2024/run-17/measurements.csv"). Newly allocated, NULL when out of
 * memory.
 */
char *text_shown_path(const char *path);

#endif
