/*
 * Loading a model: read the bytes ourselves (size limit, UTF-8 check), parse
 * them with libxml2 under safe options while recording where each element
 * starts, check the structure, validate against the RELAX NG schema, build
 * the model and hand it to the semantic validator.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "archdoc/errors.h"
#include "buf.h"
#include "file.h"
#include "layout.h"
#include "load.h"
#include "schema.h"
#include "timing.h"
#include "xml_compat.h"

#define NS ARCHDOC_MODEL_NAMESPACE

/* --- reporting --------------------------------------------------------- */

#ifdef __GNUC__
__attribute__((format(printf, 6, 7)))
#endif
static void report_at(archdoc_loader *L, archdoc_severity sev, const char *rule,
		unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	archdoc_diag_queue_add(&L->q, sev, rule, archdoc_source_offset(&L->m->source, line, col),
			archdoc__nowhere(NULL), 0, archdoc__nowhere(NULL), NULL, fmt, ap);
	va_end(ap);
}

/* --- positions ----------------------------------------------------------- */

typedef struct parse_state {
	archdoc_loader *L;
	xmlParserCtxtPtr ctxt;
	startElementNsSAX2Func start;
	endElementNsSAX2Func end;
	internalSubsetSAXFunc subset;
	unsigned depth;
	size_t elements;
	int fatal_seen;
	int limit_hit;
} parse_state;

static size_t node_offset(const xmlNode *node)
{
	return node && node->_private ? (size_t)(uintptr_t)node->_private - 1 : 0;
}

static void on_start(void *data, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
		int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
		const xmlChar **attributes)
{
	xmlParserCtxtPtr ctxt = data;
	parse_state *st = ctxt->_private;
	const archdoc_source *src = &st->L->m->source;
	long consumed = xmlByteConsumed(ctxt);
	size_t at = consumed > 0 ? (size_t)consumed : 0;

	/* xmlByteConsumed points at the tag's closing '>' (or the '/' of '/>');
	 * a '<' cannot occur inside attribute values, so the first one before
	 * it opens this tag. */
	if (at >= src->len)
		at = src->len ? src->len - 1 : 0;
	while (at > 0 && src->data[at] != '<')
		at--;

	st->depth++;
	st->elements++;
	if (st->depth > st->L->ctx->max_depth || st->elements > st->L->ctx->max_elements) {
		if (!st->limit_hit) {
			st->limit_hit = 1;
			if (st->depth > st->L->ctx->max_depth)
				archdoc_loader__report(st->L, ARCHDOC_SEVERITY_ERROR, "nesting-too-deep", at,
						"elements nest deeper than the limit of %u; flatten the boundaries "
						"(or raise the limit, see docs/security.md)", st->L->ctx->max_depth);
			else
				archdoc_loader__report(st->L, ARCHDOC_SEVERITY_ERROR, "too-many-elements", at,
						"the model has more than %zu elements, the limit; split it into "
						"several models (or raise the limit, see docs/security.md)",
						st->L->ctx->max_elements);
		}
		xmlStopParser(ctxt);
		return;
	}
	st->start(data, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes, nb_defaulted,
			attributes);
	if (ctxt->node)
		ctxt->node->_private = (void *)(uintptr_t)(at + 1);
}

static void on_end(void *data, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	xmlParserCtxtPtr ctxt = data;
	parse_state *st = ctxt->_private;

	if (st->depth)
		st->depth--;
	st->end(data, localname, prefix, uri);
}

static void on_subset(void *data, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id)
{
	xmlParserCtxtPtr ctxt = data;
	parse_state *st = ctxt->_private;
	const archdoc_source *src = &st->L->m->source;
	const char *p = strstr(src->data, "<!DOCTYPE");
	size_t at = p ? (size_t)(p - src->data) : 0;

	(void)name;
	(void)external_id;
	(void)system_id;
	/* A model needs no DTD; refusing it rules out external entities and
	 * entity expansion attacks whatever the libxml2 version. */
	archdoc_loader__report(st->L, ARCHDOC_SEVERITY_ERROR, "doctype", at,
			"a model must not have a DOCTYPE (no DTDs or entities are allowed); remove it");
	st->fatal_seen = 1;
	xmlStopParser(ctxt);
}

