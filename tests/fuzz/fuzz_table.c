/*
 * Fuzz target: load a model, then render its connections table in every
 * format (Markdown, HTML, CSV, JSON) with options from the input's first
 * bytes (fuzz.h: the bytes before the first '<'):
 *   opt[0]  flags: bit 0 link-diagram, bit 1 guard-formulas, bit 2
 *           default-columns-fit; bit 3 use explicit columns (else the
 *           model's own)
 *   opt[1]  number of explicit columns (mod 9; 0 is a usage error)
 *   opt[2..7] the columns (mod 9: 8 is out of range, repeats are errors)
 *
 * Oracles, beyond "no crash, no leak, no undefined behaviour":
 * - rendering succeeds exactly when the options are acceptable and the
 *   model has a classification whenever a classification column is shown;
 * - the bytes are deterministic (a second render is identical) and hold
 *   no NUL;
 * - Markdown: header + delimiter + one line per connection, each line with
 *   exactly columns + 1 unescaped pipes (GFM's splitting: a backslash and
 *   the byte after it go together), each data cell free of raw HTML as
 *   cmark reads it (hostile/md_table.h);
 * - HTML: libxml2's HTML parser finds one header row and one row per
 *   connection, and the output passes the output-safety check
 *   (hostile/safety.h);
 * - CSV: a strict RFC 4180 reader finds one record per connection plus the
 *   header, each with exactly the column count;
 * - JSON: well-formed (a strict recursive-descent checker).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "archdoc/archdoc.h"
#include "fuzz.h"
#include "hostile/md_table.h"
#include "hostile/safety.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

/* --- Markdown ---------------------------------------------------------------- */

static void check_markdown(const char *md, size_t len, size_t rows, size_t ncols, long data_col)
{
	CHECK(md_table_problem(md, len, rows, ncols, data_col) == NULL);
}

/* --- HTML ------------------------------------------------------------------------ */

static size_t count_named(xmlNode *n, const char *name)
{
	size_t c = 0;

	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name))
			c++;
		c += count_named(n->children, name);
	}
	return c;
}

