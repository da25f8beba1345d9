/*
 * The one way the library reports a problem: build an archdoc_diag and hand
 * it to the context's sink. Text stays raw (the sink escapes what it
 * prints); past the context's max_diagnostics a diagnostic is only counted.
 */
#ifndef ARCHDOC_DIAG_PRIV_H
#define ARCHDOC_DIAG_PRIV_H

#include <stdarg.h>
#include <stdint.h>

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

/*
 * The one queue of pending diagnostics. A step that finds problems in an
 * input (the loader and validator, import, inject's markers) queues them
 * and flushes once at the end: they then reach the sink in input order
 * (by `order`, then in the order found), whichever rule found them. With
 * room set, at most room are kept: the first in input order (a max-heap
 * on (order, seq) pushes a later one out), or with keep_first_found the
 * first found; the rest are only counted (dropped_errors,
 * dropped_warnings), never formatted.
 */
typedef struct archdoc_diag_pending {
	uint64_t order;              /* where it is: a byte offset, or line << 32 | col */
	size_t seq;                  /* found in this order */
	archdoc_severity severity;
	const char *rule;
	archdoc_location loc, note_loc;
	uint64_t note_order;         /* with locate: where the note points */
	const char *note;            /* static text, or NULL */
	char *message;               /* owned */
} archdoc_diag_pending;

typedef struct archdoc_diag_queue {
	archdoc_context *ctx;
	archdoc_diag_pending *items;
	size_t count, cap;
	size_t seq;                  /* diagnostics found so far */
	size_t room;                 /* kept at most; SIZE_MAX: all */
	int keep_first_found;
	size_t max_message;          /* bytes in one message; 0: no limit of its own */
	/* when set, the location of each kept one is worked out only at the
	 * flush, from its order (and note_order) */
	archdoc_location (*locate)(const void *payload, uint64_t order);
	const void *locate_payload;
	unsigned errors, warnings;   /* every one queued, kept or not */
	size_t dropped_errors, dropped_warnings;
	int oom;
} archdoc_diag_queue;

/* An empty queue for ctx keeping at most room (SIZE_MAX: all). */
void archdoc_diag_queue_init(archdoc_diag_queue *q, archdoc_context *ctx, size_t room);

/* Queue one; note (static text, may be NULL) points at note_loc. */
void archdoc_diag_queue_add(archdoc_diag_queue *q, archdoc_severity sev, const char *rule,
		uint64_t order, archdoc_location loc, uint64_t note_order, archdoc_location note_loc,
		const char *note, const char *fmt, va_list ap)
#ifdef __GNUC__
	__attribute__((format(printf, 9, 0)))
#endif
	;

/* Hand every kept one to the sink in input order and empty the queue
 * (the counts stay, dropped ones included: the caller reports those). */
void archdoc_diag_queue_flush(archdoc_diag_queue *q);

/* Free what is still queued, unsent. */
void archdoc_diag_queue_fini(archdoc_diag_queue *q);

#endif
