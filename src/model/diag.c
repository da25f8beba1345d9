#include "diag.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

#ifdef __GNUC__
__attribute__((format(printf, 7, 0)))
#endif
static void emit(archdoc_context *ctx, archdoc_severity sev, const char *rule,
		archdoc_location loc, const archdoc_location *note_loc, const char *note,
		const char *fmt, va_list ap)
{
	archdoc_buf msg = ARCHDOC_BUF_INIT;
	archdoc_diag d;

	if (!ctx || !ctx->sink)
		return;
	if (ctx->max_diagnostics && ctx->diagnostics_given >= ctx->max_diagnostics) {
		archdoc__diag_suppressed(ctx, sev, loc.file, 1);
		return;
	}
	ctx->diagnostics_given++;
	msg.max = 64 * 1024;
	archdoc_buf_vprintf(&msg, fmt, ap);
	if (msg.failed || !msg.ptr) {
		archdoc_buf_free(&msg);
		archdoc_buf_puts(&msg, "(message too long)");
	}
	memset(&d, 0, sizeof(d));
	d.severity = sev;
	d.rule = rule;
	d.loc = loc;
	d.message = msg.ptr ? msg.ptr : "(out of memory)";
	if (note && note_loc) {
		d.note = note;
		d.note_loc = *note_loc;
	}
	ctx->sink(&d, ctx->sink_payload);
	archdoc_buf_free(&msg);
}

void archdoc__diag(archdoc_context *ctx, archdoc_severity sev, const char *rule,
		archdoc_location loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(ctx, sev, rule, loc, NULL, NULL, fmt, ap);
	va_end(ap);
}

void archdoc__diag_note(archdoc_context *ctx, archdoc_severity sev, const char *rule,
		archdoc_location loc, archdoc_location note_loc, const char *note,
		const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(ctx, sev, rule, loc, &note_loc, note, fmt, ap);
	va_end(ap);
}

void archdoc__diag_suppressed(archdoc_context *ctx, archdoc_severity sev, const char *file, size_t count)
{
	archdoc_diag d;

	if (!ctx || !ctx->sink || !count)
		return;
	memset(&d, 0, sizeof(d));
	d.severity = sev;
	d.rule = "suppressed";
	d.loc.file = file;
	d.message = "";
	d.suppressed = count;
	ctx->sink(&d, ctx->sink_payload);
}

size_t archdoc__diag_room(const archdoc_context *ctx)
{
	if (!ctx || !ctx->sink)
		return 0;
	if (!ctx->max_diagnostics)
		return SIZE_MAX;
	return ctx->diagnostics_given < ctx->max_diagnostics ? ctx->max_diagnostics - ctx->diagnostics_given : 0;
}

archdoc_location archdoc__nowhere(const char *file)
{
	archdoc_location loc = { file, 0, 0 };
	return loc;
}
