/*
 * Markdown: a GitHub-flavoured pipe table, one line per row,
 * "| a | b |" with a "| --- |" delimiter row. Cells are not padded to a
 * common width: changing one title then changes one line of a diff, and
 * display widths of CJK text and emoji are not knowable here anyway.
 *
 * Escaping (docs/table.md):
 * - plain text (titles, headers, protocol, port, classification): every
 *   character with inline meaning gets a backslash (\ ` * _ [ ] < & | ~ $),
 *   so the text shows literally;
 * - the data sentence keeps its inline Markdown, except raw HTML, which is
 *   escaped to show as text (as in the HTML output); its pipes are escaped
 *   (as GFM wants, inside code spans too);
 * - both: a line break becomes a space (a row is one line), and a leading
 *   # - + = > or "digits." / "digits)" is escaped so the cell cannot read
 *   as block syntax if it is ever lifted out of the table. These escapes
 *   render exactly as the unescaped characters would inside a cell.
 */
#include <string.h>

#include "markdown.h"
#include "table.h"

/* The length of a leading run of digits followed by '.' or ')', the shape
 * of an ordered list item; 0 when s does not start that way. */
static size_t list_number(const char *s)
{
	size_t n = 0;

	while (s[n] >= '0' && s[n] <= '9')
		n++;
	return n && (s[n] == '.' || s[n] == ')') ? n : 0;
}

static int leading_block_char(char c)
{
	return c == '#' || c == '-' || c == '+' || c == '=' || c == '>';
}

static void put_plain(archdoc_buf *b, const char *s)
{
	size_t num = list_number(s);

	for (const char *p = s; *p; p++) {
		char c = *p;

		if (c == '\n' || c == '\r') {
			archdoc_buf_putc(b, ' ');
			continue;
		}
		if (strchr(ARCHDOC_MARKDOWN_INLINE_SPECIAL, c) || (p == s && leading_block_char(c)) ||
				(num && p == s + num))
			archdoc_buf_putc(b, '\\');
		archdoc_buf_putc(b, c);
	}
}

static void put_markdown(archdoc_buf *b, const char *s)
{
	size_t num = list_number(s), backslashes = 0;

	for (const char *p = s; *p; p++) {
		char c = *p;

		if (c == '\n' || c == '\r') {
			archdoc_buf_putc(b, ' ');
			backslashes = 0;
			continue;
		}
		/* A pipe after an odd run of backslashes is already escaped:
		 * GFM removes one backslash before each pipe of a cell and the
		 * inline parser sees the rest. */
		if ((c == '|' && backslashes % 2 == 0) || (p == s && leading_block_char(c)) ||
				(num && p == s + num))
			archdoc_buf_putc(b, '\\');
		archdoc_buf_putc(b, c);
		backslashes = c == '\\' ? backslashes + 1 : 0;
	}
}

static int md_header_cell(archdoc_table__out *t, size_t index, archdoc_column column, const char *header)
{
	(void)index;
	(void)column;
	archdoc_buf_puts(t->out, "| ");
	put_plain(t->out, header);
	archdoc_buf_putc(t->out, ' ');
	return 0;
}

static int md_body_begin(archdoc_table__out *t)
{
	archdoc_buf_puts(t->out, "|\n");
	for (size_t i = 0; i < t->column_count; i++)
		archdoc_buf_puts(t->out, "| --- ");
	archdoc_buf_puts(t->out, "|\n");
	return 0;
}

static int md_cell(archdoc_table__out *t, const archdoc_connection *conn, const archdoc_table__cell *cell)
{
	(void)conn;
	archdoc_buf_puts(t->out, "| ");
	if (cell->column == ARCHDOC_COLUMN_DATA) {
		archdoc_buf md = ARCHDOC_BUF_INIT;
		int rc = archdoc_markdown__escape_unsafe(&md, cell->text);

		if (rc == 0)
			put_markdown(t->out, md.ptr ? md.ptr : "");
		archdoc_buf_free(&md);
		if (rc < 0)
			return ARCHDOC_ENOMEM;
	} else {
		put_plain(t->out, cell->text);
	}
	archdoc_buf_putc(t->out, ' ');
	return 0;
}

static int md_row_end(archdoc_table__out *t, const archdoc_connection *conn)
{
	(void)conn;
	archdoc_buf_puts(t->out, "|\n");
	return 0;
}

const archdoc_table__backend archdoc_table__markdown = {
	ARCHDOC_TABLE_MARKDOWN, "md", "markdown", "md", "text/markdown",
	NULL, md_header_cell, md_body_begin, NULL, md_cell, md_row_end, NULL
};
