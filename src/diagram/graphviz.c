/*
 * The Graphviz adapter: the only file that includes Graphviz's headers.
 *
 * Layout: the scene becomes a cgraph graph (created in scene order, so the
 * same model always gives the same layout), dot places it, and the geometry
 * is read back from the attributes Graphviz attaches. Rendering: the placed
 * scene becomes a graph whose every node, cluster and edge carries its
 * position, and Graphviz's "nop2" engine (neato -n2: keep what is given)
 * draws it, so SVG, PNG, PDF and DOT all show the same geometry, including
 * edges archdoc routed itself.
 *
 * Graphviz is process-global (error channel, locale switching, caches): one
 * context per archdoc context, created on first use with the plugins linked
 * into archdoc, never through a plugin configuration file.
 */
#include "engine.h"
#include "format.h"

#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <graphviz/cgraph.h>
#include <graphviz/graphviz_version.h>
#include <graphviz/gvc.h>

#include "archdoc/errors.h"
#include "array.h"
#include "buf.h"
#include "context.h"
#include "diag.h"
#include "hash.h"
#include "num.h"
#include "timing.h"

/* The plugins archdoc links in (CMakeLists.txt: ARCHDOC_GV_PLUGINS). */
extern gvplugin_library_t gvplugin_dot_layout_LTX_library;
extern gvplugin_library_t gvplugin_neato_layout_LTX_library;
extern gvplugin_library_t gvplugin_core_LTX_library;
extern gvplugin_library_t gvplugin_pango_LTX_library;

static const lt_symlist_t builtins[] = {
	{ "gvplugin_dot_layout_LTX_library", &gvplugin_dot_layout_LTX_library },
	{ "gvplugin_neato_layout_LTX_library", &gvplugin_neato_layout_LTX_library },
	{ "gvplugin_core_LTX_library", &gvplugin_core_LTX_library },
	/* pango measures text for every format, so SVG and PNG share geometry */
	{ "gvplugin_pango_LTX_library", &gvplugin_pango_LTX_library },
	{ NULL, NULL }
};

/* Graphviz 2.42 takes char * where later releases take const char *. */
static char *S(const char *s)
{
	return (char *)(uintptr_t)s;
}

/*
 * One Graphviz context for the whole process, freed at exit. Graphviz 2.42's
 * pango plugin remembers the last font name it measured in a static
 * pointer into the context's font table: after gvFreeContext that pointer
 * dangles, and the first text measured in a second context reads freed
 * memory. So archdoc contexts share this one and never free it early.
 */
static GVC_t *process_gvc;

static void gvc_free_at_exit(void)
{
	if (process_gvc) {
		/* gvFreeContext returns an error count, not a status. */
		(void)gvFreeContext(process_gvc);
		process_gvc = NULL;
	}
}

static GVC_t *gvc_get(void)
{
	if (!process_gvc) {
		process_gvc = gvContextPlugins(builtins, 0);
		if (process_gvc)
			atexit(gvc_free_at_exit);
	}
	return process_gvc;
}

/* --- Graphviz's messages become diagnostics --- */

static struct {
	archdoc_context *ctx;
	char line[1024];
	size_t len;
	int errors;
	archdoc_severity last;
	agusererrf saved;
} msgs;

static void msg_flush(void)
{
	const char *text = msgs.line;
	archdoc_severity sev = msgs.last;

	msgs.line[msgs.len] = '\0';
	msgs.len = 0;
	if (strncmp(text, "Error", 5) == 0) {
		sev = ARCHDOC_SEVERITY_ERROR;
		text += 5;
	} else if (strncmp(text, "Warning", 7) == 0) {
		sev = ARCHDOC_SEVERITY_WARNING;
		text += 7;
	}
	while (*text == ':' || *text == ' ' || *text == '\t')
		text++;
	if (!*text)
		return;
	msgs.last = sev;
	if (sev == ARCHDOC_SEVERITY_ERROR)
		msgs.errors++;
	archdoc__diag(msgs.ctx, sev, "graphviz", archdoc__nowhere(NULL), "Graphviz: %s", text);
}

/* One message arrives in pieces ("Error", ": ", "text\n"): collect lines. */
static int msg_collect(char *piece)
{
	for (; *piece; piece++) {
		if (*piece == '\n') {
			msg_flush();
			continue;
		}
		if (msgs.len < sizeof(msgs.line) - 1)
			msgs.line[msgs.len++] = *piece;
	}
	return 0;
}

