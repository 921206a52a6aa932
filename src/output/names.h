/*
 * names.h - the name of every file a run writes, relative to its output
 * directory (--out). Figures are named without their extension, which
 * follows --format (plot_image); fit.gif is always a GIF, and the
 * explorer's cards are always PNG (they are shown by report.html only).
 */
#ifndef NR_NAMES_H
#define NR_NAMES_H

/* One run (`neuron train`, and the report's main run). */
#define OUT_TRACE          "trace.csv"
#define OUT_PREDICTIONS    "predictions.csv"

/* What the figures draw, thinned so that no curve has more than
 * FIGURE_POINTS points, whatever the size of the data or the run. */
#define FIGURE_POINTS      10000
#define OUT_FIT_DATA       "fit.csv"           /* predictions.csv, every k-th row */
#define OUT_STATES         "states.csv"        /* trace.csv's columns, log-spaced */
#define OUT_RUNS_CSV       "runs.csv"          /* every compared run, log-spaced */

/* The report's tables. */
#define OUT_RUNS           "runs"              /* runs/lr-<rate>/trace.csv ... */
#define OUT_SUMMARY        "summary.csv"
#define OUT_SWEEP          "sweep.csv"
#define OUT_CHAIN          "chain.csv"
#define OUT_STEPS          "steps.csv"
#define OUT_FRAMES         "frames.csv"
#define OUT_FIT_STEPS      "fit_steps.csv"
#define OUT_LANDSCAPE      "landscape.csv"
#define OUT_GRADCHECK      "gradcheck.csv"
#define OUT_GRADPATHS      "gradpaths.csv"
#define OUT_SCALING        "scaling.csv"
#define OUT_SCALING_CURVES "scaling_curves.csv"
#define OUT_OPTIMIZERS     "optimizers.csv"    /* one row per optimizer run */
#define OUT_OPT_CURVES     "opt_curves.csv"    /* their losses, and the comparison's */
#define OUT_OPT_PATHS      "opt_paths.csv"     /* their paths, each in its window */
#define OUT_MOMENTUM_MAP   "momentum_map.csv"
#define OUT_BATCH_NOISE    "batch_noise.csv"   /* per batch size: predicted, observed */
#define OUT_BATCH_SEEDS    "batch_seeds.csv"   /* per batch size and seed */
#define OUT_EXPLORER       "explorer"          /* explorer/<run>.png: one card per run */
/* The canvas of the images only report.html shows (the explorer's cards,
 * the animation), as a share of the figures' width and height: the page
 * shows them at most 46em (736 pixels) wide, and gnuplot draws and
 * compresses a third fewer pixels in a third less time. */
#define PAGE_IMAGE_SIZE    0.75

/* The report's documents and what re-renders its figures. */
#define OUT_HTML           "report.html"
#define OUT_MD             "report.md"
#define OUT_TEX            "report.tex"        /* lecture notes (LaTeX) */
#define OUT_FIGURES_TEX    "figures.tex"       /* every figure environment */
#define OUT_TEX_DIR        "tex"               /* tex/<figure>.tex + .pdf (cairolatex) */
#define OUT_TEX_SLIDES_DIR "tex/slides"        /* the same with larger text, for slides */
#define SLIDES_FONT_SCALE  1.44                /* ... this many times the notes' (17.28 pt, a size beamer's fonts have) */
#define OUT_SLIDES_TEX     "slides.tex"        /* the deck (Beamer) */
#define OUT_SLIDES_HTML    "slides.html"       /* the deck (HTML, no script) */
#define OUT_PDF            "report.pdf"        /* compiled when pdflatex is there */
#define OUT_SLIDES_PDF     "slides.pdf"
#define OUT_FIGURES_GP     "figures.gp"
#define OUT_WORDS          "words.gp"          /* the figures' words (figwords.h) */
#define OUT_TEX_WORDS      "tex/words.gp"      /* ... escaped for the LaTeX figures */
#define OUT_SUMMARY_TXT    "summary.txt"       /* what `neuron report` printed */
#define OUT_SCRIPTS        "scripts"           /* copies of the gnuplot scripts */

/* The report's figures. */
#define FIG_FIT            "fit"
#define FIG_NETWORK        "network"
#define FIG_GRAPH          "graph"
#define FIG_LOSS           "loss"
#define FIG_PARAMS         "params"
#define FIG_LR_LOSS        "lr_loss"
#define FIG_LR_FINAL       "lr_final"
#define FIG_LANDSCAPE      "landscape"
#define FIG_GRADIENTS      "gradients"
#define FIG_SCALING        "scaling"
#define FIG_FIT_STEPS      "fit_steps"
#define FIG_OPT_LOSS       "opt_loss"
#define FIG_OPT_PATHS      "opt_paths"
#define FIG_MOMENTUM_MAP   "momentum_map"
#define FIG_BATCH_NOISE    "batch_noise"
#define OUT_CONTACT        "contact.png"       /* every figure, as thumbnails */
#define OUT_THUMBS         "thumbs"            /* thumbs/<figure>.png: the contact sheet's */
#define THUMB_MIN_WIDTH    240                 /* pixels: the narrowest thumbnail drawn (add_contact) */
#define OUT_FIT_GIF        "fit.gif"

#endif
