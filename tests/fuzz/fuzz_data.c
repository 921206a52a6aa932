/*
 * fuzz_data.c - libFuzzer target for the data reader: any bytes as a --data
 * file. The input is put in an anonymous memory file and read back through
 * its /proc/self/fd path, so dataset_read_csv() runs exactly as for a real
 * file (fopen, getline, libcsv). A file it accepts must satisfy everything
 * data.h promises; anything else aborts, which libFuzzer reports as a crash.
 * ASan and UBSan (see `make fuzz`) catch memory and arithmetic errors.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "model/data.h"
#include "base/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);

static void check_promises(const struct dataset *d)
{
	int x_differ = 0;

	if (d->n < 2 || d->n > DATA_ROWS_MAX || !d->x || !d->y || !d->xname || !d->yname)
		abort();
	for (size_t i = 0; i < d->n; i++) {
		if (!isfinite(d->x[i]) || !isfinite(d->y[i]) ||
		    fabs(d->x[i]) > DATA_ABS_MAX || fabs(d->y[i]) > DATA_ABS_MAX)
			abort();
		x_differ |= d->x[i] != d->x[0];
	}
	if (!x_differ)
		abort();
	for (const char *s = d->xname; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
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
