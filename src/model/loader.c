/*
 * Reporting during one model load: every rule of the loader and the
 * validator reports a byte offset; the one queue (diag.c) keeps the
 * diagnostics until the load ends and turns offsets into line:col then.
 */
#include "load.h"

#include <stdarg.h>
#include <stdint.h>
#include <string.h>

static archdoc_location locate(const void *payload, uint64_t order)
{
	return archdoc_source_location(payload, (size_t)order);
}

void archdoc_loader__init(archdoc_loader *L, archdoc_context *ctx, archdoc_model *m)
{
	memset(L, 0, sizeof(*L));
	L->ctx = ctx;
	L->m = m;
	archdoc_diag_queue_init(&L->q, ctx, archdoc__diag_room(ctx));
	L->q.max_message = 64 * 1024;
	L->q.locate = locate;
	L->q.locate_payload = &m->source;
}

void archdoc_loader__report(archdoc_loader *L, archdoc_severity sev, const char *rule,
		size_t offset, const char *fmt, ...)
{
	archdoc_location none = archdoc__nowhere(NULL);
	va_list ap;

	va_start(ap, fmt);
	archdoc_diag_queue_add(&L->q, sev, rule, offset, none, 0, none, NULL, fmt, ap);
	va_end(ap);
}

void archdoc_loader__report_note(archdoc_loader *L, archdoc_severity sev, const char *rule,
		size_t offset, size_t note_offset, const char *note, const char *fmt, ...)
{
	archdoc_location none = archdoc__nowhere(NULL);
	va_list ap;

	va_start(ap, fmt);
	archdoc_diag_queue_add(&L->q, sev, rule, offset, none, note_offset, none, note, fmt, ap);
	va_end(ap);
}

void archdoc_loader__finish(archdoc_loader *L)
{
	const char *name = L->m->source.name;

	archdoc_diag_queue_flush(&L->q);
	archdoc__diag_suppressed(L->ctx, ARCHDOC_SEVERITY_ERROR, name, L->q.dropped_errors);
	archdoc__diag_suppressed(L->ctx, ARCHDOC_SEVERITY_WARNING, name, L->q.dropped_warnings);
	L->q.dropped_errors = L->q.dropped_warnings = 0;
	if (L->q.oom)
		L->oom = 1;
}
