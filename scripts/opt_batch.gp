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
title = exists('nr_title') ? nr_title : fill(fill(tr('updates_at_lr', '{{updates}} at lr {{lr}}'), \
	'updates', fill(updates == 1 ? tr('updates_one', '{{n}} update') : \
	tr('updates_many', '{{n}} updates'), 'n', sprintf('%d', updates))), 'lr', sprintf('%g', step))
array size[sizes]
stats nr_noise skip 1 using (size[$0 + 1] = $1, 0) nooutput
positive(v) = v > 0 ? v : NaN
stats nr_seeds skip 1 using (positive($4)) nooutput
y_lo = STATS_min; y_hi = STATS_max
stats nr_noise skip 1 using (positive($4)) nooutput
y_lo = STATS_min < y_lo ? STATS_min : y_lo; y_hi = STATS_max > y_hi ? STATS_max : y_hi
if (!exact) {
	undefine STATS_*
	stats nr_noise skip 1 using (positive($5)) nooutput
	if (exists('STATS_min')) { y_lo = STATS_min < y_lo ? STATS_min : y_lo; y_hi = STATS_max > y_hi ? STATS_max : y_hi }
}
e_lo = floor(log10(y_lo / 2))
e_hi = ceil(log10(y_hi * 2))
e_hi = e_hi > e_lo ? e_hi : e_lo + 1
decades = e_hi - e_lo

set logscale xy
set termoption enhanced          # for the 10^{n} tick labels only
set format y (decades > 2 ? pow10_format : '%.2g')
set xrange [b_lo / 1.5:b_hi * 1.5]
set yrange [10**e_lo:10**e_hi]
# Decade ticks, as many as the plot's height has room for (2 lines each).
room = floor((1 - 12 * em) / (2 * em))
ystep = ceil(decades / (room > 2 ? 1.0 * room : 2.0))
if (decades > 2) { set ytics 10**ystep }
set xtics ()
do for [i = 1:sizes] { set xtics add (sprintf('%d', size[i]) size[i]) }
unset mxtics
set xlabel fill(tr('batch_size', 'batch size {{symbol}} (samples per update)'), 'symbol', latex('$B$', 'B')) \
	noenhanced offset 0, 0.3
# The layout, in lines of text: the title on top, the key below the axis.
title_lines = wrap_words(title, 20, 0.9)
set title title_lines noenhanced
entries = exact ? 3 : 4
# The key's words, shorter with large text.
big = nr_font_scale > 1.3
k_seed = big ? tr('seeds', 'seeds') : tr('each_seed', 'each seed')
k_mean = big ? tr('mean', 'mean') : tr('mean_seeds', 'mean of the seeds')
k_expected = big ? tr('expected', 'expected') : tr('expected_reshuffled', 'expected (reshuffled batches)')
k_floor = big ? tr('floor_short', 'floor, independent') : tr('floor', 'floor of independent batches')
longest = strlen(k_seed)
longest = strlen(k_mean) > longest ? strlen(k_mean) : longest
longest = strlen(k_expected) > longest ? strlen(k_expected) : longest
longest = !exact && strlen(k_floor) > longest ? strlen(k_floor) : longest
entry_w = (longest * 0.95 + 6) * cw
kcols = floor(0.94 / entry_w)
kcols = kcols < 1 ? 1 : kcols > entries ? entries : kcols
key_h = ceil(1.0 * entries / kcols) * 1.6 * em + 0.02
set lmargin at screen 0.03 + 8 * cw
set rmargin at screen 0.97
set tmargin at screen 1 - (line_count(title_lines) + 1) * 1.3 * em
set bmargin at screen key_h + 4.6 * em
name_words = tr('loss_above_minimum', 'loss above the minimum, {{excess}}')
name = fill(name_words, 'excess', latex('$L - L^*$', 'L − L*'))
name_w = strlen(fill(name_words, 'excess', 'L − L*'))
plot_h = 1 - (line_count(title_lines) + 1) * 1.3 * em - key_h - 4.6 * em
set ylabel (name_w * 0.75 * 20 * nr_font_scale / 800.0 < plot_h ? name : latex('$L - L^*$', 'L − L*')) \
	noenhanced offset 1, 0
# The key, placed by hand (gnuplot's own key picks its columns by its
# own estimate of the text's width): a sample and the words, row by row.
unset key
key_x(i) = 0.03 + ((i - 1) % kcols) * (0.94 / kcols)
key_y(i) = key_h - 0.01 - (floor((i - 1) / kcols) + 0.5) * 1.6 * em
set label 11 k_seed at screen key_x(1) + 4.5 * cw, screen key_y(1) left noenhanced @TC
set label 21 '' at screen key_x(1) + 2 * cw, screen key_y(1) \
	point pointtype 7 pointsize 0.8 * nr_ps linecolor rgb c_actual
set label 12 k_mean at screen key_x(2) + 4.5 * cw, screen key_y(2) left noenhanced @TC
set label 22 '' at screen key_x(2) + 2 * cw, screen key_y(2) \
	point pointtype 6 pointsize 2.2 * nr_ps linewidth 2 linecolor rgb fg
set label 13 k_expected at screen key_x(3) + 4.5 * cw, screen key_y(3) left noenhanced @TC
set arrow 13 from screen key_x(3) + 0.5 * cw, screen key_y(3) to screen key_x(3) + 3.5 * cw, \
	screen key_y(3) nohead linestyle ls_loss linewidth 2.5
if (!exact) {
	set label 14 k_floor at screen key_x(4) + 4.5 * cw, screen key_y(4) left noenhanced @TC
	set arrow 14 from screen key_x(4) + 0.5 * cw, screen key_y(4) to screen key_x(4) + 3.5 * cw, \
		screen key_y(4) nohead linestyle ls_target
}
# Seed k of 8 sits 1.045^(k - 4.5) times its batch size to the side.
side(b, k) = b * 1.045**(k - 4.5)
plot nr_seeds skip 1 using (side($1, $2)):(positive($4)) with points pointtype 7 \
         pointsize 0.8 * nr_ps linecolor rgb c_actual notitle, \
     nr_noise skip 1 using 1:(positive($6)) with points pointtype 6 pointsize 2.2 * nr_ps \
         linewidth 2 linecolor rgb fg notitle, \
     nr_noise skip 1 using 1:(positive($4)) with lines linestyle ls_loss linewidth 2.5 \
         notitle, \
     nr_noise skip 1 using 1:(exact ? NaN : positive($5)) with lines linestyle ls_target \
         notitle
unset output
