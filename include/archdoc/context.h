/*
 * archdoc: the context.
 *
 * A context carries what lives longer than one model: the diagnostic sink,
 * the limits applied to untrusted input, the compiled model schema and (once
 * a diagram is rendered) the Graphviz context. Create one per program; it is
 * not thread-safe (Graphviz is process-global).
 */
#ifndef ARCHDOC_CONTEXT_H
#define ARCHDOC_CONTEXT_H

#include "common.h"
#include "diag.h"

ARCHDOC_BEGIN_DECL

typedef struct archdoc_context archdoc_context;

/** Default limits; see docs/security.md. */
#define ARCHDOC_DEFAULT_MAX_FILE_SIZE ((size_t)64 * 1024 * 1024)
#define ARCHDOC_DEFAULT_MAX_DEPTH 64u
#define ARCHDOC_DEFAULT_MAX_ELEMENTS 2000000u

#define ARCHDOC_CONTEXT_OPTIONS_VERSION 1

/**
 * Options for archdoc_context_new. Zero in any field means its default.
 * Initialise with ARCHDOC_CONTEXT_OPTIONS_INIT.
 */
typedef struct archdoc_context_options {
	unsigned version;        /**< ARCHDOC_CONTEXT_OPTIONS_VERSION */
	size_t max_file_size;    /**< bytes of one input file */
	unsigned max_depth;      /**< element nesting depth of a model */
	size_t max_elements;     /**< elements in one model */
	archdoc_diag_fn sink;    /**< where diagnostics go; NULL drops them */
	void *sink_payload;
} archdoc_context_options;

#define ARCHDOC_CONTEXT_OPTIONS_INIT { ARCHDOC_CONTEXT_OPTIONS_VERSION, 0, 0, 0, NULL, NULL }

/**
 * Create a context. *out is owned by the caller: free it with
 * archdoc_context_free after every model made with it is freed.
 * opts may be NULL for defaults.
 * Returns 0, ARCHDOC_ENOMEM, or ARCHDOC_EUSAGE (unknown options version).
 */
ARCHDOC_API int archdoc_context_new(archdoc_context **out, const archdoc_context_options *opts);

/** Free a context. NULL is allowed. */
ARCHDOC_API void archdoc_context_free(archdoc_context *ctx);

/** Replace the diagnostic sink. */
ARCHDOC_API void archdoc_context_set_sink(archdoc_context *ctx, archdoc_diag_fn sink, void *payload);

/**
 * From this call on, hand at most max diagnostics to the sink, whatever
 * the number of models loaded (0, the default: no limit). Past the limit,
 * diagnostics are counted instead of formatted and kept, so a model with
 * millions of problems costs no more memory than one with max; the sink
 * learns the counts from records whose suppressed field is set (see
 * archdoc_diag). Those shown of a model are its first in file order.
 */
ARCHDOC_API void archdoc_context_set_max_diagnostics(archdoc_context *ctx, size_t max);

/**
 * Let a diagram's layout search try its candidate layouts in up to jobs
 * processes (1, the default: all in the calling process; 0 means 1).
 * Graphviz is not thread-safe, so the extra processes are forks of the
 * caller, made and waited for inside the render call; a caller that must
 * not fork keeps the default. The drawing is the same for every jobs.
 */
ARCHDOC_API void archdoc_context_set_jobs(archdoc_context *ctx, unsigned jobs);

ARCHDOC_END_DECL

#endif
