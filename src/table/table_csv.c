/*
 * CSV as RFC 4180 has it: header row first, CRLF after every record, a
 * field in double quotes when it holds a comma, a double quote, CR or LF,
 * or starts or ends with white space (which some readers trim), with inner
 * double quotes doubled. UTF-8, no byte-order mark. The data cell is the
 * sentence's Markdown source.
 *
 * Cells are the model's text exactly, even one starting with "=": a CSV
 * file is data, and changing it would break every other reader. With
 * ARCHDOC_TABLE_CSV_GUARD_FORMULAS a cell starting with = + - @ tab or CR
 * gets a leading single quote, which spreadsheets show as text.
 * With a single column, an empty field is written "" so its record is not
 * a blank line.
 */
#include <string.h>

#include "table.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static void put_field(archdoc_table__out *t, const char *s)
{
	archdoc_buf *b = t->out;
	size_t n = strlen(s);
	int guard = (t->flags & ARCHDOC_TABLE_CSV_GUARD_FORMULAS) && n && strchr("=+-@\t\r", s[0]);
	int quote = strpbrk(s, ",\"\r\n") != NULL || (n && (is_blank(s[0]) || is_blank(s[n - 1])));

	/* a record of one empty field would be a blank line, which many
	 * readers skip */
	if (n == 0 && t->column_count == 1)
		quote = 1;

	if (quote)
		archdoc_buf_putc(b, '"');
	if (guard)
		archdoc_buf_putc(b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			archdoc_buf_putc(b, '"');
		archdoc_buf_putc(b, *p);
	}
	if (quote)
		archdoc_buf_putc(b, '"');
}

static int csv_header_cell(archdoc_table__out *t, size_t index, archdoc_column column, const char *header)
{
	(void)column;
	if (index)
		archdoc_buf_putc(t->out, ',');
	put_field(t, header);
	return 0;
}

static int csv_record_end(archdoc_table__out *t)
{
	archdoc_buf_puts(t->out, "\r\n");
	return 0;
}

static int csv_cell(archdoc_table__out *t, const archdoc_connection *conn, const archdoc_table__cell *cell)
{
	(void)conn;
	if (cell->index)
		archdoc_buf_putc(t->out, ',');
	put_field(t, cell->text);
	return 0;
}

static int csv_row_end(archdoc_table__out *t, const archdoc_connection *conn)
{
	(void)conn;
	return csv_record_end(t);
}

const archdoc_table__backend archdoc_table__csv = {
	ARCHDOC_TABLE_CSV, "csv", NULL, "csv", "text/csv",
	NULL, csv_header_cell, csv_record_end, NULL, csv_cell, csv_row_end, NULL
};
