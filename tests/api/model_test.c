/*
 * The model API: loading, accessors, auto-numbering, derived classification,
 * ports, limits, diagnostics through the sink, and the XML round trip.
 * Run from tests/ (paths are relative to it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>

#include "archdoc/archdoc.h"
#include "harness.h"
#include "xml_compat.h"

/* A sink that remembers the diagnostics it was given. */
typedef struct seen {
	char text[64][256];
	int count;
	int errors;
} seen;

static void remember(const archdoc_diag *d, void *payload)
{
	seen *s = payload;

	if (d->severity == ARCHDOC_SEVERITY_ERROR)
		s->errors++;
	if (s->count < 64)
		snprintf(s->text[s->count++], sizeof(s->text[0]), "%u:%u %s %s", d->loc.line, d->loc.col,
				d->severity == ARCHDOC_SEVERITY_ERROR ? "error" : "warning", d->rule);
}

static archdoc_context *context(seen *s)
{
	archdoc_context_options o = ARCHDOC_CONTEXT_OPTIONS_INIT;
	archdoc_context *ctx = NULL;

	memset(s, 0, sizeof(*s));
	o.sink = remember;
	o.sink_payload = s;
	OK(archdoc_context_new(&ctx, &o) == 0);
	return ctx;
}

static archdoc_model *load_text(archdoc_context *ctx, const char *xml)
{
	archdoc_model *m = NULL;

	archdoc_model_load_buffer(&m, ctx, "test.xml", xml, strlen(xml));
	return m;
}

static void test_example(void)
{
	seen s;
	archdoc_context *ctx = context(&s);
	archdoc_model *m = NULL;
	const archdoc_component *dcu, *internet;
	const archdoc_boundary *cluster, *pulse;

	INT_EQ(archdoc_model_load_file(&m, ctx, "../model/genesys-pulse.xml"), 0);
	OK(m != NULL);
	if (!m)
		goto done;
	INT_EQ(s.count, 0);
	STR_EQ(archdoc_model_id(m), "genesys-pulse");
	STR_EQ(archdoc_model_title(m), "Genesys Pulse private edition");
	INT_EQ(archdoc_model_connection_count(m), 27);
	INT_EQ(archdoc_model_component_count(m), 19);
	INT_EQ(archdoc_model_boundary_count(m), 2);
	cluster = archdoc_model_find_boundary(m, "cluster");
	pulse = archdoc_model_find_boundary(m, "pulse");
	OK(cluster && pulse);
	OK(archdoc_model_classify_by(m) == cluster);
	OK(archdoc_boundary_parent(pulse) == cluster);
	INT_EQ(archdoc_boundary_depth(pulse), 1);
	dcu = archdoc_model_find_component(m, "dcu");
	internet = archdoc_model_find_component(m, "internet");
	OK(dcu && internet);
	OK(archdoc_component_boundary(dcu) == pulse);
	OK(archdoc_component_in(dcu, cluster));
	OK(!archdoc_component_in(internet, cluster));
	OK(archdoc_component_boundary(internet) == NULL);
	OK(archdoc_model_find_component(m, "cluster") == NULL); /* a boundary, not a component */
	OK(archdoc_model_find_boundary(m, "dcu") == NULL);
	for (size_t i = 0; i < 27; i++) {
		const archdoc_connection *c = archdoc_model_connection(m, i);

		INT_EQ(archdoc_connection_number(c), i + 1);
		OK(archdoc_model_find_connection(m, (unsigned)i + 1) == c);
		STR_EQ(archdoc_connection_classification(c), i == 26 ? "Ingress" : "Intra-cluster");
		OK(archdoc_connection_stated_classification(c) == NULL);
	}
	OK(archdoc_model_find_connection(m, 28) == NULL);
	STR_EQ(archdoc_component_title(archdoc_connection_from(archdoc_model_connection(m, 5))), "Init Tenant Job");
	INT_EQ(archdoc_connection_location(archdoc_model_connection(m, 0)).line, 49);
	INT_EQ(archdoc_connection_location(archdoc_model_connection(m, 0)).col, 3);
done:
	archdoc_model_free(m);
	archdoc_context_free(ctx);
}

