# contact.gp - every figure of the report as a labelled thumbnail on one
# sheet, to see the whole set at a glance.
#
# Inputs (named variables, set by the program):
#   nr_n                 how many figures
#   nr_image1, ...       their PNG files, in the order of the report
# Each thumbnail keeps its figure's proportions; its file name is under it.
reset
if (!exists('nr_out')) nr_out = ARGC >= 1 ? ARG1 : 'contact.png'
nr_format = 'png'
nr_here = ''; do for [nr_i = strlen(ARG0):1:-1] { if (nr_here eq '' && ARG0[nr_i:nr_i] eq '/') { nr_here = ARG0[1:nr_i] } }
load nr_here . 'style.gp'
n = exists('nr_n') ? nr_n : 0
cols = n <= 4 ? (n > 0 ? n : 1) : n <= 9 ? 3 : n <= 16 ? 4 : 5
rows = ceil(1.0 * (n > 0 ? n : 1) / cols)
f_label = fs(13)
unset border
unset tics
unset key
unset grid
set size ratio -1
set xlabel font f_label offset 0, 0.6 @TC
set multiplot layout rows, cols margins 0.01, 0.99, 0.04, 0.99 spacing 0.01, 0.05
# A thumbnail is about 1 / cols of a figure's width: every `step`-th pixel
# of each row and column still gives it about 1.3 pixels of the figure or
# more for each of its own (thin lines stay whole), and reading a ninth of
# the pixels at step 3 takes 0.58 of the time (decoding the PNGs, the rest).
step = floor(cols * 0.75) > 1 ? floor(cols * 0.75) : 1
do for [i = 1:n] {
	image = value(sprintf('nr_image%d', i))
	set xlabel image[1:strstrt(image, '.png') - 1] noenhanced
	plot image binary filetype=png every step:step with rgbimage
}
unset multiplot
unset output
