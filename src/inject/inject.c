/*
 * inject: regenerate what stands between archdoc's marker comments in a
 * Markdown document. cmark finds the markers (so a marker inside a code
 * block or a code span is just text; one inside an HTML block is read from
 * the block's lines); the document's own bytes are then copied unchanged
 * around the regions, which are rebuilt from the models.
 *
 * The document names what inject reads (model=) and writes (src=), and it
 * comes from whoever opened the pull request. So every path must stay in
 * the document's repository, and a src= is checked component by component
 * with lstat: never a symbolic link, never through one, a regular file or
 * nothing yet (docs/security.md).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmark.h>

#include "archdoc/errors.h"
#include "archdoc/inject.h"
#include "archdoc/table.h"
#include "array.h"
#include "buf.h"
#include "context.h"
#include "model.h"
#include "diag.h"
#include "file.h"
#include "hash.h"
#include "source.h"

#define MAX_MARKERS 10000
#define MAX_MODELS 64
#define MAX_ERRORS 10000   /* marker errors kept for one document; the rest are counted */

typedef enum { KIND_TABLE, KIND_DIAGRAM } marker_kind;

typedef struct marker {
	marker_kind kind;
	int closing;
	unsigned first_line, last_line;   /* lines the comment occupies, 1-based */
	unsigned col;                     /* where "<!--" stands on first_line */
	char *model, *columns, *src;      /* owned, as written */
	char *model_key;                  /* owned: the model's real path (else as resolved) */
	char *svg_key;                    /* owned: src checked, absolute, normalised */
	char *svg_path;                   /* owned: the same file, relative to the caller's folder */
} marker;

typedef struct loaded {
	char *path;
	archdoc_model *model;             /* NULL when it failed to load */
} loaded;

/* One SVG claimed by a diagram marker of the run. */
typedef struct claim {
	char *svg_key, *model_key, *model, *doc;   /* owned */
	unsigned line, col;
} claim;

struct archdoc_inject_run {
	archdoc_hash by_svg;              /* svg_key -> its claim */
	claim **claims;                   /* owned, in the order made */
	size_t count, cap;
};

typedef struct injector {
	archdoc_context *ctx;
	const char *doc_name;
	const char *base_dir;
	const char *text;
	size_t len;
	size_t *lines;                    /* offset of each line's start */
	size_t line_count;
	marker *markers;
	size_t marker_count;
	loaded models[MAX_MODELS];
	size_t model_count;
	archdoc_diag_queue errors_found;  /* marker errors, sent in line order */
	char *real_base;                  /* owned: realpath of base_dir */
	char *root;                       /* owned: the repository root (a real path) */
	int root_failed;                  /* the root could not be found (reported once) */
	int quiet;                        /* a second reading (verify): keep no errors */
	unsigned col_line;                /* col_at's last answer, to go on from there */
	size_t col_off;
	unsigned col_val;
	size_t errors;
	int oom;
} injector;

/* Marker errors wait until the whole document was read, then go out in
 * line order whichever pass found them; the first MAX_ERRORS found are
 * kept. */
#ifdef __GNUC__
__attribute__((format(printf, 4, 5)))
#endif
static void error_at(injector *in, unsigned line, unsigned col, const char *fmt, ...)
{
	archdoc_location loc = { in->doc_name, line, col ? col : 1 };
	va_list ap;

	in->errors++;
	if (in->quiet)
		return;
	va_start(ap, fmt);
	archdoc_diag_queue_add(&in->errors_found, ARCHDOC_SEVERITY_ERROR, "inject-marker", line, loc, 0, loc,
			NULL, fmt, ap);
	va_end(ap);
	if (in->errors_found.oom)
		in->oom = 1;
}

static void flush_errors(injector *in)
{
	size_t dropped = in->errors_found.dropped_errors;

	archdoc_diag_queue_flush(&in->errors_found);
	if (dropped)
		archdoc__diag(in->ctx, ARCHDOC_SEVERITY_ERROR, "inject-marker", archdoc__nowhere(in->doc_name),
				"%zu more archdoc marker errors not shown (at most %d are kept)", dropped, MAX_ERRORS);
	in->errors_found.dropped_errors = 0;
}

/* Line starts the way cmark counts lines: LF, CRLF and lone CR end one. */
static int index_lines(injector *in)
{
	size_t n = 1, k = 0;

	for (size_t i = 0; i < in->len; i++)
		if (in->text[i] == '\n' || (in->text[i] == '\r' && (i + 1 >= in->len || in->text[i + 1] != '\n')))
			n++;
	in->lines = malloc((n + 1) * sizeof(size_t));
	if (!in->lines)
		return -1;
	in->lines[k++] = 0;
	for (size_t i = 0; i < in->len; i++)
		if (in->text[i] == '\n' || (in->text[i] == '\r' && (i + 1 >= in->len || in->text[i + 1] != '\n')))
			in->lines[k++] = i + 1;
	in->line_count = n;
	in->lines[n] = in->len;
	return 0;
}

static size_t line_start(const injector *in, unsigned line)
{
	if (line < 1)
		return 0;
	if (line > in->line_count)
		return in->len;
	return in->lines[line - 1];
}

/* Where a line's text ends, before its line ending. */
static size_t line_end(const injector *in, unsigned line)
{
	size_t s = line_start(in, line), e = line_start(in, line + 1);

	while (e > s && (in->text[e - 1] == '\n' || in->text[e - 1] == '\r'))
		e--;
	return e;
}

