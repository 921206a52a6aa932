# landscape.gp - the loss surface over (w, b) and the path each learning
# rate takes across it.
#
# Inputs (named variables; defaults for a run by hand in an output folder):
#   nr_paths   landscape.csv: path,lr,iteration,loss,weight,bias; path i is
#              drawn in the learning-rate style 10 + i and titled by its lr
#   nr_mark    the path whose iterations 10, 100, 1000, ... are labelled
#              (default 1; the program passes the main run's)
#   the surface and the window: see surface.gp
reset
if (!exists('nr_paths')) nr_paths = ARGC >= 1 ? ARG1 : 'landscape.csv'
if (!exists('nr_out')) nr_out = ARGC >= 2 ? ARG2 : 'landscape.png'
if (!exists('nr_mark')) nr_mark = 1
nr_here = ''; do for [nr_i = strlen(ARG0):1:-1] { if (nr_here eq '' && ARG0[nr_i:nr_i] eq '/') { nr_here = ARG0[1:nr_i] } }
load nr_here . 'style.gp'

# The start, read before surface.gp sets the ranges (stats skips points
# outside the current ranges).
stats nr_paths skip 1 every ::0::0 using 5 nooutput
w_start = STATS_min
stats nr_paths skip 1 every ::0::0 using 6 nooutput
b_start = STATS_min
# Each path's label: the lr column of its first row.
stats nr_paths skip 1 using 1 nooutput
n = int(STATS_max)
array label[n]
stats nr_paths skip 1 using (label[int($1)] = strcol(2), 0) nooutput

load nr_here . 'surface.gp'
mark = nr_mark
set label 91 'start' at w_start, b_start, 0 front point pointtype 6 \
	pointsize 2.5 linewidth 2 linecolor rgb c_loss offset -1.2, -1 right

# The paths share the valley floor: the slower a run, the wider its line,
# so each stays visible as a stripe beside the faster ones drawn over it.
width(i) = n > 1 ? 2.5 + 10.0 * (n - i) / (n - 1) : 3
on(i, v) = column(1) == i ? v : NaN
splot loss(x, y) nosurface with lines linestyle 30 notitle, \
      loss(x, y) nosurface with labels textcolor rgb '#808080' notitle, \
      for [i = 1:n] nr_paths skip 1 using 5:(on(i, $6)):(0) nocontour with lines linestyle 10 + i \
          linewidth width(i) dashtype solid title 'lr = ' . label[i], \
      for [i = 1:n] nr_paths skip 1 using 5:(on(i, is_decade($3) ? $6 : NaN)):(0) \
          nocontour with points pointtype 7 pointsize 1.2 linecolor rgb lr_color[i] notitle, \
      nr_paths skip 1 using 5:(on(mark, is_decade($3) ? $6 : NaN)):(0):(sprintf('k = %d', $3)) \
          nocontour with labels left offset 1.2, 0.6 font ',17' notitle
unset output
