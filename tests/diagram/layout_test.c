/*
 * Pinned layouts (docs/diagram.md, "Pinning the layout"): the text that
 * archdoc_diagram_layout reports draws exactly what the search draws, a
 * model's <diagram layout> is honoured, --layout overrides it, and the
 * bundled example pins its search's winner.
 *
 * Run from tests/ (CTest's working directory).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archdoc/archdoc.h"
#include "harness.h"

#define EXAMPLE "../model/genesys-pulse.xml"
#define SMALL "diagram/models/small.xml"
#define WIDE "diagram/corpus/synapse-workers.xml"

static void sink(const archdoc_diag *d, void *payload)
{
	(void)payload;
	fprintf(stderr, "diag: %s [%s]\n", d->message, d->rule);
}

static archdoc_model *load_file(archdoc_context *ctx, const char *path)
{
	archdoc_model *m = NULL;

	INT_EQ(archdoc_model_load_file(&m, ctx, path), 0);
	return m;
}

static archdoc_model *load_text(archdoc_context *ctx, const char *name, const char *xml)
{
	archdoc_model *m = NULL;

	INT_EQ(archdoc_model_load_buffer(&m, ctx, name, xml, strlen(xml)), 0);
	return m;
}

/* The SVG for layout text (NULL: the default) and label detail. */
static char *svg(archdoc_context *ctx, const archdoc_model *m, const char *layout, archdoc_diagram_label label)
{
	archdoc_diagram_options o = ARCHDOC_DIAGRAM_OPTIONS_INIT;
	char *out = NULL;
	size_t len = 0;

	o.layout = layout;
	o.label = label;
	INT_EQ(archdoc_diagram_render(&out, &len, ctx, m, &o), 0);
	OK(out && len > 0);
	return out;
}

static char *chosen(archdoc_context *ctx, const archdoc_model *m, const char *from, archdoc_diagram_label label)
{
	archdoc_diagram_options o = ARCHDOC_DIAGRAM_OPTIONS_INIT;
	char *out = NULL;

	o.layout = from;
	o.label = label;
	INT_EQ(archdoc_diagram_layout(&out, ctx, m, &o), 0);
	OK(out != NULL);
	return out;
}

static int same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* The example pins what the search chooses, so both draw the same bytes. */
static void test_example(archdoc_context *ctx)
{
	archdoc_model *m = load_file(ctx, EXAMPLE);
	char *pin_svg, *search_svg, *text;

	if (!m)
		return;
	STR_EQ(archdoc_model_diagram_layout(m), "badges,order=1,flip=1,rankdir=TB,flat=1,ratio=0.55,shape=3ba3d2402db44944,rows=internet/prometheus ingress/lds-vq lds dcu permissions init init-tenant pulse-rs/sip-vq sip tenant ixn ixn-vq redis postgres gws-config auth");
	text = chosen(ctx, m, NULL, ARCHDOC_DIAGRAM_LABEL_NUMBER);
	STR_EQ(text, archdoc_model_diagram_layout(m));
	pin_svg = svg(ctx, m, NULL, ARCHDOC_DIAGRAM_LABEL_NUMBER);
	search_svg = svg(ctx, m, "badges", ARCHDOC_DIAGRAM_LABEL_NUMBER);   /* --layout overrides the pin */
	OK(same(pin_svg, search_svg));
	archdoc_free(text);
	archdoc_free(pin_svg);
	archdoc_free(search_svg);
	archdoc_model_free(m);
}

/* An unpinned model: the reported text redraws the search's winner, for
 * each label detail (badge sizes change the layout). */
