# opt_paths.gp - the path of each optimizer run on the loss surface: one
# small panel per run, each on its own scale, and one panel with w and b
# on the same scale, where the valley shows its true shape.
#
# Inputs (named variables; defaults for a run by hand in an output folder):
#   nr_paths   opt_paths.csv: run,name,iteration,loss,weight,bias,mark; run i
#              is drawn in the style ls_lr(i); mark is where an iteration's
#              label goes: r (right), b (below) or - (none), chosen by the
#              program so that no two labels collide
#   nr_n       how many runs (panels) to draw (default: all in the file)
#   nr_label1, nr_short1, nr_count1, ...   each run's name, a shorter one
#              and how far it got: its panel's title, in at most two lines
#              (default "run i")
#   nr_p1_w_lo, nr_p1_w_hi, nr_p1_b_lo, nr_p1_b_hi, ...   each panel's
#              window (default: the surface's window)
#   nr_valley, nr_valley_short   the title of the last panel, and a shorter
#              one for large text
#   the surface: see surface.gp
#
# The contours (surface.gp) are exact ellipses, about three times apart in
# loss above the minimum, from the start's level down: the same levels in
# every panel.
reset
if (!exists('nr_paths')) nr_paths = ARGC >= 1 ? ARG1 : 'opt_paths.csv'
if (!exists('nr_out')) nr_out = ARGC >= 2 ? ARG2 : 'opt_paths.png'
if (!exists('nr_valley')) nr_valley = 'w and b on one scale'
nr_here = ''; do for [nr_i = strlen(ARG0):1:-1] { if (nr_here eq '' && ARG0[nr_i:nr_i] eq '/') { nr_here = ARG0[1:nr_i] } }
load nr_here . 'style.gp'
if (exists('nr_n')) { n = nr_n } else { stats nr_paths skip 1 using 1 nooutput; n = int(STATS_max) }
stats nr_paths skip 1 every ::0::0 using 5 nooutput
w_start = STATS_min
stats nr_paths skip 1 every ::0::0 using 6 nooutput
b_start = STATS_min
load nr_here . 'surface.gp'   # (after the stats: it sets the ranges)
pv(i, part) = exists(sprintf('nr_p%d_%s', i, part)) ? value(sprintf('nr_p%d_%s', i, part)) : \
	value(part)
text(name, i, other) = exists(sprintf('nr_%s%d', name, i)) ? value(sprintf('nr_%s%d', name, i)) : other
if (!exists('nr_valley_short')) nr_valley_short = 'one scale'

e_top = excess(w_start, b_start)
e_top = e_top > 0 ? e_top : 1

# The grid of panels: n runs and the one-scale view.
cells = n + 1
cols = cells <= 3 ? cells : cells <= 6 ? 3 : 4
rows = ceil(1.0 * cells / cols)
# A title in at most two lines over its panel (and a little of the gaps
# beside it): the label and the count, the short label and the count, or
# the short label alone.
gap_x = 0.03 + 3 * cw
title_w = (0.98 - gap_x) / cols - 0.6 * gap_x
# A tick step with at least two ticks inside [lo, hi].
ticks_in(lo, hi, st) = floor(hi / st) - ceil(lo / st) + 1
axis_step(lo, hi, count) = ticks_in(lo, hi, nice_step(hi - lo, count)) >= 2 ? \
	nice_step(hi - lo, count) : ticks_in(lo, hi, nice_step(hi - lo, 1.6 * count)) >= 2 ? \
	nice_step(hi - lo, 1.6 * count) : nice_step(hi - lo, 2.5 * count)
fit2(t) = line_count(wrap_words(t, 15, title_w)) <= 2
run_name(i) = fill(tr('run', 'run {{n}}'), 'n', sprintf('%d', i))
full_title(i) = text('label', i, run_name(i)) . ': ' . text('count', i, '')
short_title(i) = text('short', i, run_name(i)) . ': ' . text('count', i, '')
panel_title(i) = wrap_words(fit2(full_title(i)) ? full_title(i) : fit2(short_title(i)) ? \
	short_title(i) : text('short', i, run_name(i)), 15, title_w)
on(i, v) = int(column(1)) == i ? v : NaN
marked(i, side) = int(column(1)) == i && strcol(7) eq side ? $6 : NaN

