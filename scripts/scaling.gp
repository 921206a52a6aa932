# scaling.gp - the loss against the iteration for raw and rescaled input,
# each at its own best learning rate, until each reaches the same loss.
#
# Inputs (named variables; defaults for a run by hand in an output folder):
#   nr_curves    scaling_curves.csv: case,input,iteration,loss; cases 1 raw,
#                2 x/100, 3 standardised
#   nr_target    the loss all must reach (dashed grey line); a big dot marks
#                where each gets there
#   nr_condition1..3, nr_lr1..3, nr_iters1..3 (-1: not reached), nr_max_iters
#                what the key says of each case
# Both axes are logarithmic. Iteration 0 stands at x = 0.5, ticked "0", so
# that a run that is there after one update still shows as a segment; a
# loss below the frame leaves it through the bottom edge.
reset
if (!exists('nr_curves')) nr_curves = ARGC >= 1 ? ARG1 : 'scaling_curves.csv'
if (!exists('nr_out')) nr_out = ARGC >= 2 ? ARG2 : 'scaling.png'
nr_here = ''; do for [nr_i = strlen(ARG0):1:-1] { if (nr_here eq '' && ARG0[nr_i:nr_i] eq '/') { nr_here = ARG0[1:nr_i] } }
load nr_here . 'style.gp'
# (after style.gp, which reads the CSV's commas)
if (!exists('nr_target')) { stats nr_curves skip 1 using 4 nooutput; nr_target = STATS_min }
# (A run that starts on an exact fit has nothing to reach: any positive
# target keeps the axes finite.)
target = nr_target > 0 ? nr_target : 1e-3
array names[3] = [tr('raw', 'raw'), 'x/100', tr('standardised', 'standardised')]
scaling_case(t, i) = fill(fill(fill(t, 'name', names[i]), \
	'kappa', sprintf('%.3g', value(sprintf('nr_condition%d', i)))), \
	'lr', sprintf('%.3g', value(sprintf('nr_lr%d', i))))
title(i) = !exists(sprintf('nr_iters%d', i)) ? names[i] : \
	value(sprintf('nr_iters%d', i)) >= 0 ? \
	fill(scaling_case(tr('scaling_reached', '{{name}}: condition {{kappa}}, lr {{lr}}, {{iterations}}'), i), \
	     'iterations', iterations(value(sprintf('nr_iters%d', i)))) : \
	fill(scaling_case(tr('scaling_not_reached', '{{name}}: condition {{kappa}}, lr {{lr}}, not there in {{n}}'), i), \
	     'n', sprintf('%d', nr_max_iters))

stats nr_curves skip 1 using 3:4 nooutput
# The loss axis from four decades below the target to the first labelled
# decade above the highest loss.
e_lo = floor(log10(target / 1e4))
# (no lower than a decade below the lowest loss: with noisy targets no
# run gets below the noise floor)
e_data = floor(log10(STATS_min_y > 0 ? STATS_min_y : target)) - 1
e_lo = e_data > e_lo ? e_data : e_lo
e_hi = ceil(log10((STATS_max_y > target ? STATS_max_y : target * 10) * 1.5))
step = e_hi - e_lo > 8 ? 2 : 1
e_hi = e_lo + step * ceil((e_hi - e_lo) / (1.0 * step))
set logscale xy
set format y pow10_format
set termoption enhanced
x_top = STATS_max_x * 2 > 10 ? STATS_max_x * 2 : 10
set xrange [0.4:x_top]
set yrange [10**e_lo:10**e_hi]
set ytics 10**step
set xtics add ('0' 0.5)
xk(k) = k == 0 ? 0.5 : k
set xlabel tr('iteration', 'iteration') noenhanced
set ylabel tr('loss_mse_short', 'loss (MSE)') noenhanced
set key outside top center vertical Left reverse spacing 1.1 samplen 2.5 noenhanced
array style[3] = [ls_lr(1), ls_lr(3), ls_lr(5)]
on(i, v) = column(1) == i && v > 0 ? v : NaN
# Where each run reached the target: a dot at its loss then, or, when that
# loss is below the frame, a triangle on the bottom edge with the value.
floor_y = 10**e_lo
reached(i) = column(1) == i && column(4) <= target && column(4) >= floor_y ? column(4) : NaN
below(i) = column(1) == i && column(4) < floor_y ? floor_y * 10**0.2 : NaN

plot target with lines linestyle ls_target title fill(tr('target_loss', 'target loss {{loss}}'), 'loss', sprintf('%.3g', target)), \
     for [i = 1:3] nr_curves skip 1 using (xk($3)):(on(i, $4)) with lines linestyle style[i] \
         title title(i), \
     for [i = 1:3] nr_curves skip 1 using (xk($3)):(reached(i)) with points pointtype 7 \
         pointsize 2 * nr_ps linecolor rgb lr_color[style[i] - 10] notitle, \
     for [i = 1:3] nr_curves skip 1 using (xk($3)):(below(i)) with points pointtype 11 \
         pointsize 2 * nr_ps linecolor rgb lr_color[style[i] - 10] notitle, \
     nr_curves skip 1 using (xk($3)):(column(4) < floor_y ? floor_y * 10**0.2 : NaN): \
         (fill(tr('loss_value', 'loss {{loss}}'), 'loss', sprintf('%.2g', $4))) with labels noenhanced left offset 1, 0.8 textcolor rgb fg notitle
unset output
