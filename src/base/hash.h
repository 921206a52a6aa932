/*
 * hash.h - a 64-bit fingerprint of bytes, for telling whether a file or a
 * figure's recipe changed since the last run (not for security: nobody
 * gains anything by forging one).
 *
 * Words of 8 bytes are mixed in (xor, multiply by an odd constant, fold
 * the high half down) by four chains side by side, word j of every 32-byte
 * block by chain j, so the processor runs the four at once and hashing
 * takes well under a cycle per byte. The end folds the chains, the bytes
 * left over and the length into one, so "ab" + "c" and "a" + "bc" hash
 * alike, and only the same bytes in the same order do. Fingerprints are the same
 * for the same bytes on every run of the same build; they are stored only
 * in this machine's output directories.
 */
#ifndef NR_HASH_H
#define NR_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_BLOCK 32

struct hash {
	uint64_t h[HASH_BLOCK / 8];      /* the chains */
	uint64_t len;                    /* bytes fed */
	unsigned char tail[HASH_BLOCK];  /* the start of an unfinished block */
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
