/*
 * The scene: what the diagram shows, independent of the layout engine.
 *
 * The graph builder (build.c) turns a model into a scene; an engine
 * (engine.h) places its nodes and clusters and routes its edges, writing the
 * geometry back into the scene; archdoc's router (route.c) may then redraw
 * edges; finally the engine draws the placed scene in the output format.
 * Geometry is in points (1/72 inch) with y growing upwards, as Graphviz has
 * it. Strings live in the scene's arena.
 */
#ifndef ARCHDOC_DIAGRAM_SCENE_H
#define ARCHDOC_DIAGRAM_SCENE_H

#include <stddef.h>

#include "arena.h"

typedef struct archdoc_diagram__pt {
	double x, y;
} archdoc_diagram__pt;

/* Shapes the engines know; each maps to one Graphviz shape. */
typedef enum archdoc_diagram__shape {
	ARCHDOC_SHAPE_BOX,
	ARCHDOC_SHAPE_CYLINDER,
	ARCHDOC_SHAPE_HEXAGON,
	ARCHDOC_SHAPE_OCTAGON,
	ARCHDOC_SHAPE_NOTE,
	ARCHDOC_SHAPE_TAB,
	ARCHDOC_SHAPE_FOLDER,
	ARCHDOC_SHAPE_BOX3D,
	ARCHDOC_SHAPE_OVAL,
	ARCHDOC_SHAPE_CDS,
	ARCHDOC_SHAPE_COMPONENT,
	ARCHDOC_SHAPE_CIRCLE,
	ARCHDOC_SHAPE_PLAIN       /* text only */
} archdoc_diagram__shape;

/* Style bits for nodes, clusters and edges. */
#define ARCHDOC_STYLE_ROUNDED (1u << 0)
#define ARCHDOC_STYLE_DASHED (1u << 1)
#define ARCHDOC_STYLE_DOTTED (1u << 2)
#define ARCHDOC_STYLE_FILLED (1u << 3)
#define ARCHDOC_STYLE_BOLD (1u << 4)
#define ARCHDOC_STYLE_INVISIBLE (1u << 5)

typedef enum archdoc_diagram__role {
	ARCHDOC_ROLE_COMPONENT,
	ARCHDOC_ROLE_BADGE,
	ARCHDOC_ROLE_LEGEND,
	ARCHDOC_ROLE_TITLE,        /* room for a boundary's title in the layout; taken out after */
	ARCHDOC_ROLE_CAPTION       /* the drawing's title, above it */
} archdoc_diagram__role;

typedef struct archdoc_diagram__node {
	const char *name;          /* unique key in the engine's graph (ASCII) */
	const char *svg_id;        /* id of its group in the SVG */
	const char *label;         /* plain text; '\n' separates lines */
	archdoc_diagram__role role;
	archdoc_diagram__shape shape;
	unsigned style;
	const char *fill, *stroke, *text;   /* "#rrggbb" */
	const char *font;          /* font name; NULL: the scene's */
	double font_size;
	double width, height;      /* points; with fixed: exact, else minimum; 0: auto */
	int fixed;
	double penwidth;           /* 0: 1 */
	int ring;                  /* a circle drawn with a second ring (a diff's changed badge) */
	int cluster;               /* index of the enclosing cluster, -1: none */
	size_t ref;                /* component or connection index */
	const char *group;         /* Graphviz "group" (keeps a column straight), or NULL */
	/* a legend sample: what it shows ("badge", "boundary", "boundary-inner",
	 * "component", a diff's "added", "removed", "changed", "unchanged";
	 * its class in the SVG, legend-WHAT, so that the style sheet themes it
	 * like the drawing), and a component's kind; or NULL */
	const char *sample, *sample_kind;
	int rank_group;            /* >0: nodes sharing it sit on one rank; 0: free */
	int pin_rank;              /* >0: a pinned rank (pin.c), across boundaries; 0: free */
	int pin_pos;               /* its place in that rank, from 0 */
	double need_w, need_h;     /* routing found the node too small for the lines
	                              arriving at one side: the size they need, 0: fine */
	/* geometry */
	archdoc_diagram__pt pos;   /* centre */
	double w, h;               /* size, points */
} archdoc_diagram__node;

/* How far a node's drawing rises above its box (y up): Graphviz draws the
 * tab of the "tab" and "folder" shapes above the box, not in it. */
#define ARCHDOC_DIAGRAM__TAB_RISE 4.0
#define archdoc_diagram__node_rise(n) \
	((n)->shape == ARCHDOC_SHAPE_TAB || (n)->shape == ARCHDOC_SHAPE_FOLDER ? ARCHDOC_DIAGRAM__TAB_RISE : 0.0)

typedef struct archdoc_diagram__cluster {
	const char *name;          /* engine key; starts with "cluster" */
	const char *svg_id;
	const char *label;
	int parent;                /* -1 at top level */
	size_t ref;                /* boundary index */
	int legend;                /* the legend's frame, not a boundary */
	int title_blocked;         /* routing found no place for the title free of lines */
	int title_row;             /* the title sits at the left of the boundary's first
	                              row, in room the layout kept for it (no band above) */
	unsigned style;
	const char *fill, *stroke, *text;
	const char *font;
	double font_size;
	/* geometry */
	double x0, y0, x1, y1;
	archdoc_diagram__pt label_pos;
	double label_w, label_h;
} archdoc_diagram__cluster;

