/*
 * The one writer of model format 1: each element the format has, written
 * through libxml2's text writer so every value is escaped the way the
 * loader reads it back. archdoc_model_write_xml (a loaded model) and
 * import (a model made from a table) both write with it.
 *
 * Calls after a failure do nothing; archdoc_model_writer_finish says
 * whether everything was written.
 */
#ifndef ARCHDOC_MODEL_WRITE_H
#define ARCHDOC_MODEL_WRITE_H

#include <stddef.h>

#include "archdoc/model.h"

typedef struct archdoc_model_writer {
	void *buf;       /* xmlBufferPtr */
	void *w;         /* xmlTextWriterPtr */
	int failed;
} archdoc_model_writer;

/* The XML declaration, an optional comment (NULL: none) and the start of
 * <architecture> with its attributes (classify_by may be NULL). */
void archdoc_model_writer_begin(archdoc_model_writer *mw, const char *comment, const char *id,
		const char *title, const char *classify_by);
/* <description> (NULL: none). */
void archdoc_model_writer_description(archdoc_model_writer *mw, const char *text);
/* <table columns="..."> (columns left out when column_count is 0) with a
 * <header column="..."> for each of header_columns, in that order. */
void archdoc_model_writer_table(archdoc_model_writer *mw, const archdoc_column *columns, size_t column_count,
		const archdoc_column *header_columns, const char *const *header_texts, size_t header_count);
/* <diagram layout="..."> (NULL: none). */
void archdoc_model_writer_diagram(archdoc_model_writer *mw, const char *layout);
/* <boundary> left open for what it holds; archdoc_model_writer_end closes it. */
void archdoc_model_writer_boundary(archdoc_model_writer *mw, const char *id, const char *title, const char *kind);
void archdoc_model_writer_end(archdoc_model_writer *mw);
void archdoc_model_writer_component(archdoc_model_writer *mw, const char *id, const char *title, const char *kind);
/* The same, with placeholder="true" when placeholder is non-zero. */
void archdoc_model_writer_component2(archdoc_model_writer *mw, const char *id, const char *title, const char *kind,
		int placeholder);
/* n 0: no n attribute; protocol, port and classification are left out
 * when NULL or empty. */
void archdoc_model_writer_connection(archdoc_model_writer *mw, unsigned n, const char *from, const char *to,
		const char *protocol, const char *port, const char *classification, const char *data);
/* Close the document and hand its bytes out (*out malloc'd, ending with a
 * line break). 0, or ARCHDOC_ENOMEM (nothing handed out). */
int archdoc_model_writer_finish(archdoc_model_writer *mw, char **out, size_t *out_len);

#endif
