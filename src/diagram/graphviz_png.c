/*
 * PNG through archdoc's own Graphviz device ("archdocpng:cairo"): cairo
 * (the pango plugin) draws the picture on a bitmap exactly as for
 * Graphviz's png:cairo, and archdoc writes the PNG with libpng.
 *
 * Why: cairo's writer takes libpng's defaults (zlib level 6, and every
 * row filtered five ways to pick the best), and on drawings of a few
 * megapixels that is most of a render's time (docs/performance.md). One
 * filter (Sub, which suits flat colours and anti-aliased lines) at a lower
 * level writes the same pixels in a fraction of the time, for files a
 * little larger. A drawing with a background colour (every pixel opaque)
 * is written as RGB, not RGBA: a quarter less to compress.
 *
 * Graphviz is single-threaded and archdoc has one Graphviz context per
 * process, so the device hands its output over in one static buffer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "graphviz.h"   /* gvc.h first: the plugin headers need its types */

#include <graphviz/gvcjob.h>
#include <graphviz/gvplugin.h>
#include <graphviz/gvplugin_device.h>

#define PNG_LEVEL 3     /* zlib: measured in docs/performance.md */

static struct {
	char *data;
	size_t len, cap;
	int failed;
} written;

static void put(png_structp png, png_bytep data, png_size_t n)
{
	if (written.len + n > written.cap) {
		size_t cap = written.cap ? written.cap : 65536;
		char *p;

		while (cap < written.len + n)
			cap *= 2;
		p = realloc(written.data, cap);
		if (!p) {
			written.failed = 1;
			png_error(png, "out of memory");
		}
		written.data = p;
		written.cap = cap;
	}
	memcpy(written.data + written.len, data, n);
	written.len += n;
}

static void flush_none(png_structp png)
{
	(void)png;
}

static void quiet(png_structp png, png_const_charp message)
{
	(void)png;
	(void)message;
}

/* cairo's ARGB32: native-endian 32-bit pixels, colour premultiplied by
 * alpha; a row of PNG bytes, straight alpha, as cairo's own writer makes
 * them. */
static void row_bytes(const unsigned char *src, unsigned w, int opaque, unsigned char *out)
{
	for (unsigned x = 0; x < w; x++) {
		uint32_t p;
		unsigned a, r, g, b;

		memcpy(&p, src + 4 * (size_t)x, 4);
		a = p >> 24;
		r = (p >> 16) & 0xff;
		g = (p >> 8) & 0xff;
		b = p & 0xff;
		if (opaque) {
			*out++ = (unsigned char)r;
			*out++ = (unsigned char)g;
			*out++ = (unsigned char)b;
			continue;
		}
		if (a == 0) {
			r = g = b = 0;
		} else if (a < 255) {
			r = (r * 255 + a / 2) / a;
			g = (g * 255 + a / 2) / a;
			b = (b * 255 + a / 2) / a;
		}
		*out++ = (unsigned char)r;
		*out++ = (unsigned char)g;
		*out++ = (unsigned char)b;
		*out++ = (unsigned char)a;
	}
}

static int all_opaque(const unsigned char *px, size_t pixels)
{
	for (size_t i = 0; i < pixels; i++) {
		uint32_t p;

		memcpy(&p, px + 4 * i, 4);
		if ((p >> 24) != 0xff)
			return 0;
	}
	return 1;
}

/* The PNG of the page; libpng's errors longjmp back to encode. */
static void write_png(png_structp png, png_infop info, const unsigned char *px, unsigned w, unsigned h,
		unsigned char *row)
{
	int opaque = all_opaque(px, (size_t)w * h);

	png_set_write_fn(png, NULL, put, flush_none);
	png_set_compression_level(png, PNG_LEVEL);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
	png_set_IHDR(png, info, w, h, 8, opaque ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE,
			PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
	png_write_info(png, info);
	for (unsigned y = 0; y < h; y++) {
		row_bytes(px + (size_t)y * w * 4, w, opaque, row);
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
}

static void encode(const unsigned char *px, unsigned w, unsigned h)
{
	png_structp png;
	png_infop info;
	unsigned char *volatile row = NULL;

	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, quiet);
	info = png ? png_create_info_struct(png) : NULL;
	if (!png || !info) {
		png_destroy_write_struct(png ? &png : NULL, NULL);
		written.failed = 1;
		return;
	}
	if (setjmp(png_jmpbuf(png))) {
		written.failed = 1;
		free(row);
		png_destroy_write_struct(&png, &info);
		return;
	}
	row = malloc((size_t)w * 4);
	if (!row)
		png_error(png, "out of memory");
	write_png(png, info, px, w, h, row);
	free(row);
	png_destroy_write_struct(&png, &info);
}

/* The device's one step: the page cairo drew is in job->imagedata. */
static void format(GVJ_t *job)
{
	written.len = 0;
	written.failed = 0;
	if (!job->imagedata || !job->width || !job->height) {
		written.failed = 1;
		return;
	}
	encode((const unsigned char *)job->imagedata, job->width, job->height);
}

static gvdevice_engine_t engine = { NULL, format, NULL };

/* as Graphviz's png:cairo: the same margins and 96 dpi */
static gvdevice_features_t features = {
	GVDEVICE_BINARY_FORMAT | GVDEVICE_DOES_TRUECOLOR, { 0., 0. }, { 0., 0. }, { 96., 96. }
};

/* writable arrays: Graphviz 2.42 declares these names char * */
static char device_name[] = "archdocpng:cairo", library_name[] = "archdoc_png";

static gvplugin_installed_t devices[] = {
	{ 0, device_name, 10, &engine, &features },
	{ 0, NULL, 0, NULL, NULL }
};

static gvplugin_api_t apis[] = {
	{ API_device, devices },
	{ (api_t)0, NULL }
};

gvplugin_library_t archdoc_gv__png_library = { library_name, apis };

int archdoc_gv__png_take(char **out, size_t *len)
{
	if (written.failed || !written.len) {
		written.len = 0;
		return -1;
	}
	*out = malloc(written.len + 1);
	if (!*out)
		return -1;
	memcpy(*out, written.data, written.len);
	(*out)[written.len] = '\0';
	*len = written.len;
	written.len = 0;
	/* a big drawing's buffer is not kept for the process's life */
	if (written.cap > ((size_t)1 << 22)) {
		free(written.data);
		written.data = NULL;
		written.cap = 0;
	}
	return 0;
}
