/*
 * HTML: a page or a fragment, parsed by libxml2's HTML parser, which takes
 * messy markup as browsers do. The parser gets the bytes we read and
 * checked (UTF-8, within the size limit), never touches the network, loads
 * no entities and ignores the page's own encoding declaration. Tables are
 * counted in document order; rowspan and colspan are laid out on a grid as
 * browsers do. A cell's text is kept twice: as plain text (names, ports)
 * and as Markdown (the data sentence: code, emphasis and links survive).
 */
#include <limits.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "import.h"

#include "array.h"

#define E ARCHDOC_SEVERITY_ERROR

/* Element nesting inside one cell that is still read. */
#define MAX_CELL_DEPTH 64

static int named(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->name && xmlStrcasecmp(n->name, BAD_CAST name) == 0;
}

static int named_any(const xmlNode *n, const char *const *names)
{
	for (size_t i = 0; names[i]; i++)
		if (named(n, names[i]))
			return 1;
	return 0;
}

static void put_md_text(archdoc_buf *b, const char *s)
{
	for (; *s; s++) {
		char next = s[1];
		/* characters with inline meaning show literally; '&' has one only
		 * where it could start a character reference */
		int entity = *s == '&' && ((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') || next == '#');

		if (strchr("\\`*_[]<", *s) || entity)
			archdoc_buf_putc(b, '\\');
		archdoc_buf_putc(b, *s);
	}
}

/* The inner text of n, plain. */
static void plain_text(const xmlNode *n, archdoc_buf *b, unsigned depth)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			archdoc_buf_puts(b, (const char *)c->content);
		} else if (c->type == XML_ELEMENT_NODE && depth < MAX_CELL_DEPTH) {
			static const char *const skip[] = { "script", "style", "template", NULL };

			if (named_any(c, skip))
				continue;
			if (named(c, "br"))
				archdoc_buf_putc(b, ' ');
			else
				plain_text(c, b, depth + 1);
		}
	}
}

static int safe_href(const char *h)
{
	if (!*h)
		return 0;
	for (const unsigned char *p = (const unsigned char *)h; *p; p++)
		if (*p <= ' ' || *p == '(' || *p == ')' || *p == '<' || *p == '>')
			return 0;
	return 1;
}

