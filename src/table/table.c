/*
 * The table driver: checks the options, picks the backend, and walks the
 * header and the rows, handing each backend one cell at a time. Backends
 * never look at the options or decide what a cell says; the driver never
 * escapes anything.
 */
#include "table.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "options.h"
#include "timing.h"

/* The one list of table formats, indexed by archdoc_table_format. */
static const archdoc_table__backend *const backends[] = {
	&archdoc_table__markdown,
	&archdoc_table__html,
	&archdoc_table__csv,
	&archdoc_table__json,
};
#define BACKEND_COUNT (sizeof(backends) / sizeof(backends[0]))

int archdoc_table_format_from_name(const char *name)
{
	for (size_t i = 0; name && i < BACKEND_COUNT; i++)
		if (strcmp(name, backends[i]->name) == 0 || (backends[i]->alias && strcmp(name, backends[i]->alias) == 0))
			return (int)backends[i]->format;
	return -1;
}

const char *archdoc_table_format_name(archdoc_table_format format)
{
	return (unsigned)format < BACKEND_COUNT ? backends[format]->name : NULL;
}

int archdoc_table_options_init(archdoc_table_options *opts, unsigned version)
{
	static const archdoc_table_options init = ARCHDOC_TABLE_OPTIONS_INIT;

	return archdoc_options_init(opts, &init, sizeof(init), version, ARCHDOC_TABLE_OPTIONS_VERSION);
}

int archdoc_table_columns_parse(archdoc_column *cols, size_t cap, size_t *count,
		const char *list, size_t *bad_at, size_t *bad_len)
{
	const char *p = list;
	unsigned seen = 0;
	size_t n = 0;
	int rc = 0;

	assert(cols && count && list);
	*count = 0;
	for (;;) {
		const char *s, *e;
		char name[32];
		int col = -1;

		while (*p == ' ' || *p == '\t')
			p++;
		s = p;
		while (*p && *p != ',')
			p++;
		e = p;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > s && (size_t)(e - s) < sizeof(name)) {
			memcpy(name, s, (size_t)(e - s));
			name[e - s] = '\0';
			col = archdoc_column_from_name(name);
		}
		if (col < 0 || (seen & (1u << col))) {
			rc = ARCHDOC_EUSAGE;
		} else if (n == cap) {
			rc = ARCHDOC_ELIMIT;
		}
		if (rc) {
			if (bad_at)
				*bad_at = (size_t)(s - list);
			if (bad_len)
				*bad_len = (size_t)(e - s);
			return rc;
		}
		seen |= 1u << col;
		cols[n++] = (archdoc_column)col;
		if (!*p)
			break;
		p++; /* the comma */
	}
	*count = n;
	return 0;
}

/* Problems with the options are the caller's, not the model's: no file. */
#define OPTIONS_ERROR(ctx, ...) \
	archdoc__diag((ctx), ARCHDOC_SEVERITY_ERROR, "table-options", archdoc__nowhere(NULL), __VA_ARGS__)

static int check_columns(archdoc_context *ctx, const archdoc_column *cols, size_t n)
{
	unsigned seen = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned c = (unsigned)cols[i];

		if (c >= ARCHDOC_COLUMN__COUNT) {
			OPTIONS_ERROR(ctx, "column %zu is %u, which names no column", i + 1, c);
			return ARCHDOC_EUSAGE;
		}
		if (seen & (1u << c)) {
			OPTIONS_ERROR(ctx, "column '%s' is asked for twice; list each column once",
					archdoc_column_name((archdoc_column)c));
			return ARCHDOC_EUSAGE;
		}
		seen |= 1u << c;
	}
	return 0;
}

/*
 * The one rule for columns nobody asked for (table, inject's table marker,
 * render's md/csv/json and the standalone page all come here): the model's
 * <table columns>, else the default seven, fitted to the model: without
 * any classification the classification column is left out instead of
 * failing. (A <table columns> naming classification in such a model is
 * already an error of the model, rule no-classification at load.) Copies
 * the n columns of cols into out, returns how many are kept.
 */
size_t archdoc_table__default_columns(const archdoc_model *model, const archdoc_column *cols, size_t n,
		archdoc_column out[static ARCHDOC_COLUMN__COUNT])
{
	int fit = !archdoc_model_has_classification(model);
	size_t k = 0;

	for (size_t i = 0; i < n && k < ARCHDOC_COLUMN__COUNT; i++)
		if (!fit || cols[i] != ARCHDOC_COLUMN_CLASSIFICATION)
			out[k++] = cols[i];
	return k;
}

/* One side's names, "Management Engine, Resource Manager" (a connection
 * may have several ends). */
static void put_names(archdoc_buf *b, const archdoc_connection *c, int to_side)
{
	size_t n = to_side ? archdoc_connection_to_count(c) : archdoc_connection_from_count(c);

	for (size_t i = 0; i < n; i++) {
		if (i)
			archdoc_buf_puts(b, ", ");
		archdoc_buf_puts(b, archdoc_component_title(to_side ? archdoc_connection_to_at(c, i)
					: archdoc_connection_from_at(c, i)));
	}
}

/* The text of one cell, before any format's escaping. Returns NULL when
 * scratch ran out of memory. */
