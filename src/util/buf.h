/*
 * A growable byte buffer with a hard maximum. Once an append fails (out of
 * memory or over the maximum) the buffer stays failed and every later append
 * is a no-op, so writers check once at the end.
 */
#ifndef ARCHDOC_BUF_H
#define ARCHDOC_BUF_H

#include <stdarg.h>
#include <stddef.h>

#define ARCHDOC_BUF_DEFAULT_MAX ((size_t)1 << 31)

typedef struct archdoc_buf {
	char *ptr;     /* always NUL-terminated once anything was appended */
	size_t len;
	size_t cap;
	size_t max;    /* 0 means ARCHDOC_BUF_DEFAULT_MAX */
	int failed;    /* an append ran out of memory or over max */
} archdoc_buf;

#define ARCHDOC_BUF_INIT { NULL, 0, 0, 0, 0 }

int archdoc_buf_grow(archdoc_buf *b, size_t extra);
void archdoc_buf_put(archdoc_buf *b, const void *data, size_t len);
void archdoc_buf_puts(archdoc_buf *b, const char *s);
void archdoc_buf_putc(archdoc_buf *b, char c);
void archdoc_buf_printf(archdoc_buf *b, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 2, 3)))
#endif
	;
void archdoc_buf_vprintf(archdoc_buf *b, const char *fmt, va_list ap)
#ifdef __GNUC__
	__attribute__((format(printf, 2, 0)))
#endif
	;
void archdoc_buf_clear(archdoc_buf *b);
/* Hand the bytes to the caller (free with free()); the buffer is reset. */
char *archdoc_buf_detach(archdoc_buf *b, size_t *len);
void archdoc_buf_free(archdoc_buf *b);

#endif
