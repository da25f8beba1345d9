/*
 * Lines archdoc draws itself where Graphviz's are poor: a connection whose
 * line is much longer than the straight way between its ends (dot routes
 * some flat edges in arcs over a whole rank, or around the drawing) is
 * routed again on a grid around components, badges and boundary titles,
 * as straight runs with rounded corners, and its badge moves to the middle
 * of the new line. A new line is kept only when it is shorter. The same
 * grid routes lines again for step 8 (misread.c, archdoc_diagram__router).
 */
#include "diagram.h"

#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "archdoc/errors.h"
#include "quality.h"

#define CELL 6.0         /* grid step (points), on drawings up to MAX_CELLS */
/* A bigger drawing gets a coarser grid, as many cells as this: each line
 * routed again costs a pass over the grid, so a fine grid on a big drawing
 * would make routing grow with the square of its area. */
#define MAX_CELLS 400000.0
#define MARGIN 48.0      /* room around the drawing for lines to go round */
#define CLEARANCE 4.0    /* space kept around components and badges */
#define DETOUR 1.8       /* longer than this times the straight distance: route again */
#define BEND 6           /* cost of a corner, in steps */
#define BUSY 3           /* cost of a step on a cell another line uses */
#define RADIUS 6.0       /* corner rounding */
#define ARROW 10.0       /* Graphviz's arrowhead length */
/* On a grid of more cells than this the estimate counts twice (weighted
 * A*): a way found may cost a few corners more than the cheapest, found
 * exploring a fraction of the grid; smaller drawings get the cheapest. */
#define GREEDY_CELLS 300000

typedef archdoc_diagram__pt pt;

typedef struct archdoc_diagram__router {
	double x0, y0;
	double cell;             /* step, points */
	long nx, ny;
	unsigned char *blocked;  /* 1: a component, badge or title */
	unsigned char *busy;     /* a line runs here */
	/* per cell and direction, together: a step reads all three */
	struct state {
		unsigned seen;       /* the search that last set cost and from */
		unsigned cost;       /* valid where seen is the stamp */
		int from;            /* predecessor state, -1 */
	} *state;
	unsigned stamp;
	long tx0, ty0, tx1, ty1; /* the search's goal ring, for the estimate */
	unsigned greed;          /* the estimate's weight */
	int halo;                /* lines make the cells beside them busy too */
	struct heap_item { unsigned key; int st; } *heap;
	size_t heap_len, heap_cap;
} grid;

static long gx(const grid *g, double x)
{
	long c = (long)floor((x - g->x0) / g->cell);

	return c < 0 ? 0 : c >= g->nx ? g->nx - 1 : c;
}

static long gy(const grid *g, double y)
{
	long c = (long)floor((y - g->y0) / g->cell);

	return c < 0 ? 0 : c >= g->ny ? g->ny - 1 : c;
}

static pt centre(const grid *g, long cx, long cy)
{
	pt p = { g->x0 + ((double)cx + 0.5) * g->cell, g->y0 + ((double)cy + 0.5) * g->cell };

	return p;
}

static void mark_box(grid *g, unsigned char *layer, double x0, double y0, double x1, double y1, unsigned char v)
{
	for (long y = gy(g, y0); y <= gy(g, y1); y++)
		for (long x = gx(g, x0); x <= gx(g, x1); x++)
			layer[y * g->nx + x] = v;
}

static pt bez(const pt *p, double t)
{
	double u = 1 - t;
	pt r = {
		u * u * u * p[0].x + 3 * u * u * t * p[1].x + 3 * u * t * t * p[2].x + t * t * t * p[3].x,
		u * u * u * p[0].y + 3 * u * u * t * p[1].y + 3 * u * t * t * p[2].y + t * t * t * p[3].y
	};
	return r;
}

