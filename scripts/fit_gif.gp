# fit_gif.gp - the neuron's line converging onto the data, as an animated
# GIF: one frame per row of frames.csv, then a pause on the last one, looping.
#
# Inputs (named variables; defaults for a run by hand in an output folder):
#   nr_frames        frames.csv: frame,iteration,loss,weight,bias
#   nr_predictions   predictions.csv (the data: columns 1 and 2)
#   nr_ymin, nr_ymax the y range of every frame (default: the data's)
#   nr_xlabel, nr_ylabel, nr_points (as in fit.gp)
# Always a GIF (libgd, no antialiasing), in the theme of the other figures,
# whatever the report's format, at the size the program asks for (the page's:
# three quarters of the figures').
reset
if (!exists('nr_frames')) nr_frames = ARGC >= 1 ? ARG1 : 'frames.csv'
if (!exists('nr_out')) nr_out = ARGC >= 2 ? ARG2 : 'fit.gif'
if (!exists('nr_predictions')) nr_predictions = 'predictions.csv'
if (!exists('nr_xlabel')) nr_xlabel = 'Celsius'
if (!exists('nr_ylabel')) nr_ylabel = 'Fahrenheit'
if (!exists('nr_points')) nr_points = 0
nr_here = ''; do for [nr_i = strlen(ARG0):1:-1] { if (nr_here eq '' && ARG0[nr_i:nr_i] eq '/') { nr_here = ARG0[1:nr_i] } }
load nr_here . 'style.gp'
frame_delay = 10     # hundredths of a second per frame
pause_frames = 5     # the last frame repeated: half a second
set terminal gif animate delay frame_delay loop 0 butt size nr_width, nr_height \
	font 'DejaVuSans'.fs(16) noenhanced background rgb bg
set output nr_out

stats nr_frames skip 1 using 1 nooutput
n = STATS_records
array K[n]
array L[n]
array W[n]
array B[n]
i = 0
stats nr_frames skip 1 using (i = i + 1, K[i] = $2, L[i] = $3, W[i] = $4, B[i] = $5) nooutput
stats nr_predictions skip 1 using 1:2 nooutput
set xrange [STATS_min_x:STATS_max_x]
if (!exists('nr_ymin')) { nr_ymin = STATS_min_y; nr_ymax = STATS_max_y }
set yrange [nr_ymin:nr_ymax]
set xlabel nr_xlabel
set ylabel nr_ylabel
set key top left Left reverse spacing 1.3
set style line 40 linecolor rgb c_after linewidth 4 dashtype solid
set style line 41 linecolor rgb c_before linewidth 2 dashtype solid
data_style = nr_points ? 'points' : 'lines'

do for [f = 1:n + pause_frames] {
	j = f <= n ? f : n
	set label 1 fill(fill(tr('gif_state', 'iteration {{k}}   loss {{loss}}'), 'k', \
		sprintf('%d', K[j])), 'loss', sprintf('%.4g', L[j])) \
		at graph 0.98, graph 0.12 right front @TC
	set label 2 sprintf('w = %.4f   b = %.3f', W[j], B[j]) \
		at graph 0.98, graph 0.05 right front @TC
	plot nr_predictions skip 1 using 1:2 with @data_style linestyle ls_actual title tr('actual', 'Actual'), \
	     W[1] * x + B[1] with lines linestyle 41 title tr('before_training', 'before training'), \
	     W[j] * x + B[j] with lines linestyle 40 title tr('current_line', 'current line')
}
unset output
