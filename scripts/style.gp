# style.gp - the look every figure shares: terminal, size, fonts, theme,
# colours and line styles. Every figure script loads it first; it is the
# only place that knows any of these.
#
# It reads (each optional, so scripts also run by hand):
#   nr_out          the image file; its extension gives the format when
#                   nr_format is not set
#   nr_format       'png', 'svg', 'pdf' or 'tex' (cairolatex: nr_out is a
#                   .tex file that places the text, typeset by LaTeX, over
#                   the graphics in the .pdf beside it)
#   nr_theme        'light' (the default), 'dark' (a projector in a dark
#                   room) or 'print' (black on white: curves told apart by
#                   dash patterns and markers, not by colour)
#   nr_font_scale   the size of text relative to the default, 0.8 to 1.6
#   nr_width, nr_height  the canvas in pixels (1200 x 800; 1920 x 1080 for
#                   16:9 slides); a PDF has the same proportions, 150 pixels
#                   to the inch
# and gives the scripts:
#   fs(n)           a font of n points at the default size (body text is
#                   20) as ',<size>', scaled for the format, the canvas and
#                   nr_font_scale, so that every format looks alike
#   em              the height of one line of body text, as a fraction of
#                   the canvas height (for layouts that place text)
#   fit(t, points, fits)   a font of `points` points for the text t, smaller
#                   when t is longer than `fits` characters (for a drawing's
#                   labels, which must stay in their place)
#   wrap(t, size, share), wrap_words(t, size, share), line_count(t)
#                   a title broken onto two lines, or onto as many as it
#                   takes, to fit `share` of the width
#   fg, muted, grid, bg, panel   colours of text and axes, secondary text,
#                   the grid, the background, and the inside of boxes
#   TC              the macro 'textcolor rgb fg', for labels: @TC
#   c_<quantity>    one colour per quantity, and line styles ls_<quantity>
#   lr_color[i]     the colour of the i-th compared learning rate, and its
#                   line style ls_lr(i)
#   nr_tex          1 when the text is LaTeX (nr_format 'tex'), and
#   latex(t, p)     the label t (LaTeX, with real math: '$\partial L/\partial w$')
#                   there, p (plain Unicode) everywhere else; every label a
#                   script writes itself must be valid LaTeX when nr_tex
#                   (texts the program passes are escaped for it already)
#   pow10_format    the tick format 10^{n} for log axes, for either
#   key_title(t)    a key's title: LaTeX centres a line of text on the
#                   place gnuplot gives it, so a title sits a line higher
#   tr(name, english)   a word of the figures in the report's language: the
#                   entry [fig.<name>] of the language file, from nr_words
#                   (the file words.gp the program writes; escaped for
#                   LaTeX when nr_tex), or `english` when it is not set (a
#                   script run by hand)
#   fill(t, name, v)    t with every {{name}} replaced by the text v
#   replace(t, s, v)    t with every s (not empty) replaced by v
#   iterations(n)   "1 iteration", "<n> iterations" in that language
#   rows_from(f, i), rows_to(f, i)   the data rows (from 0) of run i in the
#                   file nr_<f>, when its runs follow one another: `every
#                   ::rows_from('paths', i)::rows_to('paths', i)` reads only
#                   those (gnuplot stops after the last) instead of every row
#                   of every run; every row when the program did not pass
#                   nr_<f>_from<i> and nr_<f>_to<i>

# gnuplot installs and removes a SIGFPE handler around every expression it
# evaluates on a data line: two system calls per value, a quarter of the
# time of a figure that reads a few thousand rows. Floating-point exceptions
# do not trap on the machines gnuplot runs on (they give Inf and NaN), and
# gnuplot checks integer division by zero itself, so the handler is not
# needed for our own CSVs.
set datafile nofpe_trap

if (!exists('nr_format')) {
	nr_format = (strstrt(nr_out, '.svg') > 0) ? 'svg' : \
	            (strstrt(nr_out, '.pdf') > 0) ? 'pdf' : \
	            (strstrt(nr_out, '.tex') > 0) ? 'tex' : 'png'
}
nr_tex = nr_format eq 'tex'
latex(t, p) = nr_tex ? t : p
pow10_format = nr_tex ? '$10^{%T}$' : '10^{%T}'
key_title(t) = nr_tex && t ne '' ? t . "\n" : t

