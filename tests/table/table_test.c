/*
 * Connection tables, read back: each format is rendered for the example
 * and the hostile fixture, parsed by a reader written here (Markdown pipe
 * table, libxml2's HTML parser, RFC 4180 CSV, strict JSON), and every cell
 * is compared with what the model says. Then exact expectations for the
 * escaping rules, options, errors and determinism.
 *
 * Runs in tests/ (WORKING_DIRECTORY), so model paths are relative to it.
 */
#include <cmark.h>
#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "archdoc/archdoc.h"
#include "buf.h"
#include "harness.h"

/* --- small helpers ----------------------------------------------------------- */

typedef struct diag_log {
	int errors, warnings;
	char rule[64];
	char message[1024];
	char file[256];
} diag_log;

static void sink(const archdoc_diag *d, void *payload)
{
	diag_log *l = payload;

	if (d->severity == ARCHDOC_SEVERITY_ERROR) {
		l->errors++;
		snprintf(l->rule, sizeof(l->rule), "%s", d->rule);
		snprintf(l->message, sizeof(l->message), "%s", d->message);
		snprintf(l->file, sizeof(l->file), "%s", d->loc.file ? d->loc.file : "");
	} else {
		l->warnings++;
	}
}

static archdoc_context *new_context(diag_log *log)
{
	archdoc_context_options o = ARCHDOC_CONTEXT_OPTIONS_INIT;
	archdoc_context *ctx = NULL;

	memset(log, 0, sizeof(*log));
	o.sink = sink;
	o.sink_payload = log;
	if (archdoc_context_new(&ctx, &o) < 0)
		abort();
	return ctx;
}

static archdoc_model *load(archdoc_context *ctx, const char *path)
{
	archdoc_model *m = NULL;
	int rc = archdoc_model_load_file(&m, ctx, path);

	if (rc != 0) {
		fprintf(stderr, "cannot load %s: %s\n", path, archdoc_strerror(rc));
		exit(1);
	}
	return m;
}

static archdoc_model *load_text(archdoc_context *ctx, const char *xml)
{
	archdoc_model *m = NULL;
	int rc = archdoc_model_load_buffer(&m, ctx, "inline.xml", xml, strlen(xml));

	if (rc != 0) {
		fprintf(stderr, "cannot load inline model: %s\n%s\n", archdoc_strerror(rc), xml);
		exit(1);
	}
	return m;
}

static char *render(archdoc_context *ctx, const archdoc_model *m, archdoc_table_format f,
		const archdoc_column *cols, size_t ncols, uint32_t flags, size_t *len)
{
	archdoc_table_options o = ARCHDOC_TABLE_OPTIONS_INIT;
	char *out = NULL;
	int rc;

	o.format = f;
	o.columns = cols;
	o.column_count = ncols;
	o.flags = flags;
	rc = archdoc_table_render(&out, len, ctx, m, &o);
	INT_EQ(rc, 0);
	OK(out != NULL);
	if (out && len)
		INT_EQ(strlen(out), *len);
	return out;
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (!p)
		abort();
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* What the model says a cell holds, as plain text (owned). */
static char *cell_of(const archdoc_connection *c, archdoc_column col)
{
	char tmp[32];
	const char *s;

	switch (col) {
	case ARCHDOC_COLUMN_NUMBER:
		snprintf(tmp, sizeof(tmp), "%u", archdoc_connection_number(c));
		return xstrdup(tmp);
	case ARCHDOC_COLUMN_SOURCE:
		return xstrdup(archdoc_component_title(archdoc_connection_from(c)));
	case ARCHDOC_COLUMN_DESTINATION:
		return xstrdup(archdoc_component_title(archdoc_connection_to(c)));
	case ARCHDOC_COLUMN_WHAT: {
		const char *a = archdoc_component_title(archdoc_connection_from(c));
		const char *b = archdoc_component_title(archdoc_connection_to(c));
		char *w = malloc(strlen(a) + strlen(b) + 5);

		if (!w)
			abort();
		sprintf(w, "%s -> %s", a, b);
		return w;
	}
	case ARCHDOC_COLUMN_PROTOCOL:
		return xstrdup(archdoc_connection_protocol(c));
	case ARCHDOC_COLUMN_PORT:
		return xstrdup(archdoc_connection_port(c));
	case ARCHDOC_COLUMN_CLASSIFICATION:
		s = archdoc_connection_classification(c);
		return xstrdup(s ? s : "");
	case ARCHDOC_COLUMN_DATA:
		return xstrdup(archdoc_connection_data(c));
	default:
		return xstrdup("?");
	}
}

/* Line breaks become spaces in a Markdown row. */
static char *one_line(const char *s)
{
	char *r = xstrdup(s);

	for (char *p = r; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return r;
}

/* --- inline Markdown, as cmark reads it -------------------------------------- */

/* cmark 0.30 parses documents only. A leading U+00A0 makes any text one
 * paragraph (no block syntax can start with it) while its inline parse is
 * that of a line start (it is Unicode white space); the same trick as
 * src/table/markdown.c, used here only to see the inline structure. */
static cmark_node *parse_inline(const char *md, char **guarded)
{
	archdoc_buf b = ARCHDOC_BUF_INIT;
	cmark_node *doc;

	archdoc_buf_puts(&b, "\xC2\xA0");
	archdoc_buf_puts(&b, md);
	doc = cmark_parse_document(b.ptr, b.len, CMARK_OPT_DEFAULT | CMARK_OPT_SOURCEPOS);
	*guarded = archdoc_buf_detach(&b, NULL);
	return doc;
}

/* A link archdoc keeps: relative, or http, https, mailto. */
static int kept_url(const char *url)
{
	size_t i = strcspn(url, ":/?#");

	return url[i] != ':' || (i == 4 && !strncasecmp(url, "http", 4)) ||
			(i == 5 && !strncasecmp(url, "https", 5)) || (i == 6 && !strncasecmp(url, "mailto", 6));
}

/* The source text of node n (a link or image) in src, where cmark found
 * it (lines and 1-based byte columns). */
static void put_source(archdoc_buf *out, const char *src, cmark_node *n)
{
	const char *p = src, *e;
	int line;

	for (line = 1; line < cmark_node_get_start_line(n) && (p = strchr(p, '\n')) != NULL; line++)
		p++;
	if (!p)
		return;
	for (e = p; line < cmark_node_get_end_line(n) && (e = strchr(e, '\n')) != NULL; line++)
		e++;
	if (!e)
		return;
	p += cmark_node_get_start_column(n) - 1;
	e += cmark_node_get_end_column(n);
	if (e > p)
		archdoc_buf_put(out, p, (size_t)(e - p));
}

/* An unsafe link or image shows as the text it was written as: put that
 * text in out and skip the node's children. */
static int shown_as_written(cmark_iter *it, cmark_node *n, cmark_event_type ev, const char *src,
		archdoc_buf *out)
{
	cmark_node_type t = cmark_node_get_type(n);

	if (ev != CMARK_EVENT_ENTER || (t != CMARK_NODE_LINK && t != CMARK_NODE_IMAGE) ||
			kept_url(cmark_node_get_url(n)))
		return 0;
	put_source(out, src, n);
	cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
	return 1;
}

/* A string that describes the inline structure: text runs, code, emphasis,
 * links with their destinations. Raw HTML, and links and images archdoc
 * does not keep, count as text (archdoc shows them as written).
 * *html_nodes counts the nodes so made text. */
static char *inline_signature(const char *md, int *html_nodes)
{
	char *src;
	cmark_node *doc = parse_inline(md, &src);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	archdoc_buf out = ARCHDOC_BUF_INIT, text = ARCHDOC_BUF_INIT;
	int paragraphs = 0;

	*html_nodes = 0;
#define FLUSH() do { if (text.len) { archdoc_buf_printf(&out, "text{%s}", text.ptr); archdoc_buf_clear(&text); } } while (0)
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);

		/* made text like raw HTML: the cell is not the source verbatim */
		if (shown_as_written(it, n, ev, src, &text)) {
			(*html_nodes)++;
			continue;
		}
		switch (t) {
		case CMARK_NODE_PARAGRAPH:
			paragraphs += ev == CMARK_EVENT_ENTER;
			break;
		case CMARK_NODE_DOCUMENT:
			break;
		case CMARK_NODE_HTML_INLINE:
			(*html_nodes)++;
			/* fall through */
		case CMARK_NODE_TEXT:
			archdoc_buf_puts(&text, cmark_node_get_literal(n));
			break;
		case CMARK_NODE_SOFTBREAK:
			archdoc_buf_putc(&text, ' ');
			break;
		case CMARK_NODE_CODE:
			FLUSH();
			archdoc_buf_printf(&out, "code{%s}", cmark_node_get_literal(n));
			break;
		case CMARK_NODE_EMPH:
		case CMARK_NODE_STRONG:
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			FLUSH();
			if (ev == CMARK_EVENT_EXIT) {
				archdoc_buf_putc(&out, ')');
				break;
			}
			archdoc_buf_puts(&out, cmark_node_get_type_string(n));
			if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE)
				archdoc_buf_printf(&out, "[%s|%s]", cmark_node_get_url(n), cmark_node_get_title(n));
			archdoc_buf_putc(&out, '(');
			break;
		default:
			FLUSH();
			archdoc_buf_printf(&out, "%s!", cmark_node_get_type_string(n));
			break;
		}
	}
	FLUSH();
