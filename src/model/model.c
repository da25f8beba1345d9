/*
 * The model: construction helpers for the loader and the public accessors.
 */
#include "model.h"

#include "array.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

archdoc_model *archdoc_model__new(void)
{
	archdoc_model *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->arena = archdoc_arena_new();
	if (!m->arena) {
		free(m);
		return NULL;
	}
	return m;
}

void archdoc_model_free(archdoc_model *m)
{
	if (!m)
		return;
	free(m->boundaries);
	free(m->components);
	free(m->connections);
	free(m->retired);
	for (size_t i = 0; i < m->view_count; i++)
		free(m->views[i]->rules);
	free(m->views);
	archdoc_hash_free(&m->ids);
	archdoc_hash_free(&m->is_boundary);
	archdoc_source_fini(&m->source);
	archdoc_arena_free(m->arena);
	free(m);
}

/* Append to a pointer array that doubles; -1 on overflow or OOM. */
static int push(void ***arr, size_t *count, size_t *cap, void *item)
{
	if (archdoc_array_reserve(arr, cap, *count + 1, sizeof(void *), 16, 0) < 0)
		return -1;
	(*arr)[(*count)++] = item;
	return 0;
}

int archdoc_model__add_boundary(archdoc_model *m, struct archdoc_boundary *b)
{
	b->index = m->boundary_count;
	return push((void ***)&m->boundaries, &m->boundary_count, &m->boundary_cap, b);
}

int archdoc_model__add_component(archdoc_model *m, struct archdoc_component *c)
{
	c->index = m->component_count;
	return push((void ***)&m->components, &m->component_count, &m->component_cap, c);
}

int archdoc_model__add_connection(archdoc_model *m, struct archdoc_connection *c)
{
	c->index = m->connection_count;
	return push((void ***)&m->connections, &m->connection_count, &m->connection_cap, c);
}

int archdoc_model__add_view(archdoc_model *m, struct archdoc_view *v)
{
	v->index = m->view_count;
	return push((void ***)&m->views, &m->view_count, &m->view_cap, v);
}

static int by_number(const void *a, const void *b)
{
	const struct archdoc_connection *x = *(const struct archdoc_connection *const *)a;
	const struct archdoc_connection *y = *(const struct archdoc_connection *const *)b;

	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	return x->index < y->index ? -1 : (x->index > y->index);
}

void archdoc_model__sort_connections(archdoc_model *m)
{
	if (m->connection_count > 1)
		qsort(m->connections, m->connection_count, sizeof(*m->connections), by_number);
}

/* --- ports --- */

static int word_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '_';
}

/* a word such as 0x1BB, 443.0, 80tcp or https where a port should be */
static const char not_decimal[] = "is not a port number: ports are decimal numbers from 1 to 65535";

static const char *parse_port_number(const char **p, unsigned *out)
{
	unsigned long v = 0;
	const char *s = *p, *e = s;

	while (word_char(*e))
		e++;
	for (const char *q = s; q < e; q++)
		if (*q < '0' || *q > '9')
			return not_decimal;
	if (*s < '0' || *s > '9')
		return "expected a port number";
	while (*s >= '0' && *s <= '9') {
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > 65535) {
			while (*s >= '0' && *s <= '9')
				s++;
			*p = s;
			return "port numbers go from 1 to 65535";
		}
		s++;
	}
	if (v == 0)
		return "port numbers go from 1 to 65535";
	*out = (unsigned)v;
	*p = s;
	return NULL;
}

