/*
 * test_trace.c - trace.csv and predictions.csv parsed back with libcsv's
 * strict parser and compared with the states of a run done directly, the
 * row schedule, and byte-identical files across runs.
 */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/analysis.h"
#include "model/data.h"
#include "base/err.h"
#include "model/neuron.h"
#include "helpers.h"
#include "output/txn.h"
#include "suites.h"
#include "output/trace.h"
#include "model/train.h"

static const char *const trace_header[] = {
	"iteration", "loss", "weight", "bias", "dweight", "dbias"
};

/* Writes a run into a fresh directory; returns the directory. */
static char *write_run(double lr, long long iters, long long every,
                       struct train_result *res)
{
	struct dataset d;
	struct analysis a;
	struct train_config cfg = { .lr = lr, .iters = iters, .w0 = 0.8, .b0 = 0, .gradient = GRADIENT_EXACT };
	char *dir = tmpdir_new();

	struct txn t;
	struct txn_options o = { TXN_KEEP, 0, NULL };

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), 0);
	analysis_compute(&d, &a);
	CU_ASSERT_EQUAL_FATAL(txn_begin(&t, dir, &o), NR_OK);
	CU_ASSERT_EQUAL(trace_run(&t, "", every, &d, &a, &cfg, NULL, 0, res), NR_OK);
	CU_ASSERT_EQUAL(txn_commit(&t), NR_OK);
	txn_end(&t);
	dataset_free(&d);
	return dir;
}

struct last_state { struct train_state s[3]; long long n; };

static int keep(void *ctx, const struct train_state *s, int final)
{
	struct last_state *l = ctx;
	(void)final;
	if (s->k < 3)
		l->s[s->k] = *s;
	l->n++;
	return NR_OK;
}

static void test_trace_parses_back_to_the_states_of_the_run(void)
{
	struct train_result res;
	char *dir = write_run(1e-4, 10000, 0, &res);
	char *path = path_join(dir, "trace.csv");
	struct table t;

	CU_ASSERT_EQUAL_FATAL(table_read(path, &t), NR_OK);
	CU_ASSERT_FALSE(t.ragged);
	CU_ASSERT_EQUAL_FATAL(t.cols, 6);
	CU_ASSERT_EQUAL_FATAL(t.rows, 10002);   /* header + states 0..10000 */
	for (size_t c = 0; c < 6; c++)
		CU_ASSERT_STRING_EQUAL(table_at(&t, 0, c), trace_header[c]);

	/* Replay the first states by hand from the same start. */
	struct dataset d;
	struct analysis a;
	struct last_state ls = { 0 };
	struct train_config cfg = { .lr = 1e-4, .iters = 10000, .w0 = 0.8, .b0 = 0, .gradient = GRADIENT_EXACT };
	struct train_result again;
	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), 0);
	analysis_compute(&d, &a);
	CU_ASSERT_EQUAL(train_run(&d, &cfg, &a, &(struct observer){ keep, &ls }, 1, &again), NR_OK);
	for (size_t k = 0; k < 3; k++) {
		CU_ASSERT_EQUAL(table_num(&t, k + 1, 0), (double)k);
		ASSERT_SAME_DOUBLE(table_num(&t, k + 1, 1), ls.s[k].loss);
		ASSERT_SAME_DOUBLE(table_num(&t, k + 1, 2), ls.s[k].w);
		ASSERT_SAME_DOUBLE(table_num(&t, k + 1, 3), ls.s[k].b);
		ASSERT_SAME_DOUBLE(table_num(&t, k + 1, 4), ls.s[k].dw);
		ASSERT_SAME_DOUBLE(table_num(&t, k + 1, 5), ls.s[k].db);
	}
	/* Row 0 by hand: loss 1825.5 at (0.8, 0), as ARTICLE.md says. */
	ASSERT_SAME_DOUBLE(table_num(&t, 1, 1), 1825.5);
	/* The last row is the final state the run reported. */
	ASSERT_SAME_DOUBLE(table_num(&t, 10001, 2), res.last.w);
	ASSERT_SAME_DOUBLE(table_num(&t, 10001, 3), res.last.b);
	ASSERT_SAME_DOUBLE(table_num(&t, 10001, 1), res.last.loss);
	/* Every row's loss is the loss of its own (w, b). */
	for (size_t r = 1; r < t.rows; r += 997) {
		double dw, db;
		double l = neuron_loss_grad(d.n, d.x, d.y, table_num(&t, r, 2),
		                            table_num(&t, r, 3), GRADIENT_EXACT, &dw, &db);
		ASSERT_SAME_DOUBLE(table_num(&t, r, 1), l);
		ASSERT_SAME_DOUBLE(table_num(&t, r, 4), dw);
		ASSERT_SAME_DOUBLE(table_num(&t, r, 5), db);
	}
	table_free(&t);
	dataset_free(&d);
	free(path);
	rm_rf(dir);
	free(dir);
}

