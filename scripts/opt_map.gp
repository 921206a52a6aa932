# opt_map.gp - updates the heavy ball takes to the target over a grid of
# step (log axis) and momentum, with the computed best pair, the fastest
# cell and the stability limit lr lambda_max = 2 (1 + beta).
#
# Inputs (named variables; defaults for a run by hand in an output folder):
#   nr_map          momentum_map.csv: i,j,lr,beta,iterations,status; status
#                   reached (the loss stays below the target from
#                   `iterations` on), capped (not within the cap) or diverged
#   nr_cells        cells along each axis (default 30)
#   nr_lambda_max   the Hessian's larger eigenvalue (the limit's line)
#   nr_opt_i, nr_opt_j     the computed best pair's cell
#   nr_best_i, nr_best_j   the fastest cell (-1: none reached the target)
#   nr_cap          the most updates of a cell
#   nr_opt_label, nr_best_label, nr_boundary_label   the key's words
#
# Colour is the count on a log scale (print: grey, dark is fast); cells
# that did not get there within the cap are left blank, those that
# diverged are hatched.
reset
if (!exists('nr_map')) nr_map = ARGC >= 1 ? ARG1 : 'momentum_map.csv'
if (!exists('nr_out')) nr_out = ARGC >= 2 ? ARG2 : 'momentum_map.png'
nr_here = ''; do for [nr_i = strlen(ARG0):1:-1] { if (nr_here eq '' && ARG0[nr_i:nr_i] eq '/') { nr_here = ARG0[1:nr_i] } }
load nr_here . 'style.gp'
cells = exists('nr_cells') ? nr_cells : 30
opt_label = exists('nr_opt_label') ? nr_opt_label : 'computed best'
best_label = exists('nr_best_label') ? nr_best_label : 'fastest'
boundary_label = exists('nr_boundary_label') ? nr_boundary_label : 'stability limit'

# The grid: steps and momenta from the corner cells, counts of the reached.
stats nr_map skip 1 using 3:4 nooutput
lr_lo = STATS_min_x; lr_hi = STATS_max_x
beta_lo = STATS_min_y; beta_hi = STATS_max_y
ratio = (lr_hi / lr_lo)**(1.0 / (cells - 1))
dbeta = (beta_hi - beta_lo) / (cells - 1)
reached(col) = strcol(6) eq 'reached' ? col : NaN
# (No cell may have reached it: a short run's cap is small.)
undefine STATS_*
stats nr_map skip 1 using (reached($5)) nooutput
any = exists('STATS_records') && STATS_records > 0
k_lo = any && STATS_min > 0 ? STATS_min : 1
k_hi = exists('nr_cap') ? nr_cap : (any ? STATS_max : 10)
k_hi = k_hi > k_lo ? k_hi : 10 * k_lo
lambda_max = exists('nr_lambda_max') ? nr_lambda_max : 2 / lr_hi
lr_of(i) = lr_lo * ratio**i
beta_of(j) = beta_lo + j * dbeta

# The key below, as many columns as fit; the colour bar on the right.
longest = strlen(opt_label)
longest = strlen(best_label) > longest ? strlen(best_label) : longest
longest = strlen(boundary_label) > longest ? strlen(boundary_label) : longest
# (gnuplot fits a horizontal key's columns into the plot's width)
entry_w = (longest + 8) * cw
kcols = floor((0.97 - 22 * cw) / entry_w)
kcols = kcols < 1 ? 1 : kcols > 3 ? 3 : kcols
krows = ceil(3.0 / kcols)
key_h = krows * 1.6 * em + 0.02
set lmargin at screen 0.03 + 8 * cw
set rmargin at screen 1 - 14 * cw
set tmargin at screen 1 - 1.5 * em
set bmargin at screen key_h + 4.6 * em

set logscale x
set logscale cb
set xrange [lr_lo / sqrt(ratio):lr_hi * sqrt(ratio)]
set yrange [beta_lo - dbeta / 2:beta_hi + dbeta / 2]
set cbrange [k_lo:k_hi]
set format x '%g'
set format cb '%g'
set xtics nomirror
set ytics nice_step(beta_hi - beta_lo, tick_count(6))
unset grid
set xlabel tr('step_lr', 'step (learning rate)') offset 0, 0.3
set ylabel tr('momentum', 'momentum') . latex(' $\beta$', ' β') noenhanced
set cblabel tr('updates_to_target', 'updates to the target') noenhanced offset 1, 0 textcolor rgb fg
set colorbox user origin screen 1 - 12.5 * cw, screen key_h + 4.6 * em \
	size screen 1.8 * cw, screen 1 - 1.5 * em - key_h - 4.6 * em border
