# gradients.gp - the article's weight gradient against the derivative: both
# trained from one start at one learning rate, on the loss surface.
#
# Inputs (named variables; defaults for a run by hand in an output folder):
#   nr_paths   gradpaths.csv: path,gradient,iteration,loss,weight,bias;
#              path 1 used the exact derivative, path 2 the article's formula
#   nr_lr, nr_iters             the learning rate and iterations of both
#   nr_w_exact, nr_b_exact, nr_loss_exact, nr_diverged_exact (-1: did not)
#   nr_w_article, ...           where each ended, for the key
#   the surface and the window: see surface.gp
# Dots mark iterations 10, 100, 1000, ...
reset
if (!exists('nr_paths')) nr_paths = ARGC >= 1 ? ARG1 : 'gradpaths.csv'
if (!exists('nr_out')) nr_out = ARGC >= 2 ? ARG2 : 'gradients.png'
nr_here = ''; do for [nr_i = strlen(ARG0):1:-1] { if (nr_here eq '' && ARG0[nr_i:nr_i] eq '/') { nr_here = ARG0[1:nr_i] } }
load nr_here . 'style.gp'

# The start, read before surface.gp sets the ranges (stats skips points
# outside the current ranges).
stats nr_paths skip 1 every ::0::0 using 5 nooutput
w_start = STATS_min
stats nr_paths skip 1 every ::0::0 using 6 nooutput
b_start = STATS_min

load nr_here . 'surface.gp'
# The key: where each formula ended.
ended(what, kind) = !exists('nr_w_' . kind) ? what : \
	value('nr_diverged_' . kind) >= 0 ? \
	sprintf('%s: diverged at iteration %d', what, value('nr_diverged_' . kind)) : \
	sprintf('%s: w %.4f, b %.2f, loss %.3g', what, value('nr_w_' . kind), \
	        value('nr_b_' . kind), value('nr_loss_' . kind))
title1 = ended('exact', 'exact')
title2 = ended('article', 'article')
set label 91 'start' at w_start, b_start, 0 front point pointtype 6 \
	pointsize 2.5 linewidth 2 linecolor rgb c_loss offset -1.2, -1 right

unset label 92   # the curvature note: this figure is about the formula
if (exists('nr_lr')) {
	set label 93 sprintf('lr %g, %d iterations from one start', nr_lr, nr_iters) \
		at graph 0, graph 1.045 left front
}
on(i, v) = column(1) == i ? v : NaN
splot loss(x, y) nosurface with lines linestyle 30 notitle, \
      loss(x, y) nosurface with labels textcolor rgb '#808080' notitle, \
      for [i = 1:2] nr_paths skip 1 using 5:(on(i, $6)):(0) nocontour \
          with lines linestyle 20 + i title (i == 1 ? title1 : title2), \
      for [i = 1:2] nr_paths skip 1 using 5:(on(i, is_decade($3) ? $6 : NaN)):(0) \
          nocontour with points pointtype 7 pointsize 1.2 \
          linecolor rgb (i == 1 ? c_exact : c_article) notitle
unset output
