/* hash.c - a fast 64-bit fingerprint of bytes and files. */
#include "base/hash.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#define MIX 0x9e3779b97f4a7c15u   /* 2^64 / golden ratio, odd */

static uint64_t mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * MIX;
	return h ^ (h >> 32);
}

static uint64_t load64(const unsigned char *p)
{
	uint64_t w;
	memcpy(&w, p, 8);
	return w;
}

void hash_init(struct hash *s)
{
	memset(s, 0, sizeof *s);
	for (size_t j = 0; j < HASH_BLOCK / 8; j++)
		s->h[j] = 0x6e6575726f6e2121u + j;   /* "neuron!!", one per chain */
}

/* Word j of a block into chain j. */
static void block(struct hash *s, const unsigned char *p)
{
	for (size_t j = 0; j < HASH_BLOCK / 8; j++)
		s->h[j] = mix(s->h[j], load64(p + 8 * j));
}

void hash_bytes(struct hash *s, const void *p, size_t n)
{
	const unsigned char *b = p;

	s->len += n;
	if (s->ntail) {
		size_t take = HASH_BLOCK - s->ntail < n ? HASH_BLOCK - s->ntail : n;
		memcpy(s->tail + s->ntail, b, take);
		s->ntail += take;
		b += take;
		n -= take;
		if (s->ntail < HASH_BLOCK)
			return;
		block(s, s->tail);
		s->ntail = 0;
	}
	for (; n >= HASH_BLOCK; b += HASH_BLOCK, n -= HASH_BLOCK)
		block(s, b);
	memcpy(s->tail, b, n);
	s->ntail = n;
}

void hash_str(struct hash *s, const char *str)
{
	hash_bytes(s, str, strlen(str) + 1);
}

uint64_t hash_final(const struct hash *s)
{
	unsigned char last[HASH_BLOCK] = { 0 };
	uint64_t h = s->h[0];

	for (size_t j = 1; j < HASH_BLOCK / 8; j++)
		h = mix(h, s->h[j]);
	memcpy(last, s->tail, s->ntail);
	for (size_t j = 0; j < HASH_BLOCK / 8; j++)
		h = mix(h, load64(last + 8 * j));
	h = mix(h, s->len);
	return mix(h, MIX);
}

int hash_file(struct hash *s, const char *path, uint64_t *size)
{
	unsigned char buf[1 << 16];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	uint64_t total = 0;

	if (fd < 0)
		return errno;
	for (;;) {
		ssize_t got = read(fd, buf, sizeof buf);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			return e;
		}
		if (got == 0)
			break;
		hash_bytes(s, buf, (size_t)got);
		total += (uint64_t)got;
	}
	close(fd);
	*size = total;
	return 0;
}
