/* datadir.c - finding the program's scripts and language files. */
#include "base/datadir.h"
#include "base/err.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef NR_DATADIR
#define NR_DATADIR "/usr/local/share/neuron"
#endif
#ifndef NR_LIBDIR
#define NR_LIBDIR "/usr/local/lib/neuron"
#endif

static int is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The directory holding this executable (newly allocated), or NULL. */
static char *exe_dir(void)
{
	for (size_t cap = 256;; cap *= 2) {
		char *exe = malloc(cap);
		if (!exe)
			return NULL;
		ssize_t len = readlink("/proc/self/exe", exe, cap);
		if (len < 0) {
			free(exe);
			return NULL;
		}
		if ((size_t)len < cap) {
			exe[len] = '\0';
			char *slash = strrchr(exe, '/');
			if (slash)
				*slash = '\0';
			return exe;
		}
		free(exe);
	}
}

char *datadir_find(const char *sub, const char *marker, const char *env)
{
	const char *e = getenv(env);
	char *exe = exe_dir();
	char *cand[5] = { 0 };
	char *found = NULL;

	if (e && *e)
		cand[0] = strdup(e);
	if (exe) {
		cand[1] = xasprintf("%s/../%s", exe, sub);
		cand[2] = xasprintf("%s/../../%s", exe, sub);
		cand[3] = xasprintf("%s/../share/neuron/%s", exe, sub);
	}
	cand[4] = xasprintf("%s/%s", NR_DATADIR, sub);
	for (int i = 0; i < 5; i++) {
		char *m = !found && cand[i] ? xasprintf("%s/%s", cand[i], marker) : NULL;
		if (m && is_file(m))
			found = realpath(cand[i], NULL);
		free(m);
		free(cand[i]);
	}
	free(exe);
	if (!found)
		nr_error(NR_EIO, "cannot find the program's %s folder (%s) next to the program or in %s/%s: set %s to that folder",
		         sub, marker, NR_DATADIR, sub, env);
	else if (strpbrk(found, "\n\r")) {
		nr_error(NR_EIO, "the path of the program's %s folder contains a line break: set %s to another copy",
		         sub, env);
		free(found);
		found = NULL;
	}
	return found;
}

char *datadir_library(const char *name)
{
	char *exe = exe_dir();
	char *cand[3] = {
		exe ? xasprintf("%s/%s", exe, name) : NULL,
		exe ? xasprintf("%s/../lib/neuron/%s", exe, name) : NULL,
		xasprintf("%s/%s", NR_LIBDIR, name),
	};
	char *found = NULL;

	for (int i = 0; i < 3; i++) {
		if (!found && cand[i] && is_file(cand[i]))
			found = realpath(cand[i], NULL);
		free(cand[i]);
	}
	free(exe);
	return found;
}