static void on_parse_error(void *data, ARCHDOC_XML_ERROR_T err)
{
	xmlParserCtxtPtr ctxt = data;
	parse_state *st = ctxt->_private;
	char msg[512];
	size_t n;
	const char *nl;

	if (!err || !err->message || !st)
		return;
	if (err->level == XML_ERR_WARNING) {
		/* still worth showing, but never fatal */
	} else if (st->fatal_seen) {
		/* one typo cascades into many errors at nearby columns: show the first */
		return;
	}
	nl = strchr(err->message, '\n');
	n = nl ? (size_t)(nl - err->message) : strlen(err->message);
	if (n >= sizeof(msg))
		n = sizeof(msg) - 1;
	memcpy(msg, err->message, n);
	msg[n] = '\0';
	if (err->level == XML_ERR_WARNING) {
		report_at(st->L, ARCHDOC_SEVERITY_WARNING, "syntax", (unsigned)(err->line > 0 ? err->line : 0),
				(unsigned)(err->int2 > 0 ? err->int2 : 0), "%s", msg);
		return;
	}
	st->fatal_seen = 1;
	report_at(st->L, ARCHDOC_SEVERITY_ERROR, "syntax", (unsigned)(err->line > 0 ? err->line : 0),
			(unsigned)(err->int2 > 0 ? err->int2 : 0), "malformed XML: %s", msg);
}

static xmlDocPtr parse(archdoc_loader *L)
{
	const archdoc_source *src = &L->m->source;
	parse_state st;
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc = NULL;
	int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA;

#ifdef XML_PARSE_NO_XXE
	options |= XML_PARSE_NO_XXE;
#endif
	memset(&st, 0, sizeof(st));
	st.L = L;
	ctxt = xmlCreateMemoryParserCtxt(src->data, (int)src->len);
	if (!ctxt) {
		L->oom = 1;
		return NULL;
	}
	xmlCtxtUseOptions(ctxt, options);
	st.ctxt = ctxt;
	ctxt->_private = &st;
	st.start = ctxt->sax->startElementNs;
	st.end = ctxt->sax->endElementNs;
	st.subset = ctxt->sax->internalSubset;
	ctxt->sax->startElementNs = on_start;
	ctxt->sax->endElementNs = on_end;
	ctxt->sax->internalSubset = on_subset;
	ctxt->sax->serror = on_parse_error;
	ctxt->sax->error = NULL;
	ctxt->sax->warning = NULL;
	ctxt->vctxt.error = NULL;
	ctxt->vctxt.warning = NULL;

	xmlParseDocument(ctxt);
	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	if (!ctxt->wellFormed || st.fatal_seen || st.limit_hit || L->q.errors) {
		if (!L->q.errors)
			report_at(L, ARCHDOC_SEVERITY_ERROR, "syntax", 1, 1, "malformed XML");
		xmlFreeDoc(doc);
		doc = NULL;
	} else if (doc && doc->encoding && xmlStrcasecmp(doc->encoding, BAD_CAST "UTF-8") != 0) {
		archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "encoding", 0,
				"the model declares encoding \"%s\"; models must be UTF-8 "
				"(convert the file and declare encoding=\"UTF-8\" or nothing)",
				(const char *)doc->encoding);
		xmlFreeDoc(doc);
		doc = NULL;
	}
	ctxt->_private = NULL;
	xmlFreeParserCtxt(ctxt);
	return doc;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* --- structure -------------------------------------------------------------- */

typedef struct element_rule {
	const char *name;
	const char *const *attrs;      /* allowed */
	const char *const *required;
	const char *const *children;   /* allowed element children */
	int text;                      /* text allowed */
} element_rule;

static const char *const architecture_attrs[] = { "id", "title", "classify-by", NULL };
static const char *const architecture_req[] = { "id", "title", NULL };
static const char *const architecture_children[] = { "description", "table", "diagram", "boundary", "component",
	"connection", NULL };
static const char *const no_names[] = { NULL };
static const char *const table_attrs[] = { "columns", NULL };
static const char *const table_children[] = { "header", NULL };
static const char *const header_attrs[] = { "column", NULL };
static const char *const diagram_attrs[] = { "layout", NULL };
static const char *const boundary_attrs[] = { "id", "title", "kind", NULL };
static const char *const boundary_req[] = { "id", "title", NULL };
static const char *const boundary_children[] = { "boundary", "component", NULL };
static const char *const component_attrs[] = { "id", "title", "kind", NULL };
static const char *const connection_attrs[] = { "n", "from", "to", "protocol", "port", "classification", NULL };
static const char *const connection_req[] = { "from", "to", NULL };

