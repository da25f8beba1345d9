/*
 * A diff's picture (archdoc diff -f svg|png|html): the union of two
 * versions drawn once, each element in the style of its change. Colour is
 * never the only cue: added lines are bold, removed ones dashed, a changed
 * connection's badge has a second ring, unchanged lines are thin and
 * muted; boxes and boundaries say "(added)", "(removed)" or "(changed)"
 * under their title (their borders are also bold, dashed or dotted, but
 * some kinds are dashed of their own). The SVG adds a
 * class per change (svg.c) and the theme its colours (theme.c).
 */
#include "diagram.h"

#include "model.h"
#include "theme.h"

#define BOLD 2.6

static archdoc_diagram__colour colour_of(char change)
{
	return change == '+' ? ARCHDOC_C_ADDED : change == '-' ? ARCHDOC_C_REMOVED
		: change == '~' ? ARCHDOC_C_CHANGED : ARCHDOC_C_UNCHANGED;
}

static const char *what(char change)
{
	return change == '+' ? "added" : change == '-' ? "removed" : "changed";
}

int archdoc_diagram__mark_changes(archdoc_diagram__scene *s, const archdoc_model *m)
{
	if (!m->diff)
		return 0;
	for (size_t i = 0; i < s->node_count; i++) {
		archdoc_diagram__node *n = &s->nodes[i];

		if (n->role == ARCHDOC_ROLE_COMPONENT && n->ref < m->component_count) {
			char ch = m->components[n->ref]->change;

			if (!ch)
				continue;   /* an unchanged box keeps its look */
			/* said in words too: a job's or a cache's own border is dashed */
			n->label = archdoc_diagram__printf(s, "%s\n(%s)", n->label, what(ch));
			n->stroke = archdoc_diagram__light(colour_of(ch));
			n->penwidth = ch == '-' ? 1.4 : BOLD;
			n->style |= ch == '-' ? ARCHDOC_STYLE_DASHED : ch == '~' ? ARCHDOC_STYLE_DOTTED : 0;
		} else if (n->role == ARCHDOC_ROLE_BADGE && n->ref < m->connection_count) {
			char ch = m->connections[n->ref]->change;

			n->fill = n->stroke = archdoc_diagram__light(colour_of(ch));
			if (ch == '~' && n->shape == ARCHDOC_SHAPE_CIRCLE) {
				/* room for the number inside the second ring */
				n->ring = 1;
				n->width += 8;
				n->height += 8;
			}
		}
	}
	for (size_t i = 0; i < s->edge_count; i++) {
		archdoc_diagram__edge *e = &s->edges[i];
		char ch;

		if (e->layout_only || e->conn >= m->connection_count)
			continue;
		ch = m->connections[e->conn]->change;
		e->color = archdoc_diagram__light(colour_of(ch));
		e->penwidth = ch == '+' || ch == '~' ? BOLD : ch == '-' ? 1.4 : 1.0;
		if (ch == '-')
			e->style |= ARCHDOC_STYLE_DASHED;
	}
	for (size_t i = 0; i < s->cluster_count; i++) {
		archdoc_diagram__cluster *c = &s->clusters[i];
		char ch;

		if (c->legend || c->ref >= m->boundary_count)
			continue;
		ch = m->boundaries[c->ref]->change;
		if (!ch)
			continue;
		c->label = archdoc_diagram__printf(s, "%s (%s)", c->label, what(ch));
		c->stroke = archdoc_diagram__light(colour_of(ch));
		c->style |= ch == '-' ? ARCHDOC_STYLE_DASHED : ARCHDOC_STYLE_BOLD;
		if (!c->label)
			return -1;
	}
	for (size_t i = 0; i < s->node_count; i++)
		if (!s->nodes[i].label)
			return -1;
	return 0;
}
