/*
 * The model's private layout. Everything hangs off the model's arena; the
 * hash maps and arrays are the only separately allocated parts.
 */
#ifndef ARCHDOC_MODEL_PRIV_H
#define ARCHDOC_MODEL_PRIV_H

#include "archdoc/model.h"
#include "arena.h"
#include "hash.h"
#include "source.h"

typedef struct archdoc_port_range {
	unsigned lo, hi;
} archdoc_port_range;

struct archdoc_boundary {
	const char *id, *title, *kind;      /* kind may be NULL */
	struct archdoc_boundary *parent;
	unsigned depth;
	size_t index;
	size_t offset;                      /* byte offset of the start tag */
	size_t title_offset;
	archdoc_location loc;               /* of the start tag */
	/* in a diff's union model (diff_union.c): '+', '-', '~' or 0 for
	 * unchanged, and for '~' what changed ("port \"443\" -> \"8443\"") */
	char change;
	const char *change_note;
};

struct archdoc_component {
	const char *id, *title, *kind;
	struct archdoc_boundary *boundary;  /* innermost, or NULL */
	size_t index;
	size_t offset, title_offset, kind_offset;
	unsigned uses;                      /* connections touching it */
	int placeholder;                    /* placeholder="true": import invented it */
	archdoc_location loc;
	char change;                        /* as a boundary's */
	const char *change_note;
};

struct archdoc_connection {
	unsigned n;
	int n_explicit;
	struct archdoc_component *from, *to;    /* the first end of each side */
	const char *from_id, *to_id;            /* as written: one id, or several (from="a b") */
	/* every end once resolved, [0] being from or to, and their ids joined
	 * by one space ("a b"; the id itself with one end) */
	struct archdoc_component **froms, **tos;
	size_t from_count, to_count;
	const char *from_list, *to_list;
	const char *protocol;               /* "" when absent */
	const char *port;                   /* normalised; "" when absent */
	archdoc_port_range *ports;
	size_t port_count;
	const char *stated;                 /* stated classification or NULL */
	const char *derived;                /* from classify-by, or NULL */
	const char *data;                   /* trimmed; "" when empty */
	size_t index;                       /* document order */
	/* a view with merge="parallel" (view.c): the connection drawn for this
	 * one (the first of its pair of ends), NULL when drawn itself; on the
	 * drawn one, the numbers it stands for ("2-8", "3, 5, 9"), or NULL */
	const struct archdoc_connection *drawn_as;
	const char *merged;
	size_t offset, n_offset, from_offset, to_offset, port_offset, class_offset;
	archdoc_location loc;
	char change;                        /* as a boundary's */
	const char *change_note;
	/* the union of two versions (diff_union.c), a connection in both
	 * whose ends differ: per end, froms then tos, '+' an end only NEW has,
	 * '-' one only OLD had (appended after NEW's ends), 0 one both have;
	 * NULL otherwise */
	const char *end_change;
};

/* One <include>, <exclude> or <collapse> of a <view> (view.c). */
typedef enum archdoc_view_rule_kind {
	ARCHDOC_VIEW_INCLUDE,
	ARCHDOC_VIEW_EXCLUDE,
	ARCHDOC_VIEW_COLLAPSE
} archdoc_view_rule_kind;

typedef struct archdoc_view_rule {
	archdoc_view_rule_kind kind;
	const char *boundary, *component, *classification, *connections;   /* NULL: absent */
	unsigned depth;
	size_t offset;                      /* of the start tag */
} archdoc_view_rule;

struct archdoc_view {
	const char *id, *title, *layout;    /* layout may be NULL */
	int merge_parallel;
	int bad;                            /* an error already reported where it was read */
	archdoc_view_rule *rules;
	size_t rule_count, rule_cap;
	size_t index, offset;
	archdoc_location loc;
};

/* <retired n="9" reason="...">: a number kept unused on purpose. */
typedef struct archdoc_retired {
	unsigned n;
	const char *reason;                 /* "" when none */
	size_t offset, n_offset;
} archdoc_retired;

typedef struct archdoc_table_spec {
	archdoc_column *columns;            /* NULL: the default columns */
	size_t column_count;
	const char *headers[ARCHDOC_COLUMN__COUNT];  /* NULL: default header */
} archdoc_table_spec;

struct archdoc_model {
	archdoc_arena *arena;
	archdoc_source source;
	const char *id, *title, *description;
	const char *classify_by_id;
	struct archdoc_boundary *classify_by;
	size_t classify_offset;

	struct archdoc_boundary **boundaries;
	size_t boundary_count, boundary_cap;
	struct archdoc_component **components;
	size_t component_count, component_cap;
	struct archdoc_connection **connections;   /* document order while loading, then by number */
	size_t connection_count, connection_cap;
	int has_stated;

