/*
 * optimizers.c - beyond plain gradient descent: every optimizer from the
 * main run's start to one target, side by side (loss curves, paths, a
 * table of predicted and observed counts); the heavy ball's map of step
 * and momentum; the noise floor of mini-batches; and an explorer of every
 * run, the comparison's included.
 *
 * Every run uses the exact gradient, whatever the main run used: the
 * theory (analysis.h, gradnoise.h) is about the loss itself. Everything
 * is trained in one parallel_for; each piece of work writes only its own
 * slot of the result, so the numbers do not depend on the threads.
 */
#include "sections/comparison.h"
#include "sections/surface.h"
#include "base/csvio.h"
#include "base/err.h"
#include "base/parallel.h"
#include "model/gradnoise.h"
#include "model/sweep.h"
#include "output/names.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define RUN_ITERS_MAX 100000LL  /* the most updates a run takes to the target, */
#define RUN_ITERS_PER 10        /* and at most this many times the main run's */
#define PART_BUDGET 1e9         /* sample evaluations for each part (the runs,
                                   the map, the noise): fewer updates on big
                                   data, so a report stays within seconds */
#define ADAM_LRS_MAX 24         /* 1-2-5 rates over at most 8 decades */
#define MAP_N 30                /* cells along the step and along beta */
#define MAP_CELLS (MAP_N * MAP_N)
#define MAP_BETA_TOP 0.98       /* the largest beta the map shows, about */
#define MAP_SPAN 100            /* the smallest step: the best one / this */
#define NOISE_SEEDS 8
#define NOISE_SIZES_MAX 7       /* 1, 2, 5, 10, 20, 50 and N */
#define MINI_BATCH 10

enum method { GD, GD_BEST, MOMENTUM, NESTEROV, ADAM, SGD, MINIBATCH, METHODS };

/* Names in the language file's keys and the explorer's file names. */
static const char *const method_name[METHODS] = {
	"gd", "gd_best", "momentum", "nesterov", "adam", "sgd", "minibatch",
};

#define NO_PREDICTION (-2)      /* no rate to predict from (Adam, batches) */

struct opt_run {
	enum method m;
	struct train_config cfg;
	long long predicted;        /* updates the rate predicts; -1 never */
	struct train_result res;
	struct path path;           /* thinned: PATH_DENSE, PATH_PER_DECADE */
};

/* A cell of the map: the heavy ball at one step and momentum, counted
 * from where its loss stays at or below the target (an oscillating run
 * dips below it before it stays there). */
struct cell {
	long long k;                /* updates to stay below, or made */
	int diverged;
	int reached;                /* stays below from update k on */
};

struct optimizers {
	const struct comparison *cmp;
	int at_minimum;             /* the start is the minimum: nothing to compare */
	struct opt_run run[METHODS];
	size_t n;                   /* runs made: no mini-batch when N <= 10 */
	double target;              /* the loss every run stops at */
	long long cap;              /* the most updates of each run */
	double step;                /* the step of SGD, mini-batches, noise runs */
	long long momentum_from;    /* momentum_iters_from */

	double adam_lr[ADAM_LRS_MAX];   /* the rates tried for Adam */
	long long adam_k[ADAM_LRS_MAX]; /* updates to the target, or -1 */
	double adam_loss[ADAM_LRS_MAX]; /* final loss */
	size_t n_adam, adam_best;

	double alpha[MAP_N], beta[MAP_N];   /* the map's steps and momenta */
	struct cell map[MAP_N][MAP_N];      /* [beta][alpha] */
	size_t opt_i, opt_j;                /* the computed pair's cell */
	size_t best_i, best_j;              /* the fastest cell */
	int any_reached;
	long long map_cap;

	struct grad_noise noise;
	size_t sizes[NOISE_SIZES_MAX], n_sizes;
	long long updates;                  /* of each noise run */
	double final[NOISE_SIZES_MAX][NOISE_SEEDS];   /* final losses */
	double expected[NOISE_SIZES_MAX];   /* batch_expected_excess */
	double floor[NOISE_SIZES_MAX];      /* batch_floor */
};

/* ---- compute ---------------------------------------------------------------- */

static void release(void *result)
{
	struct optimizers *r = result;

	for (size_t i = 0; i < METHODS; i++)
		path_free(&r->run[i].path);
}

/* A fixed count of updates cut down to the budget for n sample evaluations
 * per update and `runs` runs, but never below `least`. */
static long long within_budget(long long iters, double n, double runs, long long least)
{
	double most = PART_BUDGET / (n * runs);

	if ((double)iters > most)
		iters = (long long)most;
	return iters < least ? least : iters;
}

/* The step of the stochastic runs: the report's learning rate, but at most
 * 1 / (2 max_i (x_i^2 + 1)). One sample's update multiplies the error along
 * (x_i, 1) by 1 - 2 lr (x_i^2 + 1), so at this step no single sample's
 * update overshoots, however the samples are dealt. */
static double stochastic_step(const struct dataset *d, double lr)
{
	double most = 0;

	for (size_t i = 0; i < d->n; i++)
		most = fmax(most, d->x[i] * d->x[i] + 1);
	return fmin(lr, 1 / (2 * most));
}

/* The rates Adam tries: 1, 2 and 5 times powers of ten, from 10^-4 to 1
 * times the distance D the start is from the minimum in its farther
 * coordinate (rounded out to decades). Adam moves each parameter by about
 * its rate per update, so covering D takes at least D / lr updates; a
 * rate far below D is slow and one far above it swings wide. */
static size_t adam_rates(const struct context *c, double *lr)
{
	double dist = fmax(fabs(c->cfg.w0 - c->a.w_opt), fabs(c->cfg.b0 - c->a.b_opt));
	static const double mant[] = { 1, 2, 5 };
	size_t n = 0;

	if (!(dist > 0) || !isfinite(dist))
		dist = 1;
	int lo = (int)floor(log10(dist)) - 4, hi = (int)ceil(log10(dist));
	for (int e = lo; e <= hi && n < ADAM_LRS_MAX; e++)
		for (int k = 0; k < 3 && n < ADAM_LRS_MAX; k++)
			if (e < hi || k == 0) {
				char text[32];   /* the decimal itself, not a product */
				snprintf(text, sizeof text, "%ge%d", mant[k], e);
				lr[n++] = strtod(text, NULL);
			}
	return n;
}

/* The map's grid: steps log-spaced from the best step / MAP_SPAN to a
 * little beyond the heavy ball's limit at the top beta, betas evenly from
 * 0 to about MAP_BETA_TOP; both shifted so that the computed best pair is
 * a cell of the grid (opt_i, opt_j). */
static void map_grid(const struct analysis *a, struct optimizers *r)
{
	double best = a->momentum.lr, top = 1.15 * momentum_critical_lr(a->lambda_max, MAP_BETA_TOP);
	double ratio = pow(top / (best / MAP_SPAN), 1.0 / (MAP_N - 1));
	long long i_opt = llround(log(MAP_SPAN) / log(ratio));

	r->opt_i = (size_t)(i_opt < MAP_N ? i_opt : MAP_N - 1);
	for (size_t i = 0; i < MAP_N; i++)
		r->alpha[i] = best * pow(ratio, (double)i - (double)r->opt_i);
	/* Rounding the computed beta's cell up keeps the top below
	 * MAP_BETA_TOP (or at the computed beta, when that is higher). */
	double bj = ceil(a->momentum.beta * (MAP_N - 1) / MAP_BETA_TOP);
	r->opt_j = (size_t)(bj < MAP_N - 1 ? bj : MAP_N - 1);
	double step = r->opt_j > 0 ? a->momentum.beta / (double)r->opt_j : MAP_BETA_TOP / (MAP_N - 1);
	for (size_t j = 0; j < MAP_N; j++)
		r->beta[j] = step * (double)j;
}

