/* progress.c - the progress line of long runs (see progress.h). */
#include "output/progress.h"
#include "base/err.h"

#include <time.h>

double progress_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

void progress_begin(struct progress *p, FILE *fp, long long total, size_t n)
{
	/* 2^20 sample-updates take about a millisecond. */
	long long stride = n ? (long long)((1UL << 20) / n) : 1;

	p->fp = fp;
	p->total = total;
	p->stride = stride > 0 ? stride : 1;
	p->next = p->stride;
	p->start = p->last = fp ? progress_now() : 0;
	p->shown = 0;
}

void progress_at(struct progress *p, long long k, int final, double now)
{
	if (!p->fp)
		return;
	if (final) {
		progress_end(p);
		return;
	}
	if (now - p->start < PROGRESS_DELAY || (p->shown && now - p->last < 1.0 / PROGRESS_RATE))
		return;
	int pct = p->total > 0 ? (int)(100.0 * (double)k / (double)p->total) : 100;
	/* \r returns to the start of the line; the text only grows, and
	 * progress_end erases it with ESC [K. */
	fprintf(p->fp, "\rneuron: training %3d%% (%lld of %lld iterations)",
	        pct, k, p->total);
	fflush(p->fp);
	p->last = now;
	p->shown = 1;
}

int progress_observe(void *progress, const struct train_state *s, int final)
{
	struct progress *p = progress;

	if (!p->fp || (s->k < p->next && !final))
		return NR_OK;
	p->next = s->k + p->stride;
	progress_at(p, s->k, final, progress_now());
	return NR_OK;
}

void progress_say(struct progress *p, const char *what)
{
	if (!p->fp || progress_now() - p->start < PROGRESS_DELAY)
		return;
	fprintf(p->fp, "\r\033[Kneuron: %s ...", what);
	fflush(p->fp);
	p->shown = 1;
}

void progress_end(struct progress *p)
{
	if (p->fp && p->shown) {
		fputs("\r\033[K", p->fp);
		fflush(p->fp);
	}
	p->shown = 0;
}
