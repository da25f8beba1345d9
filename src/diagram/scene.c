#include "scene.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "array.h"

archdoc_diagram__scene *archdoc_diagram__scene_new(void)
{
	archdoc_diagram__scene *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->arena = archdoc_arena_new();
	if (!s->arena) {
		free(s);
		return NULL;
	}
	return s;
}

void archdoc_diagram__scene_free(archdoc_diagram__scene *s)
{
	if (!s)
		return;
	free(s->nodes);
	free(s->clusters);
	free(s->edges);
	archdoc_arena_free(s->arena);
	free(s);
}

static void *dup_array(const void *items, size_t count, size_t size)
{
	void *p = malloc(count ? count * size : 1);

	if (p && count)
		memcpy(p, items, count * size);
	return p;
}

archdoc_diagram__scene *archdoc_diagram__scene_borrow(const archdoc_diagram__scene *src)
{
	archdoc_diagram__scene *s = archdoc_diagram__scene_new();
	archdoc_arena *arena;

	if (!s)
		return NULL;
	arena = s->arena;
	*s = *src;
	s->arena = arena;
	s->nodes = dup_array(src->nodes, src->node_count, sizeof(*src->nodes));
	s->clusters = dup_array(src->clusters, src->cluster_count, sizeof(*src->clusters));
	s->edges = dup_array(src->edges, src->edge_count, sizeof(*src->edges));
	s->node_cap = src->node_count;
	s->cluster_cap = src->cluster_count;
	s->edge_cap = src->edge_count;
	if (!s->nodes || !s->clusters || !s->edges) {
		archdoc_diagram__scene_free(s);
		return NULL;
	}
	return s;
}

static int own(archdoc_diagram__scene *s, const char **field)
{
	if (!*field)
		return 0;
	*field = archdoc_arena_strdup(s->arena, *field);
	return *field ? 0 : -1;
}

int archdoc_diagram__scene_own_strings(archdoc_diagram__scene *s)
{
	int bad = own(s, &s->font);

	for (size_t i = 0; i < s->node_count; i++) {
		archdoc_diagram__node *n = &s->nodes[i];

		bad |= own(s, &n->name) | own(s, &n->svg_id) | own(s, &n->label) | own(s, &n->fill) |
			own(s, &n->stroke) | own(s, &n->text) | own(s, &n->font) | own(s, &n->group);
	}
	for (size_t i = 0; i < s->cluster_count; i++) {
		archdoc_diagram__cluster *c = &s->clusters[i];

		bad |= own(s, &c->name) | own(s, &c->svg_id) | own(s, &c->label) | own(s, &c->fill) |
			own(s, &c->stroke) | own(s, &c->text) | own(s, &c->font);
	}
	for (size_t i = 0; i < s->edge_count; i++) {
		archdoc_diagram__edge *e = &s->edges[i];

		bad |= own(s, &e->svg_id) | own(s, &e->color) | own(s, &e->label) | own(s, &e->font) |
			own(s, &e->tailport) | own(s, &e->headport);
	}
	return bad ? -1 : 0;
}

/* Grow an array by one zeroed element of size; index or -1. */
static int add(void **items, size_t *count, size_t *cap, size_t size)
{
	if (archdoc_array_reserve(items, cap, *count + 1, size, 16, (size_t)INT32_MAX) < 0)
		return -1;
	memset((char *)*items + *count * size, 0, size);
	return (int)(*count)++;
}

int archdoc_diagram__scene_add_node(archdoc_diagram__scene *s)
{
	int i = add((void **)&s->nodes, &s->node_count, &s->node_cap, sizeof(*s->nodes));

	if (i >= 0)
		s->nodes[i].cluster = -1;
	return i;
}

int archdoc_diagram__scene_add_cluster(archdoc_diagram__scene *s)
{
	int i = add((void **)&s->clusters, &s->cluster_count, &s->cluster_cap, sizeof(*s->clusters));

	if (i >= 0)
		s->clusters[i].parent = -1;
	return i;
}

