/*
 * gdtext.c - the animation's text, in neuron-gnuplot.so (loaded into each
 * gnuplot as pngwrite.c describes). gnuplot's gif terminal draws with
 * libgd into a palette image, and libgd draws its text with FreeType. Two
 * things there took most of fit.gif's time:
 *
 * - FreeType's TrueType interpreter, which libgd runs on every glyph of
 *   every string of every frame (it keeps no glyphs between strings): about
 *   a third of the time. libgd's glyphs are loaded unhinted instead: the
 *   outline as designed, antialiased, not fitted to the pixel grid; at the
 *   animation's sizes the eye sees no difference. Only libgd's loads
 *   change: cairo (pngcairo, pdfcairo) keeps its own settings. With
 *   NEURON_GIF_HINTING=1 in the environment the glyphs stay hinted.
 *
 * - gdImageColorResolveAlpha, which libgd calls for the colours where text
 *   blends into what is under it, and which scans the whole palette each
 *   time: in a dark theme's animation half of the time. Its answers are
 *   kept while the palette cannot have changed: the same colours, so the
 *   same bytes (tests/test_plot.c draws an animation both ways).
 *
 * No header of libgd or FreeType is needed: their types are opaque here,
 * but for the first fields of libgd's image, which its ABI fixes.
 */
#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- glyphs ---------------------------------------------------------------- */

/* FreeType's types and flag as its ABI has them (freetype.h). */
typedef int FT_Error;
typedef struct FT_FaceRec_ *FT_Face;
#define FT_LOAD_NO_HINTING 0x2

FT_Error FT_Load_Glyph(FT_Face face, unsigned glyph, int32_t flags);

/* Whether the code at `at` is libgd's; the answer kept for the first few
 * callers (libgd and cairo each load glyphs from a place or two). */
#define CALLERS 8
static int in_libgd(void *at)
{
	static void *seen[CALLERS];
	static int gd[CALLERS], n;
	Dl_info info;

	for (int i = 0; i < n; i++)
		if (seen[i] == at)
			return gd[i];
	int is = dladdr(at, &info) && info.dli_fname && strstr(info.dli_fname, "/libgd.");
	if (n < CALLERS) {
		seen[n] = at;
		gd[n++] = is;
	}
	return is;
}

FT_Error FT_Load_Glyph(FT_Face face, unsigned glyph, int32_t flags)
{
	static FT_Error (*real)(FT_Face, unsigned, int32_t);
	static int hinting = -1;

	/* Reached only from FreeType's callers, so FreeType is loaded. */
	if (!real && !(*(void **)&real = dlsym(RTLD_NEXT, "FT_Load_Glyph")))
		abort();
	if (hinting < 0) {
		const char *keep = getenv("NEURON_GIF_HINTING");
		hinting = keep && !strcmp(keep, "1");
	}
	if (!hinting && in_libgd(__builtin_return_address(0)))
		flags |= FT_LOAD_NO_HINTING;
	return real(face, glyph, flags);
}

/* ---- palette colours --------------------------------------------------------- */

/* The start of libgd's gdImage (gd.h), the same since libgd 2.0. */
struct gd_image {
	unsigned char **pixels;
	int sx, sy;
	int colors_total;   /* palette entries in use or freed */
};

/*
 * A colour's answer holds while the image is the same and its palette has
 * as many entries: libgd's resolve appends a colour when it finds none
 * equal, and nothing else gnuplot calls changes the entries, but for the
 * calls below, each of which forgets every answer (`era` moves on).
 */
#define SLOTS 4096
static struct answer {
	const struct gd_image *im;
	unsigned era;
	int total;
	uint32_t rgba;
	int color;
} answers[SLOTS];
static unsigned era = 1;

int gdImageColorResolveAlpha(struct gd_image *im, int r, int g, int b, int a);

int gdImageColorResolveAlpha(struct gd_image *im, int r, int g, int b, int a)
{
	static int (*real)(struct gd_image *, int, int, int, int);

	if (!real && !(*(void **)&real = dlsym(RTLD_NEXT, "gdImageColorResolveAlpha")))
		abort();
	if ((unsigned)r > 255 || (unsigned)g > 255 || (unsigned)b > 255 || (unsigned)a > 127)
		return real(im, r, g, b, a);
	uint32_t rgba = (uint32_t)r << 24 | (uint32_t)g << 16 | (uint32_t)b << 8 | (uint32_t)a;
	struct answer *s = &answers[(rgba * UINT32_C(2654435761)) >> 20];
	if (s->im == im && s->era == era && s->total == im->colors_total && s->rgba == rgba)
		return s->color;
	int color = real(im, r, g, b, a);
	*s = (struct answer){ im, era, im->colors_total, rgba, color };
	return color;
}

/* Each of these may change a palette without changing its size, or end
 * the image (whose address a later one may get). libgd's own calls to
 * them come here too (through its procedure linkage table). */
#define REAL(name, type, params)                                         \
	static type (*real) params;                                      \
	if (!real && !(*(void **)&real = dlsym(RTLD_NEXT, #name)))       \
		abort();                                                 \
	era++
#define FORGETTING(name, params, args)                                   \
	void name params;                                                \
	void name params { REAL(name, void, params); real args; }
#define FORGETTING_INT(name, params, args)                               \
	int name params;                                                 \
	int name params { REAL(name, int, params); return real args; }

FORGETTING(gdImageDestroy, (struct gd_image *im), (im))
FORGETTING(gdImageColorDeallocate, (struct gd_image *im, int color), (im, color))
FORGETTING(gdImageColorTransparent, (struct gd_image *im, int color), (im, color))
FORGETTING(gdImagePaletteCopy, (struct gd_image *to, struct gd_image *from), (to, from))
FORGETTING_INT(gdImagePaletteToTrueColor, (struct gd_image *im), (im))
FORGETTING_INT(gdImageTrueColorToPalette, (struct gd_image *im, int dither, int colors),
               (im, dither, colors))