/* The batch sizes of the noise figure: 1, 2, 5, 10, 20, 50 below N, and N. */
static size_t noise_sizes(size_t n, size_t *sizes)
{
	static const size_t all[] = { 1, 2, 5, 10, 20, 50 };
	size_t k = 0;

	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		if (all[i] < n)
			sizes[k++] = all[i];
	sizes[k++] = n;
	return k;
}

/* Everything that trains, as one list of independent pieces of work:
 * the noise runs (the longest, first), the runs but Adam's, Adam's rates,
 * the map's cells. */
struct work {
	const struct context *c;
	struct optimizers *r;
	struct train_config base;     /* exact gradient, plain gd, to the target */
	size_t n_noise, n_runs;
	enum method runs[METHODS];
};

static int train_one(void *ctx, size_t t)
{
	struct work *wk = ctx;
	struct optimizers *r = wk->r;
	const struct context *c = wk->c;
	struct train_config cfg = wk->base;
	struct train_result res;
	int st;

	if (t < wk->n_noise) {
		size_t s = t / NOISE_SEEDS, seed = t % NOISE_SEEDS;
		cfg.until_target = 0;
		cfg.iters = r->updates;
		cfg.lr = r->step;
		cfg.batch = r->sizes[s] < c->d.n ? r->sizes[s] : 0;
		cfg.shuffle_seed = c->cfg.shuffle_seed + seed;
		cfg.full_every = cfg.iters;   /* only the last loss is kept */
		if ((st = train_run(&c->d, &cfg, &c->a, NULL, 0, &res)))
			return st;
		r->final[s][seed] = res.last.loss;
		return NR_OK;
	}
	t -= wk->n_noise;
	if (t < wk->n_runs) {
		struct opt_run *run = &r->run[wk->runs[t]];
		struct observer record = { path_observe, &run->path };
		return train_run(&c->d, &run->cfg, &c->a, &record, 1, &run->res);
	}
	t -= wk->n_runs;
	if (t < r->n_adam) {
		cfg.optim.kind = OPTIM_ADAM;
		cfg.lr = r->adam_lr[t];
		if ((st = train_run(&c->d, &cfg, &c->a, NULL, 0, &res)))
			return st;
		r->adam_k[t] = res.reached_at;
		r->adam_loss[t] = res.last.loss;
		return NR_OK;
	}
	/* The map: BALL_LANES cells at a time, along its rows (the last
	 * group's spare lanes repeat its last cell). */
	size_t first = (t - r->n_adam) * BALL_LANES;
	double lr[BALL_LANES], beta[BALL_LANES];
	struct ball_run ball[BALL_LANES];
	for (size_t l = 0; l < BALL_LANES; l++) {
		size_t cell = first + l < MAP_CELLS ? first + l : MAP_CELLS - 1;
		lr[l] = r->alpha[cell % MAP_N];
		beta[l] = r->beta[cell / MAP_N];
	}
	heavy_ball_quadratic_lanes(&c->a, c->cfg.w0, c->cfg.b0, lr, beta, r->target, r->map_cap,
	                           DIVERGENCE_FACTOR, ball);
	for (size_t l = 0; l < BALL_LANES && first + l < MAP_CELLS; l++) {
		const struct ball_run *b = &ball[l];
		int stays = !b->diverged && b->last_above < b->k;
		r->map[(first + l) / MAP_N][(first + l) % MAP_N] =
			(struct cell){ stays ? b->last_above + 1 : b->k, b->diverged, stays };
	}
	return NR_OK;
}

/* Updates the rate predicts for the excess loss to shrink by
 * PREDICT_REDUCTION: gradient descent at lr shrinks it by the larger of
 * |1 - lr lambda| squared per update. */
static long long gd_predicted(const struct analysis *a, double lr)
{
	double rate = fmax(fabs(1 - lr * a->lambda_min), fabs(1 - lr * a->lambda_max));

	return iters_to_reduce(rate, PREDICT_REDUCTION);
}

/* The runs' settings, each from the main run's start to the target. */
static void set_runs(const struct context *c, struct optimizers *r, const struct train_config *base)
{
	const struct analysis *a = &c->a;

	r->n = c->d.n > MINI_BATCH ? METHODS : MINIBATCH;
	for (size_t i = 0; i < r->n; i++) {
		struct opt_run *run = &r->run[i];
		run->m = (enum method)i;
		run->cfg = *base;
		run->predicted = NO_PREDICTION;
		run->path = (struct path)PATH_INIT(PATH_DENSE, PATH_PER_DECADE);
	}
	r->run[GD].cfg.lr = c->cfg.lr;
	r->run[GD].predicted = gd_predicted(a, c->cfg.lr);
	r->run[GD_BEST].cfg.lr = a->gd.lr;
	r->run[GD_BEST].predicted = iters_to_reduce(a->gd.rate, PREDICT_REDUCTION);
	r->run[MOMENTUM].cfg.optim.kind = OPTIM_MOMENTUM;
	r->run[MOMENTUM].cfg.lr = a->momentum.lr;
	r->run[MOMENTUM].cfg.optim.momentum = a->momentum.beta;
	r->run[MOMENTUM].predicted = iters_to_reduce(a->momentum.rate, PREDICT_REDUCTION);
	r->run[NESTEROV].cfg.optim.kind = OPTIM_NESTEROV;
	r->run[NESTEROV].cfg.lr = a->nesterov.lr;
	r->run[NESTEROV].cfg.optim.momentum = a->nesterov.beta;
	r->run[NESTEROV].predicted = iters_to_reduce(a->nesterov.rate, PREDICT_REDUCTION);
	r->run[ADAM].cfg.optim.kind = OPTIM_ADAM;
	r->run[SGD].cfg.lr = r->step;
	r->run[SGD].cfg.batch = 1;
	if (r->n > MINIBATCH) {
		r->run[MINIBATCH].cfg.lr = r->step;
		r->run[MINIBATCH].cfg.batch = MINI_BATCH;
	}
}

/* Adam's rate: the fewest updates to the target (the smaller rate on a
 * tie); when none reached it, the lowest final loss. */
static size_t adam_choice(const struct optimizers *r)
{
	size_t best = 0;

	for (size_t i = 1; i < r->n_adam; i++) {
		long long k = r->adam_k[i], kb = r->adam_k[best];
		if (k >= 0 ? kb < 0 || k < kb : kb < 0 && r->adam_loss[i] < r->adam_loss[best])
			best = i;
	}
	return best;
}

/* The fastest cell of the map (the first in order of beta, then step, on a
 * tie). */
static void map_best(struct optimizers *r)
{
	r->any_reached = 0;
	for (size_t j = 0; j < MAP_N; j++)
		for (size_t i = 0; i < MAP_N; i++) {
			const struct cell *e = &r->map[j][i];
			if (e->reached && (!r->any_reached || e->k < r->map[r->best_j][r->best_i].k)) {
				r->any_reached = 1;
				r->best_i = i;
				r->best_j = j;
			}
		}
}

