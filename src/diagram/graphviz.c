/*
 * The Graphviz engine (engine.h): layout and drawing. The adapter's files
 * (graphviz*.c, graphviz.h) are the only ones that include Graphviz's
 * headers.
 *
 * Layout: the scene becomes a cgraph graph (created in scene order, so the
 * same model always gives the same layout), dot places it, and the geometry
 * is read back from the attributes Graphviz attaches. Rendering: the placed
 * scene becomes a graph whose every node, cluster and edge carries its
 * position, and Graphviz's "nop2" engine (neato -n2: keep what is given)
 * draws it, so SVG, PNG, PDF and DOT all show the same geometry, including
 * edges archdoc routed itself.
 *
 * Graphviz is process-global (error channel, locale switching, caches): one
 * context for the process, created on first use with the plugins linked
 * into archdoc, never through a plugin configuration file.
 */
#include "engine.h"

#include <locale.h>
#include <stdint.h>
#include <stdlib.h>

#include "archdoc/errors.h"
#include "diag.h"
#include "graphviz.h"
#include "timing.h"

static int no_context(archdoc_context *ctx)
{
	archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "graphviz", archdoc__nowhere(NULL),
			"Graphviz could not start (gvContextPlugins failed)");
	return ARCHDOC_ERENDER;
}

static int gv_layout(archdoc_context *ctx, archdoc_diagram__scene *s)
{
	GVC_t *gvc = archdoc_gv__context();
	gv_graph G;
	char *dot = NULL;
	size_t len = 0;
	int rc;

	uint64_t t0;

	if (!gvc)
		return no_context(ctx);
	t0 = archdoc__clock_ns();
	rc = archdoc_gv__build(&G, s, 0, NULL);
	archdoc__phase_add(ctx, ARCHDOC_PHASE_GRAPH, t0);
	if (rc < 0)
		return rc;
	archdoc_gv__messages_begin(ctx);
	t0 = archdoc__clock_ns();
	if (gvLayout(gvc, G.g, s->params.pack ? "osage" : "dot") != 0) {
		archdoc__phase_add(ctx, ARCHDOC_PHASE_LAYOUT, t0);
		archdoc_gv__messages_end(1);
		archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "graphviz", archdoc__nowhere(NULL),
				"Graphviz could not lay out the diagram (%zu nodes, %zu edges); "
				"try another --layout or split the model into views",
				s->node_count, s->edge_count);
		archdoc_gv__graph_free(&G);
		return ARCHDOC_ERENDER;
	}
	/*
	 * The geometry as attributes (pos, bb, lp, ...), as rendering to "dot"
	 * would attach it, without writing the DOT text nobody reads (a fifth
	 * of a layout's instructions). attach_attrs prints numbers with
	 * sprintf: the C numeric locale, for this thread only.
	 */
	{
		locale_t c_numeric = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
		locale_t old = c_numeric ? uselocale(c_numeric) : (locale_t)0;

		if (!c_numeric) {
			rc = archdoc_gv__render_data(gvc, G.g, "dot", &dot, &len);
			free(dot);
		} else {
			attach_attrs(G.g);
			uselocale(old);
			freelocale(c_numeric);
			rc = 0;
		}
	}
	archdoc_gv__messages_end(rc != 0);
	archdoc__phase_add(ctx, ARCHDOC_PHASE_LAYOUT, t0);
	t0 = archdoc__clock_ns();
	if (rc == 0 && archdoc_gv__read_back(s, &G) < 0) {
		archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "graphviz", archdoc__nowhere(NULL),
				"Graphviz's layout could not be read back");
		rc = ARCHDOC_ERENDER;
	} else if (rc == ARCHDOC_ERENDER) {
		archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "graphviz", archdoc__nowhere(NULL),
				"Graphviz could not write the layout");
	}
	archdoc__phase_add(ctx, ARCHDOC_PHASE_GRAPH, t0);
	t0 = archdoc__clock_ns();
	gvFreeLayout(gvc, G.g);
	archdoc_gv__graph_free(&G);
	archdoc__phase_add(ctx, ARCHDOC_PHASE_LAYOUT, t0);
	return rc;
}

static int gv_render(archdoc_context *ctx, const archdoc_diagram__scene *s, const archdoc_diagram__format *format,
		char **out, size_t *len)
{
	GVC_t *gvc = archdoc_gv__context();
	const char *dev = format ? format->device : NULL;
	gv_graph G;
	int rc;

	*out = NULL;
	*len = 0;
	if (!gvc)
		return no_context(ctx);
	uint64_t t0;

	if (!dev || !s->placed)
		return ARCHDOC_EUSAGE;
	t0 = archdoc__clock_ns();
	rc = archdoc_gv__build(&G, s, 1, format);
	archdoc__phase_add(ctx, ARCHDOC_PHASE_GRAPH, t0);
	if (rc < 0)
		return rc;
	t0 = archdoc__clock_ns();
	archdoc_gv__messages_begin(ctx);
	if (gvLayout(gvc, G.g, "nop2") != 0) {
		archdoc__phase_add(ctx, ARCHDOC_PHASE_RENDER, t0);
		archdoc_gv__messages_end(1);
		archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "graphviz", archdoc__nowhere(NULL),
				"Graphviz could not take the placed diagram");
		archdoc_gv__graph_free(&G);
		return ARCHDOC_ERENDER;
	}
	/* after the layout, which must not see them: they are what dot
	 * would lay the exported graph out with */
	rc = format->id == ARCHDOC_DIAGRAM_DOT ? archdoc_gv__export_layout(&G, s) : 0;
	if (rc == 0)
		rc = archdoc_gv__render_data(gvc, G.g, dev, out, len);
	if (rc == 0 && format->id == ARCHDOC_DIAGRAM_PNG) {
		/* archdoc's device wrote it aside (graphviz_png.c) */
		archdoc_free(*out);
		*out = NULL;
		*len = 0;
		rc = archdoc_gv__png_take(out, len) == 0 ? 0 : ARCHDOC_ENOMEM;
	}
	archdoc_gv__messages_end(rc != 0);
	if (rc == ARCHDOC_ERENDER)
		archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "graphviz", archdoc__nowhere(NULL),
				"Graphviz could not draw the diagram as %s", format->name);
	gvFreeLayout(gvc, G.g);
	archdoc_gv__graph_free(&G);
	archdoc__phase_add(ctx, ARCHDOC_PHASE_RENDER, t0);
	return rc;
}

const archdoc_diagram__engine archdoc_diagram__graphviz = {
	"graphviz", gv_layout, gv_render
};
