/*
 * browser.h - one headless Chromium for every test that needs a browser.
 *
 * Starting Chromium costs more CPU (about a second) than anything the
 * tests ask of it, so it starts once, on a probe page: slides.html of the
 * shared default report (with a <base> to that report's folder, so that
 * its images are the report's), followed by a script. In a 1920x1080
 * window the script measures every slide, loads every image that any
 * shared report.html shows, and lays out the formulas of both documents
 * (report.html in a frame it removes afterwards). The same run prints the
 * page to PDF: the probe's changes are for the screen only, so the print
 * is the shipped slides.html's. The shipped documents have no script.
 */
#ifndef NR_TEST_BROWSER_H
#define NR_TEST_BROWSER_H

/* What the probe found, each part as the script wrote it ("" when it did
 * not finish: a failed load, or Chromium failed). */
struct browser_probe {
	char *slides;   /* "slides S full F fit T snap N images I broken B root R" */
	char *over;     /* the number of the last slide that overflows, or "" */
	char *images;   /* "images N broken B": every <img> of every report.html */
	char *broken;   /* " error|empty <url>" for each failed load, or "": an
	                   image counts as broken when its second load (at
	                   <url>?again) fails too */
	char *math[2];  /* report.html, slides.html: "math N zero Z fraction F
	                   identifier I": how many <math>, how many have an empty
	                   box, the least height of a displayed formula with a
	                   fraction, the greatest of an inline lone identifier */
	char *pdf;      /* the printed PDF's path */
	int status;     /* Chromium's exit status */
	char *error;    /* why the probe could not run, or NULL */
};

/* Starts the probe in the background once the shared reports have ended
 * (waiting for them): the runner calls it before the suites that read
 * them, so that Chromium works while they run. Does nothing the second
 * time. */
void shared_browser_start(void);

/* The probe's result, waiting for it (and starting it when no one did);
 * the same one afterwards. */
const struct browser_probe *shared_browser(void);

/* Removes its files; called once when the tests end. */
void shared_browser_free(void);

#endif
