/*
 * surface.h - the loss surface over (w, b) and paths drawn on it: what the
 * landscape, gradients and optimizer figures share.
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
 * (right), "b" (below) or "-" (none). Returns the number of rows. */
size_t window_put_path(struct csvw *w, size_t index, const char *tag,
                       const struct path *p, const struct window *win, const char *mark);

/* The size of an iteration's label, as shares of a panel's width and
 * height: a digit and a line of the labels' text, and a character and a
 * line of the text offsets count in. */
struct mark_size {
	double digit_w, line_h, char_w, char_h;
};

/* The label size in a panel `pw` wide and `ph` high (shares of the
 * canvas) of a figure drawn in style `st`. */
struct mark_size mark_size_in(const struct plot_style *st, double pw, double ph);

/* The label size in one of `cells` panels of the small multiples that
 * landscape.gp and opt_paths.gp draw (their layout, mirrored here), for
 * the figures' style. */
struct mark_size mark_size_of(const struct plot_style *st, size_t cells);

/*
 * Which of a path's decade iterations (10, 100, 1000, ...) a panel showing
 * `win` labels, so that no two labels collide: each label's box (of size
 * `sz`) must lie inside the panel and clear of the start's and the
 * minimum's marks and of every label before it. A label sits right of its
 * point where the path runs more up or down than sideways, below it
 * otherwise, or on the other side when that one does not fit; else it is
 * left out. Fills mark[j] for state j (p->n of them): 0 none, 'r' right,
 * 'b' below.
 */
void window_marks(const struct path *p, const struct window *win,
                  const struct analysis *a, const struct mark_size *sz, char *mark);

/* Sets the variables surface.gp needs on a figure job: the closed form of
 * the loss (w*, b*, L*, mean x, mean x^2) and the window. */
void surface_vars(const struct context *c, struct plot_job *j, const struct window *win);

#endif
