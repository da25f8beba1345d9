/*
 * The standalone page: title, description, the diagram inline, the table,
 * linked both ways. Everything it shows comes from the other backends (the
 * diagram's SVG, the table's HTML fragment, cmark for the description), so
 * the page cannot disagree with them.
 *
 * The page uses only elements that every HTML parser knows (no <main>,
 * <figure>, <section>: libxml2's HTML parser, which archdoc and many docs
 * tools use, predates them) and is also well-formed XML, so it survives
 * both kinds of tooling. Roles give screen readers the landmarks instead.
 */
#include <stdlib.h>
#include <string.h>

#include "archdoc/errors.h"
#include "archdoc/page.h"
#include "archdoc/table.h"
#include "buf.h"
#include "html.h"
#include "markdown.h"
#include "model.h"

/* The page's own look. The diagram brings its theme (CSS custom properties
 * on svg.archdoc); the page picks the same palette for the table, so both
 * halves match in light and dark mode. */
static const char page_css[] =
	":root{color-scheme:light dark;--page-bg:#ffffff;--page-text:#1f2933;--page-muted:#52606d;"
	"--page-rule:#cbd2d9;--page-head:#f3f5f8;--page-stripe:#f8f9fb;--page-link:#1d4f91;"
	"--page-target:#fff1e0;--page-target-rule:#d9480f}\n"
	"@media (prefers-color-scheme: dark){:root{--page-bg:#16191d;--page-text:#e4e7eb;"
	"--page-muted:#aab4bf;--page-rule:#3e4c59;--page-head:#1d2227;--page-stripe:#1a1e23;"
	"--page-link:#8ab4f8;--page-target:#3a2a1a;--page-target-rule:#ffa94d}}\n"
	"body{margin:0;background:var(--page-bg);color:var(--page-text);"
	"font:16px/1.5 \"DejaVu Sans\",system-ui,-apple-system,\"Segoe UI\",sans-serif}\n"
	".archdoc-page{max-width:1400px;margin:0 auto;padding:24px 32px 48px}\n"
	".archdoc-page h1{font-size:1.8em;line-height:1.2;margin:0 0 .5em}\n"
	".archdoc-page h2{font-size:1.3em;margin:1.6em 0 .6em}\n"
	".archdoc-description{max-width:60em;color:var(--page-text)}\n"
	".archdoc-page a{color:var(--page-link)}\n"
	".archdoc-diagram{margin:1em 0;overflow-x:auto}\n"
	".archdoc-diagram svg{display:block;max-width:100%;height:auto}\n"
	".archdoc-diagram-caption,.archdoc-footer{color:var(--page-muted);font-size:.875em}\n"
	".archdoc-connections{border-collapse:collapse;width:100%;font-size:.9em}\n"
	".archdoc-connections caption{text-align:left;font-weight:bold;padding:.4em 0}\n"
	".archdoc-connections th,.archdoc-connections td{border:1px solid var(--page-rule);"
	"padding:.35em .6em;text-align:left;vertical-align:top}\n"
	".archdoc-connections thead th{background:var(--page-head);position:sticky;top:0}\n"
	".archdoc-connections tbody tr:nth-child(even){background:var(--page-stripe)}\n"
	".archdoc-connections td.archdoc-col-number{text-align:right;white-space:nowrap}\n"
	".archdoc-connections td.archdoc-col-port{white-space:nowrap}\n"
	".archdoc-connections tbody tr:target{background:var(--page-target);"
	"outline:2px solid var(--page-target-rule)}\n"
	".archdoc-connections tr{scroll-margin-top:3em}\n"
	"g.connection{scroll-margin:6em}\n"
	"@media print{:root{--page-bg:#ffffff;--page-text:#000000;--page-muted:#333333;"
	"--page-rule:#999999;--page-head:#eeeeee;--page-stripe:#ffffff;--page-link:#000000}"
	".archdoc-page{max-width:none;padding:0}.archdoc-page a{text-decoration:none}"
	".archdoc-diagram{overflow:visible;break-inside:avoid}"
	".archdoc-connections thead{display:table-header-group}"
	".archdoc-connections tr{break-inside:avoid}}\n";

#define put_text archdoc_html__escape

/* "MODEL.html" or "MODEL.view-VIEW.html": the names render -o DIR gives. */
static void put_page_name(archdoc_buf *b, const archdoc_model *m, const archdoc_view *v)
{
	put_text(b, archdoc_model_id(m));
	if (v) {
		archdoc_buf_puts(b, ".view-");
		put_text(b, archdoc_view_id(v));
	}
	archdoc_buf_puts(b, ".html");
}

/*
 * The model's views, each a page of its own beside this one (plain links,
 * no script; a div with a role: libxml2's HTML 4 parser knows no nav); on
 * a view's page, the way back to the whole model and the other views.
 */
