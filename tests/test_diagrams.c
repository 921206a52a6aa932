/*
 * test_diagrams.c - the chain rule of one sample against the model code,
 * finite differences and the numbers worked by hand; chain.csv and the SVG
 * figures checked against the model code; steps.csv against a run done
 * directly; --example validation.
 *
 * "Exact" here means bit for bit: chain.csv holds "%.17g" values, which
 * round-trip a double, and each must equal what neuron_forward /
 * neuron_loss / neuron_backward return for the one-sample data set. The
 * figures show those values with "%.6g"; the SVG must carry exactly that
 * text, so a student can search for and copy every number.
 */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "output/afile.h"
#include "model/analysis.h"
#include "model/data.h"
#include "report/diagrams.h"
#include "base/err.h"
#include "helpers.h"
#include "model/neuron.h"
#include "suites.h"
#include "model/train.h"

/* The article's worked example: 42 Celsius, 107.6 Fahrenheit, w = 0.8, b = 0. */
static void article_chain(struct chain *c)
{
	struct options o = { .data = NULL };
	struct analysis a = { 0 };
	chain_compute(42, example_target(&o, &a, 42), 0.8, 0, c);
}

static void test_chain_matches_the_model_code_bit_for_bit(void)
{
	const double xs[] = { 42, -50, 1e6, -3.25 }, ws[] = { 0.8, -1.5, 1e-3, 2 },
	             bs[] = { 0, 32, -7.5, 1e3 };

	for (size_t i = 0; i < 4; i++) {
		double x = xs[i], y = x * 9 / 5 + 32, out, dout, dw, db, dwa, dba;
		struct chain c;

		chain_compute(x, y, ws[i], bs[i], &c);
		neuron_forward(1, &x, ws[i], bs[i], &out);
		neuron_backward(1, &x, &y, &out, GRADIENT_EXACT, &dout, &dw, &db);
		ASSERT_SAME_DOUBLE(c.out, out);
		ASSERT_SAME_DOUBLE(c.loss, neuron_loss(1, &out, &y));
		ASSERT_SAME_DOUBLE(c.g_out, dout);
		ASSERT_SAME_DOUBLE(c.g_w, dw);
		ASSERT_SAME_DOUBLE(c.g_b, db);
		neuron_backward(1, &x, &y, &out, GRADIENT_ARTICLE, &dout, &dwa, &dba);
		ASSERT_SAME_DOUBLE(c.dw_article, dwa);
		/* The graph's own steps agree with the model's fused ones. */
		ASSERT_SAME_DOUBLE(c.xw + c.b, c.out);
		ASSERT_SAME_DOUBLE(c.sq / 1.0, c.loss);
		ASSERT_SAME_DOUBLE(c.g_diff, c.g_out);   /* 1 * (2 d) == 2 d / 1 */
		ASSERT_SAME_DOUBLE(c.g_xw * c.x, c.g_w);
		ASSERT_SAME_DOUBLE(c.g_xw, c.g_b);
		ASSERT_SAME_DOUBLE(c.g_xw * c.w, c.g_x);
	}
}

/* The article's numbers, worked by hand: 42 * 0.8 = 33.6, 33.6 - 107.6 = -74,
 * 74^2 = 5476, 2 * -74 = -148, -148 * 42 = -6216, -148 * 0.8 = -118.4.
 * 33.6 and 107.6 are not doubles, so allow a few ulps (1e-12 relative). */
static void test_chain_reproduces_the_hand_calculation_of_the_article(void)
{
	struct chain c;

	article_chain(&c);
	ASSERT_SAME_DOUBLE(c.y, 107.6);
	CU_ASSERT_DOUBLE_EQUAL(c.out, 33.6, 1e-12 * 33.6);
	CU_ASSERT_DOUBLE_EQUAL(c.diff, -74, 1e-12 * 74);
	CU_ASSERT_DOUBLE_EQUAL(c.loss, 5476, 1e-12 * 5476);
	CU_ASSERT_DOUBLE_EQUAL(c.g_out, -148, 1e-12 * 148);
	CU_ASSERT_DOUBLE_EQUAL(c.g_w, -6216, 1e-12 * 6216);
	CU_ASSERT_DOUBLE_EQUAL(c.g_b, -148, 1e-12 * 148);
	CU_ASSERT_DOUBLE_EQUAL(c.g_x, -118.4, 1e-12 * 118.4);
	CU_ASSERT_DOUBLE_EQUAL(c.dw_article, 33.6 * -148, 1e-12 * 4972.8);
	ASSERT_SAME_DOUBLE(c.g_loss, 1.0);
	ASSERT_SAME_DOUBLE(c.g_sq, 1.0);
}

