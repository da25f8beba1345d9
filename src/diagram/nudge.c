/*
 * Lines pushed apart where they run together.
 *
 * Graphviz routes lines that share a channel between two boxes along the
 * same path: for a stretch, a reader cannot tell which line is which
 * (quality.c's "tangled"). After routing, each stretch of a line that runs
 * nearer than NUDGE_GAP to another connection's line is pushed away from
 * it by the shortfall, up to 32 rounds. A line's ends stay where they
 * are (spread ends, arrowheads, badges), no point ends more than
 * MAX_DRIFT from its route, and a line is only moved where the move keeps
 * it off every component and boundary title.
 */
#include "diagram.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "archdoc/errors.h"
#include "quality.h"

#define NUDGE_GAP 10.0      /* the measure's tangle: nearer than 4 units over 40 */
/* A bundle parts from the outside in, a little each round: 8 rounds of
 * half the shortfall left most bundles of four or more lines touching
 * (docs/diagram.md, step 7) */
#define NUDGE_ROUNDS 32
#define STEP 5.0            /* sample spacing along a line */
#define MAX_DRIFT 24.0     /* how far a pushed point may end from its route */
#define FAN_ROOM 30.0       /* a fan's lines are left alone this near their shared end */
#define FAN_APART 4.0       /* ... while at least this far apart (the measure's tangle) */
#define MAX_PUSH 5.0        /* per round, per knot */
#define BADGE_CLEAR 8.0
#define CROSS_COS 0.85      /* lines meeting at more than about 30 degrees cross */
/* Past about 200 connections (two halves each), a drawing has one layout,
 * unmeasured (docs/diagram.md, "Size"), and pushing costs more than the
 * layout: not done. */
#define NUDGE_MAX_EDGES 400

typedef struct sample {
	archdoc_diagram__pt p;
	size_t edge;
	size_t seg;             /* which cubic segment of its edge */
	size_t conn;            /* its edge's connection */
	archdoc_diagram__pt dir;        /* the line's direction there (unit) */
} sample;

typedef struct nudger {
	sample *v;
	size_t n, cap;
	size_t *cell_first, *order;     /* samples by grid cell */
	size_t cells;
	archdoc_diagram__pt *push;      /* per edge segment, flattened */
	size_t *seg_first;              /* edge i's segments: push[seg_first[i] ..] */
	unsigned *hits;
	archdoc_diagram__pt **base;     /* each line before the first round */
} nudger;

static archdoc_diagram__pt bez(const archdoc_diagram__pt *p, double t)
{
	double u = 1 - t, a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
	archdoc_diagram__pt r = { a * p[0].x + b * p[1].x + c * p[2].x + d * p[3].x,
		a * p[0].y + b * p[1].y + c * p[2].y + d * p[3].y };

	return r;
}

static size_t cell_of(const nudger *g, archdoc_diagram__pt p)
{
	int64_t ix = (int64_t)floor(p.x / NUDGE_GAP), iy = (int64_t)floor(p.y / NUDGE_GAP);
	uint64_t h = (uint64_t)ix * 73856093u ^ (uint64_t)iy * 19349663u;

	return (size_t)(h % g->cells);
}

/* The direction of the curve p at t, as a unit vector (0, 0 if none). */
static archdoc_diagram__pt tangent(const archdoc_diagram__pt *p, double t)
{
	double u = 1 - t;
	archdoc_diagram__pt d = {
		3 * u * u * (p[1].x - p[0].x) + 6 * u * t * (p[2].x - p[1].x) + 3 * t * t * (p[3].x - p[2].x),
		3 * u * u * (p[1].y - p[0].y) + 6 * u * t * (p[2].y - p[1].y) + 3 * t * t * (p[3].y - p[2].y) };
	double l = hypot(d.x, d.y);

	if (l < 1e-9) {
		d.x = p[3].x - p[0].x;
		d.y = p[3].y - p[0].y;
		l = hypot(d.x, d.y);
	}
	if (l < 1e-9)
		return (archdoc_diagram__pt){ 0, 0 };
	d.x /= l;
	d.y /= l;
	return d;
}

static int add_sample(nudger *g, archdoc_diagram__pt p, archdoc_diagram__pt dir, size_t edge, size_t seg,
		size_t conn)
{
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 1024;
		sample *v = realloc(g->v, cap * sizeof(*v));

		if (!v)
			return -1;
		g->v = v;
		g->cap = cap;
	}
	g->v[g->n].p = p;
	g->v[g->n].edge = edge;
	g->v[g->n].seg = seg;
	g->v[g->n].conn = conn;
	g->v[g->n].dir = dir;
	g->n++;
	return 0;
}

