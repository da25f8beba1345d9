/*
 * Import, the part every format shares: read and check the bytes, let the
 * format's reader find the table, then recognise the columns by their
 * header words, turn rows into connections and endpoint names into
 * components, report what a reviewer must look at, and write the model
 * with the model layer's one writer (model_write.h, so every value is
 * escaped the way the loader expects). The written model is loaded once before it is handed
 * out, so an import never produces a model `archdoc check` rejects.
 */
#include "import.h"

#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "archdoc/model.h"
#include "diag.h"
#include "array.h"
#include "file.h"
#include "hash.h"
#include "model.h"
#include "model_write.h"
#include "options.h"
#include "utf8.h"

#define E ARCHDOC_SEVERITY_ERROR
#define W ARCHDOC_SEVERITY_WARNING

/* --- options and formats --- */

static const archdoc_import__reader *const readers[] = {
	NULL,
	&archdoc_import__markdown,
	&archdoc_import__html,
	&archdoc_import__csv,
};

static const struct {
	const char *name;
	archdoc_import_format format;
} format_names[] = {
	{ "md", ARCHDOC_IMPORT_MARKDOWN },
	{ "markdown", ARCHDOC_IMPORT_MARKDOWN },
	{ "html", ARCHDOC_IMPORT_HTML },
	{ "htm", ARCHDOC_IMPORT_HTML },
	{ "csv", ARCHDOC_IMPORT_CSV },
};

int archdoc_import_options_init(archdoc_import_options *opts, unsigned version)
{
	static const archdoc_import_options init = ARCHDOC_IMPORT_OPTIONS_INIT;

	return archdoc_options_init(opts, &init, sizeof(init), version, ARCHDOC_IMPORT_OPTIONS_VERSION);
}

int archdoc_import_format_from_name(const char *name)
{
	if (!name)
		return -1;
	for (size_t i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++)
		if (strcmp(name, format_names[i].name) == 0)
			return (int)format_names[i].format;
	return -1;
}

archdoc_import_format archdoc_import_format_from_path(const char *path)
{
	const char *slash, *dot;

	if (!path)
		return ARCHDOC_IMPORT_AUTO;
	slash = strrchr(path, '/');
	dot = strrchr(slash ? slash : path, '.');
	if (!dot)
		return ARCHDOC_IMPORT_AUTO;
	for (size_t i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++)
		if (strcasecmp(dot + 1, format_names[i].name) == 0)
			return format_names[i].format;
	return ARCHDOC_IMPORT_AUTO;
}

/* --- the report --- */

/* Reports wait in the one queue (diag.c), ordered by line, then column. */
static uint64_t order_of(unsigned line, unsigned col)
{
	return (uint64_t)line << 32 | col;
}

#ifdef __GNUC__
__attribute__((format(printf, 9, 0)))
#endif
static void pend(archdoc_import__doc *d, archdoc_severity sev, const char *rule, unsigned line,
		unsigned col, unsigned note_line, unsigned note_col, const char *note,
		const char *fmt, va_list ap)
{
	archdoc_location loc = { d->name, line, line ? (col ? col : 1) : 0 };
	archdoc_location note_loc = { d->name, note_line, note_line ? (note_col ? note_col : 1) : 0 };

	archdoc_diag_queue_add(&d->reports, sev, rule, order_of(loc.line, loc.col), loc,
			order_of(note_loc.line, note_loc.col), note_loc, note, fmt, ap);
	if (d->reports.oom)
		d->oom = 1;
}

void archdoc_import__report(archdoc_import__doc *d, archdoc_severity sev, const char *rule,
		unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pend(d, sev, rule, line, col, 0, 0, NULL, fmt, ap);
	va_end(ap);
}

void archdoc_import__report_note(archdoc_import__doc *d, archdoc_severity sev, const char *rule,
		unsigned line, unsigned col, unsigned note_line, unsigned note_col, const char *note,
		const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pend(d, sev, rule, line, col, note_line, note_col, note, fmt, ap);
	va_end(ap);
}

archdoc_location archdoc_import__where(const archdoc_import__doc *d, size_t offset)
{
	archdoc_location loc = archdoc_source_location(&d->src, offset);

	loc.file = d->name;
	return loc;
}

const char *archdoc_import__excerpt(archdoc_import__doc *d, const char *s)
{
	size_t n = strlen(s);
	char *out;

	if (n <= 60)
		return s;
	n = 57;
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	out = archdoc_arena_alloc(d->arena, n + 4);
	if (!out)
		return "";
	memcpy(out, s, n);
	memcpy(out + n, "...", 4);
	return out;
}

/* --- cell clean-up --- */

/* Length of a <br>, <br/> or <br /> tag at s (any case), else 0. */
static size_t br_tag(const char *s, const char *end)
{
	const char *p = s;

	if (end - p < 4 || p[0] != '<' || (p[1] | 0x20) != 'b' || (p[2] | 0x20) != 'r')
		return 0;
	p += 3;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p < end && *p == '/')
		p++;
	return p < end && *p == '>' ? (size_t)(p + 1 - s) : 0;
}

static int ascii_punct(unsigned char c)
{
	return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
		(c >= 0x7B && c <= 0x7E);
}

/* A character reference (&amp; &#39; &#x27;) at s: its length and code
 * point, or 0 when there is none or it names a character a model cannot
 * hold (NUL, controls, surrogates, non-characters). */
static size_t char_ref(const char *s, const char *end, unsigned long *cp)
{
	static const struct {
		const char *name;
		unsigned long cp;
	} named[] = {
		{ "amp;", '&' }, { "lt;", '<' }, { "gt;", '>' }, { "quot;", '"' }, { "apos;", '\'' },
		{ "nbsp;", 0xA0 }, { "ndash;", 0x2013 }, { "mdash;", 0x2014 }, { "rarr;", 0x2192 },
	};
	const char *p = s + 1;
	unsigned long v = 0;
	int digits = 0;

	if (p >= end)
		return 0;
	if (*p != '#') {
		for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
			size_t n = strlen(named[i].name);

			if ((size_t)(end - p) >= n && memcmp(p, named[i].name, n) == 0) {
				*cp = named[i].cp;
				return n + 1;
			}
		}
		return 0;
	}
	p++;
	if (p < end && (*p == 'x' || *p == 'X')) {
		for (p++; p < end && digits < 7; p++, digits++) {
			char c = *p;
			int h = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;

			if (h < 0)
				break;
			v = v * 16 + (unsigned long)h;
		}
	} else {
		for (; p < end && *p >= '0' && *p <= '9' && digits < 8; p++, digits++)
			v = v * 10 + (unsigned long)(*p - '0');
	}
	if (!digits || p >= end || *p != ';')
		return 0;
	if (v < 0x20 || (v >= 0x7F && v < 0xA0) || (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF ||
			v == 0xFFFE || v == 0xFFFF)
		return 0;
	*cp = v;
	return (size_t)(p + 1 - s);
}

/* The common last step: <br> and control characters become spaces,
 * no-break spaces too, whitespace runs collapse, ends are trimmed, and
 * U+FFFE/U+FFFF (which XML cannot hold) are dropped. */