#undef FLUSH
	if (paragraphs != 1)
		archdoc_buf_printf(&out, "[%d paragraphs]", paragraphs);
	cmark_iter_free(it);
	cmark_node_free(doc);
	archdoc_buf_free(&text);
	free(src);
	return archdoc_buf_detach(&out, NULL);
}

/* The text a browser shows for inline Markdown rendered by archdoc: the
 * text, code and (shown as text) raw HTML, and an image's alt text (archdoc
 * writes an image as a link to it, so nothing loads by itself). */
static char *inline_plain(const char *md)
{
	char *src;
	cmark_node *doc = parse_inline(md, &src);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	archdoc_buf out = ARCHDOC_BUF_INIT;
	char *r;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);

		if (shown_as_written(it, n, ev, src, &out))
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_HTML_INLINE:
			archdoc_buf_puts(&out, cmark_node_get_literal(n));
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	free(src);
	r = archdoc_buf_detach(&out, NULL);
	/* the guard is the first two bytes of the first text */
	if (strncmp(r, "\xC2\xA0", 2) == 0)
		memmove(r, r + 2, strlen(r + 2) + 1);
	return r;
}

/* --- Markdown reader ----------------------------------------------------------- */

/* Split one GFM table row into cells as cmark-gfm does: a backslash and
 * the byte after it go together, so "\|" never splits (GFM splits on a
 * pipe inside a code span too, which is why archdoc escapes those); then
 * each cell is trimmed and loses the backslash of each "\|". Returns the
 * cell count, or -1 when the row does not start and end with a pipe. */
static int md_split(const char *line, char **cells, int max)
{
	const char *p = line;
	int n = 0;

	if (*p++ != '|')
		return -1;
	while (*p) {
		const char *s = p, *e;
		char *cell, *w;

		while (*p && *p != '|')
			p += (*p == '\\' && p[1]) ? 2 : 1;
		if (!*p)
			goto bad; /* text after the last pipe */
		e = p++;
		while (s < e && *s == ' ')
			s++;
		while (e > s && e[-1] == ' ')
			e--;
		if (n == max)
			goto bad;
		cell = xstrndup(s, (size_t)(e - s));
		w = cell;
		for (const char *r = cell; *r; r++) {
			if (*r == '\\' && r[1] == '|')
				r++;
			*w++ = *r;
		}
		*w = '\0';
		cells[n++] = cell;
	}
	return n;
bad:
	while (n > 0)
		free(cells[--n]);
	return -1;
}

/* CommonMark backslash escapes: "\" before ASCII punctuation is dropped. */
static char *md_unescape(const char *s)
{
	char *r = xstrdup(s), *w = r;

	for (const char *p = s; *p; p++) {
		if (*p == '\\' && p[1] && ispunct((unsigned char)p[1]))
			p++;
		*w++ = *p;
	}
	*w = '\0';
	return r;
}

/* Undo the leading block-syntax escapes of a data cell (docs/table.md). */
static char *md_unlead(const char *s)
{
	size_t digits = 0;

	if (s[0] == '\\' && s[1] && strchr("#-+=>", s[1]))
		return xstrdup(s + 1);
	while (isdigit((unsigned char)s[digits]))
		digits++;
	if (digits && s[digits] == '\\' && (s[digits + 1] == '.' || s[digits + 1] == ')')) {
		char *r = xstrdup(s);

		memmove(r + digits, r + digits + 1, strlen(r + digits + 1) + 1);
		return r;
	}
	return xstrdup(s);
}

/* What a GFM reader gets back from archdoc's data cell when the sentence
 * has no raw HTML: the sentence itself, except that a pipe the sentence
 * had already escaped ("\\|" after an odd run of backslashes) is left as it
 * is by archdoc and so loses that backslash to GFM, which renders the same
 * "|" (docs/table.md). */
static char *gfm_expected(const char *s)
{
	char *r = xstrdup(s), *w = r;
	size_t run = 0;

	for (const char *p = s; *p; p++) {
		if (*p == '|' && run % 2 == 1)
			w--;
		*w++ = *p;
		run = *p == '\\' ? run + 1 : 0;
	}
	*w = '\0';
	return r;
}

static void free_cells(char **cells, int n)
{
	for (int i = 0; i < n; i++)
		free(cells[i]);
}

static void check_markdown(const archdoc_model *m, const char *md, const archdoc_column *cols, size_t ncols)
{
	char *copy = xstrdup(md), *line, *save = NULL;
	size_t row = 0;
	int lineno = 0;

	OK(md[0] && md[strlen(md) - 1] == '\n');
	OK(strchr(md, '\r') == NULL);
	OK(strstr(md, "\n\n") == NULL);
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save), lineno++) {
		char *cells[ARCHDOC_COLUMN__COUNT + 1];
		int n = md_split(line, cells, ARCHDOC_COLUMN__COUNT + 1);

		INT_EQ(n, ncols);
		if (n != (int)ncols) {
			fprintf(stderr, "  row: %s\n", line);
			if (n > 0)
				free_cells(cells, n);
			continue;
		}
		for (size_t i = 0; i < ncols; i++) {
			if (lineno == 0) {
				char *h = md_unescape(cells[i]);

				STR_EQ(h, archdoc_model_table_header(m, cols[i]));
				free(h);
			} else if (lineno == 1) {
				STR_EQ(cells[i], "---");
			} else if (cols[i] == ARCHDOC_COLUMN_DATA) {
				const archdoc_connection *c = archdoc_model_connection(m, row);
				char *want = one_line(archdoc_connection_data(c));
				char *gfm = gfm_expected(want);
				int html_want, html_got;
				char *sig_want = inline_signature(gfm, &html_want);
				char *sig_got = inline_signature(cells[i], &html_got);

				/* the same inline structure (escapes included), raw HTML
				 * turned to text */
				STR_EQ(sig_got, sig_want);
				INT_EQ(html_got, 0);
				/* and, without raw HTML, the very source, up to a leading
				 * "\\" that the source may have written itself */
				if (html_want == 0) {
					char *got = md_unlead(cells[i]), *exact = md_unlead(gfm);

					STR_EQ(got, exact);
					free(got);
					free(exact);
				}
				free(sig_want);
				free(sig_got);
				free(gfm);
				free(want);
			} else {
				const archdoc_connection *c = archdoc_model_connection(m, row);
				char *want = cell_of(c, cols[i]), *want1 = one_line(want);
				char *got = md_unescape(cells[i]);
				int html;
				char *sig = inline_signature(cells[i], &html);
				archdoc_buf lit = ARCHDOC_BUF_INIT;

				STR_EQ(got, want1);
				/* to a Markdown parser the cell is one run of literal text */
				archdoc_buf_printf(&lit, "text{\xC2\xA0%s}", want1);
				STR_EQ(sig, lit.ptr);
				archdoc_buf_free(&lit);
				free(sig);
				free(want);
				free(want1);
				free(got);
			}
		}
		free_cells(cells, n);
		if (lineno >= 2)
			row++;
	}
	INT_EQ(row, archdoc_model_connection_count(m));
	free(copy);
}

/* --- HTML reader --------------------------------------------------------------- */

static int html_problems;

static void html_error(void *payload, xmlErrorPtr err)
{
	(void)payload;
	html_problems++;
	fprintf(stderr, "  libxml2 (level %d) line %d: %s", err->level, err->line, err->message);
}

static xmlNode *first_element(xmlNode *n, const char *name)
{
	for (; n; n = n->next) {
		xmlNode *f;

		if (n->type == XML_ELEMENT_NODE && xmlStrcasecmp(n->name, BAD_CAST name) == 0)
			return n;
		if ((f = first_element(n->children, name)))
			return f;
	}
	return NULL;
}

static xmlNode *next_element(xmlNode *n)
{
	while (n && n->type != XML_ELEMENT_NODE)
		n = n->next;
	return n;
}

static int count_elements(xmlNode *n)
{
	int k = 0;

	for (n = next_element(n); n; n = next_element(n->next))
		k++;
	return k;
}

static char *attr(xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	char *r = xstrdup(v ? (const char *)v : "(none)");

	xmlFree(v);
	return r;
}

static char *content(xmlNode *n)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *r = xstrdup(v ? (const char *)v : "");

	xmlFree(v);
	return r;
}

static int starts_with_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Nothing that runs or fetches: no script-like element, no event handler
 * attribute, no comment, no dangerous URL. */
