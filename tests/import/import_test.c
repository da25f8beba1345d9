/*
 * archdoc import through the public API:
 * - the Genesys Pulse web edition's table: 27 connections with the
 *   published numbers, names, protocols, ports, classifications and data
 *   sentences, and the report naming "Ingress" / "Ingress controller";
 * - the round trip: import, then archdoc_table_render as Markdown, parsed
 *   back here with a splitter of our own, gives the input's headers and
 *   cells (modulo the normalisations docs/import.md lists);
 * - options, formats and limits;
 * - inputs no table should have (mutated fixtures, random bytes,
 *   pathological shapes): never a crash, and every model written loads.
 * Runs in tests/ (fixtures under import/).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archdoc/archdoc.h"
#include "harness.h"

/* --- helpers --- */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		if (buf) {
			buf[n] = '\0';
			*len = (size_t)n;
		}
	}
	fclose(f);
	return buf;
}

typedef struct capture {
	unsigned errors, warnings;
	char text[65536];
	size_t len;
} capture;

static void capture_sink(const archdoc_diag *d, void *payload)
{
	capture *c = payload;
	int n;

	if (d->severity == ARCHDOC_SEVERITY_ERROR)
		c->errors++;
	else
		c->warnings++;
	n = snprintf(c->text + c->len, sizeof(c->text) - c->len, "%u: %s [%s]\n", d->loc.line, d->message, d->rule);
	if (n > 0 && (size_t)n < sizeof(c->text) - c->len)
		c->len += (size_t)n;
}

/* A Markdown table as cells: rows[r][c], row 0 the header. */
#define MAX_ROWS 64
#define MAX_COLS 12
typedef struct mdtable {
	char *cell[MAX_ROWS][MAX_COLS];
	size_t cols[MAX_ROWS];
	size_t rows;
} mdtable;

static void mdtable_free(mdtable *t)
{
	for (size_t r = 0; r < t->rows; r++)
		for (size_t c = 0; c < t->cols[r]; c++)
			free(t->cell[r][c]);
	memset(t, 0, sizeof(*t));
}

static char *trimmed(const char *s, size_t n)
{
	char *out;

	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	out = malloc(n + 1);
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

/* Split on pipes not escaped with a backslash (GFM), as a reader of the
 * rendered table would; a leading and a trailing pipe are optional. */
static size_t split(const char *line, size_t n, char **cells)
{
	size_t i = 0, start, k = 0;

	while (i < n && line[i] == ' ')
		i++;
	if (i < n && line[i] == '|')
		i++;
	start = i;
	for (; i < n; i++) {
		if (line[i] == '\\' && i + 1 < n) {
			i++;
			continue;
		}
		if (line[i] == '|' && k < MAX_COLS) {
			cells[k++] = trimmed(line + start, i - start);
			start = i + 1;
		}
	}
	{
		char *tail = trimmed(line + start, n - start);

		if (*tail && k < MAX_COLS)
			cells[k++] = tail;
		else
			free(tail);
	}
	return k;
}

static int delimiter_line(const char *s, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!strchr("|-: \r", s[i]))
			return 0;
	return memchr(s, '-', n) != NULL;
}

/* The first pipe table of text (header, delimiter, rows to a blank line). */
static void parse_table(const char *text, mdtable *t)
{
	const char *p = text, *prev = NULL;
	size_t prev_len = 0;
	int in = 0;

	memset(t, 0, sizeof(*t));
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (!in && prev && memchr(prev, '|', prev_len) && delimiter_line(p, n)) {
			t->cols[0] = split(prev, prev_len, t->cell[0]);
			t->rows = 1;
			in = 1;
		} else if (in) {
			int blank = 1;

			for (size_t i = 0; i < n; i++)
				blank &= p[i] == ' ' || p[i] == '\r';
			if (blank || t->rows == MAX_ROWS)
				break;
			t->cols[t->rows] = split(p, n, t->cell[t->rows]);
			t->rows++;
		}
		prev = p;
		prev_len = n;
		if (!e)
			break;
		p = e + 1;
	}
}

/* The normalisations docs/import.md lists, on both sides: <br> and
 * whitespace runs become one space; the table-level \| is a pipe; in plain
 * columns every backslash escape is resolved; ports are "a, b". */
