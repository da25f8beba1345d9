/*
 * The diagram through the public API: the SVG contract (docs/svg-contract.md)
 * checked with libxml2 against the model, determinism, links, PNG/PDF/DOT
 * outputs, option errors, and every model fixture in every format (the
 * sanitizer build runs this for leaks).
 *
 * Run from tests/ (CTest's working directory).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <graphviz/cgraph.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "archdoc/archdoc.h"
#include "harness.h"

#define EXAMPLE "../model/genesys-pulse.xml"

static unsigned errors_seen;

static void sink(const archdoc_diag *d, void *payload)
{
	(void)payload;
	if (d->severity == ARCHDOC_SEVERITY_ERROR)
		errors_seen++;
	if (getenv("DIAGRAM_TEST_VERBOSE"))
		fprintf(stderr, "diag: %s [%s]\n", d->message, d->rule);
}

static archdoc_model *load(archdoc_context *ctx, const char *path)
{
	archdoc_model *m = NULL;

	INT_EQ(archdoc_model_load_file(&m, ctx, path), 0);
	return m;
}

static int render(archdoc_context *ctx, const archdoc_model *m, archdoc_diagram_format f,
		const char *layout, const char *link, uint32_t flags, unsigned dpi, char **out, size_t *len)
{
	archdoc_diagram_options o = ARCHDOC_DIAGRAM_OPTIONS_INIT;

	o.format = f;
	o.layout = layout;
	o.link_base = link;
	o.flags = flags;
	o.dpi = dpi;
	return archdoc_diagram_render(out, len, ctx, m, &o);
}

/* --- the SVG contract --- */

typedef struct walk {
	const archdoc_model *m;
	const char *prefix;        /* "MODEL-" */
	char **ids;
	size_t nids, capids;
	unsigned connections, components, boundaries, links;
	unsigned bad;              /* forbidden things found */
	unsigned *seen_n;          /* per connection index */
} walk;