static void msg_begin(archdoc_context *ctx)
{
	msgs.ctx = ctx;
	msgs.len = 0;
	msgs.errors = 0;
	msgs.last = ARCHDOC_SEVERITY_WARNING;
	msgs.saved = agseterrf(msg_collect);
}

static void msg_end(void)
{
	if (msgs.len)
		msg_flush();
	agseterrf(msgs.saved);
	msgs.ctx = NULL;
}

/* --- rendering to memory --- */

/* gvRenderData's length became size_t in Graphviz 13. */
#if defined(GRAPHVIZ_VERSION_MAJOR) && GRAPHVIZ_VERSION_MAJOR >= 13
typedef size_t gv_len_t;
#else
typedef unsigned int gv_len_t;
#endif

static int render_data(GVC_t *gvc, Agraph_t *g, const char *format, char **out, size_t *len)
{
	char *data = NULL;
	gv_len_t n = 0;
	char *copy;

	*out = NULL;
	*len = 0;
	if (gvRenderData(gvc, g, format, &data, &n) != 0) {
		/* a failure after the first allocation leaves a buffer behind */
		if (data)
			gvFreeRenderData(data);
		return ARCHDOC_ERENDER;
	}
	/* Hand out memory from our own allocator: archdoc_free is free(). */
	copy = malloc((size_t)n + 1);
	if (!copy) {
		gvFreeRenderData(data);
		return ARCHDOC_ENOMEM;
	}
	if (n)
		memcpy(copy, data, n);
	copy[n] = '\0';
	gvFreeRenderData(data);
	*out = copy;
	*len = n;
	return 0;
}

/* --- building the graph --- */

/*
 * Object ids in creation order. Graphviz's default id discipline uses the
 * address of the interned name as a named object's id, and keeps
 * subgraphs ordered by id: dot then visits clusters in the order the heap
 * happened to place their names, so the same model could be laid out
 * differently after unrelated allocations (another candidate layout, a
 * cached search, a different allocator). Here every object gets the next
 * odd number (like Graphviz's own anonymous ids) and the discipline keeps
 * the names itself, interned in the graph's string pool (cgraph 2.42's
 * internal name map would do, but agclose never frees its entries), so
 * clusters are visited in the order archdoc creates them.
 */
typedef struct seq_ids {
	Agraph_t *root;
	IDTYPE next;
	/* name -> id, one map per object kind (graph, node, edge); the names
	 * are agstrdup'd, so they live as long as the graph */
	archdoc_hash names[3];
	char **by_id;        /* name of id 2k+1 at k, or NULL */
	size_t ids_cap;
} seq_ids;

static void *seq_open(Agraph_t *g, Agdisc_t *disc)
{
	seq_ids *st = calloc(1, sizeof(*st));

	(void)disc;
	if (!st)
		return NULL;
	st->root = g;
	st->next = 1;
	return st;
}

static long seq_map(void *state, int objtype, char *str, IDTYPE *id, int createflag)
{
	seq_ids *st = state;
	archdoc_hash *names;
	char *name;
	void *known;
	size_t k, had = 0;

	if (!st || objtype < AGRAPH || objtype > AGINEDGE)
		return 0;
	if (objtype == AGINEDGE)
		objtype = AGOUTEDGE;
	names = &st->names[objtype];
	if (str) {
		known = archdoc_hash_get(names, str);
		if (known) {
			*id = (IDTYPE)(uintptr_t)known;
			return 1;
		}
	}
	if (!createflag)
		return 0;
	k = (size_t)(st->next / 2);
	had = st->ids_cap;
	if (ARCHDOC_ARRAY_RESERVE(st->by_id, st->ids_cap, k + 1, 256) < 0)
		return 0;
	memset(st->by_id + had, 0, (st->ids_cap - had) * sizeof(*st->by_id));
	if (str) {
		/* interned, so agwrite can ask whether it is an HTML string; ids
		 * are odd, so never NULL as a value */
		name = agstrdup(st->root, str);
		if (!name || archdoc_hash_put(names, name, (void *)(uintptr_t)st->next, NULL) < 0)
			return 0;
		st->by_id[k] = name;
	}
	*id = st->next;
	st->next += 2;
	return 1;
}

static long seq_alloc(void *state, int objtype, IDTYPE request)
{
	(void)state;
	(void)objtype;
	(void)request;
	return 0;
}

