/*
 * Readability of a placed scene, measured the way docs/diagram.md defines
 * it (the same figures as the project's measuring tool): crossings between
 * connections, pairs of lines that run together, lines through unrelated
 * components, badges nearer another line than their own, badges on
 * components, and the drawing's proportions. render.c lays a model out in
 * a few ways and keeps the best by these figures.
 */
#include "quality.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CLEAR 4.0      /* how much nearer its own line a badge must be */
#define RUN 40.0       /* how long two lines may run together */
#define STEPS 8        /* segments per Bezier piece */

typedef struct box {
	double x0, y0, x1, y1;
} box;

typedef struct line {
	archdoc_diagram__pt *p;   /* polyline */
	size_t n;
	box bb;
	int from, to;             /* component node indices */
	int badge;                /* node index, or -1 */
} line;

static box node_box(const archdoc_diagram__node *n)
{
	box b = { n->pos.x - n->w / 2, n->pos.y - n->h / 2, n->pos.x + n->w / 2, n->pos.y + n->h / 2 };

	return b;
}

static int inside(archdoc_diagram__pt p, box b, double grow)
{
	return b.x0 - grow < p.x && p.x < b.x1 + grow && b.y0 - grow < p.y && p.y < b.y1 + grow;
}

static int boxes_meet(box a, box b, double grow)
{
	return a.x0 - grow <= b.x1 && b.x0 - grow <= a.x1 && a.y0 - grow <= b.y1 && b.y0 - grow <= a.y1;
}

static double seg_dist(archdoc_diagram__pt p, archdoc_diagram__pt a, archdoc_diagram__pt b)
{
	double dx = b.x - a.x, dy = b.y - a.y, l = dx * dx + dy * dy, t = 0;

	if (l > 0) {
		t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / l;
		t = t < 0 ? 0 : t > 1 ? 1 : t;
	}
	return hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

static double line_dist(archdoc_diagram__pt p, const line *l)
{
	double best = HUGE_VAL;

	for (size_t i = 0; i + 1 < l->n; i++) {
		double d = seg_dist(p, l->p[i], l->p[i + 1]);

		if (d < best)
			best = d;
	}
	return best;
}

static int add_pt(line *l, size_t *cap, archdoc_diagram__pt p)
{
	if (l->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		void *q = realloc(l->p, nc * sizeof(*l->p));

		if (!q)
			return -1;
		l->p = q;
		*cap = nc;
	}
	l->p[l->n++] = p;
	return 0;
}

/* A connection's edges (halves in order) as one polyline. */
static int build_line(const archdoc_diagram__scene *s, size_t conn, const size_t *edges, size_t ne, line *l)
{
	size_t cap = 0;

	memset(l, 0, sizeof(*l));
	l->badge = -1;
	l->from = l->to = -1;
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
			if (add_pt(l, &cap, e->pts[0]) < 0)
				return -1;
			for (size_t i = 0; i + 3 < e->npts; i += 3) {
				archdoc_diagram__pt p0 = e->pts[i], p1 = e->pts[i + 1], p2 = e->pts[i + 2], p3 = e->pts[i + 3];

				for (int st = 1; st <= STEPS; st++) {
					double t = (double)st / STEPS, u = 1 - t;
					archdoc_diagram__pt q = {
						u * u * u * p0.x + 3 * u * u * t * p1.x + 3 * u * t * t * p2.x + t * t * t * p3.x,
						u * u * u * p0.y + 3 * u * u * t * p1.y + 3 * u * t * t * p2.y + t * t * t * p3.y
					};

					if (add_pt(l, &cap, q) < 0)
						return -1;
				}
			}
			if (e->has_tip && add_pt(l, &cap, e->tip) < 0)
				return -1;
		}
	}
	l->bb.x0 = l->bb.y0 = HUGE_VAL;
	l->bb.x1 = l->bb.y1 = -HUGE_VAL;
	for (size_t i = 0; i < l->n; i++) {
		if (l->p[i].x < l->bb.x0) l->bb.x0 = l->p[i].x;
		if (l->p[i].y < l->bb.y0) l->bb.y0 = l->p[i].y;
		if (l->p[i].x > l->bb.x1) l->bb.x1 = l->p[i].x;
		if (l->p[i].y > l->bb.y1) l->bb.y1 = l->p[i].y;
	}
	return 0;
}

static int cross(archdoc_diagram__pt a, archdoc_diagram__pt b, archdoc_diagram__pt c, archdoc_diagram__pt d,
		archdoc_diagram__pt *at)
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

/* Points every step units along a polyline. */
static archdoc_diagram__pt *resample(const line *l, double step, size_t *count)
{
	size_t n = 0, cap = 64;
	archdoc_diagram__pt *out = malloc(cap * sizeof(*out));

	if (!out)
		return NULL;
	for (size_t i = 0; i + 1 < l->n; i++) {
		archdoc_diagram__pt a = l->p[i], b = l->p[i + 1];
		size_t k = (size_t)(hypot(b.x - a.x, b.y - a.y) / step);

		if (k < 1)
			k = 1;
		for (size_t j = 0; j < k; j++) {
			if (n == cap) {
				void *q = realloc(out, cap * 2 * sizeof(*out));

				if (!q) {
					free(out);
					return NULL;
				}
				out = q;
				cap *= 2;
			}
			out[n].x = a.x + (b.x - a.x) * (double)j / (double)k;
			out[n].y = a.y + (b.y - a.y) * (double)j / (double)k;
			n++;
		}
	}
	*count = n;
	return out;
}

