/*
 * Escaping text for HTML and SVG, in one place: safe in element content and
 * in quoted attribute values alike.
 */
#ifndef ARCHDOC_HTML_H
#define ARCHDOC_HTML_H

#include "buf.h"

/* Append s with & < > " ' escaped (and CR as &#13;, which parsers would
 * otherwise turn into LF). */
void archdoc_html__escape(archdoc_buf *b, const char *s);

#endif
