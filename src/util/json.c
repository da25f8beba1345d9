/*
 * JSON text the way `jq .` prints it, shared by every JSON archdoc writes
 * (the table, the diff): two-space indentation, one member per line.
 * Strings are UTF-8; besides what RFC 8259 requires, < > & and
 * U+2028/U+2029 are written as \u escapes so the document can sit inside
 * an HTML <script> element or a JavaScript string unchanged.
 */
#include "json.h"

void archdoc_json__string(archdoc_buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	archdoc_buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;

		switch (c) {
		case '"': archdoc_buf_puts(b, "\\\""); continue;
		case '\\': archdoc_buf_puts(b, "\\\\"); continue;
		case '\b': archdoc_buf_puts(b, "\\b"); continue;
		case '\f': archdoc_buf_puts(b, "\\f"); continue;
		case '\n': archdoc_buf_puts(b, "\\n"); continue;
		case '\r': archdoc_buf_puts(b, "\\r"); continue;
		case '\t': archdoc_buf_puts(b, "\\t"); continue;
		case '<': archdoc_buf_puts(b, "\\u003c"); continue;
		case '>': archdoc_buf_puts(b, "\\u003e"); continue;
		case '&': archdoc_buf_puts(b, "\\u0026"); continue;
		default: break;
		}
		if (c < 0x20 || c == 0x7f) {
			archdoc_buf_puts(b, "\\u00");
			archdoc_buf_putc(b, hex[c >> 4]);
			archdoc_buf_putc(b, hex[c & 15]);
		} else if (c == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
			/* U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR */
			archdoc_buf_puts(b, p[2] == 0xa8 ? "\\u2028" : "\\u2029");
			p += 2;
		} else {
			archdoc_buf_putc(b, (char)c);
		}
	}
	archdoc_buf_putc(b, '"');
}

void archdoc_json__key(archdoc_buf *b, unsigned indent, const char *key)
{
	for (unsigned i = 0; i < indent; i++)
		archdoc_buf_puts(b, "  ");
	archdoc_json__string(b, key);
	archdoc_buf_puts(b, ": ");
}

/* "key": "value" or null; last says whether a comma follows. */
void archdoc_json__member_string(archdoc_buf *b, unsigned indent, const char *key, const char *value, int last)
{
	archdoc_json__key(b, indent, key);
	if (value)
		archdoc_json__string(b, value);
	else
		archdoc_buf_puts(b, "null");
	archdoc_buf_puts(b, last ? "\n" : ",\n");
}

void archdoc_json__member_uint(archdoc_buf *b, unsigned indent, const char *key, unsigned value, int last)
{
	archdoc_json__key(b, indent, key);
	archdoc_buf_printf(b, "%u", value);
	archdoc_buf_puts(b, last ? "\n" : ",\n");
}

void archdoc_json__open_element(archdoc_buf *b, unsigned indent, size_t i)
{
	archdoc_buf_puts(b, i ? ",\n" : "\n");
	for (unsigned k = 0; k < indent; k++)
		archdoc_buf_puts(b, "  ");
}

void archdoc_json__close_array(archdoc_buf *b, unsigned indent, size_t count, int last)
{
	if (count) {
		archdoc_buf_putc(b, '\n');
		for (unsigned k = 0; k < indent; k++)
			archdoc_buf_puts(b, "  ");
	}
	archdoc_buf_puts(b, last ? "]\n" : "],\n");
}
