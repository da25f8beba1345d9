/*
 * The versioned options structs of the public API (archdoc_*_options, with
 * a version first): filling one from its initialiser, the same way for
 * every kind.
 */
#ifndef ARCHDOC_OPTIONS_H
#define ARCHDOC_OPTIONS_H

#include <stddef.h>

/* Copy init (size bytes) into opts: 0, or ARCHDOC_EUSAGE when the caller
 * asked for a version other than the one this library has. */
int archdoc_options_init(void *opts, const void *init, size_t size, unsigned asked, unsigned have);

#endif
