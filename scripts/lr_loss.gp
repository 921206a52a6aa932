# lr_loss.gp - the loss curves of every learning rate, overlaid.
#
# Inputs (named variables; defaults for a run by hand in an output folder):
#   nr_summary  summary.csv: lr,label,gradient,iterations,loss,weight,bias,
#               status,diverged_at ('-' when it did not),lr_over_critical,
#               run_dir (ascending lr); run_dir, relative to summary.csv,
#               holds the run's trace.csv
#   nr_w_star   the weight at the minimum, dashed in the lower panel
#
# The loss axis is logarithmic and the iteration axis linear, so each run
# that converges is a straight line whose slope grows with its rate; a
# small panel below shows the weight over the first 30 updates, where an
# overshooting rate zig-zags around w*. The y range comes from the
# runs that did not diverge, so a blow-up cannot flatten the others; a
# diverged run is drawn until it leaves the frame and labelled there.
reset
if (!exists('nr_summary')) nr_summary = ARGC >= 1 ? ARG1 : 'summary.csv'
if (!exists('nr_out')) nr_out = ARGC >= 2 ? ARG2 : 'lr_loss.png'
if (!exists('nr_w_star')) nr_w_star = 1.8
nr_here = ''; do for [nr_i = strlen(ARG0):1:-1] { if (nr_here eq '' && ARG0[nr_i:nr_i] eq '/') { nr_here = ARG0[1:nr_i] } }
load nr_here . 'style.gp'
w_star = nr_w_star

# The directory of summary.csv ('' when it has none), with its '/'.
base = ''
do for [i = strlen(nr_summary):1:-1] {
	if (base eq '' && nr_summary[i:i] eq '/') { base = nr_summary[1:i] }
}

stats nr_summary skip 1 using 1 nooutput
n = STATS_records
array label[n]
array status[n]
array trace[n]
array div_at[n]
do for [i = 1:n] {
	stats nr_summary skip 1 every ::(i - 1)::(i - 1) \
		using (label[i] = strcol(2), status[i] = strcol(8), \
		       trace[i] = base . strcol(11) . '/trace.csv', \
		       div_at[i] = (strcol(9) eq '-' ? -1 : int(strcol(9) + 0)), 0) nooutput
}

# The frame: positive losses of the runs that did not diverge (one pass
# over each trace: gnuplot reads CSV slowly).
ymin = 1e300; ymax = 0; kmax = 1
array rows[n]
do for [i = 1:n] {
	stats trace[i] skip 1 using 1:2 nooutput
	rows[i] = STATS_records
	kmax = STATS_max_x > kmax ? STATS_max_x : kmax
	if (div_at[i] < 0) {
		ymax = STATS_max_y > ymax ? STATS_max_y : ymax
		if (STATS_min_y > 0) {
			ymin = STATS_min_y < ymin ? STATS_min_y : ymin
		} else {    # a loss of exactly 0: the smallest positive one
			stats trace[i] skip 1 using ($2 > 0 ? 1 : 0) nooutput
			if (STATS_sum > 0) {
				stats trace[i] skip 1 using ($2 > 0 ? $2 : NaN) nooutput
				ymin = STATS_min < ymin ? STATS_min : ymin
			}
		}
	}
}
if (ymax <= 0 || ymin >= 1e300) {    # every run diverged: frame them all
	do for [i = 1:n] {
		stats trace[i] skip 1 using ($2 > 0 && $2 < 1e300 ? $2 : NaN) nooutput
		ymin = STATS_min < ymin ? STATS_min : ymin
		ymax = STATS_max > ymax ? STATS_max : ymax
	}
}
# Room below, and above for the label of a diverged run.
any_div = 0; all_div = 1
do for [i = 1:n] {
	any_div = any_div || div_at[i] >= 0
	all_div = all_div && div_at[i] >= 0
}
ytop = ymax * (any_div ? 1e3 : 10)
ybot = ymin / 10

# A diverged run leaves the frame at its first loss above ytop (found
# before any range is set: stats skips values outside the ranges).
do for [i = 1:n] {
	if (div_at[i] >= 0) {
		k_out = div_at[i]
		stats trace[i] skip 1 using ($2 > ytop || $2 != $2 ? $1 : 1e308) nooutput
		if (STATS_min < 1e308) { k_out = STATS_min }
		msg = sprintf('%s diverged at iteration %d', label[i], div_at[i])
		# Beside the exit point, on the side with room.
		if (k_out < 0.5 * kmax) {
			set label 100 + i msg at k_out, ytop offset 0.8, -0.9 left front \
				noenhanced textcolor rgb lr_color[i] \
				point pointtype 7 pointsize 1.5 linecolor rgb lr_color[i]
		} else {
			set label 100 + i msg at k_out, ytop offset -0.8, -0.9 right front \
				noenhanced textcolor rgb lr_color[i] \
				point pointtype 7 pointsize 1.5 linecolor rgb lr_color[i]
		}
	}
}

# Top, most of the height: the loss over every iteration. Bottom left: the
# weight over the first iterations; bottom right: the legend of both.
set multiplot
set lmargin at screen 0.13
set rmargin at screen 0.95
set tmargin at screen 0.97
set bmargin at screen 0.5
set logscale y
set yrange [ybot:ytop]
set format y '10^{%T}'
set termoption enhanced
set xrange [0:kmax > 0 ? kmax : 1]
set xlabel 'iteration' offset 0, 0.3
set ylabel 'loss (mean squared error)'
set key at screen 0.63, screen 0.37 left top Left reverse spacing 1.2 samplen 2.5 \
	noenhanced title 'learning rate' 

positive(v) = v > 0 ? v : NaN
plot for [i = 1:n] trace[i] skip 1 every nr_every(rows[i]) using 1:(positive($2)) with lines \
	linestyle 10 + i title sprintf('%s  %s', label[i], status[i]), \
     NaN with lines linestyle 4 title sprintf('w* = %.6g (minimum)', w_star)

# Bottom: the weight over the first iterations, where the fast direction
# acts: a rate above 1 / lambda_max overshoots w* back and forth.
unset label
unset logscale y
set format y '%.3g'
set termoption noenhanced
set tmargin at screen 0.37
set bmargin at screen 0.11
set rmargin at screen 0.58
zoom = kmax < 30 ? (kmax > 0 ? kmax : 1) : 30
# The frame from the runs that did not diverge, or from all when all did
# (ranges reset first: stats skips values outside them).
set autoscale
wmin = w_star; wmax = w_star
do for [i = 1:n] {
	if (div_at[i] < 0 || all_div) {
		stats trace[i] skip 1 every ::0::zoom using 3 nooutput
		wmin = STATS_min < wmin ? STATS_min : wmin
		wmax = STATS_max > wmax ? STATS_max : wmax
	}
}
pad = wmax > wmin ? (wmax - wmin) * 0.1 : 0.1 * abs(w_star) + 0.1
set xrange [0:zoom]
set ylabel 'weight w'
set xlabel sprintf('iteration (the first %d)', zoom) offset 0, 0.5
unset key
set yrange [wmin - pad:wmax + pad]
plot w_star with lines linestyle 4, \
     for [i = 1:n] trace[i] skip 1 every ::0::zoom using 1:3 with lines linestyle 10 + i
unset multiplot
unset output
