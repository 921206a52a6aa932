# contact.gp - every figure of the report as a labelled thumbnail on one
# sheet, to see the whole set at a glance.
#
# Inputs (named variables, set by the program):
#   nr_n                 how many figures
#   nr_image1, ...       their PNG files, in the order of the report: the
#                        figures, or for large ones their thumbnails
#                        (thumbs/<figure>.png, about as wide as their place)
#   nr_cols, nr_step     optional: the columns, and every how many pixels
#                        to read across and down (1 for thumbnails)
# Each thumbnail keeps its figure's proportions; its file name is under it.
reset
if (!exists('nr_out')) nr_out = ARGC >= 1 ? ARG1 : 'contact.png'
nr_format = 'png'
nr_here = ''; do for [nr_i = strlen(ARG0):1:-1] { if (nr_here eq '' && ARG0[nr_i:nr_i] eq '/') { nr_here = ARG0[1:nr_i] } }
load nr_here . 'style.gp'
n = exists('nr_n') ? nr_n : 0
cols = exists('nr_cols') ? nr_cols : n <= 4 ? (n > 0 ? n : 1) : n <= 9 ? 3 : n <= 16 ? 4 : 5
rows = ceil(1.0 * (n > 0 ? n : 1) / cols)
f_label = fs(13)
unset border
unset tics
unset key
unset grid
set size ratio -1
set xlabel font f_label offset 0, 0.6 @TC
set multiplot layout rows, cols margins 0.01, 0.99, 0.04, 0.99 spacing 0.01, 0.05
# A figure is about `cols` times as wide as its place: reading every
# `step`-th pixel across and down still gives each pixel of the thumbnail
# 1.3 of the figure's or more (thin lines stay whole), in about half the
# time. Under each thumbnail, the file's name without folder and ".png".
step = exists('nr_step') ? nr_step : floor(cols * 0.75) > 1 ? floor(cols * 0.75) : 1
base(f) = f[strstrt(f, '/') + 1:strstrt(f, '.png') - 1]
do for [i = 1:n] {
	image = value(sprintf('nr_image%d', i))
	set xlabel base(image) noenhanced
	plot image binary filetype=png every step:step with rgbimage
}
unset multiplot
unset output