static void seq_free(void *state, int objtype, IDTYPE id)
{
	(void)state;
	(void)objtype;
	(void)id;
}

static char *seq_print(void *state, int objtype, IDTYPE id)
{
	seq_ids *st = state;

	(void)objtype;
	if (!st || !(id % 2) || (size_t)(id / 2) >= st->ids_cap)
		return NULL;
	return st->by_id[id / 2];
}

static void seq_close(void *state)
{
	seq_ids *st = state;

	if (!st)
		return;
	for (size_t i = 0; i < sizeof(st->names) / sizeof(st->names[0]); i++)
		archdoc_hash_free(&st->names[i]);
	free(st->by_id);
	free(st);
}

static void seq_register(void *state, int objtype, void *obj)
{
	(void)state;
	(void)objtype;
	(void)obj;
}

static Agiddisc_t seq_id_disc = {
	seq_open, seq_map, seq_alloc, seq_free, seq_print, seq_close, seq_register
};

typedef struct gv_graph {
	Agraph_t *g;
	Agraph_t **subs;     /* per scene cluster */
	Agnode_t **nodes;    /* per scene node */
	Agedge_t **edges;    /* per scene edge */
} gv_graph;

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

static void declare(Agraph_t *g, gv_syms *y, int placed)
{
	y->g_label = agattr(g, AGRAPH, S("label"), S(""));
	y->g_style = agattr(g, AGRAPH, S("style"), S(""));
	y->g_color = agattr(g, AGRAPH, S("color"), S("black"));
	y->g_fillcolor = agattr(g, AGRAPH, S("fillcolor"), S(""));
	y->g_fontcolor = agattr(g, AGRAPH, S("fontcolor"), S("black"));
	y->g_fontname = agattr(g, AGRAPH, S("fontname"), S("Times-Roman"));
	y->g_fontsize = agattr(g, AGRAPH, S("fontsize"), S("14"));
	y->g_labeljust = agattr(g, AGRAPH, S("labeljust"), S("c"));
	y->g_id = agattr(g, AGRAPH, S("id"), S(""));
	y->g_penwidth = agattr(g, AGRAPH, S("penwidth"), S("1"));
	y->g_bb = placed ? agattr(g, AGRAPH, S("bb"), S("")) : NULL;
	y->g_lp = placed ? agattr(g, AGRAPH, S("lp"), S("")) : NULL;

	y->n_shape = agattr(g, AGNODE, S("shape"), S("ellipse"));
	y->n_style = agattr(g, AGNODE, S("style"), S(""));
	y->n_fillcolor = agattr(g, AGNODE, S("fillcolor"), S("lightgrey"));
	y->n_color = agattr(g, AGNODE, S("color"), S("black"));
	y->n_fontcolor = agattr(g, AGNODE, S("fontcolor"), S("black"));
	y->n_fontname = agattr(g, AGNODE, S("fontname"), S("Times-Roman"));
	y->n_fontsize = agattr(g, AGNODE, S("fontsize"), S("14"));
	y->n_label = agattr(g, AGNODE, S("label"), S("\\N"));
	y->n_width = agattr(g, AGNODE, S("width"), S("0.75"));
	y->n_height = agattr(g, AGNODE, S("height"), S("0.5"));
	y->n_fixedsize = agattr(g, AGNODE, S("fixedsize"), S("false"));
	y->n_penwidth = agattr(g, AGNODE, S("penwidth"), S("1"));
	y->n_id = agattr(g, AGNODE, S("id"), S(""));
	y->n_group = agattr(g, AGNODE, S("group"), S(""));
	y->n_margin = agattr(g, AGNODE, S("margin"), S(""));
	y->n_pos = placed ? agattr(g, AGNODE, S("pos"), S("")) : NULL;

	y->e_arrowhead = agattr(g, AGEDGE, S("arrowhead"), S("normal"));
	y->e_arrowtail = agattr(g, AGEDGE, S("arrowtail"), S("normal"));
	y->e_dir = agattr(g, AGEDGE, S("dir"), S("forward"));
	y->e_color = agattr(g, AGEDGE, S("color"), S("black"));
	y->e_penwidth = agattr(g, AGEDGE, S("penwidth"), S("1"));
	y->e_style = agattr(g, AGEDGE, S("style"), S(""));
	y->e_weight = agattr(g, AGEDGE, S("weight"), S("1"));
	y->e_minlen = agattr(g, AGEDGE, S("minlen"), S("1"));
	y->e_constraint = agattr(g, AGEDGE, S("constraint"), S("true"));
	y->e_label = agattr(g, AGEDGE, S("label"), S(""));
	y->e_fontname = agattr(g, AGEDGE, S("fontname"), S("Times-Roman"));
	y->e_fontsize = agattr(g, AGEDGE, S("fontsize"), S("14"));
	y->e_fontcolor = agattr(g, AGEDGE, S("fontcolor"), S("black"));
	y->e_tailport = agattr(g, AGEDGE, S("tailport"), S(""));
	y->e_headport = agattr(g, AGEDGE, S("headport"), S(""));
	y->e_id = agattr(g, AGEDGE, S("id"), S(""));
	y->e_pos = placed ? agattr(g, AGEDGE, S("pos"), S("")) : NULL;
	y->e_lp = placed ? agattr(g, AGEDGE, S("lp"), S("")) : NULL;
}

