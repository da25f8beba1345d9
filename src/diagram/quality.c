/*
 * Readability of a placed scene, measured the way docs/diagram.md defines
 * it (the same figures as the project's measuring tool): crossings between
 * connections, pairs of lines that run together, lines through unrelated
 * components, badges nearer another line than their own, badges on
 * components, and the drawing's proportions. render.c lays a model out in
 * a few ways and keeps the best by these figures.
 *
 * Speed without changing a figure: every line keeps the bounding boxes of
 * runs of CHUNK consecutive segments, so "is any segment of this line
 * nearer than r" and "which segments may cross this one" look only at
 * segments whose box can matter, in the same order as a full scan; a
 * squared distance rejects far segments before the exact hypot() that
 * decides; the pair loop stops counting a pair's shared run as soon as it
 * is long enough to count as tangled. Scratch memory lives in the
 * measurer, reused across a search's candidates.
 */
#include "quality.h"

#include "array.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CLEAR 4.0      /* how much nearer its own line a badge must be */
#define RUN 40.0       /* how long two lines may run together */
#define HEADS 6.0      /* line ends into one component nearer than this pile up */
#define STEPS 8         /* segments per Bezier piece */
#define EXACT_STEPS 12  /* ... measured exactly: the measuring tool's */
#define CHUNK 8        /* segments per bounding box of a line's run */
#define SLACK 1e-6     /* safety margin of the exact filters (points) */
#define CROSS_SLACK 1.0  /* ... and of the crossing filter (points) */
#define NONE ((size_t)-1)

typedef struct box {
	double x0, y0, x1, y1;
} box;

typedef struct line {
	size_t p0, n;             /* polyline: w->pts[p0 .. p0 + n) */
	size_t s0, ns;            /* samples every 4 points: w->samples[s0 ..) */
	size_t f0, nf;            /* every 2 points, measured exactly (else the same) */
	size_t c0, nc;            /* chunk boxes: chunks[c0 ..) */
	box bb;
	int from, to;             /* component node indices */
	int badge;                /* node index, or -1 */
	int tip;                  /* its last point is the arrowhead's tip */
} line;

typedef archdoc_diagram__pt pt;

static box node_box(const archdoc_diagram__node *n)
{
	box b = { n->pos.x - n->w / 2, n->pos.y - n->h / 2, n->pos.x + n->w / 2, n->pos.y + n->h / 2 };

	return b;
}

static int inside(pt p, box b, double grow)
{
	return b.x0 - grow < p.x && p.x < b.x1 + grow && b.y0 - grow < p.y && p.y < b.y1 + grow;
}

static int boxes_meet(box a, box b, double grow)
{
	return a.x0 - grow <= b.x1 && b.x0 - grow <= a.x1 && a.y0 - grow <= b.y1 && b.y0 - grow <= a.y1;
}

static box seg_box(pt a, pt b)
{
	box r = { a.x < b.x ? a.x : b.x, a.y < b.y ? a.y : b.y, a.x < b.x ? b.x : a.x, a.y < b.y ? b.y : a.y };

	return r;
}

/* The offset from p to the nearest point of segment ab (hypot of it is
 * the distance; the arithmetic of every caller is the same). */
static void seg_off(pt p, pt a, pt b, double *ex, double *ey)
{
	double dx = b.x - a.x, dy = b.y - a.y, l = dx * dx + dy * dy, t = 0;

	if (l > 0) {
		t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / l;
		t = t < 0 ? 0 : t > 1 ? 1 : t;
	}
	*ex = p.x - (a.x + t * dx);
	*ey = p.y - (a.y + t * dy);
}

/* Distance from p to the nearest segment of l (HUGE_VAL without one). */
static double line_dist(pt p, const pt *q, const line *l)
{
	double best = HUGE_VAL;

	for (size_t i = 0; i + 1 < l->n; i++) {
		double ex, ey, d;

		seg_off(p, q[i], q[i + 1], &ex, &ey);
		d = hypot(ex, ey);
		if (d < best)
			best = d;
	}
	return best;
}

