/*
 * Views (docs/model-format.md, "Views"): which components and connections
 * a <view> shows, the check rules on views, and a view's model: a model of
 * its own, with the same ids and connection numbers, that every backend
 * draws and tables like any other. A view's model borrows the strings of
 * the model it was taken from, which must outlive it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archdoc/errors.h"
#include "array.h"
#include "context.h"
#include "load.h"
#include "model.h"

/* --- numbers: "1-8,12" ------------------------------------------------------ */

/* Calls each(n) for every number the list names, in order; NULL, or why
 * the text is not a list of numbers and ranges. */
static const char *numbers(const char *text, void (*each)(unsigned n, void *p), void *p)
{
	const char *s = text;

	if (!*s)
		return "an empty list";
	for (;;) {
		unsigned long lo = 0, hi;

		while (*s == ' ')
			s++;
		if (*s < '0' || *s > '9')
			return "a list of numbers and ranges such as 1-8,12 was expected";
		for (; *s >= '0' && *s <= '9' && lo <= ARCHDOC_MAX_CONNECTION_NUMBER; s++)
			lo = lo * 10 + (unsigned long)(*s - '0');
		hi = lo;
		if (*s == '-') {
			s++;
			hi = 0;
			if (*s < '0' || *s > '9')
				return "a range needs a number after '-'";
			for (; *s >= '0' && *s <= '9' && hi <= ARCHDOC_MAX_CONNECTION_NUMBER; s++)
				hi = hi * 10 + (unsigned long)(*s - '0');
		}
		if (lo < 1 || hi > ARCHDOC_MAX_CONNECTION_NUMBER || lo > ARCHDOC_MAX_CONNECTION_NUMBER)
			return "connection numbers run from 1 to 1000000";
		if (hi < lo)
			return "a range must not run backwards";
		while (*s == ' ')
			s++;
		if (each) {
			/* only the model's numbers: a range costs no more than the model */
			each((unsigned)lo, p);
			each((unsigned)hi | 0x80000000u, p);
		}
		if (!*s)
			return NULL;
		if (*s != ',')
			return "numbers and ranges are separated by ','";
		s++;
	}
}

typedef struct ranges {
	unsigned *v;             /* lo, hi pairs */
	size_t n, cap;
	int oom;
} ranges;

static void add_bound(unsigned n, void *p)
{
	ranges *r = p;

	if (r->oom || archdoc_array_reserve(&r->v, &r->cap, r->n + 1, sizeof(*r->v), 16, 0) < 0) {
		r->oom = 1;
		return;
	}
	r->v[r->n++] = n & 0x7fffffffu;
}

static int in_ranges(const ranges *r, unsigned n)
{
	for (size_t i = 0; i + 1 < r->n; i += 2)
		if (n >= r->v[i] && n <= r->v[i + 1])
			return 1;
	return 0;
}

/* --- selection --------------------------------------------------------------- */

static int has_class(const char *list, const char *cls)
{
	size_t n = strlen(cls);

	for (const char *s = list; *s;) {
		const char *e;

		while (*s == ' ')
			s++;
		e = s;
		while (*e && *e != ' ')
			e++;
		if ((size_t)(e - s) == n && n && strncmp(s, cls, n) == 0)
			return 1;
		s = e;
	}
	return 0;
}

/* Whether rule r names connection c directly (classification, numbers). */
static int names_connection(const archdoc_view_rule *r, const ranges *nums, const struct archdoc_connection *c)
{
	if (r->classification) {
		const char *cls = archdoc_connection_classification(c);

		return cls && has_class(r->classification, cls);   /* NULL: the model classifies nothing */
	}
	if (r->connections)
		return in_ranges(nums, c->n);
	return 0;
}

/* Components rule r names (boundary, component) into mark. */
static void names_components(const archdoc_model *m, const archdoc_view_rule *r, unsigned char *mark)
{
	for (size_t i = 0; i < m->component_count; i++) {
		const struct archdoc_component *c = m->components[i];

		if ((r->component && strcmp(c->id, r->component) == 0) ||
				(r->boundary && c->boundary &&
				 archdoc_component_in(c, archdoc_model_find_boundary(m, r->boundary))))
			mark[i] = 1;
	}
}

/* Grow the marked components by depth connections, either way: a
 * breadth-first walk from all of them at once, each connection looked at
 * once per end, whatever the depth. */
typedef struct adjacency {
	size_t *first, *to;      /* to[first[c] .. first[c + 1]): c's neighbours */
} adjacency;

