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
	unsigned through_title, heads_crowded, detours;
	double width, height;
	double value;     /* weighted sum; lower is better */
} archdoc_diagram__score;

/*
 * Scratch memory for measuring, kept between measures so that a search
 * over many candidate layouts allocates only while its buffers grow.
 * Zero-initialise it (ARCHDOC_DIAGRAM_MEASURER_INIT); free with
 * archdoc_diagram__measurer_fini.
 */
typedef struct archdoc_diagram__measurer {
	void *lines;
	size_t lines_cap;
	size_t *edges, edges_cap;
	size_t *first, first_cap;
	archdoc_diagram__pt *pts, *samples;
	size_t pts_cap, samples_cap;
	void *chunks;
	size_t chunks_cap;
	/* what the last exact measure found a reader could misread: pairs
	 * of connection indices (a, b), b (size_t)-1 when a alone */
	size_t *troubles, troubles_cap, ntroubles;
	/* 1: measure as the project's measuring tool does, finer and slower
	 * (for a finished drawing); 0: the search's quicker estimate */
	int exact;
} archdoc_diagram__measurer;
#define ARCHDOC_DIAGRAM_MEASURER_INIT { 0 }

void archdoc_diagram__measurer_fini(archdoc_diagram__measurer *w);

/* Measure a placed scene whose edges carry connection indices below
 * connections, with w's scratch memory (NULL: its own). 0, or -1 on out
 * of memory. */
int archdoc_diagram__measure(archdoc_diagram__measurer *w, const archdoc_diagram__scene *s,
		size_t connections, archdoc_diagram__score *out);

/* What a reader could misread in a drawing scored sc, counted (lines
 * together, through a component or a title, a badge on a component or
 * nearer another line, piled-up arrowheads, detours): between finished
 * drawings, fewer wins before crossings or size count. */
unsigned archdoc_diagram__misreads(const archdoc_diagram__score *sc);

/* The same, measured exactly (the measuring tool's figures). */
int archdoc_diagram__measure_exact(const archdoc_diagram__scene *s, size_t connections, archdoc_diagram__score *out);

#endif
