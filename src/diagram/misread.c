/*
 * Step 8 of the layout (docs/diagram.md): what a reader could still
 * misread in the finished drawing, routed again. The drawing is measured
 * as the measuring tool measures it; each thing it lists (two lines that
 * run together, a line through a component or a title, a badge nearer
 * another line, a detour, piled-up arrowheads) gets one of its lines
 * drawn again, moved out of the component it runs into or routed on the
 * grid of reroute.c away from every other line, and the new line is kept
 * when the drawing then has fewer misreadings.
 */
#include "diagram.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "archdoc/errors.h"
#include "quality.h"

typedef archdoc_diagram__pt pt;
typedef archdoc_diagram__parts parts;

/* Each try routes one line and measures the whole drawing (work growing
 * with the square of its connections): at most MISREAD_TRIES tries, fewer
 * on big drawings, so that tries times connections stays within
 * MISREAD_WORK */
#define MISREAD_TRIES 64
#define MISREAD_WORK 3000
/* Past about 100 connections (two halves each) one measure of the
 * drawing costs more than its layout (16 s laying out 200 connections
 * became 46 s): not done. */
#define MISREAD_MAX_EDGES 200
#define MISREAD_PASSES 3
#define MISREAD_CROSS 4     /* crossings a line routed again may add */
#define MISREAD_LONG 1.9    /* its most length, times the straight way */
#define NONE ((size_t)-1)

static int listed(const size_t *v, size_t n, size_t a, size_t b)
{
	for (size_t i = 0; i < n; i++)
		if (v[2 * i] == a && v[2 * i + 1] == b)
			return 1;
	return 0;
}

static int routable(const archdoc_diagram__scene *s, const parts *p)
{
	return p->head_edge >= 0 && p->tail_edge >= 0 && p->from >= 0 && p->to >= 0 && p->from != p->to &&
		s->edges[p->head_edge].npts >= 4 && s->edges[p->tail_edge].npts >= 4;
}

#define CORNER_CLEAR 4.0    /* a line moved out of a component: this far out */
#define CORNER_STEPS 16     /* samples per curve piece, looking for one */

/* How far, and which way, point q must move to leave box n (0, 0: not in it). */
static pt out_of(const archdoc_diagram__node *n, pt q)
{
	double x0 = n->pos.x - n->w / 2, x1 = n->pos.x + n->w / 2, y0 = n->pos.y - n->h / 2;
	double y1 = n->pos.y + n->h / 2 + archdoc_diagram__node_rise(n);
	double l = q.x - x0, r = x1 - q.x, t = q.y - y0, b = y1 - q.y, m;
	pt d = { 0, 0 };

	if (l <= 0 || r <= 0 || t <= 0 || b <= 0)
		return d;
	m = fmin(fmin(l, r), fmin(t, b));
	if (m == l)
		d.x = -(l + CORNER_CLEAR);
	else if (m == r)
		d.x = r + CORNER_CLEAR;
	else if (m == t)
		d.y = -(t + CORNER_CLEAR);
	else
		d.y = b + CORNER_CLEAR;
	return d;
}

static pt larger(pt a, pt b)
{
	return hypot(b.x, b.y) > hypot(a.x, a.y) ? b : a;
}

/* Edge e's pieces that run into a component other than its line's ends
 * (from, to) moved out of it, each by the most its line went in; a knot
 * between two such pieces moves with its handles, by the larger move, and
 * the line's own ends stay. 1 moved, 0 nothing to move, -1 out of memory. */
