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
	s->h = 0x6e6575726f6e2121u;   /* "neuron!!" */
}

void hash_bytes(struct hash *s, const void *p, size_t n)
{
	const unsigned char *b = p;

	s->len += n;
	if (s->ntail) {
		size_t take = 8 - s->ntail < n ? 8 - s->ntail : n;
		memcpy(s->tail + s->ntail, b, take);
		s->ntail += take;
		b += take;
		n -= take;
		if (s->ntail < 8)
			return;
		s->h = mix(s->h, load64(s->tail));
		s->ntail = 0;
	}
	for (; n >= 8; b += 8, n -= 8)
		s->h = mix(s->h, load64(b));
	memcpy(s->tail, b, n);
	s->ntail = n;
}

void hash_str(struct hash *s, const char *str)
{
	hash_bytes(s, str, strlen(str) + 1);
}

uint64_t hash_final(const struct hash *s)
{
	unsigned char last[8] = { 0 };
	uint64_t h = s->h;

	memcpy(last, s->tail, s->ntail);
	h = mix(h, load64(last));
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
