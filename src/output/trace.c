/* trace.c - per-iteration and prediction CSVs. */
#include "output/trace.h"
#include "base/csvio.h"
#include "base/err.h"
#include "model/neuron.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Called right after the failing write, so errno still says why. */
static int write_failed(const char *name)
{
	int e = errno ? errno : EIO;

	return nr_error(NR_EIO, "cannot write %s: %s (free some space or choose another --out)",
	                name, strerror(e));
}

int trace_begin(struct trace_writer *t, FILE *fp, long long every)
{
	static const char *const header[] = {
		"iteration", "loss", "weight", "bias", "dweight", "dbias"
	};

	t->fp = fp;
	t->every = every;
	t->next = 0;
	errno = 0;
	return csv_put_row(fp, header, 6) ? write_failed("trace.csv") : NR_OK;
}

/* The first iteration after k that the schedule keeps. */
static long long next_kept(const struct trace_writer *t, long long k)
{
	if (t->every > 0)
		return (k / t->every + 1) * t->every;
	if (k < TRACE_DENSE)
		return k + 1;
	/* Log-spaced: k_j = TRACE_DENSE * 10^(j / TRACE_PER_DECADE), the first
	 * one past k (the loop absorbs rounding in log10 and llround). */
	double j = floor(TRACE_PER_DECADE * log10((double)k / TRACE_DENSE));
	long long next;
	do {
		j++;
		next = llround(TRACE_DENSE * pow(10, j / TRACE_PER_DECADE));
	} while (next <= k);
	return next;
}

int trace_observe(void *trace_writer, const struct train_state *s, int final)
{
	struct trace_writer *t = trace_writer;
	char it[CSV_NUM_SIZE], v[5][CSV_NUM_SIZE];

	if (s->k < t->next && !final)
		return NR_OK;
	t->next = next_kept(t, s->k);
	snprintf(it, sizeof it, "%lld", s->k);
	const char *row[] = {
		it, csv_num(v[0], s->loss), csv_num(v[1], s->w),
		csv_num(v[2], s->b), csv_num(v[3], s->dw), csv_num(v[4], s->db)
	};
	errno = 0;
	return csv_put_row(t->fp, row, 6) ? write_failed("trace.csv") : NR_OK;
}

int predictions_write(FILE *fp, const struct dataset *d, double w0, double b0,
                      double w, double b)
{
	static const char *const header[] = { "celsius", "actual", "before", "after" };
	char v[4][CSV_NUM_SIZE];
	double before, after;

	errno = 0;
	if (csv_put_row(fp, header, 4))
		return write_failed("predictions.csv");
	for (size_t i = 0; i < d->n; i++) {
		neuron_forward(1, &d->x[i], w0, b0, &before);
		neuron_forward(1, &d->x[i], w, b, &after);
		const char *row[] = {
			csv_num(v[0], d->x[i]), csv_num(v[1], d->y[i]),
			csv_num(v[2], before), csv_num(v[3], after)
		};
		if (csv_put_row(fp, row, 4))
			return write_failed("predictions.csv");
	}
	return NR_OK;
}
