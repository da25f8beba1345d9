/*
 * Parsing a model with libxml2 from the bytes archdoc read itself, under
 * safe options (no network, no DTD, no entities), recording where each
 * element starts and counting depth and elements against the limits.
 */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "xml_compat.h"
#include "xml_load.h"

/* --- reporting --------------------------------------------------------- */

#ifdef __GNUC__
__attribute__((format(printf, 6, 7)))
#endif
static void report_at(archdoc_loader *L, archdoc_severity sev, const char *rule,
		unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	archdoc_diag_queue_add(&L->q, sev, rule, archdoc_source_offset(&L->m->source, line, col),
			archdoc__nowhere(NULL), 0, archdoc__nowhere(NULL), NULL, fmt, ap);
	va_end(ap);
}

/* --- positions ----------------------------------------------------------- */

typedef struct parse_state {
	archdoc_loader *L;
	xmlParserCtxtPtr ctxt;
	startElementNsSAX2Func start;
	endElementNsSAX2Func end;
	internalSubsetSAXFunc subset;
	unsigned depth;
	size_t elements;
	int fatal_seen;
	int limit_hit;
} parse_state;

static void on_start(void *data, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
		int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
		const xmlChar **attributes)
{
	xmlParserCtxtPtr ctxt = data;
	parse_state *st = ctxt->_private;
	const archdoc_source *src = &st->L->m->source;
	long consumed = xmlByteConsumed(ctxt);
	size_t at = consumed > 0 ? (size_t)consumed : 0;

	/* xmlByteConsumed points at the tag's closing '>' (or the '/' of '/>');
	 * a '<' cannot occur inside attribute values, so the first one before
	 * it opens this tag. */
	if (at >= src->len)
		at = src->len ? src->len - 1 : 0;
	while (at > 0 && src->data[at] != '<')
		at--;

	st->depth++;
	st->elements++;
	if (st->depth > st->L->ctx->max_depth || st->elements > st->L->ctx->max_elements) {
		if (!st->limit_hit) {
			st->limit_hit = 1;
			if (st->depth > st->L->ctx->max_depth)
				archdoc_loader__report(st->L, ARCHDOC_SEVERITY_ERROR, "nesting-too-deep", at,
						"elements nest deeper than the limit of %u; flatten the boundaries "
						"(or raise the limit, see docs/security.md)", st->L->ctx->max_depth);
			else
				archdoc_loader__report(st->L, ARCHDOC_SEVERITY_ERROR, "too-many-elements", at,
						"the model has more than %zu elements, the limit; split it into "
						"several models (or raise the limit, see docs/security.md)",
						st->L->ctx->max_elements);
		}
		xmlStopParser(ctxt);
		return;
	}
	st->start(data, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes, nb_defaulted,
			attributes);
	if (ctxt->node)
		ctxt->node->_private = (void *)(uintptr_t)(at + 1);
}

static void on_end(void *data, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	xmlParserCtxtPtr ctxt = data;
	parse_state *st = ctxt->_private;

	if (st->depth)
		st->depth--;
	st->end(data, localname, prefix, uri);
}

static void on_subset(void *data, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id)
{
	xmlParserCtxtPtr ctxt = data;
	parse_state *st = ctxt->_private;
	const archdoc_source *src = &st->L->m->source;
	const char *p = strstr(src->data, "<!DOCTYPE");
	size_t at = p ? (size_t)(p - src->data) : 0;

	(void)name;
	(void)external_id;
	(void)system_id;
	/* A model needs no DTD; refusing it rules out external entities and
	 * entity expansion attacks whatever the libxml2 version. */
	archdoc_loader__report(st->L, ARCHDOC_SEVERITY_ERROR, "doctype", at,
			"a model must not have a DOCTYPE (no DTDs or entities are allowed); remove it");
	st->fatal_seen = 1;
	xmlStopParser(ctxt);
}

static void on_parse_error(void *data, ARCHDOC_XML_ERROR_T err)
{
	xmlParserCtxtPtr ctxt = data;
	parse_state *st = ctxt->_private;
	char msg[512];
	size_t n;
	const char *nl;

	if (!err || !err->message || !st)
		return;
	if (err->level == XML_ERR_WARNING) {
		/* still worth showing, but never fatal */
	} else if (st->fatal_seen) {
		/* one typo cascades into many errors at nearby columns: show the first */
		return;
	}
	nl = strchr(err->message, '\n');
	n = nl ? (size_t)(nl - err->message) : strlen(err->message);
	if (n >= sizeof(msg))
		n = sizeof(msg) - 1;
	memcpy(msg, err->message, n);
	msg[n] = '\0';
	if (err->level == XML_ERR_WARNING) {
		report_at(st->L, ARCHDOC_SEVERITY_WARNING, "syntax", (unsigned)(err->line > 0 ? err->line : 0),
				(unsigned)(err->int2 > 0 ? err->int2 : 0), "%s", msg);
		return;
	}
	st->fatal_seen = 1;
	report_at(st->L, ARCHDOC_SEVERITY_ERROR, "syntax", (unsigned)(err->line > 0 ? err->line : 0),
			(unsigned)(err->int2 > 0 ? err->int2 : 0), "malformed XML: %s", msg);
}

xmlDocPtr archdoc_xml__parse(archdoc_loader *L)
{
	const archdoc_source *src = &L->m->source;
	parse_state st;
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc = NULL;
	int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA;

#ifdef XML_PARSE_NO_XXE
	options |= XML_PARSE_NO_XXE;
#endif
	memset(&st, 0, sizeof(st));
	st.L = L;
	ctxt = xmlCreateMemoryParserCtxt(src->data, (int)src->len);
	if (!ctxt) {
		L->oom = 1;
		return NULL;
	}
	xmlCtxtUseOptions(ctxt, options);
	st.ctxt = ctxt;
	ctxt->_private = &st;
	st.start = ctxt->sax->startElementNs;
	st.end = ctxt->sax->endElementNs;
	st.subset = ctxt->sax->internalSubset;
	ctxt->sax->startElementNs = on_start;
	ctxt->sax->endElementNs = on_end;
	ctxt->sax->internalSubset = on_subset;
	ctxt->sax->serror = on_parse_error;
	ctxt->sax->error = NULL;
	ctxt->sax->warning = NULL;
	ctxt->vctxt.error = NULL;
	ctxt->vctxt.warning = NULL;

	xmlParseDocument(ctxt);
	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	if (!ctxt->wellFormed || st.fatal_seen || st.limit_hit || L->q.errors) {
		if (!L->q.errors)
			report_at(L, ARCHDOC_SEVERITY_ERROR, "syntax", 1, 1, "malformed XML");
		xmlFreeDoc(doc);
		doc = NULL;
	} else if (doc && doc->encoding && xmlStrcasecmp(doc->encoding, BAD_CAST "UTF-8") != 0) {
		archdoc_loader__report(L, ARCHDOC_SEVERITY_ERROR, "encoding", 0,
				"the model declares encoding \"%s\"; models must be UTF-8 "
				"(convert the file and declare encoding=\"UTF-8\" or nothing)",
				(const char *)doc->encoding);
		xmlFreeDoc(doc);
		doc = NULL;
	}
	ctxt->_private = NULL;
	xmlFreeParserCtxt(ctxt);
	return doc;
}

