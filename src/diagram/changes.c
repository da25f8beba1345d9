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

/* A line to a further end of a connection (a spoke): that end's own
 * change when the two versions differ in their ends ('+' an end only NEW
 * has, '-' one only OLD had), else the connection's. */
char archdoc_diagram__line_change(const archdoc_diagram__scene *s, const archdoc_model *m,
		const archdoc_diagram__edge *e)
{
	const struct archdoc_connection *c = m->connections[e->conn];
	int from_side = e->half == 1 || e->half == 3;
	const archdoc_diagram__node *n = &s->nodes[from_side ? e->tail : e->head];
	size_t count = from_side ? c->from_count : c->to_count;

	/* the line through the badge is one path in the SVG: it keeps the
	 * connection's change, in every format */
	if (!c->end_change || e->half < 3 || n->role != ARCHDOC_ROLE_COMPONENT)
		return c->change;
	for (size_t k = 0; k < count; k++) {
		const archdoc_component *x = from_side ? archdoc_connection_from_at(c, k) : archdoc_connection_to_at(c, k);

		if (archdoc_component_index(x) == n->ref) {
			char ch = c->end_change[(from_side ? 0 : c->from_count) + k];

			return ch ? ch : c->change;
		}
	}
	return c->change;
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
		ch = archdoc_diagram__line_change(s, m, e);
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
