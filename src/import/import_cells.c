/*
 * Cell text clean-up for every input format (import.h): <br> and control
 * characters, Markdown escapes and character references, white space.
 */
#include "import.h"

#include <string.h>

#include "utf8.h"

/* --- cell clean-up --- */

/* Length of a <br>, <br/> or <br /> tag at s (any case), else 0. */
static size_t br_tag(const char *s, const char *end)
{
	const char *p = s;

	if (end - p < 4 || p[0] != '<' || (p[1] | 0x20) != 'b' || (p[2] | 0x20) != 'r')
		return 0;
	p += 3;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p < end && *p == '/')
		p++;
	return p < end && *p == '>' ? (size_t)(p + 1 - s) : 0;
}

static int ascii_punct(unsigned char c)
{
	return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
		(c >= 0x7B && c <= 0x7E);
}

/* A character reference (&amp; &#39; &#x27;) at s: its length and code
 * point, or 0 when there is none or it names a character a model cannot
 * hold (NUL, controls, surrogates, non-characters). */
static size_t char_ref(const char *s, const char *end, unsigned long *cp)
{
	static const struct {
		const char *name;
		unsigned long cp;
	} named[] = {
		{ "amp;", '&' }, { "lt;", '<' }, { "gt;", '>' }, { "quot;", '"' }, { "apos;", '\'' },
		{ "nbsp;", 0xA0 }, { "ndash;", 0x2013 }, { "mdash;", 0x2014 }, { "rarr;", 0x2192 },
	};
	const char *p = s + 1;
	unsigned long v = 0;
	int digits = 0;

	if (p >= end)
		return 0;
	if (*p != '#') {
		for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
			size_t n = strlen(named[i].name);

			if ((size_t)(end - p) >= n && memcmp(p, named[i].name, n) == 0) {
				*cp = named[i].cp;
				return n + 1;
			}
		}
		return 0;
	}
	p++;
	if (p < end && (*p == 'x' || *p == 'X')) {
		for (p++; p < end && digits < 7; p++, digits++) {
			char c = *p;
			int h = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;

			if (h < 0)
				break;
			v = v * 16 + (unsigned long)h;
		}
	} else {
		for (; p < end && *p >= '0' && *p <= '9' && digits < 8; p++, digits++)
			v = v * 10 + (unsigned long)(*p - '0');
	}
	if (!digits || p >= end || *p != ';')
		return 0;
	if (v < 0x20 || (v >= 0x7F && v < 0xA0) || (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF ||
			v == 0xFFFE || v == 0xFFFF)
		return 0;
	*cp = v;
	return (size_t)(p + 1 - s);
}

/* The common last step: <br> and control characters become spaces,
 * no-break spaces too, whitespace runs collapse, ends are trimmed, and
 * U+FFFE/U+FFFF (which XML cannot hold) are dropped. With lines (1: a
 * line break counts, 2: only <br> and '\v' do), a break ends a line
 * instead: each line is trimmed and empty ones are left out. *broke says
 * whether the result holds a second line (may be NULL). */
static char *finish_mode(archdoc_import__doc *d, const char *s, size_t n, int lines, int *broke)
{
	const char *end = s + n;
	char *out = archdoc_arena_alloc(d->arena, n + 1), *o = out;
	int space = 0, brk = 0;

	if (broke)
		*broke = 0;
	if (!out) {
		d->oom = 1;
		return NULL;
	}
	while (s < end) {
		unsigned char c = (unsigned char)*s;
		size_t br = c == '<' ? br_tag(s, end) : 0;
		int ws = 0;

		if (br) {
			s += br;
			ws = 1 + (lines != 0);
		} else if (c == '\v' && lines) {
			s++;
			ws = 2;
		} else if ((c == '\n' || c == '\r') && lines == 1) {
			s++;
			ws = 2;
		} else if (c < 0x20 || c == 0x7F) {
			s++;
			ws = 1;
		} else if (c == 0xC2 && s + 1 < end && (unsigned char)s[1] == 0xA0) {
			s += 2;
			ws = 1;
		} else if (c == 0xEF && s + 2 < end && (unsigned char)s[1] == 0xBF &&
				((unsigned char)s[2] == 0xBE || (unsigned char)s[2] == 0xBF)) {
			s += 3;
			continue;
		} else if (c == ' ') {
			s++;
			ws = 1;
		}
		if (ws) {
			space = 1;
			if (ws == 2)
				brk = 1;
			continue;
		}
		if (brk && o > out) {
			*o++ = '\n';
			if (broke)
				*broke = 1;
		} else if (space && o > out) {
			*o++ = ' ';
		}
		space = brk = 0;
		*o++ = *s++;
	}
	*o = '\0';
	return out;
}

