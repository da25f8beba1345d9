/*
 * Reading inject's markers: cmark finds the HTML comments (so a marker
 * inside a code block or a code span is just text; one inside an HTML
 * block is read from the block's lines), each archdoc comment is parsed
 * into a marker with its attributes, and openings and closings must pair
 * up. Errors are held until the document is read, then sent in line order.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "injector.h"

/* Marker errors wait until the whole document was read, then go out in
 * line order whichever pass found them; the first MAX_ERRORS found are
 * kept. */
#ifdef __GNUC__
__attribute__((format(printf, 4, 5)))
#endif
void archdoc_inject__error_at(injector *in, unsigned line, unsigned col, const char *fmt, ...)
{
	archdoc_location loc = { in->doc_name, line, col ? col : 1 };
	va_list ap;

	in->errors++;
	if (in->quiet)
		return;
	va_start(ap, fmt);
	archdoc_diag_queue_add(&in->errors_found, ARCHDOC_SEVERITY_ERROR, "inject-marker", line, loc, 0, loc,
			NULL, fmt, ap);
	va_end(ap);
	if (in->errors_found.oom)
		in->oom = 1;
}

void archdoc_inject__flush_errors(injector *in)
{
	size_t dropped = in->errors_found.dropped_errors;

	archdoc_diag_queue_flush(&in->errors_found);
	if (dropped)
		archdoc__diag(in->ctx, ARCHDOC_SEVERITY_ERROR, "inject-marker", archdoc__nowhere(in->doc_name),
				"%zu more archdoc marker errors not shown (at most %d are kept)", dropped, MAX_ERRORS);
	in->errors_found.dropped_errors = 0;
}

/* Line starts the way cmark counts lines: LF, CRLF and lone CR end one. */
int archdoc_inject__index_lines(injector *in)
{
	size_t n = 1, k = 0;

	for (size_t i = 0; i < in->len; i++)
		if (in->text[i] == '\n' || (in->text[i] == '\r' && (i + 1 >= in->len || in->text[i + 1] != '\n')))
			n++;
	in->lines = malloc((n + 1) * sizeof(size_t));
	if (!in->lines)
		return -1;
	in->lines[k++] = 0;
	for (size_t i = 0; i < in->len; i++)
		if (in->text[i] == '\n' || (in->text[i] == '\r' && (i + 1 >= in->len || in->text[i + 1] != '\n')))
			in->lines[k++] = i + 1;
	in->line_count = n;
	in->lines[n] = in->len;
	return 0;
}

size_t archdoc_inject__line_start(const injector *in, unsigned line)
{
	if (line < 1)
		return 0;
	if (line > in->line_count)
		return in->len;
	return in->lines[line - 1];
}

/* Where a line's text ends, before its line ending. */
static size_t line_end(const injector *in, unsigned line)
{
	size_t s = archdoc_inject__line_start(in, line), e = archdoc_inject__line_start(in, line + 1);

	while (e > s && (in->text[e - 1] == '\n' || in->text[e - 1] == '\r'))
		e--;
	return e;
}

/* The column (in code points, 1-based) of byte offset at on line. Asked
 * in document order, so it goes on from its last answer on the same line:
 * one long line with many markers costs one walk, not one per marker. */
