/*
 * The legend (--legend): a sample badge as the drawing labels them (number,
 * port, protocol), one sample of each boundary style and component shape
 * the model uses, laid out on its own by the same engine (so text is
 * measured the same way) and placed under the drawing. Legend items are
 * neither components nor connections, so they never count in the
 * readability figures.
 */
#include "diagram.h"

#include <string.h>

#include "archdoc/errors.h"
#include "model.h"
#include "theme.h"

#define LEGEND_FONT 10.0
#define GAP 18.0      /* points between the drawing and the legend */

static int add_item(archdoc_diagram__scene *l, const char *mid, int k, const char *label)
{
	int i = archdoc_diagram__scene_add_node(l);
	archdoc_diagram__node *n;

	if (i < 0)
		return -1;
	n = &l->nodes[i];
	n->name = archdoc_diagram__printf(l, "legend_%d", k);
	n->svg_id = archdoc_diagram__printf(l, "%s-legend-%d", mid, k);
	n->label = label;
	n->role = ARCHDOC_ROLE_LEGEND;
	n->font_size = LEGEND_FONT;
	n->text = archdoc_diagram__light(ARCHDOC_C_TEXT);
	n->cluster = 0;
	n->rank_group = 1;
	if (!n->name || !n->svg_id)
		return -1;
	return i;
}

/* A diff's legend: the four marks (changes.c), each a sample badge and
 * what it means; colour is never the only cue, and the text says which. */
static int diff_items(archdoc_diagram__scene *l, const char *mid, int k)
{
	static const struct {
		archdoc_diagram__colour colour;
		int ring;
		const char *text, *sample;
	} marks[] = {
		{ ARCHDOC_C_ADDED, 0, "added: bold line;\nboxes say (added)", "added" },
		{ ARCHDOC_C_REMOVED, 0, "removed: dashed line;\nboxes say (removed)", "removed" },
		{ ARCHDOC_C_CHANGED, 1, "changed: second ring;\nthe tooltip says what", "changed" },
		{ ARCHDOC_C_UNCHANGED, 0, "unchanged:\nthin, muted line", "unchanged" },
	};

	for (size_t j = 0; j < sizeof(marks) / sizeof(marks[0]); j++) {
		int i = add_item(l, mid, k++, "7");

		if (i < 0)
			return ARCHDOC_ENOMEM;
		l->nodes[i].style = ARCHDOC_STYLE_FILLED;
		l->nodes[i].sample = marks[j].sample;
		l->nodes[i].fill = l->nodes[i].stroke = archdoc_diagram__light(marks[j].colour);
		l->nodes[i].text = archdoc_diagram__light(ARCHDOC_C_BADGE_TEXT);
		l->nodes[i].font = "DejaVu Sans Bold";
		l->nodes[i].shape = ARCHDOC_SHAPE_CIRCLE;
		l->nodes[i].ring = marks[j].ring;
		l->nodes[i].width = l->nodes[i].height = marks[j].ring ? 28 : 20;
		l->nodes[i].fixed = 1;
		i = add_item(l, mid, k++, marks[j].text);
		if (i < 0)
			return ARCHDOC_ENOMEM;
		l->nodes[i].shape = ARCHDOC_SHAPE_PLAIN;
	}
	return 0;
}

