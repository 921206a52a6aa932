/* neuron.c - forward, loss, backward and update of one neuron. */
#include "model/neuron.h"

#include <math.h>
#include <string.h>

void neuron_forward(size_t n, const double *x, double w, double b, double *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = x[i] * w + b;
}

double neuron_loss(size_t n, const double *out, const double *y)
{
	double sum = 0.0;

	for (size_t i = 0; i < n; i++) {
		double d = out[i] - y[i];
		sum += d * d;
	}
	return sum / (double)n;
}

void neuron_backward(size_t n, const double *x, const double *y,
                     const double *out, enum gradient kind, double *dout,
                     double *dw, double *db)
{
	/* dL/dout_i = 2 (out_i - y_i) / n: the 2 and the 1/n both live here. */
	for (size_t i = 0; i < n; i++)
		dout[i] = 2 * (out[i] - y[i]) / (double)n;

	/* Chain rule: dout_i/dw = x_i and dout_i/db = 1. */
	const double *dw_factor = kind == GRADIENT_ARTICLE ? out : x;
	double sum_w = 0.0, sum_b = 0.0;
	for (size_t i = 0; i < n; i++) {
		sum_w += dw_factor[i] * dout[i];
		sum_b += dout[i];
	}
	*dw = sum_w;
	*db = sum_b;
}

/* The article's order: three sums, each left to right from 0.0, each term
 * rounded as in the staged functions (the division stays per term: 2 d / n
 * and d * (2 / n) round differently). The sums leave through pointers, not
 * as one struct, and the function is not inlined where they would become
 * one: GCC then packs sum_w and sum_b into one vector that it keeps in
 * memory from sample to sample, 1.5 times slower. */
__attribute__((noinline)) static double
loss_grad_article(size_t n, const double *x, const double *y, double w,
                  double b, double *dw, double *db)
{
	double sum_l = 0.0, sum_w = 0.0, sum_b = 0.0;

	for (size_t i = 0; i < n; i++) {
		double out = x[i] * w + b;
		double d = out - y[i];
		double dout = 2 * d / (double)n;
		sum_l += d * d;
		sum_w += out * dout;
		sum_b += dout;
	}
	*dw = sum_w;
	*db = sum_b;
	return sum_l / (double)n;
}

/* The exact gradient in lanes (neuron.h): every path below multiplies and
 * adds as neuron_madd() does, fused by an instruction or by C's fma(), or
 * not at all, as the build says, so all of them give the same bits; they
 * differ in speed only (tests/test_neuron.c runs each one the processor
 * has against a scalar transcription of the order). First the portable
 * one, two doubles a vector; fused, an instruction where the build targets
 * one (ARM64, x86-64 built for FMA), else glibc's correctly rounded
 * software, which is slow ... */
typedef double neuron_vec2 __attribute__((vector_size(2 * sizeof(double))));

/* Unfused, whole vectors; fused, C's fma() lane by lane. */
static inline neuron_vec2 madd2(neuron_vec2 a, neuron_vec2 b, neuron_vec2 c)
{
#if NEURON_FMA
	return (neuron_vec2){ fma(a[0], b[0], c[0]), fma(a[1], b[1], c[1]) };
#else
	return a * b + c;
#endif
}

static inline neuron_vec2 load2(const double *p, int k)
{
	return (neuron_vec2){ p[0], k > 1 ? p[1] : 0 };
}

#define LANES_FN grad_exact_portable
#define LANES_DESCEND descend_exact_portable
#define LANES_ATTR
#define LANES_W 2
#define LANES_MADD madd2
#define LANES_LOAD load2
#include "model/neuron_lanes.inc"

/* ... and on x86-64, the same order with AVX2's four doubles a vector and
 * with AVX-512's eight, chosen at run time; fused, with FMA instructions. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define HAVE_X86_PATHS 1
#if NEURON_FMA
#define X86_FMA ",fma"
#define AVX2_MADD _mm256_fmadd_pd
#define AVX512_MADD _mm512_fmadd_pd
#else
#define X86_FMA ""
#define AVX2_MADD(a, b, c) ((a) * (b) + (c))
#define AVX512_MADD(a, b, c) ((a) * (b) + (c))
#endif

/* The last, partial vector of samples: one double at a time, never a wider
 * load. A mini-batch's samples were stored one by one an instant before,
 * and a vector load over such stores (a masked one too) waited until
 * they reached the cache: with one sample, as long as the pass itself. */
