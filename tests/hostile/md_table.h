/*
 * Reading archdoc's Markdown tables back the way GitHub does (GFM's row
 * splitting: a backslash and the byte after it go together, so "\|" does
 * not split), for the hostile tests and the fuzz targets. Header-only.
 *
 * md_table_problem(md, len, rows, ncols, data_col) returns NULL when the
 * table has a header line, a delimiter line and one line per row, each
 * starting and ending with a pipe and holding exactly ncols + 1 unescaped
 * pipes, no CR, and (when data_col >= 0) a data cell in which cmark finds
 * no raw HTML and no link or image to anything but a relative URL, http,
 * https or mailto; else a static description of the first problem.
 */
#ifndef ARCHDOC_TEST_MD_TABLE_H
#define ARCHDOC_TEST_MD_TABLE_H

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>

/* Count the pipes GFM splits a row line on; copy cell number want + 1
 * (counting from 1 after the leading pipe) into cell, without the
 * backslash GFM removes before an escaped pipe. */
static size_t md_pipes(const char *line, size_t len, size_t want, char *cell, size_t cap)
{
	size_t pipes = 0, at = 0;

	for (size_t i = 0; i < len; i++) {
		if (line[i] == '\\' && i + 1 < len) {
			if (pipes == want + 1 && at + 2 < cap) {
				if (line[i + 1] != '|')
					cell[at++] = line[i];
				cell[at++] = line[i + 1];
			}
			i++;
			continue;
		}
		if (line[i] == '|') {
			pipes++;
			continue;
		}
		if (pipes == want + 1 && at + 1 < cap)
			cell[at++] = line[i];
	}
	if (cap)
		cell[at < cap ? at : cap - 1] = '\0';
	return pipes;
}

/* A URL archdoc may keep as a link: relative, http, https, mailto. */
static int md_kept_url(const char *url)
{
	size_t i = url ? strcspn(url, ":/?#") : 0;

	return !url || url[i] != ':' || (i == 4 && !strncasecmp(url, "http", 4)) ||
			(i == 5 && !strncasecmp(url, "https", 5)) || (i == 6 && !strncasecmp(url, "mailto", 6));
}

/* 1 when cmark, reading the cell as inline Markdown at a line start (the
 * guard of src/table/markdown.c), finds raw HTML in it, 2 when it finds a link
 * or image archdoc must not write. */
static int md_has_raw_html(const char *cell)
{
	size_t n = strlen(cell);
	char *src = malloc(n + 3);
	cmark_node *doc;
	cmark_iter *it;
	cmark_event_type ev;
	int found = 0;

	if (!src)
		abort();
	memcpy(src, "\xC2\xA0", 2);
	memcpy(src + 2, cell, n + 1);
	doc = cmark_parse_document(src, n + 2, CMARK_OPT_DEFAULT);
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);

		if (t == CMARK_NODE_HTML_INLINE || t == CMARK_NODE_HTML_BLOCK)
			found = 1;
		else if ((t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) && !md_kept_url(cmark_node_get_url(node)))
			found = 2;
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	free(src);
	return found;
}

static const char *md_table_problem(const char *md, size_t len, size_t rows, size_t ncols, long data_col)
{
	size_t lines = 0, start = 0;
	int found;
	const char *problem = NULL;
	char *cell = malloc(len + 1);

	if (!cell)
		abort();
	if (!len || md[len - 1] != '\n')
		problem = "the table does not end with a line break";
	for (size_t i = 0; !problem && i < len; i++) {
		if (md[i] != '\n')
			continue;
		if (md[start] != '|' || i == start || md[i - 1] != '|')
			problem = "a line does not start and end with a pipe";
		else if (md_pipes(md + start, i - start, data_col < 0 ? 0 : (size_t)data_col, cell, len + 1) != ncols + 1)
			problem = "a line has the wrong number of cells";
		else if (lines >= 2 && data_col >= 0 && (found = md_has_raw_html(cell)) != 0)
			problem = found == 2 ? "a data cell holds a javascript:, data: or other unsafe link"
					: "a data cell holds raw HTML";
		else if (memchr(md + start, '\r', i - start))
			problem = "a line holds a CR";
		lines++;
		start = i + 1;
	}
	if (!problem && lines != rows + 2)
		problem = "the table has the wrong number of lines";
	free(cell);
	return problem;
}

#endif
