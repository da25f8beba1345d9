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
static int spread_heads(archdoc_diagram__scene *s);
static int hits_other(const archdoc_diagram__scene *s, const archdoc_diagram__edge *e,
		const archdoc_diagram__pt *p, size_t n);
static int place_titles(archdoc_diagram__scene *s);

int archdoc_diagram__route(archdoc_diagram__scene *s, const archdoc_diagram__strategy *st)
{
	int rc;

	if (st->badges && s->params.pack)
		return route_packed(s);
	for (size_t i = 0; i < s->edge_count && st->badges && s->params.join; i++) {
		archdoc_diagram__edge *e = &s->edges[i];

		if ((e->half == 1 || e->half == 3) && extend_to(s, e, s->nodes[e->head].pos) < 0)
			return ARCHDOC_ENOMEM;
		if ((e->half == 2 || e->half == 4) && start_from(s, e, s->nodes[e->tail].pos) < 0)
			return ARCHDOC_ENOMEM;
	}
	/* lines first, then what depends on where they run; lines are pushed
	 * apart after the titles are placed, and kept off them (a title that
	 * lost its place would cost another layout) */
	rc = archdoc_diagram__reroute_detours(s);
	rc = rc ? rc : spread_heads(s);
	rc = rc ? rc : place_titles(s);
	rc = rc ? rc : st->nudge ? archdoc_diagram__nudge(s) : 0;
	return rc ? rc : archdoc_diagram__compact(s);
}

/* --- arrowheads spread along the side they arrive at --- */

#define HEAD_GAP ARCHDOC_DIAGRAM__HEAD_GAP
#define ARROW 10.0      /* Graphviz's arrowhead length (points) */

typedef struct arrival {
	size_t edge;
	int side;           /* 0 bottom, 1 top, 2 left, 3 right */
	double at;          /* the tip's coordinate along the side */
	double from;        /* where the line comes from, along the side */
} arrival;

static int arrival_cmp(const void *pa, const void *pb)
{
	const arrival *a = pa, *b = pb;

	if (a->side != b->side)
		return a->side - b->side;
	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return a->edge < b->edge ? -1 : a->edge > b->edge;
}

/* A point about APPROACH units back along e's control polygon from its
 * last point: where the line comes from, seen from its end. */
#define APPROACH 60.0
static archdoc_diagram__pt approach(const archdoc_diagram__edge *e)
{
	double run = 0;

	for (size_t i = e->npts - 1; i > 0; i--) {
		run += hypot(e->pts[i].x - e->pts[i - 1].x, e->pts[i].y - e->pts[i - 1].y);
		if (run >= APPROACH)
			return e->pts[i - 1];
	}
	return e->pts[0];
}

/* The end of edge e: its arrow's tip, or its last point. */
static archdoc_diagram__pt edge_end(const archdoc_diagram__edge *e)
{
	return e->has_tip ? e->tip : e->pts[e->npts - 1];
}

/* Move the end of e by d (along the side), bending the line smoothly so
 * that its start stays where it is and the arrowhead keeps its direction. */
static void shift_end(archdoc_diagram__edge *e, archdoc_diagram__pt d)
{
	double total = 0, run = 0;
	archdoc_diagram__pt prev;

	for (size_t i = 1; i < e->npts; i++)
		total += hypot(e->pts[i].x - e->pts[i - 1].x, e->pts[i].y - e->pts[i - 1].y);
	if (!e->npts)
		return;
	prev = e->pts[0];
	for (size_t i = 1; i < e->npts; i++) {
		double t, w;

		/* the distance along the line as it was, before this bend */
		run += hypot(e->pts[i].x - prev.x, e->pts[i].y - prev.y);
		prev = e->pts[i];
		t = total > 0 && run < total ? run / total : 1;
		w = t * t * (3 - 2 * t);
		e->pts[i].x += d.x * w;
		e->pts[i].y += d.y * w;
	}
	if (e->has_tip) {
		e->tip.x += d.x;
		e->tip.y += d.y;
	}
}

/*
 * The arrowhead square to the side it points at, so that spread ends stay
 * as far apart at the arrowheads' bases (where the lines end) as at their
 * tips; the line's last piece turns in to meet it.
 */
static void square_end(archdoc_diagram__edge *e, int side)
{
	static const double nx[4] = { 0, 0, -1, 1 }, ny[4] = { -1, 1, 0, 0 };
	archdoc_diagram__pt base, *p = e->pts;
	size_t n = e->npts;
	double lead;

	if (!e->has_tip || n < 4)
		return;
	base.x = e->tip.x + nx[side] * ARROW;
	base.y = e->tip.y + ny[side] * ARROW;
	lead = hypot(p[n - 4].x - base.x, p[n - 4].y - base.y) * 0.35;
	if (lead > 24)
		lead = 24;
	p[n - 1] = base;
	p[n - 2].x = base.x + nx[side] * lead;
	p[n - 2].y = base.y + ny[side] * lead;
	/* the piece leaves its start as the line came in, no further than
	 * it needs, so a shallow line turns in without a hook */
	if (n >= 5) {
		double dx = p[n - 4].x - p[n - 5].x, dy = p[n - 4].y - p[n - 5].y, l = hypot(dx, dy);

		if (l > 0) {
			p[n - 3].x = p[n - 4].x + dx / l * lead;
			p[n - 3].y = p[n - 4].y + dy / l * lead;
		}
	}
}

/* Is there room beside side of node v for arrowheads, with no other
 * component within ROOM of it? */
