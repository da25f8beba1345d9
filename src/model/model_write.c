/*
 * Writing a model back as format-1 XML, through libxml2's text writer so
 * every value is escaped the way the parser expects. Loading the output
 * gives an equal model (tests/api/roundtrip).
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "archdoc/errors.h"
#include "model.h"

#define W(expr) do { if ((expr) < 0) goto fail; } while (0)
#define X(s) BAD_CAST(s)

static int by_index(const void *a, const void *b)
{
	const struct archdoc_connection *x = *(const struct archdoc_connection *const *)a;
	const struct archdoc_connection *y = *(const struct archdoc_connection *const *)b;

	return x->index < y->index ? -1 : (x->index > y->index);
}

static int write_component(xmlTextWriterPtr w, const struct archdoc_component *c)
{
	W(xmlTextWriterStartElement(w, X("component")));
	W(xmlTextWriterWriteAttribute(w, X("id"), X(c->id)));
	W(xmlTextWriterWriteAttribute(w, X("title"), X(c->title)));
	W(xmlTextWriterWriteAttribute(w, X("kind"), X(c->kind)));
	W(xmlTextWriterEndElement(w));
	return 0;
fail:
	return -1;
}

static int write_scopes(xmlTextWriterPtr w, const archdoc_model *m)
{
	const struct archdoc_boundary **open = NULL;
	size_t depth = 0, b = 0, c = 0;
	int rc = -1;

	open = calloc(m->boundary_count + 1, sizeof(*open));
	if (!open)
		return -1;
	/* Boundaries and components in file order; each closes the open
	 * boundaries that do not hold it. */
	while (b < m->boundary_count || c < m->component_count) {
		int take_b = c >= m->component_count ||
			(b < m->boundary_count && m->boundaries[b]->offset < m->components[c]->offset);
		const struct archdoc_boundary *parent = take_b ? m->boundaries[b]->parent : m->components[c]->boundary;

		while (depth && open[depth - 1] != parent) {
			W(xmlTextWriterEndElement(w));
			depth--;
		}
		if (take_b) {
			const struct archdoc_boundary *bd = m->boundaries[b++];

			W(xmlTextWriterStartElement(w, X("boundary")));
			W(xmlTextWriterWriteAttribute(w, X("id"), X(bd->id)));
			W(xmlTextWriterWriteAttribute(w, X("title"), X(bd->title)));
			if (bd->kind)
				W(xmlTextWriterWriteAttribute(w, X("kind"), X(bd->kind)));
			open[depth++] = bd;
		} else {
			W(write_component(w, m->components[c++]));
		}
	}
	while (depth--)
		W(xmlTextWriterEndElement(w));
	rc = 0;
fail:
	free(open);
	return rc;
}

static int write_table(xmlTextWriterPtr w, const archdoc_model *m)
{
	const archdoc_table_spec *t = &m->table;
	int any = t->column_count > 0;

	for (int i = 0; i < ARCHDOC_COLUMN__COUNT; i++)
		any |= t->headers[i] != NULL;
	if (!any)
		return 0;
	W(xmlTextWriterStartElement(w, X("table")));
	if (t->column_count) {
		char buf[160] = "";

		for (size_t i = 0; i < t->column_count; i++) {
			if (i)
				strcat(buf, " ");
			strcat(buf, archdoc_column_name(t->columns[i]));
		}
		W(xmlTextWriterWriteAttribute(w, X("columns"), X(buf)));
	}
	for (int i = 0; i < ARCHDOC_COLUMN__COUNT; i++) {
		if (!t->headers[i])
			continue;
		W(xmlTextWriterStartElement(w, X("header")));
		W(xmlTextWriterWriteAttribute(w, X("column"), X(archdoc_column_name((archdoc_column)i))));
		W(xmlTextWriterWriteString(w, X(t->headers[i])));
		W(xmlTextWriterEndElement(w));
	}
	W(xmlTextWriterEndElement(w));
	return 0;
fail:
	return -1;
}

static int write_connections(xmlTextWriterPtr w, const archdoc_model *m)
{
	const struct archdoc_connection **conns;
	int rc = -1;

	conns = malloc((m->connection_count + 1) * sizeof(*conns));
	if (!conns)
		return -1;
	/* a model may have no connections: memcpy and qsort must not see
	 * its NULL array (undefined even for zero bytes; found by fuzz_load) */
	if (m->connection_count) {
		memcpy(conns, m->connections, m->connection_count * sizeof(*conns));
		qsort(conns, m->connection_count, sizeof(*conns), by_index);
	}
	for (size_t i = 0; i < m->connection_count; i++) {
		const struct archdoc_connection *c = conns[i];

		W(xmlTextWriterStartElement(w, X("connection")));
		if (c->n_explicit)
			W(xmlTextWriterWriteFormatAttribute(w, X("n"), "%u", c->n));
		W(xmlTextWriterWriteAttribute(w, X("from"), X(c->from->id)));
		W(xmlTextWriterWriteAttribute(w, X("to"), X(c->to->id)));
		if (*c->protocol)
			W(xmlTextWriterWriteAttribute(w, X("protocol"), X(c->protocol)));
		if (c->port && *c->port)
			W(xmlTextWriterWriteAttribute(w, X("port"), X(c->port)));
		if (c->stated)
			W(xmlTextWriterWriteAttribute(w, X("classification"), X(c->stated)));
		W(xmlTextWriterWriteString(w, X(c->data)));
		W(xmlTextWriterEndElement(w));
	}
	rc = 0;
fail:
	free(conns);
	return rc;
}

int archdoc_model_write_xml(char **out, size_t *out_len, const archdoc_model *m)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
	int rc = ARCHDOC_ENOMEM;

	*out = NULL;
	if (out_len)
		*out_len = 0;
	if (!w)
		goto fail;
	W(xmlTextWriterSetIndent(w, 1));
	W(xmlTextWriterSetIndentString(w, X("  ")));
	W(xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL));
	W(xmlTextWriterStartElementNS(w, NULL, X("architecture"), X(ARCHDOC_MODEL_NAMESPACE)));
	W(xmlTextWriterWriteAttribute(w, X("id"), X(m->id)));
	W(xmlTextWriterWriteAttribute(w, X("title"), X(m->title)));
	if (m->classify_by_id)
		W(xmlTextWriterWriteAttribute(w, X("classify-by"), X(m->classify_by_id)));
	if (m->description) {
		W(xmlTextWriterStartElement(w, X("description")));
		W(xmlTextWriterWriteString(w, X(m->description)));
		W(xmlTextWriterEndElement(w));
	}
	W(write_table(w, m));
	if (m->diagram_layout) {
		W(xmlTextWriterStartElement(w, X("diagram")));
		W(xmlTextWriterWriteAttribute(w, X("layout"), X(m->diagram_layout)));
		W(xmlTextWriterEndElement(w));
	}
	W(write_scopes(w, m));
	W(write_connections(w, m));
	W(xmlTextWriterEndDocument(w));
	xmlFreeTextWriter(w);
	w = NULL;
	*out = malloc((size_t)xmlBufferLength(buf) + 1);
	if (!*out)
		goto fail;
	memcpy(*out, xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
	(*out)[xmlBufferLength(buf)] = '\0';
	if (out_len)
		*out_len = (size_t)xmlBufferLength(buf);
	rc = 0;
fail:
	if (w)
		xmlFreeTextWriter(w);
	if (buf)
		xmlBufferFree(buf);
	return rc;
}