static double one_loss(double x, double y, double w, double b)
{
	double d = x * w + b - y;
	return d * d;
}

/* Central differences with step h have error O(h^2 L'''), zero for this
 * quadratic, so what is left is rounding: |L| eps / h ~ 1e-8 relative. */
static void test_chain_gradients_match_finite_differences(void)
{
	const double xs[] = { 42, -50, 1000, -3.25 };

	for (size_t i = 0; i < 4; i++) {
		double x = xs[i], y = x * 9 / 5 + 32, w = 0.8, b = 0.3, h = 1e-4;
		struct chain c;

		chain_compute(x, y, w, b, &c);
		double fw = (one_loss(x, y, w + h, b) - one_loss(x, y, w - h, b)) / (2 * h);
		double fb = (one_loss(x, y, w, b + h) - one_loss(x, y, w, b - h)) / (2 * h);
		double fx = (one_loss(x + h, y, w, b) - one_loss(x - h, y, w, b)) / (2 * h);
		CU_ASSERT_DOUBLE_EQUAL(c.g_w, fw, 1e-6 * fmax(1, fabs(fw)));
		CU_ASSERT_DOUBLE_EQUAL(c.g_b, fb, 1e-6 * fmax(1, fabs(fb)));
		CU_ASSERT_DOUBLE_EQUAL(c.g_x, fx, 1e-6 * fmax(1, fabs(fx)));
		/* ARTICLE.md: the article's formula is w dL/dw + b dL/db. */
		CU_ASSERT_DOUBLE_EQUAL(c.dw_article, w * c.g_w + b * c.g_b,
		                       1e-12 * fmax(1, fabs(c.dw_article)));
	}
}

static void test_example_target_follows_the_data(void)
{
	struct dataset d;
	struct analysis a;
	struct options o = { .data = NULL };

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), NR_OK);
	analysis_compute(&d, &a);
	/* The article's own samples: the same double as data.c builds. */
	for (size_t i = 0; i < d.n; i++)
		ASSERT_SAME_DOUBLE(example_target(&o, &a, d.x[i]), d.y[i]);
	/* User data: the least-squares line through it. */
	o.data = "some.csv";
	a.w_opt = 2.5;
	a.b_opt = -1;
	ASSERT_SAME_DOUBLE(example_target(&o, &a, 4), 9.0);
	dataset_free(&d);
}

/* Runs `report` into a fresh directory; returns it (caller removes it). */
static char *report_into(const char *format, const char *extra, const char *extra_val)
{
	char *dir = tmpdir_new();
	struct proc p;

	run_neuron(&p, "report", "--w0", "0.8", "--b0", "0", "--format", format,
	           "--out", dir, extra, extra_val, NULL);
	CU_ASSERT_EQUAL(p.status, 0);
	if (p.status)
		fprintf(stderr, "\n%s", p.err);
	proc_free(&p);
	return dir;
}

static char *read_in(const char *dir, const char *name)
{
	char *path = path_join(dir, name);
	char *text = slurp(path, NULL);
	free(path);
	return text;
}

/* Does the SVG hold `text` as the end of one text element? */
static int svg_has(const char *svg, const char *text)
{
	char *needle = xasprintf("%s</text>", text);
	int found = strstr(svg, needle) != NULL;
	free(needle);
	return found;
}

