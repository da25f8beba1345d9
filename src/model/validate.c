/*
 * The semantic rules of model format 1 (docs/model-format.md). Each rule
 * reports with its id; every problem in the file is reported, not just the
 * first. Lookups go through hash maps so validation stays linear in the
 * size of the model.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "load.h"
#include "utf8.h"

#define E ARCHDOC_SEVERITY_ERROR
#define W ARCHDOC_SEVERITY_WARNING

static const char *const known_kinds[] = {
	"service", "replicaset", "statefulset", "deployment", "daemonset", "pod", "job", "cronjob",
	"database", "cache", "queue", "storage", "gateway", "loadbalancer", "monitoring",
	"external", "user", "application", NULL
};

int archdoc_kind_known(const char *kind)
{
	for (size_t i = 0; known_kinds[i]; i++)
		if (strcmp(kind, known_kinds[i]) == 0)
			return 1;
	return 0;
}

int archdoc_id_valid(const char *s)
{
	size_t n = 0;

	if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
		return 0;
	for (; *s; s++, n++) {
		char c = *s;

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
				c == '-' || c == '_'))
			return 0;
	}
	return n <= ARCHDOC_MAX_ID_LENGTH;
}

static size_t attr_at(const archdoc_loader *L, size_t off, const char *name)
{
	return archdoc__attr_offset(&L->m->source, off, name);
}

/* Where the object an id maps to starts. Boundaries are marked in
 * is_boundary as soon as they are registered, so the mark tells the kind. */
static size_t entity_offset(const archdoc_model *m, const void *obj)
{
	const char *id = ((const struct archdoc_component *)obj)->id;

	if (archdoc_hash_get(&m->is_boundary, id) == obj)
		return ((const struct archdoc_boundary *)obj)->offset;
	return ((const struct archdoc_component *)obj)->offset;
}

/* Register an id; reports bad syntax and duplicates. */
static void define_id(archdoc_loader *L, const char *id, void *obj, int boundary, size_t off)
{
	void *prev = NULL;
	int rc;

	if (!*id)
		return; /* missing id: reported by the structure check */
	if (!archdoc_id_valid(id)) {
		archdoc_loader__report(L, E, "schema", attr_at(L, off, "id"),
				"id '%s' is not a valid id: start with a letter, then letters, digits, '-' or '_' "
				"(at most %u characters)", id, ARCHDOC_MAX_ID_LENGTH);
		return;
	}
	rc = archdoc_hash_put(&L->m->ids, id, obj, &prev);
	if (rc < 0) {
		L->oom = 1;
		return;
	}
	if (rc == 1) {
		archdoc_loader__report_note(L, E, "duplicate-id", attr_at(L, off, "id"),
				attr_at(L, entity_offset(L->m, prev), "id"), "first defined here",
				"id '%s' is already used; components and boundaries share one id space, "
				"so give this one another id", id);
		return;
	}
	if (boundary && archdoc_hash_put(&L->m->is_boundary, id, obj, NULL) < 0)
		L->oom = 1;
}

/* Register every id in document order, so "first defined here" is the
 * first in the file. */
static void define_ids(archdoc_loader *L)
{
	archdoc_model *m = L->m;
	size_t b = 0, c = 0;

	while ((b < m->boundary_count || c < m->component_count) && !L->oom) {
		if (c >= m->component_count ||
				(b < m->boundary_count && m->boundaries[b]->offset < m->components[c]->offset)) {
			define_id(L, m->boundaries[b]->id, m->boundaries[b], 1, m->boundaries[b]->offset);
			b++;
		} else {
			define_id(L, m->components[c]->id, m->components[c], 0, m->components[c]->offset);
			c++;
		}
	}
}

/* Lower-case ASCII letters and digits only: "Init Tenant: Job" and
 * "init-tenant job" both become "inittenantjob". Other bytes (non-ASCII
 * letters) are kept as they are. */
