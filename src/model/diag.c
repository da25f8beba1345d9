#include "diag.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
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

/* --- the queue of pending diagnostics --- */

void archdoc_diag_queue_init(archdoc_diag_queue *q, archdoc_context *ctx, size_t room)
{
	memset(q, 0, sizeof(*q));
	q->ctx = ctx;
	q->room = room;
}

/* (order, seq) order: input order, then the order found */
static int after(const archdoc_diag_pending *x, uint64_t order, size_t seq)
{
	return x->order != order ? x->order > order : x->seq > seq;
}

static void drop(archdoc_diag_queue *q, archdoc_severity sev)
{
	if (sev == ARCHDOC_SEVERITY_ERROR)
		q->dropped_errors++;
	else
		q->dropped_warnings++;
}

/* With a limit, items is a max-heap on (order, seq) of at most room
 * entries: the first in input order stay. */
static void heap_up(archdoc_diag_pending *h, size_t i)
{
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		archdoc_diag_pending t;

		if (!after(&h[i], h[parent].order, h[parent].seq))
			break;
		t = h[i];
		h[i] = h[parent];
		h[parent] = t;
		i = parent;
	}
}

static void heap_down(archdoc_diag_pending *h, size_t n, size_t i)
{
	for (;;) {
		size_t big = i, l = 2 * i + 1, r = l + 1;
		archdoc_diag_pending t;

		if (l < n && after(&h[l], h[big].order, h[big].seq))
			big = l;
		if (r < n && after(&h[r], h[big].order, h[big].seq))
			big = r;
		if (big == i)
			return;
		t = h[i];
		h[i] = h[big];
		h[big] = t;
		i = big;
	}
}

void archdoc_diag_queue_add(archdoc_diag_queue *q, archdoc_severity sev, const char *rule,
		uint64_t order, archdoc_location loc, uint64_t note_order, archdoc_location note_loc,
		const char *note, const char *fmt, va_list ap)
{
	archdoc_buf msg = ARCHDOC_BUF_INIT;
	archdoc_diag_pending *p;
	size_t seq = q->seq++;
	int heap = q->room != SIZE_MAX && !q->keep_first_found;

	if (sev == ARCHDOC_SEVERITY_ERROR)
		q->errors++;
	else
		q->warnings++;
	if (q->count >= q->room) {
		if (!heap || q->room == 0 || !after(&q->items[0], order, seq)) {
			drop(q, sev);
			return;
		}
		/* this one comes before the last kept one: that one goes */
		drop(q, q->items[0].severity);
		free(q->items[0].message);
		q->items[0] = q->items[--q->count];
		heap_down(q->items, q->count, 0);
	}
	if (ARCHDOC_ARRAY_RESERVE_MAX(q->items, q->cap, q->count + 1, 16,
				q->room != SIZE_MAX ? q->room : 0) < 0) {
		q->oom = 1;
		return;
	}
	msg.max = q->max_message;
	archdoc_buf_vprintf(&msg, fmt, ap);
	if (msg.failed) {
		archdoc_buf_free(&msg);
		if (!q->max_message) {
			q->oom = 1;
			return;
		}
		archdoc_buf_puts(&msg, "(message too long)");
	}
	p = &q->items[q->count];
	p->order = order;
	p->seq = seq;
	p->severity = sev;
	p->rule = rule;
	p->loc = loc;
	p->note_order = note_order;
	p->note_loc = note_loc;
	p->note = note;
	p->message = archdoc_buf_detach(&msg, NULL);
	q->count++;
	if (heap)
		heap_up(q->items, q->count - 1);
}

static int by_order(const void *a, const void *b)
{
	const archdoc_diag_pending *x = a, *y = b;

	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

void archdoc_diag_queue_flush(archdoc_diag_queue *q)
{
	if (q->count > 1)
		qsort(q->items, q->count, sizeof(*q->items), by_order);
	for (size_t i = 0; i < q->count; i++) {
		archdoc_diag_pending *p = &q->items[i];
		const char *msg = p->message ? p->message : "(out of memory)";

		if (q->locate) {
			p->loc = q->locate(q->locate_payload, p->order);
			if (p->note)
				p->note_loc = q->locate(q->locate_payload, p->note_order);
		}
		if (p->note)
			archdoc__diag_note(q->ctx, p->severity, p->rule, p->loc, p->note_loc, p->note, "%s", msg);
		else
			archdoc__diag(q->ctx, p->severity, p->rule, p->loc, "%s", msg);
		free(p->message);
	}
	free(q->items);
	q->items = NULL;
	q->count = q->cap = 0;
}

void archdoc_diag_queue_fini(archdoc_diag_queue *q)
{
	for (size_t i = 0; i < q->count; i++)
		free(q->items[i].message);
	free(q->items);
	q->items = NULL;
	q->count = q->cap = 0;
}