static void test_round_trip(archdoc_context *ctx)
{
	archdoc_model *m = load_file(ctx, SMALL);

	if (!m)
		return;
	OK(archdoc_model_diagram_layout(m) == NULL);
	for (int label = ARCHDOC_DIAGRAM_LABEL_NUMBER; label <= ARCHDOC_DIAGRAM_LABEL_NUMBER_PROTOCOL_PORT; label++) {
		char *text = chosen(ctx, m, NULL, (archdoc_diagram_label)label);
		char *searched = svg(ctx, m, NULL, (archdoc_diagram_label)label);
		char *pinned = svg(ctx, m, text, (archdoc_diagram_label)label);

		OK(text && strncmp(text, "badges,order=", 13) == 0);
		OK(same(searched, pinned));
		archdoc_free(text);
		archdoc_free(searched);
		archdoc_free(pinned);
	}
	archdoc_model_free(m);
}

/* Lines that still run together in the gaps between ranks: the search
 * widens the gaps (docs/diagram.md, step 7) and its text says so, and the
 * text draws the same bytes. */
static void test_wide_round_trip(archdoc_context *ctx)
{
	archdoc_model *m = load_file(ctx, WIDE);
	char *text, *searched, *pinned;

	if (!m)
		return;
	text = chosen(ctx, m, NULL, ARCHDOC_DIAGRAM_LABEL_NUMBER);
	searched = svg(ctx, m, NULL, ARCHDOC_DIAGRAM_LABEL_NUMBER);
	pinned = svg(ctx, m, text, ARCHDOC_DIAGRAM_LABEL_NUMBER);
	OK(text && strstr(text, ",ranksep=0.6,") != NULL);
	OK(same(searched, pinned));
	archdoc_free(text);
	archdoc_free(searched);
	archdoc_free(pinned);
	archdoc_model_free(m);
}

/* Where the search starts from stays in the text; fixed strategies have
 * nothing to choose. */
static void test_texts(archdoc_context *ctx)
{
	archdoc_model *m = load_file(ctx, SMALL);
	char *t;

	if (!m)
		return;
	t = chosen(ctx, m, "labels", ARCHDOC_DIAGRAM_LABEL_NUMBER);
	STR_EQ(t, "labels");
	archdoc_free(t);
	t = chosen(ctx, m, "large", ARCHDOC_DIAGRAM_LABEL_NUMBER);
	STR_EQ(t, "large");
	archdoc_free(t);
	t = chosen(ctx, m, "badges,rankdir=LR,ranksep=0.5,ratio=0", ARCHDOC_DIAGRAM_LABEL_NUMBER);
	OK(t && strncmp(t, "badges,rankdir=LR,ranksep=0.5,ratio=0,order=", 44) == 0);
	OK(t && strstr(t, ",flat=") && !strstr(t + 18, "rankdir=") && !strstr(t + 38, "ratio="));
	archdoc_free(t);
	OK(archdoc_diagram_check_layout("badges,order=3,flip=1,rankdir=LR,flat=0,ratio=0.55") == NULL);
	OK(archdoc_diagram_check_layout(NULL) == NULL);
	OK(archdoc_diagram_check_layout("spaghetti") != NULL);
	OK(archdoc_diagram_check_layout("badges,splines=ortho") != NULL);
	archdoc_model_free(m);
}

