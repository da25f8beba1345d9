/*
 * The diagram pipeline's internal steps (render.c drives them):
 *   build   model -> scene (build.c)
 *   layout  the engine places the scene (engine.h, graphviz.c)
 *   route   archdoc's own edge routing on the placed scene (route.c)
 *   legend  a legend laid out on its own and placed beside (legend.c)
 *   draw    the engine renders; SVG is then post-processed (svg.c)
 */
#ifndef ARCHDOC_DIAGRAM_H
#define ARCHDOC_DIAGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "archdoc/context.h"
#include "archdoc/model.h"
#include "archdoc/render.h"
#include "engine.h"
#include "scene.h"

/* A layout strategy with its tuning (from --layout). */
typedef struct archdoc_diagram__strategy {
	int badges;                 /* numbered badge nodes; 0: plain edge labels */
	int large;                  /* the large strategy (params.pack): packed boundaries, straight lines */
	archdoc_diagram__params params;
	int order;                  /* creation order: bit 0 components, bit 1 connections reversed */
	int fixed_order;
	int flip;                   /* flat connections start on the left instead of the right */
	int fixed_flip;
	int fixed_rankdir, fixed_flat, fixed_ratio;  /* set by the user: not searched */
	int fixed_ranksep;          /* set by the user (or the pin): not widened */
	archdoc_diagram_label label;
	const char *rows;           /* the pin's rows= (not terminated), or NULL */
	size_t rows_len;
	unsigned long long shape;   /* the pin's shape=, when has_shape */
	int has_shape;
	int nudge;                  /* push apart lines that run together (nudge.c): done
	                               for the drawing, not for each try of the search */
} archdoc_diagram__strategy;

/*
 * Models with more connections than this are drawn with the large strategy
 * unless --layout names one (docs/diagram.md, "Size"): dot's layout grows
 * much faster than linearly with clusters and thousands of edges.
 */
#define ARCHDOC_DIAGRAM_LARGE_CONNECTIONS 1000

/* Switch a strategy to the large one (packed boundaries, straight lines). */
void archdoc_diagram__strategy_large(archdoc_diagram__strategy *st);

/* Parse "badges,rankdir=LR,...". NULL on success, else a static message. */
const char *archdoc_diagram__strategy_parse(archdoc_diagram__strategy *st, const char *text);

/* The model's picture as a scene (not yet placed). 0 or ARCHDOC_ENOMEM. */
int archdoc_diagram__build(archdoc_diagram__scene *s, const archdoc_model *m,
		const archdoc_diagram__strategy *st);

/*
 * The pin that holds (pin.c). The builder records the drawing's shape (a
 * hash of everything the layout sees) in s->shape; when a pin's shape
 * differs, the model changed since the pin was taken and pin_rows keeps
 * every component the pin's rows name on its rank and in its order, with
 * invisible layout-only edges that pin_drop removes after the layout.
 * pin_rows_text writes a placed scene's rows for the layout text.
 */
uint64_t archdoc_diagram__pin_shape(const archdoc_diagram__scene *s);
int archdoc_diagram__pin_rows(archdoc_diagram__scene *s, const archdoc_diagram__strategy *st);
void archdoc_diagram__pin_drop(archdoc_diagram__scene *s);
struct archdoc_buf;
void archdoc_diagram__pin_rows_text(struct archdoc_buf *b, const archdoc_diagram__scene *s);

/* Redraw edges of a placed scene. 0 or ARCHDOC_ENOMEM. */
int archdoc_diagram__route(archdoc_diagram__scene *s, const archdoc_diagram__strategy *st);

/*
 * Titles that routing found no line-free place for (title_blocked in the
 * placed scene first) get room in the layout itself: s, built again the
 * same way, gains for each such boundary an invisible node the size of the
 * title at the left end of the boundary's first row, and the boundary
 * loses its title band. After the layout, title_rows_take turns those
 * nodes into title positions and removes them. 1 when s changed, 0 when
 * no title needed it, -1 on out of memory.
 */
int archdoc_diagram__title_rows_add(archdoc_diagram__scene *s, const archdoc_diagram__scene *first);
void archdoc_diagram__title_rows_take(archdoc_diagram__scene *s);

/* Route again, on a grid around components, badges and titles, every
 * connection whose line is much longer than the straight way between its
 * ends (reroute.c). 0 or ARCHDOC_ENOMEM. */
int archdoc_diagram__reroute_detours(archdoc_diagram__scene *s);

/* One connection's drawn parts: its one or two edges (tail half, head
 * half; the same edge when it has no badge), its badge node and its two
 * ends (node indices, -1 when missing). */
typedef struct archdoc_diagram__parts {
	int tail_edge, head_edge, badge;
	int from, to;
} archdoc_diagram__parts;

/* Every connection's parts, by connection index; *conns set to how many
 * (NULL with *conns 0: none; with *conns not 0: out of memory). The
 * caller frees the array (reroute.c). */
archdoc_diagram__parts *archdoc_diagram__parts_of(const archdoc_diagram__scene *s, size_t *conns);
/* The length of a connection's drawn line, and where an edge's line ends
 * (its arrowhead's tip when it has one); a point of a cubic piece p[0..3]
 * at t (reroute.c). */
