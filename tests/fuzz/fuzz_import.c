/*
 * Fuzz target: import a connections table (Markdown, HTML or CSV) from
 * arbitrary bytes. The first byte chooses (bits 0-1) the reader: 0
 * Markdown, 1 HTML, 2 CSV, 3 the reader the name's extension picks (the
 * name cycles through .md, .html, .csv with bits 5-6); bits 2-4 the table
 * number (0: the first that looks like a connections table, 7: all of
 * them); bit 7 asks, with all, for one boundary per table, else for
 * --fill-down none,protocol and a --map. The rest is the table. Seeds: tests/fuzz/seeds/import (the import fixtures, each
 * with its first byte).
 *
 * Oracles: success and failure agree with the output pointer and the
 * result; a model import writes loads again (warnings allowed) with the
 * connections and components the result reports, and renders as a
 * Markdown table; importing twice gives the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "archdoc/archdoc.h"
#include "fuzz.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "fuzz.md", "fuzz.html", "fuzz.csv", "fuzz.md" };
	archdoc_context *ctx = fuzz_context();
	archdoc_import_options o = ARCHDOC_IMPORT_OPTIONS_INIT;
	archdoc_import_result r, r2;
	archdoc_model *m = NULL;
	char *out = NULL, *again = NULL, *table = NULL;
	size_t len = 0, len2 = 0;
	const char *name;
	int rc;

	if (size < 1)
		return 0;
	switch (data[0] & 3u) {
	case 0: o.format = ARCHDOC_IMPORT_MARKDOWN; break;
	case 1: o.format = ARCHDOC_IMPORT_HTML; break;
	case 2: o.format = ARCHDOC_IMPORT_CSV; break;
	default: o.format = ARCHDOC_IMPORT_AUTO; break;
	}
	o.table = (data[0] >> 2) & 7u;
	if (o.table == 7) {
		o.table = ARCHDOC_IMPORT_TABLE_ALL;
		o.table_boundaries = data[0] >> 7;
	} else if (data[0] >> 7) {
		o.fill_down = "none,protocol";
		o.map = "Type=protocol,Node=destination,Owner=ignore,Links=what";
	}
	name = names[(data[0] >> 5) & 3u];
	memset(&r, 0xa5, sizeof(r));
	rc = archdoc_import_buffer(&out, &len, &r, ctx, name, (const char *)data + 1, size - 1, &o);
	CHECK((rc == 0) == (out != NULL));
	if (rc != 0)
		return 0;
	CHECK(strlen(out) == len);
	CHECK(r.connections > 0 && r.components >= r.placeholders);
	CHECK(o.table == ARCHDOC_IMPORT_TABLE_ALL ? r.table == 0 : r.table >= 1);
	CHECK(o.table == 0 || o.table == ARCHDOC_IMPORT_TABLE_ALL || r.table == o.table);

	CHECK(archdoc_import_buffer(&again, &len2, &r2, ctx, name, (const char *)data + 1, size - 1, &o) == 0);
	CHECK(len2 == len && memcmp(out, again, len) == 0);

	rc = archdoc_model_load_buffer(&m, ctx, "imported.xml", out, len);
	/* the fuzz context's limits are small: a large import may exceed them */
	CHECK(rc == 0 || rc == ARCHDOC_ELIMIT);
	if (rc == 0) {
		archdoc_table_options t = ARCHDOC_TABLE_OPTIONS_INIT;

		CHECK(archdoc_model_connection_count(m) == r.connections);
		CHECK(archdoc_model_component_count(m) == r.components);
		CHECK(archdoc_table_render(&table, NULL, ctx, m, &t) == 0);
	}
	archdoc_free(table);
	archdoc_model_free(m);
	archdoc_free(again);
	archdoc_free(out);
	return 0;
}
