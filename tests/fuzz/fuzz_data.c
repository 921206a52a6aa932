/*
 * fuzz_data.c - libFuzzer target for the data reader: any bytes as a --data
 * file. The input is put in an anonymous memory file and read back through
 * its /proc/self/fd path, so dataset_read_csv() runs exactly as for a real
 * file (open, read, libcsv). A file it accepts must satisfy everything
 * data.h promises; anything else aborts, which libFuzzer reports as a crash.
 * ASan and UBSan (see `make fuzz`) catch memory and arithmetic errors.
 *
 * `make fuzz` lets inputs reach 20000 bytes (FUZZ_MAX_LEN_data), several
 * lines' worth, so that the bounds on lines and records (CSV_LINE_MAX,
 * 4096 bytes) are crossed and every seed is read whole.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "model/data.h"
#include "base/err.h"
#include "base/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);

/* A value data.h allows: 0, or a magnitude in [DATA_ABS_MIN, DATA_ABS_MAX]. */
static int value_ok(double v)
{
	double a = fabs(v);
	return a == 0 || (a >= DATA_ABS_MIN && a <= DATA_ABS_MAX);
}

/* A name data.h allows: well-formed UTF-8 of 1 to DATA_NAME_MAX characters,
 * no control characters or noncharacters, no space at either end. */
static int name_ok(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || !text_utf8_valid(s, len) || text_utf8_length(s) > DATA_NAME_MAX ||
	    s[0] == ' ' || s[len - 1] == ' ')
		return 0;
	for (size_t i = 0, n; i < len; i += n) {
		uint32_t cp = 0;
		n = text_utf8_next(s + i, len - i, &cp);
		if (text_is_control(cp) || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
			return 0;
	}
	return 1;
}

static void check_promises(const struct dataset *d)
{
	int x_differ = 0;

	if (d->n < 2 || d->n > DATA_ROWS_MAX || !d->x || !d->y || !d->xname || !d->yname)
		abort();
	for (size_t i = 0; i < d->n; i++) {
		if (!value_ok(d->x[i]) || !value_ok(d->y[i]))
			abort();
		x_differ |= d->x[i] != d->x[0];
	}
	if (!x_differ || !name_ok(d->xname) || !name_ok(d->yname))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	int fd = memfd_create("fuzz-data", 0);
	char path[64];
	struct dataset d;

	if (fd < 0)
		abort();
	for (size_t done = 0; done < len;) {
		ssize_t w = write(fd, buf + done, len - done);
		if (w <= 0)
			abort();
		done += (size_t)w;
	}
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	int st = dataset_read_csv(path, &d);
	if (st == NR_OK)
		check_promises(&d);
	else if ((st != NR_EDATA && st != NR_EIO) || d.n != 0 || d.x || d.xname)
		abort();   /* a failure leaves the dataset empty */
	dataset_free(&d);
	close(fd);
	return 0;
}
