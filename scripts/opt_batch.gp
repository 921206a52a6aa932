# opt_batch.gp - the loss above the minimum after a fixed number of
# updates at a constant step, against the batch size: every seed, their
# mean, the value expected, and the noise floor of independent batches.
#
# Inputs (named variables; defaults for a run by hand in an output folder):
#   nr_noise   batch_noise.csv: batch,updates,lr,expected,floor,mean,min,max
#   nr_seeds   batch_seeds.csv: batch,seed,loss,excess
#   nr_exact   1 when every sample's gradient vanishes at the minimum (no
#              floor: its line is left out)
#   nr_title   the title (default: the updates and the step)
#
# Both axes are logarithmic; the seeds of one batch size are spread a
# little sideways so that they do not hide each other. A value of 0 (the
# floor of the full batch) cannot be shown on a log axis and is left out.
reset
if (!exists('nr_noise')) nr_noise = ARGC >= 1 ? ARG1 : 'batch_noise.csv'
if (!exists('nr_seeds')) nr_seeds = ARGC >= 2 ? ARG2 : 'batch_seeds.csv'
if (!exists('nr_out')) nr_out = ARGC >= 3 ? ARG3 : 'batch_noise.png'
nr_here = ''; do for [nr_i = strlen(ARG0):1:-1] { if (nr_here eq '' && ARG0[nr_i:nr_i] eq '/') { nr_here = ARG0[1:nr_i] } }
load nr_here . 'style.gp'
exact = exists('nr_exact') ? nr_exact : 0

stats nr_noise skip 1 using 1:2 nooutput
b_lo = STATS_min_x; b_hi = STATS_max_x; sizes = STATS_records
updates = STATS_max_y
stats nr_noise skip 1 using 3 nooutput
step = STATS_max
title = exists('nr_title') ? nr_title : sprintf('%d updates at lr %g', updates, step)
array size[sizes]
stats nr_noise skip 1 using (size[$0 + 1] = $1, 0) nooutput
positive(v) = v > 0 ? v : NaN
stats nr_seeds skip 1 using (positive($4)) nooutput
y_lo = STATS_min; y_hi = STATS_max
stats nr_noise skip 1 using (positive($4)) nooutput
y_lo = STATS_min < y_lo ? STATS_min : y_lo; y_hi = STATS_max > y_hi ? STATS_max : y_hi
if (!exact) {
	stats nr_noise skip 1 using (positive($5)) nooutput
	if (STATS_records > 0) { y_lo = STATS_min < y_lo ? STATS_min : y_lo; y_hi = STATS_max > y_hi ? STATS_max : y_hi }
}
e_lo = floor(log10(y_lo / 2))
e_hi = ceil(log10(y_hi * 2))
e_hi = e_hi > e_lo ? e_hi : e_lo + 1
decades = e_hi - e_lo
ystep = decades > 12 ? 3 : decades > 6 ? 2 : 1

set logscale xy
set termoption enhanced          # for the 10^{n} tick labels only
set format y (decades > 2 ? '10^{%T}' : '%.2g')
set xrange [b_lo / 1.5:b_hi * 1.5]
set yrange [10**e_lo:10**e_hi]
if (decades > 2) { set ytics 10**ystep }
set xtics ()
do for [i = 1:sizes] { set xtics add (sprintf('%d', size[i]) size[i]) }
unset mxtics
set xlabel 'batch size B (samples per update)' noenhanced offset 0, 0.3
set ylabel 'loss above the minimum, L − L*' noenhanced
set title wrap_words(title, 20, 0.9) noenhanced
set key top right opaque noenhanced textcolor rgb fg spacing 1.2 samplen 3
# Seed k of 8 sits 1.045^(k - 4.5) times its batch size to the side.
side(b, k) = b * 1.045**(k - 4.5)
plot nr_seeds skip 1 using (side($1, $2)):(positive($4)) with points pointtype 7 \
         pointsize 0.8 * nr_ps linecolor rgb c_actual title 'each seed', \
     nr_noise skip 1 using 1:(positive($6)) with points pointtype 6 pointsize 2.2 * nr_ps \
         linewidth 2 linecolor rgb fg title 'mean of the seeds', \
     nr_noise skip 1 using 1:(positive($4)) with lines linestyle ls_loss linewidth 2.5 \
         title 'expected (reshuffled batches)', \
     nr_noise skip 1 using 1:(exact ? NaN : positive($5)) with lines linestyle ls_target \
         title (exact ? '' : 'floor of independent batches')
unset output