static char *title_key(archdoc_loader *L, const char *title)
{
	char *k = archdoc_arena_alloc(L->m->arena, strlen(title) + 1), *o = k;

	if (!k) {
		L->oom = 1;
		return NULL;
	}
	for (; *title; title++) {
		unsigned char c = (unsigned char)*title;

		if (c >= 0x80 || isalnum(c))
			*o++ = (char)(c < 0x80 ? tolower(c) : c);
	}
	*o = '\0';
	return k;
}

static void check_components(archdoc_loader *L)
{
	archdoc_model *m = L->m;
	archdoc_hash titles = ARCHDOC_HASH_INIT;

	for (size_t i = 0; i < m->component_count && !L->oom; i++) {
		struct archdoc_component *c = m->components[i];
		void *prev = NULL;
		char *key;
		int rc;

		if (!*c->kind)
			archdoc_loader__report(L, W, "unknown-kind", c->kind_offset,
					"component '%s' has an empty kind; use one of service, replicaset, statefulset, "
					"deployment, daemonset, pod, job, cronjob, database, cache, queue, storage, "
					"gateway, loadbalancer, monitoring, external, user, application", c->id);
		else if (!archdoc_kind_known(c->kind))
			archdoc_loader__report(L, W, "unknown-kind", c->kind_offset,
					"unknown kind '%s' for component '%s'; it is drawn as a plain box. Known kinds: "
					"service, replicaset, statefulset, deployment, daemonset, pod, job, cronjob, "
					"database, cache, queue, storage, gateway, loadbalancer, monitoring, external, "
					"user, application", c->kind, c->id);
		key = title_key(L, c->title);
		if (!key || !*key)
			continue;
		rc = archdoc_hash_put(&titles, key, c, &prev);
		if (rc < 0) {
			L->oom = 1;
		} else if (rc == 1) {
			const struct archdoc_component *p = prev;

			if (strcmp(p->title, c->title) == 0)
				archdoc_loader__report_note(L, W, "similar-titles", c->title_offset, p->title_offset,
						"the other one is here",
						"components '%s' and '%s' have the same title \"%s\"; readers cannot tell "
						"them apart, so make the titles distinct", p->id, c->id, c->title);
			else
				archdoc_loader__report_note(L, W, "similar-titles", c->title_offset, p->title_offset,
						"the other one is here",
						"title \"%s\" differs from \"%s\" only in case, punctuation or spacing; if "
						"both are one component, merge them, else make the titles distinct",
						c->title, p->title);
		}
	}
	archdoc_hash_free(&titles);
}

static void check_classify_by(archdoc_loader *L)
{
	archdoc_model *m = L->m;
	const char *id = m->classify_by_id;

	if (!id)
		return;
	m->classify_by = (struct archdoc_boundary *)archdoc_model_find_boundary(m, id);
	if (m->classify_by)
		return;
	if (archdoc_model_find_component(m, id))
		archdoc_loader__report(L, E, "unknown-classify-boundary", m->classify_offset,
				"classify-by names '%s', which is a component; it must name a boundary", id);
	else
		archdoc_loader__report(L, E, "unknown-classify-boundary", m->classify_offset,
				"classify-by names '%s', but no boundary has that id", id);
}

static struct archdoc_component *resolve(archdoc_loader *L, const struct archdoc_connection *c,
		const char *id, const char *attr, size_t off)
{
	archdoc_model *m = L->m;
	struct archdoc_component *comp;

	(void)c;
	if (!id)
		return NULL; /* missing attribute: reported by the structure check */
	if (!*id) {
		archdoc_loader__report(L, E, "unknown-reference", off,
				"%s=\"\" names no component; give a component id", attr);
		return NULL;
	}
	comp = (struct archdoc_component *)archdoc_model_find_component(m, id);
	if (comp)
		return comp;
	if (archdoc_model_find_boundary(m, id))
		archdoc_loader__report(L, E, "unknown-reference", off,
				"%s=\"%s\" names a boundary; connections join components, so name a component "
				"inside it", attr, id);
	else
		archdoc_loader__report(L, E, "unknown-reference", off,
				"%s=\"%s\" names no component; define <component id=\"%s\" ...> or fix the id",
				attr, id, id);
	return NULL;
}

