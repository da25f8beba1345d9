#include "markdown.h"

#include <cmark.h>
#include <string.h>

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

int archdoc_markdown__inline_html(archdoc_buf *b, const char *md)
{
	static const char open[] = "<p>" GUARD, close[] = "</p>\n";
	const size_t open_len = sizeof(open) - 1, close_len = sizeof(close) - 1;
	archdoc_buf src = ARCHDOC_BUF_INIT;
	const char *s = md, *e, *p;
	char *html;
	size_t len;

	while (is_ws(*s))
		s++;
	e = s + strlen(s);
	while (e > s && is_ws(e[-1]))
		e--;
	if (s == e)
		return b->failed ? -1 : 0;

	/* a cell is one line: line breaks become spaces, as in a GFM table */
	archdoc_buf_puts(&src, GUARD);
	for (p = s; p < e;) {
		size_t run = 0;

		while (p + run < e && p[run] != '\n' && p[run] != '\r')
			run++;
		archdoc_buf_put(&src, p, run);
		p += run;
		if (p < e) {
			archdoc_buf_putc(&src, ' ');
			p++;
		}
	}
	if (src.failed) {
		archdoc_buf_free(&src);
		b->failed = 1;
		return -1;
	}

	html = cmark_markdown_to_html(src.ptr, src.len, OPTIONS);
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

int archdoc_markdown__block_html(archdoc_buf *b, const char *md)
{
	char *html;

	if (!md || !*md)
		return b->failed ? -1 : 0;
	html = cmark_markdown_to_html(md, strlen(md), OPTIONS);
	if (!html) {
		b->failed = 1;
		return -1;
	}
	archdoc_buf_puts(b, html);
	free_html(html);
	return b->failed ? -1 : 0;
}
