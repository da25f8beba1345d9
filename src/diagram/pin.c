/*
 * A pin that holds (docs/layout.md, "What a pin keeps"). A layout text
 * alone (order, flip, rankdir...) draws the same picture only while the
 * model is the same: Graphviz's ordering starts over when one connection
 * is added, and components trade places. So a pin also records the shape
 * of the drawing it was taken from (a hash of everything the layout
 * sees) and its rows (each rank's components, in order). While the shape
 * is the same, the rows are not needed: the drawing is the pinned one,
 * byte for byte. Once it differs, every component the rows name is held
 * on its rank, after the one before it, by rank=same groups and invisible
 * edges that exist for the layout only; new components find their own
 * place.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diagram.h"
#include "hash.h"

static uint64_t mix_str(uint64_t h, const char *s)
{
	if (!s)
		s = "";
	return archdoc_fnv1a(h, s, strlen(s) + 1);
}

/* numbers as decimal text: the same hash on every byte order */
static uint64_t mix_num(uint64_t h, double v)
{
	char t[32];

	snprintf(t, sizeof(t), "%lld;", (long long)llround(v * 100));
	return archdoc_fnv1a(h, t, strlen(t));
}

uint64_t archdoc_diagram__pin_shape(const archdoc_diagram__scene *s)
{
	uint64_t h = ARCHDOC_FNV1A_BASIS;
	const archdoc_diagram__params *p = &s->params;

	h = mix_num(h, p->rankdir_lr);
	h = mix_num(h, p->flat);
	h = mix_num(h, p->ranksep);
	h = mix_num(h, p->nodesep);
	h = mix_num(h, p->ratio);
	h = mix_num(h, p->newrank);
	for (size_t i = 0; i < s->cluster_count; i++) {
		const archdoc_diagram__cluster *c = &s->clusters[i];

		h = mix_str(h, c->name);
		h = mix_str(h, c->label);
		h = mix_num(h, c->parent);
	}
	for (size_t i = 0; i < s->node_count; i++) {
		const archdoc_diagram__node *n = &s->nodes[i];

		h = mix_str(h, n->name);
		h = mix_str(h, n->label);
		h = mix_num(h, n->role);
		h = mix_num(h, n->shape);
		h = mix_num(h, n->cluster);
		h = mix_num(h, n->width);
		h = mix_num(h, n->height);
		h = mix_num(h, n->fixed);
		h = mix_num(h, n->rank_group);
	}
	for (size_t i = 0; i < s->edge_count; i++) {
		const archdoc_diagram__edge *e = &s->edges[i];

		h = mix_num(h, e->tail);
		h = mix_num(h, e->head);
		h = mix_str(h, e->label);
		h = mix_num(h, e->minlen);
		h = mix_num(h, e->same_rank);
		h = mix_num(h, e->reversed);
		h = mix_num(h, e->weight);
		h = mix_num(h, e->no_constraint);
	}
	return h;
}

static int add_hold(archdoc_diagram__scene *s, int tail, int head, int same_rank)
{
	int k = archdoc_diagram__scene_add_edge(s);
	archdoc_diagram__edge *e;

	if (k < 0)
		return -1;
	e = &s->edges[k];
	e->tail = tail;
	e->head = head;
	e->same_rank = same_rank;
	e->style = ARCHDOC_STYLE_INVISIBLE;
	e->conn = (size_t)-1;
	e->layout_only = 1;
	e->svg_id = archdoc_diagram__printf(s, "pin_%d", k);
	return e->svg_id ? 0 : -1;
}

/* A boundary's flat group (build.c's flatten) whose members the rows put
 * on different ranks can no longer be one rank: it is let go. */
static void release_split_groups(archdoc_diagram__scene *s)
{
	int max = 0;

	for (size_t i = 0; i < s->node_count; i++)
		if (s->nodes[i].rank_group > max)
			max = s->nodes[i].rank_group;
	if (max == 0)
		return;
	int *rank_of = calloc((size_t)max + 1, sizeof(*rank_of));

	if (!rank_of)
		return;
	for (size_t i = 0; i < s->node_count; i++) {
		const archdoc_diagram__node *n = &s->nodes[i];

		if (n->rank_group <= 0 || n->pin_rank <= 0)
			continue;
		if (rank_of[n->rank_group] == 0)
			rank_of[n->rank_group] = n->pin_rank;
		else if (rank_of[n->rank_group] != n->pin_rank)
			rank_of[n->rank_group] = -1;
	}
	for (size_t i = 0; i < s->node_count; i++)
		if (s->nodes[i].rank_group > 0 && rank_of[s->nodes[i].rank_group] < 0)
			s->nodes[i].rank_group = 0;
	free(rank_of);
}

/*
 * A connection drawn along a rank (tail, badge, head flat) runs the way
 * its ends are pinned: dot keeps a flat edge's tail before its head, so a
 * connection against the rows' order would make a cycle with them, and
 * dot would break it by moving a component.
 */