# The words: nr_words defines nr_fig_<name> for each entry [fig.<name>].
if (exists('nr_words')) { load nr_words }
tr(name, english) = exists('nr_fig_' . name) ? value('nr_fig_' . name) : english
replace(t, s, v) = strstrt(t, s) == 0 ? t : t[1:strstrt(t, s) - 1] . v . \
	replace(t[strstrt(t, s) + strlen(s):], s, v)
fill(t, name, v) = replace(t, '{{' . name . '}}', v)
iterations(n) = fill(n == 1 ? tr('iterations_one', '{{n}} iteration') : \
	tr('iterations_many', '{{n}} iterations'), 'n', sprintf('%d', n))

if (!exists('nr_theme')) { nr_theme = 'light' }
if (!exists('nr_font_scale')) { nr_font_scale = 1 }
if (!exists('nr_width')) { nr_width = 1200 }
if (!exists('nr_height')) { nr_height = 800 }

# Text: 20 "points" on an 800 pixel high PNG is 1/32 of the height; the
# same share of the canvas in SVG (whose points are smaller) and PDF
# (whose page is 5.33 inches high), and the LaTeX figures, drawn as PDF.
nr_vector = nr_format eq 'pdf' || nr_tex
nr_unit = (nr_format eq 'svg') ? 1.25 : nr_vector ? 0.6 : 1.0
font_size(n) = n * nr_font_scale * nr_unit * nr_height / 800.0
fs(n) = sprintf(',%.3g', font_size(n))
em = 1.25 * 20 * nr_font_scale / 800.0
# The width of one character of 20-point text, as a share of the canvas
# width, for layouts that must make room for a key or a long title.
cw = 0.75 * 20 * nr_font_scale * nr_height / 800.0 / nr_width
fit(t, points, fits) = fs(strlen(t) > fits / nr_font_scale ? \
	points * fits / nr_font_scale / (1.0 * strlen(t)) : points)
# A title or label of `size`-point text that must fit in `share` of the
# width: wrapped onto two lines after its first '; ', ': ' or ', ' when it
# would not.
nr_cut(t) = strstrt(t, '; ') > 0 ? strstrt(t, '; ') : strstrt(t, ': ') > 0 ? strstrt(t, ': ') : \
	strstrt(t, ', ')
wrap(t, size, share) = strlen(t) * cw * size / 20.0 < share || nr_cut(t) == 0 ? t : \
	t[1:nr_cut(t)] . "\n" . t[nr_cut(t) + 2:]
# The same broken at spaces into as many lines as it takes (a word longer
# than a line stays whole), and how many lines a text has.
nr_space_before(t, i) = i < 1 ? 0 : t[i:i] eq ' ' ? i : nr_space_before(t, i - 1)
nr_wrap_at(t, n) = strlen(t) <= n ? t : (nr_sp = nr_space_before(t, n + 1), \
	nr_sp < 2 ? (nr_sp = strstrt(t, ' '), nr_sp == 0 ? t : t[1:nr_sp - 1] . "\n" . \
	nr_wrap_at(t[nr_sp + 1:], n)) : t[1:nr_sp - 1] . "\n" . nr_wrap_at(t[nr_sp + 1:], n))
wrap_words(t, size, share) = nr_wrap_at(t, int(share / (cw * size / 20.0)))
line_count(t) = strstrt(t, "\n") == 0 ? 1 : 1 + line_count(t[strstrt(t, "\n") + 1:])
# Lines and marks grow with the canvas, like the text.
nr_lw = 1.5 * nr_height / 800.0 * (nr_vector ? 0.75 : 1.0)
nr_ps = (nr_format eq 'svg' ? 0.75 : 1.0) * nr_height / 800.0