static int clear_corners(archdoc_diagram__scene *s, archdoc_diagram__edge *e, int from, int to)
{
	size_t np = e->npts, pieces = e->npts >= 4 ? (e->npts - 1) / 3 : 0;
	pt *push, *v;
	int any = 0;

	if (!pieces)
		return 0;
	push = calloc(pieces, sizeof(*push));
	v = malloc(np * sizeof(*v));
	if (!push || !v) {
		free(push);
		free(v);
		return -1;
	}
	for (size_t m = 0; m < pieces; m++)
		for (int st = 1; st < CORNER_STEPS; st++) {
			pt q = archdoc_diagram__bezier_at(e->pts + 3 * m, (double)st / CORNER_STEPS);

			for (size_t i = 0; i < s->node_count; i++) {
				const archdoc_diagram__node *n = &s->nodes[i];

				if (n->role != ARCHDOC_ROLE_COMPONENT || (int)i == from || (int)i == to)
					continue;
				push[m] = larger(push[m], out_of(n, q));
			}
		}
	memcpy(v, e->pts, np * sizeof(*v));
	for (size_t m = 0; m < pieces; m++) {
		if (push[m].x == 0 && push[m].y == 0)
			continue;
		any = 1;
		for (int side = 0; side < 2; side++) {
			size_t knot = 3 * m + 3 * (size_t)side, handle = side ? knot - 1 : knot + 1;
			pt d;

			if (knot == 0 || knot == np - 1) {
				/* the line's end stays: its handle carries the move */
				d.x = push[m].x * 4 / 3;
				d.y = push[m].y * 4 / 3;
				v[handle].x = e->pts[handle].x + d.x;
				v[handle].y = e->pts[handle].y + d.y;
				continue;
			}
			d = larger(push[m], push[side ? m + 1 : m - 1]);
			for (size_t j = knot - 1; j <= knot + 1; j++) {
				v[j].x = e->pts[j].x + d.x;
				v[j].y = e->pts[j].y + d.y;
			}
		}
	}
	if (any && archdoc_diagram__edge_set_points(s, e, v, np) < 0)
		any = -1;
	free(push);
	free(v);
	return any;
}

/* Connection c's line moved out of the components it runs into, or
 * routed again on the grid away from every other line, whichever leaves
 * fewer misreadings (on a tie, the first), when either lowers them; 1
 * kept (*now and the list cur updated), 0 put back, -1 out of memory. */
static int reroute_kept(archdoc_diagram__scene *s, archdoc_diagram__router *g, archdoc_diagram__measurer *w,
		const parts *ps,
		size_t conns, size_t c, archdoc_diagram__score *now, size_t **cur, size_t *ncur)
{
	const parts *p = &ps[c];
	archdoc_diagram__edge te, he, bt, bh;
	archdoc_diagram__score after, best;
	pt a, b, badge_at, bbadge;
	double straight;
	unsigned limit;
	int have = 0;

	if (!routable(s, p))
		return 0;
	te = s->edges[p->tail_edge];
	he = s->edges[p->head_edge];
	badge_at = p->badge >= 0 ? s->nodes[p->badge].pos : te.pts[0];
	a = te.pts[0];
	b = archdoc_diagram__line_end(&he);
	straight = hypot(b.x - a.x, b.y - a.y);
	/* in cost, not length: corners and busy cells cost extra; the
	 * length is judged by the measure (detours) */
	limit = 4 * (unsigned)(MISREAD_LONG * straight / archdoc_diagram__router_cell(g)) + 2;
	/* the least change (a line that only runs into a component moved
	 * out of it), then a new way: kept if it leaves fewer misreadings */
	for (int how = 1; how >= 0; how--) {
		int r;

		if (how == 0) {
			r = archdoc_diagram__route_round(s, g, p, limit);
		} else {
			r = clear_corners(s, &s->edges[p->tail_edge], p->from, p->to);
			if (r >= 0 && p->head_edge != p->tail_edge) {
				int rh = clear_corners(s, &s->edges[p->head_edge], p->from, p->to);

				r = rh < 0 ? -1 : r || rh;
			}
		}
		if (r < 0)
			return -1;
		if (r == 0)
			continue;
		if (archdoc_diagram__measure(w, s, conns, &after) < 0)
			return -1;
		if (archdoc_diagram__misreads(&after) < archdoc_diagram__misreads(now) && after.crossings <= now->crossings + MISREAD_CROSS &&
				(!have || archdoc_diagram__misreads(&after) < archdoc_diagram__misreads(&best))) {
			size_t *v = realloc(*cur, (2 * w->ntroubles + 1) * sizeof(*v));

			if (!v)
				return -1;
			if (w->ntroubles)
				memcpy(v, w->troubles, 2 * w->ntroubles * sizeof(*v));
			*cur = v;
			*ncur = w->ntroubles;
			best = after;
			bt = s->edges[p->tail_edge];
			bh = s->edges[p->head_edge];
			bbadge = p->badge >= 0 ? s->nodes[p->badge].pos : badge_at;
			have = 1;
		}
		s->edges[p->tail_edge] = te;
		s->edges[p->head_edge] = he;
		if (p->badge >= 0)
			s->nodes[p->badge].pos = badge_at;
	}
	if (have) {
		s->edges[p->tail_edge] = bt;
		s->edges[p->head_edge] = bh;
		if (p->badge >= 0)
			s->nodes[p->badge].pos = bbadge;
		*now = best;
		return 1;
	}
	return 0;
}

