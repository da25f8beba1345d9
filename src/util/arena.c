#include "arena.h"

#include <stdlib.h>
#include <string.h>
#include <stdalign.h>
#include <stdint.h>

#define CHUNK_SIZE ((size_t)64 * 1024)

typedef struct chunk {
	struct chunk *next;
	size_t used;
	size_t cap;
	alignas(max_align_t) unsigned char data[];
} chunk;

struct archdoc_arena {
	chunk *head;
};

archdoc_arena *archdoc_arena_new(void)
{
	return calloc(1, sizeof(archdoc_arena));
}

void archdoc_arena_free(archdoc_arena *a)
{
	chunk *c, *next;

	if (!a)
		return;
	for (c = a->head; c; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

#ifdef ARCHDOC_DEBUG_ARENA

void *archdoc_arena_alloc(archdoc_arena *a, size_t size)
{
	chunk *c;

	if (size > SIZE_MAX - sizeof(chunk))
		return NULL;
	c = calloc(1, sizeof(chunk) + size);
	if (!c)
		return NULL;
	c->used = c->cap = size;
	c->next = a->head;
	a->head = c;
	return c->data;
}

#else

void *archdoc_arena_alloc(archdoc_arena *a, size_t size)
{
	const size_t align = alignof(max_align_t);
	chunk *c = a->head;
	size_t need, at;

	if (size > SIZE_MAX / 2)
		return NULL;
	need = (size + align - 1) & ~(align - 1);
	if (need == 0)
		need = align;
	if (c && c->cap - c->used >= need) {
		at = c->used;
		c->used += need;
		return c->data + at;
	}
	/* Large requests get a chunk of their own, placed behind the current
	 * one so the current chunk's free space is not wasted. */
	{
		size_t cap = need > CHUNK_SIZE / 4 ? need : CHUNK_SIZE;
		chunk *n = calloc(1, sizeof(chunk) + cap);

		if (!n)
			return NULL;
		n->cap = cap;
		n->used = need;
		if (c && cap == need) {
			n->next = c->next;
			c->next = n;
		} else {
			n->next = c;
			a->head = n;
		}
		return n->data;
	}
}

#endif

void *archdoc_arena_calloc(archdoc_arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return archdoc_arena_alloc(a, n * size);
}

char *archdoc_arena_strndup(archdoc_arena *a, const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX)
		return NULL;
	p = archdoc_arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *archdoc_arena_strdup(archdoc_arena *a, const char *s)
{
	return archdoc_arena_strndup(a, s, strlen(s));
}
