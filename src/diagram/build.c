/*
 * Model -> scene. Components become nodes shaped by kind, boundaries nested
 * clusters, and each connection either two edges through a numbered badge
 * node (the default) or one labelled edge (the "labels" baseline).
 *
 * Everything is created in a fixed order (boundaries and components in
 * document order, connections by number), because Graphviz's layout
 * depends on creation order: the same model always gives the same picture.
 */
#include "diagram.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "archdoc/errors.h"
#include "buf.h"
#include "model.h"
#include "theme.h"

#define TITLE_WRAP 20          /* characters per line of a component title */
#define COMPONENT_FONT 12.0
#define BOUNDARY_FONT 12.0
#define BADGE_FONT 10.0

static const struct {
	const char *kind;
	archdoc_diagram__look look;
} looks[] = {
	{ "database", { ARCHDOC_SHAPE_CYLINDER, ARCHDOC_STYLE_FILLED,
		ARCHDOC_C_STORE_FILL, ARCHDOC_C_STORE_STROKE, "database" } },
	{ "cache", { ARCHDOC_SHAPE_CYLINDER, ARCHDOC_STYLE_FILLED | ARCHDOC_STYLE_DASHED,
		ARCHDOC_C_STORE_FILL, ARCHDOC_C_STORE_STROKE, "cache" } },
	{ "storage", { ARCHDOC_SHAPE_FOLDER, ARCHDOC_STYLE_FILLED,
		ARCHDOC_C_STORE_FILL, ARCHDOC_C_STORE_STROKE, "storage" } },
	{ "queue", { ARCHDOC_SHAPE_CDS, ARCHDOC_STYLE_FILLED,
		ARCHDOC_C_STORE_FILL, ARCHDOC_C_STORE_STROKE, "queue" } },
	{ "gateway", { ARCHDOC_SHAPE_HEXAGON, ARCHDOC_STYLE_FILLED,
		ARCHDOC_C_GATEWAY_FILL, ARCHDOC_C_NODE_STROKE, "gateway" } },
	{ "loadbalancer", { ARCHDOC_SHAPE_OCTAGON, ARCHDOC_STYLE_FILLED,
		ARCHDOC_C_GATEWAY_FILL, ARCHDOC_C_NODE_STROKE, "load balancer" } },
	{ "monitoring", { ARCHDOC_SHAPE_TAB, ARCHDOC_STYLE_FILLED,
		ARCHDOC_C_MONITORING_FILL, ARCHDOC_C_NODE_STROKE, "monitoring" } },
	{ "external", { ARCHDOC_SHAPE_BOX3D, ARCHDOC_STYLE_FILLED,
		ARCHDOC_C_EXTERNAL_FILL, ARCHDOC_C_NODE_STROKE, "external system" } },
	{ "user", { ARCHDOC_SHAPE_OVAL, ARCHDOC_STYLE_FILLED,
		ARCHDOC_C_EXTERNAL_FILL, ARCHDOC_C_NODE_STROKE, "user" } },
	{ "job", { ARCHDOC_SHAPE_BOX, ARCHDOC_STYLE_FILLED | ARCHDOC_STYLE_ROUNDED | ARCHDOC_STYLE_DASHED,
		ARCHDOC_C_JOB_FILL, ARCHDOC_C_NODE_STROKE, "job" } },
	{ "cronjob", { ARCHDOC_SHAPE_BOX, ARCHDOC_STYLE_FILLED | ARCHDOC_STYLE_ROUNDED | ARCHDOC_STYLE_DOTTED,
		ARCHDOC_C_JOB_FILL, ARCHDOC_C_NODE_STROKE, "cron job" } },
	{ "service", { ARCHDOC_SHAPE_BOX, ARCHDOC_STYLE_FILLED | ARCHDOC_STYLE_ROUNDED,
		ARCHDOC_C_NODE_FILL, ARCHDOC_C_NODE_STROKE, "service, workload" } },
};