static int starts(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static char *prop(xmlNodePtr n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

static int is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* A side's ids ("a b") or titles ("A, B"). */
static void ends_text(char *out, size_t size, const archdoc_connection *c, int to_side, int titles)
{
	size_t n = to_side ? archdoc_connection_to_count(c) : archdoc_connection_from_count(c), len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && len < size; i++) {
		const archdoc_component *x = to_side ? archdoc_connection_to_at(c, i) : archdoc_connection_from_at(c, i);

		len += (size_t)snprintf(out + len, size - len, "%s%s", i ? (titles ? ", " : " ") : "",
				titles ? archdoc_component_title(x) : archdoc_component_id(x));
	}
}

static void check_connection(walk *w, xmlNodePtr g)
{
	char *id = prop(g, "id"), *n = prop(g, "data-n"), *from = prop(g, "data-from"), *to = prop(g, "data-to");
	const archdoc_connection *c = n ? archdoc_model_find_connection(w->m, (unsigned)atoi(n)) : NULL;
	char want[600];
	int texts = 0, number = 0, titles = 0, paths = 0, arrows = 0;

	OK(c != NULL);
	if (c) {
		snprintf(want, sizeof(want), "%sconnection-%u", w->prefix, archdoc_connection_number(c));
		STR_EQ(id, want);
		/* every end's id, separated by spaces (from="a b") */
		ends_text(want, sizeof(want), c, 0, 0);
		STR_EQ(from, want);
		ends_text(want, sizeof(want), c, 1, 0);
		STR_EQ(to, want);
		w->seen_n[archdoc_connection_number(c) % 4096]++;
	}
	for (xmlNodePtr k = g->children; k; k = k->next) {
		char *content;

		if (k->type != XML_ELEMENT_NODE)
			continue;
		content = (char *)xmlNodeGetContent(k);
		if (is(k, "text")) {
			texts++;
			if (n && strcmp(content, n) == 0)
				number++;
		} else if (is(k, "title")) {
			titles++;
			if (c) {
				char a[128], b[128];

				ends_text(a, sizeof(a), c, 0, 1);
				ends_text(b, sizeof(b), c, 1, 1);
				snprintf(want, sizeof(want), "%u: %s -> %s", archdoc_connection_number(c), a, b);
				OK(starts(content, want));
			}
		} else if (is(k, "path")) {
			paths++;
		} else if (is(k, "polygon")) {
			arrows++;
		}
		xmlFree(content);
	}
	OK(texts >= 1);
	INT_EQ(number, 1);
	INT_EQ(titles, 1);
	OK(paths >= 1);
	OK(arrows >= 1);
	if (c && (archdoc_connection_from_count(c) > 1 || archdoc_connection_to_count(c) > 1)) {
		/* one line through the badge, and a path to each further end;
		 * an arrowhead at every destination */
		INT_EQ(paths, (int)(archdoc_connection_from_count(c) + archdoc_connection_to_count(c) - 1));
		INT_EQ(arrows, (int)archdoc_connection_to_count(c));
	}
	w->connections++;
	xmlFree(id);
	xmlFree(n);
	xmlFree(from);
	xmlFree(to);
}

static void visit(walk *w, xmlNodePtr n)
{
	for (; n; n = n->next) {
		if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE || n->type == XML_DTD_NODE)
			w->bad++;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is(n, "script") || is(n, "foreignObject") || is(n, "image") || is(n, "use"))
			w->bad++;
		for (xmlAttrPtr a = n->properties; a; a = a->next) {
			char *v = (char *)xmlNodeGetContent((xmlNodePtr)a);
			const char *name = (const char *)a->name;

			if ((name[0] == 'o' || name[0] == 'O') && (name[1] == 'n' || name[1] == 'N'))
				w->bad++;
			if (v && (strstr(v, "javascript:") || strstr(v, "url(") || strstr(v, "@import")))
				w->bad++;
			if (a->ns && strcmp((const char *)a->name, "href") == 0)
				w->bad++;   /* xlink:href */
			if (strcmp(name, "id") == 0) {
				OK(starts(v, w->prefix));
				for (size_t i = 0; i < w->nids; i++)
					OK(strcmp(w->ids[i], v) != 0);
				if (w->nids == w->capids) {
					w->capids = w->capids ? 2 * w->capids : 64;
					w->ids = realloc(w->ids, w->capids * sizeof(*w->ids));
				}
				w->ids[w->nids++] = strdup(v);
			}
			if (strcmp(name, "href") == 0)
				w->links++;
			xmlFree(v);
		}
		if (is(n, "style")) {
			char *css = (char *)xmlNodeGetContent(n);

			OK(strstr(css, "prefers-color-scheme: dark") != NULL);
			OK(strstr(css, "url(") == NULL && strstr(css, "@import") == NULL);
			xmlFree(css);
		}
		if (is(n, "g")) {
			char *cls = prop(n, "class"), *id = prop(n, "id");

			if (cls && strcmp(cls, "connection") == 0)
				check_connection(w, n);
			if (cls && strcmp(cls, "component") == 0) {
				char *data = prop(n, "data-id");
				char want[256];

				OK(data && archdoc_model_find_component(w->m, data));
				snprintf(want, sizeof(want), "%scomponent-%s", w->prefix, data ? data : "");
				STR_EQ(id, want);
				w->components++;
				xmlFree(data);
			}
			if (cls && strcmp(cls, "boundary") == 0) {
				char *data = prop(n, "data-id");

				OK(data && archdoc_model_find_boundary(w->m, data));
				w->boundaries++;
				xmlFree(data);
			}
			xmlFree(cls);
			xmlFree(id);
		}
		visit(w, n->children);
	}
}

