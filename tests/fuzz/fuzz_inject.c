/*
 * Fuzz target: archdoc_inject_markdown on an arbitrary Markdown document,
 * with marker paths resolved against tests/fuzz/inject-models (a.xml:
 * valid and classified, b.xml: valid without classification and with its
 * own columns, bad.xml: has an error, sub/c.xml). The diagram callback
 * renders nothing: it checks its arguments and fails when the SVG path
 * holds "fail", so both of its outcomes are reached.
 *
 * Oracles: success and failure agree with the output pointer; a document
 * without "archdoc:" comes back byte for byte; injecting into the output
 * again succeeds and changes nothing (inject is idempotent); the path the
 * callback gets is the fixture folder, then only leading "../", then
 * plain names (src= was normalised and checked, never passed as written),
 * ending in .svg.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "archdoc/archdoc.h"
#include "fuzz.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

#ifndef FUZZ_INJECT_DIR
#error "FUZZ_INJECT_DIR must name the folder of fixture models"
#endif

static void check_svg_path(const char *path)
{
	size_t n = strlen(FUZZ_INJECT_DIR), len;
	const char *p = path + n + 1;

	CHECK(strncmp(path, FUZZ_INJECT_DIR, n) == 0 && path[n] == '/');
	while (strncmp(p, "../", 3) == 0)
		p += 3;
	for (;;) {
		const char *slash = strchr(p, '/');

		len = slash ? (size_t)(slash - p) : strlen(p);
		CHECK(len > 0);
		CHECK(!(len == 1 && p[0] == '.') && !(len == 2 && p[0] == '.' && p[1] == '.'));
		if (!slash)
			break;
		p = slash + 1;
	}
	CHECK(len > 4 && (p[len - 4] == '.'));
}

static int diagram(const archdoc_model *model, const char *svg_path, void *payload)
{
	CHECK(model && svg_path && payload);
	check_svg_path(svg_path);
	++*(unsigned *)payload;
	return strstr(svg_path, "fail") ? ARCHDOC_EIO : 0;
}

static int find(const uint8_t *data, size_t size, const char *what)
{
	size_t n = strlen(what);

	for (size_t i = 0; i + n <= size; i++)
		if (memcmp(data + i, what, n) == 0)
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	archdoc_context *ctx = fuzz_context();
	archdoc_inject_options o = ARCHDOC_INJECT_OPTIONS_INIT;
	unsigned calls = 0, calls2 = 0;
	char *out = NULL, *again = NULL;
	size_t len = 0, len2 = 0;
	int rc;

	o.diagram = diagram;
	o.payload = &calls;
	rc = archdoc_inject_markdown(&out, &len, ctx, "fuzz.md", FUZZ_INJECT_DIR, (const char *)data, size, &o);
	CHECK((rc == 0) == (out != NULL));
	if (rc != 0)
		return 0;
	if (!find(data, size, "archdoc:"))
		CHECK(len == size && memcmp(out, data, size) == 0);

	o.payload = &calls2;
	rc = archdoc_inject_markdown(&again, &len2, ctx, "fuzz.md", FUZZ_INJECT_DIR, out, len, &o);
	/* the output may exceed the fuzz context's size limit; else it must
	 * inject again to the same bytes with the same diagram calls */
	CHECK(rc == 0 || rc == ARCHDOC_ELIMIT);
	if (rc == 0) {
		CHECK(len2 == len && memcmp(out, again, len) == 0);
		CHECK(calls2 == calls);
	}
	archdoc_free(again);
	archdoc_free(out);
	return 0;
}
