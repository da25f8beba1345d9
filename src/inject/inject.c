/*
 * inject: regenerate what stands between archdoc's marker comments in a
 * Markdown document. cmark finds the markers (so a marker inside a code
 * block or a code span is just text); the document's own bytes are then
 * copied unchanged around the regions, which are rebuilt from the models.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmark.h>

#include "archdoc/errors.h"
#include "archdoc/inject.h"
#include "archdoc/table.h"
#include "buf.h"
#include "context.h"
#include "diag.h"
#include "source.h"

#define MAX_MARKERS 10000
#define MAX_MODELS 64

typedef enum { KIND_TABLE, KIND_DIAGRAM } marker_kind;

typedef struct marker {
	marker_kind kind;
	int closing;
	unsigned first_line, last_line;   /* lines the comment occupies, 1-based */
	char *model, *columns, *src;      /* owned */
} marker;

typedef struct loaded {
	char *path;
	archdoc_model *model;             /* NULL when it failed to load */
} loaded;

typedef struct pending_error {
	unsigned line;
	size_t seq;
	char *message;                    /* owned */
} pending_error;

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
	pending_error *pending;
	size_t pending_count;
	int errors;
	int oom;
} injector;

/* Marker errors wait until the whole document was read, then go out in
 * line order whichever pass found them. */
#ifdef __GNUC__
__attribute__((format(printf, 3, 4)))
#endif
static void error_at(injector *in, unsigned line, const char *fmt, ...)
{
	archdoc_buf msg = ARCHDOC_BUF_INIT;
	pending_error *grown;
	va_list ap;

	in->errors++;
	va_start(ap, fmt);
	archdoc_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	grown = realloc(in->pending, (in->pending_count + 1) * sizeof(*grown));
	/* keep the new block even when the message failed: realloc may have
	 * freed the old one (it did, and the next call used it: a
	 * use-after-free on this out-of-memory path) */
	if (grown)
		in->pending = grown;
	if (!grown || msg.failed) {
		archdoc_buf_free(&msg);
		in->oom = 1;
		return;
	}
	in->pending[in->pending_count].line = line;
	in->pending[in->pending_count].seq = in->pending_count;
	in->pending[in->pending_count].message = archdoc_buf_detach(&msg, NULL);
	in->pending_count++;
}

static int by_line(const void *a, const void *b)
{
	const pending_error *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

static void flush_errors(injector *in)
{
	if (in->pending_count > 1)
		qsort(in->pending, in->pending_count, sizeof(*in->pending), by_line);
	for (size_t i = 0; i < in->pending_count; i++) {
		archdoc_location loc = { in->doc_name, in->pending[i].line, 1 };

		archdoc__diag(in->ctx, ARCHDOC_SEVERITY_ERROR, "inject-marker", loc, "%s",
				in->pending[i].message ? in->pending[i].message : "(out of memory)");
		free(in->pending[i].message);
	}
	free(in->pending);
	in->pending = NULL;
	in->pending_count = 0;
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

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Parse "key=value" pairs; values may be "quoted". Returns 0, or -1 with
 * *bad pointing at the fault. */
static int parse_attrs(injector *in, marker *mk, const char *p, const char *end, unsigned line)
{
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
			error_at(in, line, "marker attribute '%s' has no value; write %s=PATH", key, key);
			return -1;
		}
		p++;
		if (p < end && *p == '"') {
			v = ++p;
			while (p < end && *p != '"')
				p++;
			if (p >= end) {
				error_at(in, line, "unterminated quoted value in archdoc marker");
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
			error_at(in, line, "unknown attribute '%s' in archdoc:%s marker", key,
					mk->kind == KIND_TABLE ? "table (model, columns)" : "diagram (model, src)");
			return -1;
		}
		if (*slot) {
			error_at(in, line, "attribute '%s' given twice in archdoc marker", key);
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
			error_at(in, line, "attribute '%s' is empty in archdoc marker", key);
			return -1;
		}
	}
	return 0;
}

/* Is this HTML block an archdoc marker? 1 when it is (appended to the
 * list), 0 when it is some other comment or HTML, -1 on error. */
static int take_marker(injector *in, const char *lit, unsigned first, unsigned last)
{
	const char *p = lit, *end = lit + strlen(lit), *close;
	marker mk;

	while (end > p && is_space(end[-1]))
		end--;
	while (p < end && is_space(*p))
		p++;
	if (end - p < 7 || strncmp(p, "<!--", 4) != 0 || strncmp(end - 3, "-->", 3) != 0)
		return 0;
	close = end - 3;
	p += 4;
	while (p < close && is_space(*p))
		p++;
	memset(&mk, 0, sizeof(mk));
	if (*p == '/') {
		mk.closing = 1;
		p++;
	}
	if ((size_t)(close - p) < 8 || strncmp(p, "archdoc:", 8) != 0)
		return 0;
	p += 8;
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
		error_at(in, first, "unknown archdoc marker 'archdoc:%s'; the markers are archdoc:table and "
				"archdoc:diagram", name);
		return -1;
	}
	mk.first_line = first;
	mk.last_line = last;
	if (mk.closing) {
		while (p < close && is_space(*p))
			p++;
		if (p != close) {
			error_at(in, first, "a closing archdoc marker takes no attributes");
			return -1;
		}
	} else if (parse_attrs(in, &mk, p, close, first) < 0) {
		free(mk.model);
		free(mk.columns);
		free(mk.src);
		return -1;
	}
	if (in->marker_count >= MAX_MARKERS) {
		error_at(in, first, "more than 10000 archdoc markers in one document");
		free(mk.model);
		free(mk.columns);
		free(mk.src);
		return -1;
	}
	in->markers[in->marker_count++] = mk;
	return 1;
}

