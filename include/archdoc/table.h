/*
 * archdoc: connection tables.
 *
 * One model, one table, four formats: a GitHub-flavoured Markdown pipe
 * table, an HTML fragment, RFC 4180 CSV, and JSON ("the model as data",
 * docs/json-format.md). Rows are the model's connections in number order;
 * columns come from the options, else from the model's <table columns>,
 * else the default seven of the published Genesys table. The same model and
 * options always give the same bytes. docs/table.md describes every
 * format's escaping rules.
 */
#ifndef ARCHDOC_TABLE_H
#define ARCHDOC_TABLE_H

#include "common.h"
#include "context.h"
#include "errors.h"
#include "model.h"

ARCHDOC_BEGIN_DECL

/** Output formats. Zero is the default (Markdown). */
typedef enum archdoc_table_format {
	ARCHDOC_TABLE_MARKDOWN = 0, /**< GitHub-flavoured pipe table, LF line ends */
	ARCHDOC_TABLE_HTML = 1,     /**< a <table> fragment, UTF-8, LF line ends */
	ARCHDOC_TABLE_CSV = 2,      /**< RFC 4180, header row first, CRLF line ends */
	ARCHDOC_TABLE_JSON = 3      /**< the model as data, schema version ARCHDOC_TABLE_JSON_VERSION */
} archdoc_table_format;

/** The version of the JSON document written by ARCHDOC_TABLE_JSON. */
#define ARCHDOC_TABLE_JSON_VERSION 1

/*
 * Flags for archdoc_table_options.flags; combine with |.
 */
/** HTML: each row's number links to its edge in the diagram,
 *  <a href="#MODEL-connection-N">N</a> (the standalone page uses it). */
#define ARCHDOC_TABLE_LINK_DIAGRAM ((uint32_t)1 << 0)
/** CSV: prefix a cell that starts with =, +, -, @, tab or CR with a single
 *  quote, so spreadsheets do not evaluate it as a formula. Off by default
 *  (the cells then stay exactly the model's text). */
#define ARCHDOC_TABLE_CSV_GUARD_FORMULAS ((uint32_t)1 << 1)

/** Kept for source compatibility; it changes nothing now. Columns not
 *  given in the options (the model's <table>, or the default seven) always
 *  fit the model: without any classification the classification column is
 *  left out, for every caller (table, inject, render, the page). */
#define ARCHDOC_TABLE_DEFAULT_COLUMNS_FIT ((uint32_t)1 << 2)

#define ARCHDOC_TABLE_OPTIONS_VERSION 1

/**
 * Options for archdoc_table_render. Zero in any field means its default.
 * Initialise with ARCHDOC_TABLE_OPTIONS_INIT or archdoc_table_options_init.
 */
typedef struct archdoc_table_options {
	unsigned version;               /**< ARCHDOC_TABLE_OPTIONS_VERSION */
	archdoc_table_format format;    /**< default ARCHDOC_TABLE_MARKDOWN */
	/** The columns, in order (borrowed for the call). NULL: the model's
	 *  <table columns>, else the default seven, without classification
	 *  when the model has none. No column may repeat. */
	const archdoc_column *columns;
	size_t column_count;            /**< entries in columns; 0 when columns is NULL */
	uint32_t flags;                 /**< ARCHDOC_TABLE_* flags */
} archdoc_table_options;

#define ARCHDOC_TABLE_OPTIONS_INIT { ARCHDOC_TABLE_OPTIONS_VERSION, ARCHDOC_TABLE_MARKDOWN, NULL, 0, 0 }

/**
 * Initialise opts to the defaults of the given options version.
 * Returns 0, or ARCHDOC_EUSAGE when the version is unknown.
 */
ARCHDOC_API int archdoc_table_options_init(archdoc_table_options *opts, unsigned version);

/**
 * Render the connections table of a model.
 *
 * On success *out is an owned, NUL-terminated buffer (free it with
 * archdoc_free) and *out_len its length without the NUL (out_len may be
 * NULL). opts may be NULL for defaults. On failure *out is NULL.
 *
 * Returns 0;
 * ARCHDOC_EINVALID when opts->columns asks for a classification column but
 *   the model has neither classify-by nor any stated classification: an
 *   error with rule id "no-classification" is reported to the context's
 *   sink (the default columns leave that column out for such a model);
 * ARCHDOC_EUSAGE when opts is not acceptable (unknown version or format,
 *   an unknown or repeated column, columns and column_count disagreeing),
 *   also reported to the sink (rule id "table-options");
 * ARCHDOC_ENOMEM (cmark, used for Markdown in HTML cells, aborts on out of
 *   memory instead: docs/table.md).
 */
ARCHDOC_API int archdoc_table_render(char **out, size_t *out_len, archdoc_context *ctx,
		const archdoc_model *model, const archdoc_table_options *opts);

/**
 * Parse a format name: "md" or "markdown", "html", "csv", "json".
 * Returns the archdoc_table_format, or -1 when the name is unknown.
 */
ARCHDOC_API int archdoc_table_format_from_name(const char *name);

/** The canonical name of a format ("md", "html", "csv", "json"), or NULL. */
ARCHDOC_API const char *archdoc_table_format_name(archdoc_table_format format);

/**
 * Parse a comma-separated column list such as "number,what,port" (spaces
 * around names are allowed) into cols, which has room for cap entries
 * (ARCHDOC_COLUMN__COUNT is always enough). On success *count is the number
 * of columns. On failure, when bad_at is not NULL, *bad_at is the byte
 * offset in list of the name at fault and *bad_len its length.
 * Returns 0; ARCHDOC_EUSAGE for an unknown or repeated name or an empty
 * list or name; ARCHDOC_ELIMIT when more than cap names are given.
 */
ARCHDOC_API int archdoc_table_columns_parse(archdoc_column *cols, size_t cap, size_t *count,
		const char *list, size_t *bad_at, size_t *bad_len);

ARCHDOC_END_DECL

#endif