/* Every drawn line sampled about STEP apart, then bucketed by cell. */
static int sample_all(nudger *g, const archdoc_diagram__scene *s)
{
	g->n = 0;
	for (size_t i = 0; i < s->edge_count; i++) {
		const archdoc_diagram__edge *e = &s->edges[i];

		for (size_t k = 0; k + 3 < e->npts; k += 3) {
			const archdoc_diagram__pt *p = &e->pts[k];
			double len = hypot(p[1].x - p[0].x, p[1].y - p[0].y) + hypot(p[2].x - p[1].x, p[2].y - p[1].y) +
				hypot(p[3].x - p[2].x, p[3].y - p[2].y);
			size_t steps = (size_t)(len / STEP) + 1;

			if (steps > 4096)
				steps = 4096;
			for (size_t j = 0; j < steps; j++)
				if (add_sample(g, bez(p, (j + 0.5) / (double)steps), tangent(p, (j + 0.5) / (double)steps), i,
						k / 3, e->conn) < 0)
					return -1;
		}
	}
	free(g->cell_first);
	free(g->order);
	g->cells = g->n * 2 + 1;
	g->cell_first = calloc(g->cells + 1, sizeof(*g->cell_first));
	g->order = malloc((g->n + 1) * sizeof(*g->order));
	if (!g->cell_first || !g->order)
		return -1;
	for (size_t i = 0; i < g->n; i++)
		g->cell_first[cell_of(g, g->v[i].p) + 1]++;
	for (size_t c = 0; c < g->cells; c++)
		g->cell_first[c + 1] += g->cell_first[c];
	{
		size_t *at = malloc((g->cells + 1) * sizeof(*at));

		if (!at)
			return -1;
		memcpy(at, g->cell_first, (g->cells + 1) * sizeof(*at));
		for (size_t i = 0; i < g->n; i++)
			g->order[at[cell_of(g, g->v[i].p)]++] = i;
		free(at);
	}
	return 0;
}

/* Split e's pieces longer than SPLIT_LEN in halves (de Casteljau): the
 * same curve, with knots close enough to bend it where it runs with
 * another line rather than along its whole length. */
#define SPLIT_LEN 60.0
static double piece_len(const archdoc_diagram__pt *p)
{
	return hypot(p[1].x - p[0].x, p[1].y - p[0].y) + hypot(p[2].x - p[1].x, p[2].y - p[1].y) +
		hypot(p[3].x - p[2].x, p[3].y - p[2].y);
}

static archdoc_diagram__pt mid(archdoc_diagram__pt a, archdoc_diagram__pt b)
{
	archdoc_diagram__pt m = { (a.x + b.x) / 2, (a.y + b.y) / 2 };

	return m;
}

/* How many pieces p should be: a power of two, each about SPLIT_LEN. */
static size_t parts_for(const archdoc_diagram__pt *p)
{
	double len = piece_len(p);
	size_t parts = 1;

	while (len / (double)parts > SPLIT_LEN && parts < 64)
		parts *= 2;
	return parts;
}

static int split_long(archdoc_diagram__scene *s, archdoc_diagram__edge *e)
{
	size_t cap = e->npts, n = 1;
	archdoc_diagram__pt *out;
	int rc;

	for (size_t k = 0; k + 3 < e->npts; k += 3)
		cap += 3 * (parts_for(&e->pts[k]) - 1);
	if (cap == e->npts)
		return 0;
	out = malloc(cap * sizeof(*out));
	if (!out)
		return -1;
	out[0] = e->pts[0];
	for (size_t k = 0; k + 3 < e->npts; k += 3) {
		archdoc_diagram__pt piece[4 * 64];
		size_t parts = 1, want = parts_for(&e->pts[k]);

		memcpy(piece, &e->pts[k], 4 * sizeof(*piece));
		/* halve every piece, left to right, until there are enough */
		while (parts < want) {
			size_t np = 0;
			archdoc_diagram__pt next[4 * 64];

			for (size_t j = 0; j < parts; j++) {
				const archdoc_diagram__pt *p = &piece[4 * j];
				archdoc_diagram__pt p01 = mid(p[0], p[1]), p12 = mid(p[1], p[2]), p23 = mid(p[2], p[3]);
				archdoc_diagram__pt p012 = mid(p01, p12), p123 = mid(p12, p23), m = mid(p012, p123);
				archdoc_diagram__pt l[4] = { p[0], p01, p012, m }, r[4] = { m, p123, p23, p[3] };

				memcpy(&next[4 * np++], l, sizeof(l));
				memcpy(&next[4 * np++], r, sizeof(r));
			}
			parts = np;
			memcpy(piece, next, 4 * parts * sizeof(*piece));
		}
		for (size_t j = 0; j < parts; j++) {
			out[n++] = piece[4 * j + 1];
			out[n++] = piece[4 * j + 2];
			out[n++] = piece[4 * j + 3];
		}
	}
	rc = archdoc_diagram__edge_set_points(s, e, out, n);
	free(out);
	return rc;
}

/* Is p inside a box (a component, or a badge with a margin) that was
 * not at the same place on the line before (was)? */
static int in_node(const archdoc_diagram__node *n, archdoc_diagram__pt p)
{
	/* other lines' numbers kept at a distance: a line near a number
	 * reads as its line */
	double m = n->role == ARCHDOC_ROLE_BADGE ? BADGE_CLEAR : 3;

	return fabs(p.x - n->pos.x) < n->w / 2 + m && fabs(p.y - n->pos.y) < n->h / 2 + m;
}

