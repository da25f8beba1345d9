/*
 * archdoc's own routing on a placed scene.
 *
 * join: each connection is drawn as two edges through its badge; both
 * halves are extended to the badge's centre, so the line visibly runs
 * through its own number (the badge is drawn on top and hides the joint)
 * and no other line can be nearer to that number than its own.
 */
#include "diagram.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "archdoc/errors.h"
#include "array.h"

/* A straight cubic segment from a to b, as control points after a. */
static void straight(archdoc_diagram__pt a, archdoc_diagram__pt b, archdoc_diagram__pt out[3])
{
	out[0].x = a.x + (b.x - a.x) / 3;
	out[0].y = a.y + (b.y - a.y) / 3;
	out[1].x = a.x + 2 * (b.x - a.x) / 3;
	out[1].y = a.y + 2 * (b.y - a.y) / 3;
	out[2] = b;
}

static int extend_to(archdoc_diagram__scene *s, archdoc_diagram__edge *e, archdoc_diagram__pt c)
{
	archdoc_diagram__pt *p;
	size_t n = e->npts;
	int rc;

	if (!n)
		return 0;
	p = malloc((n + 3) * sizeof(*p));
	if (!p)
		return -1;
	for (size_t i = 0; i < n; i++)
		p[i] = e->pts[i];
	straight(p[n - 1], c, p + n);
	rc = archdoc_diagram__edge_set_points(s, e, p, n + 3);
	free(p);
	return rc;
}

static int start_from(archdoc_diagram__scene *s, archdoc_diagram__edge *e, archdoc_diagram__pt c)
{
	archdoc_diagram__pt *p;
	size_t n = e->npts;
	int rc;

	if (!n)
		return 0;
	p = malloc((n + 3) * sizeof(*p));
	if (!p)
		return -1;
	p[0] = c;
	straight(c, e->pts[0], p + 1);     /* p[3] is pts[0] */
	for (size_t i = 1; i < n; i++)
		p[i + 3] = e->pts[i];
	rc = archdoc_diagram__edge_set_points(s, e, p, n + 3);
	free(p);
	return rc;
}

static int route_packed(archdoc_diagram__scene *s);

int archdoc_diagram__route(archdoc_diagram__scene *s, const archdoc_diagram__strategy *st)
{
	if (st->badges && s->params.pack)
		return route_packed(s);
	if (!st->badges || !s->params.join)
		return 0;
	for (size_t i = 0; i < s->edge_count; i++) {
		archdoc_diagram__edge *e = &s->edges[i];

		if (e->half == 1 && extend_to(s, e, s->nodes[e->head].pos) < 0)
			return ARCHDOC_ENOMEM;
		if (e->half == 2 && start_from(s, e, s->nodes[e->tail].pos) < 0)
			return ARCHDOC_ENOMEM;
	}
	return 0;
}

/* --- the large strategy: straight lines and free places for badges --- */

#define ARROW 10.0      /* Graphviz's arrowhead length (points) */
#define BADGE_GAP 3.0   /* space kept around a badge */

typedef struct rbox {
	double x0, y0, x1, y1;
} rbox;

/* Boxes nothing else may overlap, bucketed in a uniform grid. */
typedef struct obstacles {
	rbox *box;
	size_t count, cap;
	int *head;           /* per cell: first entry, -1 none */
	int *next, *which;   /* entries: next in cell, box index */
	size_t entries, entries_cap;
	double x0, y0, cell;
	long nx, ny;
} obstacles;