#define ROOM 40.0
static int room(const archdoc_diagram__scene *s, int v, int side)
{
	const archdoc_diagram__node *n = &s->nodes[v];
	double x0 = n->pos.x - n->w / 2, x1 = n->pos.x + n->w / 2, y0 = n->pos.y - n->h / 2, y1 = n->pos.y + n->h / 2;

	switch (side) {
	case 0: y1 = y0; y0 -= ROOM; break;
	case 1: y0 = y1; y1 += ROOM; break;
	case 2: x1 = x0; x0 -= ROOM; break;
	default: x0 = x1; x1 += ROOM; break;
	}
	for (size_t i = 0; i < s->node_count; i++) {
		const archdoc_diagram__node *o = &s->nodes[i];

		if ((int)i == v || o->role != ARCHDOC_ROLE_COMPONENT)
			continue;
		if (o->pos.x - o->w / 2 < x1 && o->pos.x + o->w / 2 > x0 && o->pos.y - o->h / 2 < y1 && o->pos.y + o->h / 2 > y0)
			return 0;
	}
	return 1;
}

/* The point of n's outline on side at coordinate along (x for top and
 * bottom, y for the sides), within the side's straight part. */
archdoc_diagram__pt archdoc_diagram__outline(const archdoc_diagram__node *n, int side, double along)
{
	double hw = n->w / 2, hh = n->h / 2, off;
	archdoc_diagram__pt p;

	if (side < 2) {
		off = along - n->pos.x;
		p.x = along;
		p.y = n->pos.y + (side == 1 ? hh : -hh);
		if (n->shape == ARCHDOC_SHAPE_OVAL || n->shape == ARCHDOC_SHAPE_CIRCLE) {
			double t = off / hw;

			p.y = n->pos.y + (side == 1 ? 1 : -1) * hh * sqrt(t * t < 1 ? 1 - t * t : 0);
		}
	} else {
		off = along - n->pos.y;
		p.y = along;
		p.x = n->pos.x + (side == 3 ? hw : -hw);
		if (n->shape == ARCHDOC_SHAPE_OVAL || n->shape == ARCHDOC_SHAPE_CIRCLE) {
			double t = off / hh;

			p.x = n->pos.x + (side == 3 ? 1 : -1) * hw * sqrt(t * t < 1 ? 1 - t * t : 0);
		} else if (n->shape == ARCHDOC_SHAPE_HEXAGON || n->shape == ARCHDOC_SHAPE_OCTAGON) {
			/* the point sits on the middle; the outline slants in from it */
			p.x -= (side == 3 ? 1 : -1) * (n->w / 4) * fabs(off) / (hh > 0 ? hh : 1);
		}
	}
	return p;
}

/* How far from its centre along a side an end may sit: the straight part. */
double archdoc_diagram__side_reach(const archdoc_diagram__node *n, int side)
{
	double len = side < 2 ? n->w : n->h;

	switch (n->shape) {
	case ARCHDOC_SHAPE_OVAL:
	case ARCHDOC_SHAPE_CIRCLE:
		return len * 0.2;
	case ARCHDOC_SHAPE_HEXAGON:
	case ARCHDOC_SHAPE_OCTAGON:
		return side < 2 ? len * 0.25 : len * 0.15;
	case ARCHDOC_SHAPE_CYLINDER:
		/* straight sides between the caps; the caps' middle */
		return side < 2 ? len * 0.3 : len * 0.35;
	default:
		return len / 2 - 8 > 0 ? len / 2 - 8 : 0;
	}
}

double archdoc_diagram__run_shift(const double *want, size_t k, double mean_old, double mean_new, double centre,
		double reach)
{
	double shift = (mean_old - mean_new) / (double)k;

	if (want[0] + shift < centre - reach)
		shift = centre - reach - want[0];
	if (want[k - 1] + shift > centre + reach)
		shift = centre + reach - want[k - 1];
	return shift;
}

