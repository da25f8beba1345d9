#include "markdown.h"

#include "array.h"

#include <cmark.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define OPTIONS (CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8)

/* U+00A0 NO-BREAK SPACE. cmark's block parser does not count it as a space,
 * so a line that starts with it cannot open a heading, list, quote, fence,
 * HTML block or link reference definition; its inline parser counts it as
 * Unicode white space, which is what the start of a line is to the emphasis
 * rules. Put in front of a cell's text it forces one plain paragraph with
 * the same inline parse: cmark 0.30 has no inline-only entry point. */
#define GUARD "\xC2\xA0"
#define GUARD_LEN 2

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void free_html(char *html)
{
	cmark_get_default_mem_allocator()->free(html);
}

static void put_escaped(archdoc_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': archdoc_buf_puts(b, "&amp;"); break;
		case '<': archdoc_buf_puts(b, "&lt;"); break;
		case '>': archdoc_buf_puts(b, "&gt;"); break;
		case '"': archdoc_buf_puts(b, "&quot;"); break;
		default: archdoc_buf_putc(b, s[i]); break;
		}
	}
}

/* The guard, then s[0..n) with line breaks made spaces (a cell is one
 * line, as in a GFM table); one byte for one byte, so offsets map back. */
static int guarded(archdoc_buf *src, const char *s, size_t n)
{
	archdoc_buf_puts(src, GUARD);
	archdoc_buf_put(src, s, n);
	if (src->failed)
		return -1;
	for (size_t i = GUARD_LEN; i < src->len; i++)
		if (src->ptr[i] == '\n' || src->ptr[i] == '\r')
			src->ptr[i] = ' ';
	return 0;
}

/* A link may point at a page of the same site (no scheme), or use http,
 * https or mailto. cmark's safe mode already empties javascript:,
 * vbscript:, file: and most data: URLs; it keeps data:image/..., and any
 * other scheme. */
static int safe_url(const char *url)
{
	size_t i = 0;

	if (!url)
		return 1;
	while (url[i] && url[i] != ':' && url[i] != '/' && url[i] != '?' && url[i] != '#')
		i++;
	if (url[i] != ':')
		return 1; /* relative */
	return (i == 4 && !strncasecmp(url, "http", 4)) || (i == 5 && !strncasecmp(url, "https", 5)) ||
			(i == 6 && !strncasecmp(url, "mailto", 6));
}

/*
 * Make a parsed document safe to embed in someone else's page, beyond
 * cmark's safe mode: an image becomes a link to it (its alt text the link
 * text), so nothing is fetched when the page opens (no tracking pixel, no
 * data: URL, no request to another site); a link with any scheme but
 * http, https or mailto loses its URL, as cmark does for javascript:.
 * Returns 0, or -1 on out of memory.
 */
static int sanitize(cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	cmark_node **images = NULL;
	size_t count = 0, cap = 0;
	int rc = 0;

	if (!it)
		return -1;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);

		if (ev != CMARK_EVENT_ENTER || (t != CMARK_NODE_LINK && t != CMARK_NODE_IMAGE))
			continue;
		if (!safe_url(cmark_node_get_url(n)))
			cmark_node_set_url(n, "");
		if (t == CMARK_NODE_IMAGE) {
			if (ARCHDOC_ARRAY_RESERVE(images, cap, count + 1, 8) < 0) {
				rc = -1;
				break;
			}
			images[count++] = n;
		}
	}
	cmark_iter_free(it);
	/* after the walk: replacing nodes under an iterator is not allowed */
	for (size_t i = 0; rc == 0 && i < count; i++) {
		cmark_node *img = images[i], *link = cmark_node_new(CMARK_NODE_LINK), *child;

		if (!link) {
			rc = -1;
			break;
		}
		cmark_node_set_url(link, cmark_node_get_url(img));
		cmark_node_set_title(link, cmark_node_get_title(img));
		while ((child = cmark_node_first_child(img)) != NULL)
			cmark_node_append_child(link, child);
		cmark_node_replace(img, link);
		cmark_node_free(img);
	}
	free(images);
	return rc;
}