/* Length of an edge's drawn line, and each sample visited by fn. */
static double edge_len(const archdoc_diagram__edge *e, grid *g, int mark)
{
	double len = 0;
	pt prev;

	if (e->npts < 1)
		return 0;
	prev = e->pts[0];
	for (size_t k = 0; k + 3 < e->npts; k += 3)
		for (int st = 1; st <= 8; st++) {
			pt q = bez(e->pts + k, st / 8.0);

			len += hypot(q.x - prev.x, q.y - prev.y);
			if (mark && g->halo) {
				long cx = gx(g, q.x), cy = gy(g, q.y);

				for (long y = cy > 0 ? cy - 1 : 0; y <= cy + 1 && y < g->ny; y++)
					for (long x = cx > 0 ? cx - 1 : 0; x <= cx + 1 && x < g->nx; x++)
						g->busy[y * g->nx + x] = 1;
			} else if (mark) {
				g->busy[gy(g, q.y) * g->nx + gx(g, q.x)] = 1;
			}
			prev = q;
		}
	if (e->has_tip)
		len += hypot(e->tip.x - prev.x, e->tip.y - prev.y);
	return len;
}

static pt edge_end(const archdoc_diagram__edge *e)
{
	return e->has_tip ? e->tip : e->pts[e->npts - 1];
}

/* --- a binary heap of states ordered by cost plus the estimate (A*) --- */

static int heap_push(grid *g, int state, unsigned key)
{
	size_t i;

	if (g->heap_len == g->heap_cap) {
		size_t nc = g->heap_cap ? g->heap_cap * 2 : 1024;
		struct heap_item *h = realloc(g->heap, nc * sizeof(*h));

		if (!h)
			return -1;
		g->heap = h;
		g->heap_cap = nc;
	}
	i = g->heap_len++;
	while (i > 0) {
		size_t up = (i - 1) / 2;

		if (g->heap[up].key <= key)
			break;
		g->heap[i] = g->heap[up];
		i = up;
	}
	g->heap[i].key = key;
	g->heap[i].st = state;
	return 0;
}

static struct heap_item heap_pop(grid *g)
{
	struct heap_item top = g->heap[0], last = g->heap[--g->heap_len];
	size_t i = 0;

	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		unsigned km = last.key;

		if (l < g->heap_len && g->heap[l].key < km) {
			m = l;
			km = g->heap[l].key;
		}
		if (r < g->heap_len && g->heap[r].key < km)
			m = r;
		if (m == i)
			break;
		g->heap[i] = g->heap[m];
		i = m;
	}
	if (g->heap_len)
		g->heap[i] = last;
	return top;
}

/* Steps at least still to go from cell (x, y) to the goal ring: never more
 * than the true cost, so the first path found is a cheapest one. */
static unsigned estimate(const grid *g, long x, long y)
{
	long dx = x < g->tx0 ? g->tx0 - x : x > g->tx1 ? x - g->tx1 : 0;
	long dy = y < g->ty0 ? g->ty0 - y : y > g->ty1 ? y - g->ty1 : 0;

	return (unsigned)(dx + dy);
}

static unsigned cost_of(const grid *g, int st)
{
	return g->state[st].seen == g->stamp ? g->state[st].cost : UINT32_MAX;
}

static const int DX[4] = { 1, 0, -1, 0 }, DY[4] = { 0, 1, 0, -1 };

/* Cells around a component's box where a line may start or end. */
static int ring(const grid *g, const archdoc_diagram__node *n, long *x0, long *y0, long *x1, long *y1)
{
	*x0 = gx(g, n->pos.x - n->w / 2 - CLEARANCE) - 1;
	*x1 = gx(g, n->pos.x + n->w / 2 + CLEARANCE) + 1;
	*y0 = gy(g, n->pos.y - n->h / 2 - CLEARANCE) - 1;
	*y1 = gy(g, n->pos.y + n->h / 2 + CLEARANCE) + 1;
	return *x0 >= 0 && *y0 >= 0 && *x1 < g->nx && *y1 < g->ny;
}

static int on_ring(long x, long y, long x0, long y0, long x1, long y1)
{
	if (x < x0 || x > x1 || y < y0 || y > y1)
		return 0;
	/* the sides, not the corners: a line leaves a box square to a side */
	if ((x == x0 || x == x1) && (y == y0 || y == y1))
		return 0;
	return x == x0 || x == x1 || y == y0 || y == y1;
}

