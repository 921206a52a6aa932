# loss.gp - the loss against the iteration, on a log axis.
#
# Inputs (named variables; defaults for a run by hand in an output folder):
#   nr_trace   trace.csv: iteration,loss,weight,bias,dweight,dbias
# A log axis cannot show a loss of exactly 0: such points are left out, and
# when every loss is 0 the axis is linear.
reset
if (!exists('nr_trace')) nr_trace = ARGC >= 1 ? ARG1 : 'trace.csv'
if (!exists('nr_out')) nr_out = ARGC >= 2 ? ARG2 : 'loss.png'
nr_here = ''; do for [nr_i = strlen(ARG0):1:-1] { if (nr_here eq '' && ARG0[nr_i:nr_i] eq '/') { nr_here = ARG0[1:nr_i] } }
load nr_here . 'style.gp'

stats nr_trace skip 1 using 1:2 nooutput
n = STATS_records
last_k = STATS_max_x
if (STATS_max_y > 0) {
	set logscale y
	set format y '10^{%T}'
	set termoption enhanced
}
stats nr_trace skip 1 every ::(n - 1) using 2 nooutput
last_loss = STATS_max

set xlabel 'iteration'
set ylabel 'loss (mean squared error)'
set label 1 sprintf('final loss %.4g', last_loss) at last_k, last_loss \
	offset -0.5, -1.3 right front noenhanced
unset key
positive(v) = v > 0 ? v : NaN

plot nr_trace skip 1 every nr_every(n) using 1:(positive($2)) with lines linestyle 5, \
     ''   skip 1 every ::(n - 1) using 1:(positive($2)) with points pointtype 7 pointsize 1.5 \
          linecolor rgb c_loss notitle
unset output