static int spread_pass(archdoc_diagram__scene *s, const unsigned char *flip)
{
	arrival *a = NULL;
	size_t *count = calloc(s->node_count + 1, sizeof(*count)), *first = NULL, total = 0;
	int rc = ARCHDOC_ENOMEM;

	if (!count)
		return ARCHDOC_ENOMEM;
	for (size_t i = 0; i < s->edge_count; i++) {
		const archdoc_diagram__edge *e = &s->edges[i];

		if (e->npts >= 4 && e->arrow && s->nodes[e->head].role == ARCHDOC_ROLE_COMPONENT) {
			count[e->head]++;
			total++;
		}
	}
	first = malloc((s->node_count + 1) * sizeof(*first));
	a = malloc((total ? total : 1) * sizeof(*a));
	if (!first || !a)
		goto done;
	for (size_t i = 0, k = 0; i <= s->node_count; i++) {
		first[i] = k;
		k += i < s->node_count ? count[i] : 0;
		if (i < s->node_count)
			count[i] = 0;
	}
	for (size_t i = 0; i < s->edge_count; i++) {
		const archdoc_diagram__edge *e = &s->edges[i];
		const archdoc_diagram__node *n;
		archdoc_diagram__pt end, from;
		arrival *r;
		double dx, dy;

		if (!(e->npts >= 4 && e->arrow && s->nodes[e->head].role == ARCHDOC_ROLE_COMPONENT))
			continue;
		n = &s->nodes[e->head];
		r = &a[first[e->head] + count[e->head]++];
		end = edge_end(e);
		from = approach(e);
		dx = (end.x - n->pos.x) / (n->w > 0 ? n->w : 1);
		dy = (end.y - n->pos.y) / (n->h > 0 ? n->h : 1);
		r->edge = i;
		/* order by the direction a line arrives from, so that spreading
		 * the ends does not make lines cross next to the component */
		{
			/* the side the end is on, unless the line comes in nearly
			 * along it: then the side it runs into, so the arrowhead
			 * turns in square without a hook */
			double vx = end.x - from.x, vy = end.y - from.y;
			int across = fabs(dx) > fabs(dy);

			if (!across && fabs(vx) > 2 * fabs(vy) && room(s, e->head, vx > 0 ? 2 : 3))
				across = 1;
			else if (across && fabs(vy) > 2 * fabs(vx) && room(s, e->head, vy > 0 ? 0 : 1))
				across = 0;
			/* spread on that side, the line ran through a component
			 * next to it: the other side it could take, if it has room */
			if (flip && flip[i]) {
				if (across && room(s, e->head, (fabs(vy) > 2 * fabs(vx) ? vy > 0 : dy < 0) ? 0 : 1))
					across = 0;
				else if (!across && room(s, e->head, (fabs(vx) > 2 * fabs(vy) ? vx > 0 : dx < 0) ? 2 : 3))
					across = 1;
			}
			if (across) {
				r->side = (fabs(vx) > 2 * fabs(vy) ? vx > 0 : dx < 0) ? 2 : 3;
				r->at = end.y;
				r->from = atan2(from.y - end.y, fabs(from.x - end.x) + 1e-9);
			} else {
				r->side = (fabs(vy) > 2 * fabs(vx) ? vy > 0 : dy < 0) ? 0 : 1;
				r->at = end.x;
				r->from = atan2(from.x - end.x, fabs(from.y - end.y) + 1e-9);
			}
		}
	}
	for (size_t v = 0; v < s->node_count; v++) {
		arrival *g = a + first[v];
		size_t n = count[v];

		if (n < 2)
			continue;   /* one line: Graphviz aims it at the middle already */
		qsort(g, n, sizeof(*g), arrival_cmp);
		for (size_t lo = 0, hi; lo < n; lo = hi) {
			const archdoc_diagram__node *node = &s->nodes[v];
			int side = g[lo].side;
			double centre = side < 2 ? node->pos.x : node->pos.y;
			double reach = archdoc_diagram__side_reach(node, side), gap, want[64];
			size_t k;

			for (hi = lo + 1; hi < n && g[hi].side == side; hi++)
				;
			k = hi - lo;
			/* one end alone on a side still keeps off the corners, where
			 * it would meet the ends on the next side */
			if (k > 64)
				continue;
			/* push apart to HEAD_GAP, then fit into the side's straight part */
			gap = HEAD_GAP;
			if ((double)(k - 1) * gap > 2 * reach) {
				/* too many for this side: squeeze them in, and say how
				 * big the node should be for a layout that has room */
				double len = side < 2 ? node->w : node->h;
				double need = reach >= 1 ? (double)(k - 1) * HEAD_GAP / (2 * reach) * len
					: len + (double)(k - 1) * HEAD_GAP;

				if (side < 2 && need > s->nodes[v].need_w)
					s->nodes[v].need_w = need;
				else if (side >= 2 && need > s->nodes[v].need_h)
					s->nodes[v].need_h = need;
				gap = 2 * reach / (double)(k - 1);
			}
			for (size_t j = 0; j < k; j++) {
				want[j] = g[lo + j].at;
				if (j && want[j] < want[j - 1] + gap)
					want[j] = want[j - 1] + gap;
			}
			{
				/* centre the pushed run on where the ends were */
				double mean_old = 0, mean_new = 0, shift;

				for (size_t j = 0; j < k; j++) {
					mean_old += g[lo + j].at;
					mean_new += want[j];
				}
				shift = archdoc_diagram__run_shift(want, k, mean_old, mean_new, centre, reach);
				for (size_t j = 0; j < k; j++)
					want[j] += shift;
			}
			for (size_t j = 0; j < k; j++) {
				archdoc_diagram__edge *e = &s->edges[g[lo + j].edge];
				archdoc_diagram__pt end = edge_end(e), to = archdoc_diagram__outline(node, side, want[j]);
				archdoc_diagram__pt dv = { to.x - end.x, to.y - end.y };

				if (fabs(dv.x) > 0.01 || fabs(dv.y) > 0.01)
					shift_end(e, dv);
				square_end(e, side);
			}
		}
	}
	rc = 0;
done:
	free(count);
	free(first);
	free(a);
	return rc;
}

/* Lines that run through a component other than their ends; with was,
 * those that did not before (flags in out, when given). */
static size_t count_through(const archdoc_diagram__scene *s, const unsigned char *was, unsigned char *out)
{
	size_t n = 0;

	for (size_t i = 0; i < s->edge_count; i++) {
		const archdoc_diagram__edge *e = &s->edges[i];
		int hit = e->npts >= 4 && (!was || !was[i]) && hits_other(s, e, e->pts, e->npts);

		if (out)
			out[i] = (unsigned char)hit;
		n += (size_t)hit;
	}
	return n;
}

typedef struct saved_line {
	archdoc_diagram__pt *pts, tip;
} saved_line;

static void restore(archdoc_diagram__scene *s, const saved_line *keep)
{
	for (size_t i = 0; i < s->edge_count; i++) {
		memcpy(s->edges[i].pts, keep[i].pts, s->edges[i].npts * sizeof(*keep[i].pts));
		s->edges[i].tip = keep[i].tip;
	}
}

/*
 * Arrowheads spread along the side they arrive at. A spread end can drag
 * its line through a component beside that side; such lines arrive at the
 * other side they could take instead (when it has room), and the spread
 * is done again, kept when fewer lines run through components.
 */
static int spread_heads(archdoc_diagram__scene *s)
{
	unsigned char *before = calloc(s->edge_count + 1, 1), *flip = calloc(s->edge_count + 1, 1);
	saved_line *keep = calloc(s->edge_count + 1, sizeof(*keep));
	size_t first, second;
	int rc = ARCHDOC_ENOMEM;

	if (!before || !flip || !keep)
		goto done;
	for (size_t i = 0; i < s->edge_count; i++) {
		keep[i].pts = malloc((s->edges[i].npts + 1) * sizeof(*keep[i].pts));
		if (!keep[i].pts)
			goto done;
		memcpy(keep[i].pts, s->edges[i].pts, s->edges[i].npts * sizeof(*keep[i].pts));
		keep[i].tip = s->edges[i].tip;
	}
	count_through(s, NULL, before);
	rc = spread_pass(s, NULL);
	if (rc)
		goto done;
	first = count_through(s, before, flip);
	if (!first)
		goto done;
	restore(s, keep);
	rc = spread_pass(s, flip);
	if (rc)
		goto done;
	second = count_through(s, before, NULL);
	if (second >= first) {
		restore(s, keep);
		rc = spread_pass(s, NULL);
	}
done:
	for (size_t i = 0; keep && i < s->edge_count; i++)
		free(keep[i].pts);
	free(keep);
	free(before);
	free(flip);
	return rc;
}