static int compute(const struct context *c, const void *need, void *result)
{
	struct optimizers *r = result;
	const struct analysis *a = &c->a;
	double n = (double)c->d.n;
	int st;

	r->cmp = need;
	/* Started on the minimum (an exact line, started on it), no method has
	 * anything to win: the section says so and draws nothing. */
	if (!(c->loss0 - a->loss_opt > 1e-12 * c->loss0)) {
		r->at_minimum = 1;
		return NR_OK;
	}
	r->target = a->loss_opt + PREDICT_REDUCTION * (c->loss0 - a->loss_opt);
	r->step = stochastic_step(&c->d, c->cfg.lr);
	r->n_adam = adam_rates(c, r->adam_lr);
	/* Every count below is capped at ten times the main run's updates (a
	 * short report stays short) and by the budget. */
	long long most = c->cfg.iters >= RUN_ITERS_MAX / RUN_ITERS_PER ? RUN_ITERS_MAX
	               : c->cfg.iters * RUN_ITERS_PER > 10 ? c->cfg.iters * RUN_ITERS_PER : 10;
	r->cap = within_budget(most, n + MINI_BATCH, METHODS + (double)r->n_adam, 10);
	r->momentum_from = momentum_iters_from(a, c->cfg.w0, c->cfg.b0, PREDICT_REDUCTION);

	struct work wk = { .c = c, .r = r };
	wk.base = (struct train_config){
		.lr = c->cfg.lr, .iters = r->cap, .w0 = c->cfg.w0, .b0 = c->cfg.b0,
		.gradient = GRADIENT_EXACT, .optim = optim_params_default(),
		.shuffle_seed = c->cfg.shuffle_seed, .until_target = 1, .target = r->target,
		.stop = c->stop,
	};
	set_runs(c, r, &wk.base);
	for (size_t i = 0; i < r->n; i++)
		if (i != ADAM)
			wk.runs[wk.n_runs++] = (enum method)i;

	/* The map: stopped after twice plain descent's best count at most. */
	map_grid(a, r);
	long long gd_best = iters_to_reduce(a->gd.rate, PREDICT_REDUCTION);
	r->map_cap = gd_best < 500 ? 1000 : gd_best > most / 2 ? most : 2 * gd_best;
	r->map_cap = within_budget(r->map_cap < most ? r->map_cap : most, n, MAP_CELLS, 10);

	/* The noise: long enough for full-batch descent at the step to shrink
	 * the excess loss by PREDICT_REDUCTION. */
	grad_noise_of(&c->d, a, &r->noise);
	r->n_sizes = noise_sizes(c->d.n, r->sizes);
	long long u = gd_predicted(a, r->step);
	double evals = 0;
	for (size_t s = 0; s < r->n_sizes; s++)
		evals += n + (r->sizes[s] < c->d.n ? (double)r->sizes[s] : 0);
	u = u < 0 || u > most ? most : u < 100 ? 100 : u;
	r->updates = within_budget(u < most ? u : most,
	                           evals / (double)r->n_sizes, (double)(r->n_sizes * NOISE_SEEDS), 10);
	wk.n_noise = r->n_sizes * NOISE_SEEDS;

	if ((st = parallel_for(wk.n_noise + wk.n_runs + r->n_adam +
	                       (MAP_CELLS + BALL_LANES - 1) / BALL_LANES, train_one, &wk)))
		return st;

	r->adam_best = adam_choice(r);
	struct opt_run *adam = &r->run[ADAM];
	struct observer record = { path_observe, &adam->path };
	adam->cfg.lr = r->adam_lr[r->adam_best];
	if ((st = train_run(&c->d, &adam->cfg, a, &record, 1, &adam->res)))
		return st;
	map_best(r);
	for (size_t s = 0; s < r->n_sizes; s++) {
		r->expected[s] = batch_expected_excess(a, &r->noise, c->d.n, r->sizes[s], r->step,
		                                       r->updates, c->cfg.w0, c->cfg.b0);
		r->floor[s] = batch_floor(a, &r->noise, c->d.n, r->sizes[s], r->step);
	}
	return NR_OK;
}

/* ---- what the runs showed, in words ---------------------------------------------- */

/* One run of the explorer: a method's, or the comparison's. */
struct shown {
	const char *name;             /* for the card's file name */
	const struct train_config *cfg;   /* a method's, or NULL */
	enum method m;
	double lr;                    /* a comparison run's */
	const struct train_result *res;
	const struct path *path;
	struct window win;
	size_t curves_from, paths_from, paths_rows;   /* its rows in the CSVs (plot_rows) */
};

/* Every run the explorer shows: the methods, then the comparison's rates. */
static size_t shown_runs(const struct context *c, const struct optimizers *r, struct shown *out)
{
	size_t k = 0;

	for (size_t i = 0; i < r->n; i++)
		out[k++] = (struct shown){ .name = method_name[i], .cfg = &r->run[i].cfg,
		                           .m = (enum method)i, .lr = r->run[i].cfg.lr,
		                           .res = &r->run[i].res, .path = &r->run[i].path };
	for (size_t i = 0; r->cmp && i < r->cmp->n; i++)
		out[k++] = (struct shown){ .m = GD, .lr = r->cmp->runs[i].lr, .res = &r->cmp->runs[i].res,
		                           .path = &r->cmp->runs[i].path };
	for (size_t i = 0; i < k; i++) {
		int diverged = out[i].res->status == STATUS_DIVERGED;
		out[i].win = window_of(&c->a, out[i].path, &diverged, 1);
	}
	return k;
}

#define SHOWN_MAX (METHODS + LRS_MAX)

/* A computed rate as people write it: four significant digits, then as
 * lr_label writes them ("1.198e-3"); a rate given by the user keeps all
 * of its digits (vars_lr). */
static void vars_rate(struct vars *v, const char *name, double lr)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%.4g", lr);
	vars_lr(v, name, strtod(buf, NULL));
}

/* A run's label (figure keys, explorer links): the entry
 * optimizers.<kind>.<method>, or optimizers.<kind>.compared, for the kind
 * "label" or "short" (a key with large text); NULL with d->failed set. */
static char *run_label(struct doc *d, const struct shown *s, const char *kind)
{
	struct vars v = { .n = 0 };
	char key[64];

	snprintf(key, sizeof key, "optimizers.%s.%s", kind, s->cfg ? method_name[s->m] : "compared");
	if (s->cfg && s->m != GD)
		vars_rate(&v, "lr", s->lr);
	else
		vars_lr(&v, "lr", s->lr);
	vars_int(&v, "batch", s->cfg ? (long long)s->cfg->batch : 0);
	vars_int(&v, "k", s->res->last.k);
	char *label = doc_plain(d, key, &v);
	vars_free(&v);
	return label;
}

/* How far a shown run got, into v as {{count}}: for a method's run (which
 * aims at the target) the entry optimizers.count.reached, .capped or
 * .diverged; for the comparison's (which does not) .diverged or .compared
 * with its status. */
static void count_words(struct doc *d, const struct shown *s, struct vars *v, const char *name)
{
	const struct train_result *res = s->res;
	struct vars w = { .n = 0 };
	const char *key = res->status == STATUS_DIVERGED ? "optimizers.count.diverged"
	                : !s->cfg ? "optimizers.count.compared"
	                : res->reached_at >= 0 ? "optimizers.count.reached"
	                : "optimizers.count.capped";
	vars_int(&w, "k", res->last.k);
	vars_count(d, &w, "updates", "count.update", res->last.k);
	vars_iterations(d, &w, "iterations", res->last.k);
	char *status = doc_plain(d, status_key(res->status), NULL);
	if (status)
		vars_program(&w, "status", status);
	free(status);
	char *text = doc_plain(d, key, &w);
	if (text)
		vars_program(v, name, text);
	free(text);
	vars_free(&w);
}

/* ---- emit ------------------------------------------------------------------------ */

