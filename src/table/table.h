/*
 * The table backends' one interface. The driver (table.c) walks the
 * header and then the connections in number order, and for each column
 * works out the cell's text; a format (table_md.c, table_html.c,
 * table_csv.c, table_json.c) only writes what it is handed, escaped its
 * own way. Every callback may be NULL (nothing to write at that point).
 * Writers append to t->out; an out-of-memory there is checked once at the
 * end, so callbacks return 0 unless they fail some other way.
 */
#ifndef ARCHDOC_TABLE_PRIV_H
#define ARCHDOC_TABLE_PRIV_H

#include "archdoc/table.h"
#include "buf.h"

typedef struct archdoc_table__out {
	archdoc_buf *out;
	const archdoc_model *model;
	const archdoc_column *columns;
	size_t column_count;
	uint32_t flags;
} archdoc_table__out;

/* One cell of a row. text is the cell's content before any escaping:
 * the number in decimal, component titles, "Source -> Destination", the
 * protocol, the normalised port, the classification ("" when none), or the
 * data sentence's Markdown source (col == ARCHDOC_COLUMN_DATA). */
typedef struct archdoc_table__cell {
	size_t index;          /* position among the columns, from 0 */
	archdoc_column column;
	const char *text;
} archdoc_table__cell;

/* One table format (one file each: table_md.c, table_html.c, table_csv.c,
 * table_json.c), registered in table.c's one list. */
typedef struct archdoc_table__backend {
	archdoc_table_format format;
	const char *name;      /* canonical format name */
	const char *alias;     /* another name --format takes, or NULL */
	const char *extension; /* of a file holding it */
	const char *media_type;
	int (*begin)(archdoc_table__out *t);
	int (*header_cell)(archdoc_table__out *t, size_t index, archdoc_column column, const char *header);
	int (*body_begin)(archdoc_table__out *t);
	int (*row_begin)(archdoc_table__out *t, const archdoc_connection *conn);
	int (*cell)(archdoc_table__out *t, const archdoc_connection *conn, const archdoc_table__cell *cell);
	int (*row_end)(archdoc_table__out *t, const archdoc_connection *conn);
	int (*end)(archdoc_table__out *t);
} archdoc_table__backend;

/* The columns of a table whose options name none, fitted to the model
 * (table.c); out receives at most ARCHDOC_COLUMN__COUNT of the n in cols. */
size_t archdoc_table__default_columns(const archdoc_model *model, const archdoc_column *cols, size_t n,
		archdoc_column out[static ARCHDOC_COLUMN__COUNT]);

extern const archdoc_table__backend archdoc_table__markdown;
extern const archdoc_table__backend archdoc_table__html;
extern const archdoc_table__backend archdoc_table__csv;
extern const archdoc_table__backend archdoc_table__json;

#endif
