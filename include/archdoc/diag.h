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
 *
 * Text is raw data: message, note and loc.file quote model text, paths and
 * values as they are, so they may hold any character a model or a path
 * can, control characters, line breaks and bidirectional overrides
 * included. A sink that prints them to a terminal must escape them (the
 * archdoc program shows each as \u{XX}, docs/cli.md).
 */
typedef struct archdoc_diag {
	archdoc_severity severity;
	const char *rule;        /**< rule id, e.g. "duplicate-id"; never NULL */
	archdoc_location loc;
	const char *message;     /**< no trailing newline; never NULL */
	const char *note;        /**< optional second place, e.g. "first defined here"; may be NULL */
	archdoc_location note_loc;
	/**
	 * 0 for an ordinary diagnostic. Once the context's limit
	 * (archdoc_context_set_max_diagnostics) is reached, further
	 * diagnostics are counted, not formatted: the sink then receives
	 * records with suppressed = how many diagnostics of this severity
	 * were dropped, rule "suppressed", message "", loc.file only.
	 */
	size_t suppressed;
} archdoc_diag;

/** A diagnostic sink. Called once per diagnostic, in the order found. */
typedef void (*archdoc_diag_fn)(const archdoc_diag *diag, void *payload);

ARCHDOC_END_DECL

#endif
