/*
 * archdoc: the architecture model.
 *
 * A model is loaded from one XML file (format 1, namespace
 * urn:archdoc:model:1; docs/model-format.md), validated against the shipped
 * RELAX NG schema and archdoc's semantic rules, and then read through the
 * accessors below. Every pointer an accessor returns is borrowed: it lives as
 * long as the model. A model is immutable once loaded.
 */
#ifndef ARCHDOC_MODEL_H
#define ARCHDOC_MODEL_H

#include "common.h"
#include "context.h"
#include "diag.h"

ARCHDOC_BEGIN_DECL

typedef struct archdoc_model archdoc_model;
typedef struct archdoc_boundary archdoc_boundary;
typedef struct archdoc_component archdoc_component;
typedef struct archdoc_connection archdoc_connection;
typedef struct archdoc_view archdoc_view;

/**
 * Load and validate a model file. path "-" reads standard input.
 *
 * Every problem is reported to the context's sink. On success *out is an
 * owned model (free with archdoc_model_free); warnings do not fail a load.
 * Returns 0; ARCHDOC_EINVALID when any error was reported (*out is NULL);
 * ARCHDOC_EIO when the file cannot be read; ARCHDOC_ELIMIT when it exceeds
 * a limit; ARCHDOC_ENOMEM.
 */
ARCHDOC_API int archdoc_model_load_file(archdoc_model **out, archdoc_context *ctx, const char *path);

/**
 * Load and validate a model from memory. name is used in diagnostics (it
 * may be NULL: "<memory>"). The bytes are copied. Same returns as
 * archdoc_model_load_file.
 */
ARCHDOC_API int archdoc_model_load_buffer(archdoc_model **out, archdoc_context *ctx,
		const char *name, const char *data, size_t len);

/** Free a model and everything borrowed from it. NULL is allowed. */
ARCHDOC_API void archdoc_model_free(archdoc_model *model);

/**
 * Write the model as a format-1 XML document (UTF-8, with a trailing
 * newline). Loading the result gives an equal model. *out is owned: free it
 * with archdoc_free. Returns 0 or ARCHDOC_ENOMEM.
 */
ARCHDOC_API int archdoc_model_write_xml(char **out, size_t *out_len, const archdoc_model *model);

/* --- the architecture --- */

ARCHDOC_API const char *archdoc_model_id(const archdoc_model *model);
ARCHDOC_API const char *archdoc_model_title(const archdoc_model *model);
/** The description's Markdown, or NULL. */
ARCHDOC_API const char *archdoc_model_description(const archdoc_model *model);
/** The name the model was loaded under (path, "-" or the buffer name). */
ARCHDOC_API const char *archdoc_model_source(const archdoc_model *model);
/** The boundary named by classify-by, or NULL. */
ARCHDOC_API const archdoc_boundary *archdoc_model_classify_by(const archdoc_model *model);
/**
 * Non-zero when connections carry a classification: the model has
 * classify-by, or at least one connection states one.
 */
ARCHDOC_API int archdoc_model_has_classification(const archdoc_model *model);

/* Boundaries and components in document order (a parent before its children). */
ARCHDOC_API size_t archdoc_model_boundary_count(const archdoc_model *model);
ARCHDOC_API const archdoc_boundary *archdoc_model_boundary(const archdoc_model *model, size_t i);
ARCHDOC_API size_t archdoc_model_component_count(const archdoc_model *model);
ARCHDOC_API const archdoc_component *archdoc_model_component(const archdoc_model *model, size_t i);
/* Connections in ascending number order. */
ARCHDOC_API size_t archdoc_model_connection_count(const archdoc_model *model);
ARCHDOC_API const archdoc_connection *archdoc_model_connection(const archdoc_model *model, size_t i);

/** Look up by id (constant time). NULL when absent. */
ARCHDOC_API const archdoc_component *archdoc_model_find_component(const archdoc_model *model, const char *id);
ARCHDOC_API const archdoc_boundary *archdoc_model_find_boundary(const archdoc_model *model, const char *id);
/** Look up a connection by its number. NULL when absent. */
ARCHDOC_API const archdoc_connection *archdoc_model_find_connection(const archdoc_model *model, unsigned n);

/* --- boundaries --- */

