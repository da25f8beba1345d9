/*
 * Shared state of one model load: the XML loader (load_xml.c) fills the
 * model, the validator (validate.c) applies the semantic rules. Both report
 * through loader_report so errors are counted in one place.
 */
#ifndef ARCHDOC_LOAD_H
#define ARCHDOC_LOAD_H

#include "context.h"
#include "diag.h"
#include "model.h"

/* Diagnostics wait here until the load ends, then go to the sink in file
 * order, whichever rule found them first. Under a limit on diagnostics
 * only the first (in file order) wait here; the rest are counted. */
typedef struct archdoc_pending {
	archdoc_severity severity;
	const char *rule;
	size_t offset;
	size_t note_offset;
	const char *note;     /* static text, or NULL */
	char *message;        /* owned */
	size_t seq;
} archdoc_pending;

typedef struct archdoc_loader {
	archdoc_context *ctx;
	archdoc_model *m;
	unsigned errors;
	unsigned warnings;
	int oom;
	archdoc_pending *pending;
	size_t pending_count, pending_cap;
	size_t seq;                /* diagnostics found so far */
	size_t room;               /* how many the sink takes (SIZE_MAX: all) */
	size_t dropped_errors, dropped_warnings;   /* past room: counted only */
	int cut;                   /* the last attribute read was over its limit */
} archdoc_loader;

void archdoc_loader__report(archdoc_loader *L, archdoc_severity sev, const char *rule,
		size_t offset, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 5, 6)))
#endif
	;
void archdoc_loader__report_note(archdoc_loader *L, archdoc_severity sev, const char *rule,
		size_t offset, size_t note_offset, const char *note, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 7, 8)))
#endif
	;

/* Apply the semantic rules to a freshly built model. */
void archdoc_validate__model(archdoc_loader *L);

/* Where attribute `name` of the start tag at byte off begins (the tag's
 * own offset when it has no such attribute). */
size_t archdoc__attr_offset(const archdoc_source *src, size_t off, const char *name);

/* Non-zero when s is a valid archdoc id. */
int archdoc_id_valid(const char *s);

#define ARCHDOC_MAX_CONNECTION_NUMBER 1000000u

/* Length limits in characters (code points), rule field-too-long; the
 * reasons for each number are in docs/security.md, "Limits". */
#define ARCHDOC_MAX_ID_LENGTH 128u            /* ids and what names them: from, to, classify-by, n, column */
#define ARCHDOC_MAX_SHORT_TEXT 256u           /* title, kind, protocol, classification, columns, layout, <header> */
#define ARCHDOC_MAX_PORT_TEXT 16384u          /* port, as written */
#define ARCHDOC_MAX_DATA_LENGTH 10000u        /* a connection's data sentence */
#define ARCHDOC_MAX_DESCRIPTION_LENGTH 65536u /* <description> */
/* ports and ranges in one port attribute, rule too-many-ports */
#define ARCHDOC_MAX_PORTS 1024u

#endif
