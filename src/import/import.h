/*
 * The importers' one interface. A reader (import_md.c, import_html.c,
 * import_csv.c) only finds the table in its format and hands over its
 * header and rows as cells with their input positions; import.c does the
 * rest for every format alike: column recognition, cell clean-up, numbers,
 * components, the report and the model writer.
 */
#ifndef ARCHDOC_IMPORT_PRIV_H
#define ARCHDOC_IMPORT_PRIV_H

#include <stdarg.h>

#include "archdoc/import.h"
#include "arena.h"
#include "buf.h"
#include "context.h"
#include "diag.h"
#include "source.h"

/* Limits on what one import holds (docs/import.md, docs/security.md). The
 * input itself is capped by the context's file size limit. */
#define ARCHDOC_IMPORT_MAX_ROWS 100000u
#define ARCHDOC_IMPORT_MAX_COLUMNS 64u
#define ARCHDOC_IMPORT_MAX_CELL ((size_t)64 * 1024)
/* Near-duplicate names are compared pairwise only up to this many names. */
#define ARCHDOC_IMPORT_MAX_COMPARED_NAMES 5000u

typedef struct archdoc_import__cell {
	const char *text;   /* plain text, cleaned; "" when empty (arena) */
	const char *md;     /* the same cell as Markdown source (for data cells) */
	/* the plain text with its line breaks (<br>, a line break in a CSV
	 * field) kept as '\n', one trimmed line each; NULL when the cell has
	 * none (then text says it all) */
	const char *lines;
	unsigned line, col; /* 1-based; col 1 when the reader knows no better */
} archdoc_import__cell;

typedef struct archdoc_import__row {
	archdoc_import__cell *cells;  /* arena */
	size_t count;                 /* cells kept (at most the header's count for body rows) */
	size_t found;                 /* cells the input had (may exceed count) */
	const char *extra;            /* text of the first non-empty cell beyond count, or NULL */
	unsigned line, col;
	/* --table all (import.c): the table the row comes from, counting from
	 * 0 in the list; its source cell names both ends ("what's
	 * connecting"); its table has no number column */
	unsigned table;
	int what, numberless;
} archdoc_import__row;

/* One --map entry: a header (normalised as header words are) and the
 * column role it gets (archdoc_column, or one of the MAP_* below). */
#define ARCHDOC_IMPORT__ROLE_WHAT (-2)     /* "what's connecting": A -> B */
#define ARCHDOC_IMPORT__ROLE_IGNORE (-3)   /* dropped without a report */
typedef struct archdoc_import__map_entry {
	char header[64];
	int role;
} archdoc_import__map_entry;

/* Most --map entries one import takes (docs/security.md). */
#define ARCHDOC_IMPORT_MAX_MAP 64u

typedef struct archdoc_import__table {
	archdoc_import__row header;
	archdoc_import__row *rows;    /* malloc'd */
	size_t row_count, row_cap;
	const char *title;            /* caption, nearest heading above, or <title>; NULL when none */
	unsigned number;              /* which table of the input, from 1 */
} archdoc_import__table;

/* One import: the input and everything that must be freed with it. */
typedef struct archdoc_import__doc {
	archdoc_context *ctx;
	archdoc_arena *arena;
	archdoc_source src;           /* the bytes, NUL-terminated, and their line map */
	size_t start;                 /* 3 after a UTF-8 BOM, else 0 */
	const char *name;             /* for diagnostics */
	unsigned want;                /* options' table number, 0: the first that fits (or all) */
	int all;                      /* --table all: readers hand every table that fits to
	                               * archdoc_import__keep_table */
	archdoc_import__table *tables;   /* --table all: the tables kept (malloc'd) */
	size_t table_count, table_cap;
	size_t rows_total;            /* rows read in all tables, for the limit */
	const char *doc_title;        /* --table all: the page's <title>, the first Markdown heading */
	const archdoc_import__map_entry *map;   /* --map, checked */
	size_t map_count;
	unsigned fill_down;           /* 1 << archdoc_column for each --fill-down column */
	int no_auto_fill;             /* --fill-down none */
	archdoc_diag_queue reports;   /* held until the import ends, then sent in input order */
	int oom;
} archdoc_import__doc;