static char *normal(const char *s, int plain, int port)
{
	size_t n = strlen(s), digits = 0;
	char *out = malloc(n + 1), *o = out;
	int space = 0;

	/* `archdoc table` escapes what would start a block (\- \# 1\.); the
	 * escape shows the same text, so it does not count as a difference */
	if (s[0] == '\\' && s[1] && strchr("#-+=>", s[1]))
		s++;
	while (s[digits] >= '0' && s[digits] <= '9')
		digits++;
	for (const char *p = s; *p;) {
		if (digits && p == s + digits && *p == '\\' && (p[1] == '.' || p[1] == ')'))
			p++;
		if (strncmp(p, "<br>", 4) == 0 || *p == ' ' || *p == '\t') {
			p += *p == '<' ? 4 : 1;
			space = 1;
			continue;
		}
		if (space && o > out)
			*o++ = ' ';
		space = 0;
		if (*p == '\\' && p[1] && (plain || p[1] == '|'))
			p++;
		if (port && (*p == '/' || *p == ';')) {
			/* "61616 / 8080" reads as "61616, 8080" */
			while (o > out && o[-1] == ' ')
				o--;
			*o++ = ',';
			p++;
			continue;
		}
		*o++ = *p++;
	}
	*o = '\0';
	if (port) {
		/* make ", " uniform */
		char *q = out, *w = out;

		for (; *q; q++) {
			*w++ = *q;
			if (*q == ',') {
				*w++ = ' ';
				while (q[1] == ' ')
					q++;
			}
		}
		*w = '\0';
	}
	/* "A → B" is shown as "A -> B" */
	for (char *a; (a = strstr(out, "\xE2\x86\x92")) != NULL;) {
		a[0] = '-';
		a[1] = '>';
		memmove(a + 2, a + 3, strlen(a + 3) + 1);
	}
	return out;
}

static int import_file(const char *path, archdoc_import_options *opts, capture *cap, archdoc_context **ctx_out,
		archdoc_model **model_out, char **xml_out)
{
	archdoc_context_options copts = ARCHDOC_CONTEXT_OPTIONS_INIT;
	archdoc_context *ctx = NULL;
	char *xml = NULL;
	size_t len = 0;
	int rc;

	memset(cap, 0, sizeof(*cap));
	copts.sink = capture_sink;
	copts.sink_payload = cap;
	if (archdoc_context_new(&ctx, &copts) < 0)
		return -100;
	rc = archdoc_import_file(&xml, &len, NULL, ctx, path, opts);
	if (rc == 0) {
		capture quiet;

		memset(&quiet, 0, sizeof(quiet));
		archdoc_context_set_sink(ctx, capture_sink, &quiet);
		rc = archdoc_model_load_buffer(model_out, ctx, path, xml, len);
		archdoc_context_set_sink(ctx, capture_sink, cap);
		if (quiet.errors)
			fprintf(stderr, "%s", quiet.text);
	}
	*ctx_out = ctx;
	if (xml_out)
		*xml_out = xml;
	else
		archdoc_free(xml);
	return rc;
}

/* --- the Genesys table --- */

