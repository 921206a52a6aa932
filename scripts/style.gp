# style.gp - the look shared by every figure: terminal, fonts, colours, lines.
#
# A figure script sets `nr_out` (the image file) and loads this file. The
# format comes from `nr_format` ('png', 'svg' or 'pdf') when the program set
# it, otherwise from the extension of nr_out, so scripts also run by hand:
#     gnuplot -c scripts/loss.gp output/trace.csv /tmp/loss.svg
# Sizes suit a projector and print: 1200x800 pixels with fonts that stay
# legible when the image is shrunk to half a page.

if (!exists("nr_format")) {
	nr_format = (strstrt(nr_out, ".svg") > 0) ? 'svg' : \
	            (strstrt(nr_out, ".pdf") > 0) ? 'pdf' : 'png'
}
if (nr_format eq 'svg') {
	set terminal svg size 1200,800 dynamic font 'Sans,20' linewidth 1.5 background rgb 'white'
} else {
	if (nr_format eq 'pdf') {
		set terminal pdfcairo size 8in,5.33in font 'Sans,13' linewidth 1.5
	} else {
		set terminal pngcairo size 1200,800 font 'Sans,20' linewidth 1.5
	}
}
set output nr_out
set encoding utf8
set datafile separator comma
set termoption noenhanced

set border 3 linewidth 1.2
set tics nomirror out
set grid xtics ytics linecolor rgb '#d9d9d9' linewidth 1 dashtype solid
set key noautotitle nobox opaque
set style fill transparent solid 0.15 noborder

# One colour per quantity, the same in every figure. The dash patterns and
# markers keep the lines apart when printed in grey.
c_actual = '#1f5fbf'    # data: blue
c_before = '#d62728'    # before training: red
c_after  = '#2a9d3c'    # after training: green
c_loss   = '#333333'    # loss: near black
c_weight = '#7b3fa0'    # weight w: purple
c_bias   = '#e07b00'    # bias b: orange
c_target = '#7f7f7f'    # targets and limits: grey
c_grad   = '#b0007a'    # gradients flowing back (diagrams): magenta

set style line 1 linecolor rgb c_actual linewidth 3 dashtype solid
set style line 2 linecolor rgb c_before linewidth 3 dashtype (10,6) \
	pointtype 6 pointsize 1.6 pointinterval 10
set style line 3 linecolor rgb c_after linewidth 3 dashtype (4,4) \
	pointtype 9 pointsize 1.8 pointinterval 10
set style line 4 linecolor rgb c_target linewidth 2 dashtype (12,4,2,4)
set style line 5 linecolor rgb c_loss linewidth 3 dashtype solid
set style line 6 linecolor rgb c_weight linewidth 3 dashtype solid
set style line 7 linecolor rgb c_bias linewidth 3 dashtype solid

# Learning rates, slowest to fastest: a colour-blind-safe sequence (Okabe-Ito
# order), each with its own dash pattern; used by every comparison figure.
array lr_color[10] = ['#0072b2', '#009e73', '#e69f00', '#cc79a7', '#d55e00', \
                      '#56b4e9', '#000000', '#f0e442', '#999999', '#882255']
array lr_dash[10] = [1, 2, 4, 5, 3, 1, 2, 4, 5, 3]
do for [i = 1:10] {
	set style line 10 + i linecolor rgb lr_color[i] linewidth 3 dashtype lr_dash[i]
}

# The two weight gradients: the derivative, and the article's code formula.
c_exact   = '#1a1a1a'   # exact dL/dw: black
c_article = '#c51b7d'   # the article's sum out*dout: magenta
set style line 21 linecolor rgb c_exact linewidth 3 dashtype solid
set style line 22 linecolor rgb c_article linewidth 3 dashtype (8,5)

# every: thin a long trace to at most about 5000 points per curve; the step
# is odd so a period-2 zig-zag stays visible.
nr_every(records) = 2 * int(records / 10000) + 1
