/*
 * Shared by the fuzz targets: one context per process (as the program uses
 * it), diagnostics swallowed, limits small enough that each input runs fast.
 */
#ifndef ARCHDOC_FUZZ_H
#define ARCHDOC_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "archdoc/archdoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void fuzz_sink(const archdoc_diag *d, void *payload)
{
	/* every diagnostic must be complete, whatever the input */
	if (!d->rule || !d->message || !*d->rule)
		__builtin_trap();
	(void)payload;
}

static inline archdoc_context *fuzz_context(void)
{
	static archdoc_context *ctx;

	if (!ctx) {
		archdoc_context_options o = ARCHDOC_CONTEXT_OPTIONS_INIT;

		o.sink = fuzz_sink;
		o.max_file_size = 1 << 20;
		o.max_elements = 20000;
		if (archdoc_context_new(&ctx, &o) != 0)
			__builtin_trap();
	}
	return ctx;
}

#endif
