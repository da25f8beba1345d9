/*
 * One Graphviz context for the process, with the plugins linked into
 * archdoc (never a plugin configuration file); Graphviz's messages turned
 * into diagnostics; rendering to memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <graphviz/graphviz_version.h>

#include "archdoc/errors.h"
#include "diag.h"
#include "graphviz.h"

/* The plugins archdoc links in (CMakeLists.txt: ARCHDOC_GV_PLUGINS). */
extern gvplugin_library_t gvplugin_dot_layout_LTX_library;
extern gvplugin_library_t gvplugin_neato_layout_LTX_library;
extern gvplugin_library_t gvplugin_core_LTX_library;
extern gvplugin_library_t gvplugin_pango_LTX_library;

static const lt_symlist_t builtins[] = {
	{ "gvplugin_dot_layout_LTX_library", &gvplugin_dot_layout_LTX_library },
	{ "gvplugin_neato_layout_LTX_library", &gvplugin_neato_layout_LTX_library },
	{ "gvplugin_core_LTX_library", &gvplugin_core_LTX_library },
	/* pango measures text for every format, so SVG and PNG share geometry */
	{ "gvplugin_pango_LTX_library", &gvplugin_pango_LTX_library },
	{ NULL, NULL }
};

/*
 * One Graphviz context for the whole process, freed at exit. Graphviz 2.42's
 * pango plugin remembers the last font name it measured in a static
 * pointer into the context's font table: after gvFreeContext that pointer
 * dangles, and the first text measured in a second context reads freed
 * memory. So archdoc contexts share this one and never free it early.
 */
static GVC_t *process_gvc;

static void gvc_free_at_exit(void)
{
	if (process_gvc) {
		/* gvFreeContext returns an error count, not a status. */
		(void)gvFreeContext(process_gvc);
		process_gvc = NULL;
	}
}

GVC_t *archdoc_gv__context(void)
{
	if (!process_gvc) {
		process_gvc = gvContextPlugins(builtins, 0);
		if (process_gvc)
			atexit(gvc_free_at_exit);
	}
	return process_gvc;
}

/* --- Graphviz's messages become diagnostics --- */

static struct {
	archdoc_context *ctx;
	char line[1024];
	size_t len;
	int errors;
	archdoc_severity last;
	agusererrf saved;
} msgs;

static void msg_flush(void)
{
	const char *text = msgs.line;
	archdoc_severity sev = msgs.last;

	msgs.line[msgs.len] = '\0';
	msgs.len = 0;
	if (strncmp(text, "Error", 5) == 0) {
		sev = ARCHDOC_SEVERITY_ERROR;
		text += 5;
	} else if (strncmp(text, "Warning", 7) == 0) {
		sev = ARCHDOC_SEVERITY_WARNING;
		text += 7;
	}
	while (*text == ':' || *text == ' ' || *text == '\t')
		text++;
	if (!*text)
		return;
	msgs.last = sev;
	if (sev == ARCHDOC_SEVERITY_ERROR)
		msgs.errors++;
	archdoc__diag(msgs.ctx, sev, "graphviz", archdoc__nowhere(NULL), "Graphviz: %s", text);
}

/* One message arrives in pieces ("Error", ": ", "text\n"): collect lines. */
static int msg_collect(char *piece)
{
	for (; *piece; piece++) {
		if (*piece == '\n') {
			msg_flush();
			continue;
		}
		if (msgs.len < sizeof(msgs.line) - 1)
			msgs.line[msgs.len++] = *piece;
	}
	return 0;
}

void archdoc_gv__messages_begin(archdoc_context *ctx)
{
	msgs.ctx = ctx;
	msgs.len = 0;
	msgs.errors = 0;
	msgs.last = ARCHDOC_SEVERITY_WARNING;
	msgs.saved = agseterrf(msg_collect);
}

void archdoc_gv__messages_end(void)
{
	if (msgs.len)
		msg_flush();
	agseterrf(msgs.saved);
	msgs.ctx = NULL;
}

/* --- rendering to memory --- */

/* gvRenderData's length became size_t in Graphviz 13. */
#if defined(GRAPHVIZ_VERSION_MAJOR) && GRAPHVIZ_VERSION_MAJOR >= 13
typedef size_t gv_len_t;
#else
typedef unsigned int gv_len_t;
#endif

int archdoc_gv__render_data(GVC_t *gvc, Agraph_t *g, const char *format, char **out, size_t *len)
{
	char *data = NULL;
	gv_len_t n = 0;
	char *copy;

	*out = NULL;
	*len = 0;
	if (gvRenderData(gvc, g, format, &data, &n) != 0) {
		/* a failure after the first allocation leaves a buffer behind */
		if (data)
			gvFreeRenderData(data);
		return ARCHDOC_ERENDER;
	}
	/* Hand out memory from our own allocator: archdoc_free is free(). */
	copy = malloc((size_t)n + 1);
	if (!copy) {
		gvFreeRenderData(data);
		return ARCHDOC_ENOMEM;
	}
	if (n)
		memcpy(copy, data, n);
	copy[n] = '\0';
	gvFreeRenderData(data);
	*out = copy;
	*len = n;
	return 0;
}