/* The inner content of n as inline Markdown, and its plain text. */
static void cell_text(const xmlNode *n, archdoc_buf *md, archdoc_buf *plain, unsigned depth)
{
	static const char *const skip[] = { "script", "style", "template", NULL };
	static const char *const code[] = { "code", "kbd", "samp", "tt", NULL };
	static const char *const strong[] = { "strong", "b", NULL };
	static const char *const em[] = { "em", "i", NULL };
	static const char *const block[] = { "p", "div", "li", "ul", "ol", "table", "tr", "td", "th",
		"h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "dl", "dt", "dd", NULL };

	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			put_md_text(md, (const char *)c->content);
			archdoc_buf_puts(plain, (const char *)c->content);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE || depth >= MAX_CELL_DEPTH || named_any(c, skip))
			continue;
		if (named(c, "br")) {
			/* a line break: '\v' marks it for the cell's lines */
			archdoc_buf_putc(md, ' ');
			archdoc_buf_putc(plain, '\v');
		} else if (named_any(c, code)) {
			archdoc_buf inner = ARCHDOC_BUF_INIT;
			size_t run = 0, longest = 0;
			const char *s;

			plain_text(c, &inner, depth + 1);
			s = inner.ptr ? inner.ptr : "";
			for (const char *p = s; *p; p++) {
				run = *p == '`' ? run + 1 : 0;
				if (run > longest)
					longest = run;
			}
			if (*s) {
				int pad = s[0] == '`' || s[strlen(s) - 1] == '`';

				for (size_t k = 0; k <= longest; k++)
					archdoc_buf_putc(md, '`');
				if (pad)
					archdoc_buf_putc(md, ' ');
				archdoc_buf_puts(md, s);
				if (pad)
					archdoc_buf_putc(md, ' ');
				for (size_t k = 0; k <= longest; k++)
					archdoc_buf_putc(md, '`');
				archdoc_buf_puts(plain, s);
			}
			if (inner.failed)
				md->failed = 1;
			archdoc_buf_free(&inner);
		} else if (named_any(c, strong) || named_any(c, em)) {
			const char *mark = named_any(c, strong) ? "**" : "*";
			size_t before = md->len;

			archdoc_buf_puts(md, mark);
			cell_text(c, md, plain, depth + 1);
			if (md->len == before + strlen(mark))
				md->len = before;   /* nothing emphasised: no markers */
			else
				archdoc_buf_puts(md, mark);
			if (md->ptr)
				md->ptr[md->len] = '\0';
		} else if (named(c, "a")) {
			xmlChar *href = xmlGetProp(c, BAD_CAST "href");
			int link = href && safe_href((const char *)href);

			if (link)
				archdoc_buf_putc(md, '[');
			cell_text(c, md, plain, depth + 1);
			if (link) {
				archdoc_buf_puts(md, "](");
				archdoc_buf_puts(md, (const char *)href);
				archdoc_buf_putc(md, ')');
			}
			xmlFree(href);
		} else {
			int sep = named_any(c, block);

			if (sep) {
				archdoc_buf_putc(md, ' ');
				archdoc_buf_putc(plain, '\v');
			}
			cell_text(c, md, plain, depth + 1);
			if (sep) {
				archdoc_buf_putc(md, ' ');
				archdoc_buf_putc(plain, '\v');
			}
		}
	}
}

/* Every <table>, in document order, and the nearest h1-h6 before each. */
typedef struct tables {
	const xmlNode **list;
	const xmlNode **heading;
	size_t heading_cap;
	size_t count, cap;
} tables;

static int collect_tables(const xmlNode *n, tables *t)
{
	static const char *const headings[] = { "h1", "h2", "h3", "h4", "h5", "h6", NULL };
	/* iterative: the parser's tree can be deep */
	const xmlNode *cur = n, *heading = NULL;

	while (cur) {
		if (named(cur, "table")) {
			if (ARCHDOC_ARRAY_RESERVE(t->list, t->cap, t->count + 1, 16) < 0 ||
					ARCHDOC_ARRAY_RESERVE(t->heading, t->heading_cap, t->count + 1, 16) < 0)
				return ARCHDOC_ENOMEM;
			t->heading[t->count] = heading;
			t->list[t->count++] = cur;
		} else if (cur->type == XML_ELEMENT_NODE && named_any(cur, headings)) {
			/* the nearest heading above each table that follows */
			heading = cur;
		}
		if (cur->type == XML_ELEMENT_NODE && cur->children) {
			cur = cur->children;
			continue;
		}
		while (cur && !cur->next) {
			cur = cur->parent;
			if (cur == n || (cur && cur->type == XML_DOCUMENT_NODE) ||
					(cur && cur->type == XML_HTML_DOCUMENT_NODE))
				return 0;
		}
		if (cur)
			cur = cur->next;
	}
	return 0;
}

/* The rows of a table, not those of tables nested in its cells. */
typedef struct trs {
	const xmlNode **list;
	size_t count, cap;
	size_t head;            /* rows from <thead>; the header is the first row anyway */
} trs;

static int push_tr(trs *r, const xmlNode *tr)
{
	if (ARCHDOC_ARRAY_RESERVE(r->list, r->cap, r->count + 1, 32) < 0)
		return ARCHDOC_ENOMEM;
	r->list[r->count++] = tr;
	return 0;
}