static const archdoc_diagram__look workload = {
	ARCHDOC_SHAPE_BOX, ARCHDOC_STYLE_FILLED | ARCHDOC_STYLE_ROUNDED,
	ARCHDOC_C_NODE_FILL, ARCHDOC_C_NODE_STROKE, "service, workload"
};
static const archdoc_diagram__look plain = {
	ARCHDOC_SHAPE_BOX, ARCHDOC_STYLE_FILLED, ARCHDOC_C_NODE_FILL, ARCHDOC_C_NODE_STROKE, "other"
};

const archdoc_diagram__look *archdoc_diagram__look_of(const char *kind)
{
	static const char *const workloads[] = {
		"replicaset", "statefulset", "deployment", "daemonset", "pod", "application", NULL
	};

	if (!kind)
		return &plain;
	for (size_t i = 0; i < sizeof(looks) / sizeof(looks[0]); i++)
		if (strcmp(kind, looks[i].kind) == 0)
			return &looks[i].look;
	for (size_t i = 0; workloads[i]; i++)
		if (strcmp(kind, workloads[i]) == 0)
			return &workload;
	return &plain;
}

/* Code points in a UTF-8 string up to n bytes. */
static size_t width(const char *s, size_t n)
{
	size_t w = 0;

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	return w;
}

/* Break a title into lines of about TITLE_WRAP characters at spaces. */
static char *wrap(archdoc_diagram__scene *s, const char *title)
{
	archdoc_buf b = ARCHDOC_BUF_INIT;
	size_t line = 0;
	const char *p = title;
	char *r = NULL;

	while (*p) {
		const char *w;
		size_t n, ww;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		w = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			p++;
		n = (size_t)(p - w);
		ww = width(w, n);
		if (line && line + 1 + ww > TITLE_WRAP) {
			archdoc_buf_putc(&b, '\n');
			line = 0;
		} else if (line) {
			archdoc_buf_putc(&b, ' ');
			line++;
		}
		archdoc_buf_put(&b, w, n);
		line += ww;
	}
	archdoc_buf_putc(&b, '\0');
	if (!b.failed)
		r = archdoc_diagram__strdup(s, b.ptr);
	archdoc_buf_free(&b);
	return r;
}

static const archdoc_boundary *common_boundary(const archdoc_component *a, const archdoc_component *b)
{
	for (const archdoc_boundary *bd = archdoc_component_boundary(a); bd; bd = archdoc_boundary_parent(bd))
		if (archdoc_component_in(b, bd))
			return bd;
	return NULL;
}

/*
 * A merged badge's list of numbers ("2-8, 12, 15-19"), in lines of at most
 * MERGED_LINE characters, at most MERGED_LINES of them, the last "+ N
 * more" when the list is longer: on one line, the list of a collapsed
 * boundary's 200 connections made a badge wider than the drawing.
 */
#define MERGED_LINE 32
#define MERGED_LINES 4

/* How many numbers a list names, ranges counted in full. */
static unsigned long list_count(const char *p)
{
	unsigned long n = 0;

	while (*p) {
		char *e;
		unsigned long lo = strtoul(p, &e, 10), hi = lo;

		if (e == p)
			break;
		p = e;
		if (*p == '-') {
			hi = strtoul(p + 1, &e, 10);
			p = e;
		}
		n += hi >= lo ? hi - lo + 1 : 1;
		while (*p == ',' || *p == ' ')
			p++;
	}
	return n;
}

static const char *merged_label(archdoc_diagram__scene *s, const char *list)
{
	archdoc_buf b = ARCHDOC_BUF_INIT;
	const char *p = list;
	const char *r = NULL;
	size_t line = 0;
	unsigned lines = 1;

	while (*p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);

		if (line && line + 2 + n > MERGED_LINE) {
			if (++lines == MERGED_LINES) {
				/* what is left would need more lines: count it instead */
				const char *rest = p;
				size_t left = 0;

				while (rest[left] && left <= MERGED_LINE)
					left++;
				if (left > MERGED_LINE) {
					archdoc_buf_printf(&b, "\n+ %lu more", list_count(p));
					break;
				}
			}
			archdoc_buf_put(&b, ",\n", 2);
			line = 0;
		} else if (line) {
			archdoc_buf_put(&b, ", ", 2);
			line += 2;
		}
		archdoc_buf_put(&b, p, n);
		line += n;
		p += n;
		while (*p == ',' || *p == ' ')
			p++;
	}
	archdoc_buf_putc(&b, '\0');
	if (!b.failed)
		r = archdoc_diagram__strdup(s, b.ptr);
	archdoc_buf_free(&b);
	return r;
}