static int near_ends(archdoc_diagram__pt p, const archdoc_diagram__scene *s, const line *a, const line *b,
		double grow)
{
	int ends[4] = { a->from, a->to, b ? b->from : -1, b ? b->to : -1 };

	for (int k = 0; k < 4; k++)
		if (ends[k] >= 0 && inside(p, node_box(&s->nodes[ends[k]]), grow))
			return 1;
	return 0;
}

int archdoc_diagram__measure(const archdoc_diagram__scene *s, size_t connections,
		archdoc_diagram__score *out)
{
	line *lines = calloc(connections ? connections : 1, sizeof(*lines));
	size_t *edges = malloc((s->edge_count ? s->edge_count : 1) * sizeof(*edges));
	size_t *first = calloc(connections + 1, sizeof(*first));
	archdoc_diagram__pt **samples = calloc(connections ? connections : 1, sizeof(*samples));
	size_t *nsamples = calloc(connections ? connections : 1, sizeof(*nsamples));
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!lines || !edges || !first || !samples || !nsamples)
		goto done;
	/* edges grouped by connection */
	for (size_t i = 0; i < s->edge_count; i++)
		if (s->edges[i].conn < connections)
			first[s->edges[i].conn + 1]++;
	for (size_t c = 0; c < connections; c++)
		first[c + 1] += first[c];
	{
		size_t *at = calloc(connections + 1, sizeof(*at));

		if (!at)
			goto done;
		for (size_t i = 0; i < s->edge_count; i++) {
			size_t c = s->edges[i].conn;

			if (c < connections)
				edges[first[c] + at[c]++] = i;
		}
		free(at);
	}
	for (size_t c = 0; c < connections; c++) {
		if (build_line(s, c, edges + first[c], first[c + 1] - first[c], &lines[c]) < 0)
			goto done;
		samples[c] = resample(&lines[c], 4.0, &nsamples[c]);
		if (!samples[c])
			goto done;
	}

	for (size_t a = 0; a < connections; a++) {
		const line *la = &lines[a];

		/* badges: on a component, or as near another line as their own */
		if (la->badge >= 0) {
			const archdoc_diagram__node *bn = &s->nodes[la->badge];
			box bb = node_box(bn);
			double mine = line_dist(bn->pos, la);

			for (size_t k = 0; k < s->node_count; k++)
				if (s->nodes[k].role == ARCHDOC_ROLE_COMPONENT &&
						boxes_meet(bb, node_box(&s->nodes[k]), -0.5)) {
					out->label_node++;
					break;
				}
			for (size_t b = 0; b < connections; b++) {
				if (b == a || !inside(bn->pos, lines[b].bb, mine + CLEAR))
					continue;
				if (line_dist(bn->pos, &lines[b]) < mine + CLEAR) {
					out->ambiguous++;
					break;
				}
			}
		}
		/* through a component that is neither end */
		for (size_t k = 0; k < s->node_count; k++) {
			const archdoc_diagram__node *n = &s->nodes[k];
			box nb = node_box(n);
			int hit = 0;

			if (n->role != ARCHDOC_ROLE_COMPONENT || (int)k == la->from || (int)k == la->to ||
					!boxes_meet(nb, la->bb, 0))
				continue;
			for (size_t i = 0; i < nsamples[a] && !hit; i++)
				hit = inside(samples[a][i], nb, -2.0);
			if (hit) {
				out->through++;
				break;
			}
		}
		for (size_t b = a + 1; b < connections; b++) {
			const line *lb = &lines[b];
			archdoc_diagram__pt seen[32];
			size_t nseen = 0, together = 0;

			if (!boxes_meet(la->bb, lb->bb, CLEAR))
				continue;
			for (size_t i = 0; i + 1 < la->n; i++) {
				for (size_t j = 0; j + 1 < lb->n; j++) {
					archdoc_diagram__pt p;
					int dup = 0;

					if (!cross(la->p[i], la->p[i + 1], lb->p[j], lb->p[j + 1], &p))
						continue;
					/* fans at a shared end are not crossings */
					if (near_ends(p, s, la, lb, 4.0))
						continue;
					for (size_t q = 0; q < nseen; q++)
						dup |= hypot(p.x - seen[q].x, p.y - seen[q].y) < 2;
					if (dup)
						continue;
					if (nseen < 32)
						seen[nseen] = p;
					nseen++;
					out->crossings++;
				}
			}
			/* lines that run together */
			for (size_t i = 0; i < nsamples[a]; i++) {
				archdoc_diagram__pt p = samples[a][i];

				if (!inside(p, lb->bb, CLEAR) || near_ends(p, s, la, lb, 10.0))
					continue;
				if (line_dist(p, lb) < CLEAR)
					together++;
			}
			if (together * 4.0 > RUN)
				out->tangled++;
		}
	}
	out->width = s->x1 - s->x0;
	out->height = s->y1 - s->y0;
	out->value = 50.0 * (out->ambiguous + out->label_node) + 30.0 * out->through + 20.0 * out->tangled +
		5.0 * out->crossings;
	if (out->width > 2 * out->height)
		out->value += 1000 + (out->width / (out->height > 1 ? out->height : 1));
	if (out->height > 3 * out->width)
		out->value += 200;
	rc = 0;
done:
	for (size_t c = 0; lines && c < connections; c++)
		free(lines[c].p);
	for (size_t c = 0; samples && c < connections; c++)
		free(samples[c]);
	free(lines);
	free(edges);
	free(first);
	free(samples);
	free(nsamples);
	return rc;
}
