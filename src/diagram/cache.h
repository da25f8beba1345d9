/*
 * The diagram's layout cache, kept in the context (one of its extensions).
 * One layout search per model per process: the chosen layout (placed and
 * routed, before the legend) is kept in the context, keyed by what decides
 * it: the model's source bytes (models never change once loaded), the
 * --layout text and the label detail. Everything else (format, legend,
 * links, dpi, background) is applied to a copy afterwards, so render -f
 * svg,png,html and the page's embedded SVG draw the very same layout
 * without searching again. A few models are kept; the least recently used
 * goes first.
 */
#ifndef ARCHDOC_DIAGRAM_CACHE_H
#define ARCHDOC_DIAGRAM_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "archdoc/context.h"
#include "archdoc/model.h"
#include "scene.h"

typedef struct cache_entry {
	char *source;                    /* copy of the model's bytes */
	size_t source_len;
	uint64_t hash;
	char *layout;                    /* the layout text searched from, "" when none */
	char *chosen;                    /* the text that draws it without a search */
	int label;
	archdoc_diagram__scene *scene;   /* NULL: empty slot */
	uint64_t used;
} cache_entry;

/* The cached layout of m (whose source bytes hash to hash) for the
 * layout text and the label detail, or NULL. */
cache_entry *archdoc_diagram__cache_find(archdoc_context *ctx, const archdoc_model *m, const char *layout,
		int label, uint64_t hash);
/* Keep the chosen layout s and its text (the cache takes both over): 0, or
 * -1 when it could not (out of memory; both are still the caller's). */
int archdoc_diagram__cache_put(archdoc_context *ctx, const archdoc_model *m, const char *layout, int label,
		uint64_t hash, archdoc_diagram__scene *s, char *chosen);

#endif