static const char *cell_text(archdoc_buf *scratch, char num[static 16],
		const archdoc_connection *c, archdoc_column col)
{
	const char *s;

	switch (col) {
	case ARCHDOC_COLUMN_NUMBER:
		snprintf(num, 16, "%u", archdoc_connection_number(c));
		return num;
	case ARCHDOC_COLUMN_SOURCE:
	case ARCHDOC_COLUMN_DESTINATION:
		archdoc_buf_clear(scratch);
		put_names(scratch, c, col == ARCHDOC_COLUMN_DESTINATION);
		archdoc_buf_putc(scratch, '\0');
		return scratch->failed ? NULL : scratch->ptr;
	case ARCHDOC_COLUMN_WHAT:
		/* ASCII on purpose: the same text in every format, and what the
		 * published "What's connecting" column reads like. */
		archdoc_buf_clear(scratch);
		put_names(scratch, c, 0);
		archdoc_buf_puts(scratch, " -> ");
		put_names(scratch, c, 1);
		archdoc_buf_putc(scratch, '\0');
		return scratch->failed ? NULL : scratch->ptr;
	case ARCHDOC_COLUMN_PROTOCOL:
		return archdoc_connection_protocol(c);
	case ARCHDOC_COLUMN_PORT:
		return archdoc_connection_port(c);
	case ARCHDOC_COLUMN_CLASSIFICATION:
		s = archdoc_connection_classification(c);
		return s ? s : "";
	case ARCHDOC_COLUMN_DATA:
		return archdoc_connection_data(c);
	case ARCHDOC_COLUMN__COUNT:
		break;
	}
	return "";
}

static int walk(const archdoc_table__backend *be, archdoc_table__out *t)
{
	archdoc_buf scratch = ARCHDOC_BUF_INIT;
	char num[16];
	int rc = 0;

#define STEP(call) do { if ((rc = (call)) < 0) goto done; } while (0)
	if (be->begin)
		STEP(be->begin(t));
	for (size_t i = 0; i < t->column_count && be->header_cell; i++)
		STEP(be->header_cell(t, i, t->columns[i], archdoc_model_table_header(t->model, t->columns[i])));
	if (be->body_begin)
		STEP(be->body_begin(t));
	for (size_t r = 0; r < archdoc_model_connection_count(t->model); r++) {
		const archdoc_connection *c = archdoc_model_connection(t->model, r);

		if (be->row_begin)
			STEP(be->row_begin(t, c));
		for (size_t i = 0; i < t->column_count && be->cell; i++) {
			archdoc_table__cell cell;

			cell.index = i;
			cell.column = t->columns[i];
			cell.text = cell_text(&scratch, num, c, t->columns[i]);
			if (!cell.text) {
				rc = ARCHDOC_ENOMEM;
				goto done;
			}
			STEP(be->cell(t, c, &cell));
		}
		if (be->row_end)
			STEP(be->row_end(t, c));
	}
	if (be->end)
		STEP(be->end(t));
#undef STEP
done:
	archdoc_buf_free(&scratch);
	return rc;
}

int archdoc_table_render(char **out, size_t *out_len, archdoc_context *ctx,
		const archdoc_model *model, const archdoc_table_options *opts)
{
	static const archdoc_table_options defaults = ARCHDOC_TABLE_OPTIONS_INIT;
	archdoc_buf b = ARCHDOC_BUF_INIT;
	archdoc_table__out t;
	archdoc_column fitted[ARCHDOC_COLUMN__COUNT];
	const archdoc_column *cols;
	size_t ncols;
	uint64_t t0;
	int rc;

	assert(out && model);
	*out = NULL;
	if (out_len)
		*out_len = 0;
	if (!opts)
		opts = &defaults;
	if (opts->version != ARCHDOC_TABLE_OPTIONS_VERSION) {
		OPTIONS_ERROR(ctx, "table options version %u is not known to archdoc %s; use %d",
				opts->version, archdoc_version(), ARCHDOC_TABLE_OPTIONS_VERSION);
		return ARCHDOC_EUSAGE;
	}
	if ((unsigned)opts->format >= BACKEND_COUNT) {
		OPTIONS_ERROR(ctx, "table format %u is not known; use md, html, csv or json",
				(unsigned)opts->format);
		return ARCHDOC_EUSAGE;
	}
	if (opts->columns) {
		cols = opts->columns;
		ncols = opts->column_count;
		if (ncols == 0) {
			OPTIONS_ERROR(ctx, "the table options give a column list with no column");
			return ARCHDOC_EUSAGE;
		}
	} else {
		if (opts->column_count) {
			OPTIONS_ERROR(ctx, "the table options give a column count but no columns");
			return ARCHDOC_EUSAGE;
		}
		ncols = archdoc_model_table_columns(model, &cols);
	}
	if ((rc = check_columns(ctx, cols, ncols)) < 0)
		return rc;
	if (!opts->columns) {
		ncols = archdoc_table__default_columns(model, cols, ncols, fitted);
		cols = fitted;
	}
	if (!archdoc_model_has_classification(model)) {
		for (size_t i = 0; i < ncols; i++) {
			if (cols[i] != ARCHDOC_COLUMN_CLASSIFICATION)
				continue;
			archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "no-classification",
					archdoc__nowhere(archdoc_model_source(model)),
					"the table has a classification column, but no connection has a "
					"classification; add classify-by=\"BOUNDARY\" to <architecture>, "
					"state classification=\"...\" on the connections, or choose columns "
					"without classification");
			return ARCHDOC_EINVALID;
		}
	}

	t.out = &b;
	t.model = model;
	t.columns = cols;
	t.column_count = ncols;
	t.flags = opts->flags;
	t0 = archdoc__clock_ns();
	rc = walk(backends[opts->format], &t);
	archdoc__phase_add(ctx, ARCHDOC_PHASE_TABLE, t0);
	if (rc == 0 && b.failed)
		rc = ARCHDOC_ENOMEM;
	if (rc < 0) {
		archdoc_buf_free(&b);
		return rc;
	}
	*out = archdoc_buf_detach(&b, out_len);
	return *out ? 0 : ARCHDOC_ENOMEM;
}
