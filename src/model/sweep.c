/* sweep.c - rates by name, the dense sweep, and the observed boundary. */
#include "model/sweep.h"
#include "base/err.h"
#include "base/parallel.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Near-limit rates of the dense sweep: critical * (1 +- d). */
static const double near_limit[SWEEP_DENSE_NEAR] = { 0.001, 0.003, 0.01, 0.03, 0.1 };

/* The fewest decimals p for which "%.*f" reads back as lr, into buf
 * (size bytes); 0 when every such form is longer than size - 1. */
static int fixed_shortest(double lr, char *buf, size_t size)
{
	for (int p = 0;; p++) {
		int len = snprintf(buf, size, "%.*f", p, lr);
		if (len < 0 || (size_t)len >= size)
			return 0;
		if (strtod(buf, NULL) == lr)
			return 1;
	}
}

void lr_label(double lr, char buf[LR_LABEL_SIZE])
{
	/* 0.01 .. 9999 read best as plain decimals; 10000 and up, and below
	 * 0.01, in powers of ten. */
	if (lr >= 0.01 && lr < 1e4 && fixed_shortest(lr, buf, LR_LABEL_SIZE))
		return;

	/* The shortest mantissa that round-trips (17 significant digits always
	 * do), then "1.25e-03" becomes "1.25e-3" and "3e+05" becomes "3e5". */
	char sci[LR_LABEL_SIZE];
	for (int p = 0; p <= 16; p++) {
		snprintf(sci, sizeof sci, "%.*e", p, lr);
		if (strtod(sci, NULL) == lr)
			break;
	}
	char *e = strchr(sci, 'e');
	int exp10 = atoi(e + 1);
	size_t len = (size_t)(e - sci);   /* at most 18: "1.2345678901234567" */

	memcpy(buf, sci, len);
	snprintf(buf + len, LR_LABEL_SIZE - len, "e%d", exp10);
}

char *lr_dirname(double lr)
{
	char buf[LR_DIRNAME_MAX + 1];   /* > LR_LABEL_SIZE */

	if (!fixed_shortest(lr, buf, sizeof buf))
		lr_label(lr, buf);
	return strdup(buf);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

size_t sweep_dense_lrs(double critical, double lo, double hi, double *lrs)
{
	size_t n = 0;
	int limit = critical > 0 && isfinite(critical);

	if (limit) {
		lo = critical;
		hi = critical;
	}
	lo /= 1000;
	hi *= 2;
	/* lr_j = lo * (hi / lo)^(j / (N - 1)): exact ends, even steps in log. */
	double span = log(hi / lo);
	for (int j = 0; j < SWEEP_DENSE_LOG; j++)
		lrs[n++] = j == SWEEP_DENSE_LOG - 1 ? hi
		         : lo * exp(span * j / (SWEEP_DENSE_LOG - 1));
	for (int i = 0; limit && i < SWEEP_DENSE_NEAR; i++) {
		lrs[n++] = critical * (1 - near_limit[i]);
		lrs[n++] = critical * (1 + near_limit[i]);
	}
	double dup;
	return lr_sort_unique(lrs, n, &dup);
}

size_t lr_sort_unique(double *lrs, size_t n, double *dup)
{
	size_t kept = 0;

	*dup = 0;
	qsort(lrs, n, sizeof *lrs, cmp_double);
	for (size_t i = 0; i < n; i++) {
		if (kept > 0 && lrs[i] == lrs[kept - 1])
			*dup = lrs[i];
		else
			lrs[kept++] = lrs[i];
	}
	return kept;
}

long long sweep_iters(long long iters, size_t n, size_t runs)
{
	double afford = SWEEP_BUDGET / ((double)n * (double)runs);

	if (iters > SWEEP_DENSE_ITERS_MAX)
		iters = SWEEP_DENSE_ITERS_MAX;
	if ((double)iters > afford)
		iters = afford < 1 ? 1 : (long long)afford;
	return iters;
}

double lr_over_critical(double lr, double critical)
{
	return critical > 0 ? lr / critical : NAN;
}

int sweep_settled(enum train_status s)
{
	return s == STATUS_CONVERGED || s == STATUS_NOT_CONVERGED;
}

void sweep_boundary(const double *lrs, const struct train_result *res, size_t n,
                    struct sweep_edges *e)
{
	size_t i = n, j = n;

	while (j > 0 && res[j - 1].status == STATUS_DIVERGED)
		j--;
	i = j;
	while (i > 0 && !sweep_settled(res[i - 1].status))
		i--;
	/* lrs[i - 1] is the largest settled rate; lrs[i] .. are all unstable,
	 * and lrs[j] .. all diverged. */
	e->settled = i > 0 ? lrs[i - 1] : 0;
	e->unstable = i < n ? lrs[i] : 0;
	e->diverged = j < n ? lrs[j] : 0;
}

struct sweep_job {
	const struct dataset *d;
	const struct analysis *a;
	const struct train_config *base;
	const double *lrs;
	struct train_result *res;
};

static int sweep_one(void *ctx, size_t i)
{
	const struct sweep_job *j = ctx;
	struct train_config cfg = *j->base;

	cfg.lr = j->lrs[i];
	return train_run(j->d, &cfg, j->a, NULL, 0, &j->res[i]);
}

int sweep_run(const struct dataset *d, const struct analysis *a,
              const struct train_config *base, const double *lrs, size_t n,
              struct train_result *res)
{
	struct sweep_job j = { d, a, base, lrs, res };

	return parallel_for(n, sweep_one, &j);
}
