/*
 * Markdown: GitHub-flavoured pipe tables, found without a full Markdown
 * parser. A table is a header line with a pipe, then a delimiter row
 * ("---|:---:|"), then rows until a blank line or another block. Cells are
 * split on pipes that are not escaped with a backslash and not inside a
 * code span. HTML comments are blanked first (a commented-out table is not
 * a table), fenced code blocks are skipped, and a line that held only a
 * comment is passed over even inside a table.
 */
#include <stdlib.h>
#include <string.h>

#include "import.h"

#define E ARCHDOC_SEVERITY_ERROR

typedef struct line {
	size_t start, end;   /* byte offsets; end excludes the line break */
	int code;            /* inside a fenced code block, or its fence */
	int skip;            /* held only an HTML comment */
} line;

typedef struct span {
	size_t start, end;   /* trimmed cell, byte offsets */
} span;

typedef struct md {
	archdoc_import__doc *d;
	char *scan;          /* the input with comments blanked (same offsets) */
	line *lines;
	size_t line_count;
	size_t hscan, hlast;   /* heading(): lines scanned; the last heading's line + 1, or 0 */
} md;

static int blank(const char *s, size_t a, size_t b)
{
	for (; a < b; a++)
		if (s[a] != ' ' && s[a] != '\t')
			return 0;
	return 1;
}

static size_t indent(const char *s, size_t a, size_t b)
{
	size_t n = 0;

	while (a < b && s[a] == ' ')
		a++, n++;
	return n;
}

/* Comments become spaces (line breaks stay), so nothing inside one is
 * read and offsets still match the input. */
static void blank_comments(char *s, size_t from, size_t len)
{
	char *p = s + from, *end = s + len;

	while ((p = strstr(p, "<!--")) != NULL) {
		char *close = strstr(p + 4, "-->");
		char *stop = close ? close + 3 : end;

		for (; p < stop; p++)
			if (*p != '\n' && *p != '\r')
				*p = ' ';
	}
}

static int fence_at(const char *s, size_t a, size_t b, char *ch, size_t *len)
{
	size_t n;

	if (indent(s, a, b) > 3)
		return 0;
	a += indent(s, a, b);
	if (a >= b || (s[a] != '`' && s[a] != '~'))
		return 0;
	for (n = 0; a + n < b && s[a + n] == s[a]; n++)
		;
	if (n < 3)
		return 0;
	*ch = s[a];
	*len = n;
	return 1;
}

static int split_lines(md *m)
{
	archdoc_import__doc *d = m->d;
	const char *s = d->src.data;
	size_t len = d->src.len, n = 1, k = 0, a = d->start;
	char fch = 0;
	size_t flen = 0;
	int in_fence = 0;

	for (size_t i = a; i < len; i++)
		n += s[i] == '\n';
	m->lines = calloc(n, sizeof(*m->lines));
	m->scan = malloc(len + 1);
	if (!m->lines || !m->scan)
		return ARCHDOC_ENOMEM;
	memcpy(m->scan, s, len + 1);
	blank_comments(m->scan, a, len);
	while (a <= len && k < n) {
		size_t b = a;
		char ch;
		size_t fl;
		line *l = &m->lines[k++];

		while (b < len && s[b] != '\n')
			b++;
		l->start = a;
		l->end = b > a && s[b - 1] == '\r' ? b - 1 : b;
		if (in_fence) {
			l->code = 1;
			if (fence_at(m->scan, l->start, l->end, &ch, &fl) && ch == fch && fl >= flen &&
					blank(m->scan, l->start + indent(m->scan, l->start, l->end) + fl, l->end))
				in_fence = 0;
		} else if (fence_at(m->scan, l->start, l->end, &fch, &flen)) {
			l->code = 1;
			in_fence = 1;
		}
		l->skip = !l->code && blank(m->scan, l->start, l->end) && !blank(s, l->start, l->end);
		a = b + 1;
	}
	m->line_count = k;
	return 0;
}

/*
 * Split one row into cells. Returns the number of cells found; at most cap
 * are stored. A leading and a trailing pipe are optional. Code spans are
 * matched as CommonMark does (a closing run of exactly as many backticks
 * on the same line); for speed, a run length that found no closer is not
 * searched for again further on, and runs longer than 32 stay literal.
 */
