/*
 * The structure of a model: which elements, attributes and text each
 * element may hold, in which order, and how long each field may be
 * (docs/model-format.md, docs/security.md "Limits"). The RELAX NG schema
 * stays the backstop; these checks come first for their clearer messages.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "xml_load.h"

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
	"connection", "retired", "view", NULL };
static const char *const no_names[] = { NULL };
static const char *const table_attrs[] = { "columns", NULL };
static const char *const table_children[] = { "header", NULL };
static const char *const header_attrs[] = { "column", NULL };
static const char *const diagram_attrs[] = { "layout", NULL };
static const char *const boundary_attrs[] = { "id", "title", "kind", NULL };
static const char *const boundary_req[] = { "id", "title", NULL };
static const char *const boundary_children[] = { "boundary", "component", NULL };
static const char *const component_attrs[] = { "id", "title", "kind", "placeholder", NULL };
static const char *const component_req[] = { "id", "title", "kind", NULL };
static const char *const connection_attrs[] = { "n", "from", "to", "protocol", "port", "classification", NULL };
static const char *const connection_req[] = { "from", "to", NULL };
static const char *const retired_attrs[] = { "n", "reason", NULL };
static const char *const retired_req[] = { "n", NULL };
static const char *const view_attrs[] = { "id", "title", "merge", "layout", NULL };
static const char *const view_req[] = { "id", NULL };
static const char *const view_children[] = { "include", "exclude", "collapse", NULL };
static const char *const select_attrs[] = { "boundary", "component", "classification", "connections", "depth", NULL };
static const char *const collapse_attrs[] = { "boundary", NULL };

static const element_rule rules[] = {
	{ "architecture", architecture_attrs, architecture_req, architecture_children, 0 },
	{ "description", no_names, no_names, no_names, 1 },
	{ "table", table_attrs, no_names, table_children, 0 },
	{ "header", header_attrs, header_attrs, no_names, 1 },
	{ "diagram", diagram_attrs, no_names, no_names, 0 },
	{ "boundary", boundary_attrs, boundary_req, boundary_children, 0 },
	{ "component", component_attrs, component_req, no_names, 0 },
	{ "connection", connection_attrs, connection_req, no_names, 1 },
	{ "retired", retired_attrs, retired_req, no_names, 0 },
	{ "view", view_attrs, view_req, view_children, 0 },
	{ "include", select_attrs, no_names, no_names, 0 },
	{ "exclude", select_attrs, no_names, no_names, 0 },
	{ "collapse", collapse_attrs, collapse_attrs, no_names, 0 },
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

static int only_space(const xmlChar *s)
{
	for (; s && *s; s++)
		if (!is_space((char)*s))
			return 0;
	return 1;
}

/* --- field limits (docs/security.md, "Limits") ----------------------------- */

size_t archdoc_xml__attr_limit(const char *name)
{
	static const char *const names[] = { "id", "classify-by", "n", "column", "boundary", "component", NULL };

	if (in_list(names, name))
		return ARCHDOC_MAX_ID_LENGTH;
	if (strcmp(name, "from") == 0 || strcmp(name, "to") == 0)
		return ARCHDOC_MAX_END_LIST;   /* several ids (too-many-ends counts them) */
	if (strcmp(name, "port") == 0)
		return ARCHDOC_MAX_PORT_TEXT;
	if (strcmp(name, "layout") == 0)
		return ARCHDOC_MAX_LAYOUT_TEXT;
	return ARCHDOC_MAX_SHORT_TEXT;   /* title, kind, protocol, classification, columns */
}

size_t archdoc_xml__text_limit(const xmlNode *node)
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
	max = a ? archdoc_xml__attr_limit((const char *)a->name) : archdoc_xml__text_limit(node);
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


unsigned archdoc_xml__check(archdoc_loader *L, xmlNode *root)
{
	return check_structure(L, root, rule_for(root));
}