static const element_rule rules[] = {
	{ "architecture", architecture_attrs, architecture_req, architecture_children, 0 },
	{ "description", no_names, no_names, no_names, 1 },
	{ "table", table_attrs, no_names, table_children, 0 },
	{ "header", header_attrs, header_attrs, no_names, 1 },
	{ "diagram", diagram_attrs, no_names, no_names, 0 },
	{ "boundary", boundary_attrs, boundary_req, boundary_children, 0 },
	{ "component", component_attrs, component_attrs, no_names, 0 },
	{ "connection", connection_attrs, connection_req, no_names, 1 },
};

static const element_rule *rule_for(const xmlNode *node)
{
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (xmlStrEqual(node->name, BAD_CAST rules[i].name))
			return &rules[i];
	return NULL;
}

static int in_list(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (strcmp(*list, name) == 0)
			return 1;
	return 0;
}

static void join(archdoc_buf *b, const char *const *list)
{
	for (size_t i = 0; list[i]; i++) {
		if (i)
			archdoc_buf_puts(b, ", ");
		archdoc_buf_puts(b, list[i]);
	}
}

static int in_ns(const xmlNode *node)
{
	return node->ns && xmlStrEqual(node->ns->href, BAD_CAST NS);
}

static int only_space(const xmlChar *s)
{
	for (; s && *s; s++)
		if (!is_space((char)*s))
			return 0;
	return 1;
}

/* --- field limits (docs/security.md, "Limits") ----------------------------- */

static size_t attr_limit(const char *name)
{
	static const char *const names[] = { "id", "from", "to", "classify-by", "n", "column", NULL };

	if (in_list(names, name))
		return ARCHDOC_MAX_ID_LENGTH;
	if (strcmp(name, "port") == 0)
		return ARCHDOC_MAX_PORT_TEXT;
	return ARCHDOC_MAX_SHORT_TEXT;   /* title, kind, protocol, classification, columns, layout */
}

static size_t text_limit(const xmlNode *node)
{
	if (xmlStrEqual(node->name, BAD_CAST "connection"))
		return ARCHDOC_MAX_DATA_LENGTH;
	if (xmlStrEqual(node->name, BAD_CAST "description"))
		return ARCHDOC_MAX_DESCRIPTION_LENGTH;
	return ARCHDOC_MAX_SHORT_TEXT;   /* <header> */
}

/* Every attribute and text has a length limit, checked before anything
 * (Graphviz, cmark, the table backends) sees it; the model builder then
 * keeps only the allowed length, so no later message quotes megabytes. */
static void check_length(archdoc_loader *L, xmlNode *node, xmlAttr *a, const element_rule *rule)
{
	size_t n = 0, max;
	const xmlNode *t;

	for (t = a ? a->children : node->children; t; t = t->next)
		if (t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE)
			n += archdoc_utf8_chars((const char *)t->content, t->content ? strlen((const char *)t->content) : 0);
	max = a ? attr_limit((const char *)a->name) : text_limit(node);
	if (n <= max)
		return;
	if (a)
		archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "field-too-long",
				archdoc__attr_offset(&L->m->source, node_offset(node), (const char *)a->name),
				"<%s> %s is %zu characters long, over the limit of %zu; shorten it "
				"(limits: docs/security.md)", rule->name, (const char *)a->name, n, max);
	else
		archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "field-too-long", node_offset(node),
				"<%s>%s is %zu characters long, over the limit of %zu; shorten it "
				"(limits: docs/security.md)", rule->name,
				xmlStrEqual(node->name, BAD_CAST "connection") ? " text (the data sentence)" :
				xmlStrEqual(node->name, BAD_CAST "header") ? " text" : "", n, max);
}