/* cmark_markdown_to_html with sanitize() between parse and render. */
static char *to_html(const char *md, size_t len)
{
	cmark_node *doc = cmark_parse_document(md, len, OPTIONS);
	char *html = NULL;

	if (doc && sanitize(doc) == 0)
		html = cmark_render_html(doc, OPTIONS);
	cmark_node_free(doc);
	return html;
}

int archdoc_markdown__inline_html(archdoc_buf *b, const char *md)
{
	static const char open[] = "<p>" GUARD, close[] = "</p>\n";
	const size_t open_len = sizeof(open) - 1, close_len = sizeof(close) - 1;
	archdoc_buf src = ARCHDOC_BUF_INIT;
	const char *s = md, *e;
	char *html;
	size_t len;

	while (is_ws(*s))
		s++;
	e = s + strlen(s);
	while (e > s && is_ws(e[-1]))
		e--;
	if (s == e)
		return b->failed ? -1 : 0;
	if (guarded(&src, s, (size_t)(e - s)) < 0) {
		archdoc_buf_free(&src);
		b->failed = 1;
		return -1;
	}
	html = to_html(src.ptr, src.len);
	archdoc_buf_free(&src);
	if (!html) {
		b->failed = 1;
		return -1;
	}
	len = strlen(html);
	if (len >= open_len + close_len && memcmp(html, open, open_len) == 0 &&
			memcmp(html + len - close_len, close, close_len) == 0) {
		archdoc_buf_put(b, html + open_len, len - open_len - close_len);
	} else {
		/* Not reachable with the guard in place; should cmark ever disagree,
		 * show the source as text rather than trust unknown markup. */
		put_escaped(b, s, (size_t)(e - s));
	}
	free_html(html);
	return b->failed ? -1 : 0;
}

/* Does [s, e) of the guarded text look like a link or image cmark found
 * there: "[...]...", "![...]...", "<...>"? */
static int link_shaped(const char *s, size_t len)
{
	return len >= 2 && (s[0] == '[' || s[0] == '!' || s[0] == '<') &&
			(s[len - 1] == ')' || s[len - 1] == ']' || s[len - 1] == '>');
}

/* Byte ranges [start, end) of md's raw HTML and of its links and images
 * whose URL safe_url refuses, in order of their starts, into spans
 * (pairs). Returns the number of ranges, or -1 when cmark's positions do
 * not match the text (then the caller treats all of md as unsafe). */
static long unsafe_spans(const char *md, size_t n, archdoc_buf *spans)
{
	archdoc_buf src = ARCHDOC_BUF_INIT;
	cmark_node *doc;
	cmark_iter *it;
	cmark_event_type ev;
	long count = 0;

	if (guarded(&src, md, n) < 0) {
		archdoc_buf_free(&src);
		spans->failed = 1;
		return 0;
	}
	/* Inline nodes carry 1-based byte columns since cmark 0.29; each is
	 * checked against the node's literal before it is trusted. */
	doc = cmark_parse_document(src.ptr, src.len, OPTIONS | CMARK_OPT_SOURCEPOS);
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(node);
		int link = type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE;
		const char *lit;
		long sc, ec;
		size_t range[2];

		if (ev != CMARK_EVENT_ENTER || (type != CMARK_NODE_HTML_INLINE && !link) ||
				(link && safe_url(cmark_node_get_url(node))))
			continue;
		lit = cmark_node_get_literal(node);
		sc = (long)cmark_node_get_start_column(node) - 1 - GUARD_LEN;
		ec = (long)cmark_node_get_end_column(node) - GUARD_LEN;
		if (cmark_node_get_start_line(node) != 1 || cmark_node_get_end_line(node) != 1 ||
				sc < 0 || ec <= sc || (size_t)ec > n ||
				(link && !link_shaped(src.ptr + GUARD_LEN + sc, (size_t)(ec - sc))) ||
				(!link && (!lit || strlen(lit) != (size_t)(ec - sc) ||
				memcmp(src.ptr + GUARD_LEN + sc, lit, (size_t)(ec - sc)) != 0))) {
			count = -1;
			break;
		}
		range[0] = (size_t)sc;
		range[1] = (size_t)ec;
		archdoc_buf_put(spans, range, sizeof(range));
		count++;
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	archdoc_buf_free(&src);
	return count;
}