static int entered(const archdoc_diagram__scene *s, const size_t *near, size_t count, archdoc_diagram__pt p,
		archdoc_diagram__pt was)
{
	for (size_t k = 0; k < count; k++) {
		const archdoc_diagram__node *n = &s->nodes[near[k]];

		/* into its margin, or from the margin into the box itself */
		if (in_node(n, p) && (!in_node(n, was) ||
				(fabs(p.x - n->pos.x) < n->w / 2 && fabs(p.y - n->pos.y) < n->h / 2 &&
				 !(fabs(was.x - n->pos.x) < n->w / 2 && fabs(was.y - n->pos.y) < n->h / 2))))
			return 1;
	}
	return 0;
}

/* On one of the titles (lo, hi pairs; placed before lines are pushed
 * apart)? */
static int in_title(const archdoc_diagram__pt *t, size_t n, archdoc_diagram__pt p)
{
	for (size_t i = 0; i < n; i++)
		if (p.x > t[2 * i].x && p.x < t[2 * i + 1].x && p.y > t[2 * i].y && p.y < t[2 * i + 1].y)
			return 1;
	return 0;
}

/* Grow box b (x0, y0, x1, y1) to hold e's control points, which hold its
 * curve. */
static void grow(double *b, const archdoc_diagram__pt *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		b[0] = fmin(b[0], p[i].x);
		b[1] = fmin(b[1], p[i].y);
		b[2] = fmax(b[2], p[i].x);
		b[3] = fmax(b[3], p[i].y);
	}
}

/* Whether e, whose points were old (as many), now runs through a
 * component, near a badge other than its ends or over a boundary's title
 * where it did not: the boxes near either version first, then samples
 * about STEP apart (a line clips a box's corner briefly). 1, 0, or -1 out
 * of memory. */
static int moved_into_box_at(const archdoc_diagram__scene *s, const archdoc_diagram__edge *e,
		const archdoc_diagram__pt *old, unsigned char *bad)
{
	double b[4] = { HUGE_VAL, HUGE_VAL, -HUGE_VAL, -HUGE_VAL };
	size_t *near = malloc((s->node_count + 1) * sizeof(*near)), count = 0, titles = 0;
	archdoc_diagram__pt *tb = malloc((2 * s->cluster_count + 1) * sizeof(*tb));
	int hit = 0;

	if (!near || !tb) {
		free(near);
		free(tb);
		return -1;
	}
	grow(b, e->pts, e->npts);
	grow(b, old, e->npts);
	for (size_t i = 0; i < s->cluster_count; i++) {
		const archdoc_diagram__cluster *c = &s->clusters[i];

		if (c->legend || !c->label || !*c->label)
			continue;
		archdoc_diagram__title_box(c, 2, &tb[2 * titles], &tb[2 * titles + 1]);
		if (tb[2 * titles + 1].x > b[0] && tb[2 * titles].x < b[2] && tb[2 * titles + 1].y > b[1] &&
				tb[2 * titles].y < b[3])
			titles++;
	}
	for (size_t i = 0; i < s->node_count; i++) {
		const archdoc_diagram__node *n = &s->nodes[i];
		double m = BADGE_CLEAR + 1;

		if ((int)i == e->tail || (int)i == e->head ||
				(n->role != ARCHDOC_ROLE_COMPONENT && n->role != ARCHDOC_ROLE_BADGE))
			continue;
		if (n->pos.x + n->w / 2 + m > b[0] && n->pos.x - n->w / 2 - m < b[2] &&
				n->pos.y + n->h / 2 + m > b[1] && n->pos.y - n->h / 2 - m < b[3])
			near[count++] = i;
	}
	for (size_t k = 0; (count || titles) && (bad || !hit) && k + 3 < e->npts; k += 3) {
		size_t steps = (size_t)(piece_len(&e->pts[k]) / STEP) + 8;
		int in = 0;

		if (steps > 4096)
			steps = 4096;
		for (size_t t = 1; !in && t < steps; t++) {
			archdoc_diagram__pt p = bez(&e->pts[k], (double)t / (double)steps);
			archdoc_diagram__pt was = bez(&old[k], (double)t / (double)steps);

			in = entered(s, near, count, p, was) || (in_title(tb, titles, p) && !in_title(tb, titles, was));
		}
		if (in && bad)
			bad[k / 3] = 1;
		hit |= in;
	}
	free(near);
	free(tb);
	return hit;
}

static int moved_into_box(const archdoc_diagram__scene *s, const archdoc_diagram__edge *e,
		const archdoc_diagram__pt *old)
{
	return moved_into_box_at(s, e, old, NULL);
}

/* Within END_ROOM of n's box: where a line meets its end. */
#define END_ROOM 10.0
static int near_box(const archdoc_diagram__node *n, archdoc_diagram__pt p)
{
	return fabs(p.x - n->pos.x) < n->w / 2 + END_ROOM && fabs(p.y - n->pos.y) < n->h / 2 + END_ROOM;
}

/* How far p is outside n's box (0 inside). */
static double box_gap(const archdoc_diagram__node *n, archdoc_diagram__pt p)
{
	double dx = fmax(fabs(p.x - n->pos.x) - n->w / 2, 0), dy = fmax(fabs(p.y - n->pos.y) - n->h / 2, 0);

	return hypot(dx, dy);
}

/* The nearest sample of another connection's line within NUDGE_GAP of
 * a, or NULL; *dist its distance. */