static int adjacency_make(adjacency *a, const archdoc_model *m)
{
	size_t nc = m->component_count, ne = m->connection_count, *at;

	size_t pairs = 0;

	/* every source of a connection is a neighbour of every destination */
	for (size_t i = 0; i < ne; i++)
		pairs += archdoc_connection_from_count(m->connections[i]) * archdoc_connection_to_count(m->connections[i]);
	a->first = calloc(nc + 2, sizeof(*a->first));
	a->to = malloc((2 * pairs + 1) * sizeof(*a->to));
	at = calloc(nc + 1, sizeof(*at));
	if (!a->first || !a->to || !at) {
		free(at);
		return -1;
	}
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < ne; i++) {
			const struct archdoc_connection *c = m->connections[i];

			for (size_t f = 0; f < archdoc_connection_from_count(c); f++)
				for (size_t t = 0; t < archdoc_connection_to_count(c); t++) {
					size_t x = archdoc_connection_from_at(c, f)->index, y = archdoc_connection_to_at(c, t)->index;

					if (pass == 0) {
						a->first[x + 1]++;
						a->first[y + 1]++;
					} else {
						a->to[a->first[x] + at[x]++] = y;
						a->to[a->first[y] + at[y]++] = x;
					}
				}
		}
		if (pass == 0)
			for (size_t i = 0; i < nc; i++)
				a->first[i + 1] += a->first[i];
	}
	free(at);
	return 0;
}

static void adjacency_free(adjacency *a)
{
	free(a->first);
	free(a->to);
}

/* queue: room for every component */
static void widen(const archdoc_model *m, const adjacency *a, unsigned char *mark, unsigned depth, size_t *queue)
{
	size_t head = 0, tail = 0, level_end;

	for (size_t i = 0; i < m->component_count; i++)
		if (mark[i])
			queue[tail++] = i;
	for (unsigned d = 0; d < depth && head < tail; d++) {
		level_end = tail;
		for (; head < level_end; head++) {
			size_t c = queue[head];

			for (size_t k = a->first[c]; k < a->first[c + 1]; k++)
				if (!mark[a->to[k]]) {
					mark[a->to[k]] = 1;
					queue[tail++] = a->to[k];
				}
		}
	}
}

/*
 * What view v shows of m: show_c per component, show_e per connection
 * (both indexed like m's arrays). Selecting components shows every
 * connection between two of them; classification and numbers select
 * connections with their ends; excludes come after. 0 or -1 (memory).
 */
static int select_view(const archdoc_model *m, const struct archdoc_view *v, unsigned char *show_c,
		unsigned char *show_e)
{
	size_t nc = m->component_count, ne = m->connection_count;
	unsigned char *sel = calloc(nc + 1, 1), *ends = calloc(nc + 1, 1), *seed = calloc(nc + 1, 1),
		*tmp = calloc(nc + 1, 1);
	size_t *queue = malloc((nc + 1) * sizeof(*queue));
	adjacency adj = { NULL, NULL };
	int includes = 0, rc = -1;

	if (!sel || !ends || !seed || !tmp || !queue || adjacency_make(&adj, m) < 0)
		goto done;
	memset(show_e, 0, ne);
	for (size_t k = 0; k < v->rule_count; k++)
		includes += v->rules[k].kind == ARCHDOC_VIEW_INCLUDE;
	if (!includes) {
		memset(sel, 1, nc);
		memset(show_e, 1, ne);
	}
	for (size_t k = 0; k < v->rule_count; k++) {
		const archdoc_view_rule *r = &v->rules[k];
		ranges nums = { NULL, 0, 0, 0 };

		if (r->kind != ARCHDOC_VIEW_INCLUDE)
			continue;
		memset(seed, 0, nc);
		if (r->connections && numbers(r->connections, add_bound, &nums) != NULL)
			nums.n = 0;
		if (nums.oom) {
			free(nums.v);
			goto done;
		}
		if (r->classification || r->connections) {
			for (size_t i = 0; i < ne; i++) {
				const struct archdoc_connection *c = m->connections[i];

				if (!c->from || !c->to || !names_connection(r, &nums, c))
					continue;
				show_e[i] = 1;
				for (size_t e = 0; e < archdoc_connection__end_count(c); e++)
					ends[archdoc_connection__end(c, e)->index] = seed[archdoc_connection__end(c, e)->index] = 1;
			}
			/* with depth, the ends and their neighbours count as selected */
			if (r->depth) {
				widen(m, &adj, seed, r->depth, queue);
				for (size_t i = 0; i < nc; i++)
					sel[i] |= seed[i];
			}
		} else {
			names_components(m, r, seed);
			widen(m, &adj, seed, r->depth, queue);
			for (size_t i = 0; i < nc; i++)
				sel[i] |= seed[i];
		}
		free(nums.v);
	}
	for (size_t i = 0; i < ne; i++) {
		const struct archdoc_connection *c = m->connections[i];

		size_t e, n = archdoc_connection__end_count(c);

		for (e = 0; e < n && sel[archdoc_connection__end(c, e)->index]; e++)
			;
		if (n && e == n)
			show_e[i] = 1;
	}
	for (size_t i = 0; i < nc; i++)
		show_c[i] = sel[i] || ends[i];
	/* excludes, after every include */
	for (size_t k = 0; k < v->rule_count; k++) {
		const archdoc_view_rule *r = &v->rules[k];
		ranges nums = { NULL, 0, 0, 0 };

		if (r->kind != ARCHDOC_VIEW_EXCLUDE)
			continue;
		if (r->connections && numbers(r->connections, add_bound, &nums) != NULL)
			nums.n = 0;
		if (nums.oom) {
			free(nums.v);
			goto done;
		}
		memset(seed, 0, nc);
		names_components(m, r, seed);
		for (size_t i = 0; i < nc; i++)
			if (seed[i])
				show_c[i] = sel[i] = 0;
		for (size_t i = 0; i < ne; i++) {
			const struct archdoc_connection *c = m->connections[i];

			int hit = !c->from || !c->to || names_connection(r, &nums, c);

			for (size_t e = 0; !hit && e < archdoc_connection__end_count(c); e++)
				hit = seed[archdoc_connection__end(c, e)->index];
			if (hit)
				show_e[i] = 0;
		}
		free(nums.v);
	}
	/* an end is shown for its connections: none left, not shown */
	memset(tmp, 0, nc);
	for (size_t i = 0; i < ne; i++) {
		const struct archdoc_connection *c = m->connections[i];

		/* an end the model could not resolve (an error already) shows nothing */
		if (!c->from || !c->to)
			show_e[i] = 0;
		else if (show_e[i])
			for (size_t e = 0; e < archdoc_connection__end_count(c); e++)
				tmp[archdoc_connection__end(c, e)->index] = 1;
	}
	for (size_t i = 0; i < nc; i++)
		if (!sel[i] && !tmp[i])
			show_c[i] = 0;
	rc = 0;
done:
	adjacency_free(&adj);
	free(queue);
	free(sel);
	free(ends);
	free(seed);
	free(tmp);
	return rc;
}

