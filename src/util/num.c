/*
 * Numbers without the C library's locale: Graphviz's geometry, the layout
 * text's settings (model/layout.c) and every number archdoc writes into a
 * drawing use a '.' whatever LC_NUMERIC says.
 */
#include "num.h"

#include <math.h>
#include <string.h>

void archdoc_num_format(char *buf, size_t size, double v)
{
	/* Two decimals are what Graphviz keeps; printf's %f would follow the
	 * caller's LC_NUMERIC and could write a comma. */
	long long h = llround(v * 100.0);
	int neg = h < 0;
	unsigned long long a = neg ? (unsigned long long)(-h) : (unsigned long long)h;
	unsigned long long ip = a / 100, fp = a % 100;

	char digits[24], out[32];
	size_t nd = 0, n = 0;

	/* by hand, not snprintf: a big drawing formats tens of thousands */
	do {
		digits[nd++] = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip);
	if (neg)
		out[n++] = '-';
	while (nd)
		out[n++] = digits[--nd];
	if (fp) {
		out[n++] = '.';
		out[n++] = (char)('0' + fp / 10);
		if (fp % 10)
			out[n++] = (char)('0' + fp % 10);
	}
	if (size == 0)
		return;
	if (n >= size)
		n = size - 1;
	memcpy(buf, out, n);
	buf[n] = '\0';
}

int archdoc_num_parse(const char **p, double *out)
{
	const char *s = *p;
	double v = 0, scale = 1;
	int neg = 0, digits = 0;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\\')
		s++;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	while (*s >= '0' && *s <= '9') {
		v = v * 10 + (*s++ - '0');
		digits++;
	}
	if (*s == '.') {
		s++;
		while (*s >= '0' && *s <= '9') {
			scale /= 10;
			v += (*s++ - '0') * scale;
			digits++;
		}
	}
	if (!digits)
		return -1;
	if (*s == 'e' || *s == 'E') {
		int eneg = 0, e = 0;

		s++;
		if (*s == '-' || *s == '+')
			eneg = *s++ == '-';
		while (*s >= '0' && *s <= '9' && e < 400)
			e = e * 10 + (*s++ - '0');
		v *= pow(10, eneg ? -e : e);
	}
	*out = neg ? -v : v;
	*p = s;
	return 0;
}
