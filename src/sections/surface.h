/*
 * surface.h - the loss surface over (w, b) and paths drawn on it: what the
 * landscape, gradients (and later optimizer) figures share.
 *
 * A window is the rectangle of (w, b) a figure shows: the minimum and every
 * path (only the start of a diverging one), with a margin of 10% on each
 * side and 20% on the right, where the figures label iterations. A path
 * that leaves the window (a diverging run) is written up to where it
 * leaves: its last row is where the segment to the first state outside
 * crosses the border.
 */
#ifndef NR_SURFACE_H
#define NR_SURFACE_H

#include "base/csvio.h"
#include "sections/section.h"

struct window {
	double w[2], b[2];
};

/* The window around the minimum and the n paths; diverged[i] marks a path
 * of which only the start counts. */
struct window window_of(const struct analysis *a, const struct path *paths,
                        const int *diverged, size_t n);

/* Writes path p's rows "<index>,<tag>,iteration,loss,weight,bias" up to
 * where it leaves the window; with `mark` (one per state, or NULL) each
 * row also gets a seventh field: where the iteration's label goes, "r"
 * (right), "b" (below) or "-" (none). */
void window_put_path(struct csvw *w, size_t index, const char *tag,
                     const struct path *p, const struct window *win, const char *mark);

/* Sets the variables surface.gp needs on a figure job: the closed form of
 * the loss (w*, b*, L*, mean x, mean x^2) and the window. */
void surface_vars(const struct context *c, struct plot_job *j, const struct window *win);

#endif
