/*
 * hash.h - a 64-bit fingerprint of bytes, for telling whether a file or a
 * figure's recipe changed since the last run (not for security: nobody
 * gains anything by forging one).
 *
 * Words of 8 bytes are mixed in one at a time (xor, multiply by an odd
 * constant, fold the high half down), so hashing runs at several GB/s; the
 * length is mixed in at the end, so "ab" + "c" and "a" + "bc" hash alike
 * only when fed the same bytes in the same order. Fingerprints are the same
 * for the same bytes on every run of the same build; they are stored only
 * in this machine's output directories.
 */
#ifndef NR_HASH_H
#define NR_HASH_H

#include <stddef.h>
#include <stdint.h>

struct hash {
	uint64_t h;
	uint64_t len;        /* bytes fed */
	unsigned char tail[8];
	size_t ntail;
};

void hash_init(struct hash *s);
void hash_bytes(struct hash *s, const void *p, size_t n);
/* A string and its terminating NUL, so that consecutive strings stay apart. */
void hash_str(struct hash *s, const char *str);
uint64_t hash_final(const struct hash *s);

/*
 * Feeds the contents of the file at path into s and sets *size to its
 * length. Returns 0, or an errno value when it cannot be read.
 */
int hash_file(struct hash *s, const char *path, uint64_t *size);

#endif
