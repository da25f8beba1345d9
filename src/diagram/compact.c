/*
 * Empty bands out: dot stretches a boundary over ranks it does not use
 * and keeps rank spacing where only lines run, so a drawing can hold wide
 * horizontal or vertical bands with nothing in them but lines passing
 * through. Each such band shrinks to BAND: every coordinate goes through
 * one monotone piecewise-linear map per axis, a translation wherever
 * something stands, so no component, badge or title changes size or
 * order and every line keeps its course, only shorter.
 */
#include "diagram.h"

#include <math.h>
#include <stdlib.h>

#include "archdoc/errors.h"

#define BAND 40.0     /* what an empty band shrinks to (points) */
#define KEEP 6.0      /* room kept around what stands in the drawing */

typedef struct span {
	double a, b;
} span;

typedef struct band_map {
	double *at, *cut;    /* band starts (sorted) and how much each removes */
	size_t n;
} band_map;

static int span_cmp(const void *pa, const void *pb)
{
	const span *a = pa, *b = pb;

	return a->a < b->a ? -1 : a->a > b->a;
}

/* The map removing (gap - BAND) from every gap between the spans. */
static int map_of(span *sp, size_t n, band_map *m)
{
	double end;

	m->n = 0;
	m->at = malloc((n + 1) * sizeof(*m->at));
	m->cut = malloc((n + 1) * sizeof(*m->cut));
	if (!m->at || !m->cut)
		return -1;
	if (!n)
		return 0;
	qsort(sp, n, sizeof(*sp), span_cmp);
	end = sp[0].b;
	for (size_t i = 1; i < n; i++) {
		if (sp[i].a - end > BAND) {
			/* the band's middle keeps BAND: cut the rest at its start */
			m->at[m->n] = end;
			m->cut[m->n] = sp[i].a - end - BAND;
			m->n++;
		}
		if (sp[i].b > end)
			end = sp[i].b;
	}
	return 0;
}

/* f(v): v minus every cut below it; inside a band, scaled. */
static double apply(const band_map *m, double v)
{
	double out = v;

	for (size_t i = 0; i < m->n; i++) {
		double a = m->at[i], len = m->cut[i] + BAND;

		if (v >= a + len)
			out -= m->cut[i];
		else if (v > a)
			out -= (v - a) * m->cut[i] / len;
	}
	return out;
}

static void map_free(band_map *m)
{
	free(m->at);
	free(m->cut);
}

/* What stands on one axis: components, badges, titles (their spans). */
static int spans_of(const archdoc_diagram__scene *s, int yaxis, span **out, size_t *n)
{
	span *sp = malloc((s->node_count + s->cluster_count + 1) * sizeof(*sp));
	size_t k = 0;

	if (!sp)
		return -1;
	for (size_t i = 0; i < s->node_count; i++) {
		const archdoc_diagram__node *nd = &s->nodes[i];
		double c = yaxis ? nd->pos.y : nd->pos.x, h = (yaxis ? nd->h : nd->w) / 2 + KEEP;

		sp[k].a = c - h;
		sp[k++].b = c + h;
	}
	for (size_t i = 0; i < s->cluster_count; i++) {
		const archdoc_diagram__cluster *c = &s->clusters[i];
		archdoc_diagram__pt lo, hi;

		if (!c->label || !*c->label)
			continue;
		archdoc_diagram__title_box(c, KEEP, &lo, &hi);
		sp[k].a = yaxis ? lo.y : lo.x;
		sp[k++].b = yaxis ? hi.y : hi.x;
	}
	*out = sp;
	*n = k;
	return 0;
}

static void move(archdoc_diagram__scene *s, const band_map *mx, const band_map *my)
{
	for (size_t i = 0; i < s->node_count; i++) {
		archdoc_diagram__node *n = &s->nodes[i];

		n->pos.x = apply(mx, n->pos.x);
		n->pos.y = apply(my, n->pos.y);
	}
	for (size_t i = 0; i < s->cluster_count; i++) {
		archdoc_diagram__cluster *c = &s->clusters[i];

		c->x0 = apply(mx, c->x0);
		c->x1 = apply(mx, c->x1);
		c->y0 = apply(my, c->y0);
		c->y1 = apply(my, c->y1);
		c->label_pos.x = apply(mx, c->label_pos.x);
		c->label_pos.y = apply(my, c->label_pos.y);
	}
	for (size_t i = 0; i < s->edge_count; i++) {
		archdoc_diagram__edge *e = &s->edges[i];

		for (size_t k = 0; k < e->npts; k++) {
			e->pts[k].x = apply(mx, e->pts[k].x);
			e->pts[k].y = apply(my, e->pts[k].y);
		}
		if (e->has_tip) {
			e->tip.x = apply(mx, e->tip.x);
			e->tip.y = apply(my, e->tip.y);
		}
		if (e->has_label_pos) {
			e->label_pos.x = apply(mx, e->label_pos.x);
			e->label_pos.y = apply(my, e->label_pos.y);
		}
	}
}

