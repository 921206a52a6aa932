/*
 * test_progress.c - the progress line: nothing for the first second, at most
 * PROGRESS_RATE lines a second after it, the percentage of iterations done,
 * erased at the end; silent without a terminal. Times are given to
 * progress_at() directly, so no test depends on the machine's speed. The
 * end-to-end test runs the binary with stderr on a pseudo-terminal.
 */
#include <CUnit/CUnit.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/err.h"
#include "helpers.h"
#include "output/progress.h"
#include "suites.h"

/* Occurrences of `needle` in `s`. */
static void test_lines_appear_after_a_second_at_most_ten_a_second(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct progress p;

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	progress_begin(&p, fp, 1000, 100);
	p.start = p.last = 0;
	progress_at(&p, 100, 0, 0.5);    /* too early */
	fflush(fp);
	CU_ASSERT_EQUAL(len, 0);
	progress_at(&p, 300, 0, 1.2);    /* drawn */
	progress_at(&p, 310, 0, 1.25);   /* within 1/10 s of the last: skipped */
	progress_at(&p, 400, 0, 1.31);   /* drawn */
	fflush(fp);
	CU_ASSERT_EQUAL(count_of(buf, "\rneuron: training"), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, " 30% (300 of 1000 iterations)"));
	CU_ASSERT_PTR_NULL(strstr(buf, "310"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, " 40% (400 of 1000 iterations)"));
	progress_at(&p, 1000, 1, 1.32);  /* final: erased */
	fflush(fp);
	CU_ASSERT(len >= 4 && !strcmp(buf + len - 4, "\r\033[K"));
	progress_end(&p);                /* once only */
	fflush(fp);
	CU_ASSERT_EQUAL(count_of(buf, "\033[K"), 1);
	fclose(fp);
	free(buf);
}

static void test_a_short_run_or_no_terminal_prints_nothing(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct progress p;
	struct train_state s = { 0 };

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	progress_begin(&p, fp, 10, 100);
	p.start = p.last = 0;
	progress_at(&p, 5, 0, 0.9);
	progress_at(&p, 10, 1, 0.95);
	progress_end(&p);
	fflush(fp);
	CU_ASSERT_EQUAL(len, 0);
	fclose(fp);
	free(buf);

	progress_begin(&p, NULL, 10, 100);   /* silent: no stream at all */
	for (s.k = 0; s.k <= 10; s.k++)
		CU_ASSERT_EQUAL(progress_observe(&p, &s, s.k == 10), 0);
	progress_end(&p);
}

/* The clock is read once per ~2^20 sample-updates, at least every iteration. */
static void test_the_clock_stride_follows_the_data_size(void)
{
	struct progress p;

	progress_begin(&p, NULL, 10, 100);
	CU_ASSERT_EQUAL(p.stride, (1 << 20) / 100);
	progress_begin(&p, NULL, 10, 10000000);
	CU_ASSERT_EQUAL(p.stride, 1);
}

struct pty_reader {
	int fd;
	char buf[65536];
	size_t len;
};

/* Reads what is available; true once a progress line has arrived. */
static int progress_seen(void *ctx)
{
	struct pty_reader *r = ctx;
	ssize_t got;

	while (r->len + 1 < sizeof r->buf &&
	       (got = read(r->fd, r->buf + r->len, sizeof r->buf - 1 - r->len)) > 0)
		r->len += (size_t)got;
	r->buf[r->len] = '\0';
	return strstr(r->buf, "% (") != NULL;
}

static void test_a_terminal_sees_the_line_and_an_interrupt_erases_it(void)
{
	static struct pty_reader r;   /* 64 kB: not on the stack */
	char *dir = tmpdir_new(), *out = path_join(dir, "out");
	int master = posix_openpt(O_RDWR | O_NOCTTY);

	CU_ASSERT_FATAL(master >= 0 && grantpt(master) == 0 && unlockpt(master) == 0);
	int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
	int null_fd = open("/dev/null", O_WRONLY);
	CU_ASSERT_FATAL(slave >= 0 && null_fd >= 0);
	fcntl(master, F_SETFL, O_NONBLOCK);
	r.fd = master;
	r.len = 0;

	const char *args[] = { "train", "--iters", "1e9", "--out", out, NULL };
	int pid = spawn_neuron(args, null_fd, slave);
	close(slave);
	/* A line is due once the run has lasted a second by the clock. Once
	 * the run is under way it spends that second stopped, not training:
	 * the test then costs no second of processor time. (Stopped before it
	 * read the clock, it would only show the line a second later.) */
	CU_ASSERT(wait_until(has_stage, out, 60));
	CU_ASSERT_EQUAL(kill(pid, SIGSTOP), 0);
	struct timespec second = { 1, 50000000 };
	nanosleep(&second, NULL);
	CU_ASSERT_EQUAL(kill(pid, SIGCONT), 0);
	/* Wait generously for a busy machine. */
	CU_ASSERT(wait_until(progress_seen, &r, 60));
	kill(pid, SIGINT);
	CU_ASSERT_EQUAL(wait_neuron(pid), 130);
	progress_seen(&r);
	char *erase = strstr(r.buf, "\r\033[K");
	char *msg = strstr(r.buf, "neuron: stopped by SIGINT");
	CU_ASSERT(erase && msg && erase < msg);
	CU_ASSERT(msg && !strstr(msg, "% ("));   /* no line after the message */
	CU_ASSERT_EQUAL(output_entries(out), 0);
	close(master);
	close(null_fd);
	free(out);
	rm_rf(dir);
	free(dir);
}

int suite_progress(void)
{
	CU_pSuite s = CU_add_suite("progress", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_lines_appear_after_a_second_at_most_ten_a_second);
	CU_ADD_TEST(s, test_a_short_run_or_no_terminal_prints_nothing);
	CU_ADD_TEST(s, test_the_clock_stride_follows_the_data_size);
	CU_ADD_TEST(s, test_a_terminal_sees_the_line_and_an_interrupt_erases_it);
	return CU_get_error();
}