static void test_autonumber(void)
{
	static const char xml[] =
		"<architecture xmlns='urn:archdoc:model:1' id='n' title='N'>\n"
		"<component id='a' title='A' kind='service'/><component id='b' title='B' kind='service'/>\n"
		"<connection from='a' to='b'>one</connection>\n"
		"<connection from='b' to='a'>two</connection>\n"
		"<connection n='10' from='a' to='b'>ten</connection>\n"
		"<connection from='b' to='a'>eleven</connection>\n"
		"<connection n='5' from='a' to='b'>five</connection>\n"
		"<connection from='b' to='a'>six</connection>\n"
		"</architecture>\n";
	static const unsigned order[] = { 1, 2, 5, 6, 10, 11 };
	static const char *const data[] = { "one", "two", "five", "six", "ten", "eleven" };
	seen s;
	archdoc_context *ctx = context(&s);
	archdoc_model *m = load_text(ctx, xml);

	OK(m != NULL);
	if (m) {
		INT_EQ(archdoc_model_connection_count(m), 6);
		for (size_t i = 0; i < 6; i++) {
			const archdoc_connection *c = archdoc_model_connection(m, i);

			INT_EQ(archdoc_connection_number(c), order[i]);
			STR_EQ(archdoc_connection_data(c), data[i]);
		}
		OK(!archdoc_connection_number_explicit(archdoc_model_connection(m, 0)));
		OK(archdoc_connection_number_explicit(archdoc_model_connection(m, 2)));
	}
	/* gaps 3-4 and 7-9 are warnings */
	INT_EQ(s.errors, 0);
	INT_EQ(s.count, 2);
	STR_EQ(s.text[0], "5:13 warning number-gap");
	STR_EQ(s.text[1], "7:13 warning number-gap");
	archdoc_model_free(m);
	archdoc_context_free(ctx);
}

static void test_classification(void)
{
	static const char xml[] =
		"<architecture xmlns='urn:archdoc:model:1' id='c' title='C' classify-by='k8s'>\n"
		"<boundary id='k8s' title='Cluster' kind='cluster'>\n"
		"  <boundary id='ns' title='Namespace'><component id='a' title='A' kind='service'/></boundary>\n"
		"  <component id='b' title='B' kind='database'/>\n"
		"</boundary>\n"
		"<component id='user' title='User' kind='user'/>\n"
		"<component id='saas' title='SaaS' kind='external'/>\n"
		"<connection from='a' to='b' classification='intra-CLUSTER'>inside to inside</connection>\n"
		"<connection from='user' to='a'>outside to inside</connection>\n"
		"<connection from='b' to='saas'>inside to outside</connection>\n"
		"<connection from='user' to='saas'>outside to outside</connection>\n"
		"</architecture>\n";
	static const char *const expect[] = { "Intra-cluster", "Ingress", "Egress", "External" };
	seen s;
	archdoc_context *ctx = context(&s);
	archdoc_model *m = load_text(ctx, xml);

	OK(m != NULL);
	INT_EQ(s.count, 0);
	for (size_t i = 0; m && i < 4; i++)
		STR_EQ(archdoc_connection_classification(archdoc_model_connection(m, i)), expect[i]);
	if (m) {
		/* the stated one is kept as written; the shown one is derived */
		STR_EQ(archdoc_connection_stated_classification(archdoc_model_connection(m, 0)), "intra-CLUSTER");
		OK(archdoc_model_has_classification(m));
	}
	archdoc_model_free(m);

	/* a boundary without kind classifies by its id; no classify-by, no classification */
	m = load_text(ctx,
		"<architecture xmlns='urn:archdoc:model:1' id='c' title='C' classify-by='zone'>"
		"<boundary id='zone' title='Zone'><component id='a' title='A' kind='service'/>"
		"<component id='b' title='B' kind='service'/></boundary>"
		"<connection from='a' to='b'>x</connection></architecture>");
	OK(m != NULL);
	if (m)
		STR_EQ(archdoc_connection_classification(archdoc_model_connection(m, 0)), "Intra-zone");
	archdoc_model_free(m);
	m = load_text(ctx,
		"<architecture xmlns='urn:archdoc:model:1' id='c' title='C'>"
		"<component id='a' title='A' kind='service'/><component id='b' title='B' kind='service'/>"
		"<connection from='a' to='b'>x</connection>"
		"<connection from='b' to='a' classification='Egress'>y</connection></architecture>");
	OK(m != NULL);
	if (m) {
		OK(archdoc_connection_classification(archdoc_model_connection(m, 0)) == NULL);
		STR_EQ(archdoc_connection_classification(archdoc_model_connection(m, 1)), "Egress");
		OK(archdoc_model_has_classification(m));
	}
	archdoc_model_free(m);
	archdoc_context_free(ctx);
}