static void check_html_safe(xmlNode *n)
{
	static const char *const banned[] = { "script", "style", "iframe", "object", "embed", "div", "form", NULL };

	for (; n; n = n->next) {
		OK(n->type != XML_COMMENT_NODE);
		if (n->type == XML_ELEMENT_NODE) {
			for (int i = 0; banned[i]; i++)
				OK(xmlStrcasecmp(n->name, BAD_CAST banned[i]) != 0);
			for (xmlAttr *a = n->properties; a; a = a->next) {
				char *v = attr(n, (const char *)a->name);

				OK(!starts_with_ci((const char *)a->name, "on"));
				if (!xmlStrcasecmp(a->name, BAD_CAST "href") || !xmlStrcasecmp(a->name, BAD_CAST "src")) {
					OK(!starts_with_ci(v, "javascript:") && !starts_with_ci(v, "vbscript:") &&
							!starts_with_ci(v, "file:"));
					/* cmark keeps data: only for raster images */
					OK(!starts_with_ci(v, "data:") || starts_with_ci(v, "data:image/png") ||
							starts_with_ci(v, "data:image/gif") || starts_with_ci(v, "data:image/jpeg") ||
							starts_with_ci(v, "data:image/webp"));
				}
				free(v);
			}
		}
		check_html_safe(n->children);
	}
}

