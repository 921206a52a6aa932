/*
 * pngwrite.c - the PNGs, in neuron-gnuplot.so, which neuron preloads into
 * gnuplot (LD_PRELOAD, set by plot.c; gdtext.c is its other half): the PNG
 * figures are written with no row filter and zlib level 3 instead of
 * libpng's defaults, every filter tried on every row and level 6.
 *
 * A figure is mostly flat background and thin lines: the filters gain
 * nothing on it and cost as much as the compression. On the default
 * report this takes a third off the report's CPU time, and the files are
 * smaller still (docs/figures.md has the numbers). The pixels are
 * the same; only how they are packed changes.
 *
 * It replaces one libpng function, png_write_info, which every PNG writer
 * (cairo's for pngcairo, libgd's) calls once per image, after its settings
 * and before the first row: the two settings are made on that writer, then
 * the real function runs. A reader never calls it, and a process that
 * writes no PNG (the shell that starts gnuplot, a test's fake gnuplot) never
 * loads libpng at all. libpng is looked up when that call comes, so this
 * library needs neither its headers nor the library to be built. Not part of
 * the program: built on its own, without sanitizers, as it runs in gnuplot.
 */
#include <dlfcn.h>
#include <stdlib.h>

/* libpng's types as its ABI has them: both structures are opaque. */
typedef struct png_struct_def *png_structrp;
typedef const struct png_info_def *png_const_inforp;

#define PNG_FILTER_NONE 0x08       /* png.h */
#define ZLIB_LEVEL 3               /* the best of zlib's greedy levels (1 to 3) */

/* Exported: the dynamic linker binds libpng's callers here first. */
void png_write_info(png_structrp png, png_const_inforp info);

void png_write_info(png_structrp png, png_const_inforp info)
{
	static void (*real)(png_structrp, png_const_inforp);
	static void (*set_filter)(png_structrp, int, int);
	static void (*set_level)(png_structrp, int);

	/* Reached only from libpng's callers, so libpng is loaded; without the
	 * real function no image could be written at all. */
	if (!real) {
		if (!(*(void **)&real = dlsym(RTLD_NEXT, "png_write_info")))
			abort();
		*(void **)&set_filter = dlsym(RTLD_NEXT, "png_set_filter");
		*(void **)&set_level = dlsym(RTLD_NEXT, "png_set_compression_level");
	}
	if (set_filter && set_level) {
		set_filter(png, 0, PNG_FILTER_NONE);
		set_level(png, ZLIB_LEVEL);
	}
	real(png, info);
}
