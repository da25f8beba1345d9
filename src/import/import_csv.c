/*
 * CSV (RFC 4180): fields separated by commas, records by CRLF or LF,
 * fields in double quotes may hold separators, line breaks and doubled
 * quotes. Spreadsheets in some locales write ';' and some tools tab, so
 * the separator is the one of ',', ';' and tab found most often outside
 * quotes in the first record. The first non-empty record is the header.
 * Cells are plain text; a data cell is taken as Markdown, as `archdoc
 * table -f csv` writes it.
 */
#include <string.h>

#include "import.h"

#include "array.h"

#define E ARCHDOC_SEVERITY_ERROR
#define W ARCHDOC_SEVERITY_WARNING

typedef struct field {
	size_t start;          /* offset of the field's first byte (its quote, if quoted) */
	char *text;            /* unquoted content (arena) */
	size_t len;
} field;

typedef struct csv {
	archdoc_import__doc *d;
	const char *s;
	size_t len, pos;
	char sep;
} csv;

static char pick_separator(const char *s, size_t pos, size_t len)
{
	size_t comma = 0, semi = 0, tab = 0;
	int quoted = 0;

	for (; pos < len; pos++) {
		char c = s[pos];

		if (c == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (c == '\n' || c == '\r')
			break;
		else if (c == ',')
			comma++;
		else if (c == ';')
			semi++;
		else if (c == '\t')
			tab++;
	}
	if (semi > comma && semi >= tab)
		return ';';
	if (tab > comma && tab > semi)
		return '\t';
	return ',';
}

/* One field at c->pos. Returns 1 when the record goes on after it, 0 at
 * its end; negative on a limit or out of memory. */
static int next_field(csv *c, field *f)
{
	archdoc_import__doc *d = c->d;
	const char *s = c->s;
	size_t p = c->pos, o = 0;
	char *out;

	f->start = p;
	if (p < c->len && s[p] == '"') {
		size_t q = p + 1, cap;

		/* size the copy first: the content is at most what runs to the closing quote */
		while (q < c->len && !(s[q] == '"' && (q + 1 >= c->len || s[q + 1] != '"')))
			q += s[q] == '"' ? 2 : 1;
		cap = q - p;
		if (cap > ARCHDOC_IMPORT_MAX_CELL)
			goto too_long;
		out = archdoc_arena_alloc(d->arena, cap + 1);
		if (!out)
			return ARCHDOC_ENOMEM;
		for (p++; p < q; p++) {
			out[o++] = s[p];
			if (s[p] == '"')
				p++;
		}
		if (q >= c->len) {
			archdoc_location at = archdoc_import__where(d, f->start);

			archdoc_import__report(d, W, "import-bad-row", at.line, at.col,
					"the quoted field that starts here has no closing quote; it is read to the end "
					"of the input");
			p = c->len;
		} else {
			p = q + 1;
			/* text between the closing quote and the separator: kept, as
			 * spreadsheets do */
			if (p < c->len && s[p] != c->sep && s[p] != '\n' && s[p] != '\r') {
				size_t e = p;
				char *grown;

				while (e < c->len && s[e] != c->sep && s[e] != '\n' && s[e] != '\r')
					e++;
				if (o + (e - p) > ARCHDOC_IMPORT_MAX_CELL)
					goto too_long;
				grown = archdoc_arena_alloc(d->arena, o + (e - p) + 1);
				if (!grown)
					return ARCHDOC_ENOMEM;
				memcpy(grown, out, o);
				memcpy(grown + o, s + p, e - p);
				o += e - p;
				out = grown;
				p = e;
			}
		}
	} else {
		size_t e = p;

		while (e < c->len && s[e] != c->sep && s[e] != '\n' && s[e] != '\r')
			e++;
		if (e - p > ARCHDOC_IMPORT_MAX_CELL)
			goto too_long;
		out = archdoc_arena_strndup(d->arena, s + p, e - p);
		if (!out)
			return ARCHDOC_ENOMEM;
		o = e - p;
		p = e;
	}
	out[o] = '\0';
	f->text = out;
	f->len = o;
	if (p < c->len && s[p] == c->sep) {
		c->pos = p + 1;
		return 1;
	}
	if (p < c->len && s[p] == '\r')
		p++;
	if (p < c->len && s[p] == '\n')
		p++;
	c->pos = p;
	return 0;
too_long:
	{
		archdoc_location at = archdoc_import__where(d, f->start);

		archdoc_import__report(d, E, "import-limit", at.line, at.col,
				"the field is longer than the limit of %zu bytes; shorten it", ARCHDOC_IMPORT_MAX_CELL);
	}
	return ARCHDOC_ELIMIT;
}

/* One record into row, keeping at most keep cells. Returns 0, or a
 * negative code. *empty is set when the record has no text at all. */
static int next_record(csv *c, size_t keep, archdoc_import__row *row, int *empty)
{
	archdoc_import__doc *d = c->d;
	size_t cap = keep < 16 ? keep : 16;
	archdoc_location at = archdoc_import__where(d, c->pos);
	int more;

	memset(row, 0, sizeof(*row));
	row->line = at.line;
	row->col = at.col;
	*empty = 1;
	row->cells = archdoc_arena_calloc(d->arena, cap ? cap : 1, sizeof(*row->cells));
	if (!row->cells)
		return ARCHDOC_ENOMEM;
	do {
		field f;
		archdoc_import__cell *cell;

		more = next_field(c, &f);
		if (more < 0)
			return more;
		row->found++;
		if (f.len)
			*empty = 0;
		if (row->count >= keep) {
			if (!row->extra && f.len) {
				row->extra = archdoc_import__plain(d, f.text, f.len);
				if (!row->extra)
					return ARCHDOC_ENOMEM;
				if (!*row->extra)
					row->extra = NULL;
			}
			continue;
		}
		if (row->count == cap) {
			/* in the arena, with the rest of the import */
			size_t ncap = archdoc_array_next_cap(cap, cap + 1, sizeof(*row->cells), 16, 0);
			archdoc_import__cell *grown = ncap ? archdoc_arena_calloc(d->arena, ncap, sizeof(*grown)) : NULL;

			if (!grown)
				return ARCHDOC_ENOMEM;
			memcpy(grown, row->cells, cap * sizeof(*grown));
			row->cells = grown;
			cap = ncap;
		}
		cell = &row->cells[row->count++];
		at = archdoc_import__where(d, f.start);
		cell->line = at.line;
		cell->col = at.col;
		cell->text = archdoc_import__plain(d, f.text, f.len);
		cell->md = archdoc_import__md(d, f.text, f.len);
		cell->lines = archdoc_import__lines(d, f.text, f.len, 1);
		if (!cell->text || !cell->md || d->oom)
			return ARCHDOC_ENOMEM;
	} while (more && c->pos <= c->len);
	/* every cell empty after clean-up: the record says nothing */
	if (!*empty) {
		int any = row->extra != NULL;

		for (size_t i = 0; i < row->count; i++)
			any |= *row->cells[i].text != '\0';
		*empty = !any;
	}
	return 0;
}

static int csv_read(archdoc_import__doc *d, archdoc_import__table *t)
{
	csv c;
	int rc, empty = 1;

	memset(&c, 0, sizeof(c));
	c.d = d;
	c.s = d->src.data;
	c.len = d->src.len;
	c.pos = d->start;
	if (d->want > 1) {
		archdoc_import__report(d, E, "import-no-table", 0, 0,
				"there is no table %u: a CSV file holds one table", d->want);
		return ARCHDOC_ENOTFOUND;
	}
	/* skip blank lines before the header */
	while (c.pos < c.len && (c.s[c.pos] == '\n' || c.s[c.pos] == '\r'))
		c.pos++;
	c.sep = pick_separator(c.s, c.pos, c.len);
	while (empty && c.pos < c.len) {
		rc = next_record(&c, ARCHDOC_IMPORT_MAX_COLUMNS, &t->header, &empty);
		if (rc)
			return rc;
	}
	if (t->header.found > ARCHDOC_IMPORT_MAX_COLUMNS) {
		archdoc_import__report(d, E, "import-limit", t->header.line, t->header.col,
				"the header has %zu fields, over the limit of %u", t->header.found,
				ARCHDOC_IMPORT_MAX_COLUMNS);
		return ARCHDOC_ELIMIT;
	}
	t->number = 1;
	if (empty || !archdoc_import__header_fits(d, &t->header)) {
		archdoc_import__report(d, E, "import-no-table", empty ? 0 : t->header.line, empty ? 0 : 1,
				empty ? "the CSV file is empty"
				      : "the first record does not look like the header of a connections table: it "
					"needs a source, destination or \"what's connecting\" column and one more known "
					"column (docs/import.md lists the header words)");
		return ARCHDOC_ENOTFOUND;
	}
	while (c.pos < c.len) {
		archdoc_import__row row;

		rc = next_record(&c, t->header.count, &row, &empty);
		if (rc)
			return rc;
		if (empty)
			continue;
		rc = archdoc_import__push_row(d, t, &row);
		if (rc)
			return rc;
	}
	return 0;
}

const archdoc_import__reader archdoc_import__csv = {
	ARCHDOC_IMPORT_CSV, "csv", csv_read
};
