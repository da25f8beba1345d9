/*
 * Import, the part every format shares: read and check the bytes, let the
 * format's reader find the table, then run the build steps (build.h):
 * recognise the columns by their header words (import_columns.c), number
 * the rows (import_numbers.c), turn endpoint names into components
 * (import_names.c), fill and check the connections and write the model
 * with the model layer's one writer (import_build.c); the report
 * (import_report.c) says what a reviewer must look at. The written model
 * is loaded once before it is handed out, so an import never produces a
 * model `archdoc check` rejects.
 */
#include "build.h"

#include <assert.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "archdoc/model.h"
#include "diag.h"
#include "file.h"
#include "hash.h"
#include "model.h"
#include "options.h"
#include "utf8.h"


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

/* A version 1 caller's struct ends before map. */
#define OPTIONS_V1_SIZE offsetof(archdoc_import_options, map)

int archdoc_import_options_init(archdoc_import_options *opts, unsigned version)
{
	archdoc_import_options init = ARCHDOC_IMPORT_OPTIONS_INIT;

	if (version == 1) {
		init.version = 1;
		memcpy(opts, &init, OPTIONS_V1_SIZE);
		return 0;
	}
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

/* --- every table of a document --- */

/*
 * --table all: each table's columns are recognised, its rows checked and
 * filled down on its own; then the tables become one, with every column
 * any of them has (in the order they first appear, headed as where they
 * first appear), which the rest of the import reads as if it were the
 * input's table. Each row remembers its table, whether its source cell
 * names both ends, and whether its table had numbers.
 */
static int combine(build *b, archdoc_import__table *tables, size_t count, int automatic,
		archdoc_import__table *ct)
{
	archdoc_import__doc *d = b->d;
	int order[ARCHDOC_COLUMN__COUNT], (*ats)[ARCHDOC_COLUMN__COUNT] = NULL, *whats = NULL;
	const archdoc_import__cell *head[ARCHDOC_COLUMN__COUNT];
	size_t n = 0, total = 0, kept = 0;
	int all_what = 1, rc = ARCHDOC_ENOMEM;

	ats = calloc(count + 1, sizeof(*ats));
	whats = calloc(count + 1, sizeof(*whats));
	if (!ats || !whats)
		goto done;
	for (size_t k = 0; k < count; k++) {
		archdoc_import__table *t = &tables[k];

		if (!t->row_count) {
			archdoc_import__report(d, W, "import-no-table", t->header.line, t->header.col,
					"table %u has a header but no rows; it adds nothing", t->number);
			for (int f = 0; f < ARCHDOC_COLUMN__COUNT; f++)
				ats[k][f] = -1;
			continue;
		}
		kept++;
		b->t = t;
		archdoc_import__map_columns(b);
		archdoc_import__check_row_shapes(b);
		if ((rc = archdoc_import__fill_down(b, t, automatic)) != 0)
			goto done;
		rc = ARCHDOC_ENOMEM;
		memcpy(ats[k], b->at, sizeof(b->at));
		whats[k] = b->what;
		all_what &= b->what;
		for (int f = 0; f < ARCHDOC_COLUMN__COUNT; f++) {
			int seen = 0;

			for (size_t i = 0; i < n; i++)
				seen |= order[i] == f;
			if (b->at[f] >= 0 && !seen) {
				head[f] = &t->header.cells[b->at[f]];
				order[n++] = f;
			}
		}
		if (b->at[ARCHDOC_COLUMN_NUMBER] < 0)
			archdoc_import__report(d, W, "import-missing-number", t->header.line, t->header.col,
					"table %u has no number column; its rows take the numbers after the row before "
					"them, in document order", t->number);
		total += t->row_count;
	}
	if (!kept) {
		archdoc_import__report(d, E, "import-no-table", 0, 0,
				"every connections table of the input has a header but no rows; there is nothing to import");
		rc = ARCHDOC_ENOTFOUND;
		goto done;
	}
	/* keep the input's column order: sort the roles by where they first
	 * appear (order[] already is, table by table) */
	memset(ct, 0, sizeof(*ct));
	ct->header = tables[0].header;
	ct->header.count = ct->header.found = n;
	ct->header.cells = archdoc_arena_calloc(d->arena, n ? n : 1, sizeof(*ct->header.cells));
	ct->rows = calloc(total + 1, sizeof(*ct->rows));
	if (!ct->header.cells || !ct->rows)
		goto done;
	for (size_t i = 0; i < n; i++)
		ct->header.cells[i] = *head[order[i]];
	for (size_t k = 0; k < count; k++) {
		for (size_t j = 0; j < tables[k].row_count; j++) {
			const archdoc_import__row *r = &tables[k].rows[j];
			archdoc_import__row *o = &ct->rows[ct->row_count++];

			*o = *r;
			o->count = o->found = n;
			o->extra = NULL;
			o->table = (unsigned)k;
			o->what = whats[k];
			o->numberless = ats[k][ARCHDOC_COLUMN_NUMBER] < 0;
			o->cells = archdoc_arena_calloc(d->arena, n ? n : 1, sizeof(*o->cells));
			if (!o->cells)
				goto done;
			for (size_t i = 0; i < n; i++) {
				int at = ats[k][order[i]];

				if (at >= 0 && (size_t)at < r->count) {
					o->cells[i] = r->cells[at];
				} else {
					o->cells[i].text = o->cells[i].md = "";
					o->cells[i].line = 0;
				}
			}
		}
	}
	b->t = ct;
	for (int f = 0; f < ARCHDOC_COLUMN__COUNT; f++)
		b->at[f] = -1;
	for (size_t i = 0; i < n; i++) {
		b->field[i] = order[i];
		b->at[order[i]] = (int)i;
	}
	b->what = all_what && b->at[ARCHDOC_COLUMN_DESTINATION] < 0;
	rc = 0;
done:
	free(ats);
	free(whats);
	return rc;
}

/* --table-boundaries: one boundary per table, titled by its heading, its
 * id made before any component's. */
static int table_boundaries(build *b, const archdoc_import__table *tables, size_t count)
{
	archdoc_import__doc *d = b->d;

	b->bound_ids = archdoc_arena_calloc(d->arena, count + 1, sizeof(*b->bound_ids));
	b->bound_titles = archdoc_arena_calloc(d->arena, count + 1, sizeof(*b->bound_titles));
	if (!b->bound_ids || !b->bound_titles)
		return ARCHDOC_ENOMEM;
	for (size_t k = 0; k < count; k++) {
		const char *title = tables[k].title;
		char fallback[32];

		if (!title || !*title) {
			snprintf(fallback, sizeof(fallback), "Table %u", tables[k].number);
			title = archdoc_arena_strdup(d->arena, fallback);
		}
		if (title && archdoc_import__too_long(b, "table heading", title, ARCHDOC_MAX_SHORT_TEXT,
				tables[k].header.line, tables[k].header.col))
			return ARCHDOC_ELIMIT;
		b->bound_titles[k] = title;
		b->bound_ids[k] = title ? archdoc_import__make_id(b, title) : NULL;
		if (!b->bound_ids[k])
			return ARCHDOC_ENOMEM;
	}
	b->bound_count = count;
	return 0;
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
	/* CSV holds one table: --table all reads it alone */
	if (d->all && !d->table_count && (rc = archdoc_import__keep_table(d, &t)) != 0)
		goto done;
	if (d->all) {
		if ((rc = combine(&b, d->tables, d->table_count, format != ARCHDOC_IMPORT_HTML, &t)) != 0)
			goto done;
		if (opts->table_boundaries && (rc = table_boundaries(&b, d->tables, d->table_count)) != 0)
			goto done;
	} else {
		if (!t.row_count) {
			archdoc_import__report(d, E, "import-no-table", t.header.line, t.header.col,
					"the connections table has a header but no rows; there is nothing to import");
			rc = ARCHDOC_ENOTFOUND;
			goto done;
		}
		archdoc_import__map_columns(&b);
		archdoc_import__check_row_shapes(&b);
		if ((rc = archdoc_import__fill_down(&b, &t, format != ARCHDOC_IMPORT_HTML)) != 0)
			goto done;
	}
	if ((rc = archdoc_import__split_rows(&b)) != 0)
		goto done;
	if (b.at[ARCHDOC_COLUMN_NUMBER] < 0 && !d->all)
		archdoc_import__report(d, W, "import-missing-number", t.header.line, t.header.col,
				"the table has no number column; %s %zu, in row order (the model's table shows "
				"them in a \"#\" column)",
				b.conn_count == 1 ? "its row is imported as connection" : "its rows are imported as connections 1 to",
				b.conn_count);
	if ((rc = archdoc_import__number_rows(&b)) != 0)
		goto done;
	if ((rc = archdoc_import__resolve_ends(&b)) != 0)
		goto done;
	archdoc_import__fill_connections(&b);
	if ((rc = archdoc_import__similar_names(&b)) != 0)
		goto done;
	if ((rc = archdoc_import__check_lengths(&b)) != 0)
		goto done;
	if (b.at[ARCHDOC_COLUMN_CLASSIFICATION] >= 0) {
		const archdoc_import__cell *c = &b.t->header.cells[b.at[ARCHDOC_COLUMN_CLASSIFICATION]];

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
	if (d->all)
		t.title = d->doc_title;
	title = opts->title && *opts->title ? opts->title : t.title && *t.title ? t.title
		: base && *base ? base : "Imported connections";
	if (archdoc_import__too_long(&b, "model title", title, ARCHDOC_MAX_SHORT_TEXT, 0, 0)) {
		rc = ARCHDOC_ELIMIT;
		goto done;
	}
	if (!id || d->oom) {
		rc = ARCHDOC_ENOMEM;
		goto done;
	}
	rc = archdoc_import__write_model(&b, id, title, out, out_len);
	if (rc == 0 && (rc = verify(d, *out, *out_len)) != 0) {
		free(*out);
		*out = NULL;
	}
	if (rc == 0 && result) {
		result->connections = b.conn_count;
		result->components = b.comp_count;
		result->placeholders = b.placeholders;
		result->table = d->all ? 0 : t.number;
	}
done:
	if (d->oom && rc == 0) {
		free(*out);
		*out = NULL;
		rc = ARCHDOC_ENOMEM;
	}
	free(t.rows);
	for (size_t k = 0; k < d->table_count; k++)
		free(d->tables[k].rows);
	free(d->tables);
	d->tables = NULL;
	d->table_count = 0;
	free(b.comps);
	free(b.conns);
	archdoc_hash_free(&b.names);
	archdoc_hash_free(&b.ids);
	archdoc_hash_free(&b.id_next);
	return rc;
}

/* What the options say, checked: a version 1 caller's options widened to
 * the current struct, --map parsed, --fill-down resolved. */
typedef struct checked {
	archdoc_import_options opts;
	archdoc_import_format format;
	archdoc_import__map_entry map[ARCHDOC_IMPORT_MAX_MAP];
	size_t map_count;
	unsigned fill_down;
	int no_auto_fill;
} checked;

static const char roles_list[] = "number, source, destination, what, protocol, port, classification, data or ignore";

/* The next comma-separated item of *p, trimmed, into item (cap bytes).
 * 0 at the end, 1 with an item, -1 when it is too long. */
static int next_item(const char **p, char *item, size_t cap)
{
	const char *s = *p, *e;
	size_t n;

	if (!*s)
		return 0;
	e = strchr(s, ',');
	if (!e)
		e = s + strlen(s);
	*p = *e ? e + 1 : e;
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	n = (size_t)(e - s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= cap)
		return -1;
	memcpy(item, s, n);
	item[n] = '\0';
	return 1;
}

static int role_from_name(const char *name)
{
	int col;

	if (strcasecmp(name, "ignore") == 0)
		return ARCHDOC_IMPORT__ROLE_IGNORE;
	if (strcasecmp(name, "what") == 0)
		return ARCHDOC_IMPORT__ROLE_WHAT;
	for (col = 0; col < ARCHDOC_COLUMN__COUNT; col++)
		if (strcasecmp(name, archdoc_column_name((archdoc_column)col)) == 0)
			return col;
	return -1;
}

static int parse_map(archdoc_context *ctx, const char *spec, checked *c)
{
	const char *p = spec;
	char item[256];
	int got;

	if (!*spec) {
		OPTIONS_ERROR(ctx, NULL, "--map is empty; write HEADER=ROLE[,HEADER=ROLE...], ROLE one of %s", roles_list);
		return ARCHDOC_EUSAGE;
	}
	while ((got = next_item(&p, item, sizeof(item))) != 0) {
		archdoc_import__map_entry *e;
		char *eq;
		int role;

		if (got < 0) {
			OPTIONS_ERROR(ctx, NULL, "a --map entry is longer than %zu characters", sizeof(item) - 1);
			return ARCHDOC_EUSAGE;
		}
		eq = strrchr(item, '=');
		if (!eq || eq == item) {
			OPTIONS_ERROR(ctx, NULL, "--map entry '%s' is not HEADER=ROLE (entries are separated by ',')", item);
			return ARCHDOC_EUSAGE;
		}
		*eq = '\0';
		role = role_from_name(eq + 1 + strspn(eq + 1, " \t"));
		if (role == -1) {
			OPTIONS_ERROR(ctx, NULL, "--map: '%s' is not a column role; use %s",
					eq + 1 + strspn(eq + 1, " \t"), roles_list);
			return ARCHDOC_EUSAGE;
		}
		if (c->map_count >= ARCHDOC_IMPORT_MAX_MAP) {
			OPTIONS_ERROR(ctx, NULL, "--map has more than %u entries", ARCHDOC_IMPORT_MAX_MAP);
			return ARCHDOC_EUSAGE;
		}
		e = &c->map[c->map_count];
		if (archdoc_import__header_key(item, e->header) < 0 || !e->header[0]) {
			OPTIONS_ERROR(ctx, NULL, "--map: the header '%s' is %s", item,
					e->header[0] ? "longer than any header can be matched (62 characters)" : "empty");
			return ARCHDOC_EUSAGE;
		}
		for (size_t i = 0; i < c->map_count; i++)
			if (strcmp(c->map[i].header, e->header) == 0) {
				OPTIONS_ERROR(ctx, NULL, "--map names the header '%s' twice", item);
				return ARCHDOC_EUSAGE;
			}
		e->role = role;
		c->map_count++;
	}
	return 0;
}

static int parse_fill_down(archdoc_context *ctx, const char *spec, checked *c)
{
	archdoc_import__doc d;
	const char *p = spec;
	char item[256];
	int got;

	memset(&d, 0, sizeof(d));
	d.map = c->map;
	d.map_count = c->map_count;
	while ((got = next_item(&p, item, sizeof(item))) != 0) {
		int role = got < 0 ? -1 : role_from_name(item), what;

		if (got > 0 && strcasecmp(item, "none") == 0) {
			c->no_auto_fill = 1;
			continue;
		}
		if (role == ARCHDOC_IMPORT__ROLE_WHAT)
			role = ARCHDOC_COLUMN_SOURCE;
		if (role < 0 && got > 0)
			role = archdoc_import__role_of(&d, item, &what);
		if (role < 0 || role == ARCHDOC_COLUMN_NUMBER) {
			OPTIONS_ERROR(ctx, NULL, "--fill-down: '%s' is %s", got < 0 ? "(too long)" : item,
					role == ARCHDOC_COLUMN_NUMBER ? "the number column, which is never filled down"
						: "neither a column role nor a known header (docs/import.md lists both)");
			return ARCHDOC_EUSAGE;
		}
		c->fill_down |= 1u << role;
	}
	return 0;
}

static int check_options(archdoc_context *ctx, const char *name, const archdoc_import_options *given, checked *c)
{
	archdoc_import_options init = ARCHDOC_IMPORT_OPTIONS_INIT;
	const archdoc_import_options *opts = &c->opts;

	memset(c, 0, sizeof(*c));
	if (given->version != 1 && given->version != ARCHDOC_IMPORT_OPTIONS_VERSION) {
		OPTIONS_ERROR(ctx, NULL, "import options version %u is not known to archdoc %s; use %d",
				given->version, archdoc_version(), ARCHDOC_IMPORT_OPTIONS_VERSION);
		return ARCHDOC_EUSAGE;
	}
	/* a version 1 struct is shorter: read only its fields */
	c->opts = init;
	memcpy(&c->opts, given, given->version == 1 ? OPTIONS_V1_SIZE : sizeof(c->opts));
	c->format = opts->format;
	if ((unsigned)c->format > ARCHDOC_IMPORT_CSV) {
		OPTIONS_ERROR(ctx, NULL, "import format %u is not known; use md, html or csv", (unsigned)c->format);
		return ARCHDOC_EUSAGE;
	}
	if (c->format == ARCHDOC_IMPORT_AUTO)
		c->format = archdoc_import_format_from_path(name);
	if (c->format == ARCHDOC_IMPORT_AUTO) {
		OPTIONS_ERROR(ctx, name, "cannot tell the table's format from its name; name the file "
				"*.md, *.html or *.csv, or give the format (--from md|html|csv)");
		return ARCHDOC_EUSAGE;
	}
	if (opts->id && !archdoc_id_valid(opts->id)) {
		OPTIONS_ERROR(ctx, NULL, "'%s' is not a valid model id: start with a letter, then letters, "
				"digits, '-' or '_' (at most %u characters)", opts->id, ARCHDOC_MAX_ID_LENGTH);
		return ARCHDOC_EUSAGE;
	}
	if (opts->map && parse_map(ctx, opts->map, c) != 0)
		return ARCHDOC_EUSAGE;
	if (opts->fill_down && parse_fill_down(ctx, opts->fill_down, c) != 0)
		return ARCHDOC_EUSAGE;
	if (opts->table_boundaries && opts->table != ARCHDOC_IMPORT_TABLE_ALL) {
		OPTIONS_ERROR(ctx, NULL, "table boundaries (--table-boundaries) need every table imported (--table all)");
		return ARCHDOC_EUSAGE;
	}
	return 0;
}

static int run(char **out, size_t *out_len, archdoc_import_result *result, archdoc_context *ctx,
		const char *name, char *data, size_t len, const checked *c)
{
	archdoc_import__doc d;
	int rc;

	memset(&d, 0, sizeof(d));
	d.ctx = ctx;
	d.name = name;
	d.all = c->opts.table == ARCHDOC_IMPORT_TABLE_ALL;
	d.want = d.all ? 0 : c->opts.table;
	d.map = c->map;
	d.map_count = c->map_count;
	d.fill_down = c->fill_down;
	d.no_auto_fill = c->no_auto_fill;
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
	rc = import(&d, &c->opts, c->format, out, out_len, result);
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
		archdoc_context *ctx, const char *name, const archdoc_import_options *opts, checked *c)
{
	static const archdoc_import_options defaults = ARCHDOC_IMPORT_OPTIONS_INIT;

	*out = NULL;
	if (!*out_len)
		*out_len = ignored;
	**out_len = 0;
	if (result)
		memset(result, 0, sizeof(*result));
	return check_options(ctx, name, opts ? opts : &defaults, c);
}

int archdoc_import_buffer(char **out, size_t *out_len, archdoc_import_result *result,
		archdoc_context *ctx, const char *name, const char *data, size_t len,
		const archdoc_import_options *opts)
{
	checked *c;
	size_t ignored;
	char *copy;
	int rc;

	assert(out && ctx && (data || !len));
	if (!name)
		name = "<memory>";
	c = malloc(sizeof(*c));
	if (!c) {
		*out = NULL;
		return ARCHDOC_ENOMEM;
	}
	if ((rc = begin(out, &out_len, &ignored, result, ctx, name, opts, c)) == 0) {
		copy = archdoc_source_copy_input(ctx, "table", name, data, len, &rc);
		if (copy)
			rc = run(out, out_len, result, ctx, name, copy, len, c);
	}
	free(c);
	return rc;
}

int archdoc_import_file(char **out, size_t *out_len, archdoc_import_result *result,
		archdoc_context *ctx, const char *path, const archdoc_import_options *opts)
{
	int is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "<stdin>" : path;
	checked *c;
	char *data = NULL;
	size_t len = 0, ignored;
	int rc;

	assert(out && ctx && path);
	c = malloc(sizeof(*c));
	if (!c) {
		*out = NULL;
		return ARCHDOC_ENOMEM;
	}
	if ((rc = begin(out, &out_len, &ignored, result, ctx, is_stdin ? NULL : path, opts, c)) == 0) {
		/* read here, so the size limit holds on the bytes */
		rc = archdoc_source_read_input(ctx, "table", path, name, ARCHDOC_FILE_STDIN, &data, &len, NULL);
		if (rc == 0)
			rc = run(out, out_len, result, ctx, name, data, len, c);
	}
	free(c);
	return rc;
}