static void test_ports_and_text(void)
{
	seen s;
	archdoc_context *ctx = context(&s);
	archdoc_model *m = load_text(ctx,
		"<architecture xmlns='urn:archdoc:model:1' id='p' title='P'>\n"
		"<description>\n    First line.\n\n      - indented item\n    Last.\n  </description>\n"
		"<component id='a' title=' A ' kind='service'/><component id='b' title='B' kind='service'/>\n"
		"<connection from='a' to='b' protocol='HTTPS/WSS' port=' 25,443 ,587, 8000 - 8010 '>\n"
		"   Mail   and\n   web &amp; more.\n</connection>\n"
		"</architecture>\n");
	unsigned lo = 0, hi = 0;

	OK(m != NULL);
	INT_EQ(s.count, 0);
	if (m) {
		const archdoc_connection *c = archdoc_model_connection(m, 0);

		STR_EQ(archdoc_connection_port(c), "25, 443, 587, 8000-8010");
		INT_EQ(archdoc_connection_port_range_count(c), 4);
		archdoc_connection_port_range(c, 3, &lo, &hi);
		INT_EQ(lo, 8000);
		INT_EQ(hi, 8010);
		STR_EQ(archdoc_connection_protocol(c), "HTTPS/WSS");
		STR_EQ(archdoc_connection_data(c), "Mail and web & more.");
		STR_EQ(archdoc_component_title(archdoc_model_component(m, 0)), "A");
		STR_EQ(archdoc_model_description(m), "First line.\n\n  - indented item\nLast.");
	}
	archdoc_model_free(m);
	archdoc_context_free(ctx);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p;
	long n;

	*len = 0;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc((size_t)n + 1);
	if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		p = NULL;
	}
	if (p)
		p[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return p;
}

