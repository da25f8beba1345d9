/*
 * The layout text: "badges,rankdir=LR,...", written in a model's
 * <diagram layout="..."> and given to render and layout as --layout. Its
 * grammar is part of the model format, so it is read here, where the
 * loader can check it without the diagram backend; the diagram turns a
 * parsed text into its drawing strategy (diagram/render.c).
 */
#ifndef ARCHDOC_LAYOUT_H
#define ARCHDOC_LAYOUT_H

#include <stddef.h>

typedef enum archdoc_layout_strategy {
	ARCHDOC_LAYOUT_BADGES,      /* the default */
	ARCHDOC_LAYOUT_LABELS,
	ARCHDOC_LAYOUT_LARGE
} archdoc_layout_strategy;

/* Which settings the text wrote (archdoc_layout_spec.set). */
enum {
	ARCHDOC_LAYOUT_SET_RANKDIR = 1u << 0,
	ARCHDOC_LAYOUT_SET_RANKSEP = 1u << 1,
	ARCHDOC_LAYOUT_SET_NODESEP = 1u << 2,
	ARCHDOC_LAYOUT_SET_SPLINES = 1u << 3,
	ARCHDOC_LAYOUT_SET_RATIO = 1u << 4,
	ARCHDOC_LAYOUT_SET_MCLIMIT = 1u << 5,
	ARCHDOC_LAYOUT_SET_NEWRANK = 1u << 6,
	ARCHDOC_LAYOUT_SET_ROUTE = 1u << 7,
	ARCHDOC_LAYOUT_SET_JOIN = 1u << 8,
	ARCHDOC_LAYOUT_SET_FLAT = 1u << 9,
	ARCHDOC_LAYOUT_SET_FLIP = 1u << 10,
	ARCHDOC_LAYOUT_SET_ORDER = 1u << 11,
	ARCHDOC_LAYOUT_SET_ROWS = 1u << 12,
	ARCHDOC_LAYOUT_SET_SHAPE = 1u << 13
};

/* A layout text, read: the strategy word (first, optional) and the
 * KEY=VALUE settings after it, each value only meaningful when its bit is
 * in set (the last one written wins). */
typedef struct archdoc_layout_spec {
	archdoc_layout_strategy strategy;
	unsigned set;
	int rankdir_lr;            /* rankdir=LR */
	double ranksep, nodesep;   /* inches */
	const char *splines;       /* static: "spline", "polyline" or "line" */
	double ratio;
	int mclimit;
	int newrank, route, join, flat, flip;   /* 0 or 1 */
	int order;
	/* rows=a b/c d: the components of each rank in order, ranks separated
	 * by '/'; kept as an offset and length into the parsed text */
	size_t rows_at, rows_len;
	/* shape=HEX: the hash of the drawing the rows were taken from */
	unsigned long long shape;
} archdoc_layout_spec;

/* The longest layout text, in bytes: a pin records every component's id
 * (rows=), so it grows with the model (ARCHDOC_MAX_LAYOUT_TEXT). */
#define ARCHDOC_LAYOUT_MAX_TEXT 65536

/* Parse text (NULL or "" is the default: badges, nothing set). NULL on
 * success, else a static message saying what is wrong. */
const char *archdoc_layout_parse(archdoc_layout_spec *out, const char *text);

#endif
