/*
 * cli.h - the command line: `neuron train|report [options]`.
 *
 * cli_parse() fills `struct options` from argv. Every option is one row of
 * a table in cli.c (name, the commands it applies to, what it holds, its
 * range, its help line), so checking, defaults and --help cannot disagree.
 * A bad option or value prints one line to stderr naming the option, the
 * value (through text_shown(): at most 60 characters, no control
 * characters, valid UTF-8) and what is accepted, and returns
 * NR_EUSAGE. Strings in the struct point into argv.
 */
#ifndef NR_CLI_H
#define NR_CLI_H

#include "sections/section.h"

enum command { CMD_TRAIN, CMD_REPORT, CMD_HELP, CMD_VERSION };

struct options {
	enum command command;
	struct report_options report;   /* report.run: what `train` uses too */
	char *command_line;             /* the command that reproduces the run,
	                                   shell-quoted (cli_free releases it) */
};

/* Returns NR_OK, NR_EUSAGE or NR_ENOMEM. */
int cli_parse(int argc, char **argv, struct options *o);

/* Prints the usage text (for --help). */
void cli_usage(FILE *fp);

void cli_free(struct options *o);

#endif