/* Lay out the legend scene l for model m, its badge showing label. */
static int build_legend(archdoc_diagram__scene *l, const archdoc_model *m, archdoc_diagram_label label)
{
	const char *mid = archdoc_model_id(m);
	const archdoc_diagram__look *seen[32];
	size_t nseen = 0;
	int c = archdoc_diagram__scene_add_cluster(l), k = 0, i;

	if (c < 0)
		return ARCHDOC_ENOMEM;
	l->font = "DejaVu Sans";
	l->params.ranksep = 0.2;
	l->params.nodesep = 0.25;
	l->params.splines = "spline";
	l->params.newrank = 1;
	l->clusters[c].name = "cluster_legend";
	l->clusters[c].svg_id = archdoc_diagram__printf(l, "%s-legend", mid);
	l->clusters[c].label = "Legend";
	l->clusters[c].legend = 1;
	l->clusters[c].style = ARCHDOC_STYLE_ROUNDED | ARCHDOC_STYLE_FILLED;
	l->clusters[c].fill = archdoc_diagram__light(ARCHDOC_C_BACKGROUND);
	l->clusters[c].stroke = archdoc_diagram__light(ARCHDOC_C_BOUNDARY_STROKE);
	l->clusters[c].text = archdoc_diagram__light(ARCHDOC_C_BOUNDARY_TEXT);
	l->clusters[c].font = "DejaVu Sans Bold";
	l->clusters[c].font_size = LEGEND_FONT;
	if (!l->clusters[c].svg_id)
		return ARCHDOC_ENOMEM;

	/* the badge first, as the drawing shows it: how to read the numbers */
	i = add_item(l, mid, k++, label == ARCHDOC_DIAGRAM_LABEL_NUMBER_PORT ? "7\n443"
			: label == ARCHDOC_DIAGRAM_LABEL_NUMBER_PROTOCOL_PORT ? "7\nHTTPS 443" : "7");
	if (i < 0)
		return ARCHDOC_ENOMEM;
	l->nodes[i].style = ARCHDOC_STYLE_FILLED;
	l->nodes[i].sample = "badge";
	l->nodes[i].fill = l->nodes[i].stroke = archdoc_diagram__light(ARCHDOC_C_BADGE_FILL);
	l->nodes[i].text = archdoc_diagram__light(ARCHDOC_C_BADGE_TEXT);
	l->nodes[i].font = "DejaVu Sans Bold";
	if (label == ARCHDOC_DIAGRAM_LABEL_NUMBER) {
		l->nodes[i].shape = ARCHDOC_SHAPE_CIRCLE;
		l->nodes[i].width = l->nodes[i].height = 20;
		l->nodes[i].fixed = 1;
	} else {
		l->nodes[i].shape = ARCHDOC_SHAPE_OVAL;
		l->nodes[i].width = l->nodes[i].height = 0.3 * 72;
	}
	i = add_item(l, mid, k++, label == ARCHDOC_DIAGRAM_LABEL_NUMBER_PORT
			? "connection 7: row 7 of the table,\nto port 443; the arrow points from\nthe side that opens the connection"
			: label == ARCHDOC_DIAGRAM_LABEL_NUMBER_PROTOCOL_PORT
			? "connection 7: row 7 of the table,\nHTTPS to port 443; the arrow points\nfrom the side that opens the connection"
			: "connection 7: row 7 of the table;\nthe arrow points from the side\nthat opens the connection");
	if (i < 0)
		return ARCHDOC_ENOMEM;
	l->nodes[i].shape = ARCHDOC_SHAPE_PLAIN;
	if (m->diff)
		return diff_items(l, mid, k);

	/* each boundary style the drawing uses: outer, and one inside another */
	{
		int depth_seen[2] = { 0, 0 };

		for (size_t bi = 0; bi < archdoc_model_boundary_count(m); bi++)
			depth_seen[archdoc_boundary_depth(archdoc_model_boundary(m, bi)) % 2 ? 1 : 0] = 1;
		for (int d = 0; d < 2; d++) {
			if (!depth_seen[d])
				continue;
			i = add_item(l, mid, k++, d ? "boundary inside\na boundary" : "boundary");
			if (i < 0)
				return ARCHDOC_ENOMEM;
			l->nodes[i].shape = ARCHDOC_SHAPE_BOX;
			l->nodes[i].sample = d ? "boundary-inner" : "boundary";
			l->nodes[i].style = ARCHDOC_STYLE_FILLED | ARCHDOC_STYLE_ROUNDED;
			l->nodes[i].fill = archdoc_diagram__light(d ? ARCHDOC_C_BOUNDARY_FILL_INNER : ARCHDOC_C_BOUNDARY_FILL);
			l->nodes[i].stroke = archdoc_diagram__light(ARCHDOC_C_BOUNDARY_STROKE);
			l->nodes[i].text = archdoc_diagram__light(ARCHDOC_C_BOUNDARY_TEXT);
			l->nodes[i].font = "DejaVu Sans Bold";
			l->nodes[i].height = 0.4 * 72;
		}
	}

	for (size_t ci = 0; ci < archdoc_model_component_count(m); ci++) {
		const char *kind = archdoc_component_kind(archdoc_model_component(m, ci));
		const archdoc_diagram__look *look = archdoc_diagram__look_of(kind);
		size_t s;

		for (s = 0; s < nseen && strcmp(seen[s]->what, look->what) != 0; s++)
			;
		if (s < nseen || nseen == sizeof(seen) / sizeof(seen[0]))
			continue;
		seen[nseen++] = look;
		i = add_item(l, mid, k++, look->what);
		if (i < 0)
			return ARCHDOC_ENOMEM;
		l->nodes[i].shape = look->shape;
		l->nodes[i].sample = "component";
		l->nodes[i].sample_kind = kind;   /* the first of its look: they share the style */
		l->nodes[i].style = look->style;
		l->nodes[i].fill = archdoc_diagram__light(look->fill);
		l->nodes[i].stroke = archdoc_diagram__light(look->stroke);
		l->nodes[i].height = 0.4 * 72;
	}
	return 0;
}