const char *archdoc_port_parse(archdoc_arena *a, const char *text,
		archdoc_port_range **out, size_t *count, const char **normalised, size_t *bad_at)
{
	size_t n = 1, k = 0;
	const char *p = text, *err = NULL;
	archdoc_port_range *r;
	char *norm, *o;

	*out = NULL;
	*count = 0;
	*normalised = "";
	*bad_at = 0;
	for (const char *q = text; *q; q++)
		n += *q == ',';
	r = archdoc_arena_calloc(a, n, sizeof(*r));
	/* each range prints as at most "65535-65535, " */
	norm = archdoc_arena_calloc(a, n, 14);
	if (!r || !norm)
		return "out of memory";
	o = norm;
	for (;;) {
		unsigned lo, hi;

		while (*p == ' ' || *p == '\t')
			p++;
		if ((err = parse_port_number(&p, &lo)) != NULL)
			break;
		hi = lo;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '-') {
			p++;
			while (*p == ' ' || *p == '\t')
				p++;
			if ((err = parse_port_number(&p, &hi)) != NULL)
				break;
			if (hi <= lo) {
				err = "a port range must go from a lower to a higher port";
				break;
			}
			while (*p == ' ' || *p == '\t')
				p++;
		}
		r[k].lo = lo;
		r[k].hi = hi;
		k++;
		o += lo == hi ? sprintf(o, "%s%u", o == norm ? "" : ", ", lo)
			      : sprintf(o, "%s%u-%u", o == norm ? "" : ", ", lo, hi);
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p != '\0')
			err = "expected ',' between ports";
		break;
	}
	if (err == not_decimal) {
		/* name the word, at most 32 characters of it */
		size_t w = 0;
		char *msg;

		while (word_char(p[w]))
			w++;
		msg = archdoc_arena_alloc(a, sizeof(not_decimal) + 48);
		if (!msg)
			return "out of memory";
		sprintf(msg, "\"%.*s%s\" %s", (int)(w > 32 ? 32 : w), p, w > 32 ? "..." : "", not_decimal);
		err = msg;
	}
	if (err) {
		*bad_at = (size_t)(p - text);
		return err;
	}
	*out = r;
	*count = k;
	*normalised = norm;
	return NULL;
}

/* --- classification --- */

const char *archdoc_classify(archdoc_arena *a, const struct archdoc_component *from,
		const struct archdoc_component *to, const struct archdoc_boundary *b)
{
	int in_from = archdoc_component_in(from, b);
	int in_to = archdoc_component_in(to, b);

	if (in_from && in_to) {
		const char *kind = b->kind ? b->kind : b->id;
		size_t n = strlen(kind);
		char *s = archdoc_arena_alloc(a, n + 7);

		if (!s)
			return NULL;
		memcpy(s, "Intra-", 6);
		memcpy(s + 6, kind, n + 1);
		return s;
	}
	if (!in_from && in_to)
		return "Ingress";
	if (in_from && !in_to)
		return "Egress";
	return "External";
}

/* --- accessors --- */

const char *archdoc_model_id(const archdoc_model *m) { return m->id; }
const char *archdoc_model_title(const archdoc_model *m) { return m->title; }
const char *archdoc_model_description(const archdoc_model *m) { return m->description; }
const char *archdoc_model_source(const archdoc_model *m) { return m->source.name; }
const archdoc_boundary *archdoc_model_classify_by(const archdoc_model *m) { return m->classify_by; }

int archdoc_model_has_classification(const archdoc_model *m)
{
	return m->classify_by != NULL || m->has_stated;
}

size_t archdoc_model_boundary_count(const archdoc_model *m) { return m->boundary_count; }
size_t archdoc_model_component_count(const archdoc_model *m) { return m->component_count; }
size_t archdoc_model_connection_count(const archdoc_model *m) { return m->connection_count; }

const archdoc_boundary *archdoc_model_boundary(const archdoc_model *m, size_t i)
{
	return i < m->boundary_count ? m->boundaries[i] : NULL;
}

const archdoc_component *archdoc_model_component(const archdoc_model *m, size_t i)
{
	return i < m->component_count ? m->components[i] : NULL;
}

const archdoc_connection *archdoc_model_connection(const archdoc_model *m, size_t i)
{
	return i < m->connection_count ? m->connections[i] : NULL;
}

const archdoc_component *archdoc_model_find_component(const archdoc_model *m, const char *id)
{
	if (archdoc_hash_get(&m->is_boundary, id))
		return NULL;
	return archdoc_hash_get(&m->ids, id);
}

const archdoc_boundary *archdoc_model_find_boundary(const archdoc_model *m, const char *id)
{
	if (!archdoc_hash_get(&m->is_boundary, id))
		return NULL;
	return archdoc_hash_get(&m->ids, id);
}

const archdoc_connection *archdoc_model_find_connection(const archdoc_model *m, unsigned n)
{
	size_t lo = 0, hi = m->connection_count;

	/* connections are sorted by number once loaded */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->connections[mid]->n < n)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->connection_count && m->connections[lo]->n == n ? m->connections[lo] : NULL;
}

const char *archdoc_boundary_id(const archdoc_boundary *b) { return b->id; }
const char *archdoc_boundary_title(const archdoc_boundary *b) { return b->title; }
const char *archdoc_boundary_kind(const archdoc_boundary *b) { return b->kind; }
const archdoc_boundary *archdoc_boundary_parent(const archdoc_boundary *b) { return b->parent; }
unsigned archdoc_boundary_depth(const archdoc_boundary *b) { return b->depth; }