static int table_rows(const xmlNode *table, trs *r)
{
	static const char *const sections[] = { "thead", "tbody", "tfoot", NULL };
	int rc = 0;

	/* thead first: some pages put it after tbody */
	for (const xmlNode *c = table->children; c && rc == 0; c = c->next)
		if (named(c, "thead"))
			for (const xmlNode *tr = c->children; tr && rc == 0; tr = tr->next)
				if (named(tr, "tr"))
					rc = push_tr(r, tr);
	r->head = r->count;
	for (const xmlNode *c = table->children; c && rc == 0; c = c->next) {
		if (named(c, "tr"))
			rc = push_tr(r, c);
		else if (named_any(c, sections) && !named(c, "thead"))
			for (const xmlNode *tr = c->children; tr && rc == 0; tr = tr->next)
				if (named(tr, "tr"))
					rc = push_tr(r, tr);
	}
	return rc;
}

static unsigned span_attr(const xmlNode *n, const char *name, unsigned max)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	unsigned long x = 0;

	if (v) {
		for (const xmlChar *p = v; *p >= '0' && *p <= '9' && x <= max; p++)
			x = x * 10 + (unsigned long)(*p - '0');
		xmlFree(v);
	}
	if (x < 1)
		return 1;
	return x > max ? max : (unsigned)x;
}

/* What a rowspan carries down into later rows. */
typedef struct carry {
	archdoc_import__cell cell;
	unsigned rows;            /* rows still to fill */
} carry;

static int make_cell(archdoc_import__doc *d, const xmlNode *td, archdoc_import__cell *cell)
{
	archdoc_buf md = ARCHDOC_BUF_INIT, plain = ARCHDOC_BUF_INIT;
	long line = xmlGetLineNo((xmlNode *)td);
	int rc = 0;

	md.max = 4 * ARCHDOC_IMPORT_MAX_CELL;
	plain.max = 4 * ARCHDOC_IMPORT_MAX_CELL;
	cell_text(td, &md, &plain, 0);
	cell->line = line > 0 && line < (long)UINT_MAX ? (unsigned)line : 0;
	cell->col = 1;
	if (md.failed || plain.failed || plain.len > ARCHDOC_IMPORT_MAX_CELL) {
		if (md.len + 1 >= md.max || plain.len > ARCHDOC_IMPORT_MAX_CELL) {
			archdoc_import__report(d, E, "import-limit", cell->line, 1,
					"the cell is longer than the limit of %zu bytes; shorten it", ARCHDOC_IMPORT_MAX_CELL);
			rc = ARCHDOC_ELIMIT;
		} else {
			rc = ARCHDOC_ENOMEM;
		}
		goto done;
	}
	cell->text = archdoc_import__plain(d, plain.ptr ? plain.ptr : "", plain.len);
	cell->md = archdoc_import__md(d, md.ptr ? md.ptr : "", md.len);
	cell->lines = archdoc_import__lines(d, plain.ptr ? plain.ptr : "", plain.len, 0);
	if (!cell->text || !cell->md || d->oom)
		rc = ARCHDOC_ENOMEM;
done:
	archdoc_buf_free(&md);
	archdoc_buf_free(&plain);
	return rc;
}

/* One <tr> on the grid: cells carried down by rowspans first, then its own
 * cells, each filling as many columns as its colspan. */
