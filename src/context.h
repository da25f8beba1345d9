#ifndef ARCHDOC_CONTEXT_PRIV_H
#define ARCHDOC_CONTEXT_PRIV_H

#include "archdoc/context.h"

struct archdoc_context {
	archdoc_diag_fn sink;
	void *sink_payload;
	size_t max_file_size;
	unsigned max_depth;
	size_t max_elements;
	void *schema;         /* compiled RELAX NG schema (xmlRelaxNGPtr), lazily */
	void *graphviz;       /* the process-wide GVC_t (src/diagram/graphviz.c), borrowed */
};

#endif