/* Check an SVG against the contract; returns the number of links found. */
static unsigned check_svg(const archdoc_model *m, const char *svg, size_t len)
{
	xmlDocPtr doc = xmlReadMemory(svg, (int)len, "diagram.svg", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
	xmlNodePtr root;
	walk w;
	char prefix[200];
	char *vb, *role, *title_text = NULL;
	int has_desc = 0;

	OK(doc != NULL);
	if (!doc)
		return 0;
	OK(strstr(svg, "<!DOCTYPE") == NULL);
	OK(strstr(svg, "Generated by") == NULL);
	root = xmlDocGetRootElement(doc);
	OK(is(root, "svg"));
	vb = prop(root, "viewBox");
	role = prop(root, "role");
	OK(vb != NULL);
	STR_EQ(role, "img");
	for (xmlNodePtr k = root->children; k; k = k->next) {
		if (is(k, "title") && !title_text)
			title_text = (char *)xmlNodeGetContent(k);
		if (is(k, "desc"))
			has_desc = 1;
	}
	STR_EQ(title_text, archdoc_model_title(m));
	OK(has_desc);
	memset(&w, 0, sizeof(w));
	w.m = m;
	snprintf(prefix, sizeof(prefix), "%s-", archdoc_model_id(m));
	w.prefix = prefix;
	w.seen_n = calloc(4096, sizeof(*w.seen_n));
	visit(&w, root);
	INT_EQ(w.connections, archdoc_model_connection_count(m));
	INT_EQ(w.components, archdoc_model_component_count(m));
	INT_EQ(w.boundaries, archdoc_model_boundary_count(m));
	INT_EQ(w.bad, 0);
	for (size_t i = 0; i < archdoc_model_connection_count(m); i++)
		INT_EQ(w.seen_n[archdoc_connection_number(archdoc_model_connection(m, i)) % 4096], 1);
	for (size_t i = 0; i < w.nids; i++)
		free(w.ids[i]);
	free(w.ids);
	free(w.seen_n);
	xmlFree(vb);
	xmlFree(role);
	xmlFree(title_text);
	xmlFreeDoc(doc);
	return w.links;
}

static void test_example_svg(archdoc_context *ctx)
{
	archdoc_model *m = load(ctx, EXAMPLE);
	char *a = NULL, *b = NULL;
	size_t la = 0, lb = 0;

	if (!m)
		return;
	INT_EQ(render(ctx, m, ARCHDOC_DIAGRAM_SVG, NULL, NULL, 0, 0, &a, &la), 0);
	INT_EQ(archdoc_model_connection_count(m), 27);
	if (a) {
		INT_EQ(check_svg(m, a, la), 0);
		OK(starts(a, "<?xml"));
		INT_EQ(strlen(a), la);
	}
	/* the same model gives the same bytes */
	INT_EQ(render(ctx, m, ARCHDOC_DIAGRAM_SVG, NULL, NULL, 0, 0, &b, &lb), 0);
	OK(a && b && la == lb && memcmp(a, b, la) == 0);
	archdoc_free(a);
	archdoc_free(b);

	/* inline form for HTML pages; transparent; legend; label detail */
	a = NULL;
	INT_EQ(render(ctx, m, ARCHDOC_DIAGRAM_SVG, NULL, NULL,
			ARCHDOC_DIAGRAM_NO_XML_DECLARATION | ARCHDOC_DIAGRAM_TRANSPARENT | ARCHDOC_DIAGRAM_LEGEND,
			0, &a, &la), 0);
	if (a) {
		OK(starts(a, "<svg"));
		OK(strstr(a, "class=\"background\"") == NULL);
		OK(strstr(a, "class=\"legend\"") != NULL);
		INT_EQ(check_svg(m, a, la), 0);
	}
	archdoc_free(a);
	{
		archdoc_diagram_options o = ARCHDOC_DIAGRAM_OPTIONS_INIT;

		o.label = ARCHDOC_DIAGRAM_LABEL_NUMBER_PROTOCOL_PORT;
		a = NULL;
		INT_EQ(archdoc_diagram_render(&a, &la, ctx, m, &o), 0);
		if (a) {
			OK(strstr(a, ">TCP 5432</text>") != NULL);
			INT_EQ(check_svg(m, a, la), 0);
		}
		archdoc_free(a);
	}
	/* the plain-Graphviz baseline keeps the contract too */
	a = NULL;
	INT_EQ(render(ctx, m, ARCHDOC_DIAGRAM_SVG, "labels", NULL, 0, 0, &a, &la), 0);
	if (a)
		INT_EQ(check_svg(m, a, la), 0);
	archdoc_free(a);
	archdoc_model_free(m);
}

static void test_links(archdoc_context *ctx)
{
	archdoc_model *m = load(ctx, EXAMPLE);
	static const char *const refused[] = {
		"javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:x",
		"data:text/html,x", "vbscript:x", "file:///etc/passwd", "https://x/#frag", "https://x/\"onload=\"",
		NULL
	};
	char *a = NULL;
	size_t la = 0;

	if (!m)
		return;
	INT_EQ(render(ctx, m, ARCHDOC_DIAGRAM_SVG, NULL, "https://wiki.example/arch?page=1&v=2", 0, 0, &a, &la), 0);
	if (a) {
		INT_EQ(check_svg(m, a, la), 27);
		OK(strstr(a, "href=\"https://wiki.example/arch?page=1&amp;v=2#genesys-pulse-row-27\"") != NULL);
	}
	archdoc_free(a);
	a = NULL;
	INT_EQ(render(ctx, m, ARCHDOC_DIAGRAM_SVG, NULL, "", 0, 0, &a, &la), 0);
	if (a)
		OK(strstr(a, "href=\"#genesys-pulse-row-1\"") != NULL);
	archdoc_free(a);
	for (size_t i = 0; refused[i]; i++) {
		OK(archdoc_diagram_check_link_base(refused[i]) != NULL);
		a = (char *)"untouched";
		INT_EQ(render(ctx, m, ARCHDOC_DIAGRAM_SVG, NULL, refused[i], 0, 0, &a, &la), ARCHDOC_EUSAGE);
		OK(a == NULL);
	}
	OK(archdoc_diagram_check_link_base("../tables/pulse.html") == NULL);
	OK(archdoc_diagram_check_link_base("HTTP://example.org/a") == NULL);
	archdoc_model_free(m);
}

static unsigned be32(const unsigned char *p)
{
	return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

static void test_binary(archdoc_context *ctx)
{
	archdoc_model *m = load(ctx, EXAMPLE);
	char *a = NULL, *b = NULL;
	size_t la = 0, lb = 0;
	unsigned w1 = 0, h1 = 0, w2 = 0, h2 = 0;

	if (!m)
		return;
	INT_EQ(render(ctx, m, ARCHDOC_DIAGRAM_PNG, NULL, NULL, 0, 0, &a, &la), 0);
	INT_EQ(render(ctx, m, ARCHDOC_DIAGRAM_PNG, NULL, NULL, ARCHDOC_DIAGRAM_TRANSPARENT, 192, &b, &lb), 0);
	OK(a && la > 33 && memcmp(a, "\x89PNG\r\n\x1a\n", 8) == 0 && memcmp(a + 12, "IHDR", 4) == 0);
	OK(b && lb > 33 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0);
	if (a && la > 24 && b && lb > 24) {
		w1 = be32((const unsigned char *)a + 16);
		h1 = be32((const unsigned char *)a + 20);
		w2 = be32((const unsigned char *)b + 16);
		h2 = be32((const unsigned char *)b + 20);
		OK(w1 > 300 && w1 < 8000 && h1 > 200 && h1 < 8000);
		OK(w1 <= 2 * h1 + 40);
		/* twice the dpi, about twice the pixels */
		OK(w2 > w1 * 19 / 10 && w2 < w1 * 21 / 10);
		OK(h2 > h1 * 19 / 10 && h2 < h1 * 21 / 10);
	}
	archdoc_free(a);
	archdoc_free(b);

	/* over the pixel budget at 1200 dpi: refused, or with FIT_BUDGET drawn
	 * at the highest dpi that fits (16,384 pixels a side, 40 megapixels) */
	a = NULL;
	INT_EQ(render(ctx, m, ARCHDOC_DIAGRAM_PNG, NULL, NULL, 0, 1200, &a, &la), ARCHDOC_ELIMIT);
	OK(a == NULL);
	INT_EQ(render(ctx, m, ARCHDOC_DIAGRAM_PNG, NULL, NULL, ARCHDOC_DIAGRAM_FIT_BUDGET, 1200, &a, &la), 0);
	if (a && la > 24) {
		unsigned w = be32((const unsigned char *)a + 16), h = be32((const unsigned char *)a + 20);

		OK(w <= 16384 && h <= 16384 && (double)w * h <= 40e6);
		/* as large as fits: well over what 96 dpi gives */
		OK(w > 5 * w1);
	}
	archdoc_free(a);

	a = NULL;
	INT_EQ(render(ctx, m, ARCHDOC_DIAGRAM_PDF, NULL, NULL, 0, 0, &a, &la), 0);
	OK(a && la > 100 && memcmp(a, "%PDF", 4) == 0);
	archdoc_free(a);

	/* the DOT that was laid out parses back, with every numbered connection */
	a = NULL;
	INT_EQ(render(ctx, m, ARCHDOC_DIAGRAM_DOT, NULL, NULL, 0, 0, &a, &la), 0);
	if (a) {
		Agraph_t *g = agmemread(a);

		OK(g != NULL);
		if (g) {
			char name[32];

			for (size_t i = 0; i < archdoc_model_connection_count(m); i++) {
				Agnode_t *n;

				snprintf(name, sizeof(name), "n_%u", archdoc_connection_number(archdoc_model_connection(m, i)));
				n = agnode(g, name, 0);
				OK(n != NULL);
				if (n) {
					INT_EQ(agdegree(g, n, 1, 1), 2);
					{ char pos[] = "pos"; OK(agget(n, pos) && *agget(n, pos)); }
				}
			}
			INT_EQ(agnedges(g), 2 * archdoc_model_connection_count(m));
			agclose(g);
		}
	}
	archdoc_free(a);
	archdoc_model_free(m);
}

static void test_options(archdoc_context *ctx)
{
	archdoc_model *m = load(ctx, EXAMPLE);
	archdoc_diagram_options o;
	char *a = NULL;
	size_t la = 0;

	if (!m)
		return;
	archdoc_diagram_options_init(&o);
	INT_EQ(o.version, ARCHDOC_DIAGRAM_OPTIONS_VERSION);
	o.version = 99;
	INT_EQ(archdoc_diagram_render(&a, &la, ctx, m, &o), ARCHDOC_EUSAGE);
	archdoc_diagram_options_init(&o);
	o.format = (archdoc_diagram_format)9;
	INT_EQ(archdoc_diagram_render(&a, &la, ctx, m, &o), ARCHDOC_EUSAGE);
	archdoc_diagram_options_init(&o);
	o.layout = "spaghetti";
	INT_EQ(archdoc_diagram_render(&a, &la, ctx, m, &o), ARCHDOC_EUSAGE);
	o.layout = "badges,rankdir=XY";
	INT_EQ(archdoc_diagram_render(&a, &la, ctx, m, &o), ARCHDOC_EUSAGE);
	o.layout = "badges,stylesheet=x.css";
	INT_EQ(archdoc_diagram_render(&a, &la, ctx, m, &o), ARCHDOC_EUSAGE);
	archdoc_diagram_options_init(&o);
	o.dpi = 5000;
	INT_EQ(archdoc_diagram_render(&a, &la, ctx, m, &o), ARCHDOC_EUSAGE);
	OK(a == NULL);
	INT_EQ(archdoc_diagram_format_from_name("png"), ARCHDOC_DIAGRAM_PNG);
	INT_EQ(archdoc_diagram_format_from_name("gif"), -1);
	INT_EQ(archdoc_diagram_label_from_name("number+port"), ARCHDOC_DIAGRAM_LABEL_NUMBER_PORT);
	INT_EQ(archdoc_diagram_label_from_name("port"), -1);
	/* a tuned layout is still a valid drawing */
	archdoc_diagram_options_init(&o);
	o.layout = "badges,rankdir=LR,flat=0,order=3,ranksep=0.5";
	INT_EQ(archdoc_diagram_render(&a, &la, ctx, m, &o), 0);
	if (a)
		INT_EQ(check_svg(m, a, la), 0);
	archdoc_free(a);
	archdoc_model_free(m);
}

/* Every fixture in every format: contract for SVG, no leaks under ASan. */
static void test_fixtures(archdoc_context *ctx, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		archdoc_model *m = NULL;

		if (archdoc_model_load_file(&m, ctx, argv[i]) != 0) {
			fprintf(stderr, "%s: does not load\n", argv[i]);
			OK(0);
			continue;
		}
		for (int f = ARCHDOC_DIAGRAM_SVG; f <= ARCHDOC_DIAGRAM_DOT; f++) {
			char *a = NULL;
			size_t la = 0;
			int rc = render(ctx, m, (archdoc_diagram_format)f, NULL, NULL, ARCHDOC_DIAGRAM_LEGEND, 0, &a, &la);

			if (rc == ARCHDOC_ELIMIT && f == ARCHDOC_DIAGRAM_PNG) {
				/* a large fixture is over the PNG's pixel budget at 96 dpi
				 * (docs/security.md); its bitmap is still drawn at 36 */
				rc = render(ctx, m, ARCHDOC_DIAGRAM_PNG, NULL, NULL, ARCHDOC_DIAGRAM_LEGEND, 36, &a, &la);
			}
			if (rc != 0)
				fprintf(stderr, "%s: format %d: %s\n", argv[i], f, archdoc_strerror(rc));
			INT_EQ(rc, 0);
			OK(a && la > 0);
			if (a && f == ARCHDOC_DIAGRAM_SVG)
				INT_EQ(check_svg(m, a, la), 0);
			archdoc_free(a);
		}
		archdoc_model_free(m);
	}
}

int main(int argc, char **argv)
{
	archdoc_context_options co = ARCHDOC_CONTEXT_OPTIONS_INIT;
	archdoc_context *ctx = NULL;

	co.sink = sink;
	INT_EQ(archdoc_context_new(&ctx, &co), 0);
	if (!ctx)
		return 1;
	test_example_svg(ctx);
	test_links(ctx);
	test_binary(ctx);
	test_options(ctx);
	test_fixtures(ctx, argc, argv);
	archdoc_context_free(ctx);
	return harness_done();
}