/* --- the large strategy: straight lines and free places for badges --- */

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
	/* spokes to the further ends of a connection, straight to its badge */
	for (size_t i = 0; i < s->edge_count; i++) {
		archdoc_diagram__edge *e = &s->edges[i];
		archdoc_diagram__pt at;

		if (e->half == 3) {
			at = s->nodes[e->head].pos;
			if (set_straight(s, e, border(&s->nodes[e->tail], at), at, e->arrow) < 0)
				goto done;
		} else if (e->half == 4) {
			at = s->nodes[e->tail].pos;
			if (set_straight(s, e, at, border(&s->nodes[e->head], at), e->arrow) < 0)
				goto done;
		}
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

/* --- boundary titles where no line runs --- */

#define TITLE_GAP 3.0   /* space kept between a title and a line */
#define TITLE_INSET 8.0 /* a title's distance from its frame's sides */
#define ROW_ROOM 36.0   /* room a title keeps beside the first row's first component */

typedef struct span {
	double a, b;
} span;

static int span_cmp(const void *pa, const void *pb)
{
	const span *a = pa, *b = pb;

	return a->a < b->a ? -1 : a->a > b->a;
}

static archdoc_diagram__pt bez(const archdoc_diagram__pt *p, double t)
{
	double u = 1 - t;
	archdoc_diagram__pt r = {
		u * u * u * p[0].x + 3 * u * u * t * p[1].x + 3 * u * t * t * p[2].x + t * t * t * p[3].x,
		u * u * u * p[0].y + 3 * u * u * t * p[1].y + 3 * u * t * t * p[2].y + t * t * t * p[3].y
	};
	return r;
}

/* Add the x-extent of segment p-q within the band y0..y1 to *out. */
static int band_span(span **out, size_t *n, size_t *cap, archdoc_diagram__pt p, archdoc_diagram__pt q,
		double y0, double y1)
{
	double lo = p.y < q.y ? p.y : q.y, hi = p.y < q.y ? q.y : p.y, ta, tb, xa, xb;

	if (hi < y0 || lo > y1)
		return 0;
	if (hi - lo < 1e-9) {
		ta = 0;
		tb = 1;
	} else {
		ta = (y0 - p.y) / (q.y - p.y);
		tb = (y1 - p.y) / (q.y - p.y);
		if (ta > tb) {
			double t = ta;

			ta = tb;
			tb = t;
		}
		ta = ta < 0 ? 0 : ta;
		tb = tb > 1 ? 1 : tb;
	}
	xa = p.x + (q.x - p.x) * ta;
	xb = p.x + (q.x - p.x) * tb;
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		span *g = realloc(*out, nc * sizeof(*g));

		if (!g)
			return -1;
		*out = g;
		*cap = nc;
	}
	(*out)[*n].a = (xa < xb ? xa : xb) - TITLE_GAP;
	(*out)[(*n)++].b = (xa < xb ? xb : xa) + TITLE_GAP;
	return 0;
}

/* Split every cubic piece of e into pieces at most PIECE long, so that a
 * local warp of the points bends the curve only where it should. */
#define PIECE 8.0
static archdoc_diagram__pt *fine_points(const archdoc_diagram__edge *e, size_t *n_out)
{
	size_t n = 1;
	archdoc_diagram__pt *out;

	for (size_t k = 0; k + 3 < e->npts; k += 3) {
		double len = 0;

		for (int j = 0; j < 3; j++)
			len += hypot(e->pts[k + j + 1].x - e->pts[k + j].x, e->pts[k + j + 1].y - e->pts[k + j].y);
		n += 3 * (size_t)(len / PIECE + 1);
	}
	out = malloc(n * sizeof(*out));
	if (!out)
		return NULL;
	out[0] = e->pts[0];
	n = 1;
	for (size_t k = 0; k + 3 < e->npts; k += 3) {
		archdoc_diagram__pt q[4] = { e->pts[k], e->pts[k + 1], e->pts[k + 2], e->pts[k + 3] };
		double len = 0;
		size_t m;

		for (int j = 0; j < 3; j++)
			len += hypot(q[j + 1].x - q[j].x, q[j + 1].y - q[j].y);
		m = (size_t)(len / PIECE + 1);
		for (size_t i = m; i > 0; i--) {
			/* split q at 1/i: the first part is the next piece */
			double t = 1.0 / (double)i;
			archdoc_diagram__pt a = { q[0].x + (q[1].x - q[0].x) * t, q[0].y + (q[1].y - q[0].y) * t };
			archdoc_diagram__pt b = { q[1].x + (q[2].x - q[1].x) * t, q[1].y + (q[2].y - q[1].y) * t };
			archdoc_diagram__pt cc = { q[2].x + (q[3].x - q[2].x) * t, q[2].y + (q[3].y - q[2].y) * t };
			archdoc_diagram__pt ab = { a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t };
			archdoc_diagram__pt bc = { b.x + (cc.x - b.x) * t, b.y + (cc.y - b.y) * t };
			archdoc_diagram__pt mid = { ab.x + (bc.x - ab.x) * t, ab.y + (bc.y - ab.y) * t };

			out[n++] = a;
			out[n++] = ab;
			out[n++] = mid;
			q[0] = mid;
			q[1] = bc;
			q[2] = cc;
		}
	}
	*n_out = n;
	return out;
}

#define WARP 24.0   /* how far above and below a title band a pushed line bends back */