/* Check one element against the rules above; returns the errors found. */
static unsigned check_structure(archdoc_loader *L, xmlNode *node, const element_rule *rule)
{
	const archdoc_source *src = &L->m->source;
	size_t off = node_offset(node);
	unsigned before = L->q.errors;
	archdoc_buf list = ARCHDOC_BUF_INIT;
	xmlAttr *a;
	xmlNode *c;
	size_t i;
	int seen_description = 0, seen_table = 0, seen_diagram = 0, seen_other = 0;

	for (a = node->properties; a; a = a->next) {
		char qname[256];

		if (a->ns && a->ns->prefix)
			snprintf(qname, sizeof(qname), "%s:%s", (const char *)a->ns->prefix, (const char *)a->name);
		else
			snprintf(qname, sizeof(qname), "%s", (const char *)a->name);
		if (!a->ns && in_list(rule->attrs, (const char *)a->name)) {
			check_length(L, node, a, rule);
			continue;
		}
		archdoc_buf_clear(&list);
		join(&list, rule->attrs);
		if (rule->attrs[0])
			archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "schema", archdoc__attr_offset(src, off, qname),
					"unknown attribute '%s' on <%s>; allowed: %s", qname, rule->name,
					list.ptr ? list.ptr : "");
		else
			archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "schema", archdoc__attr_offset(src, off, qname),
					"unknown attribute '%s' on <%s>, which takes no attributes", qname, rule->name);
	}
	if (rule->text)
		check_length(L, node, NULL, rule);
	for (i = 0; rule->required[i]; i++) {
		if (!xmlHasNsProp(node, BAD_CAST rule->required[i], NULL))
			archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "schema", off,
					"<%s> is missing the required attribute '%s'", rule->name, rule->required[i]);
	}
	for (c = node->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (!rule->text && !only_space(c->content))
				archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "schema", off,
						"<%s> cannot hold text; put prose in <description> or in a <connection>",
						rule->name);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!in_ns(c)) {
			archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "schema", node_offset(c),
					"element <%s> is not in the archdoc namespace; declare xmlns=\"%s\" on <architecture>",
					(const char *)c->name, NS);
			continue;
		}
		if (!in_list(rule->children, (const char *)c->name)) {
			archdoc_buf_clear(&list);
			join(&list, rule->children);
			if (rule->children[0])
				archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "schema", node_offset(c),
						"element <%s> is not allowed inside <%s>; allowed here: %s",
						(const char *)c->name, rule->name, list.ptr ? list.ptr : "");
			else
				archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "schema", node_offset(c),
						"element <%s> is not allowed inside <%s>, which holds %s",
						(const char *)c->name, rule->name, rule->text ? "only text" : "nothing");
			continue;
		}
		if (xmlStrEqual(c->name, BAD_CAST "description")) {
			if (seen_description++)
				archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "schema", node_offset(c),
						"only one <description> is allowed; merge them");
			else if (seen_table || seen_diagram || seen_other)
				archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "schema", node_offset(c),
						"<description> must come first inside <architecture>; move it up");
		} else if (xmlStrEqual(c->name, BAD_CAST "table")) {
			if (seen_table++)
				archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "schema", node_offset(c),
						"only one <table> is allowed; merge them");
			else if (seen_diagram || seen_other)
				archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "schema", node_offset(c),
						"<table> must come before <diagram> and the boundaries, components and "
						"connections (after <description>); move it up");
		} else if (xmlStrEqual(c->name, BAD_CAST "diagram")) {
			if (seen_diagram++)
				archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "schema", node_offset(c),
						"only one <diagram> is allowed; merge them");
			else if (seen_other)
				archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "schema", node_offset(c),
						"<diagram> must come before the boundaries, components and connections "
						"(after <description> and <table>); move it up");
		} else {
			seen_other = 1;
		}
		check_structure(L, c, rule_for(c));
	}
	archdoc_buf_free(&list);
	return L->q.errors - before;
}

/* --- building the model ------------------------------------------------------ */

/* Attribute value as an arena string, trimmed; NULL when absent. */
static const char *attr(archdoc_loader *L, xmlNode *node, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(node, BAD_CAST name);
	const char *s, *e;
	char *out;

	L->cut = 0;
	if (!v)
		return NULL;
	s = (const char *)v;
	while (is_space(*s))
		s++;
	e = s + strlen(s);
	while (e > s && is_space(e[-1]))
		e--;
	/* over its limit: an error already, kept short for later messages */
	{
		const char *keep = s + archdoc_utf8_cut(s, (size_t)(e - s), attr_limit(name));

		L->cut = keep < e;
		e = keep;
	}
	out = archdoc_arena_strndup(L->m->arena, s, (size_t)(e - s));
	xmlFree(v);
	if (!out)
		L->oom = 1;
	return out;
}

/* Element text with whitespace runs collapsed to one space and trimmed, the
 * way HTML treats it, so sentences can be wrapped in the XML file. */