f_small = fs(13); f_tick = fs(14); f_title = fs(15)
set key off
unset grid
set border 3 linewidth 1.2 linecolor rgb fg
set xtics nomirror out font f_tick
set ytics nomirror out font f_tick
unset mxtics
unset mytics
set title font f_title noenhanced
set xlabel latex('$w$', 'w') offset 0, 0.8 font f_title
# The name of the b axis above its top end: a label left of the axis
# would sit in the gap between panels, nearer the panel before.
unset ylabel
set label 1 latex('$b$', 'b') at graph 0, graph 1 offset -1.2, 0.7 right font f_title @TC
set format x '%g'
set format y '%g'
set multiplot layout rows, cols margins gap_x, 0.98, 0.03 + 2.8 * em, 1 - 3 * em \
	spacing gap_x, 0.03 + 5.6 * em

do for [i = 1:n] {
	w_lo = pv(i, 'w_lo'); w_hi = pv(i, 'w_hi'); b_lo = pv(i, 'b_lo'); b_hi = pv(i, 'b_hi')
	x_lo = w_lo; x_hi = w_hi
	set xrange [w_lo:w_hi]
	set yrange [b_lo:b_hi]
	set xtics axis_step(w_lo, w_hi, tick_count(3))
	set ytics axis_step(b_lo, b_hi, tick_count(4))
	set title panel_title(i) textcolor rgb lr_color[i]
	first = rows_from('paths', i); last = rows_to('paths', i)
	plot for [j = 1:n_levels] '+' using (ew(level(e_top, j), tt($1))):(eb(level(e_top, j), tt($1))) \
	         with lines linestyle ls_contour, \
	     nr_paths skip 1 every ::first::last using 5:(on(i, $6)) \
	         with lines linestyle ls_lr(i) linewidth 2 dashtype solid, \
	     '' skip 1 every ::first::last using 5:(on(i, is_decade($3) ? $6 : NaN)) \
	         with points pointtype 7 pointsize 0.8 * nr_ps linecolor rgb lr_color[i], \
	     '' skip 1 every ::first::last using 5:(marked(i, 'r')):(sprintf('%d', $3)) \
	         with labels left offset 0.7, 0 boxed font f_small textcolor rgb fg, \
	     '' skip 1 every ::first::last using 5:(marked(i, 'b')):(sprintf('%d', $3)) \
	         with labels center offset 0, -0.9 boxed font f_small textcolor rgb fg, \
	     '+' using (w_start):(b_start) every ::0::0 with points pointtype 6 \
	         pointsize 1.6 * nr_ps linewidth 2 linecolor rgb fg, \
	     '+' using (w_star):(b_star) every ::0::0 with points pointtype 2 \
	         pointsize 1.6 * nr_ps linewidth 2 linecolor rgb fg
}

# ---- the last panel: w and b on one scale, centred on the minimum --------
# Wide enough for the start's contour (it holds a descent's path) along
# the longer axis; a path that swings wider leaves the frame.
r = 1.08 * sqrt(e_top / mu2)
set size ratio -1
x_lo = w_star - r; x_hi = w_star + r
set xrange [x_lo:x_hi]
set yrange [b_star - r:b_star + r]
set xtics nice_step(2 * r, tick_count(3))
set ytics nice_step(2 * r, tick_count(4))
set title wrap_words(fit2(nr_valley) ? nr_valley : nr_valley_short, 15, title_w) textcolor rgb fg
plot for [j = 1:n_levels:2] '+' using (ew(level(e_top, j), tt($1))):(eb(level(e_top, j), tt($1))) \
         with lines linestyle ls_contour, \
     for [i = n:1:-1] nr_paths skip 1 every ::rows_from('paths', i)::rows_to('paths', i) \
         using 5:(on(i, $6)) with lines linestyle ls_lr(i) linewidth 2.5 dashtype solid, \
     '+' using (w_start):(b_start) every ::0::0 with points pointtype 6 \
         pointsize 1.6 * nr_ps linewidth 2 linecolor rgb fg, \
     '+' using (w_star):(b_star) every ::0::0 with points pointtype 2 \
         pointsize 1.6 * nr_ps linewidth 2 linecolor rgb fg
unset multiplot
unset output
