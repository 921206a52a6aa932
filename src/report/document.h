/*
 * document.h - report.html and report.md: the lecture notes of one run.
 *
 * Sections follow the article (problem, network, forward pass and loss,
 * backward pass and chain rule, update, training run) and go on to what it
 * leaves out. Every number in the text and the tables is taken from the
 * `struct report` of this run; figures are referred to by relative path so
 * the output folder can be copied anywhere. Both files are written through
 * an outset: they appear together, complete, or not at all.
 */
#ifndef NR_DOCUMENT_H
#define NR_DOCUMENT_H

#include "report/report.h"

int document_write(const struct report *r);

#endif