static const sample *nearest(const nudger *g, const sample *a, double *dist)
{
	int64_t cx = (int64_t)floor(a->p.x / NUDGE_GAP), cy = (int64_t)floor(a->p.y / NUDGE_GAP);
	const sample *near = NULL;
	double best = NUDGE_GAP * NUDGE_GAP;     /* squared until the end */

	for (int dx = -1; dx <= 1; dx++)
		for (int dy = -1; dy <= 1; dy++) {
			archdoc_diagram__pt c = { (double)(cx + dx) * NUDGE_GAP + 1, (double)(cy + dy) * NUDGE_GAP + 1 };
			size_t cell = cell_of(g, c);

			for (size_t k = g->cell_first[cell]; k < g->cell_first[cell + 1]; k++) {
				const sample *b = &g->v[g->order[k]];
				double d;

				if (b->conn == a->conn)
					continue;
				d = (a->p.x - b->p.x) * (a->p.x - b->p.x) + (a->p.y - b->p.y) * (a->p.y - b->p.y);
				if (d < best) {
					best = d;
					near = b;
				}
			}
		}
	*dist = sqrt(best);
	return near;
}

static int has_near(const nudger *g, const archdoc_diagram__scene *s, const sample *a)
{
	const archdoc_diagram__edge *e = &s->edges[a->edge];
	double d;

	return !near_box(&s->nodes[e->tail], a->p) && !near_box(&s->nodes[e->head], a->p) && nearest(g, a, &d);
}


/*
 * A move into a box is no move: the pieces that went into one stay where
 * they were, and the move fades in over TAPER pieces on either side, so
 * the line bends gently between where it moved and where it stayed.
 */
#define TAPER 3
static void taper(archdoc_diagram__pt *d, size_t npts, const unsigned char *bad, size_t nseg)
{
	for (size_t k = 0; k < npts; k++) {
		/* knot k/3 (or the knots around a handle) against the bad pieces */
		double lo = (double)k / 3.0, best = TAPER;

		for (size_t j = 0; j < nseg; j++) {
			double dist;

			if (!bad[j])
				continue;
			/* piece j spans knots j .. j + 1 */
			dist = lo < (double)j ? (double)j - lo : lo > (double)j + 1 ? lo - ((double)j + 1) : 0;
			if (dist < best)
				best = dist;
		}
		d[k].x *= best / TAPER;
		d[k].y *= best / TAPER;
	}
}

/* No point further than MAX_DRIFT from where it was routed: rounds after
 * rounds of pushes would otherwise carry a line that keeps meeting others
 * (lines leaving one point together) into a wide bulge */
static void drift(archdoc_diagram__pt *p, archdoc_diagram__pt from)
{
	double dx = p->x - from.x, dy = p->y - from.y, l = hypot(dx, dy);

	if (l > MAX_DRIFT) {
		p->x = from.x + dx * MAX_DRIFT / l;
		p->y = from.y + dy * MAX_DRIFT / l;
	}
}

