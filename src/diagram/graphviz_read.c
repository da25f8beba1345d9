/*
 * Reading a layout back: the positions, sizes, boxes and splines Graphviz
 * attached as attributes, into the scene.
 */
#include <stdlib.h>

#include "array.h"
#include "graphviz.h"
#include "num.h"

/* --- reading the layout back --- */

static int parse_pt(const char **p, archdoc_diagram__pt *pt)
{
	if (archdoc_num_parse(p, &pt->x) < 0 || **p != ',')
		return -1;
	(*p)++;
	return archdoc_num_parse(p, &pt->y);
}

static int read_pt(void *obj, const char *attr, archdoc_diagram__pt *pt)
{
	const char *v = agget(obj, S(attr));

	if (!v || !*v)
		return -1;
	return parse_pt(&v, pt);
}

static int read_num(void *obj, const char *attr, double *out)
{
	const char *v = agget(obj, S(attr));

	if (!v || !*v)
		return -1;
	return archdoc_num_parse(&v, out);
}

static int read_bb(void *obj, double *x0, double *y0, double *x1, double *y1)
{
	const char *v = agget(obj, S("bb"));

	if (!v || !*v)
		return -1;
	if (archdoc_num_parse(&v, x0) < 0 || *v++ != ',' ||
			archdoc_num_parse(&v, y0) < 0 || *v++ != ',' ||
			archdoc_num_parse(&v, x1) < 0 || *v++ != ',' ||
			archdoc_num_parse(&v, y1) < 0)
		return -1;
	return 0;
}

/* "e,x,y s,x,y p p p ...": only the first spline (no concentrate). */
static int read_spline(archdoc_diagram__scene *s, archdoc_diagram__edge *e, Agedge_t *ae)
{
	const char *v = agget(ae, S("pos"));
	archdoc_diagram__pt *pts = NULL;
	size_t n = 0, cap = 0;
	int rc = -1;

	e->has_tip = 0;
	if (!v)
		return -1;
	/* a reversed edge's arrow is at its start ("s,"), its points run backwards */
	while (*v) {
		while (*v == ' ' || *v == '\n' || *v == '\\' || *v == '\r')
			v++;
		if (!*v || *v == ';')
			break;
		if ((v[0] == 'e' || v[0] == 's') && v[1] == ',') {
			archdoc_diagram__pt pt;
			int end = v[0] == 'e';

			v += 2;
			if (parse_pt(&v, &pt) < 0)
				goto done;
			if (end != e->reversed) {
				e->has_tip = 1;
				e->tip = pt;
			}
			continue;
		}
		if (ARCHDOC_ARRAY_RESERVE(pts, cap, n + 1, 16) < 0)
			goto done;
		if (parse_pt(&v, &pts[n]) < 0)
			goto done;
		n++;
	}
	if (e->reversed)
		for (size_t i = 0; i < n / 2; i++) {
			archdoc_diagram__pt t = pts[i];

			pts[i] = pts[n - 1 - i];
			pts[n - 1 - i] = t;
		}
	rc = archdoc_diagram__edge_set_points(s, e, pts, n);
done:
	free(pts);
	return rc;
}

int archdoc_gv__read_back(archdoc_diagram__scene *s, gv_graph *G)
{
	double gx0, gy0, gx1, gy1;

	for (size_t i = 0; i < s->node_count; i++) {
		archdoc_diagram__node *n = &s->nodes[i];
		double w, h;

		if (read_pt(G->nodes[i], "pos", &n->pos) < 0 || read_num(G->nodes[i], "width", &w) < 0 ||
				read_num(G->nodes[i], "height", &h) < 0)
			return -1;
		n->w = w * 72.0;
		n->h = h * 72.0;
	}
	for (size_t i = 0; i < s->cluster_count; i++) {
		archdoc_diagram__cluster *c = &s->clusters[i];
		double lw = 0, lh = 0;

		if (read_bb(G->subs[i], &c->x0, &c->y0, &c->x1, &c->y1) < 0)
			return -1;
		if (c->title_row)
			continue;   /* no label in the layout: the title's room says where */
		if (read_pt(G->subs[i], "lp", &c->label_pos) < 0)
			c->label_pos.x = c->x0, c->label_pos.y = c->y1;
		(void)read_num(G->subs[i], "lwidth", &lw);
		(void)read_num(G->subs[i], "lheight", &lh);
		c->label_w = lw * 72.0;
		c->label_h = lh * 72.0;
	}
	for (size_t i = 0; i < s->edge_count && !s->params.pack; i++) {
		archdoc_diagram__edge *e = &s->edges[i];

		if (read_spline(s, e, G->edges[i]) < 0)
			return -1;
		e->has_label_pos = e->label && read_pt(G->edges[i], "lp", &e->label_pos) == 0;
	}
	if (read_bb(G->g, &gx0, &gy0, &gx1, &gy1) < 0)
		return -1;
	archdoc_diagram__scene_bounds(s);
	s->placed = 1;
	return 0;
}