static void gv_graph_free(gv_graph *G)
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

/* Build the cgraph graph of a scene; with placed, every position is set. */
static int build(gv_graph *G, const archdoc_diagram__scene *s, int placed, const archdoc_diagram__format *format)
{
	archdoc_buf b = ARCHDOC_BUF_INIT, t = ARCHDOC_BUF_INIT;
	gv_syms y;
	const char *font = s->font ? s->font : "DejaVu Sans";
	size_t *items = NULL;
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
		disc.id = &seq_id_disc;
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
		const archdoc_diagram__params *p = &s->params;

		graph_attr(G->g, "rankdir", p->rankdir_lr ? "LR" : "TB");
		if (p->newrank)
			graph_attr(G->g, "newrank", "true");
		graph_attr(G->g, "splines", p->splines ? p->splines : "spline");
		archdoc_buf_clear(&b);
		num(&b, p->ranksep > 0 ? p->ranksep : 0.5);
		graph_attr(G->g, "ranksep", b.ptr);
		archdoc_buf_clear(&b);
		num(&b, p->nodesep > 0 ? p->nodesep : 0.25);
		graph_attr(G->g, "nodesep", b.ptr);
		if (p->ratio > 0) {
			archdoc_buf_clear(&b);
			num(&b, p->ratio);
			graph_attr(G->g, "ratio", b.ptr);
		}
		if (p->mclimit > 0) {
			archdoc_buf_clear(&b);
			num(&b, p->mclimit);
			graph_attr(G->g, "mclimit", b.ptr);
		}
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
		esc_text(&b, c->label);
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

	for (size_t i = 0; i < s->node_count; i++) {
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
		set(an, y.n_shape, shape_name(n->shape));
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
	if (!placed && !s->params.pack) {
		for (size_t i = 0; i < s->node_count; i++) {
			const archdoc_diagram__node *n = &s->nodes[i];
			Agraph_t *home = n->cluster >= 0 ? G->subs[n->cluster] : G->g, *rg;
			Agsym_t *rank;

			if (n->rank_group <= 0)
				continue;
			archdoc_buf_clear(&b);
			archdoc_buf_printf(&b, "rank_%d", n->rank_group);
			rg = agsubg(home, b.ptr, 1);
			rank = rg ? agattr(G->g, AGRAPH, S("rank"), S("")) : NULL;
			if (!rank || !agsubnode(rg, G->nodes[i], 1))
				goto done;
			agxset(rg, rank, S("same"));
		}
	}

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
			if (e->weight > 0)
				set_num(ae, y.e_weight, &b, e->weight);
			if (e->minlen > 0)
				set_num(ae, y.e_minlen, &b, e->minlen);
			if (e->no_constraint)
				set(ae, y.e_constraint, "false");
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
	archdoc_buf_free(&b);
	archdoc_buf_free(&t);
	if (rc < 0)
		gv_graph_free(G);
	return rc;
}

/* --- reading the layout back --- */

static int parse_pt(const char **p, archdoc_diagram__pt *pt)
{
	if (archdoc_num_parse(p, &pt->x) < 0 || **p != ',')
		return -1;
	(*p)++;
	return archdoc_num_parse(p, &pt->y);
}

static int read_pt(void *obj, const char *attr, archdoc_diagram__pt *pt)
{
	const char *v = agget(obj, S(attr));

	if (!v || !*v)
		return -1;
	return parse_pt(&v, pt);
}

static int read_num(void *obj, const char *attr, double *out)
{
	const char *v = agget(obj, S(attr));

	if (!v || !*v)
		return -1;
	return archdoc_num_parse(&v, out);
}

static int read_bb(void *obj, double *x0, double *y0, double *x1, double *y1)
{
	const char *v = agget(obj, S("bb"));

	if (!v || !*v)
		return -1;
	if (archdoc_num_parse(&v, x0) < 0 || *v++ != ',' ||
			archdoc_num_parse(&v, y0) < 0 || *v++ != ',' ||
			archdoc_num_parse(&v, x1) < 0 || *v++ != ',' ||
			archdoc_num_parse(&v, y1) < 0)
		return -1;
	return 0;
}

/* "e,x,y s,x,y p p p ...": only the first spline (no concentrate). */
static int read_spline(archdoc_diagram__scene *s, archdoc_diagram__edge *e, Agedge_t *ae)
{
	const char *v = agget(ae, S("pos"));
	archdoc_diagram__pt *pts = NULL;
	size_t n = 0, cap = 0;
	int rc = -1;

	e->has_tip = 0;
	if (!v)
		return -1;
	/* a reversed edge's arrow is at its start ("s,"), its points run backwards */
	while (*v) {
		while (*v == ' ' || *v == '\n' || *v == '\\' || *v == '\r')
			v++;
		if (!*v || *v == ';')
			break;
		if ((v[0] == 'e' || v[0] == 's') && v[1] == ',') {
			archdoc_diagram__pt pt;
			int end = v[0] == 'e';

			v += 2;
			if (parse_pt(&v, &pt) < 0)
				goto done;
			if (end != e->reversed) {
				e->has_tip = 1;
				e->tip = pt;
			}
			continue;
		}
		if (ARCHDOC_ARRAY_RESERVE(pts, cap, n + 1, 16) < 0)
			goto done;
		if (parse_pt(&v, &pts[n]) < 0)
			goto done;
		n++;
	}
	if (e->reversed)
		for (size_t i = 0; i < n / 2; i++) {
			archdoc_diagram__pt t = pts[i];

			pts[i] = pts[n - 1 - i];
			pts[n - 1 - i] = t;
		}
	rc = archdoc_diagram__edge_set_points(s, e, pts, n);
done:
	free(pts);
	return rc;
}

static int read_back(archdoc_diagram__scene *s, gv_graph *G)
{
	double gx0, gy0, gx1, gy1;

	for (size_t i = 0; i < s->node_count; i++) {
		archdoc_diagram__node *n = &s->nodes[i];
		double w, h;

		if (read_pt(G->nodes[i], "pos", &n->pos) < 0 || read_num(G->nodes[i], "width", &w) < 0 ||
				read_num(G->nodes[i], "height", &h) < 0)
			return -1;
		n->w = w * 72.0;
		n->h = h * 72.0;
	}
	for (size_t i = 0; i < s->cluster_count; i++) {
		archdoc_diagram__cluster *c = &s->clusters[i];
		double lw = 0, lh = 0;

		if (read_bb(G->subs[i], &c->x0, &c->y0, &c->x1, &c->y1) < 0)
			return -1;
		if (read_pt(G->subs[i], "lp", &c->label_pos) < 0)
			c->label_pos.x = c->x0, c->label_pos.y = c->y1;
		(void)read_num(G->subs[i], "lwidth", &lw);
		(void)read_num(G->subs[i], "lheight", &lh);
		c->label_w = lw * 72.0;
		c->label_h = lh * 72.0;
	}
	for (size_t i = 0; i < s->edge_count && !s->params.pack; i++) {
		archdoc_diagram__edge *e = &s->edges[i];

		if (read_spline(s, e, G->edges[i]) < 0)
			return -1;
		e->has_label_pos = e->label && read_pt(G->edges[i], "lp", &e->label_pos) == 0;
	}
	if (read_bb(G->g, &gx0, &gy0, &gx1, &gy1) < 0)
		return -1;
	archdoc_diagram__scene_bounds(s);
	s->placed = 1;
	return 0;
}

static int no_context(archdoc_context *ctx)
{
	archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "graphviz", archdoc__nowhere(NULL),
			"Graphviz could not start (gvContextPlugins failed)");
	return ARCHDOC_ERENDER;
}

