/* afile.c - temporary names, renamed into place all together or not at all. */
#include "output/afile.h"
#include "base/err.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static mode_t current_umask(void)
{
	mode_t m = umask(0);

	umask(m);
	return m;
}

static int add(struct outset *set, const char *path, struct afile **out)
{
	if (set->n == set->cap) {
		size_t cap = set->cap ? 2 * set->cap : 8;
		struct afile *f = realloc(set->files, cap * sizeof *f);
		if (!f)
			return nr_error(NR_ENOMEM, "out of memory");
		set->files = f;
		set->cap = cap;
	}

	struct afile *f = &set->files[set->n];
	f->path = strdup(path);
	f->tmp = xasprintf("%s.tmp.XXXXXX", path);
	f->fp = NULL;
	if (!f->path || !f->tmp) {
		free(f->path);
		free(f->tmp);
		return nr_error(NR_ENOMEM, "out of memory");
	}

	int fd = mkstemp(f->tmp);
	if (fd < 0) {
		int e = errno;
		free(f->path);
		free(f->tmp);
		return nr_error(NR_EIO, "cannot create '%s': %s (is its directory writable?)",
		                path, strerror(e));
	}
	/* mkstemp makes the file 0600; outputs are ordinary files. */
	fchmod(fd, 0666 & ~current_umask());
	close(fd);
	set->n++;
	*out = f;
	return NR_OK;
}

int outset_open(struct outset *set, const char *path, FILE **fp)
{
	struct afile *f;
	int st = add(set, path, &f);

	if (st)
		return st;
	f->fp = fopen(f->tmp, "w");
	if (!f->fp)
		return nr_error(NR_EIO, "cannot open '%s': %s", f->tmp, strerror(errno));
	*fp = f->fp;
	return NR_OK;
}

int outset_reserve(struct outset *set, const char *path, const char **tmp)
{
	struct afile *f;
	int st = add(set, path, &f);

	if (!st)
		*tmp = f->tmp;
	return st;
}

static void clear(struct outset *set)
{
	for (size_t i = 0; i < set->n; i++) {
		free(set->files[i].path);
		free(set->files[i].tmp);
	}
	free(set->files);
	*set = (struct outset)OUTSET_INIT;
}

/* Closes f's stream; returns 0 or an errno value. */
static int finish(struct afile *f)
{
	int e = 0;

	if (f->fp) {
		if (fflush(f->fp) != 0 || ferror(f->fp))
			e = errno ? errno : EIO;
		if (fclose(f->fp) != 0 && !e)
			e = errno;
		f->fp = NULL;
	} else {
		struct stat st;
		if (stat(f->tmp, &st) != 0)
			e = errno;
		else if (st.st_size == 0)
			e = ENODATA;
	}
	return e;
}

int outset_commit(struct outset *set)
{
	int st = NR_OK;

	for (size_t i = 0; i < set->n; i++) {
		int e = finish(&set->files[i]);
		if (e && !st)
			st = nr_error(NR_EIO, "cannot write '%s': %s",
			              set->files[i].path,
			              e == ENODATA ? "nothing was written" : strerror(e));
	}
	for (size_t i = 0; i < set->n && !st; i++)
		if (rename(set->files[i].tmp, set->files[i].path) != 0)
			st = nr_error(NR_EIO, "cannot rename '%s' to '%s': %s",
			              set->files[i].tmp, set->files[i].path,
			              strerror(errno));
	if (st)
		outset_abort(set);
	else
		clear(set);
	return st;
}

void outset_abort(struct outset *set)
{
	for (size_t i = 0; i < set->n; i++) {
		if (set->files[i].fp)
			fclose(set->files[i].fp);
		unlink(set->files[i].tmp);
	}
	clear(set);
}

int ensure_dir(const char *dir, const char *what)
{
	struct stat st;

	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return nr_error(NR_EIO, "%s '%s': cannot create directory: %s (create its parent or choose another %s)",
		                what, dir, strerror(errno), what);
	if (stat(dir, &st) != 0)
		return nr_error(NR_EIO, "%s '%s': %s", what, dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return nr_error(NR_EIO, "%s '%s' is not a directory: choose a directory path", what, dir);
	if (access(dir, W_OK | X_OK) != 0)
		return nr_error(NR_EIO, "%s '%s' is not writable: %s (choose a writable directory)",
		                what, dir, strerror(errno));
	return NR_OK;
}

char *path_join(const char *dir, const char *name)
{
	size_t len = strlen(dir);

	if (len && dir[len - 1] == '/')
		return xasprintf("%s%s", dir, name);
	return xasprintf("%s/%s", dir, name);
}
