/*
 * DOT: the laid-out Graphviz graph, every position included, as Graphviz
 * writes it.
 */
#include "format.h"

const archdoc_diagram__format archdoc_diagram__dot = {
	.id = ARCHDOC_DIAGRAM_DOT, .name = "dot", .title = "DOT", .media_type = "text/vnd.graphviz",
	.device = "dot:dot:core", .default_dpi = 96
};
