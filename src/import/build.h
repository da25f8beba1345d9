/*
 * Import's build step, shared by the files that make a model from a table
 * (import.c drives them): the columns found, the components and
 * connections made so far, and the steps in the order import.c runs them.
 */
#ifndef ARCHDOC_IMPORT_BUILD_H
#define ARCHDOC_IMPORT_BUILD_H

#include <stdint.h>

#include "archdoc/model.h"
#include "hash.h"
#include "model.h"
#include "import.h"

#define E ARCHDOC_SEVERITY_ERROR
#define W ARCHDOC_SEVERITY_WARNING

typedef struct comp {
	const char *title;
	const char *id;
	const char *kind;
	unsigned line, col;      /* where the name first appears */
	int placeholder;
	unsigned table;          /* --table all: the table that names it first, from 0 */
} comp;

typedef struct conn {
	unsigned n;
	size_t from, to;         /* indexes into comps: the first end of each side */
	/* a cell listing several names ("ME, RM"): every end of the side,
	 * from[0] first (arena); NULL when the side has one end */
	size_t *froms, *tos;
	unsigned nfrom, nto;
	const char *protocol, *port, *classification, *data;
	const archdoc_import__row *row;
	/* the ends' names as the row gives them ("": none) and where */
	const char *from_name, *to_name;
	unsigned sl, sc, dl, dc;
	int unsplit;             /* a "what's connecting" cell that did not split */
	unsigned part, parts;    /* which direction of a packed cell, from 0, of how many */
} conn;

/* The names of the last list cell split on one side (import_names.c). */
typedef struct list_memo {
	const char *key;
	const char *names[ARCHDOC_MAX_ENDS + 1];
	size_t count;
	int too_many;            /* more than ARCHDOC_MAX_ENDS: imported as one name */
} list_memo;

typedef struct build {
	archdoc_import__doc *d;
	const archdoc_import__table *t;
	/* the input's columns */
	int field[ARCHDOC_IMPORT_MAX_COLUMNS];   /* archdoc_column, or -1 */
	int at[ARCHDOC_COLUMN__COUNT];           /* input column of each field, or -1 */
	int what;                                /* the source column is "what's connecting", to be split */
	int what_split;                          /* some cell held two names */
	int any_classification;
	comp *comps;
	size_t comp_count, comp_cap, placeholders;
	archdoc_hash names;      /* title -> index + 1 */
	archdoc_hash ids;        /* ids in use */
	archdoc_hash id_next;    /* slug -> next suffix to try */
	conn *conns;
	size_t conn_count, conn_cap;
	unsigned cur_table;      /* the table of the row whose ends are resolved */
	list_memo memo[2];       /* sources, destinations */
	/* --table-boundaries: one boundary per table, ids and titles (arena) */
	const char **bound_ids, **bound_titles;
	size_t bound_count;
} build;

/* An index kept as a hash map value (never NULL). */
#define IDX(p) ((size_t)(uintptr_t)(p) - 1)
#define PTR(i) ((void *)(uintptr_t)((i) + 1))

/* The cell of row r in column f; an empty one when the table has none. */
static inline const archdoc_import__cell *archdoc_import__cell_of(const build *b, const archdoc_import__row *r,
		archdoc_column f)
{
	static const archdoc_import__cell empty_cell = { "", "", NULL, 0, 0 };
	int i = b->at[f];

	if (i < 0 || (size_t)i >= r->count)
		return &empty_cell;
	return &r->cells[i];
}

/* import_columns.c: which input column holds which field, and empty
 * cells filled from above (--fill-down, and automatically for endpoint
 * columns when automatic is non-zero). */
void archdoc_import__map_columns(build *b);
int archdoc_import__fill_down(build *b, archdoc_import__table *t, int automatic);
/* import_names.c: one connection per row, or per direction of a packed
 * "what's connecting" cell, with the names of its ends. 0 or an
 * ARCHDOC_E* code. */
int archdoc_import__split_rows(build *b);
/* import_numbers.c: every row's connection number, with reports. 0 or an
 * ARCHDOC_E* code. */
int archdoc_import__number_rows(build *b);
/* import_names.c: components from the endpoint names (and placeholders),
 * then the pairs of names that may denote one component. */
int archdoc_import__resolve_ends(build *b);
/* A component or boundary id made from a title, unique in the model
 * (arena; NULL on out of memory). */
const char *archdoc_import__make_id(build *b, const char *title);
int archdoc_import__similar_names(build *b);
/* import_build.c: the connections' fields, the model's length limits,
 * rows of the wrong shape, and the model written. */
void archdoc_import__fill_connections(build *b);
int archdoc_import__too_long(build *b, const char *what, const char *text, size_t max, unsigned line, unsigned col);
int archdoc_import__check_lengths(build *b);
void archdoc_import__check_row_shapes(build *b);
int archdoc_import__write_model(build *b, const char *id, const char *title, char **out, size_t *out_len);

#endif
