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
	if (mx.n || my.n)
		move(s, &mx, &my);
	rc = 0;
done:
	free(sx);
	free(sy);
	map_free(&mx);
	map_free(&my);
	return rc;
}
