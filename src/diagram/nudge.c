/*
 * Lines pushed apart where they run together.
 *
 * Graphviz routes lines that share a channel between two boxes along the
 * same path: for a stretch, a reader cannot tell which line is which
 * (quality.c's "tangled"). After routing, each stretch of a line that runs
 * nearer than NUDGE_GAP to another connection's line is pushed away from
 * it, half the shortfall each, a few rounds. A line's ends stay where they
 * are (spread ends, arrowheads, badges), and a line is only moved where
 * the move keeps it off every component.
 */
#include "diagram.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "archdoc/errors.h"

#define NUDGE_GAP 10.0      /* the measure's tangle: nearer than 4 units over 40 */
#define NUDGE_ROUNDS 8
#define STEP 5.0            /* sample spacing along a line */
#define MAX_PUSH 5.0        /* per round, per knot */
#define BADGE_CLEAR 8.0
/* Past about 200 connections (two halves each), a drawing has one layout,
 * unmeasured (docs/diagram.md, "Size"), and pushing costs more than the
 * layout: not done. */
#define NUDGE_MAX_EDGES 400

typedef struct sample {
	archdoc_diagram__pt p;
	size_t edge;
	size_t seg;             /* which cubic segment of its edge */
	size_t conn;            /* its edge's connection */
} sample;

typedef struct nudger {
	sample *v;
	size_t n, cap;
	size_t *cell_first, *order;     /* samples by grid cell */
	size_t cells;
	archdoc_diagram__pt *push;      /* per edge segment, flattened */
	size_t *seg_first;              /* edge i's segments: push[seg_first[i] ..] */
	unsigned *hits;
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

static int add_sample(nudger *g, archdoc_diagram__pt p, size_t edge, size_t seg, size_t conn)
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
				if (add_sample(g, bez(p, (j + 0.5) / (double)steps), i, k / 3, e->conn) < 0)
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

/* Is p inside a component other than e's ends (with a margin)? */
static int in_component(const archdoc_diagram__scene *s, const size_t *near, size_t count, archdoc_diagram__pt p)
{
	for (size_t k = 0; k < count; k++) {
		const archdoc_diagram__node *n = &s->nodes[near[k]];
		/* other lines' numbers kept at a distance: a line near a number
		 * reads as its line */
		double m = n->role == ARCHDOC_ROLE_BADGE ? BADGE_CLEAR : 3;

		if (fabs(p.x - n->pos.x) < n->w / 2 + m && fabs(p.y - n->pos.y) < n->h / 2 + m)
			return 1;
	}
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
 * component or near a badge other than its ends where it did not: the
 * boxes near either version first, then samples about STEP apart (a line
 * clips a box's corner briefly). 1, 0, or -1 out of memory. */
static int moved_into_box(const archdoc_diagram__scene *s, const archdoc_diagram__edge *e,
		const archdoc_diagram__pt *old)
{
	double b[4] = { HUGE_VAL, HUGE_VAL, -HUGE_VAL, -HUGE_VAL };
	size_t *near = malloc((s->node_count + 1) * sizeof(*near)), count = 0;
	int hit = 0;

	if (!near)
		return -1;
	grow(b, e->pts, e->npts);
	grow(b, old, e->npts);
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
	for (size_t k = 0; count && !hit && k + 3 < e->npts; k += 3) {
		size_t steps = (size_t)(piece_len(&e->pts[k]) / STEP) + 8;

		if (steps > 4096)
			steps = 4096;
		for (size_t t = 1; !hit && t < steps; t++)
			hit = in_component(s, near, count, bez(&e->pts[k], (double)t / (double)steps)) &&
				!in_component(s, near, count, bez(&old[k], (double)t / (double)steps));
	}
	free(near);
	return hit;
}

/* Within END_ROOM of n's box: where a line meets its end. */
#define END_ROOM 10.0
static int near_box(const archdoc_diagram__node *n, archdoc_diagram__pt p)
{
	return fabs(p.x - n->pos.x) < n->w / 2 + END_ROOM && fabs(p.y - n->pos.y) < n->h / 2 + END_ROOM;
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
			f = (NUDGE_GAP - best) / 2 / l;
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
		int any = 0;

		if (!nseg)
			continue;
		d = calloc(e->npts, sizeof(*d));
		old = malloc(e->npts * sizeof(*old));
		if (!d || !old) {
			free(d);
			free(old);
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
			continue;
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
		for (size_t k = 1; k + 1 < e->npts; k++) {
			e->pts[k].x += d[k].x;
			e->pts[k].y += d[k].y;
		}
		/* a move into a box is no move */
		ok = moved_into_box(s, e, old);
		if (ok < 0) {
			free(d);
			free(old);
			return -1;
		}
		ok = !ok;
		if (!ok)
			memcpy(e->pts, old, e->npts * sizeof(*old));
		else
			moved = 1;
		free(d);
		free(old);
	}
	return moved;
}

int archdoc_diagram__nudge(archdoc_diagram__scene *s)
{
	nudger g;
	int rc = 0;

	memset(&g, 0, sizeof(g));
	if (s->edge_count > NUDGE_MAX_EDGES)
		return 0;
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
	return rc;
}
