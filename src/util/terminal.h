/*
 * Escaping untrusted text (paths, model text, Graphviz's messages) before
 * it reaches a terminal: every C0 control (line feed and tab included) and
 * DEL, every C1 control (U+0080-U+009F), the bidirectional controls
 * (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) and the line and
 * paragraph separators (U+2028, U+2029) are written as \u{XX}
 * (hexadecimal code point), and each byte that is not UTF-8 as \x{XX}.
 * Everything else is written as it is.
 */
#ifndef ARCHDOC_TERMINAL_H
#define ARCHDOC_TERMINAL_H

#include <stddef.h>
#include <stdio.h>

void archdoc_terminal_escape(FILE *f, const char *s, size_t len);

#endif
