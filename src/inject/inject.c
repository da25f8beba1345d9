/*
 * inject: regenerate what stands between archdoc's marker comments in a
 * Markdown document. cmark finds the markers (so a marker inside a code
 * block or a code span is just text; one inside an HTML block is read from
 * the block's lines); the document's own bytes are then copied unchanged
 * around the regions, which are rebuilt from the models. Reading the
 * markers is inject_markers.c's, checking their paths inject_paths.c's.
 *
 * The document names what inject reads (model=) and writes (src=), and it
 * comes from whoever opened the pull request. So every path must stay in
 * the document's repository, and a src= is checked component by component
 * with lstat: never a symbolic link, never through one, a regular file or
 * nothing yet (docs/security.md).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archdoc/errors.h"
#include "archdoc/table.h"
#include "buf.h"
#include "file.h"
#include "injector.h"
#include "model.h"
#include "utf8.h"


static archdoc_model *model_for(injector *in, const char *rel, unsigned line, unsigned col, int *rc)
{
	char *path = archdoc_inject__resolve(in, rel);
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
			archdoc_inject__error_at(in, line, col, "the model '%s' named by this marker is not a regular file", rel);
		else if (*rc)
			archdoc_inject__error_at(in, line, col, "the model '%s' named by this marker does not load (see above)", rel);
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

static int region_of(injector *in, const marker *mk, archdoc_model *m, archdoc_buf *b,
		const archdoc_inject_options *opts);

/* The region between an opening and a closing marker: a blank line, the
 * content, a blank line (so Markdown never glues it to the comments). */
static int region(injector *in, const marker *mk, archdoc_buf *b, const archdoc_inject_options *opts)
{
	int rc = 0;
	archdoc_model *whole = model_for(in, mk->model, mk->first_line, mk->col, &rc), *vm = NULL;

	if (!whole)
		return rc ? rc : ARCHDOC_EINVALID;
	/* view=ID: the view's diagram or table, with the model's numbers */
	if (mk->view) {
		const archdoc_view *v = archdoc_model_find_view(whole, mk->view);

		if (!v) {
			archdoc_inject__error_at(in, mk->first_line, mk->col, "view=\"%s\" in archdoc:%s marker: %s has no "
					"such view", mk->view, mk->kind == KIND_TABLE ? "table" : "diagram", mk->model);
			return ARCHDOC_EINVALID;
		}
		if (archdoc_view_model(&vm, in->ctx, whole, v) != 0)
			return ARCHDOC_ENOMEM;
	}
	rc = region_of(in, mk, vm ? vm : whole, b, opts);
	archdoc_model_free(vm);
	return rc;
}

static int region_of(injector *in, const marker *mk, archdoc_model *m, archdoc_buf *b,
		const archdoc_inject_options *opts)
{
	int rc = 0;

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
				archdoc_inject__error_at(in, mk->first_line, mk->col, "bad columns=\"%s\" in archdoc:table marker; the columns are "
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
		archdoc_inject__free_marker(&in->markers[i]);
	for (size_t i = 0; i < in->model_count; i++) {
		free(in->models[i].path);
		archdoc_model_free(in->models[i].model);
	}
	archdoc_inject__flush_errors(in);
	free(in->markers);
	free(in->lines);
	free(in->real_base);
	free(in->root);
}

/* Index the lines of text and make room for every marker it could hold. */
static int start_injector(injector *in)
{
	size_t cap;

	if (archdoc_inject__index_lines(in) < 0)
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
	if (start_injector(&again) < 0 || archdoc_inject__find_markers(&again) < 0 || again.oom) {
		rc = -1;
		goto done;
	}
	for (; k < in->marker_count && k < again.marker_count; k++) {
		const marker *a = &in->markers[k], *b = &again.markers[k];

		if (a->kind != b->kind || a->closing != b->closing || !same_str(a->model, b->model) ||
				!same_str(a->columns, b->columns) || !same_str(a->src, b->src) || !same_str(a->view, b->view) ||
				archdoc_inject__line_start(&again, b->first_line) != at[k] || b->last_line - b->first_line != a->last_line - a->first_line)
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
		archdoc_inject__error_at(in, in->markers[blame].first_line, in->markers[blame].col,
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
	if (archdoc_inject__find_markers(&in) < 0 || in.oom) {
		rc = ARCHDOC_ENOMEM;
		goto done;
	}
	archdoc_inject__check_balance(&in);
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
	archdoc_inject__check_paths(&in, run);
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
		size_t from = archdoc_inject__line_start(&in, open->last_line + 1);
		size_t to = archdoc_inject__line_start(&in, close->first_line);
		eol_style eol = from >= 2 && text[from - 1] == '\n' && text[from - 2] == '\r' ? EOL_CRLF :
				from >= 1 && text[from - 1] == '\r' ? EOL_CR : EOL_LF;

		/* where the opening marker will start in the output */
		marker_at[i] = b.len + (archdoc_inject__line_start(&in, open->first_line) - at);
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
