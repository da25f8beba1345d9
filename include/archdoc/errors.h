/*
 * archdoc: return codes.
 *
 * Every library function that can fail returns an int: 0 on success, one of
 * the negative codes below otherwise. Programming errors (NULL handles) are
 * assertions, not codes.
 */
#ifndef ARCHDOC_ERRORS_H
#define ARCHDOC_ERRORS_H

#include "common.h"

ARCHDOC_BEGIN_DECL

typedef enum archdoc_error_code {
	ARCHDOC_OK = 0,
	ARCHDOC_ERROR = -1,     /**< generic failure, reported as a diagnostic */
	ARCHDOC_ENOMEM = -2,    /**< out of memory (archdoc's own allocations) */
	ARCHDOC_EIO = -3,       /**< a file could not be read or written */
	ARCHDOC_EINVALID = -4,  /**< the model has errors (diagnostics say which) */
	ARCHDOC_ELIMIT = -5,    /**< a size, depth or count limit was exceeded */
	ARCHDOC_ENOTFOUND = -6, /**< a named thing does not exist */
	ARCHDOC_EUSAGE = -7,    /**< an option or argument is not acceptable */
	ARCHDOC_ERENDER = -8    /**< Graphviz failed to lay out or render */
} archdoc_error_code;

/** A short English description of a return code. Static string. */
ARCHDOC_API const char *archdoc_strerror(int code);

ARCHDOC_END_DECL

#endif
