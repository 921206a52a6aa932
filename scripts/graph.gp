# graph.gp - the computational graph of one sample, micrograd style: every
# node with its forward value (black), every edge with the gradient the
# backward pass sends along it (magenta), from dL/dL = 1 at the right back
# to dL/dw and dL/db at the left.
#
# Inputs (named variables; defaults for a run by hand in an output folder):
#   nr_chain            chain.csv: key,value,rule, written by the program from
#                       its own forward and backward code; this script only
#                       lays the values out and prints them with '%.6g'
#   nr_xname, nr_yname  what x and y are
# Coordinates are pixels of the 1200x800 canvas, y upwards.
reset
if (!exists('nr_chain')) nr_chain = ARGC >= 1 ? ARG1 : 'chain.csv'
if (!exists('nr_out')) nr_out = ARGC >= 2 ? ARG2 : 'graph.png'
if (!exists('nr_xname')) nr_xname = 'x'
if (!exists('nr_yname')) nr_yname = 'y'
nr_here = ''; do for [nr_i = strlen(ARG0):1:-1] { if (nr_here eq '' && ARG0[nr_i:nr_i] eq '/') { nr_here = ARG0[1:nr_i] } }
# A drawing: its text is part of the picture and keeps its proportions at
# every font scale (a larger scale would push it off the canvas).
nr_font_scale = 1
load nr_here . 'style.gp'

xname = nr_xname
yname = nr_yname

# Every row becomes a variable v_<key>: v_x, v_out, v_g_w, ...
nmax = 64
array key[nmax]
array val[nmax]
stats nr_chain skip 1 using (key[int($0) + 1] = strcol(1), val[int($0) + 1] = $2, 0) nooutput
if (STATS_records > nmax) { print 'graph.gp: too many rows in ', nr_chain; exit status 1 }
do for [i = 1:STATS_records] {
	eval sprintf('v_%s = val[%d]', key[i], i)
}
fmt(v) = sprintf('%.6g', v)
# Text shrinks to stay inside its box or gap (fit, style.gp): only very
# large or small numbers, such as --example 1e9, need it. A line across the
# canvas holds this many characters of 20-point text (22-point: 0.9 times
# as many), more on a wider canvas: a longer translation shrinks.
line_fits = 84.0 * nr_width / nr_height / 1.5

set lmargin at screen 0
set rmargin at screen 1
set bmargin at screen 0
set tmargin at screen 1
wide = 860.0 * nr_width / nr_height
set xrange [600 - wide / 2:600 + wide / 2]
set yrange [-30:830]
unset border
unset tics
unset grid
unset key

# The nodes: inputs and parameters at the left, the loss at the right.
N = 9
array nx[N] = [90, 90, 290, 400, 495, 705, 705, 905, 1105]
array ny[N] = [630, 300, 470, 170, 470, 300, 470, 470, 470]
array nw[N] = [160, 160, 150, 150, 180, 150, 170, 140, 140]
weight = tr('weight', 'weight'); bias = tr('bias', 'bias')
array name[N] = ['x', weight . ' w', 'x · w', bias . ' b', 'ŷ = xw + b', \
                 'y', 'd = ŷ − y', 's = d²', 'L = s / N']
if (nr_tex) {
	array name[N] = ['$x$', weight . ' $w$', '$x \cdot w$', bias . ' $b$', '$\hat{y} = xw + b$', \
	        '$y$', '$d = \hat{y} - y$', '$s = d^2$', '$L = s / N$']
}
array value[N] = [v_x, v_w, v_xw, v_b, v_out, v_y, v_diff, v_sq, v_loss]
array edge_color[N] = [c_actual, c_weight, c_loss, c_bias, c_loss, c_actual, c_loss, c_loss, c_loss]
nh = 76
do for [i = 1:N] {
	set object i rectangle center nx[i], ny[i] size nw[i], nh \
		fillcolor rgb panel fillstyle solid 1.0 border linecolor rgb edge_color[i] linewidth 2.5
	set label 2 * i - 1 name[i] at nx[i], ny[i] + 16 center front font fit(name[i], 18, 12) @TC
	set label 2 * i fmt(value[i]) at nx[i], ny[i] - 18 center front font fit(fmt(value[i]), 22, 8) @TC
}
# x and y are data: their units under the box.
set label 101 xname at nx[1], ny[1] - nh / 2 - 20 center front textcolor rgb c_target
set label 102 fill(tr('data_target', '{{name}} (target)'), 'name', yname) at nx[6], ny[6] - nh / 2 - 20 center front textcolor rgb c_target