static size_t split_row(const char *s, size_t a, size_t b, span *out, size_t cap)
{
	size_t nofrom[33], found = 0, cell;
	size_t i = a;

	for (size_t k = 0; k < 33; k++)
		nofrom[k] = (size_t)-1;
	while (i < b && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < b && s[i] == '|')
		i++;
	cell = i;
	while (i < b) {
		char c = s[i];

		if (c == '\\' && i + 1 < b) {
			i += 2;
		} else if (c == '`') {
			size_t run = 0, j;

			while (i + run < b && s[i + run] == '`')
				run++;
			j = i + run;
			if (run <= 32 && (nofrom[run] == (size_t)-1 || j < nofrom[run])) {
				size_t close = (size_t)-1;

				while (j < b) {
					size_t r = 0;

					if (s[j] != '`') {
						j++;
						continue;
					}
					while (j + r < b && s[j + r] == '`')
						r++;
					if (r == run) {
						close = j;
						break;
					}
					j += r;
				}
				if (close != (size_t)-1) {
					i = close + run;
					continue;
				}
				nofrom[run] = i + run;
			}
			i += run;
		} else if (c == '|') {
			if (found < cap) {
				out[found].start = cell;
				out[found].end = i;
			}
			found++;
			cell = ++i;
		} else {
			i++;
		}
	}
	if (!blank(s, cell, b) || found == 0) {
		if (found < cap) {
			out[found].start = cell;
			out[found].end = b;
		}
		found++;
	}
	for (size_t k = 0; k < found && k < cap; k++) {
		while (out[k].start < out[k].end && (s[out[k].start] == ' ' || s[out[k].start] == '\t'))
			out[k].start++;
		while (out[k].end > out[k].start && (s[out[k].end - 1] == ' ' || s[out[k].end - 1] == '\t'))
			out[k].end--;
	}
	return found;
}

static int has_pipe(const char *s, size_t a, size_t b)
{
	span one;

	return memchr(s + a, '|', b - a) != NULL && split_row(s, a, b, &one, 0) > 1;
}

/* Cells of the delimiter row, or 0 when the line is not one. */
static size_t delimiter(const char *s, size_t a, size_t b)
{
	span cells[ARCHDOC_IMPORT_MAX_COLUMNS + 1];
	size_t n;

	if (indent(s, a, b) > 3 || blank(s, a, b))
		return 0;
	for (size_t i = a; i < b; i++)
		if (!strchr("|-: \t", s[i]))
			return 0;
	n = split_row(s, a, b, cells, ARCHDOC_IMPORT_MAX_COLUMNS + 1);
	if (n > ARCHDOC_IMPORT_MAX_COLUMNS + 1)
		n = ARCHDOC_IMPORT_MAX_COLUMNS + 1;
	for (size_t k = 0; k < n; k++) {
		size_t p = cells[k].start, e = cells[k].end;

		if (p < e && s[p] == ':')
			p++;
		if (e > p && s[e - 1] == ':')
			e--;
		if (p == e)
			return 0;
		for (; p < e; p++)
			if (s[p] != '-')
				return 0;
	}
	return n;
}

/* A line that ends a table: a blank line or the start of another block. */
static int ends_table(const md *m, const line *l)
{
	const char *s = m->scan;
	size_t a = l->start + indent(s, l->start, l->end);

	if (l->skip)
		return 0;
	if (l->code || blank(s, l->start, l->end))
		return 1;
	return a < l->end && (s[a] == '#' || s[a] == '>');
}

/* Cells of one line into a row (offsets from the blanked copy, text from
 * it too, so comments inside a cell vanish). */
