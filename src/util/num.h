/*
 * Locale-independent numbers: written with a '.' and at most two
 * decimals, read in the form Graphviz and archdoc's layout text use.
 */
#ifndef ARCHDOC_NUM_H
#define ARCHDOC_NUM_H

#include <stddef.h>

/* v with at most two decimals ("12.5", "-3", "0.25") into buf. */
void archdoc_num_format(char *buf, size_t size, double v);
/* Parse a number ("-1.5", "2e3", leading white space and backslashes
 * skipped); advances *p past it. 0 or -1 (no digits). */
int archdoc_num_parse(const char **p, double *out);

#endif
