/*
 * Shared state of one model load: the XML loader (load_xml.c) fills the
 * model, the validator (validate.c) applies the semantic rules. Both report
 * through archdoc_loader__report (loader.c, below both), so errors are
 * counted and ordered in one place.
 */
#ifndef ARCHDOC_LOAD_H
#define ARCHDOC_LOAD_H

#include "context.h"
#include "diag.h"
#include "model.h"

typedef struct archdoc_loader {
	archdoc_context *ctx;
	archdoc_model *m;
	/* Diagnostics wait here until the load ends, then go to the sink in
	 * file order (by byte offset), whichever rule found them first; under
	 * a limit on diagnostics only the first in file order are kept. */
	archdoc_diag_queue q;
	int oom;
	int cut;                   /* the last attribute read was over its limit */
	unsigned view_rules;       /* <include>, <exclude>, <collapse> so far, in all views */
} archdoc_loader;

/* Start a load of m (its source set) for ctx. */
void archdoc_loader__init(archdoc_loader *L, archdoc_context *ctx, archdoc_model *m);
/* Send what was found to the sink, with one line per severity for what
 * the limit left out. */
void archdoc_loader__finish(archdoc_loader *L);

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
/* The rules on <view> (view.c), once ids are known. */
void archdoc_view__check(archdoc_loader *L);

#endif