/* "80" or "80-90" */
static void range_text(char *out, size_t size, const archdoc_port_range *r)
{
	if (r->lo == r->hi)
		snprintf(out, size, "%u", r->lo);
	else
		snprintf(out, size, "%u-%u", r->lo, r->hi);
}

typedef struct port_at {
	archdoc_port_range r;
	size_t index;           /* as written */
} port_at;

static int by_low_port(const void *a, const void *b)
{
	const port_at *x = a, *y = b;

	if (x->r.lo != y->r.lo)
		return x->r.lo < y->r.lo ? -1 : 1;
	return x->index < y->index ? -1 : (x->index > y->index);
}

/* A port listed twice, or inside a range also listed, is probably a typo
 * for another port: warn about the first overlap in port order. */
static void check_port_overlap(archdoc_loader *L, const struct archdoc_connection *c, const char *written)
{
	port_at sorted[ARCHDOC_MAX_PORTS];
	const port_at *widest;
	char a[16], b[16];

	if (c->port_count < 2 || c->port_count > ARCHDOC_MAX_PORTS)
		return;
	for (size_t i = 0; i < c->port_count; i++) {
		sorted[i].r = c->ports[i];
		sorted[i].index = i;
	}
	qsort(sorted, c->port_count, sizeof(*sorted), by_low_port);
	widest = &sorted[0];
	for (size_t i = 1; i < c->port_count; i++) {
		const port_at *p = &sorted[i];

		if (p->r.lo > widest->r.hi) {
			widest = p;
			continue;
		}
		/* earlier as written first */
		if (p->index < widest->index) {
			const port_at *t = p;

			p = widest;
			widest = t;
		}
		range_text(a, sizeof(a), &widest->r);
		range_text(b, sizeof(b), &p->r);
		if (widest->r.lo == p->r.lo && widest->r.hi == p->r.hi)
			archdoc_loader__report(L, W, "duplicate-port", c->port_offset,
					"port \"%s\" of connection %u lists %s twice; list each port once", written, c->n, a);
		else if (widest->r.lo <= p->r.lo && p->r.hi <= widest->r.hi)
			archdoc_loader__report(L, W, "duplicate-port", c->port_offset,
					"port \"%s\" of connection %u: %s is already in %s; list each port once", written, c->n, b, a);
		else if (p->r.lo <= widest->r.lo && widest->r.hi <= p->r.hi)
			archdoc_loader__report(L, W, "duplicate-port", c->port_offset,
					"port \"%s\" of connection %u: %s is already in %s; list each port once", written, c->n, a, b);
		else
			archdoc_loader__report(L, W, "duplicate-port", c->port_offset,
					"port \"%s\" of connection %u: %s and %s overlap; list each port once", written, c->n, a, b);
		return;
	}
}

static void check_port(archdoc_loader *L, struct archdoc_connection *c)
{
	const char *norm, *err;
	size_t bad_at, entries = 1;

	for (const char *q = c->port; *q; q++)
		entries += *q == ',';
	if (entries > ARCHDOC_MAX_PORTS) {
		archdoc_loader__report(L, E, "too-many-ports", c->port_offset,
				"port of connection %u lists %zu ports or ranges, over the limit of %u; "
				"write ranges (8000-8999) for runs of ports", c->n, entries, ARCHDOC_MAX_PORTS);
		return;
	}
	err = archdoc_port_parse(L->m->arena, c->port, &c->ports, &c->port_count, &norm, &bad_at);
	if (err) {
		archdoc_loader__report(L, E, "invalid-port", c->port_offset,
				"port \"%s\" of connection %u: %s; write one port (443), a range (8000-8010) "
				"or a comma-separated list (25, 443, 587)", c->port, c->n, err);
		return;
	}
	check_port_overlap(L, c, c->port);
	c->port = norm;
}

/* The source offset of at, a place in the value of the attribute at off
 * (text): after its opening quote. Entities in the value would shift it;
 * clamped to the value's end. */
static size_t value_at(archdoc_loader *L, size_t off, const char *text, const char *at)
{
	const archdoc_source *src = &L->m->source;
	size_t v = off;

	while (v < src->len && src->data[v] != '"' && src->data[v] != '\'' && src->data[v] != '>')
		v++;
	if (v >= src->len || src->data[v] == '>')
		return off;
	v += 1 + (size_t)(at - text);
	return v < src->len ? v : off;
}