/* Items read left to right in the order they were made (a sample, then
 * what it means): invisible flat edges between neighbours hold that
 * order, which dot would otherwise choose. */
static int order_items(archdoc_diagram__scene *l, const char *mid)
{
	for (size_t i = 1; i < l->node_count; i++) {
		int e = archdoc_diagram__scene_add_edge(l);

		if (e < 0)
			return ARCHDOC_ENOMEM;
		l->edges[e].tail = (int)i - 1;
		l->edges[e].head = (int)i;
		l->edges[e].svg_id = archdoc_diagram__printf(l, "%s-legend-order-%zu", mid, i);
		l->edges[e].style = ARCHDOC_STYLE_INVISIBLE;
		l->edges[e].conn = (size_t)-1;
		if (!l->edges[e].svg_id)
			return ARCHDOC_ENOMEM;
	}
	return 0;
}

static void shift(archdoc_diagram__scene *l, double dx, double dy)
{
	for (size_t i = 0; i < l->node_count; i++) {
		l->nodes[i].pos.x += dx;
		l->nodes[i].pos.y += dy;
	}
	for (size_t i = 0; i < l->cluster_count; i++) {
		archdoc_diagram__cluster *c = &l->clusters[i];

		c->x0 += dx;
		c->x1 += dx;
		c->y0 += dy;
		c->y1 += dy;
		c->label_pos.x += dx;
		c->label_pos.y += dy;
	}
}

int archdoc_diagram__legend(archdoc_context *ctx, const archdoc_diagram__engine *engine,
		archdoc_diagram__scene *s, const archdoc_model *m, archdoc_diagram_label label)
{
	archdoc_diagram__scene *l = archdoc_diagram__scene_new();
	int rc, base_cluster;
	size_t base_node;

	if (!l)
		return ARCHDOC_ENOMEM;
	rc = build_legend(l, m, label);
	if (rc == 0)
		rc = order_items(l, archdoc_model_id(m));
	if (rc == 0)
		rc = engine->layout(ctx, l);
	if (rc < 0)
		goto done;
	/* under the drawing, at its left edge (y grows upwards) */
	archdoc_diagram__scene_bounds(s);
	archdoc_diagram__scene_bounds(l);
	shift(l, s->x0 - l->x0, s->y0 - GAP - l->y1);
	base_cluster = (int)s->cluster_count;
	base_node = s->node_count;
	rc = ARCHDOC_ENOMEM;
	for (size_t i = 0; i < l->cluster_count; i++) {
		int c = archdoc_diagram__scene_add_cluster(s);

		if (c < 0)
			goto done;
		s->clusters[c] = l->clusters[i];
		s->clusters[c].parent = l->clusters[i].parent < 0 ? -1 : l->clusters[i].parent + base_cluster;
		/* strings move to the drawing's arena, which outlives the legend's */
		s->clusters[c].name = archdoc_diagram__strdup(s, l->clusters[i].name);
		s->clusters[c].svg_id = archdoc_diagram__strdup(s, l->clusters[i].svg_id);
		if (!s->clusters[c].name || !s->clusters[c].svg_id)
			goto done;
	}
	for (size_t i = 0; i < l->node_count; i++) {
		int n = archdoc_diagram__scene_add_node(s);

		if (n < 0)
			goto done;
		s->nodes[n] = l->nodes[i];
		s->nodes[n].cluster = l->nodes[i].cluster < 0 ? -1 : l->nodes[i].cluster + base_cluster;
		s->nodes[n].rank_group = 0;
		s->nodes[n].name = archdoc_diagram__strdup(s, l->nodes[i].name);
		s->nodes[n].svg_id = archdoc_diagram__strdup(s, l->nodes[i].svg_id);
		s->nodes[n].label = archdoc_diagram__strdup(s, l->nodes[i].label);
		if (!s->nodes[n].name || !s->nodes[n].svg_id || !s->nodes[n].label)
			goto done;
	}
	(void)base_node;
	archdoc_diagram__scene_bounds(s);
	rc = 0;
done:
	archdoc_diagram__scene_free(l);
	return rc;
}
