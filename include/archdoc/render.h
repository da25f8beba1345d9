/*
 * archdoc: the numbered-edge diagram.
 *
 * archdoc_diagram_render draws one model: components with a shape per kind,
 * boundaries as nested boxes, and every connection as an arrow from the side
 * that opens it to the side that accepts it, carrying its number in a badge
 * on the line. Layout and drawing run in-process through Graphviz (no
 * programs are started, no temporary files written). The SVG follows the
 * contract in docs/svg-contract.md; docs/diagram.md describes the picture.
 *
 * Graphviz is process-global: render from one thread at a time.
 */
#ifndef ARCHDOC_RENDER_H
#define ARCHDOC_RENDER_H

#include "common.h"
#include "context.h"
#include "model.h"

ARCHDOC_BEGIN_DECL

/** Output formats. PNG and PDF are binary: always use the returned length. */
typedef enum archdoc_diagram_format {
	ARCHDOC_DIAGRAM_SVG = 0,
	ARCHDOC_DIAGRAM_PNG = 1,
	ARCHDOC_DIAGRAM_PDF = 2,
	ARCHDOC_DIAGRAM_DOT = 3   /**< the laid-out Graphviz graph, positions included */
} archdoc_diagram_format;

/** What the badge on each line shows besides the number. */
typedef enum archdoc_diagram_label {
	ARCHDOC_DIAGRAM_LABEL_NUMBER = 0,               /**< "7" */
	ARCHDOC_DIAGRAM_LABEL_NUMBER_PORT = 1,          /**< "7" and "8888" */
	ARCHDOC_DIAGRAM_LABEL_NUMBER_PROTOCOL_PORT = 2  /**< "7" and "TCP 8888" */
} archdoc_diagram_label;

/** Draw a legend of the shapes and line styles used. */
#define ARCHDOC_DIAGRAM_LEGEND (1u << 0)
/** PNG/PDF/SVG without a background (default: white, dark under dark mode). */
#define ARCHDOC_DIAGRAM_TRANSPARENT (1u << 1)
/** SVG without the <?xml ...?> declaration, for inlining into HTML. */
#define ARCHDOC_DIAGRAM_NO_XML_DECLARATION (1u << 2)
/** No caption with the model's title above the drawing. */
#define ARCHDOC_DIAGRAM_NO_TITLE (1u << 3)
/**
 * The dark theme: PNG and PDF are drawn in it; an SVG starts dark and
 * still follows the reader's prefers-color-scheme.
 */
#define ARCHDOC_DIAGRAM_DARK (1u << 4)
/**
 * PNG: a picture over the pixel budget is drawn at the highest resolution
 * that fits it (not under 18 dpi), with a warning (rule "limit"), instead
 * of failing. render -o DIR sets it for automatic views.
 */
#define ARCHDOC_DIAGRAM_FIT_BUDGET (1u << 5)
/**
 * A shorter layout search: at most QUICK_TRIES candidates, and the first
 * that is clean (no tangle, no line through a box or a title, no badge
 * that reads as another line's) is taken at once. render -o DIR sets it
 * for automatic views, which are many and small.
 */
#define ARCHDOC_DIAGRAM_QUICK_SEARCH (1u << 6)

#define ARCHDOC_DIAGRAM_OPTIONS_VERSION 1

/**
 * Options for archdoc_diagram_render. Zero in any field means its default;
 * initialise with ARCHDOC_DIAGRAM_OPTIONS_INIT or archdoc_diagram_options_init.
 */
typedef struct archdoc_diagram_options {
	unsigned version;               /**< ARCHDOC_DIAGRAM_OPTIONS_VERSION */
	archdoc_diagram_format format;  /**< default SVG */
	archdoc_diagram_label label;    /**< default: the number only */
	uint32_t flags;                 /**< ARCHDOC_DIAGRAM_* bits */
	/**
	 * NULL: no links. Otherwise each connection links to
	 * LINK_BASE#MODEL-row-N (the connections table's row anchors); "" links
	 * within the same page. Relative URLs and http(s) only; checked by
	 * archdoc_diagram_check_link_base.
	 */
	const char *link_base;
	unsigned dpi;                   /**< PNG resolution; 0 means 96 */
	/**
	 * Layout strategy, NULL for the default: "badges" (numbered badge nodes,
	 * archdoc's own routing), "labels" (plain Graphviz edge labels, the
	 * baseline the docs measure against). A strategy may be followed by
	 * ",key=value" tuning pairs; see docs/diagram.md.
	 */
	const char *layout;
} archdoc_diagram_options;

#define ARCHDOC_DIAGRAM_OPTIONS_INIT \
	{ ARCHDOC_DIAGRAM_OPTIONS_VERSION, ARCHDOC_DIAGRAM_SVG, ARCHDOC_DIAGRAM_LABEL_NUMBER, 0, NULL, 0, NULL }

/** Fill opts with the defaults. */
ARCHDOC_API void archdoc_diagram_options_init(archdoc_diagram_options *opts);

/**
 * Render the model's diagram. *out is owned by the caller (free with
 * archdoc_free) and holds *out_len bytes; text formats are also
 * NUL-terminated, binary ones (PNG, PDF) may contain NUL bytes.
 *
 * Problems are reported to the context's sink (Graphviz's own messages
 * under the rule id "graphviz"). Returns 0; ARCHDOC_EUSAGE for an
 * unacceptable option (unknown format or layout, bad link base, dpi out of
 * range); ARCHDOC_ERENDER when Graphviz cannot lay out or draw the graph;
 * ARCHDOC_ELIMIT when the picture would be too large; ARCHDOC_ENOMEM.
 * On failure *out is NULL and nothing partial is returned.
 */
ARCHDOC_API int archdoc_diagram_render(char **out, size_t *out_len, archdoc_context *ctx,
		const archdoc_model *model, const archdoc_diagram_options *opts);

/**
 * The layout the search chooses for the model's diagram, as a layout text
 * that draws exactly that layout with no search (for --layout, or to pin in
 * the model with <diagram layout="...">, which makes every later render
 * skip the search and keeps the drawing stable while the model changes).
 * opts->layout, when set, is where the search starts from (its fixed
 * settings are kept); the model's own pin is not consulted. Only the label
 * detail and layout of opts matter. *out is owned by the caller (free with
 * archdoc_free). Returns 0 or an error as archdoc_diagram_render does.
 */
ARCHDOC_API int archdoc_diagram_layout(char **out, archdoc_context *ctx, const archdoc_model *model,
		const archdoc_diagram_options *opts);

/**
 * Check a layout text ("badges,rankdir=LR", ...). Returns NULL when it is
 * acceptable, else a static message saying why not.
 */
ARCHDOC_API const char *archdoc_diagram_check_layout(const char *layout);

/**
 * Check a link base. Returns NULL when it is acceptable, else a static
 * message saying why not (javascript:, data: and other schemes, spaces,
 * control characters, '#').
 */
ARCHDOC_API const char *archdoc_diagram_check_link_base(const char *link_base);

/** Parse "svg", "png", "pdf", "dot"; -1 when unknown. */
ARCHDOC_API int archdoc_diagram_format_from_name(const char *name);
/**
 * The name of a format ("svg", "png", "pdf", "dot"; also its file
 * extension), or NULL past the last one: a program can list the formats
 * this library draws by asking from 0 up.
 */
ARCHDOC_API const char *archdoc_diagram_format_name(archdoc_diagram_format format);
/** Parse "number", "number+port", "number+protocol+port"; -1 when unknown. */
ARCHDOC_API int archdoc_diagram_label_from_name(const char *name);

ARCHDOC_END_DECL

#endif