/* One side's ids (from="a b"): each resolved, none twice, at most
 * ARCHDOC_MAX_ENDS. Sets from/froms/from_count/from_list (or to's); the
 * side stays NULL when an id does not resolve (reported). -1 on out of
 * memory. */
static int resolve_ends(archdoc_loader *L, struct archdoc_connection *c, int to_side)
{
	archdoc_model *m = L->m;
	const char *text = to_side ? c->to_id : c->from_id, *attr = to_side ? "to" : "from";
	size_t off = to_side ? c->to_offset : c->from_offset, count = 0;
	struct archdoc_component *ends[ARCHDOC_MAX_ENDS];
	size_t words = 0;
	int bad = 0;

	if (!text)
		return 0; /* missing attribute: reported by the structure check */
	{
		/* too many: said once, before any id is looked up */
		for (const char *p = text; *p; p++)
			words += !isspace((unsigned char)*p) && (p == text || isspace((unsigned char)p[-1]));
		if (words > ARCHDOC_MAX_ENDS) {
			archdoc_loader__report(L, E, "too-many-ends", off,
					"connection %u names %zu components in %s=, over the limit of %u; split it into "
					"several connections (limits: docs/security.md)", c->n, words, attr, ARCHDOC_MAX_ENDS);
			return 0;
		}
	}
	for (const char *p = text; *p;) {
		char id[ARCHDOC_MAX_ID_LENGTH + 2];
		size_t n = 0;
		struct archdoc_component *comp;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		while (p[n] && p[n] != ' ' && p[n] != '\t' && p[n] != '\n' && p[n] != '\r')
			n++;
		if (archdoc_utf8_chars(p, n) > ARCHDOC_MAX_ID_LENGTH) {
			archdoc_loader__report(L, E, "field-too-long", off,
					"<connection> %s names an id %zu characters long, over the limit of %u; shorten "
					"it (limits: docs/security.md)", attr, archdoc_utf8_chars(p, n), ARCHDOC_MAX_ID_LENGTH);
			p += n;
			bad = 1;
			continue;
		}
		snprintf(id, sizeof(id), "%.*s", (int)n, p);
		/* with several ids, point at the one that fails */
		comp = resolve(L, c, id, attr, words > 1 ? value_at(L, off, text, p) : off);
		p += n;
		if (!comp) {
			bad = 1;
			continue;
		}
		for (size_t k = 0; k < count; k++)
			if (ends[k] == comp) {
				archdoc_loader__report(L, E, "duplicate-end", value_at(L, off, text, p - strlen(comp->id)),
						"connection %u names '%s' twice in %s=; name each component once", c->n,
						comp->id, attr);
				bad = 1;
			}
		ends[count++] = comp;
	}
	if (count == 0 && !bad) {
		resolve(L, c, "", attr, off);   /* from="" or only spaces */
		return 0;
	}
	if (bad || count == 0)
		return 0;
	return archdoc_connection__set_side(m->arena, c, to_side, ends, count);
}

/* Each component a connection touches counts one use, however many of
 * its ends it is. */
static void count_uses(struct archdoc_connection *c)
{
	size_t nf = archdoc_connection_from_count(c), nt = archdoc_connection_to_count(c);

	for (size_t i = 0; i < nf + nt; i++) {
		struct archdoc_component *x = (struct archdoc_component *)(i < nf ? archdoc_connection_from_at(c, i)
				: archdoc_connection_to_at(c, i - nf));
		size_t j;

		for (j = 0; j < i; j++)
			if (x == (j < nf ? archdoc_connection_from_at(c, j) : archdoc_connection_to_at(c, j - nf)))
				break;
		if (j == i)
			x->uses++;
	}
}

/* A connection with several ends has one classification: every pair of
 * ends must give the same, or the row cannot say it (mixed-classification).
 * -1 on out of memory. */