static int write_runs(const struct context *c, const struct optimizers *r)
{
	struct csvw w;
	FILE *fp;
	int st;

	if ((st = section_open(c, OUT_OPTIMIZERS, &fp)))
		return st;
	csvw_begin(&w, fp, OUT_OPTIMIZERS, "run,method,lr,beta,batch,predicted,predicted_from_start,"
	                                   "reached_at,iterations,loss,excess,status,diverged_at");
	for (size_t i = 0; i < r->n; i++) {
		const struct opt_run *run = &r->run[i];
		int beta = run->cfg.optim.kind == OPTIM_MOMENTUM || run->cfg.optim.kind == OPTIM_NESTEROV;
		csvw_int(&w, (long long)i + 1);
		csvw_text(&w, method_name[i]);
		csvw_num(&w, run->cfg.lr);
		if (beta)
			csvw_num(&w, run->cfg.optim.momentum);
		else
			csvw_text(&w, "-");
		csvw_int(&w, run->cfg.batch ? (long long)run->cfg.batch : (long long)c->d.n);
		if (run->predicted == NO_PREDICTION)
			csvw_text(&w, "-");
		else
			csvw_int(&w, run->predicted);
		if (i == MOMENTUM)
			csvw_int(&w, r->momentum_from);
		else
			csvw_text(&w, "-");
		csvw_int(&w, run->res.reached_at);
		csvw_int(&w, run->res.last.k);
		csvw_num(&w, run->res.last.loss);
		csvw_num(&w, run->res.last.loss - c->a.loss_opt);
		csvw_text(&w, train_status_name(run->res.status));
		csvw_int(&w, run->res.diverged_at);
		csvw_end(&w);
	}
	if ((st = csvw_finish(&w)))
		return st;
	return section_close(c, fp);
}

/* opt_curves.csv (every state's loss) and opt_paths.csv (the states in
 * the run's own window, with the labels' places) for every shown run. */
/* The label size in an explorer card's path panel (opt_card.gp's layout:
 * from 0.56 + 4 characters to 0.97 across, 4.2 lines above the bottom to
 * 3.2 below the top). */
static struct mark_size card_mark_size(const struct context *c)
{
	const struct plot_style *st = &c->o->style;
	double cw = 0.75 * 20 * st->font_scale * st->height / 800 / st->width;
	double em = 1.25 * 20 * st->font_scale / 800;

	return mark_size_in(st, 0.97 - (0.56 + 4 * cw), 1 - 7.4 * em);
}

static int write_curves(const struct context *c, struct shown *s, size_t n_methods, size_t n)
{
	struct csvw w;
	FILE *fp;
	size_t rows = 0;
	int st;

	if ((st = section_open(c, OUT_OPT_CURVES, &fp)))
		return st;
	csvw_begin(&w, fp, OUT_OPT_CURVES, "run,iteration,loss,excess");
	for (size_t i = 0; i < n; i++) {
		s[i].curves_from = rows;
		rows += s[i].path->n;
		for (size_t j = 0; j < s[i].path->n; j++) {
			const struct train_state *q = &s[i].path->pt[j];
			csvw_int(&w, (long long)i + 1);
			csvw_int(&w, q->k);
			csvw_num(&w, q->loss);
			csvw_num(&w, q->loss - c->a.loss_opt);
			csvw_end(&w);
		}
	}
	if ((st = csvw_finish(&w)) || (st = section_close(c, fp)) ||
	    (st = section_open(c, OUT_OPT_PATHS, &fp)))
		return st;
	csvw_begin(&w, fp, OUT_OPT_PATHS, "run,name,iteration,loss,weight,bias,mark");
	rows = 0;
	for (size_t i = 0; i < n; i++) {
		char *mark = malloc(s[i].path->n ? s[i].path->n : 1), name[32];
		if (!mark) {
			fclose(fp);
			return nr_oom();
		}
		snprintf(name, sizeof name, "run%zu", i + 1);
		/* The methods' panels in opt_paths, the others' on a card. */
		struct mark_size size = i < n_methods ? mark_size_of(&c->o->style, n_methods + 1)
		                                      : card_mark_size(c);
		window_marks(s[i].path, &s[i].win, &c->a, &size, mark);
		s[i].paths_from = rows;
		s[i].paths_rows = window_put_path(&w, i + 1, name, s[i].path, &s[i].win, mark);
		rows += s[i].paths_rows;
		free(mark);
	}
	if ((st = csvw_finish(&w)))
		return st;
	return section_close(c, fp);
}

static int write_map(const struct context *c, const struct optimizers *r)
{
	struct csvw w;
	FILE *fp;
	int st;

	if ((st = section_open(c, OUT_MOMENTUM_MAP, &fp)))
		return st;
	csvw_begin(&w, fp, OUT_MOMENTUM_MAP, "i,j,lr,beta,iterations,status");
	for (size_t j = 0; j < MAP_N; j++)
		for (size_t i = 0; i < MAP_N; i++) {
			const struct cell *e = &r->map[j][i];
			csvw_int(&w, (long long)i);
			csvw_int(&w, (long long)j);
			csvw_num(&w, r->alpha[i]);
			csvw_num(&w, r->beta[j]);
			csvw_int(&w, e->k);
			csvw_text(&w, e->reached ? "reached" : e->diverged ? "diverged"
			                                                                   : "capped");
			csvw_end(&w);
		}
	if ((st = csvw_finish(&w)))
		return st;
	return section_close(c, fp);
}

/* The seeds' mean, smallest and largest final excess loss for size s. */
static void noise_stats(const struct context *c, const struct optimizers *r, size_t s,
                        double *mean, double *lo, double *hi)
{
	*mean = 0;
	*lo = INFINITY;
	*hi = -INFINITY;
	for (size_t k = 0; k < NOISE_SEEDS; k++) {
		double x = r->final[s][k] - c->a.loss_opt;
		*mean += x / NOISE_SEEDS;
		*lo = fmin(*lo, x);
		*hi = fmax(*hi, x);
	}
}

static int write_noise(const struct context *c, const struct optimizers *r)
{
	struct csvw w;
	FILE *fp;
	int st;

	if ((st = section_open(c, OUT_BATCH_NOISE, &fp)))
		return st;
	csvw_begin(&w, fp, OUT_BATCH_NOISE, "batch,updates,lr,expected,floor,mean,min,max");
	for (size_t s = 0; s < r->n_sizes; s++) {
		double mean, lo, hi;
		noise_stats(c, r, s, &mean, &lo, &hi);
		csvw_int(&w, (long long)r->sizes[s]);
		csvw_int(&w, r->updates);
		csvw_num(&w, r->step);
		csvw_num(&w, r->expected[s]);
		csvw_num(&w, r->floor[s]);
		csvw_num(&w, mean);
		csvw_num(&w, lo);
		csvw_num(&w, hi);
		csvw_end(&w);
	}
	if ((st = csvw_finish(&w)) || (st = section_close(c, fp)) ||
	    (st = section_open(c, OUT_BATCH_SEEDS, &fp)))
		return st;
	csvw_begin(&w, fp, OUT_BATCH_SEEDS, "batch,seed,loss,excess");
	for (size_t s = 0; s < r->n_sizes; s++)
		for (size_t k = 0; k < NOISE_SEEDS; k++) {
			csvw_int(&w, (long long)r->sizes[s]);
			csvw_int(&w, (long long)k + 1);
			csvw_num(&w, r->final[s][k]);
			csvw_num(&w, r->final[s][k] - c->a.loss_opt);
			csvw_end(&w);
		}
	if ((st = csvw_finish(&w)))
		return st;
	return section_close(c, fp);
}

/* Sets nr_<prefix><i>_{w,b}_{lo,hi}: the window of panel i. */
static void window_vars(const struct context *c, struct plot_job *j, const char *prefix,
                        size_t i, const struct window *win)
{
	static const char *const part[4] = { "w_lo", "w_hi", "b_lo", "b_hi" };
	const double v[4] = { win->w[0], win->w[1], win->b[0], win->b[1] };
	char name[32];

	for (int k = 0; k < 4; k++) {
		snprintf(name, sizeof name, "%s%zu_%s", prefix, i, part[k]);
		plot_num(c->plots, j, name, v[k]);
	}
}