/* line_dist(p, l) < r, looking only where it can be true. */
static int nearer_than(pt p, const pt *q, const box *chunks, const line *l, double r)
{
	double g = r + SLACK, g2 = g * g;

	for (size_t c = 0; c < l->nc; c++) {
		const box *cb = &chunks[l->c0 + c];
		size_t i1 = (c + 1) * CHUNK < l->n - 1 ? (c + 1) * CHUNK : l->n - 1;

		if (!(cb->x0 - g <= p.x && p.x <= cb->x1 + g && cb->y0 - g <= p.y && p.y <= cb->y1 + g))
			continue;
		for (size_t i = c * CHUNK; i < i1; i++) {
			double ex, ey;

			seg_off(p, q[i], q[i + 1], &ex, &ey);
			if (ex * ex + ey * ey < g2 && hypot(ex, ey) < r)
				return 1;
		}
	}
	return 0;
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	return archdoc_array_reserve(p, cap, need, size, 64, 0);
}

static int add_pt(archdoc_diagram__measurer *w, size_t *n, pt p)
{
	if (*n == w->pts_cap && grow((void **)&w->pts, &w->pts_cap, *n + 1, sizeof(pt)) < 0)
		return -1;
	w->pts[(*n)++] = p;
	return 0;
}

/* A connection's edges (halves in order) as one polyline, appended at
 * w->pts[*used]. */
static int build_line(archdoc_diagram__measurer *w, size_t *used, const archdoc_diagram__scene *s, size_t conn,
		const size_t *edges, size_t ne, line *l)
{
	int steps;

	memset(l, 0, sizeof(*l));
	l->badge = -1;
	l->from = l->to = -1;
	l->p0 = *used;
	steps = w->exact ? EXACT_STEPS : STEPS;
	for (int half = 0; half <= 2; half++) {
		for (size_t k = 0; k < ne; k++) {
			const archdoc_diagram__edge *e = &s->edges[edges[k]];

			if (e->conn != conn || e->half != half || e->npts < 1)
				continue;
			if (half == 0 || half == 1)
				l->from = e->tail;
			if (half == 0 || half == 2)
				l->to = e->head;
			if (half == 1)
				l->badge = e->head;
			if (add_pt(w, used, e->pts[0]) < 0)
				return -1;
			for (size_t i = 0; i + 3 < e->npts; i += 3) {
				pt p0 = e->pts[i], p1 = e->pts[i + 1], p2 = e->pts[i + 2], p3 = e->pts[i + 3];

				for (int st = 1; st <= steps; st++) {
					double t = (double)st / steps, u = 1 - t;
					pt q = {
						u * u * u * p0.x + 3 * u * u * t * p1.x + 3 * u * t * t * p2.x + t * t * t * p3.x,
						u * u * u * p0.y + 3 * u * u * t * p1.y + 3 * u * t * t * p2.y + t * t * t * p3.y
					};

					if (add_pt(w, used, q) < 0)
						return -1;
				}
			}
			if (e->has_tip && add_pt(w, used, e->tip) < 0)
				return -1;
			l->tip = e->has_tip && (half == 0 || half == 2);
		}
	}
	l->n = *used - l->p0;
	return 0;
}