static const char *text(archdoc_loader *L, xmlNode *node)
{
	xmlChar *v = xmlNodeGetContent(node);
	char *out, *o;
	const char *s;
	int space = 0;

	if (!v)
		return archdoc_arena_strdup(L->m->arena, "");
	out = archdoc_arena_alloc(L->m->arena, strlen((const char *)v) + 1);
	if (!out) {
		xmlFree(v);
		L->oom = 1;
		return "";
	}
	o = out;
	for (s = (const char *)v; *s; s++) {
		if (is_space(*s)) {
			space = 1;
			continue;
		}
		if (space && o != out)
			*o++ = ' ';
		space = 0;
		*o++ = *s;
	}
	/* over its limit: an error already, kept short for later messages */
	*(out + archdoc_utf8_cut(out, (size_t)(o - out), text_limit(node))) = '\0';
	xmlFree(v);
	return out;
}

/* Multi-line text (descriptions): keep line breaks, which Markdown needs,
 * but drop the indentation common to all lines. */
static const char *block_text(archdoc_loader *L, xmlNode *node)
{
	xmlChar *v = xmlNodeGetContent(node);
	archdoc_buf b = ARCHDOC_BUF_INIT;
	const char *s, *line;
	size_t indent = (size_t)-1;
	char *out;

	if (!v)
		return NULL;
	/* smallest indentation of the non-blank lines */
	for (line = (const char *)v; *line;) {
		const char *e = strchr(line, '\n');
		size_t len = e ? (size_t)(e - line) : strlen(line), k = 0;

		while (k < len && (line[k] == ' ' || line[k] == '\t'))
			k++;
		if (k < len && k < indent)
			indent = k;
		line += len + (e ? 1 : 0);
	}
	if (indent == (size_t)-1)
		indent = 0;
	for (line = (const char *)v; *line;) {
		const char *e = strchr(line, '\n');
		size_t len = e ? (size_t)(e - line) : strlen(line);

		s = line + (len >= indent ? indent : len);
		archdoc_buf_put(&b, s, len - (size_t)(s - line));
		if (e)
			archdoc_buf_putc(&b, '\n');
		line += len + (e ? 1 : 0);
	}
	xmlFree(v);
	/* trim blank lines at both ends */
	s = b.ptr ? b.ptr : "";
	while (*s && is_space(*s))
		s++;
	{
		size_t n = strlen(s);

		while (n && is_space(s[n - 1]))
			n--;
		n = archdoc_utf8_cut(s, n, text_limit(node));
		out = n ? archdoc_arena_strndup(L->m->arena, s, n) : NULL;
		if (n && !out)
			L->oom = 1;
	}
	archdoc_buf_free(&b);
	return out;
}

static void build_children(archdoc_loader *L, xmlNode *parent, struct archdoc_boundary *in, unsigned depth);

static void build_component(archdoc_loader *L, xmlNode *node, struct archdoc_boundary *in)
{
	struct archdoc_component *c = archdoc_arena_alloc(L->m->arena, sizeof(*c));
	const archdoc_source *src = &L->m->source;

	if (!c) {
		L->oom = 1;
		return;
	}
	c->offset = node_offset(node);
	c->id = attr(L, node, "id");
	c->title = attr(L, node, "title");
	c->kind = attr(L, node, "kind");
	c->title_offset = archdoc__attr_offset(src, c->offset, "title");
	c->kind_offset = archdoc__attr_offset(src, c->offset, "kind");
	c->boundary = in;
	c->loc = archdoc_source_location(src, c->offset);
	if (!c->id)
		c->id = "";
	if (!c->title)
		c->title = c->id;
	if (!c->kind)
		c->kind = "";
	if (archdoc_model__add_component(L->m, c) < 0)
		L->oom = 1;
}

static void build_boundary(archdoc_loader *L, xmlNode *node, struct archdoc_boundary *in, unsigned depth)
{
	struct archdoc_boundary *b = archdoc_arena_alloc(L->m->arena, sizeof(*b));

	if (!b) {
		L->oom = 1;
		return;
	}
	b->offset = node_offset(node);
	b->id = attr(L, node, "id");
	b->title = attr(L, node, "title");
	b->kind = attr(L, node, "kind");
	b->title_offset = archdoc__attr_offset(&L->m->source, b->offset, "title");
	b->parent = in;
	b->depth = depth;
	b->loc = archdoc_source_location(&L->m->source, b->offset);
	if (!b->id)
		b->id = "";
	if (!b->title)
		b->title = b->id;
	if (b->kind && !*b->kind)
		b->kind = NULL;
	if (archdoc_model__add_boundary(L->m, b) < 0) {
		L->oom = 1;
		return;
	}
	build_children(L, node, b, depth + 1);
}

