#include "hash.h"

#include <stdlib.h>
#include <string.h>

#include "array.h"

uint64_t archdoc_fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

uint64_t archdoc_hash_string(const char *s)
{
	/* ids are short, so a simple hash is enough */
	return archdoc_fnv1a(ARCHDOC_FNV1A_BASIS, s, strlen(s));
}

static int rehash(archdoc_hash *h, size_t cap)
{
	const char **keys = calloc(cap, sizeof(*keys));
	void **values = calloc(cap, sizeof(*values));
	size_t i;

	if (!keys || !values) {
		free(keys);
		free(values);
		return -1;
	}
	for (i = 0; i < h->cap; i++) {
		size_t j;

		if (!h->keys[i])
			continue;
		j = (size_t)archdoc_hash_string(h->keys[i]) & (cap - 1);
		while (keys[j])
			j = (j + 1) & (cap - 1);
		keys[j] = h->keys[i];
		values[j] = h->values[i];
	}
	free(h->keys);
	free(h->values);
	h->keys = keys;
	h->values = values;
	h->cap = cap;
	return 0;
}

void *archdoc_hash_get(const archdoc_hash *h, const char *key)
{
	size_t j;

	if (!h->cap)
		return NULL;
	j = (size_t)archdoc_hash_string(key) & (h->cap - 1);
	while (h->keys[j]) {
		if (strcmp(h->keys[j], key) == 0)
			return h->values[j];
		j = (j + 1) & (h->cap - 1);
	}
	return NULL;
}

int archdoc_hash_put(archdoc_hash *h, const char *key, void *value, void **existing)
{
	size_t j;

	if ((h->count + 1) * 2 > h->cap) {
		/* doubled: a power of two, as the probing's mask needs */
		size_t cap = archdoc_array_next_cap(h->cap, h->cap + 1, sizeof(void *), 64, 0);

		if (!cap || (cap & (cap - 1)) || rehash(h, cap) < 0)
			return -1;
	}
	j = (size_t)archdoc_hash_string(key) & (h->cap - 1);
	while (h->keys[j]) {
		if (strcmp(h->keys[j], key) == 0) {
			if (existing)
				*existing = h->values[j];
			return 1;
		}
		j = (j + 1) & (h->cap - 1);
	}
	h->keys[j] = key;
	h->values[j] = value;
	h->count++;
	return 0;
}

void archdoc_hash_free(archdoc_hash *h)
{
	free(h->keys);
	free(h->values);
	h->keys = NULL;
	h->values = NULL;
	h->cap = h->count = 0;
}
