/*
 * archdoc: diagnostics.
 *
 * The library never prints. Every problem it finds (in a model, in an
 * option, in a Graphviz or libxml2 call) is handed as one archdoc_diag to the
 * sink installed on the context. The command-line program's sink prints them
 * the way compilers do: "path:line:col: error: message [rule-id]".
 */
#ifndef ARCHDOC_DIAG_H
#define ARCHDOC_DIAG_H

#include "common.h"

ARCHDOC_BEGIN_DECL

typedef enum archdoc_severity {
	ARCHDOC_SEVERITY_WARNING = 1,
	ARCHDOC_SEVERITY_ERROR = 2
} archdoc_severity;

/** A place in an input file. line and col are 1-based; 0 means unknown. */
typedef struct archdoc_location {
	const char *file; /**< as given by the caller; may be NULL */
	unsigned line;
	unsigned col;     /**< counted in Unicode code points */
} archdoc_location;

/**
 * One diagnostic. Every pointer is borrowed and valid only during the sink
 * call; copy what you keep.
 */
typedef struct archdoc_diag {
	archdoc_severity severity;
	const char *rule;        /**< rule id, e.g. "duplicate-id"; never NULL */
	archdoc_location loc;
	const char *message;     /**< one line, no trailing newline */
	const char *note;        /**< optional second place, e.g. "first defined here"; may be NULL */
	archdoc_location note_loc;
} archdoc_diag;

/** A diagnostic sink. Called once per diagnostic, in the order found. */
typedef void (*archdoc_diag_fn)(const archdoc_diag *diag, void *payload);

ARCHDOC_END_DECL

#endif