static void build_connection(archdoc_loader *L, xmlNode *node)
{
	struct archdoc_connection *c = archdoc_arena_alloc(L->m->arena, sizeof(*c));
	const archdoc_source *src = &L->m->source;
	const char *n;

	if (!c) {
		L->oom = 1;
		return;
	}
	c->offset = node_offset(node);
	n = attr(L, node, "n");
	c->n_offset = archdoc__attr_offset(src, c->offset, "n");
	c->from_id = attr(L, node, "from");
	c->from_offset = archdoc__attr_offset(src, c->offset, "from");
	c->to_id = attr(L, node, "to");
	c->to_offset = archdoc__attr_offset(src, c->offset, "to");
	c->protocol = attr(L, node, "protocol");
	c->port = attr(L, node, "port");
	if (L->cut)
		c->port = NULL;   /* field-too-long: its ports would be counted from a cut list */
	c->port_offset = archdoc__attr_offset(src, c->offset, "port");
	c->stated = attr(L, node, "classification");
	c->class_offset = archdoc__attr_offset(src, c->offset, "classification");
	c->data = text(L, node);
	c->loc = archdoc_source_location(src, c->offset);
	if (!c->protocol)
		c->protocol = "";
	if (c->stated && !*c->stated)
		c->stated = NULL;
	if (c->stated)
		L->m->has_stated = 1;
	if (n) {
		/* the number itself is checked here; its uniqueness in validate.c */
		unsigned long v = 0;
		const char *p = n;
		int ok = *p != '\0';

		for (; *p; p++) {
			if (*p < '0' || *p > '9' || v > ARCHDOC_MAX_CONNECTION_NUMBER) {
				ok = 0;
				break;
			}
			v = v * 10 + (unsigned long)(*p - '0');
		}
		if (!ok || v < 1 || v > ARCHDOC_MAX_CONNECTION_NUMBER) {
			archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "schema", c->n_offset,
					"connection number n=\"%s\" is not a whole number from 1 to %u",
					n, ARCHDOC_MAX_CONNECTION_NUMBER);
		} else {
			c->n = (unsigned)v;
			c->n_explicit = 1;
		}
	}
	if (archdoc_model__add_connection(L->m, c) < 0)
		L->oom = 1;
}

static void build_table(archdoc_loader *L, xmlNode *node)
{
	archdoc_table_spec *t = &L->m->table;
	const archdoc_source *src = &L->m->source;
	const char *columns = attr(L, node, "columns");
	size_t off = node_offset(node);
	xmlNode *c;

	L->m->table_offset = off;
	if (columns) {
		size_t n = 0, cap = 0;
		const char *p = columns;

		for (const char *q = columns; *q; q++)
			cap += *q == ' ' || *q == ',';
		cap++;
		t->columns = archdoc_arena_calloc(L->m->arena, cap, sizeof(*t->columns));
		if (!t->columns) {
			L->oom = 1;
			return;
		}
		while (*p) {
			const char *e;
			char name[64];
			int col;

			while (*p == ' ' || *p == ',' || is_space(*p))
				p++;
			if (!*p)
				break;
			e = p;
			while (*e && *e != ' ' && *e != ',' && !is_space(*e))
				e++;
			snprintf(name, sizeof(name), "%.*s", (int)(e - p), p);
			col = archdoc_column_from_name(name);
			if (col < 0) {
				archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "schema", archdoc__attr_offset(src, off, "columns"),
						"unknown column '%s' in columns; use number, source, destination, what, "
						"protocol, port, classification, data", name);
			} else if (n < cap) {
				size_t k;

				for (k = 0; k < n; k++)
					if (t->columns[k] == (archdoc_column)col)
						break;
				if (k < n)
					archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "schema",
							archdoc__attr_offset(src, off, "columns"),
							"column '%s' is listed twice in columns", name);
				else
					t->columns[n++] = (archdoc_column)col;
			}
			p = e;
		}
		t->column_count = n;
		if (n == 0 && !L->q.errors)
			archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "schema", archdoc__attr_offset(src, off, "columns"),
					"columns names no column; leave it out for the default columns");
	}
	for (c = node->children; c; c = c->next) {
		const char *name;
		int col;

		if (c->type != XML_ELEMENT_NODE || !in_ns(c) || !xmlStrEqual(c->name, BAD_CAST "header"))
			continue;
		name = attr(L, c, "column");
		if (!name)
			continue;
		col = archdoc_column_from_name(name);
		if (col < 0) {
			archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "schema",
					archdoc__attr_offset(src, node_offset(c), "column"),
					"unknown column '%s' in <header>; use number, source, destination, what, "
					"protocol, port, classification, data", name);
			continue;
		}
		if (t->headers[col]) {
			archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "schema", node_offset(c),
					"a second <header> for column '%s'; keep one", name);
			continue;
		}
		t->headers[col] = text(L, c);
		if (!*t->headers[col])
			archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "schema", node_offset(c),
					"the <header> for column '%s' is empty; write the header text or remove it", name);
	}
}