/* --- the check rules ---------------------------------------------------------- */

static size_t attr_at(archdoc_loader *L, size_t off, const char *name)
{
	return archdoc__attr_offset(&L->m->source, off, name);
}

static void check_rule(archdoc_loader *L, const struct archdoc_view *v, const archdoc_view_rule *r)
{
	archdoc_model *m = L->m;
	const archdoc_severity E = ARCHDOC_SEVERITY_ERROR;
	int named = (r->boundary != NULL) + (r->component != NULL) + (r->classification != NULL) +
		(r->connections != NULL);
	const char *what = r->kind == ARCHDOC_VIEW_INCLUDE ? "include" : r->kind == ARCHDOC_VIEW_EXCLUDE ? "exclude" :
		"collapse";

	if (r->kind != ARCHDOC_VIEW_COLLAPSE && named != 1) {
		archdoc_loader__report(L, E, "view-rule", r->offset,
				"view '%s': <%s> names %s; give exactly one of boundary, component, classification "
				"or connections", v->id, what, named ? "more than one selection" : "nothing");
		return;
	}
	if (r->kind == ARCHDOC_VIEW_EXCLUDE && r->depth)
		archdoc_loader__report(L, E, "view-rule", attr_at(L, r->offset, "depth"),
				"view '%s': depth widens an <include>, not an <exclude>", v->id);
	if (r->boundary && !archdoc_model_find_boundary(m, r->boundary))
		archdoc_loader__report(L, E, "view-unknown", attr_at(L, r->offset, "boundary"),
				"view '%s': <%s boundary=\"%s\"> names no boundary of the model", v->id, what, r->boundary);
	if (r->component && !archdoc_model_find_component(m, r->component))
		archdoc_loader__report(L, E, "view-unknown", attr_at(L, r->offset, "component"),
				"view '%s': <%s component=\"%s\"> names no component of the model", v->id, what,
				r->component);
	if (r->classification) {
		/* a class no connection has is likely a typo: say so (a warning,
		 * the view may still show what its other names select) */
		const char *p = r->classification;

		while (*p) {
			char cls[ARCHDOC_MAX_SHORT_TEXT * 4 + 1];
			size_t n = 0;
			int found = 0;

			while (*p == ' ')
				p++;
			while (p[n] && p[n] != ' ' && n < sizeof(cls) - 1)
				n++;
			if (!n)
				break;
			memcpy(cls, p, n);
			cls[n] = '\0';
			p += n;
			for (size_t i = 0; i < m->connection_count && !found; i++)
				found = archdoc_connection_classification(m->connections[i]) &&
					strcmp(archdoc_connection_classification(m->connections[i]), cls) == 0;
			if (!found)
				archdoc_loader__report(L, ARCHDOC_SEVERITY_WARNING, "view-unknown",
						attr_at(L, r->offset, "classification"),
						"view '%s': no connection is classified '%s'", v->id, cls);
		}
	}
	if (r->connections) {
		ranges nums = { NULL, 0, 0, 0 };
		const char *why = numbers(r->connections, add_bound, &nums);

		if (nums.oom)
			L->oom = 1;
		else if (why)
			archdoc_loader__report(L, E, "view-connections", attr_at(L, r->offset, "connections"),
					"view '%s': connections=\"%s\": %s", v->id, r->connections, why);
		else
			for (size_t i = 0; i + 1 < nums.n; i += 2)
				if (nums.v[i] == nums.v[i + 1] && !archdoc_model_find_connection(m, nums.v[i]))
					archdoc_loader__report(L, E, "view-unknown", attr_at(L, r->offset, "connections"),
							"view '%s': the model has no connection %u", v->id, nums.v[i]);
		free(nums.v);
	}
}