static void check_html(const archdoc_model *m, const char *html, size_t len,
		const archdoc_column *cols, size_t ncols, uint32_t flags)
{
	htmlDocPtr doc;
	xmlNode *table, *caption, *thead, *tbody, *tr;
	char want[512], *s;
	size_t row = 0;

	OK(len && html[len - 1] == '\n');
	OK(strchr(html, '\r') == NULL);
	html_problems = 0;
	xmlSetStructuredErrorFunc(NULL, html_error);
	doc = htmlReadMemory(html, (int)len, "table.html", "UTF-8", HTML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	OK(doc != NULL);
	if (!doc)
		return;
	INT_EQ(html_problems, 0); /* errors and warnings alike */

	table = first_element(xmlDocGetRootElement(doc), "table");
	OK(table != NULL);
	if (!table)
		goto done;
	s = attr(table, "class");
	STR_EQ(s, "archdoc-connections");
	free(s);
	snprintf(want, sizeof(want), "%s-connections", archdoc_model_id(m));
	s = attr(table, "id");
	STR_EQ(s, want);
	free(s);

	caption = next_element(table->children);
	OK(caption && xmlStrEqual(caption->name, BAD_CAST "caption"));
	thead = caption ? next_element(caption->next) : NULL;
	OK(thead && xmlStrEqual(thead->name, BAD_CAST "thead"));
	tbody = thead ? next_element(thead->next) : NULL;
	OK(tbody && xmlStrEqual(tbody->name, BAD_CAST "tbody"));
	if (!tbody)
		goto done;
	s = content(caption);
	STR_EQ(s, archdoc_model_title(m));
	free(s);

	tr = next_element(thead->children);
	INT_EQ(count_elements(thead->children), 1);
	INT_EQ(count_elements(tr->children), ncols);
	{
		xmlNode *th = next_element(tr->children);

		for (size_t i = 0; th && i < ncols; i++, th = next_element(th->next)) {
			OK(xmlStrEqual(th->name, BAD_CAST "th"));
			s = attr(th, "scope");
			STR_EQ(s, "col");
			free(s);
			s = content(th);
			STR_EQ(s, archdoc_model_table_header(m, cols[i]));
			free(s);
		}
	}

	INT_EQ(count_elements(tbody->children), archdoc_model_connection_count(m));
	for (tr = next_element(tbody->children); tr; tr = next_element(tr->next), row++) {
		const archdoc_connection *c = archdoc_model_connection(m, row);
		xmlNode *td;

		if (!c)
			break;
		snprintf(want, sizeof(want), "%s-row-%u", archdoc_model_id(m), archdoc_connection_number(c));
		s = attr(tr, "id");
		STR_EQ(s, want);
		free(s);
		INT_EQ(count_elements(tr->children), ncols);
		td = next_element(tr->children);
		for (size_t i = 0; td && i < ncols; i++, td = next_element(td->next)) {
			char *got = content(td), *expect;

			OK(xmlStrEqual(td->name, BAD_CAST "td"));
			if (cols[i] == ARCHDOC_COLUMN_DATA)
				expect = inline_plain(archdoc_connection_data(c));
			else
				expect = cell_of(c, cols[i]);
			STR_EQ(got, expect);
			if (cols[i] == ARCHDOC_COLUMN_NUMBER) {
				xmlNode *a = next_element(td->children);

				if (flags & ARCHDOC_TABLE_LINK_DIAGRAM) {
					OK(a && xmlStrEqual(a->name, BAD_CAST "a"));
					snprintf(want, sizeof(want), "#%s-connection-%u", archdoc_model_id(m),
							archdoc_connection_number(c));
					if (a) {
						s = attr(a, "href");
						STR_EQ(s, want);
						free(s);
					}
				} else {
					OK(a == NULL);
				}
			}
			free(got);
			free(expect);
		}
	}
	INT_EQ(row, archdoc_model_connection_count(m));
	check_html_safe(xmlDocGetRootElement(doc));
done:
	xmlFreeDoc(doc);
}

/* --- CSV reader ------------------------------------------------------------------ */

/* A strict RFC 4180 reader. Fields go to cells (row-major, owned) and
 * the field count of each record to widths. Returns the record count, or
 * -1 at the first deviation (bare CR or LF, a quote inside an unquoted
 * field, text after a closing quote, a missing final CRLF). */
static int csv_read(const char *s, char ***cells_out, int **widths_out)
{
	char **cells = NULL;
	int *widths = NULL, records = 0, fields = 0, total = 0;

	while (*s) {
		archdoc_buf f = ARCHDOC_BUF_INIT;

		archdoc_buf_puts(&f, "");
		if (*s == '"') {
			for (s++;; s++) {
				if (!*s)
					goto bad;
				if (*s == '"') {
					if (s[1] != '"')
						break;
					s++;
				}
				archdoc_buf_putc(&f, *s);
			}
			s++;
		} else {
			for (; *s && *s != ',' && *s != '\r'; s++) {
				if (*s == '"' || *s == '\n')
					goto bad;
				archdoc_buf_putc(&f, *s);
			}
		}
		cells = realloc(cells, sizeof(*cells) * (size_t)(total + 1));
		cells[total++] = archdoc_buf_detach(&f, NULL);
		fields++;
		if (*s == ',') {
			s++;
			continue;
		}
		if (s[0] != '\r' || s[1] != '\n')
			goto bad;
		s += 2;
		widths = realloc(widths, sizeof(*widths) * (size_t)(records + 1));
		widths[records++] = fields;
		fields = 0;
		continue;
bad:
		archdoc_buf_free(&f);
		for (int i = 0; i < total; i++)
			free(cells[i]);
		free(cells);
		free(widths);
		return -1;
	}
	if (fields) {
		for (int i = 0; i < total; i++)
			free(cells[i]);
		free(cells);
		free(widths);
		return -1;
	}
	*cells_out = cells;
	*widths_out = widths;
	return records;
}

static void check_csv(const archdoc_model *m, const char *csv, const archdoc_column *cols, size_t ncols,
		uint32_t flags)
{
	char **cells = NULL;
	int *widths = NULL, total = 0;
	int records = csv_read(csv, &cells, &widths);

	INT_EQ(records, archdoc_model_connection_count(m) + 1);
	if (records < 0)
		return;
	for (int r = 0; r < records; r++) {
		INT_EQ(widths[r], ncols);
		if (widths[r] != (int)ncols) {
			total += widths[r];
			continue;
		}
		for (size_t i = 0; i < ncols; i++) {
			char *want = r == 0 ? xstrdup(archdoc_model_table_header(m, cols[i]))
					: cell_of(archdoc_model_connection(m, (size_t)r - 1), cols[i]);

			if ((flags & ARCHDOC_TABLE_CSV_GUARD_FORMULAS) && want[0] && strchr("=+-@\t\r", want[0])) {
				char *g = malloc(strlen(want) + 2);

				sprintf(g, "'%s", want);
				free(want);
				want = g;
			}
			STR_EQ(cells[total], want);
			free(want);
			total++;
		}
	}
	for (int i = 0; i < total; i++)
		free(cells[i]);
	free(cells);
	free(widths);
}

/* --- JSON reader ------------------------------------------------------------------ */

typedef enum { J_NULL, J_BOOL, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT } jtype;

typedef struct jv {
	jtype type;
	double num;
	char *str;           /* J_STRING */
	struct jv **items;   /* J_ARRAY, J_OBJECT (values) */
	char **keys;         /* J_OBJECT, in document order */
	size_t n;
} jv;

typedef struct jparser {
	const char *p;
	int failed;
} jparser;

static void jv_free(jv *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++) {
		jv_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	free(v);
}

static void jws(jparser *j)
{
	while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')
		j->p++;
}

static int jhex4(jparser *j, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		char c = j->p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	j->p += 4;
	*out = v;
	return 0;
}

static void put_utf8(archdoc_buf *b, unsigned cp)
{
	if (cp < 0x80) {
		archdoc_buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		archdoc_buf_putc(b, (char)(0xC0 | (cp >> 6)));
		archdoc_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		archdoc_buf_putc(b, (char)(0xE0 | (cp >> 12)));
		archdoc_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		archdoc_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	} else {
		archdoc_buf_putc(b, (char)(0xF0 | (cp >> 18)));
		archdoc_buf_putc(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
		archdoc_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		archdoc_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	}
}

static char *jstring(jparser *j)
{
	archdoc_buf b = ARCHDOC_BUF_INIT;

	archdoc_buf_puts(&b, "");
	if (*j->p != '"')
		goto bad;
	for (j->p++; *j->p != '"'; j->p++) {
		unsigned char c = (unsigned char)*j->p;

		if (c < 0x20)
			goto bad; /* also the end of the text */
		if (c != '\\') {
			archdoc_buf_putc(&b, (char)c);
			continue;
		}
		j->p++;
		switch (*j->p) {
		case '"': archdoc_buf_putc(&b, '"'); break;
		case '\\': archdoc_buf_putc(&b, '\\'); break;
		case '/': archdoc_buf_putc(&b, '/'); break;
		case 'b': archdoc_buf_putc(&b, '\b'); break;
		case 'f': archdoc_buf_putc(&b, '\f'); break;
		case 'n': archdoc_buf_putc(&b, '\n'); break;
		case 'r': archdoc_buf_putc(&b, '\r'); break;
		case 't': archdoc_buf_putc(&b, '\t'); break;
		case 'u': {
			unsigned cp, lo;

			j->p++;
			if (jhex4(j, &cp) < 0)
				goto bad;
			if (cp >= 0xD800 && cp < 0xDC00) {
				if (j->p[0] != '\\' || j->p[1] != 'u')
					goto bad;
				j->p += 2;
				if (jhex4(j, &lo) < 0 || lo < 0xDC00 || lo > 0xDFFF)
					goto bad;
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			} else if (cp >= 0xDC00 && cp < 0xE000) {
				goto bad;
			}
			put_utf8(&b, cp);
			j->p--; /* the loop steps over the last hex digit */
			break;
		}
		default:
			goto bad;
		}
	}
	j->p++;
	return archdoc_buf_detach(&b, NULL);
bad:
	j->failed = 1;
	archdoc_buf_free(&b);
	return NULL;
}

static jv *jvalue(jparser *j, int depth);

static jv *jnew(jtype t)
{
	jv *v = calloc(1, sizeof(*v));

	if (!v)
		abort();
	v->type = t;
	return v;
}

static void jpush(jv *v, char *key, jv *item)
{
	v->items = realloc(v->items, sizeof(*v->items) * (v->n + 1));
	if (v->type == J_OBJECT)
		v->keys = realloc(v->keys, sizeof(*v->keys) * (v->n + 1));
	if (!v->items || (v->type == J_OBJECT && !v->keys))
		abort();
	v->items[v->n] = item;
	if (v->type == J_OBJECT)
		v->keys[v->n] = key;
	v->n++;
}

static jv *jvalue(jparser *j, int depth)
{
	jv *v = NULL;

	jws(j);
	if (depth > 64) {
		j->failed = 1;
		return NULL;
	}
	if (*j->p == '{' || *j->p == '[') {
		int obj = *j->p == '{';
		char close = obj ? '}' : ']';

		v = jnew(obj ? J_OBJECT : J_ARRAY);
		j->p++;
		jws(j);
		if (*j->p == close) {
			j->p++;
			return v;
		}
		for (;;) {
			char *key = NULL;
			jv *item;

			jws(j);
			if (obj) {
				key = jstring(j);
				if (!key)
					break;
				jws(j);
				if (*j->p != ':') {
					free(key);
					j->failed = 1;
					break;
				}
				j->p++;
			}
			item = jvalue(j, depth + 1);
			if (!item) {
				free(key);
				break;
			}
			jpush(v, key, item);
			jws(j);
			if (*j->p == ',') {
				j->p++;
				continue;
			}
			if (*j->p == close) {
				j->p++;
				return v;
			}
			j->failed = 1;
			break;
		}
		jv_free(v);
		return NULL;
	}
	if (*j->p == '"') {
		char *s = jstring(j);

		if (!s)
			return NULL;
		v = jnew(J_STRING);
		v->str = s;
		return v;
	}
	if (strncmp(j->p, "null", 4) == 0) {
		j->p += 4;
		return jnew(J_NULL);
	}
	if (strncmp(j->p, "true", 4) == 0 || strncmp(j->p, "false", 5) == 0) {
		v = jnew(J_BOOL);
		v->num = *j->p == 't';
		j->p += *j->p == 't' ? 4 : 5;
		return v;
	}
	{
		/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
		const char *s = j->p, *p = s;

		if (*p == '-')
			p++;
		if (*p == '0')
			p++;
		else if (*p >= '1' && *p <= '9')
			while (isdigit((unsigned char)*p))
				p++;
		else
			goto bad;
		if (*p == '.') {
			p++;
			if (!isdigit((unsigned char)*p))
				goto bad;
			while (isdigit((unsigned char)*p))
				p++;
		}
		if (*p == 'e' || *p == 'E') {
			p++;
			if (*p == '+' || *p == '-')
				p++;
			if (!isdigit((unsigned char)*p))
				goto bad;
			while (isdigit((unsigned char)*p))
				p++;
		}
		v = jnew(J_NUMBER);
		v->num = strtod(s, NULL);
		j->p = p;
		return v;
	}
bad:
	j->failed = 1;
	return NULL;
}

static jv *json_parse(const char *text)
{
	jparser j = { text, 0 };
	jv *v = jvalue(&j, 0);

	jws(&j);
	if (!v || j.failed || *j.p) {
		jv_free(v);
		return NULL;
	}
	return v;
}

static const jv *jget(const jv *obj, const char *key)
{
	if (!obj || obj->type != J_OBJECT)
		return NULL;
	for (size_t i = 0; i < obj->n; i++)
		if (strcmp(obj->keys[i], key) == 0)
			return obj->items[i];
	return NULL;
}

/* The object's keys, in order, joined with commas. */
static char *jkeys(const jv *obj)
{
	archdoc_buf b = ARCHDOC_BUF_INIT;

	archdoc_buf_puts(&b, "");
	for (size_t i = 0; obj && obj->type == J_OBJECT && i < obj->n; i++)
		archdoc_buf_printf(&b, "%s%s", i ? "," : "", obj->keys[i]);
	return archdoc_buf_detach(&b, NULL);
}

#define KEYS_EQ(obj, want) do { char *k_ = jkeys(obj); STR_EQ(k_, want); free(k_); } while (0)

/* A string member equal to want; want NULL means the member is null. */
static void jstr_eq(const jv *obj, const char *key, const char *want, int line)
{
	const jv *v = jget(obj, key);

	harness_checks++;
	if (!v || (want ? (v->type != J_STRING || strcmp(v->str, want) != 0) : v->type != J_NULL)) {
		harness_failures++;
		fprintf(stderr, "%s:%d: JSON \"%s\" is %s, expected %s\n", __FILE__, line, key,
				!v ? "missing" : v->type == J_STRING ? v->str : v->type == J_NULL ? "null" : "(not a string)",
				want ? want : "null");
	}
}
#define JSTR_EQ(obj, key, want) jstr_eq((obj), (key), (want), __LINE__)

static double jnum(const jv *obj, const char *key)
{
	const jv *v = jget(obj, key);

	return v && v->type == J_NUMBER ? v->num : -1;
}

static size_t jlen(const jv *v, jtype t)
{
	return v && v->type == t ? v->n : (size_t)-1;
}

static void check_json(const archdoc_model *m, const char *json, const archdoc_column *cols, size_t ncols)
{
	jv *root = json_parse(json);
	const jv *model, *columns, *boundaries, *components, *connections;
	const archdoc_boundary *by = archdoc_model_classify_by(m);

	OK(root != NULL);
	if (!root)
		return;
	/* fit for an HTML page as it is */
	OK(!strpbrk(json, "<>&"));
	OK(!strstr(json, "\xE2\x80\xA8") && !strstr(json, "\xE2\x80\xA9"));
	OK(json[strlen(json) - 1] == '\n');

	KEYS_EQ(root, "archdoc,version,model,columns,boundaries,components,connections");
	JSTR_EQ(root, "archdoc", "table");
	OK(jnum(root, "version") == ARCHDOC_TABLE_JSON_VERSION);

	model = jget(root, "model");
	KEYS_EQ(model, "id,title,description,classify_by");
	JSTR_EQ(model, "id", archdoc_model_id(m));
	JSTR_EQ(model, "title", archdoc_model_title(m));
	JSTR_EQ(model, "description", archdoc_model_description(m));
	JSTR_EQ(model, "classify_by", by ? archdoc_boundary_id(by) : NULL);

	columns = jget(root, "columns");
	INT_EQ(jlen(columns, J_ARRAY), ncols);
	for (size_t i = 0; i < ncols && i < jlen(columns, J_ARRAY); i++) {
		KEYS_EQ(columns->items[i], "name,header");
		JSTR_EQ(columns->items[i], "name", archdoc_column_name(cols[i]));
		JSTR_EQ(columns->items[i], "header", archdoc_model_table_header(m, cols[i]));
	}

	boundaries = jget(root, "boundaries");
	INT_EQ(jlen(boundaries, J_ARRAY), archdoc_model_boundary_count(m));
	for (size_t i = 0; i < archdoc_model_boundary_count(m) && i < jlen(boundaries, J_ARRAY); i++) {
		const archdoc_boundary *b = archdoc_model_boundary(m, i);
		const jv *o = boundaries->items[i];

		KEYS_EQ(o, "id,title,kind,parent");
		JSTR_EQ(o, "id", archdoc_boundary_id(b));
		JSTR_EQ(o, "title", archdoc_boundary_title(b));
		JSTR_EQ(o, "kind", archdoc_boundary_kind(b));
		JSTR_EQ(o, "parent", archdoc_boundary_parent(b) ? archdoc_boundary_id(archdoc_boundary_parent(b)) : NULL);
	}

	components = jget(root, "components");
	INT_EQ(jlen(components, J_ARRAY), archdoc_model_component_count(m));
	for (size_t i = 0; i < archdoc_model_component_count(m) && i < jlen(components, J_ARRAY); i++) {
		const archdoc_component *c = archdoc_model_component(m, i);
		const jv *o = components->items[i], *path = jget(o, "boundaries");
		const archdoc_boundary *b;
		size_t depth = 0;

		KEYS_EQ(o, "id,title,kind,boundaries");
		JSTR_EQ(o, "id", archdoc_component_id(c));
		JSTR_EQ(o, "title", archdoc_component_title(c));
		JSTR_EQ(o, "kind", archdoc_component_kind(c));
		for (b = archdoc_component_boundary(c); b; b = archdoc_boundary_parent(b))
			depth++;
		INT_EQ(jlen(path, J_ARRAY), depth);
		/* innermost last */
		b = archdoc_component_boundary(c);
		for (size_t k = depth; b && k-- > 0 && k < jlen(path, J_ARRAY); b = archdoc_boundary_parent(b)) {
			OK(path->items[k]->type == J_STRING);
			if (path->items[k]->type == J_STRING)
				STR_EQ(path->items[k]->str, archdoc_boundary_id(b));
		}
	}

	connections = jget(root, "connections");
	INT_EQ(jlen(connections, J_ARRAY), archdoc_model_connection_count(m));
	for (size_t i = 0; i < archdoc_model_connection_count(m) && i < jlen(connections, J_ARRAY); i++) {
		const archdoc_connection *c = archdoc_model_connection(m, i);
		const jv *o = connections->items[i], *ports = jget(o, "ports");

		KEYS_EQ(o, "number,from,to,protocol,port,ports,classification,stated_classification,data");
		OK(jnum(o, "number") == archdoc_connection_number(c));
		JSTR_EQ(o, "from", archdoc_component_id(archdoc_connection_from(c)));
		JSTR_EQ(o, "to", archdoc_component_id(archdoc_connection_to(c)));
		JSTR_EQ(o, "protocol", archdoc_connection_protocol(c));
		JSTR_EQ(o, "port", archdoc_connection_port(c));
		INT_EQ(jlen(ports, J_ARRAY), archdoc_connection_port_range_count(c));
		for (size_t k = 0; k < archdoc_connection_port_range_count(c) && k < jlen(ports, J_ARRAY); k++) {
			unsigned lo, hi;

			archdoc_connection_port_range(c, k, &lo, &hi);
			KEYS_EQ(ports->items[k], "first,last");
			OK(jnum(ports->items[k], "first") == lo);
			OK(jnum(ports->items[k], "last") == hi);
		}
		JSTR_EQ(o, "classification", archdoc_connection_classification(c));
		JSTR_EQ(o, "stated_classification", archdoc_connection_stated_classification(c));
		JSTR_EQ(o, "data", archdoc_connection_data(c));
	}
	jv_free(root);
}

/* The reader itself must refuse what RFC 8259 refuses. */
static void test_json_reader(void)
{
	static const char *const bad[] = {
		"", "{", "{\"a\":1,}", "[1,]", "[01]", "[1.]", "[.5]", "[\"\\x\"]", "[\"a\nb\"]",
		"[\"\\ud800\"]", "{\"a\" 1}", "[1] x", "[tru]", "{'a':1}", NULL
	};
	jv *v;

	for (int i = 0; bad[i]; i++) {
		v = json_parse(bad[i]);
		OK(v == NULL);
		jv_free(v);
	}
	v = json_parse(" {\"a\": [1, -2.5e3, true, null, \"\\u00e9\\ud83d\\ude80\\n\"]} ");
	OK(v != NULL);
	if (v) {
		const jv *a = jget(v, "a");

		INT_EQ(jlen(a, J_ARRAY), 5);
		if (jlen(a, J_ARRAY) == 5) {
			OK(a->items[1]->num == -2500);
			STR_EQ(a->items[4]->str, "\xC3\xA9\xF0\x9F\x9A\x80\n");
		}
	}
	jv_free(v);
}

static void test_csv_reader(void)
{
	static const char *const bad[] = { "a,b", "a\nb\r\n", "a\"b\r\n", "\"a\"b\r\n", "\"a\r\n", NULL };
	char **cells;
	int *widths;

	for (int i = 0; bad[i]; i++)
		INT_EQ(csv_read(bad[i], &cells, &widths), -1);
	INT_EQ(csv_read("a,\"b,\"\"c\"\"\r\nd\"\r\n,\r\n", &cells, &widths), 2);
	STR_EQ(cells[1], "b,\"c\"\r\nd");
	STR_EQ(cells[2], "");
	INT_EQ(widths[1], 2);
	for (int i = 0; i < 4; i++)
		free(cells[i]);
	free(cells);
	free(widths);
}

static void test_markdown_reader(void)
{
	char *cells[4];
	int n = md_split("| a \\| b | `c\\|d` | e\\\\|", cells, 4);

	INT_EQ(n, 3);
	if (n == 3) {
		STR_EQ(cells[0], "a | b");
		STR_EQ(cells[1], "`c|d`");
		STR_EQ(cells[2], "e\\\\");
		free_cells(cells, n);
	}
	INT_EQ(md_split("| a | b", cells, 4), -1);
}

/* --- every format, read back ---------------------------------------------------- */

static void round_trip(archdoc_context *ctx, const archdoc_model *m, const archdoc_column *cols, size_t ncols)
{
	const archdoc_column *use = cols;
	size_t nuse = ncols, len;
	char *out;

	if (!cols)
		nuse = archdoc_model_table_columns(m, &use);

	out = render(ctx, m, ARCHDOC_TABLE_MARKDOWN, cols, ncols, 0, &len);
	if (out)
		check_markdown(m, out, use, nuse);
	archdoc_free(out);

	out = render(ctx, m, ARCHDOC_TABLE_HTML, cols, ncols, 0, &len);
	if (out)
		check_html(m, out, len, use, nuse, 0);
	archdoc_free(out);
	out = render(ctx, m, ARCHDOC_TABLE_HTML, cols, ncols, ARCHDOC_TABLE_LINK_DIAGRAM, &len);
	if (out)
		check_html(m, out, len, use, nuse, ARCHDOC_TABLE_LINK_DIAGRAM);
	archdoc_free(out);

	out = render(ctx, m, ARCHDOC_TABLE_CSV, cols, ncols, 0, &len);
	if (out)
		check_csv(m, out, use, nuse, 0);
	archdoc_free(out);
	out = render(ctx, m, ARCHDOC_TABLE_CSV, cols, ncols, ARCHDOC_TABLE_CSV_GUARD_FORMULAS, &len);
	if (out)
		check_csv(m, out, use, nuse, ARCHDOC_TABLE_CSV_GUARD_FORMULAS);
	archdoc_free(out);

	out = render(ctx, m, ARCHDOC_TABLE_JSON, cols, ncols, 0, &len);
	if (out)
		check_json(m, out, use, nuse);
	archdoc_free(out);
}

static const archdoc_column every_column[] = {
	ARCHDOC_COLUMN_DATA, ARCHDOC_COLUMN_WHAT, ARCHDOC_COLUMN_NUMBER, ARCHDOC_COLUMN_PORT,
	ARCHDOC_COLUMN_SOURCE, ARCHDOC_COLUMN_CLASSIFICATION, ARCHDOC_COLUMN_PROTOCOL,
	ARCHDOC_COLUMN_DESTINATION
};

static void test_round_trips(void)
{
	static const char *const models[] = { "../model/genesys-pulse.xml", "table/hostile.xml", "table/custom.xml" };
	diag_log log;
	archdoc_context *ctx = new_context(&log);

	for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
		archdoc_model *m = load(ctx, models[i]);

		round_trip(ctx, m, NULL, 0);
		round_trip(ctx, m, every_column, sizeof(every_column) / sizeof(every_column[0]));
		round_trip(ctx, m, every_column + 1, 1); /* one column: the "what" cell */
		archdoc_model_free(m);
	}
	INT_EQ(log.errors, 0);
	archdoc_context_free(ctx);
}

/* A generated model: a boundary chain 24 deep, 150 components with titles
 * and 800 connections with sentences drawn from fragments that stress every
 * format's escaping, from a fixed seed (the same model every run). Every
 * format is read back as above: a property test of the escaping rules. */
static uint64_t rng = 20261122;

static unsigned pick(unsigned n)
{
	rng = rng * 6364136223846793005u + 1442695040888963407u;
	return (unsigned)((rng >> 33) % n);
}

static void put_random(archdoc_buf *b, const char *const *frags, unsigned nfrags, unsigned most)
{
	for (unsigned k = 1 + pick(most); k > 0; k--)
		archdoc_buf_puts(b, frags[pick(nfrags)]);
}

static void test_generated(void)
{
	/* XML-escaped; titles are attributes (so &#10; is a line break) */
	static const char *const title_frags[] = {
		"|", "\\", "`", "*", "_", "&lt;b&gt;", "&amp;amp;", "&amp;", "&quot;", "'", "#", "-", "+", "=",
		"&gt;", "1.", "2)", "\xC3\xA9", "\xE4\xB8\xAD\xE6\x96\x87", "\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A",
		"\xF0\x9F\x9A\x80", "&#10;", "&#13;", "&#9;", " ", "a", "Zz", "[", "]", "(", ")", "~", "$",
		"&lt;!--", "--&gt;", ",", "@", "&#x2028;", "\\|", "!", "&lt;https://x.y&gt;", ":smile:"
	};
	/* sentences are element text; cmark sees them as inline Markdown */
	static const char *const data_frags[] = {
		"*em*", "**strong**", "`code`", "`a|b`", "[link](https://e.x/a_b \"t\")", "[js](javascript:x)",
		"&lt;i&gt;", "&lt;/i&gt;", "&lt;br/&gt;", "&lt;!-- c --&gt;", "&lt;https://auto.x&gt;",
		"&lt;span title=\"*x* | y\"&gt;", "|", "\\|", "\\\\", "\\", "&amp;copy;", "&amp;", "#", "- ",
		"1. ", "&gt; ", "_", "*", "~~s~~", "$m$", "\xC3\xA9", "\xF0\x9F\x9A\x80",
		"\xD7\xA2\xD7\x91\xD7\xA8\xD7\x99\xD7\xAA", " ", "word", "\"q\"", "'", "![i](x.png)", "``",
		"```", "= ", "+ ", "[r]: /u", "&#x2028;"
	};
	enum { DEPTH = 24, COMPONENTS = 150, CONNECTIONS = 800 };
	archdoc_buf x = ARCHDOC_BUF_INIT;
	diag_log log;
	archdoc_context *ctx = new_context(&log);
	archdoc_model *m;
	unsigned placed = 0;

	archdoc_buf_puts(&x, "<architecture xmlns=\"urn:archdoc:model:1\" id=\"gen\" title=\"");
	put_random(&x, title_frags, sizeof(title_frags) / sizeof(title_frags[0]), 6);
	archdoc_buf_puts(&x, "x\" classify-by=\"b0\">\n");
	for (unsigned d = 0; d <= DEPTH; d++) {
		if (d < DEPTH) {
			archdoc_buf_printf(&x, "<boundary id=\"b%u\" title=\"", d);
			put_random(&x, title_frags, sizeof(title_frags) / sizeof(title_frags[0]), 4);
			archdoc_buf_printf(&x, "B%u\"%s>\n", d, pick(2) ? " kind=\"zone\"" : "");
		}
		for (unsigned k = 0; k < COMPONENTS / (DEPTH + 1) + (d == DEPTH ? COMPONENTS % (DEPTH + 1) : 0); k++) {
			archdoc_buf_printf(&x, "<component id=\"c%u\" title=\"", placed);
			put_random(&x, title_frags, sizeof(title_frags) / sizeof(title_frags[0]), 8);
			archdoc_buf_printf(&x, "C%u\" kind=\"service\"/>\n", placed);
			placed++;
		}
	}
	for (unsigned d = 0; d < DEPTH; d++)
		archdoc_buf_puts(&x, "</boundary>\n");
	archdoc_buf_puts(&x, "<component id=\"out\" title=\"Outside\" kind=\"external\"/>\n");
	for (unsigned i = 0; i < CONNECTIONS; i++) {
		static const char *const ports[] = { "", "80", "8000-8010", "25, 443, 587, 993", "65535" };
		static const char *const protocols[] = { "", "TCP", "HTTPS/WSS", "A|B &lt;x&gt;", "-1", "=x" };
		unsigned from = pick(placed + 1), to = pick(placed + 1);

		archdoc_buf_printf(&x, "<connection from=\"");
		archdoc_buf_printf(&x, from == placed ? "out" : "c%u", from);
		archdoc_buf_printf(&x, "\" to=\"");
		archdoc_buf_printf(&x, to == placed ? "out" : "c%u", to);
		archdoc_buf_printf(&x, "\" protocol=\"%s\"", protocols[pick(6)]);
		if (pick(5))
			archdoc_buf_printf(&x, " port=\"%s\"", ports[1 + pick(4)]);
		archdoc_buf_puts(&x, ">");
		put_random(&x, data_frags, sizeof(data_frags) / sizeof(data_frags[0]), 10);
		archdoc_buf_puts(&x, "</connection>\n");
	}
	archdoc_buf_puts(&x, "</architecture>\n");
	OK(!x.failed);

	m = load_text(ctx, x.ptr);
	INT_EQ(archdoc_model_connection_count(m), CONNECTIONS);
	round_trip(ctx, m, NULL, 0);
	round_trip(ctx, m, every_column, sizeof(every_column) / sizeof(every_column[0]));
	INT_EQ(log.errors, 0);
	archdoc_model_free(m);
	archdoc_context_free(ctx);
	archdoc_buf_free(&x);
}

/* The same model gives the same bytes: twice in a row, and from a second
 * load of the file. */
static void test_determinism(void)
{
	diag_log log;
	archdoc_context *ctx = new_context(&log);
	archdoc_model *a = load(ctx, "table/hostile.xml"), *b = load(ctx, "table/hostile.xml");

	for (int f = ARCHDOC_TABLE_MARKDOWN; f <= ARCHDOC_TABLE_JSON; f++) {
		size_t l1, l2, l3;
		char *o1 = render(ctx, a, (archdoc_table_format)f, NULL, 0, 0, &l1);
		char *o2 = render(ctx, a, (archdoc_table_format)f, NULL, 0, 0, &l2);
		char *o3 = render(ctx, b, (archdoc_table_format)f, NULL, 0, 0, &l3);

		OK(o1 && o2 && o3 && l1 == l2 && l1 == l3 && memcmp(o1, o2, l1) == 0 && memcmp(o1, o3, l1) == 0);
		archdoc_free(o1);
		archdoc_free(o2);
		archdoc_free(o3);
	}
	archdoc_model_free(a);
	archdoc_model_free(b);
	archdoc_context_free(ctx);
}

/* --- exact expectations ------------------------------------------------------------- */

#define HEAD "<architecture xmlns=\"urn:archdoc:model:1\" id=\"t\" title=\"T\" classify-by=\"in\">" \
	"<boundary id=\"in\" title=\"In\" kind=\"cluster\">"

static char *render_one(const char *xml, archdoc_table_format f, const char *columns, uint32_t flags)
{
	diag_log log;
	archdoc_context *ctx = new_context(&log);
	archdoc_model *m = load_text(ctx, xml);
	archdoc_column cols[ARCHDOC_COLUMN__COUNT];
	size_t n = 0;
	char *out;

	INT_EQ(archdoc_table_columns_parse(cols, ARCHDOC_COLUMN__COUNT, &n, columns, NULL, NULL), 0);
	out = render(ctx, m, f, cols, n, flags, NULL);
	archdoc_model_free(m);
	archdoc_context_free(ctx);
	return out;
}

static void test_markdown_escapes(void)
{
	char *out = render_one(HEAD
		"<component id=\"a\" title=\"a|b\\c*d_e[f]g&lt;h&amp;i`j~k$l &gt;m #n (o)\" kind=\"service\"/>"
		"<component id=\"b\" title=\"# x\" kind=\"service\"/>"
		"<component id=\"c\" title=\"12. y\" kind=\"service\"/>"
		"<component id=\"d\" title=\"-z&#10;w\" kind=\"service\"/>"
		"</boundary>"
		"<connection from=\"a\" to=\"b\">x | y \\| z `a|b` \\\\| w &lt;b&gt;*c*&lt;/b&gt; &lt;https://e.x&gt;</connection>"
		"<connection from=\"b\" to=\"c\">+ plus _e_</connection>"
		"<connection from=\"c\" to=\"d\">3) three</connection>"
		"<connection from=\"d\" to=\"a\">&gt; q</connection>"
		"</architecture>", ARCHDOC_TABLE_MARKDOWN, "source,data", 0);

	STR_EQ(out,
		"| Source | Data that travels on this connection |\n"
		"| --- | --- |\n"
		"| a\\|b\\\\c\\*d\\_e\\[f\\]g\\<h\\&i\\`j\\~k\\$l >m #n (o) | "
			"x \\| y \\| z `a\\|b` \\\\\\| w \\<b>*c*\\</b> <https://e.x> |\n"
		"| \\# x | \\+ plus _e_ |\n"
		"| 12\\. y | 3\\) three |\n"
		"| \\-z w | \\> q |\n");
	archdoc_free(out);
}

/* Links archdoc does not keep show as written, also when making one text
 * lets cmark see another (the outer brackets here), and in every case
 * the reader sees the source's characters. */
static void test_unsafe_links(void)
{
	static const char model[] = HEAD
		"<component id=\"a\" title=\"A\" kind=\"service\"/>"
		"<component id=\"b\" title=\"B\" kind=\"service\"/>"
		"</boundary>"
		"<connection from=\"a\" to=\"b\">[a [b](javascript:x) c](hs://t) "
		"&lt;VBScript:y&gt; [c\\*d](DATA:z) [ok](https://x.y) ![i](/i.png)</connection>"
		"</architecture>";
	char *md = render_one(model, ARCHDOC_TABLE_MARKDOWN, "data", 0);
	char *html = render_one(model, ARCHDOC_TABLE_HTML, "data", 0);

	STR_EQ(md,
		"| Data that travels on this connection |\n"
		"| --- |\n"
		"| \\[a \\[b\\](javascript:x) c\\](hs://t) \\<VBScript:y> \\[c\\\\\\*d\\](DATA:z) "
		"[ok](https://x.y) ![i](/i.png) |\n");
	OK(html && strstr(html, "<td class=\"archdoc-col-data\">[a [b](javascript:x) c](hs://t) "
		"&lt;VBScript:y&gt; [c\\*d](DATA:z) <a href=\"https://x.y\">ok</a> <a href=\"/i.png\">i</a></td>"));
	archdoc_free(md);
	archdoc_free(html);
}

static void test_html_cells(void)
{
	char *out = render_one(HEAD
		"<component id=\"a\" title=\"&lt;A&gt; &amp; &quot;B&quot; 'C'&#13;\" kind=\"service\"/>"
		"<component id=\"b\" title=\"B\" kind=\"service\"/>"
		"</boundary>"
		"<connection n=\"7\" from=\"a\" to=\"b\"># not a heading _em_ [x](javascript:alert(1)) "
		"&lt;i&gt;raw&lt;/i&gt; `&lt;c&gt;`</connection>"
		"</architecture>", ARCHDOC_TABLE_HTML, "number,what,data", ARCHDOC_TABLE_LINK_DIAGRAM);

	STR_EQ(out,
		"<table class=\"archdoc-connections\" id=\"t-connections\">\n"
		"<caption>T</caption>\n"
		"<thead>\n"
		"<tr>\n"
		"  <th scope=\"col\" class=\"archdoc-col-number\">Connection</th>\n"
		"  <th scope=\"col\" class=\"archdoc-col-what\">What&#39;s connecting</th>\n"
		"  <th scope=\"col\" class=\"archdoc-col-data\">Data that travels on this connection</th>\n"
		"</tr>\n"
		"</thead>\n"
		"<tbody>\n"
		"<tr id=\"t-row-7\">\n"
		"  <td class=\"archdoc-col-number\"><a href=\"#t-connection-7\">7</a></td>\n"
		"  <td class=\"archdoc-col-what\">&lt;A&gt; &amp; &quot;B&quot; &#39;C&#39; -&gt; B</td>\n"
		"  <td class=\"archdoc-col-data\"># not a heading <em>em</em> [x](javascript:alert(1)) "
			"&lt;i&gt;raw&lt;/i&gt; <code>&lt;c&gt;</code></td>\n"
		"</tr>\n"
		"</tbody>\n"
		"</table>\n");
	archdoc_free(out);
}

static void test_csv_and_json_cells(void)
{
	static const char xml[] = HEAD
		"<component id=\"a\" title=\"=A, &quot;1&quot;\" kind=\"service\"/>"
		"<component id=\"b\" title=\"@B&#10;x\" kind=\"service\"/>"
		"</boundary>"
		"<connection from=\"a\" to=\"b\" port=\"80, 8000-8001\">-1 &lt;/script&gt; &amp; \\ \"q\" &#x2028;</connection>"
		"</architecture>";
	char *out = render_one(xml, ARCHDOC_TABLE_CSV, "source,destination,port,data", 0);

	STR_EQ(out,
		"Source,Destination,Port,Data that travels on this connection\r\n"
		"\"=A, \"\"1\"\"\",\"@B\nx\",\"80, 8000-8001\",\"-1 </script> & \\ \"\"q\"\" \xE2\x80\xA8\"\r\n");
	archdoc_free(out);
	out = render_one(xml, ARCHDOC_TABLE_CSV, "source,destination,port,data", ARCHDOC_TABLE_CSV_GUARD_FORMULAS);
	STR_EQ(out,
		"Source,Destination,Port,Data that travels on this connection\r\n"
		"\"'=A, \"\"1\"\"\",\"'@B\nx\",\"80, 8000-8001\",\"'-1 </script> & \\ \"\"q\"\" \xE2\x80\xA8\"\r\n");
	archdoc_free(out);
	out = render_one(xml, ARCHDOC_TABLE_CSV, "protocol", 0);
	STR_EQ(out, "Protocol\r\n\"\"\r\n");
	archdoc_free(out);

	out = render_one(xml, ARCHDOC_TABLE_JSON, "data", 0);
	OK(out && strstr(out,
		"      \"data\": \"-1 \\u003c/script\\u003e \\u0026 \\\\ \\\"q\\\" \\u2028\"\n"));
	OK(out && strstr(out,
		"      \"port\": \"80, 8000-8001\",\n"
		"      \"ports\": [\n"
		"        {\n"
		"          \"first\": 80,\n"
		"          \"last\": 80\n"
		"        },\n"
		"        {\n"
		"          \"first\": 8000,\n"
		"          \"last\": 8001\n"
		"        }\n"
		"      ],\n"));
	OK(out && strstr(out, "\"title\": \"@B\\nx\""));
	archdoc_free(out);
}

/* A model without connections still gives a well-formed table. */
static void test_empty_model(void)
{
	static const char xml[] =
		"<architecture xmlns=\"urn:archdoc:model:1\" id=\"e\" title=\"E\">"
		"<component id=\"a\" title=\"A\" kind=\"service\"/></architecture>";
	char *out;

	out = render_one(xml, ARCHDOC_TABLE_MARKDOWN, "number,data", 0);
	STR_EQ(out, "| Connection | Data that travels on this connection |\n| --- | --- |\n");
	archdoc_free(out);
	out = render_one(xml, ARCHDOC_TABLE_CSV, "number", 0);
	STR_EQ(out, "Connection\r\n");
	archdoc_free(out);
	out = render_one(xml, ARCHDOC_TABLE_HTML, "number", 0);
	OK(out && strstr(out, "<tbody>\n</tbody>\n</table>\n"));
	archdoc_free(out);
	out = render_one(xml, ARCHDOC_TABLE_JSON, "number", 0);
	OK(out && strstr(out, "  \"boundaries\": [],\n") && strstr(out, "  \"connections\": []\n}\n"));
	OK(out && strstr(out, "\"description\": null,") && strstr(out, "\"classify_by\": null\n"));
	archdoc_free(out);
}

static void test_no_classification(void)
{
	static const char xml[] =
		"<architecture xmlns=\"urn:archdoc:model:1\" id=\"u\" title=\"U\">"
		"<component id=\"a\" title=\"A\" kind=\"service\"/><component id=\"b\" title=\"B\" kind=\"service\"/>"
		"<connection from=\"a\" to=\"b\">x</connection></architecture>";
	static const archdoc_column some[] = { ARCHDOC_COLUMN_NUMBER, ARCHDOC_COLUMN_CLASSIFICATION };
	archdoc_table_options o = ARCHDOC_TABLE_OPTIONS_INIT;
	diag_log log;
	archdoc_context *ctx = new_context(&log);
	archdoc_model *m = load_text(ctx, xml);
	char *out = (char *)"untouched";
	size_t len = 99;

	/* by default (the seven columns include classification), the columns
	 * fit the model: the classification column is left out (issue 11) */
	INT_EQ(archdoc_table_render(&out, &len, ctx, m, NULL), 0);
	STR_EQ(out, "| Connection | Source | Destination | Protocol | Port | Data that travels on this connection |\n"
			"| --- | --- | --- | --- | --- | --- |\n| 1 | A | B |  |  | x |\n");
	INT_EQ(len, strlen(out));
	archdoc_free(out);
	INT_EQ(log.errors, 0);
	/* and when asked for, an error */
	o.columns = some;
	o.column_count = 2;
	o.format = ARCHDOC_TABLE_JSON;
	out = (char *)"untouched";
	INT_EQ(archdoc_table_render(&out, &len, ctx, m, &o), ARCHDOC_EINVALID);
	OK(out == NULL);
	INT_EQ(len, 0);
	INT_EQ(log.errors, 1);
	STR_EQ(log.rule, "no-classification");
	STR_EQ(log.file, "inline.xml");
	/* without it, fine */
	o.column_count = 1;
	INT_EQ(archdoc_table_render(&out, NULL, ctx, m, &o), 0);
	OK(out && strstr(out, "\"classification\": null,"));
	archdoc_free(out);
	/* the old DEFAULT_COLUMNS_FIT flag changes nothing: the same table */
	o.columns = NULL;
	o.column_count = 0;
	o.format = ARCHDOC_TABLE_MARKDOWN;
	o.flags = ARCHDOC_TABLE_DEFAULT_COLUMNS_FIT;
	INT_EQ(archdoc_table_render(&out, NULL, ctx, m, &o), 0);
	STR_EQ(out, "| Connection | Source | Destination | Protocol | Port | Data that travels on this connection |\n"
			"| --- | --- | --- | --- | --- | --- |\n| 1 | A | B |  |  | x |\n");
	archdoc_free(out);
	INT_EQ(log.errors, 1);
	/* ...and a classification column asked for stays an error with it */
	o.columns = some;
	o.column_count = 2;
	INT_EQ(archdoc_table_render(&out, NULL, ctx, m, &o), ARCHDOC_EINVALID);
	INT_EQ(log.errors, 2);
	archdoc_model_free(m);
	archdoc_context_free(ctx);
}

static void test_options(void)
{
	static const archdoc_column twice[] = { ARCHDOC_COLUMN_PORT, ARCHDOC_COLUMN_PORT };
	static const archdoc_column bogus[] = { ARCHDOC_COLUMN_PORT, (archdoc_column)42 };
	archdoc_table_options o;
	diag_log log;
	archdoc_context *ctx = new_context(&log);
	archdoc_model *m = load(ctx, "../model/genesys-pulse.xml");
	char *out = NULL;

	INT_EQ(archdoc_table_options_init(&o, ARCHDOC_TABLE_OPTIONS_VERSION), 0);
	INT_EQ(o.version, ARCHDOC_TABLE_OPTIONS_VERSION);
	INT_EQ(o.format, ARCHDOC_TABLE_MARKDOWN);
	OK(o.columns == NULL && o.column_count == 0 && o.flags == 0);
	INT_EQ(archdoc_table_options_init(&o, 2), ARCHDOC_EUSAGE);

	o.version = 2;
	INT_EQ(archdoc_table_render(&out, NULL, ctx, m, &o), ARCHDOC_EUSAGE);
	STR_EQ(log.rule, "table-options");
	archdoc_table_options_init(&o, ARCHDOC_TABLE_OPTIONS_VERSION);
	o.format = (archdoc_table_format)4;
	INT_EQ(archdoc_table_render(&out, NULL, ctx, m, &o), ARCHDOC_EUSAGE);
	o.format = ARCHDOC_TABLE_CSV;
	o.columns = twice;
	o.column_count = 2;
	INT_EQ(archdoc_table_render(&out, NULL, ctx, m, &o), ARCHDOC_EUSAGE);
	STR_EQ(log.message, "column 'port' is asked for twice; list each column once");
	o.columns = bogus;
	INT_EQ(archdoc_table_render(&out, NULL, ctx, m, &o), ARCHDOC_EUSAGE);
	o.column_count = 0;
	INT_EQ(archdoc_table_render(&out, NULL, ctx, m, &o), ARCHDOC_EUSAGE);
	o.columns = NULL;
	o.column_count = 3;
	INT_EQ(archdoc_table_render(&out, NULL, ctx, m, &o), ARCHDOC_EUSAGE);
	INT_EQ(log.errors, 6);
	OK(out == NULL);
	archdoc_model_free(m);
	archdoc_context_free(ctx);

	INT_EQ(archdoc_table_format_from_name("md"), ARCHDOC_TABLE_MARKDOWN);
	INT_EQ(archdoc_table_format_from_name("markdown"), ARCHDOC_TABLE_MARKDOWN);
	INT_EQ(archdoc_table_format_from_name("html"), ARCHDOC_TABLE_HTML);
	INT_EQ(archdoc_table_format_from_name("csv"), ARCHDOC_TABLE_CSV);
	INT_EQ(archdoc_table_format_from_name("json"), ARCHDOC_TABLE_JSON);
	INT_EQ(archdoc_table_format_from_name("MD"), -1);
	INT_EQ(archdoc_table_format_from_name("xml"), -1);
	INT_EQ(archdoc_table_format_from_name(NULL), -1);
	STR_EQ(archdoc_table_format_name(ARCHDOC_TABLE_MARKDOWN), "md");
	STR_EQ(archdoc_table_format_name(ARCHDOC_TABLE_JSON), "json");
	OK(archdoc_table_format_name((archdoc_table_format)9) == NULL);
}

static void test_columns_parse(void)
{
	archdoc_column c[ARCHDOC_COLUMN__COUNT];
	size_t n = 99, at = 99, len = 99;

	INT_EQ(archdoc_table_columns_parse(c, ARCHDOC_COLUMN__COUNT, &n, " number, what ,port", &at, &len), 0);
	INT_EQ(n, 3);
	INT_EQ(c[0], ARCHDOC_COLUMN_NUMBER);
	INT_EQ(c[1], ARCHDOC_COLUMN_WHAT);
	INT_EQ(c[2], ARCHDOC_COLUMN_PORT);
	INT_EQ(archdoc_table_columns_parse(c, ARCHDOC_COLUMN__COUNT, &n, "number,bogus", &at, &len), ARCHDOC_EUSAGE);
	INT_EQ(at, 7);
	INT_EQ(len, 5);
	INT_EQ(n, 0);
	INT_EQ(archdoc_table_columns_parse(c, ARCHDOC_COLUMN__COUNT, &n, "port,number,port", &at, &len), ARCHDOC_EUSAGE);
	INT_EQ(at, 12);
	INT_EQ(len, 4);
	INT_EQ(archdoc_table_columns_parse(c, ARCHDOC_COLUMN__COUNT, &n, "number,,port", &at, &len), ARCHDOC_EUSAGE);
	INT_EQ(at, 7);
	INT_EQ(len, 0);
	INT_EQ(archdoc_table_columns_parse(c, ARCHDOC_COLUMN__COUNT, &n, "number,", &at, &len), ARCHDOC_EUSAGE);
	INT_EQ(archdoc_table_columns_parse(c, ARCHDOC_COLUMN__COUNT, &n, "", &at, &len), ARCHDOC_EUSAGE);
	INT_EQ(archdoc_table_columns_parse(c, ARCHDOC_COLUMN__COUNT, &n, "Number", &at, &len), ARCHDOC_EUSAGE);
	INT_EQ(archdoc_table_columns_parse(c, 1, &n, "number,port", &at, &len), ARCHDOC_ELIMIT);
	INT_EQ(at, 7);
	INT_EQ(archdoc_table_columns_parse(c, ARCHDOC_COLUMN__COUNT, &n,
			"number,source,destination,what,protocol,port,classification,data", NULL, NULL), 0);
	INT_EQ(n, ARCHDOC_COLUMN__COUNT);
}

int main(void)
{
	xmlInitParser();
	test_json_reader();
	test_csv_reader();
	test_markdown_reader();
	test_round_trips();
	test_generated();
	test_determinism();
	test_markdown_escapes();
	test_unsafe_links();
	test_html_cells();
	test_csv_and_json_cells();
	test_empty_model();
	test_no_classification();
	test_options();
	test_columns_parse();
	fprintf(stderr, "table round trip: %d checks\n", harness_checks);
	return harness_done();
}