/* <diagram layout="...">: the same text as render's --layout, checked here
 * so that check reports a bad pin where it is written. */
static void build_diagram(archdoc_loader *L, xmlNode *node)
{
	const char *layout = attr(L, node, "layout");
	archdoc_layout_spec spec;
	const char *why;

	if (!layout)
		return;
	why = archdoc_layout_parse(&spec, layout);
	if (why) {
		archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "diagram-layout",
				archdoc__attr_offset(&L->m->source, node_offset(node), "layout"),
				"layout \"%s\": %s", layout, why);
		return;
	}
	L->m->diagram_layout = layout;
}

static void build_children(archdoc_loader *L, xmlNode *parent, struct archdoc_boundary *in, unsigned depth)
{
	xmlNode *c;

	for (c = parent->children; c && !L->oom; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || !in_ns(c))
			continue;
		if (xmlStrEqual(c->name, BAD_CAST "boundary"))
			build_boundary(L, c, in, depth);
		else if (xmlStrEqual(c->name, BAD_CAST "component"))
			build_component(L, c, in);
		else if (!in && xmlStrEqual(c->name, BAD_CAST "connection"))
			build_connection(L, c);
		else if (!in && xmlStrEqual(c->name, BAD_CAST "description"))
			L->m->description = block_text(L, c);
		else if (!in && xmlStrEqual(c->name, BAD_CAST "table"))
			build_table(L, c);
		else if (!in && xmlStrEqual(c->name, BAD_CAST "diagram"))
			build_diagram(L, c);
	}
}

/* --- schema backstop --------------------------------------------------------- */

static void on_schema_error(void *payload, xmlNodePtr node, const char *message)
{
	archdoc_loader *L = payload;

	archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "schema", node_offset(node),
			"does not match the model schema (model/archdoc.rng): %s", message);
}

/* --- entry points --------------------------------------------------------------- */