/*
 * Shortest grid path from the ring around a to the ring around b, with
 * corners and busy cells costing extra. Cells of the path, b's end first,
 * into *out (malloc'd). 0 found, 1 none, -1 out of memory.
 */
static int search(grid *g, const archdoc_diagram__node *a, const archdoc_diagram__node *b, unsigned limit,
		long **out, size_t *n)
{
	long ax0, ay0, ax1, ay1, bx0, by0, bx1, by1;
	size_t cells = (size_t)g->nx * (size_t)g->ny;
	int goal = -1;

	*out = NULL;
	*n = 0;
	if (!ring(g, a, &ax0, &ay0, &ax1, &ay1) || !ring(g, b, &bx0, &by0, &bx1, &by1))
		return 1;
	/* a new stamp forgets the last search's costs without touching them */
	if (++g->stamp == 0) {
		for (size_t i = 0; i < cells * 4; i++)
			g->state[i].seen = 0;
		g->stamp = 1;
	}
	g->tx0 = bx0, g->ty0 = by0, g->tx1 = bx1, g->ty1 = by1;
	g->heap_len = 0;
	for (long y = ay0; y <= ay1; y++)
		for (long x = ax0; x <= ax1; x++) {
			if (!on_ring(x, y, ax0, ay0, ax1, ay1) || g->blocked[y * g->nx + x])
				continue;
			/* leaving the side it is on, straight out */
			int d = x == ax0 ? 2 : x == ax1 ? 0 : y == ay0 ? 3 : 1;
			int st = (int)((y * g->nx + x) * 4 + d);

			g->state[st].cost = 0;
			g->state[st].from = -1;
			g->state[st].seen = g->stamp;
			if (heap_push(g, st, g->greed * estimate(g, x, y)) < 0)
				return -1;
		}
	while (g->heap_len) {
		struct heap_item it = heap_pop(g);
		int st = it.st, d = st % 4;
		long c = st / 4, x = c % g->nx, y = c / g->nx;

		if (it.key != g->state[st].cost + g->greed * estimate(g, x, y))
			continue;   /* a stale entry: st was reached cheaper since */
		if (g->state[st].cost + estimate(g, x, y) > limit)
			continue;   /* longer than the line it would replace */

		if (on_ring(x, y, bx0, by0, bx1, by1) &&
				((x == bx0 && d == 0) || (x == bx1 && d == 2) || (y == by0 && d == 1) || (y == by1 && d == 3))) {
			goal = st;
			break;
		}
		for (int nd = 0; nd < 4; nd++) {
			long x2 = x + DX[nd], y2 = y + DY[nd];
			int st2;
			unsigned c2;

			if (nd == (d + 2) % 4 || x2 < 0 || y2 < 0 || x2 >= g->nx || y2 >= g->ny)
				continue;
			if (g->blocked[y2 * g->nx + x2])
				continue;
			/* not through b's box on the way in: only its ring ends a path */
			if (x2 > bx0 && x2 < bx1 && y2 > by0 && y2 < by1)
				continue;
			if (x2 > ax0 && x2 < ax1 && y2 > ay0 && y2 < ay1)
				continue;
			c2 = g->state[st].cost + 1 + (nd != d ? BEND : 0) + (g->busy[y2 * g->nx + x2] ? BUSY : 0);
			st2 = (int)((y2 * g->nx + x2) * 4 + nd);
			if (c2 < cost_of(g, st2)) {
				g->state[st2].cost = c2;
				g->state[st2].from = st;
				g->state[st2].seen = g->stamp;
				if (heap_push(g, st2, c2 + g->greed * estimate(g, x2, y2)) < 0)
					return -1;
			}
		}
	}
	if (goal < 0)
		return 1;
	for (int st = goal; st >= 0; st = g->state[st].from)
		(*n)++;
	*out = malloc(*n * sizeof(**out));
	if (!*out)
		return -1;
	*n = 0;
	for (int st = goal; st >= 0; st = g->state[st].from)
		(*out)[(*n)++] = st / 4;
	return 0;
}

/* Where a line from cell centre p leaving node n square to its side meets
 * the node's border. */
