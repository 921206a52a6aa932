# params.gp - weight and bias against the iteration, each beside its target.
#
# Inputs (named variables; defaults for a run by hand in an output folder):
#   nr_trace            a CSV with the columns of trace.csv (states.csv, or
#                       trace.csv itself)
#   nr_w_star, nr_b_star   the closed-form minimum
# The two parameters live on different scales (w near 2, b near 32), so they
# get a panel each. The target is drawn over the curve, dashed, so that both
# show where they coincide.
reset
if (!exists('nr_trace')) nr_trace = ARGC >= 1 ? ARG1 : 'states.csv'
if (!exists('nr_out')) nr_out = ARGC >= 2 ? ARG2 : 'params.png'
if (!exists('nr_w_star')) nr_w_star = 1.8
if (!exists('nr_b_star')) nr_b_star = 32
nr_here = ''; do for [nr_i = strlen(ARG0):1:-1] { if (nr_here eq '' && ARG0[nr_i:nr_i] eq '/') { nr_here = ARG0[1:nr_i] } }
load nr_here . 'style.gp'

stats nr_trace skip 1 using 1 nooutput
n = STATS_records
last_k = STATS_max
stats nr_trace skip 1 using 3 nooutput
w_lo = STATS_min < nr_w_star ? STATS_min : nr_w_star
w_hi = STATS_max > nr_w_star ? STATS_max : nr_w_star
stats nr_trace skip 1 using 4 nooutput
b_lo = STATS_min < nr_b_star ? STATS_min : nr_b_star
b_hi = STATS_max > nr_b_star ? STATS_max : nr_b_star
w0 = w_lo; w_lo = range_lo(w0, w_hi); w_hi = range_hi(w0, w_hi)
b0 = b_lo; b_lo = range_lo(b0, b_hi); b_hi = range_hi(b0, b_hi)

set style line 40 linecolor rgb fg linewidth 2 dashtype (6,6)
set multiplot layout 2, 1 spacing 0, 0.07 margins char 12, char 3, char 4, char 1.5
set xrange [0:(last_k > 0 ? last_k : 1)]
set key bottom right vertical samplen 2.5 spacing 1.1
set offsets 0, 0, graph 0.12, graph 0.12
set ylabel tr('weight', 'weight') . latex(' $w$', ' w')
set format x ''
set yrange [w_lo:w_hi]
set ytics nice_step(w_hi - w_lo, tick_count(4))
plot nr_trace skip 1 every nr_every(n) using 1:3 with lines linestyle ls_weight title latex('$w$', 'w'), \
     nr_w_star with lines linestyle 40 title latex(sprintf('$w^* = %.6g$', nr_w_star), sprintf('w* = %.6g', nr_w_star))

set ylabel tr('bias', 'bias') . latex(' $b$', ' b')
set format x latex('$%g$', '%g')
set yrange [b_lo:b_hi]
set ytics nice_step(b_hi - b_lo, tick_count(4))
set xlabel tr('iteration', 'iteration')
plot nr_trace skip 1 every nr_every(n) using 1:4 with lines linestyle ls_bias title latex('$b$', 'b'), \
     nr_b_star with lines linestyle 40 title latex(sprintf('$b^* = %.6g$', nr_b_star), sprintf('b* = %.6g', nr_b_star))
unset multiplot
unset output
