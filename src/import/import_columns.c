/*
 * Recognising the columns of a connections table by their header words
 * (docs/import.md), and collecting its rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "build.h"

/* --- recognising columns --- */

typedef struct header_word {
	const char *words;
	archdoc_column column;
	int what;            /* "what's connecting": one name, or "A -> B" */
} header_word;

/* Compared with the header lower-cased, spaces collapsed, a trailing '.'
 * or ':' dropped and typographic apostrophes made plain (docs/import.md
 * lists them all, by column). */
static const header_word header_words[] = {
	{ "connection", ARCHDOC_COLUMN_NUMBER, 0 },
	{ "#", ARCHDOC_COLUMN_NUMBER, 0 },
	{ "no", ARCHDOC_COLUMN_NUMBER, 0 },
	{ "nr", ARCHDOC_COLUMN_NUMBER, 0 },
	{ "number", ARCHDOC_COLUMN_NUMBER, 0 },
	{ "connection number", ARCHDOC_COLUMN_NUMBER, 0 },
	{ "diagram reference number", ARCHDOC_COLUMN_NUMBER, 0 },
	{ "reference number", ARCHDOC_COLUMN_NUMBER, 0 },
	{ "ref", ARCHDOC_COLUMN_NUMBER, 0 },
	{ "source", ARCHDOC_COLUMN_SOURCE, 0 },
	{ "from", ARCHDOC_COLUMN_SOURCE, 0 },
	{ "client", ARCHDOC_COLUMN_SOURCE, 0 },
	{ "caller", ARCHDOC_COLUMN_SOURCE, 0 },
	{ "initiator", ARCHDOC_COLUMN_SOURCE, 0 },
	{ "origin", ARCHDOC_COLUMN_SOURCE, 0 },
	{ "source component", ARCHDOC_COLUMN_SOURCE, 0 },
	{ "source host", ARCHDOC_COLUMN_SOURCE, 0 },
	{ "local endpoint", ARCHDOC_COLUMN_SOURCE, 0 },
	{ "what's connecting", ARCHDOC_COLUMN_SOURCE, 1 },
	{ "what is connecting", ARCHDOC_COLUMN_SOURCE, 1 },
	{ "source and destination", ARCHDOC_COLUMN_SOURCE, 1 },
	{ "source/destination", ARCHDOC_COLUMN_SOURCE, 1 },
	{ "source / destination", ARCHDOC_COLUMN_SOURCE, 1 },
	{ "source -> destination", ARCHDOC_COLUMN_SOURCE, 1 },
	{ "source \xE2\x86\x92 destination", ARCHDOC_COLUMN_SOURCE, 1 },
	{ "source to destination", ARCHDOC_COLUMN_SOURCE, 1 },
	{ "endpoints", ARCHDOC_COLUMN_SOURCE, 1 },
	{ "destination", ARCHDOC_COLUMN_DESTINATION, 0 },
	{ "to", ARCHDOC_COLUMN_DESTINATION, 0 },
	{ "target", ARCHDOC_COLUMN_DESTINATION, 0 },
	{ "node", ARCHDOC_COLUMN_DESTINATION, 0 },
	{ "listener", ARCHDOC_COLUMN_DESTINATION, 0 },
	{ "remote endpoint", ARCHDOC_COLUMN_DESTINATION, 0 },
	{ "remote host", ARCHDOC_COLUMN_DESTINATION, 0 },
	{ "endpoint", ARCHDOC_COLUMN_DESTINATION, 0 },
	{ "server", ARCHDOC_COLUMN_DESTINATION, 0 },
	{ "host", ARCHDOC_COLUMN_DESTINATION, 0 },
	{ "service", ARCHDOC_COLUMN_DESTINATION, 0 },
	{ "destination component", ARCHDOC_COLUMN_DESTINATION, 0 },
	{ "destination host", ARCHDOC_COLUMN_DESTINATION, 0 },
	{ "protocol", ARCHDOC_COLUMN_PROTOCOL, 0 },
	{ "protocols", ARCHDOC_COLUMN_PROTOCOL, 0 },
	{ "connection type", ARCHDOC_COLUMN_PROTOCOL, 0 },
	{ "type", ARCHDOC_COLUMN_PROTOCOL, 0 },
	{ "transport", ARCHDOC_COLUMN_PROTOCOL, 0 },
	{ "transport protocol", ARCHDOC_COLUMN_PROTOCOL, 0 },
	{ "port", ARCHDOC_COLUMN_PORT, 0 },
	{ "ports", ARCHDOC_COLUMN_PORT, 0 },
	{ "port(s)", ARCHDOC_COLUMN_PORT, 0 },
	{ "port number", ARCHDOC_COLUMN_PORT, 0 },
	{ "port numbers", ARCHDOC_COLUMN_PORT, 0 },
	{ "default port", ARCHDOC_COLUMN_PORT, 0 },
	{ "default ports", ARCHDOC_COLUMN_PORT, 0 },
	{ "listener port", ARCHDOC_COLUMN_PORT, 0 },
	{ "listening port", ARCHDOC_COLUMN_PORT, 0 },
	{ "destination port", ARCHDOC_COLUMN_PORT, 0 },
	{ "classification", ARCHDOC_COLUMN_CLASSIFICATION, 0 },
	{ "connection classification", ARCHDOC_COLUMN_CLASSIFICATION, 0 },
	{ "data", ARCHDOC_COLUMN_DATA, 0 },
	{ "data that travels on this connection", ARCHDOC_COLUMN_DATA, 0 },
	{ "description", ARCHDOC_COLUMN_DATA, 0 },
	{ "details", ARCHDOC_COLUMN_DATA, 0 },
	{ "function", ARCHDOC_COLUMN_DATA, 0 },
	{ "purpose", ARCHDOC_COLUMN_DATA, 0 },
	{ "traffic", ARCHDOC_COLUMN_DATA, 0 },
	{ "usage", ARCHDOC_COLUMN_DATA, 0 },
	{ "used for", ARCHDOC_COLUMN_DATA, 0 },
	{ "notes", ARCHDOC_COLUMN_DATA, 0 },
	{ "comment", ARCHDOC_COLUMN_DATA, 0 },
	{ "comments", ARCHDOC_COLUMN_DATA, 0 },
};