static unsigned col_at(injector *in, unsigned line, size_t at)
{
	size_t i = archdoc_inject__line_start(in, line);
	unsigned col = 1;

	if (in->col_line == line && in->col_off >= i && in->col_off <= at) {
		i = in->col_off;
		col = in->col_val;
	}
	for (; i < at && i < in->len; i++)
		if (((unsigned char)in->text[i] & 0xC0) != 0x80)
			col++;
	in->col_line = line;
	in->col_off = i;
	in->col_val = col;
	return col;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Parse "key=value" pairs; values may be "quoted". Returns 0, or -1 after
 * reporting the fault. */
static int parse_attrs(injector *in, marker *mk, const char *p, const char *end)
{
	unsigned line = mk->first_line, col = mk->col;

	while (p < end) {
		const char *k, *v;
		size_t klen, vlen;
		char **slot;
		char key[32];

		while (p < end && is_space(*p))
			p++;
		if (p >= end)
			break;
		k = p;
		while (p < end && *p != '=' && !is_space(*p))
			p++;
		klen = (size_t)(p - k);
		if (p >= end || *p != '=') {
			snprintf(key, sizeof(key), "%.*s", (int)(klen < 31 ? klen : 31), k);
			archdoc_inject__error_at(in, line, col, "marker attribute '%s' has no value; write %s=PATH", key, key);
			return -1;
		}
		p++;
		if (p < end && *p == '"') {
			v = ++p;
			while (p < end && *p != '"')
				p++;
			if (p >= end) {
				archdoc_inject__error_at(in, line, col, "unterminated quoted value in archdoc marker");
				return -1;
			}
			vlen = (size_t)(p - v);
			p++;
		} else {
			v = p;
			while (p < end && !is_space(*p))
				p++;
			vlen = (size_t)(p - v);
		}
		snprintf(key, sizeof(key), "%.*s", (int)(klen < 31 ? klen : 31), k);
		if (strcmp(key, "model") == 0)
			slot = &mk->model;
		else if (strcmp(key, "view") == 0)
			slot = &mk->view;
		else if (strcmp(key, "columns") == 0 && mk->kind == KIND_TABLE)
			slot = &mk->columns;
		else if (strcmp(key, "src") == 0 && mk->kind == KIND_DIAGRAM)
			slot = &mk->src;
		else {
			archdoc_inject__error_at(in, line, col, "unknown attribute '%s' in archdoc:%s marker", key,
					mk->kind == KIND_TABLE ? "table (model, view, columns)" : "diagram (model, view, src)");
			return -1;
		}
		if (*slot) {
			archdoc_inject__error_at(in, line, col, "attribute '%s' given twice in archdoc marker", key);
			return -1;
		}
		*slot = malloc(vlen + 1);
		if (!*slot) {
			in->oom = 1;
			return -1;
		}
		memcpy(*slot, v, vlen);
		(*slot)[vlen] = '\0';
		if (!vlen) {
			archdoc_inject__error_at(in, line, col, "attribute '%s' is empty in archdoc marker", key);
			return -1;
		}
	}
	return 0;
}

void archdoc_inject__free_marker(marker *mk)
{
	free(mk->model);
	free(mk->columns);
	free(mk->view);
	free(mk->src);
	free(mk->model_key);
	free(mk->svg_key);
	free(mk->svg_path);
}

/* Is the comment c .. end (end: the "-->" or NULL when the comment is never
 * closed) an archdoc marker, opening or closing? */
static int archdoc_comment(const char *c, const char *end)
{
	const char *p = c + 4, *lim = end ? end : c + strlen(c);

	if (p > lim)
		return 0; /* "<!-->", "<!--->": empty */
	while (p < lim && is_space(*p))
		p++;
	if (p < lim && *p == '/')
		p++;
	return (size_t)(lim - p) >= 8 && strncmp(p, "archdoc:", 8) == 0;
}

/* Append the marker the comment lit (len bytes, from "<!--" to "-->")
 * holds. 1 when it is one, -1 on error (reported). */
static int take_marker(injector *in, const char *lit, size_t len, unsigned first, unsigned last, unsigned col)
{
	const char *p = lit + 4, *close = lit + len - 3;
	marker mk;

	memset(&mk, 0, sizeof(mk));
	while (p < close && is_space(*p))
		p++;
	if (*p == '/') {
		mk.closing = 1;
		p++;
	}
	p += 8; /* "archdoc:", checked by archdoc_comment */
	if ((size_t)(close - p) >= 5 && strncmp(p, "table", 5) == 0 && (p + 5 == close || is_space(p[5]))) {
		mk.kind = KIND_TABLE;
		p += 5;
	} else if ((size_t)(close - p) >= 7 && strncmp(p, "diagram", 7) == 0 && (p + 7 == close || is_space(p[7]))) {
		mk.kind = KIND_DIAGRAM;
		p += 7;
	} else {
		char name[40];
		size_t n = 0;

		while (p + n < close && !is_space(p[n]) && n < sizeof(name) - 1)
			n++;
		snprintf(name, sizeof(name), "%.*s", (int)n, p);
		archdoc_inject__error_at(in, first, col, "unknown archdoc marker 'archdoc:%s'; the markers are archdoc:table and "
				"archdoc:diagram", name);
		return -1;
	}
	mk.first_line = first;
	mk.last_line = last;
	mk.col = col;
	if (mk.closing) {
		while (p < close && is_space(*p))
			p++;
		if (p != close) {
			archdoc_inject__error_at(in, first, col, "a closing archdoc marker takes no attributes");
			return -1;
		}
	} else if (parse_attrs(in, &mk, p, close) < 0) {
		archdoc_inject__free_marker(&mk);
		return -1;
	}
	if (in->marker_count >= MAX_MARKERS) {
		archdoc_inject__error_at(in, first, col, "more than 10000 archdoc markers in one document");
		archdoc_inject__free_marker(&mk);
		return -1;
	}
	in->markers[in->marker_count++] = mk;
	return 1;
}

/* An HTML block whose content is raw text, not HTML that may hold comments
 * (CommonMark's kinds 1, 3, 4 and 5: <pre>, <script>, <style>, <textarea>,
 * <?...?>, <!X...>, <![CDATA[...]]>). */
static int raw_html_block(const char *lit)
{
	static const char *const tags[] = { "script", "pre", "style", "textarea" };
	const char *p = lit;

	while (*p == ' ' || *p == '\t')
		p++;
	if (p[0] != '<')
		return 0;
	if (p[1] == '?')
		return 1;
	if (p[1] == '!')
		return !(p[2] == '-' && p[3] == '-');
	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		size_t n = strlen(tags[i]), k;

		for (k = 0; k < n; k++)
			if ((p[1 + k] | 0x20) != tags[i][k])
				break;
		if (k == n && (p[1 + n] == '\0' || p[1 + n] == '>' || is_space(p[1 + n])))
			return 1;
	}
	return 0;
}

