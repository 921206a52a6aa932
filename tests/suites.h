/*
 * suites.h - one suite per module, one test file per suite, from the bottom
 * layer up (base, model, output, the report, the program). Each file
 * defines `int suite_<module>(void)` that adds its suite and tests and
 * returns a CU_ErrorCode; add it to the table below.
 */
#ifndef NR_TEST_SUITES_H
#define NR_TEST_SUITES_H

int suite_numfmt(void);
int suite_stop(void);
int suite_text(void);
int suite_csvio(void);
int suite_rng(void);
int suite_data(void);
int suite_neuron(void);
int suite_analysis(void);
int suite_optim(void);
int suite_batch(void);
int suite_gradnoise(void);
int suite_train(void);
int suite_path(void);
int suite_chain(void);
int suite_gradcheck(void);
int suite_scaling(void);
int suite_sweep(void);
int suite_math(void);
int suite_doc(void);
int suite_txn(void);
int suite_trace(void);
int suite_progress(void);
int suite_plot(void);
int suite_report(void);
int suite_figwords(void);
int suite_lang(void);
int suite_reuse(void);
int suite_optimizers(void);
int suite_latex(void);
int suite_deck(void);
int suite_cli(void);
int suite_faults(void);
int suite_hostile(void);
int suite_browser(void);

static int (*const suites[])(void) = {
	suite_numfmt,
	suite_stop,
	suite_text,
	suite_csvio,
	suite_rng,
	suite_data,
	suite_neuron,
	suite_analysis,
	suite_optim,
	suite_batch,
	suite_gradnoise,
	suite_train,
	suite_path,
	suite_chain,
	suite_gradcheck,
	suite_scaling,
	suite_sweep,
	suite_math,
	suite_doc,
	suite_txn,
	suite_trace,
	suite_progress,
	suite_plot,
	suite_report,
	suite_figwords,
	suite_lang,
	suite_reuse,
	suite_optimizers,
	suite_latex,
	suite_deck,
	suite_cli,
	suite_faults,
	suite_hostile,
	suite_browser,
};

#endif