static void put_views(archdoc_buf *b, const archdoc_model *m)
{
	const archdoc_model *whole = m->parent ? m->parent : m;
	const archdoc_view *shown = archdoc_model_shown_view(m);
	size_t n = archdoc_model_view_count(whole);

	if (!n)
		return;
	archdoc_buf_puts(b, "<div class=\"archdoc-views\" role=\"navigation\" aria-labelledby=\"");
	put_text(b, archdoc_model_id(m));
	archdoc_buf_puts(b, "-views-heading\">\n<h2 id=\"");
	put_text(b, archdoc_model_id(m));
	archdoc_buf_puts(b, "-views-heading\">Views</h2>\n<ul>\n<li>");
	if (shown) {
		archdoc_buf_puts(b, "<a href=\"");
		put_page_name(b, whole, NULL);
		archdoc_buf_puts(b, "\">The whole model</a>");
	} else {
		archdoc_buf_puts(b, "<strong aria-current=\"page\">The whole model</strong>");
	}
	archdoc_buf_puts(b, "</li>\n");
	for (size_t i = 0; i < n; i++) {
		const archdoc_view *v = archdoc_model_view(whole, i);

		archdoc_buf_puts(b, "<li>");
		if (v == shown) {
			archdoc_buf_puts(b, "<strong aria-current=\"page\">");
			put_text(b, archdoc_view_title(v));
			archdoc_buf_puts(b, "</strong>");
		} else {
			archdoc_buf_puts(b, "<a href=\"");
			put_page_name(b, whole, v);
			archdoc_buf_puts(b, "\">");
			put_text(b, archdoc_view_title(v));
			archdoc_buf_puts(b, "</a>");
		}
		archdoc_buf_puts(b, "</li>\n");
	}
	archdoc_buf_puts(b, "</ul>\n</div>\n");
}

int archdoc_page_render(char **out, size_t *out_len, archdoc_context *ctx,
		const archdoc_model *m, const archdoc_page_options *opts)
{
	archdoc_page_options defaults = ARCHDOC_PAGE_OPTIONS_INIT;
	archdoc_diagram_options dopts = ARCHDOC_DIAGRAM_OPTIONS_INIT;
	archdoc_table_options topts = ARCHDOC_TABLE_OPTIONS_INIT;
	archdoc_buf b = ARCHDOC_BUF_INIT;
	char *svg = NULL, *table = NULL;
	size_t svg_len = 0, table_len = 0;
	const char *id = archdoc_model_id(m);
	int rc;

	*out = NULL;
	if (out_len)
		*out_len = 0;
	if (!opts)
		opts = &defaults;
	if (opts->version != ARCHDOC_PAGE_OPTIONS_VERSION)
		return ARCHDOC_EUSAGE;

	/* numbers in the diagram link to the rows on this page ("" base) */
	dopts.format = ARCHDOC_DIAGRAM_SVG;
	dopts.label = opts->label;
	/* the page has the title as its heading: no caption in the drawing */
	dopts.flags = opts->diagram_flags | ARCHDOC_DIAGRAM_NO_XML_DECLARATION | ARCHDOC_DIAGRAM_NO_TITLE;
	dopts.link_base = "";
	dopts.layout = opts->layout;
	rc = archdoc_diagram_render(&svg, &svg_len, ctx, m, &dopts);
	if (rc)
		goto done;
	/* and each row's number links back to its connection */
	topts.format = ARCHDOC_TABLE_HTML;
	topts.columns = opts->columns;
	topts.column_count = opts->column_count;
	topts.flags = ARCHDOC_TABLE_LINK_DIAGRAM | ARCHDOC_TABLE_DEFAULT_COLUMNS_FIT;
	rc = archdoc_table_render(&table, &table_len, ctx, m, &topts);
	if (rc)
		goto done;

	archdoc_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
			"<meta charset=\"utf-8\" />\n"
			"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n"
			"<meta name=\"generator\" content=\"archdoc\" />\n<title>");
	put_text(&b, archdoc_model_title(m));
	archdoc_buf_puts(&b, "</title>\n<style>\n");
	archdoc_buf_puts(&b, page_css);
	archdoc_buf_puts(&b, "</style>\n</head>\n<body>\n<div class=\"archdoc-page\" role=\"main\" id=\"");
	put_text(&b, id);
	archdoc_buf_puts(&b, "-page\">\n<h1>");
	put_text(&b, archdoc_model_title(m));
	archdoc_buf_puts(&b, "</h1>\n");
	if (archdoc_model_description(m)) {
		archdoc_buf_puts(&b, "<div class=\"archdoc-description\">\n");
		archdoc_markdown__block_html(&b, archdoc_model_description(m));
		archdoc_buf_puts(&b, "</div>\n");
	}
	put_views(&b, m);
	archdoc_buf_puts(&b, "<h2 id=\"");
	put_text(&b, id);
	archdoc_buf_puts(&b, "-diagram-heading\">Architecture diagram</h2>\n"
			"<div class=\"archdoc-diagram\" role=\"figure\" aria-labelledby=\"");
	put_text(&b, id);
	archdoc_buf_puts(&b, "-diagram-heading\">\n");
	archdoc_buf_put(&b, svg, svg_len);
	if (svg_len && svg[svg_len - 1] != '\n')
		archdoc_buf_putc(&b, '\n');
	archdoc_buf_puts(&b, "<p class=\"archdoc-diagram-caption\">Select a number in the diagram to "
			"see its row in the table; select a row's number to find its connection in the "
			"diagram.</p>\n</div>\n<h2 id=\"");
	put_text(&b, id);
	archdoc_buf_puts(&b, "-table-heading\">Connections</h2>\n");
	archdoc_buf_put(&b, table, table_len);
	archdoc_buf_puts(&b, "<p class=\"archdoc-footer\">Diagram and table generated by archdoc from one "
			"model, so they always agree.</p>\n</div>\n</body>\n</html>\n");
	if (b.failed) {
		rc = ARCHDOC_ENOMEM;
		goto done;
	}
	*out = archdoc_buf_detach(&b, out_len);
	rc = *out ? 0 : ARCHDOC_ENOMEM;
done:
	archdoc_free(svg);
	archdoc_free(table);
	archdoc_buf_free(&b);
	return rc;
}
