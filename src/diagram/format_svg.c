/*
 * SVG: Graphviz's core SVG, then post-processed to the contract
 * (docs/svg-contract.md, svg.c): ids, titles, links, the theme.
 */
#include <stdlib.h>

#include "diagram.h"
#include "format.h"
#include "timing.h"

static int finish(archdoc_context *ctx, const archdoc_model *m, const archdoc_diagram__scene *s,
		const archdoc_diagram_options *o, char *raw, size_t raw_len, char **out, size_t *out_len)
{
	uint64_t t0 = archdoc__clock_ns();
	int rc = archdoc_diagram__svg_finish(ctx, m, s, o, raw, raw_len, out, out_len);

	archdoc__phase_add(ctx, ARCHDOC_PHASE_POSTPROCESS, t0);
	free(raw);
	return rc;
}

const archdoc_diagram__format archdoc_diagram__svg = {
	.id = ARCHDOC_DIAGRAM_SVG, .name = "svg", .title = "SVG", .media_type = "image/svg+xml",
	.device = "svg:svg:core", .default_dpi = 96, .finish = finish
};