void archdoc_view__check(archdoc_loader *L)
{
	archdoc_model *m = L->m;
	const archdoc_severity E = ARCHDOC_SEVERITY_ERROR;
	archdoc_hash seen = ARCHDOC_HASH_INIT;
	unsigned char *show_c = malloc(m->component_count + 1), *show_e = malloc(m->connection_count + 1);
	int unresolved = 0;

	if (!show_c || !show_e) {
		L->oom = 1;
		goto done;
	}
	for (size_t i = 0; i < m->connection_count; i++)
		unresolved |= !m->connections[i]->from || !m->connections[i]->to;
	for (size_t k = 0; k < m->view_count && !L->oom; k++) {
		const struct archdoc_view *v = m->views[k];
		void *first = NULL;
		unsigned errors = L->q.errors;
		size_t shown = 0;

		if (!archdoc_id_valid(v->id)) {
			archdoc_loader__report(L, E, "schema", attr_at(L, v->offset, "id"),
					"view id '%s' is not a valid id: start with a letter, then letters, digits, '-' or '_'",
					v->id);
			continue;
		}
		if (archdoc_hash_put(&seen, v->id, (void *)v, &first) < 0) {
			L->oom = 1;
			break;
		}
		if (first) {
			const struct archdoc_view *f = first;

			archdoc_loader__report_note(L, E, "duplicate-id", attr_at(L, v->offset, "id"),
					attr_at(L, f->offset, "id"), "first view with that id", "view id '%s' is used twice",
					v->id);
		}
		if (v->rule_count == 0) {
			archdoc_loader__report(L, E, "view-empty", v->offset,
					"view '%s' selects nothing: give it an <include> (or an <exclude> or <collapse> "
					"to show less than the whole model)", v->id);
			continue;
		}
		for (size_t r = 0; r < v->rule_count; r++)
			check_rule(L, v, &v->rules[r]);
		/* whether it shows anything: only once its rules and the model
		 * are sound (an unresolved end would select nothing real) */
		if (L->q.errors != errors || v->bad || unresolved)
			continue;
		if (select_view(m, v, show_c, show_e) < 0) {
			L->oom = 1;
			break;
		}
		for (size_t i = 0; i < m->connection_count; i++)
			shown += show_e[i];
		if (!shown)
			archdoc_loader__report(L, E, "view-selects-nothing", v->offset,
					"view '%s' shows no connection: its includes select none, or its excludes "
					"remove them all", v->id);
	}
done:
	archdoc_hash_free(&seen);
	free(show_c);
	free(show_e);
}

/* --- a view's model ------------------------------------------------------------ */

/*
 * For each boundary of m, the outermost boundary view v collapses that
 * holds it (itself included), or NULL: box[] has one slot per boundary.
 * One pass over the rules, then one walk up from each boundary, so a view
 * with many collapses costs no more per component than one with a few.
 * 0, or -1 when out of memory.
 */
static int collapse_boxes(const struct archdoc_view *v, const archdoc_model *m,
		const struct archdoc_boundary **box)
{
	unsigned char *collapsed = calloc(m->boundary_count + 1, 1);

	if (!collapsed)
		return -1;
	for (size_t k = 0; k < v->rule_count; k++) {
		const archdoc_view_rule *r = &v->rules[k];
		const archdoc_boundary *b;

		if (r->kind == ARCHDOC_VIEW_COLLAPSE && r->boundary && (b = archdoc_model_find_boundary(m, r->boundary)))
			collapsed[b->index] = 1;
	}
	for (size_t i = 0; i < m->boundary_count; i++) {
		box[i] = NULL;
		for (const struct archdoc_boundary *p = m->boundaries[i]; p; p = p->parent)
			if (collapsed[p->index])
				box[i] = p;
	}
	free(collapsed);
	return 0;
}

/* The collapsed box component c is drawn as, or NULL. */
static const struct archdoc_boundary *box_of(const struct archdoc_boundary *const *box,
		const struct archdoc_component *c)
{
	return c->boundary ? box[c->boundary->index] : NULL;
}

/* "2-8", "3, 5, 9", "2-4, 7": numbers in order, runs of three or more as
 * ranges. */
