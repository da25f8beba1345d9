/*
 * archdoc: keeping generated tables and diagrams inside Markdown documents.
 *
 * A document marks where archdoc's output goes with comments:
 *
 *   <!-- archdoc:table model=PATH [columns=LIST] -->
 *   ... replaced by the model's Markdown table ...
 *   <!-- /archdoc:table -->
 *
 *   <!-- archdoc:diagram model=PATH src=PATH.svg -->
 *   ... replaced by an image reference with alt text ...
 *   <!-- /archdoc:diagram -->
 *
 * Markers are found with cmark's parser, so markers shown inside code
 * blocks are left alone. Everything outside the markers is kept byte for
 * byte; running twice changes nothing the second time. Paths are relative
 * to the document's folder. See docs/inject.md.
 */
#ifndef ARCHDOC_INJECT_H
#define ARCHDOC_INJECT_H

#include "common.h"
#include "context.h"
#include "model.h"

ARCHDOC_BEGIN_DECL

#define ARCHDOC_INJECT_OPTIONS_VERSION 1

/**
 * Called once per diagram marker, after its model loaded, with the
 * marker's src resolved against the document's folder: the caller renders
 * (or checks) the SVG there. Return 0, or a negative ARCHDOC_E* code to
 * fail the injection.
 */
typedef int (*archdoc_inject_diagram_fn)(const archdoc_model *model, const char *svg_path, void *payload);

typedef struct archdoc_inject_options {
	unsigned version;                  /**< ARCHDOC_INJECT_OPTIONS_VERSION */
	archdoc_inject_diagram_fn diagram; /**< may be NULL */
	void *payload;
} archdoc_inject_options;

#define ARCHDOC_INJECT_OPTIONS_INIT { ARCHDOC_INJECT_OPTIONS_VERSION, NULL, NULL }

/**
 * Produce the document with every marked region regenerated.
 *
 * doc_name is used in diagnostics; base_dir is the folder marker paths are
 * relative to ("." when NULL). On success *out is owned (archdoc_free) and
 * holds *out_len bytes. Marker problems (unknown or unbalanced markers, a
 * missing attribute) are errors with rule id "inject-marker" at their
 * line; a model that does not load reports its own diagnostics.
 * Returns 0, ARCHDOC_EINVALID, ARCHDOC_ELIMIT (document over the context's
 * size limit), ARCHDOC_ENOMEM, or what a render or the callback returned.
 */
ARCHDOC_API int archdoc_inject_markdown(char **out, size_t *out_len, archdoc_context *ctx,
		const char *doc_name, const char *base_dir, const char *text, size_t len,
		const archdoc_inject_options *opts);

ARCHDOC_END_DECL

#endif
