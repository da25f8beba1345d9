/*
 * The layout text's grammar (docs/diagram.md, "Layout"): a strategy word,
 * then comma-separated KEY=VALUE settings, each checked against its range
 * here so that check reports a bad pin where the model writes it.
 */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "num.h"

static int number(const char *v, double *out, double lo, double hi)
{
	const char *p = v;

	if (archdoc_num_parse(&p, out) < 0 || *p || *out < lo || *out > hi)
		return -1;
	return 0;
}

static const char *strategy(archdoc_layout_spec *sp, const char *word)
{
	if (strcmp(word, "badges") == 0)
		sp->strategy = ARCHDOC_LAYOUT_BADGES;
	else if (strcmp(word, "labels") == 0)
		sp->strategy = ARCHDOC_LAYOUT_LABELS;
	else if (strcmp(word, "large") == 0)
		sp->strategy = ARCHDOC_LAYOUT_LARGE;
	else
		return "unknown layout strategy (known: badges, labels, large)";
	return NULL;
}

/* rows=: ids separated by spaces, ranks by '/', no empty rank */
static const char *rows(const char *v)
{
	char id[ARCHDOC_MAX_ID_LENGTH + 2];
	size_t n = 0;
	int in_rank = 0;

	for (const char *p = v;; p++) {
		if (*p && *p != ' ' && *p != '/') {
			if (n > ARCHDOC_MAX_ID_LENGTH)
				return "rows: an id is too long";
			id[n++] = *p;
			continue;
		}
		if (n) {
			id[n] = '\0';
			if (!archdoc_id_valid(id))
				return "rows: ids start with a letter, then letters, digits, '-' or '_'";
			in_rank = 1;
			n = 0;
		}
		if (*p == '/' || !*p) {
			if (!in_rank)
				return "rows: a rank (between '/') names no component";
			in_rank = 0;
		}
		if (!*p)
			return NULL;
	}
}

/* One KEY=VALUE setting. */
static const char *setting(archdoc_layout_spec *sp, const char *key, const char *v)
{
	double d;

	if (strcmp(key, "rows") == 0) {
		const char *why = rows(v);

		if (why)
			return why;
		sp->rows_len = strlen(v);
		sp->set |= ARCHDOC_LAYOUT_SET_ROWS;
	} else if (strcmp(key, "shape") == 0) {
		char *end;

		if (strlen(v) != 16 || strspn(v, "0123456789abcdef") != 16)
			return "shape must be 16 lowercase hexadecimal digits";
		sp->shape = strtoull(v, &end, 16);
		sp->set |= ARCHDOC_LAYOUT_SET_SHAPE;
	} else if (strcmp(key, "rankdir") == 0) {
		if (strcmp(v, "TB") == 0)
			sp->rankdir_lr = 0;
		else if (strcmp(v, "LR") == 0)
			sp->rankdir_lr = 1;
		else
			return "rankdir must be TB or LR";
		sp->set |= ARCHDOC_LAYOUT_SET_RANKDIR;
	} else if (strcmp(key, "ranksep") == 0) {
		if (number(v, &sp->ranksep, 0.02, 10) < 0)
			return "ranksep must be a number of inches between 0.02 and 10";
		sp->set |= ARCHDOC_LAYOUT_SET_RANKSEP;
	} else if (strcmp(key, "nodesep") == 0) {
		if (number(v, &sp->nodesep, 0.02, 10) < 0)
			return "nodesep must be a number of inches between 0.02 and 10";
		sp->set |= ARCHDOC_LAYOUT_SET_NODESEP;
	} else if (strcmp(key, "splines") == 0) {
		/* no ortho: Graphviz 2.42's orthogonal router fails an
		 * assertion (maze.c) on clustered graphs and aborts the process */
		static const char *const ok[] = { "spline", "polyline", "line", NULL };
		size_t i;

		for (i = 0; ok[i] && strcmp(ok[i], v) != 0; i++)
			;
		if (!ok[i])
			return "splines must be spline, polyline or line (ortho is not offered: "
				"Graphviz 2.42's orthogonal router aborts on nested boundaries)";
		sp->splines = ok[i];
		sp->set |= ARCHDOC_LAYOUT_SET_SPLINES;
	} else if (strcmp(key, "ratio") == 0) {
		if (number(v, &sp->ratio, 0, 10) < 0)
			return "ratio must be a number between 0 (off) and 10";
		sp->set |= ARCHDOC_LAYOUT_SET_RATIO;
	} else if (strcmp(key, "mclimit") == 0) {
		if (number(v, &d, 0, 100) < 0)
			return "mclimit must be a number between 0 and 100";
		sp->mclimit = (int)d;
		sp->set |= ARCHDOC_LAYOUT_SET_MCLIMIT;
	} else if (strcmp(key, "newrank") == 0 || strcmp(key, "route") == 0 ||
			strcmp(key, "join") == 0 || strcmp(key, "flat") == 0) {
		if (number(v, &d, 0, 1) < 0 || (d != 0 && d != 1))
			return "newrank, route, join and flat take 0 or 1";
		if (key[0] == 'n')
			sp->newrank = (int)d, sp->set |= ARCHDOC_LAYOUT_SET_NEWRANK;
		else if (key[0] == 'r')
			sp->route = (int)d, sp->set |= ARCHDOC_LAYOUT_SET_ROUTE;
		else if (key[0] == 'j')
			sp->join = (int)d, sp->set |= ARCHDOC_LAYOUT_SET_JOIN;
		else
			sp->flat = (int)d, sp->set |= ARCHDOC_LAYOUT_SET_FLAT;
	} else if (strcmp(key, "flip") == 0) {
		if (number(v, &d, 0, 1) < 0 || (d != 0 && d != 1))
			return "flip takes 0 or 1";
		sp->flip = (int)d;
		sp->set |= ARCHDOC_LAYOUT_SET_FLIP;
	} else if (strcmp(key, "order") == 0) {
		if (number(v, &d, 0, 1000) < 0 || d != (int)d)
			return "order takes a whole number from 0 to 1000";
		sp->order = (int)d;
		sp->set |= ARCHDOC_LAYOUT_SET_ORDER;
	} else {
		return "unknown layout setting (known: rankdir, ranksep, nodesep, splines, newrank, "
			"route, join, flat, flip, ratio, mclimit, order, shape, rows)";
	}
	return NULL;
}

const char *archdoc_layout_parse(archdoc_layout_spec *sp, const char *text)
{
	char *buf, *save = NULL, *tok;
	const char *why = NULL;
	size_t len;
	int first = 1;

	memset(sp, 0, sizeof(*sp));
	if (!text || !*text)
		return NULL;
	len = strlen(text);
	if (len > ARCHDOC_LAYOUT_MAX_TEXT)
		return "the layout text is too long";
	buf = malloc(len + 1);
	if (!buf)
		return "out of memory";
	memcpy(buf, text, len + 1);
	for (tok = strtok_r(buf, ",", &save); tok && !why; tok = strtok_r(NULL, ",", &save), first = 0) {
		char *eq = strchr(tok, '=');

		if (first && !eq)
			why = strategy(sp, tok);
		else if (!eq)
			why = "layout tuning must be KEY=VALUE";
		else {
			*eq = '\0';
			why = setting(sp, tok, eq + 1);
			if (!why && strcmp(tok, "rows") == 0)
				sp->rows_at = (size_t)(eq + 1 - buf);
		}
	}
	free(buf);
	return why;
}
