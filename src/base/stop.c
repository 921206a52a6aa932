/* stop.c - waits that a stop signal ends without a race (stop.h). */
#include "base/stop.h"

#include <errno.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const int stops[] = { SIGINT, SIGTERM, SIGHUP };
#define N_STOPS (sizeof stops / sizeof stops[0])

void stop_signals(sigset_t *set)
{
	sigemptyset(set);
	for (size_t i = 0; i < N_STOPS; i++)
		sigaddset(set, stops[i]);
}

static int stopped(const volatile sig_atomic_t *stop)
{
	return stop && *stop;
}

/* Blocks the stop signals; *during is the mask to sleep with: the one
 * before, with the stop signals open. */
static void block(sigset_t *old, sigset_t *during)
{
	sigset_t set;

	stop_signals(&set);
	pthread_sigmask(SIG_BLOCK, &set, old);
	*during = *old;
	for (size_t i = 0; i < N_STOPS; i++)
		sigdelset(during, stops[i]);
}

/* A descriptor that becomes readable when pid ends, or -1 (a kernel before
 * Linux 5.3). */
static int pidfd(pid_t pid)
{
#ifdef SYS_pidfd_open
	return (int)syscall(SYS_pidfd_open, pid, 0);
#else
	(void)pid;
	return -1;
#endif
}

/* 1 when pid has exited, 0 when not yet, -1 on an error. */
static int exited(pid_t pid)
{
	siginfo_t si = { 0 };

	if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) != 0)
		return errno == EINTR ? 0 : -1;
	return si.si_pid == pid;
}

int stop_wait_exit(pid_t pid, const volatile sig_atomic_t *stop)
{
	sigset_t old, during;
	int fd = pidfd(pid), r = 0, e = 0;

	block(&old, &during);
	for (;;) {
		if (stopped(stop)) {
			r = 1;
			break;
		}
		int done = exited(pid);
		if (done) {
			r = done < 0 ? -1 : 0;
			e = errno;
			break;
		}
		/* Without a pidfd, asked again every 10 ms. */
		struct pollfd p = { fd, POLLIN, 0 };
		struct timespec tick = { 0, 10000000 };
		if (ppoll(&p, fd >= 0, fd >= 0 ? NULL : &tick, &during) < 0 && errno != EINTR) {
			r = -1;
			e = errno;
			break;
		}
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (fd >= 0)
		close(fd);
	errno = e;
	return r;
}

int stop_sleep(int ms, const volatile sig_atomic_t *stop)
{
	sigset_t old, during;
	struct timespec now, end;
	int r;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += ms / 1000;
	end.tv_nsec += (long)(ms % 1000) * 1000000;
	if (end.tv_nsec >= 1000000000) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000;
	}
	block(&old, &during);
	while (!(r = stopped(stop))) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		struct timespec left = { end.tv_sec - now.tv_sec, end.tv_nsec - now.tv_nsec };
		if (left.tv_nsec < 0) {
			left.tv_sec--;
			left.tv_nsec += 1000000000;
		}
		if (left.tv_sec < 0)
			break;
		ppoll(NULL, 0, &left, &during);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return r;
}
