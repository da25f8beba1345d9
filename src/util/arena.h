/*
 * Arena: every string and object of one model comes from one arena and is
 * released at once with it. Built with ARCHDOC_DEBUG_ARENA, each allocation
 * is a separate malloc so ASan and valgrind still see overflows and leaks.
 */
#ifndef ARCHDOC_ARENA_H
#define ARCHDOC_ARENA_H

#include <stddef.h>

typedef struct archdoc_arena archdoc_arena;

archdoc_arena *archdoc_arena_new(void);
void archdoc_arena_free(archdoc_arena *a);

/* Zeroed, aligned for any object. NULL on out of memory or overflow. */
void *archdoc_arena_alloc(archdoc_arena *a, size_t size);
/* Zeroed array of n elements of size; NULL on overflow. */
void *archdoc_arena_calloc(archdoc_arena *a, size_t n, size_t size);
char *archdoc_arena_strdup(archdoc_arena *a, const char *s);
char *archdoc_arena_strndup(archdoc_arena *a, const char *s, size_t n);

#endif
