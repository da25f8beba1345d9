/*
 * One Graphviz context for the process, with the plugins linked into
 * archdoc (never a plugin configuration file); Graphviz's messages turned
 * into diagnostics; rendering to memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
	/* archdoc's PNG writer on pango's bitmap (graphviz_png.c); Graphviz
	 * installs only entries named gvplugin_*_LTX_library */
	{ "gvplugin_archdoc_png_LTX_library", &archdoc_gv__png_library },
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

/* --- Graphviz's messages --- */

/*
 * Graphviz talks while it works: its agerr channel (warnings, and errors
 * such as "lost n_1 c_a edge" when its router gave up on a line, which
 * archdoc then routes itself), and libpath's fprintf(stderr) ("triangulation
 * failed"), which no callback reaches. A run that succeeds must print
 * nothing, so while Graphviz runs its agerr messages are kept, and the
 * process's standard error goes to a temporary file. A step that fails
 * reports the kept errors as diagnostics (rule "graphviz"); one that
 * succeeds drops them. ARCHDOC_DIAGRAM_DEBUG in the environment shows
 * everything on standard error.
 */
#define KEPT 16

static struct {
	archdoc_context *ctx;
	char line[1024];
	size_t len;
	archdoc_severity last;
	agusererrf saved;
	char *kept[KEPT];         /* the first error lines, malloc'd */
	size_t nkept, dropped;
	FILE *capture;            /* what went to standard error */
	int saved_fd;
} msgs = { .saved_fd = -1 };

static int debugging(void)
{
	return getenv("ARCHDOC_DIAGRAM_DEBUG") != NULL;
}

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
	if (sev != ARCHDOC_SEVERITY_ERROR)
		return;
	if (msgs.nkept < KEPT) {
		msgs.kept[msgs.nkept] = strdup(text);
		if (msgs.kept[msgs.nkept])
			msgs.nkept++;
	} else {
		msgs.dropped++;
	}
}

/* One message arrives in pieces ("Error", ": ", "text\n"): collect lines. */
static int msg_collect(char *piece)
{
	if (debugging() && msgs.saved_fd >= 0)
		(void)!write(msgs.saved_fd, piece, strlen(piece));
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
	msgs.nkept = msgs.dropped = 0;
	msgs.last = ARCHDOC_SEVERITY_WARNING;
	msgs.saved = agseterrf(msg_collect);
	/* libpath writes to the file descriptor's stream directly */
	fflush(stderr);
	msgs.capture = tmpfile();
	msgs.saved_fd = msgs.capture ? dup(STDERR_FILENO) : -1;
	if (msgs.saved_fd >= 0 && dup2(fileno(msgs.capture), STDERR_FILENO) < 0) {
		close(msgs.saved_fd);
		msgs.saved_fd = -1;
	}
}

void archdoc_gv__messages_end(int failed)
{
	if (msgs.len)
		msg_flush();
	agseterrf(msgs.saved);
	fflush(stderr);
	if (msgs.saved_fd >= 0) {
		dup2(msgs.saved_fd, STDERR_FILENO);
		close(msgs.saved_fd);
		msgs.saved_fd = -1;
	}
	if (msgs.capture) {
		if (debugging()) {
			char buf[4096];
			size_t n;

			rewind(msgs.capture);
			while ((n = fread(buf, 1, sizeof(buf), msgs.capture)) > 0)
				fwrite(buf, 1, n, stderr);
		}
		fclose(msgs.capture);
		msgs.capture = NULL;
	}
	for (size_t i = 0; i < msgs.nkept; i++) {
		if (failed)
			archdoc__diag(msgs.ctx, ARCHDOC_SEVERITY_ERROR, "graphviz", archdoc__nowhere(NULL), "Graphviz: %s",
					msgs.kept[i]);
		free(msgs.kept[i]);
	}
	if (failed && msgs.dropped)
		archdoc__diag(msgs.ctx, ARCHDOC_SEVERITY_ERROR, "graphviz", archdoc__nowhere(NULL),
				"Graphviz: %zu more messages", msgs.dropped);
	msgs.nkept = msgs.dropped = 0;
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