static pt border(const archdoc_diagram__node *n, pt p)
{
	pt r = p;

	if (p.x < n->pos.x - n->w / 2)
		r.x = n->pos.x - n->w / 2;
	else if (p.x > n->pos.x + n->w / 2)
		r.x = n->pos.x + n->w / 2;
	else if (p.y < n->pos.y - n->h / 2)
		r.y = n->pos.y - n->h / 2;
	else
		r.y = n->pos.y + n->h / 2;
	if (n->shape == ARCHDOC_SHAPE_OVAL || n->shape == ARCHDOC_SHAPE_CIRCLE || n->shape == ARCHDOC_SHAPE_HEXAGON ||
			n->shape == ARCHDOC_SHAPE_CYLINDER) {
		/* curved or slanted outlines: come in a little further */
		double dx = r.x - p.x, dy = r.y - p.y, len = hypot(dx, dy);

		if (len > 0) {
			double in = n->shape == ARCHDOC_SHAPE_CYLINDER ? 3 : 6;

			r.x += dx / len * in;
			r.y += dy / len * in;
		}
	}
	return r;
}

/* A polyline as a cubic chain with rounded corners, appended to out. */
typedef struct chain {
	pt *p;
	size_t n, cap;
} chain;

static int chain_put(chain *c, pt p)
{
	if (c->n == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 32;
		pt *q = realloc(c->p, nc * sizeof(*q));

		if (!q)
			return -1;
		c->p = q;
		c->cap = nc;
	}
	c->p[c->n++] = p;
	return 0;
}

static int chain_line(chain *c, pt a, pt b)
{
	pt p1 = { a.x + (b.x - a.x) / 3, a.y + (b.y - a.y) / 3 }, p2 = { a.x + 2 * (b.x - a.x) / 3, a.y + 2 * (b.y - a.y) / 3 };

	return chain_put(c, p1) < 0 || chain_put(c, p2) < 0 || chain_put(c, b) < 0 ? -1 : 0;
}

static int chain_of(chain *c, const pt *v, size_t n)
{
	pt at;

	c->n = 0;
	if (n < 2)
		return 0;
	at = v[0];
	if (chain_put(c, at) < 0)
		return -1;
	for (size_t i = 1; i < n; i++) {
		if (i + 1 < n) {
			/* round the corner at v[i] */
			double l1 = hypot(v[i].x - at.x, v[i].y - at.y), l2 = hypot(v[i + 1].x - v[i].x, v[i + 1].y - v[i].y);
			double r = fmin(RADIUS, fmin(l1, l2) / 2);
			pt a = { v[i].x - (v[i].x - at.x) / (l1 > 0 ? l1 : 1) * r, v[i].y - (v[i].y - at.y) / (l1 > 0 ? l1 : 1) * r };
			pt b = { v[i].x + (v[i + 1].x - v[i].x) / (l2 > 0 ? l2 : 1) * r,
				v[i].y + (v[i + 1].y - v[i].y) / (l2 > 0 ? l2 : 1) * r };
			pt c1 = { a.x + (v[i].x - a.x) * 2 / 3, a.y + (v[i].y - a.y) * 2 / 3 };
			pt c2 = { b.x + (v[i].x - b.x) * 2 / 3, b.y + (v[i].y - b.y) * 2 / 3 };

			if (chain_line(c, at, a) < 0 || chain_put(c, c1) < 0 || chain_put(c, c2) < 0 || chain_put(c, b) < 0)
				return -1;
			at = b;
		} else if (chain_line(c, at, v[i]) < 0) {
			return -1;
		}
	}
	return 0;
}

/* The connection's parts: tail half (or whole edge), head half, badge. */
typedef archdoc_diagram__parts parts;

static size_t polyline_len(const pt *v, size_t n)
{
	double len = 0;

	for (size_t i = 1; i < n; i++)
		len += hypot(v[i].x - v[i - 1].x, v[i].y - v[i - 1].y);
	return (size_t)len;
}