# ---- the theme ---------------------------------------------------------------
if (nr_theme eq 'dark') {
	bg = '#16191d'; fg = '#ececec'; muted = '#a8adb3'; grid = '#363b42'; panel = '#23282e'
	c_actual = '#6aaeff'   # data
	c_before = '#ff7a7a'   # before training
	c_after  = '#6fdc7e'   # after training
	c_loss   = '#ececec'   # the loss
	c_weight = '#d19bff'   # the weight w
	c_bias   = '#ffb35c'   # the bias b
	c_target = '#b0b5bb'   # targets and limits
	c_grad   = '#ff7ac8'   # gradients flowing back (diagrams)
	c_exact  = '#ececec'   # the derivative
	c_article = '#ff7ac8'  # the article's formula
	c_contour = '#5d646c'  # contour lines of the loss
	array lr_color[10] = ['#56b4e9', '#2fd6a0', '#f0c24b', '#f08fc8', '#ff8a3d', \
	                      '#a6d8ff', '#ffffff', '#f0e442', '#bbbbbb', '#ff6fa0']
} else {
	if (nr_theme eq 'print') {
		bg = '#ffffff'; fg = '#000000'; muted = '#555555'; grid = '#dddddd'; panel = '#f4f4f4'
		c_actual = '#000000'; c_before = '#555555'; c_after = '#000000'
		c_loss = '#000000'; c_weight = '#000000'; c_bias = '#000000'
		c_target = '#777777'; c_grad = '#666666'; c_exact = '#000000'
		c_article = '#555555'; c_contour = '#b8b8b8'
		array lr_color[10] = ['#000000', '#333333', '#555555', '#000000', '#333333', \
		                      '#555555', '#000000', '#333333', '#555555', '#000000']
	} else {
		bg = '#ffffff'; fg = '#1a1a1a'; muted = '#6b6b6b'; grid = '#dedede'; panel = '#f6f6f6'
		c_actual = '#1f5fbf'; c_before = '#d62728'; c_after = '#2a9d3c'
		c_loss = '#262626'; c_weight = '#7b3fa0'; c_bias = '#d06f00'
		c_target = '#7f7f7f'; c_grad = '#b0007a'; c_exact = '#1a1a1a'
		c_article = '#c51b7d'; c_contour = '#b5b5b5'
		# Okabe-Ito order: told apart by colour-blind readers too.
		array lr_color[10] = ['#0072b2', '#009e73', '#e69f00', '#cc79a7', '#d55e00', \
		                      '#56b4e9', '#000000', '#b8a400', '#999999', '#882255']
	}
}
TC = 'textcolor rgb fg'

# ---- the terminal ------------------------------------------------------------
if (nr_format eq 'svg') {
	set terminal svg size nr_width, nr_height dynamic noenhanced \
		font 'Sans'.fs(20) linewidth nr_lw background rgb bg
} else {
	if (nr_format eq 'pdf') {
		set terminal pdfcairo size (nr_width / 150.0), (nr_height / 150.0) noenhanced \
			font 'Sans'.fs(20) linewidth nr_lw background rgb bg
	} else { if (nr_tex) {
		# The text is LaTeX's, at the size the layout assumes: set in the
		# figure itself, so \input{<name>.tex} needs nothing around it.
		set terminal cairolatex pdf size (nr_width / 150.0), (nr_height / 150.0) \
			colortext font fs(20) linewidth nr_lw background rgb bg \
			header sprintf('\fontsize{%.3g}{%.3g}\selectfont', font_size(20), 1.2 * font_size(20))
	} else {
		set terminal pngcairo size nr_width, nr_height noenhanced \
			font 'Sans'.fs(20) linewidth nr_lw background rgb bg
	} }
}
set output nr_out
set encoding utf8
set datafile separator comma
set pointsize nr_ps

set border 3 linewidth 1.2 linecolor rgb fg
set tics nomirror out textcolor rgb fg
set mxtics default
set mytics default
set grid xtics ytics linecolor rgb grid linewidth 1 dashtype solid
set key noautotitle nobox opaque textcolor rgb fg
set xlabel textcolor rgb fg
set ylabel textcolor rgb fg
set title textcolor rgb fg
set style fill transparent solid 0.15 noborder
set style textbox opaque noborder

