/*
 * Writing model format 1 (model_write.h): the element writer, and a loaded
 * model written back through it. Loading the output gives an equal model
 * (tests/api/roundtrip).
 */
#include "model_write.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "archdoc/errors.h"
#include "buf.h"
#include "model.h"

#define X(s) BAD_CAST(s)

/* Run one libxml2 writer call unless something failed before. */
#define WRITE(mw, call) do { if (!(mw)->failed && (call) < 0) (mw)->failed = 1; } while (0)

void archdoc_model_writer_begin(archdoc_model_writer *mw, const char *comment, const char *id,
		const char *title, const char *classify_by)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;

	mw->buf = buf;
	mw->w = w;
	mw->failed = !w;
	WRITE(mw, xmlTextWriterSetIndent(w, 1));
	WRITE(mw, xmlTextWriterSetIndentString(w, X("  ")));
	WRITE(mw, xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL));
	if (comment)
		WRITE(mw, xmlTextWriterWriteComment(w, X(comment)));
	WRITE(mw, xmlTextWriterStartElementNS(w, NULL, X("architecture"), X(ARCHDOC_MODEL_NAMESPACE)));
	WRITE(mw, xmlTextWriterWriteAttribute(w, X("id"), X(id)));
	WRITE(mw, xmlTextWriterWriteAttribute(w, X("title"), X(title)));
	if (classify_by)
		WRITE(mw, xmlTextWriterWriteAttribute(w, X("classify-by"), X(classify_by)));
}

void archdoc_model_writer_description(archdoc_model_writer *mw, const char *text)
{
	if (!text)
		return;
	WRITE(mw, xmlTextWriterStartElement(mw->w, X("description")));
	WRITE(mw, xmlTextWriterWriteString(mw->w, X(text)));
	WRITE(mw, xmlTextWriterEndElement(mw->w));
}

void archdoc_model_writer_table(archdoc_model_writer *mw, const archdoc_column *columns, size_t column_count,
		const archdoc_column *header_columns, const char *const *header_texts, size_t header_count)
{
	archdoc_buf names = ARCHDOC_BUF_INIT;

	WRITE(mw, xmlTextWriterStartElement(mw->w, X("table")));
	if (column_count) {
		for (size_t i = 0; i < column_count; i++) {
			if (i)
				archdoc_buf_putc(&names, ' ');
			archdoc_buf_puts(&names, archdoc_column_name(columns[i]));
		}
		if (names.failed)
			mw->failed = 1;
		else
			WRITE(mw, xmlTextWriterWriteAttribute(mw->w, X("columns"), X(names.ptr)));
		archdoc_buf_free(&names);
	}
	for (size_t i = 0; i < header_count; i++) {
		WRITE(mw, xmlTextWriterStartElement(mw->w, X("header")));
		WRITE(mw, xmlTextWriterWriteAttribute(mw->w, X("column"), X(archdoc_column_name(header_columns[i]))));
		WRITE(mw, xmlTextWriterWriteString(mw->w, X(header_texts[i])));
		WRITE(mw, xmlTextWriterEndElement(mw->w));
	}
	WRITE(mw, xmlTextWriterEndElement(mw->w));
}

void archdoc_model_writer_diagram(archdoc_model_writer *mw, const char *layout)
{
	if (!layout)
		return;
	WRITE(mw, xmlTextWriterStartElement(mw->w, X("diagram")));
	WRITE(mw, xmlTextWriterWriteAttribute(mw->w, X("layout"), X(layout)));
	WRITE(mw, xmlTextWriterEndElement(mw->w));
}

void archdoc_model_writer_boundary(archdoc_model_writer *mw, const char *id, const char *title, const char *kind)
{
	WRITE(mw, xmlTextWriterStartElement(mw->w, X("boundary")));
	WRITE(mw, xmlTextWriterWriteAttribute(mw->w, X("id"), X(id)));
	WRITE(mw, xmlTextWriterWriteAttribute(mw->w, X("title"), X(title)));
	if (kind)
		WRITE(mw, xmlTextWriterWriteAttribute(mw->w, X("kind"), X(kind)));
}

void archdoc_model_writer_end(archdoc_model_writer *mw)
{
	WRITE(mw, xmlTextWriterEndElement(mw->w));
}