static void test_genesys(void)
{
	archdoc_context *ctx = NULL;
	archdoc_model *m = NULL;
	capture cap;
	mdtable in;
	size_t len;
	char *text = slurp("import/genesys-web.md", &len);
	int rc;

	OK(text != NULL);
	if (!text)
		return;
	parse_table(text, &in);
	INT_EQ(in.rows, 28);
	rc = import_file("import/genesys-web.md", NULL, &cap, &ctx, &m, NULL);
	INT_EQ(rc, 0);
	INT_EQ(cap.errors, 0);
	OK(strstr(cap.text, "endpoint names \"Ingress\" and \"Ingress controller\" may denote one component") != NULL);
	OK(strstr(cap.text, "[import-similar-names]") != NULL);
	if (m) {
		INT_EQ(archdoc_model_connection_count(m), 27);
		for (size_t r = 1; r < in.rows; r++) {
			unsigned n = (unsigned)atoi(in.cell[r][0]);
			const archdoc_connection *c = archdoc_model_find_connection(m, n);

			INT_EQ(n, r);
			OK(c != NULL);
			if (!c)
				continue;
			INT_EQ(archdoc_connection_number_explicit(c), 1);
			STR_EQ(archdoc_component_title(archdoc_connection_from(c)), in.cell[r][1]);
			STR_EQ(archdoc_component_title(archdoc_connection_to(c)), in.cell[r][2]);
			STR_EQ(archdoc_connection_protocol(c), in.cell[r][3]);
			STR_EQ(archdoc_connection_port(c), in.cell[r][4]);
			STR_EQ(archdoc_connection_stated_classification(c), in.cell[r][5]);
			STR_EQ(archdoc_connection_data(c), in.cell[r][6]);
		}
		/* one component per distinct name: 19 in the published table */
		INT_EQ(archdoc_model_component_count(m), 19);
		OK(archdoc_model_find_component(m, "ingress") != NULL);
		OK(archdoc_model_find_component(m, "ingress-controller") != NULL);
		STR_EQ(archdoc_component_kind(archdoc_model_find_component(m, "dcu-statefulset")), "statefulset");
		STR_EQ(archdoc_component_kind(archdoc_model_find_component(m, "postgresql")), "database");
		STR_EQ(archdoc_component_kind(archdoc_model_find_component(m, "redis")), "cache");
		STR_EQ(archdoc_component_kind(archdoc_model_find_component(m, "prometheus")), "monitoring");
		STR_EQ(archdoc_component_kind(archdoc_model_find_component(m, "public-internet")), "external");
		STR_EQ(archdoc_component_kind(archdoc_model_find_component(m, "init-job")), "job");
		STR_EQ(archdoc_model_id(m), "genesys-web");
	}
	mdtable_free(&in);
	archdoc_model_free(m);
	archdoc_context_free(ctx);
	free(text);
}

/* --- the round trip through archdoc table --- */

static void round_trip(const char *path, size_t want_rows)
{
	archdoc_context *ctx = NULL;
	archdoc_model *m = NULL;
	archdoc_table_options topts = ARCHDOC_TABLE_OPTIONS_INIT;
	capture cap;
	mdtable in, out;
	char *text, *table = NULL;
	size_t len = 0;
	int rc;

	text = slurp(path, &len);
	OK(text != NULL);
	if (!text)
		return;
	parse_table(text, &in);
	INT_EQ(in.rows, want_rows + 1);
	rc = import_file(path, NULL, &cap, &ctx, &m, NULL);
	INT_EQ(rc, 0);
	if (rc == 0)
		rc = archdoc_table_render(&table, &len, ctx, m, &topts);
	INT_EQ(rc, 0);
	if (rc == 0 && table) {
		parse_table(table, &out);
		INT_EQ(out.rows, in.rows);
		for (size_t r = 0; r < in.rows && r < out.rows; r++) {
			INT_EQ(out.cols[r], in.cols[0]);
			for (size_t c = 0; c < in.cols[0] && c < out.cols[r]; c++) {
				const char *h = in.cell[0][c];
				int data = strstr(h, "Data") != NULL;
				int port = strncmp(h, "Port", 4) == 0;
				char *a = normal(c < in.cols[r] ? in.cell[r][c] : "", !data, port);
				char *b = normal(out.cell[r][c], !data, port);

				if (strcmp(a, b) != 0)
					fprintf(stderr, "%s: row %zu column %zu (%s)\n", path, r, c + 1, h);
				STR_EQ(b, a);
				free(a);
				free(b);
			}
		}
		mdtable_free(&out);
	}
	archdoc_free(table);
	mdtable_free(&in);
	archdoc_model_free(m);
	archdoc_context_free(ctx);
	free(text);
}

/* --- options, formats, results --- */

