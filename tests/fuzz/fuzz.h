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

/*
 * Options for a target come from the bytes before the first '<' (at most
 * FUZZ_MAX_OPTIONS of them), so the fixtures (which start with '<') are
 * seeds as they are, and the fuzzer can still reach every option. Bytes
 * past the prefix are read as zero.
 */
#define FUZZ_MAX_OPTIONS 8

typedef struct fuzz_input {
	uint8_t opt[FUZZ_MAX_OPTIONS];
	const uint8_t *data;
	size_t size;
} fuzz_input;

static inline fuzz_input fuzz_split(const uint8_t *data, size_t size)
{
	fuzz_input in;
	size_t n = 0;

	for (size_t i = 0; i < FUZZ_MAX_OPTIONS; i++)
		in.opt[i] = 0;
	while (n < size && n < FUZZ_MAX_OPTIONS && data[n] != '<')
		n++;
	if (n == size || data[n] != '<')
		n = 0; /* no '<' close to the start: all of it is the document */
	for (size_t i = 0; i < n; i++)
		in.opt[i] = data[i];
	in.data = data + n;
	in.size = size - n;
	return in;
}

#endif
