/* browser.c - the one headless Chromium of a test run (browser.h). */
#include "browser.h"
#include "base/err.h"
#include "helpers.h"
#include "reports.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct browser_probe probe;
static char *dir;   /* the probe page, Chromium's profile, the PDF */
static int started, finished;

/* The probe's script, in three parts around the URLs it loads. It sets an
 * attribute of <body> for each part of the probe as it finishes; the
 * others stay missing, and the tests say so. */
static const char script_head[] =
	"<style>@media print{.nr-probe{display:none}}</style>\n"
	"<script>window.addEventListener('load', function () {\n"
	"var body = document.body;\n"
	/* The formulas of a document, as laid out; with `reveal`, those in a
	 * part that is hidden until chosen (report.html's explorer panels) are
	 * shown first. */
	"function measure(doc, reveal) {\n"
	" var ms = doc.getElementsByTagName('math'), zero = 0, frac = 1e9, mi = 0;\n"
	" for (var i = 0; reveal && i < ms.length; i++)\n"
	"  for (var e = ms[i].parentElement; e; e = e.parentElement)\n"
	"   if (doc.defaultView.getComputedStyle(e).display == 'none') e.style.display = 'block';\n"
	" for (var i = 0; i < ms.length; i++) {\n"
	"  var m = ms[i], b = m.getBoundingClientRect(), display = m.getAttribute('display');\n"
	"  if (!(b.width > 0 && b.height > 0)) zero++;\n"
	"  if (display == 'block' && m.getElementsByTagName('mfrac').length)\n"
	"   frac = Math.min(frac, b.height);\n"
	"  if (display == 'inline' && m.children.length == 1 && m.children[0].localName == 'mi')\n"
	"   mi = Math.max(mi, b.height);\n"
	" }\n"
	" return 'math ' + ms.length + ' zero ' + zero + ' fraction ' + frac.toFixed(1) +\n"
	"        ' identifier ' + mi.toFixed(1);\n"
	"}\n"
	"body.setAttribute('data-slides-math', measure(document, 0));\n"
	/* Each slide: its frame as large as the window allows, 16:9
	 * (Chromium's headless window is not quite the size asked for); then,
	 * with the frame's unit set to what a 1920x1080 screen gives (for the
	 * screen only: the print stays the shipped page's), its content
	 * inside it. */
	"var s = document.querySelectorAll('section.slide'), fit = 0, full = 0, snap = 0;\n"
	"var W = innerWidth, H = innerHeight, w = Math.min(W, H * 16 / 9);\n"
	"for (var i = 0; i < s.length; i++) {\n"
	" var b = s[i].querySelector('.frame').getBoundingClientRect();\n"
	" if (Math.abs(b.width - w) < 1 && Math.abs(b.height - w * 9 / 16) < 1 &&\n"
	"     Math.abs(s[i].getBoundingClientRect().height - H) < 1) full++;\n"
	" if (getComputedStyle(s[i]).scrollSnapAlign.indexOf('start') >= 0) snap++;\n"
	"}\n"
	"var st = document.createElement('style');\n"
	"st.textContent = '@media screen{:root{--u:19.2px}.slide{height:1080px}}';\n"
	"document.head.appendChild(st);\n"
	"for (var i = 0; i < s.length; i++) {\n"
	" var f = s[i].querySelector('.frame'), b = f.getBoundingClientRect();\n"
	" if (b.width == 1920 && b.height == 1080 && f.scrollHeight <= f.clientHeight &&\n"
	"     f.scrollWidth <= f.clientWidth) fit++;\n"
	" else body.setAttribute('data-over', i + 1);\n"
	"}\n"
	"var imgs = document.images, bad = 0;\n"
	"for (var i = 0; i < imgs.length; i++)\n"
	" if (!imgs[i].complete || imgs[i].naturalWidth === 0) bad++;\n"
	"var root = getComputedStyle(document.documentElement).scrollSnapType;\n"
	"body.setAttribute('data-slides', 'slides ' + s.length + ' full ' + full + ' fit ' + fit +\n"
	"                  ' snap ' + snap + ' images ' + imgs.length + ' broken ' + bad +\n"
	"                  ' root ' + root.replace(' ', '-'));\n"
	/* Every image of every report.html, decoded or not. */
	"var urls = [\n";
