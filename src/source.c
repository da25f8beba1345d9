#include "source.h"

#include <stdlib.h>
#include <string.h>

int archdoc_source_init(archdoc_source *src, const char *name, char *data, size_t len)
{
	size_t i, n = 1, k = 0;

	memset(src, 0, sizeof(*src));
	src->data = data;
	src->len = len;
	src->name = strdup(name ? name : "<memory>");
	if (!src->name)
		return -1;
	for (i = 0; i < len; i++)
		if (data[i] == '\n')
			n++;
	src->lines = malloc(n * sizeof(size_t));
	if (!src->lines)
		return -1;
	src->lines[k++] = 0;
	for (i = 0; i < len; i++)
		if (data[i] == '\n')
			src->lines[k++] = i + 1;
	src->line_count = n;
	return 0;
}

void archdoc_source_fini(archdoc_source *src)
{
	free(src->name);
	free(src->data);
	free(src->lines);
	memset(src, 0, sizeof(*src));
}

archdoc_location archdoc_source_location(const archdoc_source *src, size_t offset)
{
	archdoc_location loc = { src->name, 0, 0 };
	size_t lo = 0, hi = src->line_count, i, col = 1;

	if (!src->lines)
		return loc;
	if (offset > src->len)
		offset = src->len;
	/* last line start <= offset */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (src->lines[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	for (i = src->lines[lo]; i < offset; i++)
		if (((unsigned char)src->data[i] & 0xC0) != 0x80)
			col++;
	loc.line = (unsigned)(lo + 1);
	loc.col = (unsigned)col;
	return loc;
}

size_t archdoc_source_offset(const archdoc_source *src, unsigned line, unsigned col)
{
	size_t off, end;
	unsigned c = 1;

	if (!src->lines || line == 0)
		return 0;
	if (line > src->line_count)
		return src->len;
	off = src->lines[line - 1];
	end = line < src->line_count ? src->lines[line] : src->len;
	while (off < end && c < col) {
		off++;
		while (off < end && ((unsigned char)src->data[off] & 0xC0) == 0x80)
			off++;
		c++;
	}
	return off;
}

size_t archdoc_utf8_invalid_at(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		unsigned cp;

		if (c == 0)
			return i;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return i;
		}
		if (len - i <= n)
			return i;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		/* overlong, surrogates, beyond U+10FFFF */
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
			return i;
		i += n + 1;
	}
	return (size_t)-1;
}
