/*
 * Output safety: every hostile fixture (arguments: model files) is
 * rendered to everything archdoc writes as SVG or HTML, and each output is
 * parsed with libxml2 and checked by hostile/safety.h: no script,
 * foreignObject, event-handler attribute, javascript:/vbscript:/data: URL,
 * nothing that loads a resource, no external link but the --link-base
 * asked for (and, in HTML, links the model's author wrote in Markdown:
 * relative, http(s) or mailto, which a reader must click).
 *
 * Per fixture:
 *   table HTML fragment, plain and with --link-diagram
 *   diagram SVG: default; with a legend, number+protocol+port badges and
 *     links to https://docs.example.com/arch.html (the only external URL
 *     allowed); with same-page links (link base "")
 *   standalone page (diagram inline, table, description)
 *   Markdown table: one line per connection with the right cells, no raw
 *     HTML in a data cell (hostile/md_table.h)
 * and the link bases a caller could pass that must be refused.
 *
 * Bounds: CTest's TIMEOUT (120 s, CMakeLists.txt) is the hang guard;
 * without sanitizers the process's peak resident memory must stay under
 * 512 MiB. One archdoc context for the whole run (Graphviz 2.42 must not see
 * a second context in one process).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "archdoc/archdoc.h"
#include "harness.h"
#include "hostile/md_table.h"
#include "hostile/safety.h"

#define LINK_BASE "https://docs.example.com/arch.html"

static void sink(const archdoc_diag *d, void *payload)
{
	(void)payload;
	if (d->severity == ARCHDOC_SEVERITY_ERROR)
		fprintf(stderr, "  %s:%u:%u: %s [%s]\n", d->loc.file ? d->loc.file : "?", d->loc.line,
				d->loc.col, d->message, d->rule);
}

static void expect_safe(const char *fixture, const char *what, const char *out, size_t len,
		unsigned flags, const char *allowed)
{
	char why[512];
	int problems = safety_check(out, len, flags, allowed, why, sizeof(why));

	if (problems)
		fprintf(stderr, "%s: %s: %d problem(s), first: %s\n", fixture, what, problems, why);
	OK(problems == 0);
}

static void table_html(archdoc_context *ctx, const char *path, const archdoc_model *m, uint32_t flags)
{
	archdoc_table_options o = ARCHDOC_TABLE_OPTIONS_INIT;
	char *out = NULL;
	size_t len = 0;

	o.format = ARCHDOC_TABLE_HTML;
	o.flags = flags | ARCHDOC_TABLE_DEFAULT_COLUMNS_FIT;
	INT_EQ(archdoc_table_render(&out, &len, ctx, m, &o), 0);
	if (out)
		expect_safe(path, flags ? "table HTML, linked" : "table HTML", out, len,
				SAFETY_HTML | SAFETY_AUTHOR_LINKS, NULL);
	archdoc_free(out);
}

static void table_md(archdoc_context *ctx, const char *path, const archdoc_model *m)
{
	archdoc_table_options o = ARCHDOC_TABLE_OPTIONS_INIT;
	const archdoc_column *cols;
	size_t ncols = archdoc_model_table_columns(m, &cols), k = 0;
	archdoc_column fitted[ARCHDOC_COLUMN__COUNT];
	long data_col = -1;
	char *out = NULL;
	size_t len = 0;
	const char *problem;

	for (size_t i = 0; i < ncols; i++)
		if (cols[i] != ARCHDOC_COLUMN_CLASSIFICATION || archdoc_model_has_classification(m))
			fitted[k++] = cols[i];
	for (size_t i = 0; i < k; i++)
		if (fitted[i] == ARCHDOC_COLUMN_DATA)
			data_col = (long)i;
	o.flags = ARCHDOC_TABLE_DEFAULT_COLUMNS_FIT;
	INT_EQ(archdoc_table_render(&out, &len, ctx, m, &o), 0);
	if (out) {
		problem = md_table_problem(out, len, archdoc_model_connection_count(m), k, data_col);
		if (problem)
			fprintf(stderr, "%s: Markdown table: %s\n", path, problem);
		OK(problem == NULL);
	}
	archdoc_free(out);
}

static void diagram(archdoc_context *ctx, const char *path, const archdoc_model *m, const char *link_base,
		uint32_t flags, archdoc_diagram_label label)
{
	archdoc_diagram_options o;
	char *out = NULL, what[128];
	size_t len = 0;

	archdoc_diagram_options_init(&o);
	o.format = ARCHDOC_DIAGRAM_SVG;
	o.link_base = link_base;
	o.flags = flags;
	o.label = label;
	INT_EQ(archdoc_diagram_render(&out, &len, ctx, m, &o), 0);
	snprintf(what, sizeof(what), "SVG (link base %s%s%s)", link_base ? "\"" : "",
			link_base ? link_base : "none", link_base ? "\"" : "");
	if (out)
		expect_safe(path, what, out, len, 0, link_base && *link_base ? link_base : NULL);
	archdoc_free(out);
}

static void page(archdoc_context *ctx, const char *path, const archdoc_model *m)
{
	archdoc_page_options o = ARCHDOC_PAGE_OPTIONS_INIT;
	char *out = NULL;
	size_t len = 0;

	o.diagram_flags = ARCHDOC_DIAGRAM_LEGEND;
	INT_EQ(archdoc_page_render(&out, &len, ctx, m, &o), 0);
	if (out)
		expect_safe(path, "standalone page", out, len, SAFETY_HTML | SAFETY_AUTHOR_LINKS, NULL);
	archdoc_free(out);
}

/* The checker itself must catch what it is there for. */
static void checker_catches(void)
{
	static const char *const bad_svg[] = {
		"<svg xmlns='http://www.w3.org/2000/svg'><script>x()</script></svg>",
		"<svg xmlns='http://www.w3.org/2000/svg'><foreignObject/></svg>",
		"<svg xmlns='http://www.w3.org/2000/svg' onload='x()'/>",
		"<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink'>"
			"<a xlink:href=' java&#9;script:x()'>t</a></svg>",
		"<svg xmlns='http://www.w3.org/2000/svg'><a href='https://evil.example/'>t</a></svg>",
		"<svg xmlns='http://www.w3.org/2000/svg'><image href='https://evil.example/p.png'/></svg>",
		"<svg xmlns='http://www.w3.org/2000/svg'><use href='https://evil.example/s.svg#x'/></svg>",
		"<svg xmlns='http://www.w3.org/2000/svg'><style>@import 'https://evil.example/x.css';</style></svg>",
		"<svg xmlns='http://www.w3.org/2000/svg'><g style='fill:url(https://evil.example/f)'/></svg>",
		"<svg xmlns='http://www.w3.org/2000/svg'><set attributeName='href' to='javascript:x()'/></svg>",
		"<?xml-stylesheet href='https://evil.example/x.css'?><svg xmlns='http://www.w3.org/2000/svg'/>",
		"<!DOCTYPE svg SYSTEM 'https://evil.example/x.dtd'><svg xmlns='http://www.w3.org/2000/svg'/>",
		"<svg xmlns='http://www.w3.org/2000/svg'><a href='data:text/html,x'>t</a></svg>",
		"<svg xmlns='http://www.w3.org/2000/svg'><text>x</text>",   /* not well-formed */
		NULL
	};
	static const char *const bad_html[] = {
		"<table><tr><td><SCRIPT>x()</SCRIPT></td></tr></table>",
		"<table><tr><td><img src='https://tracker.example/p.gif'></td></tr></table>",
		"<table><tr><td><a href='javascript:x()'>t</a></td></tr></table>",
		"<table><tr><td><a href='VBScript:x()'>t</a></td></tr></table>",
		"<table><tr><td><a href='data:text/html,x'>t</a></td></tr></table>",
		"<table><tr><td onmouseover='x()'>t</td></tr></table>",
		"<table><tr><td><iframe srcdoc='x'></iframe></td></tr></table>",
		"<p><a href='tel:1'>t</a></p>",
		"<style>body{background:url(https://evil.example/b)}</style>",
		"<meta http-equiv='refresh' content='0;url=https://evil.example/'>",
		NULL
	};
	static const char good_svg[] = "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink'>"
		"<style>.a{fill:url(#g)}</style><a xlink:href='#m-row-1'>1</a>"
		"<a href='" LINK_BASE "#m-row-2'>2</a><text>&lt;script&gt; javascript:x()</text></svg>";
	static const char good_html[] = "<table><tr><td><a href='https://example.com/'>x</a> <a href='../a.html'>y</a>"
		" &lt;script&gt;x()&lt;/script&gt; onload=x()</td></tr></table>";

	for (int i = 0; bad_svg[i]; i++) {
		int problems = safety_check(bad_svg[i], strlen(bad_svg[i]), 0, LINK_BASE, NULL, 0);

		if (!problems)
			fprintf(stderr, "the checker missed: %s\n", bad_svg[i]);
		OK(problems > 0);
	}
	for (int i = 0; bad_html[i]; i++) {
		int problems = safety_check(bad_html[i], strlen(bad_html[i]), SAFETY_HTML | SAFETY_AUTHOR_LINKS,
				NULL, NULL, 0);

		if (!problems)
			fprintf(stderr, "the checker missed: %s\n", bad_html[i]);
		OK(problems > 0);
	}
	INT_EQ(safety_check(good_svg, strlen(good_svg), 0, LINK_BASE, NULL, 0), 0);
	INT_EQ(safety_check(good_html, strlen(good_html), SAFETY_HTML | SAFETY_AUTHOR_LINKS, NULL, NULL, 0), 0);
	/* the same SVG without the allowed prefix: the external link counts */
	INT_EQ(safety_check(good_svg, strlen(good_svg), 0, NULL, NULL, 0), 1);
}