set cbtics textcolor rgb fg
# Ticks at 1, 2 and 5 times the powers of ten inside the range, unless
# that is more than the bar's height holds (then the powers only).
set cbtics ()
room = floor((1 - 1.5 * em - key_h - 4.6 * em) / (1.6 * em))
dense = 3 * (floor(log10(k_hi)) - floor(log10(k_lo)) + 1) <= room
# The ends are always labelled; a tick too close to them (a tenth of the
# bar) is left out.
near_end(t) = abs(log(t / k_lo)) < 0.1 * log(k_hi / k_lo) || abs(log(t / k_hi)) < 0.1 * log(k_hi / k_lo)
set cbtics add (sprintf('%d', k_lo) k_lo, sprintf('%d', k_hi) k_hi)
do for [e = floor(log10(k_lo)):ceil(log10(k_hi))] {
	do for [m in '1 2 5'] {
		t = m * 10.0**e
		if (t > k_lo && t < k_hi && !near_end(t) && (dense || m == 1)) { set cbtics add (sprintf('%g', t) t) }
	}
}
if (nr_theme eq 'print') {
	set palette defined (0 '#000000', 1 '#d8d8d8')
} else {
	if (nr_theme eq 'dark') {
		set palette defined (0 '#fde725', 0.35 '#35b779', 0.7 '#31688e', 1 '#2b1a4a')
	} else {
		set palette defined (0 '#440154', 0.3 '#31688e', 0.65 '#35b779', 1 '#fde725')
	}
}
set style fill solid 1.0 noborder
x0(i) = lr_of(i) / sqrt(ratio)
x1(i) = lr_of(i) * sqrt(ratio)
y0(j) = beta_of(j) - dbeta / 2
y1(j) = beta_of(j) + dbeta / 2
diverged(v) = strcol(6) eq 'diverged' ? v : NaN
opt_i = exists('nr_opt_i') ? nr_opt_i : -1
opt_j = exists('nr_opt_j') ? nr_opt_j : -1
best_i = exists('nr_best_i') ? nr_best_i : -1
best_j = exists('nr_best_j') ? nr_best_j : -1
set key at screen 0.03, screen key_h left top Left reverse horizontal maxcols kcols \
	width 2 spacing 1.15 samplen 2.5 noenhanced textcolor rgb fg
set samples 200
plot nr_map skip 1 using 3:4:(x0($1)):(x1($1)):(y0($2)):(y1($2)):(reached($5)) \
         with boxxyerror fillcolor palette notitle, \
     nr_map skip 1 using 3:(diverged($4)):(x0($1)):(x1($1)):(y0($2)):(y1($2)) \
         with boxxyerror fillstyle pattern 4 transparent noborder linecolor rgb muted notitle, \
     [beta_lo - dbeta / 2:beta_hi + dbeta / 2] '+' using (2 * (1 + $1) / lambda_max):1 \
         with lines linecolor rgb bg linewidth 6 notitle, \
     [beta_lo - dbeta / 2:beta_hi + dbeta / 2] '+' using (2 * (1 + $1) / lambda_max):1 \
         with lines linecolor rgb fg linewidth 2.5 dashtype (10,5) title boundary_label, \
     '+' using (opt_i >= 0 ? lr_of(opt_i) : NaN):(beta_of(opt_j)) every ::0::0 with points \
         pointtype 7 pointsize 2.4 * nr_ps linecolor rgb bg notitle, \
     '+' using (opt_i >= 0 ? lr_of(opt_i) : NaN):(beta_of(opt_j)) every ::0::0 with points \
         pointtype 6 pointsize 2.4 * nr_ps linewidth 2.5 linecolor rgb fg title opt_label, \
     '+' using (best_i >= 0 ? lr_of(best_i) : NaN):(beta_of(best_j)) every ::0::0 with points \
         pointtype 4 pointsize 2.2 * nr_ps linewidth 5 linecolor rgb bg notitle, \
     '+' using (best_i >= 0 ? lr_of(best_i) : NaN):(beta_of(best_j)) every ::0::0 with points \
         pointtype 4 pointsize 2.2 * nr_ps linewidth 2.5 linecolor rgb fg title best_label
unset output
