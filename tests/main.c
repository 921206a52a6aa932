/*
 * main.c - the test runner: registers every module's suite and runs them
 * with CUnit's basic interface (its "Run Summary" is what CI reads).
 *
 * CU_basic_run_tests() returns 0 even when assertions fail, and
 * CU_cleanup_registry() resets the counters, so the failure count is read
 * first and the process exits 1 on any failure (never the count itself).
 *
 * With an argument, runs only the suite of that name (`make test SUITE=data`).
 */
#include <CUnit/Basic.h>
#include <stdio.h>

#include "helpers.h"
#include "reports.h"
#include "suites.h"

int main(int argc, char **argv)
{
	if (CU_initialize_registry() != CUE_SUCCESS) {
		fprintf(stderr, "test: cannot initialise CUnit: %s\n", CU_get_error_msg());
		return 1;
	}
	for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
		if (suites[i]() != CUE_SUCCESS) {
			fprintf(stderr, "test: cannot register a suite: %s\n", CU_get_error_msg());
			CU_cleanup_registry();
			return 1;
		}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_ErrorCode err;
	if (argc > 1 && argv[1][0]) {
		CU_pSuite s = CU_get_suite(argv[1]);
		if (!s) {
			fprintf(stderr, "test: no suite named '%s'\n", argv[1]);
			CU_cleanup_registry();
			return 1;
		}
		err = CU_basic_run_suite(s);
	} else {
		err = CU_basic_run_tests();
	}
	unsigned failures = CU_get_number_of_failure_records();
	unsigned run = CU_get_number_of_tests_run();
	CU_cleanup_registry();
	shared_reports_free();
	helpers_cleanup();
	if (err != CUE_SUCCESS || failures > 0 || run == 0) {
		fprintf(stderr, "test: FAILED (%u failure records, %u tests run)\n", failures, run);
		return 1;
	}
	return 0;
}