static char *compact_numbers(archdoc_arena *a, const unsigned *n, size_t count)
{
	char *out = archdoc_arena_alloc(a, count * 24 + 1), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0, j; i < count; i = j) {
		for (j = i + 1; j < count && n[j] == n[j - 1] + 1; j++)
			;
		if (i)
			o += sprintf(o, ", ");
		if (j - i >= 3)
			o += sprintf(o, "%u-%u", n[i], n[j - 1]);
		else
			for (size_t k = i; k < j; k++)
				o += sprintf(o, "%s%u", k > i ? ", " : "", n[k]);
	}
	*o = '\0';
	return out;
}

/* merge="parallel": connections with the same ends, the same way, are
 * drawn as the first of them, whose badge lists all their numbers. */
static int merge_parallel(archdoc_model *d)
{
	size_t ne = d->connection_count;
	unsigned *nums = malloc((ne + 1) * sizeof(*nums));

	if (!nums)
		return -1;
	for (size_t i = 0; i < ne; i++) {
		struct archdoc_connection *c = d->connections[i];
		size_t count = 0;

		if (c->drawn_as)
			continue;
		nums[count++] = c->n;
		for (size_t k = i + 1; k < ne; k++) {
			struct archdoc_connection *o = d->connections[k];

			if (!o->drawn_as && o->from == c->from && o->to == c->to && o->from_count == 1 &&
					o->to_count == 1 && c->from_count == 1 && c->to_count == 1) {
				o->drawn_as = c;
				nums[count++] = o->n;
			}
		}
		if (count > 1 && !(c->merged = compact_numbers(d->arena, nums, count))) {
			free(nums);
			return -1;
		}
	}
	free(nums);
	return 0;
}

const struct archdoc_connection *archdoc_connection__drawn_as(const struct archdoc_connection *c)
{
	return c->drawn_as ? c->drawn_as : c;
}

const char *archdoc_connection__merged(const struct archdoc_connection *c)
{
	return c->merged;
}