static char *finish(archdoc_import__doc *d, const char *s, size_t n)
{
	const char *end = s + n;
	char *out = archdoc_arena_alloc(d->arena, n + 1), *o = out;
	int space = 0;

	if (!out) {
		d->oom = 1;
		return NULL;
	}
	while (s < end) {
		unsigned char c = (unsigned char)*s;
		size_t br = c == '<' ? br_tag(s, end) : 0;
		int ws = 0;

		if (br) {
			s += br;
			ws = 1;
		} else if (c < 0x20 || c == 0x7F) {
			s++;
			ws = 1;
		} else if (c == 0xC2 && s + 1 < end && (unsigned char)s[1] == 0xA0) {
			s += 2;
			ws = 1;
		} else if (c == 0xEF && s + 2 < end && (unsigned char)s[1] == 0xBF &&
				((unsigned char)s[2] == 0xBE || (unsigned char)s[2] == 0xBF)) {
			s += 3;
			continue;
		} else if (c == ' ') {
			s++;
			ws = 1;
		}
		if (ws) {
			space = 1;
			continue;
		}
		if (space && o > out)
			*o++ = ' ';
		space = 0;
		*o++ = *s++;
	}
	*o = '\0';
	return out;
}

char *archdoc_import__plain(archdoc_import__doc *d, const char *s, size_t n)
{
	return finish(d, s, n);
}

char *archdoc_import__md(archdoc_import__doc *d, const char *s, size_t n)
{
	return finish(d, s, n);
}

/* Length of the run of c at s. */
static size_t run_of(const char *s, size_t n, char c)
{
	size_t k = 0;

	while (k < n && s[k] == c)
		k++;
	return k;
}

char *archdoc_import__md_plain(archdoc_import__doc *d, const char *s, size_t n)
{
	archdoc_buf b = ARCHDOC_BUF_INIT;
	const char *end;
	char *out;
	size_t ticks;

	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	/* A cell that is one code span is shown literally: no escapes apply. */
	ticks = run_of(s, n, '`');
	if (ticks && n > 2 * ticks && run_of(s + n - ticks, ticks, '`') == ticks && s[n - ticks - 1] != '`' &&
			memchr(s + ticks, '`', n - 2 * ticks) == NULL)
		return finish(d, s + ticks, n - 2 * ticks);
	/* A cell that is one emphasis: keep what it emphasises. */
	for (size_t w = 2; w >= 1; w--) {
		if (n > 2 * w && (s[0] == '*' || s[0] == '_') && run_of(s, n, s[0]) == w &&
				run_of(s + n - w, w, s[0]) == w && s[n - w - 1] != s[0] && s[n - w - 1] != '\\') {
			s += w;
			n -= 2 * w;
			break;
		}
	}
	b.max = 4 * n + 16;
	end = s + n;
	for (const char *p = s; p < end;) {
		unsigned long cp;
		size_t k;

		if (*p == '\\' && p + 1 < end && ascii_punct((unsigned char)p[1])) {
			archdoc_buf_putc(&b, p[1]);
			p += 2;
		} else if (*p == '&' && (k = char_ref(p, end, &cp)) != 0) {
			archdoc_utf8_put(&b, cp);
			p += k;
		} else {
			archdoc_buf_putc(&b, *p++);
		}
	}
	if (b.failed) {
		archdoc_buf_free(&b);
		d->oom = 1;
		return NULL;
	}
	out = finish(d, b.ptr ? b.ptr : "", b.len);
	archdoc_buf_free(&b);
	return out;
}

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

/* --- building the model --- */

typedef struct comp {
	const char *title;
	const char *id;
	const char *kind;
	unsigned line, col;      /* where the name first appears */
	int placeholder;
} comp;

typedef struct conn {
	unsigned n;
	size_t from, to;         /* indexes into comps */
	const char *protocol, *port, *classification, *data;
	const archdoc_import__row *row;
} conn;

typedef struct build {
	archdoc_import__doc *d;
	const archdoc_import__table *t;
	/* the input's columns */
	int field[ARCHDOC_IMPORT_MAX_COLUMNS];   /* archdoc_column, or -1 */
	int at[ARCHDOC_COLUMN__COUNT];           /* input column of each field, or -1 */
	int what;                                /* the source column is "what's connecting", to be split */
	int what_split;                          /* some cell held two names */
	int any_classification;
	comp *comps;
	size_t comp_count, comp_cap, placeholders;
	archdoc_hash names;      /* title -> index + 1 */
	archdoc_hash ids;        /* ids in use */
	archdoc_hash id_next;    /* slug -> next suffix to try */
	conn *conns;
	size_t conn_count;
} build;

#define IDX(p) ((size_t)(uintptr_t)(p) - 1)
#define PTR(i) ((void *)(uintptr_t)((i) + 1))

static const archdoc_import__cell empty_cell = { "", "", 0, 0 };

static const archdoc_import__cell *cell_of(const build *b, const archdoc_import__row *r, archdoc_column f)
{
	int i = b->at[f];

	if (i < 0 || (size_t)i >= r->count)
		return &empty_cell;
	return &r->cells[i];
}

static void map_columns(build *b)
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

/* --- numbers --- */

static int parse_number(const char *s, unsigned *out)
{
	unsigned long v = 0;
	int digits = 0;

	if (*s == '#')
		s++;
	while (*s == ' ')
		s++;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (++digits > 7)
			return -1;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	if (*s == '.')
		s++;
	if (!digits || *s || v < 1 || v > ARCHDOC_MAX_CONNECTION_NUMBER)
		return -1;
	*out = (unsigned)v;
	return 0;
}

#define BIT_SET(a, i) ((a)[(i) >> 3] |= (unsigned char)(1u << ((i) & 7)))
#define BIT_GET(a, i) (((a)[(i) >> 3] >> ((i) & 7)) & 1u)

typedef struct numbering {
	unsigned char *used, *claimed;
	unsigned top;            /* the highest number given or claimed so far */
} numbering;

/* The next free number after the highest; past the maximum, the lowest
 * number nobody uses or claims. 0 when none is left. */
static unsigned next_free(numbering *nb)
{
	while (nb->top < ARCHDOC_MAX_CONNECTION_NUMBER) {
		nb->top++;
		if (!BIT_GET(nb->used, nb->top) && !BIT_GET(nb->claimed, nb->top))
			return nb->top;
	}
	for (unsigned n = 1; n <= ARCHDOC_MAX_CONNECTION_NUMBER; n++)
		if (!BIT_GET(nb->used, n) && !BIT_GET(nb->claimed, n))
			return n;
	return 0;
}

static int by_number(const void *a, const void *b)
{
	const conn *x = *(const conn *const *)a, *y = *(const conn *const *)b;

	return x->n < y->n ? -1 : (x->n > y->n);
}

