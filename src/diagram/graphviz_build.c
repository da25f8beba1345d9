/*
 * The cgraph graph of a scene, created in scene order (so the same model
 * always gives the same layout): to lay out, with archdoc's settings; or
 * placed, with every position given, for the "nop2" engine to draw.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "archdoc/errors.h"
#include "buf.h"
#include "graphviz.h"
#include "num.h"

/* Attributes, declared once per graph with Graphviz's own defaults. */
typedef struct gv_syms {
	Agsym_t *g_label, *g_style, *g_color, *g_fillcolor, *g_fontcolor, *g_fontname, *g_fontsize,
		*g_labeljust, *g_id, *g_bb, *g_lp, *g_penwidth;
	Agsym_t *n_shape, *n_style, *n_fillcolor, *n_color, *n_fontcolor, *n_fontname, *n_fontsize,
		*n_label, *n_width, *n_height, *n_fixedsize, *n_penwidth, *n_id, *n_group, *n_pos,
		*n_margin;
	Agsym_t *e_arrowhead, *e_arrowtail, *e_dir, *e_color, *e_penwidth, *e_style, *e_weight, *e_minlen, *e_constraint,
		*e_label, *e_fontname, *e_fontsize, *e_fontcolor, *e_tailport, *e_headport, *e_id,
		*e_pos, *e_lp;
} gv_syms;

static const char *shape_name(archdoc_diagram__shape s)
{
	switch (s) {
	case ARCHDOC_SHAPE_CYLINDER: return "cylinder";
	case ARCHDOC_SHAPE_HEXAGON: return "hexagon";
	case ARCHDOC_SHAPE_OCTAGON: return "octagon";
	case ARCHDOC_SHAPE_NOTE: return "note";
	case ARCHDOC_SHAPE_TAB: return "tab";
	case ARCHDOC_SHAPE_FOLDER: return "folder";
	case ARCHDOC_SHAPE_BOX3D: return "box3d";
	case ARCHDOC_SHAPE_OVAL: return "ellipse";
	case ARCHDOC_SHAPE_CDS: return "cds";
	case ARCHDOC_SHAPE_COMPONENT: return "component";
	case ARCHDOC_SHAPE_CIRCLE: return "circle";
	case ARCHDOC_SHAPE_PLAIN: return "plaintext";
	case ARCHDOC_SHAPE_BOX:
	default: return "box";
	}
}

static void style_text(archdoc_buf *b, unsigned style)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ ARCHDOC_STYLE_ROUNDED, "rounded" }, { ARCHDOC_STYLE_DASHED, "dashed" },
		{ ARCHDOC_STYLE_DOTTED, "dotted" }, { ARCHDOC_STYLE_FILLED, "filled" },
		{ ARCHDOC_STYLE_BOLD, "bold" }, { ARCHDOC_STYLE_INVISIBLE, "invis" }
	};

	archdoc_buf_clear(b);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(style & names[i].bit))
			continue;
		if (b->len)
			archdoc_buf_putc(b, ',');
		archdoc_buf_puts(b, names[i].name);
	}
	archdoc_buf_putc(b, '\0');
	b->len--;
}

/*
 * User text as an escString: backslashes doubled, newlines as \n. Graphviz
 * also reads "&name;" and "&#N;" in labels as entities, and its SVG writer
 * passes anything shaped like one through unescaped, so a title holding
 * "&#1;" would make the SVG not well-formed. A word joiner (U+2060, no
 * width) after such an '&' breaks the shape; svg.c takes it out again.
 */
