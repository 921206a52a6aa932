/* parallel.c - a shared counter hands out indices to a few threads. */
#include "base/parallel.h"
#include "base/stop.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

struct pool {
	size_t n;
	size_t next;                 /* the next index to hand out */
	size_t failed_at;            /* the lowest failed index, or n */
	int status;                  /* its status */
	int (*fn)(void *ctx, size_t i);
	void *ctx;
	pthread_mutex_t lock;
};

static void *worker(void *arg)
{
	struct pool *p = arg;

	for (;;) {
		pthread_mutex_lock(&p->lock);
		size_t i = p->next < p->failed_at ? p->next++ : p->n;
		pthread_mutex_unlock(&p->lock);
		if (i >= p->n)
			return NULL;
		int st = p->fn(p->ctx, i);
		if (st) {
			pthread_mutex_lock(&p->lock);
			if (i < p->failed_at) {
				p->failed_at = i;
				p->status = st;
			}
			pthread_mutex_unlock(&p->lock);
		}
	}
}

size_t parallel_threads(size_t n)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t k = cpus > 0 ? (size_t)cpus : 1;

	if (k > PARALLEL_MAX)
		k = PARALLEL_MAX;
	return k < n ? k : (n ? n : 1);
}

int parallel_for(size_t n, int (*fn)(void *ctx, size_t i), void *ctx)
{
	struct pool p = { .n = n, .failed_at = n, .fn = fn, .ctx = ctx };
	pthread_t tid[PARALLEL_MAX];
	size_t k = parallel_threads(n), started = 0;

	pthread_mutex_init(&p.lock, NULL);
	/* The calling thread is one of the workers, and the only one a stop
	 * signal goes to (the others start with them blocked): every thread
	 * sees the flag it sets, and a wait on the calling thread ends. */
	sigset_t stops, old;
	stop_signals(&stops);
	pthread_sigmask(SIG_BLOCK, &stops, &old);
	for (size_t t = 1; t < k; t++) {
		if (pthread_create(&tid[t], NULL, worker, &p) != 0)
			break;   /* fewer threads: the work still gets done */
		started = t;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	worker(&p);
	for (size_t t = 1; t <= started; t++)
		pthread_join(tid[t], NULL);
	pthread_mutex_destroy(&p.lock);
	return p.status;
}
