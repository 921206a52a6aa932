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
#   nr_settled, nr_unstable   the observed boundary, as multiples of the
#                limit (NaN when not seen)
#
# Both axes are logarithmic. A diverged run was stopped at a huge loss; it is
# drawn as a triangle on a row above the frame of the others, so it does not
# stretch the axis.
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
critical_text = critical > 0 ? lr_text(critical) : 'none'
basis = nr_gradient eq 'exact' ? '2/λmax' : nr_gradient eq 'article' ? "the article's formula, linearised" : ''
critical_label = 'critical lr = ' . critical_text . (basis ne '' ? "\n(" . basis . ')' : '')
iters = exists('nr_iters') ? sprintf('%d', nr_iters) : ''
settled = exists('nr_settled') ? nr_settled : NaN
unstable = exists('nr_unstable') ? nr_unstable : NaN
note = critical <= 0 ? 'no learning rate is stable for this gradient' : \
       settled == settled && unstable == unstable ? \
           sprintf('observed: settles up to %.4g x, unstable from %.4g x critical', settled, unstable) : \
       settled == settled ? sprintf('observed: every rate up to %.4g x critical settles', settled) : \
       exists('nr_settled') ? 'observed: no rate settles' : ''

# The frame: positive final losses of runs that did not diverge.
stats nr_sweep skip 1 using 1 nooutput
lr_lo = STATS_min
lr_hi = STATS_max
ymin = 1e300; ymax = 0
stats nr_sweep skip 1 using (strcol(4) ne 'diverged' && $3 > 0 ? $3 : NaN) nooutput
if (exists('STATS_records') && STATS_records > 0) { ymin = STATS_min; ymax = STATS_max }

n = 0
if (summary ne '') {
	stats summary skip 1 using 1 nooutput
	n = STATS_records
	lr_lo = STATS_min < lr_lo ? STATS_min : lr_lo
	lr_hi = STATS_max > lr_hi ? STATS_max : lr_hi
	stats summary skip 1 using (strcol(8) ne 'diverged' && $5 > 0 ? $5 : NaN) nooutput
	if (exists('STATS_records') && STATS_records > 0) {
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
if (ymax <= 0) { ymin = 1; ymax = 10 }

# Diverged runs sit on a row two decades above the others' maximum; the
# band above it holds the labels of the limit.
y_div = ymax * 100
y_top = ymax * 1e7
stats nr_sweep skip 1 using (strcol(4) eq 'oscillating' ? 1 : 0) nooutput
n_osc = STATS_sum
set logscale xy
set xrange [lr_lo / 1.5:lr_hi * 1.5]
set yrange [ymin / 10:y_top]
set format x '10^{%T}'
set format y '10^{%T}'
set termoption enhanced
set xlabel 'learning rate (log scale)'
set ylabel sprintf('final loss%s (log scale)', iters ne '' ? ' after '.iters.' iterations' : '')
set key outside right top vertical Left reverse samplen 1.5 spacing 1.3 noenhanced

# The limit's label goes on the side of its line with more room; the note
# on the observed boundary is the title.
if (critical > 0) {
	set arrow 1 from critical, graph 0 to critical, graph 1 nohead front linestyle 4
	if (log(critical / (lr_lo / 1.5)) > 0.6 * log(2.25 * lr_hi / lr_lo)) {
		set label 2 critical_label at critical, first ymax * 10**5 offset -0.8, 0 \
			right front noenhanced
	} else {
		set label 2 critical_label at critical, first ymax * 10**5 offset 0.8, 0 \
			left front noenhanced
	}
}
if (note ne '') {
	set title note noenhanced
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
		set label 10 + i label[i] at run_lr[i], run_loss[i] offset -1.4, -1.1 \
			right front noenhanced textcolor rgb lr_color[i]
	}
}

ok(s) = s ne 'diverged' && s ne 'oscillating'
plot nr_sweep skip 1 using 1:(strcol(4) ne 'diverged' ? $3 : NaN) with lines \
          linestyle 5 linewidth 2 title 'sweep', \
     ''   skip 1 using 1:(ok(strcol(4)) ? $3 : NaN) with points pointtype 7 \
          pointsize 1 linecolor rgb c_loss title 'settled', \
     ''   skip 1 using 1:(strcol(4) eq 'oscillating' ? $3 : NaN) with points \
          pointtype 4 pointsize 1.6 linecolor rgb c_loss \
          title (n_osc > 0 ? 'oscillating' : ''), \
     ''   skip 1 using 1:(strcol(4) eq 'diverged' ? y_div : NaN) with points \
          pointtype 9 pointsize 1.6 linecolor rgb c_before \
          title 'diverged (top row)', \
     for [i = 1:n] summary skip 1 every ::(i - 1)::(i - 1) \
          using 1:(strcol(8) eq 'diverged' ? y_div : $5) with points \
          pointtype 6 pointsize 3.5 linewidth 3 linecolor rgb lr_color[i] notitle
unset output
