/*
 * Markdown to HTML: the one place archdoc calls cmark. Always safe mode
 * (CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8): raw HTML becomes an
 * "omitted" comment and javascript:, vbscript:, file: and data: links lose
 * their URL. Model text is untrusted; CMARK_OPT_UNSAFE is never used.
 * Beyond safe mode, a link keeps its URL only when it is relative or uses
 * http, https or mailto, and an image becomes a link to the image (its alt
 * text the link's text), so HTML archdoc writes never loads anything by
 * itself (docs/security.md, "Output safety").
 *
 * cmark's default allocator aborts on out of memory, so that promise of
 * archdoc's (ARCHDOC_ENOMEM instead of aborting) stops here.
 */
#ifndef ARCHDOC_MARKDOWN_H
#define ARCHDOC_MARKDOWN_H

#include "buf.h"

/* ASCII characters that can start inline Markdown syntax (code, emphasis,
 * links, autolinks and raw HTML, entities, GFM pipes, strikethrough and
 * math). A backslash before each makes text show literally. */
#define ARCHDOC_MARKDOWN_INLINE_SPECIAL "\\`*_[]<&|~$"

/*
 * Append the HTML of inline Markdown (a table cell, a connection's data
 * sentence): no <p> wrapper, no block structure. The text is read the way
 * a GitHub table cell is: as one line of inline content, so a leading "#",
 * "- ", "1. ", ">" or "<div>" stays text instead of becoming a block; line
 * breaks become spaces; leading and trailing white space is dropped.
 * Returns 0, or -1 when the buffer failed (b->failed is set).
 */
int archdoc_markdown__inline_html(archdoc_buf *b, const char *md);

/*
 * Append inline Markdown with its raw HTML (tags, comments, declarations,
 * as cmark finds them) and its links and images to anything but a relative
 * URL, http, https or mailto (javascript:, data:, autolinks like
 * <vbscript:...>) made literal text: a backslash goes before each
 * ARCHDOC_MARKDOWN_INLINE_SPECIAL character inside them. Everything else
 * is copied byte for byte, so emphasis, code and safe links stay as
 * written. A sentence like "sends <tenant-id> on" then reads the same in
 * every format instead of losing "<tenant-id>", and no renderer of the
 * Markdown, however lax, gets a script link from archdoc.
 * Returns 0, or -1 when the buffer failed.
 */
int archdoc_markdown__escape_unsafe(archdoc_buf *b, const char *md);

/*
 * Append the HTML of block Markdown (an architecture's description):
 * paragraphs, lists, headings, code blocks, as cmark renders them.
 * Returns 0, or -1 when the buffer failed.
 */
int archdoc_markdown__block_html(archdoc_buf *b, const char *md);

#endif