static const char script_middle[] =
	"], seen = 0, broken = 0, which = '', next = 0;\n"
	/* Eight at a time, each one starting the next, rather than all at
	 * once. An image that fails is loaded once more under a URL of its
	 * own: Chromium has, about one run in ten, reported an intact PNG
	 * that the page itself was loading at the same moment as decoded
	 * with no size. Only a second failure counts. */
	"function load() {\n"
	" if (next == urls.length) return;\n"
	" fetch_image(urls[next++], 0);\n"
	"}\n"
	"function fetch_image(url, again) {\n"
	" var im = new Image();\n"
	" im.onload = loaded(1, url, again);\n"
	" im.onerror = loaded(0, url, again);\n"
	" im.src = again ? url + '?again' : url;\n"
	"}\n"
	"function loaded(ok, url, again) {\n"
	" return function () {\n"
	"  if (!ok || this.naturalWidth === 0) {\n"
	"   which += ' ' + (ok ? 'empty ' : 'error ') + this.src;\n"
	"   if (!again) { fetch_image(url, 1); return; }\n"
	"   broken++;\n"
	"  }\n"
	"  if (++seen == urls.length) {\n"
	"   body.setAttribute('data-images', 'images ' + seen + ' broken ' + broken);\n"
	"   body.setAttribute('data-broken', which);\n"
	"  }\n"
	"  load();\n"
	" };\n"
	"}\n"
	"for (var i = 0; i < 8; i++) load();\n"
	/* report.html's formulas, in a frame that goes once measured. */
	"var frame = document.createElement('iframe');\n"
	"frame.className = 'nr-probe';\n"
	"frame.style.width = '1200px';\n"
	"frame.style.height = '800px';\n"
	"frame.onload = function () {\n"
	" var doc = frame.contentDocument;\n"
	" body.setAttribute('data-report-math', doc ? measure(doc, 1) : 'no access');\n"
	" frame.remove();\n"
	"};\n"
	"frame.src = ";
static const char script_tail[] =
	";\n"
	"body.appendChild(frame);\n"
	"});</script>\n";

/* file://<path>, each byte outside [A-Za-z0-9/._-] percent-encoded: a URL
 * that is also a plain JavaScript string and HTML attribute value. */
static void put_file_url(FILE *fp, const char *path)
{
	fputs("file://", fp);
	for (const unsigned char *c = (const unsigned char *)path; *c; c++)
		if (isalnum(*c) || strchr("/._-", *c))
			fputc(*c, fp);
		else
			fprintf(fp, "%%%02X", *c);
}

/* The URL of dir/rel in quotes, for the script. */
static void put_url(FILE *fp, const char *base, const char *rel)
{
	char *abs = path_join(base, rel);

	fputc('\'', fp);
	put_file_url(fp, abs);
	fputc('\'', fp);
	free(abs);
}

/* Writes the probe page; 0, or -1 with probe.error set. Asserts nothing:
 * it may run outside a test. */
static int write_probe(const char *page)
{
	int n;
	const struct shared_report *all = shared_reports_wait(&n), *def = NULL;
	for (int i = 0; i < n; i++)
		if (!strcmp(all[i].name, "default"))
			def = &all[i];
	if (!def || def->status) {
		probe.error = strdup("the shared report \"default\" failed");
		return -1;
	}
	char *slides = report_file(def, "slides.html");
	char *head = slides ? strstr(slides, "<head>") : NULL;
	char *body_end = head ? strstr(head, "</body>") : NULL;
	FILE *fp = body_end ? fopen(page, "w") : NULL;

	if (!fp) {
		probe.error = xasprintf("slides.html has no <head> and </body>, or %s cannot be written", page);
		free(slides);
		return -1;
	}
	fwrite(slides, 1, (size_t)(head + 6 - slides), fp);
	fputs("<base href=\"", fp);
	put_file_url(fp, def->dir);
	fputs("/\">", fp);
	fwrite(head + 6, 1, (size_t)(body_end - head - 6), fp);
	fputs(script_head, fp);
	for (int i = 0; i < n; i++) {
		char *html = report_file(&all[i], "report.html");
		for (char *p = html; p && (p = strstr(p, "<img src=\"")); p += 10) {
			char *src = p + 10, *end = strchr(src, '"');
			if (!end)
				break;
			char *rel = strndup(src, (size_t)(end - src));
			put_url(fp, all[i].dir, rel);
			fputs(",\n", fp);
			free(rel);
		}
		free(html);
	}
	fputs(script_middle, fp);
	put_url(fp, def->dir, "report.html");
	fputs(script_tail, fp);
	fputs("</body></html>\n", fp);
	free(slides);
	if (fclose(fp) != 0) {
		probe.error = xasprintf("cannot write %s", page);
		return -1;
	}
	return 0;
}