void archdoc_model_writer_component2(archdoc_model_writer *mw, const char *id, const char *title, const char *kind,
		int placeholder)
{
	WRITE(mw, xmlTextWriterStartElement(mw->w, X("component")));
	WRITE(mw, xmlTextWriterWriteAttribute(mw->w, X("id"), X(id)));
	WRITE(mw, xmlTextWriterWriteAttribute(mw->w, X("title"), X(title)));
	WRITE(mw, xmlTextWriterWriteAttribute(mw->w, X("kind"), X(kind)));
	if (placeholder)
		WRITE(mw, xmlTextWriterWriteAttribute(mw->w, X("placeholder"), X("true")));
	WRITE(mw, xmlTextWriterEndElement(mw->w));
}

void archdoc_model_writer_component(archdoc_model_writer *mw, const char *id, const char *title, const char *kind)
{
	archdoc_model_writer_component2(mw, id, title, kind, 0);
}

void archdoc_model_writer_connection(archdoc_model_writer *mw, unsigned n, const char *from, const char *to,
		const char *protocol, const char *port, const char *classification, const char *data)
{
	WRITE(mw, xmlTextWriterStartElement(mw->w, X("connection")));
	if (n)
		WRITE(mw, xmlTextWriterWriteFormatAttribute(mw->w, X("n"), "%u", n));
	WRITE(mw, xmlTextWriterWriteAttribute(mw->w, X("from"), X(from)));
	WRITE(mw, xmlTextWriterWriteAttribute(mw->w, X("to"), X(to)));
	if (protocol && *protocol)
		WRITE(mw, xmlTextWriterWriteAttribute(mw->w, X("protocol"), X(protocol)));
	if (port && *port)
		WRITE(mw, xmlTextWriterWriteAttribute(mw->w, X("port"), X(port)));
	if (classification && *classification)
		WRITE(mw, xmlTextWriterWriteAttribute(mw->w, X("classification"), X(classification)));
	WRITE(mw, xmlTextWriterWriteString(mw->w, X(data)));
	WRITE(mw, xmlTextWriterEndElement(mw->w));
}

int archdoc_model_writer_finish(archdoc_model_writer *mw, char **out, size_t *out_len)
{
	xmlBufferPtr buf = mw->buf;
	int rc = ARCHDOC_ENOMEM;

	*out = NULL;
	if (out_len)
		*out_len = 0;
	WRITE(mw, xmlTextWriterEndDocument(mw->w));
	if (mw->w)
		xmlFreeTextWriter(mw->w);
	mw->w = NULL;
	if (!mw->failed) {
		size_t n = (size_t)xmlBufferLength(buf);
		const xmlChar *bytes = xmlBufferContent(buf);
		int nl = n && bytes[n - 1] == '\n';

		/* a text file ends with a line break */
		*out = malloc(n + 2);
		if (*out) {
			memcpy(*out, bytes, n);
			if (!nl)
				(*out)[n++] = '\n';
			(*out)[n] = '\0';
			if (out_len)
				*out_len = n;
			rc = 0;
		}
	}
	if (buf)
		xmlBufferFree(buf);
	mw->buf = NULL;
	return rc;
}

/* --- a loaded model --- */

static int by_index(const void *a, const void *b)
{
	const struct archdoc_connection *x = *(const struct archdoc_connection *const *)a;
	const struct archdoc_connection *y = *(const struct archdoc_connection *const *)b;

	return x->index < y->index ? -1 : (x->index > y->index);
}

static int write_scopes(archdoc_model_writer *mw, const archdoc_model *m)
{
	const struct archdoc_boundary **open = NULL;
	size_t depth = 0, b = 0, c = 0;

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
			archdoc_model_writer_end(mw);
			depth--;
		}
		if (take_b) {
			const struct archdoc_boundary *bd = m->boundaries[b++];

			archdoc_model_writer_boundary(mw, bd->id, bd->title, bd->kind);
			open[depth++] = bd;
		} else {
			const struct archdoc_component *cp = m->components[c++];

			archdoc_model_writer_component2(mw, cp->id, cp->title, cp->kind, cp->placeholder);
		}
	}
	while (depth--)
		archdoc_model_writer_end(mw);
	free(open);
	return 0;
}