static int gv_layout(archdoc_context *ctx, archdoc_diagram__scene *s)
{
	GVC_t *gvc = gvc_get();
	gv_graph G;
	char *dot = NULL;
	size_t len = 0;
	int rc;

	uint64_t t0;

	if (!gvc)
		return no_context(ctx);
	t0 = archdoc__clock_ns();
	rc = build(&G, s, 0, NULL);
	archdoc__phase_add(ctx, ARCHDOC_PHASE_GRAPH, t0);
	if (rc < 0)
		return rc;
	msg_begin(ctx);
	t0 = archdoc__clock_ns();
	if (gvLayout(gvc, G.g, s->params.pack ? "osage" : "dot") != 0) {
		archdoc__phase_add(ctx, ARCHDOC_PHASE_LAYOUT, t0);
		msg_end();
		archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "graphviz", archdoc__nowhere(NULL),
				"Graphviz could not lay out the diagram (%zu nodes, %zu edges); "
				"try another --layout or split the model into views",
				s->node_count, s->edge_count);
		gv_graph_free(&G);
		return ARCHDOC_ERENDER;
	}
	/*
	 * The geometry as attributes (pos, bb, lp, ...), as rendering to "dot"
	 * would attach it, without writing the DOT text nobody reads (a fifth
	 * of a layout's instructions). attach_attrs prints numbers with
	 * sprintf: the C numeric locale, for this thread only.
	 */
	{
		locale_t c_numeric = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
		locale_t old = c_numeric ? uselocale(c_numeric) : (locale_t)0;

		if (!c_numeric) {
			rc = render_data(gvc, G.g, "dot", &dot, &len);
			free(dot);
		} else {
			attach_attrs(G.g);
			uselocale(old);
			freelocale(c_numeric);
			rc = 0;
		}
	}
	msg_end();
	archdoc__phase_add(ctx, ARCHDOC_PHASE_LAYOUT, t0);
	t0 = archdoc__clock_ns();
	if (rc == 0 && read_back(s, &G) < 0) {
		archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "graphviz", archdoc__nowhere(NULL),
				"Graphviz's layout could not be read back");
		rc = ARCHDOC_ERENDER;
	} else if (rc == ARCHDOC_ERENDER) {
		archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "graphviz", archdoc__nowhere(NULL),
				"Graphviz could not write the layout");
	}
	archdoc__phase_add(ctx, ARCHDOC_PHASE_GRAPH, t0);
	t0 = archdoc__clock_ns();
	gvFreeLayout(gvc, G.g);
	gv_graph_free(&G);
	archdoc__phase_add(ctx, ARCHDOC_PHASE_LAYOUT, t0);
	return rc;
}

