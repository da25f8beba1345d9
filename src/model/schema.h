/*
 * The shipped RELAX NG schema (model/archdoc.rng, embedded at build time),
 * compiled once per context and applied to every loaded document.
 */
#ifndef ARCHDOC_SCHEMA_H
#define ARCHDOC_SCHEMA_H

#include <stddef.h>
#include <libxml/tree.h>

extern const char archdoc_schema_rng[];
extern const size_t archdoc_schema_rng_len;

/* Called once per schema violation with the offending node (may be NULL)
 * and libxml2's message (one line, no newline). */
typedef void (*archdoc_schema_error_fn)(void *payload, xmlNodePtr node, const char *message);

/* Validate doc. *schema caches the compiled schema (free with
 * archdoc_schema__free). Returns 0 when valid, 1 when invalid, -1 when
 * the schema itself could not be compiled or memory ran out. */
int archdoc_schema__validate(void **schema, xmlDocPtr doc, archdoc_schema_error_fn fn, void *payload);
void archdoc_schema__free(void *schema);

#endif
