/*
 * archdoc: importing a connections table people already have.
 *
 * Reads a connections table from a Markdown pipe table, an HTML page or
 * fragment, or CSV, and writes a format-1 model: one component per distinct
 * endpoint name, one connection per row (with the row's number, protocol,
 * port, stated classification and data sentence), and a <table> element
 * recording the input's columns and header words, so that `archdoc table`
 * on the model gives back a table of the same shape. docs/import.md lists
 * the header words recognised, the normalisations applied, and every rule
 * id of the report.
 *
 * The table is untrusted input: it is read with the context's size limit,
 * must be UTF-8, and HTML is parsed without network or entity loading.
 * What a reviewer must look at (duplicate numbers, gaps, rows it could not
 * read, near-duplicate names, placeholders) goes to the context's sink as
 * warnings, with the input's line numbers. Rows are never dropped.
 */
#ifndef ARCHDOC_IMPORT_H
#define ARCHDOC_IMPORT_H

#include "common.h"
#include "context.h"
#include "errors.h"

ARCHDOC_BEGIN_DECL

/** Input formats. Zero guesses from the name's extension. */
typedef enum archdoc_import_format {
	ARCHDOC_IMPORT_AUTO = 0,     /**< .md/.markdown, .html/.htm, .csv */
	ARCHDOC_IMPORT_MARKDOWN = 1, /**< a GitHub-flavoured pipe table in a Markdown document */
	ARCHDOC_IMPORT_HTML = 2,     /**< an HTML page or fragment holding a <table> */
	ARCHDOC_IMPORT_CSV = 3       /**< RFC 4180, header row first (';' and tab also accepted) */
} archdoc_import_format;

#define ARCHDOC_IMPORT_OPTIONS_VERSION 2

/** opts.table: import every connections table of the input. */
#define ARCHDOC_IMPORT_TABLE_ALL 0xFFFFFFFFu

/**
 * Options for archdoc_import_buffer and archdoc_import_file. Zero in any
 * field means its default. Initialise with ARCHDOC_IMPORT_OPTIONS_INIT or
 * archdoc_import_options_init.
 */
typedef struct archdoc_import_options {
	unsigned version;              /**< ARCHDOC_IMPORT_OPTIONS_VERSION */
	archdoc_import_format format;  /**< default: from the name's extension */
	/** Which table of the input to read, counting from 1 in document
	 *  order; 0 picks the first whose header looks like a connections
	 *  table; ARCHDOC_IMPORT_TABLE_ALL (version 2) reads every one that
	 *  does. */
	unsigned table;
	/** The model's id (a valid archdoc id); NULL: derived from the file
	 *  name. Borrowed for the call. */
	const char *id;
	/** The model's title; NULL: the HTML <caption>, else the nearest
	 *  heading above the table, else the HTML <title>, else the file
	 *  name. */
	const char *title;
	/* --- since version 2 (a version 1 caller's struct ends above) --- */
	/** Column roles for headers: "HEADER=ROLE,HEADER=ROLE", ROLE one of
	 *  number, source, destination, what, protocol, port,
	 *  classification, data, ignore; the header is compared as the
	 *  built-in header words are. NULL: none. Borrowed for the call. */
	const char *map;
	/** Columns whose empty cells take the value above: column roles or
	 *  header words, comma-separated; "none" also turns the automatic
	 *  fill-down of endpoint columns off. NULL: automatic only. */
	const char *fill_down;
	/** With table ARCHDOC_IMPORT_TABLE_ALL: each table becomes one
	 *  <boundary> titled by its heading. */
	int table_boundaries;
} archdoc_import_options;

#define ARCHDOC_IMPORT_OPTIONS_INIT { ARCHDOC_IMPORT_OPTIONS_VERSION, ARCHDOC_IMPORT_AUTO, 0, NULL, NULL, NULL, NULL, 0 }

/** What an import produced (all zero when nothing was written). */
typedef struct archdoc_import_result {
	size_t connections;    /**< rows imported, one connection each */
	size_t components;     /**< components written, placeholders included */
	size_t placeholders;   /**< components standing for an end the table does not name */
	unsigned table;        /**< the table read, counting from 1 */
} archdoc_import_result;

/**
 * Initialise opts to the defaults of the given options version (1 fills
 * only the fields version 1 has). Returns 0, or ARCHDOC_EUSAGE when the
 * version is unknown.
 */
ARCHDOC_API int archdoc_import_options_init(archdoc_import_options *opts, unsigned version);

/**
 * Import a table held in memory. name is the input's file name: it is used
 * in diagnostics, to guess the format (when opts->format is AUTO) and to
 * derive the model's id and title; it may be NULL ("<memory>"). The bytes
 * are not kept.
 *
 * On success *out is an owned, NUL-terminated format-1 model (free it with
 * archdoc_free), *out_len its length without the NUL (out_len may be NULL),
 * and *result (when not NULL) says what was imported. Warnings do not fail
 * an import. opts may be NULL for defaults. On failure *out is NULL.
 *
 * Returns 0;
 * ARCHDOC_ENOTFOUND when the input holds no connections table (or no table
 *   number opts->table), reported with rule id "import-no-table";
 * ARCHDOC_EINVALID when the input is not UTF-8 (rule "encoding");
 * ARCHDOC_ELIMIT when the input exceeds the context's file size limit or
 *   the import's row, column or cell limits ("file-too-large",
 *   "import-limit");
 * ARCHDOC_EUSAGE when the options are not acceptable (unknown version or
 *   format, a format that cannot be guessed from the name, an invalid id),
 *   reported with rule id "import-options";
 * ARCHDOC_ENOMEM.
 */
ARCHDOC_API int archdoc_import_buffer(char **out, size_t *out_len, archdoc_import_result *result,
		archdoc_context *ctx, const char *name, const char *data, size_t len,
		const archdoc_import_options *opts);

/**
 * Import a table from a file; path "-" reads standard input (the format
 * must then be given in opts). Same results as archdoc_import_buffer, plus
 * ARCHDOC_EIO when the file cannot be read (rule "io").
 */
ARCHDOC_API int archdoc_import_file(char **out, size_t *out_len, archdoc_import_result *result,
		archdoc_context *ctx, const char *path, const archdoc_import_options *opts);

/**
 * Parse an input format name: "md" or "markdown", "html" or "htm", "csv".
 * Returns the archdoc_import_format, or -1 when the name is unknown.
 */
ARCHDOC_API int archdoc_import_format_from_name(const char *name);

/**
 * The format a file name's extension suggests (case-insensitive), or
 * ARCHDOC_IMPORT_AUTO when the extension says nothing.
 */
ARCHDOC_API archdoc_import_format archdoc_import_format_from_path(const char *path);

ARCHDOC_END_DECL

#endif