typedef struct archdoc_import__reader {
	archdoc_import_format format;
	const char *name;
	/* Find the table (d->want, else the first whose header
	 * archdoc_import__header_fits) and fill t. Returns 0; ARCHDOC_ENOTFOUND
	 * after reporting "import-no-table"; ARCHDOC_ELIMIT after reporting
	 * "import-limit"; ARCHDOC_ENOMEM. */
	int (*read)(archdoc_import__doc *d, archdoc_import__table *t);
} archdoc_import__reader;

extern const archdoc_import__reader archdoc_import__markdown;
extern const archdoc_import__reader archdoc_import__html;
extern const archdoc_import__reader archdoc_import__csv;

/* --- for the readers --- */

/* A header's text as header words are compared: lower-cased, spaces
 * collapsed, a trailing '.' or ':' dropped, typographic apostrophes made
 * plain. -1 when it is too long to be any (key holds 64 bytes). */
int archdoc_import__header_key(const char *header, char key[64]);

/* The column a header names (d's --map first, then the built-in words):
 * an archdoc_column (*what set for a "what's connecting" kind of source),
 * -1 when unknown, ARCHDOC_IMPORT__ROLE_IGNORE when mapped to ignore. */
int archdoc_import__role_of(const archdoc_import__doc *d, const char *header, int *what);

/* Non-zero when the header's cells (their text) name at least two
 * connections-table columns, one of them an endpoint (source,
 * destination, what's connecting). */
int archdoc_import__header_fits(const archdoc_import__doc *d, const archdoc_import__row *header);

/* --table all: keep table t (its rows move to the list; t is cleared).
 * 0 or ARCHDOC_ENOMEM. */
int archdoc_import__keep_table(archdoc_import__doc *d, archdoc_import__table *t);

/* Append a row (its cells stay in the arena). Reports "import-limit" and
 * returns ARCHDOC_ELIMIT past ARCHDOC_IMPORT_MAX_ROWS; ARCHDOC_ENOMEM. */
int archdoc_import__push_row(archdoc_import__doc *d, archdoc_import__table *t, const archdoc_import__row *row);

/* Cell text clean-up into the arena (NULL on out of memory, d->oom set):
 * plain: <br> and control characters become spaces, whitespace runs one
 *   space, trimmed;
 * md_plain: Markdown source to plain text: a wrapping code span or
 *   emphasis is removed, backslash escapes and character references are
 *   resolved, then as plain;
 * md: Markdown kept, only <br>, control characters and whitespace as
 *   plain;
 * lines: plain, but <br>, a vertical tab ('\v', which the HTML reader
 *   puts for <br>) and, when newlines is non-zero, a line break end a
 *   line: the result is for the cell's lines field (NULL when there is no
 *   second line, or on out of memory with d->oom set). md_lines does the
 *   same from Markdown source, as md_plain. */
char *archdoc_import__plain(archdoc_import__doc *d, const char *s, size_t n);
const char *archdoc_import__lines(archdoc_import__doc *d, const char *s, size_t n, int newlines);
const char *archdoc_import__md_lines(archdoc_import__doc *d, const char *s, size_t n);
char *archdoc_import__md_plain(archdoc_import__doc *d, const char *s, size_t n);
char *archdoc_import__md(archdoc_import__doc *d, const char *s, size_t n);

/* The input position of a byte offset. */
archdoc_location archdoc_import__where(const archdoc_import__doc *d, size_t offset);

/* Reports, held until the import ends and then sent in input order. line
 * 0 means "the whole input". */
void archdoc_import__report(archdoc_import__doc *d, archdoc_severity sev, const char *rule,
		unsigned line, unsigned col, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 6, 7)))
#endif
	;
void archdoc_import__report_note(archdoc_import__doc *d, archdoc_severity sev, const char *rule,
		unsigned line, unsigned col, unsigned note_line, unsigned note_col, const char *note,
		const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 9, 10)))
#endif
	;

/* A quotable excerpt of s for a message: at most 60 bytes (cut on a
 * character boundary, with "..."). Arena; "" on out of memory. */
const char *archdoc_import__excerpt(archdoc_import__doc *d, const char *s);

#endif
