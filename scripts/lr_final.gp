# lr_final.gp - final loss against learning rate, with the stability limit.
#
# Inputs (named variables; defaults for a run by hand in an output folder):
#   nr_sweep     sweep.csv: lr,iterations,loss,status,diverged_at,
#                lr_over_critical (ascending lr): the dense sweep
#   nr_summary   summary.csv (see lr_loss.gp): the compared rates, marked in
#                their own colours
#   nr_critical  the computed limit, drawn as a vertical line (0: none)
#   nr_gradient  'exact' or 'article': how the limit was computed
#   nr_iters     iterations of each run of the sweep
#   nr_title     what the sweep showed, in words (none: no title)
#
# Both axes are logarithmic. A run that blew up has no meaningful final
# loss: it is marked in a band above the frame, outside the value axis, so
# it neither stretches the axis nor claims a value.
reset
if (!exists('nr_sweep')) nr_sweep = ARGC >= 1 ? ARG1 : 'sweep.csv'
if (!exists('nr_out')) nr_out = ARGC >= 2 ? ARG2 : 'lr_final.png'
if (!exists('nr_summary')) nr_summary = 'summary.csv'
if (!exists('nr_critical')) nr_critical = 0
if (!exists('nr_gradient')) nr_gradient = ''
nr_here = ''; do for [nr_i = strlen(ARG0):1:-1] { if (nr_here eq '' && ARG0[nr_i:nr_i] eq '/') { nr_here = ARG0[1:nr_i] } }
load nr_here . 'style.gp'
summary = nr_summary
critical = nr_critical
# The limit as people write it, to 5 digits: "1.1998e-3".
lr_text(v) = sprintf('%.4fe%d', v / 10**floor(log10(v)), floor(log10(v)))
critical_text = critical > 0 ? lr_text(critical) : tr('none', 'none')
basis = nr_gradient eq 'exact' ? latex('$2/\lambda_{\max}$', '2/λmax') : \
	nr_gradient eq 'article' ? tr('article_linearised', "the article's formula, linearised") : ''
critical_label = fill(tr('critical_lr', 'critical lr = {{lr}}'), 'lr', critical_text) . \
	(basis ne '' ? "\n(" . basis . ')' : '')
iters = exists('nr_iters') ? sprintf('%d', nr_iters) : ''
title = exists('nr_title') ? nr_title : ''

# The frame: positive final losses of runs that did not diverge.
stats nr_sweep skip 1 using 1 nooutput
lr_lo = STATS_min
lr_hi = STATS_max
ymin = 1e300; ymax = 0
undefine STATS_*   # (a stats without valid points defines nothing)
stats nr_sweep skip 1 using (strcol(4) ne 'diverged' && $3 > 0 ? $3 : NaN) nooutput
if (exists('STATS_min')) { ymin = STATS_min; ymax = STATS_max }

n = 0
if (summary ne '') {
	stats summary skip 1 using 1 nooutput
	n = STATS_records
	lr_lo = STATS_min < lr_lo ? STATS_min : lr_lo
	lr_hi = STATS_max > lr_hi ? STATS_max : lr_hi
	undefine STATS_*
	stats summary skip 1 using (strcol(8) ne 'diverged' && $5 > 0 ? $5 : NaN) nooutput
	if (exists('STATS_min')) {
		ymin = STATS_min < ymin ? STATS_min : ymin
		ymax = STATS_max > ymax ? STATS_max : ymax
	}
}
array label[n > 0 ? n : 1]
array run_lr[n > 0 ? n : 1]
array run_loss[n > 0 ? n : 1]
array run_div[n > 0 ? n : 1]
do for [i = 1:n] {
	stats summary skip 1 every ::(i - 1)::(i - 1) \
		using (label[i] = strcol(2), run_lr[i] = $1, run_loss[i] = $5, \
		       run_div[i] = strcol(8) eq 'diverged', 0) nooutput
}
if (!(ymax > 0 && ymin > 0)) { ymin = 1.0; ymax = 10.0 }

