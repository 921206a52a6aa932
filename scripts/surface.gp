# surface.gp - the loss surface over (w, b): its closed form, its contours
# and the plotted window; loaded by landscape.gp and gradients.gp after
# style.gp, with
#   nr_w_star, nr_b_star, nr_loss_star, nr_mean_x, nr_mean_xx
#                            the closed forms (analysis.h); the article's
#                            data when not set
#   nr_w_lo, nr_w_hi, nr_b_lo, nr_b_hi   the plotted window (default: around
#                            the minimum)
# The loss of a line fit is exactly quadratic in (w, b):
#   L(w, b) = L* + mean(x^2) dw^2 + 2 mean(x) dw db + db^2,  dw = w - w*, db = b - b*,
# written around the minimum, which has no cancellation there (unlike the
# expanded moments). So its contours are ellipses, drawn as such: ew(e, t),
# eb(e, t) trace the contour `e` above L* as t goes round 0 .. 2 pi. The
# pseudo-file '+' samples the x range; tt(x) maps it onto that angle (set
# x_lo and x_hi to the x range first).
w_star = exists('nr_w_star') ? nr_w_star : 1.8
b_star = exists('nr_b_star') ? nr_b_star : 32
l_star = exists('nr_loss_star') ? nr_loss_star : 0
m_x    = exists('nr_mean_x') ? nr_mean_x : -0.5
m_xx   = exists('nr_mean_xx') ? nr_mean_xx : 833.5
w_lo = exists('nr_w_lo') ? nr_w_lo : w_star - 1; w_hi = exists('nr_w_hi') ? nr_w_hi : w_star + 1
b_lo = exists('nr_b_lo') ? nr_b_lo : b_star - 40; b_hi = exists('nr_b_hi') ? nr_b_hi : b_star + 10
excess(w, b) = m_xx * (w - w_star)**2 + 2 * m_x * (w - w_star) * (b - b_star) + (b - b_star)**2
loss(w, b) = l_star + excess(w, b)

# The ellipses: eigen-decomposition of the excess's matrix [[m_xx, m_x], [m_x, 1]].
# hyp(a, b) = sqrt(a^2 + b^2) without squaring the larger (data up to 1e100
# give m_xx up to 1e200).
hyp(a, b) = abs(a) >= abs(b) ? (a == 0 ? 0 : abs(a) * sqrt(1 + (b / a)**2)) : abs(b) * sqrt(1 + (a / b)**2)
mu1 = (m_xx + 1) / 2 + hyp((m_xx - 1) / 2, m_x)              # the steep direction
mu2 = (m_xx - m_x**2) / mu1                                  # the shallow one
theta = 0.5 * atan2(2 * m_x, m_xx - 1)
ew(e, t) = w_star + sqrt(e / mu1) * cos(t) * cos(theta) - sqrt(e / mu2) * sin(t) * sin(theta)
eb(e, t) = b_star + sqrt(e / mu1) * cos(t) * sin(theta) + sqrt(e / mu2) * sin(t) * cos(theta)
tt(x) = 2 * pi * (x - x_lo) / (x_hi - x_lo)
x_lo = w_lo; x_hi = w_hi
# Contour levels about three times apart (two per decade) from `top` down.
n_levels = 8
level(top, j) = top * 10**(-(j - 1) / 2.0)

set samples 200
set xrange [w_lo:w_hi]
set yrange [b_lo:b_hi]
is_decade(k) = k >= 10 && abs(10**floor(log10(k) + 1e-9) - k) < 0.5
