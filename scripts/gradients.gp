# gradients.gp - the article's weight gradient against the derivative: both
# trained from one start at one learning rate, on the loss surface.
#
#   gnuplot -c gradients.gp gradpaths.csv gradients.png SURFACE WINDOW TITLE1 TITLE2 [NOTE]
#
# gradpaths.csv: path,gradient,iteration,loss,weight,bias (a header row
# first); path 1 used the exact derivative, path 2 the article's formula.
# TITLE1, TITLE2: their key entries (with where each ended); NOTE: one line
# above the plot (the learning rate and iterations). SURFACE and
# WINDOW: see surface.gp. Dots mark iterations 10, 100, 1000, ...
reset
nr_out = ARG2
nr_dir = ARG0[1:strstrt(ARG0, 'gradients.gp') - 1]
load nr_dir . 'style.gp'

# The start, read before surface.gp sets the ranges (stats skips points
# outside the current ranges).
stats ARG1 skip 1 every ::0::0 using 5 nooutput
w_start = STATS_min
stats ARG1 skip 1 every ::0::0 using 6 nooutput
b_start = STATS_min

nr_surface = ARG3
nr_window = ARG4
load nr_dir . 'surface.gp'
set label 91 'start' at w_start, b_start, 0 front point pointtype 6 \
	pointsize 2.5 linewidth 2 linecolor rgb c_loss offset -1.2, -1 right

unset label 92   # the curvature note: this figure is about the formula
if (ARGC >= 7) {
	set label 93 ARG7 at graph 0, graph 1.045 left front
}
on(i, v) = column(1) == i ? v : NaN
splot loss(x, y) nosurface with lines linestyle 30 notitle, \
      loss(x, y) nosurface with labels textcolor rgb '#808080' notitle, \
      for [i = 1:2] ARG1 skip 1 using 5:(on(i, $6)):(0) nocontour \
          with lines linestyle 20 + i title (i == 1 ? ARG5 : ARG6), \
      for [i = 1:2] ARG1 skip 1 using 5:(on(i, is_decade($3) ? $6 : NaN)):(0) \
          nocontour with points pointtype 7 pointsize 1.2 \
          linecolor rgb (i == 1 ? c_exact : c_article) notitle
unset output