int archdoc_import__header_key(const char *header, char key[64])
{
	size_t k = 0;
	int space = 0;

	for (const unsigned char *p = (const unsigned char *)header; *p; p++) {
		unsigned char c = *p;

		/* U+2018 and U+2019, typographic apostrophes */
		if (c == 0xE2 && p[1] == 0x80 && (p[2] == 0x98 || p[2] == 0x99)) {
			c = '\'';
			p += 2;
		}
		if (c == ' ' || c == '\t' || c == '\n') {
			space = k > 0;
			continue;
		}
		if (k + 2 >= 64)
			return -1;
		if (space)
			key[k++] = ' ';
		space = 0;
		key[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	while (k && (key[k - 1] == '.' || key[k - 1] == ':'))
		k--;
	while (k && key[k - 1] == ' ')
		k--;
	key[k] = '\0';
	return 0;
}

/* What a header is: the --map entry for it first, else the built-in
 * words. Returns 1 with *out filled, 0 for an unknown header, -1 for a
 * column mapped to `ignore`. */
static int recognise(const archdoc_import__doc *d, const char *header, header_word *out)
{
	char key[64];

	if (archdoc_import__header_key(header, key) < 0)
		return 0;
	for (size_t i = 0; d && i < d->map_count; i++) {
		int role = d->map[i].role;

		if (strcmp(key, d->map[i].header) != 0)
			continue;
		if (role == ARCHDOC_IMPORT__ROLE_IGNORE)
			return -1;
		out->words = d->map[i].header;
		out->what = role == ARCHDOC_IMPORT__ROLE_WHAT;
		out->column = out->what ? ARCHDOC_COLUMN_SOURCE : (archdoc_column)role;
		return 1;
	}
	for (size_t i = 0; i < sizeof(header_words) / sizeof(header_words[0]); i++)
		if (strcmp(key, header_words[i].words) == 0) {
			*out = header_words[i];
			return 1;
		}
	return 0;
}

int archdoc_import__role_of(const archdoc_import__doc *d, const char *header, int *what)
{
	header_word w;
	int known = recognise(d, header, &w);

	*what = known == 1 && w.what;
	return known < 0 ? ARCHDOC_IMPORT__ROLE_IGNORE : known ? (int)w.column : -1;
}

int archdoc_import__header_fits(const archdoc_import__doc *d, const archdoc_import__row *header)
{
	unsigned seen = 0, count = 0;

	for (size_t i = 0; i < header->count; i++) {
		header_word w;

		if (recognise(d, header->cells[i].text, &w) == 1 && !(seen & (1u << w.column))) {
			seen |= 1u << w.column;
			count++;
		}
	}
	return count >= 2 && (seen & ((1u << ARCHDOC_COLUMN_SOURCE) | (1u << ARCHDOC_COLUMN_DESTINATION)));
}

int archdoc_import__push_row(archdoc_import__doc *d, archdoc_import__table *t, const archdoc_import__row *row)
{
	if (t->row_count >= ARCHDOC_IMPORT_MAX_ROWS || d->rows_total >= ARCHDOC_IMPORT_MAX_ROWS) {
		archdoc_import__report(d, E, "import-limit", row->line, row->col,
				"the table has more than %u rows, the most one import reads; split the table",
				ARCHDOC_IMPORT_MAX_ROWS);
		return ARCHDOC_ELIMIT;
	}
	if (ARCHDOC_ARRAY_RESERVE(t->rows, t->row_cap, t->row_count + 1, 64) < 0)
		return ARCHDOC_ENOMEM;
	t->rows[t->row_count++] = *row;
	d->rows_total++;
	return 0;
}

int archdoc_import__keep_table(archdoc_import__doc *d, archdoc_import__table *t)
{
	if (ARCHDOC_ARRAY_RESERVE(d->tables, d->table_cap, d->table_count + 1, 8) < 0)
		return ARCHDOC_ENOMEM;
	d->tables[d->table_count++] = *t;
	memset(t, 0, sizeof(*t));
	return 0;
}

void archdoc_import__map_columns(build *b)
{
	const archdoc_import__row *h = &b->t->header;
	int what = 0;

	for (int f = 0; f < ARCHDOC_COLUMN__COUNT; f++)
		b->at[f] = -1;
	for (size_t i = 0; i < h->count; i++) {
		const archdoc_import__cell *c = &h->cells[i];
		header_word w;
		int known = recognise(b->d, c->text, &w);

		b->field[i] = -1;
		if (known < 0)
			continue;   /* mapped to ignore */
		if (!known) {
			archdoc_import__report(b->d, W, "import-unknown-column", c->line, c->col,
					"column %zu, \"%s\", is not a connections-table column; its cells are not "
					"imported (the model has no place for them): keep them elsewhere, rename "
					"the header, or map it (--map 'HEADER=ROLE'; docs/import.md lists the header "
					"words and roles)",
					i + 1, archdoc_import__excerpt(b->d, c->text));
			continue;
		}
		if (b->at[w.column] >= 0) {
			const archdoc_import__cell *first = &h->cells[b->at[w.column]];

			archdoc_import__report_note(b->d, W, "import-duplicate-column", c->line, c->col,
					first->line, first->col, "the first one is here",
					"column %zu, \"%s\", is a second %s column; its cells are not imported",
					i + 1, archdoc_import__excerpt(b->d, c->text),
					archdoc_column_name(w.column));
			continue;
		}
		b->field[i] = (int)w.column;
		b->at[w.column] = (int)i;
		if (w.what)
			what = 1;
	}
	/* A "what's connecting" column names both ends only when no
	 * destination column does. */
	b->what = what && b->at[ARCHDOC_COLUMN_DESTINATION] < 0;
}

/* The cell of row r in input column i, made (empty) when the row is
 * short, so it can be filled. NULL on out of memory. */
static archdoc_import__cell *own_cell(build *b, archdoc_import__row *r, size_t i)
{
	size_t want = b->t->header.count;

	if (i >= r->count) {
		archdoc_import__cell *cells = archdoc_arena_calloc(b->d->arena, want, sizeof(*cells));

		if (!cells) {
			b->d->oom = 1;
			return NULL;
		}
		if (r->count)
			memcpy(cells, r->cells, r->count * sizeof(*cells));
		for (size_t k = r->count; k < want; k++)
			cells[k].text = cells[k].md = "";
		r->cells = cells;
		r->count = want;
	}
	return &r->cells[i];
}

int archdoc_import__fill_down(build *b, archdoc_import__table *t, int automatic)
{
	archdoc_import__doc *d = b->d;

	for (int f = 0; f < ARCHDOC_COLUMN__COUNT; f++) {
		int i = b->at[f], asked = (d->fill_down >> f) & 1u;
		int autofill = automatic && !d->no_auto_fill &&
			(f == ARCHDOC_COLUMN_SOURCE || f == ARCHDOC_COLUMN_DESTINATION);
		const archdoc_import__cell *above = NULL;
		const archdoc_import__cell *head;
		archdoc_import__cell *first = NULL;
		unsigned from_line = 0, run = 0, last_line = 0;

		if (i < 0 || (!asked && !autofill))
			continue;
		head = &t->header.cells[i];
		for (size_t k = 0; k <= t->row_count; k++) {
			archdoc_import__row *r = k < t->row_count ? &t->rows[k] : NULL;
			const archdoc_import__cell *cur = r ? archdoc_import__cell_of(b, r, (archdoc_column)f) : NULL;
			archdoc_import__cell *c;

			if (r && !*cur->text && above) {
				unsigned line = cur->line ? cur->line : r->line, col = cur->line ? cur->col : r->col;

				if (!(c = own_cell(b, r, (size_t)i)))
					return ARCHDOC_ENOMEM;
				c->text = above->text;
				c->md = above->md;
				c->lines = above->lines;
				c->line = line;
				c->col = col;
				if (!run++)
					first = c;
				last_line = line;
				continue;
			}
			/* a run ends: report what the automatic fill-down did */
			if (run == 1 && !asked)
				archdoc_import__report(d, W, "import-fill-down", first->line, first->col,
						"the empty \"%s\" cell takes the value above, \"%s\" (line %u), as a row span "
						"copied to Markdown or CSV leaves it empty; check it, or give --fill-down none",
						archdoc_import__excerpt(d, head->text), archdoc_import__excerpt(d, first->text),
						from_line);
			else if (run && !asked)
				archdoc_import__report(d, W, "import-fill-down", first->line, first->col,
						"%u empty \"%s\" cells (lines %u to %u) take the value above, \"%s\" (line %u), "
						"as a row span copied to Markdown or CSV leaves them empty; check them, or give "
						"--fill-down none", run, archdoc_import__excerpt(d, head->text), first->line,
						last_line, archdoc_import__excerpt(d, first->text), from_line);
			run = 0;
			if (!r)
				break;
			above = *cur->text ? cur : NULL;
			from_line = cur->line ? cur->line : r->line;
		}
	}
	return 0;
}