static int grid_row(archdoc_import__doc *d, const xmlNode *tr, size_t keep, carry *carried,
		archdoc_import__row *row)
{
	size_t col = 0;
	long line = xmlGetLineNo((xmlNode *)tr);
	int rc;

	memset(row, 0, sizeof(*row));
	row->line = line > 0 && line < (long)UINT_MAX ? (unsigned)line : 0;
	row->col = 1;
	row->cells = archdoc_arena_calloc(d->arena, keep ? keep : 1, sizeof(*row->cells));
	if (!row->cells)
		return ARCHDOC_ENOMEM;
	for (const xmlNode *td = tr->children;; td = td->next) {
		archdoc_import__cell cell;
		unsigned cs, rs;

		/* columns still held by a rowspan from above */
		while (col < ARCHDOC_IMPORT_MAX_COLUMNS && carried[col].rows) {
			if (col < keep)
				row->cells[col] = carried[col].cell;
			carried[col].rows--;
			col++;
		}
		if (!td)
			break;
		if (!named(td, "td") && !named(td, "th"))
			continue;
		rc = make_cell(d, td, &cell);
		if (rc)
			return rc;
		cs = span_attr(td, "colspan", ARCHDOC_IMPORT_MAX_COLUMNS);
		rs = span_attr(td, "rowspan", ARCHDOC_IMPORT_MAX_ROWS);
		for (unsigned k = 0; k < cs; k++, col++) {
			archdoc_import__cell one = cell;

			if (k) {
				one.text = "";
				one.md = "";
			}
			if (col < ARCHDOC_IMPORT_MAX_COLUMNS && rs > 1) {
				carried[col].cell = one;
				carried[col].rows = rs - 1;
			}
			if (col < keep)
				row->cells[col] = one;
			else if (!row->extra && *one.text)
				row->extra = one.text;
		}
	}
	row->found = col;
	row->count = col < keep ? col : keep;
	/* cells a short row left unset are empty */
	for (size_t i = 0; i < row->count; i++)
		if (!row->cells[i].text) {
			row->cells[i].text = "";
			row->cells[i].md = "";
			row->cells[i].line = row->line;
			row->cells[i].col = 1;
		}
	return 0;
}

/* An element's text, as plain text cleaned like a cell; NULL when empty. */
static const char *element_text(archdoc_import__doc *d, const xmlNode *n)
{
	archdoc_buf b = ARCHDOC_BUF_INIT;
	const char *t;

	b.max = ARCHDOC_IMPORT_MAX_CELL;
	plain_text(n, &b, 0);
	t = b.failed ? NULL : archdoc_import__plain(d, b.ptr ? b.ptr : "", b.len);
	archdoc_buf_free(&b);
	return t && *t ? t : NULL;
}

static const char *doc_title(archdoc_import__doc *d, const xmlNode *root)
{
	const xmlNode *cur = root;

	while (cur) {
		if (named(cur, "title")) {
			return element_text(d, cur);
		}
		if (named(cur, "body"))
			return NULL;
		if (cur->children && cur->type != XML_TEXT_NODE) {
			cur = cur->children;
			continue;
		}
		while (cur && !cur->next)
			cur = cur->parent;
		if (cur)
			cur = cur->next;
	}
	return NULL;
}

static const char *caption(archdoc_import__doc *d, const xmlNode *table)
{
	for (const xmlNode *c = table->children; c; c = c->next) {
		if (named(c, "caption")) {
			return element_text(d, c);
		}
	}
	return NULL;
}

static int read_table(archdoc_import__doc *d, const xmlNode *table, archdoc_import__table *t, int header_only)
{
	carry carried[ARCHDOC_IMPORT_MAX_COLUMNS];
	trs r;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(carried, 0, sizeof(carried));
	rc = table_rows(table, &r);
	if (rc || r.count == 0)
		goto done;
	rc = grid_row(d, r.list[0], ARCHDOC_IMPORT_MAX_COLUMNS, carried, &t->header);
	if (rc)
		goto done;
	if (t->header.found > ARCHDOC_IMPORT_MAX_COLUMNS &&
			(d->want || archdoc_import__header_fits(d, &t->header))) {
		archdoc_import__report(d, E, "import-limit", t->header.line, 1,
				"the table has %zu columns, over the limit of %u", t->header.found,
				ARCHDOC_IMPORT_MAX_COLUMNS);
		rc = ARCHDOC_ELIMIT;
		goto done;
	}
	if (header_only)
		goto done;
	for (size_t i = 1; i < r.count; i++) {
		archdoc_import__row row;

		rc = grid_row(d, r.list[i], t->header.count, carried, &row);
		if (rc == 0) {
			int any = row.extra != NULL;

			for (size_t k = 0; k < row.count; k++)
				any |= *row.cells[k].text != '\0';
			/* a row of empty cells says nothing */
			if (any)
				rc = archdoc_import__push_row(d, t, &row);
		}
		if (rc)
			goto done;
	}
done:
	free(r.list);
	return rc;
}

