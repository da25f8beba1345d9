#include "array.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

size_t archdoc_array_next_cap(size_t cap, size_t want, size_t size, size_t first, size_t max)
{
	size_t nc = cap;

	if (!size)
		return 0;
	if (!max || max > SIZE_MAX / size)
		max = SIZE_MAX / size;
	if (want > max)
		return 0;
	if (!nc)
		nc = first ? first : 1;
	while (nc < want)
		nc = nc > max / 2 ? max : nc * 2;
	return nc > max ? max : nc;
}

int archdoc_array_reserve(void *items_ptr, size_t *cap, size_t want, size_t size, size_t first, size_t max)
{
	size_t nc;
	void *items, *grown;

	if (want <= *cap)
		return 0;
	nc = archdoc_array_next_cap(*cap, want, size, first, max);
	if (!nc)
		return -1;
	/* through memcpy: items_ptr is a T **, whatever T is */
	memcpy(&items, items_ptr, sizeof(items));
	grown = realloc(items, nc * size);
	if (!grown)
		return -1;
	memcpy(items_ptr, &grown, sizeof(grown));
	*cap = nc;
	return 0;
}
