#include "cache.h"

#include <stdlib.h>
#include <string.h>

#include "context.h"
#include "model.h"

#define CACHE_SLOTS 4

typedef struct layout_cache {
	cache_entry slot[CACHE_SLOTS];
	uint64_t clock;
} layout_cache;

static void cache_entry_clear(cache_entry *e)
{
	free(e->source);
	free(e->layout);
	free(e->chosen);
	archdoc_diagram__scene_free(e->scene);
	memset(e, 0, sizeof(*e));
}

static void cache_free(void *p)
{
	layout_cache *c = p;

	if (!c)
		return;
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		cache_entry_clear(&c->slot[i]);
	free(c);
}

/* The cache's key among the context's extensions. */
static const char cache_key = 0;

cache_entry *archdoc_diagram__cache_find(archdoc_context *ctx, const archdoc_model *m, const char *layout,
		int label, uint64_t hash)
{
	layout_cache *c = archdoc_context__extension(ctx, &cache_key);

	for (size_t i = 0; c && i < CACHE_SLOTS; i++) {
		cache_entry *e = &c->slot[i];

		if (e->scene && e->hash == hash && e->label == label && e->source_len == m->source.len &&
				strcmp(e->layout, layout) == 0 &&
				(!m->source.len || memcmp(e->source, m->source.data, m->source.len) == 0)) {
			e->used = ++c->clock;
			return e;
		}
	}
	return NULL;
}

int archdoc_diagram__cache_put(archdoc_context *ctx, const archdoc_model *m, const char *layout, int label,
		uint64_t hash, archdoc_diagram__scene *s, char *chosen)
{
	layout_cache *c = archdoc_context__extension(ctx, &cache_key);
	cache_entry *e = NULL, fresh = { 0 };

	/* the scene points into the model (titles, ...): the cache outlives it */
	if (archdoc_diagram__scene_own_strings(s) < 0)
		return -1;
	if (!c) {
		c = calloc(1, sizeof(*c));
		if (!c)
			return -1;
		if (archdoc_context__set_extension(ctx, &cache_key, c, cache_free) < 0) {
			free(c);
			return -1;
		}
	}
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		if (!e || (e->scene && (!c->slot[i].scene || c->slot[i].used < e->used)))
			e = &c->slot[i];
	fresh.source = malloc(m->source.len ? m->source.len : 1);
	fresh.layout = strdup(layout);
	if (!fresh.source || !fresh.layout) {
		free(fresh.source);
		free(fresh.layout);
		return -1;
	}
	if (m->source.len)
		memcpy(fresh.source, m->source.data, m->source.len);
	fresh.source_len = m->source.len;
	fresh.hash = hash;
	fresh.label = label;
	fresh.scene = s;
	fresh.chosen = chosen;
	fresh.used = ++c->clock;
	cache_entry_clear(e);
	*e = fresh;
	return 0;
}