/* One round: 1 when something moved, 0 when nothing did, -1 out of memory. */
static int nudge_round(nudger *g, archdoc_diagram__scene *s)
{
	size_t segs = 0;
	int moved = 0;

	if (sample_all(g, s) < 0)
		return -1;
	free(g->push);
	free(g->seg_first);
	free(g->hits);
	g->seg_first = malloc((s->edge_count + 1) * sizeof(*g->seg_first));
	for (size_t i = 0; g->seg_first && i < s->edge_count; i++) {
		g->seg_first[i] = segs;
		segs += s->edges[i].npts >= 4 ? (s->edges[i].npts - 1) / 3 : 0;
	}
	g->push = calloc(segs + 1, sizeof(*g->push));
	g->hits = calloc(segs + 1, sizeof(*g->hits));
	if (!g->seg_first || !g->push || !g->hits)
		return -1;
	for (size_t i = 0; i < g->n; i++) {
		const sample *a = &g->v[i];
		const archdoc_diagram__edge *ea = &s->edges[a->edge];
		double best;
		const sample *near;

		/* the ends stay: a line's first and last pieces meet its boxes */
		if (near_box(&s->nodes[ea->tail], a->p) || near_box(&s->nodes[ea->head], a->p))
			continue;
		near = nearest(g, a, &best);
		if (!near)
			continue;
		/* lines that cross are not running together: pushing them apart
		 * there only puts a bump in each */
		if (fabs(a->dir.x * near->dir.x + a->dir.y * near->dir.y) < CROSS_COS)
			continue;
		/* a fan: lines leaving (or reaching) one component together part
		 * by themselves near it; pushed, they bulge (unless they touch) */
		{
			const archdoc_diagram__edge *eb = &s->edges[near->edge];
			int shared = ea->tail == eb->tail ? ea->tail : ea->head == eb->head ? ea->head : -1;

			if (shared >= 0 && box_gap(&s->nodes[shared], a->p) < FAN_ROOM && best >= FAN_APART)
				continue;
		}
		{
			archdoc_diagram__pt *push = &g->push[g->seg_first[a->edge] + a->seg];
			double ux = a->p.x - near->p.x, uy = a->p.y - near->p.y, l = hypot(ux, uy), f;

			if (l < 0.5) {
				/* on top of each other: apart across the line, the lower
				 * connection index to one side */
				const archdoc_diagram__pt *p = &ea->pts[a->seg * 3];

				ux = -(p[3].y - p[0].y);
				uy = p[3].x - p[0].x;
				l = hypot(ux, uy);
				if (l < 1e-9)
					continue;
				if (ea->conn > s->edges[near->edge].conn) {
					ux = -ux;
					uy = -uy;
				}
			}
			f = (NUDGE_GAP - best) / l;
			push->x += ux * f;
			push->y += uy * f;
			g->hits[g->seg_first[a->edge] + a->seg]++;
		}
	}
	/* each segment's mean push, spread to its knots so the line stays smooth */
	for (size_t i = 0; i < s->edge_count; i++) {
		archdoc_diagram__edge *e = &s->edges[i];
		size_t nseg = e->npts >= 4 ? (e->npts - 1) / 3 : 0;
		int ok;
		archdoc_diagram__pt *old, *d;
		unsigned char *bad;
		int any = 0;

		if (!nseg)
			continue;
		d = calloc(e->npts, sizeof(*d));
		old = malloc(e->npts * sizeof(*old));
		bad = malloc(nseg);
		if (!d || !old || !bad) {
			free(d);
			free(old);
			free(bad);
			return -1;
		}
		for (size_t j = 0; j < nseg; j++) {
			archdoc_diagram__pt *p = &g->push[g->seg_first[i] + j];
			unsigned h = g->hits[g->seg_first[i] + j];
			double l;

			if (!h)
				continue;
			p->x /= h;
			p->y /= h;
			l = hypot(p->x, p->y);
			if (l > MAX_PUSH) {
				p->x *= MAX_PUSH / l;
				p->y *= MAX_PUSH / l;
			}
			any = 1;
		}
		if (!any) {
			free(d);
			free(old);
			free(bad);
			continue;
		}
		/* each piece's push shared with its neighbours: pieces pushed by
		 * different lines would otherwise part a line into a braid */
		if (nseg > 2) {
			archdoc_diagram__pt *p = &g->push[g->seg_first[i]], prev = p[0];

			for (size_t j = 1; j + 1 < nseg; j++) {
				archdoc_diagram__pt cur = p[j];

				p[j].x = (prev.x + 2 * cur.x + p[j + 1].x) / 4;
				p[j].y = (prev.y + 2 * cur.y + p[j + 1].y) / 4;
				prev = cur;
			}
		}
		if (nseg == 1) {
			/* one piece: its two inner points carry the push */
			archdoc_diagram__pt p = g->push[g->seg_first[i]];

			d[1].x = d[2].x = p.x * 4 / 3;
			d[1].y = d[2].y = p.y * 4 / 3;
		} else {
			for (size_t k = 1; k < nseg; k++) {
				archdoc_diagram__pt a = g->push[g->seg_first[i] + k - 1], b = g->push[g->seg_first[i] + k];
				archdoc_diagram__pt m = { (a.x + b.x) / 2, (a.y + b.y) / 2 };

				/* a knot and its two handles move together: no kink */
				d[3 * k - 1] = d[3 * k] = d[3 * k + 1] = m;
			}
		}
		/* the arrowhead's last piece stays square to its side */
		if (e->arrow && e->npts >= 3) {
			d[e->npts - 2].x = d[e->npts - 2].y = 0;
		}
		memcpy(old, e->pts, e->npts * sizeof(*old));
		/* a move into a box is no move: the pieces that went into one
		 * stay, the rest of the line moves (a few tries) */
		ok = 0;
		for (int tries = 0; tries < 3 && !ok; tries++) {
			int hit;

			memset(bad, 0, nseg);
			for (size_t k = 1; k + 1 < e->npts; k++) {
				e->pts[k].x = old[k].x + d[k].x;
				e->pts[k].y = old[k].y + d[k].y;
				drift(&e->pts[k], g->base[i][k]);
			}
			hit = moved_into_box_at(s, e, old, bad);
			if (hit < 0) {
				free(d);
				free(old);
				free(bad);
				return -1;
			}
			ok = !hit;
			if (!ok)
				taper(d, e->npts, bad, nseg);
		}
		if (!ok)
			memcpy(e->pts, old, e->npts * sizeof(*old));
		else
			moved = 1;
		free(d);
		free(old);
		free(bad);
	}
	return moved;
}

/* --- fan-outs: lines that leave one point of a component together --- */

#define FAN_SAME 2.0        /* starts this near leave from one point */
#define FAN_GAP 8.0         /* spread starts this far apart */
#define FAN_MAX 32
#define FAN_RUN 20.0        /* running together this long: a bundle */

typedef struct departure {
	size_t edge;
	double key;         /* where the line goes, across its side */
} departure;

static int departure_cmp(const void *pa, const void *pb)
{
	const departure *a = pa, *b = pb;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->edge < b->edge ? -1 : a->edge > b->edge;
}

/* Move the start of e by d, the move fading along the line to nothing at
 * its end, so the far end (a badge, an arrowhead) stays where it is. */