/* Does segment a-b meet the open box? (Liang-Barsky clipping) */
static int segment_meets(archdoc_diagram__pt a, archdoc_diagram__pt b, double x0, double y0, double x1, double y1)
{
	double t0 = 0, t1 = 1, dx = b.x - a.x, dy = b.y - a.y;
	double p[4] = { -dx, dx, -dy, dy }, q[4] = { a.x - x0, x1 - a.x, a.y - y0, y1 - a.y };

	for (int i = 0; i < 4; i++) {
		if (p[i] == 0) {
			if (q[i] <= 0)
				return 0;
			continue;
		}
		double r = q[i] / p[i];

		if (p[i] < 0) {
			if (r > t1)
				return 0;
			if (r > t0)
				t0 = r;
		} else {
			if (r < t0)
				return 0;
			if (r < t1)
				t1 = r;
		}
	}
	return t0 < t1;
}

/* The box around the points: x0, y0, x1, y1. */
static void hull_box(const archdoc_diagram__pt *p, size_t n, double b[4])
{
	b[0] = b[2] = p[0].x;
	b[1] = b[3] = p[0].y;
	for (size_t i = 1; i < n; i++) {
		if (p[i].x < b[0])
			b[0] = p[i].x;
		if (p[i].x > b[2])
			b[2] = p[i].x;
		if (p[i].y < b[1])
			b[1] = p[i].y;
		if (p[i].y > b[3])
			b[3] = p[i].y;
	}
}

/* Are the points all on one side of the open box? */
static int outside_box(const archdoc_diagram__pt *p, size_t n, double x0, double y0, double x1, double y1)
{
	double b[4];

	hull_box(p, n, b);
	return b[2] <= x0 || b[0] >= x1 || b[3] <= y0 || b[1] >= y1;
}

/* Does the drawn line (Bezier pieces, then the arrowhead) meet the box?
 * Each piece is followed as 16 straight runs, each clipped against the box,
 * so a long piece cannot step over a thin box. */
static int hits_box(const archdoc_diagram__pt *p, size_t n, int has_tip, archdoc_diagram__pt tip,
		double x0, double y0, double x1, double y1)
{
	for (size_t k = 0; k + 3 < n; k += 3) {
		archdoc_diagram__pt prev = p[k];

		/* the piece and its runs stay in its control points' hull */
		if (outside_box(p + k, 4, x0, y0, x1, y1))
			continue;
		for (int step = 1; step <= 16; step++) {
			archdoc_diagram__pt q = bez(p + k, step / 16.0);

			if (segment_meets(prev, q, x0, y0, x1, y1))
				return 1;
			prev = q;
		}
	}
	return has_tip && n && segment_meets(p[n - 1], tip, x0, y0, x1, y1);
}

/* Does the path run through the middle part of a component other than
 * its own ends: its box, each half side scaled by part and less inset? */
static int hits_part(const archdoc_diagram__scene *s, const archdoc_diagram__edge *e,
		const archdoc_diagram__pt *p, size_t n, double part, double inset)
{
	double hb[4];

	if (!n)
		return 0;
	hull_box(p, n, hb);
	for (size_t i = 0; i < s->node_count; i++) {
		const archdoc_diagram__node *v = &s->nodes[i];
		double hw = v->w / 2 * part - inset, hh = v->h / 2 * part - inset;

		if ((int)i == e->tail || (int)i == e->head || v->role != ARCHDOC_ROLE_COMPONENT)
			continue;
		if (hb[2] <= v->pos.x - hw || hb[0] >= v->pos.x + hw || hb[3] <= v->pos.y - hh || hb[1] >= v->pos.y + hh)
			continue;
		if (hits_box(p, n, 0, p[0], v->pos.x - hw, v->pos.y - hh, v->pos.x + hw, v->pos.y + hh))
			return 1;
	}
	return 0;
}

/* Does the path run through a component other than its own ends? */
static int hits_other(const archdoc_diagram__scene *s, const archdoc_diagram__edge *e,
		const archdoc_diagram__pt *p, size_t n)
{
	return hits_part(s, e, p, n, 1, 2);
}

/* Does e's line run across the middle of a component other than its two
 * ends (not only clip a corner)? */
int archdoc_diagram__runs_across(const archdoc_diagram__scene *s, const archdoc_diagram__edge *e)
{
	return e->npts >= 4 && hits_part(s, e, e->pts, e->npts, 0.5, 0);
}

/* An end still on its component's side after moving? */
static int end_fits(const archdoc_diagram__scene *s, size_t self, int node, archdoc_diagram__pt old,
		archdoc_diagram__pt now)
{
	const archdoc_diagram__node *v = &s->nodes[node];

	if (fabs(now.x - old.x) < 0.01 && fabs(now.y - old.y) < 0.01)
		return 1;
	if (v->role != ARCHDOC_ROLE_COMPONENT)
		return 0;
	if (!(fabs(old.y - v->pos.y) > v->h / 2 - 1 && fabs(now.x - v->pos.x) < archdoc_diagram__side_reach(v, 1)))
		return 0;
	/* and not onto another line's end: spread arrowheads stay apart */
	for (size_t i = 0; i < s->edge_count; i++) {
		const archdoc_diagram__edge *o = &s->edges[i];
		archdoc_diagram__pt q;

		if (i == self || o->npts < 1)
			continue;
		if (o->head == node) {
			q = o->has_tip ? o->tip : o->pts[o->npts - 1];
			if (hypot(q.x - now.x, q.y - now.y) < HEAD_GAP)
				return 0;
		}
		if (o->tail == node) {
			q = o->pts[0];
			if (hypot(q.x - now.x, q.y - now.y) < HEAD_GAP / 2)
				return 0;
		}
	}
	return 1;
}

/*
 * Lines through a title that has no free place: each is bent aside, to the
 * nearer end of the title, within the boundary; a bend that would leave the
 * boundary, run through a component or slide an end off its component is
 * not made.
 */
