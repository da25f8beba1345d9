/*
 * Loading a model: read the bytes ourselves (size limit, UTF-8 check), parse
 * them with libxml2 under safe options while recording where each element
 * starts (xml_parse.c), check the structure (xml_structure.c), validate
 * against the RELAX NG schema, build the model (xml_build.c) and hand it to
 * the semantic validator (validate.c).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "archdoc/errors.h"
#include "file.h"
#include "schema.h"
#include "timing.h"
#include "xml_load.h"

/* --- schema backstop --------------------------------------------------------- */

static void on_schema_error(void *payload, xmlNodePtr node, const char *message)
{
	archdoc_loader *L = payload;

	archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "schema", node_offset(node),
			"does not match the model schema (model/archdoc.rng): %s", message);
}

/* --- entry points --------------------------------------------------------------- */

static int load(archdoc_model **out, archdoc_context *ctx, const char *name, char *data, size_t len)
{
	archdoc_loader L;
	archdoc_model *m;
	xmlDocPtr doc = NULL;
	xmlNode *root;
	size_t bad;
	uint64_t t0;
	int rc = 0;

	*out = NULL;
	m = archdoc_model__new();
	if (!m) {
		free(data);
		return ARCHDOC_ENOMEM;
	}
	archdoc_loader__init(&L, ctx, m);
	if (archdoc_source_init(&m->source, name, data, len) < 0) {
		archdoc_model_free(m);
		return ARCHDOC_ENOMEM;
	}

	/* Our own UTF-8 check first: it gives the exact byte position, and it
	 * keeps a wrong encoding declaration from reinterpreting the bytes. */
	if (len >= 2 && (((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) ||
			((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF))) {
		archdoc_loader__report(&L, ARCHDOC_SEVERITY_ERROR, "encoding", 0,
				"the model is UTF-16; save it as UTF-8");
		goto done;
	}
	bad = archdoc_utf8_invalid_at(data, len);
	if (bad != (size_t)-1) {
		if (data[bad] == '\0')
			archdoc_loader__report(&L, ARCHDOC_SEVERITY_ERROR, "encoding", bad,
					"NUL byte in the model; models are UTF-8 text");
		else
			archdoc_loader__report(&L, ARCHDOC_SEVERITY_ERROR, "encoding", bad,
					"invalid UTF-8 (byte 0x%02X); save the model as UTF-8",
					(unsigned)(unsigned char)data[bad]);
		goto done;
	}

	if (len == 0) {
		archdoc_loader__report(&L, ARCHDOC_SEVERITY_ERROR, "syntax", 0,
				"the model is empty; it needs an <architecture xmlns=\"%s\"> element", NS);
		goto done;
	}
	t0 = archdoc__clock_ns();
	doc = archdoc_xml__parse(&L);
	archdoc__phase_add(ctx, ARCHDOC_PHASE_PARSE, t0);
	if (!doc)
		goto done;
	root = xmlDocGetRootElement(doc);
	if (!root || !xmlStrEqual(root->name, BAD_CAST "architecture") || !in_ns(root)) {
		archdoc_loader__report(&L, ARCHDOC_SEVERITY_ERROR, "schema", node_offset(root),
				"the root element must be <architecture xmlns=\"%s\">", NS);
		goto done;
	}
	t0 = archdoc__clock_ns();
	if (archdoc_xml__check(&L, root) == 0) {
		int v = archdoc_schema__validate(&ctx->schema, doc, on_schema_error, &L);

		if (v < 0) {
			L.oom = 1;
			goto done;
		}
	}
	archdoc__phase_add(ctx, ARCHDOC_PHASE_SCHEMA, t0);
	t0 = archdoc__clock_ns();

	archdoc_xml__build(&L, root);
	archdoc__phase_add(ctx, ARCHDOC_PHASE_BUILD, t0);
	if (L.oom)
		goto done;
	t0 = archdoc__clock_ns();
	archdoc_validate__model(&L);
	archdoc__phase_add(ctx, ARCHDOC_PHASE_VALIDATE, t0);

done:
	xmlFreeDoc(doc);
	archdoc_loader__finish(&L);
	if (L.oom)
		rc = ARCHDOC_ENOMEM;
	else if (L.q.errors)
		rc = ARCHDOC_EINVALID;
	if (rc) {
		archdoc_model_free(m);
		return rc;
	}
	*out = m;
	return 0;
}

int archdoc_model_load_buffer(archdoc_model **out, archdoc_context *ctx, const char *name,
		const char *data, size_t len)
{
	char *copy;
	int rc;

	*out = NULL;
	if (!name)
		name = "<memory>";
	copy = archdoc_source_copy_input(ctx, "model", name, data, len, &rc);
	return copy ? load(out, ctx, name, copy, len) : rc;
}

int archdoc_model__load_path(archdoc_model **out, archdoc_context *ctx, const char *path, unsigned flags,
		int *not_regular)
{
	char *data = NULL;
	size_t len = 0;
	int rc, is_stdin = (flags & ARCHDOC_FILE_STDIN) && strcmp(path, "-") == 0;
	uint64_t t0;

	*out = NULL;
	t0 = archdoc__clock_ns();
	/* the caller asked for a regular file: it says what is not one */
	rc = archdoc_source_read_input(ctx, "model", path, path, flags, &data, &len, not_regular);
	archdoc__phase_add(ctx, ARCHDOC_PHASE_READ, t0);
	return rc ? rc : load(out, ctx, is_stdin ? "<stdin>" : path, data, len);
}

int archdoc_model_load_file(archdoc_model **out, archdoc_context *ctx, const char *path)
{
	return archdoc_model__load_path(out, ctx, path, ARCHDOC_FILE_STDIN, NULL);
}
