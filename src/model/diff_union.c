/*
 * The union of two versions of a model, for the visual diff: every
 * boundary, component and connection of either, NEW's version where both
 * have one, each marked added, removed or changed (with what changed), so
 * one layout shows both and nothing moves between OLD and NEW.
 */
#include "diff.h"

#include <stdlib.h>
#include <string.h>

#include "archdoc/errors.h"
#include "buf.h"
#include "model.h"

static struct archdoc_boundary *find_boundary(archdoc_model *d, const char *id)
{
	return id && archdoc_hash_get(&d->is_boundary, id) ? archdoc_hash_get(&d->ids, id) : NULL;
}

static struct archdoc_component *find_component(archdoc_model *d, const char *id)
{
	return id && !archdoc_hash_get(&d->is_boundary, id) ? archdoc_hash_get(&d->ids, id) : NULL;
}

static int add_boundary(archdoc_model *d, const struct archdoc_boundary *src)
{
	struct archdoc_boundary *b = archdoc_arena_alloc(d->arena, sizeof(*b));

	if (!b)
		return -1;
	*b = *src;
	/* the parent's id for now: resolved once every boundary is in */
	b->parent = (struct archdoc_boundary *)src->parent;
	if (archdoc_model__add_boundary(d, b) < 0 || archdoc_hash_put(&d->ids, b->id, b, NULL) < 0 ||
			archdoc_hash_put(&d->is_boundary, b->id, (void *)1, NULL) < 0)
		return -1;
	return 0;
}

static int add_component(archdoc_model *d, const struct archdoc_component *src)
{
	struct archdoc_component *c = archdoc_arena_alloc(d->arena, sizeof(*c));

	if (!c)
		return -1;
	*c = *src;
	c->uses = 0;
	c->boundary = src->boundary ? find_boundary(d, src->boundary->id) : NULL;
	if (archdoc_model__add_component(d, c) < 0 || archdoc_hash_put(&d->ids, c->id, c, NULL) < 0)
		return -1;
	return 0;
}

/* map[i]: the union's component for component i of m. malloc'd. */
static struct archdoc_component **component_map(archdoc_model *d, const archdoc_model *m)
{
	struct archdoc_component **map = calloc(m->component_count + 1, sizeof(*map));

	for (size_t i = 0; map && i < m->component_count; i++)
		map[i] = find_component(d, m->components[i]->id);
	return map;
}

static int union_ends(archdoc_model *d, struct archdoc_connection *c, const struct archdoc_connection *old,
		struct archdoc_component *const *map);

/* src (its components through map) into the union; old, OLD's version
 * when both have it (its components through old_map). */
static int add_connection(archdoc_model *d, const struct archdoc_connection *src,
		struct archdoc_component *const *map, const struct archdoc_connection *old,
		struct archdoc_component *const *old_map)
{
	struct archdoc_connection *c = archdoc_arena_alloc(d->arena, sizeof(*c));

	if (!c)
		return -1;
	*c = *src;
	if (archdoc_connection__map_ends(d->arena, c, src, map) != 0)
		return -1;
	if (old && old->from && old->to && union_ends(d, c, old, old_map) != 0)
		return -1;
	/* as its own model shows it: the union has no classify-by of its own */
	c->stated = archdoc_connection_classification(src);
	c->derived = NULL;
	c->drawn_as = NULL;
	c->merged = NULL;
	if (c->stated)
		d->has_stated = 1;
	return archdoc_model__add_connection(d, c);
}

static int has_end(struct archdoc_component *const *ends, size_t n, const struct archdoc_component *x)
{
	for (size_t k = 0; k < n; k++)
		if (ends[k] == x)
			return 1;
	return 0;
}

/*
 * c, NEW's version of a connection OLD (old, its components through map)
 * also has: an end only OLD had is added to c's ends so that the picture
 * draws its line as removed, after NEW's ends (their lines keep their
 * ids); c->end_change says which end is whose. The ends as NEW writes
 * them stay c's text (from_list, to_list).
 */
static int union_ends(archdoc_model *d, struct archdoc_connection *c, const struct archdoc_connection *old,
		struct archdoc_component *const *map)
{
	struct archdoc_component *ends[2][ARCHDOC_MAX_ENDS];
	size_t count[2] = { c->from_count, c->to_count }, had[2];
	const char *lists[2] = { c->from_list, c->to_list };
	int differ = 0;
	char *marks;

