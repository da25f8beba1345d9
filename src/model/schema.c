#include "schema.h"

#include <string.h>

#include <libxml/relaxng.h>

#include "xml_compat.h"

typedef struct {
	archdoc_schema_error_fn fn;
	void *payload;
} reporter;

static void on_error(void *data, ARCHDOC_XML_ERROR_T err)
{
	reporter *r = data;
	char line[512];
	size_t n;

	if (!err || !err->message)
		return;
	n = strlen(err->message);
	if (n >= sizeof(line))
		n = sizeof(line) - 1;
	memcpy(line, err->message, n);
	line[n] = '\0';
	/* libxml2 ends messages with a newline */
	while (n && (line[n - 1] == '\n' || line[n - 1] == ' '))
		line[--n] = '\0';
	r->fn(r->payload, (xmlNodePtr)err->node, line);
}

static void ignore_error(void *data, ARCHDOC_XML_ERROR_T err)
{
	(void)data;
	(void)err;
}

int archdoc_schema__validate(void **schema, xmlDocPtr doc, archdoc_schema_error_fn fn, void *payload)
{
	xmlRelaxNGValidCtxtPtr vctx;
	reporter r = { fn, payload };
	int rc;

	if (!*schema) {
		xmlRelaxNGParserCtxtPtr pctx = xmlRelaxNGNewMemParserCtxt(archdoc_schema_rng, (int)archdoc_schema_rng_len);

		if (!pctx)
			return -1;
		xmlRelaxNGSetParserStructuredErrors(pctx, ignore_error, NULL);
		*schema = xmlRelaxNGParse(pctx);
		xmlRelaxNGFreeParserCtxt(pctx);
		if (!*schema)
			return -1;
	}
	vctx = xmlRelaxNGNewValidCtxt(*schema);
	if (!vctx)
		return -1;
	xmlRelaxNGSetValidStructuredErrors(vctx, on_error, &r);
	rc = xmlRelaxNGValidateDoc(vctx, doc);
	xmlRelaxNGFreeValidCtxt(vctx);
	if (rc < 0)
		return -1;
	return rc == 0 ? 0 : 1;
}

void archdoc_schema__free(void *schema)
{
	if (schema)
		xmlRelaxNGFree(schema);
}