static void shift_start(archdoc_diagram__edge *e, archdoc_diagram__pt d)
{
	double total = 0, run = 0;

	for (size_t i = 1; i < e->npts; i++)
		total += hypot(e->pts[i].x - e->pts[i - 1].x, e->pts[i].y - e->pts[i - 1].y);
	for (size_t i = 0; i + 1 < e->npts; i++) {
		double t, w;

		if (i)
			run += hypot(e->pts[i].x - e->pts[i - 1].x, e->pts[i].y - e->pts[i - 1].y) ;
		t = total > 0 ? run / total : 0;
		w = 1 - t * t * (3 - 2 * t);
		e->pts[i].x += d.x * w;
		e->pts[i].y += d.y * w;
	}
}

/* Is p within FAN_GAP of the end, on node v, of a line not in group g? */
static int end_taken(const archdoc_diagram__scene *s, int v, const departure *g, size_t k, archdoc_diagram__pt p)
{
	for (size_t i = 0; i < s->edge_count; i++) {
		const archdoc_diagram__edge *o = &s->edges[i];
		int mine = 0;
		archdoc_diagram__pt q;

		if (o->npts < 4)
			continue;
		for (size_t j = 0; j < k && !mine; j++)
			mine = g[j].edge == i;
		if (mine)
			continue;
		if (o->tail == v) {
			q = o->pts[0];
			if (hypot(q.x - p.x, q.y - p.y) < FAN_GAP)
				return 1;
		}
		if (o->head == v) {
			q = o->has_tip ? o->tip : o->pts[o->npts - 1];
			if (hypot(q.x - p.x, q.y - p.y) < FAN_GAP)
				return 1;
		}
	}
	return 0;
}

/* Does o's line come within r of p (o sampled about STEP apart)? */
static int line_near(const archdoc_diagram__edge *o, archdoc_diagram__pt p, double r)
{
	for (size_t m = 0; m + 3 < o->npts; m += 3) {
		size_t bs = (size_t)(piece_len(&o->pts[m]) / STEP) + 1;

		if (bs > 256)
			bs = 256;
		for (size_t u = 0; u <= bs; u++) {
			archdoc_diagram__pt q = bez(&o->pts[m], (double)u / (double)bs);

			if (fabs(p.x - q.x) < r && fabs(p.y - q.y) < r && hypot(p.x - q.x, p.y - q.y) < r)
				return 1;
		}
	}
	return 0;
}

/* How far a and b, leaving node v, run within NUDGE_GAP of each other
 * past END_ROOM from v, in about STEP units (each sampled about STEP apart). */
static double run_together(const archdoc_diagram__edge *a, const archdoc_diagram__edge *b,
		const archdoc_diagram__node *v)
{
	double run = 0;

	for (size_t k = 0; k + 3 < a->npts; k += 3) {
		size_t steps = (size_t)(piece_len(&a->pts[k]) / STEP) + 1;

		if (steps > 256)
			steps = 256;
		for (size_t t = 0; t < steps; t++) {
			archdoc_diagram__pt p = bez(&a->pts[k], (t + 0.5) / (double)steps);
			if (near_box(v, p))
				continue;
			run += line_near(b, p, NUDGE_GAP / 2) ? piece_len(&a->pts[k]) / (double)steps : 0;
		}
	}
	return run;
}

/* How long e runs within FAN_NEAR of another connection's line, away
 * from its own ends. */
#define FAN_NEAR 5.0
static double closeness(const archdoc_diagram__scene *s, const archdoc_diagram__edge *e)
{
	double run = 0, b[4] = { HUGE_VAL, HUGE_VAL, -HUGE_VAL, -HUGE_VAL };
	size_t *near = malloc((s->edge_count + 1) * sizeof(*near)), count = 0;

	if (!near)
		return HUGE_VAL;
	grow(b, e->pts, e->npts);
	for (size_t i = 0; i < s->edge_count; i++) {
		const archdoc_diagram__edge *o = &s->edges[i];
		double ob[4] = { HUGE_VAL, HUGE_VAL, -HUGE_VAL, -HUGE_VAL };

		if (o == e || o->conn == e->conn || o->npts < 4)
			continue;
		grow(ob, o->pts, o->npts);
		if (ob[0] - FAN_NEAR < b[2] && ob[2] + FAN_NEAR > b[0] && ob[1] - FAN_NEAR < b[3] && ob[3] + FAN_NEAR > b[1])
			near[count++] = i;
	}
	for (size_t k = 0; count && k + 3 < e->npts; k += 3) {
		size_t steps = (size_t)(piece_len(&e->pts[k]) / STEP) + 1;

		if (steps > 256)
			steps = 256;
		for (size_t t = 0; t < steps; t++) {
			archdoc_diagram__pt p = bez(&e->pts[k], (t + 0.5) / (double)steps);
			int hit = 0;

			if (near_box(&s->nodes[e->tail], p) || near_box(&s->nodes[e->head], p))
				continue;
			for (size_t c = 0; !hit && c < count; c++)
				hit = line_near(&s->edges[near[c]], p, FAN_NEAR);
			run += hit ? piece_len(&e->pts[k]) / (double)steps : 0;
		}
	}
	free(near);
	return run;
}