static void test_predictions_hold_the_data_and_both_lines(void)
{
	struct train_result res;
	char *dir = write_run(1e-4, 500, 0, &res);
	char *path = path_join(dir, "predictions.csv");
	struct table t;

	CU_ASSERT_EQUAL_FATAL(table_read(path, &t), NR_OK);
	CU_ASSERT_EQUAL_FATAL(t.cols, 4);
	CU_ASSERT_EQUAL_FATAL(t.rows, 101);
	CU_ASSERT_STRING_EQUAL(table_at(&t, 0, 0), "celsius");
	CU_ASSERT_STRING_EQUAL(table_at(&t, 0, 1), "actual");
	CU_ASSERT_STRING_EQUAL(table_at(&t, 0, 2), "before");
	CU_ASSERT_STRING_EQUAL(table_at(&t, 0, 3), "after");
	for (size_t r = 1; r < t.rows; r++) {
		double c = -51 + (double)r;
		ASSERT_SAME_DOUBLE(table_num(&t, r, 0), c);
		ASSERT_SAME_DOUBLE(table_num(&t, r, 1), c * 9 / 5 + 32);
		ASSERT_SAME_DOUBLE(table_num(&t, r, 2), c * 0.8 + 0);
		ASSERT_SAME_DOUBLE(table_num(&t, r, 3), c * res.last.w + res.last.b);
	}
	table_free(&t);
	free(path);
	rm_rf(dir);
	free(dir);
}

static long long rows_for(long long iters, long long every, long long *last)
{
	struct train_result res;
	char *dir = write_run(1e-5, iters, every, &res);
	char *path = path_join(dir, "trace.csv");
	struct table t;

	CU_ASSERT_EQUAL_FATAL(table_read(path, &t), NR_OK);
	long long n = (long long)t.rows - 1;
	*last = (long long)table_num(&t, t.rows - 1, 0);
	/* Iterations strictly increase. */
	for (size_t r = 2; r < t.rows; r++)
		CU_ASSERT(table_num(&t, r, 0) > table_num(&t, r - 1, 0));
	table_free(&t);
	free(path);
	rm_rf(dir);
	free(dir);
	return n;
}

static void test_trace_schedule_keeps_first_and_final_rows(void)
{
	long long last;

	/* every 7 over 100: 0, 7, ..., 98, then the final 100 */
	CU_ASSERT_EQUAL(rows_for(100, 7, &last), 15 + 1);
	CU_ASSERT_EQUAL(last, 100);
	/* default: dense to 10000, then 1000 per decade up to 1e5 */
	long long n = rows_for(100000, 0, &last);
	CU_ASSERT_EQUAL(last, 100000);
	CU_ASSERT(n >= 10001 + 990 && n <= 10001 + 1001);
}

/* Determinism only: the values are checked by the tests above. */
static void test_two_runs_write_byte_identical_files_determinism_only(void)
{
	struct train_result r1, r2;
	char *d1 = write_run(5e-4, 3000, 0, &r1), *d2 = write_run(5e-4, 3000, 0, &r2);
	const char *names[] = { "trace.csv", "predictions.csv" };

	for (int i = 0; i < 2; i++) {
		char *p1 = path_join(d1, names[i]), *p2 = path_join(d2, names[i]);
		size_t n1, n2;
		char *a = slurp(p1, &n1), *b = slurp(p2, &n2);
		CU_ASSERT_PTR_NOT_NULL_FATAL(a);
		CU_ASSERT_PTR_NOT_NULL_FATAL(b);
		CU_ASSERT(n1 > 0 && n1 == n2 && memcmp(a, b, n1) == 0);
		free(a); free(b); free(p1); free(p2);
	}
	rm_rf(d1); rm_rf(d2);
	free(d1); free(d2);
}

/* ---- the optimizers' columns ----------------------------------------------- */

struct all_states { struct train_state *s; size_t n, cap; };

static int keep_all(void *ctx, const struct train_state *s, int final)
{
	struct all_states *a = ctx;
	(void)final;
	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 1024;
		if (!(a->s = realloc(a->s, a->cap * sizeof *a->s)))
			return NR_ENOMEM;
	}
	a->s[a->n++] = *s;
	return NR_OK;
}

/*
 * Each kind of run writes its own columns after the six of plain descent,
 * in the order trace.h gives, and every row parses back to the state the
 * run observed (a second, direct run of the same configuration): batch_loss
 * for mini-batches, the velocity for momentum and nesterov, Adam's raw
 * moments. Full-batch gd keeps exactly the six columns.
 */
