/*
 * archdoc_diagram_render: check the options, then build -> layout -> route
 * -> legend -> draw (-> SVG contract). Nothing partial is ever returned.
 */
#include "archdoc/render.h"

#include <stdlib.h>
#include <string.h>

#include "archdoc/errors.h"
#include "diag.h"
#include "diagram.h"
#include "model.h"

#define MAX_PIXELS ((double)16384)   /* per side of a PNG */

void archdoc_diagram_options_init(archdoc_diagram_options *opts)
{
	archdoc_diagram_options d = ARCHDOC_DIAGRAM_OPTIONS_INIT;

	*opts = d;
}

int archdoc_diagram_format_from_name(const char *name)
{
	static const char *const names[] = { "svg", "png", "pdf", "dot" };

	for (int i = 0; name && i < 4; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

int archdoc_diagram_label_from_name(const char *name)
{
	static const char *const names[] = { "number", "number+port", "number+protocol+port" };

	for (int i = 0; name && i < 3; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

const char *archdoc_diagram_check_link_base(const char *url)
{
	const char *p;
	size_t scheme = 0;

	if (!url)
		return NULL;
	for (p = url; *p; p++) {
		unsigned char c = (unsigned char)*p;

		/* browsers skip these inside a scheme ("java\tscript:"), so none may pass */
		if (c <= ' ' || c == 0x7f)
			return "the link base must not contain spaces or control characters (percent-encode them)";
		if (c == '#')
			return "the link base must not contain '#': archdoc appends #MODEL-row-N itself";
		if (c == '"' || c == '<' || c == '>' || c == '\\' || c == '`')
			return "the link base must not contain quotes, angle brackets, backslashes or backticks";
	}
	/* a scheme is letters, digits, + - . before the first ':' that comes
	 * before any '/', '?' */
	for (p = url; *p && *p != ':' && *p != '/' && *p != '?'; p++)
		;
	if (*p == ':') {
		scheme = (size_t)(p - url);
		if (!(scheme == 4 && lower(url[0]) == 'h' && lower(url[1]) == 't' && lower(url[2]) == 't' &&
				lower(url[3]) == 'p') &&
				!(scheme == 5 && lower(url[0]) == 'h' && lower(url[1]) == 't' &&
				lower(url[2]) == 't' && lower(url[3]) == 'p' && lower(url[4]) == 's'))
			return "the link base must be a relative URL or use http: or https: "
				"(javascript:, data:, vbscript: and other schemes are refused)";
	}
	return NULL;
}

static int set_num(const char *v, double *out, double lo, double hi)
{
	const char *p = v;

	if (archdoc_diagram__parse_num(&p, out) < 0 || *p || *out < lo || *out > hi)
		return -1;
	return 0;
}

const char *archdoc_diagram__strategy_parse(archdoc_diagram__strategy *st, const char *text)
{
	char buf[256], *save = NULL, *tok;
	int first = 1;

	memset(st, 0, sizeof(*st));
	st->badges = 1;
	st->params.newrank = 1;
	st->params.route = 1;
	st->params.join = 1;
	st->params.flat = 1;
	st->params.ratio = 0.55;
	st->params.ranksep = 0.3;
	st->params.nodesep = 0.3;
	st->params.splines = "spline";
	if (!text || !*text)
		return NULL;
	if (strlen(text) >= sizeof(buf))
		return "the layout text is too long";
	strcpy(buf, text);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save), first = 0) {
		char *eq = strchr(tok, '=');
		const char *v;
		double d;

		if (first && !eq) {
			if (strcmp(tok, "badges") == 0)
				continue;
			if (strcmp(tok, "labels") == 0) {
				st->badges = 0;
				st->params.route = 0;
				st->params.join = 0;
				st->params.flat = 0;
				st->params.ratio = 0;
				st->params.ranksep = 0.5;
				st->params.nodesep = 0.25;
				continue;
			}
			return "unknown layout strategy (known: badges, labels)";
		}
		if (!eq)
			return "layout tuning must be KEY=VALUE";
		*eq = '\0';
		v = eq + 1;
		if (strcmp(tok, "rankdir") == 0) {
			if (strcmp(v, "TB") == 0)
				st->params.rankdir_lr = 0;
			else if (strcmp(v, "LR") == 0)
				st->params.rankdir_lr = 1;
			else
				return "rankdir must be TB or LR";
		} else if (strcmp(tok, "ranksep") == 0) {
			if (set_num(v, &st->params.ranksep, 0.02, 10) < 0)
				return "ranksep must be a number of inches between 0.02 and 10";
		} else if (strcmp(tok, "nodesep") == 0) {
			if (set_num(v, &st->params.nodesep, 0.02, 10) < 0)
				return "nodesep must be a number of inches between 0.02 and 10";
		} else if (strcmp(tok, "splines") == 0) {
			static const char *const ok[] = { "spline", "polyline", "ortho", "line", NULL };
			size_t i;

			for (i = 0; ok[i] && strcmp(ok[i], v) != 0; i++)
				;
			if (!ok[i])
				return "splines must be spline, polyline, ortho or line";
			st->params.splines = ok[i];
		} else if (strcmp(tok, "ratio") == 0) {
			if (set_num(v, &st->params.ratio, 0, 10) < 0)
				return "ratio must be a number between 0 (off) and 10";
		} else if (strcmp(tok, "mclimit") == 0) {
			if (set_num(v, &d, 0, 100) < 0)
				return "mclimit must be a number between 0 and 100";
			st->params.mclimit = (int)d;
		} else if (strcmp(tok, "newrank") == 0 || strcmp(tok, "route") == 0 ||
				strcmp(tok, "join") == 0 || strcmp(tok, "docorder") == 0 ||
				strcmp(tok, "flat") == 0) {
			if (set_num(v, &d, 0, 1) < 0 || (d != 0 && d != 1))
				return "newrank, route, join, flat and docorder take 0 or 1";
			if (tok[0] == 'n')
				st->params.newrank = (int)d;
			else if (tok[0] == 'r')
				st->params.route = (int)d;
			else if (tok[0] == 'j')
				st->params.join = (int)d;
			else if (tok[0] == 'f')
				st->params.flat = (int)d;
			else
				st->doc_order = (int)d;
		} else {
			return "unknown layout setting (known: rankdir, ranksep, nodesep, splines, newrank, "
				"route, join, flat, ratio, mclimit, docorder)";
		}
	}
	return NULL;
}

static int usage(archdoc_context *ctx, const archdoc_model *m, const char *what, const char *why)
{
	archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "usage", archdoc__nowhere(archdoc_model_source(m)),
			"%s: %s", what, why);
	return ARCHDOC_EUSAGE;
}

int archdoc_diagram_render(char **out, size_t *out_len, archdoc_context *ctx,
		const archdoc_model *m, const archdoc_diagram_options *opts)
{
	static const char *const formats[] = { "svg", "png", "pdf", "dot" };
	const archdoc_diagram__engine *engine = &archdoc_diagram__graphviz;
	archdoc_diagram_options o = ARCHDOC_DIAGRAM_OPTIONS_INIT;
	archdoc_diagram__strategy st;
	archdoc_diagram__scene *s = NULL;
	const char *why;
	char *raw = NULL;
	size_t raw_len = 0;
	int rc;

	*out = NULL;
	*out_len = 0;
	if (opts) {
		if (opts->version != ARCHDOC_DIAGRAM_OPTIONS_VERSION)
			return usage(ctx, m, "diagram options", "unknown options version");
		o = *opts;
	}
	if ((unsigned)o.format > ARCHDOC_DIAGRAM_DOT)
		return usage(ctx, m, "format", "unknown format (known: svg, png, pdf, dot)");
	if ((unsigned)o.label > ARCHDOC_DIAGRAM_LABEL_NUMBER_PROTOCOL_PORT)
		return usage(ctx, m, "label", "unknown label detail");
	if (o.dpi == 0)
		o.dpi = 96;
	if (o.dpi < 18 || o.dpi > 1200)
		return usage(ctx, m, "dpi", "must be between 18 and 1200");
	why = archdoc_diagram_check_link_base(o.link_base);
	if (why)
		return usage(ctx, m, "link base", why);
	why = archdoc_diagram__strategy_parse(&st, o.layout);
	if (why)
		return usage(ctx, m, "layout", why);
	st.label = o.label;

	s = archdoc_diagram__scene_new();
	if (!s)
		return ARCHDOC_ENOMEM;
	s->dpi = o.dpi;
	s->background = (o.flags & ARCHDOC_DIAGRAM_TRANSPARENT) ? "transparent" : "#ffffff";
	rc = archdoc_diagram__build(s, m, &st);
	if (rc < 0)
		goto done;
	rc = engine->layout(ctx, s);
	if (rc < 0)
		goto done;
	if (st.params.route) {
		rc = archdoc_diagram__route(s, &st);
		if (rc < 0)
			goto done;
	}
	if (o.flags & ARCHDOC_DIAGRAM_LEGEND) {
		rc = archdoc_diagram__legend(ctx, engine, s, m);
		if (rc < 0)
			goto done;
	}
	archdoc_diagram__scene_bounds(s);
	if (o.format == ARCHDOC_DIAGRAM_PNG &&
			((s->x1 - s->x0) * o.dpi / 72.0 > MAX_PIXELS || (s->y1 - s->y0) * o.dpi / 72.0 > MAX_PIXELS)) {
		archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "limit", archdoc__nowhere(archdoc_model_source(m)),
				"the PNG would be %.0f x %.0f pixels, more than %.0f on a side; lower --dpi or use svg/pdf",
				(s->x1 - s->x0) * o.dpi / 72.0, (s->y1 - s->y0) * o.dpi / 72.0, MAX_PIXELS);
		rc = ARCHDOC_ELIMIT;
		goto done;
	}
	rc = engine->render(ctx, s, formats[o.format], &raw, &raw_len);
	if (rc < 0)
		goto done;
	if (o.format == ARCHDOC_DIAGRAM_SVG) {
		rc = archdoc_diagram__svg_finish(ctx, m, s, &o, raw, raw_len, out, out_len);
		free(raw);
		raw = NULL;
	} else {
		*out = raw;
		*out_len = raw_len;
		raw = NULL;
	}
done:
	free(raw);
	archdoc_diagram__scene_free(s);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*out_len = 0;
	}
	return rc;
}
