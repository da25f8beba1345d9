/*
 * Growable arrays, in one place. A typed array is a pointer, a count and a
 * capacity kept by its owner; ARCHDOC_ARRAY_RESERVE makes room for want
 * elements, doubling from first, with the size arithmetic checked and,
 * with _MAX, never past max elements. On failure nothing changes: the old
 * block and its capacity stay the caller's.
 *
 *	if (ARCHDOC_ARRAY_RESERVE(t->rows, t->row_cap, t->row_count + 1, 64) < 0)
 *		return ARCHDOC_ENOMEM;
 */
#ifndef ARCHDOC_ARRAY_H
#define ARCHDOC_ARRAY_H

#include <stddef.h>

/* items_ptr: the address of the array's pointer (any T **). 0, or -1 on
 * out of memory, overflow or want past max (0: no maximum but memory). */
int archdoc_array_reserve(void *items_ptr, size_t *cap, size_t want, size_t size, size_t first, size_t max);

/* The capacity that holds want elements of size: cap doubled (from first
 * when 0) as often as needed, at most max (0: what memory can address);
 * 0 when want cannot be held. For arrays that live elsewhere than the
 * heap (an arena). */
size_t archdoc_array_next_cap(size_t cap, size_t want, size_t size, size_t first, size_t max);

#define ARCHDOC_ARRAY_RESERVE(items, cap, want, first) \
	archdoc_array_reserve(&(items), &(cap), (want), sizeof(*(items)), (first), 0)
#define ARCHDOC_ARRAY_RESERVE_MAX(items, cap, want, first, max) \
	archdoc_array_reserve(&(items), &(cap), (want), sizeof(*(items)), (first), (max))

#endif
