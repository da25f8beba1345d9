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
	void *graphviz;       /* GVC_t *, created by the diagram backend on first use */
	void (*graphviz_free)(void *gvc);
};

#endif
