/*
 * Fuzz target: load + validate a model from arbitrary bytes; when it loads,
 * write it back and load that again (the round trip must hold). The limit
 * on diagnostics comes from the input's size (none for a multiple of 7),
 * so the loader's keep-the-first-in-file-order path is fuzzed too: the
 * sink must never get more than the limit.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "archdoc/archdoc.h"
#include "fuzz.h"

typedef struct budget {
	size_t max, shown;
} budget;

static void budget_sink(const archdoc_diag *d, void *payload)
{
	budget *b = payload;

	fuzz_sink(d, NULL);
	/* counts come only under a limit, with an empty message */
	if (d->suppressed && (!b->max || *d->message))
		__builtin_trap();
	if (!d->suppressed && b->max && ++b->shown > b->max)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	archdoc_context *ctx = fuzz_context();
	archdoc_model *m = NULL, *again = NULL;
	char *xml = NULL;
	size_t len = 0;
	budget b = { size % 7, 0 };

	archdoc_context_set_max_diagnostics(ctx, b.max);
	archdoc_context_set_sink(ctx, budget_sink, &b);

	if (archdoc_model_load_buffer(&m, ctx, "fuzz.xml", (const char *)data, size) == 0) {
		if (archdoc_model_write_xml(&xml, &len, m) == 0) {
			if (archdoc_model_load_buffer(&again, ctx, "again.xml", xml, len) != 0)
				abort(); /* a model we wrote must load */
			if (archdoc_model_connection_count(again) != archdoc_model_connection_count(m) ||
					archdoc_model_component_count(again) != archdoc_model_component_count(m))
				abort();
		}
	}
	archdoc_free(xml);
	archdoc_model_free(again);
	archdoc_model_free(m);
	archdoc_context_set_sink(ctx, fuzz_sink, NULL);
	return 0;
}