static int push_lines(archdoc_diagram__scene *s, const archdoc_diagram__cluster *c, double tx0, double tx1,
		double y0, double y1)
{
	for (size_t i = 0; i < s->edge_count; i++) {
		archdoc_diagram__edge *e = &s->edges[i];
		archdoc_diagram__pt *p, tip = e->tip;
		double xa = HUGE_VAL, xb = -HUGE_VAL, d, dl, dr;
		size_t n;
		int ok_l, ok_r, rc;

		if (e->npts < 4 || !hits_box(e->pts, e->npts, e->has_tip, e->tip, tx0, y0, tx1, y1))
			continue;
		p = fine_points(e, &n);
		if (!p)
			return -1;
		for (size_t k = 0; k < n; k++)
			if (p[k].y >= y0 - 2 && p[k].y <= y1 + 2) {
				xa = fmin(xa, p[k].x);
				xb = fmax(xb, p[k].x);
			}
		if (xa > xb) {
			free(p);
			continue;
		}
		dl = (tx0 - TITLE_GAP - 1) - xb;
		dr = (tx1 + TITLE_GAP + 1) - xa;
		ok_l = xa + dl > c->x0 + 3;
		ok_r = xb + dr < c->x1 - 3;
		if (!ok_l && !ok_r) {
			free(p);
			continue;
		}
		d = ok_l && (!ok_r || -dl < dr) ? dl : dr;
		for (size_t k = 1; k < n; k++) {
			double dist = p[k].y < y0 ? y0 - p[k].y : p[k].y > y1 ? p[k].y - y1 : 0, w;

			w = dist >= WARP ? 0 : 1 - dist / WARP;
			w = w * w * (3 - 2 * w);
			p[k].x += d * w;
		}
		if (e->has_tip) {
			double dist = tip.y < y0 ? y0 - tip.y : tip.y > y1 ? tip.y - y1 : 0, w;

			w = dist >= WARP ? 0 : 1 - dist / WARP;
			w = w * w * (3 - 2 * w);
			/* the arrowhead moves with the line's end */
			tip.x += p[n - 1].x - e->pts[e->npts - 1].x;
			(void)w;
		}
		if (hits_box(p, n, e->has_tip, tip, tx0, y0, tx1, y1) || hits_other(s, e, p, n) ||
				!end_fits(s, i, e->head, e->has_tip ? e->tip : e->pts[e->npts - 1], e->has_tip ? tip : p[n - 1]) ||
				!end_fits(s, i, e->tail, e->pts[0], p[0])) {
			free(p);
			continue;
		}
		rc = archdoc_diagram__edge_set_points(s, e, p, n);
		free(p);
		if (rc < 0)
			return -1;
		e->tip = tip;
	}
	return 0;
}

/*
 * Each boundary's title goes to the leftmost place in its title band that
 * no line runs through, so a reader never sees a line cross a title.
 */
/* Mark the cells of g under box a-b; g covers x0.., y0.. in CELL steps. */
#define TCELL 3.0
static void occupy(unsigned char *g, long nx, long ny, double gx0, double gy0, double x0, double y0, double x1,
		double y1)
{
	long cx0 = (long)floor((x0 - gx0) / TCELL), cx1 = (long)floor((x1 - gx0) / TCELL);
	long cy0 = (long)floor((y0 - gy0) / TCELL), cy1 = (long)floor((y1 - gy0) / TCELL);

	if (cx0 < 0) cx0 = 0;
	if (cy0 < 0) cy0 = 0;
	if (cx1 >= nx) cx1 = nx - 1;
	if (cy1 >= ny) cy1 = ny - 1;
	for (long y = cy0; y <= cy1; y++)
		for (long x = cx0; x <= cx1; x++)
			g[y * nx + x] = 1;
}

/*
 * The first place inside boundary ci, reading from its top left, where its
 * title meets no component, badge, line, inner boundary or other title.
 * The title stays where it is when there is none. 0, or -1 out of memory.
 */