/* Every accessor gives the same answer on both models. */
static void same_model(const archdoc_model *a, const archdoc_model *b)
{
	STR_EQ(archdoc_model_id(b), archdoc_model_id(a));
	STR_EQ(archdoc_model_title(b), archdoc_model_title(a));
	OK((archdoc_model_description(a) == NULL) == (archdoc_model_description(b) == NULL));
	if (archdoc_model_description(a) && archdoc_model_description(b))
		STR_EQ(archdoc_model_description(b), archdoc_model_description(a));
	OK((archdoc_model_diagram_layout(a) == NULL) == (archdoc_model_diagram_layout(b) == NULL));
	if (archdoc_model_diagram_layout(a) && archdoc_model_diagram_layout(b))
		STR_EQ(archdoc_model_diagram_layout(b), archdoc_model_diagram_layout(a));
	INT_EQ(archdoc_model_boundary_count(b), archdoc_model_boundary_count(a));
	INT_EQ(archdoc_model_component_count(b), archdoc_model_component_count(a));
	INT_EQ(archdoc_model_connection_count(b), archdoc_model_connection_count(a));
	for (size_t i = 0; i < archdoc_model_boundary_count(a) && i < archdoc_model_boundary_count(b); i++) {
		const archdoc_boundary *x = archdoc_model_boundary(a, i), *y = archdoc_model_boundary(b, i);

		STR_EQ(archdoc_boundary_id(y), archdoc_boundary_id(x));
		STR_EQ(archdoc_boundary_title(y), archdoc_boundary_title(x));
		OK((archdoc_boundary_parent(x) == NULL) == (archdoc_boundary_parent(y) == NULL));
		INT_EQ(archdoc_boundary_depth(y), archdoc_boundary_depth(x));
	}
	for (size_t i = 0; i < archdoc_model_component_count(a) && i < archdoc_model_component_count(b); i++) {
		const archdoc_component *x = archdoc_model_component(a, i), *y = archdoc_model_component(b, i);

		STR_EQ(archdoc_component_id(y), archdoc_component_id(x));
		STR_EQ(archdoc_component_title(y), archdoc_component_title(x));
		STR_EQ(archdoc_component_kind(y), archdoc_component_kind(x));
		INT_EQ(archdoc_component_placeholder(y), archdoc_component_placeholder(x));
		OK((archdoc_component_boundary(x) == NULL) == (archdoc_component_boundary(y) == NULL));
		if (archdoc_component_boundary(x) && archdoc_component_boundary(y))
			STR_EQ(archdoc_boundary_id(archdoc_component_boundary(y)),
					archdoc_boundary_id(archdoc_component_boundary(x)));
	}
	for (size_t i = 0; i < archdoc_model_connection_count(a) && i < archdoc_model_connection_count(b); i++) {
		const archdoc_connection *x = archdoc_model_connection(a, i), *y = archdoc_model_connection(b, i);
		const char *cx = archdoc_connection_classification(x), *cy = archdoc_connection_classification(y);

		INT_EQ(archdoc_connection_number(y), archdoc_connection_number(x));
		STR_EQ(archdoc_component_id(archdoc_connection_from(y)), archdoc_component_id(archdoc_connection_from(x)));
		STR_EQ(archdoc_component_id(archdoc_connection_to(y)), archdoc_component_id(archdoc_connection_to(x)));
		STR_EQ(archdoc_connection_protocol(y), archdoc_connection_protocol(x));
		STR_EQ(archdoc_connection_port(y), archdoc_connection_port(x));
		STR_EQ(archdoc_connection_data(y), archdoc_connection_data(x));
		OK((cx == NULL) == (cy == NULL));
		if (cx && cy)
			STR_EQ(cy, cx);
	}
}

/* Retired numbers and views survive the round trip. */
static void same_tail(const archdoc_model *a, const archdoc_model *b)
{
	INT_EQ(archdoc_model_retired_count(b), archdoc_model_retired_count(a));
	for (size_t i = 0; i < archdoc_model_retired_count(a) && i < archdoc_model_retired_count(b); i++) {
		INT_EQ(archdoc_model_retired_number(b, i), archdoc_model_retired_number(a, i));
		STR_EQ(archdoc_model_retired_reason(b, i), archdoc_model_retired_reason(a, i));
	}
	INT_EQ(archdoc_model_view_count(b), archdoc_model_view_count(a));
	for (size_t i = 0; i < archdoc_model_view_count(a) && i < archdoc_model_view_count(b); i++) {
		STR_EQ(archdoc_view_id(archdoc_model_view(b, i)), archdoc_view_id(archdoc_model_view(a, i)));
		STR_EQ(archdoc_view_title(archdoc_model_view(b, i)), archdoc_view_title(archdoc_model_view(a, i)));
	}
}

static void roundtrip(const char *path)
{
	seen s;
	archdoc_context *ctx = context(&s);
	archdoc_model *a = NULL, *b = NULL, *c = NULL;
	char *x1 = NULL, *x2 = NULL;
	size_t n1 = 0, n2 = 0;

	INT_EQ(archdoc_model_load_file(&a, ctx, path), 0);
	if (!a)
		goto done;
	INT_EQ(archdoc_model_write_xml(&x1, &n1, a), 0);
	INT_EQ(archdoc_model_load_buffer(&b, ctx, "written.xml", x1, n1), 0);
	if (!b)
		goto done;
	same_model(a, b);
	same_tail(a, b);
	INT_EQ(archdoc_model_write_xml(&x2, &n2, b), 0);
	/* writing is a fixed point after one round */
	INT_EQ(n2, n1);
	OK(x1 && x2 && memcmp(x1, x2, n1) == 0);
	INT_EQ(archdoc_model_load_buffer(&c, ctx, "written2.xml", x2, n2), 0);
	if (c)
		same_model(a, c);
done:
	archdoc_free(x1);
	archdoc_free(x2);
	archdoc_model_free(a);
	archdoc_model_free(b);
	archdoc_model_free(c);
	archdoc_context_free(ctx);
}

