#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"

int archdoc_buf_grow(archdoc_buf *b, size_t extra)
{
	size_t max = b->max ? b->max : ARCHDOC_BUF_DEFAULT_MAX;
	size_t need, cap;
	char *p;

	if (b->failed)
		return -1;
	if (extra > max || b->len > max - extra - 1) {
		b->failed = 1;
		return -1;
	}
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = archdoc_array_next_cap(b->cap, need, 1, 256, max);
	p = cap ? realloc(b->ptr, cap) : NULL;
	if (!p) {
		b->failed = 1;
		return -1;
	}
	b->ptr = p;
	b->cap = cap;
	return 0;
}

void archdoc_buf_put(archdoc_buf *b, const void *data, size_t len)
{
	if (archdoc_buf_grow(b, len) < 0)
		return;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void archdoc_buf_puts(archdoc_buf *b, const char *s)
{
	archdoc_buf_put(b, s, strlen(s));
}

void archdoc_buf_putc(archdoc_buf *b, char c)
{
	archdoc_buf_put(b, &c, 1);
}

void archdoc_buf_vprintf(archdoc_buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	int n;

	if (b->failed)
		return;
	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0 || archdoc_buf_grow(b, (size_t)n) < 0) {
		b->failed = 1;
		return;
	}
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void archdoc_buf_printf(archdoc_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	archdoc_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void archdoc_buf_clear(archdoc_buf *b)
{
	b->len = 0;
	b->failed = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

char *archdoc_buf_detach(archdoc_buf *b, size_t *len)
{
	char *p = b->ptr;

	if (!p && !b->failed) {
		p = malloc(1);
		if (p)
			p[0] = '\0';
	}
	if (len)
		*len = b->len;
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

void archdoc_buf_free(archdoc_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}