/* Link bases a caller might pass from untrusted configuration. */
static void link_bases(void)
{
	static const char *const refused[] = {
		"javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
		"vbscript:msgbox(1)", "data:text/html,x", "file:///etc/passwd", "a\"onload=\"x()", "a b",
		"x#y", "a\nb", NULL
	};
	static const char *const accepted[] = { "", "arch.html", "../docs/arch.html", LINK_BASE, NULL };

	for (int i = 0; refused[i]; i++) {
		if (!archdoc_diagram_check_link_base(refused[i]))
			fprintf(stderr, "link base accepted: %s\n", refused[i]);
		OK(archdoc_diagram_check_link_base(refused[i]) != NULL);
	}
	for (int i = 0; accepted[i]; i++)
		OK(archdoc_diagram_check_link_base(accepted[i]) == NULL);
}

static long peak_rss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
	archdoc_context_options co = ARCHDOC_CONTEXT_OPTIONS_INIT;
	archdoc_context *ctx = NULL;

	checker_catches();
	link_bases();
	co.sink = sink;
	OK(archdoc_context_new(&ctx, &co) == 0);
	OK(argc > 1);
	for (int i = 1; i < argc; i++) {
		archdoc_model *m = NULL;

		INT_EQ(archdoc_model_load_file(&m, ctx, argv[i]), 0);
		if (!m)
			continue;
		table_html(ctx, argv[i], m, 0);
		table_html(ctx, argv[i], m, ARCHDOC_TABLE_LINK_DIAGRAM);
		table_md(ctx, argv[i], m);
		diagram(ctx, argv[i], m, NULL, 0, ARCHDOC_DIAGRAM_LABEL_NUMBER);
		diagram(ctx, argv[i], m, LINK_BASE, ARCHDOC_DIAGRAM_LEGEND, ARCHDOC_DIAGRAM_LABEL_NUMBER_PROTOCOL_PORT);
		diagram(ctx, argv[i], m, "", 0, ARCHDOC_DIAGRAM_LABEL_NUMBER_PORT);
		page(ctx, argv[i], m);
		archdoc_model_free(m);
	}
	archdoc_context_free(ctx);
#ifndef ARCHDOC_UNDER_SANITIZER
	OK(peak_rss_kib() < 512L * 1024L);
#endif
	printf("%d fixtures, peak RSS %ld KiB\n", argc - 1, peak_rss_kib());
	return harness_done();
}
