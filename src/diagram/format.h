/*
 * Diagram output formats: one file each (format_svg.c, format_png.c,
 * format_pdf.c, format_dot.c), each a const descriptor, and one registry
 * (formats.c) that the API, the Graphviz adapter and the command line all
 * read. Adding a format is a new file and a line in the registry (and, for
 * the public API, a value of archdoc_diagram_format).
 */
#ifndef ARCHDOC_DIAGRAM_FORMAT_H
#define ARCHDOC_DIAGRAM_FORMAT_H

#include <stddef.h>

#include "archdoc/context.h"
#include "archdoc/model.h"
#include "archdoc/render.h"
#include "scene.h"

typedef struct archdoc_diagram__format {
	archdoc_diagram_format id;   /* its place in the registry */
	const char *name;            /* --format's word, and the file extension */
	const char *title;           /* in messages: "PNG" */
	const char *media_type;
	const char *device;          /* Graphviz's output device */
	unsigned default_dpi;        /* when the options give none */
	int binary;                  /* holds NUL bytes: only the length tells its end */
	int bitmap;                  /* drawn in pixels at dpi: held to the pixel budget */
	/*
	 * What Graphviz drew becomes the output: raw (malloc'd, raw_len bytes,
	 * taken over) to *out. NULL: the drawing is the output as it is.
	 * Returns 0 or an ARCHDOC_E* code (with a diagnostic).
	 */
	int (*finish)(archdoc_context *ctx, const archdoc_model *m, const archdoc_diagram__scene *s,
			const archdoc_diagram_options *o, char *raw, size_t raw_len, char **out, size_t *out_len);
} archdoc_diagram__format;

extern const archdoc_diagram__format archdoc_diagram__svg;
extern const archdoc_diagram__format archdoc_diagram__png;
extern const archdoc_diagram__format archdoc_diagram__pdf;
extern const archdoc_diagram__format archdoc_diagram__dot;

/* "PREFIX svg, png, pdf, dot SUFFIX" into buf. */
void archdoc_diagram__format_list(char *buf, size_t size, const char *prefix, const char *suffix);

/* The format of id, or NULL when there is none. */
const archdoc_diagram__format *archdoc_diagram__format_of(archdoc_diagram_format id);

#endif