# Edges, from box border to box border.
E = 8
array ef[E] = [1, 2, 3, 4, 5, 6, 7, 8]
array et[E] = [3, 3, 5, 5, 7, 7, 8, 9]
min(a, b) = a < b ? a : b
# the fraction of the centre-to-centre segment that lies inside box i
inside(i, dx, dy) = min(dx == 0 ? 1e9 : 0.5 * nw[i] / abs(dx), dy == 0 ? 1e9 : 0.5 * nh / abs(dy))
do for [e = 1:E] {
	i = ef[e]; j = et[e]
	dx = nx[j] - nx[i]; dy = ny[j] - ny[i]
	ti = inside(i, dx, dy); tj = 1 - inside(j, dx, dy)
	set arrow e from nx[i] + ti * dx, ny[i] + ti * dy to nx[i] + tj * dx, ny[i] + tj * dy \
		head filled size 12, 25 linewidth 2.5 linecolor rgb muted front
}

# The gradients, one per edge (none for the target: it is data, not learned).
# (In LaTeX s is math without its $ signs, and so is each line.)
g(s, v) = nr_tex ? sprintf('$%s = %s$', s, fmt(v)) : sprintf("%s = %s", s, fmt(v))
g2(s, v) = nr_tex ? sprintf("$%s$\n$= %s$", s, fmt(v)) : sprintf("%s\n= %s", s, fmt(v))
dL(t, p) = latex('\partial L/\partial ' . t, '∂L/∂' . p)
set label 201 g(dL('x', 'x'), v_g_x)    at 180, 640 left  front font fit(g(dL('x', 'x'), v_g_x), 20, 20) textcolor rgb c_grad
set label 202 g(dL('w', 'w'), v_g_w)    at 185, 330 left  front font fit(g(dL('w', 'w'), v_g_w), 20, 20) textcolor rgb c_grad
set label 204 g(dL('b', 'b'), v_g_b)    at nx[4] + nw[4] / 2 + 15, ny[4] left front font fit(g(dL('b', 'b'), v_g_b), 20, 20) textcolor rgb c_grad
# along the spine, two lines each, centred over the gap between two boxes
spine_y = ny[5] + nh / 2 + 62
set label 203 g2(dL('(x \cdot w)', '(x·w)'), v_g_xw) at (nx[3] + nx[5]) / 2.0, spine_y center front font fit(fmt(v_g_xw), 20, 10) textcolor rgb c_grad
set label 205 g2(dL('\hat{y}', 'ŷ'), v_g_out) at (nx[5] + nx[7]) / 2.0, spine_y center front font fit(fmt(v_g_out), 20, 10) textcolor rgb c_grad
set label 206 g2(dL('d', 'd'), v_g_diff) at (nx[7] + nx[8]) / 2.0, spine_y center front font fit(fmt(v_g_diff), 20, 10) textcolor rgb c_grad
set label 207 g2(dL('s', 's'), v_g_sq) at (nx[8] + nx[9]) / 2.0, spine_y center front font fit(fmt(v_g_sq), 20, 10) textcolor rgb c_grad
set label 208 g(dL('L', 'L'), v_g_loss) at nx[9], ny[9] - nh / 2 - 25 center front textcolor rgb c_grad

title_words = tr('graph_title', 'One sample through the chain rule')
set label 301 title_words . \
	latex(' ($N = 1$): \quad $L = (x \cdot w + b - y)^2 / N$', ' (N = 1):  L = (x · w + b − y)² / N') \
	at 600, 760 center front font fit(title_words . ' (N = 1):  L = (x · w + b − y)² / N', 22, \
	0.9 * line_fits) @TC
# The colours in words, as this theme draws them.
colour1 = nr_theme eq 'dark' ? tr('white', 'white') : tr('black', 'black')
colour2 = nr_theme eq 'dark' ? tr('pink', 'pink') : nr_theme eq 'print' ? tr('grey', 'grey') : \
	tr('magenta', 'magenta')
node = tr('node', 'node')
forward = fill(tr('graph_forward', '{{colour}}: forward value'), 'colour', colour1)
back = fill(tr('graph_backward', '{{colour}}: {{derivative}}, flowing back along the edge'), \
	'colour', colour2)
back_plain = fill(back, 'derivative', '∂L/∂(' . node . ')')
set label 302 forward . latex(' \qquad ' . fill(back, 'derivative', \
	'$\partial L/\partial(\mbox{' . node . '})$'), '        ' . back_plain) \
	at 600, 50 center front font fit(forward . '        ' . back_plain, 20, line_fits) @TC
set label 303 latex('$\partial L/\partial w = \partial L/\partial \hat{y} \cdot x$ \qquad $\partial L/\partial b = \partial L/\partial \hat{y}$', \
	'∂L/∂w = ∂L/∂ŷ · x      ∂L/∂b = ∂L/∂ŷ') at 600, 95 center front textcolor rgb c_grad

plot NaN notitle
unset output
