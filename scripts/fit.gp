# fit.gp - the article's figure: the data and the neuron's line before and
# after training.
#
#   gnuplot -c fit.gp predictions.csv fit.png [xlabel ylabel note]
#
# predictions.csv: celsius,actual,before,after (a header row first).
# note: one line printed in the lower right, e.g. the final w, b and loss.
reset
nr_out = ARG2
load (ARG0[1:strstrt(ARG0, 'fit.gp') - 1]) . 'style.gp'

set xlabel (ARGC >= 3 ? ARG3 : 'Celsius')
set ylabel (ARGC >= 4 ? ARG4 : 'Fahrenheit')
if (ARGC >= 5) {
	set label 1 ARG5 at graph 0.98, graph 0.06 right front
}
set key top left reverse Left spacing 1.3
set offsets graph 0.02, graph 0.02, graph 0.05, graph 0.05

plot ARG1 skip 1 using 1:2 with lines linestyle 1 title 'Actual', \
     ''   skip 1 using 1:3 with linespoints linestyle 2 title 'Predicted before Training', \
     ''   skip 1 using 1:4 with linespoints linestyle 3 title 'Predicted after Training'
unset output