	for (int side = 0; side < 2; side++) {
		size_t n = side ? old->to_count : old->from_count;

		for (size_t k = 0; k < count[side]; k++)
			ends[side][k] = (struct archdoc_component *)(side ? archdoc_connection_to_at(c, k)
				: archdoc_connection_from_at(c, k));
		had[side] = count[side];
		for (size_t k = 0; k < n; k++) {
			struct archdoc_component *x = map[(side ? archdoc_connection_to_at(old, k)
					: archdoc_connection_from_at(old, k))->index];

			if (!x || has_end(ends[side], count[side], x))
				continue;
			differ = 1;
			/* (more ends than one side may have: the first are drawn) */
			if (count[side] < ARCHDOC_MAX_ENDS)
				ends[side][count[side]++] = x;
		}
	}
	for (int side = 0; side < 2 && !differ; side++)
		for (size_t k = 0; k < had[side]; k++) {
			size_t n = side ? old->to_count : old->from_count, j;

			for (j = 0; j < n; j++)
				if (map[(side ? archdoc_connection_to_at(old, j) : archdoc_connection_from_at(old, j))->index] ==
						ends[side][k])
					break;
			differ |= j == n;
		}
	if (!differ)
		return 0;
	marks = archdoc_arena_alloc(d->arena, count[0] + count[1] + 1);
	if (!marks)
		return -1;
	for (int side = 0; side < 2; side++) {
		size_t n = side ? old->to_count : old->from_count;

		for (size_t k = 0; k < count[side]; k++) {
			size_t j;

			for (j = 0; j < n; j++)
				if (map[(side ? archdoc_connection_to_at(old, j) : archdoc_connection_from_at(old, j))->index] ==
						ends[side][k])
					break;
			marks[(side ? count[0] : 0) + k] = k >= had[side] ? '-' : j == n ? '+' : 0;
		}
		if (count[side] > had[side] && archdoc_connection__set_side(d->arena, c, side, ends[side], count[side]) != 0)
			return -1;
	}
	marks[count[0] + count[1]] = 0;
	c->from_list = c->from_id = lists[0];
	c->to_list = c->to_id = lists[1];
	c->end_change = marks;
	return 0;
}

/* "port \"443\" -> \"8443\"; to \"db\" -> \"cache\"" in the arena. */
static const char *note_of(archdoc_model *d, const archdoc_change *ch)
{
	archdoc_buf b = ARCHDOC_BUF_INIT;
	char *s;

	for (size_t i = 0; i < ch->field_count; i++)
		archdoc_buf_printf(&b, "%s%s \"%s\" -> \"%s\"", i ? "; " : "", ch->fields[i].name,
				ch->fields[i].before, ch->fields[i].after);
	archdoc_buf_putc(&b, '\0');
	s = b.failed ? NULL : archdoc_arena_strdup(d->arena, b.ptr);
	archdoc_buf_free(&b);
	return s;
}

typedef struct marker {
	archdoc_model *d;
	int failed;
} marker;

static void mark(const archdoc_change *ch, void *payload)
{
	marker *mk = payload;
	archdoc_model *d = mk->d;
	const char *note = ch->op == '~' ? note_of(d, ch) : NULL;

	if (ch->op == '~' && !note) {
		mk->failed = 1;
		return;
	}
	switch (ch->kind) {
	case ARCHDOC_CHANGE_BOUNDARY: {
		struct archdoc_boundary *b = find_boundary(d, archdoc_boundary_id(ch->op == '-' ?
					ch->boundary_before : ch->boundary_after));

		if (b) {
			b->change = ch->op;
			b->change_note = note;
		}
		break;
	}
	case ARCHDOC_CHANGE_COMPONENT: {
		struct archdoc_component *c = find_component(d, archdoc_component_id(ch->op == '-' ?
					ch->component_before : ch->component_after));

		if (c) {
			c->change = ch->op;
			c->change_note = note;
		}
		break;
	}
	case ARCHDOC_CHANGE_CONNECTION: {
		unsigned n = archdoc_connection_number(ch->op == '-' ? ch->connection_before : ch->connection_after);

		for (size_t i = 0; i < d->connection_count; i++)
			if (d->connections[i]->n == n) {
				d->connections[i]->change = ch->op;
				d->connections[i]->change_note = note;
				break;
			}
		break;
	}
	default:
		/* title, pin, views and retirements are not drawn */
		break;
	}
}

