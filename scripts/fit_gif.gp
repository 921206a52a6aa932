# fit_gif.gp - the neuron's line converging onto the data, as an animated
# GIF: one frame per row of frames.csv, then a pause on the last one, looping.
#
#   gnuplot -c fit_gif.gp frames.csv fit.gif predictions.csv 'YMIN YMAX' [xlabel ylabel]
#
# frames.csv: frame,iteration,loss,weight,bias (a header row first).
# predictions.csv: celsius,actual,before,after (the data: columns 1 and 2).
# The axes stay fixed over all frames: x from the data, y as given.
# Always a GIF (libgd, no antialiasing, so plain ASCII text), whatever the
# report's format.
reset
nr_out = ARG2
load (ARG0[1:strstrt(ARG0, 'fit_gif.gp') - 1]) . 'style.gp'
frame_delay = 10     # hundredths of a second per frame
pause_frames = 5     # the last frame repeated: half a second
set terminal gif animate delay frame_delay loop 0 butt size 960,640 font 'DejaVuSans,16'
set output nr_out

stats ARG1 skip 1 using 1 nooutput
n = STATS_records
array K[n]
array L[n]
array W[n]
array B[n]
i = 0
stats ARG1 skip 1 using (i = i + 1, K[i] = $2, L[i] = $3, W[i] = $4, B[i] = $5) nooutput
stats ARG3 skip 1 using 1 nooutput
set xrange [STATS_min:STATS_max]
set yrange [real(word(ARG4, 1)):real(word(ARG4, 2))]
set xlabel (ARGC >= 5 ? ARG5 : 'Celsius')
set ylabel (ARGC >= 6 ? ARG6 : 'Fahrenheit')
set key top left Left reverse spacing 1.3
set style line 40 linecolor rgb c_after linewidth 4 dashtype solid
set style line 41 linecolor rgb c_before linewidth 2 dashtype solid

do for [f = 1:n + pause_frames] {
	j = f <= n ? f : n
	set label 1 sprintf('iteration %d   loss %.4g', K[j], L[j]) \
		at graph 0.98, graph 0.12 right front
	set label 2 sprintf('w = %.4f   b = %.3f', W[j], B[j]) \
		at graph 0.98, graph 0.05 right front
	plot ARG3 skip 1 using 1:2 with lines linestyle 1 title 'Actual', \
	     W[1] * x + B[1] with lines linestyle 41 title 'before training', \
	     W[j] * x + B[j] with lines linestyle 40 title 'current line'
}
unset output