static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Every archdoc comment of one HTML block. The block's literal holds its
 * lines without container prefixes ("> ", list indentation), one literal
 * line per document line from start_line on; a line's tail is the
 * document's, so columns are counted back from the line's end. A marker
 * must stand on lines of its own; one in raw HTML (<pre>, <script> ...) is
 * an error, never skipped. Comments that are not archdoc's (and whatever
 * they hold) are passed over, as HTML reads them. */
static void scan_html_block(injector *in, const char *lit, unsigned start_line)
{
	int raw = raw_html_block(lit);
	const char *p = lit, *counted = lit, *line_begin = lit, *lend = NULL, *first = NULL;
	unsigned line = start_line;

	for (;;) {
		const char *c = strstr(p, "<!--"), *end, *after;
		unsigned col, last;
		size_t doc_end, pos;

		if (!c)
			return;
		for (; counted < c; counted++)
			if (*counted == '\n') {
				line++;
				line_begin = counted + 1;
				lend = first = NULL;
			}
		end = strstr(c + 2, "-->");
		if (!archdoc_comment(c, end)) {
			if (!end)
				return;
			p = end + 3;
			continue;
		}
		/* the column of c: its distance from the line's end is the same in
		 * the literal and in the document (the line's end found once) */
		if (!lend) {
			lend = strchr(c, '\n');
			if (!lend)
				lend = c + strlen(c);
		}
		doc_end = line_end(in, line);
		pos = doc_end >= (size_t)(lend - c) ? doc_end - (size_t)(lend - c) : 0;
		if (pos < archdoc_inject__line_start(in, line))
			pos = archdoc_inject__line_start(in, line);
		col = col_at(in, line, pos);
		if (raw) {
			archdoc_inject__error_at(in, line, col, "archdoc marker inside raw HTML (<pre>, <script>, <style>, <textarea>, "
					"<?...?>, <!...>), where it can be text rather than a comment: move it out of that block");
		} else if (!end) {
			archdoc_inject__error_at(in, line, col, "archdoc marker comment is never closed with -->");
			return;
		} else {
			after = skip_blanks(end + 3);
			last = line;
			for (const char *q = c; q < end; q++)
				if (*q == '\n')
					last++;
			if (!first)
				first = skip_blanks(line_begin);
			if (first != c || (*after != '\n' && *after != '\0'))
				archdoc_inject__error_at(in, line, col, "archdoc markers must stand on lines of their own, with blank lines "
						"or block boundaries around them");
			else
				take_marker(in, c, (size_t)(end + 3 - c), line, last, col);
		}
		if (!end)
			return;
		p = end + 3;
	}
}

