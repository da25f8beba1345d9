/*
 * Readability figures of a placed scene (quality.c); docs/diagram.md
 * defines each one.
 */
#ifndef ARCHDOC_DIAGRAM_QUALITY_H
#define ARCHDOC_DIAGRAM_QUALITY_H

#include <stddef.h>

#include "scene.h"

typedef struct archdoc_diagram__score {
	unsigned crossings, tangled, through, ambiguous, label_node;
	double width, height;
	double value;     /* weighted sum; lower is better */
} archdoc_diagram__score;

/* Measure a placed scene whose edges carry connection indices below
 * connections. 0, or -1 on out of memory. */
int archdoc_diagram__measure(const archdoc_diagram__scene *s, size_t connections,
		archdoc_diagram__score *out);

#endif