/* The column (in code points, 1-based) of byte offset at on line. Asked
 * in document order, so it goes on from its last answer on the same line:
 * one long line with many markers costs one walk, not one per marker. */
static unsigned col_at(injector *in, unsigned line, size_t at)
{
	size_t i = line_start(in, line);
	unsigned col = 1;

	if (in->col_line == line && in->col_off >= i && in->col_off <= at) {
		i = in->col_off;
		col = in->col_val;
	}
	for (; i < at && i < in->len; i++)
		if (((unsigned char)in->text[i] & 0xC0) != 0x80)
			col++;
	in->col_line = line;
	in->col_off = i;
	in->col_val = col;
	return col;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Parse "key=value" pairs; values may be "quoted". Returns 0, or -1 after
 * reporting the fault. */
static int parse_attrs(injector *in, marker *mk, const char *p, const char *end)
{
	unsigned line = mk->first_line, col = mk->col;

	while (p < end) {
		const char *k, *v;
		size_t klen, vlen;
		char **slot;
		char key[32];

		while (p < end && is_space(*p))
			p++;
		if (p >= end)
			break;
		k = p;
		while (p < end && *p != '=' && !is_space(*p))
			p++;
		klen = (size_t)(p - k);
		if (p >= end || *p != '=') {
			snprintf(key, sizeof(key), "%.*s", (int)(klen < 31 ? klen : 31), k);
			error_at(in, line, col, "marker attribute '%s' has no value; write %s=PATH", key, key);
			return -1;
		}
		p++;
		if (p < end && *p == '"') {
			v = ++p;
			while (p < end && *p != '"')
				p++;
			if (p >= end) {
				error_at(in, line, col, "unterminated quoted value in archdoc marker");
				return -1;
			}
			vlen = (size_t)(p - v);
			p++;
		} else {
			v = p;
			while (p < end && !is_space(*p))
				p++;
			vlen = (size_t)(p - v);
		}
		snprintf(key, sizeof(key), "%.*s", (int)(klen < 31 ? klen : 31), k);
		if (strcmp(key, "model") == 0)
			slot = &mk->model;
		else if (strcmp(key, "columns") == 0 && mk->kind == KIND_TABLE)
			slot = &mk->columns;
		else if (strcmp(key, "src") == 0 && mk->kind == KIND_DIAGRAM)
			slot = &mk->src;
		else {
			error_at(in, line, col, "unknown attribute '%s' in archdoc:%s marker", key,
					mk->kind == KIND_TABLE ? "table (model, columns)" : "diagram (model, src)");
			return -1;
		}
		if (*slot) {
			error_at(in, line, col, "attribute '%s' given twice in archdoc marker", key);
			return -1;
		}
		*slot = malloc(vlen + 1);
		if (!*slot) {
			in->oom = 1;
			return -1;
		}
		memcpy(*slot, v, vlen);
		(*slot)[vlen] = '\0';
		if (!vlen) {
			error_at(in, line, col, "attribute '%s' is empty in archdoc marker", key);
			return -1;
		}
	}
	return 0;
}

static void free_marker(marker *mk)
{
	free(mk->model);
	free(mk->columns);
	free(mk->src);
	free(mk->model_key);
	free(mk->svg_key);
	free(mk->svg_path);
}

/* Is the comment c .. end (end: the "-->" or NULL when the comment is never
 * closed) an archdoc marker, opening or closing? */
static int archdoc_comment(const char *c, const char *end)
{
	const char *p = c + 4, *lim = end ? end : c + strlen(c);

	if (p > lim)
		return 0; /* "<!-->", "<!--->": empty */
	while (p < lim && is_space(*p))
		p++;
	if (p < lim && *p == '/')
		p++;
	return (size_t)(lim - p) >= 8 && strncmp(p, "archdoc:", 8) == 0;
}

/* Append the marker the comment lit (len bytes, from "<!--" to "-->")
 * holds. 1 when it is one, -1 on error (reported). */
static int take_marker(injector *in, const char *lit, size_t len, unsigned first, unsigned last, unsigned col)
{
	const char *p = lit + 4, *close = lit + len - 3;
	marker mk;

	memset(&mk, 0, sizeof(mk));
	while (p < close && is_space(*p))
		p++;
	if (*p == '/') {
		mk.closing = 1;
		p++;
	}
	p += 8; /* "archdoc:", checked by archdoc_comment */
	if ((size_t)(close - p) >= 5 && strncmp(p, "table", 5) == 0 && (p + 5 == close || is_space(p[5]))) {
		mk.kind = KIND_TABLE;
		p += 5;
	} else if ((size_t)(close - p) >= 7 && strncmp(p, "diagram", 7) == 0 && (p + 7 == close || is_space(p[7]))) {
		mk.kind = KIND_DIAGRAM;
		p += 7;
	} else {
		char name[40];
		size_t n = 0;

		while (p + n < close && !is_space(p[n]) && n < sizeof(name) - 1)
			n++;
		snprintf(name, sizeof(name), "%.*s", (int)n, p);
		error_at(in, first, col, "unknown archdoc marker 'archdoc:%s'; the markers are archdoc:table and "
				"archdoc:diagram", name);
		return -1;
	}
	mk.first_line = first;
	mk.last_line = last;
	mk.col = col;
	if (mk.closing) {
		while (p < close && is_space(*p))
			p++;
		if (p != close) {
			error_at(in, first, col, "a closing archdoc marker takes no attributes");
			return -1;
		}
	} else if (parse_attrs(in, &mk, p, close) < 0) {
		free_marker(&mk);
		return -1;
	}
	if (in->marker_count >= MAX_MARKERS) {
		error_at(in, first, col, "more than 10000 archdoc markers in one document");
		free_marker(&mk);
		return -1;
	}
	in->markers[in->marker_count++] = mk;
	return 1;
}

/* An HTML block whose content is raw text, not HTML that may hold comments
 * (CommonMark's kinds 1, 3, 4 and 5: <pre>, <script>, <style>, <textarea>,
 * <?...?>, <!X...>, <![CDATA[...]]>). */
static int raw_html_block(const char *lit)
{
	static const char *const tags[] = { "script", "pre", "style", "textarea" };
	const char *p = lit;

	while (*p == ' ' || *p == '\t')
		p++;
	if (p[0] != '<')
		return 0;
	if (p[1] == '?')
		return 1;
	if (p[1] == '!')
		return !(p[2] == '-' && p[3] == '-');
	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		size_t n = strlen(tags[i]), k;

		for (k = 0; k < n; k++)
			if ((p[1 + k] | 0x20) != tags[i][k])
				break;
		if (k == n && (p[1 + n] == '\0' || p[1 + n] == '>' || is_space(p[1 + n])))
			return 1;
	}
	return 0;
}