/* Copy md[0..n) to out with a backslash before each special character
 * inside the count ranges r (pairs, ordered by start). With keep_escapes,
 * a backslash before ASCII punctuation is an escape an earlier pass wrote
 * and stays as it is, so the reader still sees the source's characters. */
static void escape_spans(archdoc_buf *out, const char *md, size_t n, const size_t *r, long count,
		int keep_escapes)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		/* a span may hold later ones (raw HTML in an unsafe link's
		 * text): skip only spans that have ended */
		while ((long)k < count && i >= r[2 * k + 1])
			k++;
		if (keep_escapes && md[i] == '\\' && i + 1 < n && ispunct((unsigned char)md[i + 1])) {
			archdoc_buf_put(out, md + i, 2);
			i++;
			continue;
		}
		if ((long)k < count && i >= r[2 * k] && strchr(ARCHDOC_MARKDOWN_INLINE_SPECIAL, md[i]))
			archdoc_buf_putc(out, '\\');
		archdoc_buf_putc(out, md[i]);
	}
}

/* Escaping can let cmark see something new: "[a [b](javascript:x) c](y:z)"
 * has one link, to javascript:, and once that is text the outer brackets
 * make a link to y:z. So escape, read again, until nothing is left; past
 * MAX_PASSES (deep nesting, in practice only in fuzzed input) every
 * special character of the original becomes text. */
#define MAX_PASSES 8

int archdoc_markdown__escape_unsafe(archdoc_buf *b, const char *md)
{
	archdoc_buf spans = ARCHDOC_BUF_INIT, cur = ARCHDOC_BUF_INIT, next = ARCHDOC_BUF_INIT;
	const char *text = md;
	size_t n = strlen(md), all[2] = { 0, n };
	int pass;

	for (pass = 0;; pass++) {
		long count;

		archdoc_buf_clear(&spans);
		count = unsafe_spans(text, n, &spans);
		if (spans.failed)
			break;
		if (count == 0) {
			archdoc_buf_put(b, text, n);
			break;
		}
		if (count < 0 || pass == MAX_PASSES) {
			/* positions untrustworthy, or no end in sight: all of it */
			escape_spans(b, md, all[1], all, 1, 0);
			break;
		}
		archdoc_buf_clear(&next);
		escape_spans(&next, text, n, (const size_t *)spans.ptr, count, pass > 0);
		if (next.failed) {
			cur.failed = 1;
			break;
		}
		archdoc_buf_clear(&cur);
		archdoc_buf_put(&cur, next.ptr, next.len);
		if (cur.failed)
			break;
		text = cur.ptr;
		n = cur.len;
	}
	if (spans.failed || cur.failed)
		b->failed = 1;
	archdoc_buf_free(&spans);
	archdoc_buf_free(&cur);
	archdoc_buf_free(&next);
	return b->failed ? -1 : 0;
}

int archdoc_markdown__block_html(archdoc_buf *b, const char *md)
{
	char *html;

	if (!md || !*md)
		return b->failed ? -1 : 0;
	html = to_html(md, strlen(md));
	if (!html) {
		b->failed = 1;
		return -1;
	}
	archdoc_buf_puts(b, html);
	free_html(html);
	return b->failed ? -1 : 0;
}