double archdoc_diagram__line_length(const archdoc_diagram__scene *s, const archdoc_diagram__parts *p);
archdoc_diagram__pt archdoc_diagram__line_end(const archdoc_diagram__edge *e);
archdoc_diagram__pt archdoc_diagram__bezier_at(const archdoc_diagram__pt *p, double t);

/* The grid router of reroute.c, for routing lines again one by one: a grid
 * over scene s as it stands (its bounds computed), where with halo the
 * cells beside other lines cost like the lines. NULL on out of memory. */
typedef struct archdoc_diagram__router archdoc_diagram__router;
archdoc_diagram__router *archdoc_diagram__router_new(const archdoc_diagram__scene *s, int halo);
void archdoc_diagram__router_free(archdoc_diagram__router *g);
double archdoc_diagram__router_cell(const archdoc_diagram__router *g);
/* Connection p routed round the components, badges and titles of s on g
 * (first a way wide enough for its badge, then any), its badge moved onto
 * the new line, when a way costs at most limit (grid steps plus corner
 * and busy costs): 1 routed, 0 no way, -1 out of memory. */
int archdoc_diagram__route_round(archdoc_diagram__scene *s, archdoc_diagram__router *g,
		const archdoc_diagram__parts *p, unsigned limit);

/* Route again, away from every other line, the lines of what a reader
 * could still misread in the finished drawing (two lines that run
 * together, a line through a component or a title, a badge nearer
 * another line, a detour, piled-up arrowheads), each kept when the
 * drawing then measures fewer such things (misread.c). 0 or
 * ARCHDOC_ENOMEM. */
int archdoc_diagram__reroute_misreads(archdoc_diagram__scene *s);

/* The readability figures (quality.c) of the drawing render would make
 * of m with opts (layout chosen as render chooses it, legend left out).
 * For tests and measuring. 0, or what the layout returned. */
struct archdoc_diagram__score;
int archdoc_diagram__figures(archdoc_context *ctx, const archdoc_model *m, const archdoc_diagram_options *opts,
		struct archdoc_diagram__score *out);

/* A point of n's outline on side (0 bottom, 1 top, 2 left, 3 right) at
 * coordinate along (x for top and bottom, y for the sides); how far from
 * n's centre along that side an end may sit, within its straight part
 * (route.c). */
archdoc_diagram__pt archdoc_diagram__outline(const archdoc_diagram__node *n, int side, double along);
double archdoc_diagram__side_reach(const archdoc_diagram__node *n, int side);
/* Ends at want[0..k) (ascending), spread from where they were (means
 * mean_old, mean_new): the shift that centres them on where they were,
 * kept within reach of centre along their side (route.c). */
double archdoc_diagram__run_shift(const double *want, size_t k, double mean_old, double mean_new, double centre,
		double reach);

/* Does e's line run across the middle of a component other than its two
 * ends, not only clip a corner (route.c)? */
int archdoc_diagram__runs_across(const archdoc_diagram__scene *s, const archdoc_diagram__edge *e);

/* Push apart the stretches of lines that run together (nudge.c). 0 or
 * ARCHDOC_ENOMEM. */
int archdoc_diagram__nudge(archdoc_diagram__scene *s);

/* Shrink every empty band of the placed scene (compact.c). 0 or
 * ARCHDOC_ENOMEM. */
int archdoc_diagram__compact(archdoc_diagram__scene *s);

/* The change a line of a diff's picture shows: its connection's, or, for
 * a line to an end only one version has, '+' or '-' (changes.c). */
char archdoc_diagram__line_change(const archdoc_diagram__scene *s, const archdoc_model *m,
		const archdoc_diagram__edge *e);
/* Style each element of a diff's union model by its change (changes.c);
 * nothing for other models. 0 or -1 on out of memory. */
int archdoc_diagram__mark_changes(archdoc_diagram__scene *s, const archdoc_model *m);

/* Add the caption (the model's title) above the placed drawing. */
int archdoc_diagram__caption(archdoc_context *ctx, const archdoc_diagram__engine *engine,
		archdoc_diagram__scene *s, const archdoc_model *m);

/* Add a placed legend of the kinds the model uses beside the drawing. */
int archdoc_diagram__legend(archdoc_context *ctx, const archdoc_diagram__engine *engine,
		archdoc_diagram__scene *s, const archdoc_model *m, archdoc_diagram_label label);

/* Component look per kind, shared by the builder and the legend. */
typedef struct archdoc_diagram__look {
	archdoc_diagram__shape shape;
	unsigned style;
	int fill, stroke;           /* archdoc_diagram__colour */
	const char *what;           /* legend text */
} archdoc_diagram__look;
const archdoc_diagram__look *archdoc_diagram__look_of(const char *kind);

/*
 * Turn Graphviz's SVG into the contract (docs/svg-contract.md): groups and
 * ids per component, boundary and connection, title/desc/role, the theme,
 * links, nothing version-specific. *out malloc'd.
 */
int archdoc_diagram__svg_finish(archdoc_context *ctx, const archdoc_model *m,
		const archdoc_diagram__scene *s, const archdoc_diagram_options *opts,
		const char *svg, size_t len, char **out, size_t *out_len);

/* Markdown (a data sentence, a description) as one line of plain text,
 * malloc'd; NULL on out of memory. */
char *archdoc_diagram__plain(const char *markdown);

#endif
