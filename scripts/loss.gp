# loss.gp - the loss against the iteration on a log axis, and an inset
# with the first iterations, so both phases show: the fast one (the weight
# finds its slope within a few dozen steps) and the slow one (the bias
# crawls), where a straight stretch means the loss shrinks by the same
# factor every step.
#
# Inputs (named variables; defaults for a run by hand in an output folder):
#   nr_trace   a CSV with the columns of trace.csv (iteration,loss,...):
#              states.csv, the log-spaced copy the report draws from, or
#              trace.csv itself
# A loss of exactly 0 cannot be shown on a log axis: such points are left
# out, and when every loss is 0 the axis is linear.
reset
if (!exists('nr_trace')) nr_trace = ARGC >= 1 ? ARG1 : 'states.csv'
if (!exists('nr_out')) nr_out = ARGC >= 2 ? ARG2 : 'loss.png'
nr_here = ''; do for [nr_i = strlen(ARG0):1:-1] { if (nr_here eq '' && ARG0[nr_i:nr_i] eq '/') { nr_here = ARG0[1:nr_i] } }
load nr_here . 'style.gp'

stats nr_trace skip 1 using 1:2 nooutput
n = STATS_records
last_k = STATS_max_x
any_positive = STATS_max_y > 0
stats nr_trace skip 1 every ::(n - 1) using 2 nooutput
last_loss = STATS_max
stats nr_trace skip 1 every ::0::0 using 2 nooutput
first_loss = STATS_max
zoom = last_k > 300 ? 30 : 0      # an inset only when the run is long
# On a log axis only positive losses show; a run whose loss is 0
# throughout (an exact line, started on it) is drawn on a linear axis.
positive(v) = !any_positive || v > 0 ? v : NaN

set termoption enhanced           # for the 10^{n} tick labels only
if (any_positive) {
	set logscale y
	set format y pow10_format
} else {
	set yrange [-1:1]
}
set xrange [0:(last_k > 0 ? last_k : 1)]
set offsets 0, 0, graph 0.06, graph 0.06
set xlabel tr('iteration', 'iteration') noenhanced
# The axis's name in full when it fits the height (a longer translation
# with large text), else the short one.
name = tr('loss_mse', 'loss (mean squared error)')
set ylabel strlen(name) * 0.75 * 20 * nr_font_scale / 800.0 < 0.9 ? name : \
	tr('loss_mse_short', 'loss (MSE)') noenhanced
unset key
# The final loss below the end of the curve, where a falling curve leaves
# room (above it when the run blew up).
up = last_loss > first_loss
set label 1 fill(fill(tr('loss_after', 'after {{iterations}}: {{loss}}'), \
	'iterations', iterations(last_k)), 'loss', sprintf('%.4g', last_loss)) \
	at first last_k, first (last_loss > 0 ? last_loss : 1) \
	offset -0.5, (up ? -1.4 : -1.6) right front noenhanced @TC

set multiplot
plot nr_trace skip 1 using 1:(positive($2)) with lines linestyle ls_loss, \
     ''       skip 1 every ::(n - 1) using 1:(positive($2)) with points \
              pointtype 7 pointsize 1.5 linecolor rgb c_loss

# The inset where the curve is not: top right when the loss fell, bottom
# right when it grew; larger with larger text.
if (zoom > 0) {
	stats nr_trace skip 1 every ::0::zoom using 2 nooutput
	lo = STATS_min; hi = STATS_max
	unset label
	side = 0.4 + 0.12 * (nr_font_scale - 1)
	set size side, side
	set origin 0.97 - side, (up ? 0.14 : 0.97 - side)
	set xrange [0:zoom]
	unset logscale y
	set format y latex('$%g$', '%g')
	set yrange [lo - 0.1 * (hi - lo + 1):hi + 0.1 * (hi - lo + 1)]
	set ytics 3
	unset ytics
	set ytics autofreq
	set offsets 0, 0, 0, 0
	small = fs(15)
	set xlabel fill(tr('first_iterations', 'the first {{n}} iterations'), 'n', \
		sprintf('%d', zoom)) font small noenhanced
	set ylabel ''
	set xtics font small
	set ytics font small
	set border 15 linecolor rgb muted
	set object 2 rectangle from graph 0, 0 to graph 1, 1 behind fillcolor rgb bg fillstyle solid noborder
	plot nr_trace skip 1 every ::0::zoom using 1:(positive($2)) with linespoints \
	         linestyle ls_loss pointtype 7 pointsize 0.8
}
unset multiplot
unset output