static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Every archdoc comment of one HTML block. The block's literal holds its
 * lines without container prefixes ("> ", list indentation), one literal
 * line per document line from start_line on; a line's tail is the
 * document's, so columns are counted back from the line's end. A marker
 * must stand on lines of its own; one in raw HTML (<pre>, <script> ...) is
 * an error, never skipped. Comments that are not archdoc's (and whatever
 * they hold) are passed over, as HTML reads them. */
static void scan_html_block(injector *in, const char *lit, unsigned start_line)
{
	int raw = raw_html_block(lit);
	const char *p = lit, *counted = lit, *line_begin = lit, *lend = NULL, *first = NULL;
	unsigned line = start_line;

	for (;;) {
		const char *c = strstr(p, "<!--"), *end, *after;
		unsigned col, last;
		size_t doc_end, pos;

		if (!c)
			return;
		for (; counted < c; counted++)
			if (*counted == '\n') {
				line++;
				line_begin = counted + 1;
				lend = first = NULL;
			}
		end = strstr(c + 2, "-->");
		if (!archdoc_comment(c, end)) {
			if (!end)
				return;
			p = end + 3;
			continue;
		}
		/* the column of c: its distance from the line's end is the same in
		 * the literal and in the document (the line's end found once) */
		if (!lend) {
			lend = strchr(c, '\n');
			if (!lend)
				lend = c + strlen(c);
		}
		doc_end = line_end(in, line);
		pos = doc_end >= (size_t)(lend - c) ? doc_end - (size_t)(lend - c) : 0;
		if (pos < line_start(in, line))
			pos = line_start(in, line);
		col = col_at(in, line, pos);
		if (raw) {
			error_at(in, line, col, "archdoc marker inside raw HTML (<pre>, <script>, <style>, <textarea>, "
					"<?...?>, <!...>), where it can be text rather than a comment: move it out of that block");
		} else if (!end) {
			error_at(in, line, col, "archdoc marker comment is never closed with -->");
			return;
		} else {
			after = skip_blanks(end + 3);
			last = line;
			for (const char *q = c; q < end; q++)
				if (*q == '\n')
					last++;
			if (!first)
				first = skip_blanks(line_begin);
			if (first != c || (*after != '\n' && *after != '\0'))
				error_at(in, line, col, "archdoc markers must stand on lines of their own, with blank lines "
						"or block boundaries around them");
			else
				take_marker(in, c, (size_t)(end + 3 - c), line, last, col);
		}
		if (!end)
			return;
		p = end + 3;
	}
}