static int number_rows(build *b)
{
	const archdoc_import__table *t = b->t;
	size_t bytes = ARCHDOC_MAX_CONNECTION_NUMBER / 8 + 2;
	numbering nb = { calloc(bytes, 1), calloc(bytes, 1), 0 };
	unsigned *given = calloc(t->row_count + 1, sizeof(*given));
	archdoc_hash first = ARCHDOC_HASH_INIT;   /* number -> index + 1 of the row that has it */
	const conn **sorted = NULL;
	unsigned prev = 0;
	int rc = ARCHDOC_ENOMEM;

	if (!nb.used || !nb.claimed || !given)
		goto done;
	for (size_t i = 0; i < t->row_count; i++) {
		if (parse_number(cell_of(b, &t->rows[i], ARCHDOC_COLUMN_NUMBER)->text, &given[i]) < 0)
			given[i] = 0;
		if (given[i]) {
			BIT_SET(nb.claimed, given[i]);
			if (given[i] > nb.top)
				nb.top = given[i];
		}
	}
	for (size_t i = 0; i < t->row_count; i++) {
		const archdoc_import__row *r = &t->rows[i];
		const archdoc_import__cell *c = cell_of(b, r, ARCHDOC_COLUMN_NUMBER);
		unsigned line = c->line ? c->line : r->line, col = c->line ? c->col : r->col;
		unsigned n = given[i];
		char key[16], *k;
		void *had = NULL;

		if (n && !BIT_GET(nb.used, n)) {
			/* the row's own number */
		} else if (n) {
			const archdoc_import__row *fr;
			const archdoc_import__cell *fc;

			snprintf(key, sizeof(key), "%u", n);
			had = archdoc_hash_get(&first, key);
			/* the first row with a number always keeps it */
			assert(had);
			fr = &t->rows[IDX(had)];
			fc = cell_of(b, fr, ARCHDOC_COLUMN_NUMBER);
			n = next_free(&nb);
			archdoc_import__report_note(b->d, W, "import-duplicate-number", line, col,
					fc->line, fc->col, "first used here",
					"connection number %u is used twice (first in line %u); this row is imported "
					"as connection %u: renumber one of them", given[i], fc->line, n);
		} else {
			const char *why = *c->text ? "is not a connection number (a whole number from 1 to 1000000)"
						  : "is empty";

			if (prev < ARCHDOC_MAX_CONNECTION_NUMBER && !BIT_GET(nb.used, prev + 1) &&
					!BIT_GET(nb.claimed, prev + 1)) {
				n = prev + 1;
				if (n > nb.top)
					nb.top = n;
			} else {
				n = next_free(&nb);
			}
			if (b->at[ARCHDOC_COLUMN_NUMBER] >= 0) {
				if (*c->text)
					archdoc_import__report(b->d, W, "import-bad-number", line, col,
							"the number cell \"%s\" %s; the row is imported as connection %u%s",
							archdoc_import__excerpt(b->d, c->text), why, n,
							n == prev + 1 ? " (the previous row's number + 1)" : " (the next free number)");
				else
					archdoc_import__report(b->d, W, "import-missing-number", line, col,
							"the row has no number; it is imported as connection %u%s", n,
							n == prev + 1 ? " (the previous row's number + 1)" : " (the next free number)");
			}
		}
		if (!n) {
			archdoc_import__report(b->d, E, "import-limit", line, col,
					"no connection number is left for this row (numbers go up to %u)",
					ARCHDOC_MAX_CONNECTION_NUMBER);
			rc = ARCHDOC_ELIMIT;
			goto done;
		}
		BIT_SET(nb.used, n);
		b->conns[i].n = n;
		b->conns[i].row = r;
		prev = n;
		if (given[i] && given[i] == n) {
			snprintf(key, sizeof(key), "%u", n);
			k = archdoc_arena_strdup(b->d->arena, key);
			if (!k || archdoc_hash_put(&first, k, PTR(i), &had) < 0)
				goto done;
		}
	}
	b->conn_count = t->row_count;

	/* Gaps, at the row after each one. */
	sorted = malloc((t->row_count + 1) * sizeof(*sorted));
	if (!sorted)
		goto done;
	for (size_t i = 0; i < t->row_count; i++)
		sorted[i] = &b->conns[i];
	qsort(sorted, t->row_count, sizeof(*sorted), by_number);
	for (size_t i = 0; i < t->row_count; i++) {
		unsigned lo = i ? sorted[i - 1]->n : 0, hi = sorted[i]->n;
		const archdoc_import__row *r = sorted[i]->row;
		const archdoc_import__cell *c = cell_of(b, r, ARCHDOC_COLUMN_NUMBER);
		unsigned line = c->line ? c->line : r->line, col = c->line ? c->col : r->col;

		if (hi <= lo + 1)
			continue;
		if (lo == 0)
			archdoc_import__report(b->d, W, "import-number-gap", line, col,
					"the numbers start at %u, not 1; %s", hi,
					hi == 2 ? "connection 1 may be lost" : "rows may be lost");
		else if (hi == lo + 2)
			archdoc_import__report(b->d, W, "import-number-gap", line, col,
					"connection %u is missing: the numbers go from %u to %u; a row may be lost",
					lo + 1, lo, hi);
		else
			archdoc_import__report(b->d, W, "import-number-gap", line, col,
					"connections %u to %u are missing: the numbers go from %u to %u; rows may be lost",
					lo + 1, hi - 1, lo, hi);
	}
	rc = 0;
done:
	free(nb.used);
	free(nb.claimed);
	free(given);
	free(sorted);
	archdoc_hash_free(&first);
	return rc;
}

/* --- components --- */

