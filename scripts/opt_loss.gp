# opt_loss.gp - the loss above the minimum of every optimizer run against
# the iteration, down to a common target, with a key beside the plot.
#
# Inputs (named variables; defaults for a run by hand in an output folder):
#   nr_curves   opt_curves.csv: run,iteration,loss,excess; runs 1 .. nr_n
#               are drawn (the file may hold more)
#   nr_n        how many runs (default: all in the file)
#   nr_label1, nr_label2, ...   each run's name in the key (default "run i")
#   nr_short1, nr_short2, ...   shorter names, for the key with large text
#   nr_div1, nr_div2, ...       the iteration where a run diverged, or -1;
#               a diverged run leaves through the top of the frame
#   nr_target   the target's excess loss (dashed), nr_target_label its name
#
# Both axes are logarithmic. Iteration 0 stands at x = 0.5, ticked "0", so
# a run that is there after one update still shows as a segment. The y
# range comes from the runs that did not diverge (one blow-up would
# flatten every other curve). Each run has its own colour and its own dash
# pattern, and in print also its own marks, so grey print tells them apart.
reset
if (!exists('nr_curves')) nr_curves = ARGC >= 1 ? ARG1 : 'opt_curves.csv'
if (!exists('nr_out')) nr_out = ARGC >= 2 ? ARG2 : 'opt_loss.png'
nr_here = ''; do for [nr_i = strlen(ARG0):1:-1] { if (nr_here eq '' && ARG0[nr_i:nr_i] eq '/') { nr_here = ARG0[1:nr_i] } }
load nr_here . 'style.gp'

if (exists('nr_n')) { n = nr_n } else { stats nr_curves skip 1 using 1 nooutput; n = int(STATS_max) }
label(i) = exists(sprintf('nr_label%d', i)) ? value(sprintf('nr_label%d', i)) : \
	fill(tr('run', 'run {{n}}'), 'n', sprintf('%d', i))
short(i) = exists(sprintf('nr_short%d', i)) ? value(sprintf('nr_short%d', i)) : label(i)
div(i) = exists(sprintf('nr_div%d', i)) ? value(sprintf('nr_div%d', i)) : -1
target = exists('nr_target') ? nr_target : NaN
target_label = exists('nr_target_label') ? nr_target_label : tr('target', 'target')

# The frame: positive excess losses of the runs that did not diverge.
array diverged_at[n]
do for [i = 1:n] { diverged_at[i] = div(i) }
kept(i) = int(i) >= 1 && int(i) <= n && diverged_at[int(i)] < 0
stats nr_curves skip 1 using ($4 > 0 && kept($1) ? $2 : NaN):($4 > 0 && kept($1) ? $4 : NaN) nooutput
kmax = STATS_max_x > 1 ? STATS_max_x : 1
lo = target > 0 && target < STATS_min_y ? target : STATS_min_y
e_lo = floor(log10(lo)) - 1
e_hi = ceil(log10(STATS_max_y * 1.5))
# Decade ticks, as many as the plot's height has room for (2 lines each).
room = floor((1 - 6.1 * em) / (2 * em))
step = ceil((e_hi - e_lo) / (room > 2 ? 1.0 * room : 2.0))
e_hi = e_lo + step * ceil((e_hi - e_lo) / (1.0 * step))

# The key right of the plot, one entry a line: the full labels when they
# fit in 38% of the width, else the short ones (large text).
full_w = strlen(target_label)
short_w = strlen(target_label)
do for [i = 1:n] {
	full_w = strlen(label(i)) > full_w ? strlen(label(i)) : full_w
	short_w = strlen(short(i)) > short_w ? strlen(short(i)) : short_w
}
use_full = (full_w + 9) * cw <= 0.38
key_w = ((use_full ? full_w : short_w) + 9) * cw
entry(i) = use_full ? label(i) : short(i)

set lmargin at screen 0.03 + 8 * cw
set rmargin at screen 0.99 - key_w
set tmargin at screen 1 - 1.5 * em
set bmargin at screen 4.6 * em
set logscale xy
set termoption enhanced            # for the 10^{n} tick labels only
set format y pow10_format
set xrange [0.4:kmax * 1.6]
# Decades as 1, 10, 100, then 10^3 ...; iteration 0 at 0.5.
# The label 1 only when it stands clear of the 0 (2.5 characters apart).
plot_w = 0.96 - key_w - 8 * cw
gap = plot_w * log10(2) / log10(kmax * 4)
set xtics ('0' 0.5)
do for [e = 0:ceil(log10(kmax * 1.6))] {
	set xtics add (e == 0 && gap < 2.5 * cw ? '' : e < 3 ? sprintf('%d', 10**e) : sprintf(latex('$10^{%d}$', '10^{%d}'), e) 10**e)
}
set yrange [10**e_lo:10**e_hi]
set ytics 10**step
set mytics default
set xlabel tr('iteration', 'iteration') offset 0, 0.3 noenhanced
# The axis's name in full when it fits the height of the plot.
name_words = tr('loss_above_minimum', 'loss above the minimum, {{excess}}')
name = fill(name_words, 'excess', latex('$L - L^*$', 'L − L*'))
name_w = strlen(fill(name_words, 'excess', 'L − L*'))
set ylabel (name_w * 0.75 * 20 * nr_font_scale / 800.0 < 0.9 - 6.1 * em ? name : latex('$L - L^*$', 'L − L*')) \
	noenhanced offset 1, 0
set key at screen 0.995 - key_w + 1.5 * cw, graph 1 left top Left reverse vertical \
	spacing 1.2 samplen 4 noenhanced textcolor rgb fg
xk(k) = k == 0 ? 0.5 : k
on(i, v) = int(column(1)) == i && v > 0 ? v : NaN
marks = nr_theme eq 'print'
mark_every(i) = 40 + 7 * i
# Marks on the rows that are multiples of mark_every(i), from run i's first.
mark_from(i) = (rows_from('curves', i) + mark_every(i) - 1) / mark_every(i) * mark_every(i)
# Drawn last first, so that the first runs lie on top; the key in order.
plot for [i = n:1:-1] nr_curves skip 1 every ::rows_from('curves', i)::rows_to('curves', i) \
         using (xk($2)):(on(i, $4)) with lines linestyle ls_lr(i) notitle, \
     for [i = 1:n] nr_curves skip 1 every mark_every(i)::mark_from(i)::rows_to('curves', i) \
         using (xk($2)):(marks ? on(i, $4) : NaN) with points linestyle ls_lr(i) pointsize 1.2 notitle, \
     for [i = 1:n] NaN with linespoints linestyle ls_lr(i) pointsize (marks ? 1.2 : 0) title entry(i), \
     target with lines linestyle ls_target title target_label
unset output