static int find_markers(injector *in)
{
	cmark_node *doc = cmark_parse_document(in->text, in->len, CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
	cmark_iter *it;
	cmark_event_type ev;

	if (!doc)
		return -1;
	it = cmark_iter_new(doc);
	if (!it) {
		cmark_node_free(doc);
		return -1;
	}
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		const char *lit;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK) {
			lit = cmark_node_get_literal(n);
			if (lit)
				scan_html_block(in, lit, (unsigned)cmark_node_get_start_line(n));
		} else if (cmark_node_get_type(n) == CMARK_NODE_HTML_INLINE) {
			lit = cmark_node_get_literal(n);
			if (lit && strncmp(lit, "<!--", 4) == 0 && strstr(lit, "archdoc:")) {
				unsigned line = (unsigned)cmark_node_get_start_line(n);
				size_t at = line_start(in, line) + (size_t)cmark_node_get_start_column(n) - 1;

				if (at > line_end(in, line))
					at = line_end(in, line);
				error_at(in, line, col_at(in, line, at),
						"archdoc markers must stand on lines of their own, with blank lines or "
						"block boundaries around them");
			}
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	return 0;
}

/* 1 when path ends in ".svg" (any case) after a file name. */
static int svg_name(const char *path)
{
	size_t n = strlen(path);
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	return n >= 4 && strlen(base) > 4 && (path[n - 4] == '.') &&
			(path[n - 3] == 's' || path[n - 3] == 'S') && (path[n - 2] == 'v' || path[n - 2] == 'V') &&
			(path[n - 1] == 'g' || path[n - 1] == 'G');
}

/* Pair opening and closing markers; report the ones left over. */
static void check_balance(injector *in)
{
	const marker *open = NULL;

	for (size_t i = 0; i < in->marker_count; i++) {
		const marker *mk = &in->markers[i];
		const char *kind = mk->kind == KIND_TABLE ? "table" : "diagram";

		if (!mk->closing) {
			if (open) {
				char line[16];

				snprintf(line, sizeof(line), "%u", open->first_line);
				error_at(in, mk->first_line, mk->col, "archdoc marker opens while the one on line %s is "
						"still open; close it first with <!-- /archdoc:%s -->", line,
						open->kind == KIND_TABLE ? "table" : "diagram");
			}
			if (!mk->model)
				error_at(in, mk->first_line, mk->col, "archdoc:%s marker without model=PATH", kind);
			if (mk->kind == KIND_DIAGRAM && !mk->src)
				error_at(in, mk->first_line, mk->col, "archdoc:diagram marker without src=PATH.svg");
			else if (mk->kind == KIND_DIAGRAM && !svg_name(mk->src))
				/* the document says where the SVG is written: never let it
				 * name a file that is not an SVG (src=../.bashrc) */
				error_at(in, mk->first_line, mk->col, "archdoc:diagram src=%s does not name an .svg file; "
						"archdoc writes the diagram there, so it must end in .svg", mk->src);
			open = mk;
		} else if (!open) {
			error_at(in, mk->first_line, mk->col, "closing <!-- /archdoc:%s --> without an opening marker", kind);
		} else if (open->kind != mk->kind) {
			error_at(in, mk->first_line, mk->col, "closing <!-- /archdoc:%s --> does not match the open "
					"archdoc:%s marker", kind, open->kind == KIND_TABLE ? "table" : "diagram");
			open = NULL;
		} else {
			open = NULL;
		}
	}
	if (open)
		error_at(in, open->first_line, open->col, "archdoc:%s marker is never closed; add <!-- /archdoc:%s --> "
				"after it", open->kind == KIND_TABLE ? "table" : "diagram",
				open->kind == KIND_TABLE ? "table" : "diagram");
}

static char *resolve(const injector *in, const char *path)
{
	size_t n = strlen(in->base_dir), m = strlen(path);
	char *full;

	/* "-" is a file here, never standard input: a document cannot make
	 * archdoc read its input stream */
	if (strcmp(path, "-") == 0 && (strcmp(in->base_dir, ".") == 0 || !n))
		return strdup("./-");
	if (path[0] == '/' || strcmp(in->base_dir, ".") == 0 || !n)
		return strdup(path);
	full = malloc(n + m + 2);
	if (!full)
		return NULL;
	memcpy(full, in->base_dir, n);
	full[n] = '/';
	memcpy(full + n + 1, path, m + 1);
	return full;
}

/* 1 when path (absolute, normalised) lies strictly below dir. */
static int below(const char *dir, const char *path)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return path[0] == '/' && path[1] != '\0';
	return strncmp(path, dir, n) == 0 && path[n] == '/' && path[n + 1] != '\0';
}

/* Cut the last component off an absolute path ("/a/b" -> "/a", "/a" -> "/"). */
static void parent_in_place(char *path)
{
	char *slash = strrchr(path, '/');

	if (slash == path)
		path[1] = '\0';
	else if (slash)
		*slash = '\0';
}

/*
 * The document's repository: the nearest folder, from the document's own
 * folder up, that holds ".git" (a folder, or a file as in worktrees and
 * submodules), else the document's folder. Found from the real path of
 * the folder, once per document. -1 when the folder cannot be resolved
 * (reported once, at the first marker that needs it).
 */
static int find_root(injector *in, const marker *mk)
{
	char *dir, *probe;

	if (in->root)
		return 0;
	if (in->root_failed)
		return -1;
	in->real_base = realpath(in->base_dir, NULL);
	if (!in->real_base) {
		int saved = errno;

		in->root_failed = 1;
		if (saved == ENOMEM)
			in->oom = 1;
		else
			error_at(in, mk->first_line, mk->col, "cannot find the document's repository: its folder %s: %s",
					in->base_dir, strerror(saved));
		return -1;
	}
	dir = strdup(in->real_base);
	probe = malloc(strlen(in->real_base) + 6);
	if (!dir || !probe) {
		free(dir);
		free(probe);
		in->root_failed = 1;
		in->oom = 1;
		return -1;
	}
	for (;;) {
		struct stat st;

		snprintf(probe, strlen(in->real_base) + 6, "%s/.git", strcmp(dir, "/") == 0 ? "" : dir);
		if (lstat(probe, &st) == 0 && (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode)))
			break;
		if (strcmp(dir, "/") == 0) {
			/* no repository: the document's own folder */
			strcpy(dir, in->real_base);
			break;
		}
		parent_in_place(dir);
	}
	free(probe);
	in->root = dir;
	return 0;
}

/*
 * Where a model marker reads from. A path that names a regular file must
 * resolve (symbolic links followed: this is a read) inside the repository,
 * so a document cannot make inject read, and print into the document or
 * the --check diff, a model elsewhere on the machine. Paths that do not
 * name a regular file are left to model_for, which reports them. Sets
 * mk->model_key, what tells two models apart.
 */
static void check_model(injector *in, marker *mk)
{
	char *path = resolve(in, mk->model), *real;
	struct stat st;

	if (!path) {
		in->oom = 1;
		return;
	}
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (real = realpath(path, NULL)) != NULL) {
		free(path);
		path = real;
		if (find_root(in, mk) == 0 && !below(in->root, real))
			error_at(in, mk->first_line, mk->col, "the model '%s' named by this marker is outside the "
					"document's repository; inject reads models only from inside it (docs/inject.md)",
					mk->model);
	}
	mk->model_key = path;
}

