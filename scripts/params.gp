# params.gp - weight and bias against the iteration, each beside its target.
#
# Inputs (named variables; defaults for a run by hand in an output folder):
#   nr_trace            trace.csv: iteration,loss,weight,bias,dweight,dbias
#   nr_w_star, nr_b_star   the closed-form minimum (dashed grey lines)
# The two parameters live on different scales (w near 2, b near 32), so they
# get a panel each.
reset
if (!exists('nr_trace')) nr_trace = ARGC >= 1 ? ARG1 : 'trace.csv'
if (!exists('nr_out')) nr_out = ARGC >= 2 ? ARG2 : 'params.png'
if (!exists('nr_w_star')) nr_w_star = 1.8
if (!exists('nr_b_star')) nr_b_star = 32
nr_here = ''; do for [nr_i = strlen(ARG0):1:-1] { if (nr_here eq '' && ARG0[nr_i:nr_i] eq '/') { nr_here = ARG0[1:nr_i] } }
load nr_here . 'style.gp'

w_star = nr_w_star
b_star = nr_b_star
stats nr_trace skip 1 using 1 nooutput
n = STATS_records

set multiplot layout 2, 1 margins 0.12, 0.96, 0.15, 0.97 spacing 0, 0.08
set key bottom right
set offsets 0, 0, graph 0.1, graph 0.1
set ylabel 'weight w'
set format x ''
plot nr_trace skip 1 every nr_every(n) using 1:3 with lines linestyle 6 title 'w', \
     w_star with lines linestyle 4 title sprintf('w* = %.6g', w_star)

set ylabel 'bias b'
set format x '%g'
set xlabel 'iteration'
plot nr_trace skip 1 every nr_every(n) using 1:4 with lines linestyle 7 title 'b', \
     b_star with lines linestyle 4 title sprintf('b* = %.6g', b_star)
unset multiplot
unset output