/* For each shown run i: its label (label<i>, and short<i> for large
 * text), where it diverged (div<i>, -1 if it did not) and how far it got
 * (count<i>, for titles). */
static int label_vars(const struct context *c, struct plot_job *j, const struct shown *s, size_t n)
{
	struct doc d = { .fp = { NULL, NULL }, .lang = c->lang };

	for (size_t i = 0; i < n && !d.failed; i++) {
		static const char *const kinds[2] = { "label", "short" };
		char name[32];
		for (int k = 0; k < 2; k++) {
			char *label = run_label(&d, &s[i], kinds[k]);
			snprintf(name, sizeof name, "%s%zu", kinds[k], i + 1);
			if (label)
				plot_text(c->plots, j, name, label);
			free(label);
		}
		snprintf(name, sizeof name, "div%zu", i + 1);
		plot_int(c->plots, j, name, s[i].res->diverged_at);
		struct vars v = { .n = 0 };
		count_words(&d, &s[i], &v, "count");
		snprintf(name, sizeof name, "count%zu", i + 1);
		if (v.n == 1)
			plot_text(c->plots, j, name, v.v[0].value);
		vars_free(&v);
	}
	return d.failed;
}

/*
 * What opt_card.gp would otherwise find with five `stats` passes over the
 * CSVs, from the same numbers (the CSVs' shortest round-trip text reads back
 * to these doubles): the last iteration and the largest excess loss of the
 * runs that did not diverge, the card's own run's smallest excess loss, and
 * the start (the first row of opt_paths.csv). Left unset when no row counts,
 * so that the script's own passes decide as before.
 */
static void card_frame(const struct context *c, struct plot_job *j, const struct shown *s,
                       size_t n, size_t run)
{
	double kmax = NAN, top = NAN, lo = NAN;

	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < s[i].path->n; k++) {
			const struct train_state *q = &s[i].path->pt[k];
			double e = q->loss - c->a.loss_opt;
			if (!(e > 0))
				continue;
			if (s[i].res->diverged_at < 0) {
				kmax = isnan(kmax) ? (double)q->k : fmax(kmax, (double)q->k);
				top = isnan(top) ? e : fmax(top, e);
			}
			if (i == run)
				lo = isnan(lo) ? e : fmin(lo, e);
		}
	if (!isnan(kmax)) {
		plot_num(c->plots, j, "kmax", kmax);
		plot_num(c->plots, j, "top", top);
	}
	if (!isnan(lo))
		plot_num(c->plots, j, "lo", lo);
	if (n > 0 && s[0].path->n > 0) {
		plot_num(c->plots, j, "w_start", s[0].path->pt[0].w);
		plot_num(c->plots, j, "b_start", s[0].path->pt[0].b);
	}
}

static int emit_figures(const struct context *c, const struct optimizers *r,
                        const struct shown *s, size_t n_shown)
{
	double excess = r->target - c->a.loss_opt;
	int st;

	struct plot_job *j = section_figure(c, "opt_loss", FIG_OPT_LOSS);
	plot_file(c->plots, j, "curves", OUT_OPT_CURVES);
	plot_int(c->plots, j, "n", (long long)r->n);
	for (size_t i = 0; i < r->n; i++)
		plot_rows(c->plots, j, "curves", i + 1, s[i].curves_from, s[i].path->n);
	plot_num(c->plots, j, "target", excess);
	plot_cost(j, 90);
	if ((st = label_vars(c, j, s, r->n)) ||
	    (st = section_words(c, j, "target_label", "optimizers.loss.target", NULL)))
		return st;

	j = section_figure(c, "opt_paths", FIG_OPT_PATHS);
	plot_file(c->plots, j, "paths", OUT_OPT_PATHS);
	plot_int(c->plots, j, "n", (long long)r->n);
	surface_vars(c, j, &s[0].win);
	for (size_t i = 0; i < r->n; i++) {
		window_vars(c, j, "p", i + 1, &s[i].win);
		plot_rows(c->plots, j, "paths", i + 1, s[i].paths_from, s[i].paths_rows);
	}
	struct vars v = { .n = 0 };
	vars_numf(&v, "ratio", "%.3g", sqrt(c->a.condition));
	st = section_words(c, j, "valley", "landscape.valley", &v);
	vars_free(&v);
	if (!st)
		st = section_words(c, j, "valley_short", "optimizers.valley.short", NULL);
	if (st || (st = label_vars(c, j, s, r->n)))
		return st;
	plot_cost(j, 200);   /* eight panels of contours */

	j = section_figure(c, "opt_map", FIG_MOMENTUM_MAP);
	plot_file(c->plots, j, "map", OUT_MOMENTUM_MAP);
	plot_int(c->plots, j, "cells", MAP_N);
	plot_num(c->plots, j, "lambda_max", c->a.lambda_max);
	plot_int(c->plots, j, "opt_i", (long long)r->opt_i);
	plot_int(c->plots, j, "opt_j", (long long)r->opt_j);
	plot_int(c->plots, j, "best_i", r->any_reached ? (long long)r->best_i : -1);
	plot_int(c->plots, j, "best_j", r->any_reached ? (long long)r->best_j : -1);
	plot_int(c->plots, j, "cap", r->map_cap);
	plot_cost(j, 110);
	if ((st = section_words(c, j, "opt_label", "optimizers.map.computed", NULL)) ||
	    (st = section_words(c, j, "best_label", "optimizers.map.fastest", NULL)) ||
	    (st = section_words(c, j, "boundary_label", "optimizers.map.boundary", NULL)))
		return st;

	j = section_figure(c, "opt_batch", FIG_BATCH_NOISE);
	plot_file(c->plots, j, "noise", OUT_BATCH_NOISE);
	plot_file(c->plots, j, "seeds", OUT_BATCH_SEEDS);
	plot_int(c->plots, j, "exact", r->noise.exact);
	v = (struct vars){ .n = 0 };
	vars_int(&v, "updates", r->updates);
	vars_rate(&v, "lr", r->step);
	st = section_words(c, j, "title", r->noise.exact ? "optimizers.noise.figure.exact"
	                                                 : "optimizers.noise.figure", &v);
	vars_free(&v);
	if (st)
		return st;

	/* The explorer's cards: always PNG (report.html shows them), at the
	 * page's size (PAGE_IMAGE_SIZE). */
	for (size_t i = 0; i < n_shown; i++) {
		char *out = s[i].name ? xasprintf("%s/%s.png", OUT_EXPLORER, s[i].name) : NULL;
		if (!s[i].name) {
			char *lr = lr_dirname(s[i].lr);
			out = lr ? xasprintf("%s/lr-%s.png", OUT_EXPLORER, lr) : NULL;
			free(lr);
		}
		j = out ? plot_add(c->plots, "opt_card", out) : NULL;
		free(out);
		if (!j)
			return nr_oom();
		plot_file(c->plots, j, "curves", OUT_OPT_CURVES);
		plot_file(c->plots, j, "paths", OUT_OPT_PATHS);
		plot_int(c->plots, j, "run", (long long)i + 1);
		plot_rows(c->plots, j, "curves", i + 1, s[i].curves_from, s[i].path->n);
		plot_rows(c->plots, j, "paths", i + 1, s[i].paths_from, s[i].paths_rows);
		plot_cost(j, 85);   /* two panels */
		plot_size(j, PAGE_IMAGE_SIZE);
		plot_int(c->plots, j, "style", (long long)(i < r->n ? i + 1 : i - r->n + 1));
		plot_int(c->plots, j, "n", (long long)n_shown);
		plot_num(c->plots, j, "target", excess);
		card_frame(c, j, s, n_shown, i);
		surface_vars(c, j, &s[i].win);
		if ((st = label_vars(c, j, s, n_shown)) ||
		    (st = section_words(c, j, "target_label", "optimizers.loss.target", NULL)))
			return st;
	}
	return c->plots->failed == NR_ENOMEM ? nr_oom() : NR_OK;
}