int archdoc_boundary_contains(const archdoc_boundary *outer, const archdoc_boundary *inner)
{
	for (; inner; inner = inner->parent)
		if (inner == outer)
			return 1;
	return 0;
}

const char *archdoc_component_id(const archdoc_component *c) { return c->id; }
const char *archdoc_component_title(const archdoc_component *c) { return c->title; }
const char *archdoc_component_kind(const archdoc_component *c) { return c->kind; }
int archdoc_component_placeholder(const archdoc_component *c) { return c->placeholder; }
const archdoc_boundary *archdoc_component_boundary(const archdoc_component *c) { return c->boundary; }
size_t archdoc_component_index(const archdoc_component *c) { return c->index; }

int archdoc_component_in(const archdoc_component *c, const archdoc_boundary *b)
{
	return archdoc_boundary_contains(b, c->boundary);
}

unsigned archdoc_connection_number(const archdoc_connection *c) { return c->n; }
const archdoc_component *archdoc_connection_from(const archdoc_connection *c) { return c->from; }
const archdoc_component *archdoc_connection_to(const archdoc_connection *c) { return c->to; }
size_t archdoc_connection_from_count(const archdoc_connection *c) { return c->from ? c->from_count : 0; }
size_t archdoc_connection_to_count(const archdoc_connection *c) { return c->to ? c->to_count : 0; }

const archdoc_component *archdoc_connection_from_at(const archdoc_connection *c, size_t i)
{
	return !c->from || i >= c->from_count ? NULL : c->froms ? c->froms[i] : c->from;
}

const archdoc_component *archdoc_connection_to_at(const archdoc_connection *c, size_t i)
{
	return !c->to || i >= c->to_count ? NULL : c->tos ? c->tos[i] : c->to;
}
const char *archdoc_connection_protocol(const archdoc_connection *c) { return c->protocol; }
const char *archdoc_connection_port(const archdoc_connection *c) { return c->port ? c->port : ""; }
size_t archdoc_connection_port_range_count(const archdoc_connection *c) { return c->port_count; }
const char *archdoc_connection_stated_classification(const archdoc_connection *c) { return c->stated; }
const char *archdoc_connection_data(const archdoc_connection *c) { return c->data; }
int archdoc_connection_number_explicit(const archdoc_connection *c) { return c->n_explicit; }

void archdoc_connection_port_range(const archdoc_connection *c, size_t i, unsigned *lo, unsigned *hi)
{
	assert(i < c->port_count);
	*lo = c->ports[i].lo;
	*hi = c->ports[i].hi;
}

const char *archdoc_connection_classification(const archdoc_connection *c)
{
	return c->derived ? c->derived : c->stated;
}

archdoc_location archdoc_boundary_location(const archdoc_boundary *b) { return b->loc; }
archdoc_location archdoc_component_location(const archdoc_component *c) { return c->loc; }
archdoc_location archdoc_connection_location(const archdoc_connection *c) { return c->loc; }

/* --- table columns --- */

static const char *const column_names[ARCHDOC_COLUMN__COUNT] = {
	"number", "source", "destination", "what", "protocol", "port", "classification", "data"
};

static const char *const column_headers[ARCHDOC_COLUMN__COUNT] = {
	"Connection", "Source", "Destination", "What's connecting", "Protocol", "Port",
	"Classification", "Data that travels on this connection"
};

static const archdoc_column default_columns[] = {
	ARCHDOC_COLUMN_NUMBER, ARCHDOC_COLUMN_SOURCE, ARCHDOC_COLUMN_DESTINATION,
	ARCHDOC_COLUMN_PROTOCOL, ARCHDOC_COLUMN_PORT, ARCHDOC_COLUMN_CLASSIFICATION,
	ARCHDOC_COLUMN_DATA
};

const char *archdoc_column_name(archdoc_column col)
{
	return (unsigned)col < ARCHDOC_COLUMN__COUNT ? column_names[col] : NULL;
}

int archdoc_column_from_name(const char *name)
{
	for (int i = 0; i < ARCHDOC_COLUMN__COUNT; i++)
		if (strcmp(name, column_names[i]) == 0)
			return i;
	return -1;
}