/* Lower-case ASCII words of a name, as a list of NUL-separated words. */
static size_t words_of(const char *s, char *out, size_t cap, size_t *count)
{
	size_t k = 0;
	int in = 0;

	*count = 0;
	for (; *s && k + 2 < cap; s++) {
		unsigned char c = (unsigned char)*s;
		int alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;

		if (alnum) {
			if (!in)
				(*count)++;
			out[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			in = 1;
		} else if (in) {
			out[k++] = '\0';
			in = 0;
		}
	}
	if (in)
		out[k++] = '\0';
	return k;
}

static int has_word(const char *words, size_t len, const char *w)
{
	for (size_t i = 0; i < len; i += strlen(words + i) + 1)
		if (strcmp(words + i, w) == 0)
			return 1;
	return 0;
}

/* A guess from the words of the name; the first entry that matches wins,
 * so a workload type ("Redis StatefulSet") beats what it runs. */
static const char *guess_kind(const char *name)
{
	static const char *const rules[][2] = {
		{ "statefulset", "statefulset" }, { "replicaset", "replicaset" },
		{ "daemonset", "daemonset" }, { "deployment", "deployment" }, { "cronjob", "cronjob" },
		{ "job", "job" }, { "pod", "pod" },
		{ "postgresql", "database" }, { "postgres", "database" }, { "mysql", "database" },
		{ "mariadb", "database" }, { "mongodb", "database" }, { "database", "database" },
		{ "db", "database" },
		{ "redis", "cache" }, { "memcached", "cache" }, { "cache", "cache" },
		{ "kafka", "queue" }, { "rabbitmq", "queue" }, { "activemq", "queue" }, { "queue", "queue" },
		{ "storage", "storage" }, { "bucket", "storage" }, { "s3", "storage" },
		{ "prometheus", "monitoring" }, { "grafana", "monitoring" }, { "monitoring", "monitoring" },
		{ "ingress", "gateway" }, { "gateway", "gateway" },
		{ "loadbalancer", "loadbalancer" }, { "balancer", "loadbalancer" },
		{ "internet", "external" },
		{ "user", "user" }, { "users", "user" }, { "browser", "user" },
	};
	char words[512];
	size_t count, len = words_of(name, words, sizeof(words), &count);

	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (has_word(words, len, rules[i][0]))
			return rules[i][1];
	return "service";
}

/* An id from a title: lower-case ASCII letters and digits, other runs
 * become one '-'; made unique with -2, -3, ... */
static const char *make_id(build *b, const char *title)
{
	char slug[112], cand[128];
	size_t k = 0;
	unsigned long next = 2, *counter;
	void *had = NULL;
	char *id, *key;

	for (const unsigned char *p = (const unsigned char *)title; *p && k < 100; p++) {
		unsigned char c = *p;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			slug[k++] = (char)c;
		else if (c >= 'A' && c <= 'Z')
			slug[k++] = (char)(c + 32);
		else if (k && slug[k - 1] != '-')
			slug[k++] = '-';
	}
	while (k && slug[k - 1] == '-')
		k--;
	slug[k] = '\0';
	if (!k)
		snprintf(slug, sizeof(slug), "component");
	else if (slug[0] >= '0' && slug[0] <= '9') {
		memmove(slug + 10, slug, k + 1 <= sizeof(slug) - 10 ? k + 1 : sizeof(slug) - 10);
		memcpy(slug, "component-", 10);
		slug[sizeof(slug) - 1] = '\0';
	}
	snprintf(cand, sizeof(cand), "%s", slug);
	/* Each slug remembers the next suffix to try, so many names with one
	 * slug stay linear. */
	counter = archdoc_hash_get(&b->id_next, slug);
	if (counter)
		next = *counter;
	while (archdoc_hash_get(&b->ids, cand))
		snprintf(cand, sizeof(cand), "%s-%lu", slug, next++);
	id = archdoc_arena_strdup(b->d->arena, cand);
	if (!id || archdoc_hash_put(&b->ids, id, (void *)1, &had) < 0) {
		b->d->oom = 1;
		return NULL;
	}
	if (!counter) {
		key = archdoc_arena_strdup(b->d->arena, slug);
		counter = archdoc_arena_alloc(b->d->arena, sizeof(*counter));
		if (!key || !counter || archdoc_hash_put(&b->id_next, key, counter, &had) < 0) {
			b->d->oom = 1;
			return NULL;
		}
	}
	*counter = next;
	return id;
}

static int add_comp(build *b, const char *title, const char *id, const char *kind, unsigned line,
		unsigned col, int placeholder, size_t *out)
{
	comp *c;

	if (ARCHDOC_ARRAY_RESERVE(b->comps, b->comp_cap, b->comp_count + 1, 32) < 0)
		return ARCHDOC_ENOMEM;
	if (!id)
		return ARCHDOC_ENOMEM;
	c = &b->comps[b->comp_count];
	c->title = title;
	c->id = id;
	c->kind = kind;
	c->line = line;
	c->col = col ? col : 1;
	c->placeholder = placeholder;
	*out = b->comp_count++;
	if (placeholder)
		b->placeholders++;
	return 0;
}

/* The component named name (already cleaned), made on first sight. */
static int endpoint(build *b, const char *name, unsigned line, unsigned col, size_t *out)
{
	void *had = archdoc_hash_get(&b->names, name);
	int rc;

	if (had) {
		*out = IDX(had);
		return 0;
	}
	rc = add_comp(b, name, make_id(b, name), guess_kind(name), line, col, 0, out);
	if (rc == 0 && archdoc_hash_put(&b->names, name, PTR(*out), &had) < 0)
		rc = ARCHDOC_ENOMEM;
	return rc;
}

static int placeholder(build *b, int destination, unsigned n, unsigned line, unsigned col, size_t *out)
{
	char id[48], title[64];
	void *had = NULL;
	const char *end = destination ? "destination" : "source";
	char *idc, *tc;

	snprintf(id, sizeof(id), "unknown-%s-%u", end, n);
	snprintf(title, sizeof(title), "Unknown %s of connection %u", end, n);
	tc = archdoc_arena_strdup(b->d->arena, title);
	idc = archdoc_arena_strdup(b->d->arena, id);
	if (!tc || !idc)
		return ARCHDOC_ENOMEM;
	if (archdoc_hash_get(&b->ids, idc))
		idc = (char *)make_id(b, id);
	else if (archdoc_hash_put(&b->ids, idc, (void *)1, &had) < 0)
		return ARCHDOC_ENOMEM;
	return add_comp(b, tc, idc, "service", line, col, 1, out);
}

/* Where an arrow or " to " splits "A -> B": 1 with the two names, 0 for
 * one name, -1 when the cell cannot be split (several separators, or an
 * empty side). */
static int split_what(build *b, const char *s, const char **from, const char **to)
{
	static const char *const arrows[] = { "->", "\xE2\x86\x92", "=>", NULL };
	const char *at = NULL;
	size_t seplen = 0, found = 0;

	for (size_t i = 0; arrows[i]; i++)
		for (const char *p = strstr(s, arrows[i]); p; p = strstr(p + 1, arrows[i])) {
			found++;
			at = p;
			seplen = strlen(arrows[i]);
		}
	if (!found) {
		for (const char *p = s; *p; p++) {
			if (p > s && p[-1] == ' ' && strncasecmp(p, "to ", 3) == 0) {
				found++;
				at = p - 1;
				seplen = 4;
			}
		}
	}
	if (!found)
		return 0;
	if (found > 1)
		return -1;
	*from = archdoc_import__plain(b->d, s, (size_t)(at - s));
	*to = archdoc_import__plain(b->d, at + seplen, strlen(at + seplen));
	if (!*from || !*to)
		return -1;
	return **from && **to ? 1 : -1;
}

static int resolve_ends(build *b)
{
	for (size_t i = 0; i < b->conn_count; i++) {
		conn *c = &b->conns[i];
		const archdoc_import__row *r = c->row;
		const archdoc_import__cell *src = cell_of(b, r, ARCHDOC_COLUMN_SOURCE);
		const archdoc_import__cell *dst = cell_of(b, r, ARCHDOC_COLUMN_DESTINATION);
		const char *from = src->text, *to = dst->text;
		unsigned sl = src->line ? src->line : r->line, sc = src->line ? src->col : r->col;
		unsigned dl = dst->line ? dst->line : r->line, dc = dst->line ? dst->col : r->col;
		int from_ph = 0, to_ph = 0, unsplit = 0, rc;

		if (b->what) {
			int split = *from ? split_what(b, src->text, &from, &to) : 0;

			if (b->d->oom)
				return ARCHDOC_ENOMEM;
			if (split == 1) {
				b->what_split = 1;
			} else if (split < 0) {
				archdoc_import__report(b->d, W, "import-unsplit", sl, sc,
						"cannot tell the two ends apart in \"%s\" (write it as \"Source -> Destination\"); "
						"the whole cell is imported as the source of connection %u and a placeholder "
						"stands for its destination", archdoc_import__excerpt(b->d, src->text), c->n);
				from = src->text;
				to = "";
				unsplit = 1;
			} else {
				from = src->text;
				to = "";
			}
			dl = sl;
			dc = sc;
		}
		if (*from)
			rc = endpoint(b, from, sl, sc, &c->from);
		else
			rc = placeholder(b, 0, c->n, sl, sc, &c->from), from_ph = 1;
		if (rc == 0 && *to)
			rc = endpoint(b, to, dl, dc, &c->to);
		else if (rc == 0)
			rc = placeholder(b, 1, c->n, dl, dc, &c->to), to_ph = 1;
		if (rc)
			return rc;
		if (from_ph)
			archdoc_import__report(b->d, W, "import-placeholder", sl, sc,
					"connection %u names no source; the placeholder component '%s' (\"%s\") stands for "
					"it: replace it with the component that opens the connection", c->n,
					b->comps[c->from].id, b->comps[c->from].title);
		/* an unsplit cell's report already names the placeholder */
		if (to_ph && !unsplit)
			archdoc_import__report(b->d, W, "import-placeholder", dl, dc,
					"connection %u names no destination; the placeholder component '%s' (\"%s\") "
					"stands for it: replace it with the component the connection goes to", c->n,
					b->comps[c->to].id, b->comps[c->to].title);
	}
	return 0;
}

/* --- near-duplicate names --- */

/* Lower-case ASCII letters and digits (other bytes kept): "Init Tenant:
 * Job" and "init-tenant job" fold alike, as check's similar-titles does. */
static char *fold(archdoc_import__doc *d, const char *s)
{
	char *k = archdoc_arena_alloc(d->arena, strlen(s) + 1), *o = k;

	if (!k)
		return NULL;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))
			*o++ = (char)c;
		else if (c >= 'A' && c <= 'Z')
			*o++ = (char)(c + 32);
	}
	*o = '\0';
	return k;
}