static void test_api(void)
{
	archdoc_import_options opts;
	archdoc_import_result res;
	archdoc_context_options copts = ARCHDOC_CONTEXT_OPTIONS_INIT;
	archdoc_context *ctx = NULL;
	capture cap;
	char *xml = NULL;
	size_t len = 0;
	static const char table[] =
		"| Connection | Source | Destination | Port |\n"
		"| --- | --- | --- | --- |\n"
		"| 1 | A | B | 443 |\n";

	INT_EQ(archdoc_import_options_init(&opts, ARCHDOC_IMPORT_OPTIONS_VERSION), 0);
	INT_EQ(opts.format, ARCHDOC_IMPORT_AUTO);
	INT_EQ(archdoc_import_options_init(&opts, 99), ARCHDOC_EUSAGE);
	INT_EQ(archdoc_import_format_from_name("md"), ARCHDOC_IMPORT_MARKDOWN);
	INT_EQ(archdoc_import_format_from_name("markdown"), ARCHDOC_IMPORT_MARKDOWN);
	INT_EQ(archdoc_import_format_from_name("htm"), ARCHDOC_IMPORT_HTML);
	INT_EQ(archdoc_import_format_from_name("csv"), ARCHDOC_IMPORT_CSV);
	INT_EQ(archdoc_import_format_from_name("pdf"), -1);
	INT_EQ(archdoc_import_format_from_path("a/b.MD"), ARCHDOC_IMPORT_MARKDOWN);
	INT_EQ(archdoc_import_format_from_path("page.HTML"), ARCHDOC_IMPORT_HTML);
	INT_EQ(archdoc_import_format_from_path("x.csv"), ARCHDOC_IMPORT_CSV);
	INT_EQ(archdoc_import_format_from_path("dir.md/file"), ARCHDOC_IMPORT_AUTO);
	INT_EQ(archdoc_import_format_from_path("README"), ARCHDOC_IMPORT_AUTO);

	memset(&cap, 0, sizeof(cap));
	copts.sink = capture_sink;
	copts.sink_payload = &cap;
	OK(archdoc_context_new(&ctx, &copts) == 0);

	/* from memory, format from the name, defaults for the rest */
	INT_EQ(archdoc_import_buffer(&xml, &len, &res, ctx, "shop.md", table, sizeof(table) - 1, NULL), 0);
	OK(xml && strstr(xml, "id=\"shop\"") && strstr(xml, "title=\"shop\""));
	OK(xml && len == strlen(xml) && xml[len - 1] == '\n');
	INT_EQ(res.connections, 1);
	INT_EQ(res.components, 2);
	INT_EQ(res.placeholders, 0);
	INT_EQ(res.table, 1);
	archdoc_free(xml);

	/* no name: the format must be given; id and title have defaults */
	opts.version = ARCHDOC_IMPORT_OPTIONS_VERSION;
	INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, NULL, table, sizeof(table) - 1, NULL), ARCHDOC_EUSAGE);
	OK(xml == NULL);
	archdoc_import_options_init(&opts, ARCHDOC_IMPORT_OPTIONS_VERSION);
	opts.format = ARCHDOC_IMPORT_MARKDOWN;
	INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, NULL, table, sizeof(table) - 1, &opts), 0);
	OK(xml && strstr(xml, "id=\"imported\"") && strstr(xml, "title=\"Imported connections\""));
	archdoc_free(xml);

	/* id and title given */
	opts.id = "my-shop";
	opts.title = "My <shop> & \"friends\"";
	INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, "x.md", table, sizeof(table) - 1, &opts), 0);
	OK(xml && strstr(xml, "id=\"my-shop\"") && strstr(xml, "title=\"My &lt;shop&gt; &amp; &quot;friends&quot;\""));
	archdoc_free(xml);
	opts.id = "1bad";
	INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, "x.md", table, sizeof(table) - 1, &opts), ARCHDOC_EUSAGE);
	opts.id = NULL;
	opts.title = NULL;
	opts.version = 7;
	INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, "x.md", table, sizeof(table) - 1, &opts), ARCHDOC_EUSAGE);
	opts.version = ARCHDOC_IMPORT_OPTIONS_VERSION;
	opts.format = (archdoc_import_format)9;
	INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, "x.md", table, sizeof(table) - 1, &opts), ARCHDOC_EUSAGE);
	opts.format = ARCHDOC_IMPORT_AUTO;

	/* nothing to import */
	INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, "x.md", "", 0, NULL), ARCHDOC_ENOTFOUND);
	INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, "x.csv", "", 0, NULL), ARCHDOC_ENOTFOUND);
	INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, "x.html", "", 0, NULL), ARCHDOC_ENOTFOUND);
	INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, "x.md", "| Source | To |\n|--|--|\n", 24, NULL),
			ARCHDOC_ENOTFOUND);
	/* not UTF-8; a NUL byte */
	INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, "x.md", "| Source | To |\n|-|-|\n| \xff | b |\n", 30, NULL),
			ARCHDOC_EINVALID);
	INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, "x.csv", "Source,To\na\0,b\n", 15, NULL), ARCHDOC_EINVALID);
	OK(xml == NULL);
	archdoc_context_free(ctx);
}