/* The point at distance d along the polyline; *seg its segment. */
static pt along(const pt *v, size_t n, double d, size_t *seg)
{
	for (size_t i = 1; i < n; i++) {
		double l = hypot(v[i].x - v[i - 1].x, v[i].y - v[i - 1].y);

		if (d <= l || i == n - 1) {
			double t = l > 0 ? fmin(d / l, 1) : 0;
			pt p = { v[i - 1].x + (v[i].x - v[i - 1].x) * t, v[i - 1].y + (v[i].y - v[i - 1].y) * t };

			*seg = i;
			return p;
		}
		d -= l;
	}
	*seg = n - 1;
	return v[n - 1];
}

/* No component, badge or title there, and no other line: a number sitting
 * on another connection's line would read as that line's */
static int free_for_badge(const grid *g, pt c, double rx, double ry, int lines_too)
{
	for (long y = gy(g, c.y - ry); y <= gy(g, c.y + ry); y++)
		for (long x = gx(g, c.x - rx); x <= gx(g, c.x + rx); x++)
			if (g->blocked[y * g->nx + x] || (lines_too && g->busy[y * g->nx + x]))
				return 0;
	return 1;
}

/* Route connection p again on g; 1 when its line changed. */
static int reroute(archdoc_diagram__scene *s, grid *g, const parts *p, unsigned limit)
{
	archdoc_diagram__node *a = &s->nodes[p->from], *b = &s->nodes[p->to];
	long *cells = NULL;
	size_t n = 0, nv = 0, seg = 0;
	pt *v = NULL, mid;
	chain c1 = { NULL, 0, 0 }, c2 = { NULL, 0, 0 };
	int rc;

	rc = search(g, a, b, limit, &cells, &n);
	if (rc)
		return rc < 0 ? -1 : 0;
	/* corners only, tail end first */
	v = malloc((n + 2) * sizeof(*v));
	if (!v) {
		free(cells);
		return -1;
	}
	{
		pt first = centre(g, cells[n - 1] % g->nx, cells[n - 1] / g->nx);

		v[nv++] = border(a, first);
	}
	for (size_t k = n; k-- > 0;) {
		pt q = centre(g, cells[k] % g->nx, cells[k] / g->nx);

		if (k == n - 1 || k == 0) {
			v[nv++] = q;
			continue;
		}
		{
			long pc = cells[k + 1], nc = cells[k - 1];
			int straight = (pc % g->nx == nc % g->nx) || (pc / g->nx == nc / g->nx);

			if (!straight)
				v[nv++] = q;
		}
	}
	v[nv] = border(b, v[nv - 1]);
	nv++;
	free(cells);

	if (p->badge >= 0) {
		archdoc_diagram__node *bn = &s->nodes[p->badge];
		double total = (double)polyline_len(v, nv), rx = bn->w / 2 + 2, ry = bn->h / 2 + 2;
		int placed = 0;

		/* the badge on the line, as near its middle as is free (of
		 * other lines too, where the line's way was chosen clear of
		 * them and that can be) */
		for (int lines_too = 1; lines_too >= (g->halo ? 0 : 1) && !placed; lines_too--)
			for (double off = 0; off < total / 2 && !placed; off += g->cell) {
				for (int sign = 1; sign >= -1 && !placed; sign -= 2) {
					mid = along(v, nv, total / 2 + sign * off, &seg);
					if (free_for_badge(g, mid, rx, ry, lines_too))
						placed = 1;
				}
			}
		if (!placed) {
			/* no free place for the number on the new line: keep the old */
			free(v);
			return 0;
		}
		bn->pos = mid;
		/* tail half: v[0 .. seg) then mid; head half: mid, v[seg ..] */
		{
			pt *t = malloc((seg + 1) * sizeof(*t)), *h = malloc((nv - seg + 1) * sizeof(*h));
			size_t nt = 0, nh = 0;

			if (!t || !h) {
				free(t);
				free(h);
				free(v);
				return -1;
			}
			for (size_t i = 0; i < seg; i++)
				t[nt++] = v[i];
			t[nt++] = mid;
			h[nh++] = mid;
			for (size_t i = seg; i < nv; i++)
				h[nh++] = v[i];
			rc = chain_of(&c1, t, nt) < 0 || chain_of(&c2, h, nh) < 0 ? -1 : 0;
			free(t);
			free(h);
		}
	} else {
		rc = chain_of(&c2, v, nv);
	}
	if (rc == 0) {
		archdoc_diagram__edge *he = &s->edges[p->head_edge];
		pt tip = c2.p[c2.n - 1], back = c2.p[c2.n - 2];
		double dx = tip.x - back.x, dy = tip.y - back.y, len = hypot(dx, dy);

		/* the arrowhead: the last ARROW points of the line */
		if (he->arrow && len > 0) {
			pt base = { tip.x - dx / len * fmin(ARROW, len), tip.y - dy / len * fmin(ARROW, len) };

			c2.p[c2.n - 1] = base;
			c2.p[c2.n - 2].x = back.x + (base.x - back.x) * 0.5;
			c2.p[c2.n - 2].y = back.y + (base.y - back.y) * 0.5;
			he->has_tip = 1;
			he->tip = tip;
		} else {
			he->has_tip = 0;
		}
		if (archdoc_diagram__edge_set_points(s, he, c2.p, c2.n) < 0)
			rc = -1;
		if (rc == 0 && p->tail_edge >= 0 && p->tail_edge != p->head_edge) {
			archdoc_diagram__edge *te = &s->edges[p->tail_edge];

			te->has_tip = 0;
			if (archdoc_diagram__edge_set_points(s, te, c1.p, c1.n) < 0)
				rc = -1;
		}
	}
	free(c1.p);
	free(c2.p);
	free(v);
	return rc < 0 ? -1 : 1;
}

