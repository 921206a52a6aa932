# opt_card.gp - one run of the explorer: its loss against the iteration
# (every other run faint behind it) and its path on the loss surface.
#
# Inputs (named variables; defaults for a run by hand in an output folder):
#   nr_curves  opt_curves.csv: run,iteration,loss,excess
#   nr_paths   opt_paths.csv: run,name,iteration,loss,weight,bias,mark (each
#              run in its own window; mark as in opt_paths.gp)
#   nr_run     the run this card shows (default 1)
#   nr_style   its line style ls_lr(nr_style) (default nr_run)
#   nr_label<i>, nr_short<i>, nr_count<i>, nr_div<i>   each run's name, a
#              shorter one, how far it got and where it diverged (-1: not);
#              the card's title is its run's
#   nr_target  the target's excess loss (dashed), nr_target_label its name
#   nr_kmax, nr_top, nr_lo, nr_w_start, nr_b_start   optional: the frame
#              (see below), which the script finds itself when not given
#   the surface and the run's window: see surface.gp
reset
if (!exists('nr_curves')) nr_curves = ARGC >= 1 ? ARG1 : 'opt_curves.csv'
if (!exists('nr_paths')) nr_paths = ARGC >= 2 ? ARG2 : 'opt_paths.csv'
if (!exists('nr_out')) nr_out = ARGC >= 3 ? ARG3 : 'card.png'
nr_here = ''; do for [nr_i = strlen(ARG0):1:-1] { if (nr_here eq '' && ARG0[nr_i:nr_i] eq '/') { nr_here = ARG0[1:nr_i] } }
load nr_here . 'style.gp'
run = exists('nr_run') ? nr_run : 1
style = exists('nr_style') ? nr_style : run
text(name, i, other) = exists(sprintf('nr_%s%d', name, i)) ? value(sprintf('nr_%s%d', name, i)) : other
div(i) = text('div', i, -1)
target = exists('nr_target') ? nr_target : NaN
target_label = exists('nr_target_label') ? nr_target_label : tr('target', 'target')

# The losses: the frame from every run that did not diverge, down to a
# decade below the target or this run's lowest loss (the others may leave
# through the bottom).
if (exists('nr_n')) { n = nr_n } else { stats nr_curves skip 1 using 1 nooutput; n = int(STATS_max) }
array diverged_at[n]
do for [i = 1:n] { diverged_at[i] = div(i) }
kept(i) = diverged_at[int(i)] < 0
# The program passes what these passes would find (nr_kmax, nr_top, nr_lo).
if (exists('nr_kmax')) { STATS_max_x = nr_kmax; STATS_max_y = nr_top } else {
	stats nr_curves skip 1 using ($4 > 0 && kept($1) ? $2 : NaN):($4 > 0 && kept($1) ? $4 : NaN) nooutput
}
kmax = STATS_max_x > 1 ? STATS_max_x : 1
top = STATS_max_y
undefine STATS_*
if (exists('nr_lo')) { STATS_min = nr_lo } else {
	stats nr_curves skip 1 using ($4 > 0 && int($1) == run ? $4 : NaN) nooutput
}
lo = exists('STATS_min') && STATS_min < target ? STATS_min : target
lo = lo > 0 ? lo : top / 1e6
e_lo = floor(log10(lo)) - 1
e_hi = ceil(log10(top * 1.5))
# Decade ticks, as many as the panel's height has room for (2 lines each).
room = floor((1 - 7.4 * em) / (2 * em))
ystep = ceil((e_hi - e_lo) / (room > 2 ? 1.0 * room : 2.0))
e_hi = e_lo + ystep * ceil((e_hi - e_lo) / (1.0 * ystep))
if (exists('nr_w_start')) { w_start = nr_w_start; b_start = nr_b_start } else {
	stats nr_paths skip 1 every ::0::0 using 5 nooutput
	w_start = STATS_min
	stats nr_paths skip 1 every ::0::0 using 6 nooutput
	b_start = STATS_min
}

title = text('label', run, fill(tr('run', 'run {{n}}'), 'n', sprintf('%d', run))) . ': ' . \
	text('count', run, '')
