# scaling.gp - the loss against the iteration for raw and rescaled input,
# each at its own best learning rate, until each reaches the same loss.
#
#   gnuplot -c scaling.gp scaling_curves.csv scaling.png TARGET TITLE1 TITLE2 TITLE3
#
# scaling_curves.csv: case,input,iteration,loss (a header row first), cases
# 1 raw, 2 x/100, 3 standardised (scaling.h). TARGET: the loss all must
# reach (dashed grey line); a big dot marks where each gets there. Both axes
# are logarithmic: iteration 0 and losses <= 0 cannot be shown.
reset
nr_out = ARG2
load (ARG0[1:strstrt(ARG0, 'scaling.gp') - 1]) . 'style.gp'
target = real(ARG3)

stats ARG1 skip 1 using 3:4 nooutput
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
     for [i = 1:3] ARG1 skip 1 using 3:(on(i, $4)) with lines linestyle style[i] \
         title (i == 1 ? ARG4 : i == 2 ? ARG5 : ARG6), \
     for [i = 1:3] ARG1 skip 1 using 3:(reached(i)) with points pointtype 7 \
         pointsize 2.5 linecolor rgb lr_color[style[i] - 10] notitle
unset output