static void test_limits(void)
{
	seen s;
	archdoc_context_options o = ARCHDOC_CONTEXT_OPTIONS_INIT;
	archdoc_context *ctx = NULL;
	archdoc_model *m = NULL;
	size_t len = 0;
	char *xml = slurp("../model/genesys-pulse.xml", &len);

	memset(&s, 0, sizeof(s));
	o.sink = remember;
	o.sink_payload = &s;
	o.max_file_size = 1000;
	OK(xml != NULL);
	INT_EQ(archdoc_context_new(&ctx, &o), 0);
	INT_EQ(archdoc_model_load_file(&m, ctx, "../model/genesys-pulse.xml"), ARCHDOC_ELIMIT);
	OK(m == NULL);
	INT_EQ(archdoc_model_load_buffer(&m, ctx, "x", xml, len), ARCHDOC_ELIMIT);
	INT_EQ(s.count, 2);
	STR_EQ(s.text[0], "0:0 error file-too-large");
	archdoc_context_free(ctx);

	memset(&s, 0, sizeof(s));
	o.max_file_size = 0;
	o.max_elements = 10;
	INT_EQ(archdoc_context_new(&ctx, &o), 0);
	INT_EQ(archdoc_model_load_buffer(&m, ctx, "x", xml, len), ARCHDOC_EINVALID);
	INT_EQ(s.count, 1);
	STR_EQ(s.text[0], "32:7 error too-many-elements");
	archdoc_context_free(ctx);

	o.version = 99;
	OK(archdoc_context_new(&ctx, &o) == ARCHDOC_EUSAGE);
	OK(ctx == NULL);
	free(xml);
}

static void quiet(void *payload, ARCHDOC_XML_ERROR_T err)
{
	(void)payload;
	(void)err;
}

/* The hand-written structure check and the shipped RELAX NG schema agree:
 * every schema fixture is rejected by the schema too, the valid ones pass. */
static void test_schema_agrees(void)
{
	static const char *const bad[] = {
		"check/schema-unknown-element.xml", "check/schema-unknown-attribute.xml",
		"check/schema-missing-attribute.xml", "check/schema-wrong-namespace.xml",
		"check/schema-order.xml", NULL
	};
	static const char *const good[] = {
		"check/ok-minimal.xml", "../model/genesys-pulse.xml", "check/number-gap.xml",
		"check/classification-mismatch.xml", NULL
	};
	xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt("../model/archdoc.rng");
	xmlRelaxNGPtr schema = xmlRelaxNGParse(pc);
	xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);

	OK(schema != NULL);
	xmlRelaxNGSetValidStructuredErrors(vc, quiet, NULL);
	for (size_t i = 0; bad[i]; i++) {
		xmlDocPtr d = xmlReadFile(bad[i], NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

		OK(d != NULL);
		if (xmlRelaxNGValidateDoc(vc, d) == 0) {
			fprintf(stderr, "schema accepts %s\n", bad[i]);
			OK(0);
		}
		xmlFreeDoc(d);
	}
	for (size_t i = 0; good[i]; i++) {
		xmlDocPtr d = xmlReadFile(good[i], NULL, XML_PARSE_NONET);

		OK(d != NULL);
		if (xmlRelaxNGValidateDoc(vc, d) != 0) {
			fprintf(stderr, "schema rejects %s\n", good[i]);
			OK(0);
		}
		xmlFreeDoc(d);
	}
	xmlRelaxNGFreeValidCtxt(vc);
	xmlRelaxNGFree(schema);
	xmlRelaxNGFreeParserCtxt(pc);
}

