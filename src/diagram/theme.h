/*
 * The diagram's one theme. Each colour has a light value (drawn into PNG
 * and PDF, and written as presentation attributes in the SVG so renderers
 * without CSS still show it) and a dark value; the SVG's style block turns
 * both into CSS custom properties (--archdoc-NAME) that classes use.
 */
#ifndef ARCHDOC_DIAGRAM_THEME_H
#define ARCHDOC_DIAGRAM_THEME_H

#include "buf.h"

typedef enum archdoc_diagram__colour {
	ARCHDOC_C_BACKGROUND,
	ARCHDOC_C_TEXT,
	ARCHDOC_C_BOUNDARY_FILL,
	ARCHDOC_C_BOUNDARY_FILL_INNER,
	ARCHDOC_C_BOUNDARY_STROKE,
	ARCHDOC_C_BOUNDARY_TEXT,
	ARCHDOC_C_NODE_FILL,
	ARCHDOC_C_NODE_STROKE,
	ARCHDOC_C_STORE_FILL,
	ARCHDOC_C_STORE_STROKE,
	ARCHDOC_C_EXTERNAL_FILL,
	ARCHDOC_C_GATEWAY_FILL,
	ARCHDOC_C_MONITORING_FILL,
	ARCHDOC_C_JOB_FILL,
	ARCHDOC_C_LINE,
	ARCHDOC_C_BADGE_FILL,
	ARCHDOC_C_BADGE_TEXT,
	ARCHDOC_C_HIGHLIGHT,
	ARCHDOC_C_CAPTION,
	/* a diff's marks (changes.c); in the style sheet only for a diff */
	ARCHDOC_C_ADDED,
	ARCHDOC_C_REMOVED,
	ARCHDOC_C_CHANGED,
	ARCHDOC_C_UNCHANGED,
	ARCHDOC_C__COUNT
} archdoc_diagram__colour;

/* "#rrggbb", static. */
const char *archdoc_diagram__light(archdoc_diagram__colour c);
const char *archdoc_diagram__dark(archdoc_diagram__colour c);
const char *archdoc_diagram__theme_colour(archdoc_diagram__colour c, int dark);
/*
 * Append the SVG's style sheet (no <style> tags): the theme's colours,
 * then the other theme's under prefers-color-scheme. transparent: lines,
 * arrows and the caption in a middle tone that reads on light and dark
 * pages alike.
 */
void archdoc_diagram__theme_css(archdoc_buf *b, int dark, int transparent, int diff);

/* Colours of a scene built in the light theme (archdoc_diagram__light),
 * turned into the given theme (and a transparent background's middle
 * tones); strings are static. */
struct archdoc_diagram__scene;
void archdoc_diagram__theme_apply(struct archdoc_diagram__scene *s, int dark, int transparent);

#endif
