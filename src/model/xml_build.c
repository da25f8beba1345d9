/*
 * Building the model from a checked tree: attributes trimmed and held to
 * their limits, text with white space collapsed (descriptions keep their
 * lines), numbers, table columns and headers, the layout pin.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "buf.h"
#include "layout.h"
#include "xml_load.h"

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
		const char *keep = s + archdoc_utf8_cut(s, (size_t)(e - s), archdoc_xml__attr_limit(name));

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
	*(out + archdoc_utf8_cut(out, (size_t)(o - out), archdoc_xml__text_limit(node))) = '\0';
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
		n = archdoc_utf8_cut(s, n, archdoc_xml__text_limit(node));
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
	{
		const char *ph = attr(L, node, "placeholder");

		c->placeholder = ph && strcmp(ph, "true") == 0;
	}
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

/* <retired n="9" reason="...">: the number stays unused on purpose. */
static void build_retired(archdoc_loader *L, xmlNode *node)
{
	const archdoc_source *src = &L->m->source;
	archdoc_model *m = L->m;
	const char *n = attr(L, node, "n"), *reason = attr(L, node, "reason");
	unsigned long v = 0;
	const char *p = n ? n : "";
	archdoc_retired *r;

	for (; *p >= '0' && *p <= '9' && v <= ARCHDOC_MAX_CONNECTION_NUMBER; p++)
		v = v * 10 + (unsigned long)(*p - '0');
	if (!n || !*n || *p || v < 1 || v > ARCHDOC_MAX_CONNECTION_NUMBER) {
		archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "schema",
				archdoc__attr_offset(src, node_offset(node), "n"),
				"retired number n=\"%s\" is not a whole number from 1 to %u", n ? n : "",
				ARCHDOC_MAX_CONNECTION_NUMBER);
		return;
	}
	if (archdoc_array_reserve((void **)&m->retired, &m->retired_cap, m->retired_count + 1, sizeof(*m->retired),
				8, 0) < 0) {
		L->oom = 1;
		return;
	}
	r = &m->retired[m->retired_count++];
	r->n = (unsigned)v;
	r->reason = reason ? reason : "";
	r->offset = node_offset(node);
	r->n_offset = archdoc__attr_offset(src, r->offset, "n");
}

/* <view> with its <include>, <exclude> and <collapse>: read here, checked
 * against the model in view.c. */
static void build_view(archdoc_loader *L, xmlNode *node)
{
	struct archdoc_view *v = archdoc_arena_alloc(L->m->arena, sizeof(*v));
	const archdoc_source *src = &L->m->source;
	const char *merge;
	xmlNode *c;

	if (!v) {
		L->oom = 1;
		return;
	}
	memset(v, 0, sizeof(*v));
	v->offset = node_offset(node);
	v->loc = archdoc_source_location(src, v->offset);
	v->id = attr(L, node, "id");
	v->title = attr(L, node, "title");
	v->layout = attr(L, node, "layout");
	merge = attr(L, node, "merge");
	if (!v->id)
		v->id = "";
	if (!v->title || !*v->title)
		v->title = v->id;
	if (merge && strcmp(merge, "parallel") == 0)
		v->merge_parallel = 1;
	else if (merge && strcmp(merge, "none") != 0)
		archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "schema", archdoc__attr_offset(src, v->offset, "merge"),
				"view '%s': merge=\"%s\" is not parallel or none", v->id, merge);
	if (v->layout) {
		archdoc_layout_spec spec;
		const char *why = archdoc_layout_parse(&spec, v->layout);

		if (why) {
			archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "diagram-layout",
					archdoc__attr_offset(src, v->offset, "layout"), "view '%s': layout \"%s\": %s",
					v->id, v->layout, why);
			v->layout = NULL;
		}
	}
	for (c = node->children; c && !L->oom; c = c->next) {
		archdoc_view_rule *r;
		const char *depth;

		if (c->type != XML_ELEMENT_NODE || !in_ns(c))
			continue;
		/* every view's rules are walked over the whole model: their
		 * number in all views is what bounds the cost of checking them */
		if (L->view_rules == ARCHDOC_MAX_VIEW_RULES) {
			archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "too-many-views", node_offset(c),
					"the model's views have more than %u includes, excludes and collapses in all; "
					"split the model", ARCHDOC_MAX_VIEW_RULES);
			break;
		}
		L->view_rules++;
		if (archdoc_array_reserve((void **)&v->rules, &v->rule_cap, v->rule_count + 1, sizeof(*v->rules), 8, 0) < 0) {
			L->oom = 1;
			break;
		}
		r = &v->rules[v->rule_count++];
		memset(r, 0, sizeof(*r));
		r->offset = node_offset(c);
		r->kind = xmlStrEqual(c->name, BAD_CAST "include") ? ARCHDOC_VIEW_INCLUDE :
			xmlStrEqual(c->name, BAD_CAST "exclude") ? ARCHDOC_VIEW_EXCLUDE : ARCHDOC_VIEW_COLLAPSE;
		r->boundary = attr(L, c, "boundary");
		r->component = attr(L, c, "component");
		r->classification = attr(L, c, "classification");
		r->connections = attr(L, c, "connections");
		depth = attr(L, c, "depth");
		if (depth) {
			unsigned long d = 0;
			const char *p = depth;

			for (; *p >= '0' && *p <= '9' && d <= ARCHDOC_MAX_VIEW_DEPTH; p++)
				d = d * 10 + (unsigned long)(*p - '0');
			if (!*depth || *p || d > ARCHDOC_MAX_VIEW_DEPTH)
				archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "schema",
						archdoc__attr_offset(src, r->offset, "depth"),
						"depth=\"%s\" is not a whole number from 0 to %u", depth, ARCHDOC_MAX_VIEW_DEPTH),
				v->bad = 1;
			else
				r->depth = (unsigned)d;
		}
	}
	if (L->m->view_count == ARCHDOC_MAX_VIEWS) {
		archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "too-many-views", v->offset,
				"more than %u views in one model; split the model", ARCHDOC_MAX_VIEWS);
		free(v->rules);
		return;
	}
	if (archdoc_model__add_view(L->m, v) < 0) {
		free(v->rules);
		L->oom = 1;
	}
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
		else if (!in && xmlStrEqual(c->name, BAD_CAST "retired"))
			build_retired(L, c);
		else if (!in && xmlStrEqual(c->name, BAD_CAST "view"))
			build_view(L, c);
	}
}


void archdoc_xml__build(archdoc_loader *L, xmlNode *root)
{
	archdoc_model *m = L->m;

	m->id = attr(L, root, "id");
	m->title = attr(L, root, "title");
	m->classify_by_id = attr(L, root, "classify-by");
	m->classify_offset = archdoc__attr_offset(&m->source, node_offset(root), "classify-by");
	if (!m->id)
		m->id = "";
	if (!m->title)
		m->title = m->id;
	if (m->id[0] && !archdoc_id_valid(m->id))
		archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "schema",
				archdoc__attr_offset(&m->source, node_offset(root), "id"),
				"architecture id '%s' is not a valid id: start with a letter, then letters, "
				"digits, '-' or '_' (at most %u characters)", m->id, ARCHDOC_MAX_ID_LENGTH);
	build_children(L, root, NULL, 0);
}
