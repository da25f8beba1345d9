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

/* FNV-1a, the one string hash: archdoc_fnv1a goes on from h (start with
 * ARCHDOC_FNV1A_BASIS) over len bytes; archdoc_hash_string hashes a C
 * string from the basis. */
#define ARCHDOC_FNV1A_BASIS 0xcbf29ce484222325ULL
uint64_t archdoc_fnv1a(uint64_t h, const void *data, size_t len);
uint64_t archdoc_hash_string(const char *s);

#endif
