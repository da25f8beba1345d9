/*
 * A pin that holds (docs/layout.md, "What a pin keeps"): the example pins
 * its layout with rows=; adding a connection, removing one or changing one
 * keeps every component on its rank and in its order. Positions are read
 * from the SVG (each component's label), the way a reader sees them: two
 * components on one rank stay on one rank in the same order; two on
 * different ranks keep which one is above.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archdoc/archdoc.h"
#include "harness.h"

#define MAX_COMPONENTS 64

typedef struct spot {
	char id[64];
	double x, y;
} spot;

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
			(p = malloc((size_t)n + 1)) && fread(p, 1, (size_t)n, f) == (size_t)n) {
		p[n] = '\0';
		*len = (size_t)n;
	} else {
		free(p);
		p = NULL;
	}
	fclose(f);
	return p;
}

/* Each component group's id and its label's position. */
static size_t spots(const char *svg, spot *out)
{
	static const char mark[] = "-component-";
	size_t n = 0;

	for (const char *p = strstr(svg, "<g id=\""); p && n < MAX_COMPONENTS; p = strstr(p + 1, "<g id=\"")) {
		const char *id = strstr(p, mark), *end = strchr(p + 7, '"'), *text;
		size_t len;

		if (!id || !end || id > end || !strstr(p, "class=\"component\"") ||
				strstr(p, "class=\"component\"") > strchr(p, '>'))
			continue;
		id += sizeof(mark) - 1;
		len = (size_t)(end - id);
		text = strstr(p, "<text ");
		if (len >= sizeof(out[n].id) || !text)
			continue;
		memcpy(out[n].id, id, len);
		out[n].id[len] = '\0';
		if (sscanf(strstr(text, " x=\"") + 4, "%lf", &out[n].x) != 1 ||
				sscanf(strstr(text, " y=\"") + 4, "%lf", &out[n].y) != 1)
			continue;
		n++;
	}
	return n;
}

static char *render(archdoc_context *ctx, const char *name, const char *xml, size_t len)
{
	archdoc_diagram_options o = ARCHDOC_DIAGRAM_OPTIONS_INIT;
	archdoc_model *m = NULL;
	char *svg = NULL;
	size_t svg_len = 0;

	if (archdoc_model_load_buffer(&m, ctx, name, xml, len) != 0)
		return NULL;
	o.flags |= ARCHDOC_DIAGRAM_NO_TITLE;
	if (archdoc_diagram_render(&svg, &svg_len, ctx, m, &o) != 0)
		svg = NULL;
	archdoc_model_free(m);
	return svg;
}

/* Pairs of components whose rank or order changed between a and b. */
static unsigned moved(const spot *a, size_t na, const spot *b, size_t nb, const char *what)
{
	unsigned bad = 0;

	for (size_t i = 0; i < na; i++)
		for (size_t j = i + 1; j < na; j++) {
			const spot *bi = NULL, *bj = NULL;
			int same_a = fabs(a[i].y - a[j].y) < 1, same_b;

			for (size_t k = 0; k < nb; k++) {
				if (strcmp(b[k].id, a[i].id) == 0)
					bi = &b[k];
				if (strcmp(b[k].id, a[j].id) == 0)
					bj = &b[k];
			}
			if (!bi || !bj)
				continue;
			same_b = fabs(bi->y - bj->y) < 1;
			if (same_a != same_b || (same_a && (a[i].x < a[j].x) != (bi->x < bj->x)) ||
					(!same_a && (a[i].y < a[j].y) != (bi->y < bj->y))) {
				fprintf(stderr, "%s: %s and %s changed places\n", what, a[i].id, a[j].id);
				bad++;
			}
		}
	return bad;
}

static char *with(const char *xml, const char *find, const char *replace)
{
	const char *at = strstr(xml, find);
	size_t n = strlen(xml), fl = strlen(find), rl = strlen(replace);
	char *out;

	if (!at || !(out = malloc(n - fl + rl + 1)))
		return NULL;
	memcpy(out, xml, (size_t)(at - xml));
	memcpy(out + (at - xml), replace, rl);
	memcpy(out + (at - xml) + rl, at + fl, n - (size_t)(at - xml) - fl + 1);
	return out;
}