static const char *badge_label(archdoc_diagram__scene *s, const archdoc_connection *c,
		archdoc_diagram_label detail)
{
	const char *proto = archdoc_connection_protocol(c), *port = archdoc_connection_port(c);
	unsigned n = archdoc_connection_number(c);

	/* merged parallels: the numbers only (their ports may differ) */
	if (archdoc_connection__merged(c))
		return merged_label(s, archdoc_connection__merged(c));

	if (detail == ARCHDOC_DIAGRAM_LABEL_NUMBER_PORT && *port)
		return archdoc_diagram__printf(s, "%u\n%s", n, port);
	if (detail == ARCHDOC_DIAGRAM_LABEL_NUMBER_PROTOCOL_PORT && (*proto || *port))
		return archdoc_diagram__printf(s, "%u\n%s%s%s", n, proto, *proto && *port ? " " : "", port);
	return archdoc_diagram__printf(s, "%u", n);
}

static int add_edge(archdoc_diagram__scene *s, int tail, int head, const char *id, int arrow,
		size_t conn, int half)
{
	int i = archdoc_diagram__scene_add_edge(s);
	archdoc_diagram__edge *e;

	if (i < 0 || !id)
		return -1;
	e = &s->edges[i];
	e->tail = tail;
	e->head = head;
	e->svg_id = id;
	e->arrow = arrow;
	e->color = archdoc_diagram__light(ARCHDOC_C_LINE);
	e->penwidth = 1.2;
	e->conn = conn;
	e->half = half;
	return i;
}

/*
 * The further ends of a connection with several (from="a b"): a spoke from
 * each further source into the badge (half 3) and from the badge to each
 * further destination (half 4, with its arrowhead), so the connection has
 * one badge and a line to every end. Without badges, the spokes join the
 * first destination or the first source. 0 or -1.
 */
static int add_spokes(archdoc_diagram__scene *s, const archdoc_model *m, const archdoc_connection *c,
		const int *comp_node, int into, int out_of, const char *mid, size_t conn)
{
	unsigned num = archdoc_connection_number(c);

	(void)m;
	for (size_t f = 1; f < archdoc_connection_from_count(c); f++) {
		int t = comp_node[archdoc_component_index(archdoc_connection_from_at(c, f))];

		if (add_edge(s, t, into, archdoc_diagram__printf(s, "%s-edge-%u-from-%zu", mid, num, f), into != out_of,
				conn, 3) < 0)
			return -1;
	}
	for (size_t k = 1; k < archdoc_connection_to_count(c); k++) {
		int h = comp_node[archdoc_component_index(archdoc_connection_to_at(c, k))];

		if (add_edge(s, out_of, h, archdoc_diagram__printf(s, "%s-edge-%u-to-%zu", mid, num, k), 1, conn, 4) < 0)
			return -1;
	}
	return 0;
}

