/*
 * The connections' fields (ports normalised), the model's length limits
 * checked where the cells can be shown, rows of the wrong shape, and the
 * model written with the model layer's one writer.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "build.h"
#include "model.h"
#include "model_write.h"
#include "utf8.h"

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

void archdoc_import__fill_connections(build *b)
{
	for (size_t i = 0; i < b->conn_count; i++) {
		conn *c = &b->conns[i];
		const archdoc_import__row *r = c->row;
		const archdoc_import__cell *port = archdoc_import__cell_of(b, r, ARCHDOC_COLUMN_PORT);
		int bad = 0;

		c->protocol = archdoc_import__cell_of(b, r, ARCHDOC_COLUMN_PROTOCOL)->text;
		c->classification = archdoc_import__cell_of(b, r, ARCHDOC_COLUMN_CLASSIFICATION)->text;
		c->data = archdoc_import__cell_of(b, r, ARCHDOC_COLUMN_DATA)->md;
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

int archdoc_import__too_long(build *b, const char *what, const char *text, size_t max, unsigned line, unsigned col)
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
	const archdoc_import__cell *cell = archdoc_import__cell_of(b, r, column);

	return archdoc_import__too_long(b, what, text, max, cell->line ? cell->line : r->line, cell->line ? cell->col : r->col);
}

int archdoc_import__check_lengths(build *b)
{
	int over = 0;

	for (size_t i = 0; i < b->comp_count; i++)
		over |= archdoc_import__too_long(b, "component name", b->comps[i].title, ARCHDOC_MAX_SHORT_TEXT,
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
			const archdoc_import__cell *cell = archdoc_import__cell_of(b, r, ARCHDOC_COLUMN_PORT);

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
void archdoc_import__check_row_shapes(build *b)
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

int archdoc_import__write_model(build *b, const char *id, const char *title, char **out, size_t *out_len)
{
	const archdoc_import__row *h = &b->t->header;
	archdoc_column columns[ARCHDOC_IMPORT_MAX_COLUMNS];
	const char *texts[ARCHDOC_IMPORT_MAX_COLUMNS];
	size_t count = 0;
	archdoc_model_writer mw;

	/* Numbers import gave are shown like any other: a table without a
	 * number column gets one, first, headed "#". */
	if (b->at[ARCHDOC_COLUMN_NUMBER] < 0) {
		columns[count] = ARCHDOC_COLUMN_NUMBER;
		texts[count++] = "#";
	}
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
	if (b->bound_count) {
		/* one boundary per table, holding the components it names first
		 * in the order they appear; a table naming none first gets no
		 * (empty) boundary. Components by table with a counting sort. */
		size_t *start = calloc(b->bound_count + 1, sizeof(*start));
		size_t *order = malloc((b->comp_count + 1) * sizeof(*order));

		if (!start || !order) {
			free(start);
			free(order);
			mw.failed = 1;
		} else {
			for (size_t i = 0; i < b->comp_count; i++)
				start[b->comps[i].table + 1]++;
			for (size_t k = 0; k < b->bound_count; k++)
				start[k + 1] += start[k];
			for (size_t i = 0; i < b->comp_count; i++)
				order[start[b->comps[i].table]++] = i;
			/* start[k] is now the end of table k's run */
			for (size_t k = 0, i = 0; k < b->bound_count; k++) {
				if (i < start[k])
					archdoc_model_writer_boundary(&mw, b->bound_ids[k], b->bound_titles[k], NULL);
				for (size_t open = i < start[k]; i < start[k]; i++) {
					const comp *c = &b->comps[order[i]];

					archdoc_model_writer_component2(&mw, c->id, c->title, c->kind, c->placeholder);
					if (i + 1 == start[k] && open)
						archdoc_model_writer_end(&mw);
				}
			}
			free(start);
			free(order);
		}
	} else {
		for (size_t i = 0; i < b->comp_count; i++)
			archdoc_model_writer_component2(&mw, b->comps[i].id, b->comps[i].title, b->comps[i].kind,
					b->comps[i].placeholder);
	}
	for (size_t i = 0; i < b->conn_count; i++) {
		const conn *c = &b->conns[i];
		archdoc_buf from = ARCHDOC_BUF_INIT, to = ARCHDOC_BUF_INIT;

		/* several ends a side: their ids, separated by spaces */
		for (unsigned k = 0; k < (c->nfrom > 1 ? c->nfrom : 1); k++) {
			if (k)
				archdoc_buf_putc(&from, ' ');
			archdoc_buf_puts(&from, b->comps[c->nfrom > 1 ? c->froms[k] : c->from].id);
		}
		for (unsigned k = 0; k < (c->nto > 1 ? c->nto : 1); k++) {
			if (k)
				archdoc_buf_putc(&to, ' ');
			archdoc_buf_puts(&to, b->comps[c->nto > 1 ? c->tos[k] : c->to].id);
		}
		if (from.failed || to.failed)
			mw.failed = 1;
		else
			archdoc_model_writer_connection(&mw, c->n, from.ptr, to.ptr, c->protocol, c->port,
					c->classification, c->data);
		archdoc_buf_free(&from);
		archdoc_buf_free(&to);
	}
	return archdoc_model_writer_finish(&mw, out, out_len);
}