static int make_row(md *m, const line *l, size_t keep, archdoc_import__row *row)
{
	archdoc_import__doc *d = m->d;
	span cells[ARCHDOC_IMPORT_MAX_COLUMNS];
	size_t found = split_row(m->scan, l->start, l->end, cells, ARCHDOC_IMPORT_MAX_COLUMNS);
	size_t n = found < keep ? found : keep;
	archdoc_location at = archdoc_import__where(d, l->start + indent(m->scan, l->start, l->end));

	memset(row, 0, sizeof(*row));
	row->line = at.line;
	row->col = at.col;
	row->found = found;
	row->count = n;
	row->cells = archdoc_arena_calloc(d->arena, n ? n : 1, sizeof(*row->cells));
	if (!row->cells)
		return ARCHDOC_ENOMEM;
	for (size_t k = 0; k < found && k < ARCHDOC_IMPORT_MAX_COLUMNS; k++) {
		const char *s = m->scan + cells[k].start;
		size_t len = cells[k].end - cells[k].start, o = 0;
		archdoc_location loc;
		char *raw;

		if (len > ARCHDOC_IMPORT_MAX_CELL) {
			loc = archdoc_import__where(d, cells[k].start);
			archdoc_import__report(d, E, "import-limit", loc.line, loc.col,
					"the cell is %zu bytes long, over the limit of %zu; shorten it", len,
					ARCHDOC_IMPORT_MAX_CELL);
			return ARCHDOC_ELIMIT;
		}
		if (k >= n) {
			if (!row->extra && len && !blank(s, 0, len)) {
				row->extra = archdoc_import__plain(d, s, len);
				if (!row->extra)
					return ARCHDOC_ENOMEM;
			}
			continue;
		}
		/* GFM drops the backslash of an escaped pipe before anything
		 * else reads the cell, code spans included. */
		raw = archdoc_arena_alloc(d->arena, len + 1);
		if (!raw)
			return ARCHDOC_ENOMEM;
		for (size_t i = 0; i < len; i++) {
			if (s[i] == '\\' && i + 1 < len && s[i + 1] == '|')
				continue;
			raw[o++] = s[i];
		}
		raw[o] = '\0';
		loc = archdoc_import__where(d, cells[k].start);
		row->cells[k].line = loc.line;
		row->cells[k].col = loc.col;
		row->cells[k].text = archdoc_import__md_plain(d, raw, o);
		row->cells[k].md = archdoc_import__md(d, raw, o);
		row->cells[k].lines = archdoc_import__md_lines(d, raw, o);
		if (!row->cells[k].text || !row->cells[k].md || d->oom)
			return ARCHDOC_ENOMEM;
	}
	if (found > ARCHDOC_IMPORT_MAX_COLUMNS && keep > ARCHDOC_IMPORT_MAX_COLUMNS - 1 && !row->extra)
		row->extra = "...";
	return 0;
}