int archdoc_view_model(archdoc_model **out, archdoc_context *ctx, const archdoc_model *m, const archdoc_view *v)
{
	size_t nb = m->boundary_count, nc = m->component_count, ne = m->connection_count;
	unsigned char *show_c = calloc(nc + 1, 1), *show_e = calloc(ne + 1, 1), *keep_b = calloc(nb + 1, 1);
	struct archdoc_boundary **bmap = calloc(nb + 1, sizeof(*bmap));
	struct archdoc_component **cmap = calloc(nc + 1, sizeof(*cmap));
	struct archdoc_component **boxes = calloc(nb + 1, sizeof(*boxes));
	const struct archdoc_boundary **cbox = calloc(nb + 1, sizeof(*cbox));
	archdoc_model *d = archdoc_model__new();
	char *data = NULL;
	int rc = ARCHDOC_ENOMEM;

	(void)ctx;
	*out = NULL;
	if (!show_c || !show_e || !keep_b || !bmap || !cmap || !boxes || !cbox || !d)
		goto done;
	if (select_view(m, v, show_c, show_e) < 0 || collapse_boxes(v, m, cbox) < 0)
		goto done;
	d->id = m->id;
	{
		size_t a = strlen(m->title), b = strlen(v->title);
		char *t = archdoc_arena_alloc(d->arena, a + b + 3);

		if (t) {
			memcpy(t, m->title, a);
			memcpy(t + a, ": ", 2);
			memcpy(t + a + 2, v->title, b + 1);
		}
		d->title = t;
	}
	d->classify_by = m->classify_by;
	d->classify_by_id = m->classify_by_id;
	d->has_stated = m->has_stated;
	d->table = m->table;
	d->diagram_layout = v->layout;
	d->view = v;
	d->parent = m;
	if (!d->title)
		goto done;
	/* the bytes the layout cache knows a model by: the model's and the view's id */
	{
		size_t len = m->source.len, idlen = strlen(v->id);

		data = malloc(len + idlen + 16);
		if (!data)
			goto done;
		memcpy(data, m->source.data, len);
		memcpy(data + len, "\n<!-- view ", 11);
		memcpy(data + len + 11, v->id, idlen);
		memcpy(data + len + 11 + idlen, " -->", 5);
		if (archdoc_source_init(&d->source, m->source.name, data, len + idlen + 15) < 0) {
			data = NULL;
			goto done;
		}
		data = NULL;
	}
	/* boundaries holding something shown, collapsed ones and theirs left out */
	for (size_t i = 0; i < nc; i++) {
		const struct archdoc_boundary *box = box_of(cbox, m->components[i]);

		if (!show_c[i])
			continue;
		for (const struct archdoc_boundary *b = box ? box->parent : m->components[i]->boundary; b; b = b->parent)
			keep_b[b->index] = 1;
	}
	for (size_t i = 0; i < nb; i++) {
		const struct archdoc_boundary *src = m->boundaries[i];
		struct archdoc_boundary *b;

		if (!keep_b[i] || cbox[i])
			continue;
		b = archdoc_arena_alloc(d->arena, sizeof(*b));
		if (!b)
			goto done;
		*b = *src;
		b->parent = src->parent ? bmap[src->parent->index] : NULL;
		bmap[i] = b;
		if (archdoc_model__add_boundary(d, b) < 0 || archdoc_hash_put(&d->ids, b->id, b, NULL) < 0 ||
				archdoc_hash_put(&d->is_boundary, b->id, (void *)1, NULL) < 0)
			goto done;
	}
	/* components in the model's order; a collapsed boundary where its first
	 * shown component was */
	for (size_t i = 0; i < nc; i++) {
		const struct archdoc_component *src = m->components[i];
		const struct archdoc_boundary *box = box_of(cbox, src);
		struct archdoc_component *c;

		if (!show_c[i])
			continue;
		if (box) {
			if (!boxes[box->index]) {
				c = archdoc_arena_alloc(d->arena, sizeof(*c));
				if (!c)
					goto done;
				memset(c, 0, sizeof(*c));
				c->id = box->id;
				c->title = box->title;
				c->kind = "boundary";
				c->boundary = box->parent ? bmap[box->parent->index] : NULL;
				c->loc = box->loc;
				c->offset = box->offset;
				boxes[box->index] = c;
				if (archdoc_model__add_component(d, c) < 0 || archdoc_hash_put(&d->ids, c->id, c, NULL) < 0)
					goto done;
			}
			cmap[i] = boxes[box->index];
			continue;
		}
		c = archdoc_arena_alloc(d->arena, sizeof(*c));
		if (!c)
			goto done;
		*c = *src;
		c->uses = 0;
		c->boundary = src->boundary ? bmap[src->boundary->index] : NULL;
		cmap[i] = c;
		if (archdoc_model__add_component(d, c) < 0 || archdoc_hash_put(&d->ids, c->id, c, NULL) < 0)
			goto done;
	}
	/* connections by number, the model's numbers; inside a collapsed
	 * boundary they are not drawn */
	for (size_t i = 0; i < ne; i++) {
		const struct archdoc_connection *src = m->connections[i];
		struct archdoc_connection *c;

		if (!show_e[i] || !src->from || !src->to)
			continue;
		c = archdoc_arena_alloc(d->arena, sizeof(*c));
		if (!c)
			goto done;
		*c = *src;
		/* a merge belongs to the model it was made in */
		c->drawn_as = NULL;
		c->merged = NULL;
		{
			int got = archdoc_connection__map_ends(d->arena, c, src, cmap);

			if (got < 0)
				goto done;
			/* an end not shown, or inside one collapsed box */
			if (got > 0 || (c->from == c->to && c->from_count == 1 && c->to_count == 1 && src->from != src->to))
				continue;
		}
		if (archdoc_model__add_connection(d, c) < 0)
			goto done;
	}
	if (v->merge_parallel && merge_parallel(d) < 0)
		goto done;
	*out = d;
	d = NULL;
	rc = 0;
done:
	free(data);
	archdoc_model_free(d);
	free(show_c);
	free(show_e);
	free(keep_b);
	free(bmap);
	free(cmap);
	free(boxes);
	free(cbox);
	return rc;
}

int archdoc_model_merged(archdoc_model **out, archdoc_context *ctx, const archdoc_model *m)
{
	struct archdoc_view v;
	int rc;

	/* a view of everything, merged; then it is m again but for the merge */
	memset(&v, 0, sizeof(v));
	v.id = "merge-parallel";
	v.title = m->title;
	v.merge_parallel = 1;
	rc = archdoc_view_model(out, ctx, m, &v);
	if (rc == 0) {
		/* m may itself be a view's model, freed before this one */
		(*out)->title = archdoc_arena_strdup((*out)->arena, m->title);
		if (!(*out)->title) {
			archdoc_model_free(*out);
			*out = NULL;
			return ARCHDOC_ENOMEM;
		}
		(*out)->view = m->view;
		(*out)->parent = m->parent;
		(*out)->diagram_layout = m->diagram_layout;
	}
	return rc;
}

/* --- automatic views for large models ----------------------------------------- */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* How many lines view v of m draws: its connections, less those inside
 * one collapsed box, parallel ones once when it merges them. -1 when out
 * of memory. */