/* The options struct as version 1 declared it: a caller built against it
 * passes this shorter struct, and must keep working. */
typedef struct options_v1 {
	unsigned version;
	archdoc_import_format format;
	unsigned table;
	const char *id;
	const char *title;
} options_v1;

static void test_options_v2(void)
{
	archdoc_context *ctx = NULL;
	archdoc_import_options opts;
	options_v1 *v1 = malloc(sizeof(*v1));   /* exactly its size: ASan sees a read beyond */
	char *xml = NULL;
	static const char table[] =
		"| Peer | Node | Type | Port |\n"
		"| --- | --- | --- | --- |\n"
		"| A | B | TCP | 443 |\n"
		"|  | C | UDP | 53 |\n";

	OK(archdoc_context_new(&ctx, NULL) == 0);
	/* version 1: init fills only its fields */
	OK(v1 != NULL);
	memset(v1, 0xAB, sizeof(*v1));
	INT_EQ(archdoc_import_options_init((archdoc_import_options *)(void *)v1, 1), 0);
	INT_EQ(v1->version, 1);
	OK(v1->id == NULL && v1->title == NULL && v1->table == 0);
	v1->id = "old-caller";
	/* "Peer" is unknown, Node is a destination: fits; rows imported */
	INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, "x.md", table, sizeof(table) - 1,
			(const archdoc_import_options *)(const void *)v1), 0);
	OK(xml && strstr(xml, "id=\"old-caller\"") && strstr(xml, "placeholder=\"true\""));
	archdoc_free(xml);
	free(v1);

	/* version 2: map and fill-down */
	INT_EQ(archdoc_import_options_init(&opts, ARCHDOC_IMPORT_OPTIONS_VERSION), 0);
	OK(opts.map == NULL && opts.fill_down == NULL && opts.table_boundaries == 0);
	opts.map = "Peer=source";
	opts.fill_down = "protocol";
	INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, "x.md", table, sizeof(table) - 1, &opts), 0);
	/* the empty Peer cell is filled automatically, the protocol on request */
	OK(xml && !strstr(xml, "placeholder") && strstr(xml, "n=\"2\" from=\"a\" to=\"c\" protocol=\"UDP\""));
	archdoc_free(xml);
	opts.fill_down = "none";
	INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, "x.md", table, sizeof(table) - 1, &opts), 0);
	OK(xml && strstr(xml, "unknown-source-2"));
	archdoc_free(xml);
	opts.fill_down = NULL;
	opts.map = "Peer=nobody";
	INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, "x.md", table, sizeof(table) - 1, &opts), ARCHDOC_EUSAGE);
	opts.map = ",";
	INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, "x.md", table, sizeof(table) - 1, &opts), ARCHDOC_EUSAGE);
	opts.map = "=source";
	INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, "x.md", table, sizeof(table) - 1, &opts), ARCHDOC_EUSAGE);
	opts.map = NULL;
	opts.fill_down = "number";
	INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, "x.md", table, sizeof(table) - 1, &opts), ARCHDOC_EUSAGE);
	opts.fill_down = NULL;
	opts.table_boundaries = 1;
	INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, "x.md", table, sizeof(table) - 1, &opts), ARCHDOC_EUSAGE);
	OK(xml == NULL);
	archdoc_context_free(ctx);
}

