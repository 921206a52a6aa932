/*
 * batch.h - mini-batches: the samples in a fresh random order every epoch,
 * cut into batches of `size`, each handed over as contiguous copies of its
 * samples in ascending index order.
 *
 * An epoch is one pass over the n samples: ceil(n / size) batches, the
 * last one smaller when size does not divide n, so every sample is used
 * once per epoch. The order is a uniformly random permutation drawn with
 * the program's own generator (rng.h, Fisher-Yates), so a seed names one
 * sequence of batches on every machine.
 *
 * Why ascending order: the gradient of a batch is the same fused pass as
 * the full data's (neuron_loss_grad with n = the batch's size), and its
 * sums depend on the order of their terms. With the samples of each batch
 * in the data's own order, a batch holding every sample is the data set
 * itself, bit for bit. Sorting costs nothing extra here: the epoch is
 * drawn as a shuffle of batch labels (`size` samples get label 0, the
 * next `size` label 1, ...; a uniformly random arrangement of them is a
 * uniformly random partition into batches), and one counting pass over the
 * samples in index order drops each into its batch, so each batch fills
 * up in ascending order: O(n) per epoch, no comparisons, no divisions.
 *
 * Memory: 2n + ceil(n / size) indices and 2 size doubles, owned by the
 * struct; batches_free() releases them and is safe on a zeroed struct.
 */
#ifndef NR_BATCH_H
#define NR_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "model/data.h"
#include "model/rng.h"

struct batches {
	size_t n, size;     /* samples; samples per batch, 1 <= size <= n */
	struct rng rng;
	size_t *label;      /* label[i]: sample i's batch in this epoch */
	size_t *order;      /* the epoch's samples, batch after batch,
	                       each batch in ascending index order */
	size_t *fill;       /* while sorting: the next free place per batch */
	size_t next;        /* where the next batch starts in `order`; n:
	                       the epoch is over, shuffle first */
	const size_t *idx;  /* the current batch's sample indices (ascending) */
	double *x, *y;      /* and copies of its samples */
};

/*
 * Prepares batches of `size` (1 <= size <= n) out of n samples, drawn
 * from the stream `seed`. Returns NR_OK, or NR_ENOMEM with its message
 * (`bt` then holds nothing to free).
 */
int batches_init(struct batches *bt, size_t n, size_t size, uint64_t seed);

/*
 * The next batch of `d` (which has bt->n samples): shuffles at the start
 * of each epoch, sets bt->idx, bt->x and bt->y (valid until the next
 * call) and returns the batch's size.
 */
size_t batches_next(struct batches *bt, const struct dataset *d);

void batches_free(struct batches *bt);

#endif
