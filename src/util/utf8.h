/*
 * UTF-8, in one place: what is a character (decoding, with overlong forms,
 * surrogates and code points past U+10FFFF refused), where the first bad
 * byte is, counting and cutting text in characters, and writing one.
 */
#ifndef ARCHDOC_UTF8_H
#define ARCHDOC_UTF8_H

#include <stddef.h>

#include "buf.h"

/* Length of the UTF-8 character at s (len bytes available) and its code
 * point in *cp; 0 when s does not start a valid character. */
size_t archdoc_utf8_decode(const unsigned char *s, size_t len, unsigned *cp);

/* Offset of the first byte that is not valid UTF-8 (or is a NUL), or
 * (size_t)-1 when the whole text is valid. */
size_t archdoc_utf8_invalid_at(const char *s, size_t len);

/* Characters (bytes that start one) in s[0..len). */
size_t archdoc_utf8_chars(const char *s, size_t len);

/* Bytes of the first max characters of s[0..len). */
size_t archdoc_utf8_cut(const char *s, size_t len, size_t max);

/* Append code point cp (below U+110000) as UTF-8. */
void archdoc_utf8_put(archdoc_buf *b, unsigned long cp);

#endif