/* The context's size limit holds, and so do the import's own. */
static void test_limits(void)
{
	archdoc_context_options copts = ARCHDOC_CONTEXT_OPTIONS_INIT;
	archdoc_context *ctx = NULL;
	capture cap;
	char *xml = NULL, *big;
	size_t n = 0, cap_bytes = 8 * 1024 * 1024;

	memset(&cap, 0, sizeof(cap));
	copts.sink = capture_sink;
	copts.sink_payload = &cap;
	copts.max_file_size = 100;
	OK(archdoc_context_new(&ctx, &copts) == 0);
	big = malloc(cap_bytes);
	memset(big, 'x', 200);
	INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, "x.md", big, 200, NULL), ARCHDOC_ELIMIT);
	OK(strstr(cap.text, "[file-too-large]") != NULL);
	archdoc_context_free(ctx);

	copts.max_file_size = 0;
	OK(archdoc_context_new(&ctx, &copts) == 0);
	/* more columns than the limit */
	n = 0;
	for (int i = 0; i < 70; i++)
		n += (size_t)sprintf(big + n, "%s,", i ? "x" : "Source");
	n += (size_t)sprintf(big + n, "To\na,b\n");
	INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, "x.csv", big, n, NULL), ARCHDOC_ELIMIT);
	/* more rows than the limit */
	n = (size_t)sprintf(big, "Source,To\n");
	for (int i = 0; i < 100001; i++)
		n += (size_t)sprintf(big + n, "a,b\n");
	INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, "x.csv", big, n, NULL), ARCHDOC_ELIMIT);
	/* a cell over the limit, in each format */
	n = (size_t)sprintf(big, "Source,To\na,");
	memset(big + n, 'y', 70000);
	n += 70000;
	INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, "x.csv", big, n, NULL), ARCHDOC_ELIMIT);
	n = (size_t)sprintf(big, "| Source | To |\n| - | - |\n| a | ");
	memset(big + n, 'y', 70000);
	n += 70000;
	INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, "x.md", big, n, NULL), ARCHDOC_ELIMIT);
	n = (size_t)sprintf(big, "<table><tr><th>Source</th><th>To</th></tr><tr><td>a</td><td>");
	memset(big + n, 'y', 70000);
	n += 70000;
	INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, "x.html", big, n, NULL), ARCHDOC_ELIMIT);
	OK(strstr(cap.text, "[import-limit]") != NULL);
	OK(xml == NULL);
	archdoc_context_free(ctx);
	free(big);
}

/* --- hostile and pathological inputs --- */

static unsigned long rnd_state = 12345;

static unsigned rnd(void)
{
	rnd_state = rnd_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(rnd_state >> 33);
}

/* Import; when a model comes out, it must load without errors. */
static void must_survive(archdoc_context *ctx, const char *name, const char *data, size_t len)
{
	char *xml = NULL;
	size_t xlen = 0;
	int rc = archdoc_import_buffer(&xml, &xlen, NULL, ctx, name, data, len, NULL);

	OK(rc == 0 || rc == ARCHDOC_ENOTFOUND || rc == ARCHDOC_EINVALID || rc == ARCHDOC_ELIMIT);
	if (rc == 0) {
		archdoc_model *m = NULL;
		int lrc = archdoc_model_load_buffer(&m, ctx, "<imported>", xml, xlen);

		INT_EQ(lrc, 0);
		if (lrc)
			fprintf(stderr, "%s: imported model does not load:\n%s\n", name, xml);
		archdoc_model_free(m);
	}
	archdoc_free(xml);
}