static void orient_flat(archdoc_diagram__scene *s)
{
	for (size_t i = 0; i + 1 < s->edge_count; i++) {
		archdoc_diagram__edge *a = &s->edges[i], *b = &s->edges[i + 1];
		const archdoc_diagram__node *t, *h, *badge;

		if (a->half != 1 || b->half != 2 || a->conn != b->conn || a->layout_only)
			continue;
		t = &s->nodes[a->tail];
		badge = &s->nodes[a->head];
		h = &s->nodes[b->head];
		if (t->pin_rank <= 0 || t->pin_rank != h->pin_rank || badge->rank_group <= 0 ||
				badge->rank_group != t->rank_group || badge->rank_group != h->rank_group)
			continue;
		a->reversed = b->reversed = t->pin_pos > h->pin_pos;
	}
}

int archdoc_diagram__pin_rows(archdoc_diagram__scene *s, const archdoc_diagram__strategy *st)
{
	archdoc_hash by_name = ARCHDOC_HASH_INIT;
	char name[2 + 128 + 1 + 1];
	int rank = 1, prev = -1, first_prev = -1, first = -1, pos = 0, rc = 0;
	size_t n = 0;

	if (!st->rows || (st->has_shape && st->shape == s->shape))
		return 0;
	for (size_t i = 0; i < s->node_count && rc == 0; i++)
		if (s->nodes[i].role == ARCHDOC_ROLE_COMPONENT)
			rc = archdoc_hash_put(&by_name, s->nodes[i].name, (void *)(i + 1), NULL) < 0 ? -1 : 0;
	name[0] = 'c';
	name[1] = '_';
	for (size_t i = 0; i <= st->rows_len && rc == 0; i++) {
		char ch = i < st->rows_len ? st->rows[i] : '\0';

		if (ch && ch != ' ' && ch != '/') {
			if (n < sizeof(name) - 3)
				name[2 + n] = ch;
			n++;
			continue;
		}
		if (n && n < sizeof(name) - 3) {
			size_t k;

			name[2 + n] = '\0';
			k = (size_t)archdoc_hash_get(&by_name, name);
			/* a component the model no longer has, or named twice */
			if (k && s->nodes[k - 1].pin_rank == 0) {
				int node = (int)(k - 1);

				s->nodes[node].pin_rank = rank;
				s->nodes[node].pin_pos = pos++;
				if (prev >= 0)
					rc = add_hold(s, prev, node, 1);
				else if (first_prev >= 0)
					rc = add_hold(s, first_prev, node, 0);
				if (first < 0)
					first = node;
				prev = node;
			}
		}
		n = 0;
		if (ch == '/' || !ch) {
			if (first >= 0) {
				first_prev = first;
				rank++;
			}
			first = prev = -1;
			pos = 0;
		}
	}
	archdoc_hash_free(&by_name);
	if (rc == 0) {
		/* holding ranks across boundaries is newrank's rank=same */
		s->params.newrank = 1;
		release_split_groups(s);
		orient_flat(s);
	}
	return rc;
}

void archdoc_diagram__pin_drop(archdoc_diagram__scene *s)
{
	size_t k = 0;

	for (size_t i = 0; i < s->edge_count; i++)
		if (!s->edges[i].layout_only)
			s->edges[k++] = s->edges[i];
	s->edge_count = k;
	for (size_t i = 0; i < s->node_count; i++)
		s->nodes[i].pin_rank = 0;
}

typedef struct placed {
	double rank, order;
	const char *id;
} placed;

static int placed_cmp(const void *pa, const void *pb)
{
	const placed *a = pa, *b = pb;

	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return strcmp(a->id, b->id);
}

static int order_cmp(const void *pa, const void *pb)
{
	const placed *a = pa, *b = pb;

	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return strcmp(a->id, b->id);
}

void archdoc_diagram__pin_rows_text(archdoc_buf *b, const archdoc_diagram__scene *s)
{
	placed *all = malloc((s->node_count ? s->node_count : 1) * sizeof(*all));
	size_t n = 0;
	int lr = s->params.rankdir_lr;

	if (!all) {
		b->failed = 1;
		return;
	}
	for (size_t i = 0; i < s->node_count; i++) {
		const archdoc_diagram__node *nd = &s->nodes[i];

		if (nd->role != ARCHDOC_ROLE_COMPONENT || strncmp(nd->name, "c_", 2) != 0)
			continue;
		/* ranks run down (TB) or right (LR); a rank's order runs right
		 * (TB) or up (LR), as dot numbers it */
		all[n].rank = lr ? nd->pos.x : -nd->pos.y;
		all[n].order = lr ? nd->pos.y : nd->pos.x;
		all[n].id = nd->name + 2;
		n++;
	}
	qsort(all, n, sizeof(*all), placed_cmp);
	/* one rank: centres within a point of the rank's first */
	for (size_t i = 0, start = 0; i <= n; i++) {
		if (i < n && all[i].rank - all[start].rank <= 1.0)
			continue;
		qsort(all + start, i - start, sizeof(*all), order_cmp);
		if (start)
			archdoc_buf_putc(b, '/');
		for (size_t k = start; k < i; k++) {
			if (k > start)
				archdoc_buf_putc(b, ' ');
			archdoc_buf_puts(b, all[k].id);
		}
		start = i;
		if (i == n)
			break;
	}
	free(all);
}
