/*
 * The one way the library reports a problem: build an archdoc_diag and hand
 * it to the context's sink. Text stays raw (the sink escapes what it
 * prints); past the context's max_diagnostics a diagnostic is only counted.
 */
#ifndef ARCHDOC_DIAG_PRIV_H
#define ARCHDOC_DIAG_PRIV_H

#include "archdoc/diag.h"
#include "context.h"

void archdoc__diag(archdoc_context *ctx, archdoc_severity sev, const char *rule,
		archdoc_location loc, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 5, 6)))
#endif
	;

/* The same, with a note pointing at a second place. */
void archdoc__diag_note(archdoc_context *ctx, archdoc_severity sev, const char *rule,
		archdoc_location loc, archdoc_location note_loc, const char *note,
		const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 7, 8)))
#endif
	;

/* count diagnostics of severity sev were dropped (past max_diagnostics):
 * one record with archdoc_diag.suppressed = count. */
void archdoc__diag_suppressed(archdoc_context *ctx, archdoc_severity sev, const char *file, size_t count);

/* How many more diagnostics the sink takes before the limit: SIZE_MAX
 * without one, 0 without a sink. */
size_t archdoc__diag_room(const archdoc_context *ctx);

/* A location with only a file name (for problems with no position). */
archdoc_location archdoc__nowhere(const char *file);

#endif
