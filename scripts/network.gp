# network.gp - the network as the article draws it: one input, one weight,
# one bias, one output; the weight and the bias carry this run's initial
# and final values.
#
# Inputs (named variables; the defaults are the article's start and result):
#   nr_xname, nr_yname   what x and y are (the data file's header)
#   nr_w0, nr_b0         the initial weight and bias
#   nr_w, nr_b, nr_k     the final ones, after nr_k iterations
# Coordinates are those of a 1200 x 800 drawing, y upwards, centred on a
# canvas of any proportions; shapes grow with the text (nr_font_scale).
reset
if (!exists('nr_out')) nr_out = ARGC >= 1 ? ARG1 : 'network.png'
if (!exists('nr_xname')) nr_xname = 'Celsius'
if (!exists('nr_yname')) nr_yname = 'Fahrenheit'
if (!exists('nr_w0')) nr_w0 = 0.8
if (!exists('nr_b0')) nr_b0 = 0
if (!exists('nr_w')) nr_w = 1.7973978721339001
if (!exists('nr_b')) nr_b = 27.667455540105017
if (!exists('nr_k')) nr_k = 10000
nr_here = ''; do for [nr_i = strlen(ARG0):1:-1] { if (nr_here eq '' && ARG0[nr_i:nr_i] eq '/') { nr_here = ARG0[1:nr_i] } }
# A drawing: its text is part of the picture and keeps its proportions at
# every font scale (a larger scale would push it off the canvas).
nr_font_scale = 1
load nr_here . 'style.gp'

xname = nr_xname
yname = nr_yname
w_first = nr_w0; b_first = nr_b0
w_last = nr_w; b_last = nr_b; k_last = nr_k
fmt(v) = sprintf('%.6g', v)
arrow = latex('$%s \rightarrow %s$', '%s  →  %s')

set lmargin at screen 0
set rmargin at screen 1
set bmargin at screen 0
set tmargin at screen 1
wide = 800.0 * nr_width / nr_height
set xrange [600 - wide / 2:600 + wide / 2]
set yrange [0:800]
g = nr_font_scale    # shapes grow with the text
# A name of up to 60 characters shrinks to stay inside its circle.
name_font(name, room) = fs(strlen(name) > room ? 22.0 * room / strlen(name) : 22)
unset border
unset tics
unset grid
unset key

# input x, the neuron, the bias feeding the neuron, the output
in_x = 230;  in_y = 360;  in_r = 95 * g
ne_x = 800;  ne_y = 360;  ne_r = 120 * g
bi_x = 800;  bi_y = 640;  bi_w = 380 * g; bi_h = 80 * g
out_x = 1150

set object 1 circle at in_x, in_y size in_r fillcolor rgb panel \
	fillstyle solid 1.0 border linecolor rgb c_actual linewidth 3
set object 2 circle at ne_x, ne_y size ne_r fillcolor rgb panel \
	fillstyle solid 1.0 border linecolor rgb c_loss linewidth 3
set object 3 rectangle center bi_x, bi_y size bi_w, bi_h fillcolor rgb panel \
	fillstyle solid 1.0 border linecolor rgb c_bias linewidth 3

set label 1 tr('input', 'input') . latex(' $x$', ' x') at in_x, in_y + 22 * g center front @TC
set label 2 xname at in_x, in_y - 22 * g center front font name_font(xname, 11) @TC
set label 3 latex('$\hat{y} = w \cdot x + b$', 'ŷ = w · x + b') at ne_x, ne_y + 22 * g center front @TC
set label 4 tr('neuron', 'neuron') at ne_x, ne_y - 22 * g center front textcolor rgb c_target

set arrow 1 from in_x + in_r, in_y to ne_x - ne_r, ne_y \
	head filled size 16, 25 linewidth 3 linecolor rgb c_weight front
set label 5 tr('weight', 'weight') . latex(' $w$', ' w') at (in_x + ne_x) / 2.0, in_y + 110 * g center front textcolor rgb c_weight
set label 6 sprintf(arrow, fmt(w_first), fmt(w_last)) \
	at (in_x + ne_x) / 2.0, in_y + 70 * g center front font fs(22) textcolor rgb c_weight

set label 7 tr('bias', 'bias') . latex(' $b$', ' b') at bi_x, bi_y + 17 * g center front textcolor rgb c_bias
set label 8 sprintf(arrow, fmt(b_first), fmt(b_last)) \
	at bi_x, bi_y - 19 * g center front font fs(22) textcolor rgb c_bias
set arrow 2 from bi_x, bi_y - bi_h / 2 to ne_x, ne_y + ne_r \
	head filled size 16, 25 linewidth 3 linecolor rgb c_bias front

set arrow 3 from ne_x + ne_r, ne_y to out_x, ne_y \
	head filled size 16, 25 linewidth 3 linecolor rgb fg front
set label 9 tr('output', 'output') at (ne_x + ne_r + out_x) / 2.0, ne_y + 32 * g center front @TC
set label 10 yname at (ne_x + ne_r + out_x) / 2.0, ne_y - 32 * g center front font name_font(yname, 12) @TC

# The lines across the canvas shrink when a translation is longer than
# the canvas holds: this many characters of 20-point text (0.9 times as
# many of 22-point), more on a wider canvas; measured as they read (in
# LaTeX, without the commands of the arrow and the formulas).
line_fits = 84.0 * nr_width / nr_height / 1.5
title = tr('network_title', 'One input, one weight, one bias, one output: 2 parameters')
set label 11 title at 600, 760 center front font fit(title, 22, 0.9 * line_fits) @TC
steps = fill(tr('network_initial', 'weight and bias: initial  →  after {{iterations}} of this run'), \
	'iterations', iterations(k_last))
set label 12 steps at 600, 120 center front \
	font fit(replace(steps, '\ensuremath{\rightarrow}', '→'), 20, line_fits) @TC
line_of(w, b, tex) = sprintf(tex ? '$\hat{y} = %s \cdot x + %s$' : 'ŷ = %s · x + %s', fmt(w), fmt(b))
lines = tr('network_lines', '{{before}}  before,   {{after}}  after')
lines_of(tex) = fill(fill(lines, 'before', line_of(w_first, b_first, tex)), 'after', \
	line_of(w_last, b_last, tex))
set label 13 lines_of(nr_tex) at 600, 70 center front font fit(lines_of(0), 20, line_fits) \
	textcolor rgb c_target

plot NaN notitle
unset output
