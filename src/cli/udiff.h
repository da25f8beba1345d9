#ifndef ARCHDOC_CLI_UDIFF_H
#define ARCHDOC_CLI_UDIFF_H

#include <stddef.h>
#include <stdio.h>

/* Print a unified diff (3 lines of context) of old and new to f.
 * Returns 0, or -1 when memory ran out (nothing useful printed). */
int cli_udiff(FILE *f, const char *old_name, const char *new_name,
		const char *old_text, size_t old_len, const char *new_text, size_t new_len);

#endif