/* Connections whose line is more than DETOUR times the straight way
 * between its ends (the figure docs/diagram.md defines). */
#define DETOUR 1.95
static size_t detours(const archdoc_diagram__scene *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->edge_count; i++) {
		const archdoc_diagram__edge *e = &s->edges[i], *h = NULL;
		double len = 0;
		archdoc_diagram__pt a, b;

		if (e->half == 2 || e->npts < 2)
			continue;   /* counted with its tail half */
		if (e->half == 1) {
			for (size_t j = 0; j < s->edge_count && !h; j++)
				if (s->edges[j].half == 2 && s->edges[j].conn == e->conn)
					h = &s->edges[j];
		} else {
			h = e;
		}
		if (!h || h->npts < 2)
			continue;
		for (size_t k = 1; k < e->npts; k++)
			len += hypot(e->pts[k].x - e->pts[k - 1].x, e->pts[k].y - e->pts[k - 1].y);
		if (h != e)
			for (size_t k = 1; k < h->npts; k++)
				len += hypot(h->pts[k].x - h->pts[k - 1].x, h->pts[k].y - h->pts[k - 1].y);
		a = e->pts[0];
		b = h->has_tip ? h->tip : h->pts[h->npts - 1];
		if (hypot(b.x - a.x, b.y - a.y) > 1 && len > DETOUR * hypot(b.x - a.x, b.y - a.y))
			n++;
	}
	return n;
}

/* Everything move() changes, to put back. */
typedef struct saved {
	archdoc_diagram__pt *pts;
	size_t n;
} saved;

static int save(const archdoc_diagram__scene *s, saved *sv)
{
	size_t n = s->node_count + 3 * s->cluster_count;

	for (size_t i = 0; i < s->edge_count; i++)
		n += s->edges[i].npts + 2;
	sv->n = 0;
	sv->pts = malloc((n ? n : 1) * sizeof(*sv->pts));
	if (!sv->pts)
		return -1;
	for (size_t i = 0; i < s->node_count; i++)
		sv->pts[sv->n++] = s->nodes[i].pos;
	for (size_t i = 0; i < s->cluster_count; i++) {
		const archdoc_diagram__cluster *c = &s->clusters[i];
		archdoc_diagram__pt a = { c->x0, c->y0 }, b = { c->x1, c->y1 };

		sv->pts[sv->n++] = a;
		sv->pts[sv->n++] = b;
		sv->pts[sv->n++] = c->label_pos;
	}
	for (size_t i = 0; i < s->edge_count; i++) {
		const archdoc_diagram__edge *e = &s->edges[i];

		for (size_t k = 0; k < e->npts; k++)
			sv->pts[sv->n++] = e->pts[k];
		sv->pts[sv->n++] = e->tip;
		sv->pts[sv->n++] = e->label_pos;
	}
	return 0;
}

static void restore(archdoc_diagram__scene *s, const saved *sv)
{
	size_t at = 0;

	for (size_t i = 0; i < s->node_count; i++)
		s->nodes[i].pos = sv->pts[at++];
	for (size_t i = 0; i < s->cluster_count; i++) {
		archdoc_diagram__cluster *c = &s->clusters[i];

		c->x0 = sv->pts[at].x;
		c->y0 = sv->pts[at++].y;
		c->x1 = sv->pts[at].x;
		c->y1 = sv->pts[at++].y;
		c->label_pos = sv->pts[at++];
	}
	for (size_t i = 0; i < s->edge_count; i++) {
		archdoc_diagram__edge *e = &s->edges[i];

		for (size_t k = 0; k < e->npts; k++)
			e->pts[k] = sv->pts[at++];
		e->tip = sv->pts[at++];
		e->label_pos = sv->pts[at++];
	}
}

int archdoc_diagram__compact(archdoc_diagram__scene *s)
{
	span *sx = NULL, *sy = NULL;
	size_t nx = 0, ny = 0;
	band_map mx = { NULL, NULL, 0 }, my = { NULL, NULL, 0 };
	int rc = ARCHDOC_ENOMEM;

	if (spans_of(s, 0, &sx, &nx) < 0 || spans_of(s, 1, &sy, &ny) < 0)
		goto done;
	if (map_of(sx, nx, &mx) < 0 || map_of(sy, ny, &my) < 0)
		goto done;
	/* one axis at a time; an axis whose bands a fan of lines needs (its
	 * outer lines would bow out to twice the way between their ends) stays */
	for (int axis = 0; axis < 2; axis++) {
		band_map none = { NULL, NULL, 0 };
		const band_map *ax = axis == 0 ? &mx : &none, *ay = axis == 1 ? &my : &none;
		size_t before;
		saved sv = { NULL, 0 };

		if (!ax->n && !ay->n)
			continue;
		before = detours(s);
		if (save(s, &sv) < 0)
			goto done;
		move(s, ax, ay);
		if (detours(s) > before)
			restore(s, &sv);
		free(sv.pts);
	}
	rc = 0;
done:
	free(sx);
	free(sy);
	map_free(&mx);
	map_free(&my);
	return rc;
}