static int mixed_classification(archdoc_loader *L, const struct archdoc_connection *c)
{
	archdoc_model *m = L->m;

	for (size_t f = 0; f < c->from_count; f++)
		for (size_t t = 0; t < c->to_count; t++) {
			const struct archdoc_component *x = archdoc_connection_from_at(c, f), *y = archdoc_connection_to_at(c, t);
			const char *d;

			if (f == 0 && t == 0)
				continue;
			d = archdoc_classify(m->arena, x, y, m->classify_by);
			if (!d)
				return -1;
			if (strcmp(d, c->derived) != 0) {
				archdoc_loader__report(L, E, "mixed-classification", c->offset,
						"connection %u is \"%s\" from '%s' to '%s' but \"%s\" from '%s' to '%s'; one "
						"row has one classification, so split it into connections whose ends classify "
						"alike", c->n, c->derived, c->from->id, c->to->id, d, x->id, y->id);
				return 0;
			}
		}
	return 0;
}

static int by_retired(const void *a, const void *b)
{
	const archdoc_retired *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	return x->offset < y->offset ? -1 : (x->offset > y->offset);
}

/* Whether n is retired (m->retired sorted). */
static const archdoc_retired *retired_at(const archdoc_model *m, unsigned n)
{
	size_t lo = 0, hi = m->retired_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->retired[mid].n == n) {
			while (mid > 0 && m->retired[mid - 1].n == n)
				mid--;   /* the first in the file */
			return &m->retired[mid];
		}
		if (m->retired[mid].n < n)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void check_connections(archdoc_loader *L)
{
	archdoc_model *m = L->m;
	unsigned next = 1;

	/* by number, for automatic numbering and check_numbers */
	if (m->retired_count)
		qsort(m->retired, m->retired_count, sizeof(*m->retired), by_retired);

	for (size_t i = 0; i < m->connection_count && !L->oom; i++) {
		struct archdoc_connection *c = m->connections[i];

		if (!c->n_explicit && c->n == 0) {
			/* explicit numbers that failed to parse count as explicit for
			 * numbering; an automatic number passes over retired ones */
			c->n = next <= ARCHDOC_MAX_CONNECTION_NUMBER ? next : ARCHDOC_MAX_CONNECTION_NUMBER;
			while (c->n < ARCHDOC_MAX_CONNECTION_NUMBER && retired_at(m, c->n))
				c->n++;
		}
		next = c->n + 1;

		if (resolve_ends(L, c, 0) < 0 || resolve_ends(L, c, 1) < 0) {
			L->oom = 1;
			return;
		}
		count_uses(c);
		for (size_t f = 0; c->from && f < c->from_count; f++)
			for (size_t t = 0; c->to && t < c->to_count; t++) {
				const struct archdoc_component *x = archdoc_connection_from_at(c, f),
					*y = archdoc_connection_to_at(c, t);

				if (x == y)
					archdoc_loader__report(L, W, "self-connection", c->to_offset,
							"connection %u goes from '%s' to itself; if two parts of one component "
							"talk, model them as two components", c->n, x->id);
			}
		if (!*c->data)
			archdoc_loader__report(L, W, "empty-data", c->offset,
					"connection %u says nothing about the data that travels on it; write a sentence "
					"inside <connection>", c->n);

		if (c->port && *c->port)
			check_port(L, c);
		else if (c->port) {
			c->port = "";
		}

		if (m->classify_by && c->from && c->to) {
			c->derived = archdoc_classify(m->arena, c->from, c->to, m->classify_by);
			if (!c->derived) {
				L->oom = 1;
				return;
			}
			if (mixed_classification(L, c) < 0) {
				L->oom = 1;
				return;
			}
			if (c->stated && strcasecmp(c->stated, c->derived) != 0) {
				const char *title = m->classify_by->title;

				archdoc_loader__report(L, E, "classification-mismatch", c->class_offset,
						"connection %u is stated as \"%s\", but it goes from '%s' (%s %s) to '%s' "
						"(%s %s), which makes it \"%s\"; correct classification= or remove it",
						c->n, c->stated,
						c->from->title, archdoc_component_in(c->from, m->classify_by) ? "inside" : "outside", title,
						c->to->title, archdoc_component_in(c->to, m->classify_by) ? "inside" : "outside", title,
						c->derived);
			}
		}
	}
}

