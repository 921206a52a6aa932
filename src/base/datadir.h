/*
 * datadir.h - where the program's own files are: its gnuplot scripts and
 * its language files.
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

#endif