/* <diagram layout> is used when --layout is not given, and only then. */
static void test_model_pin(archdoc_context *ctx)
{
	static const char pinned[] =
		"<architecture xmlns='urn:archdoc:model:1' id='p' title='P'>\n"
		"  <diagram layout='labels,rankdir=LR'/>\n"
		"  <component id='a' title='A' kind='service'/>\n"
		"  <component id='b' title='B' kind='database'/>\n"
		"  <connection from='a' to='b'>Reads.</connection>\n"
		"</architecture>\n";
	static const char plain[] =
		"<architecture xmlns='urn:archdoc:model:1' id='p' title='P'>\n"
		"  <component id='a' title='A' kind='service'/>\n"
		"  <component id='b' title='B' kind='database'/>\n"
		"  <connection from='a' to='b'>Reads.</connection>\n"
		"</architecture>\n";
	archdoc_model *mp = load_text(ctx, "pinned.xml", pinned);
	archdoc_model *mu = load_text(ctx, "plain.xml", plain);
	char *a, *b;

	if (!mp || !mu) {
		archdoc_model_free(mp);
		archdoc_model_free(mu);
		return;
	}
	STR_EQ(archdoc_model_diagram_layout(mp), "labels,rankdir=LR");
	a = svg(ctx, mp, NULL, ARCHDOC_DIAGRAM_LABEL_NUMBER);
	b = svg(ctx, mu, "labels,rankdir=LR", ARCHDOC_DIAGRAM_LABEL_NUMBER);
	OK(same(a, b));
	archdoc_free(a);
	archdoc_free(b);
	a = svg(ctx, mp, "badges,rankdir=TB", ARCHDOC_DIAGRAM_LABEL_NUMBER);
	b = svg(ctx, mu, "badges,rankdir=TB", ARCHDOC_DIAGRAM_LABEL_NUMBER);
	OK(same(a, b));
	/* and the pin is not what the plain search draws */
	archdoc_free(b);
	b = svg(ctx, mu, NULL, ARCHDOC_DIAGRAM_LABEL_NUMBER);
	archdoc_free(a);
	a = svg(ctx, mp, NULL, ARCHDOC_DIAGRAM_LABEL_NUMBER);
	OK(!same(a, b));
	archdoc_free(a);
	archdoc_free(b);
	archdoc_model_free(mp);
	archdoc_model_free(mu);
}

/* The search shared among processes (archdoc_context_set_jobs) chooses and
 * draws exactly what one process does: the example searched, a fresh
 * context each time so that nothing comes from the layout cache. */
static void test_jobs(void)
{
	char *text[3] = { NULL, NULL, NULL }, *drawn[3] = { NULL, NULL, NULL };
	static const unsigned jobs[3] = { 1, 2, 3 };

	for (int i = 0; i < 3; i++) {
		archdoc_context_options co = ARCHDOC_CONTEXT_OPTIONS_INIT;
		archdoc_context *ctx = NULL;
		archdoc_model *m;

		co.sink = sink;
		INT_EQ(archdoc_context_new(&ctx, &co), 0);
		if (!ctx)
			return;
		archdoc_context_set_jobs(ctx, jobs[i]);
		m = load_file(ctx, EXAMPLE);
		if (m) {
			text[i] = chosen(ctx, m, "badges", ARCHDOC_DIAGRAM_LABEL_NUMBER);
			drawn[i] = svg(ctx, m, "badges", ARCHDOC_DIAGRAM_LABEL_NUMBER);
		}
		archdoc_model_free(m);
		archdoc_context_free(ctx);
	}
	STR_EQ(text[1], text[0]);
	STR_EQ(text[2], text[0]);
	OK(same(drawn[0], drawn[1]));
	OK(same(drawn[0], drawn[2]));
	STR_EQ(text[0], "badges,order=1,flip=1,rankdir=TB,flat=1,ratio=0.55,shape=3ba3d2402db44944,rows=internet/prometheus ingress/lds-vq lds dcu permissions init init-tenant pulse-rs/sip-vq sip tenant ixn ixn-vq redis postgres gws-config auth");
	for (int i = 0; i < 3; i++) {
		archdoc_free(text[i]);
		archdoc_free(drawn[i]);
	}
}

int main(void)
{
	archdoc_context_options co = ARCHDOC_CONTEXT_OPTIONS_INIT;
	archdoc_context *ctx = NULL;

	co.sink = sink;
	INT_EQ(archdoc_context_new(&ctx, &co), 0);
	if (!ctx)
		return 1;
	test_example(ctx);
	test_round_trip(ctx);
	test_wide_round_trip(ctx);
	test_texts(ctx);
	test_model_pin(ctx);
	archdoc_context_free(ctx);
	test_jobs();
	return harness_done();
}