static uint64_t mix(uint64_t *state)
{
	/* splitmix64: the same sequence on every platform */
	uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/*
 * The order in which items are created. Variant 0 is document order; 1-3
 * reverse components (bit 0) and/or connections (bit 1); higher variants
 * shuffle both with the variant as seed, deterministically.
 */
static size_t *permutation(size_t n, int variant, int which)
{
	size_t *p = malloc((n ? n : 1) * sizeof(*p));
	uint64_t state = (uint64_t)variant * 7919u + (uint64_t)which;

	if (!p)
		return NULL;
	for (size_t i = 0; i < n; i++)
		p[i] = (variant > 0 && variant < 4 && (variant & which)) ? n - 1 - i : i;
	if (variant >= 4)
		for (size_t i = n; i > 1; i--) {
			size_t j = (size_t)(mix(&state) % i), t = p[i - 1];

			p[i - 1] = p[j];
			p[j] = t;
		}
	return p;
}

static int find(int *up, int i)
{
	while (up[i] != i)
		i = up[i] = up[up[i]];
	return i;
}

/*
 * Connections between two components of the same innermost boundary run
 * along one rank with their badge, so a boundary stays one rank deep and
 * lines leaving it are not pushed around its box.
 */
static void flatten(archdoc_diagram__scene *s, const archdoc_model *m, const int *comp_node)
{
	int *up = malloc(s->node_count * sizeof(*up));
	int next = 1;
	int *ids;

	if (!up)
		return;
	for (size_t i = 0; i < s->node_count; i++)
		up[i] = (int)i;
	for (size_t i = 0, e = 0; i < archdoc_model_connection_count(m); i++) {
		const archdoc_connection *c = archdoc_model_connection(m, i);
		const archdoc_component *from = archdoc_connection_from(c), *to = archdoc_connection_to(c);
		int t = comp_node[archdoc_component_index(from)], h = comp_node[archdoc_component_index(to)];
		int badge;

		if (archdoc_connection__drawn_as(c) != c)
			continue;   /* drawn by another: no edges of its own */
		while (e < s->edge_count && !(s->edges[e].conn == i && s->edges[e].half == 1))
			e++;
		if (e == s->edge_count)
			break;
		badge = s->edges[e].head;
		if (from == to || archdoc_component_boundary(from) != archdoc_component_boundary(to) ||
				!archdoc_component_boundary(from))
			continue;
		up[find(up, t)] = find(up, badge);
		up[find(up, h)] = find(up, badge);
	}
	ids = calloc(s->node_count, sizeof(*ids));
	if (ids) {
		for (size_t i = 0; i < s->node_count; i++) {
			int r = find(up, (int)i);

			if (r == (int)i && up[i] == (int)i) {
				int members = 0;

				for (size_t k = 0; k < s->node_count; k++)
					members += find(up, (int)k) == r;
				if (members > 1)
					ids[r] = next++;
			}
		}
		for (size_t i = 0; i < s->node_count; i++)
			s->nodes[i].rank_group = ids[find(up, (int)i)];
	}
	free(ids);
	free(up);
}

/* Both ends in the same innermost boundary (drawn along one rank). */
static int is_flat(const archdoc_connection *c, const archdoc_diagram__strategy *st)
{
	const archdoc_component *from = archdoc_connection_from(c), *to = archdoc_connection_to(c);

	return st->badges && st->params.flat && from != to && archdoc_component_boundary(from) &&
		archdoc_component_boundary(from) == archdoc_component_boundary(to);
}

static void reverse_connection(archdoc_diagram__scene *s, size_t conn)
{
	for (size_t e = 0; e < s->edge_count; e++)
		if (s->edges[e].conn == conn)
			s->edges[e].reversed = 1;
}

/*
 * Which way each connection is laid out. A connection that closes a cycle
 * (found by a depth-first walk from the components nobody connects to,
 * following connections by number) is laid out backwards, so its badge
 * sits between its ends instead of beyond the lower one. Flat connections
 * of one component alternate between its right and its left.
 */
static int directions(archdoc_diagram__scene *s, const archdoc_model *m, const archdoc_diagram__strategy *st)
{
	size_t nc = archdoc_model_component_count(m), ne = archdoc_model_connection_count(m);
	size_t *first = calloc(nc + 1, sizeof(*first)), *adj = calloc(ne + 1, sizeof(*adj));
	size_t *indeg = calloc(nc + 1, sizeof(*indeg)), *flats = calloc(nc + 1, sizeof(*flats));
	size_t *stack = calloc(nc + 1, sizeof(*stack)), *at = calloc(nc + 1, sizeof(*at));
	unsigned char *state = calloc(nc + 1, 1);
	int rc = -1;

	if (!first || !adj || !indeg || !flats || !stack || !at || !state)
		goto done;
	/* adjacency by source, connections in number order */
	for (size_t i = 0; i < ne; i++) {
		const archdoc_connection *c = archdoc_model_connection(m, i);

		if (is_flat(c, st)) {
			size_t t = archdoc_component_index(archdoc_connection_from(c));

			if ((flats[t]++ + (unsigned)st->flip) % 2)
				reverse_connection(s, i);
			continue;
		}
		first[archdoc_component_index(archdoc_connection_from(c)) + 1]++;
		indeg[archdoc_component_index(archdoc_connection_to(c))]++;
	}
	for (size_t i = 0; i < nc; i++)
		first[i + 1] += first[i];
	memset(at, 0, (nc + 1) * sizeof(*at));
	for (size_t i = 0; i < ne; i++) {
		const archdoc_connection *c = archdoc_model_connection(m, i);
		size_t t;

		if (is_flat(c, st))
			continue;
		t = archdoc_component_index(archdoc_connection_from(c));
		adj[first[t] + at[t]++] = i;
	}
	for (int pass = 0; pass < 2; pass++) {
		for (size_t r = 0; r < nc; r++) {
			size_t sp = 0;

			if (state[r] || (pass == 0 && indeg[r]))
				continue;
			stack[sp++] = r;
			state[r] = 1;
			at[r] = first[r];
			while (sp) {
				size_t u = stack[sp - 1];

				if (at[u] < first[u + 1]) {
					size_t ci = adj[at[u]++];
					const archdoc_connection *c = archdoc_model_connection(m, ci);
					size_t v = archdoc_component_index(archdoc_connection_to(c));

					if (v == u)
						continue;
					if (state[v] == 1) {
						reverse_connection(s, ci);
					} else if (state[v] == 0) {
						state[v] = 1;
						at[v] = first[v];
						stack[sp++] = v;
					}
				} else {
					state[u] = 2;
					sp--;
				}
			}
		}
	}
	rc = 0;
done:
	free(first);
	free(adj);
	free(indeg);
	free(flats);
	free(stack);
	free(at);
	free(state);
	return rc;
}

/* For each connection, how many connections join its two components,
 * either way (itself included): sorted by pair, counted by runs. */
typedef struct pair_key {
	size_t lo, hi, conn;
} pair_key;

static int pair_cmp(const void *pa, const void *pb)
{
	const pair_key *a = pa, *b = pb;

	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	if (a->hi != b->hi)
		return a->hi < b->hi ? -1 : 1;
	return a->conn < b->conn ? -1 : a->conn > b->conn;
}

static size_t *parallel_counts(const archdoc_model *m)
{
	size_t n = archdoc_model_connection_count(m);
	pair_key *k = malloc((n ? n : 1) * sizeof(*k));
	size_t *count = calloc(n ? n : 1, sizeof(*count));

	if (!k || !count) {
		free(k);
		free(count);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		const archdoc_connection *c = archdoc_model_connection(m, i);
		size_t x = archdoc_component_index(archdoc_connection_from(c));
		size_t y = archdoc_component_index(archdoc_connection_to(c));

		k[i].lo = x < y ? x : y;
		k[i].hi = x < y ? y : x;
		k[i].conn = i;
		if (archdoc_connection__drawn_as(c) != c)
			k[i].lo = k[i].hi = SIZE_MAX - i;   /* not drawn: a pair of its own */
	}
	if (n)
		qsort(k, n, sizeof(*k), pair_cmp);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && k[j].lo == k[i].lo && k[j].hi == k[i].hi; j++)
			;
		for (size_t t = i; t < j; t++)
			count[k[t].conn] = j - i;
	}
	free(k);
	return count;
}

