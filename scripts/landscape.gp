# landscape.gp - the loss surface over (w, b) and the path each learning
# rate takes across it.
#
#   gnuplot -c landscape.gp landscape.csv landscape.png SURFACE WINDOW LABELS [MARK]
#
# landscape.csv: path,lr,iteration,loss,weight,bias (a header row first);
# path i is drawn in the learning-rate style 10 + i and titled by the i-th
# word of LABELS ('1e-4 5e-4 ...'). SURFACE and WINDOW: see surface.gp.
# Dots mark iterations 10, 100, 1000, ... on each path, labelled on path
# MARK (default 1; the program passes the main run's learning rate).
reset
nr_out = ARG2
nr_dir = ARG0[1:strstrt(ARG0, 'landscape.gp') - 1]
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
labels = ARG5
n = words(labels)
mark = ARGC >= 6 ? int(ARG6) : 1
set label 91 'start' at w_start, b_start, 0 front point pointtype 6 \
	pointsize 2.5 linewidth 2 linecolor rgb c_loss offset -1.2, -1 right

# The paths share the valley floor: the slower a run, the wider its line,
# so each stays visible as a stripe beside the faster ones drawn over it.
width(i) = n > 1 ? 2.5 + 10.0 * (n - i) / (n - 1) : 3
on(i, v) = column(1) == i ? v : NaN
splot loss(x, y) nosurface with lines linestyle 30 notitle, \
      loss(x, y) nosurface with labels textcolor rgb '#808080' notitle, \
      for [i = 1:n] ARG1 skip 1 using 5:(on(i, $6)):(0) nocontour with lines linestyle 10 + i \
          linewidth width(i) dashtype solid title 'lr = ' . word(labels, i), \
      for [i = 1:n] ARG1 skip 1 using 5:(on(i, is_decade($3) ? $6 : NaN)):(0) \
          nocontour with points pointtype 7 pointsize 1.2 linecolor rgb lr_color[i] notitle, \
      ARG1 skip 1 using 5:(on(mark, is_decade($3) ? $6 : NaN)):(0):(sprintf('k = %d', $3)) \
          nocontour with labels left offset 1.2, 0.6 font ',17' notitle
unset output