/* The name of the file type, for messages. */
static const char *file_type(mode_t mode)
{
	return S_ISDIR(mode) ? "a folder" : S_ISFIFO(mode) ? "a FIFO" : S_ISCHR(mode) ? "a character device" :
			S_ISBLK(mode) ? "a block device" : S_ISSOCK(mode) ? "a socket" : "not a regular file";
}

/*
 * Where a diagram marker writes. src (already known to end in .svg) is
 * joined to the document's real folder and normalised ("." and ".."
 * dropped); the result must lie inside the repository. Then every
 * component from the root down is checked with lstat: a folder, never a
 * symbolic link; the file itself a regular file or absent. What is
 * handed to the callback is the same file as a path relative to the
 * caller's folder (base_dir, then ".." only up from the document's real
 * folder), whose components are exactly the ones checked. Sets
 * mk->svg_key and mk->svg_path, or reports why not.
 */
static void check_src(injector *in, marker *mk)
{
	const char *src = mk->src;
	char *joined = NULL, *norm = NULL, *anc = NULL, *rel = NULL;
	size_t n, o = 0, root_len;
	unsigned ups = 0;

	if (find_root(in, mk) < 0)
		return;
	n = strlen(src) + strlen(in->real_base) + 2;
	joined = malloc(n);
	norm = malloc(n + 1);
	if (!joined || !norm)
		goto oom;
	if (src[0] == '/')
		snprintf(joined, n, "%s", src);
	else
		snprintf(joined, n, "%s/%s", in->real_base, src);
	for (const char *p = joined; *p;) {
		const char *c;
		size_t len;

		while (*p == '/')
			p++;
		c = p;
		while (*p && *p != '/')
			p++;
		len = (size_t)(p - c);
		if (len == 0 || (len == 1 && c[0] == '.'))
			continue;
		if (len == 2 && c[0] == '.' && c[1] == '.') {
			while (o > 0 && norm[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			continue;
		}
		norm[o++] = '/';
		memcpy(norm + o, c, len);
		o += len;
	}
	if (o == 0)
		norm[o++] = '/';
	norm[o] = '\0';
	if (!below(in->root, norm)) {
		error_at(in, mk->first_line, mk->col, "archdoc:diagram src=%s is outside the document's repository; "
				"inject writes diagrams only inside it (below the nearest folder holding .git, or the "
				"document's folder when there is none)", src);
		goto done;
	}
	root_len = strcmp(in->root, "/") == 0 ? 0 : strlen(in->root);
	for (char *s = norm + root_len; *s;) {
		char *next = strchr(s + 1, '/');
		const char *shown = norm + root_len + 1; /* from the root down to here */
		struct stat st;
		int r, saved;

		if (next)
			*next = '\0';
		r = lstat(norm, &st);
		saved = errno;
		if (r < 0 && saved == ENOENT) {
			/* nothing below exists yet: no link to follow (a missing
			 * folder makes the write fail later) */
			if (next)
				*next = '/';
			break;
		}
		if (r < 0)
			error_at(in, mk->first_line, mk->col, "archdoc:diagram src=%s cannot be checked: %s: %s", src,
					shown, strerror(saved));
		else if (S_ISLNK(st.st_mode) && next)
			error_at(in, mk->first_line, mk->col, "archdoc:diagram src=%s goes through the symbolic link %s; "
					"inject never writes through a link", src, shown);
		else if (S_ISLNK(st.st_mode))
			error_at(in, mk->first_line, mk->col, "archdoc:diagram src=%s is a symbolic link; inject never "
					"writes through a link", src);
		else if (next && !S_ISDIR(st.st_mode))
			error_at(in, mk->first_line, mk->col, "archdoc:diagram src=%s: %s is not a folder", src, shown);
		else if (!next && !S_ISREG(st.st_mode))
			error_at(in, mk->first_line, mk->col, "archdoc:diagram src=%s is %s; inject writes the diagram "
					"only to a regular file", src, file_type(st.st_mode));
		else {
			if (!next)
				break;
			*next = '/';
			s = next;
			continue;
		}
		goto done;
	}
	/* the path for the caller: up from the document's real folder to a
	 * folder holding the file, then down */
	anc = strdup(in->real_base);
	if (!anc)
		goto oom;
	while (!below(anc, norm) && strcmp(anc, "/") != 0) {
		parent_in_place(anc);
		ups++;
	}
	{
		const char *down = norm + (strcmp(anc, "/") == 0 ? 1 : strlen(anc) + 1);
		size_t len = (size_t)ups * 3 + strlen(down) + 1;
		char *w;

		rel = malloc(len);
		if (!rel)
			goto oom;
		w = rel;
		for (unsigned i = 0; i < ups; i++, w += 3)
			memcpy(w, "../", 3);
		memcpy(w, down, strlen(down) + 1);
	}
	mk->svg_path = resolve(in, rel);
	if (!mk->svg_path)
		goto oom;
	mk->svg_key = norm;
	norm = NULL;
	goto done;
oom:
	in->oom = 1;
done:
	free(joined);
	free(norm);
	free(anc);
	free(rel);
}

static char *dup_or_null(const char *s, int *failed)
{
	char *d = strdup(s);

	if (!d)
		*failed = 1;
	return d;
}

/* One SVG, one model: a src another marker of the run claimed for a
 * different model is an error (the second render would replace the
 * first). */
static void claim_free(claim *c)
{
	if (!c)
		return;
	free(c->svg_key);
	free(c->model_key);
	free(c->model);
	free(c->doc);
	free(c);
}

static void claim_svg(injector *in, archdoc_inject_run *run, const marker *mk)
{
	claim *c = archdoc_hash_get(&run->by_svg, mk->svg_key);
	int failed = 0;

	if (c) {
		if (strcmp(c->model_key, mk->model_key) != 0)
			error_at(in, mk->first_line, mk->col, "archdoc:diagram src=%s is already the diagram of "
					"model=%s (%s:%u:%u); one SVG shows one model", mk->src, c->model, c->doc, c->line,
					c->col);
		return;
	}
	if (ARCHDOC_ARRAY_RESERVE(run->claims, run->cap, run->count + 1, 64) < 0 ||
			!(c = calloc(1, sizeof(*c)))) {
		in->oom = 1;
		return;
	}
	c->svg_key = dup_or_null(mk->svg_key, &failed);
	c->model_key = dup_or_null(mk->model_key, &failed);
	c->model = dup_or_null(mk->model, &failed);
	c->doc = dup_or_null(in->doc_name, &failed);
	c->line = mk->first_line;
	c->col = mk->col;
	if (failed || archdoc_hash_put(&run->by_svg, c->svg_key, c, NULL) < 0) {
		claim_free(c);
		in->oom = 1;
		return;
	}
	run->claims[run->count++] = c;
}

int archdoc_inject_run_new(archdoc_inject_run **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : ARCHDOC_ENOMEM;
}

void archdoc_inject_run_free(archdoc_inject_run *run)
{
	if (!run)
		return;
	for (size_t i = 0; i < run->count; i++)
		claim_free(run->claims[i]);
	free(run->claims);
	archdoc_hash_free(&run->by_svg);
	free(run);
}

/* Every path the markers name, checked before any model loads. */
static void check_paths(injector *in, archdoc_inject_run *run)
{
	for (size_t i = 0; i < in->marker_count && !in->oom; i++) {
		marker *mk = &in->markers[i];

		if (mk->closing || !mk->model)
			continue;
		check_model(in, mk);
		if (mk->kind == KIND_DIAGRAM && mk->src && svg_name(mk->src))
			check_src(in, mk);
		if (mk->svg_key && mk->model_key)
			claim_svg(in, run, mk);
	}
}

static archdoc_model *model_for(injector *in, const char *rel, unsigned line, unsigned col, int *rc)
{
	char *path = resolve(in, rel);
	archdoc_model *m = NULL;

	if (!path) {
		*rc = ARCHDOC_ENOMEM;
		return NULL;
	}
	for (size_t i = 0; i < in->model_count; i++) {
		if (strcmp(in->models[i].path, path) == 0) {
			free(path);
			*rc = in->models[i].model ? 0 : ARCHDOC_EINVALID;
			return in->models[i].model;
		}
	}
	{
		/* Only regular files: a document names its models, and a FIFO, a
		 * terminal or a device there would block or feed endless bytes. */
		int not_regular = 0;

		*rc = archdoc_model__load_path(&m, in->ctx, path, ARCHDOC_FILE_REGULAR, &not_regular);
		if (not_regular)
			error_at(in, line, col, "the model '%s' named by this marker is not a regular file", rel);
		else if (*rc)
			error_at(in, line, col, "the model '%s' named by this marker does not load (see above)", rel);
	}
	if (in->model_count < MAX_MODELS) {
		in->models[in->model_count].path = path;
		in->models[in->model_count].model = m;
		in->model_count++;
	} else {
		/* too many to cache: drop it after use (the caller never keeps it) */
		archdoc_model_free(m);
		free(path);
		*rc = ARCHDOC_ELIMIT;
		archdoc__diag(in->ctx, ARCHDOC_SEVERITY_ERROR, "inject-marker", archdoc__nowhere(in->doc_name),
				"a document may name at most %d models", MAX_MODELS);
		return NULL;
	}
	return m;
}

/* Markdown link text: brackets and backslashes escaped, one line. */
static void put_alt(archdoc_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '[' || *s == ']' || *s == '\\' || *s == '*' || *s == '_' || *s == '`' || *s == '<')
			archdoc_buf_putc(b, '\\');
		archdoc_buf_putc(b, *s == '\n' || *s == '\r' ? ' ' : *s);
	}
}