static int html_read(archdoc_import__doc *d, archdoc_import__table *t)
{
	size_t len = d->src.len - d->start;
	htmlDocPtr doc;
	tables all;
	int rc = 0;
	unsigned fits = 0;

	memset(&all, 0, sizeof(all));
	if (len > INT_MAX) {
		archdoc_import__report(d, E, "import-limit", 0, 0,
				"the page is larger than the HTML parser takes (%d bytes)", INT_MAX);
		return ARCHDOC_ELIMIT;
	}
	xmlInitParser();
	/* No network, no error output of its own, and our encoding check
	 * stands: the page cannot switch the parser to another encoding. */
	doc = htmlReadMemory(d->src.data + d->start, (int)len, NULL, "UTF-8",
			HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC |
			HTML_PARSE_NODEFDTD);
	if (doc && xmlDocGetRootElement(doc))
		rc = collect_tables(xmlDocGetRootElement(doc), &all);
	for (size_t i = 0; rc == 0 && i < all.count; i++) {
		unsigned number = (unsigned)(i + 1);

		if (d->want && number != d->want)
			continue;
		memset(t, 0, sizeof(*t));
		rc = read_table(d, all.list[i], t, 1);
		if (rc)
			break;
		if (!archdoc_import__header_fits(d, &t->header)) {
			if (d->want) {
				archdoc_import__report(d, E, "import-no-table", t->header.line, 1,
						"table %u does not look like a connections table: its header names no "
						"source, destination or \"what's connecting\" column, or fewer than two "
						"known columns (docs/import.md lists the header words)", number);
				rc = ARCHDOC_ENOTFOUND;
				break;
			}
			continue;
		}
		fits++;
		memset(t, 0, sizeof(*t));
		rc = read_table(d, all.list[i], t, 0);
		if (rc)
			break;
		t->number = number;
		/* the caption, else the nearest heading above, else <title> */
		t->title = caption(d, all.list[i]);
		if (!t->title && all.heading[i] && !d->oom)
			t->title = element_text(d, all.heading[i]);
		if (!t->title && !d->oom)
			t->title = doc_title(d, xmlDocGetRootElement(doc));
		if (!d->all)
			break;
		if ((rc = archdoc_import__keep_table(d, t)) != 0)
			break;
	}
	if (rc == 0 && d->all && fits && !d->oom)
		d->doc_title = doc_title(d, xmlDocGetRootElement(doc));
	if (rc == 0 && !fits) {
		if (d->want && d->want > all.count)
			archdoc_import__report(d, E, "import-no-table", 0, 0,
					"there is no table %u: the page has %zu <table> element%s", d->want, all.count,
					all.count == 1 ? "" : "s");
		else if (all.count)
			archdoc_import__report(d, E, "import-no-table", 0, 0,
					"%s like a connections table: a header needs a source, destination or \"what's "
					"connecting\" column and one more known column (docs/import.md lists the header "
					"words)", all.count == 1 ? "the page's one <table> does not look"
								 : "none of the page's tables looks");
		else
			archdoc_import__report(d, E, "import-no-table", 0, 0, "the page has no <table>");
		rc = ARCHDOC_ENOTFOUND;
	}
	if (d->oom && rc == 0)
		rc = ARCHDOC_ENOMEM;
	free(all.list);
	free(all.heading);
	if (doc)
		xmlFreeDoc(doc);
	return rc;
}

const archdoc_import__reader archdoc_import__html = {
	ARCHDOC_IMPORT_HTML, "html", html_read
};