int archdoc_inject__find_markers(injector *in)
{
	cmark_node *doc = cmark_parse_document(in->text, in->len, CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
	cmark_iter *it;
	cmark_event_type ev;

	if (!doc)
		return -1;
	it = cmark_iter_new(doc);
	if (!it) {
		cmark_node_free(doc);
		return -1;
	}
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		const char *lit;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK) {
			lit = cmark_node_get_literal(n);
			if (lit)
				scan_html_block(in, lit, (unsigned)cmark_node_get_start_line(n));
		} else if (cmark_node_get_type(n) == CMARK_NODE_HTML_INLINE) {
			lit = cmark_node_get_literal(n);
			if (lit && strncmp(lit, "<!--", 4) == 0 && strstr(lit, "archdoc:")) {
				unsigned line = (unsigned)cmark_node_get_start_line(n);
				size_t at = archdoc_inject__line_start(in, line) + (size_t)cmark_node_get_start_column(n) - 1;

				if (at > line_end(in, line))
					at = line_end(in, line);
				archdoc_inject__error_at(in, line, col_at(in, line, at),
						"archdoc markers must stand on lines of their own, with blank lines or "
						"block boundaries around them");
			}
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	return 0;
}

/* 1 when path ends in ".svg" (any case) after a file name. */
int archdoc_inject__svg_name(const char *path)
{
	size_t n = strlen(path);
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	return n >= 4 && strlen(base) > 4 && (path[n - 4] == '.') &&
			(path[n - 3] == 's' || path[n - 3] == 'S') && (path[n - 2] == 'v' || path[n - 2] == 'V') &&
			(path[n - 1] == 'g' || path[n - 1] == 'G');
}

/* Pair opening and closing markers; report the ones left over. */
void archdoc_inject__check_balance(injector *in)
{
	const marker *open = NULL;

	for (size_t i = 0; i < in->marker_count; i++) {
		const marker *mk = &in->markers[i];
		const char *kind = mk->kind == KIND_TABLE ? "table" : "diagram";

		if (!mk->closing) {
			if (open) {
				char line[16];

				snprintf(line, sizeof(line), "%u", open->first_line);
				archdoc_inject__error_at(in, mk->first_line, mk->col, "archdoc marker opens while the one on line %s is "
						"still open; close it first with <!-- /archdoc:%s -->", line,
						open->kind == KIND_TABLE ? "table" : "diagram");
			}
			if (!mk->model)
				archdoc_inject__error_at(in, mk->first_line, mk->col, "archdoc:%s marker without model=PATH", kind);
			if (mk->kind == KIND_DIAGRAM && !mk->src)
				archdoc_inject__error_at(in, mk->first_line, mk->col, "archdoc:diagram marker without src=PATH.svg");
			else if (mk->kind == KIND_DIAGRAM && !archdoc_inject__svg_name(mk->src))
				/* the document says where the SVG is written: never let it
				 * name a file that is not an SVG (src=../.bashrc) */
				archdoc_inject__error_at(in, mk->first_line, mk->col, "archdoc:diagram src=%s does not name an .svg file; "
						"archdoc writes the diagram there, so it must end in .svg", mk->src);
			open = mk;
		} else if (!open) {
			archdoc_inject__error_at(in, mk->first_line, mk->col, "closing <!-- /archdoc:%s --> without an opening marker", kind);
		} else if (open->kind != mk->kind) {
			archdoc_inject__error_at(in, mk->first_line, mk->col, "closing <!-- /archdoc:%s --> does not match the open "
					"archdoc:%s marker", kind, open->kind == KIND_TABLE ? "table" : "diagram");
			open = NULL;
		} else {
			open = NULL;
		}
	}
	if (open)
		archdoc_inject__error_at(in, open->first_line, open->col, "archdoc:%s marker is never closed; add <!-- /archdoc:%s --> "
				"after it", open->kind == KIND_TABLE ? "table" : "diagram",
				open->kind == KIND_TABLE ? "table" : "diagram");
}
