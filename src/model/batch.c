/* batch.c - shuffled mini-batches, each in ascending sample order. */
#include "model/batch.h"
#include "base/err.h"

#include <stdlib.h>
#include <string.h>

int batches_init(struct batches *bt, size_t n, size_t size, uint64_t seed)
{
	memset(bt, 0, sizeof *bt);
	bt->n = n;
	bt->size = size;
	bt->next = n;   /* the first call shuffles */
	rng_seed(&bt->rng, seed);
	bt->label = malloc(n * sizeof *bt->label);
	bt->order = malloc(n * sizeof *bt->order);
	bt->fill = malloc((n + size - 1) / size * sizeof *bt->fill);
	bt->x = malloc(size * sizeof *bt->x);
	bt->y = malloc(size * sizeof *bt->y);
	if (!bt->label || !bt->order || !bt->fill || !bt->x || !bt->y) {
		batches_free(bt);
		return nr_oom();
	}
	return NR_OK;
}

/* A new epoch: the labels in a uniformly random arrangement (Fisher-Yates:
 * from labels in order, place i swaps with a place drawn from 0..i, for
 * i = n-1 down to 1), then each sample, in index order, into the next
 * free place of its batch. Starting each epoch from the same arrangement
 * makes its batches depend on its own draws only. */
static void shuffle(struct batches *bt)
{
	/* Batch j: places start .. end-1, its first free place is start. */
	for (size_t j = 0, start = 0; start < bt->n; j++, start += bt->size) {
		size_t end = bt->n - start > bt->size ? start + bt->size : bt->n;
		for (size_t i = start; i < end; i++)
			bt->label[i] = j;
		bt->fill[j] = start;
	}
	for (size_t i = bt->n - 1; i > 0; i--) {
		size_t j = (size_t)rng_below(&bt->rng, (uint64_t)i + 1);
		size_t t = bt->label[i];
		bt->label[i] = bt->label[j];
		bt->label[j] = t;
	}
	for (size_t i = 0; i < bt->n; i++)
		bt->order[bt->fill[bt->label[i]]++] = i;
	bt->next = 0;
}

size_t batches_next(struct batches *bt, const struct dataset *d)
{
	if (bt->next >= bt->n)
		shuffle(bt);
	size_t m = bt->n - bt->next < bt->size ? bt->n - bt->next : bt->size;

	bt->idx = bt->order + bt->next;
	for (size_t j = 0; j < m; j++) {
		bt->x[j] = d->x[bt->idx[j]];
		bt->y[j] = d->y[bt->idx[j]];
	}
	bt->next += m;
	return m;
}

void batches_free(struct batches *bt)
{
	free(bt->label);
	free(bt->order);
	free(bt->fill);
	free(bt->x);
	free(bt->y);
	memset(bt, 0, sizeof *bt);
}