__attribute__((target("avx2"))) static inline __m256d load4(const double *p, int k)
{
	__m256d v = _mm256_setzero_pd();

	/* Blends with constant masks: the instructions every AVX2 processor
	 * (and valgrind) knows. */
	v = _mm256_blend_pd(v, _mm256_broadcast_sd(p), 1);
	if (k > 1)
		v = _mm256_blend_pd(v, _mm256_broadcast_sd(p + 1), 2);
	if (k > 2)
		v = _mm256_blend_pd(v, _mm256_broadcast_sd(p + 2), 4);
	if (k > 3)
		v = _mm256_blend_pd(v, _mm256_broadcast_sd(p + 3), 8);
	return v;
}

__attribute__((target("avx512f"))) static inline __m512d load8(const double *p, int k)
{
	__m512d v = _mm512_setzero_pd();

	for (int j = 0; j < k; j++)
		v = _mm512_mask_broadcastsd_pd(v, (__mmask8)(1u << j), _mm_load_sd(p + j));
	return v;
}

#define LANES_FN grad_exact_avx2
#define LANES_DESCEND descend_exact_avx2
#define LANES_ATTR __attribute__((target("avx2" X86_FMA)))
#define LANES_W 4
#define LANES_MADD AVX2_MADD
#define LANES_LOAD load4
#include "model/neuron_lanes.inc"

#define LANES_FN grad_exact_avx512
#define LANES_DESCEND descend_exact_avx512
#define LANES_ATTR __attribute__((target("avx512f" X86_FMA)))
#define LANES_W 8
#define LANES_MADD AVX512_MADD
#define LANES_LOAD load8
#include "model/neuron_lanes.inc"

static int has_avx512(void)
{
	return __builtin_cpu_supports("avx512f") && (!NEURON_FMA || __builtin_cpu_supports("fma"));
}

static int has_avx2(void)
{
	return __builtin_cpu_supports("avx2") && (!NEURON_FMA || __builtin_cpu_supports("fma"));
}
#endif

static const struct neuron_pass passes[] = {
#ifdef HAVE_X86_PATHS
	{ "avx512", has_avx512, grad_exact_avx512, descend_exact_avx512 },
	{ "avx2", has_avx2, grad_exact_avx2, descend_exact_avx2 },
#endif
	{ "portable", NULL, grad_exact_portable, descend_exact_portable },
};

size_t neuron_exact_passes(const struct neuron_pass **p)
{
	*p = passes;
	return sizeof passes / sizeof passes[0];
}

/* The first pass the processor can run, chosen once before main() (so no
 * thread ever sees it change): asking the processor at every call took a
 * nanosecond, 4% of a pass on the article's 100 samples. */
static const struct neuron_pass *exact = &passes[sizeof passes / sizeof passes[0] - 1];

__attribute__((constructor)) static void pick_exact_pass(void)
{
#ifdef HAVE_X86_PATHS
	__builtin_cpu_init();   /* constructors may run before libgcc's */
#endif
	for (size_t i = 0; i < sizeof passes / sizeof passes[0]; i++)
		if (!passes[i].usable || passes[i].usable()) {
			exact = &passes[i];
			return;
		}
}

const char *neuron_exact_pass(void)
{
	return exact->name;
}

struct neuron_grad neuron_grad(size_t n, const double *x, const double *y,
                               double w, double b, enum gradient kind,
                               double *loss)
{
	if (kind == GRADIENT_ARTICLE) {
		struct neuron_grad g;
		*loss = loss_grad_article(n, x, y, w, b, &g.dw, &g.db);
		return g;
	}
	return exact->fn(n, x, y, w, b, loss);
}

size_t neuron_descend(size_t n, const double *x, const double *y,
                      enum gradient kind, double lr, double low, double high,
                      double *w, double *b, size_t steps,
                      struct neuron_state *out)
{
	if (kind == GRADIENT_EXACT)
		return exact->descend(n, x, y, lr, low, high, w, b, steps, out);
	size_t k = 0;
	while (k < steps) {
		struct neuron_state *s = &out[k++];
		s->w = *w;
		s->b = *b;
		s->loss = loss_grad_article(n, x, y, *w, *b, &s->dw, &s->db);
		neuron_update(w, b, s->dw, s->db, lr);
		if (!neuron_state_goes_on(s, low, high))
			break;
	}
	return k;
}

const char *gradient_name(enum gradient kind)
{
	return kind == GRADIENT_ARTICLE ? "article" : "exact";
}