static int load(archdoc_model **out, archdoc_context *ctx, const char *name, char *data, size_t len)
{
	archdoc_loader L;
	archdoc_model *m;
	xmlDocPtr doc = NULL;
	xmlNode *root;
	size_t bad;
	uint64_t t0;
	int rc = 0;

	*out = NULL;
	m = archdoc_model__new();
	if (!m) {
		free(data);
		return ARCHDOC_ENOMEM;
	}
	archdoc_loader__init(&L, ctx, m);
	if (archdoc_source_init(&m->source, name, data, len) < 0) {
		archdoc_model_free(m);
		return ARCHDOC_ENOMEM;
	}

	/* Our own UTF-8 check first: it gives the exact byte position, and it
	 * keeps a wrong encoding declaration from reinterpreting the bytes. */
	if (len >= 2 && (((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) ||
			((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF))) {
		archdoc_loader__report(&L, ARCHDOC_SEVERITY_ERROR, "encoding", 0,
				"the model is UTF-16; save it as UTF-8");
		goto done;
	}
	bad = archdoc_utf8_invalid_at(data, len);
	if (bad != (size_t)-1) {
		if (data[bad] == '\0')
			archdoc_loader__report(&L, ARCHDOC_SEVERITY_ERROR, "encoding", bad,
					"NUL byte in the model; models are UTF-8 text");
		else
			archdoc_loader__report(&L, ARCHDOC_SEVERITY_ERROR, "encoding", bad,
					"invalid UTF-8 (byte 0x%02X); save the model as UTF-8",
					(unsigned)(unsigned char)data[bad]);
		goto done;
	}

	if (len == 0) {
		archdoc_loader__report(&L, ARCHDOC_SEVERITY_ERROR, "syntax", 0,
				"the model is empty; it needs an <architecture xmlns=\"%s\"> element", NS);
		goto done;
	}
	t0 = archdoc__clock_ns();
	doc = parse(&L);
	archdoc__phase_add(ctx, ARCHDOC_PHASE_PARSE, t0);
	if (!doc)
		goto done;
	root = xmlDocGetRootElement(doc);
	if (!root || !xmlStrEqual(root->name, BAD_CAST "architecture") || !in_ns(root)) {
		archdoc_loader__report(&L, ARCHDOC_SEVERITY_ERROR, "schema", node_offset(root),
				"the root element must be <architecture xmlns=\"%s\">", NS);
		goto done;
	}
	t0 = archdoc__clock_ns();
	if (check_structure(&L, root, rule_for(root)) == 0) {
		int v = archdoc_schema__validate(&ctx->schema, doc, on_schema_error, &L);

		if (v < 0) {
			L.oom = 1;
			goto done;
		}
	}
	archdoc__phase_add(ctx, ARCHDOC_PHASE_SCHEMA, t0);
	t0 = archdoc__clock_ns();

	m->id = attr(&L, root, "id");
	m->title = attr(&L, root, "title");
	m->classify_by_id = attr(&L, root, "classify-by");
	m->classify_offset = archdoc__attr_offset(&m->source, node_offset(root), "classify-by");
	if (!m->id)
		m->id = "";
	if (!m->title)
		m->title = m->id;
	if (m->id[0] && !archdoc_id_valid(m->id))
		archdoc_loader__report(&L, ARCHDOC_SEVERITY_ERROR, "schema",
				archdoc__attr_offset(&m->source, node_offset(root), "id"),
				"architecture id '%s' is not a valid id: start with a letter, then letters, "
				"digits, '-' or '_' (at most %u characters)", m->id, ARCHDOC_MAX_ID_LENGTH);
	build_children(&L, root, NULL, 0);
	archdoc__phase_add(ctx, ARCHDOC_PHASE_BUILD, t0);
	if (L.oom)
		goto done;
	t0 = archdoc__clock_ns();
	archdoc_validate__model(&L);
	archdoc__phase_add(ctx, ARCHDOC_PHASE_VALIDATE, t0);

done:
	xmlFreeDoc(doc);
	archdoc_loader__finish(&L);
	if (L.oom)
		rc = ARCHDOC_ENOMEM;
	else if (L.q.errors)
		rc = ARCHDOC_EINVALID;
	if (rc) {
		archdoc_model_free(m);
		return rc;
	}
	*out = m;
	return 0;
}

int archdoc_model_load_buffer(archdoc_model **out, archdoc_context *ctx, const char *name,
		const char *data, size_t len)
{
	char *copy;
	int rc;

	*out = NULL;
	if (!name)
		name = "<memory>";
	copy = archdoc_source_copy_input(ctx, "model", name, data, len, &rc);
	return copy ? load(out, ctx, name, copy, len) : rc;
}

int archdoc_model__load_path(archdoc_model **out, archdoc_context *ctx, const char *path, unsigned flags,
		int *not_regular)
{
	char *data = NULL;
	size_t len = 0;
	int rc, is_stdin = (flags & ARCHDOC_FILE_STDIN) && strcmp(path, "-") == 0;
	uint64_t t0;

	*out = NULL;
	t0 = archdoc__clock_ns();
	rc = archdoc_file_read(path, ctx->max_file_size, flags, &data, &len, NULL);
	archdoc__phase_add(ctx, ARCHDOC_PHASE_READ, t0);
	switch (rc) {
	case ARCHDOC_FILE_OK:
		return load(out, ctx, is_stdin ? "<stdin>" : path, data, len);
	case ARCHDOC_FILE_EOPEN:
		archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "io", archdoc__nowhere(path),
				"cannot open the model: %s", strerror(errno));
		return ARCHDOC_EIO;
	case ARCHDOC_FILE_EREAD:
		archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "io", archdoc__nowhere(path),
				"cannot read the model: %s", strerror(errno));
		return ARCHDOC_EIO;
	case ARCHDOC_FILE_ETOO_BIG:
		archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "file-too-large", archdoc__nowhere(path),
				"the model is larger than the limit of %zu bytes; split it (or raise the limit, "
				"see docs/security.md)", ctx->max_file_size);
		return ARCHDOC_ELIMIT;
	case ARCHDOC_FILE_ENOTREG:
		if (not_regular)
			*not_regular = 1;   /* the caller asked for a regular file: it says so */
		return ARCHDOC_EIO;
	default:
		return ARCHDOC_ENOMEM;
	}
}

int archdoc_model_load_file(archdoc_model **out, archdoc_context *ctx, const char *path)
{
	return archdoc_model__load_path(out, ctx, path, ARCHDOC_FILE_STDIN, NULL);
}