typedef struct name_words {
	char *words;     /* NUL-separated, arena */
	size_t len, count;
} name_words;

/* Non-zero when a's words start b's, or a is one word that b holds. */
static int word_prefix_or_within(const name_words *a, const name_words *b)
{
	if (a->count == 0 || a->count >= b->count)
		return 0;
	if (a->len <= b->len && memcmp(a->words, b->words, a->len) == 0)
		return 1;
	return a->count == 1 && has_word(b->words, b->len, a->words);
}

/* Pairs of names listed one by one; more are counted. */
#define MAX_SIMILAR_PAIRS 200u

static int similar_names(build *b)
{
	archdoc_import__doc *d = b->d;
	archdoc_hash folded = ARCHDOC_HASH_INIT;
	name_words *nw = NULL;
	size_t *real = NULL, n = 0, pairs = 0;
	int rc = ARCHDOC_ENOMEM;

	real = malloc((b->comp_count + 1) * sizeof(*real));
	nw = calloc(b->comp_count + 1, sizeof(*nw));
	if (!real || !nw)
		goto done;
	for (size_t i = 0; i < b->comp_count; i++) {
		const comp *c = &b->comps[i];
		char *k, buf[512];
		void *had = NULL;
		int put;

		if (c->placeholder)
			continue;
		k = fold(d, c->title);
		if (!k)
			goto done;
		put = *k ? archdoc_hash_put(&folded, k, PTR(i), &had) : 0;
		if (put < 0)
			goto done;
		if (put == 1) {
			const comp *p = &b->comps[IDX(had)];

			archdoc_import__report_note(d, W, "import-similar-names", c->line, c->col, p->line, p->col,
					"the other name first appears here",
					"endpoint names \"%s\" and \"%s\" differ only in case, punctuation or spacing; "
					"they probably denote one component: merge them in the model if so",
					archdoc_import__excerpt(d, p->title), archdoc_import__excerpt(d, c->title));
		}
		real[n] = i;
		nw[n].len = words_of(c->title, buf, sizeof(buf), &nw[n].count);
		nw[n].words = archdoc_arena_alloc(d->arena, nw[n].len + 1);
		if (!nw[n].words)
			goto done;
		memcpy(nw[n].words, buf, nw[n].len);
		n++;
	}
	if (n > ARCHDOC_IMPORT_MAX_COMPARED_NAMES) {
		archdoc_import__report(d, W, "import-limit", 0, 0,
				"the table names %zu endpoints; only names equal after folding case, punctuation and "
				"spacing were compared, not names that contain one another (at most %u are)",
				n, ARCHDOC_IMPORT_MAX_COMPARED_NAMES);
		rc = 0;
		goto done;
	}
	/* Pairs in the order their later name appears, so the report reads
	 * down the table; a bounded number of them, so a hostile table cannot
	 * make the report quadratic. */
	for (size_t j = 1; j < n; j++) {
		for (size_t i = 0; i < j; i++) {
			const name_words *short_, *long_;
			const comp *ci = &b->comps[real[i]], *cj = &b->comps[real[j]];

			if (nw[i].count <= nw[j].count)
				short_ = &nw[i], long_ = &nw[j];
			else
				short_ = &nw[j], long_ = &nw[i];
			if (!word_prefix_or_within(short_, long_))
				continue;
			if (++pairs > MAX_SIMILAR_PAIRS)
				continue;
			archdoc_import__report_note(d, W, "import-similar-names", cj->line, cj->col, ci->line, ci->col,
					"the other name first appears here",
					"endpoint names \"%s\" and \"%s\" may denote one component; merge them in the "
					"model if so",
					archdoc_import__excerpt(d, short_ == &nw[i] ? ci->title : cj->title),
					archdoc_import__excerpt(d, short_ == &nw[i] ? cj->title : ci->title));
		}
	}
	if (pairs > MAX_SIMILAR_PAIRS)
		archdoc_import__report(d, W, "import-similar-names", 0, 0,
				"%zu more pairs of endpoint names may denote one component each; they are not "
				"listed (at most %u are)", pairs - MAX_SIMILAR_PAIRS, MAX_SIMILAR_PAIRS);
	rc = 0;
done:
	archdoc_hash_free(&folded);
	free(real);
	free(nw);
	return rc;
}

/* --- ports --- */

