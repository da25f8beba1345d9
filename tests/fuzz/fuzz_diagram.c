/*
 * Fuzz target: the diagram, through the public entry point
 * (archdoc_diagram_render): model -> scene -> Graphviz layout -> archdoc's
 * routing -> Graphviz SVG -> the SVG post-processing into the contract.
 * There is no smaller internal entry point that stays stable while the
 * diagram code evolves, so each input is one full render, kept cheap:
 * models over 24 components, 32 connections, 8 boundaries or 16 KiB are
 * skipped, and the layout is fixed by the options (one candidate, no
 * search; never splines=ortho, whose 2.42 router asserts on its own).
 *
 * Options (fuzz.h: the bytes before the first '<'):
 *   opt[0] bits 0-1 badge label (number, +port, +protocol+port), bit 2
 *          legend, bit 3 transparent, bit 4 no XML declaration, bits 5-6
 *          link base (none, "", "rows.html", an https URL), bit 7 the
 *          "labels" strategy instead of "badges"
 *   opt[1] bit 0 rankdir LR, bit 1 flat, bits 2-4 order, bits 5-6 splines
 *          (spline, polyline, line, spline), bit 7 also render DOT
 *
 * Text holding "&#N;" or "&name;" is included: Graphviz would decode it in
 * labels (a control character broke the SVG), so graphviz_build.c breaks it up
 * (regressions/diagram/entity-*.xml).
 *
 * Oracles: the render succeeds (or reports a limit); the SVG is
 * well-formed and passes the output-safety check (hostile/safety.h), the
 * only external URL allowed being the link base; parsed, it holds one
 * class="connection" element per connection, with its id.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archdoc/archdoc.h"
#include "fuzz.h"
#include "hostile/safety.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

/* Elements with class="connection" (as parsed: the same words in text,
 * a title or a description are not groups), and how many of them have
 * the id want. */
