# landscape.gp - the loss surface over (w, b) and the path each learning
# rate takes across it: one small panel per rate, and one panel with w and b
# on the same scale, where the valley shows its true shape.
#
# Inputs (named variables; defaults for a run by hand in an output folder):
#   nr_paths   landscape.csv: path,lr,iteration,loss,weight,bias,mark; path
#              i is drawn in the learning-rate style ls_lr(i); mark is where
#              an iteration's label goes: r (right), b (below) or - (none),
#              chosen by the program so that no two labels collide
#   nr_title1, nr_title2, ...   each panel's title (default: its lr)
#   nr_valley  the title of the last panel
#   nr_condition   lambda_max / lambda_min
#   the surface and the window: see surface.gp
#
# The contours (surface.gp) are exact ellipses, about three times apart in
# loss above the minimum, from the start's level down.
reset
if (!exists('nr_paths')) nr_paths = ARGC >= 1 ? ARG1 : 'landscape.csv'
if (!exists('nr_out')) nr_out = ARGC >= 2 ? ARG2 : 'landscape.png'
if (!exists('nr_valley')) nr_valley = 'w and b on one scale'
nr_here = ''; do for [nr_i = strlen(ARG0):1:-1] { if (nr_here eq '' && ARG0[nr_i:nr_i] eq '/') { nr_here = ARG0[1:nr_i] } }
load nr_here . 'style.gp'
# The paths: how many, each one's label; the start (every path's first row).
stats nr_paths skip 1 using 1 nooutput
n = int(STATS_max)
array label[n]
stats nr_paths skip 1 using (label[int($1)] = strcol(2), 0) nooutput
stats nr_paths skip 1 every ::0::0 using 5:6 nooutput
w_start = STATS_min_x
b_start = STATS_min_y
load nr_here . 'surface.gp'   # (after the stats: it sets the ranges)
raw_title(i) = exists(sprintf('nr_title%d', i)) ? value(sprintf('nr_title%d', i)) : \
	tr('lr', 'lr') . ' = ' . label[i]
panel_title(i) = wrap(raw_title(i), 15, 0.9 / cols)

e_top = excess(w_start, b_start)
e_top = e_top > 0 ? e_top : 1

# The grid of panels: n rates and the one-scale view.
cells = n + 1
cols = cells <= 3 ? cells : cells <= 6 ? 3 : 4
rows = ceil(1.0 * cells / cols)
on(i, v) = int(column(1)) == i ? v : NaN
marked(i, side) = int(column(1)) == i && strcol(7) eq side ? $6 : NaN

f_small = fs(13); f_tick = fs(14); f_title = fs(15)   # (tics take no function call)
set key off
unset grid
set border 3 linewidth 1.2 linecolor rgb fg
set xtics nomirror out font f_tick
set ytics nomirror out font f_tick
unset mxtics
unset mytics
set title font f_title noenhanced
set xlabel latex('$w$', 'w') offset 0, 0.8 font f_title
set ylabel latex('$b$', 'b') offset 1, 0 font f_title norotate
set format x latex('$%g$', '%g')
set format y latex('$%g$', '%g')
set multiplot layout rows, cols margins 0.03 + 3 * cw, 0.98, 0.03 + 2.8 * em, 1 - 3 * em \
	spacing 0.03 + 3 * cw, 0.03 + 5.6 * em

do for [i = 1:n] {
	x_lo = w_lo; x_hi = w_hi
	set xrange [w_lo:w_hi]
	set yrange [b_lo:b_hi]
	set xtics nice_step(w_hi - w_lo, tick_count(3))
	set ytics nice_step(b_hi - b_lo, tick_count(4))
	set title panel_title(i) textcolor rgb lr_color[i]
	first = rows_from('paths', i); last = rows_to('paths', i)
	plot for [j = 1:n_levels] '+' using (ew(level(e_top, j), tt($1))):(eb(level(e_top, j), tt($1))) \
	         with lines linestyle ls_contour, \
	     nr_paths skip 1 every ::first::last using 5:(on(i, $6)) \
	         with lines linestyle ls_lr(i) linewidth 2 dashtype solid, \
	     '' skip 1 every ::first::last using 5:(on(i, is_decade($3) ? $6 : NaN)) \
	         with points pointtype 7 pointsize 0.8 * nr_ps linecolor rgb lr_color[i], \
	     '' skip 1 every ::first::last using 5:(marked(i, 'r')):(sprintf('%d', $3)) \
	         with labels left offset 0.7, 0 font f_small textcolor rgb fg, \
	     '' skip 1 every ::first::last using 5:(marked(i, 'b')):(sprintf('%d', $3)) \
	         with labels center offset 0, -0.9 font f_small textcolor rgb fg, \
	     '+' using (w_start):(b_start) every ::0::0 with points pointtype 6 \
	         pointsize 1.6 * nr_ps linewidth 2 linecolor rgb fg, \
	     '+' using (w_star):(b_star) every ::0::0 with points pointtype 2 \
	         pointsize 1.6 * nr_ps linewidth 2 linecolor rgb fg
}

# ---- the last panel: w and b on one scale, centred on the minimum --------
# Wide enough for the start's contour (it holds the whole path) along the
# longer axis.
r = 1.08 * sqrt(e_top / mu2)
set size ratio -1
x_lo = w_star - r; x_hi = w_star + r
set xrange [x_lo:x_hi]
set yrange [b_star - r:b_star + r]
set xtics nice_step(2 * r, tick_count(3))
set ytics nice_step(2 * r, tick_count(4))
set title wrap(nr_valley, 15, 0.9 / cols) textcolor rgb fg
plot for [j = 1:n_levels:2] '+' using (ew(level(e_top, j), tt($1))):(eb(level(e_top, j), tt($1))) \
         with lines linestyle ls_contour, \
     for [i = 1:n] nr_paths skip 1 every ::rows_from('paths', i)::rows_to('paths', i) \
         using 5:(on(i, $6)) with lines linestyle ls_lr(i) linewidth 2.5 dashtype solid, \
     '+' using (w_start):(b_start) every ::0::0 with points pointtype 6 \
         pointsize 1.6 * nr_ps linewidth 2 linecolor rgb fg, \
     '+' using (w_star):(b_star) every ::0::0 with points pointtype 2 \
         pointsize 1.6 * nr_ps linewidth 2 linecolor rgb fg
unset multiplot
unset output
