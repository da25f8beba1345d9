#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* Messages quote model text; control characters would let it forge lines
 * or terminal escapes, so each becomes a space. */
static void clean(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
}

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
	msg.max = 64 * 1024;
	archdoc_buf_vprintf(&msg, fmt, ap);
	if (msg.failed || !msg.ptr) {
		archdoc_buf_free(&msg);
		archdoc_buf_puts(&msg, "(message too long)");
	}
	if (msg.ptr)
		clean(msg.ptr);
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

archdoc_location archdoc__nowhere(const char *file)
{
	archdoc_location loc = { file, 0, 0 };
	return loc;
}