static int find_markers(injector *in)
{
	cmark_node *doc = cmark_parse_document(in->text, in->len, CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
	cmark_iter *it;
	cmark_event_type ev;

	if (!doc)
		return -1;
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		const char *lit;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK) {
			unsigned first = (unsigned)cmark_node_get_start_line(n), last = first;

			lit = cmark_node_get_literal(n);
			if (!lit)
				continue;
			/* the block's last line: one per line ending inside it */
			for (const char *q = lit; *q; q++)
				if (*q == '\n' && q[1])
					last++;
			take_marker(in, lit, first, last);
		} else if (cmark_node_get_type(n) == CMARK_NODE_HTML_INLINE) {
			lit = cmark_node_get_literal(n);
			if (lit && strncmp(lit, "<!--", 4) == 0 && strstr(lit, "archdoc:"))
				error_at(in, (unsigned)cmark_node_get_start_line(n),
						"archdoc markers must stand on lines of their own, with blank lines or "
						"block boundaries around them");
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	return 0;
}

/* Pair opening and closing markers; report the ones left over. */
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
				error_at(in, mk->first_line, "archdoc marker opens while the one on line %s is "
						"still open; close it first with <!-- /archdoc:%s -->", line,
						open->kind == KIND_TABLE ? "table" : "diagram");
			}
			if (!mk->model)
				error_at(in, mk->first_line, "archdoc:%s marker without model=PATH", kind);
			if (mk->kind == KIND_DIAGRAM && !mk->src)
				error_at(in, mk->first_line, "archdoc:diagram marker without src=PATH.svg");
			else if (mk->kind == KIND_DIAGRAM && !svg_name(mk->src))
				/* the document says where the SVG is written: never let it
				 * name a file that is not an SVG (src=../.bashrc) */
				error_at(in, mk->first_line, "archdoc:diagram src=%s does not name an .svg file; "
						"archdoc writes the diagram there, so it must end in .svg", mk->src);
			open = mk;
		} else if (!open) {
			error_at(in, mk->first_line, "closing <!-- /archdoc:%s --> without an opening marker", kind);
		} else if (open->kind != mk->kind) {
			error_at(in, mk->first_line, "closing <!-- /archdoc:%s --> does not match the open "
					"archdoc:%s marker", kind, open->kind == KIND_TABLE ? "table" : "diagram");
			open = NULL;
		} else {
			open = NULL;
		}
	}
	if (open)
		error_at(in, open->first_line, "archdoc:%s marker is never closed; add <!-- /archdoc:%s --> "
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

static archdoc_model *model_for(injector *in, const char *rel, unsigned line, int *rc)
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
		struct stat st;

		if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
			*rc = ARCHDOC_EIO;
			error_at(in, line, "the model '%s' named by this marker is not a regular file", rel);
		} else {
			*rc = archdoc_model_load_file(&m, in->ctx, path);
			if (*rc)
				error_at(in, line, "the model '%s' named by this marker does not load (see above)", rel);
		}
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
	archdoc_model *m = model_for(in, mk->model, mk->first_line, &rc);

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
				error_at(in, mk->first_line, "bad columns=\"%s\" in archdoc:table marker; the columns are "
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
		char *svg_path = resolve(in, mk->src);

		if (!svg_path)
			return ARCHDOC_ENOMEM;
		if (opts->diagram)
			rc = opts->diagram(m, svg_path, opts->payload);
		free(svg_path);
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
	for (size_t i = 0; i < in->marker_count; i++) {
		free(in->markers[i].model);
		free(in->markers[i].columns);
		free(in->markers[i].src);
	}
	for (size_t i = 0; i < in->model_count; i++) {
		free(in->models[i].path);
		archdoc_model_free(in->models[i].model);
	}
	flush_errors(in);
	free(in->markers);
	free(in->lines);
}