/* Remove the line holding connection n="N". */
static char *without(const char *xml, const char *number)
{
	char key[32];
	const char *at, *start, *end;
	char *out;
	size_t n = strlen(xml);

	snprintf(key, sizeof(key), "<connection n=\"%s\"", number);
	at = strstr(xml, key);
	if (!at)
		return NULL;
	for (start = at; start > xml && start[-1] != '\n'; start--)
		;
	end = strchr(at, '\n');
	end = end ? end + 1 : xml + n;
	out = malloc(n + 1);
	if (!out)
		return NULL;
	memcpy(out, xml, (size_t)(start - xml));
	memcpy(out + (start - xml), end, n - (size_t)(end - xml) + 1);
	return out;
}

int main(int argc, char **argv)
{
	static const char *const added[] = {
		"<connection n=\"28\" from=\"internet\" to=\"dcu\" protocol=\"HTTPS\" port=\"443\">New.</connection>",
		"<connection n=\"28\" from=\"ixn\" to=\"permissions\" protocol=\"TCP\" port=\"1\">New.</connection>",
		"<connection n=\"28\" from=\"redis\" to=\"auth\" protocol=\"TCP\" port=\"9\">New.</connection>",
		"<connection n=\"28\" from=\"init\" to=\"pulse-rs\" protocol=\"TCP\" port=\"9\">New.</connection>",
		"<connection n=\"28\" from=\"auth\" to=\"sip-vq\" protocol=\"TCP\" port=\"9\">New.</connection>",
	};
	static const char *const removed[] = { "3", "10", "17", "21", "25" };   /* 20 and 26: see docs/layout.md */
	archdoc_context_options co = ARCHDOC_CONTEXT_OPTIONS_INIT;
	archdoc_context *ctx = NULL;
	spot base[MAX_COMPONENTS], now[MAX_COMPONENTS];
	size_t len = 0, nbase;
	char *xml, *svg;

	OK(argc == 2);
	co.sink = NULL;
	OK(archdoc_context_new(&ctx, &co) == 0);
	xml = slurp(argv[1], &len);
	OK(xml != NULL);
	OK(strstr(xml, ",rows=") != NULL);   /* the example pins its rows */
	svg = render(ctx, "example", xml, len);
	OK(svg != NULL);
	nbase = spots(svg, base);
	INT_EQ(nbase, 19);
	free(svg);
	for (size_t i = 0; i < sizeof(added) / sizeof(added[0]) + sizeof(removed) / sizeof(removed[0]) + 1; i++) {
		char *changed, what[160];
		size_t nnow;

		if (i < sizeof(added) / sizeof(added[0])) {
			char tail[400];

			/* after the last connection: the views come last */
			snprintf(tail, sizeof(tail), "%s\n  <view id=\"edge\"", added[i]);
			changed = with(xml, "<view id=\"edge\"", tail);
			snprintf(what, sizeof(what), "adding %.100s", added[i] + 15);
		} else if (i < sizeof(added) / sizeof(added[0]) + sizeof(removed) / sizeof(removed[0])) {
			const char *n = removed[i - sizeof(added) / sizeof(added[0])];

			changed = without(xml, n);
			snprintf(what, sizeof(what), "removing connection %s", n);
		} else {
			/* a new protocol changes the layout's shape only with
			 * number+protocol: the text of connection 3 changes */
			changed = with(xml, "stores current and historical", "keeps current and past");
			snprintf(what, sizeof(what), "changing a connection's text");
		}
		OK(changed != NULL);
		if (!changed)
			continue;
		svg = render(ctx, "changed", changed, strlen(changed));
		OK(svg != NULL);
		if (svg) {
			nnow = spots(svg, now);
			OK(nnow >= nbase - 1);
			INT_EQ(moved(base, nbase, now, nnow, what), 0);
		}
		free(svg);
		free(changed);
	}
	free(xml);
	archdoc_context_free(ctx);
	return harness_done();
}
