/*
 * PNG: drawn by cairo (Graphviz's pango plugin) at the options' dpi, on a
 * bitmap held whole in memory, so it is held to the pixel budget
 * (render.c); written by archdoc's own device (graphviz_png.c).
 */
#include "format.h"

const archdoc_diagram__format archdoc_diagram__png = {
	.id = ARCHDOC_DIAGRAM_PNG, .name = "png", .title = "PNG", .media_type = "image/png",
	.device = "archdocpng:cairo", .default_dpi = 96, .binary = 1, .bitmap = 1
};
