# fit.gp - the article's figure: the data and the neuron's line before and
# after training.
#
# Inputs (named variables; set by the program and by figures.gp, with
# defaults for a run by hand in an output folder: gnuplot -c fit.gp [in out]):
#   nr_predictions  predictions.csv: celsius,actual,before,after
#   nr_xlabel, nr_ylabel   the axis names (the data file's header)
#   nr_k, nr_w, nr_b, nr_loss   the final iteration and where it ended,
#                   printed in the lower right corner
#   nr_points       1: draw the data as points (the user's data, noisy
#                   targets, or a few samples), 0: as the article's line
reset
if (!exists('nr_predictions')) nr_predictions = ARGC >= 1 ? ARG1 : 'predictions.csv'
if (!exists('nr_out')) nr_out = ARGC >= 2 ? ARG2 : 'fit.png'
if (!exists('nr_xlabel')) nr_xlabel = 'Celsius'
if (!exists('nr_ylabel')) nr_ylabel = 'Fahrenheit'
if (!exists('nr_points')) nr_points = 0
nr_here = ''; do for [nr_i = strlen(ARG0):1:-1] { if (nr_here eq '' && ARG0[nr_i:nr_i] eq '/') { nr_here = ARG0[1:nr_i] } }
load nr_here . 'style.gp'

set xlabel nr_xlabel
set ylabel nr_ylabel
if (exists('nr_k')) {
	title = fill(tr('fit_title', 'after {{iterations}}: {{w}}, {{b}}, loss {{loss}}'), \
		'iterations', iterations(nr_k))
	title = fill(title, 'w', sprintf(latex('$w = %.5g$', 'w = %.5g'), nr_w))
	title = fill(title, 'b', sprintf(latex('$b = %.5g$', 'b = %.5g'), nr_b))
	set title wrap(fill(title, 'loss', sprintf(latex('$%.4g$', '= %.4g'), nr_loss)), 20, 0.95)
}
# The key inside, top left, where the article has it; below the plot when
# large text would make it cover the lines.
if (nr_font_scale > 1.2) {
	set key outside bottom center horizontal maxrows 2 reverse Left spacing 1.1
} else {
	set key top left reverse Left spacing 1.3
}
set offsets graph 0.02, graph 0.02, graph 0.05, graph 0.05

data_style = nr_points ? 'points' : 'lines'
plot nr_predictions skip 1 using 1:2 with @data_style linestyle ls_actual title tr('actual', 'Actual'), \
     ''   skip 1 using 1:3 with linespoints linestyle ls_before title tr('predicted_before', 'Predicted before Training'), \
     ''   skip 1 using 1:4 with linespoints linestyle ls_after title tr('predicted_after', 'Predicted after Training')
unset output