static int title_anywhere(archdoc_diagram__scene *s, size_t ci)
{
	archdoc_diagram__cluster *c = &s->clusters[ci];
	archdoc_diagram__pt lo, hi;
	double gx0 = c->x0 + 2, gy0 = c->y0 + 2, w, h;
	long nx = (long)((c->x1 - c->x0 - 4) / TCELL) + 1, ny = (long)((c->y1 - c->y0 - 4) / TCELL) + 1, tw, th;
	unsigned char *g;
	unsigned *sum;

	if (nx < 2 || ny < 2)
		return 0;
	archdoc_diagram__title_box(c, TITLE_GAP, &lo, &hi);
	w = hi.x - lo.x;
	h = hi.y - lo.y;
	tw = (long)ceil(w / TCELL) + 1;
	th = (long)ceil(h / TCELL) + 1;
	if (tw > nx || th > ny)
		return 0;
	g = calloc((size_t)nx * (size_t)ny, 1);
	sum = calloc((size_t)(nx + 1) * (size_t)(ny + 1), sizeof(*sum));
	if (!g || !sum) {
		free(g);
		free(sum);
		return -1;
	}
	for (size_t i = 0; i < s->node_count; i++) {
		const archdoc_diagram__node *n = &s->nodes[i];

		occupy(g, nx, ny, gx0, gy0, n->pos.x - n->w / 2, n->pos.y - n->h / 2, n->pos.x + n->w / 2, n->pos.y + n->h / 2);
	}
	for (size_t i = 0; i < s->cluster_count; i++) {
		const archdoc_diagram__cluster *o = &s->clusters[i];

		if (i == ci)
			continue;
		if (o->parent == (int)ci)
			occupy(g, nx, ny, gx0, gy0, o->x0 - 2, o->y0 - 2, o->x1 + 2, o->y1 + 2);
		else if (o->label && *o->label) {
			archdoc_diagram__pt a, b;

			archdoc_diagram__title_box(o, TITLE_GAP, &a, &b);
			occupy(g, nx, ny, gx0, gy0, a.x, a.y, b.x, b.y);
		}
	}
	for (size_t i = 0; i < s->edge_count; i++) {
		const archdoc_diagram__edge *e = &s->edges[i];

		for (size_t k = 0; k + 3 < e->npts; k += 3) {
			archdoc_diagram__pt prev = e->pts[k];

			for (int step = 1; step <= 16; step++) {
				archdoc_diagram__pt q = bez(e->pts + k, step / 16.0);
				double len = hypot(q.x - prev.x, q.y - prev.y);
				int m = (int)(len / (TCELL / 2)) + 1;

				for (int j = 0; j <= m; j++) {
					double t = (double)j / m, x = prev.x + (q.x - prev.x) * t, y = prev.y + (q.y - prev.y) * t;

					occupy(g, nx, ny, gx0, gy0, x, y, x, y);
				}
				prev = q;
			}
		}
		if (e->has_tip && e->npts)
			occupy(g, nx, ny, gx0, gy0, fmin(e->tip.x, e->pts[e->npts - 1].x), fmin(e->tip.y, e->pts[e->npts - 1].y),
					fmax(e->tip.x, e->pts[e->npts - 1].x), fmax(e->tip.y, e->pts[e->npts - 1].y));
	}
	/* prefix sums: a window's count of occupied cells in O(1) */
	for (long y = 0; y < ny; y++)
		for (long x = 0; x < nx; x++)
			sum[(y + 1) * (nx + 1) + x + 1] = g[y * nx + x] + sum[y * (nx + 1) + x + 1] +
				sum[(y + 1) * (nx + 1) + x] - sum[y * (nx + 1) + x];
	/* y grows upwards: the top row first */
	for (long y = ny - th; y >= 0; y--)
		for (long x = 0; x + tw <= nx; x++) {
			unsigned used = sum[(y + th) * (nx + 1) + x + tw] - sum[y * (nx + 1) + x + tw] -
				sum[(y + th) * (nx + 1) + x] + sum[y * (nx + 1) + x];

			if (!used) {
				c->label_pos.x = gx0 + (double)x * TCELL + (double)tw * TCELL / 2;
				c->label_pos.y = gy0 + (double)y * TCELL + (double)th * TCELL / 2;
				free(g);
				free(sum);
				return 0;
			}
		}
	free(g);
	free(sum);
	return 0;
}

static int place_titles(archdoc_diagram__scene *s)
{
	span *sp = NULL;
	size_t cap = 0;
	int rc = 0;

	for (size_t ci = 0; ci < s->cluster_count && rc == 0; ci++) {
		archdoc_diagram__cluster *c = &s->clusters[ci];
		double w = archdoc_diagram__title_width(c), fs = c->font_size > 0 ? c->font_size : 14;
		double y0 = c->label_pos.y - 0.6 * fs - TITLE_GAP, y1 = c->label_pos.y + 0.6 * fs + TITLE_GAP;
		double lo = c->x0 + TITLE_INSET, hi = c->x1 - TITLE_INSET - w, x, best;
		size_t n = 0;

		c->title_blocked = 0;
		if (c->legend || !c->label || !*c->label)
			continue;
		if (c->title_row) {
			/* in its own room: lines bent there after the layout (spread
			 * arrowheads, routes of archdoc's) go aside again */
			archdoc_diagram__pt tlo, thi;

			archdoc_diagram__title_box(c, TITLE_GAP, &tlo, &thi);
			rc = push_lines(s, c, tlo.x, thi.x, tlo.y, thi.y);
			continue;
		}
		if (hi < lo)
			hi = lo;
		for (size_t i = 0; i < s->edge_count && rc == 0; i++) {
			const archdoc_diagram__edge *e = &s->edges[i];

			for (size_t k = 0; k + 3 < e->npts && rc == 0; k += 3) {
				archdoc_diagram__pt prev = e->pts[k];

				for (int step = 1; step <= 8 && rc == 0; step++) {
					archdoc_diagram__pt q = bez(e->pts + k, step / 8.0);

					rc = band_span(&sp, &n, &cap, prev, q, y0, y1);
					prev = q;
				}
			}
			if (e->has_tip && e->npts && rc == 0)
				rc = band_span(&sp, &n, &cap, e->pts[e->npts - 1], e->tip, y0, y1);
		}
		if (rc)
			break;
		if (n)
			qsort(sp, n, sizeof(*sp), span_cmp);
		/* the leftmost start x in lo..hi whose [x, x + w] meets no span */
		x = lo;
		best = -1;
		for (size_t i = 0; i <= n; i++) {
			if (i == n || sp[i].a >= x + w) {
				/* free from x to the next span's start (or beyond) */
				if (x <= hi)
					best = x;
				break;
			}
			if (sp[i].b > x)
				x = sp[i].b;
		}
		if (best < 0) {
			/* no free place: keep the title at the left and move the
			 * lines through it aside */
			double tx0 = c->label_pos.x - w / 2;

			rc = push_lines(s, c, tx0, tx0 + w, y0, y1);
			for (size_t i = 0; i < s->edge_count && rc == 0; i++) {
				const archdoc_diagram__edge *e = &s->edges[i];

				if (e->npts >= 4 && hits_box(e->pts, e->npts, e->has_tip, e->tip, tx0, y0, tx0 + w, y1)) {
					c->title_blocked = 1;
					break;
				}
			}
			continue;
		}
		c->label_pos.x = best + w / 2;
	}
	/* last resort: a title still crossed goes to the first free place
	 * inside its boundary, reading from the top left */
	for (size_t ci = 0; ci < s->cluster_count && rc == 0; ci++) {
		archdoc_diagram__cluster *c = &s->clusters[ci];
		archdoc_diagram__pt tlo, thi;
		int crossed = 0;

		if (c->legend || !c->label || !*c->label)
			continue;
		archdoc_diagram__title_box(c, 0, &tlo, &thi);
		for (size_t i = 0; i < s->edge_count && !crossed; i++) {
			const archdoc_diagram__edge *e = &s->edges[i];

			crossed = e->npts >= 4 && hits_box(e->pts, e->npts, e->has_tip, e->tip, tlo.x, tlo.y, thi.x, thi.y);
		}
		if (crossed && title_anywhere(s, ci) < 0)
			rc = -1;
	}
	free(sp);
	return rc ? ARCHDOC_ENOMEM : 0;
}