static double group_closeness(const archdoc_diagram__scene *s, const departure *g, size_t k)
{
	double sum = 0;

	for (size_t j = 0; j < k; j++)
		sum += closeness(s, &s->edges[g[j].edge]);
	return sum;
}

/* Move the group's starts to want[j] + shift along side of v; kept only
 * when no line enters a box and the lines run less with others than
 * before. 1 when kept, 0 when not, -1 out of memory. */
static int move_group(archdoc_diagram__scene *s, const archdoc_diagram__node *v, const departure *g, size_t k,
		int side, const double *want, double shift)
{
	archdoc_diagram__pt *keep[FAN_MAX] = { 0 };
	double before = group_closeness(s, g, k);
	int rc = 0, moved = 0;

	for (size_t j = 0; j < k && rc == 0; j++) {
		archdoc_diagram__edge *o = &s->edges[g[j].edge];
		archdoc_diagram__pt to = archdoc_diagram__outline(v, side, want[j] + shift);
		archdoc_diagram__pt d = { to.x - o->pts[0].x, to.y - o->pts[0].y };
		int bad;

		if ((fabs(d.x) < 0.01 && fabs(d.y) < 0.01) || end_taken(s, o->tail, g, k, to))
			continue;
		keep[j] = malloc(o->npts * sizeof(**keep));
		if (!keep[j]) {
			rc = -1;
			break;
		}
		memcpy(keep[j], o->pts, o->npts * sizeof(**keep));
		shift_start(o, d);
		bad = moved_into_box(s, o, keep[j]);
		if (bad < 0)
			rc = -1;
		else if (bad) {
			memcpy(o->pts, keep[j], o->npts * sizeof(**keep));
			free(keep[j]);
			keep[j] = NULL;
		} else
			moved = 1;
	}
	if (rc == 0 && moved && group_closeness(s, g, k) >= before) {
		for (size_t j = 0; j < k; j++)
			if (keep[j])
				memcpy(s->edges[g[j].edge].pts, keep[j], s->edges[g[j].edge].npts * sizeof(**keep));
		moved = 0;
	}
	for (size_t j = 0; j < k; j++)
		free(keep[j]);
	return rc < 0 ? rc : moved;
}

/*
 * Graphviz starts lines that leave a component towards one place at one
 * point, and they run together until they part: a reader cannot tell them
 * apart (the measure's tangle). Each such bundle's starts are spread along
 * the side they leave, in the order of where the lines go, so they do not
 * cross; pushing apart (below) then keeps them apart.
 */
static int spread_starts(archdoc_diagram__scene *s)
{
	departure g[FAN_MAX];
	unsigned char *done = calloc(s->edge_count + 1, 1);
	int moved = 0, m;

	if (!done)
		return -1;
	for (size_t i = 0; i < s->edge_count; i++) {
		const archdoc_diagram__edge *e = &s->edges[i];
		const archdoc_diagram__node *v;
		archdoc_diagram__pt a = e->pts ? e->pts[0] : (archdoc_diagram__pt){ 0, 0 }, dir = { 0, 0 };
		size_t k = 0;
		int side, across;
		double centre, reach, want[FAN_MAX], gap = FAN_GAP, mean_old = 0, mean_new = 0, shift;

		if (done[i] || e->npts < 4 || s->nodes[e->tail].role != ARCHDOC_ROLE_COMPONENT)
			continue;
		v = &s->nodes[e->tail];
		if (!near_box(v, a))
			continue;
		for (size_t j = i; j < s->edge_count && k < FAN_MAX; j++) {
			const archdoc_diagram__edge *o = &s->edges[j];

			if (done[j] || o->npts < 4 || o->tail != e->tail ||
					hypot(o->pts[0].x - a.x, o->pts[0].y - a.y) > FAN_SAME)
				continue;
			done[j] = 1;
			g[k].edge = j;
			g[k++].key = 0;
			{
				archdoc_diagram__pt far = o->pts[o->npts - 1];
				double l = hypot(far.x - a.x, far.y - a.y);

				if (l > 0) {
					dir.x += (far.x - a.x) / l;
					dir.y += (far.y - a.y) / l;
				}
			}
		}
		if (k < 2)
			continue;
		{
			/* only where two of them run together */
			int tangled = 0;

			for (size_t x = 0; x < k && !tangled; x++)
				for (size_t y = x + 1; y < k && !tangled; y++)
					tangled = run_together(&s->edges[g[x].edge], &s->edges[g[y].edge], v) > FAN_RUN;
			if (!tangled)
				continue;
		}
		/* along the side the bundle leaves across */
		across = fabs(dir.x) > fabs(dir.y);
		side = across ? (dir.x > 0 ? 3 : 2) : (dir.y > 0 ? 1 : 0);
		centre = across ? v->pos.y : v->pos.x;
		reach = archdoc_diagram__side_reach(v, side);
		for (size_t j = 0; j < k; j++) {
			const archdoc_diagram__edge *o = &s->edges[g[j].edge];
			archdoc_diagram__pt far = o->pts[o->npts - 1];
			double along = across ? far.y - a.y : far.x - a.x, out = across ? far.x - a.x : far.y - a.y;

			g[j].key = atan2(along, fabs(out) + 1e-9);
		}
		qsort(g, k, sizeof(*g), departure_cmp);
		if ((double)(k - 1) * gap > 2 * reach) {
			if (reach < 1)
				continue;
			gap = 2 * reach / (double)(k - 1);
		}
		for (size_t j = 0; j < k; j++) {
			want[j] = (across ? a.y : a.x) + ((double)j - (double)(k - 1) / 2) * gap;
			mean_old += across ? a.y : a.x;
			mean_new += want[j];
		}
		shift = archdoc_diagram__run_shift(want, k, mean_old, mean_new, centre, reach);
		m = move_group(s, v, g, k, side, want, shift);
		if (m < 0) {
			free(done);
			return -1;
		}
		moved += m;
	}
	free(done);
	return moved;
}