static void test_graph_is_given_exactly_the_model_values_and_shows_them_as_text(void)
{
	char *dir = report_into("svg", NULL, NULL);
	char *chain_path = path_join(dir, "chain.csv");
	char *svg = read_in(dir, "graph.svg");
	struct table t;
	struct chain c;

	article_chain(&c);
	/* Recomputed here from the model functions alone. */
	double x = 42, y = 42.0 * 9 / 5 + 32, out, dout, dw, db;
	neuron_forward(1, &x, 0.8, 0, &out);
	neuron_backward(1, &x, &y, &out, GRADIENT_EXACT, &dout, &dw, &db);
	const struct { const char *key; double v; int shown; } want[] = {
		{ "x", x, 1 }, { "y", y, 1 }, { "w", 0.8, 1 }, { "b", 0, 1 },
		{ "xw", x * 0.8, 1 }, { "out", out, 1 }, { "diff", out - y, 1 },
		{ "sq", (out - y) * (out - y), 1 }, { "loss", neuron_loss(1, &out, &y), 1 },
		{ "g_loss", 1, 1 }, { "g_sq", 1, 1 }, { "g_diff", dout, 1 },
		{ "g_out", dout, 1 }, { "g_xw", dout, 1 }, { "g_b", db, 1 },
		{ "g_w", dw, 1 }, { "g_x", dout * 0.8, 1 }, { "dw_article", out * dout, 0 },
	};
	size_t n = sizeof want / sizeof want[0];

	CU_ASSERT_PTR_NOT_NULL_FATAL(svg);
	CU_ASSERT_EQUAL_FATAL(table_read(chain_path, &t), NR_OK);
	CU_ASSERT_EQUAL(t.rows, n + 1);
	CU_ASSERT_EQUAL(t.cols, 3);
	CU_ASSERT(!t.ragged);
	for (size_t i = 0; i < n && i + 1 < t.rows; i++) {
		char shown[64];
		CU_ASSERT_STRING_EQUAL(table_at(&t, i + 1, 0), want[i].key);
		ASSERT_SAME_DOUBLE(table_num(&t, i + 1, 1), want[i].v);
		snprintf(shown, sizeof shown, "%.6g", want[i].v);
		if (want[i].shown && !svg_has(svg, shown)) {
			CU_FAIL("a value of chain.csv is missing from graph.svg");
			fprintf(stderr, "\n%s = %s not in graph.svg\n", want[i].key, shown);
		}
	}
	/* The article's worked numbers, as a student would search for them. */
	const char *texts[] = { ">42<", ">107.6<", ">33.6<", ">-74<", ">5476<",
	                        "∂L/∂w = -6216<", "∂L/∂b = -148<", "∂L/∂x = -118.4<" };
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		CU_ASSERT_PTR_NOT_NULL(strstr(svg, texts[i]));
	table_free(&t);
	free(svg);
	free(chain_path);
	rm_rf(dir);
	free(dir);
}

static void test_network_shows_initial_and_final_parameters_of_the_run(void)
{
	char *dir = report_into("svg", NULL, NULL);
	char *svg = read_in(dir, "network.svg");
	char *trace_path = path_join(dir, "trace.csv");
	struct table t;
	char w[80], b[80];

	CU_ASSERT_PTR_NOT_NULL_FATAL(svg);
	CU_ASSERT_EQUAL_FATAL(table_read(trace_path, &t), NR_OK);
	/* 0.8 -> 1.7974 and 0 -> 27.6675 (ARTICLE.md's exact-gradient check
	 * values, printed with %.6g) */
	snprintf(w, sizeof w, "%.6g  →  %.6g", 0.8, table_num(&t, t.rows - 1, 2));
	snprintf(b, sizeof b, "%.6g  →  %.6g", 0.0, table_num(&t, t.rows - 1, 3));
	CU_ASSERT_STRING_EQUAL(w, "0.8  →  1.7974");
	CU_ASSERT_STRING_EQUAL(b, "0  →  27.6675");
	CU_ASSERT(svg_has(svg, w));
	CU_ASSERT(svg_has(svg, b));
	CU_ASSERT(svg_has(svg, "Celsius") && svg_has(svg, "Fahrenheit"));
	table_free(&t);
	free(trace_path);
	free(svg);
	rm_rf(dir);
	free(dir);
}

/* The first updates, straight from the trainer. */
struct first_states { struct train_state s[STEPS_SHOWN + 1]; };

