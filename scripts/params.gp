# params.gp - weight and bias against the iteration, each beside its target.
#
#   gnuplot -c params.gp trace.csv params.png [w_target b_target]
#
# The two parameters live on different scales (w near 2, b near 32), so they
# get a panel each; the dashed grey line is the closed-form minimum.
reset
nr_out = ARG2
load (ARG0[1:strstrt(ARG0, 'params.gp') - 1]) . 'style.gp'

w_star = ARGC >= 3 ? real(ARG3) : 1.8
b_star = ARGC >= 4 ? real(ARG4) : 32
stats ARG1 skip 1 using 1 nooutput
n = STATS_records

set multiplot layout 2, 1 margins 0.12, 0.96, 0.15, 0.97 spacing 0, 0.08
set key bottom right
set offsets 0, 0, graph 0.1, graph 0.1
set ylabel 'weight w'
set format x ''
plot ARG1 skip 1 every nr_every(n) using 1:3 with lines linestyle 6 title 'w', \
     w_star with lines linestyle 4 title sprintf('w* = %.6g', w_star)

set ylabel 'bias b'
set format x '%g'
set xlabel 'iteration'
plot ARG1 skip 1 every nr_every(n) using 1:4 with lines linestyle 7 title 'b', \
     b_star with lines linestyle 4 title sprintf('b* = %.6g', b_star)
unset multiplot
unset output