static long view_lines(const archdoc_model *m, const struct archdoc_view *v)
{
	size_t nc = m->component_count, ne = m->connection_count, keys = 0;
	unsigned char *show_c = calloc(nc + 1, 1), *show_e = calloc(ne + 1, 1);
	const struct archdoc_boundary **cbox = calloc(m->boundary_count + 1, sizeof(*cbox));
	uint64_t *key = malloc((ne + 1) * sizeof(*key));
	long lines = -1;

	if (!show_c || !show_e || !cbox || !key || select_view(m, v, show_c, show_e) < 0 ||
			collapse_boxes(v, m, cbox) < 0)
		goto done;
	lines = 0;
	for (size_t i = 0; i < ne; i++) {
		const struct archdoc_connection *c = m->connections[i];
		const struct archdoc_boundary *fb, *tb;
		uint64_t f, t;

		if (!show_e[i])
			continue;
		if (c->from_count != 1 || c->to_count != 1) {
			lines++;
			continue;
		}
		fb = box_of(cbox, c->from);
		tb = box_of(cbox, c->to);
		f = fb ? nc + fb->index : c->from->index;
		t = tb ? nc + tb->index : c->to->index;
		if (f == t && c->from != c->to)
			continue;
		if (v->merge_parallel)
			key[keys++] = f << 32 | t;
		else
			lines++;
	}
	qsort(key, keys, sizeof(*key), cmp_u64);
	for (size_t i = 0; i < keys; i++)
		lines += !i || key[i] != key[i - 1];
done:
	free(show_c);
	free(show_e);
	free(cbox);
	free(key);
	return lines;
}

/*
 * The most lines an automatic view should draw: past about 40, the search
 * for a layout with no tangle and no ambiguous badge mostly fails, and a
 * reader loses the numbers (docs/render.md, "Automatic views").
 */
#define AUTO_VIEW_LINES 40

typedef struct auto_split {
	const archdoc_model *m;
	struct archdoc_view **views;
	size_t count, cap;
	unsigned level;          /* depth of the boundaries the detail views start from */
	archdoc_hash ids;        /* the kept views' ids: each names files */
	int oom;
} auto_split;

static void view_free(struct archdoc_view *v)
{
	if (!v)
		return;
	free(v->rules);
	free((char *)v->id);
	free((char *)v->title);
	free(v);
}

static struct archdoc_view *new_view(const char *id, const char *title, int merge, size_t rules)
{
	struct archdoc_view *v = calloc(1, sizeof(*v));

	if (!v)
		return NULL;
	v->rules = calloc(rules + 1, sizeof(*v->rules));
	v->id = strdup(id);
	v->title = strdup(title);
	v->merge_parallel = merge;
	if (!v->rules || !v->id || !v->title) {
		view_free(v);
		return NULL;
	}
	return v;
}

/* Takes v into a's list (or frees it, out of memory). Its id names its
 * files: one already taken (a boundary whose id is "overview") gets a
 * suffix, "-2", "-3", so no view's files replace another's. */
static void keep_view(auto_split *a, struct archdoc_view *v)
{
	size_t len = v ? strlen(v->id) : 0;

	for (unsigned k = 2; v && archdoc_hash_get(&a->ids, v->id); k++) {
		char *id = malloc(len + 16);

		if (!id) {
			view_free(v);
			v = NULL;
			break;
		}
		memcpy(id, v->id, len);
		snprintf(id + len, 16, "-%u", k);
		if (!archdoc_hash_get(&a->ids, id)) {
			free((char *)v->id);
			v->id = id;
		} else {
			free(id);
		}
	}
	if (!v || archdoc_array_reserve(&a->views, &a->cap, a->count + 1, sizeof(*a->views), 16, 0) < 0 ||
			archdoc_hash_put(&a->ids, v->id, v, NULL) < 0) {
		view_free(v);
		a->oom = 1;
		return;
	}
	v->index = a->count;
	a->views[a->count++] = v;
}

static void add_rule(struct archdoc_view *v, archdoc_view_rule_kind kind, const char *boundary, unsigned depth)
{
	archdoc_view_rule *r = &v->rules[v->rule_count++];

	r->kind = kind;
	r->boundary = boundary;
	r->depth = depth;
}

/* Whether p is b or holds it. */
static int holds(const struct archdoc_boundary *p, const struct archdoc_boundary *b)
{
	for (; b; b = b->parent)
		if (b == p)
			return 1;
	return 0;
}

/*
 * Boundary b and its direct neighbours: the boundaries beside b, and
 * beside each boundary holding it down to the split's level, as boxes;
 * with children, b's own inner boundaries as boxes too.
 */
static struct archdoc_view *neighbourhood(const auto_split *a, const struct archdoc_boundary *b, int children)
{
	const archdoc_model *m = a->m;
	char title[ARCHDOC_MAX_SHORT_TEXT * 4 + 64];
	struct archdoc_view *v;