static int word_at(const char *p, const char *w)
{
	size_t n = strlen(w);
	char c;

	if (strncasecmp(p, w, n) != 0)
		return 0;
	c = p[n];
	return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

/* "61616 / 8080", "25; 443", "25 and 443", "8000 to 8010" become
 * "61616, 8080", "25, 443", "8000-8010". NULL for an empty cell or a dash;
 * *bad set when the cell is not ports. */
static const char *normalise_port(build *b, const char *s, int *bad)
{
	enum { START, NUM, RANGE, DASH, SEP } st = START;
	archdoc_buf out = ARCHDOC_BUF_INIT;
	archdoc_port_range *ranges;
	const char *p = s, *norm = NULL;
	size_t count, bad_at;
	char *copy;

	*bad = 0;
	if (!*s || strcmp(s, "-") == 0 || strcmp(s, "\xE2\x80\x93") == 0 || strcmp(s, "\xE2\x80\x94") == 0 ||
			strcasecmp(s, "n/a") == 0)
		return NULL;
	out.max = 4 * strlen(s) + 16;
	while (*p) {
		if (*p == ' ') {
			p++;
		} else if (*p >= '0' && *p <= '9') {
			const char *q = p;

			while (*q >= '0' && *q <= '9')
				q++;
			if (q - p > 5)
				break;
			if (st == NUM || st == RANGE || st == SEP)
				archdoc_buf_puts(&out, ", ");
			else if (st == DASH)
				archdoc_buf_putc(&out, '-');
			archdoc_buf_put(&out, p, (size_t)(q - p));
			st = st == DASH ? RANGE : NUM;
			p = q;
		} else if (st == NUM && (*p == '-' || strncmp(p, "\xE2\x80\x93", 3) == 0 || word_at(p, "to"))) {
			p += *p == '-' ? 1 : (*p == 't' || *p == 'T') ? 2 : 3;
			st = DASH;
		} else if ((st == NUM || st == RANGE) && (*p == ',' || *p == ';' || *p == '/' || *p == '&' ||
				*p == '+' || word_at(p, "and") || word_at(p, "or"))) {
			p += word_at(p, "and") ? 3 : word_at(p, "or") ? 2 : 1;
			st = SEP;
		} else {
			break;
		}
	}
	if (*p || (st != NUM && st != RANGE) || out.failed) {
		archdoc_buf_free(&out);
		*bad = 1;
		return NULL;
	}
	/* the model's own parser has the last word on ranges and bounds */
	if (archdoc_port_parse(b->d->arena, out.ptr, &ranges, &count, &norm, &bad_at) != NULL)
		*bad = 1;
	archdoc_buf_free(&out);
	if (*bad)
		return NULL;
	copy = archdoc_arena_strdup(b->d->arena, norm);
	if (!copy)
		b->d->oom = 1;
	return copy;
}

static void fill_connections(build *b)
{
	for (size_t i = 0; i < b->conn_count; i++) {
		conn *c = &b->conns[i];
		const archdoc_import__row *r = c->row;
		const archdoc_import__cell *port = cell_of(b, r, ARCHDOC_COLUMN_PORT);
		int bad = 0;

		c->protocol = cell_of(b, r, ARCHDOC_COLUMN_PROTOCOL)->text;
		c->classification = cell_of(b, r, ARCHDOC_COLUMN_CLASSIFICATION)->text;
		c->data = cell_of(b, r, ARCHDOC_COLUMN_DATA)->md;
		c->port = normalise_port(b, port->text, &bad);
		if (bad)
			archdoc_import__report(b->d, W, "import-bad-port", port->line, port->col,
					"the port cell \"%s\" is not a port, a range or a list of them; connection %u is "
					"imported without a port: add port=\"...\" (e.g. \"443\", \"8000-8010\", "
					"\"25, 587\") by hand", archdoc_import__excerpt(b->d, port->text), c->n);
		if (*c->classification)
			b->any_classification = 1;
	}
}

/* A model refuses fields over its length limits (field-too-long,
 * too-many-ports; docs/security.md): such a cell is an import-limit error
 * here, where it can be shown, not a model that fails to load. */
static size_t chars_in(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static int too_long(build *b, const char *what, const char *text, size_t max, unsigned line, unsigned col)
{
	size_t n = text ? chars_in(text) : 0;

	if (n <= max)
		return 0;
	archdoc_import__report(b->d, E, "import-limit", line, col,
			"the %s is %zu characters long; a model allows at most %zu (docs/security.md), "
			"so it cannot be imported: shorten it", what, n, max);
	return 1;
}

static int cell_too_long(build *b, const char *what, const char *text, size_t max,
		const archdoc_import__row *r, int column)
{
	const archdoc_import__cell *cell = cell_of(b, r, column);

	return too_long(b, what, text, max, cell->line ? cell->line : r->line, cell->line ? cell->col : r->col);
}

static int check_lengths(build *b)
{
	int over = 0;

	for (size_t i = 0; i < b->comp_count; i++)
		over |= too_long(b, "component name", b->comps[i].title, ARCHDOC_MAX_SHORT_TEXT,
				b->comps[i].line, b->comps[i].col);
	for (size_t i = 0; i < b->conn_count; i++) {
		const conn *c = &b->conns[i];
		const archdoc_import__row *r = c->row;
		size_t ports = 1;

		over |= cell_too_long(b, "protocol", c->protocol, ARCHDOC_MAX_SHORT_TEXT, r, ARCHDOC_COLUMN_PROTOCOL);
		over |= cell_too_long(b, "classification", c->classification, ARCHDOC_MAX_SHORT_TEXT, r,
				ARCHDOC_COLUMN_CLASSIFICATION);
		over |= cell_too_long(b, "data sentence", c->data, ARCHDOC_MAX_DATA_LENGTH, r, ARCHDOC_COLUMN_DATA);
		for (const char *p = c->port ? c->port : ""; *p; p++)
			ports += *p == ',';
		if (ports > ARCHDOC_MAX_PORTS) {
			const archdoc_import__cell *cell = cell_of(b, r, ARCHDOC_COLUMN_PORT);

			archdoc_import__report(b->d, E, "import-limit", cell->line ? cell->line : r->line,
					cell->line ? cell->col : r->col,
					"the port cell lists %zu ports or ranges; a model allows at most %u "
					"(docs/security.md), so it cannot be imported: write ranges", ports, ARCHDOC_MAX_PORTS);
			over = 1;
		}
	}
	return over ? ARCHDOC_ELIMIT : 0;
}

/* Rows whose cell count differs from the header's. */
static void check_row_shapes(build *b)
{
	size_t want = b->t->header.count;

	for (size_t i = 0; i < b->t->row_count; i++) {
		const archdoc_import__row *r = &b->t->rows[i];

		if (r->found < want)
			archdoc_import__report(b->d, W, "import-bad-row", r->line, r->col,
					"the row has %zu cell%s, the header %zu; the missing cells at the end are taken "
					"as empty: check that no cell slipped into its neighbour", r->found,
					r->found == 1 ? "" : "s", want);
		else if (r->extra)
			archdoc_import__report(b->d, W, "import-bad-row", r->line, r->col,
					"the row has %zu cells, the header %zu; the cells beyond the header (\"%s\"...) "
					"are not imported", r->found, want, archdoc_import__excerpt(b->d, r->extra));
	}
}

/* --- writing the model --- */

static int write_model(build *b, const char *id, const char *title, char **out, size_t *out_len)
{
	const archdoc_import__row *h = &b->t->header;
	archdoc_column columns[ARCHDOC_IMPORT_MAX_COLUMNS];
	const char *texts[ARCHDOC_IMPORT_MAX_COLUMNS];
	size_t count = 0;
	archdoc_model_writer mw;

	/* The input's columns in input order, with its header words. */
	for (size_t i = 0; i < h->count && count < ARCHDOC_IMPORT_MAX_COLUMNS; i++) {
		int f = b->field[i];

		if (f < 0 || (f == ARCHDOC_COLUMN_CLASSIFICATION && !b->any_classification))
			continue;
		if (f == ARCHDOC_COLUMN_SOURCE && b->what && b->what_split)
			f = ARCHDOC_COLUMN_WHAT;
		columns[count] = (archdoc_column)f;
		texts[count++] = h->cells[i].text;
	}
	archdoc_model_writer_begin(&mw, " Written by archdoc import. Component kinds are guesses, and "
			"the import report lists what else to review (docs/import.md). ", id, title, NULL);
	archdoc_model_writer_table(&mw, columns, count, columns, texts, count);
	for (size_t i = 0; i < b->comp_count; i++)
		archdoc_model_writer_component(&mw, b->comps[i].id, b->comps[i].title, b->comps[i].kind);
	for (size_t i = 0; i < b->conn_count; i++) {
		const conn *c = &b->conns[i];

		archdoc_model_writer_connection(&mw, c->n, b->comps[c->from].id, b->comps[c->to].id, c->protocol,
				c->port, c->classification, c->data);
	}
	return archdoc_model_writer_finish(&mw, out, out_len);
}

/* --- the written model must load --- */

typedef struct self_check {
	unsigned errors;
	char first[512];
} self_check;

static void self_check_sink(const archdoc_diag *dg, void *payload)
{
	self_check *s = payload;

	if (dg->severity == ARCHDOC_SEVERITY_ERROR && s->errors++ == 0)
		snprintf(s->first, sizeof(s->first), "%u:%u: %s [%s]", dg->loc.line, dg->loc.col,
				dg->message, dg->rule);
}

static int verify(archdoc_import__doc *d, const char *xml, size_t len)
{
	archdoc_diag_fn sink = d->ctx->sink;
	void *payload = d->ctx->sink_payload;
	archdoc_model *m = NULL;
	self_check s;
	int rc;

	memset(&s, 0, sizeof(s));
	archdoc_context_set_sink(d->ctx, self_check_sink, &s);
	rc = archdoc_model_load_buffer(&m, d->ctx, "<import>", xml, len);
	archdoc_context_set_sink(d->ctx, sink, payload);
	archdoc_model_free(m);
	if (rc == ARCHDOC_ENOMEM)
		return rc;
	if (rc < 0) {
		archdoc_import__report(d, E, "import-internal", 0, 0,
				"the imported model does not load (%s); this is a bug in archdoc import, please "
				"report it with the input", s.first[0] ? s.first : archdoc_strerror(rc));
		return ARCHDOC_ERROR;
	}
	return 0;
}

/* --- names from the input's name --- */

static const char *base_name(archdoc_import__doc *d, const char *name)
{
	const char *slash = strrchr(name, '/'), *s = slash ? slash + 1 : name, *dot = strrchr(s, '.');
	char *out;

	if (dot == s)
		dot = NULL;
	out = archdoc_arena_strndup(d->arena, s, dot ? (size_t)(dot - s) : strlen(s));
	if (!out)
		d->oom = 1;
	return out;
}

static const char *model_id(build *b, const char *base)
{
	char id[ARCHDOC_MAX_ID_LENGTH + 1];
	size_t k = 0;
	char *out;

	if (base)
		for (const unsigned char *p = (const unsigned char *)base; *p && k < 100; p++) {
			unsigned char c = *p;

			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')
				id[k++] = (char)c;
			else if (c >= 'A' && c <= 'Z')
				id[k++] = (char)(c + 32);
			else if (k && id[k - 1] != '-')
				id[k++] = '-';
		}
	while (k && (id[k - 1] == '-' || id[k - 1] == '_'))
		k--;
	id[k] = '\0';
	if (!k)
		snprintf(id, sizeof(id), "imported");
	else if (!((id[0] >= 'a' && id[0] <= 'z'))) {
		memmove(id + 6, id, k + 1);
		memcpy(id, "model-", 6);
	}
	out = archdoc_arena_strdup(b->d->arena, id);
	if (!out)
		b->d->oom = 1;
	return out;
}

/* --- entry points --- */

#define OPTIONS_ERROR(ctx, name, ...) \
	archdoc__diag((ctx), E, "import-options", archdoc__nowhere(name), __VA_ARGS__)

static int import(archdoc_import__doc *d, const archdoc_import_options *opts,
		archdoc_import_format format, char **out, size_t *out_len, archdoc_import_result *result)
{
	archdoc_import__table t;
	build b;
	const char *id, *title, *base = NULL;
	size_t bad;
	int rc;

	memset(&t, 0, sizeof(t));
	memset(&b, 0, sizeof(b));
	b.d = d;
	b.t = &t;

	bad = archdoc_utf8_invalid_at(d->src.data, d->src.len);
	if (bad != (size_t)-1) {
		archdoc_location loc = archdoc_import__where(d, bad);

		archdoc_import__report(d, E, "encoding", loc.line, loc.col,
				d->src.data[bad] ? "the input is not valid UTF-8 here (byte 0x%02X); save it as UTF-8"
						 : "the input holds a NUL byte here (%u); save it as UTF-8 text",
				(unsigned)(unsigned char)d->src.data[bad]);
		rc = ARCHDOC_EINVALID;
		goto done;
	}
	if (d->src.len >= 3 && memcmp(d->src.data, "\xEF\xBB\xBF", 3) == 0)
		d->start = 3;

	rc = readers[format]->read(d, &t);
	if (rc)
		goto done;
	if (!t.row_count) {
		archdoc_import__report(d, E, "import-no-table", t.header.line, t.header.col,
				"the connections table has a header but no rows; there is nothing to import");
		rc = ARCHDOC_ENOTFOUND;
		goto done;
	}
	b.conns = calloc(t.row_count, sizeof(*b.conns));
	if (!b.conns) {
		rc = ARCHDOC_ENOMEM;
		goto done;
	}
	map_columns(&b);
	check_row_shapes(&b);
	if (b.at[ARCHDOC_COLUMN_NUMBER] < 0)
		archdoc_import__report(d, W, "import-missing-number", t.header.line, t.header.col,
				"the table has no number column; %s %zu, in row order",
				t.row_count == 1 ? "its row is imported as connection" : "its rows are imported as connections 1 to",
				t.row_count);
	if ((rc = number_rows(&b)) != 0)
		goto done;
	if ((rc = resolve_ends(&b)) != 0)
		goto done;
	fill_connections(&b);
	if ((rc = similar_names(&b)) != 0)
		goto done;
	if ((rc = check_lengths(&b)) != 0)
		goto done;
	if (b.at[ARCHDOC_COLUMN_CLASSIFICATION] >= 0) {
		const archdoc_import__cell *c = &t.header.cells[b.at[ARCHDOC_COLUMN_CLASSIFICATION]];

		if (b.any_classification)
			archdoc_import__report(d, W, "import-classification", c->line, c->col,
					"stated classifications are kept as classification=\"...\", unchecked: the table "
					"does not say where the boundaries are. Put the components in <boundary> "
					"elements and add classify-by=\"BOUNDARY\" to <architecture>, and archdoc "
					"derives every classification and reports each stated one that disagrees");
		else
			archdoc_import__report(d, W, "import-classification", c->line, c->col,
					"the classification column is empty in every row, so the model has no "
					"classification column; add boundaries and classify-by=\"BOUNDARY\" to have "
					"archdoc derive one");
	}
	if (d->oom) {
		rc = ARCHDOC_ENOMEM;
		goto done;
	}

	if (opts->id) {
		id = opts->id;
	} else {
		if (d->name && strcmp(d->name, "<stdin>") != 0 && strcmp(d->name, "<memory>") != 0)
			base = base_name(d, d->name);
		id = model_id(&b, base);
	}
	title = opts->title && *opts->title ? opts->title : t.title && *t.title ? t.title
		: base && *base ? base : "Imported connections";
	if (too_long(&b, "model title", title, ARCHDOC_MAX_SHORT_TEXT, 0, 0)) {
		rc = ARCHDOC_ELIMIT;
		goto done;
	}
	if (!id || d->oom) {
		rc = ARCHDOC_ENOMEM;
		goto done;
	}
	rc = write_model(&b, id, title, out, out_len);
	if (rc == 0 && (rc = verify(d, *out, *out_len)) != 0) {
		free(*out);
		*out = NULL;
	}
	if (rc == 0 && result) {
		result->connections = b.conn_count;
		result->components = b.comp_count;
		result->placeholders = b.placeholders;
		result->table = t.number;
	}
done:
	if (d->oom && rc == 0) {
		free(*out);
		*out = NULL;
		rc = ARCHDOC_ENOMEM;
	}
	free(t.rows);
	free(b.comps);
	free(b.conns);
	archdoc_hash_free(&b.names);
	archdoc_hash_free(&b.ids);
	archdoc_hash_free(&b.id_next);
	return rc;
}

static int check_options(archdoc_context *ctx, const char *name, const archdoc_import_options *opts,
		archdoc_import_format *format)
{
	if (opts->version != ARCHDOC_IMPORT_OPTIONS_VERSION) {
		OPTIONS_ERROR(ctx, NULL, "import options version %u is not known to archdoc %s; use %d",
				opts->version, archdoc_version(), ARCHDOC_IMPORT_OPTIONS_VERSION);
		return ARCHDOC_EUSAGE;
	}
	*format = opts->format;
	if ((unsigned)*format > ARCHDOC_IMPORT_CSV) {
		OPTIONS_ERROR(ctx, NULL, "import format %u is not known; use md, html or csv", (unsigned)*format);
		return ARCHDOC_EUSAGE;
	}
	if (*format == ARCHDOC_IMPORT_AUTO)
		*format = archdoc_import_format_from_path(name);
	if (*format == ARCHDOC_IMPORT_AUTO) {
		OPTIONS_ERROR(ctx, name, "cannot tell the table's format from its name; name the file "
				"*.md, *.html or *.csv, or give the format (--from md|html|csv)");
		return ARCHDOC_EUSAGE;
	}
	if (opts->id && !archdoc_id_valid(opts->id)) {
		OPTIONS_ERROR(ctx, NULL, "'%s' is not a valid model id: start with a letter, then letters, "
				"digits, '-' or '_' (at most %u characters)", opts->id, ARCHDOC_MAX_ID_LENGTH);
		return ARCHDOC_EUSAGE;
	}
	return 0;
}

static int run(char **out, size_t *out_len, archdoc_import_result *result, archdoc_context *ctx,
		const char *name, char *data, size_t len, const archdoc_import_options *opts,
		archdoc_import_format format)
{
	archdoc_import__doc d;
	int rc;

	memset(&d, 0, sizeof(d));
	d.ctx = ctx;
	d.name = name;
	d.want = opts->table;
	archdoc_diag_queue_init(&d.reports, ctx, SIZE_MAX);
	d.reports.max_message = 64 * 1024;
	d.arena = archdoc_arena_new();
	if (!d.arena || archdoc_source_init(&d.src, name, data, len) < 0) {
		if (!d.src.data)
			free(data);
		archdoc_source_fini(&d.src);
		archdoc_arena_free(d.arena);
		return ARCHDOC_ENOMEM;
	}
	rc = import(&d, opts, format, out, out_len, result);
	if (d.oom && rc == 0)
		rc = ARCHDOC_ENOMEM;
	archdoc_diag_queue_flush(&d.reports);
	archdoc_source_fini(&d.src);
	archdoc_arena_free(d.arena);
	return rc;
}

/* What both entry points do first: clear the results, default the
 * options, check them. 0 or the error. */
static int begin(char **out, size_t **out_len, size_t *ignored, archdoc_import_result *result,
		archdoc_context *ctx, const char *name, const archdoc_import_options **opts,
		archdoc_import_format *format)
{
	static const archdoc_import_options defaults = ARCHDOC_IMPORT_OPTIONS_INIT;

	*out = NULL;
	if (!*out_len)
		*out_len = ignored;
	**out_len = 0;
	if (result)
		memset(result, 0, sizeof(*result));
	if (!*opts)
		*opts = &defaults;
	return check_options(ctx, name, *opts, format);
}

int archdoc_import_buffer(char **out, size_t *out_len, archdoc_import_result *result,
		archdoc_context *ctx, const char *name, const char *data, size_t len,
		const archdoc_import_options *opts)
{
	archdoc_import_format format;
	size_t ignored;
	char *copy;
	int rc;

	assert(out && ctx && (data || !len));
	if (!name)
		name = "<memory>";
	if ((rc = begin(out, &out_len, &ignored, result, ctx, name, &opts, &format)) != 0)
		return rc;
	copy = archdoc_source_copy_input(ctx, "table", name, data, len, &rc);
	return copy ? run(out, out_len, result, ctx, name, copy, len, opts, format) : rc;
}

int archdoc_import_file(char **out, size_t *out_len, archdoc_import_result *result,
		archdoc_context *ctx, const char *path, const archdoc_import_options *opts)
{
	int is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "<stdin>" : path;
	archdoc_import_format format;
	char *data = NULL;
	size_t len = 0, ignored;
	int rc;

	assert(out && ctx && path);
	if ((rc = begin(out, &out_len, &ignored, result, ctx, is_stdin ? NULL : path, &opts, &format)) != 0)
		return rc;
	/* read here, so the size limit holds on the bytes */
	switch (archdoc_file_read(path, ctx->max_file_size, ARCHDOC_FILE_STDIN, &data, &len, NULL)) {
	case ARCHDOC_FILE_OK:
		return run(out, out_len, result, ctx, name, data, len, opts, format);
	case ARCHDOC_FILE_EOPEN:
		archdoc__diag(ctx, E, "io", archdoc__nowhere(path), "cannot open the table: %s", strerror(errno));
		return ARCHDOC_EIO;
	case ARCHDOC_FILE_EREAD:
		archdoc__diag(ctx, E, "io", archdoc__nowhere(path), "cannot read the table: %s", strerror(errno));
		return ARCHDOC_EIO;
	case ARCHDOC_FILE_ETOO_BIG:
		archdoc__diag(ctx, E, "file-too-large", archdoc__nowhere(name),
				"the table is larger than the limit of %zu bytes; split it (or raise the "
				"limit, see docs/security.md)", ctx->max_file_size);
		return ARCHDOC_ELIMIT;
	default:
		return ARCHDOC_ENOMEM;
	}
}
