/*
 * What changed between two versions of a model, written for readers other
 * than a terminal (diff_report.c): a Markdown summary a bot can post on a
 * pull request, JSON for other tools (docs/archdoc-diff.schema.json), and
 * a standalone HTML page around the diff's picture. old_name and new_name
 * say where each version came from ("model.xml", "main:model.xml").
 */
#ifndef ARCHDOC_DIFF_REPORT_H
#define ARCHDOC_DIFF_REPORT_H

#include <stddef.h>

#include "archdoc/model.h"
#include "buf.h"

/* The JSON's "version": raised when a member changes meaning or goes. */
#define ARCHDOC_DIFF_JSON_VERSION 1

/* Each appends to out and returns how many changes there are (0: the
 * same), or -1 when out failed. */
long archdoc_diff__markdown(archdoc_buf *out, const archdoc_model *a, const archdoc_model *b,
		const char *old_name, const char *new_name);
long archdoc_diff__json(archdoc_buf *out, const archdoc_model *a, const archdoc_model *b,
		const char *old_name, const char *new_name);
/* svg: the union's drawing without its XML declaration, inlined. */
long archdoc_diff__html(archdoc_buf *out, const archdoc_model *a, const archdoc_model *b,
		const char *old_name, const char *new_name, const char *svg, size_t svg_len);

#endif