const char *archdoc_column_default_header(archdoc_column col)
{
	return (unsigned)col < ARCHDOC_COLUMN__COUNT ? column_headers[col] : NULL;
}

size_t archdoc_model_table_columns(const archdoc_model *m, const archdoc_column **cols)
{
	if (m->table.columns && m->table.column_count) {
		*cols = m->table.columns;
		return m->table.column_count;
	}
	*cols = default_columns;
	return sizeof(default_columns) / sizeof(default_columns[0]);
}

const char *archdoc_model_table_header(const archdoc_model *m, archdoc_column col)
{
	if ((unsigned)col >= ARCHDOC_COLUMN__COUNT)
		return NULL;
	return m->table.headers[col] ? m->table.headers[col] : column_headers[col];
}

const char *archdoc_model_diagram_layout(const archdoc_model *m)
{
	return m->diagram_layout;
}

size_t archdoc_model_retired_count(const archdoc_model *m) { return m->retired_count; }
unsigned archdoc_model_retired_number(const archdoc_model *m, size_t i)
{
	return i < m->retired_count ? m->retired[i].n : 0;
}
const char *archdoc_model_retired_reason(const archdoc_model *m, size_t i)
{
	return i < m->retired_count ? m->retired[i].reason : NULL;
}

size_t archdoc_connection__end_count(const struct archdoc_connection *c)
{
	return c->from && c->to ? c->from_count + c->to_count : 0;
}

const struct archdoc_component *archdoc_connection__end(const struct archdoc_connection *c, size_t i)
{
	return i < c->from_count ? archdoc_connection_from_at(c, i) : archdoc_connection_to_at(c, i - c->from_count);
}

int archdoc_connection__set_side(archdoc_arena *a, struct archdoc_connection *c, int to_side,
		struct archdoc_component *const *ends, size_t count)
{
	struct archdoc_component **arr = NULL;
	size_t len = 1;
	char *list;

	for (size_t k = 0; k < count; k++)
		len += strlen(ends[k]->id) + 1;
	list = archdoc_arena_alloc(a, len);
	if (!list)
		return -1;
	list[0] = '\0';
	for (size_t k = 0; k < count; k++) {
		if (k)
			strcat(list, " ");
		strcat(list, ends[k]->id);
	}
	if (count > 1) {
		arr = archdoc_arena_alloc(a, count * sizeof(*arr));
		if (!arr)
			return -1;
		memcpy(arr, ends, count * sizeof(*arr));
	}
	if (to_side)
		c->to = count ? ends[0] : NULL, c->tos = arr, c->to_count = count, c->to_list = list;
	else
		c->from = count ? ends[0] : NULL, c->froms = arr, c->from_count = count, c->from_list = list;
	return 0;
}

/* One side through map, each end once. 1 when an end is left out. */
static int map_side(archdoc_arena *a, struct archdoc_connection *c, const struct archdoc_connection *src,
		int to_side, struct archdoc_component *const *map)
{
	size_t n = to_side ? src->to_count : src->from_count, count = 0;
	struct archdoc_component *ends[ARCHDOC_MAX_ENDS];

	for (size_t i = 0; i < n && i < ARCHDOC_MAX_ENDS; i++) {
		const struct archdoc_component *x = to_side ? archdoc_connection_to_at(src, i)
			: archdoc_connection_from_at(src, i);
		struct archdoc_component *y = map[x->index];
		size_t k;

		if (!y)
			return 1;
		for (k = 0; k < count && ends[k] != y; k++)
			;
		if (k == count)
			ends[count++] = y;   /* else two ends collapsed into one box */
	}
	if (!count)
		return 1;
	return archdoc_connection__set_side(a, c, to_side, ends, count);
}

int archdoc_connection__map_ends(archdoc_arena *a, struct archdoc_connection *c,
		const struct archdoc_connection *src, struct archdoc_component *const *map)
{
	int rc = map_side(a, c, src, 0, map);

	if (rc == 0)
		rc = map_side(a, c, src, 1, map);
	if (rc != 0)
		return rc;
	c->from_id = c->from_list;
	c->to_id = c->to_list;
	for (size_t i = 0; i < archdoc_connection__end_count(c); i++) {
		struct archdoc_component *x = (struct archdoc_component *)archdoc_connection__end(c, i);
		size_t j;

		for (j = 0; j < i && archdoc_connection__end(c, j) != x; j++)
			;
		if (j == i)
			x->uses++;
	}
	return 0;
}