static int keep_first(void *ctx, const struct train_state *s, int final)
{
	struct first_states *f = ctx;
	(void)final;
	if (s->k <= STEPS_SHOWN)
		f->s[s->k] = *s;
	return NR_OK;
}

static void test_steps_agree_with_a_run_done_directly_and_with_the_trace(void)
{
	char *dir = report_into("png", NULL, NULL);
	char *steps_path = path_join(dir, "steps.csv"), *trace_path = path_join(dir, "trace.csv");
	struct table st, tr;
	struct dataset d;
	struct analysis a;
	struct first_states f;
	struct train_result res;
	struct train_config cfg = { 1e-4, STEPS_SHOWN, 0.8, 0, GRADIENT_EXACT, NULL };
	static const char *const header[] = {
		"iteration", "loss", "weight", "bias", "dweight", "dbias",
		"lr_dweight", "lr_dbias", "new_weight", "new_bias"
	};

	CU_ASSERT_EQUAL_FATAL(dataset_article(&d), NR_OK);
	analysis_compute(&d, &a);
	CU_ASSERT_EQUAL_FATAL(train_run(&d, &cfg, &a, keep_first, &f, &res), NR_OK);
	CU_ASSERT_EQUAL_FATAL(table_read(steps_path, &st), NR_OK);
	CU_ASSERT_EQUAL_FATAL(table_read(trace_path, &tr), NR_OK);
	CU_ASSERT_EQUAL_FATAL(st.rows, STEPS_SHOWN + 1);
	CU_ASSERT_EQUAL_FATAL(st.cols, 10);
	for (size_t j = 0; j < 10; j++)
		CU_ASSERT_STRING_EQUAL(table_at(&st, 0, j), header[j]);
	for (size_t k = 0; k < STEPS_SHOWN; k++) {
		const struct train_state *s = &f.s[k], *next = &f.s[k + 1];
		size_t r = k + 1;
		CU_ASSERT_EQUAL(table_num(&st, r, 0), (double)k);
		ASSERT_SAME_DOUBLE(table_num(&st, r, 1), s->loss);
		ASSERT_SAME_DOUBLE(table_num(&st, r, 2), s->w);
		ASSERT_SAME_DOUBLE(table_num(&st, r, 3), s->b);
		ASSERT_SAME_DOUBLE(table_num(&st, r, 4), s->dw);
		ASSERT_SAME_DOUBLE(table_num(&st, r, 5), s->db);
		ASSERT_SAME_DOUBLE(table_num(&st, r, 6), 1e-4 * s->dw);
		ASSERT_SAME_DOUBLE(table_num(&st, r, 7), 1e-4 * s->db);
		ASSERT_SAME_DOUBLE(table_num(&st, r, 8), next->w);
		ASSERT_SAME_DOUBLE(table_num(&st, r, 9), next->b);
		/* new = old - step, and the trace's next row holds it */
		ASSERT_SAME_DOUBLE(table_num(&st, r, 2) - table_num(&st, r, 6), table_num(&st, r, 8));
		ASSERT_SAME_DOUBLE(table_num(&st, r, 3) - table_num(&st, r, 7), table_num(&st, r, 9));
		ASSERT_SAME_DOUBLE(table_num(&st, r, 8), table_num(&tr, r + 1, 2));
		ASSERT_SAME_DOUBLE(table_num(&st, r, 9), table_num(&tr, r + 1, 3));
	}
	/* ARTICLE.md: the initial loss at (0.8, 0) is 1825.5. */
	ASSERT_SAME_DOUBLE(table_num(&st, 1, 1), 1825.5);
	table_free(&st);
	table_free(&tr);
	dataset_free(&d);
	free(steps_path);
	free(trace_path);
	rm_rf(dir);
	free(dir);
}

static void test_a_sparse_trace_leaves_steps_empty_and_says_why(void)
{
	char *dir = report_into("png", "--trace-every", "2");
	char *steps_path = path_join(dir, "steps.csv");
	char *md = read_in(dir, "report.md");
	struct table t;

	CU_ASSERT_EQUAL_FATAL(table_read(steps_path, &t), NR_OK);
	CU_ASSERT_EQUAL(t.rows, 1);   /* the header only */
	CU_ASSERT_PTR_NOT_NULL_FATAL(md);
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "--trace-every"));
	table_free(&t);
	free(md);
	free(steps_path);
	rm_rf(dir);
	free(dir);
}

