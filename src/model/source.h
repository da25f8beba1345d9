/*
 * A loaded input file: its bytes, its name, and a map from byte offsets to
 * line:col, so that any byte offset becomes line:col in one place. Columns
 * count Unicode code points from 1, as libxml2 does, so our positions and
 * the parser's agree.
 *
 * Lines end the way XML counts them after end-of-line normalisation: at a
 * line feed, at a carriage return followed by a line feed (one line end),
 * and at a carriage return alone. The map is a mark every
 * ARCHDOC_SOURCE_MARK_BYTES bytes holding the line and column there, so a
 * lookup scans at most that many bytes whatever the length of the line
 * (a minified model is one line of megabytes), and needs no order.
 */
#ifndef ARCHDOC_SOURCE_H
#define ARCHDOC_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "archdoc/context.h"
#include "archdoc/diag.h"
#include "utf8.h"

#define ARCHDOC_SOURCE_MARK_BYTES 128u

typedef struct archdoc_source_mark {
	uint32_t line;       /* 0-based */
	uint32_t col;        /* 1-based, in code points */
} archdoc_source_mark;

typedef struct archdoc_source {
	char *name;          /* owned */
	char *data;          /* owned, NUL-terminated copy of the bytes */
	size_t len;
	/* marks[k] is the position of byte k * ARCHDOC_SOURCE_MARK_BYTES;
	 * len / ARCHDOC_SOURCE_MARK_BYTES + 1 of them; owned */
	archdoc_source_mark *marks;
	/* the same in libxml2 2.9's count, where only a line feed ends a line
	 * (it leaves a lone CR inside the line); == marks when the file has
	 * no lone CR, else owned */
	archdoc_source_mark *lf_marks;
	size_t mark_count;
} archdoc_source;

/* Take ownership of data (malloc'd, len bytes plus a NUL). 0 or -1 (ENOMEM,
 * or a file of 4 GiB or more, which no archdoc limit allows). */
int archdoc_source_init(archdoc_source *src, const char *name, char *data, size_t len);
void archdoc_source_fini(archdoc_source *src);

archdoc_location archdoc_source_location(const archdoc_source *src, size_t offset);
/* The byte offset of a position libxml2 reported: line:col (1-based, col
 * in code points) counted with line feeds alone ending lines. Clamped: a
 * column past the end of its line gives the start of the next line, a
 * line past the end gives len. */
size_t archdoc_source_offset(const archdoc_source *src, unsigned line, unsigned col);

/* A caller's bytes as an input of ctx: NULL, after reporting
 * file-too-large ("the WHAT is N bytes, over the limit"), when len is over
 * the context's file size limit (*rc ARCHDOC_ELIMIT); else a malloc'd,
 * NUL-terminated copy (NULL with *rc ARCHDOC_ENOMEM when memory ran out). */
char *archdoc_source_copy_input(archdoc_context *ctx, const char *what, const char *name,
		const char *data, size_t len, int *rc);

/* Read an input file for ctx (archdoc_file_read, with its flags, under
 * the context's size limit) and report what went wrong as "cannot open
 * the WHAT", "cannot read the WHAT" (rule io, at path) or file-too-large
 * (at too_big_name). Returns 0 with *out (malloc'd), or ARCHDOC_EIO,
 * ARCHDOC_ELIMIT, ARCHDOC_ENOMEM; a path that is not a regular file under
 * ARCHDOC_FILE_REGULAR gives ARCHDOC_EIO, *not_regular set (may be NULL),
 * and no report. */
int archdoc_source_read_input(archdoc_context *ctx, const char *what, const char *path, const char *too_big_name,
		unsigned flags, char **out, size_t *len, int *not_regular);

/* Where attribute `name` of the XML start tag at byte off begins (the
 * tag's own offset when it has no such attribute). */
size_t archdoc__attr_offset(const archdoc_source *src, size_t off, const char *name);


#endif
