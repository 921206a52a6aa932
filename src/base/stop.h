/*
 * stop.h - the signals that stop a run, and waits that they end at once.
 *
 * SIGINT, SIGTERM and SIGHUP only set a flag (app/main.c), which a run
 * checks between its steps. A plain blocking wait would miss a signal that
 * came just before it began: the flag is set, but no system call is left
 * to interrupt, and the wait lasts until the awaited process ends on its
 * own (a gnuplot drawing a whole phase, pdflatex, another run holding the
 * lock). These waits block the stop signals, check the flag, and sleep in
 * ppoll(), which unblocks them atomically: a signal either came before the
 * check, which sees the flag, or ends the sleep.
 */
#ifndef NR_STOP_H
#define NR_STOP_H

#include <signal.h>
#include <sys/types.h>

/* SIGINT, SIGTERM and SIGHUP. */
void stop_signals(sigset_t *set);

/* Waits until process `pid` (a child of ours, left unreaped) has exited,
 * or *stop is set (stop may be NULL). Returns 0 when it exited, 1 when a
 * stop came first, -1 on an error (errno set). */
int stop_wait_exit(pid_t pid, const volatile sig_atomic_t *stop);

/* Sleeps `ms` milliseconds, or less when a stop comes: 0, or 1 when *stop
 * is set (stop may be NULL). */
int stop_sleep(int ms, const volatile sig_atomic_t *stop);

#endif