static void test_worked_example_spells_out_the_hand_calculation(void)
{
	char *dir = report_into("png", NULL, NULL);
	char *md = read_in(dir, "report.md");
	const char *lines[] = {
		"x*w  = 42 * 0.8 = 33.6", "diff = out - y = 33.6 - 107.6 = -74",
		"dL/dw    = dL/d(xw) * x = -148 * 42 = -6216",
		"| update | k = 0 | k = 1 | k = 2 |",
		"| loss L | 1825.5 | 1580.0609 |",
		"| dL/dw | -1635 | -1362.4518 |",
		"| lr * dL/dw | -0.1635 | -0.13624518 |",
		"| new w = w - lr * dL/dw | 0.9635 | 1.0997452 |",
		"| new b = b - lr * dL/db | 0.0063 | 0.01261509 |",
		"w went from 0.8 to 1.7974 and b from 0 to 27.6675",
		"instead of dL/dw = -6216",
	};

	CU_ASSERT_PTR_NOT_NULL_FATAL(md);
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		if (!strstr(md, lines[i])) {
			CU_FAIL("report.md lacks a line");
			fprintf(stderr, "\nmissing: %s\n", lines[i]);
		}
	free(md);
	rm_rf(dir);
	free(dir);
}

static void test_examples_outside_the_data_are_drawn_but_must_be_finite(void)
{
	const char *bad[] = { "nan", "inf", "-inf", "1e400", "12abc", "" };
	char *dir = report_into("png", "--example", "-1000");
	char *chain_path = path_join(dir, "chain.csv");
	struct table t;
	struct chain c;

	/* Far outside -50..49: still one sample, still exact. */
	CU_ASSERT_EQUAL_FATAL(table_read(chain_path, &t), NR_OK);
	chain_compute(-1000, -1000.0 * 9 / 5 + 32, 0.8, 0, &c);
	ASSERT_SAME_DOUBLE(table_num(&t, 1, 1), -1000.0);
	ASSERT_SAME_DOUBLE(table_num(&t, 16, 1), c.g_w);
	CU_ASSERT_STRING_EQUAL(table_at(&t, 16, 0), "g_w");
	table_free(&t);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct proc p;
		run_neuron(&p, "report", "--out", dir, "--example", bad[i], NULL);
		CU_ASSERT_EQUAL(p.status, 2);
		CU_ASSERT_EQUAL(count_lines(p.err), 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(p.err, "--example"));
		proc_free(&p);
	}
	free(chain_path);
	rm_rf(dir);
	free(dir);
}

static void test_both_figures_exist_in_every_format(void)
{
	const char *formats[] = { "png", "svg", "pdf" };

	for (int f = 0; f < 3; f++) {
		char *dir = report_into(formats[f], NULL, NULL);
		check_image(dir, "network", formats[f]);
		check_image(dir, "graph", formats[f]);
		rm_rf(dir);
		free(dir);
	}
}

int suite_diagrams(void)
{
	CU_pSuite s = CU_add_suite("diagrams", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_chain_matches_the_model_code_bit_for_bit);
	CU_ADD_TEST(s, test_chain_reproduces_the_hand_calculation_of_the_article);
	CU_ADD_TEST(s, test_chain_gradients_match_finite_differences);
	CU_ADD_TEST(s, test_example_target_follows_the_data);
	CU_ADD_TEST(s, test_graph_is_given_exactly_the_model_values_and_shows_them_as_text);
	CU_ADD_TEST(s, test_network_shows_initial_and_final_parameters_of_the_run);
	CU_ADD_TEST(s, test_steps_agree_with_a_run_done_directly_and_with_the_trace);
	CU_ADD_TEST(s, test_a_sparse_trace_leaves_steps_empty_and_says_why);
	CU_ADD_TEST(s, test_worked_example_spells_out_the_hand_calculation);
	CU_ADD_TEST(s, test_examples_outside_the_data_are_drawn_but_must_be_finite);
	CU_ADD_TEST(s, test_both_figures_exist_in_every_format);
	return CU_get_error();
}
