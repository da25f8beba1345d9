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
#include <stdlib.h>

#include "archdoc/errors.h"

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

int archdoc_diagram__route(archdoc_diagram__scene *s, const archdoc_diagram__strategy *st)
{
	if (!st->badges || !s->params.join)
		return 0;
	for (size_t i = 0; i < s->edge_count; i++) {
		archdoc_diagram__edge *e = &s->edges[i];

		if (e->half == 1 && extend_to(s, e, s->nodes[e->head].pos) < 0)
			return ARCHDOC_ENOMEM;
		if (e->half == 2 && start_from(s, e, s->nodes[e->tail].pos) < 0)
			return ARCHDOC_ENOMEM;
	}
	return 0;
}