static void check_numbers(archdoc_loader *L)
{
	archdoc_model *m = L->m;
	unsigned expect = 1;
	size_t next_retired = 0;

	const struct archdoc_connection *first = NULL;

	archdoc_model__sort_connections(m);
	if (m->retired_count)
		qsort(m->retired, m->retired_count, sizeof(*m->retired), by_retired);
	for (size_t i = 1; i < m->retired_count; i++)
		if (m->retired[i].n == m->retired[i - 1].n)
			archdoc_loader__report_note(L, E, "duplicate-number", m->retired[i].n_offset,
					m->retired[i - 1].n_offset, "first retired here", "number %u is retired twice",
					m->retired[i].n);
	for (size_t i = 0; i < m->connection_count; i++) {
		const struct archdoc_connection *c = m->connections[i];
		const archdoc_retired *r = retired_at(m, c->n);

		if (r)
			archdoc_loader__report_note(L, E, "retired-number", c->n_explicit ? c->n_offset : c->offset,
					r->n_offset, "retired here", "connection number %u is retired; give the "
					"connection a new number (a retired number stays unused, so links to it never "
					"point at another connection)", c->n);
	}
	for (size_t i = 0; i < m->connection_count; i++) {
		struct archdoc_connection *c = m->connections[i];

		/* the sort is stable, so the first of equal numbers is the first in the file */
		if (first && first->n == c->n) {
			archdoc_loader__report_note(L, E, "duplicate-number",
					c->n_explicit ? c->n_offset : c->offset,
					first->n_explicit ? first->n_offset : first->offset, "first used here",
					"connection number %u is already used; each connection needs its own number "
					"(or leave n= out to number it automatically)", c->n);
			continue;
		}
		first = c;
		/* retired numbers below this one count as used */
		while (next_retired < m->retired_count && m->retired[next_retired].n < c->n) {
			if (m->retired[next_retired].n == expect)
				expect++;
			next_retired++;
		}
		if (c->n > expect) {
			if (c->n == expect + 1)
				archdoc_loader__report(L, W, "number-gap", c->n_explicit ? c->n_offset : c->offset,
						"connection numbers jump to %u; number %u is missing", c->n, expect);
			else
				archdoc_loader__report(L, W, "number-gap", c->n_explicit ? c->n_offset : c->offset,
						"connection numbers jump to %u; numbers %u to %u are missing",
						c->n, expect, c->n - 1);
		}
		expect = c->n + 1;
	}
}

static void check_unused(archdoc_loader *L)
{
	archdoc_model *m = L->m;

	for (size_t i = 0; i < m->component_count; i++) {
		const struct archdoc_component *c = m->components[i];

		if (!c->uses && *c->id)
			archdoc_loader__report(L, W, "unused-component", c->offset,
					"component '%s' takes part in no connection; connect it or remove it", c->id);
		if (c->placeholder)
			archdoc_loader__report(L, W, "placeholder", c->offset,
					"component '%s' (\"%s\") is a placeholder import made for an end the table does not "
					"name; point its connections at the real component, or name this one and remove "
					"placeholder=\"true\"", c->id, c->title);
	}
}

static void check_table(archdoc_loader *L)
{
	archdoc_model *m = L->m;

	if (archdoc_model_has_classification(m))
		return;
	for (size_t i = 0; i < m->table.column_count; i++) {
		if (m->table.columns[i] == ARCHDOC_COLUMN_CLASSIFICATION) {
			archdoc_loader__report(L, E, "no-classification",
					archdoc__attr_offset(&m->source, m->table_offset, "columns"),
					"the table has a classification column, but no connection has a classification; "
					"add classify-by=\"BOUNDARY\" to <architecture> or remove the column");
			return;
		}
	}
}

void archdoc_validate__model(archdoc_loader *L)
{
	define_ids(L);
	if (L->oom)
		return;
	check_components(L);
	check_classify_by(L);
	check_connections(L);
	if (L->oom)
		return;
	check_numbers(L);
	check_unused(L);
	check_table(L);
	archdoc_view__check(L);
}