static void test_hostile(void)
{
	static const char *const fixtures[][2] = {
		{ "import/genesys-web.md", "x.md" }, { "import/messy.md", "x.md" },
		{ "import/whats-connecting-split.md", "x.md" }, { "import/page.html", "x.html" },
		{ "import/connections.csv", "x.csv" }, { "import/packed.md", "x.md" },
		{ "import/packed.html", "x.html" }, { "import/packed.csv", "x.csv" },
		{ "import/fill-down.md", "x.md" }, { "import/real-table.md", "x.md" },
		{ "import/tables.md", "x.md" }, { "import/tables.html", "x.html" },
		{ "import/lists.md", "x.md" },
	};
	static const char alphabet[] = "|\\`-:<>!&#;/,\"\n\r\t aB1 ->\xE2\x86\x92";
	archdoc_context *ctx = NULL;
	char *buf = malloc(1 << 20);
	size_t n;

	OK(archdoc_context_new(&ctx, NULL) == 0);
	for (size_t f = 0; f < sizeof(fixtures) / sizeof(fixtures[0]); f++) {
		size_t len = 0;
		char *text = slurp(fixtures[f][0], &len);

		OK(text != NULL);
		for (int round = 0; text && round < 150; round++) {
			memcpy(buf, text, len);
			n = len;
			/* a few edits: bytes from the alphabet that matters, cuts, copies */
			for (int e = 0; e < 1 + (int)(rnd() % 6); e++) {
				size_t at = n ? rnd() % n : 0;

				switch (rnd() % 3) {
				case 0:
					buf[at] = alphabet[rnd() % (sizeof(alphabet) - 1)];
					break;
				case 1:
					if (n > 10) {
						size_t cut = rnd() % 10;

						memmove(buf + at, buf + at + cut > buf + n ? buf + n : buf + at + cut,
								n - (at + cut > n ? n : at + cut));
						n -= at + cut > n ? n - at : cut;
					}
					break;
				default:
					if (n + 40 < (1 << 20)) {
						size_t from = n ? rnd() % n : 0, k = 40;

						if (from + k > n)
							k = n - from;
						memmove(buf + at + k, buf + at, n - at);
						memmove(buf + at, buf + (from >= at ? from + k : from), k);
						n += k;
					}
					break;
				}
			}
			must_survive(ctx, fixtures[f][1], buf, n);
		}
		free(text);
	}
	/* random bytes of the table alphabet */
	for (int round = 0; round < 300; round++) {
		static const char *const names[] = { "x.md", "x.html", "x.csv" };

		n = 1 + rnd() % 400;
		for (size_t i = 0; i < n; i++)
			buf[i] = alphabet[rnd() % (sizeof(alphabet) - 1)];
		must_survive(ctx, names[round % 3], buf, n);
	}

	/* pathological shapes must finish (quickly) */
	n = (size_t)sprintf(buf, "| Source | To |\n| - | - |\n| ");
	for (size_t i = 0; i < 60000; i++)
		buf[n++] = (char)(i % 7 == 0 ? ' ' : '`');
	n += (size_t)sprintf(buf + n, " | b |\n");
	must_survive(ctx, "x.md", buf, n);
	n = (size_t)sprintf(buf, "<table><tr><th>Source</th><th>To</th></tr><tr><td>");
	for (int i = 0; i < 20000; i++)
		n += (size_t)sprintf(buf + n, "<b>");
	n += (size_t)sprintf(buf + n, "deep</td><td rowspan=\"99999999\" colspan=\"99999\">b</td></tr><tr><td>c</td></tr></table>");
	must_survive(ctx, "x.html", buf, n);
	/* many names: the pairwise comparison stays bounded */
	n = (size_t)sprintf(buf, "Source,To\n");
	for (int i = 0; i < 6000; i++)
		n += (size_t)sprintf(buf + n, "svc %d,db\n", i);
	must_survive(ctx, "x.csv", buf, n);
	/* names that each begin the next: the report stays bounded */
	n = (size_t)sprintf(buf, "Source,To\n");
	for (int i = 0; i < 400; i++) {
		n += (size_t)sprintf(buf + n, "w");
		for (int k = 0; k < i; k++)
			n += (size_t)sprintf(buf + n, " w");
		n += (size_t)sprintf(buf + n, ",db\n");
	}
	must_survive(ctx, "x.csv", buf, n);
	/* a wide table that is not a connections table is passed over */
	n = 0;
	for (int i = 0; i < 80; i++)
		n += (size_t)sprintf(buf + n, "| c%d ", i);
	n += (size_t)sprintf(buf + n, "|\n");
	for (int i = 0; i < 80; i++)
		n += (size_t)sprintf(buf + n, "| - ");
	n += (size_t)sprintf(buf + n, "|\n\n| Source | To |\n| - | - |\n| a | b |\n");
	{
		char *xml = NULL;

		INT_EQ(archdoc_import_buffer(&xml, NULL, NULL, ctx, "x.md", buf, n, NULL), 0);
		archdoc_free(xml);
	}
	/* every row the same number, names that slug alike */
	n = (size_t)sprintf(buf, "Nr,Source,To\n");
	for (int i = 0; i < 3000; i++)
		n += (size_t)sprintf(buf + n, "1,%s,\xE6\x95\xB0\xE6\x8D\xAE%d\n", i % 2 ? "A" : "a", i);
	must_survive(ctx, "x.csv", buf, n);
	/* numbers at the top of the range */
	n = (size_t)sprintf(buf, "Nr,Source,To\n1000000,a,b\n1000000,a,b\n,a,b\n");
	must_survive(ctx, "x.csv", buf, n);
	/* an unterminated comment hides everything after it */
	n = (size_t)sprintf(buf, "<!-- \n| Source | To |\n| - | - |\n| a | b |\n");
	must_survive(ctx, "x.md", buf, n);
	archdoc_context_free(ctx);
	free(buf);
}

int main(void)
{
	test_genesys();
	round_trip("import/genesys-web.md", 27);
	round_trip("import/roundtrip.md", 6);
	test_api();
	test_options_v2();
	test_limits();
	test_hostile();
	return harness_done();
}
