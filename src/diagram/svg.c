/*
 * Graphviz's SVG -> archdoc's SVG contract (docs/svg-contract.md).
 *
 * Graphviz writes one group per node, edge and cluster, each with the id
 * archdoc gave it. This step regroups them: one <g class="connection"> per
 * connection holding both halves of its line, its arrowhead and its badge;
 * one <g class="component"> and one <g class="boundary"> per model object;
 * adds the title, description, role and theme, optional links, and removes
 * everything that would differ between runs or Graphviz versions (DOCTYPE,
 * comments, generator titles). Parsing uses libxml2 with NONET and no DTD
 * loading or entity substitution; the input is Graphviz's own output.
 */
#include "diagram.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>

#include "archdoc/errors.h"
#include "model.h"
#include "buf.h"
#include "diag.h"
#include "hash.h"
#include "theme.h"

#define X(s) ((const xmlChar *)(s))

char *archdoc_diagram__plain(const char *markdown)
{
	archdoc_buf b = ARCHDOC_BUF_INIT;
	cmark_node *doc;
	cmark_iter *it;
	cmark_event_type ev;
	char *r;
	size_t w = 0;

	doc = cmark_parse_document(markdown, strlen(markdown), CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
	if (!doc)
		return NULL;
	it = cmark_iter_new(doc);
	while (it && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);

		if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)) {
			archdoc_buf_puts(&b, cmark_node_get_literal(n));
		} else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK ||
				t == CMARK_NODE_HTML_INLINE ||
				(ev == CMARK_EVENT_EXIT && (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING ||
				t == CMARK_NODE_ITEM || t == CMARK_NODE_CODE_BLOCK))) {
			archdoc_buf_putc(&b, ' ');
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	archdoc_buf_putc(&b, '\0');
	if (b.failed) {
		archdoc_buf_free(&b);
		return NULL;
	}
	/* one line, single spaces, no control characters */
	for (size_t i = 0; b.ptr[i]; i++) {
		unsigned char c = (unsigned char)b.ptr[i];
		int space = c <= ' ' || c == 0x7f;

		if (space && (w == 0 || b.ptr[w - 1] == ' '))
			continue;
		b.ptr[w++] = space ? ' ' : (char)c;
	}
	while (w && b.ptr[w - 1] == ' ')
		w--;
	b.ptr[w] = '\0';
	r = archdoc_buf_detach(&b, NULL);
	return r;
}

/* --- small tree helpers --- */

