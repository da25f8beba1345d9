/*
 * The caption: the model's title (a view's, once views exist) above the
 * drawing at its left edge, in every format, unless the caller asks for
 * none. Laid out by the same engine as the drawing so the text is measured
 * the same way, then placed; it is neither a component nor a connection,
 * so no readability figure counts it.
 */
#include "diagram.h"

#include "archdoc/errors.h"
#include "theme.h"

#define CAPTION_FONT 16.0
#define GAP 12.0      /* points between the caption and the drawing */

int archdoc_diagram__caption(archdoc_context *ctx, const archdoc_diagram__engine *engine,
		archdoc_diagram__scene *s, const archdoc_model *m)
{
	archdoc_diagram__scene *l = archdoc_diagram__scene_new();
	const char *title = archdoc_model_title(m);
	archdoc_diagram__node *n;
	int i, rc = ARCHDOC_ENOMEM;

	if (!l)
		return ARCHDOC_ENOMEM;
	if (!title || !*title) {
		archdoc_diagram__scene_free(l);
		return 0;
	}
	l->font = "DejaVu Sans";
	l->params.splines = "spline";
	i = archdoc_diagram__scene_add_node(l);
	if (i < 0)
		goto done;
	n = &l->nodes[i];
	n->name = "caption";
	n->svg_id = archdoc_diagram__printf(l, "%s-caption", archdoc_model_id(m));
	n->label = title;
	n->role = ARCHDOC_ROLE_CAPTION;
	n->shape = ARCHDOC_SHAPE_PLAIN;
	n->font = "DejaVu Sans Bold";
	n->font_size = CAPTION_FONT;
	n->text = archdoc_diagram__light(ARCHDOC_C_CAPTION);
	n->cluster = -1;
	if (!n->svg_id)
		goto done;
	rc = engine->layout(ctx, l);
	if (rc < 0)
		goto done;
	/* above the drawing, at its left edge (y grows upwards) */
	archdoc_diagram__scene_bounds(s);
	i = archdoc_diagram__scene_add_node(s);
	rc = ARCHDOC_ENOMEM;
	if (i < 0)
		goto done;
	s->nodes[i] = l->nodes[0];
	s->nodes[i].pos.x = s->x0 + l->nodes[0].w / 2;
	s->nodes[i].pos.y = s->y1 + GAP + l->nodes[0].h / 2;
	/* strings move to the drawing's arena, which outlives this scene */
	s->nodes[i].name = archdoc_diagram__strdup(s, l->nodes[0].name);
	s->nodes[i].svg_id = archdoc_diagram__strdup(s, l->nodes[0].svg_id);
	s->nodes[i].label = archdoc_diagram__strdup(s, title);
	if (!s->nodes[i].name || !s->nodes[i].svg_id || !s->nodes[i].label)
		goto done;
	archdoc_diagram__scene_bounds(s);
	rc = 0;
done:
	archdoc_diagram__scene_free(l);
	return rc;
}