int archdoc_inject_markdown(char **out, size_t *out_len, archdoc_context *ctx,
		const char *doc_name, const char *base_dir, const char *text, size_t len,
		const archdoc_inject_options *opts)
{
	archdoc_inject_options defaults = ARCHDOC_INJECT_OPTIONS_INIT;
	injector in;
	archdoc_buf b = ARCHDOC_BUF_INIT, gen = ARCHDOC_BUF_INIT;
	size_t at = 0;
	int rc = 0;

	*out = NULL;
	if (out_len)
		*out_len = 0;
	if (!opts)
		opts = &defaults;
	if (opts->version != ARCHDOC_INJECT_OPTIONS_VERSION)
		return ARCHDOC_EUSAGE;
	if (!doc_name)
		doc_name = "<memory>";
	if (len > ctx->max_file_size) {
		archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "file-too-large", archdoc__nowhere(doc_name),
				"the document is %zu bytes, over the limit of %zu", len, ctx->max_file_size);
		return ARCHDOC_ELIMIT;
	}
	memset(&in, 0, sizeof(in));
	in.ctx = ctx;
	in.doc_name = doc_name;
	in.base_dir = base_dir ? base_dir : ".";
	in.text = text;
	in.len = len;
	in.markers = calloc(64, sizeof(marker));
	if (!in.markers || index_lines(&in) < 0) {
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
	{
		/* room for every marker the document could hold, up to the cap */
		size_t cap = in.line_count < MAX_MARKERS ? in.line_count + 1 : MAX_MARKERS;
		marker *grown = realloc(in.markers, cap * sizeof(marker));

		if (!grown) {
			rc = ARCHDOC_ENOMEM;
			goto done;
		}
		in.markers = grown;
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
	for (size_t i = 0; i + 1 < in.marker_count; i += 2) {
		const marker *open = &in.markers[i], *close = &in.markers[i + 1];
		size_t from = line_start(&in, open->last_line + 1);
		size_t to = line_start(&in, close->first_line);
		eol_style eol = from >= 2 && text[from - 1] == '\n' && text[from - 2] == '\r' ? EOL_CRLF :
				from >= 1 && text[from - 1] == '\r' ? EOL_CR : EOL_LF;

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
	}
	archdoc_buf_put(&b, text + at, len - at);
	if (b.failed || gen.failed) {
		rc = ARCHDOC_ENOMEM;
		goto done;
	}
	if (!b.ptr)
		archdoc_buf_puts(&b, "");
	*out = archdoc_buf_detach(&b, out_len);
	if (!*out)
		rc = ARCHDOC_ENOMEM;
done:
	archdoc_buf_free(&b);
	archdoc_buf_free(&gen);
	free_injector(&in);
	return rc;
}