/* --- room for titles in the layout --- */

static int inside_cluster(const archdoc_diagram__scene *s, int c, int ancestor)
{
	for (; c >= 0; c = s->clusters[c].parent)
		if (c == ancestor)
			return 1;
	return 0;
}

static int added_any_blocked(const archdoc_diagram__scene *s)
{
	for (size_t i = 0; i < s->cluster_count; i++)
		if (s->clusters[i].title_blocked)
			return 1;
	return 0;
}

int archdoc_diagram__title_rows_add(archdoc_diagram__scene *s, const archdoc_diagram__scene *first)
{

	int added = 0, lr = first->params.rankdir_lr;

	if (s->node_count != first->node_count || s->cluster_count != first->cluster_count)
		return 0;
	/* nodes too small for the lines arriving at a side grow */
	for (size_t i = 0; i < first->node_count; i++) {
		const archdoc_diagram__node *f = &first->nodes[i];
		archdoc_diagram__node *n = &s->nodes[i];

		if (f->need_w > 0 && f->need_w > n->width) {
			n->width = f->need_w;
			added = 1;
		}
		if (f->need_h > 0 && f->need_h > n->height) {
			n->height = f->need_h;
			added = 1;
		}
	}
	for (size_t ci = 0; ci < first->cluster_count; ci++) {
		const archdoc_diagram__cluster *fc = &first->clusters[ci];
		double edge = lr ? HUGE_VAL : -HUGE_VAL, tall = 0;
		size_t first_node = (size_t)-1;
		int t;

		/* blocked titles, and the ones that fill their band (the next
		 * layout is likely to block them: lines into the boundary cross
		 * a band its title fills) */
		if (!fc->title_blocked && !fc->title_row &&
				!(added_any_blocked(first) && archdoc_diagram__title_width(fc) > 0.6 * (fc->x1 - fc->x0)))
			continue;
		/* the boundary's first rank: top row (left column when LR) */
		for (size_t i = 0; i < first->node_count; i++) {
			const archdoc_diagram__node *n = &first->nodes[i];

			if (n->role == ARCHDOC_ROLE_LEGEND || !inside_cluster(first, n->cluster, (int)ci))
				continue;
			if (lr ? n->pos.x < edge - 1 : n->pos.y > edge + 1)
				edge = lr ? n->pos.x : n->pos.y;
		}
		t = archdoc_diagram__scene_add_node(s);
		if (t < 0)
			return -1;
		for (size_t i = 0; i < first->node_count; i++) {
			const archdoc_diagram__node *n = &first->nodes[i];

			if (n->role == ARCHDOC_ROLE_LEGEND || !inside_cluster(first, n->cluster, (int)ci) ||
					fabs((lr ? n->pos.x : n->pos.y) - edge) > 1)
				continue;
			if (n->h > tall)
				tall = n->h;
			if (first_node == (size_t)-1)
				first_node = i;
			{
				int k = archdoc_diagram__scene_add_edge(s);
				archdoc_diagram__edge *e;

				if (k < 0)
					return -1;
				e = &s->edges[k];
				/* dot keeps a flat edge's tail before its head: left in
				 * TB; in LR "before" ends up below, so the title is the head */
				e->tail = lr ? (int)i : t;
				e->head = lr ? t : (int)i;
				e->same_rank = 1;
				e->style = ARCHDOC_STYLE_INVISIBLE;
				e->weight = 10;
				e->conn = (size_t)-1;
			}
		}
		{
			archdoc_diagram__node *n = &s->nodes[t];
			archdoc_diagram__cluster *c = &s->clusters[ci];

			n->name = archdoc_diagram__printf(s, "t_%s", c->name);
			if (!n->name)
				return -1;
			n->label = "";
			n->role = ARCHDOC_ROLE_TITLE;
			n->shape = ARCHDOC_SHAPE_BOX;
			n->style = ARCHDOC_STYLE_INVISIBLE;
			/* room to the title's right for the lines into the row's first
			 * component, which come in at its corner */
			n->width = archdoc_diagram__title_width(fc) + 2 * TITLE_GAP + ROW_ROOM;
			n->height = lr || tall < fc->label_h ? fc->label_h + 2 * TITLE_GAP : tall;
			n->fixed = 1;
			n->cluster = (int)ci;
			n->ref = ci;
			c->title_row = 1;
			c->label_w = fc->label_w;
			c->label_h = fc->label_h;
		}
		added |= fc->title_blocked;
	}
	return added;
}

void archdoc_diagram__title_rows_take(archdoc_diagram__scene *s)
{
	size_t keep_nodes = s->node_count, keep_edges = s->edge_count;

	for (size_t i = 0; i < s->node_count; i++) {
		const archdoc_diagram__node *n = &s->nodes[i];
		archdoc_diagram__cluster *c;

		if (n->role != ARCHDOC_ROLE_TITLE)
			continue;
		if (i < keep_nodes)
			keep_nodes = i;
		c = &s->clusters[n->cluster];
		c->label_pos.x = n->pos.x - n->w / 2 + TITLE_GAP + archdoc_diagram__title_width(c) / 2;
		/* in the middle of its room: lines pass the room, not its edge */
		c->label_pos.y = n->pos.y;
	}
	for (size_t i = 0; i < s->edge_count; i++)
		if ((s->nodes[s->edges[i].tail].role == ARCHDOC_ROLE_TITLE ||
				s->nodes[s->edges[i].head].role == ARCHDOC_ROLE_TITLE) && i < keep_edges)
			keep_edges = i;
	s->node_count = keep_nodes;
	s->edge_count = keep_edges;
}