set multiplot title wrap_words(title, 20, 0.95) font fs(20) noenhanced textcolor rgb lr_color[style]

# ---- left: the loss --------------------------------------------------------------
set lmargin at screen 0.03 + 8 * cw
set rmargin at screen 0.47
set tmargin at screen 1 - 3.2 * em
set bmargin at screen 4.2 * em
set logscale xy
set termoption enhanced
set format y '10^{%T}'
set xrange [0.4:kmax * 1.6]
set xtics ('0' 0.5)
do for [e = 1:ceil(log10(kmax * 1.6))] {
	set xtics add (e < 3 ? sprintf('%d', 10**e) : sprintf('10^{%d}', e) 10**e)
}
set yrange [10**e_lo:10**e_hi]
set ytics 10**ystep
set xlabel tr('iteration', 'iteration') offset 0, 0.4 noenhanced
set ylabel 'L − L*' noenhanced offset 1, 0
unset key
xk(k) = k == 0 ? 0.5 : k
on(i, v) = int(column(1)) == i && v > 0 ? v : NaN
others(v) = int(column(1)) != run && v > 0 ? v : NaN
plot target with lines linestyle ls_target, \
     nr_curves skip 1 using (xk($2)):(others($4)) with lines linecolor rgb grid linewidth 1.5, \
     nr_curves skip 1 every ::rows_from('curves', run)::rows_to('curves', run) \
         using (xk($2)):(on(run, $4)) with lines linestyle ls_lr(style) linewidth 3.5

# ---- right: the path on the loss surface -------------------------------------------
unset logscale xy
set termoption noenhanced
load nr_here . 'surface.gp'
e_top = excess(w_start, b_start)
e_top = e_top > 0 ? e_top : 1
set lmargin at screen 0.56 + 4 * cw
set rmargin at screen 0.97
set format x '%g'
set format y '%g'
ticks_in(lo, hi, st) = floor(hi / st) - ceil(lo / st) + 1
axis_step(lo, hi, count) = ticks_in(lo, hi, nice_step(hi - lo, count)) >= 2 ? \
	nice_step(hi - lo, count) : ticks_in(lo, hi, nice_step(hi - lo, 1.6 * count)) >= 2 ? \
	nice_step(hi - lo, 1.6 * count) : nice_step(hi - lo, 2.5 * count)
set xtics axis_step(w_lo, w_hi, tick_count(4))
set ytics axis_step(b_lo, b_hi, tick_count(5))
set mxtics default
set xlabel 'w'
unset ylabel
set label 1 'b' at graph 0, graph 1 offset -1.2, 0.7 right @TC
marked(side) = int(column(1)) == run && strcol(7) eq side ? $6 : NaN
f_small = fs(13)
first = rows_from('paths', run); last = rows_to('paths', run)
plot for [j = 1:n_levels] '+' using (ew(level(e_top, j), tt($1))):(eb(level(e_top, j), tt($1))) \
         with lines linestyle ls_contour, \
     nr_paths skip 1 every ::first::last using 5:(int($1) == run ? $6 : NaN) \
         with lines linestyle ls_lr(style) linewidth 2 dashtype solid, \
     '' skip 1 every ::first::last using 5:(int($1) == run && is_decade($3) ? $6 : NaN) \
         with points pointtype 7 pointsize 0.8 * nr_ps linecolor rgb lr_color[style], \
     '' skip 1 every ::first::last using 5:(marked('r')):(sprintf('%d', $3)) \
         with labels left offset 0.7, 0 boxed font f_small textcolor rgb fg, \
     '' skip 1 every ::first::last using 5:(marked('b')):(sprintf('%d', $3)) \
         with labels center offset 0, -0.9 boxed font f_small textcolor rgb fg, \
     '+' using (w_start):(b_start) every ::0::0 with points pointtype 6 \
         pointsize 1.6 * nr_ps linewidth 2 linecolor rgb fg, \
     '+' using (w_star):(b_star) every ::0::0 with points pointtype 2 \
         pointsize 1.6 * nr_ps linewidth 2 linecolor rgb fg
unset multiplot
unset output