ARCHDOC_API const char *archdoc_boundary_id(const archdoc_boundary *b);
ARCHDOC_API const char *archdoc_boundary_title(const archdoc_boundary *b);
/** The boundary's kind (e.g. "cluster"), or NULL when not given. */
ARCHDOC_API const char *archdoc_boundary_kind(const archdoc_boundary *b);
/** The enclosing boundary, or NULL at top level. */
ARCHDOC_API const archdoc_boundary *archdoc_boundary_parent(const archdoc_boundary *b);
/** 0 for a top-level boundary, 1 inside one, and so on. */
ARCHDOC_API unsigned archdoc_boundary_depth(const archdoc_boundary *b);
/** Non-zero when inner is outer or lies inside it. */
ARCHDOC_API int archdoc_boundary_contains(const archdoc_boundary *outer, const archdoc_boundary *inner);
ARCHDOC_API archdoc_location archdoc_boundary_location(const archdoc_boundary *b);

/* --- components --- */

ARCHDOC_API const char *archdoc_component_id(const archdoc_component *c);
ARCHDOC_API const char *archdoc_component_title(const archdoc_component *c);
ARCHDOC_API const char *archdoc_component_kind(const archdoc_component *c);
/** Non-zero for placeholder="true": a component import made for an end
 *  the table does not name (check warns, rule placeholder). */
ARCHDOC_API int archdoc_component_placeholder(const archdoc_component *c);
/** The innermost enclosing boundary, or NULL when outside every boundary. */
ARCHDOC_API const archdoc_boundary *archdoc_component_boundary(const archdoc_component *c);
/** Non-zero when the component lies inside b (at any depth). */
ARCHDOC_API int archdoc_component_in(const archdoc_component *c, const archdoc_boundary *b);
/** Position in document order (index for archdoc_model_component). */
ARCHDOC_API size_t archdoc_component_index(const archdoc_component *c);
ARCHDOC_API archdoc_location archdoc_component_location(const archdoc_component *c);

/* --- connections --- */

ARCHDOC_API unsigned archdoc_connection_number(const archdoc_connection *c);
/** The first (usually the only) component on each side. */
ARCHDOC_API const archdoc_component *archdoc_connection_from(const archdoc_connection *c);
ARCHDOC_API const archdoc_component *archdoc_connection_to(const archdoc_connection *c);
/**
 * A connection may have several sources or destinations (from="me rm"):
 * one number, one row, one badge, a line to each end. The count of each
 * side (1 usually) and its i-th component, in the order written (0 is
 * archdoc_connection_from / _to).
 */
ARCHDOC_API size_t archdoc_connection_from_count(const archdoc_connection *c);
ARCHDOC_API const archdoc_component *archdoc_connection_from_at(const archdoc_connection *c, size_t i);
ARCHDOC_API size_t archdoc_connection_to_count(const archdoc_connection *c);
ARCHDOC_API const archdoc_component *archdoc_connection_to_at(const archdoc_connection *c, size_t i);
/** Protocol as written, or "" when not given. */
ARCHDOC_API const char *archdoc_connection_protocol(const archdoc_connection *c);
/** Port text, normalised to "a, b-c" form, or "" when not given. */
ARCHDOC_API const char *archdoc_connection_port(const archdoc_connection *c);
/** Number of port ranges (a single port is a range lo == hi). */
ARCHDOC_API size_t archdoc_connection_port_range_count(const archdoc_connection *c);
ARCHDOC_API void archdoc_connection_port_range(const archdoc_connection *c, size_t i,
		unsigned *lo, unsigned *hi);
/**
 * The classification shown for the connection: derived from classify-by
 * when the model has it, else the stated one; NULL when there is none.
 */
ARCHDOC_API const char *archdoc_connection_classification(const archdoc_connection *c);
/** The classification written in the file, or NULL. */
ARCHDOC_API const char *archdoc_connection_stated_classification(const archdoc_connection *c);
/** The data sentence (inline Markdown), whitespace-trimmed; "" when empty. */
ARCHDOC_API const char *archdoc_connection_data(const archdoc_connection *c);
/** Non-zero when the file gave the number with n="..." (not auto-numbered). */
ARCHDOC_API int archdoc_connection_number_explicit(const archdoc_connection *c);
ARCHDOC_API archdoc_location archdoc_connection_location(const archdoc_connection *c);

/* --- table columns (the <table> element and the table backends) --- */

typedef enum archdoc_column {
	ARCHDOC_COLUMN_NUMBER,
	ARCHDOC_COLUMN_SOURCE,
	ARCHDOC_COLUMN_DESTINATION,
	ARCHDOC_COLUMN_WHAT,
	ARCHDOC_COLUMN_PROTOCOL,
	ARCHDOC_COLUMN_PORT,
	ARCHDOC_COLUMN_CLASSIFICATION,
	ARCHDOC_COLUMN_DATA,
	ARCHDOC_COLUMN__COUNT
} archdoc_column;