/* The summary on stdout: one line per run. */
static void print_summary(const struct context *c, const struct optimizers *r)
{
	fprintf(c->summary, "\noptimizers: exact gradient from the main run's start to loss %.6g "
	        "(at most %lld updates)\n%-10s %-12s %-10s %10s %10s %-12s %-13s\n",
	        r->target, r->cap, "method", "lr", "beta", "predicted", "iterations", "loss", "status");
	for (size_t i = 0; i < r->n; i++) {
		const struct opt_run *run = &r->run[i];
		char label[32], beta[32] = "-", pred[32] = "-";
		snprintf(label, sizeof label, "%.6g", run->cfg.lr);
		if (run->cfg.optim.kind == OPTIM_MOMENTUM || run->cfg.optim.kind == OPTIM_NESTEROV)
			snprintf(beta, sizeof beta, "%.6g", run->cfg.optim.momentum);
		if (run->predicted >= 0)
			snprintf(pred, sizeof pred, "%lld", run->predicted);
		else if (run->predicted == -1)
			snprintf(pred, sizeof pred, "never");
		fprintf(c->summary, "%-10s %-12s %-10s %10s %10lld %-12.6g %-13s\n", method_name[i],
		        label, beta, pred, run->res.last.k, run->res.last.loss,
		        run->res.reached_at >= 0 ? "reached" : train_status_name(run->res.status));
	}
}

static int emit(const struct context *c, const void *result)
{
	const struct optimizers *r = result;
	struct shown s[SHOWN_MAX];
	size_t n_shown;
	int st;

	if (r->at_minimum)
		return NR_OK;
	n_shown = shown_runs(c, r, s);
	if ((st = write_runs(c, r)) || (st = write_curves(c, s, r->n, n_shown)) ||
	    (st = write_map(c, r)) || (st = write_noise(c, r)))
		return st;
	print_summary(c, r);
	return emit_figures(c, r, s, n_shown);
}

/* ---- the documents ------------------------------------------------------------------ */

/* The {{lr}}, {{beta}} ... of a method's settings cell and explorer text. */
static const char *settings_key(enum method m)
{
	switch (m) {
	case MOMENTUM:
	case NESTEROV:  return "optimizers.settings.momentum";
	case SGD:
	case MINIBATCH: return "optimizers.settings.batch";
	default:        return "optimizers.settings.lr";
	}
}

static void run_vars(const struct context *c, const struct opt_run *run, struct vars *v)
{
	if (run->m == GD)
		vars_lr(v, "lr", run->cfg.lr);
	else
		vars_rate(v, "lr", run->cfg.lr);
	vars_numf(v, "beta", "%.4g", run->cfg.optim.momentum);
	vars_int(v, "batch", run->cfg.batch ? (long long)run->cfg.batch : (long long)c->d.n);
	vars_num(v, "loss", run->res.last.loss);
	vars_num(v, "w", run->res.last.w);
	vars_num(v, "b", run->res.last.b);
	vars_int(v, "k", run->res.last.k);
}

static void write_table(const struct context *c, const struct optimizers *r, struct doc *d)
{
	struct vars v = { .n = 0 };

	doc_table_begin(d, "optimizers.table.head", &v);
	for (size_t i = 0; i < r->n && !d->failed; i++) {
		const struct opt_run *run = &r->run[i];
		char key[64], pred[32], seen[32], loss[32];
		struct vars rv = { .n = 0 };
		run_vars(c, run, &rv);
		snprintf(key, sizeof key, "optimizers.method.%s", method_name[i]);
		doc_cell_t(d, key, &rv);
		doc_cell_t(d, settings_key(run->m), &rv);
		if (run->predicted >= 0) {
			snprintf(pred, sizeof pred, "%lld", run->predicted);
			doc_cell(d, pred);
		} else {
			doc_cell_t(d, run->predicted == -1 ? "optimizers.never" : "optimizers.none", &rv);
		}
		if (run->res.reached_at >= 0) {
			snprintf(seen, sizeof seen, "%lld", run->res.reached_at);
			doc_cell(d, seen);
		} else {
			doc_cell_t(d, "optimizers.none", &rv);
		}
		snprintf(loss, sizeof loss, "%.6g", run->res.last.loss);
		doc_cell(d, loss);
		doc_cell_t(d, run->res.reached_at >= 0 ? "optimizers.status.reached"
		              : run->res.status == STATUS_DIVERGED ? "optimizers.status.diverged"
		              : "optimizers.status.capped", &rv);
		doc_row_end(d);
		vars_free(&rv);
	}
	doc_table_end(d);
	vars_free(&v);
}

/* The steep component of the heavy ball at its best pair goes as
 * (1 + k (1 + r)) r^k in size (rho = -r): the largest factor and where
 * (the integer k next to 1 / -ln r - 1 / (1 + r), where the derivative
 * vanishes). */
static double steep_growth(double r, long long *at)
{
	double s = 1 + r, k0 = -1 / log(r) - 1 / s, best = 1;

	*at = 0;
	for (double k = fmax(0, floor(k0)); k <= ceil(k0) + 0.5; k++) {
		double f = (1 + k * s) * pow(r, k);
		if (f > best) {
			best = f;
			*at = (long long)k;
		}
	}
	return best;
}

/* Why the heavy ball took more than its rate predicts (when it did). */
static void write_momentum_gap(const struct context *c, const struct optimizers *r, struct doc *d)
{
	const struct opt_run *hb = &r->run[MOMENTUM];
	double rate = c->a.momentum.rate;
	long long peak;

	if (hb->res.reached_at < 0 || hb->predicted < 0 || r->momentum_from <= hb->predicted ||
	    !(rate > 0))
		return;
	struct vars v = { .n = 0 };
	vars_int(&v, "predicted", hb->predicted);
	vars_int(&v, "observed", hb->res.reached_at);
	vars_int(&v, "from", r->momentum_from);
	vars_numf(&v, "rate", "%.4g", rate);
	vars_numf(&v, "slope", "%.4g", 1 + rate);
	vars_numf(&v, "growth", "%.3g", steep_growth(rate, &peak));
	vars_int(&v, "peak", peak);
	doc_text(d, hb->res.reached_at == r->momentum_from ? "optimizers.momentum.same"
	                                                   : "optimizers.momentum.differs", &v);
	vars_free(&v);
}

/* How many map cells lie beyond the heavy ball's limit, and how many of
 * those (and of the others) diverged. */
static void map_counts(const struct context *c, const struct optimizers *r, long long *beyond,
                       long long *beyond_div, long long *inside_div)
{
	*beyond = *beyond_div = *inside_div = 0;
	for (size_t j = 0; j < MAP_N; j++)
		for (size_t i = 0; i < MAP_N; i++) {
			int out = r->alpha[i] >= momentum_critical_lr(c->a.lambda_max, r->beta[j]);
			int div = r->map[j][i].diverged;
			*beyond += out;
			*beyond_div += out && div;
			*inside_div += !out && div;
		}
}

/* Adds the entry `key`, rendered as plain text with the values of `from`,
 * to v as the program's text {{name}}. */
static void add_part(struct doc *d, struct vars *v, const char *name, const char *key,
                     const struct vars *from)
{
	char *text = doc_plain(d, key, from);

	if (text)
		vars_program(v, name, text);
	free(text);
}

/* Whether the fastest cell is the computed pair's or next to it. */
static int next_to(size_t i, size_t j, size_t oi, size_t oj)
{
	return (i + 1 >= oi && i <= oi + 1) && (j + 1 >= oj && j <= oj + 1);
}