static int grid_init(grid *g, const archdoc_diagram__scene *s)
{
	size_t cells;

	memset(g, 0, sizeof(*g));
	g->x0 = s->x0 - MARGIN;
	g->y0 = s->y0 - MARGIN;
	{
		double w = s->x1 - s->x0 + 2 * MARGIN, h = s->y1 - s->y0 + 2 * MARGIN;

		g->cell = fmax(CELL, sqrt(w * h / MAX_CELLS));
		g->nx = (long)(w / g->cell) + 1;
		g->ny = (long)(h / g->cell) + 1;
	}
	cells = (size_t)g->nx * (size_t)g->ny;
	g->greed = cells > GREEDY_CELLS ? 2 : 1;
	g->blocked = calloc(cells, 1);
	g->busy = calloc(cells, 1);
	g->state = calloc(cells * 4, sizeof(*g->state));
	return g->blocked && g->busy && g->state ? 0 : -1;
}

static void grid_fini(grid *g)
{
	free(g->blocked);
	free(g->busy);
	free(g->state);
	free(g->heap);
}

/* Obstacles: every component and badge (but the connection's own), every
 * title; lines: every other connection. */
static void grid_fill(grid *g, const archdoc_diagram__scene *s, const parts *p, double extra)
{
	size_t cells = (size_t)g->nx * (size_t)g->ny;

	memset(g->blocked, 0, cells);
	memset(g->busy, 0, cells);
	for (size_t i = 0; i < s->node_count; i++) {
		const archdoc_diagram__node *n = &s->nodes[i];
		double c = (n->role == ARCHDOC_ROLE_BADGE ? 2 : CLEARANCE) +
			((int)i == p->from || (int)i == p->to ? 0 : extra);

		if ((int)i == p->badge || (n->role != ARCHDOC_ROLE_COMPONENT && n->role != ARCHDOC_ROLE_BADGE))
			continue;
		mark_box(g, g->blocked, n->pos.x - n->w / 2 - c, n->pos.y - n->h / 2 - c, n->pos.x + n->w / 2 + c,
				n->pos.y + n->h / 2 + c, 1);
	}
	for (size_t i = 0; i < s->cluster_count; i++) {
		const archdoc_diagram__cluster *c = &s->clusters[i];
		pt lo, hi;

		if (c->legend || !c->label || !*c->label)
			continue;
		archdoc_diagram__title_box(c, 3, &lo, &hi);
		mark_box(g, g->blocked, lo.x, lo.y, hi.x, hi.y, 1);
	}
	for (size_t i = 0; i < s->edge_count; i++) {
		const archdoc_diagram__edge *e = &s->edges[i];

		if ((int)i != p->tail_edge && (int)i != p->head_edge)
			(void)edge_len(e, g, 1);
	}
}

