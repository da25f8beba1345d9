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
	ARCHDOC_C__COUNT
} archdoc_diagram__colour;

/* "#rrggbb", static. */
const char *archdoc_diagram__light(archdoc_diagram__colour c);
/* Append the SVG's style sheet (no <style> tags). */
void archdoc_diagram__theme_css(archdoc_buf *b);

#endif