static int meet(const rbox *a, const rbox *b)
{
	return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

static long cell_of(const obstacles *o, double v, double origin, long n)
{
	double c = floor((v - origin) / o->cell);

	return c < 0 ? 0 : c >= (double)n ? n - 1 : (long)c;
}

static int ob_add(obstacles *o, rbox b)
{
	long cx0, cx1, cy0, cy1;

	if (ARCHDOC_ARRAY_RESERVE(o->box, o->cap, o->count + 1, 256) < 0)
		return -1;
	o->box[o->count] = b;
	cx0 = cell_of(o, b.x0, o->x0, o->nx);
	cx1 = cell_of(o, b.x1, o->x0, o->nx);
	cy0 = cell_of(o, b.y0, o->y0, o->ny);
	cy1 = cell_of(o, b.y1, o->y0, o->ny);
	for (long y = cy0; y <= cy1; y++)
		for (long x = cx0; x <= cx1; x++) {
			size_t c = (size_t)y * (size_t)o->nx + (size_t)x;

			if (o->entries == o->entries_cap) {
				size_t next_cap = o->entries_cap, which_cap = o->entries_cap;

				/* two arrays of one length */
				if (ARCHDOC_ARRAY_RESERVE(o->next, next_cap, o->entries + 1, 1024) < 0 ||
						ARCHDOC_ARRAY_RESERVE(o->which, which_cap, o->entries + 1, 1024) < 0)
					return -1;
				o->entries_cap = which_cap;
			}
			o->next[o->entries] = o->head[c];
			o->which[o->entries] = (int)o->count;
			o->head[c] = (int)o->entries++;
		}
	o->count++;
	return 0;
}

static int ob_free(const obstacles *o, const rbox *b)
{
	long cx0 = cell_of(o, b->x0, o->x0, o->nx), cx1 = cell_of(o, b->x1, o->x0, o->nx);
	long cy0 = cell_of(o, b->y0, o->y0, o->ny), cy1 = cell_of(o, b->y1, o->y0, o->ny);

	for (long y = cy0; y <= cy1; y++)
		for (long x = cx0; x <= cx1; x++)
			for (int k = o->head[(size_t)y * (size_t)o->nx + (size_t)x]; k >= 0; k = o->next[k])
				if (meet(b, &o->box[o->which[k]]))
					return 0;
	return 1;
}

static void ob_fini(obstacles *o)
{
	free(o->box);
	free(o->head);
	free(o->next);
	free(o->which);
}

/* Where the line from a node's centre towards p leaves its box. */
static archdoc_diagram__pt border(const archdoc_diagram__node *n, archdoc_diagram__pt p)
{
	double dx = p.x - n->pos.x, dy = p.y - n->pos.y, t = 1;

	if (fabs(dx) * n->h > fabs(dy) * n->w) {
		if (fabs(dx) > n->w / 2)
			t = (n->w / 2) / fabs(dx);
	} else if (fabs(dy) > n->h / 2) {
		t = (n->h / 2) / fabs(dy);
	}
	p.x = n->pos.x + dx * t;
	p.y = n->pos.y + dy * t;
	return p;
}

static rbox badge_box(const archdoc_diagram__node *b, archdoc_diagram__pt c)
{
	rbox r = { c.x - b->w / 2 - BADGE_GAP, c.y - b->h / 2 - BADGE_GAP, c.x + b->w / 2 + BADGE_GAP,
		c.y + b->h / 2 + BADGE_GAP };

	return r;
}

/* A free place for badge b on the line p-q, nearest its middle; else the
 * free place nearest the middle off the line (the line then bends through
 * it). Always finds one: outside the drawing everything is free. */
static archdoc_diagram__pt place_badge(const obstacles *o, const archdoc_diagram__node *b, archdoc_diagram__pt p,
		archdoc_diagram__pt q)
{
	double dx = q.x - p.x, dy = q.y - p.y, len = hypot(dx, dy);
	double step = (b->w > b->h ? b->w : b->h) / 2 + BADGE_GAP;
	archdoc_diagram__pt mid = { (p.x + q.x) / 2, (p.y + q.y) / 2 };

	if (len > 0) {
		long half = (long)(len / 2 / step);

		for (long k = 0; k <= 2 * half; k++) {
			/* 0, +1, -1, +2, -2, ... steps from the middle */
			double off = (double)((k + 1) / 2) * step * (k % 2 ? 1 : -1);
			archdoc_diagram__pt c = { mid.x + dx / len * off, mid.y + dy / len * off };
			rbox r = badge_box(b, c);

			if (ob_free(o, &r))
				return c;
		}
	}
	for (long ring = 1;; ring++) {
		long around = 8 * ring;

		for (long k = 0; k < around; k++) {
			double a = 2 * 3.14159265358979323846 * (double)k / (double)around;
			archdoc_diagram__pt c = { mid.x + cos(a) * (double)ring * step, mid.y + sin(a) * (double)ring * step };
			rbox r = badge_box(b, c);

			if (ob_free(o, &r))
				return c;
		}
	}
}

static int set_straight(archdoc_diagram__scene *s, archdoc_diagram__edge *e, archdoc_diagram__pt a,
		archdoc_diagram__pt b, int tip)
{
	archdoc_diagram__pt p[4];

	e->has_tip = 0;
	if (tip) {
		double dx = b.x - a.x, dy = b.y - a.y, len = hypot(dx, dy);

		e->has_tip = 1;
		e->tip = b;
		if (len > ARROW) {
			b.x -= dx / len * ARROW;
			b.y -= dy / len * ARROW;
		} else {
			b = a;
		}
	}
	p[0] = a;
	straight(a, b, p + 1);
	return archdoc_diagram__edge_set_points(s, e, p, 4);
}

/* How many connections between the same two components came before:
 * an open-addressing table of unordered pairs. */
typedef struct pairs {
	uint64_t *key;
	unsigned *seen;
	size_t mask;
} pairs;

static unsigned pair_next(pairs *t, int a, int b)
{
	uint64_t k = a < b ? ((uint64_t)(unsigned)a << 32 | (unsigned)b) : ((uint64_t)(unsigned)b << 32 | (unsigned)a);
	size_t i = (size_t)((k + 1) * 0x9E3779B97F4A7C15ULL >> 17) & t->mask;

	while (t->key[i] && t->key[i] != k + 1)
		i = (i + 1) & t->mask;
	t->key[i] = k + 1;
	return t->seen[i]++;
}

static int route_packed(archdoc_diagram__scene *s)
{
	obstacles o;
	size_t ncells, nconn = 0;
	double x1 = -HUGE_VAL, y1 = -HUGE_VAL;
	int *tail_half = NULL, *head_half = NULL;
	pairs pt = { NULL, NULL, 0 };
	int rc = ARCHDOC_ENOMEM;

	memset(&o, 0, sizeof(o));
	o.x0 = o.y0 = HUGE_VAL;
	for (size_t i = 0; i < s->node_count; i++) {
		const archdoc_diagram__node *n = &s->nodes[i];

		if (n->role == ARCHDOC_ROLE_BADGE)
			continue;
		o.x0 = fmin(o.x0, n->pos.x - n->w / 2);
		o.y0 = fmin(o.y0, n->pos.y - n->h / 2);
		x1 = fmax(x1, n->pos.x + n->w / 2);
		y1 = fmax(y1, n->pos.y + n->h / 2);
	}
	for (size_t i = 0; i < s->cluster_count; i++) {
		o.x0 = fmin(o.x0, s->clusters[i].x0);
		o.y0 = fmin(o.y0, s->clusters[i].y0);
		x1 = fmax(x1, s->clusters[i].x1);
		y1 = fmax(y1, s->clusters[i].y1);
	}
	for (size_t i = 0; i < s->edge_count; i++)
		if (s->edges[i].conn + 1 > nconn)
			nconn = s->edges[i].conn + 1;
	if (o.x0 > x1)
		o.x0 = o.y0 = x1 = y1 = 0;
	/* about as many cells as things to place, each at least a badge wide */
	o.cell = sqrt((x1 - o.x0 + 1) * (y1 - o.y0 + 1) / (double)(s->node_count + 1));
	if (o.cell < 24)
		o.cell = 24;
	o.nx = (long)((x1 - o.x0) / o.cell) + 1;
	o.ny = (long)((y1 - o.y0) / o.cell) + 1;
	ncells = (size_t)o.nx * (size_t)o.ny;
	o.head = malloc(ncells * sizeof(*o.head));
	tail_half = malloc((nconn + 1) * sizeof(*tail_half));
	head_half = malloc((nconn + 1) * sizeof(*head_half));
	for (pt.mask = 16; pt.mask < 2 * (nconn + 1); pt.mask *= 2)
		;
	pt.key = calloc(pt.mask, sizeof(*pt.key));
	pt.seen = calloc(pt.mask, sizeof(*pt.seen));
	pt.mask--;
	if (!o.head || !tail_half || !head_half || !pt.key || !pt.seen)
		goto done;
	for (size_t c = 0; c < ncells; c++)
		o.head[c] = -1;
	for (size_t c = 0; c < nconn; c++)
		tail_half[c] = head_half[c] = -1;
	for (size_t i = 0; i < s->edge_count; i++) {
		if (s->edges[i].half == 1)
			tail_half[s->edges[i].conn] = (int)i;
		else if (s->edges[i].half == 2)
			head_half[s->edges[i].conn] = (int)i;
	}
	/* components and boundary titles stay clear */
	for (size_t i = 0; i < s->node_count; i++) {
		const archdoc_diagram__node *n = &s->nodes[i];
		rbox r = { n->pos.x - n->w / 2 - 1, n->pos.y - n->h / 2 - 1, n->pos.x + n->w / 2 + 1,
			n->pos.y + n->h / 2 + 1 };

		if (n->role != ARCHDOC_ROLE_BADGE && ob_add(&o, r) < 0)
			goto done;
	}
	for (size_t i = 0; i < s->cluster_count; i++) {
		const archdoc_diagram__cluster *c = &s->clusters[i];
		rbox r = { c->label_pos.x - c->label_w / 2 - 2, c->label_pos.y - c->label_h / 2 - 2,
			c->label_pos.x + c->label_w / 2 + 2, c->label_pos.y + c->label_h / 2 + 2 };

		if (c->label_w > 0 && ob_add(&o, r) < 0)
			goto done;
	}
	/* badges by connection number, each in the free place nearest the
	 * middle of its line; the line runs through it */
	for (size_t c = 0; c < nconn; c++) {
		archdoc_diagram__edge *t, *h;
		archdoc_diagram__node *from, *to, *badge;
		archdoc_diagram__pt p, q, at;

		if (tail_half[c] < 0 || head_half[c] < 0)
			continue;
		t = &s->edges[tail_half[c]];
		h = &s->edges[head_half[c]];
		from = &s->nodes[t->tail];
		badge = &s->nodes[t->head];
		to = &s->nodes[h->head];
		p = from->pos;
		q = to->pos;
		if (t->tail == h->head) {
			/* to itself: the badge beside the box */
			p.x = from->pos.x + from->w / 2;
			q = p;
			q.x += badge->w + 2 * BADGE_GAP;
		} else {
			p = border(from, to->pos);
			q = border(to, from->pos);
		}
		{
			/* parallel connections: each further one on its own line,
			 * bent through a badge beside the first's, alternating sides */
			unsigned k = pair_next(&pt, t->tail, h->head);

			if (k) {
				double dx = q.x - p.x, dy = q.y - p.y, len = hypot(dx, dy);
				double off = (double)((k + 1) / 2) * (badge->w + 4 * BADGE_GAP) * (k % 2 ? 1 : -1);

				if (len <= 0)
					dx = 0, dy = 1, len = 1;
				p.x += -dy / len * off;
				p.y += dx / len * off;
				q.x += -dy / len * off;
				q.y += dx / len * off;
			}
		}
		at = place_badge(&o, badge, p, q);
		badge->pos = at;
		if (ob_add(&o, badge_box(badge, at)) < 0)
			goto done;
		if (set_straight(s, t, border(from, at), at, t->arrow) < 0 ||
				set_straight(s, h, at, border(to, at), h->arrow) < 0)
			goto done;
	}
	rc = 0;
done:
	ob_fini(&o);
	free(pt.key);
	free(pt.seen);
	free(tail_half);
	free(head_half);
	return rc;
}
