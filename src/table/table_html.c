/*
 * HTML: a <table> fragment (UTF-8, LF line ends) that a page can hold
 * several of: ids carry the model id (MODEL-connections, MODEL-row-N).
 * Text is escaped for both element content and attribute values; the data
 * sentence is rendered by cmark in safe mode (markdown.h), its raw HTML
 * shown as text as in the Markdown output. Each cell
 * carries its column's name as a class (archdoc-col-NAME) for styling.
 */
#include "table.h"
#include "html.h"
#include "markdown.h"

#define put_text archdoc_html__escape

static int html_begin(archdoc_table__out *t)
{
	archdoc_buf_puts(t->out, "<table class=\"archdoc-connections\" id=\"");
	put_text(t->out, archdoc_model_id(t->model));
	archdoc_buf_puts(t->out, "-connections\">\n<caption>");
	put_text(t->out, archdoc_model_title(t->model));
	archdoc_buf_puts(t->out, "</caption>\n<thead>\n<tr>\n");
	return 0;
}

static int html_header_cell(archdoc_table__out *t, size_t index, archdoc_column column, const char *header)
{
	(void)index;
	archdoc_buf_printf(t->out, "  <th scope=\"col\" class=\"archdoc-col-%s\">", archdoc_column_name(column));
	put_text(t->out, header);
	archdoc_buf_puts(t->out, "</th>\n");
	return 0;
}

static int html_body_begin(archdoc_table__out *t)
{
	archdoc_buf_puts(t->out, "</tr>\n</thead>\n<tbody>\n");
	return 0;
}

static int html_row_begin(archdoc_table__out *t, const archdoc_connection *conn)
{
	archdoc_buf_puts(t->out, "<tr id=\"");
	put_text(t->out, archdoc_model_id(t->model));
	archdoc_buf_printf(t->out, "-row-%u\">\n", archdoc_connection_number(conn));
	return 0;
}

static int html_cell(archdoc_table__out *t, const archdoc_connection *conn, const archdoc_table__cell *cell)
{
	archdoc_buf_printf(t->out, "  <td class=\"archdoc-col-%s\">", archdoc_column_name(cell->column));
	if (cell->column == ARCHDOC_COLUMN_DATA) {
		archdoc_buf md = ARCHDOC_BUF_INIT;
		int rc = archdoc_markdown__escape_unsafe(&md, cell->text);

		if (rc == 0)
			rc = archdoc_markdown__inline_html(t->out, md.ptr ? md.ptr : "");
		archdoc_buf_free(&md);
		if (rc < 0)
			return ARCHDOC_ENOMEM;
	} else if (cell->column == ARCHDOC_COLUMN_NUMBER && (t->flags & ARCHDOC_TABLE_LINK_DIAGRAM)) {
		archdoc_buf_puts(t->out, "<a href=\"#");
		put_text(t->out, archdoc_model_id(t->model));
		archdoc_buf_printf(t->out, "-connection-%u\">", archdoc_connection_number(conn));
		put_text(t->out, cell->text);
		archdoc_buf_puts(t->out, "</a>");
	} else {
		put_text(t->out, cell->text);
	}
	archdoc_buf_puts(t->out, "</td>\n");
	return 0;
}

static int html_row_end(archdoc_table__out *t, const archdoc_connection *conn)
{
	(void)conn;
	archdoc_buf_puts(t->out, "</tr>\n");
	return 0;
}

static int html_end(archdoc_table__out *t)
{
	archdoc_buf_puts(t->out, "</tbody>\n</table>\n");
	return 0;
}

const archdoc_table__backend archdoc_table__html = {
	ARCHDOC_TABLE_HTML, "html", NULL, "html", "text/html",
	html_begin, html_header_cell, html_body_begin, html_row_begin, html_cell, html_row_end, html_end
};