static int gv_render(archdoc_context *ctx, const archdoc_diagram__scene *s, const archdoc_diagram__format *format,
		char **out, size_t *len)
{
	GVC_t *gvc = gvc_get();
	const char *dev = format ? format->device : NULL;
	gv_graph G;
	int rc;

	*out = NULL;
	*len = 0;
	if (!gvc)
		return no_context(ctx);
	uint64_t t0;

	if (!dev || !s->placed)
		return ARCHDOC_EUSAGE;
	t0 = archdoc__clock_ns();
	rc = build(&G, s, 1, format);
	archdoc__phase_add(ctx, ARCHDOC_PHASE_GRAPH, t0);
	if (rc < 0)
		return rc;
	t0 = archdoc__clock_ns();
	msg_begin(ctx);
	if (gvLayout(gvc, G.g, "nop2") != 0) {
		archdoc__phase_add(ctx, ARCHDOC_PHASE_RENDER, t0);
		msg_end();
		archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "graphviz", archdoc__nowhere(NULL),
				"Graphviz could not take the placed diagram");
		gv_graph_free(&G);
		return ARCHDOC_ERENDER;
	}
	rc = render_data(gvc, G.g, dev, out, len);
	msg_end();
	if (rc == ARCHDOC_ERENDER)
		archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "graphviz", archdoc__nowhere(NULL),
				"Graphviz could not draw the diagram as %s", format->name);
	gvFreeLayout(gvc, G.g);
	gv_graph_free(&G);
	archdoc__phase_add(ctx, ARCHDOC_PHASE_RENDER, t0);
	return rc;
}

const archdoc_diagram__engine archdoc_diagram__graphviz = {
	"graphviz", gv_layout, gv_render
};
