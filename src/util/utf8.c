#include "utf8.h"

size_t archdoc_utf8_decode(const unsigned char *s, size_t len, unsigned *cp)
{
	size_t n;
	unsigned c = s[0];

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 1;
		c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 2;
		c &= 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 3;
		c &= 0x07;
	} else {
		return 0;
	}
	if (len <= n)
		return 0;
	for (size_t k = 1; k <= n; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[k] & 0x3F);
	}
	/* overlong, surrogates, beyond U+10FFFF */
	if ((n == 2 && c < 0x800) || (n == 3 && c < 0x10000) || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
		return 0;
	*cp = c;
	return n + 1;
}

size_t archdoc_utf8_invalid_at(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned cp;
		size_t n;

		if (s[i] == 0)
			return i;
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		n = archdoc_utf8_decode(s + i, len - i, &cp);
		if (!n)
			return i;
		i += n;
	}
	return (size_t)-1;
}

size_t archdoc_utf8_chars(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

size_t archdoc_utf8_cut(const char *s, size_t len, size_t max)
{
	size_t i = 0, n = 0;

	for (; i < len; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && n++ == max)
			break;
	}
	return i;
}

void archdoc_utf8_put(archdoc_buf *b, unsigned long cp)
{
	char u[4];

	if (cp < 0x80) {
		archdoc_buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		archdoc_buf_put(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		archdoc_buf_put(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		archdoc_buf_put(b, u, 4);
	}
}
