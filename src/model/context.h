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
	void *schema;         /* compiled RELAX NG schema (xmlRelaxNGPtr), lazily */
	void *graphviz;       /* the process-wide GVC_t (src/diagram/graphviz.c), borrowed */
	/* the diagram's chosen layouts, so that several formats of one model
	 * search once (src/diagram/render.c); freed with the context */
	void *diagram_cache;
	void (*diagram_cache_free)(void *cache);
	uint64_t phase_ns[ARCHDOC_PHASE__COUNT];
};

#endif