/* The value of attribute `name` in the dumped DOM, newly allocated ("" when
 * it is missing). */
static char *attribute(const char *dom, const char *name)
{
	char *key = xasprintf(" %s=\"", name);
	const char *at = dom && key ? strstr(dom, key) : NULL;
	char *value = at ? strndup(at + strlen(key), strcspn(at + strlen(key), "\"")) : strdup("");

	free(key);
	return value;
}

static FILE *chromium;   /* its output, while it runs */

void shared_browser_start(void)
{
	if (started)
		return;
	started = 1;
	/* Not tmpdir_new(), which asserts: this may run outside a test. */
	dir = xasprintf("%s/neuron-test-XXXXXX", tmp_base());
	if (dir && !mkdtemp(dir)) {
		free(dir);
		dir = NULL;
	}
	char *page = dir ? path_join(dir, "probe.html") : NULL;
	probe.pdf = dir ? path_join(dir, "printed.pdf") : NULL;
	if (!page || !probe.pdf)
		probe.error = strdup("cannot make a folder for the probe");
	else if (write_probe(page) == 0) {
		char *command = chromium_command(dir);
		char *cmd = xasprintf("%s --allow-file-access-from-files --window-size=1920,1080 "
		                      "--hide-scrollbars --virtual-time-budget=10000 "
		                      "--no-pdf-header-footer --print-to-pdf=\"$NR_PDF\" "
		                      "--dump-dom \"$NR_PROBE\" 2>/dev/null", command);
		char *url = xasprintf("file://%s", page);   /* tmp_base's: plain characters */
		setenv("NR_PDF", probe.pdf, 1);
		setenv("NR_PROBE", url, 1);
		fflush(NULL);
		if (!(chromium = popen(cmd, "r")))
			probe.error = strdup("cannot start chromium");
		unsetenv("NR_PDF");
		unsetenv("NR_PROBE");
		free(url);
		free(cmd);
		free(command);
	}
	free(page);
}

/* Reads what Chromium dumped, waits for it, and picks the probe's parts. */
static void finish(void)
{
	char *dom = NULL;

	for (size_t len = 0, cap = 0, got; chromium; len += got) {
		if (cap - len < 2) {
			char *more = realloc(dom, cap = 2 * cap + 65536);
			if (!more)
				break;
			dom = more;
		}
		dom[len] = '\0';
		if (!(got = fread(dom + len, 1, cap - len - 1, chromium)))
			break;
		dom[len + got] = '\0';
	}
	probe.status = chromium ? pclose(chromium) : -1;
	chromium = NULL;
	probe.slides = attribute(dom, "data-slides");
	probe.over = attribute(dom, "data-over");
	probe.images = attribute(dom, "data-images");
	probe.broken = attribute(dom, "data-broken");
	probe.math[0] = attribute(dom, "data-report-math");
	probe.math[1] = attribute(dom, "data-slides-math");
	free(dom);
}

const struct browser_probe *shared_browser(void)
{
	if (!finished) {
		shared_browser_start();
		finished = 1;
		finish();
	}
	if (probe.error)
		fprintf(stderr, "\n  browser probe: %s\n", probe.error);
	CU_ASSERT_PTR_NULL_FATAL(probe.error);
	if (probe.status != 0)
		fprintf(stderr, "\n  chromium exited with status %d\n", probe.status);
	return &probe;
}

void shared_browser_free(void)
{
	if (started && !finished) {
		finished = 1;
		finish();   /* no Chromium is left running */
	}
	free(probe.slides);
	free(probe.over);
	free(probe.images);
	free(probe.broken);
	free(probe.math[0]);
	free(probe.math[1]);
	free(probe.pdf);
	free(probe.error);
	memset(&probe, 0, sizeof probe);
	if (dir)
		rm_rf(dir);
	free(dir);
	dir = NULL;
}
