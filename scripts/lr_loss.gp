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
# (None when every loss is 0, the data an exact line and the start on it.)
undefine STATS_*
stats nr_runs skip 1 using ($6 > 0 && $6 < 1e300 && settled($1) ? $6 : NaN) nooutput
ymin = exists('STATS_min') ? STATS_min : 1e-3; ymax = exists('STATS_max') ? STATS_max : 1
ybot = ymin / 10.0
zoom = kmax < 30 ? kmax : 30
stats nr_runs skip 1 using ($5 <= zoom && settled($1) ? $7 : NaN) nooutput
wmin = STATS_min < nr_w_star ? STATS_min : nr_w_star
wmax = STATS_max > nr_w_star ? STATS_max : nr_w_star
pad = wmax > wmin ? (wmax - wmin) * 0.1 : 0.1 * abs(nr_w_star) + 0.1

on(i, v) = int(column(1)) == i ? v : NaN
positive(v) = v > 0 ? v : NaN
# The layout, from the bottom: the key of both panels across the whole
# width, in as many columns as its entries fit; the weight panel; the loss
# panel. Heights in lines of text (em), so every font scale fits.
# With large text the key names only the rates (the table has the status).
entry(i) = nr_font_scale > 1.3 ? label[i] : sprintf('%s  %s', label[i], status_words(status[i]))
w_star_title = latex(sprintf('$w^* = %.6g$', nr_w_star), sprintf('w* = %.6g', nr_w_star))
longest = strlen(sprintf('w* = %.6g', nr_w_star))
do for [i = 1:n] {
	len = strlen(entry(i))
	longest = len > longest ? len : longest
}
entry_w = (longest + 7) * cw
kcols = floor(0.96 / entry_w)
kcols = kcols < 1 ? 1 : kcols > n + 1 ? n + 1 : kcols
krows = ceil((n + 1.0) / kcols)
key_h = (krows + 1) * 1.75 * em + 0.02
axis_h = 4.2 * em                       # tick labels and an axis label
free_h = 1 - 1.5 * em - key_h - 2 * axis_h - 0.03
lower_bot = key_h + axis_h
lower_top = lower_bot + 0.42 * free_h
upper_bot = lower_top + axis_h + 0.03

# Above the losses, room for the blow-up labels: two lines of text at the
# top of the panel, whatever its height and the decades it spans.
head = any_div && !all_div ? 2.5 * em / (1 - 1.5 * em - upper_bot) : 0
head = head < 0.5 ? head : 0.5
span = log10(ymax / ybot)
ytop = ymax * 10**(span * head / (1 - head) > 1 ? span * head / (1 - head) : 1)
# Where each diverged run leaves the frame: its first state above ytop.
array k_out[n]
do for [i = 1:n] { k_out[i] = div_at[i] }
stats nr_runs skip 1 using (div_at[int($1)] >= 0 && ($6 > ytop || $6 != $6) && \
                            $5 < k_out[int($1)] ? k_out[int($1)] = $5 : 0, 0) nooutput

set multiplot
# ---- top: the loss of every run -----------------------------------------
set lmargin at screen 0.03 + 8 * cw
set rmargin at screen 1 - 4 * cw
set tmargin at screen 1 - 1.5 * em
set bmargin at screen upper_bot
set logscale y
set yrange [ybot:ytop]
unset mytics
decades = ceil(log10(ytop / ybot))
# As many decade ticks as the panel's height has room for (2 lines each).
room = floor((1 - 1.5 * em - upper_bot) / (2 * em))
room = room < 2 ? 2 : room
step = ceil(1.0 * decades / room)
step = step <= 5 ? step : step <= 6 ? 6 : step <= 8 ? 8 : 10 * ceil(step / 10.0)
set ytics 10**(step * ceil(log10(ybot) / step)), 10**step
set format y pow10_format
set termoption enhanced
set xrange [0:kmax]
set xlabel tr('iteration', 'iteration') offset 0, 0.4 noenhanced
# (gnuplot spaces the axis name from the tick labels by their enhanced-text
# source, 10^{-16}, wider than they are drawn: the left margin has room.)
set ylabel tr('loss_mse_short', 'loss (MSE)') noenhanced
unset key
do for [i = 1:n] {
	if (div_at[i] >= 0 && !all_div) {
		words = fill(fill(tr('diverged_at', '{{lr}} diverged at iteration {{k}}'), 'lr', label[i]), \
			'k', sprintf('%d', div_at[i]))
		if (k_out[i] > 0.6 * kmax) {
			set label 100 + i words at k_out[i], ytop offset -0.8, -1 right front noenhanced boxed \
				textcolor rgb lr_color[i] point pointtype 7 pointsize 1.5 linecolor rgb lr_color[i]
		} else {
			set label 100 + i words at k_out[i], ytop offset 0.8, -1 left front noenhanced boxed \
				textcolor rgb lr_color[i] point pointtype 7 pointsize 1.5 linecolor rgb lr_color[i]
		}
	}
}
plot for [i = 1:n] nr_runs skip 1 every ::rows_from('runs', i)::rows_to('runs', i) \
         using 5:(on(i, positive($6))) with lines linestyle ls_lr(i)

# ---- below: the weight over the first updates ----------------------------
unset label
unset logscale y
set format y latex('$%g$', '%g')
set termoption noenhanced
set ytics autofreq
set tmargin at screen lower_top
set bmargin at screen lower_bot
set xrange [0:zoom > 0 ? zoom : 1]
set xtics nice_step(zoom > 0 ? zoom : 1, tick_count(8))
set yrange [wmin - pad:wmax + pad]
set ytics nice_step(wmax - wmin + 2 * pad, tick_count(3))
set ylabel tr('weight', 'weight') . latex(' $w$', ' w') offset 0, 0
set xlabel fill(tr('iteration_first', 'iteration (the first {{n}})'), 'n', sprintf('%d', zoom)) \
	offset 0, 0.4
plot nr_w_star with lines linestyle ls_target, \
     for [i = 1:n] nr_runs skip 1 every ::rows_from('runs', i)::rows_to('runs', i) \
         using 5:(on(i, $5 <= zoom ? $7 : NaN)) with linespoints linestyle ls_lr(i) pointsize 0.7

# ---- the bottom: the key of both panels -----------------------------------
unset border
unset tics
unset xlabel
unset ylabel
unset grid
set lmargin at screen 0.01
set rmargin at screen 0.99
set tmargin at screen key_h
set bmargin at screen 0.005
set xrange [0:1]
set yrange [0:1]
set key at screen 0.03, screen key_h left top Left reverse horizontal maxcols kcols \
	width 2 spacing 1.15 samplen 2.5 noenhanced textcolor rgb fg title key_title(tr('learning_rate', 'learning rate')) textcolor rgb fg left
plot for [i = 1:n] NaN with linespoints linestyle ls_lr(i) pointsize 0.7 \
         title entry(i), \
     NaN with lines linestyle ls_target title w_star_title
unset multiplot
unset output
