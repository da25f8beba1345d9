/*
 * What changed between two versions of a model, in the terms a reviewer
 * reads an architecture change in (the model layer's internal API; `archdoc
 * diff` prints it): the title and the pinned layout, boundaries and
 * components matched by id, connections matched by number, each added,
 * removed or changed with the fields that changed.
 */
#ifndef ARCHDOC_DIFF_H
#define ARCHDOC_DIFF_H

#include <stddef.h>

#include "archdoc/model.h"

typedef enum archdoc_change_kind {
	ARCHDOC_CHANGE_TITLE,
	ARCHDOC_CHANGE_LAYOUT,
	ARCHDOC_CHANGE_BOUNDARY,
	ARCHDOC_CHANGE_COMPONENT,
	ARCHDOC_CHANGE_CONNECTION,
	ARCHDOC_CHANGE_VIEW,
	ARCHDOC_CHANGE_RETIRED
} archdoc_change_kind;

/* One field that differs: its name, the old and the new text (never NULL;
 * "" for an absent one; "(top level)" for a parent that is none). */
typedef struct archdoc_change_field {
	const char *name;
	const char *before, *after;
} archdoc_change_field;

#define ARCHDOC_CHANGE_MAX_FIELDS 6

typedef struct archdoc_change {
	char op;                     /* '+' added, '-' removed, '~' changed */
	archdoc_change_kind kind;
	/* the old and the new object (the one there is, for + and -) */
	const archdoc_boundary *boundary_before, *boundary_after;
	const archdoc_component *component_before, *component_after;
	const archdoc_connection *connection_before, *connection_after;
	const archdoc_view *view_before, *view_after;
	unsigned retired;            /* ARCHDOC_CHANGE_RETIRED: the number */
	const char *reason;          /* its reason (the new one for + and ~) */
	archdoc_change_field fields[ARCHDOC_CHANGE_MAX_FIELDS];
	size_t field_count;          /* for ~ */
} archdoc_change;

/* Call fn for each change from a to b, in a fixed order: title, layout,
 * boundaries removed (a's order), added or changed (b's order), the same
 * for components, then connections by number, then views (removed in a's
 * order, added or changed in b's; a view changes when its title, merge,
 * layout or rules change, or when the connections it shows do). Returns
 * how many. */
size_t archdoc_model_diff(const archdoc_model *a, const archdoc_model *b,
		void (*fn)(const archdoc_change *change, void *payload), void *payload);

/*
 * The union of a and b for the visual diff (diff_union.c): every boundary
 * and component of either (matched by id, b's version where both have
 * one), every connection of either (matched by number), marked with the
 * change archdoc_model_diff finds for it. Classifications are stated as
 * each version shows them. Strings are borrowed: a and b must outlive
 * *out. 0 or ARCHDOC_ENOMEM.
 */
int archdoc_model_diff_union(archdoc_model **out, const archdoc_model *a, const archdoc_model *b);

/* A model with m's id and title and nothing in it (the side of a diff
 * that lacks a view); borrows from m. NULL on out of memory. */
archdoc_model *archdoc_model__empty_like(const archdoc_model *m);

/* The id of a boundary, or "(top level)" for none. */
const char *archdoc_diff_parent_id(const archdoc_boundary *b);

#endif