static void test_each_optimizer_writes_its_state_columns_and_they_parse_back(void)
{
	static const struct {
		enum optimizer kind;
		size_t batch;
		const char *header;
	} cases[] = {
		{ OPTIM_GD, 0, "" },
		{ OPTIM_GD, 100, "" },
		{ OPTIM_GD, 10, "batch_loss" },
		{ OPTIM_MOMENTUM, 0, "vweight,vbias" },
		{ OPTIM_NESTEROV, 0, "vweight,vbias" },
		{ OPTIM_ADAM, 0, "mweight,mbias,vweight,vbias" },
		{ OPTIM_ADAM, 1, "batch_loss,mweight,mbias,vweight,vbias" },
	};
	struct dataset d;
	struct analysis a;

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), 0);
	analysis_compute(&d, &a);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct train_config cfg = { .lr = cases[i].kind == OPTIM_ADAM ? 0.1 : 3e-4,
		                            .iters = 500, .w0 = 0.8, .b0 = 0,
		                            .gradient = GRADIENT_EXACT, .optim = optim_params_default(),
		                            .batch = cases[i].batch, .shuffle_seed = 99 };
		cfg.optim.kind = cases[i].kind;
		char *dir = tmpdir_new(), *path = path_join(dir, "trace.csv");
		struct txn t;
		struct txn_options o = { TXN_KEEP, 0, NULL };
		struct train_result res;
		struct all_states ref = { 0 };
		struct table tab;

		CU_ASSERT_EQUAL_FATAL(txn_begin(&t, dir, &o), NR_OK);
		CU_ASSERT_EQUAL(trace_run(&t, "", 0, &d, &a, &cfg, NULL, 0, &res), NR_OK);
		CU_ASSERT_EQUAL(txn_commit(&t), NR_OK);
		txn_end(&t);
		CU_ASSERT_EQUAL(train_run(&d, &cfg, &a, &(struct observer){ keep_all, &ref }, 1, &res), NR_OK);
		CU_ASSERT_EQUAL_FATAL(table_read(path, &tab), NR_OK);

		/* The header: the six, then the case's own, comma-separated. */
		char *want = strdup(cases[i].header), *names[5];
		size_t extra = 0;
		for (char *tok = strtok(want, ","); tok && extra < 5; tok = strtok(NULL, ","))
			names[extra++] = tok;
		CU_ASSERT_EQUAL(tab.cols, 6 + extra);
		CU_ASSERT_EQUAL_FATAL(tab.rows, 502);
		for (size_t c = 0; c < 6 && c < tab.cols; c++)
			CU_ASSERT_STRING_EQUAL(table_at(&tab, 0, c), trace_header[c]);
		for (size_t c = 0; c < extra && 6 + c < tab.cols; c++)
			CU_ASSERT_STRING_EQUAL(table_at(&tab, 0, 6 + c), names[c]);

		/* Every row: its value for each column, from the state. */
		size_t bad = 0;
		for (size_t r = 1; r < tab.rows && tab.cols == 6 + extra; r++) {
			const struct train_state *st = &ref.s[r - 1];
			double base[6] = { (double)st->k, st->loss, st->w, st->b, st->dw, st->db };
			for (size_t c = 0; c < 6; c++)
				bad += !same_double(table_num(&tab, r, c), base[c]);
			for (size_t c = 0; c < extra; c++) {
				const char *n = names[c];
				double v = !strcmp(n, "batch_loss") ? st->batch_loss
				         : !strcmp(n, "mweight") ? st->opt.mw : !strcmp(n, "mbias") ? st->opt.mb
				         : !strcmp(n, "vweight") ? st->opt.vw : st->opt.vb;
				bad += !same_double(table_num(&tab, r, 6 + c), v);
			}
		}
		CU_ASSERT_EQUAL(bad, 0);
		/* The optimizer's state is really there: not all zero. */
		if (extra > 0)
			CU_ASSERT(table_num(&tab, 2, tab.cols - 1) != 0);
		free(want);
		table_free(&tab);
		free(ref.s);
		free(path);
		rm_rf(dir);
		free(dir);
	}
	dataset_free(&d);
}

int suite_trace(void)
{
	CU_pSuite s = CU_add_suite("trace", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_trace_parses_back_to_the_states_of_the_run);
	CU_ADD_TEST(s, test_predictions_hold_the_data_and_both_lines);
	CU_ADD_TEST(s, test_trace_schedule_keeps_first_and_final_rows);
	CU_ADD_TEST(s, test_two_runs_write_byte_identical_files_determinism_only);
	CU_ADD_TEST(s, test_each_optimizer_writes_its_state_columns_and_they_parse_back);
	return CU_get_error();
}
