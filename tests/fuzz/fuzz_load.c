/*
 * Fuzz target: load + validate a model from arbitrary bytes; when it loads,
 * write it back and load that again (the round trip must hold).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "archdoc/archdoc.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	archdoc_context *ctx = fuzz_context();
	archdoc_model *m = NULL, *again = NULL;
	char *xml = NULL;
	size_t len = 0;

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
	return 0;
}