static void write_map_doc(const struct context *c, const struct optimizers *r, struct doc *d)
{
	char *image = section_image(c, d, FIG_MOMENTUM_MAP);
	const struct cell *opt = &r->map[r->opt_j][r->opt_i];
	long long beyond, beyond_div, inside_div;
	struct vars v = { .n = 0 };

	map_counts(c, r, &beyond, &beyond_div, &inside_div);
	vars_int(&v, "cells", MAP_CELLS);
	vars_int(&v, "side", MAP_N);
	vars_rate(&v, "alpha_lo", r->alpha[0]);
	vars_rate(&v, "alpha_hi", r->alpha[MAP_N - 1]);
	vars_numf(&v, "beta_hi", "%.4g", r->beta[MAP_N - 1]);
	vars_int(&v, "cap", r->map_cap);
	vars_int(&v, "beyond", beyond);
	vars_int(&v, "beyond_diverged", beyond_div);
	vars_int(&v, "inside_diverged", inside_div);
	vars_int(&v, "rest", beyond - beyond_div);
	vars_rate(&v, "alpha_opt", r->alpha[r->opt_i]);
	vars_numf(&v, "beta_opt", "%.4g", r->beta[r->opt_j]);
	vars_int(&v, "k_opt", opt->k);
	if (r->any_reached) {
		vars_rate(&v, "alpha_best", r->alpha[r->best_i]);
		vars_numf(&v, "beta_best", "%.4g", r->beta[r->best_j]);
		vars_int(&v, "k_best", r->map[r->best_j][r->best_i].k);
	}
	doc_text(d, "optimizers.map.text", &v);
	add_part(d, &v, "limit", inside_div > 0 ? "optimizers.map.limit.some"
	                         : beyond_div == beyond ? "optimizers.map.limit.all"
	                                                : "optimizers.map.limit.slow", &v);
	add_part(d, &v, "computed", opt->reached ? "optimizers.map.computed.reached"
	                                         : "optimizers.map.computed.capped", &v);
	/* At the fastest cell's beta, the steps between these leave both
	 * directions with complex roots of modulus sqrt(beta) (docs/math.md,
	 * 9.3): (1 - sqrt(beta))^2 / lambda_min < lr < (1 + sqrt(beta))^2 /
	 * lambda_max. */
	int in_band = 0;
	if (r->any_reached) {
		double rb = sqrt(r->beta[r->best_j]);
		double lo = (1 - rb) * (1 - rb) / c->a.lambda_min, hi = (1 + rb) * (1 + rb) / c->a.lambda_max;
		in_band = r->best_j != r->opt_j && lo < hi && r->alpha[r->best_i] > lo &&
		          r->alpha[r->best_i] < hi && labs((long)r->best_j - (long)r->opt_j) <= 1;
		vars_rate(&v, "band_lo", lo);
		vars_rate(&v, "band_hi", hi);
		vars_numf(&v, "band_rate", "%.4g", rb);
		vars_numf(&v, "rate", "%.4g", c->a.momentum.rate);
		vars_int(&v, "away", labs((long)r->best_i - (long)r->opt_i));
	}
	add_part(d, &v, "fastest", !r->any_reached ? "optimizers.map.none"
	         : r->best_i == r->opt_i && r->best_j == r->opt_j ? "optimizers.map.same"
	         : next_to(r->best_i, r->best_j, r->opt_i, r->opt_j) ? "optimizers.map.next"
	         : in_band ? "optimizers.map.band" : "optimizers.map.apart", &v);
	if (image)
		doc_figure(d, image, "optimizers.map.alt", "optimizers.map.caption", &v);
	free(image);
	vars_free(&v);
}

static void write_noise_doc(const struct context *c, const struct optimizers *r, struct doc *d)
{
	char *image = section_image(c, d, FIG_BATCH_NOISE);
	size_t last = r->n_sizes - 1, mini = 0;
	double mean, lo, hi, all_lo = INFINITY, all_hi = -INFINITY;
	struct vars v = { .n = 0 };

	for (size_t s = 0; s < r->n_sizes; s++) {
		noise_stats(c, r, s, &mean, &lo, &hi);
		all_lo = fmin(all_lo, lo);
		all_hi = fmax(all_hi, hi);
		if (r->sizes[s] == MINI_BATCH)
			mini = s;
	}
	vars_int(&v, "n", (long long)c->d.n);
	vars_rate(&v, "lr", r->step);
	vars_int(&v, "updates", r->updates);
	vars_int(&v, "seeds", NOISE_SEEDS);
	vars_num(&v, "residual", r->noise.max_residual);
	vars_num(&v, "variance", r->noise.total);
	vars_num(&v, "floor1", r->floor[0]);
	vars_int(&v, "mini", MINI_BATCH);
	vars_num(&v, "floor_mini", r->floor[mini]);
	noise_stats(c, r, 0, &mean, &lo, &hi);
	vars_num(&v, "mean1", mean);
	vars_num(&v, "lo1", lo);
	vars_num(&v, "hi1", hi);
	vars_num(&v, "expected1", r->expected[0]);
	noise_stats(c, r, last, &mean, &lo, &hi);
	vars_num(&v, "mean_n", mean);
	vars_num(&v, "expected_n", r->expected[last]);
	vars_num(&v, "all_lo", all_lo);
	vars_num(&v, "all_hi", all_hi);
	doc_heading(d, 3, "batch-noise", "optimizers.noise.title", &v);
	doc_text(d, "optimizers.noise.text", &v);
	doc_text(d, r->noise.exact ? "optimizers.noise.exact"
	            : mini ? "optimizers.noise.floor" : "optimizers.noise.floor.small", &v);
	if (image)
		doc_figure(d, image, "optimizers.noise.alt", r->noise.exact ? "optimizers.noise.caption.exact"
		                                                            : "optimizers.noise.caption", &v);
	free(image);
	vars_free(&v);
}

/* The explorer: one panel per shown run, each with its card. */
static void write_explorer(const struct context *c, const struct optimizers *r, struct doc *d)
{
	struct shown s[SHOWN_MAX];
	size_t n = shown_runs(c, r, s);
	struct doc_tab tab[SHOWN_MAX];
	struct vars v[SHOWN_MAX];
	char *label[SHOWN_MAX] = { NULL }, *src[SHOWN_MAX] = { NULL };

	doc_heading(d, 3, "explore", "optimizers.explore.title", NULL);
	doc_text(d, "optimizers.explore.text", NULL);
	for (size_t i = 0; i < n; i++) {
		v[i] = (struct vars){ .n = 0 };
		label[i] = run_label(d, &s[i], "label");
		if (s[i].name) {
			src[i] = xasprintf("%s/%s.png", OUT_EXPLORER, s[i].name);
			run_vars(c, &r->run[s[i].m], &v[i]);
			count_words(d, &s[i], &v[i], "count");
		} else {
			char *lr = lr_dirname(s[i].lr);
			src[i] = lr ? xasprintf("%s/lr-%s.png", OUT_EXPLORER, lr) : NULL;
			free(lr);
			vars_lr(&v[i], "lr", s[i].lr);
			vars_num(&v[i], "loss", s[i].res->last.loss);
			vars_num(&v[i], "w", s[i].res->last.w);
			vars_num(&v[i], "b", s[i].res->last.b);
			count_words(d, &s[i], &v[i], "count");
		}
		if (!label[i] || !src[i]) {
			if (!d->failed)
				d->failed = nr_oom();
			n = i + 1;
			break;
		}
		vars_text(&v[i], "label", label[i]);
		static const char *const text[] = {
			[GD] = "optimizers.tab.lr", [GD_BEST] = "optimizers.tab.lr",
			[MOMENTUM] = "optimizers.tab.momentum", [NESTEROV] = "optimizers.tab.momentum",
			[ADAM] = "optimizers.tab.lr", [SGD] = "optimizers.tab.batch",
			[MINIBATCH] = "optimizers.tab.batch",
		};
		tab[i] = (struct doc_tab){ label[i], s[i].name ? text[s[i].m] : "optimizers.tab.compared",
		                           &v[i], src[i], "optimizers.tab.alt" };
	}
	if (!d->failed)
		doc_tabs(d, "explore", tab, n);
	for (size_t i = 0; i < n; i++) {
		vars_free(&v[i]);
		free(label[i]);
		free(src[i]);
	}
}

