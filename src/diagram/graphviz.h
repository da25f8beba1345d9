/*
 * The Graphviz adapter's parts (graphviz.c drives them): these files, and
 * only they, include Graphviz's headers. graphviz_context.c holds the one
 * Graphviz context and turns its messages into diagnostics;
 * graphviz_ids.c numbers objects in creation order; graphviz_build.c
 * makes the cgraph graph of a scene; graphviz_read.c reads a layout back.
 */
#ifndef ARCHDOC_DIAGRAM_GRAPHVIZ_H
#define ARCHDOC_DIAGRAM_GRAPHVIZ_H

#include <stddef.h>
#include <stdint.h>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include "archdoc/context.h"
#include "format.h"
#include "scene.h"

/* Graphviz 2.42 takes char * where later releases take const char *. */
static inline char *S(const char *s)
{
	return (char *)(uintptr_t)s;
}

/* A scene's cgraph graph and its objects, indexed like the scene's. */
typedef struct gv_graph {
	Agraph_t *g;
	Agraph_t **subs;     /* per scene cluster */
	Agnode_t **nodes;    /* per scene node */
	Agedge_t **edges;    /* per scene edge */
} gv_graph;

/* graphviz_context.c: the process's one Graphviz context (NULL when it
 * could not start); Graphviz's messages to ctx's sink between begin and
 * end; a rendering to memory (malloc'd, NUL-terminated). */
GVC_t *archdoc_gv__context(void);
void archdoc_gv__messages_begin(archdoc_context *ctx);
/* failed: report the errors Graphviz gave as diagnostics; else drop them. */
void archdoc_gv__messages_end(int failed);
int archdoc_gv__render_data(GVC_t *gvc, Agraph_t *g, const char *format, char **out, size_t *len);

/* graphviz_png.c: the device "archdocpng:cairo" (pango draws, libpng
 * writes); png_take hands over what its last drawing wrote (malloc'd,
 * NUL-terminated): 0, or -1 when it wrote nothing (out of memory). */
extern gvplugin_library_t archdoc_gv__png_library;
int archdoc_gv__png_take(char **out, size_t *len);

/* graphviz_ids.c: the id discipline of every graph archdoc makes. */
extern Agiddisc_t archdoc_gv__ids;

/* graphviz_build.c: the graph of a scene; placed, with every position
 * set (format: the one it will be drawn in). 0, ARCHDOC_ENOMEM or
 * ARCHDOC_ERENDER; on failure G is freed. */
int archdoc_gv__build(gv_graph *G, const archdoc_diagram__scene *s, int placed, const archdoc_diagram__format *format);
void archdoc_gv__graph_free(gv_graph *G);
/* Into a placed graph about to be written as DOT: the settings, rank
 * groups and edge weights its layout used, so that dot lays the exported
 * DOT out as archdoc did. 0 or ARCHDOC_ENOMEM. */
int archdoc_gv__export_layout(gv_graph *G, const archdoc_diagram__scene *s);

/* graphviz_read.c: the geometry of a laid-out graph into its scene. 0 or -1. */
int archdoc_gv__read_back(archdoc_diagram__scene *s, gv_graph *G);

#endif