static void put_src(archdoc_buf *b, const char *s)
{
	/* <...> keeps spaces and parentheses in a path working */
	int plain = strpbrk(s, " ()<>\t") == NULL;

	if (!plain)
		archdoc_buf_putc(b, '<');
	for (; *s; s++) {
		if (*s == '<' || *s == '>')
			archdoc_buf_printf(b, "%%%02X", (unsigned)(unsigned char)*s);
		else
			archdoc_buf_putc(b, *s);
	}
	if (!plain)
		archdoc_buf_putc(b, '>');
}

/* The region between an opening and a closing marker: a blank line, the
 * content, a blank line (so Markdown never glues it to the comments). */
static int region(injector *in, const marker *mk, archdoc_buf *b, const archdoc_inject_options *opts)
{
	int rc = 0;
	archdoc_model *m = model_for(in, mk->model, mk->first_line, mk->col, &rc);

	if (!m)
		return rc ? rc : ARCHDOC_EINVALID;
	archdoc_buf_putc(b, '\n');
	if (mk->kind == KIND_TABLE) {
		archdoc_table_options t = ARCHDOC_TABLE_OPTIONS_INIT;
		archdoc_column cols[ARCHDOC_COLUMN__COUNT];
		size_t count = 0, bad_at = 0, bad_len = 0;
		char *table = NULL;
		size_t len = 0;

		if (mk->columns) {
			rc = archdoc_table_columns_parse(cols, ARCHDOC_COLUMN__COUNT, &count, mk->columns, &bad_at, &bad_len);
			if (rc) {
				error_at(in, mk->first_line, mk->col, "bad columns=\"%s\" in archdoc:table marker; the columns are "
						"number, source, destination, what, protocol, port, classification, data",
						mk->columns);
				return ARCHDOC_EINVALID;
			}
			t.columns = cols;
			t.column_count = count;
		}
		rc = archdoc_table_render(&table, &len, in->ctx, m, &t);
		if (rc)
			return rc;
		archdoc_buf_put(b, table, len);
		archdoc_free(table);
	} else {
		/* the path check_src checked, never mk->src as written */
		if (opts->diagram)
			rc = opts->diagram(m, mk->svg_path, opts->payload);
		if (rc)
			return rc;
		archdoc_buf_puts(b, "![");
		put_alt(b, archdoc_model_title(m));
		archdoc_buf_puts(b, " architecture diagram: numbered connections, see the connections table](");
		put_src(b, mk->src);
		archdoc_buf_puts(b, ")\n");
	}
	archdoc_buf_putc(b, '\n');
	return 0;
}

