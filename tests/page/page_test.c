/*
 * The standalone page: parses as HTML (libxml2's HTML parser reports only
 * the SVG element names it does not know, see below) and as well-formed
 * XML; links go both ways and every target exists; nothing executable;
 * the same model gives the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "archdoc/archdoc.h"
#include "harness.h"
#include "xml_compat.h"

/* libxml2's HTML parser predates inline SVG: it calls each SVG element an
 * unknown tag (error 801). Those, and only those, are expected. */
static const char *const svg_names[] = {
	"svg", "g", "path", "polygon", "polyline", "ellipse", "circle", "rect", "text", "tspan",
	"desc", "defs", "marker", "line", "use", "symbol", "clipPath", "lineargradient", "linearGradient", NULL
};

static int html_errors, xml_errors;

static void on_html_error(void *payload, ARCHDOC_XML_ERROR_T err)
{
	(void)payload;
	if (err->code == XML_HTML_UNKNOWN_TAG && err->str1) {
		for (size_t i = 0; svg_names[i]; i++)
			if (strcmp(err->str1, svg_names[i]) == 0)
				return;
	}
	html_errors++;
	fprintf(stderr, "HTML parser: line %d: %s", err->line, err->message);
}

static void on_xml_error(void *payload, ARCHDOC_XML_ERROR_T err)
{
	(void)payload;
	xml_errors++;
	fprintf(stderr, "XML parser: line %d: %s", err->line, err->message);
}

static int count(xmlDocPtr doc, const char *xpath)
{
	xmlXPathContextPtr x = xmlXPathNewContext(doc);
	xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST xpath, x);
	int n = r && r->nodesetval ? r->nodesetval->nodeNr : 0;

	xmlXPathFreeObject(r);
	xmlXPathFreeContext(x);
	return n;
}

static void check_page(const char *path, size_t expect_rows)
{
	archdoc_context *ctx = NULL;
	archdoc_model *m = NULL;
	char *page = NULL, *again = NULL, q[256];
	size_t len = 0, len2 = 0;
	htmlDocPtr h;
	xmlDocPtr x;
	const char *id;

	OK(archdoc_context_new(&ctx, NULL) == 0);
	INT_EQ(archdoc_model_load_file(&m, ctx, path), 0);
	if (!m)
		goto done;
	id = archdoc_model_id(m);
	INT_EQ(archdoc_page_render(&page, &len, ctx, m, NULL), 0);
	INT_EQ(archdoc_page_render(&again, &len2, ctx, m, NULL), 0);
	OK(page && again && len == len2 && memcmp(page, again, len) == 0);
	if (!page)
		goto done;

	html_errors = 0;
	xmlSetStructuredErrorFunc(NULL, on_html_error);
	h = htmlReadMemory(page, (int)len, "page.html", "UTF-8", HTML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	OK(h != NULL);
	INT_EQ(html_errors, 0);

	xml_errors = 0;
	xmlSetStructuredErrorFunc(NULL, on_xml_error);
	x = xmlReadMemory(page, (int)len, "page.xml", "UTF-8", XML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	OK(x != NULL);
	INT_EQ(xml_errors, 0);

	if (h) {
		/* rows link to connections, connections to rows, and all targets exist */
		snprintf(q, sizeof(q), "//tr[starts-with(@id,'%s-row-')]", id);
		INT_EQ(count(h, q), expect_rows);
		snprintf(q, sizeof(q), "//tr[starts-with(@id,'%s-row-')]/td[1]/a[starts-with(@href,'#%s-connection-')]", id, id);
		INT_EQ(count(h, q), expect_rows);
		snprintf(q, sizeof(q), "//a[starts-with(@href,'#%s-row-')]/g[@class='connection']", id);
		INT_EQ(count(h, q), expect_rows);
		for (size_t i = 1; i <= expect_rows; i++) {
			snprintf(q, sizeof(q), "//*[@id='%s-connection-%zu']", id, i);
			INT_EQ(count(h, q), 1);
			snprintf(q, sizeof(q), "//*[@id='%s-row-%zu']", id, i);
			INT_EQ(count(h, q), 1);
		}
		INT_EQ(count(h, "//script|//iframe|//object|//embed|//foreignObject|//*[@src]"), 0);
		INT_EQ(count(h, "//@*[starts-with(name(),'on')]"), 0);
		INT_EQ(count(h, "//@*[contains(translate(.,'JAVSCRIPT','javscript'),'javascript:')]"), 0);
		/* cmark empties unsafe link targets: href="" is harmless; the only
		 * other links are the view index's, to pages beside this one */
		INT_EQ(count(h, "//link|//*[not(ancestor-or-self::*[@class='archdoc-views'])]/@href"
				"[. != '' and not(starts-with(.,'#'))]"), 0);
		INT_EQ(count(h, "//*[@class='archdoc-views']//@href[contains(.,'/') or contains(.,':')]"), 0);
		INT_EQ(count(h, "/html/head/title"), 1);
		INT_EQ(count(h, "//h1"), 1);
		INT_EQ(count(h, "//style"), 2);     /* the page's and the diagram's theme */
	}
	xmlFreeDoc(h);
	xmlFreeDoc(x);
done:
	archdoc_free(page);
	archdoc_free(again);
	archdoc_model_free(m);
	archdoc_context_free(ctx);
}

int main(void)
{
	check_page("../model/genesys-pulse.xml", 27);
	check_page("page/hostile.xml", 3);
	return harness_done();
}