static int push_apart(archdoc_diagram__scene *s)
{
	nudger g;
	int rc = 0;

	memset(&g, 0, sizeof(g));
	/* lines that run with another get knots every SPLIT_LEN or so */
	if (sample_all(&g, s) < 0)
		rc = ARCHDOC_ENOMEM;
	{
		unsigned char *close = calloc(s->edge_count + 1, 1);

		if (!close)
			rc = ARCHDOC_ENOMEM;
		for (size_t i = 0; rc == 0 && i < g.n; i++)
			if (!close[g.v[i].edge] && has_near(&g, s, &g.v[i]))
				close[g.v[i].edge] = 1;
		for (size_t i = 0; rc == 0 && i < s->edge_count; i++)
			if (close[i] && split_long(s, &s->edges[i]) < 0)
				rc = ARCHDOC_ENOMEM;
		free(close);
	}
	g.base = calloc(s->edge_count + 1, sizeof(*g.base));
	if (!g.base)
		rc = ARCHDOC_ENOMEM;
	for (size_t i = 0; rc == 0 && i < s->edge_count; i++) {
		g.base[i] = malloc((s->edges[i].npts + 1) * sizeof(**g.base));
		if (!g.base[i])
			rc = ARCHDOC_ENOMEM;
		else
			memcpy(g.base[i], s->edges[i].pts, s->edges[i].npts * sizeof(**g.base));
	}
	for (int r = 0; r < NUDGE_ROUNDS && rc == 0; r++) {
		int m = nudge_round(&g, s);

		if (m < 0)
			rc = ARCHDOC_ENOMEM;
		else if (!m)
			break;
	}
	free(g.v);
	free(g.cell_first);
	free(g.order);
	free(g.push);
	free(g.seg_first);
	free(g.hits);
	for (size_t i = 0; g.base && i < s->edge_count; i++)
		free(g.base[i]);
	free(g.base);
	return rc;
}

/*
 * Spreading a fan-out's starts parts its lines, but in a crowded drawing
 * the parted lines can meet others: both drawings are made and measured,
 * and the better kept (ties: without spreading).
 */
int archdoc_diagram__nudge(archdoc_diagram__scene *s)
{
	archdoc_diagram__score with, without;
	archdoc_diagram__pt **orig = NULL, **spread = NULL;
	size_t *orig_n = NULL, *spread_n = NULL, conns = 0;
	int rc = ARCHDOC_ENOMEM, spreads;

	if (s->edge_count > NUDGE_MAX_EDGES || !s->edge_count)
		return 0;
	orig = calloc(s->edge_count, sizeof(*orig));
	spread = calloc(s->edge_count, sizeof(*spread));
	orig_n = calloc(s->edge_count, sizeof(*orig_n));
	spread_n = calloc(s->edge_count, sizeof(*spread_n));
	if (!orig || !spread || !orig_n || !spread_n)
		goto done;
	/* the routed lines, kept (in place moves change e->pts' points) */
	for (size_t i = 0; i < s->edge_count; i++) {
		archdoc_diagram__edge *e = &s->edges[i];

		orig[i] = e->pts;
		orig_n[i] = e->npts;
		if (archdoc_diagram__edge_set_points(s, e, orig[i], orig_n[i]) < 0)
			goto done;
		if (e->conn + 1 > conns)
			conns = e->conn + 1;
	}
	spreads = spread_starts(s);
	if (spreads < 0)
		goto done;
	if (!spreads) {
		/* no fan-out parted: one drawing */
		rc = push_apart(s);
		goto done;
	}
	if (push_apart(s) < 0 || archdoc_diagram__measure(NULL, s, conns, &with) < 0)
		goto done;
	for (size_t i = 0; i < s->edge_count; i++) {
		spread[i] = s->edges[i].pts;
		spread_n[i] = s->edges[i].npts;
		if (archdoc_diagram__edge_set_points(s, &s->edges[i], orig[i], orig_n[i]) < 0)
			goto done;
	}
	if (push_apart(s) < 0 || archdoc_diagram__measure(NULL, s, conns, &without) < 0)
		goto done;
	if (with.value < without.value)
		for (size_t i = 0; i < s->edge_count; i++) {
			s->edges[i].pts = spread[i];
			s->edges[i].npts = spread_n[i];
		}
	rc = 0;
done:
	free(orig);
	free(spread);
	free(orig_n);
	free(spread_n);
	return rc;
}
