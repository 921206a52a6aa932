/*
 * test_stop.c - base/stop.h: a stop signal ends a wait even when it came
 * before the wait began (pending, its handler not yet run: the moment a
 * plain blocking wait would miss), and a wait for a process ends when the
 * process does, leaving it unreaped.
 */
#include <CUnit/CUnit.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/stop.h"
#include "suites.h"

static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
	stop = sig;
}

/* A child that waits for its end (SIGKILL; after 10 s it ends itself, so
 * that a wait which misses the stop fails the test instead of hanging). */
static pid_t sleeper(void)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		alarm(10);
		for (;;)
			pause();
	}
	return pid;
}

static int running(pid_t pid)
{
	siginfo_t si = { 0 };
	return waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == 0;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Each of SIGINT, SIGTERM and SIGHUP, raised while blocked before a wait
 * for a process that never ends on its own and before a 60 s sleep, ends
 * both; the process is still running, and the handler ran. */
static void test_a_stop_pending_when_a_wait_begins_ends_it(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa = { .sa_handler = on_stop }, was[3];
	sigset_t stops, old;

	sigemptyset(&sa.sa_mask);
	stop_signals(&stops);
	for (int i = 0; i < 3; i++) {
		CU_ASSERT(sigismember(&stops, sigs[i]) == 1);
		sigaction(sigs[i], &sa, &was[i]);
	}
	pid_t child = sleeper();
	CU_ASSERT_FATAL(child > 0);
	for (int i = 0; i < 3; i++) {
		for (int sleep = 0; sleep < 2; sleep++) {
			sigprocmask(SIG_BLOCK, &stops, &old);
			stop = 0;
			raise(sigs[i]);
			CU_ASSERT_EQUAL(stop, 0);   /* pending, not yet handled */
			int r = sleep ? stop_sleep(60000, &stop) : stop_wait_exit(child, &stop);
			CU_ASSERT_EQUAL(r, 1);
			CU_ASSERT_EQUAL(stop, sigs[i]);
			CU_ASSERT(running(child));
			sigprocmask(SIG_SETMASK, &old, NULL);
		}
	}
	/* A stop already seen ends them before any waiting. */
	stop = SIGTERM;
	CU_ASSERT_EQUAL(stop_wait_exit(child, &stop), 1);
	CU_ASSERT_EQUAL(stop_sleep(60000, &stop), 1);
	kill(child, SIGKILL);
	int status;
	CU_ASSERT_EQUAL(waitpid(child, &status, 0), child);
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &was[i], NULL);
	stop = 0;
}

/* A process that exits after a while: the wait returns 0 and leaves it to
 * be reaped with its status; a sleep with no stop lasts at least as long
 * as asked. */
static void test_a_wait_ends_when_the_process_exits(void)
{
	for (int with_flag = 0; with_flag < 2; with_flag++) {
		fflush(NULL);
		pid_t child = fork();
		if (child == 0) {
			struct timespec t = { 0, 50000000 };
			nanosleep(&t, NULL);
			_exit(7);
		}
		CU_ASSERT_FATAL(child > 0);
		stop = 0;
		CU_ASSERT_EQUAL(stop_wait_exit(child, with_flag ? &stop : NULL), 0);
		int status;
		CU_ASSERT_EQUAL(waitpid(child, &status, WNOHANG), child);
		CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 7);
	}
	CU_ASSERT_EQUAL(stop_wait_exit(1 << 22, NULL), -1);   /* no such child */
	double t = now();
	CU_ASSERT_EQUAL(stop_sleep(30, NULL), 0);
	CU_ASSERT(now() - t >= 0.03);
}

int suite_stop(void)
{
	CU_pSuite s = CU_add_suite("stop", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_a_stop_pending_when_a_wait_begins_ends_it);
	CU_ADD_TEST(s, test_a_wait_ends_when_the_process_exits);
	return CU_get_error();
}
