# gradients.gp - the article's weight gradient against the derivative: both
# trained from one start at one learning rate, on the loss surface.
#
# Inputs (named variables; defaults for a run by hand in an output folder):
#   nr_paths   gradpaths.csv: path,gradient,iteration,loss,weight,bias;
#              path 1 used the exact derivative, path 2 the article's formula
#   nr_lr, nr_iters             the learning rate and iterations of both
#   nr_w_exact, nr_b_exact, nr_loss_exact, nr_diverged_exact (-1: did not)
#   nr_w_article, ...           where each ended, for the key
#   the surface and the window: see surface.gp
# Dots mark iterations 10, 100, 1000, ...; the derivative is the solid
# line, the article's formula the dashed one, in every theme.
reset
if (!exists('nr_paths')) nr_paths = ARGC >= 1 ? ARG1 : 'gradpaths.csv'
if (!exists('nr_out')) nr_out = ARGC >= 2 ? ARG2 : 'gradients.png'
nr_here = ''; do for [nr_i = strlen(ARG0):1:-1] { if (nr_here eq '' && ARG0[nr_i:nr_i] eq '/') { nr_here = ARG0[1:nr_i] } }
load nr_here . 'style.gp'

stats nr_paths skip 1 every ::0::0 using 5:6 nooutput
w_start = STATS_min_x
b_start = STATS_min_y
load nr_here . 'surface.gp'   # (after the stats: it sets the ranges)
e_top = excess(w_start, b_start)
e_top = e_top > 0 ? e_top : 1

# The key: where each formula ended.
ended(what, kind) = !exists('nr_w_' . kind) ? what : \
	value('nr_diverged_' . kind) >= 0 ? \
	fill(fill(tr('ended_diverged', '{{what}}: diverged at iteration {{k}}'), 'what', what), \
	     'k', sprintf('%d', value('nr_diverged_' . kind))) : \
	fill(fill(fill(fill(tr('ended', '{{what}}: w {{w}}, b {{b}}, loss {{loss}}'), 'what', what), \
	     'w', sprintf('%.4f', value('nr_w_' . kind))), 'b', sprintf('%.2f', value('nr_b_' . kind))), \
	     'loss', sprintf('%.3g', value('nr_loss_' . kind)))
title1 = ended(tr('exact_derivative', 'exact derivative'), 'exact')
title2 = ended(tr('articles_formula', "article's formula"), 'article')
set xlabel tr('weight', 'weight') . latex(' $w$', ' w')
set ylabel tr('bias', 'bias') . latex(' $b$', ' b')
set xtics nice_step(w_hi - w_lo, tick_count(6))
set ytics nice_step(b_hi - b_lo, tick_count(6))
unset mxtics
unset mytics
unset grid
# (In LaTeX a key's title would sit on its first line; the documents'
# captions say the same.)
set key outside top center vertical maxrows 2 Left reverse spacing 1.1 samplen 2.5 noenhanced \
	title (exists('nr_lr') && !nr_tex ? fill(fill(tr('from_one_start', \
		'lr {{lr}}, {{iterations}} from one start'), 'lr', sprintf('%g', nr_lr)), \
		'iterations', iterations(nr_iters)) : '')
set label 1 tr('start', 'start') at w_start, b_start front offset 0, -1.2 center @TC
set label 2 fill(fill(tr('minimum_at', 'minimum ({{w}}, {{b}})'), 'w', sprintf('%.4g', w_star)), \
	'b', sprintf('%.4g', b_star)) at w_star, b_star front \
	offset -1.5, 0 right boxed @TC
set style textbox opaque noborder margins 2, 2

on(i, v) = column(1) == i ? v : NaN
plot for [j = 1:n_levels] '+' using (ew(level(e_top, j), tt($1))):(eb(level(e_top, j), tt($1))) \
         with lines linestyle ls_contour notitle, \
     for [i = 1:2] nr_paths skip 1 every ::rows_from('paths', i)::rows_to('paths', i) \
         using 5:(on(i, $6)) \
         with lines linestyle (i == 1 ? ls_exact : ls_article) title (i == 1 ? title1 : title2), \
     for [i = 1:2] nr_paths skip 1 every ::rows_from('paths', i)::rows_to('paths', i) \
         using 5:(on(i, is_decade($3) ? $6 : NaN)) \
         with points pointtype 7 pointsize 1.1 * nr_ps \
         linecolor rgb (i == 1 ? c_exact : c_article) notitle, \
     '+' using (w_start):(b_start) every ::0::0 with points pointtype 6 \
         pointsize 2 * nr_ps linewidth 2 linecolor rgb fg notitle, \
     '+' using (w_star):(b_star) every ::0::0 with points pointtype 2 \
         pointsize 2 * nr_ps linewidth 2 linecolor rgb fg notitle
unset output