static void check_html(const char *html, size_t len, size_t rows, uint32_t flags)
{
	char why[256];
	htmlDocPtr doc;

	CHECK(safety_check(html, len, SAFETY_HTML | SAFETY_AUTHOR_LINKS, NULL, why, sizeof(why)) == 0);
	(void)flags;
	doc = htmlReadMemory(html, (int)len, "t.html", "UTF-8",
			HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	CHECK(doc);
	CHECK(count_named(xmlDocGetRootElement(doc), "table") == 1);
	CHECK(count_named(xmlDocGetRootElement(doc), "tr") == rows + 1);
	xmlFreeDoc(doc);
}

/* --- CSV ---------------------------------------------------------------------------- */

static void check_csv(const char *s, size_t len, size_t rows, size_t ncols)
{
	size_t records = 0, fields = 1, i = 0;

	while (i < len) {
		if (s[i] == '"') {
			i++;
			for (;;) {
				CHECK(i < len);
				if (s[i] == '"') {
					if (i + 1 < len && s[i + 1] == '"') {
						i += 2;
						continue;
					}
					i++;
					break;
				}
				i++;
			}
			CHECK(i < len && (s[i] == ',' || s[i] == '\r'));
		} else {
			while (i < len && s[i] != ',' && s[i] != '\r') {
				CHECK(s[i] != '"' && s[i] != '\n');
				i++;
			}
			CHECK(i < len);
		}
		if (s[i] == ',') {
			fields++;
			i++;
			continue;
		}
		CHECK(i + 1 < len && s[i + 1] == '\n');
		CHECK(fields == ncols);
		records++;
		fields = 1;
		i += 2;
	}
	CHECK(records == rows + 1);
}

/* --- JSON ---------------------------------------------------------------------------- */

typedef struct jp {
	const char *s;
	size_t len, at;
} jp;

static void jws(jp *j)
{
	while (j->at < j->len && strchr(" \t\r\n", j->s[j->at]))
		j->at++;
}

static int jlit(jp *j, const char *lit)
{
	size_t n = strlen(lit);

	if (j->len - j->at < n || memcmp(j->s + j->at, lit, n))
		return 0;
	j->at += n;
	return 1;
}

static int jstring(jp *j)
{
	if (j->at >= j->len || j->s[j->at] != '"')
		return 0;
	for (j->at++; j->at < j->len; j->at++) {
		unsigned char c = (unsigned char)j->s[j->at];

		if (c == '"') {
			j->at++;
			return 1;
		}
		if (c < 0x20)
			return 0;
		if (c == '\\') {
			j->at++;
			if (j->at >= j->len || !strchr("\"\\/bfnrtu", j->s[j->at]))
				return 0;
			if (j->s[j->at] == 'u') {
				for (int k = 0; k < 4; k++)
					if (++j->at >= j->len || !strchr("0123456789abcdefABCDEF", j->s[j->at]))
						return 0;
			}
		}
	}
	return 0;
}

static int jvalue(jp *j, int depth)
{
	if (depth > 64)
		return 0;
	jws(j);
	if (j->at >= j->len)
		return 0;
	switch (j->s[j->at]) {
	case '{':
		j->at++;
		jws(j);
		if (j->at < j->len && j->s[j->at] == '}')
			return j->at++, 1;
		for (;;) {
			jws(j);
			if (!jstring(j))
				return 0;
			jws(j);
			if (!jlit(j, ":") || !jvalue(j, depth + 1))
				return 0;
			jws(j);
			if (jlit(j, "}"))
				return 1;
			if (!jlit(j, ","))
				return 0;
		}
	case '[':
		j->at++;
		jws(j);
		if (j->at < j->len && j->s[j->at] == ']')
			return j->at++, 1;
		for (;;) {
			if (!jvalue(j, depth + 1))
				return 0;
			jws(j);
			if (jlit(j, "]"))
				return 1;
			if (!jlit(j, ","))
				return 0;
		}
	case '"':
		return jstring(j);
	case 't':
		return jlit(j, "true");
	case 'f':
		return jlit(j, "false");
	case 'n':
		return jlit(j, "null");
	default: {
		size_t start = j->at;

		if (j->s[j->at] == '-')
			j->at++;
		if (j->at >= j->len || j->s[j->at] < '0' || j->s[j->at] > '9')
			return 0;
		if (j->s[j->at] == '0' && j->at + 1 < j->len && j->s[j->at + 1] >= '0' && j->s[j->at + 1] <= '9')
			return 0;
		while (j->at < j->len && strchr("0123456789.eE+-", j->s[j->at]))
			j->at++;
		return j->at > start;
	}
	}
}

static void check_json(const char *s, size_t len)
{
	jp j = { s, len, 0 };

	CHECK(jvalue(&j, 0));
	jws(&j);
	CHECK(j.at == len);
}

/* --- the target ------------------------------------------------------------------------ */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	archdoc_context *ctx = fuzz_context();
	fuzz_input in = fuzz_split(data, size);
	archdoc_model *m = NULL;
	archdoc_column cols[FUZZ_MAX_OPTIONS], fitted[ARCHDOC_COLUMN__COUNT];
	const archdoc_column *model_cols;
	size_t ncols, rows;
	int usage_ok = 1, wants_class = 0;
	long data_col = -1;
	archdoc_table_options o = ARCHDOC_TABLE_OPTIONS_INIT;

	if (archdoc_model_load_buffer(&m, ctx, "fuzz.xml", (const char *)in.data, in.size) != 0)
		return 0;
	o.flags = in.opt[0] & 7u;
	if (in.opt[0] & 8u) {
		o.column_count = in.opt[1] % 9u;
		if (o.column_count > FUZZ_MAX_OPTIONS - 2)
			o.column_count = FUZZ_MAX_OPTIONS - 2;
		for (size_t i = 0; i < o.column_count; i++) {
			cols[i] = (archdoc_column)(in.opt[2 + i] % 9u);
			if (cols[i] >= ARCHDOC_COLUMN__COUNT)
				usage_ok = 0;
			for (size_t k = 0; k < i; k++)
				if (cols[k] == cols[i])
					usage_ok = 0;
		}
		if (!o.column_count)
			usage_ok = 0;
		o.columns = cols;
		ncols = o.column_count;
		model_cols = cols;
	} else {
		ncols = archdoc_model_table_columns(m, &model_cols);
		/* columns nobody asked for fit the model (issue 11) */
		if (!archdoc_model_has_classification(m)) {
			size_t k = 0;

			for (size_t i = 0; i < ncols; i++)
				if (model_cols[i] != ARCHDOC_COLUMN_CLASSIFICATION)
					fitted[k++] = model_cols[i];
			model_cols = fitted;
			ncols = k;
		}
	}
	for (size_t i = 0; i < ncols; i++) {
		if (model_cols[i] == ARCHDOC_COLUMN_CLASSIFICATION)
			wants_class = 1;
		if (model_cols[i] == ARCHDOC_COLUMN_DATA)
			data_col = (long)i;
	}
	rows = archdoc_model_connection_count(m);

	for (int f = ARCHDOC_TABLE_MARKDOWN; f <= ARCHDOC_TABLE_JSON; f++) {
		char *out = NULL, *again = NULL;
		size_t len = 0, len2 = 0;
		int rc, expect;

		o.format = (archdoc_table_format)f;
		rc = archdoc_table_render(&out, &len, ctx, m, &o);
		if (!usage_ok)
			expect = ARCHDOC_EUSAGE;
		else if (wants_class && !archdoc_model_has_classification(m))
			expect = ARCHDOC_EINVALID;
		else
			expect = 0;
		if (rc != expect) fprintf(stderr, "format %d: rc %d, expected %d\n", f, rc, expect);
		CHECK(rc == expect);
		CHECK((rc == 0) == (out != NULL));
		if (rc != 0)
			continue;
		CHECK(strlen(out) == len);
		CHECK(archdoc_table_render(&again, &len2, ctx, m, &o) == 0);
		CHECK(len2 == len && memcmp(out, again, len) == 0);
		switch (f) {
		case ARCHDOC_TABLE_MARKDOWN:
			check_markdown(out, len, rows, ncols, data_col);
			break;
		case ARCHDOC_TABLE_HTML:
			check_html(out, len, rows, o.flags);
			break;
		case ARCHDOC_TABLE_CSV:
			check_csv(out, len, rows, ncols);
			break;
		default:
			check_json(out, len);
			break;
		}
		archdoc_free(again);
		archdoc_free(out);
	}
	archdoc_model_free(m);
	return 0;
}
