# surface.gp - the loss surface over (w, b) as a contour map; loaded by
# landscape.gp and gradients.gp after style.gp, with
#   nr_w_star, nr_b_star, nr_loss_star, nr_mean_x, nr_mean_xx
#                            the closed forms (analysis.h); the article's
#                            data when not set
#   nr_w_lo, nr_w_hi, nr_b_lo, nr_b_hi   the plotted window (default: around
#                            the minimum)
# The loss is drawn from its exact quadratic form around the minimum,
#   L(w, b) = L* + mean(x^2) dw^2 + 2 mean(x) dw db + db^2,  dw = w - w*, db = b - b*,
# which has no cancellation near the minimum (unlike the expanded moments).
# Contour levels are 1, 3, 10, 30, ... above L*: two per decade, from the
# highest loss in the window down four decades.
# Everything is drawn by one splot seen from above (set view map): contours
# made with `set table` break under `set datafile separator comma`.
w_star = exists('nr_w_star') ? nr_w_star : 1.8
b_star = exists('nr_b_star') ? nr_b_star : 32
l_star = exists('nr_loss_star') ? nr_loss_star : 0
m_x    = exists('nr_mean_x') ? nr_mean_x : -0.5
m_xx   = exists('nr_mean_xx') ? nr_mean_xx : 833.5
w_lo = exists('nr_w_lo') ? nr_w_lo : w_star - 1; w_hi = exists('nr_w_hi') ? nr_w_hi : w_star + 1
b_lo = exists('nr_b_lo') ? nr_b_lo : b_star - 40; b_hi = exists('nr_b_hi') ? nr_b_hi : b_star + 10
excess(w, b) = m_xx * (w - w_star)**2 + 2 * m_x * (w - w_star) * (b - b_star) + (b - b_star)**2
loss(w, b) = l_star + excess(w, b)

top = excess(w_lo, b_lo)
top = excess(w_lo, b_hi) > top ? excess(w_lo, b_hi) : top
top = excess(w_hi, b_lo) > top ? excess(w_hi, b_lo) : top
top = excess(w_hi, b_hi) > top ? excess(w_hi, b_hi) : top
levels = ''
do for [e = floor(log10(top)) - 4 : floor(log10(top))] {
	do for [m in '1 3'] {
		v = real(m) * 10.0**e
		if (v <= top) {
			levels = levels . (strlen(levels) ? ',' : '') . sprintf('%.17g', l_star + v)
		}
	}
}
eval 'set cntrparam levels discrete ' . levels
set cntrparam linear
set cntrlabel onecolor format '%g' font ',14' start 25 interval 1000

set view map scale 1
set contour base
set xyplane relative 0
set isosamples 101, 101
set samples 101, 101
set xrange [w_lo:w_hi]
set yrange [b_lo:b_hi]
set xlabel 'weight w'
set ylabel 'bias b'
set xtics out nomirror
set ytics out nomirror
set border 10   # in a map view of splot: left (2) and bottom (8)
set margins screen 0.14, screen 0.97, screen 0.17, screen 0.91
set grid noxtics noytics
set key inside left top vertical Left reverse spacing 1.3 samplen 2.5 opaque
set label 90 sprintf('minimum (%.4g, %.4g)', w_star, b_star) at w_star, b_star, 0 \
	center front boxed point pointtype 3 pointsize 3 linewidth 3 linecolor rgb c_loss offset 0, 1.3
# The Hessian's diagonal: how fast the slope changes along each axis.
set label 92 sprintf('curvature along w: %.4g, along b: 2', 2 * m_xx) \
	at graph 1, graph 1.045 right front
set style textbox opaque noborder margins 2, 2
set style line 30 linecolor rgb '#b0b0b0' linewidth 1.5 dashtype solid
is_decade(k) = k >= 10 && abs(10**floor(log10(k) + 1e-9) - k) < 0.5
