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
# Both axes are logarithmic: iteration 0 and losses <= 0 cannot be shown.
reset
if (!exists('nr_curves')) nr_curves = ARGC >= 1 ? ARG1 : 'scaling_curves.csv'
if (!exists('nr_out')) nr_out = ARGC >= 2 ? ARG2 : 'scaling.png'
if (!exists('nr_target')) { stats nr_curves skip 1 using 4 nooutput; nr_target = STATS_min }
nr_here = ''; do for [nr_i = strlen(ARG0):1:-1] { if (nr_here eq '' && ARG0[nr_i:nr_i] eq '/') { nr_here = ARG0[1:nr_i] } }
load nr_here . 'style.gp'
target = nr_target
names = 'raw x/100 standardised'
title(i) = !exists(sprintf('nr_iters%d', i)) ? word(names, i) : \
	value(sprintf('nr_iters%d', i)) >= 0 ? \
	sprintf('%s: condition %.3g, lr %.3g, %d iteration%s', word(names, i), \
	        value(sprintf('nr_condition%d', i)), value(sprintf('nr_lr%d', i)), \
	        value(sprintf('nr_iters%d', i)), value(sprintf('nr_iters%d', i)) == 1 ? '' : 's') : \
	sprintf('%s: condition %.3g, lr %.3g, not there in %d', word(names, i), \
	        value(sprintf('nr_condition%d', i)), value(sprintf('nr_lr%d', i)), nr_max_iters)

stats nr_curves skip 1 using 3:4 nooutput
set logscale xy
set format y '10^{%T}'
set termoption enhanced
set xrange [0.8:STATS_max_x * 2]
set yrange [target / 1e4:STATS_max_y * 3]
set xlabel 'iteration'
set ylabel 'loss (mean squared error)'
set key bottom right Right spacing 1.3 noenhanced
array style[3] = [11, 13, 15]
on(i, v) = column(1) == i && column(3) >= 1 && v > 0 ? v : NaN
reached(i) = column(1) == i && column(4) <= target ? target : NaN

plot target with lines linestyle 4 title sprintf('target loss %.3g', target), \
     for [i = 1:3] nr_curves skip 1 using 3:(on(i, $4)) with lines linestyle style[i] \
         title title(i), \
     for [i = 1:3] nr_curves skip 1 using 3:(reached(i)) with points pointtype 7 \
         pointsize 2.5 linecolor rgb lr_color[style[i] - 10] notitle
unset output