/* Line endings of generated text: those of the opening marker's line. */
typedef enum { EOL_LF, EOL_CRLF, EOL_CR } eol_style;

/* Copy generated text (LF line ends) with the document's line endings. A
 * lone CR must stay a lone CR: an LF after it would turn it into CRLF, and
 * a second run would then write CRLF (found by fuzz_inject). */
static void put_eol_style(archdoc_buf *b, const char *s, size_t n, eol_style eol)
{
	if (eol == EOL_LF) {
		archdoc_buf_put(b, s, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n' && eol == EOL_CR) {
			archdoc_buf_putc(b, '\r');
			continue;
		}
		if (s[i] == '\n')
			archdoc_buf_putc(b, '\r');
		archdoc_buf_putc(b, s[i]);
	}
}

static void free_injector(injector *in)
{
	for (size_t i = 0; i < in->marker_count; i++)
		free_marker(&in->markers[i]);
	for (size_t i = 0; i < in->model_count; i++) {
		free(in->models[i].path);
		archdoc_model_free(in->models[i].model);
	}
	flush_errors(in);
	free(in->markers);
	free(in->lines);
	free(in->real_base);
	free(in->root);
}

/* Index the lines of text and make room for every marker it could hold. */
static int start_injector(injector *in)
{
	size_t cap;

	if (index_lines(in) < 0)
		return -1;
	/* one marker takes one line at least; up to the cap */
	cap = in->line_count < MAX_MARKERS ? in->line_count + 1 : MAX_MARKERS;
	in->markers = calloc(cap, sizeof(marker));
	return in->markers ? 0 : -1;
}

static int same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/*
 * Would a second run read the new document's markers as this run read
 * the old one's? A region always ends with a blank line, so lines after a
 * closing marker that continued an HTML block (or a list) before are read
 * afresh: they may become a code fence that hides the next marker, or a
 * paragraph. Reading the output again and comparing every marker (kind,
 * attributes, where it starts: at[k], its offset in out) keeps inject
 * idempotent; a difference is an error at the closing marker before it.
 * Returns 0 (same), 1 (differs, reported), -1 (out of memory).
 */
static int verify(injector *in, const char *out, size_t out_len, const size_t *at)
{
	injector again;
	size_t k = 0;
	int rc = 0;

	memset(&again, 0, sizeof(again));
	again.ctx = in->ctx;
	again.doc_name = in->doc_name;
	again.base_dir = in->base_dir;
	again.text = out;
	again.len = out_len;
	again.quiet = 1;
	if (start_injector(&again) < 0 || find_markers(&again) < 0 || again.oom) {
		rc = -1;
		goto done;
	}
	for (; k < in->marker_count && k < again.marker_count; k++) {
		const marker *a = &in->markers[k], *b = &again.markers[k];

		if (a->kind != b->kind || a->closing != b->closing || !same_str(a->model, b->model) ||
				!same_str(a->columns, b->columns) || !same_str(a->src, b->src) ||
				line_start(&again, b->first_line) != at[k] || b->last_line - b->first_line != a->last_line - a->first_line)
			break;
	}
	if (k < in->marker_count || k < again.marker_count || again.errors) {
		size_t blame = SIZE_MAX;

		/* the last closing marker before the first difference */
		for (size_t i = 0; i < k && i < in->marker_count; i++)
			if (in->markers[i].closing)
				blame = i;
		if (blame == SIZE_MAX)
			blame = k < in->marker_count ? k : in->marker_count - 1;
		error_at(in, in->markers[blame].first_line, in->markers[blame].col,
				"the document would read differently once inject has regenerated it: the lines after this "
				"marker continue an HTML block (or a list) that the regenerated region ends, so a second "
				"run would find other markers; put a blank line after it");
		rc = 1;
	}
done:
	free_injector(&again);
	return rc;
}