/* Whether line i is an ATX heading; its text's bounds in *a, *e. */
static int heading_at(const md *m, size_t i, size_t *a_out, size_t *e_out)
{
	const line *l = &m->lines[i];
	const char *s = m->scan;
	size_t a, e, h = 0;

	if (l->code || indent(s, l->start, l->end) > 3)
		return 0;
	a = l->start + indent(s, l->start, l->end);
	while (a + h < l->end && s[a + h] == '#')
		h++;
	if (h < 1 || h > 6 || (a + h < l->end && s[a + h] != ' ' && s[a + h] != '\t'))
		return 0;
	a += h;
	e = l->end;
	while (e > a && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	/* a closing run of #s preceded by a space */
	{
		size_t c = e;

		while (c > a && s[c - 1] == '#')
			c--;
		if (c < e && (c == a || s[c - 1] == ' ' || s[c - 1] == '\t'))
			e = c;
	}
	*a_out = a;
	*e_out = e;
	return 1;
}

/* The nearest ATX heading before line `before` (the table's own
 * heading), as plain text; NULL when there is none. Tables come in
 * document order, so the lines are scanned once in all. */
static const char *heading(md *m, size_t before)
{
	size_t a, e;

	for (; m->hscan < before; m->hscan++)
		if (heading_at(m, m->hscan, &a, &e))
			m->hlast = m->hscan + 1;
	if (!m->hlast || !heading_at(m, m->hlast - 1, &a, &e))
		return NULL;
	return archdoc_import__md_plain(m->d, m->scan + a, e - a);
}

/* The first ATX heading of the document, or NULL. */
static const char *first_heading(md *m)
{
	size_t a, e;

	for (size_t i = 0; i < m->line_count; i++)
		if (heading_at(m, i, &a, &e))
			return archdoc_import__md_plain(m->d, m->scan + a, e - a);
	return NULL;
}

static int read_table(md *m, size_t h, archdoc_import__table *t)
{
	archdoc_import__doc *d = m->d;
	const line *hl = &m->lines[h], *dl = &m->lines[h + 1];
	size_t delim = delimiter(m->scan, dl->start, dl->end);
	int rc;

	rc = make_row(m, hl, ARCHDOC_IMPORT_MAX_COLUMNS, &t->header);
	if (rc)
		return rc;
	/* another kind of table: its rows are not read, its size not judged */
	if (!d->want && !archdoc_import__header_fits(d, &t->header))
		return 0;
	if (t->header.found > ARCHDOC_IMPORT_MAX_COLUMNS) {
		archdoc_import__report(d, E, "import-limit", t->header.line, t->header.col,
				"the table has %zu columns, over the limit of %u", t->header.found,
				ARCHDOC_IMPORT_MAX_COLUMNS);
		return ARCHDOC_ELIMIT;
	}
	if (delim != t->header.count) {
		archdoc_location at = archdoc_import__where(d, dl->start);

		archdoc_import__report(d, ARCHDOC_SEVERITY_WARNING, "import-bad-row", at.line, at.col,
				"the delimiter row has %zu cells, the header %zu, so Markdown renderers do not show "
				"this as a table; it is read with the header's columns", delim, t->header.count);
	}
	for (size_t i = h + 2; i < m->line_count; i++) {
		const line *l = &m->lines[i];
		archdoc_import__row row;

		if (l->skip)
			continue;
		if (ends_table(m, l))
			break;
		rc = make_row(m, l, t->header.count, &row);
		if (rc == 0)
			rc = archdoc_import__push_row(d, t, &row);
		if (rc)
			return rc;
	}
	return 0;
}

static int md_read(archdoc_import__doc *d, archdoc_import__table *t)
{
	md m;
	unsigned seen = 0;
	int rc;

	memset(&m, 0, sizeof(m));
	m.d = d;
	rc = split_lines(&m);
	if (rc == 0 && d->all)
		d->doc_title = first_heading(&m);
	for (size_t i = 0; rc == 0 && i + 1 < m.line_count; i++) {
		const line *hl = &m.lines[i], *dl;
		size_t j = i + 1;

		if (hl->code || hl->skip || indent(m.scan, hl->start, hl->end) > 3 ||
				!has_pipe(m.scan, hl->start, hl->end))
			continue;
		dl = &m.lines[j];
		if (dl->code || !delimiter(m.scan, dl->start, dl->end))
			continue;
		/* a lone "---" under a pipe-less line is a setext heading */
		if (!memchr(m.scan + dl->start, '|', dl->end - dl->start) &&
				delimiter(m.scan, dl->start, dl->end) == 1)
			continue;
		seen++;
		if (d->want && seen != d->want)
			goto next;
		memset(t, 0, sizeof(*t));
		rc = read_table(&m, i, t);
		if (rc)
			break;
		t->number = seen;
		if (d->want || archdoc_import__header_fits(d, &t->header)) {
			if (d->want && !archdoc_import__header_fits(d, &t->header)) {
				archdoc_import__report(d, E, "import-no-table", t->header.line, t->header.col,
						"table %u does not look like a connections table: its header names no "
						"source, destination or \"what's connecting\" column, or fewer than two "
						"known columns (docs/import.md lists the header words)", seen);
				rc = ARCHDOC_ENOTFOUND;
				break;
			}
			t->title = heading(&m, i);
			t->number = seen;
			if (!d->all)
				goto out;
			if ((rc = archdoc_import__keep_table(d, t)) != 0)
				break;
			goto next;
		}
		free(t->rows);
		memset(t, 0, sizeof(*t));
next:
		/* go on after this table */
		for (i = j + 1; i < m.line_count && (m.lines[i].skip || !ends_table(&m, &m.lines[i])); i++)
			;
	}
	if (rc == 0 && !(d->all && d->table_count)) {
		if (d->want && seen < d->want)
			archdoc_import__report(d, E, "import-no-table", 0, 0,
					"there is no table %u: the input has %u Markdown pipe table%s", d->want, seen,
					seen == 1 ? "" : "s");
		else if (seen)
			archdoc_import__report(d, E, "import-no-table", 0, 0,
					"%s like a connections table: a header needs a source, destination or \"what's "
					"connecting\" column and one more known column (docs/import.md lists the header "
					"words)", seen == 1 ? "the one Markdown pipe table does not look"
							    : "none of the Markdown pipe tables looks");
		else
			archdoc_import__report(d, E, "import-no-table", 0, 0,
					"no Markdown pipe table found (a header row, then a delimiter row such as "
					"\"| --- | --- |\")");
		rc = ARCHDOC_ENOTFOUND;
	}
out:
	free(m.scan);
	free(m.lines);
	return rc;
}

const archdoc_import__reader archdoc_import__markdown = {
	ARCHDOC_IMPORT_MARKDOWN, "md", md_read
};