static void line_boxes(const pt *q, box *chunks, line *l)
{
	l->bb.x0 = l->bb.y0 = HUGE_VAL;
	l->bb.x1 = l->bb.y1 = -HUGE_VAL;
	for (size_t i = 0; i < l->n; i++) {
		if (q[i].x < l->bb.x0) l->bb.x0 = q[i].x;
		if (q[i].y < l->bb.y0) l->bb.y0 = q[i].y;
		if (q[i].x > l->bb.x1) l->bb.x1 = q[i].x;
		if (q[i].y > l->bb.y1) l->bb.y1 = q[i].y;
	}
	for (size_t c = 0; c < l->nc; c++) {
		size_t i0 = c * CHUNK, i1 = (c + 1) * CHUNK < l->n - 1 ? (c + 1) * CHUNK : l->n - 1;
		box *b = &chunks[l->c0 + c];

		*b = seg_box(q[i0], q[i0]);
		for (size_t i = i0 + 1; i <= i1; i++) {
			if (q[i].x < b->x0) b->x0 = q[i].x;
			if (q[i].y < b->y0) b->y0 = q[i].y;
			if (q[i].x > b->x1) b->x1 = q[i].x;
			if (q[i].y > b->y1) b->y1 = q[i].y;
		}
	}
}

static int cross(pt a, pt b, pt c, pt d, pt *at)
{
	double d1 = (d.x - c.x) * (a.y - c.y) - (d.y - c.y) * (a.x - c.x);
	double d2 = (d.x - c.x) * (b.y - c.y) - (d.y - c.y) * (b.x - c.x);
	double d3 = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
	double d4 = (b.x - a.x) * (d.y - a.y) - (b.y - a.y) * (d.x - a.x);
	double t;

	if (!d1 || !d2 || !d3 || !d4 || (d1 > 0) == (d2 > 0) || (d3 > 0) == (d4 > 0))
		return 0;
	t = d3 / (d3 - d4);
	at->x = c.x + t * (d.x - c.x);
	at->y = c.y + t * (d.y - c.y);
	return 1;
}

/* Points every step units along line l's polyline q, appended at
 * w->samples[*used]: from *s0, *ns of them. */
static int resample(archdoc_diagram__measurer *w, size_t *used, const pt *q, const line *l, double step,
		size_t *s0, size_t *ns)
{
	*s0 = *used;
	for (size_t i = 0; i + 1 < l->n; i++) {
		pt a = q[i], b = q[i + 1];
		size_t k = (size_t)(hypot(b.x - a.x, b.y - a.y) / step);

		if (k < 1)
			k = 1;
		if (grow((void **)&w->samples, &w->samples_cap, *used + k, sizeof(pt)) < 0)
			return -1;
		for (size_t j = 0; j < k; j++) {
			w->samples[*used].x = a.x + (b.x - a.x) * (double)j / (double)k;
			w->samples[*used].y = a.y + (b.y - a.y) * (double)j / (double)k;
			(*used)++;
		}
	}
	*ns = *used - *s0;
	return 0;
}

static int near_ends(pt p, const archdoc_diagram__scene *s, const line *a, const line *b, double grow_by)
{
	int ends[4] = { a->from, a->to, b ? b->from : -1, b ? b->to : -1 };

	for (int k = 0; k < 4; k++)
		if (ends[k] >= 0 && inside(p, node_box(&s->nodes[ends[k]]), grow_by))
			return 1;
	return 0;
}

/* Crossings of two lines, counted in the order a full scan finds them. */
static unsigned crossings(const archdoc_diagram__scene *s, const pt *qa, const pt *qb, const box *chunks,
		const line *la, const line *lb)
{
	pt seen[32];
	size_t nseen = 0;
	unsigned found = 0;

	for (size_t i = 0; i + 1 < la->n; i++) {
		box sa = seg_box(qa[i], qa[i + 1]);

		if (!boxes_meet(sa, lb->bb, CROSS_SLACK))
			continue;
		for (size_t c = 0; c < lb->nc; c++) {
			size_t j1 = (c + 1) * CHUNK < lb->n - 1 ? (c + 1) * CHUNK : lb->n - 1;

			if (!boxes_meet(sa, chunks[lb->c0 + c], CROSS_SLACK))
				continue;
			for (size_t j = c * CHUNK; j < j1; j++) {
				pt p;
				int dup = 0;

				if (!boxes_meet(sa, seg_box(qb[j], qb[j + 1]), CROSS_SLACK) ||
						!cross(qa[i], qa[i + 1], qb[j], qb[j + 1], &p))
					continue;
				/* fans at a shared end are not crossings */
				if (near_ends(p, s, la, lb, 4.0))
					continue;
				for (size_t k = 0; k < nseen && k < 32; k++)
					dup |= hypot(p.x - seen[k].x, p.y - seen[k].y) < 2;
				if (dup)
					continue;
				if (nseen < 32)
					seen[nseen] = p;
				nseen++;
				found++;
			}
		}
	}
	return found;
}

