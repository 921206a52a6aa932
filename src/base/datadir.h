/*
 * datadir.h - where the program's own files are: its gnuplot scripts, its
 * language files and the library it preloads into gnuplot.
 *
 * A folder `sub` ("scripts", "lang") is looked up in the environment
 * variable `env` when it is set, then relative to the executable (../<sub>
 * and ../../<sub> for build/ and build/san/ in the source tree,
 * ../share/neuron/<sub> for an installed tree), then in the configured data
 * directory NR_DATADIR/<sub>; the first that holds the file `marker` wins.
 */
#ifndef NR_DATADIR_H
#define NR_DATADIR_H

/* The absolute path of the folder (newly allocated), or NULL with a
 * message naming `env` as the fix. A path with a line break is refused. */
char *datadir_find(const char *sub, const char *marker, const char *env);

/* The absolute path of the program's library `name` (newly allocated):
 * beside the executable (build/), in ../lib/neuron beside it (an
 * installed tree) or in NR_LIBDIR; NULL when there is none. */
char *datadir_library(const char *name);

#endif