# ---- line styles, by what they draw ------------------------------------------
# In print every curve also has its own dash pattern and marks.
ls_actual = 1; ls_before = 2; ls_after = 3; ls_target = 4
ls_loss = 5; ls_weight = 6; ls_bias = 7
ls_exact = 21; ls_article = 22; ls_contour = 30
ls_lr(i) = 10 + i
set style line ls_actual linecolor rgb c_actual linewidth 3 dashtype solid pointtype 7 pointsize 1.1
set style line ls_before linecolor rgb c_before linewidth 3 dashtype (10,6) \
	pointtype 6 pointsize 1.6 pointinterval 10
set style line ls_after linecolor rgb c_after linewidth 3 dashtype (4,4) \
	pointtype 9 pointsize 1.8 pointinterval 10
set style line ls_target linecolor rgb c_target linewidth 2 dashtype (12,4,2,4)
set style line ls_loss linecolor rgb c_loss linewidth 3 dashtype solid
set style line ls_weight linecolor rgb c_weight linewidth 3 dashtype solid
set style line ls_bias linecolor rgb c_bias linewidth 3 dashtype solid
set style line ls_exact linecolor rgb c_exact linewidth 3 dashtype solid
set style line ls_article linecolor rgb c_article linewidth 3 dashtype (8,5)
set style line ls_contour linecolor rgb c_contour linewidth 1.5 dashtype solid
# Learning rates, slowest to fastest, each with its own dash pattern.
array lr_dash[10] = [1, 2, 4, 5, 3, 1, 2, 4, 5, 3]
array lr_point[10] = [7, 5, 9, 11, 13, 6, 4, 8, 10, 12]
do for [i = 1:10] {
	set style line ls_lr(i) linecolor rgb lr_color[i] linewidth 3 dashtype lr_dash[i] \
		pointtype lr_point[i]
}
# The sixth to tenth would repeat the first five patterns: their own ones,
# so that up to ten curves differ in dash as well as colour.
set style line ls_lr(6) dashtype (16,5,3,5,3,5)
set style line ls_lr(7) dashtype (3,4)
set style line ls_lr(8) dashtype (22,6)
set style line ls_lr(9) dashtype (10,4,10,4,2,4)
set style line ls_lr(10) dashtype (6,3,6,9)

# A tick step for a range: 1, 2 or 5 times a power of ten, giving at most
# `count` ticks (fewer when the text is large, so labels never touch).
nice_step(range, count) = (nr_r = range * 1.0 / count, nr_p = 10**floor(log10(nr_r)), \
	nr_r <= nr_p ? nr_p : nr_r <= 2 * nr_p ? 2 * nr_p : nr_r <= 5 * nr_p ? 5 * nr_p : 10 * nr_p)
tick_count(n) = n * 1.0 / nr_font_scale
# A range [lo, hi] widened when it is (nearly) a single value, so that its
# ticks stay finite: to lo - d, hi + d with d = max(0.5, 5% of |lo|).
nr_flat(lo, hi) = hi - lo <= 1e-9 * (abs(lo) > 1 ? abs(lo) : 1)
range_lo(lo, hi) = nr_flat(lo, hi) ? lo - (abs(lo) * 0.05 > 0.5 ? abs(lo) * 0.05 : 0.5) : lo
range_hi(lo, hi) = nr_flat(lo, hi) ? hi + (abs(hi) * 0.05 > 0.5 ? abs(hi) * 0.05 : 0.5) : hi

rows_from(f, i) = exists(sprintf('nr_%s_from%d', f, i)) ? value(sprintf('nr_%s_from%d', f, i)) : 0
rows_to(f, i) = exists(sprintf('nr_%s_to%d', f, i)) ? value(sprintf('nr_%s_to%d', f, i)) : 2147483647

# every: thin a long trace to at most about 5000 points per curve; the step
# is odd so a period-2 zig-zag stays visible.
nr_every(records) = 2 * int(records / 10000) + 1
# The status words of summary.csv as a lecture says them.
status_words(s) = s eq 'not_converged' ? tr('still_converging', 'still converging') : \
	s eq 'converged' ? tr('converged', 'converged') : \
	s eq 'oscillating' ? tr('oscillating', 'oscillating') : \
	s eq 'diverged' ? tr('diverged', 'diverged') : s
