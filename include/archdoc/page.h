/*
 * archdoc: the standalone page.
 *
 * One self-contained HTML file per model: the architecture's title and
 * description, the diagram inline as SVG, and the connections table, linked
 * both ways without JavaScript (a number in the diagram goes to its table
 * row, a row's number to its connection in the diagram; CSS :target
 * highlights the one chosen). No external assets: it works offline, prints
 * well and follows the reader's dark mode. See docs/render.md.
 */
#ifndef ARCHDOC_PAGE_H
#define ARCHDOC_PAGE_H

#include "common.h"
#include "context.h"
#include "model.h"
#include "render.h"

ARCHDOC_BEGIN_DECL

#define ARCHDOC_PAGE_OPTIONS_VERSION 1

/**
 * Options for archdoc_page_render; zero means default. Initialise with
 * ARCHDOC_PAGE_OPTIONS_INIT.
 */
typedef struct archdoc_page_options {
	unsigned version;                /**< ARCHDOC_PAGE_OPTIONS_VERSION */
	archdoc_diagram_label label;     /**< what the diagram's badges show */
	uint32_t diagram_flags;          /**< ARCHDOC_DIAGRAM_LEGEND, ... */
	const char *layout;              /**< the diagram's layout strategy, NULL for the default */
	const archdoc_column *columns;   /**< table columns, NULL for the model's */
	size_t column_count;
} archdoc_page_options;

#define ARCHDOC_PAGE_OPTIONS_INIT { ARCHDOC_PAGE_OPTIONS_VERSION, ARCHDOC_DIAGRAM_LABEL_NUMBER, 0, NULL, NULL, 0 }

/**
 * Render the standalone page. *out is owned (free with archdoc_free), UTF-8,
 * NUL-terminated. Returns 0 or the first failing part's code (see
 * archdoc_diagram_render and archdoc_table_render); problems go to the
 * context's sink.
 */
ARCHDOC_API int archdoc_page_render(char **out, size_t *out_len, archdoc_context *ctx,
		const archdoc_model *model, const archdoc_page_options *opts);

ARCHDOC_END_DECL

#endif
