/*
 * A string-keyed hash map (open addressing, linear probing). Keys are
 * borrowed: they must outlive the map (in archdoc they live in the model's
 * arena). Lookups are constant time, so no rule scans a list by id.
 */
#ifndef ARCHDOC_HASH_H
#define ARCHDOC_HASH_H

#include <stddef.h>
#include <stdint.h>

typedef struct archdoc_hash {
	const char **keys;
	void **values;
	size_t cap;   /* power of two, or 0 */
	size_t count;
} archdoc_hash;

#define ARCHDOC_HASH_INIT { NULL, NULL, 0, 0 }

/* Returns the value for key, or NULL. */
void *archdoc_hash_get(const archdoc_hash *h, const char *key);
/* Insert key unless present. Returns 0 when inserted, 1 when the key was
 * already there (*existing set to its value), -1 on out of memory. */
int archdoc_hash_put(archdoc_hash *h, const char *key, void *value, void **existing);
void archdoc_hash_free(archdoc_hash *h);

uint64_t archdoc_hash_string(const char *s);

#endif