/** Column name as used in files and options ("number", "what", ...). */
ARCHDOC_API const char *archdoc_column_name(archdoc_column col);
/** Parse a column name; returns -1 when unknown. */
ARCHDOC_API int archdoc_column_from_name(const char *name);
/** The published Genesys table's header for a column. */
ARCHDOC_API const char *archdoc_column_default_header(archdoc_column col);

/**
 * The model's own table columns (from <table columns="...">), or the default
 * seven when it has none. *cols is borrowed.
 */
ARCHDOC_API size_t archdoc_model_table_columns(const archdoc_model *model, const archdoc_column **cols);
/** The model's header for a column (from <header>), or the default header. */
ARCHDOC_API const char *archdoc_model_table_header(const archdoc_model *model, archdoc_column col);

/* --- the diagram (the <diagram> element) --- */

/**
 * The layout the model pins with <diagram layout="...">, or NULL when it
 * pins none (the diagram then searches for the most readable layout).
 * Checked when the model is loaded; same syntax as render's --layout.
 */
ARCHDOC_API const char *archdoc_model_diagram_layout(const archdoc_model *model);

/** <retired n="N" reason="...">: numbers kept unused on purpose, by number. */
ARCHDOC_API size_t archdoc_model_retired_count(const archdoc_model *model);
ARCHDOC_API unsigned archdoc_model_retired_number(const archdoc_model *model, size_t i);
/** Its reason, "" when none. */
ARCHDOC_API const char *archdoc_model_retired_reason(const archdoc_model *model, size_t i);

/* --- views (docs/model-format.md, "Views") --- */

/** The model's <view>s, in document order. */
ARCHDOC_API size_t archdoc_model_view_count(const archdoc_model *model);
ARCHDOC_API const archdoc_view *archdoc_model_view(const archdoc_model *model, size_t i);
/** The view with this id, or NULL. */
ARCHDOC_API const archdoc_view *archdoc_model_find_view(const archdoc_model *model, const char *id);
ARCHDOC_API const char *archdoc_view_id(const archdoc_view *view);
/** Its title (the id when it has none). */
ARCHDOC_API const char *archdoc_view_title(const archdoc_view *view);
/**
 * The model of what view shows: the same ids and connection numbers, its
 * title "MODEL TITLE: VIEW TITLE", the view's layout pin, a collapsed
 * boundary as one component (kind "boundary") that its connections attach
 * to. Every backend draws and tables it like a loaded model. It borrows
 * model's strings: free it (archdoc_model_free) before model. 0 or
 * ARCHDOC_ENOMEM.
 */
ARCHDOC_API int archdoc_view_model(archdoc_model **out, archdoc_context *ctx, const archdoc_model *model,
		const archdoc_view *view);
/**
 * model (a loaded one or a view's) with its parallel connections merged,
 * as a view with merge="parallel" draws them (render --merge parallel):
 * connections with the same ends and direction drawn as one line whose
 * badge lists their numbers; every number keeps its row. Same title, view
 * and pin as model. It borrows model's strings: free it before model. 0
 * or ARCHDOC_ENOMEM.
 */
ARCHDOC_API int archdoc_model_merged(archdoc_model **out, archdoc_context *ctx, const archdoc_model *model);
/**
 * Automatic views for a model too big to read in one drawing (render -o DIR
 * above ARCHDOC_AUTO_VIEW_CONNECTIONS connections when the model has no
 * views): "overview", the boundaries of the shallowest level holding two
 * or more each collapsed to a box (a level further up while that draws
 * more than 40 lines), parallels merged; then detail views, each with a
 * boundary's id: the boundary and its direct neighbours, the boundaries
 * beside it as boxes, parallels merged. One over 40 lines is split into
 * views of its inner boundaries (docs/render.md, "Automatic views").
 * Free with archdoc_auto_views_free. 0 or ARCHDOC_ENOMEM; *count 0 when
 * the model has no boundary.
 */
#define ARCHDOC_AUTO_VIEW_CONNECTIONS 150
ARCHDOC_API int archdoc_auto_views(archdoc_view ***out, size_t *count, const archdoc_model *model);
ARCHDOC_API void archdoc_auto_views_free(archdoc_view **views, size_t count);
/** The view a view's model shows, NULL for a loaded model. */
ARCHDOC_API const archdoc_view *archdoc_model_shown_view(const archdoc_model *model);

ARCHDOC_END_DECL


#endif