# The frame holds the losses of the runs that did not diverge; the band
# above it (a sixth of the height, at least two decades) holds those that did.
frame_top = ymax * 10
decades = log10(frame_top / (ymin / 10.0))
band = decades / 5 > 2 ? decades / 5 : 2
y_band = frame_top * 10**0.3
y_top = y_band * 10**band
y_div = y_band * 10**(band / 2)
stats nr_sweep skip 1 using (strcol(4) eq 'oscillating' ? 1 : 0) nooutput
n_osc = STATS_sum
stats nr_sweep skip 1 using (strcol(4) eq 'diverged' ? 1 : 0) nooutput
n_div = STATS_sum
set logscale xy
set xrange [lr_lo / 1.5:lr_hi * 1.5]
set yrange [ymin / 10.0:y_top]
set format x pow10_format
set format y pow10_format
set termoption enhanced
step = decades > 12 ? 4 : decades > 6 ? 2 : 1
# Ticks up to the frame's top only: the band's height is not a loss.
e_lo = ceil(log10(ymin / 10.0)); e_hi = floor(log10(frame_top))
set ytics ()
set for [e = e_hi:e_lo:-step] ytics add (sprintf(latex('$10^{%d}$', '10^{%d}'), e) 10**e)
unset mytics
set xlabel tr('lr_log', 'learning rate (log scale)') noenhanced
set ylabel iters ne '' ? fill(tr('final_loss_after', 'final loss after {{iterations}}'), \
	'iterations', iterations(nr_iters)) : tr('final_loss', 'final loss') noenhanced
# The key goes in the left corner the curve leaves free: the bottom one when
# the slowest rate's loss is in the upper half of the frame.
height(y) = log(y / (ymin / 10.0)) / log(frame_top / (ymin / 10.0))
undefine STATS_*
stats nr_sweep skip 1 every ::0::0 using 3 nooutput
first_high = exists('STATS_max') && STATS_max > 0 && height(STATS_max) > 0.5
if (first_high) {
	set key inside left bottom
} else {
	set key at graph 0.02, first frame_top left top
}
set key vertical Left reverse samplen 1.5 spacing 1.2 noenhanced opaque box linecolor rgb grid
set object 1 rectangle from graph 0, first y_band to graph 1, graph 1 behind \
	fillcolor rgb panel fillstyle solid 1.0 noborder
if (n_div > 0) {
	set label 1 tr('blew_up', 'blew up') at graph 0.015, first y_div left front noenhanced textcolor rgb c_before
}
if (title ne '') { set title wrap(title, 20, 0.9) noenhanced }

# The limit's label goes on the side of its line with more room.
if (critical > 0) {
	set arrow 1 from critical, graph 0 to critical, first y_band nohead front linestyle ls_target
	pos = log(critical / (lr_lo / 1.5)) > 0.6 * log(2.25 * lr_hi / lr_lo)
	if (pos) {
		set label 2 critical_label at critical, first frame_top offset -0.8, -0.6 right front noenhanced @TC
	} else {
		set label 2 critical_label at critical, first frame_top offset 0.8, -0.6 left front noenhanced @TC
	}
}

# Each compared rate is named beside its marker: below left of a settled
# run (the curve falls to the right), below right of a diverged one.
# (Not `with labels`: gnuplot 5.4 crashes when such a plot has no valid
# point beside other plots.)
do for [i = 1:n] {
	if (run_div[i]) {
		set label 10 + i label[i] at run_lr[i], y_div offset 0.6, -1.6 left \
			front noenhanced textcolor rgb lr_color[i]
	} else {
		low = run_loss[i] > 0 && height(run_loss[i]) < 0.15
		set label 10 + i label[i] at run_lr[i], run_loss[i] offset -1.4, (low ? 1.1 : -1.1) \
			right front noenhanced textcolor rgb lr_color[i]
	}
}

ok(s) = s ne 'diverged' && s ne 'oscillating'
plot nr_sweep skip 1 using 1:(strcol(4) ne 'diverged' ? $3 : NaN) with lines \
          linestyle ls_loss title tr('sweep', 'sweep'), \
     ''   skip 1 using 1:(ok(strcol(4)) ? $3 : NaN) with points pointtype 7 \
          pointsize 0.8 * nr_ps linecolor rgb c_loss title tr('settled', 'settled'), \
     ''   skip 1 using 1:(strcol(4) eq 'oscillating' ? $3 : NaN) with points \
          pointtype 4 pointsize 1.3 * nr_ps linewidth nr_lw linecolor rgb c_loss \
          title (n_osc > 0 ? tr('still_swinging', 'still swinging at the end') : ''), \
     ''   skip 1 using 1:(strcol(4) eq 'diverged' ? y_div : NaN) with points \
          pointtype 9 pointsize 1.3 * nr_ps linecolor rgb c_before \
          title (n_div > 0 ? tr('blew_up_band', 'blew up (band)') : ''), \
     for [i = 1:n] summary skip 1 every ::(i - 1)::(i - 1) \
          using 1:(strcol(8) eq 'diverged' ? y_div : $5) with points \
          pointtype 6 pointsize 2.6 * nr_ps linewidth 1.5 * nr_lw linecolor rgb lr_color[i] notitle
unset output