/* Connections a and b (NONE: a alone) make something a reader could
 * misread, in w's list (measuring exactly). */
static int trouble(archdoc_diagram__measurer *w, size_t a, size_t b)
{
	if (!w->exact)
		return 0;   /* only a finished drawing's list is read */
	if (grow((void **)&w->troubles, &w->troubles_cap, 2 * (w->ntroubles + 1), sizeof(size_t)) < 0)
		return -1;
	w->troubles[2 * w->ntroubles] = a;
	w->troubles[2 * w->ntroubles + 1] = b;
	w->ntroubles++;
	return 0;
}

/* How many of a's samples lie within CLEAR of line b, away from both
 * lines' ends; counting stops once the run is long enough to tangle. */
static size_t run_along(const archdoc_diagram__scene *s, const pt *sa, const line *la, const pt *qb,
		const box *chunks, const line *lb)
{
	size_t together = 0;

	for (size_t i = 0; i < la->ns && !(together * 4.0 > RUN); i++) {
		pt p = sa[i];

		if (!inside(p, lb->bb, CLEAR) || near_ends(p, s, la, lb, 10.0))
			continue;
		if (nearer_than(p, qb, chunks, lb, CLEAR))
			together++;
	}
	return together;
}

void archdoc_diagram__measurer_fini(archdoc_diagram__measurer *w)
{
	if (!w)
		return;
	free(w->lines);
	free(w->edges);
	free(w->first);
	free(w->pts);
	free(w->samples);
	free(w->chunks);
	free(w->troubles);
	memset(w, 0, sizeof(*w));
}

