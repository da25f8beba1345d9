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
 * blocks are left alone; markers inside an HTML block (<details>...) are
 * read too. Everything outside the markers is kept byte for byte; running
 * twice changes nothing the second time. Paths are relative to the
 * document's folder and must stay inside the document's repository (the
 * nearest folder above the document holding .git, else the document's
 * folder): a src= is never a symbolic link, never goes through one, and is
 * a regular file or does not exist yet. See docs/inject.md.
 */
#ifndef ARCHDOC_INJECT_H
#define ARCHDOC_INJECT_H

#include "common.h"
#include "context.h"
#include "model.h"

ARCHDOC_BEGIN_DECL

#define ARCHDOC_INJECT_OPTIONS_VERSION 2

/**
 * Called once per diagram marker, after its model loaded, with the
 * marker's src checked (inside the repository, no symbolic link on the
 * way, a regular file or nothing yet) and resolved against the document's
 * folder: the caller renders (or checks) the SVG there. Return 0, or a
 * negative ARCHDOC_E* code to fail the injection. A caller that writes
 * should stage the file and replace it only when every document of the
 * run succeeded (archdoc inject does).
 */
typedef int (*archdoc_inject_diagram_fn)(const archdoc_model *model, const char *svg_path, void *payload);

/**
 * What the documents of one run share: which SVG each diagram marker
 * claimed for which model, so that two markers (in one document or in
 * two) cannot write different models to the same SVG. Opaque.
 */
typedef struct archdoc_inject_run archdoc_inject_run;

typedef struct archdoc_inject_options {
	unsigned version;                  /**< ARCHDOC_INJECT_OPTIONS_VERSION (1 is still accepted) */
	archdoc_inject_diagram_fn diagram; /**< may be NULL */
	void *payload;
	archdoc_inject_run *run;           /**< since version 2; NULL: claims are checked within the document */
} archdoc_inject_options;

#define ARCHDOC_INJECT_OPTIONS_INIT { ARCHDOC_INJECT_OPTIONS_VERSION, NULL, NULL, NULL }

/**
 * Create the shared state for the documents of one run. *out is owned:
 * free it with archdoc_inject_run_free. Returns 0 or ARCHDOC_ENOMEM.
 */
ARCHDOC_API int archdoc_inject_run_new(archdoc_inject_run **out);

/** Free a run. NULL is allowed. */
ARCHDOC_API void archdoc_inject_run_free(archdoc_inject_run *run);

/**
 * Produce the document with every marked region regenerated.
 *
 * doc_name is used in diagnostics; base_dir is the folder marker paths are
 * relative to ("." when NULL). On success *out is owned (archdoc_free) and
 * holds *out_len bytes. Marker problems (unknown or unbalanced markers, a
 * missing attribute, a src= or model= outside the repository, a src= that
 * is or goes through a symbolic link or is not a regular file, a src=
 * another marker of the run claims for a different model, a marker whose
 * document would read differently once regenerated) are errors with rule
 * id "inject-marker" at the marker's line:col, reported before any model
 * loads or the callback runs; a model that does not load reports its own
 * diagnostics.
 * Returns 0, ARCHDOC_EINVALID, ARCHDOC_ELIMIT (document over the context's
 * size limit), ARCHDOC_ENOMEM, or what a render or the callback returned.
 */
ARCHDOC_API int archdoc_inject_markdown(char **out, size_t *out_len, archdoc_context *ctx,
		const char *doc_name, const char *base_dir, const char *text, size_t len,
		const archdoc_inject_options *opts);

ARCHDOC_END_DECL

#endif