static size_t connection_groups(xmlNode *n, const char *want, size_t *with_id)
{
	size_t c = 0;

	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE) {
			xmlChar *cls = xmlGetProp(n, BAD_CAST "class"), *id = xmlGetProp(n, BAD_CAST "id");

			if (cls && !strcmp((const char *)cls, "connection")) {
				c++;
				if (id && !strcmp((const char *)id, want))
					++*with_id;
			}
			xmlFree(cls);
			xmlFree(id);
		}
		c += connection_groups(n->children, want, with_id);
	}
	return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const bases[] = { NULL, "", "rows.html", "https://docs.example.com/arch.html" };
	static const char *const splines[] = { "spline", "polyline", "line", "spline" };
	archdoc_context *ctx = fuzz_context();
	fuzz_input in = fuzz_split(data, size);
	archdoc_diagram_options o;
	archdoc_model *m = NULL;
	char layout[4096], *out = NULL, id[160];
	xmlDoc *doc;
	size_t len = 0;
	int rc;

	if (in.size > 16384)
		return 0;
	if (archdoc_model_load_buffer(&m, ctx, "fuzz.xml", (const char *)in.data, in.size) != 0)
		return 0;
	if (archdoc_model_component_count(m) > 24 || archdoc_model_connection_count(m) > 32 ||
			archdoc_model_boundary_count(m) > 8) {
		archdoc_model_free(m);
		return 0;
	}
	archdoc_diagram_options_init(&o);
	o.label = (archdoc_diagram_label)(in.opt[0] & 3u);
	if (o.label > ARCHDOC_DIAGRAM_LABEL_NUMBER_PROTOCOL_PORT)
		o.label = ARCHDOC_DIAGRAM_LABEL_NUMBER;
	o.flags = (in.opt[0] & 4u ? ARCHDOC_DIAGRAM_LEGEND : 0) | (in.opt[0] & 8u ? ARCHDOC_DIAGRAM_TRANSPARENT : 0) |
			(in.opt[0] & 16u ? ARCHDOC_DIAGRAM_NO_XML_DECLARATION : 0);
	o.link_base = bases[(in.opt[0] >> 5) & 3u];
	if (in.opt[0] & 128u)
		snprintf(layout, sizeof(layout), "labels,splines=%s", splines[(in.opt[1] >> 5) & 3u]);
	else
		snprintf(layout, sizeof(layout), "badges,rankdir=%s,flat=%d,order=%d,ratio=0,splines=%s",
				in.opt[1] & 1u ? "LR" : "TB", (in.opt[1] >> 1) & 1, (in.opt[1] >> 2) & 7,
				splines[(in.opt[1] >> 5) & 3u]);
	/* a pin taken before the model changed: rows over the model's own
	 * components, in an order the layout did not choose (pin.c) */
	if (!(in.opt[0] & 128u) && (in.opt[1] & 16u)) {
		size_t at = strlen(layout);
		size_t nc = archdoc_model_component_count(m);

		at += (size_t)snprintf(layout + at, sizeof(layout) - at, ",shape=0000000000000001,rows=");
		for (size_t i = nc; i-- > 0 && at + 130 < sizeof(layout);) {
			const char *cid = archdoc_component_id(archdoc_model_component(m, i));

			at += (size_t)snprintf(layout + at, sizeof(layout) - at, "%s%s",
					i + 1 == nc ? "" : (i * 7 + in.opt[1]) % 3 ? " " : "/", cid);
		}
		if (nc == 0)
			layout[at - strlen(",shape=0000000000000001,rows=")] = '\0';
	}
	o.layout = layout;

	o.format = ARCHDOC_DIAGRAM_SVG;
	rc = archdoc_diagram_render(&out, &len, ctx, m, &o);
	CHECK(rc == 0 || rc == ARCHDOC_ELIMIT);
	CHECK((rc == 0) == (out != NULL));
	if (rc == 0) {
		char why[512];
		const char *allowed = o.link_base && *o.link_base ? o.link_base : NULL;

		CHECK(strlen(out) == len);
		if (safety_check(out, len, 0, allowed, why, sizeof(why)) != 0) {
			fprintf(stderr, "unsafe SVG: %s\n", why);
			abort();
		}
		doc = xmlReadMemory(out, (int)len, "d.svg", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		CHECK(doc);
		for (size_t i = 0; i < archdoc_model_connection_count(m); i++) {
			size_t with_id = 0;

			snprintf(id, sizeof(id), "%s-connection-%u", archdoc_model_id(m),
					archdoc_connection_number(archdoc_model_connection(m, i)));
			CHECK(connection_groups(xmlDocGetRootElement(doc), id, &with_id) ==
					archdoc_model_connection_count(m));
			CHECK(with_id == 1);
		}
		xmlFreeDoc(doc);
	}
	archdoc_free(out);
	out = NULL;
	/* each view draws too: every number it shows keeps its own group */
	for (size_t v = 0; v < archdoc_model_view_count(m) && v < 4; v++) {
		archdoc_model *vm = NULL;

		CHECK(archdoc_view_model(&vm, ctx, m, archdoc_model_view(m, v)) == 0);
		o.format = ARCHDOC_DIAGRAM_SVG;
		rc = archdoc_diagram_render(&out, &len, ctx, vm, &o);
		CHECK(rc == 0 || rc == ARCHDOC_ELIMIT);
		if (rc == 0) {
			CHECK(strlen(out) == len);
			for (size_t i = 0; i < archdoc_model_connection_count(vm); i++) {
				snprintf(id, sizeof(id), "id=\"%s-connection-%u\"", archdoc_model_id(vm),
						archdoc_connection_number(archdoc_model_connection(vm, i)));
				CHECK(strstr(out, id) != NULL);
			}
		}
		archdoc_free(out);
		out = NULL;
		archdoc_model_free(vm);
	}
	if (in.opt[1] & 128u) {
		o.format = ARCHDOC_DIAGRAM_DOT;
		rc = archdoc_diagram_render(&out, &len, ctx, m, &o);
		CHECK(rc == 0 || rc == ARCHDOC_ELIMIT);
		CHECK((rc == 0) == (out != NULL));
		archdoc_free(out);
	}
	archdoc_model_free(m);
	return 0;
}
