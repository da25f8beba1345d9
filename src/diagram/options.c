/*
 * The diagram's options: their defaults, the names the command line uses,
 * the link base check, and a layout text (model/layout.c reads it) turned
 * into the strategy the search starts from.
 */
#include <string.h>

#include "diagram.h"
#include "layout.h"

void archdoc_diagram_options_init(archdoc_diagram_options *opts)
{
	archdoc_diagram_options d = ARCHDOC_DIAGRAM_OPTIONS_INIT;

	*opts = d;
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

void archdoc_diagram__strategy_large(archdoc_diagram__strategy *st)
{
	st->badges = 1;
	st->large = 1;
	st->params.pack = 1;
	st->params.flat = 0;
	st->params.newrank = 0;
	st->params.route = 1;
	st->params.join = 0;
	st->fixed_flat = st->fixed_rankdir = st->fixed_ratio = st->fixed_order = 1;
}

const char *archdoc_diagram__strategy_parse(archdoc_diagram__strategy *st, const char *text)
{
	archdoc_layout_spec sp;
	const char *why = archdoc_layout_parse(&sp, text);

	memset(st, 0, sizeof(*st));
	st->badges = 1;
	st->params.newrank = 1;
	st->params.route = 1;
	st->params.join = 1;
	st->params.flat = 1;
	st->params.ratio = 0;
	st->params.ranksep = 0.3;
	st->params.nodesep = 0.3;
	st->params.splines = "spline";
	if (why)
		return why;
	if (sp.strategy == ARCHDOC_LAYOUT_LABELS) {
		st->badges = 0;
		st->params.route = 0;
		st->params.join = 0;
		st->params.flat = 0;
		st->fixed_flat = st->fixed_rankdir = st->fixed_ratio = st->fixed_order = st->fixed_ranksep = 1;
		st->params.ranksep = 0.5;
		st->params.nodesep = 0.25;
	} else if (sp.strategy == ARCHDOC_LAYOUT_LARGE) {
		archdoc_diagram__strategy_large(st);
	}
	/* the settings after the strategy word: each one fixes what it names */
	if (sp.set & ARCHDOC_LAYOUT_SET_RANKDIR)
		st->fixed_rankdir = 1, st->params.rankdir_lr = sp.rankdir_lr;
	if (sp.set & ARCHDOC_LAYOUT_SET_RANKSEP)
		st->params.ranksep = sp.ranksep, st->fixed_ranksep = 1;
	if (sp.set & ARCHDOC_LAYOUT_SET_NODESEP)
		st->params.nodesep = sp.nodesep;
	if (sp.set & ARCHDOC_LAYOUT_SET_SPLINES)
		st->params.splines = sp.splines;
	if (sp.set & ARCHDOC_LAYOUT_SET_RATIO)
		st->fixed_ratio = 1, st->params.ratio = sp.ratio;
	if (sp.set & ARCHDOC_LAYOUT_SET_MCLIMIT)
		st->params.mclimit = sp.mclimit;
	if (sp.set & ARCHDOC_LAYOUT_SET_NEWRANK)
		st->params.newrank = sp.newrank;
	if (sp.set & ARCHDOC_LAYOUT_SET_ROUTE)
		st->params.route = sp.route;
	if (sp.set & ARCHDOC_LAYOUT_SET_JOIN)
		st->params.join = sp.join;
	if (sp.set & ARCHDOC_LAYOUT_SET_FLAT)
		st->params.flat = sp.flat, st->fixed_flat = 1;
	if (sp.set & ARCHDOC_LAYOUT_SET_FLIP)
		st->flip = sp.flip, st->fixed_flip = 1;
	if (sp.set & ARCHDOC_LAYOUT_SET_ORDER)
		st->order = sp.order, st->fixed_order = 1;
	if (sp.set & ARCHDOC_LAYOUT_SET_ROWS)
		st->rows = text + sp.rows_at, st->rows_len = sp.rows_len;
	if (sp.set & ARCHDOC_LAYOUT_SET_SHAPE)
		st->shape = sp.shape, st->has_shape = 1;
	return NULL;
}

const char *archdoc_diagram_check_layout(const char *layout)
{
	archdoc_diagram__strategy st;

	return archdoc_diagram__strategy_parse(&st, layout);
}