int archdoc_model_diff_union(archdoc_model **out, const archdoc_model *a, const archdoc_model *b)
{
	archdoc_model *d = archdoc_model__new();
	marker mk = { d, 0 };
	struct archdoc_component **map_a = NULL, **map_b = NULL;
	char *data = NULL;
	int rc = ARCHDOC_ENOMEM;

	*out = NULL;
	if (!d)
		return rc;
	d->id = b->id;
	{
		size_t tl = strlen(b->title);
		char *t = archdoc_arena_alloc(d->arena, tl + 10);

		if (t) {
			memcpy(t, "Changes: ", 9);
			memcpy(t + 9, b->title, tl + 1);
		}
		d->title = t;
	}
	d->description = b->description;
	d->table = b->table;
	d->diagram_layout = b->diagram_layout;
	d->diff = 1;
	if (!d->title)
		goto done;
	/* the bytes the layout cache knows it by: both versions */
	{
		size_t la = a->source.len, lb = b->source.len;

		data = malloc(la + lb + 32);
		if (!data)
			goto done;
		memcpy(data, b->source.data, lb);
		memcpy(data + lb, "\n<!-- archdoc diff from -->\n", 28);
		memcpy(data + lb + 28, a->source.data, la);
		data[lb + 28 + la] = '\0';
		/* the source owns data from here, even when it fails */
		rc = archdoc_source_init(&d->source, b->source.name, data, lb + 28 + la);
		data = NULL;
		if (rc < 0) {
			rc = ARCHDOC_ENOMEM;
			goto done;
		}
		rc = ARCHDOC_ENOMEM;
	}
	/* NEW's boundaries in its order, then OLD's removed ones in theirs: a
	 * parent still comes before its children (a removed boundary's parent
	 * is NEW's or an earlier removed one) */
	for (size_t i = 0; i < b->boundary_count; i++)
		if (add_boundary(d, b->boundaries[i]) < 0)
			goto done;
	for (size_t i = 0; i < a->boundary_count; i++)
		if (!find_boundary(d, a->boundaries[i]->id) && add_boundary(d, a->boundaries[i]) < 0)
			goto done;
	for (size_t i = 0; i < d->boundary_count; i++) {
		struct archdoc_boundary *x = d->boundaries[i];

		x->parent = x->parent ? find_boundary(d, x->parent->id) : NULL;
		x->depth = x->parent ? x->parent->depth + 1 : 0;
	}
	for (size_t i = 0; i < b->component_count; i++)
		if (add_component(d, b->components[i]) < 0)
			goto done;
	for (size_t i = 0; i < a->component_count; i++)
		if (!find_component(d, a->components[i]->id) && add_component(d, a->components[i]) < 0)
			goto done;
	map_a = component_map(d, a);
	map_b = component_map(d, b);
	if (!map_a || !map_b)
		goto done;
	/* connections by number; both lists are sorted */
	for (size_t i = 0, j = 0; i < a->connection_count || j < b->connection_count;) {
		const struct archdoc_connection *x = i < a->connection_count ? a->connections[i] : NULL;
		const struct archdoc_connection *y = j < b->connection_count ? b->connections[j] : NULL;
		const struct archdoc_connection *take, *old = NULL;
		struct archdoc_component *const *map;

		if (x && (!y || x->n < y->n)) {
			take = x;
			map = map_a;
			i++;
		} else if (y && (!x || y->n < x->n)) {
			take = y;
			map = map_b;
			j++;
		} else {
			take = y;
			old = x;
			map = map_b;
			i++;
			j++;
		}
		/* a connection whose end did not resolve is not drawn anywhere */
		if (take->from && take->to && add_connection(d, take, map, old, map_a) < 0)
			goto done;
	}
	archdoc_model_diff(a, b, mark, &mk);
	if (mk.failed)
		goto done;
	*out = d;
	d = NULL;
	rc = 0;
done:
	free(map_a);
	free(map_b);
	free(data);
	archdoc_model_free(d);
	return rc;
}

archdoc_model *archdoc_model__empty_like(const archdoc_model *m)
{
	archdoc_model *d = archdoc_model__new();
	char *data = malloc(1);

	if (!d || !data) {
		free(data);
		archdoc_model_free(d);
		return NULL;
	}
	data[0] = '\0';
	/* the source owns data from here, even when it fails */
	if (archdoc_source_init(&d->source, m->source.name, data, 0) < 0) {
		archdoc_model_free(d);
		return NULL;
	}
	d->id = m->id;
	d->title = m->title;
	d->description = m->description;
	d->table = m->table;
	return d;
}
