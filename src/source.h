/*
 * A loaded input file: its bytes, its name, and a table of line starts, so
 * that any byte offset becomes line:col in one place. Columns count Unicode
 * code points from 1, as libxml2 does, so our positions and the parser's
 * agree.
 */
#ifndef ARCHDOC_SOURCE_H
#define ARCHDOC_SOURCE_H

#include <stddef.h>
#include "archdoc/diag.h"

typedef struct archdoc_source {
	char *name;          /* owned */
	char *data;          /* owned, NUL-terminated copy of the bytes */
	size_t len;
	size_t *lines;       /* offset of the start of each line; owned */
	size_t line_count;
} archdoc_source;

/* Take ownership of data (malloc'd, len bytes plus a NUL). 0 or -1 (ENOMEM). */
int archdoc_source_init(archdoc_source *src, const char *name, char *data, size_t len);
void archdoc_source_fini(archdoc_source *src);

archdoc_location archdoc_source_location(const archdoc_source *src, size_t offset);
/* The byte offset of line:col (1-based, col in code points), clamped. */
size_t archdoc_source_offset(const archdoc_source *src, unsigned line, unsigned col);

/* Offset of the first byte that is not valid UTF-8 (or is a NUL), or
 * (size_t)-1 when the whole text is valid. */
size_t archdoc_utf8_invalid_at(const char *s, size_t len);

#endif
