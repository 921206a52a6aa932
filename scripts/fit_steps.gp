# fit_steps.gp - the fitted line at a few iterations of training, one small
# panel each over the same axes: the still version of fit.gif, for print.
#
# Inputs (named variables; defaults for a run by hand in an output folder):
#   nr_steps         fit_steps.csv: panel,iteration,loss,weight,bias
#   nr_predictions   fit.csv (the data: columns 1 and 2)
#   nr_ymin, nr_ymax the y range of every panel (default: the data's)
#   nr_xlabel, nr_ylabel, nr_points (as in fit.gp)
#   nr_title1, ...   each panel's title (default: its iteration)
reset
if (!exists('nr_steps')) nr_steps = ARGC >= 1 ? ARG1 : 'fit_steps.csv'
if (!exists('nr_out')) nr_out = ARGC >= 2 ? ARG2 : 'fit_steps.png'
if (!exists('nr_predictions')) nr_predictions = 'fit.csv'
if (!exists('nr_xlabel')) nr_xlabel = 'x'
if (!exists('nr_ylabel')) nr_ylabel = 'y'
if (!exists('nr_points')) nr_points = 0
nr_here = ''; do for [nr_i = strlen(ARG0):1:-1] { if (nr_here eq '' && ARG0[nr_i:nr_i] eq '/') { nr_here = ARG0[1:nr_i] } }
load nr_here . 'style.gp'

stats nr_steps skip 1 using 1 nooutput
n = int(STATS_max)
array K[n]
array W[n]
array B[n]
stats nr_steps skip 1 using (K[int($1)] = $2, W[int($1)] = $4, B[int($1)] = $5, 0) nooutput
stats nr_predictions skip 1 using 1:2 nooutput
x_lo = STATS_min_x; x_hi = STATS_max_x
if (x_hi <= x_lo) { x_lo = x_lo - 1; x_hi = x_hi + 1 }
if (!exists('nr_ymin')) { nr_ymin = STATS_min_y; nr_ymax = STATS_max_y }
if (nr_ymax <= nr_ymin) { nr_ymin = nr_ymin - 1; nr_ymax = nr_ymax + 1 }
raw_title(i) = exists(sprintf('nr_title%d', i)) ? value(sprintf('nr_title%d', i)) : sprintf('k = %d', K[i])

cols = n <= 3 ? n : n == 4 ? 2 : 3
rows = ceil(1.0 * n / cols)
f_tick = fs(14); f_title = fs(16)   # (tics take no function call)
set xrange [x_lo:x_hi]
set yrange [nr_ymin:nr_ymax]
set xtics nice_step(x_hi - x_lo, tick_count(3)) font f_tick
set ytics nice_step(nr_ymax - nr_ymin, tick_count(4)) font f_tick
unset mxtics
unset mytics
set title font f_title noenhanced
set key top left Left reverse samplen 1.5 font f_tick
set samples 2
data_style = nr_points ? 'points' : 'lines'
# The axis names once: x under the bottom row, y beside the first column.
set multiplot layout rows, cols margins 0.05 + 4 * cw, 0.98, 0.04 + 2.6 * em, 1 - 2.8 * em \
	spacing 0.03 + 3 * cw, 0.03 + 4.4 * em
do for [i = 1:n] {
	set title wrap(raw_title(i), 16, 0.9 / cols) @TC
	if ((i - 1) % cols == 0) { set ylabel nr_ylabel font f_tick offset 1, 0 } else { unset ylabel }
	if (i > n - cols) { set xlabel nr_xlabel font f_tick offset 0, 0.5 } else { unset xlabel }
	if (i == 1) { set key } else { unset key }
	plot nr_predictions skip 1 using 1:2 with @data_style linestyle ls_actual title tr('data', 'data'), \
	     W[i] * x + B[i] with lines linestyle ls_after dashtype solid title tr('the_neuron', 'the neuron')
}
unset multiplot
unset output
