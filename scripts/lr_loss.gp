# lr_loss.gp - the loss curves of every compared learning rate, overlaid,
# and below them the weight over the first iterations.
#
# Inputs (named variables; defaults for a run by hand in an output folder):
#   nr_runs     runs.csv: run,label,status,diverged_at,iteration,loss,weight,
#               bias: every compared run's states (log-spaced), run 1 the
#               slowest rate; diverged_at is -1 for a run that did not
#   nr_w_star   the weight at the minimum, dashed in the lower panel
#
# The loss axis is logarithmic and the iteration axis linear, so a run that
# converges is a straight line whose slope grows with its rate. The y range
# comes from the runs that did not diverge, so a blow-up cannot flatten the
# others; a diverged run is drawn until it leaves the frame, and marked
# there. The lower panel shows the first 30 updates, where a rate above
# 1/lambda_max overshoots w* back and forth. One pass over one small file
# for everything the figure needs.
reset
if (!exists('nr_runs')) nr_runs = ARGC >= 1 ? ARG1 : 'runs.csv'
if (!exists('nr_out')) nr_out = ARGC >= 2 ? ARG2 : 'lr_loss.png'
if (!exists('nr_w_star')) nr_w_star = 1.8
nr_here = ''; do for [nr_i = strlen(ARG0):1:-1] { if (nr_here eq '' && ARG0[nr_i:nr_i] eq '/') { nr_here = ARG0[1:nr_i] } }
load nr_here . 'style.gp'

# Each run's label, status and blow-up, read once.
stats nr_runs skip 1 using 1:5 nooutput
n = int(STATS_max_x)
kmax = STATS_max_y > 0 ? STATS_max_y : 1
array label[n]
array status[n]
array div_at[n]
stats nr_runs skip 1 using (label[int($1)] = strcol(2), status[int($1)] = strcol(3), \
                            div_at[int($1)] = int($4), 0) nooutput
any_div = 0; all_div = 1
do for [i = 1:n] {
	any_div = any_div || div_at[i] >= 0
	all_div = all_div && div_at[i] >= 0
}
# The frame of the losses: positive losses of the runs that did not
# diverge (of all of them when every run did).
settled(i) = div_at[int(i)] < 0 || all_div
stats nr_runs skip 1 using ($6 > 0 && $6 < 1e300 && settled($1) ? $6 : NaN) nooutput
ymin = STATS_min; ymax = STATS_max
ytop = ymax * (any_div && !all_div ? 1e3 : 10)
ybot = ymin / 10
# Where each diverged run leaves the frame: its first state above ytop.
array k_out[n]
do for [i = 1:n] { k_out[i] = div_at[i] }
stats nr_runs skip 1 using (div_at[int($1)] >= 0 && ($6 > ytop || $6 != $6) && \
                            $5 < k_out[int($1)] ? k_out[int($1)] = $5 : 0, 0) nooutput
zoom = kmax < 30 ? kmax : 30
stats nr_runs skip 1 using ($5 <= zoom && settled($1) ? $7 : NaN) nooutput
wmin = STATS_min < nr_w_star ? STATS_min : nr_w_star
wmax = STATS_max > nr_w_star ? STATS_max : nr_w_star
pad = wmax > wmin ? (wmax - wmin) * 0.1 : 0.1 * abs(nr_w_star) + 0.1

on(i, v) = int(column(1)) == i ? v : NaN
positive(v) = v > 0 ? v : NaN
split = 0.43      # the lower panel ends here, the upper one starts above

set multiplot
# ---- top: the loss of every run -----------------------------------------
set lmargin 11
set rmargin 3
set tmargin 1.5
set bmargin at screen split + 0.11
set logscale y
set yrange [ybot:ytop]
unset mytics
decades = ceil(log10(ytop / ybot))
set ytics 10**(decades > 12 ? 4 : decades > 6 ? 2 : 1)
set format y '10^{%T}'
set termoption enhanced
set xrange [0:kmax]
set xlabel 'iteration' offset 0, 0.4
set ylabel 'loss (mean squared error)'
unset key
do for [i = 1:n] {
	if (div_at[i] >= 0 && !all_div) {
		words = sprintf('%s diverged at iteration %d', label[i], div_at[i])
		if (k_out[i] > 0.6 * kmax) {
			set label 100 + i words at k_out[i], ytop offset -0.8, -1 right front noenhanced \
				textcolor rgb lr_color[i] point pointtype 7 pointsize 1.5 linecolor rgb lr_color[i]
		} else {
			set label 100 + i words at k_out[i], ytop offset 0.8, -1 left front noenhanced \
				textcolor rgb lr_color[i] point pointtype 7 pointsize 1.5 linecolor rgb lr_color[i]
		}
	}
}
plot for [i = 1:n] nr_runs skip 1 using 5:(on(i, positive($6))) with lines linestyle ls_lr(i)

# ---- bottom left: the weight over the first updates ---------------------
unset label
unset logscale y
set format y '%g'
set termoption noenhanced
set ytics autofreq
set tmargin at screen split - 0.03
set bmargin 4
set rmargin at screen 0.6
set xrange [0:zoom > 0 ? zoom : 1]
set yrange [wmin - pad:wmax + pad]
set ytics nice_step(wmax - wmin + 2 * pad, tick_count(4))
set ylabel 'weight w'
set xlabel sprintf('iteration (the first %d)', zoom) offset 0, 0.4
plot nr_w_star with lines linestyle ls_target, \
     for [i = 1:n] nr_runs skip 1 using 5:(on(i, $5 <= zoom ? $7 : NaN)) with linespoints \
         linestyle ls_lr(i) pointsize 0.7

# ---- bottom right: the key of both panels --------------------------------
unset border
unset tics
unset xlabel
unset ylabel
unset grid
set lmargin at screen 0.62
set rmargin at screen 0.99
set tmargin at screen split
set bmargin at screen 0.01
set xrange [0:1]
set yrange [0:1]
set key at screen 0.64, screen split - 0.03 left top Left reverse spacing 1.15 samplen 2.5 \
	noenhanced textcolor rgb fg title 'learning rate'
plot for [i = 1:n] NaN with linespoints linestyle ls_lr(i) pointsize 0.7 \
         title sprintf('%s  %s', label[i], status_words(status[i])), \
     NaN with lines linestyle ls_target title sprintf('w* = %.6g', nr_w_star)
unset multiplot
unset output
