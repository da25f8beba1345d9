/*
 * Lines pushed apart (src/diagram/nudge.c) on a hand-made placed scene:
 * three lines leave one corner of a component at one point and run
 * together for 120 points before they part towards their badges, as
 * Graphviz draws a fan-out. After pushing apart, no two of them run
 * together (quality.c's tangled is 0, where it was 3), their starts are
 * spread along the side they leave, at least FAN_GAP apart, in the order
 * of where they go (so they do not cross), and each start is still on the
 * component's outline; the badges' ends have not moved.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "diagram.h"
#include "harness.h"
#include "quality.h"

static int add_node(archdoc_diagram__scene *s, archdoc_diagram__role role, double x, double y, double w, double h,
		size_t ref)
{
	int i = archdoc_diagram__scene_add_node(s);

	if (i < 0)
		return -1;
	s->nodes[i].name = archdoc_diagram__printf(s, "n%d", i);
	s->nodes[i].role = role;
	s->nodes[i].shape = role == ARCHDOC_ROLE_BADGE ? ARCHDOC_SHAPE_CIRCLE : ARCHDOC_SHAPE_BOX;
	s->nodes[i].cluster = -1;
	s->nodes[i].ref = ref;
	s->nodes[i].pos.x = x;
	s->nodes[i].pos.y = y;
	s->nodes[i].w = w;
	s->nodes[i].h = h;
	return i;
}

int main(void)
{
	archdoc_diagram__scene *s = archdoc_diagram__scene_new();
	archdoc_diagram__score before, after;
	/* where the three lines go after their common run, left to right;
	 * given in another order, so the spread must sort them */
	static const double to_x[3] = { 130, -10, 60 };
	double start_x[3];

	OK(s != NULL);
	if (!s)
		return harness_done();
	s->placed = 1;
	OK(add_node(s, ARCHDOC_ROLE_COMPONENT, 0, 0, 120, 40, 0) == 0);
	for (size_t k = 0; k < 3; k++) {
		int b = add_node(s, ARCHDOC_ROLE_BADGE, to_x[k], 309, 18, 18, k);
		int e = archdoc_diagram__scene_add_edge(s);
		archdoc_diagram__pt p[7] = {
			{ 55, 20 }, { 55, 60 }, { 55, 100 }, { 55, 140 },
			{ 55, 200 }, { to_x[k], 240 }, { to_x[k], 300 },
		};

		OK(b > 0 && e >= 0);
		if (b < 0 || e < 0)
			return harness_done();
		s->edges[e].tail = 0;
		s->edges[e].head = b;
		s->edges[e].conn = k;
		s->edges[e].half = 1;
		OK(archdoc_diagram__edge_set_points(s, &s->edges[e], p, 7) == 0);
	}
	archdoc_diagram__scene_bounds(s);
	OK(archdoc_diagram__measure(NULL, s, 3, &before) == 0);
	INT_EQ(before.tangled, 3);

	OK(archdoc_diagram__nudge(s) == 0);
	archdoc_diagram__scene_bounds(s);
	OK(archdoc_diagram__measure(NULL, s, 3, &after) == 0);
	INT_EQ(after.tangled, 0);
	INT_EQ(after.through, 0);
	INT_EQ(after.ambiguous, 0);
	for (size_t k = 0; k < 3; k++) {
		const archdoc_diagram__edge *e = &s->edges[k];

		start_x[k] = e->pts[0].x;
		/* on the top side (y grows upwards), within its straight part */
		OK(fabs(e->pts[0].y - 20) < 0.01);
		OK(fabs(e->pts[0].x) <= 60 - 8 + 0.01);
		/* the badge's end stays */
		OK(fabs(e->pts[e->npts - 1].x - to_x[k]) < 0.01 && fabs(e->pts[e->npts - 1].y - 300) < 0.01);
	}
	/* in the order of where they go: -10, 60, 130 are lines 1, 2, 0 */
	OK(start_x[1] + 7.99 < start_x[2]);
	OK(start_x[2] + 7.99 < start_x[0]);
	archdoc_diagram__scene_free(s);
	return harness_done();
}