static void esc_text(archdoc_buf *b, const char *text)
{
	archdoc_buf_clear(b);
	for (const char *p = text ? text : ""; *p; p++) {
		if (*p == '\\')
			archdoc_buf_puts(b, "\\\\");
		else if (*p == '\n')
			archdoc_buf_puts(b, "\\n");
		else if (*p == '&' && (p[1] == '#' || (p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z')))
			archdoc_buf_puts(b, "&" ARCHDOC_DIAGRAM__ENTITY_BREAK);
		else
			archdoc_buf_putc(b, *p);
	}
	archdoc_buf_putc(b, '\0');
	b->len--;
}

static void num(archdoc_buf *b, double v)
{
	char t[48];

	archdoc_num_format(t, sizeof(t), v);
	archdoc_buf_puts(b, t);
}

static void set(void *obj, Agsym_t *sym, const char *value)
{
	if (value)
		agxset(obj, sym, S(value));
}

static void set_num(void *obj, Agsym_t *sym, archdoc_buf *b, double v)
{
	archdoc_buf_clear(b);
	num(b, v);
	set(obj, sym, b->ptr);
}

/* Every attribute archdoc sets, with Graphviz's own default, declared in
 * this order; placed_only ones only on a graph that is already laid out. */
static const struct {
	int kind;
	const char *name, *def;
	size_t at;              /* its Agsym_t * in gv_syms */
	int placed_only;
} symbols[] = {
	{ AGRAPH, "label", "", offsetof(gv_syms, g_label), 0 },
	{ AGRAPH, "style", "", offsetof(gv_syms, g_style), 0 },
	{ AGRAPH, "color", "black", offsetof(gv_syms, g_color), 0 },
	{ AGRAPH, "fillcolor", "", offsetof(gv_syms, g_fillcolor), 0 },
	{ AGRAPH, "fontcolor", "black", offsetof(gv_syms, g_fontcolor), 0 },
	{ AGRAPH, "fontname", "Times-Roman", offsetof(gv_syms, g_fontname), 0 },
	{ AGRAPH, "fontsize", "14", offsetof(gv_syms, g_fontsize), 0 },
	{ AGRAPH, "labeljust", "c", offsetof(gv_syms, g_labeljust), 0 },
	{ AGRAPH, "id", "", offsetof(gv_syms, g_id), 0 },
	{ AGRAPH, "penwidth", "1", offsetof(gv_syms, g_penwidth), 0 },
	{ AGRAPH, "bb", "", offsetof(gv_syms, g_bb), 1 },
	{ AGRAPH, "lp", "", offsetof(gv_syms, g_lp), 1 },
	{ AGNODE, "shape", "ellipse", offsetof(gv_syms, n_shape), 0 },
	{ AGNODE, "style", "", offsetof(gv_syms, n_style), 0 },
	{ AGNODE, "fillcolor", "lightgrey", offsetof(gv_syms, n_fillcolor), 0 },
	{ AGNODE, "color", "black", offsetof(gv_syms, n_color), 0 },
	{ AGNODE, "fontcolor", "black", offsetof(gv_syms, n_fontcolor), 0 },
	{ AGNODE, "fontname", "Times-Roman", offsetof(gv_syms, n_fontname), 0 },
	{ AGNODE, "fontsize", "14", offsetof(gv_syms, n_fontsize), 0 },
	{ AGNODE, "label", "\\N", offsetof(gv_syms, n_label), 0 },
	{ AGNODE, "width", "0.75", offsetof(gv_syms, n_width), 0 },
	{ AGNODE, "height", "0.5", offsetof(gv_syms, n_height), 0 },
	{ AGNODE, "fixedsize", "false", offsetof(gv_syms, n_fixedsize), 0 },
	{ AGNODE, "penwidth", "1", offsetof(gv_syms, n_penwidth), 0 },
	{ AGNODE, "id", "", offsetof(gv_syms, n_id), 0 },
	{ AGNODE, "group", "", offsetof(gv_syms, n_group), 0 },
	{ AGNODE, "margin", "", offsetof(gv_syms, n_margin), 0 },
	{ AGNODE, "pos", "", offsetof(gv_syms, n_pos), 1 },
	{ AGEDGE, "arrowhead", "normal", offsetof(gv_syms, e_arrowhead), 0 },
	{ AGEDGE, "arrowtail", "normal", offsetof(gv_syms, e_arrowtail), 0 },
	{ AGEDGE, "dir", "forward", offsetof(gv_syms, e_dir), 0 },
	{ AGEDGE, "color", "black", offsetof(gv_syms, e_color), 0 },
	{ AGEDGE, "penwidth", "1", offsetof(gv_syms, e_penwidth), 0 },
	{ AGEDGE, "style", "", offsetof(gv_syms, e_style), 0 },
	{ AGEDGE, "weight", "1", offsetof(gv_syms, e_weight), 0 },
	{ AGEDGE, "minlen", "1", offsetof(gv_syms, e_minlen), 0 },
	{ AGEDGE, "constraint", "true", offsetof(gv_syms, e_constraint), 0 },
	{ AGEDGE, "label", "", offsetof(gv_syms, e_label), 0 },
	{ AGEDGE, "fontname", "Times-Roman", offsetof(gv_syms, e_fontname), 0 },
	{ AGEDGE, "fontsize", "14", offsetof(gv_syms, e_fontsize), 0 },
	{ AGEDGE, "fontcolor", "black", offsetof(gv_syms, e_fontcolor), 0 },
	{ AGEDGE, "tailport", "", offsetof(gv_syms, e_tailport), 0 },
	{ AGEDGE, "headport", "", offsetof(gv_syms, e_headport), 0 },
	{ AGEDGE, "id", "", offsetof(gv_syms, e_id), 0 },
	{ AGEDGE, "pos", "", offsetof(gv_syms, e_pos), 1 },
	{ AGEDGE, "lp", "", offsetof(gv_syms, e_lp), 1 },
};

static void declare(Agraph_t *g, gv_syms *y, int placed)
{
	for (size_t i = 0; i < sizeof(symbols) / sizeof(symbols[0]); i++) {
		Agsym_t *sym = NULL;

		if (placed || !symbols[i].placed_only)
			sym = agattr(g, symbols[i].kind, S(symbols[i].name), S(symbols[i].def));
		memcpy((char *)y + symbols[i].at, &sym, sizeof(sym));
	}
}

void archdoc_gv__graph_free(gv_graph *G)
{
	if (G->g)
		agclose(G->g);
	free(G->subs);
	free(G->nodes);
	free(G->edges);
	memset(G, 0, sizeof(*G));
}

static void graph_attr(Agraph_t *g, const char *name, const char *value)
{
	/* graph-only settings, each from archdoc's own short list */
	Agsym_t *sym = agattr(g, AGRAPH, S(name), S(""));

	if (sym)
		agxset(g, sym, S(value));
}

static void put_bb(archdoc_buf *b, double x0, double y0, double x1, double y1)
{
	archdoc_buf_clear(b);
	num(b, x0);
	archdoc_buf_putc(b, ',');
	num(b, y0);
	archdoc_buf_putc(b, ',');
	num(b, x1);
	archdoc_buf_putc(b, ',');
	num(b, y1);
}

static void put_pt(archdoc_buf *b, archdoc_diagram__pt p)
{
	num(b, p.x);
	archdoc_buf_putc(b, ',');
	num(b, p.y);
}

/* The large strategy's spacing between packed boxes (points). */
#define PACK_MARGIN "36"

/* osage's packing of a boundary: an array with about as many columns as
 * rows of the items it directly holds. */
static const char *pack_mode(archdoc_buf *b, size_t items)
{
	size_t cols = 1;

	while (cols * cols < items)
		cols++;
	archdoc_buf_clear(b);
	archdoc_buf_printf(b, "array_c%zu", cols);
	return b->ptr ? b->ptr : "array";
}

/* How many components and boundaries each boundary directly holds; the
 * top level's count is the last entry. NULL on out of memory. */
static size_t *pack_items(const archdoc_diagram__scene *s)
{
	size_t *items = calloc(s->cluster_count + 1, sizeof(*items));

	if (!items)
		return NULL;
	for (size_t i = 0; i < s->node_count; i++)
		if (s->nodes[i].role != ARCHDOC_ROLE_BADGE)
			items[s->nodes[i].cluster >= 0 ? (size_t)s->nodes[i].cluster : s->cluster_count]++;
	for (size_t i = 0; i < s->cluster_count; i++)
		items[s->clusters[i].parent >= 0 ? (size_t)s->clusters[i].parent : s->cluster_count]++;
	return items;
}

typedef struct pinned {
	int rank, pos;
	size_t i;
} pinned;

static int pinned_cmp(const void *pa, const void *pb)
{
	const pinned *a = pa, *b = pb;

	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if (a->pos != b->pos)
		return a->pos < b->pos ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* The order nodes are made in, which seeds dot's ordering: a pin's
 * components first, rank by rank in their order (pin.c), then the rest
 * as the scene has them. NULL on out of memory. */
static size_t *creation_order(const archdoc_diagram__scene *s)
{
	size_t *order = malloc((s->node_count + 1) * sizeof(*order));
	pinned *p = malloc((s->node_count + 1) * sizeof(*p));
	size_t np = 0, k = 0;

	if (!order || !p) {
		free(order);
		free(p);
		return NULL;
	}
	for (size_t i = 0; i < s->node_count; i++)
		if (s->nodes[i].pin_rank > 0)
			p[np].rank = s->nodes[i].pin_rank, p[np].pos = s->nodes[i].pin_pos, p[np++].i = i;
	qsort(p, np, sizeof(*p), pinned_cmp);
	for (size_t j = 0; j < np; j++)
		order[k++] = p[j].i;
	for (size_t i = 0; i < s->node_count; i++)
		if (s->nodes[i].pin_rank <= 0)
			order[k++] = i;
	free(p);
	return order;
}

static int holds_pin(const archdoc_diagram__scene *s)
{
	for (size_t i = 0; i < s->node_count; i++)
		if (s->nodes[i].pin_rank > 0)
			return 1;
	return 0;
}

/* The layout's settings as graph attributes: for the layout itself, and
 * written into an exported DOT so that dot lays out the same graph. */
static void layout_settings(Agraph_t *g, const archdoc_diagram__scene *s, archdoc_buf *b)
{
	const archdoc_diagram__params *p = &s->params;

	graph_attr(g, "rankdir", p->rankdir_lr ? "LR" : "TB");
	if (p->newrank)
		graph_attr(g, "newrank", "true");
	graph_attr(g, "splines", p->splines ? p->splines : "spline");
	archdoc_buf_clear(b);
	num(b, p->ranksep > 0 ? p->ranksep : 0.5);
	graph_attr(g, "ranksep", b->ptr);
	archdoc_buf_clear(b);
	num(b, p->nodesep > 0 ? p->nodesep : 0.25);
	graph_attr(g, "nodesep", b->ptr);
	if (p->ratio > 0) {
		archdoc_buf_clear(b);
		num(b, p->ratio);
		graph_attr(g, "ratio", b->ptr);
	}
	if (p->mclimit > 0) {
		archdoc_buf_clear(b);
		num(b, p->mclimit);
		graph_attr(g, "mclimit", b->ptr);
	} else if (holds_pin(s)) {
		/* a held pin's order is the made order (creation_order): a
		 * few crossing passes only, or dot trades pinned places for
		 * a crossing less (flat edges alone do not stop it) */
		graph_attr(g, "mclimit", "0.1");
	}
}

/* Nodes that share a rank: a rank=same subgraph in their cluster; a
 * held pin's ranks at the top level. -1 on out of memory. */
static int rank_groups(gv_graph *G, const archdoc_diagram__scene *s, archdoc_buf *b)
{
	for (size_t i = 0; i < s->node_count; i++) {
		const archdoc_diagram__node *n = &s->nodes[i];
		Agraph_t *home = n->cluster >= 0 ? G->subs[n->cluster] : G->g, *rg;
		Agsym_t *rank;

		if (n->rank_group <= 0)
			continue;
		archdoc_buf_clear(b);
		archdoc_buf_printf(b, "rank_%d", n->rank_group);
		rg = agsubg(home, b->ptr, 1);
		rank = rg ? agattr(G->g, AGRAPH, S("rank"), S("")) : NULL;
		if (!rank || !agsubnode(rg, G->nodes[i], 1))
			return -1;
		agxset(rg, rank, S("same"));
	}
	/* a pinned rank holds components of several boundaries (pin.c) */
	for (size_t i = 0; i < s->node_count; i++) {
		const archdoc_diagram__node *n = &s->nodes[i];
		Agraph_t *rg;
		Agsym_t *rank;

		if (n->pin_rank <= 0)
			continue;
		archdoc_buf_clear(b);
		archdoc_buf_printf(b, "pin_%d", n->pin_rank);
		rg = agsubg(G->g, b->ptr, 1);
		rank = rg ? agattr(G->g, AGRAPH, S("rank"), S("")) : NULL;
		if (!rank || !agsubnode(rg, G->nodes[i], 1))
			return -1;
		agxset(rg, rank, S("same"));
	}
	return 0;
}

/* How an edge pulls in the layout (weight, length, whether it ranks). */
static void edge_layout(Agedge_t *ae, const gv_syms *y, const archdoc_diagram__edge *e, archdoc_buf *b)
{
	if (e->weight > 0)
		set_num(ae, y->e_weight, b, e->weight);
	if (e->same_rank)
		set(ae, y->e_minlen, "0");
	else if (e->minlen > 0)
		set_num(ae, y->e_minlen, b, e->minlen);
	if (e->no_constraint)
		set(ae, y->e_constraint, "false");
}

int archdoc_gv__export_layout(gv_graph *G, const archdoc_diagram__scene *s)
{
	archdoc_buf b = ARCHDOC_BUF_INIT;
	gv_syms y;
	int rc = 0;

	if (s->params.pack) {
		/* the large strategy is laid out by osage: its packing */
		graph_attr(G->g, "layout", "osage");
		return 0;
	}
	memset(&y, 0, sizeof(y));
	y.e_weight = agattr(G->g, AGEDGE, S("weight"), NULL);
	y.e_minlen = agattr(G->g, AGEDGE, S("minlen"), NULL);
	y.e_constraint = agattr(G->g, AGEDGE, S("constraint"), NULL);
	layout_settings(G->g, s, &b);
	if (rank_groups(G, s, &b) < 0)
		rc = ARCHDOC_ENOMEM;
	for (size_t i = 0; i < s->edge_count && rc == 0 && y.e_weight && y.e_minlen && y.e_constraint; i++)
		if (G->edges[i])
			edge_layout(G->edges[i], &y, &s->edges[i], &b);
	if (b.failed)
		rc = ARCHDOC_ENOMEM;
	archdoc_buf_free(&b);
	return rc;
}

/* Build the cgraph graph of a scene; with placed, every position is set. */
int archdoc_gv__build(gv_graph *G, const archdoc_diagram__scene *s, int placed, const archdoc_diagram__format *format)
{
	archdoc_buf b = ARCHDOC_BUF_INIT, t = ARCHDOC_BUF_INIT;
	gv_syms y;
	const char *font = s->font ? s->font : "DejaVu Sans";
	size_t *items = NULL, *order = NULL;
	int rc = ARCHDOC_ENOMEM;

	memset(G, 0, sizeof(*G));
	G->subs = calloc(s->cluster_count + 1, sizeof(*G->subs));
	G->nodes = calloc(s->node_count + 1, sizeof(*G->nodes));
	G->edges = calloc(s->edge_count + 1, sizeof(*G->edges));
	if (!G->subs || !G->nodes || !G->edges)
		goto done;
	/* Never strict: a strict graph would merge parallel connections. */
	{
		static Agdisc_t disc;

		disc.mem = &AgMemDisc;
		disc.id = &archdoc_gv__ids;
		disc.io = &AgIoDisc;
		G->g = agopen(S("archdoc"), Agdirected, &disc);
	}
	if (!G->g)
		goto done;
	declare(G->g, &y, placed);
	set(G->g, y.g_fontname, font);
	graph_attr(G->g, "outputorder", "edgesfirst");
	graph_attr(G->g, "bgcolor", s->background ? s->background : "white");
	graph_attr(G->g, "pad", "0.1");
	if (!placed && s->params.pack) {
		/* osage: each boundary packs what it holds in a near-square array,
		 * with room between the boxes for lines and badges */
		items = pack_items(s);
		if (!items)
			goto done;
		graph_attr(G->g, "pack", PACK_MARGIN);
		graph_attr(G->g, "packmode", pack_mode(&b, items[s->cluster_count]));
	} else if (!placed) {
		layout_settings(G->g, s, &b);
	} else {
		graph_attr(G->g, "notranslate", "true");
		put_bb(&b, s->x0, s->y0, s->x1, s->y1);
		set(G->g, y.g_bb, b.ptr);
		if (format && format->bitmap) {
			archdoc_buf_clear(&b);
			num(&b, s->dpi ? s->dpi : 96);
			graph_attr(G->g, "dpi", b.ptr);
		}
	}

	for (size_t i = 0; i < s->cluster_count; i++) {
		const archdoc_diagram__cluster *c = &s->clusters[i];
		Agraph_t *parent = c->parent >= 0 ? G->subs[c->parent] : G->g;
		Agraph_t *sg = parent ? agsubg(parent, S(c->name), 1) : NULL;

		if (!sg)
			goto done;
		G->subs[i] = sg;
		/* a title with a row of its own needs no band above the contents */
		esc_text(&b, !placed && c->title_row ? "" : c->label);
		set(sg, y.g_label, b.ptr);
		style_text(&b, c->style);
		set(sg, y.g_style, b.ptr);
		set(sg, y.g_color, c->stroke);
		set(sg, y.g_fillcolor, c->fill);
		set(sg, y.g_fontcolor, c->text);
		set(sg, y.g_fontname, c->font ? c->font : font);
		if (c->font_size > 0)
			set_num(sg, y.g_fontsize, &b, c->font_size);
		set(sg, y.g_labeljust, "l");
		set(sg, y.g_id, c->svg_id);
		if (!placed && s->params.pack) {
			graph_attr(sg, "pack", PACK_MARGIN);
			graph_attr(sg, "packmode", pack_mode(&b, items[i]));
		}
		if (placed) {
			put_bb(&b, c->x0, c->y0, c->x1, c->y1);
			set(sg, y.g_bb, b.ptr);
			archdoc_buf_clear(&b);
			put_pt(&b, c->label_pos);
			set(sg, y.g_lp, b.ptr);
		}
	}

	order = creation_order(s);
	if (!order)
		goto done;
	for (size_t k = 0; k < s->node_count; k++) {
		size_t i = order[k];
		const archdoc_diagram__node *n = &s->nodes[i];
		Agraph_t *home = n->cluster >= 0 ? G->subs[n->cluster] : G->g;
		Agnode_t *an;

		/* packed: badges only get their size measured, outside every boundary */
		if (!placed && s->params.pack && n->role == ARCHDOC_ROLE_BADGE)
			home = G->g;
		an = agnode(home, S(n->name), 1);

		if (!an)
			goto done;
		G->nodes[i] = an;
		set(an, y.n_shape, n->ring && n->shape == ARCHDOC_SHAPE_CIRCLE ? "doublecircle" : shape_name(n->shape));
		style_text(&b, n->style);
		set(an, y.n_style, b.ptr);
		set(an, y.n_fillcolor, n->fill);
		set(an, y.n_color, n->stroke);
		set(an, y.n_fontcolor, n->text);
		set(an, y.n_fontname, n->font ? n->font : font);
		if (n->font_size > 0)
			set_num(an, y.n_fontsize, &b, n->font_size);
		esc_text(&b, n->label);
		set(an, y.n_label, b.ptr);
		if (n->penwidth > 0)
			set_num(an, y.n_penwidth, &b, n->penwidth);
		set(an, y.n_id, n->svg_id);
		set(an, y.n_group, n->group);
		if (n->shape == ARCHDOC_SHAPE_CIRCLE)
			set(an, y.n_margin, "0");
		if (placed) {
			set_num(an, y.n_width, &b, n->w / 72.0);
			set_num(an, y.n_height, &b, n->h / 72.0);
			set(an, y.n_fixedsize, "true");
			archdoc_buf_clear(&b);
			put_pt(&b, n->pos);
			set(an, y.n_pos, b.ptr);
		} else {
			if (n->width > 0)
				set_num(an, y.n_width, &b, n->width / 72.0);
			if (n->height > 0)
				set_num(an, y.n_height, &b, n->height / 72.0);
			if (n->fixed)
				set(an, y.n_fixedsize, "true");
		}
	}

	/* nodes that share a rank: a rank=same subgraph in their cluster */
	if (!placed && !s->params.pack && rank_groups(G, s, &b) < 0)
		goto done;

	/* packed: lines do not move boxes; archdoc draws them (route.c) */
	for (size_t i = 0; i < s->edge_count && (placed || !s->params.pack); i++) {
		const archdoc_diagram__edge *e = &s->edges[i];
		Agedge_t *ae;

		if (e->tail < 0 || e->head < 0 || (size_t)e->tail >= s->node_count ||
				(size_t)e->head >= s->node_count) {
			rc = ARCHDOC_ERENDER;
			goto done;
		}
		/* named after the edge, so parallel connections stay apart; a
		 * reversed edge is laid out head to tail, its arrow at the start */
		if (e->reversed && !placed)
			ae = agedge(G->g, G->nodes[e->head], G->nodes[e->tail], S(e->svg_id), 1);
		else
			ae = agedge(G->g, G->nodes[e->tail], G->nodes[e->head], S(e->svg_id), 1);
		if (!ae)
			goto done;
		G->edges[i] = ae;
		if (e->reversed && !placed) {
			set(ae, y.e_dir, "back");
			set(ae, y.e_arrowtail, e->arrow ? "normal" : "none");
			set(ae, y.e_arrowhead, "none");
		} else {
			set(ae, y.e_arrowhead, e->arrow ? "normal" : "none");
		}
		set(ae, y.e_color, e->color);
		if (e->penwidth > 0)
			set_num(ae, y.e_penwidth, &b, e->penwidth);
		style_text(&b, e->style);
		set(ae, y.e_style, b.ptr);
		set(ae, y.e_id, e->svg_id);
		if (e->label) {
			esc_text(&b, e->label);
			set(ae, y.e_label, b.ptr);
			set(ae, y.e_fontname, e->font ? e->font : font);
			if (e->font_size > 0)
				set_num(ae, y.e_fontsize, &b, e->font_size);
			set(ae, y.e_fontcolor, e->color);
		}
		if (!placed) {
			edge_layout(ae, &y, e, &b);
			set(ae, y.e_tailport, e->reversed ? e->headport : e->tailport);
			set(ae, y.e_headport, e->reversed ? e->tailport : e->headport);
		} else if (e->npts) {
			archdoc_buf_clear(&t);
			if (e->has_tip) {
				archdoc_buf_puts(&t, "e,");
				put_pt(&t, e->tip);
				archdoc_buf_putc(&t, ' ');
			}
			for (size_t k = 0; k < e->npts; k++) {
				if (k)
					archdoc_buf_putc(&t, ' ');
				put_pt(&t, e->pts[k]);
			}
			set(ae, y.e_pos, t.ptr);
			if (e->label && e->has_label_pos) {
				archdoc_buf_clear(&b);
				put_pt(&b, e->label_pos);
				set(ae, y.e_lp, b.ptr);
			}
		}
	}
	rc = (b.failed || t.failed) ? ARCHDOC_ENOMEM : 0;
done:
	free(items);
	free(order);
	archdoc_buf_free(&b);
	archdoc_buf_free(&t);
	if (rc < 0)
		archdoc_gv__graph_free(G);
	return rc;
}