static int is_el(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static void set_text(xmlDocPtr doc, xmlNodePtr el, const char *text)
{
	xmlNodePtr c;

	while ((c = el->children) != NULL) {
		xmlUnlinkNode(c);
		xmlFreeNode(c);
	}
	/* a text node holds its content literally; saving escapes it */
	c = xmlNewDocText(doc, X(text));
	if (c)
		xmlAddChild(el, c);
}

static xmlNodePtr new_el(xmlDocPtr doc, const char *name, const char *text)
{
	xmlNodePtr el = xmlNewDocNode(doc, NULL, X(name), NULL);

	if (el && text)
		set_text(doc, el, text);
	return el;
}

/* Take out the word joiners graphviz.c put after '&' (see there). */
static void unbreak_entities(xmlNodePtr text)
{
	static const char brk[] = "&" ARCHDOC_DIAGRAM__ENTITY_BREAK;
	const char *s = (const char *)text->content, *p;
	char *fixed, *o;

	if (!s || !strstr(s, brk))
		return;
	fixed = malloc(strlen(s) + 1);
	if (!fixed)
		return;   /* the joiner stays: invisible, and the SVG still well-formed */
	for (p = s, o = fixed; *p;) {
		if (strncmp(p, brk, sizeof(brk) - 1) == 0) {
			*o++ = '&';
			p += sizeof(brk) - 1;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	/* a text node's content is literal; this also respects libxml2's dictionary */
	xmlNodeSetContent(text, X(fixed));
	free(fixed);
}

/* Drop comments, processing instructions and whitespace between elements. */
static void clean(xmlNodePtr n)
{
	xmlNodePtr c = n->children, next;

	for (; c; c = next) {
		next = c->next;
		if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE ||
				(c->type == XML_TEXT_NODE && !is_el(n, "text") && !is_el(n, "title") &&
				xmlIsBlankNode(c))) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		} else if (c->type == XML_ELEMENT_NODE) {
			clean(c);
		} else if (c->type == XML_TEXT_NODE) {
			unbreak_entities(c);
		}
	}
}

/* Classes for shapes: filled parts "shape", outline-only parts "shape-line". */
static void class_shapes(xmlNodePtr g, const char *filled, const char *lines)
{
	for (xmlNodePtr c = g->children; c; c = c->next) {
		xmlChar *fill;

		if (c->type != XML_ELEMENT_NODE || is_el(c, "title") || is_el(c, "text") || is_el(c, "g"))
			continue;
		fill = xmlGetProp(c, X("fill"));
		xmlSetProp(c, X("class"), X(fill && strcmp((const char *)fill, "none") == 0 ? lines : filled));
		xmlFree(fill);
	}
}

/* Graphviz names the face ("DejaVu Sans Bold"), which browsers do not
 * take as a weight: the family, with the weight said apart, draws in SVG
 * what pango drew in PNG; text beyond the one font archdoc pins still
 * reads on machines without it. */
static void set_font(xmlNodePtr t)
{
	xmlChar *face = xmlGetProp(t, X("font-family"));

	if (face && strstr((const char *)face, "Bold"))
		xmlSetProp(t, X("font-weight"), X("bold"));
	xmlFree(face);
	xmlSetProp(t, X("font-family"), X("DejaVu Sans,Verdana,sans-serif"));
}

static void fix_texts(xmlNodePtr g, const char *first, const char *rest)
{
	int n = 0;

	for (xmlNodePtr c = g->children; c; c = c->next) {
		if (!is_el(c, "text"))
			continue;
		set_font(c);
		if (first)
			xmlSetProp(c, X("class"), X(n == 0 || !rest ? first : rest));
		n++;
	}
}

static void retitle(xmlDocPtr doc, xmlNodePtr g, const char *text)
{
	xmlNodePtr t = g->children;

	if (!is_el(t, "title")) {
		xmlNodePtr nt = new_el(doc, "title", NULL);

		if (!nt)
			return;
		t = g->children ? xmlAddPrevSibling(g->children, nt) : xmlAddChild(g, nt);
	}
	set_text(doc, t, text);
}

static void drop_title(xmlNodePtr g)
{
	xmlNodePtr t = g->children;

	if (is_el(t, "title")) {
		xmlUnlinkNode(t);
		xmlFreeNode(t);
	}
}

/* Move every child element named name (or any, when NULL) of from to to. */
static void move_children(xmlNodePtr from, xmlNodePtr to, const char *name)
{
	xmlNodePtr c = from->children, next;

	for (; c; c = next) {
		next = c->next;
		if (c->type != XML_ELEMENT_NODE || is_el(c, "title"))
			continue;
		if (name && !is_el(c, name))
			continue;
		xmlUnlinkNode(c);
		xmlAddChild(to, c);
	}
}

/* --- the connection groups --- */

typedef struct groups {
	archdoc_hash by_id;     /* svg id -> index + 1 */
	xmlChar **ids;          /* owned keys */
	xmlNodePtr *nodes;      /* Graphviz's groups; NULL once taken */
	size_t count;
} groups;

/* Detach a group by id for reuse; NULL when absent or taken. */
static xmlNodePtr take(groups *G, const char *id)
{
	size_t k = id ? (size_t)(uintptr_t)archdoc_hash_get(&G->by_id, id) : 0;
	xmlNodePtr g;

	if (!k || !G->nodes[k - 1])
		return NULL;
	g = G->nodes[k - 1];
	G->nodes[k - 1] = NULL;
	xmlUnlinkNode(g);
	return g;
}

/* "connection added" and the like in a diff's union model (changes.c). */
static const char *change_class(const archdoc_model *m, char change, const char *what, archdoc_buf *b)
{
	archdoc_buf_clear(b);
	archdoc_buf_puts(b, what);
	if (m->diff)
		archdoc_buf_puts(b, change == '+' ? " added" : change == '-' ? " removed" : change == '~' ? " changed"
				: " unchanged");
	archdoc_buf_putc(b, '\0');
	return b->failed ? what : b->ptr;
}

/* A title with the change a diff found: "Title (removed)", "Title
 * (changed: port \"443\" -> \"8443\")". malloc'd, NULL on out of memory. */
static char *change_title(const archdoc_model *m, const char *title, char change, const char *note)
{
	archdoc_buf b = ARCHDOC_BUF_INIT;

	archdoc_buf_puts(&b, title);
	if (m->diff && change)
		archdoc_buf_printf(&b, " (%s%s%s)", change == '+' ? "added" : change == '-' ? "removed" : "changed",
				note ? ": " : "", note ? note : "");
	archdoc_buf_putc(&b, '\0');
	if (b.failed) {
		archdoc_buf_free(&b);
		return NULL;
	}
	return archdoc_buf_detach(&b, NULL);
}

static char *connection_title(const archdoc_connection *c)
{
	archdoc_buf b = ARCHDOC_BUF_INIT;
	const char *proto = archdoc_connection_protocol(c), *port = archdoc_connection_port(c);
	char *data = archdoc_diagram__plain(archdoc_connection_data(c));

	if (!data)
		return NULL;
	archdoc_buf_printf(&b, "%u: ", archdoc_connection_number(c));
	for (size_t i = 0; i < archdoc_connection_from_count(c); i++)
		archdoc_buf_printf(&b, "%s%s", i ? ", " : "", archdoc_component_title(archdoc_connection_from_at(c, i)));
	archdoc_buf_puts(&b, " -> ");
	for (size_t i = 0; i < archdoc_connection_to_count(c); i++)
		archdoc_buf_printf(&b, "%s%s", i ? ", " : "", archdoc_component_title(archdoc_connection_to_at(c, i)));
	if (*proto || *port)
		archdoc_buf_printf(&b, ", %s%s%s", proto, *proto && *port ? " " : "", port);
	if (*data)
		archdoc_buf_printf(&b, ": %s", data);
	free(data);
	archdoc_buf_putc(&b, '\0');
	if (b.failed) {
		archdoc_buf_free(&b);
		return NULL;
	}
	return archdoc_buf_detach(&b, NULL);
}

/* A merged line's tooltip lists every row it stands for, one per line. */
static char *group_title(const archdoc_model *m, const archdoc_connection *c)
{
	archdoc_buf b = ARCHDOC_BUF_INIT;

	if (!archdoc_connection__merged(c))
		return connection_title(c);
	for (size_t i = 0; i < archdoc_model_connection_count(m); i++) {
		const archdoc_connection *o = archdoc_model_connection(m, i);
		char *t;

		if (archdoc_connection__drawn_as(o) != c)
			continue;
		t = connection_title(o);
		if (!t) {
			archdoc_buf_free(&b);
			return NULL;
		}
		if (b.len)
			archdoc_buf_putc(&b, '\n');
		archdoc_buf_puts(&b, t);
		free(t);
	}
	archdoc_buf_putc(&b, '\0');
	if (b.failed) {
		archdoc_buf_free(&b);
		return NULL;
	}
	return archdoc_buf_detach(&b, NULL);
}

/* Join the paths of a group into one path element (its halves in order). */
static void join_paths(xmlNodePtr g)
{
	xmlNodePtr first = NULL, c, next;
	archdoc_buf d = ARCHDOC_BUF_INIT;

	for (c = g->children; c; c = next) {
		xmlChar *pd;

		next = c->next;
		if (!is_el(c, "path"))
			continue;
		pd = xmlGetProp(c, X("d"));
		if (d.len)
			archdoc_buf_putc(&d, ' ');
		if (pd)
			archdoc_buf_puts(&d, (const char *)pd);
		xmlFree(pd);
		if (!first) {
			first = c;
		} else {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
	}
	if (first && d.ptr && !d.failed)
		xmlSetProp(first, X("d"), X(d.ptr));
	archdoc_buf_free(&d);
}

/* A diff's line to an end only one version has: its paths and arrowhead
 * get a class of their own ("line end-removed"; CSS in theme.c), so that
 * the connection's own change colour does not paint over it. Marked here,
 * named once the group is put together. */
static void mark_end(xmlNodePtr part, char line, char conn)
{
	if (line == conn || (line != '+' && line != '-'))
		return;
	for (xmlNodePtr k = part->children; k; k = k->next)
		if (is_el(k, "path") || is_el(k, "polygon"))
			xmlSetProp(k, X("data-archdoc-end"), X(line == '+' ? "+" : "-"));
}

static xmlNodePtr connection_group(xmlDocPtr doc, groups *G, const archdoc_model *m,
		const archdoc_diagram__scene *s, size_t ci, const size_t *edges, size_t nedges,
		const archdoc_diagram_options *opts, int *missing)
{
	const archdoc_connection *c = archdoc_model_connection(m, ci);
	const char *mid = archdoc_model_id(m);
	unsigned num = archdoc_connection_number(c);
	archdoc_buf b = ARCHDOC_BUF_INIT;
	xmlNodePtr g = new_el(doc, "g", NULL), part, outer, spokes;
	char *plain = group_title(m, c);
	char *title = plain ? change_title(m, plain, c->change, c->change_note) : NULL;
	int badge = -1;

	free(plain);
	if (!g || !title) {
		free(title);
		xmlFreeNode(g);
		return NULL;
	}
	xmlSetProp(g, X("class"), X(change_class(m, c->change, "connection", &b)));
	archdoc_buf_clear(&b);
	archdoc_buf_printf(&b, "%s-connection-%u", mid, num);
	xmlSetProp(g, X("id"), X(b.ptr));
	archdoc_buf_clear(&b);
	archdoc_buf_printf(&b, "%u", num);
	xmlSetProp(g, X("data-n"), X(b.ptr));
	/* ids separated by spaces when the connection has several ends */
	xmlSetProp(g, X("data-from"), X(c->from_list ? c->from_list : archdoc_component_id(archdoc_connection_from(c))));
	xmlSetProp(g, X("data-to"), X(c->to_list ? c->to_list : archdoc_component_id(archdoc_connection_to(c))));
	if (archdoc_connection_classification(c))
		xmlSetProp(g, X("data-classification"), X(archdoc_connection_classification(c)));
	/* merged parallels: each number keeps its group, drawn by the first */
	if (archdoc_connection__drawn_as(c) != c) {
		archdoc_buf_clear(&b);
		archdoc_buf_printf(&b, "%u", archdoc_connection_number(archdoc_connection__drawn_as(c)));
		xmlSetProp(g, X("data-drawn-as"), X(b.ptr));
	} else if (archdoc_connection__merged(c)) {
		xmlSetProp(g, X("data-numbers"), X(archdoc_connection__merged(c)));
	}
	xmlAddChild(g, new_el(doc, "title", title));
	free(title);

	/* the line: its halves in order, then the arrowhead; spokes to further
	 * ends (halves 3, 4) are paths of their own, added after */
	spokes = new_el(doc, "g", NULL);
	if (!spokes) {
		xmlFreeNode(g);
		return NULL;
	}
	for (int half = 0; half <= 4; half++) {
		for (size_t k = 0; k < nedges; k++) {
			const archdoc_diagram__edge *e = &s->edges[edges[k]];

			if (e->conn != ci || e->half != half)
				continue;
			if (half == 1)
				badge = e->head;
			part = take(G, e->svg_id);
			if (!part) {
				*missing = 1;
				continue;
			}
			if (half >= 3 && m->diff)
				mark_end(part, archdoc_diagram__line_change(s, m, e), c->change);
			move_children(part, half >= 3 ? spokes : g, "path");
			move_children(part, half >= 3 ? spokes : g, "polygon");
			move_children(part, half >= 3 ? spokes : g, "text");
			xmlFreeNode(part);
		}
	}
	join_paths(g);
	move_children(spokes, g, NULL);
	xmlFreeNode(spokes);
	/* halves were moved in order: line parts, arrowhead, label ("labels") */
	for (xmlNodePtr k = g->children; k; k = k->next) {
		/* mark_end's word, when it left one */
		xmlChar *end = xmlGetProp(k, X("data-archdoc-end"));

		if (end)
			xmlUnsetProp(k, X("data-archdoc-end"));
		if (is_el(k, "path")) {
			xmlSetProp(k, X("class"), X(!end ? "line" : end[0] == '+' ? "line end-added" : "line end-removed"));
		} else if (is_el(k, "polygon")) {
			xmlSetProp(k, X("class"), X(!end ? "arrow" : end[0] == '+' ? "arrow end-added" : "arrow end-removed"));
		} else if (is_el(k, "text")) {
			xmlSetProp(k, X("class"), X("number"));
			set_font(k);
		}
		xmlFree(end);
	}
	if (badge >= 0) {
		part = take(G, s->nodes[badge].svg_id);
		if (!part) {
			*missing = 1;
		} else {
			xmlNodePtr k;

			for (k = part->children; k; k = k->next)
				if (is_el(k, "ellipse") || is_el(k, "polygon") || is_el(k, "path")) {
					xmlChar *fill = xmlGetProp(k, X("fill"));

					/* a changed badge's second ring is drawn unfilled */
					xmlSetProp(k, X("class"), X(fill && strcmp((const char *)fill, "none") == 0
								? "badge-ring" : "badge"));
					xmlFree(fill);
				}
			fix_texts(part, "number", "detail");
			move_children(part, g, NULL);
			xmlFreeNode(part);
		}
	}
	archdoc_buf_free(&b);
	if (!opts->link_base)
		return g;
	/* <a href="BASE#MODEL-row-N">: the table row of this connection */
	outer = new_el(doc, "a", NULL);
	if (!outer) {
		xmlFreeNode(g);
		return NULL;
	}
	archdoc_buf_printf(&b, "%s#%s-row-%u", opts->link_base, mid, num);
	xmlSetProp(outer, X("href"), X(b.ptr ? b.ptr : ""));
	archdoc_buf_free(&b);
	xmlAddChild(outer, g);
	return outer;
}

static void put_root_attrs(xmlNodePtr root, const char *mid, archdoc_buf *b)
{
	xmlNsPtr *link = &root->nsDef;

	/* no xlink: archdoc's links use plain href */
	while (*link) {
		if ((*link)->prefix && strcmp((const char *)(*link)->prefix, "xlink") == 0) {
			xmlNsPtr dead = *link;

			*link = dead->next;
			dead->next = NULL;
			xmlFreeNs(dead);
			continue;
		}
		link = &(*link)->next;
	}
	archdoc_buf_clear(b);
	archdoc_buf_printf(b, "%s-diagram", mid);
	xmlSetProp(root, X("id"), X(b->ptr));
	xmlSetProp(root, X("class"), X("archdoc"));
	xmlSetProp(root, X("role"), X("img"));
	archdoc_buf_clear(b);
	archdoc_buf_printf(b, "%s-title %s-desc", mid, mid);
	xmlSetProp(root, X("aria-labelledby"), X(b->ptr));
	/* natural size when there is room, shrinks with a narrower container */
	xmlSetProp(root, X("style"), X("max-width:100%;height:auto"));
}

static char *description(const archdoc_model *m, const archdoc_diagram__scene *s)
{
	const char *d = archdoc_model_description(m);
	char *plain = d ? archdoc_diagram__plain(d) : NULL;
	archdoc_buf b = ARCHDOC_BUF_INIT;
	size_t comps = archdoc_model_component_count(m), conns = archdoc_model_connection_count(m);

	(void)s;
	if (plain && *plain)
		archdoc_buf_printf(&b, "%s ", plain);
	free(plain);
	archdoc_buf_printf(&b, "Diagram of %zu component%s and %zu numbered connection%s; "
			"each arrow points from the side that opens the connection to the side that accepts it.",
			comps, comps == 1 ? "" : "s", conns, conns == 1 ? "" : "s");
	archdoc_buf_putc(&b, '\0');
	if (b.failed) {
		archdoc_buf_free(&b);
		return NULL;
	}
	return archdoc_buf_detach(&b, NULL);
}

static int restructure(xmlDocPtr doc, const archdoc_model *m, const archdoc_diagram__scene *s,
		const archdoc_diagram_options *opts, int *missing)
{
	const char *mid = archdoc_model_id(m);
	xmlNodePtr root = xmlDocGetRootElement(doc), graph = NULL, c, next, bg = NULL, first;
	groups G = { ARCHDOC_HASH_INIT, NULL, NULL, 0 };
	archdoc_buf b = ARCHDOC_BUF_INIT;
	char *desc = NULL;
	int rc = ARCHDOC_ENOMEM;
	size_t n = 0;

	if (!is_el(root, "svg"))
		return ARCHDOC_ERENDER;
	for (c = root->children; c && !graph; c = c->next)
		if (is_el(c, "g"))
			graph = c;
	if (!graph)
		return ARCHDOC_ERENDER;

	for (c = graph->children; c; c = c->next)
		n++;
	G.ids = calloc(n + 1, sizeof(*G.ids));
	G.nodes = calloc(n + 1, sizeof(*G.nodes));
	if (!G.ids || !G.nodes)
		goto done;
	for (c = graph->children; c; c = next) {
		next = c->next;
		if (is_el(c, "title")) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		} else if (!bg && is_el(c, "polygon")) {
			bg = c;
		} else if (is_el(c, "g")) {
			xmlChar *id = xmlGetProp(c, X("id"));

			if (!id)
				continue;
			G.ids[G.count] = id;
			G.nodes[G.count] = c;
			G.count++;
			/* a repeated id keeps its first group; the later one is dropped below */
			if (archdoc_hash_put(&G.by_id, (const char *)id, (void *)(uintptr_t)G.count, NULL) < 0)
				goto done;
		}
	}

	if (bg) {
		if (opts->flags & ARCHDOC_DIAGRAM_TRANSPARENT) {
			xmlUnlinkNode(bg);
			xmlFreeNode(bg);
		} else {
			xmlSetProp(bg, X("class"), X("background"));
			xmlUnsetProp(bg, X("stroke"));
		}
	}
	archdoc_buf_printf(&b, "%s-drawing", mid);
	xmlSetProp(graph, X("id"), X(b.ptr));

	/* boundaries, outer before inner */
	for (size_t i = 0; i < s->cluster_count; i++) {
		const archdoc_diagram__cluster *cl = &s->clusters[i];
		const archdoc_boundary *bd;
		xmlNodePtr g = take(&G, cl->svg_id);

		if (!g) {
			*missing = 1;
			continue;
		}
		if (cl->legend) {
			xmlSetProp(g, X("class"), X("legend"));
			drop_title(g);
			class_shapes(g, "frame", "frame");
			fix_texts(g, "title", NULL);
			xmlAddChild(graph, g);
			continue;
		}
		bd = archdoc_model_boundary(m, cl->ref);
		xmlSetProp(g, X("class"), X(change_class(m, bd->change, "boundary", &b)));
		xmlSetProp(g, X("data-id"), X(archdoc_boundary_id(bd)));
		{
			char *t = change_title(m, archdoc_boundary_title(bd), bd->change, bd->change_note);

			if (!t)
				goto done;
			retitle(doc, g, t);
			free(t);
		}
		class_shapes(g, archdoc_boundary_depth(bd) % 2 ? "frame inner" : "frame", "frame");
		fix_texts(g, "title", NULL);
		xmlAddChild(graph, g);
	}
	/* connections by number, under the components so boxes cover line ends;
	 * each connection's edges found through a counting sort, in scene order */
	{
		size_t conns = archdoc_model_connection_count(m);
		size_t *start = calloc(conns + 2, sizeof(*start));
		size_t *order = malloc((s->edge_count + 1) * sizeof(*order));

		if (!start || !order) {
			free(start);
			free(order);
			goto done;
		}
		for (size_t i = 0; i < s->edge_count; i++)
			if (s->edges[i].conn < conns)
				start[s->edges[i].conn + 2]++;
		for (size_t i = 0; i < conns; i++)
			start[i + 2] += start[i + 1];
		for (size_t i = 0; i < s->edge_count; i++)
			if (s->edges[i].conn < conns)
				order[start[s->edges[i].conn + 1]++] = i;
		/* now edges of connection i are order[start[i] .. start[i + 1]) */
		for (size_t i = 0; i < conns; i++) {
			xmlNodePtr g = connection_group(doc, &G, m, s, i, order + start[i], start[i + 1] - start[i],
					opts, missing);

			if (!g) {
				free(start);
				free(order);
				goto done;
			}
			xmlAddChild(graph, g);
		}
		free(start);
		free(order);
	}
	for (size_t i = 0; i < s->node_count; i++) {
		const archdoc_diagram__node *nd = &s->nodes[i];
		xmlNodePtr g;

		if (nd->role == ARCHDOC_ROLE_BADGE)
			continue;
		g = take(&G, nd->svg_id);
		if (!g) {
			if (nd->role == ARCHDOC_ROLE_COMPONENT)
				*missing = 1;
			continue;
		}
		if (nd->role == ARCHDOC_ROLE_COMPONENT) {
			const archdoc_component *cp = archdoc_model_component(m, nd->ref);

			char *t = change_title(m, archdoc_component_title(cp), cp->change, cp->change_note);

			if (!t)
				goto done;
			xmlSetProp(g, X("class"), X(change_class(m, cp->change, "component", &b)));
			xmlSetProp(g, X("data-id"), X(archdoc_component_id(cp)));
			xmlSetProp(g, X("data-kind"), X(archdoc_component_kind(cp)));
			retitle(doc, g, t);
			free(t);
			class_shapes(g, "shape", "shape-line");
			fix_texts(g, "label", NULL);
		} else if (nd->role == ARCHDOC_ROLE_CAPTION) {
			xmlSetProp(g, X("class"), X("caption"));
			drop_title(g);
			fix_texts(g, "label", NULL);
		} else {
			int shapes = 0;

			for (xmlNodePtr k = g->children; k; k = k->next)
				shapes += is_el(k, "ellipse") || is_el(k, "polygon") || is_el(k, "path");
			/* words alone follow the theme's text colour; a sample is themed
			 * like what it shows (theme.c) */
			archdoc_buf_clear(&b);
			archdoc_buf_printf(&b, "legend-item%s%s", nd->sample ? " legend-" : shapes ? "" : " legend-text",
					nd->sample ? nd->sample : "");
			xmlSetProp(g, X("class"), X(b.ptr));
			if (nd->sample_kind)
				xmlSetProp(g, X("data-kind"), X(nd->sample_kind));
			drop_title(g);
			class_shapes(g, "shape", "shape-line");
			fix_texts(g, "label", NULL);
		}
		xmlAddChild(graph, g);
	}
	/* legend frames and anything else archdoc named: keep, in Graphviz order */
	for (size_t i = 0; i < G.count; i++) {
		xmlNodePtr g = G.nodes[i];
		size_t ml = strlen(mid);

		if (!g)
			continue;
		G.nodes[i] = NULL;
		xmlUnlinkNode(g);
		if (strncmp((const char *)G.ids[i], mid, ml) != 0 || G.ids[i][ml] != '-' ||
				(size_t)(uintptr_t)archdoc_hash_get(&G.by_id, (const char *)G.ids[i]) != i + 1) {
			/* not archdoc's (none expected): not part of the contract */
			xmlFreeNode(g);
			continue;
		}
		drop_title(g);
		class_shapes(g, "frame", "frame");
		fix_texts(g, "label", NULL);
		xmlAddChild(graph, g);
	}

	/* root: id, role, title, description, theme */
	put_root_attrs(root, mid, &b);
	desc = description(m, s);
	if (!desc)
		goto done;
	first = root->children;
	{
		xmlNodePtr title = new_el(doc, "title", archdoc_model_title(m));
		xmlNodePtr de = new_el(doc, "desc", desc);
		xmlNodePtr style = new_el(doc, "style", NULL);

		if (!title || !de || !style) {
			xmlFreeNode(title);
			xmlFreeNode(de);
			xmlFreeNode(style);
			goto done;
		}
		archdoc_buf_clear(&b);
		archdoc_buf_printf(&b, "%s-title", mid);
		xmlSetProp(title, X("id"), X(b.ptr));
		archdoc_buf_clear(&b);
		archdoc_buf_printf(&b, "%s-desc", mid);
		xmlSetProp(de, X("id"), X(b.ptr));
		archdoc_buf_clear(&b);
		archdoc_diagram__theme_css(&b, (opts->flags & ARCHDOC_DIAGRAM_DARK) != 0,
				(opts->flags & ARCHDOC_DIAGRAM_TRANSPARENT) != 0, m->diff);
		set_text(doc, style, b.ptr ? b.ptr : "");
		if (first) {
			xmlAddPrevSibling(first, title);
			xmlAddPrevSibling(first, de);
			xmlAddPrevSibling(first, style);
		} else {
			xmlAddChild(root, title);
			xmlAddChild(root, de);
			xmlAddChild(root, style);
		}
	}
	rc = b.failed ? ARCHDOC_ENOMEM : 0;
done:
	free(desc);
	archdoc_buf_free(&b);
	archdoc_hash_free(&G.by_id);
	for (size_t i = 0; i < G.count; i++)
		xmlFree(G.ids[i]);
	free(G.ids);
	free(G.nodes);
	return rc;
}

int archdoc_diagram__svg_finish(archdoc_context *ctx, const archdoc_model *m,
		const archdoc_diagram__scene *s, const archdoc_diagram_options *opts,
		const char *svg, size_t len, char **out, size_t *out_len)
{
	xmlDocPtr doc;
	xmlDtdPtr dtd;
	xmlBufferPtr xb = NULL;
	xmlSaveCtxtPtr save;
	int rc, missing = 0, sopts = XML_SAVE_FORMAT;

	*out = NULL;
	*out_len = 0;
	if (len > INT_MAX)
		return ARCHDOC_ELIMIT;
	/* Graphviz's output, still parsed as if hostile: no network, no DTD, no entities */
	doc = xmlReadMemory(svg, (int)len, "graphviz.svg", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
			XML_PARSE_NOWARNING);
	if (!doc) {
		archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "graphviz", archdoc__nowhere(archdoc_model_source(m)),
				"Graphviz wrote an SVG that is not well-formed; nothing was written");
		return ARCHDOC_ERENDER;
	}
	dtd = xmlGetIntSubset(doc);
	if (dtd) {
		xmlUnlinkNode((xmlNodePtr)dtd);
		xmlFreeDtd(dtd);
	}
	clean((xmlNodePtr)doc);
	rc = restructure(doc, m, s, opts, &missing);
	if (rc == 0 && missing) {
		archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "graphviz", archdoc__nowhere(archdoc_model_source(m)),
				"Graphviz's SVG lacks some of the diagram's objects; nothing was written");
		rc = ARCHDOC_ERENDER;
	}
	if (rc < 0)
		goto done;
	rc = ARCHDOC_ENOMEM;
	xb = xmlBufferCreate();
	if (!xb)
		goto done;
	if (opts->flags & ARCHDOC_DIAGRAM_NO_XML_DECLARATION)
		sopts |= XML_SAVE_NO_DECL;
	save = xmlSaveToBuffer(xb, "UTF-8", sopts);
	if (!save)
		goto done;
	if (xmlSaveDoc(save, doc) < 0) {
		xmlSaveClose(save);
		goto done;
	}
	if (xmlSaveClose(save) < 0)
		goto done;
	*out_len = (size_t)xmlBufferLength(xb);
	*out = malloc(*out_len + 1);
	if (!*out)
		goto done;
	memcpy(*out, xmlBufferContent(xb), *out_len);
	(*out)[*out_len] = '\0';
	rc = 0;
done:
	if (rc < 0)
		*out_len = 0;
	xmlBufferFree(xb);
	xmlFreeDoc(doc);
	return rc;
}