/* Where the line from n's centre towards p leaves n's box. */
static pt toward(const archdoc_diagram__node *n, pt p)
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

/* No way round on the grid (a drawing packed tight): straight lines from
 * end to badge to end, so the connection is drawn all the same. */
static int straight_through(archdoc_diagram__scene *s, const parts *p)
{
	const archdoc_diagram__node *a = &s->nodes[p->from], *b = &s->nodes[p->to];
	pt mid = p->badge >= 0 ? s->nodes[p->badge].pos : b->pos;
	chain c = { NULL, 0, 0 };
	pt v[2];
	int rc = 0;

	if (p->tail_edge != p->head_edge) {
		v[0] = toward(a, mid);
		v[1] = mid;
		rc = chain_of(&c, v, 2) < 0 || archdoc_diagram__edge_set_points(s, &s->edges[p->tail_edge], c.p, c.n) < 0
			? -1 : 0;
		s->edges[p->tail_edge].has_tip = 0;
	} else {
		mid = a->pos;
	}
	if (rc == 0) {
		archdoc_diagram__edge *he = &s->edges[p->head_edge];
		pt tip = toward(b, mid), base;
		double dx = tip.x - mid.x, dy = tip.y - mid.y, len = hypot(dx, dy);

		base.x = tip.x - (len > 0 ? dx / len * fmin(ARROW, len) : 0);
		base.y = tip.y - (len > 0 ? dy / len * fmin(ARROW, len) : 0);
		v[0] = p->tail_edge != p->head_edge ? mid : toward(a, b->pos);
		v[1] = he->arrow ? base : tip;
		rc = chain_of(&c, v, 2) < 0 || archdoc_diagram__edge_set_points(s, he, c.p, c.n) < 0 ? -1 : 0;
		he->has_tip = he->arrow;
		he->tip = tip;
	}
	free(c.p);
	return rc;
}

/* Either half of connection p across the middle of another component? */
static int runs_across(const archdoc_diagram__scene *s, const parts *p)
{
	return archdoc_diagram__runs_across(s, &s->edges[p->head_edge]) ||
		(p->tail_edge != p->head_edge && archdoc_diagram__runs_across(s, &s->edges[p->tail_edge]));
}

archdoc_diagram__parts *archdoc_diagram__parts_of(const archdoc_diagram__scene *s, size_t *conns)
{
	parts *ps;

	*conns = 0;
	for (size_t i = 0; i < s->edge_count; i++)
		if (s->edges[i].conn != (size_t)-1 && s->edges[i].conn + 1 > *conns)
			*conns = s->edges[i].conn + 1;
	if (!*conns)
		return NULL;
	ps = malloc(*conns * sizeof(*ps));
	if (!ps)
		return NULL;
	for (size_t c = 0; c < *conns; c++)
		ps[c].tail_edge = ps[c].head_edge = ps[c].badge = ps[c].from = ps[c].to = -1;
	for (size_t i = 0; i < s->edge_count; i++) {
		const archdoc_diagram__edge *e = &s->edges[i];
		parts *p;

		if (e->conn == (size_t)-1)
			continue;
		p = &ps[e->conn];
		if (e->half == 0 || e->half == 1) {
			p->tail_edge = (int)i;
			p->from = e->tail;
		}
		if (e->half == 0 || e->half == 2) {
			p->head_edge = (int)i;
			p->to = e->head;
		}
		if (e->half == 1)
			p->badge = e->head;
	}
	return ps;
}

