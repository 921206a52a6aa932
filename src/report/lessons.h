/*
 * lessons.h - the report section that explains why training behaves as it
 * does: the loss landscape, the fit as an animation, the article's gradient
 * against the derivative, and the effect of rescaling the input.
 *
 * lessons_section() reads the main run (and the learning-rate runs, when
 * the comparison filled them in) from the report, writes its CSVs under the
 * output directory (committed together before any figure is drawn) and adds
 * its figures to the report's plot list:
 *
 *   landscape.csv  landscape.png  the loss surface over (w, b), contours on
 *                                 log-spaced levels, the minimum, and the
 *                                 path of every learning-rate run (or of the
 *                                 main run when there is no comparison)
 *   frames.csv     fit.gif        the line converging onto the data, frames
 *                                 at log-spaced iterations; always a GIF,
 *                                 whatever --format says
 *   gradcheck.csv                 exact, article and finite-difference
 *                                 gradients at LESSONS_POINTS points
 *   gradpaths.csv  gradients.png  both gradients trained from the main
 *                                 run's start at its learning rate
 *   scaling.csv, scaling_curves.csv, scaling.png
 *                                 raw, x/100 and standardised input (scaling.h)
 *
 * landscape.csv and gradpaths.csv hold path,<lr or gradient>,iteration,
 * loss,weight,bias, thinned (every state to LESSONS_DENSE, then
 * LESSONS_PER_DECADE per decade). A path that leaves the plotted window
 * (a diverging run) ends there: its last row is where the segment to the
 * first state outside crosses the border.
 *
 * The numbers the document shows are kept in `struct lessons`.
 */
#ifndef NR_LESSONS_H
#define NR_LESSONS_H

#include <stddef.h>

#include "model/gradcheck.h"
#include "model/scaling.h"
#include "model/train.h"

#define LESSONS_POINTS 4       /* gradient-check points */
#define LESSONS_FRAMES 32      /* log-spaced frame targets (some coincide) */
#define LESSONS_DENSE 100      /* path thinning, see above */
#define LESSONS_PER_DECADE 100

/* A plotted window over (w, b). */
struct window {
	double w[2], b[2];
};

struct lessons {
	struct window landscape;      /* what landscape.png shows */
	size_t n_paths;               /* paths drawn on it */
	size_t n_frames;              /* frames of fit.gif */
	struct grad_point grad[LESSONS_POINTS];
	size_t n_grad;
	struct train_result grad_res[2];   /* by enum gradient, main run's start */
	struct window gradients;      /* what gradients.png shows */
	struct scaling scaling;
};

struct report;

/* The section; returns NR_OK, NR_EIO, NR_EDATA, NR_ENOMEM or NR_EINTR. */
int lessons_section(struct report *r);

#endif