/* The first paragraphs: what the methods do, where they start and stop. */
static void write_intro(const struct context *c, const struct optimizers *r, struct doc *d)
{
	const struct opt_run *adam = &r->run[ADAM];
	struct vars v = { .n = 0 }, p = { .n = 0 };

	vars_num(&v, "condition", c->a.condition);
	vars_num(&v, "w0", c->cfg.w0);
	vars_num(&v, "b0", c->cfg.b0);
	vars_num(&v, "loss0", c->loss0);
	vars_num(&v, "loss_opt", c->a.loss_opt);
	vars_num(&v, "target", r->target);
	vars_int(&v, "cap", r->cap);
	vars_lr(&v, "lr", c->cfg.lr);
	vars_rate(&v, "gd_lr", c->a.gd.lr);
	vars_rate(&v, "step", r->step);
	vars_lr(&p, "lr", adam->cfg.lr);
	vars_int(&p, "n", (long long)r->n_adam);
	vars_lr(&p, "lo", r->adam_lr[0]);
	vars_lr(&p, "hi", r->adam_lr[r->n_adam - 1]);
	vars_rate(&p, "step", r->step);
	vars_lr(&p, "rate", c->cfg.lr);
	vars_int(&p, "batch", MINI_BATCH);
	add_part(d, &v, "adam", r->adam_k[r->adam_best] >= 0 ? "optimizers.adam.fastest"
	                                                     : "optimizers.adam.lowest", &p);
	add_part(d, &v, "stochastic", r->n > MINIBATCH
	         ? (r->step < c->cfg.lr ? "optimizers.stochastic.batch.lowered" : "optimizers.stochastic.batch")
	         : (r->step < c->cfg.lr ? "optimizers.stochastic.lowered" : "optimizers.stochastic"), &p);
	doc_heading(d, 2, "optimizers", "optimizers.title", &v);
	doc_text(d, "optimizers.text", &v);
	doc_formulas(d, "optimizers.formulas", &v);
	doc_text(d, "optimizers.setup", &v);
	if (c->cfg.gradient != GRADIENT_EXACT)
		doc_text(d, "optimizers.exact_only", &v);
	vars_free(&p);
	vars_free(&v);
}

/* Every run's count to the target, as one text ("gd, lr 1e-4: 32957 updates; ..."). */
static void counts_text(const struct context *c, const struct optimizers *r, struct doc *d,
                        struct vars *v)
{
	char *all = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&all, &len);
	struct shown s[SHOWN_MAX];

	if (!fp) {
		d->failed = d->failed ? d->failed : nr_oom();
		return;
	}
	shown_runs(c, r, s);
	for (size_t i = 0; i < r->n && !d->failed; i++) {
		struct vars w = { .n = 0 };
		char *label = run_label(d, &s[i], "label");
		if (label)
			vars_text(&w, "label", label);
		count_words(d, &s[i], &w, "count");
		char *one = label ? doc_plain(d, "optimizers.panel", &w) : NULL;
		if (one)
			fprintf(fp, "%s%s", i ? "; " : "", one);
		free(one);
		free(label);
		vars_free(&w);
	}
	if (fclose(fp) != 0 && !d->failed)
		d->failed = nr_oom();
	if (!d->failed)
		vars_program(v, "counts", all);
	free(all);
}

static void write_doc(const struct context *c, const void *result, struct doc *d)
{
	const struct optimizers *r = result;
	struct vars v = { .n = 0 };

	if (r->at_minimum) {
		vars_num(&v, "loss0", c->loss0);
		doc_heading(d, 2, "optimizers", "optimizers.title", &v);
		doc_text(d, "optimizers.at_minimum", &v);
		vars_free(&v);
		return;
	}
	char *loss = section_image(c, d, FIG_OPT_LOSS), *paths = section_image(c, d, FIG_OPT_PATHS);

	write_intro(c, r, d);
	counts_text(c, r, d, &v);
	vars_num(&v, "target", r->target);
	vars_int(&v, "cap", r->cap);
	if (loss)
		doc_figure(d, loss, "optimizers.loss.alt", "optimizers.loss.caption", &v);
	write_table(c, r, d);
	write_momentum_gap(c, r, d);
	vars_numf(&v, "ratio", "%.3g", sqrt(c->a.condition));
	if (paths)
		doc_figure(d, paths, "optimizers.paths.alt", "optimizers.paths.caption", &v);
	write_map_doc(c, r, d);
	write_noise_doc(c, r, d);
	write_explorer(c, r, d);
	free(loss);
	free(paths);
	vars_free(&v);
}

/* The race to the target, then the heavy ball's map; nothing when the run
 * starts at the minimum. */
static void slides(const struct context *c, const void *result, struct deck *k)
{
	const struct optimizers *r = result;
	static const char *const race[] = {
		"optimizers.slide.gd", "optimizers.slide.momentum", "optimizers.slide.adam", NULL,
	};
	const char *map[] = { "optimizers.slide.computed", "optimizers.slide.fastest", NULL };
	struct shown s[SHOWN_MAX];
	struct vars v = { .n = 0 };

	if (r->at_minimum)
		return;
	shown_runs(c, r, s);
	static const struct { enum method m; const char *name; } counts[] = {
		{ GD, "gd" }, { MOMENTUM, "momentum" }, { ADAM, "adam" },
	};
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
		count_words(k->doc, &s[counts[i].m], &v, counts[i].name);
	vars_lr(&v, "gd_lr", r->run[GD].cfg.lr);
	vars_numf(&v, "beta", "%.4g", r->run[MOMENTUM].cfg.optim.momentum);
	vars_rate(&v, "adam_lr", r->run[ADAM].cfg.lr);
	char *image = section_image(c, k->doc, FIG_OPT_LOSS);
	deck_slide(k, "optimizers.slide.title", &v);
	if (image)
		deck_figure(k, image, "optimizers.loss.alt", race, &v);
	free(image);

	const struct cell *opt = &r->map[r->opt_j][r->opt_i];
	vars_count(k->doc, &v, "updates_opt", "count.update", opt->k);
	vars_rate(&v, "alpha_opt", r->alpha[r->opt_i]);
	vars_numf(&v, "beta_opt", "%.4g", r->beta[r->opt_j]);
	if (r->any_reached) {
		vars_count(k->doc, &v, "updates_best", "count.update", r->map[r->best_j][r->best_i].k);
		vars_rate(&v, "alpha_best", r->alpha[r->best_i]);
		vars_numf(&v, "beta_best", "%.4g", r->beta[r->best_j]);
	}
	/* Only counts that reached the target. */
	if (!opt->reached) {
		map[0] = map[1];
		map[1] = NULL;
	}
	if (!r->any_reached)
		map[0] = NULL;
	image = section_image(c, k->doc, FIG_MOMENTUM_MAP);
	deck_slide(k, "optimizers.slide.map.title", &v);
	if (image)
		deck_figure(k, image, "optimizers.map.alt", map, &v);
	free(image);
	vars_free(&v);
}

const struct section section_optimizers = {
	.name = "optimizers", .needs = &section_comparison,
	.size = sizeof(struct optimizers),
	.compute = compute, .emit = emit, .write = write_doc, .release = release,
	.slides = slides,
};
