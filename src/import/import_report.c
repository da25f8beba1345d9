/*
 * Import's report: everything import finds waits in the one diagnostics
 * queue (diag.c) and goes out in input order when the import ends.
 */
#include "import.h"

#include <stdarg.h>
#include <stdint.h>
#include <string.h>

/* --- the report --- */

/* Reports wait in the one queue (diag.c), ordered by line, then column. */
static uint64_t order_of(unsigned line, unsigned col)
{
	return (uint64_t)line << 32 | col;
}

#ifdef __GNUC__
__attribute__((format(printf, 9, 0)))
#endif
static void pend(archdoc_import__doc *d, archdoc_severity sev, const char *rule, unsigned line,
		unsigned col, unsigned note_line, unsigned note_col, const char *note,
		const char *fmt, va_list ap)
{
	archdoc_location loc = { d->name, line, line ? (col ? col : 1) : 0 };
	archdoc_location note_loc = { d->name, note_line, note_line ? (note_col ? note_col : 1) : 0 };

	archdoc_diag_queue_add(&d->reports, sev, rule, order_of(loc.line, loc.col), loc,
			order_of(note_loc.line, note_loc.col), note_loc, note, fmt, ap);
	if (d->reports.oom)
		d->oom = 1;
}

void archdoc_import__report(archdoc_import__doc *d, archdoc_severity sev, const char *rule,
		unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pend(d, sev, rule, line, col, 0, 0, NULL, fmt, ap);
	va_end(ap);
}

void archdoc_import__report_note(archdoc_import__doc *d, archdoc_severity sev, const char *rule,
		unsigned line, unsigned col, unsigned note_line, unsigned note_col, const char *note,
		const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pend(d, sev, rule, line, col, note_line, note_col, note, fmt, ap);
	va_end(ap);
}

archdoc_location archdoc_import__where(const archdoc_import__doc *d, size_t offset)
{
	archdoc_location loc = archdoc_source_location(&d->src, offset);

	loc.file = d->name;
	return loc;
}

const char *archdoc_import__excerpt(archdoc_import__doc *d, const char *s)
{
	size_t n = strlen(s);
	char *out;

	if (n <= 60)
		return s;
	n = 57;
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	out = archdoc_arena_alloc(d->arena, n + 4);
	if (!out)
		return "";
	memcpy(out, s, n);
	memcpy(out + n, "...", 4);
	return out;
}