static int measure(archdoc_diagram__measurer *w, const archdoc_diagram__scene *s, size_t connections,
		archdoc_diagram__score *out)
{
	line *lines;
	box *chunks;
	const pt *q, *sm;
	size_t used = 0, sused = 0, nchunks = 0;

	memset(out, 0, sizeof(*out));
	w->ntroubles = 0;
	if (grow(&w->lines, &w->lines_cap, connections + 1, sizeof(line)) < 0 ||
			grow((void **)&w->edges, &w->edges_cap, s->edge_count + 1, sizeof(size_t)) < 0 ||
			grow((void **)&w->first, &w->first_cap, 2 * (connections + 1), sizeof(size_t)) < 0)
		return -1;
	lines = w->lines;
	/* edges grouped by connection (a counting sort, scene order kept) */
	{
		size_t *first = w->first, *at = w->first + connections + 1;

		memset(first, 0, 2 * (connections + 1) * sizeof(*first));
		for (size_t i = 0; i < s->edge_count; i++)
			if (s->edges[i].conn < connections)
				first[s->edges[i].conn + 1]++;
		for (size_t c = 0; c < connections; c++)
			first[c + 1] += first[c];
		for (size_t i = 0; i < s->edge_count; i++) {
			size_t c = s->edges[i].conn;

			if (c < connections)
				w->edges[first[c] + at[c]++] = i;
		}
	}
	for (size_t c = 0; c < connections; c++) {
		if (build_line(w, &used, s, c, w->edges + w->first[c], w->first[c + 1] - w->first[c], &lines[c]) < 0)
			return -1;
		lines[c].c0 = nchunks;
		lines[c].nc = lines[c].n > 1 ? (lines[c].n - 1 + CHUNK - 1) / CHUNK : 0;
		nchunks += lines[c].nc;
	}
	if (grow(&w->chunks, &w->chunks_cap, nchunks + 1, sizeof(box)) < 0)
		return -1;
	chunks = w->chunks;
	q = w->pts;
	for (size_t c = 0; c < connections; c++) {
		line_boxes(q + lines[c].p0, chunks, &lines[c]);
		if (resample(w, &sused, q + lines[c].p0, &lines[c], 4.0, &lines[c].s0, &lines[c].ns) < 0)
			return -1;
	}
	/* through a component or a title, the tool looks every 2 points: a
	 * line that clips a corner can pass between samples 4 apart */
	for (size_t c = 0; c < connections; c++) {
		if (!w->exact) {
			lines[c].f0 = lines[c].s0;
			lines[c].nf = lines[c].ns;
		} else if (resample(w, &sused, q + lines[c].p0, &lines[c], 2.0, &lines[c].f0, &lines[c].nf) < 0) {
			return -1;
		}
	}
	sm = w->samples;

	for (size_t a = 0; a < connections; a++) {
		const line *la = &lines[a];
		const pt *qa = q + la->p0, *sa = sm + la->s0, *sf = sm + la->f0;

		/* badges: on a component, or as near another line as their own */
		if (la->badge >= 0) {
			const archdoc_diagram__node *bn = &s->nodes[la->badge];
			box bb = node_box(bn);
			double mine = line_dist(bn->pos, qa, la);

			for (size_t k = 0; k < s->node_count; k++)
				if (s->nodes[k].role == ARCHDOC_ROLE_COMPONENT &&
						boxes_meet(bb, node_box(&s->nodes[k]), -0.5)) {
					if (trouble(w, a, NONE) < 0)
						return -1;
					out->label_node++;
					break;
				}
			for (size_t b = 0; b < connections; b++) {
				if (b == a || !inside(bn->pos, lines[b].bb, mine + CLEAR))
					continue;
				if (nearer_than(bn->pos, q + lines[b].p0, chunks, &lines[b], mine + CLEAR)) {
					if (trouble(w, a, b) < 0)
						return -1;
					out->ambiguous++;
					break;
				}
			}
		}
		/* through a component that is neither end (measured exactly, its
		 * drawing: with a tab above its box) */
		for (size_t k = 0; k < s->node_count; k++) {
			const archdoc_diagram__node *n = &s->nodes[k];
			box nb = node_box(n);
			int hit = 0;

			if (w->exact)
				nb.y1 += archdoc_diagram__node_rise(n);

			if (n->role != ARCHDOC_ROLE_COMPONENT || (int)k == la->from || (int)k == la->to ||
					!boxes_meet(nb, la->bb, 0))
				continue;
			for (size_t i = 0; i < la->nf && !hit; i++)
				hit = inside(sf[i], nb, -2.0);
			if (hit) {
				if (trouble(w, a, NONE) < 0)
					return -1;
				out->through++;
				break;
			}
		}
		for (size_t b = a + 1; b < connections; b++) {
			const line *lb = &lines[b];
			size_t together = 0;

			if (!boxes_meet(la->bb, lb->bb, CLEAR))
				continue;
			out->crossings += crossings(s, qa, q + lb->p0, chunks, la, lb);
			/* lines that run together: only whether the run is long
			 * enough counts (measured exactly, along either line) */
			together = run_along(s, sa, la, q + lb->p0, chunks, lb);
			if (w->exact && !(together * 4.0 > RUN))
				together = run_along(s, sm + lb->s0, lb, qa, chunks, la);
			if (together * 4.0 > RUN) {
				if (trouble(w, a, b) < 0)
					return -1;
				out->tangled++;
			}
		}
	}
	/* through a boundary's title; the line's length against the straight
	 * distance between its ends */
	for (size_t a = 0; a < connections; a++) {
		const line *la = &lines[a];
		const pt *qa = q + la->p0, *sf = sm + la->f0;
		double len = 0, straight;
		size_t n;

		for (size_t ci = 0; ci < s->cluster_count; ci++) {
			const archdoc_diagram__cluster *c = &s->clusters[ci];
			pt lo, hi;
			box tb;
			int hit = 0;

			if (c->legend || !c->label || !*c->label)
				continue;
			archdoc_diagram__title_box(c, 0, &lo, &hi);
			tb.x0 = lo.x;
			tb.y0 = lo.y;
			tb.x1 = hi.x;
			tb.y1 = hi.y;
			if (!boxes_meet(tb, la->bb, 0))
				continue;
			for (size_t i = 0; i < la->nf && !hit; i++)
				hit = inside(sf[i], tb, 0);
			if (hit) {
				if (trouble(w, a, NONE) < 0)
					return -1;
				out->through_title++;
				break;
			}
		}
		/* measured exactly, the line drawn: up to its arrowhead */
		n = w->exact && la->tip && la->n > 2 ? la->n - 1 : la->n;
		for (size_t i = 1; i < n; i++)
			len += hypot(qa[i].x - qa[i - 1].x, qa[i].y - qa[i - 1].y);
		straight = n ? hypot(qa[n - 1].x - qa[0].x, qa[n - 1].y - qa[0].y) : 0;
		if (straight > 1 && len > 2 * straight) {
			if (trouble(w, a, NONE) < 0)
				return -1;
			out->detours++;
		}
	}
	/* arrowheads into one component nearer than HEADS */
	for (size_t a = 0; a < connections; a++) {
		const line *la = &lines[a];

		if (!la->n)
			continue;
		for (size_t b = a + 1; b < connections; b++) {
			const line *lb = &lines[b];
			pt ea, eb;

			if (!lb->n || la->to != lb->to)
				continue;
			ea = q[la->p0 + la->n - 1];
			eb = q[lb->p0 + lb->n - 1];
			if (hypot(ea.x - eb.x, ea.y - eb.y) < HEADS) {
				if (trouble(w, a, b) < 0)
					return -1;
				out->heads_crowded++;
			}
		}
	}
	out->width = s->x1 - s->x0;
	out->height = s->y1 - s->y0;
	out->value = 50.0 * (out->ambiguous + out->label_node) + 30.0 * out->through + 20.0 * out->tangled +
		5.0 * out->crossings +
		/* what the second round promises: worth more than any crossing count */
		1000.0 * (out->through_title + out->heads_crowded + out->detours) +
		/* compactness decides between otherwise equal drawings */
		out->width * out->height / (12.0 * 12.0) / 1000.0;
	if (out->width > 2 * out->height)
		out->value += 1000 + (out->width / (out->height > 1 ? out->height : 1));
	if (out->height > 3 * out->width)
		out->value += 200;
	return 0;
}

int archdoc_diagram__measure(archdoc_diagram__measurer *w, const archdoc_diagram__scene *s,
		size_t connections, archdoc_diagram__score *out)
{
	archdoc_diagram__measurer own = ARCHDOC_DIAGRAM_MEASURER_INIT;
	int rc;

	if (w)
		return measure(w, s, connections, out);
	rc = measure(&own, s, connections, out);
	archdoc_diagram__measurer_fini(&own);
	return rc;
}

int archdoc_diagram__measure_exact(const archdoc_diagram__scene *s, size_t connections, archdoc_diagram__score *out)
{
	archdoc_diagram__measurer own = ARCHDOC_DIAGRAM_MEASURER_INIT;
	int rc;

	own.exact = 1;
	rc = measure(&own, s, connections, out);
	archdoc_diagram__measurer_fini(&own);
	return rc;
}

unsigned archdoc_diagram__misreads(const archdoc_diagram__score *sc)
{
	return sc->tangled + sc->through + sc->ambiguous + sc->label_node + sc->through_title + sc->heads_crowded +
		sc->detours;
}