static char *finish(archdoc_import__doc *d, const char *s, size_t n)
{
	return finish_mode(d, s, n, 0, NULL);
}

const char *archdoc_import__lines(archdoc_import__doc *d, const char *s, size_t n, int newlines)
{
	int broke;
	char *out = finish_mode(d, s, n, newlines ? 1 : 2, &broke);

	return out && broke ? out : NULL;
}

char *archdoc_import__plain(archdoc_import__doc *d, const char *s, size_t n)
{
	return finish(d, s, n);
}

char *archdoc_import__md(archdoc_import__doc *d, const char *s, size_t n)
{
	return finish(d, s, n);
}

/* Length of the run of c at s. */
static size_t run_of(const char *s, size_t n, char c)
{
	size_t k = 0;

	while (k < n && s[k] == c)
		k++;
	return k;
}

static char *md_plain_mode(archdoc_import__doc *d, const char *s, size_t n, int lines, int *broke)
{
	archdoc_buf b = ARCHDOC_BUF_INIT;
	const char *end;
	char *out;
	size_t ticks;

	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	/* A cell that is one code span is shown literally: no escapes apply. */
	ticks = run_of(s, n, '`');
	if (ticks && n > 2 * ticks && run_of(s + n - ticks, ticks, '`') == ticks && s[n - ticks - 1] != '`' &&
			memchr(s + ticks, '`', n - 2 * ticks) == NULL)
		return finish_mode(d, s + ticks, n - 2 * ticks, lines, broke);
	/* A cell that is one emphasis: keep what it emphasises. */
	for (size_t w = 2; w >= 1; w--) {
		if (n > 2 * w && (s[0] == '*' || s[0] == '_') && run_of(s, n, s[0]) == w &&
				run_of(s + n - w, w, s[0]) == w && s[n - w - 1] != s[0] && s[n - w - 1] != '\\') {
			s += w;
			n -= 2 * w;
			break;
		}
	}
	b.max = 4 * n + 16;
	end = s + n;
	for (const char *p = s; p < end;) {
		unsigned long cp;
		size_t k;

		if (*p == '\\' && p + 1 < end && ascii_punct((unsigned char)p[1])) {
			archdoc_buf_putc(&b, p[1]);
			p += 2;
		} else if (*p == '&' && (k = char_ref(p, end, &cp)) != 0) {
			archdoc_utf8_put(&b, cp);
			p += k;
		} else {
			archdoc_buf_putc(&b, *p++);
		}
	}
	if (b.failed) {
		archdoc_buf_free(&b);
		d->oom = 1;
		return NULL;
	}
	out = finish_mode(d, b.ptr ? b.ptr : "", b.len, lines, broke);
	archdoc_buf_free(&b);
	return out;
}

char *archdoc_import__md_plain(archdoc_import__doc *d, const char *s, size_t n)
{
	return md_plain_mode(d, s, n, 0, NULL);
}

const char *archdoc_import__md_lines(archdoc_import__doc *d, const char *s, size_t n)
{
	int broke = 0;
	char *out = md_plain_mode(d, s, n, 2, &broke);

	return out && broke ? out : NULL;
}

