#include "context.h"

#include <stdlib.h>

#include <libxml/parser.h>

#include "archdoc/errors.h"
#include "schema.h"
#include "timing.h"

int archdoc_context_new(archdoc_context **out, const archdoc_context_options *opts)
{
	archdoc_context *ctx;

	*out = NULL;
	if (opts && opts->version != ARCHDOC_CONTEXT_OPTIONS_VERSION)
		return ARCHDOC_EUSAGE;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return ARCHDOC_ENOMEM;
	xmlInitParser();
	ctx->max_file_size = ARCHDOC_DEFAULT_MAX_FILE_SIZE;
	ctx->max_depth = ARCHDOC_DEFAULT_MAX_DEPTH;
	ctx->max_elements = ARCHDOC_DEFAULT_MAX_ELEMENTS;
	ctx->jobs = 1;
	if (opts) {
		if (opts->max_file_size)
			ctx->max_file_size = opts->max_file_size;
		if (opts->max_depth)
			ctx->max_depth = opts->max_depth;
		if (opts->max_elements)
			ctx->max_elements = opts->max_elements;
		ctx->sink = opts->sink;
		ctx->sink_payload = opts->sink_payload;
	}
	/* libxml2's int-sized memory API caps what we can parse. */
	if (ctx->max_file_size > (size_t)0x7fffffff)
		ctx->max_file_size = 0x7fffffff;
	*out = ctx;
	return 0;
}

void archdoc_context_free(archdoc_context *ctx)
{
	if (!ctx)
		return;
	archdoc_schema__free(ctx->schema);
	archdoc_context__clear_extensions(ctx);
	free(ctx);
}

struct archdoc_context_extension {
	const void *key;
	void *value;
	archdoc_context_free_fn free_fn;
	struct archdoc_context_extension *next;
};

static struct archdoc_context_extension *find(const archdoc_context *ctx, const void *key)
{
	struct archdoc_context_extension *e;

	for (e = ctx->extensions; e; e = e->next)
		if (e->key == key)
			return e;
	return NULL;
}

void *archdoc_context__extension(const archdoc_context *ctx, const void *key)
{
	struct archdoc_context_extension *e = find(ctx, key);

	return e ? e->value : NULL;
}

int archdoc_context__set_extension(archdoc_context *ctx, const void *key, void *value,
		archdoc_context_free_fn free_fn)
{
	struct archdoc_context_extension *e = find(ctx, key);

	if (!e) {
		e = calloc(1, sizeof(*e));
		if (!e)
			return -1;
		e->key = key;
		e->next = ctx->extensions;
		ctx->extensions = e;
	} else if (e->free_fn && e->value != value) {
		e->free_fn(e->value);
	}
	e->value = value;
	e->free_fn = free_fn;
	return 0;
}

void archdoc_context__clear_extensions(archdoc_context *ctx)
{
	while (ctx->extensions) {
		struct archdoc_context_extension *e = ctx->extensions;

		ctx->extensions = e->next;
		if (e->free_fn)
			e->free_fn(e->value);
		free(e);
	}
}

void archdoc_context_set_sink(archdoc_context *ctx, archdoc_diag_fn sink, void *payload)
{
	ctx->sink = sink;
	ctx->sink_payload = payload;
}

void archdoc_context_set_jobs(archdoc_context *ctx, unsigned jobs)
{
	ctx->jobs = jobs ? jobs : 1;
}

void archdoc_context_set_max_diagnostics(archdoc_context *ctx, size_t max)
{
	ctx->max_diagnostics = max;
	ctx->diagnostics_given = 0;
}
