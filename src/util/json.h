/*
 * Writing JSON as `jq .` prints it (json.c).
 */
#ifndef ARCHDOC_JSON_H
#define ARCHDOC_JSON_H

#include "buf.h"

/* A string, quoted and escaped. */
void archdoc_json__string(archdoc_buf *b, const char *s);
/* indent levels of two spaces, then "key": */
void archdoc_json__key(archdoc_buf *b, unsigned indent, const char *key);
/* "key": "value" (null for NULL) or "key": 7, then a comma and line feed
 * unless last. */
void archdoc_json__member_string(archdoc_buf *b, unsigned indent, const char *key, const char *value, int last);
void archdoc_json__member_uint(archdoc_buf *b, unsigned indent, const char *key, unsigned value, int last);
/* Before element i of an array: ",\n" (none before the first) and the indent. */
void archdoc_json__open_element(archdoc_buf *b, unsigned indent, size_t i);
/* After an array of count elements: "]" on its own line when it had any. */
void archdoc_json__close_array(archdoc_buf *b, unsigned indent, size_t count, int last);

#endif
