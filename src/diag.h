/*
 * The one way the library reports a problem: build an archdoc_diag and hand
 * it to the context's sink. Messages are cleaned of control characters here,
 * so text quoted from a hostile model cannot move a terminal's cursor.
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

/* A location with only a file name (for problems with no position). */
archdoc_location archdoc__nowhere(const char *file);

#endif
