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
 * or ':' dropped and typographic apostrophes made plain (docs/import.md). */
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
	{ "what's connecting", ARCHDOC_COLUMN_SOURCE, 1 },
	{ "what is connecting", ARCHDOC_COLUMN_SOURCE, 1 },
	{ "destination", ARCHDOC_COLUMN_DESTINATION, 0 },
	{ "to", ARCHDOC_COLUMN_DESTINATION, 0 },
	{ "target", ARCHDOC_COLUMN_DESTINATION, 0 },
	{ "protocol", ARCHDOC_COLUMN_PROTOCOL, 0 },
	{ "connection type", ARCHDOC_COLUMN_PROTOCOL, 0 },
	{ "port", ARCHDOC_COLUMN_PORT, 0 },
	{ "ports", ARCHDOC_COLUMN_PORT, 0 },
	{ "port(s)", ARCHDOC_COLUMN_PORT, 0 },
	{ "port number", ARCHDOC_COLUMN_PORT, 0 },
	{ "port numbers", ARCHDOC_COLUMN_PORT, 0 },
	{ "classification", ARCHDOC_COLUMN_CLASSIFICATION, 0 },
	{ "connection classification", ARCHDOC_COLUMN_CLASSIFICATION, 0 },
	{ "data", ARCHDOC_COLUMN_DATA, 0 },
	{ "data that travels on this connection", ARCHDOC_COLUMN_DATA, 0 },
	{ "description", ARCHDOC_COLUMN_DATA, 0 },
};

static const header_word *recognise(const char *header)
{
	char key[64];
	size_t k = 0;
	int space = 0;

	for (const unsigned char *p = (const unsigned char *)header; *p; p++) {
		unsigned char c = *p;

		/* U+2018 and U+2019, typographic apostrophes */
		if (c == 0xE2 && p[1] == 0x80 && (p[2] == 0x98 || p[2] == 0x99)) {
			c = '\'';
			p += 2;
		}
		if (c == ' ' || c == '\t') {
			space = k > 0;
			continue;
		}
		if (k + 2 >= sizeof(key))
			return NULL;
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
	for (size_t i = 0; i < sizeof(header_words) / sizeof(header_words[0]); i++)
		if (strcmp(key, header_words[i].words) == 0)
			return &header_words[i];
	return NULL;
}

int archdoc_import__header_fits(const archdoc_import__row *header)
{
	unsigned seen = 0, count = 0;

	for (size_t i = 0; i < header->count; i++) {
		const header_word *w = recognise(header->cells[i].text);

		if (w && !(seen & (1u << w->column))) {
			seen |= 1u << w->column;
			count++;
		}
	}
	return count >= 2 && (seen & ((1u << ARCHDOC_COLUMN_SOURCE) | (1u << ARCHDOC_COLUMN_DESTINATION)));
}

int archdoc_import__push_row(archdoc_import__doc *d, archdoc_import__table *t, const archdoc_import__row *row)
{
	if (t->row_count >= ARCHDOC_IMPORT_MAX_ROWS) {
		archdoc_import__report(d, E, "import-limit", row->line, row->col,
				"the table has more than %u rows, the most one import reads; split the table",
				ARCHDOC_IMPORT_MAX_ROWS);
		return ARCHDOC_ELIMIT;
	}
	if (ARCHDOC_ARRAY_RESERVE(t->rows, t->row_cap, t->row_count + 1, 64) < 0)
		return ARCHDOC_ENOMEM;
	t->rows[t->row_count++] = *row;
	return 0;
}

void archdoc_import__map_columns(build *b)
{
	const archdoc_import__row *h = &b->t->header;
	const header_word *what = NULL;

	for (int f = 0; f < ARCHDOC_COLUMN__COUNT; f++)
		b->at[f] = -1;
	for (size_t i = 0; i < h->count; i++) {
		const archdoc_import__cell *c = &h->cells[i];
		const header_word *w = recognise(c->text);

		b->field[i] = -1;
		if (!w) {
			archdoc_import__report(b->d, W, "import-unknown-column", c->line, c->col,
					"column %zu, \"%s\", is not a connections-table column; its cells are not "
					"imported (the model has no place for them): keep them elsewhere, or rename "
					"the header (docs/import.md lists the header words)",
					i + 1, archdoc_import__excerpt(b->d, c->text));
			continue;
		}
		if (b->at[w->column] >= 0) {
			const archdoc_import__cell *first = &h->cells[b->at[w->column]];

			archdoc_import__report_note(b->d, W, "import-duplicate-column", c->line, c->col,
					first->line, first->col, "the first one is here",
					"column %zu, \"%s\", is a second %s column; its cells are not imported",
					i + 1, archdoc_import__excerpt(b->d, c->text),
					archdoc_column_name(w->column));
			continue;
		}
		b->field[i] = (int)w->column;
		b->at[w->column] = (int)i;
		if (w->what)
			what = w;
	}
	/* A "what's connecting" column names both ends only when no
	 * destination column does. */
	b->what = what && b->at[ARCHDOC_COLUMN_DESTINATION] < 0;
}

