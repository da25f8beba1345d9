/*
 * The diagram backend: one interface, one implementation per layout engine.
 * Graphviz (graphviz.c) is the only one today and the only file that
 * includes Graphviz's headers; everything else sees scenes.
 */
#ifndef ARCHDOC_DIAGRAM_ENGINE_H
#define ARCHDOC_DIAGRAM_ENGINE_H

#include <stddef.h>

#include "archdoc/context.h"
#include "scene.h"

struct archdoc_diagram__format;

typedef struct archdoc_diagram__engine {
	const char *name;
	/*
	 * Place the scene's nodes and clusters and route its edges, writing the
	 * geometry back (s->placed set). Returns 0, ARCHDOC_ERENDER (with a
	 * diagnostic) or ARCHDOC_ENOMEM.
	 */
	int (*layout)(archdoc_context *ctx, archdoc_diagram__scene *s);
	/*
	 * Draw a placed scene exactly as placed, in format (format.h). *out is
	 * malloc'd (free with free) and NUL-terminated after *len bytes.
	 * Returns 0, ARCHDOC_ERENDER or ARCHDOC_ENOMEM.
	 */
	int (*render)(archdoc_context *ctx, const archdoc_diagram__scene *s,
			const struct archdoc_diagram__format *format, char **out, size_t *len);
} archdoc_diagram__engine;

extern const archdoc_diagram__engine archdoc_diagram__graphviz;

#endif
