/*
 * suites.h - one suite per module, one test file per suite. Each file
 * defines `int suite_<module>(void)` that adds its suite and tests and
 * returns a CU_ErrorCode; add it to the table below.
 */
#ifndef NR_TEST_SUITES_H
#define NR_TEST_SUITES_H

int suite_data(void);
int suite_neuron(void);
int suite_analysis(void);
int suite_train(void);
int suite_trace(void);
int suite_csvio(void);
int suite_afile(void);
int suite_rng(void);
int suite_cli(void);
int suite_progress(void);
int suite_faults(void);
int suite_plot(void);
int suite_document(void);
int suite_diagrams(void);
int suite_sweep(void);
int suite_path(void);
int suite_gradcheck(void);
int suite_scaling(void);
int suite_lessons(void);
int suite_text(void);

static int (*const suites[])(void) = {
	suite_data,
	suite_neuron,
	suite_analysis,
	suite_train,
	suite_trace,
	suite_csvio,
	suite_afile,
	suite_rng,
	suite_cli,
	suite_progress,
	suite_faults,
	suite_plot,
	suite_document,
	suite_diagrams,
	suite_sweep,
	suite_path,
	suite_gradcheck,
	suite_scaling,
	suite_lessons,
	suite_text,
};

#endif