int archdoc_diagram__reroute_misreads(archdoc_diagram__scene *s)
{
	size_t conns, *todo = NULL, ntodo, *cur = NULL, ncur;
	unsigned tries = 0, most;
	parts *ps = archdoc_diagram__parts_of(s, &conns);
	archdoc_diagram__measurer w = ARCHDOC_DIAGRAM_MEASURER_INIT;
	archdoc_diagram__score now;
	archdoc_diagram__router *g = NULL;
	int rc = ARCHDOC_ENOMEM;

	if (!ps)
		return conns ? ARCHDOC_ENOMEM : 0;
	if (s->edge_count > MISREAD_MAX_EDGES) {
		rc = 0;
		goto done;
	}
	w.exact = 1;
	if (archdoc_diagram__measure(&w, s, conns, &now) < 0)
		goto done;
	if (!w.ntroubles) {
		rc = 0;
		goto done;
	}
	most = conns > MISREAD_WORK / MISREAD_TRIES ? (unsigned)(MISREAD_WORK / conns) : MISREAD_TRIES;
	ncur = w.ntroubles;
	cur = malloc(2 * ncur * sizeof(*cur));
	if (!cur)
		goto done;
	memcpy(cur, w.troubles, 2 * ncur * sizeof(*cur));
	archdoc_diagram__scene_bounds(s);
	g = archdoc_diagram__router_new(s, 1);
	if (!g)
		goto done;
	/* a new way can mend (or make) more than it was for: each pass
	 * takes what the last one left */
	for (int pass = 0; pass < MISREAD_PASSES && ncur && tries < most; pass++) {
		unsigned before = archdoc_diagram__misreads(&now);

		free(todo);
		ntodo = ncur;
		todo = malloc(2 * ntodo * sizeof(*todo));
		if (!todo)
			goto done;
		/* a line alone first (through a component, a detour): there are
		 * fewer, and big drawings run out of tries */
		{
			size_t k = 0;

			for (int single = 1; single >= 0; single--)
				for (size_t i = 0; i < ncur; i++)
					if ((cur[2 * i + 1] == NONE) == single) {
						todo[2 * k] = cur[2 * i];
						todo[2 * k + 1] = cur[2 * i + 1];
						k++;
					}
		}
		for (size_t i = 0; i < ntodo && tries < most; i++) {
			size_t ca = todo[2 * i], cb = todo[2 * i + 1], first = ca, second = cb;
			int r;

			if (!listed(cur, ncur, ca, cb))
				continue;   /* mended by an earlier line's new way */
			/* of two lines, the shorter goes round: less of the
			 * drawing changes */
			if (cb != NONE && routable(s, &ps[ca]) && routable(s, &ps[cb]) &&
					archdoc_diagram__line_length(s, &ps[cb]) < archdoc_diagram__line_length(s, &ps[ca])) {
				first = cb;
				second = ca;
			}
			tries++;
			r = reroute_kept(s, g, &w, ps, conns, first, &now, &cur, &ncur);
			if (r == 0 && second != NONE && tries++ < most)
				r = reroute_kept(s, g, &w, ps, conns, second, &now, &cur, &ncur);
			if (r < 0)
				goto done;
		}
		if (archdoc_diagram__misreads(&now) == before)
			break;
	}
	rc = 0;
done:
	archdoc_diagram__router_free(g);
	archdoc_diagram__measurer_fini(&w);
	free(todo);
	free(cur);
	free(ps);
	return rc;
}