static void write_table(archdoc_model_writer *mw, const archdoc_model *m)
{
	const archdoc_table_spec *t = &m->table;
	archdoc_column header_columns[ARCHDOC_COLUMN__COUNT];
	const char *header_texts[ARCHDOC_COLUMN__COUNT];
	size_t header_count = 0;

	for (int i = 0; i < ARCHDOC_COLUMN__COUNT; i++) {
		if (!t->headers[i])
			continue;
		header_columns[header_count] = (archdoc_column)i;
		header_texts[header_count++] = t->headers[i];
	}
	if (t->column_count || header_count)
		archdoc_model_writer_table(mw, t->columns, t->column_count, header_columns, header_texts,
				header_count);
}

static int write_connections(archdoc_model_writer *mw, const archdoc_model *m)
{
	const struct archdoc_connection **conns;

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

		archdoc_model_writer_connection(mw, c->n_explicit ? c->n : 0, c->from_list, c->to_list, c->protocol,
				c->port, c->stated, c->data);
	}
	free(conns);
	return 0;
}

/* Retired numbers, then views, as written in the model. */
static void write_tail(archdoc_model_writer *mw, const archdoc_model *m)
{
	for (size_t i = 0; i < m->retired_count; i++) {
		WRITE(mw, xmlTextWriterStartElement(mw->w, X("retired")));
		WRITE(mw, xmlTextWriterWriteFormatAttribute(mw->w, X("n"), "%u", m->retired[i].n));
		if (*m->retired[i].reason)
			WRITE(mw, xmlTextWriterWriteAttribute(mw->w, X("reason"), X(m->retired[i].reason)));
		WRITE(mw, xmlTextWriterEndElement(mw->w));
	}
	for (size_t i = 0; i < m->view_count; i++) {
		const struct archdoc_view *v = m->views[i];

		WRITE(mw, xmlTextWriterStartElement(mw->w, X("view")));
		WRITE(mw, xmlTextWriterWriteAttribute(mw->w, X("id"), X(v->id)));
		if (strcmp(v->title, v->id) != 0)
			WRITE(mw, xmlTextWriterWriteAttribute(mw->w, X("title"), X(v->title)));
		if (v->merge_parallel)
			WRITE(mw, xmlTextWriterWriteAttribute(mw->w, X("merge"), X("parallel")));
		if (v->layout)
			WRITE(mw, xmlTextWriterWriteAttribute(mw->w, X("layout"), X(v->layout)));
		for (size_t k = 0; k < v->rule_count; k++) {
			const archdoc_view_rule *r = &v->rules[k];

			WRITE(mw, xmlTextWriterStartElement(mw->w, X(r->kind == ARCHDOC_VIEW_INCLUDE ? "include" :
					r->kind == ARCHDOC_VIEW_EXCLUDE ? "exclude" : "collapse")));
			if (r->boundary)
				WRITE(mw, xmlTextWriterWriteAttribute(mw->w, X("boundary"), X(r->boundary)));
			if (r->component)
				WRITE(mw, xmlTextWriterWriteAttribute(mw->w, X("component"), X(r->component)));
			if (r->classification)
				WRITE(mw, xmlTextWriterWriteAttribute(mw->w, X("classification"), X(r->classification)));
			if (r->connections)
				WRITE(mw, xmlTextWriterWriteAttribute(mw->w, X("connections"), X(r->connections)));
			if (r->depth)
				WRITE(mw, xmlTextWriterWriteFormatAttribute(mw->w, X("depth"), "%u", r->depth));
			WRITE(mw, xmlTextWriterEndElement(mw->w));
		}
		WRITE(mw, xmlTextWriterEndElement(mw->w));
	}
}

int archdoc_model_write_xml(char **out, size_t *out_len, const archdoc_model *m)
{
	archdoc_model_writer mw;

	archdoc_model_writer_begin(&mw, NULL, m->id, m->title, m->classify_by_id);
	archdoc_model_writer_description(&mw, m->description);
	write_table(&mw, m);
	archdoc_model_writer_diagram(&mw, m->diagram_layout);
	if (write_scopes(&mw, m) < 0 || write_connections(&mw, m) < 0)
		mw.failed = 1;
	write_tail(&mw, m);
	return archdoc_model_writer_finish(&mw, out, out_len);
}