int archdoc_diagram__scene_add_edge(archdoc_diagram__scene *s)
{
	return add((void **)&s->edges, &s->edge_count, &s->edge_cap, sizeof(*s->edges));
}

char *archdoc_diagram__strdup(archdoc_diagram__scene *s, const char *text)
{
	return archdoc_arena_strdup(s->arena, text);
}

char *archdoc_diagram__printf(archdoc_diagram__scene *s, const char *fmt, ...)
{
	archdoc_buf b = ARCHDOC_BUF_INIT;
	va_list ap;
	char *r = NULL;

	va_start(ap, fmt);
	archdoc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (!b.failed && b.ptr)
		r = archdoc_arena_strdup(s->arena, b.ptr);
	archdoc_buf_free(&b);
	return r;
}

int archdoc_diagram__edge_set_points(archdoc_diagram__scene *s, archdoc_diagram__edge *e,
		const archdoc_diagram__pt *pts, size_t n)
{
	archdoc_diagram__pt *copy = archdoc_arena_calloc(s->arena, n ? n : 1, sizeof(*copy));

	if (!copy)
		return -1;
	if (n)
		memcpy(copy, pts, n * sizeof(*copy));
	e->pts = copy;
	e->npts = n;
	return 0;
}

static void grow(archdoc_diagram__scene *s, double x0, double y0, double x1, double y1)
{
	if (x0 < s->x0) s->x0 = x0;
	if (y0 < s->y0) s->y0 = y0;
	if (x1 > s->x1) s->x1 = x1;
	if (y1 > s->y1) s->y1 = y1;
}

void archdoc_diagram__scene_bounds(archdoc_diagram__scene *s)
{
	s->x0 = s->y0 = HUGE_VAL;
	s->x1 = s->y1 = -HUGE_VAL;
	for (size_t i = 0; i < s->node_count; i++) {
		const archdoc_diagram__node *n = &s->nodes[i];

		if (n->style & ARCHDOC_STYLE_INVISIBLE)
			continue;
		grow(s, n->pos.x - n->w / 2, n->pos.y - n->h / 2, n->pos.x + n->w / 2, n->pos.y + n->h / 2);
	}
	for (size_t i = 0; i < s->cluster_count; i++) {
		const archdoc_diagram__cluster *c = &s->clusters[i];

		grow(s, c->x0, c->y0, c->x1, c->y1);
	}
	for (size_t i = 0; i < s->edge_count; i++) {
		const archdoc_diagram__edge *e = &s->edges[i];

		for (size_t k = 0; k < e->npts; k++)
			grow(s, e->pts[k].x, e->pts[k].y, e->pts[k].x, e->pts[k].y);
		if (e->has_label_pos)
			grow(s, e->label_pos.x - 10, e->label_pos.y - 8, e->label_pos.x + 10, e->label_pos.y + 8);
	}
	if (s->x0 > s->x1)
		s->x0 = s->y0 = s->x1 = s->y1 = 0;
}

static size_t utf8_chars(const char *t)
{
	size_t n = 0;

	for (; t && *t; t++)
		n += ((unsigned char)*t & 0xC0) != 0x80;
	return n;
}

double archdoc_diagram__title_width(const archdoc_diagram__cluster *c)
{
	double fs = c->font_size > 0 ? c->font_size : 14, est = 0.6 * fs * (double)utf8_chars(c->label);

	return c->label_w > est ? c->label_w : est;
}

void archdoc_diagram__title_box(const archdoc_diagram__cluster *c, double grow,
		archdoc_diagram__pt *lo, archdoc_diagram__pt *hi)
{
	double fs = c->font_size > 0 ? c->font_size : 14, w = archdoc_diagram__title_width(c);

	/* the text is centred on label_pos */
	lo->x = c->label_pos.x - w / 2 - grow;
	hi->x = c->label_pos.x + w / 2 + grow;
	lo->y = c->label_pos.y - 0.6 * fs - grow;
	hi->y = c->label_pos.y + 0.6 * fs + grow;
}