static void test_columns(void)
{
	const archdoc_column *cols = NULL;
	seen s;
	archdoc_context *ctx = context(&s);
	archdoc_model *m = load_text(ctx,
		"<architecture xmlns='urn:archdoc:model:1' id='t' title='T'>"
		"<table columns='number what, port data'><header column='number'>Diagram reference number</header></table>"
		"<component id='a' title='A' kind='service'/><component id='b' title='B' kind='service'/>"
		"<connection from='a' to='b'>x</connection></architecture>");

	INT_EQ(archdoc_column_from_name("what"), ARCHDOC_COLUMN_WHAT);
	INT_EQ(archdoc_column_from_name("nope"), -1);
	STR_EQ(archdoc_column_name(ARCHDOC_COLUMN_DATA), "data");
	STR_EQ(archdoc_column_default_header(ARCHDOC_COLUMN_DATA), "Data that travels on this connection");
	OK(m != NULL);
	if (m) {
		INT_EQ(archdoc_model_table_columns(m, &cols), 4);
		INT_EQ(cols[0], ARCHDOC_COLUMN_NUMBER);
		INT_EQ(cols[1], ARCHDOC_COLUMN_WHAT);
		INT_EQ(cols[2], ARCHDOC_COLUMN_PORT);
		INT_EQ(cols[3], ARCHDOC_COLUMN_DATA);
		STR_EQ(archdoc_model_table_header(m, ARCHDOC_COLUMN_NUMBER), "Diagram reference number");
		STR_EQ(archdoc_model_table_header(m, ARCHDOC_COLUMN_PORT), "Port");
	}
	archdoc_model_free(m);
	archdoc_context_free(ctx);
}

/* The format registries: names and parsing agree, and the lists end. */
static void test_formats(void)
{
	static const char *const diagram[] = { "svg", "png", "pdf", "dot" };
	static const char *const table[] = { "md", "html", "csv", "json" };

	for (int i = 0; i < 4; i++) {
		STR_EQ(archdoc_diagram_format_name((archdoc_diagram_format)i), diagram[i]);
		INT_EQ(archdoc_diagram_format_from_name(diagram[i]), i);
		STR_EQ(archdoc_table_format_name((archdoc_table_format)i), table[i]);
		INT_EQ(archdoc_table_format_from_name(table[i]), i);
	}
	OK(archdoc_diagram_format_name((archdoc_diagram_format)4) == NULL);
	OK(archdoc_diagram_format_name((archdoc_diagram_format)-1) == NULL);
	OK(archdoc_table_format_name((archdoc_table_format)4) == NULL);
	INT_EQ(archdoc_table_format_from_name("markdown"), ARCHDOC_TABLE_MARKDOWN);
	INT_EQ(archdoc_diagram_format_from_name("gif"), -1);
	INT_EQ(archdoc_diagram_format_from_name(NULL), -1);
}

int main(void)
{
	xmlInitParser();
	test_example();
	test_autonumber();
	test_classification();
	test_ports_and_text();
	test_columns();
	test_formats();
	roundtrip("../model/genesys-pulse.xml");
	roundtrip("check/number-gap.xml");
	roundtrip("check/similar-titles.xml");
	roundtrip("view/views.xml");
	roundtrip("check/retired.xml");
	/* placeholder="true" survives writing (import's placeholders), and so
	 * do the boundaries --table-boundaries makes */
	roundtrip("import/fill-down-none.xml");
	roundtrip("import/tables-boundaries.xml");
	{
		archdoc_context *ctx = NULL;
		archdoc_model *m = NULL;

		OK(archdoc_context_new(&ctx, NULL) == 0);
		INT_EQ(archdoc_model_load_file(&m, ctx, "import/fill-down-none.xml"), 0);
		OK(m && archdoc_component_placeholder(archdoc_model_component(m, 0)) == 1);
		OK(m && archdoc_component_placeholder(archdoc_model_component(m, 1)) == 0);
		archdoc_model_free(m);
		archdoc_context_free(ctx);
	}
	test_limits();
	test_schema_agrees();
	return harness_done();
}
