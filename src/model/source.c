#include "source.h"

#include <stdint.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>

#include "archdoc/errors.h"
#include "context.h"
#include "diag.h"
#include "file.h"

/* The position after byte i, from the position of byte i. A column counts
 * the bytes that start a code point, so an offset inside a multi-byte
 * character gets the column of the character after it, as before marks. */
static void step(const char *d, size_t len, size_t i, int lone_cr_ends, archdoc_source_mark *at)
{
	unsigned char c = (unsigned char)d[i];

	if (c == '\n' || (lone_cr_ends && c == '\r' && (i + 1 >= len || d[i + 1] != '\n'))) {
		at->line++;
		at->col = 1;
	} else if ((c & 0xC0) != 0x80) {
		at->col++;
	}
}

static archdoc_source_mark *build_marks(const char *data, size_t len, size_t count, int lone_cr_ends)
{
	archdoc_source_mark *marks = malloc(count * sizeof(*marks));
	archdoc_source_mark at = { 0, 1 };

	if (!marks)
		return NULL;
	for (size_t i = 0;; i++) {
		if (i % ARCHDOC_SOURCE_MARK_BYTES == 0)
			marks[i / ARCHDOC_SOURCE_MARK_BYTES] = at;
		if (i == len)
			break;
		step(data, len, i, lone_cr_ends, &at);
	}
	return marks;
}

int archdoc_source_init(archdoc_source *src, const char *name, char *data, size_t len)
{
	int lone_cr = 0;

	memset(src, 0, sizeof(*src));
	src->data = data;
	src->len = len;
	src->name = strdup(name ? name : "<memory>");
	if (!src->name)
		return -1;
	/* lines and columns are kept in 32 bits; the size limits stop far below */
	if (len >= UINT32_MAX)
		return -1;
	src->mark_count = len / ARCHDOC_SOURCE_MARK_BYTES + 1;
	src->marks = build_marks(data, len, src->mark_count, 1);
	if (!src->marks)
		return -1;
	for (size_t i = 0; i < len && !lone_cr; i++)
		lone_cr = data[i] == '\r' && (i + 1 == len || data[i + 1] != '\n');
	src->lf_marks = lone_cr ? build_marks(data, len, src->mark_count, 0) : src->marks;
	return src->lf_marks ? 0 : -1;
}

void archdoc_source_fini(archdoc_source *src)
{
	free(src->name);
	free(src->data);
	if (src->lf_marks != src->marks)
		free(src->lf_marks);
	free(src->marks);
	memset(src, 0, sizeof(*src));
}

archdoc_location archdoc_source_location(const archdoc_source *src, size_t offset)
{
	archdoc_location loc = { src->name, 0, 0 };
	archdoc_source_mark at;
	size_t i;

	if (!src->marks)
		return loc;
	if (offset > src->len)
		offset = src->len;
	i = offset / ARCHDOC_SOURCE_MARK_BYTES * ARCHDOC_SOURCE_MARK_BYTES;
	at = src->marks[offset / ARCHDOC_SOURCE_MARK_BYTES];
	for (; i < offset; i++)
		step(src->data, src->len, i, 1, &at);
	loc.line = at.line + 1;
	loc.col = at.col;
	return loc;
}

static int before(archdoc_source_mark a, uint32_t line, uint32_t col)
{
	return a.line < line || (a.line == line && a.col < col);
}

size_t archdoc_source_offset(const archdoc_source *src, unsigned line, unsigned col)
{
	const archdoc_source_mark *marks = src->lf_marks;
	archdoc_source_mark at;
	size_t lo = 0, hi, i;

	if (!marks || line == 0)
		return 0;
	if (col == 0)
		col = 1;
	/* the last mark before line:col (the first mark, 1:1, is never after it) */
	hi = src->mark_count;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (before(marks[mid], line - 1, col))
			lo = mid;
		else
			hi = mid;
	}
	at = marks[lo];
	/* the first byte at line:col that starts a character; past the end
	 * of the line, the next line's start */
	for (i = lo * ARCHDOC_SOURCE_MARK_BYTES; i < src->len; i++) {
		if (at.line > line - 1)
			return i;
		if (at.line == line - 1 && at.col >= col &&
				(col == 1 || ((unsigned char)src->data[i] & 0xC0) != 0x80))
			return i;
		step(src->data, src->len, i, 0, &at);
	}
	return src->len;
}

static int xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Re-lex the start tag at off to find where attribute `name` begins. Falls
 * back to the tag itself. */
size_t archdoc__attr_offset(const archdoc_source *src, size_t off, const char *name)
{
	const char *s = src->data;
	size_t i = off, n = src->len, len = strlen(name);

	if (i >= n || s[i] != '<')
		return off;
	i++;
	while (i < n && !xml_space(s[i]) && s[i] != '>' && s[i] != '/')
		i++;
	for (;;) {
		size_t name_at, name_end;
		char q;

		while (i < n && xml_space(s[i]))
			i++;
		if (i >= n || s[i] == '>' || s[i] == '/')
			return off;
		name_at = i;
		while (i < n && !xml_space(s[i]) && s[i] != '=' && s[i] != '>')
			i++;
		name_end = i;
		while (i < n && xml_space(s[i]))
			i++;
		if (i >= n || s[i] != '=')
			return off;
		i++;
		while (i < n && xml_space(s[i]))
			i++;
		if (i >= n || (s[i] != '"' && s[i] != '\''))
			return off;
		q = s[i++];
		while (i < n && s[i] != q)
			i++;
		i++;
		if (name_end - name_at == len && memcmp(s + name_at, name, len) == 0)
			return name_at;
	}
}

char *archdoc_source_copy_input(archdoc_context *ctx, const char *what, const char *name,
		const char *data, size_t len, int *rc)
{
	char *copy;

	*rc = 0;
	if (len > ctx->max_file_size) {
		archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "file-too-large", archdoc__nowhere(name),
				"the %s is %zu bytes, over the limit of %zu; split it (or raise the limit, "
				"see docs/security.md)", what, len, ctx->max_file_size);
		*rc = ARCHDOC_ELIMIT;
		return NULL;
	}
	copy = malloc(len + 1);
	if (!copy) {
		*rc = ARCHDOC_ENOMEM;
		return NULL;
	}
	if (len)
		memcpy(copy, data, len);
	copy[len] = '\0';
	return copy;
}

int archdoc_source_read_input(archdoc_context *ctx, const char *what, const char *path, const char *too_big_name,
		unsigned flags, char **out, size_t *len, int *not_regular)
{
	switch (archdoc_file_read(path, ctx->max_file_size, flags, out, len, NULL)) {
	case ARCHDOC_FILE_OK:
		return 0;
	case ARCHDOC_FILE_EOPEN:
		archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "io", archdoc__nowhere(path), "cannot open the %s: %s",
				what, strerror(errno));
		return ARCHDOC_EIO;
	case ARCHDOC_FILE_EREAD:
		archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "io", archdoc__nowhere(path), "cannot read the %s: %s",
				what, strerror(errno));
		return ARCHDOC_EIO;
	case ARCHDOC_FILE_ETOO_BIG:
		archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "file-too-large", archdoc__nowhere(too_big_name),
				"the %s is larger than the limit of %zu bytes; split it (or raise the limit, "
				"see docs/security.md)", what, ctx->max_file_size);
		return ARCHDOC_ELIMIT;
	case ARCHDOC_FILE_ENOTREG:
		if (not_regular)
			*not_regular = 1;
		return ARCHDOC_EIO;
	default:
		return ARCHDOC_ENOMEM;
	}
}