int archdoc_diagram__reroute_detours(archdoc_diagram__scene *s)
{
	size_t conns;
	parts *ps = archdoc_diagram__parts_of(s, &conns);
	grid g;
	int have_grid = 0, rc = 0;

	if (!ps)
		return conns ? ARCHDOC_ENOMEM : 0;
	archdoc_diagram__scene_bounds(s);
	for (size_t c = 0; c < conns && rc == 0; c++) {
		const parts *p = &ps[c];
		double len, straight;
		pt a, b;

		int lost, across;

		if (p->head_edge < 0 || p->tail_edge < 0 || p->from < 0 || p->to < 0 || p->from == p->to)
			continue;
		/* a line Graphviz's router gave up on ("lost edge") has no points:
		 * archdoc draws it */
		lost = s->edges[p->head_edge].npts < 4 || s->edges[p->tail_edge].npts < 4;
		/* a line straight across another component reads as two
		 * connections through it: archdoc routes it round */
		across = !lost && runs_across(s, p);
		if (lost) {
			a = s->nodes[p->from].pos;
			len = HUGE_VAL;
		} else {
			a = s->edges[p->tail_edge].pts[0];
			b = edge_end(&s->edges[p->head_edge]);
			straight = hypot(b.x - a.x, b.y - a.y);
			len = archdoc_diagram__line_length(s, p);
			if (!across && (straight < 1 || len <= DETOUR * straight))
				continue;
		}
		if (!have_grid) {
			if (grid_init(&g, s) < 0) {
				grid_fini(&g);
				rc = ARCHDOC_ENOMEM;
				break;
			}
			have_grid = 1;
		}
		{
			/* keep the old line if the new one is no shorter */
			archdoc_diagram__edge te = s->edges[p->tail_edge], he = s->edges[p->head_edge];
			pt badge_at = p->badge >= 0 ? s->nodes[p->badge].pos : a;
			int r;
			double now;

			/* a way of more steps than the line has points is no shorter:
			 * the search stops there instead of filling the grid */
			double most = across ? fmax(len, DETOUR * straight) : len;
			unsigned limit = isinf(most) || most / g.cell > UINT32_MAX / 2 ? UINT32_MAX : (unsigned)(most / g.cell) + 2;

			r = archdoc_diagram__route_round(s, &g, p, limit);
			if (r < 0) {
				rc = ARCHDOC_ENOMEM;
				break;
			}
			if (!r && lost && straight_through(s, p) < 0) {
				rc = ARCHDOC_ENOMEM;
				break;
			}
			if (!r)
				continue;
			now = archdoc_diagram__line_length(s, p);
			if (across ? runs_across(s, p) : now >= len) {
				s->edges[p->tail_edge] = te;
				s->edges[p->head_edge] = he;
				if (p->badge >= 0)
					s->nodes[p->badge].pos = badge_at;
			}
		}
	}
	if (have_grid)
		grid_fini(&g);
	free(ps);
	return rc;
}

double archdoc_diagram__line_length(const archdoc_diagram__scene *s, const archdoc_diagram__parts *p)
{
	return edge_len(&s->edges[p->head_edge], NULL, 0) +
		(p->tail_edge != p->head_edge ? edge_len(&s->edges[p->tail_edge], NULL, 0) : 0);
}

archdoc_diagram__pt archdoc_diagram__line_end(const archdoc_diagram__edge *e)
{
	return edge_end(e);
}

archdoc_diagram__pt archdoc_diagram__bezier_at(const archdoc_diagram__pt *p, double t)
{
	return bez(p, t);
}

int archdoc_diagram__route_round(archdoc_diagram__scene *s, archdoc_diagram__router *g,
		const archdoc_diagram__parts *p, unsigned limit)
{
	double wide = p->badge >= 0 ? fmax(s->nodes[p->badge].w, s->nodes[p->badge].h) / 2 : 0;
	int r;

	/* first a way wide enough for the badge to stand on it, then any way */
	grid_fill(g, s, p, wide);
	r = reroute(s, g, p, limit);
	if (r == 0 && wide > 0) {
		grid_fill(g, s, p, 0);
		r = reroute(s, g, p, limit);
	}
	return r;
}

archdoc_diagram__router *archdoc_diagram__router_new(const archdoc_diagram__scene *s, int halo)
{
	grid *g = malloc(sizeof(*g));

	if (!g)
		return NULL;
	if (grid_init(g, s) < 0) {
		archdoc_diagram__router_free(g);
		return NULL;
	}
	g->halo = halo;
	return g;
}

void archdoc_diagram__router_free(archdoc_diagram__router *g)
{
	if (!g)
		return;
	grid_fini(g);
	free(g);
}

double archdoc_diagram__router_cell(const archdoc_diagram__router *g)
{
	return g->cell;
}