int archdoc_inject_markdown(char **out, size_t *out_len, archdoc_context *ctx,
		const char *doc_name, const char *base_dir, const char *text, size_t len,
		const archdoc_inject_options *opts)
{
	archdoc_inject_options defaults = ARCHDOC_INJECT_OPTIONS_INIT;
	archdoc_inject_run *run = NULL, *own_run = NULL;
	injector in;
	archdoc_buf b = ARCHDOC_BUF_INIT, gen = ARCHDOC_BUF_INIT;
	size_t at = 0, *marker_at = NULL;
	int rc = 0;

	*out = NULL;
	if (out_len)
		*out_len = 0;
	if (!opts)
		opts = &defaults;
	if (opts->version < 1 || opts->version > ARCHDOC_INJECT_OPTIONS_VERSION)
		return ARCHDOC_EUSAGE;
	if (opts->version >= 2)
		run = opts->run;
	if (!doc_name)
		doc_name = "<memory>";
	if (len > ctx->max_file_size) {
		archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "file-too-large", archdoc__nowhere(doc_name),
				"the document is %zu bytes, over the limit of %zu", len, ctx->max_file_size);
		return ARCHDOC_ELIMIT;
	}
	memset(&in, 0, sizeof(in));
	in.ctx = ctx;
	archdoc_diag_queue_init(&in.errors_found, ctx, MAX_ERRORS);
	in.errors_found.keep_first_found = 1;
	in.doc_name = doc_name;
	in.base_dir = base_dir && *base_dir ? base_dir : ".";
	in.text = text;
	in.len = len;
	if (start_injector(&in) < 0) {
		rc = ARCHDOC_ENOMEM;
		goto done;
	}
	{
		/* cmark reads NUL and invalid UTF-8 as U+FFFD, so its view of such a
		 * document is not its bytes: marker text and positions would no
		 * longer match, and a second run would change the document again */
		size_t bad = archdoc_utf8_invalid_at(text, len);

		if (bad != (size_t)-1) {
			archdoc_location loc = { doc_name, 1, 1 };

			while (loc.line < in.line_count && in.lines[loc.line] <= bad)
				loc.line++;
			for (size_t i = in.lines[loc.line - 1]; i < bad; i++)
				if (((unsigned char)text[i] & 0xC0) != 0x80)
					loc.col++;
			archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "encoding", loc,
					text[bad] ? "the document is not valid UTF-8 here (byte 0x%02X); save it as UTF-8"
						  : "the document holds a NUL byte here; save it as UTF-8 text",
					(unsigned)(unsigned char)text[bad]);
			rc = ARCHDOC_EINVALID;
			goto done;
		}
	}
	if (find_markers(&in) < 0 || in.oom) {
		rc = ARCHDOC_ENOMEM;
		goto done;
	}
	check_balance(&in);
	if (in.errors) {
		rc = ARCHDOC_EINVALID;
		goto done;
	}
	if (!run) {
		if (archdoc_inject_run_new(&own_run) < 0) {
			rc = ARCHDOC_ENOMEM;
			goto done;
		}
		run = own_run;
	}
	/* every path before any model loads or any diagram is made */
	check_paths(&in, run);
	if (in.oom) {
		rc = ARCHDOC_ENOMEM;
		goto done;
	}
	if (in.errors) {
		rc = ARCHDOC_EINVALID;
		goto done;
	}
	marker_at = malloc((in.marker_count ? in.marker_count : 1) * sizeof(*marker_at));
	if (!marker_at) {
		rc = ARCHDOC_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i + 1 < in.marker_count; i += 2) {
		const marker *open = &in.markers[i], *close = &in.markers[i + 1];
		size_t from = line_start(&in, open->last_line + 1);
		size_t to = line_start(&in, close->first_line);
		eol_style eol = from >= 2 && text[from - 1] == '\n' && text[from - 2] == '\r' ? EOL_CRLF :
				from >= 1 && text[from - 1] == '\r' ? EOL_CR : EOL_LF;

		/* where the opening marker will start in the output */
		marker_at[i] = b.len + (line_start(&in, open->first_line) - at);
		/* an opening marker on the document's last line without a newline */
		if (from == len && (len == 0 || (text[len - 1] != '\n' && text[len - 1] != '\r'))) {
			archdoc_buf_put(&b, text + at, from - at);
			archdoc_buf_puts(&b, "\n");
			at = from;
		}
		archdoc_buf_put(&b, text + at, from - at);
		archdoc_buf_clear(&gen);
		rc = region(&in, open, &gen, opts);
		if (rc)
			goto done;
		put_eol_style(&b, gen.ptr ? gen.ptr : "", gen.len, eol);
		at = to;
		marker_at[i + 1] = b.len;
	}
	archdoc_buf_put(&b, text + at, len - at);
	if (b.failed || gen.failed) {
		rc = ARCHDOC_ENOMEM;
		goto done;
	}
	if (!b.ptr)
		archdoc_buf_puts(&b, "");
	if (b.failed) {
		rc = ARCHDOC_ENOMEM;
		goto done;
	}
	if (in.marker_count && (b.len != len || memcmp(b.ptr, text, len) != 0)) {
		int v = verify(&in, b.ptr, b.len, marker_at);

		if (v) {
			rc = v < 0 ? ARCHDOC_ENOMEM : ARCHDOC_EINVALID;
			goto done;
		}
	}
	*out = archdoc_buf_detach(&b, out_len);
	if (!*out)
		rc = ARCHDOC_ENOMEM;
done:
	archdoc_buf_free(&b);
	archdoc_buf_free(&gen);
	free(marker_at);
	archdoc_inject_run_free(own_run);
	free_injector(&in);
	return rc;
}