int archdoc_diagram__build(archdoc_diagram__scene *s, const archdoc_model *m,
		const archdoc_diagram__strategy *st)
{
	const char *mid = archdoc_model_id(m);
	size_t nb = archdoc_model_boundary_count(m), nc = archdoc_model_component_count(m);
	size_t ne = archdoc_model_connection_count(m);
	int *comp_node = NULL;
	size_t *perm_c = NULL, *perm_e = NULL, *par_count = NULL;
	int rc = ARCHDOC_ENOMEM;

	s->params = st->params;
	s->font = "DejaVu Sans";
	for (size_t i = 0; i < nb; i++) {
		const archdoc_boundary *b = archdoc_model_boundary(m, i);
		const archdoc_boundary *parent = archdoc_boundary_parent(b);
		int k = archdoc_diagram__scene_add_cluster(s);
		archdoc_diagram__cluster *c;

		if (k < 0)
			goto done;
		c = &s->clusters[k];
		c->name = archdoc_diagram__printf(s, "cluster_%s", archdoc_boundary_id(b));
		c->svg_id = archdoc_diagram__printf(s, "%s-boundary-%s", mid, archdoc_boundary_id(b));
		c->label = archdoc_boundary_title(b);
		/* document order puts a parent before its children */
		c->parent = parent ? (int)parent->index : -1;
		c->ref = i;
		c->style = ARCHDOC_STYLE_FILLED | ARCHDOC_STYLE_ROUNDED;
		c->fill = archdoc_diagram__light(archdoc_boundary_depth(b) % 2 ?
				ARCHDOC_C_BOUNDARY_FILL_INNER : ARCHDOC_C_BOUNDARY_FILL);
		c->stroke = archdoc_diagram__light(ARCHDOC_C_BOUNDARY_STROKE);
		c->text = archdoc_diagram__light(ARCHDOC_C_BOUNDARY_TEXT);
		c->font = "DejaVu Sans Bold";
		c->font_size = BOUNDARY_FONT;
		if (!c->name || !c->svg_id)
			goto done;
	}

	comp_node = calloc(nc ? nc : 1, sizeof(*comp_node));
	if (!comp_node)
		goto done;
	perm_c = permutation(nc, st->order, 1);
	perm_e = permutation(ne, st->order, 2);
	par_count = parallel_counts(m);
	if (!perm_c || !perm_e || !par_count)
		goto done;
	for (size_t ord = 0; ord < nc; ord++) {
		/* creation order seeds Graphviz's ordering: one of the variants tried */
		size_t i = perm_c[ord];
		const archdoc_component *cp = archdoc_model_component(m, i);
		const archdoc_boundary *b = archdoc_component_boundary(cp);
		const archdoc_diagram__look *look = archdoc_diagram__look_of(archdoc_component_kind(cp));
		int k = archdoc_diagram__scene_add_node(s);
		archdoc_diagram__node *n;

		if (k < 0)
			goto done;
		comp_node[i] = k;
		n = &s->nodes[k];
		n->name = archdoc_diagram__printf(s, "c_%s", archdoc_component_id(cp));
		n->svg_id = archdoc_diagram__printf(s, "%s-component-%s", mid, archdoc_component_id(cp));
		n->label = wrap(s, archdoc_component_title(cp));
		n->role = ARCHDOC_ROLE_COMPONENT;
		n->shape = look->shape;
		n->style = look->style;
		n->fill = archdoc_diagram__light(look->fill);
		n->stroke = archdoc_diagram__light(look->stroke);
		n->text = archdoc_diagram__light(ARCHDOC_C_TEXT);
		n->font_size = COMPONENT_FONT;
		n->width = 1.25 * 72;
		n->height = 0.5 * 72;
		n->cluster = b ? (int)b->index : -1;
		n->ref = i;
		if (!n->name || !n->svg_id || !n->label)
			goto done;
	}

	for (size_t ord = 0; ord < ne; ord++) {
		size_t i = perm_e[ord];
		const archdoc_connection *c = archdoc_model_connection(m, i);
		const archdoc_component *from = archdoc_connection_from(c), *to = archdoc_connection_to(c);
		unsigned num = archdoc_connection_number(c);
		int tail = comp_node[archdoc_component_index(from)];
		int head = comp_node[archdoc_component_index(to)];

		if (archdoc_connection__drawn_as(c) != c)
			continue;   /* merged into the first of its parallels */

		if (st->badges) {
			const archdoc_boundary *home = common_boundary(from, to);
			int k = archdoc_diagram__scene_add_node(s);
			archdoc_diagram__node *n;
			unsigned digits = num >= 100000 ? 6 : num >= 10000 ? 5 : num >= 1000 ? 4 : num >= 100 ? 3 : num >= 10 ? 2 : 1;

			if (k < 0)
				goto done;
			n = &s->nodes[k];
			n->name = archdoc_diagram__printf(s, "n_%u", num);
			n->svg_id = archdoc_diagram__printf(s, "%s-badge-%u", mid, num);
			n->label = badge_label(s, c, st->label);
			n->role = ARCHDOC_ROLE_BADGE;
			n->style = ARCHDOC_STYLE_FILLED;
			n->fill = n->stroke = archdoc_diagram__light(ARCHDOC_C_BADGE_FILL);
			n->text = archdoc_diagram__light(ARCHDOC_C_BADGE_TEXT);
			n->font = "DejaVu Sans Bold";
			n->font_size = BADGE_FONT;
			n->cluster = home ? (int)home->index : -1;
			n->ref = i;
			if (strchr(n->label ? n->label : "", '\n') ||
					(archdoc_connection__merged(c) && strlen(n->label) > 5)) {
				/* detail lines, or a long list of merged numbers */
				n->shape = ARCHDOC_SHAPE_OVAL;
				n->width = 0.3 * 72;
				n->height = 0.3 * 72;
			} else {
				if (archdoc_connection__merged(c))
					digits = (unsigned)strlen(n->label);
				n->shape = ARCHDOC_SHAPE_CIRCLE;
				n->width = n->height = digits <= 2 ? 20 : 8 + 6.5 * digits;
				n->fixed = 1;
			}
			if (!n->name || !n->svg_id || !n->label)
				goto done;
			if (add_edge(s, tail, k, archdoc_diagram__printf(s, "%s-edge-%u-tail", mid, num), 0, i, 1) < 0 ||
					add_edge(s, k, head, archdoc_diagram__printf(s, "%s-edge-%u-head", mid, num), 1, i, 2) < 0)
				goto done;
			if (add_spokes(s, m, c, comp_node, k, k, mid, i) < 0)
				goto done;
			{
				/* many connections between one pair: their badges stand side
				 * by side, so the ranks part further, or the outer lines
				 * would bow out twice as long as the way between the ends */
				size_t par = par_count[i];

				if (par >= 4) {
					s->edges[s->edge_count - 1].minlen = 1 + (int)((par - 1) / 2);
					s->edges[s->edge_count - 2].minlen = 1 + (int)((par - 1) / 2);
				}
			}
		} else {
			int k = add_edge(s, tail, head, archdoc_diagram__printf(s, "%s-edge-%u", mid, num), 1, i, 0);

			if (k < 0 || add_spokes(s, m, c, comp_node, head, tail, mid, i) < 0)
				goto done;
			s->edges[k].label = badge_label(s, c, st->label);
			s->edges[k].font_size = BADGE_FONT;
			if (!s->edges[k].label)
				goto done;
		}
	}
	/* a component many lines arrive at is wide enough (tall enough when
	 * the ranks run left to right) for their arrowheads side by side */
	{
		size_t *in = calloc(nc ? nc : 1, sizeof(*in));

		if (!in)
			goto done;
		for (size_t i = 0; i < ne; i++)
			if (archdoc_connection__drawn_as(archdoc_model_connection(m, i)) == archdoc_model_connection(m, i))
				in[archdoc_component_index(archdoc_connection_to(archdoc_model_connection(m, i)))]++;
		for (size_t i = 0; i < nc; i++) {
			archdoc_diagram__node *n = &s->nodes[comp_node[i]];
			double need = (double)(in[i] + 1) * ARCHDOC_DIAGRAM__HEAD_GAP + 16;

			if (in[i] < 4)
				continue;
			if (st->params.rankdir_lr && n->height < need)
				n->height = need;
			else if (!st->params.rankdir_lr && n->width < need)
				n->width = need;
		}
		free(in);
	}
	if (st->badges && s->params.flat)
		flatten(s, m, comp_node);
	if (directions(s, m, st) < 0)
		goto done;
	if (archdoc_diagram__mark_changes(s, m) < 0)
		goto done;
	s->shape = archdoc_diagram__pin_shape(s);
	if (archdoc_diagram__pin_rows(s, st) < 0)
		goto done;
	rc = 0;
done:
	free(comp_node);
	free(perm_c);
	free(perm_e);
	free(par_count);
	return rc;
}