	snprintf(title, sizeof(title), children ? "%s and its neighbours, its parts as boxes" : "%s and its neighbours",
			b->title);
	v = new_view(b->id, title, 1, m->boundary_count + 1);
	if (!v)
		return NULL;
	add_rule(v, ARCHDOC_VIEW_INCLUDE, b->id, 1);
	for (size_t i = 0; i < m->boundary_count; i++) {
		const struct archdoc_boundary *k = m->boundaries[i];
		int fold = 0;

		if (holds(k, b))
			continue;
		if (holds(b, k))
			fold = children && k->parent == b;
		else
			for (const struct archdoc_boundary *p = b; p && p->depth >= a->level && !fold; p = p->parent)
				fold = k->parent == p->parent;
		if (fold)
			add_rule(v, ARCHDOC_VIEW_COLLAPSE, k->id, 0);
	}
	return v;
}

/*
 * Detail views for boundary b: its neighbourhood when that is small
 * enough or cannot be split; else its neighbourhood with its inner
 * boundaries as boxes (when that is small enough), and each inner
 * boundary's detail views.
 */
static void split(auto_split *a, const struct archdoc_boundary *b)
{
	const archdoc_model *m = a->m;
	struct archdoc_view *v = neighbourhood(a, b, 0);
	int inner = 0;
	long lines;

	for (size_t i = 0; i < m->boundary_count && !inner; i++)
		inner = m->boundaries[i]->parent == b;
	if (!v || (lines = view_lines(m, v)) < 0) {
		view_free(v);
		a->oom = 1;
		return;
	}
	if (lines <= AUTO_VIEW_LINES || !inner) {
		keep_view(a, v);
		return;
	}
	view_free(v);
	v = neighbourhood(a, b, 1);
	if (!v || (lines = view_lines(m, v)) < 0) {
		view_free(v);
		a->oom = 1;
		return;
	}
	if (lines <= AUTO_VIEW_LINES)
		keep_view(a, v);
	else
		view_free(v);
	for (size_t i = 0; i < m->boundary_count && !a->oom; i++)
		if (m->boundaries[i]->parent == b)
			split(a, m->boundaries[i]);
}

/* The overview: the boundaries at level as boxes, or at a shallower one
 * when that draws too many lines (the top level always does). */
static void overview(auto_split *a, unsigned level)
{
	const archdoc_model *m = a->m;

	for (;; level--) {
		struct archdoc_view *v = new_view("overview", "Overview", 1, m->boundary_count);
		long lines = 0;

		if (!v) {
			a->oom = 1;
			return;
		}
		for (size_t i = 0; i < m->boundary_count; i++)
			if (m->boundaries[i]->depth == level)
				add_rule(v, ARCHDOC_VIEW_COLLAPSE, m->boundaries[i]->id, 0);
		if (level == 0 || ((lines = view_lines(m, v)) >= 0 && lines <= AUTO_VIEW_LINES)) {
			keep_view(a, v);
			return;
		}
		view_free(v);
		if (lines < 0) {
			a->oom = 1;
			return;
		}
	}
}

void archdoc_auto_views_free(archdoc_view **views, size_t count)
{
	for (size_t i = 0; views && i < count; i++)
		view_free(views[i]);
	free(views);
}

int archdoc_auto_views(archdoc_view ***out, size_t *count, const archdoc_model *m)
{
	auto_split a = { m, NULL, 0, 0, 0, ARCHDOC_HASH_INIT, 0 };
	size_t at_level = 0;

	*out = NULL;
	*count = 0;
	/* where the detail views start: the shallowest level with two or more
	 * boundaries (one cluster around everything says nothing as one box) */
	for (;; a.level++) {
		size_t deeper = 0;

		at_level = 0;
		for (size_t i = 0; i < m->boundary_count; i++) {
			at_level += m->boundaries[i]->depth == a.level;
			deeper += m->boundaries[i]->depth > a.level;
		}
		if (at_level >= 2 || !deeper)
			break;
	}
	if (!at_level)
		return 0;
	overview(&a, a.level);
	for (size_t i = 0; i < m->boundary_count && !a.oom; i++)
		if (m->boundaries[i]->depth == a.level)
			split(&a, m->boundaries[i]);
	archdoc_hash_free(&a.ids);
	if (a.oom) {
		archdoc_auto_views_free(a.views, a.count);
		return ARCHDOC_ENOMEM;
	}
	*out = a.views;
	*count = a.count;
	return 0;
}

/* --- the public accessors ------------------------------------------------------ */

size_t archdoc_model_view_count(const archdoc_model *m) { return m->view_count; }
const archdoc_view *archdoc_model_view(const archdoc_model *m, size_t i)
{
	return i < m->view_count ? m->views[i] : NULL;
}
const archdoc_view *archdoc_model_find_view(const archdoc_model *m, const char *id)
{
	for (size_t i = 0; i < m->view_count; i++)
		if (strcmp(m->views[i]->id, id) == 0)
			return m->views[i];
	return NULL;
}
const char *archdoc_view_id(const archdoc_view *v) { return v->id; }
const char *archdoc_view_title(const archdoc_view *v) { return v->title; }
const archdoc_view *archdoc_model_shown_view(const archdoc_model *m) { return m->view; }