	archdoc_hash ids;          /* id -> entity; components and boundaries */
	archdoc_hash is_boundary;  /* id -> (void *)1 for boundaries */
	archdoc_table_spec table;
	size_t table_offset;
	const char *diagram_layout;         /* <diagram layout="...">, NULL when absent */
	archdoc_retired *retired;           /* by number once checked */
	size_t retired_count, retired_cap;
	struct archdoc_view **views;        /* <view>, in document order */
	size_t view_count, view_cap;
	/* a view's model (view.c): the view it draws, and the model it was
	 * taken from, whose strings it borrows; NULL for a loaded model */
	const struct archdoc_view *view;
	const archdoc_model *parent;
	/* the union of two versions (diff_union.c): elements carry change
	 * marks, and unmarked ones are drawn as unchanged */
	int diff;
};

archdoc_model *archdoc_model__new(void);
/* archdoc_model_load_file with archdoc_file_read's flags (file.h): with
 * ARCHDOC_FILE_REGULAR, a path that is no regular file gives ARCHDOC_EIO,
 * *not_regular set (may be NULL) and no diagnostic (the caller words it). */
int archdoc_model__load_path(archdoc_model **out, archdoc_context *ctx, const char *path, unsigned flags,
		int *not_regular);
int archdoc_model__add_boundary(archdoc_model *m, struct archdoc_boundary *b);
int archdoc_model__add_component(archdoc_model *m, struct archdoc_component *c);
int archdoc_model__add_connection(archdoc_model *m, struct archdoc_connection *c);
int archdoc_model__add_view(archdoc_model *m, struct archdoc_view *v);
/* The connection drawn for c (c itself unless a merged view draws it with
 * others), and on a drawn one the list of numbers it stands for or NULL. */
const struct archdoc_connection *archdoc_connection__drawn_as(const struct archdoc_connection *c);
const char *archdoc_connection__merged(const struct archdoc_connection *c);
/* Every end of a connection: its sources, then its destinations (a
 * component may be both); 0 when an end did not resolve. */
size_t archdoc_connection__end_count(const struct archdoc_connection *c);
const struct archdoc_component *archdoc_connection__end(const struct archdoc_connection *c, size_t i);
/* Set one side of c (sources, or destinations with to_side) to ends[0 ..
 * count): the first as from/to, the array when several, the ids joined by
 * spaces; from arena a. 0 or -1 on out of memory. */
int archdoc_connection__set_side(archdoc_arena *a, struct archdoc_connection *c, int to_side,
		struct archdoc_component *const *ends, size_t count);
/* Give c (a copy of src in another model) the ends map[] has for src's
 * (map: by component index of src's model, NULL when that model leaves
 * it out), each once, with arrays and lists from arena a; counts a use of
 * each. 1 when an end is left out (c is not usable), 0, -1 on out of
 * memory. */
int archdoc_connection__map_ends(archdoc_arena *a, struct archdoc_connection *c,
		const struct archdoc_connection *src, struct archdoc_component *const *map);
/* Sort connections by number (stable by document order). */
void archdoc_model__sort_connections(archdoc_model *m);

/* Parse "443", "8000-8010", "25, 443" into ranges; NULL error on success,
 * else a message (static or in the arena) describing what is wrong;
 * *bad_at is the byte index within text of the fault. */
const char *archdoc_port_parse(archdoc_arena *a, const char *text,
		archdoc_port_range **out, size_t *count, const char **normalised, size_t *bad_at);

/* Classification of a connection by boundary b (never NULL); arena string. */
const char *archdoc_classify(archdoc_arena *a, const struct archdoc_component *from,
		const struct archdoc_component *to, const struct archdoc_boundary *b);

/* Non-zero for the component kinds archdoc knows (validate.c). */
int archdoc_kind_known(const char *kind);

/* Non-zero when s is a valid archdoc id (validate.c). */
int archdoc_id_valid(const char *s);

/* The model format's limits, for everything that writes models too
 * (import): a connection's number, and lengths in characters (code
 * points), rule field-too-long; the reasons for each number are in
 * docs/security.md, "Limits". */
#define ARCHDOC_MAX_CONNECTION_NUMBER 1000000u
#define ARCHDOC_MAX_ID_LENGTH 128u            /* ids and what names them: from, to, classify-by, n, column */
#define ARCHDOC_MAX_SHORT_TEXT 256u           /* title, kind, protocol, classification, columns, <header> */
#define ARCHDOC_MAX_LAYOUT_TEXT 65536u        /* <diagram layout>: a pin names every component */
#define ARCHDOC_MAX_PORT_TEXT 16384u          /* port, as written */
#define ARCHDOC_MAX_DATA_LENGTH 10000u        /* a connection's data sentence */
#define ARCHDOC_MAX_DESCRIPTION_LENGTH 65536u /* <description> */
/* views in a model and rules (include, exclude, collapse) in a view, and
 * the deepest depth="N", rule too-many-views */
#define ARCHDOC_MAX_VIEWS 1000u
#define ARCHDOC_MAX_VIEW_RULES 1000u
#define ARCHDOC_MAX_VIEW_DEPTH 100u
/* ends on one side of a connection (from="a b c"), rule too-many-ends;
 * the attribute's length follows from it */
#define ARCHDOC_MAX_ENDS 16u
#define ARCHDOC_MAX_END_LIST (ARCHDOC_MAX_ENDS * (ARCHDOC_MAX_ID_LENGTH + 1u))
/* ports and ranges in one port attribute, rule too-many-ports */
#define ARCHDOC_MAX_PORTS 1024u

#endif