typedef struct archdoc_diagram__edge {
	int tail, head;            /* node indices */
	const char *svg_id;
	int arrow;                 /* arrowhead at head */
	const char *color;
	double penwidth;           /* 0: 1 */
	unsigned style;
	double weight;             /* 0: 1 */
	int minlen;                /* 0: 1 */
	int no_constraint;         /* does not influence ranks */
	int same_rank;             /* minlen 0: on its head's rank, to its left */
	const char *label;         /* edge label (the "labels" strategy), or NULL */
	const char *font;
	double font_size;
	const char *tailport, *headport;  /* compass points, or NULL */
	size_t conn;               /* connection index */
	int half;                  /* 0: the whole connection; 1: tail half; 2: head half;
	                              3, 4: a spoke from a further source, to a further
	                              destination (from="a b"; build.c) */
	int layout_only;           /* holds a pin during the layout; removed after it */
	int reversed;              /* laid out head to tail (breaks a cycle, or a flat
	                              connection placed to the left); drawn as given */
	/* geometry: a cubic Bezier chain of 3k+1 points; tip when arrow */
	archdoc_diagram__pt *pts;
	size_t npts;
	int has_tip;
	archdoc_diagram__pt tip;
	int has_label_pos;
	archdoc_diagram__pt label_pos;
} archdoc_diagram__edge;

/* Graph-wide layout settings (the strategy's tuning). */
typedef struct archdoc_diagram__params {
	int rankdir_lr;            /* 0: top to bottom, 1: left to right */
	double ranksep, nodesep;   /* inches */
	const char *splines;       /* "spline", "polyline", "ortho", "line" */
	int newrank;
	int route;                 /* archdoc's own edge routing after layout */
	int join;                  /* run each line through its badge's centre */
	int flat;                  /* connections inside one boundary run along a rank */
	int mclimit;               /* crossing-minimisation effort, 0: Graphviz's */
	double ratio;              /* stretch ranks to at least this height/width, 0: off */
	int pack;                  /* the large strategy: boundaries packed by Graphviz's osage,
	                              components only; archdoc draws every line and badge */
} archdoc_diagram__params;

typedef struct archdoc_diagram__scene {
	archdoc_arena *arena;
	archdoc_diagram__node *nodes;
	size_t node_count, node_cap;
	archdoc_diagram__cluster *clusters;
	size_t cluster_count, cluster_cap;
	archdoc_diagram__edge *edges;
	size_t edge_count, edge_cap;
	archdoc_diagram__params params;
	const char *font;          /* default font name */
	const char *background;    /* "#rrggbb" or "transparent" */
	unsigned dpi;              /* bitmap resolution */
	int placed;                /* geometry is filled in */
	unsigned long long shape;  /* what the layout sees, hashed (pin.c) */
	double x0, y0, x1, y1;     /* bounding box when placed */
} archdoc_diagram__scene;

archdoc_diagram__scene *archdoc_diagram__scene_new(void);
void archdoc_diagram__scene_free(archdoc_diagram__scene *s);
/*
 * A scene to add to (a legend) and draw, sharing src's strings and edge
 * points: its own item arrays and arena, so src stays as it is; src must
 * outlive it. NULL on out of memory.
 */
archdoc_diagram__scene *archdoc_diagram__scene_borrow(const archdoc_diagram__scene *src);
/*
 * Copy every string the scene points to into its own arena, so that it no
 * longer refers to the model it was built from (the layout cache outlives
 * models). 0 or -1 on out of memory.
 */
int archdoc_diagram__scene_own_strings(archdoc_diagram__scene *s);
/* Append a zeroed item; returns its index, or -1 on out of memory. */
int archdoc_diagram__scene_add_node(archdoc_diagram__scene *s);
int archdoc_diagram__scene_add_cluster(archdoc_diagram__scene *s);
int archdoc_diagram__scene_add_edge(archdoc_diagram__scene *s);
/* Arena strings; NULL on out of memory. */
char *archdoc_diagram__strdup(archdoc_diagram__scene *s, const char *text);
char *archdoc_diagram__printf(archdoc_diagram__scene *s, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* Replace an edge's points with a copy of pts (arena). 0 or -1. */
int archdoc_diagram__edge_set_points(archdoc_diagram__scene *s, archdoc_diagram__edge *e,
		const archdoc_diagram__pt *pts, size_t n);
/* Recompute the scene's bounding box from its geometry. */
void archdoc_diagram__scene_bounds(archdoc_diagram__scene *s);

/* The box a boundary's title covers when placed (its text, as wide as
 * Graphviz measured it or a generous estimate of bold text, whichever is
 * wider), grown by grow on every side. */
void archdoc_diagram__title_box(const archdoc_diagram__cluster *c, double grow,
		archdoc_diagram__pt *lo, archdoc_diagram__pt *hi);
/* Its width alone. */
double archdoc_diagram__title_width(const archdoc_diagram__cluster *c);

/* Least distance between two arrow tips on one side of a component; the
 * builder makes a component with many arriving lines wide enough for them. */
#define ARCHDOC_DIAGRAM__HEAD_GAP 10.0

/* Put after an '&' that would start an entity in text handed to Graphviz
 * (graphviz.c) and removed from the SVG's text again (svg.c): U+2060. */
#define ARCHDOC_DIAGRAM__ENTITY_BREAK "\xE2\x81\xA0"

#endif
