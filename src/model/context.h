#ifndef ARCHDOC_CONTEXT_PRIV_H
#define ARCHDOC_CONTEXT_PRIV_H

#include <stdint.h>

#include "archdoc/context.h"

/* Where the time goes (timing.h; read by tests/bench). */
typedef enum archdoc_phase {
	ARCHDOC_PHASE_READ,          /* reading the model file */
	ARCHDOC_PHASE_PARSE,         /* libxml2 parse with positions */
	ARCHDOC_PHASE_SCHEMA,        /* structure check and RELAX NG validation */
	ARCHDOC_PHASE_BUILD,         /* the model from the tree */
	ARCHDOC_PHASE_VALIDATE,      /* the semantic rules */
	ARCHDOC_PHASE_TABLE,         /* table backends */
	ARCHDOC_PHASE_GRAPH,         /* the diagram's scene, its Graphviz graph, reading the layout back */
	ARCHDOC_PHASE_LAYOUT,        /* Graphviz layout (dot, sfdp, ...) */
	ARCHDOC_PHASE_ROUTE,         /* archdoc's own edge routing */
	ARCHDOC_PHASE_SEARCH,        /* measuring candidate layouts (quality.c) */
	ARCHDOC_PHASE_RENDER,        /* Graphviz drawing (nop2 and the output device) */
	ARCHDOC_PHASE_POSTPROCESS,   /* SVG post-processing */
	ARCHDOC_PHASE__COUNT
} archdoc_phase;

struct archdoc_context {
	archdoc_diag_fn sink;
	void *sink_payload;
	size_t max_diagnostics;   /* 0: no limit (diag.c) */
	size_t diagnostics_given; /* handed to the sink so far, suppressed records aside */
	size_t max_file_size;
	unsigned max_depth;
	size_t max_elements;
	unsigned jobs;            /* processes a layout search may use (1: no fork) */
	void *schema;         /* compiled RELAX NG schema (xmlRelaxNGPtr), lazily */
	/* state the layers above keep per context (the diagram's layout
	 * cache), each freed with the context */
	struct archdoc_context_extension *extensions;
	uint64_t phase_ns[ARCHDOC_PHASE__COUNT];
};

/*
 * Extensions: a layer above the model keeps state in a context without
 * the context knowing its type. key is the address of an object of that
 * layer (unique in the process); free_fn (may be NULL) releases value
 * when the context is freed or the extension replaced or cleared.
 */
typedef void (*archdoc_context_free_fn)(void *value);

/* The value stored under key, or NULL. */
void *archdoc_context__extension(const archdoc_context *ctx, const void *key);
/* Store value under key (an older value is freed first). 0, or -1 on out
 * of memory (value is then still the caller's). */
int archdoc_context__set_extension(archdoc_context *ctx, const void *key, void *value,
		archdoc_context_free_fn free_fn);
/* Free every extension (the benchmark starts each run afresh). */
void archdoc_context__clear_extensions(archdoc_context *ctx);

#endif
