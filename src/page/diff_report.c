/*
 * The diff for pull requests and tools: Markdown (counts, then one line
 * per change, connections first with their numbers), JSON (every change
 * with its before and after) and an HTML page with the picture. All three
 * walk archdoc_model_diff, so they say what `archdoc diff` prints.
 */
#include "diff_report.h"

#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "html.h"
#include "json.h"
#include "markdown.h"
#include "model.h"

/* --- collecting ------------------------------------------------------------ */

/* The changes, copied: archdoc_model_diff's field texts for views live
 * only during the call, so each is kept in the buffer's own strings. */
typedef struct change_list {
	archdoc_change *items;
	char **owned;              /* field texts, 2 per field */
	size_t count, cap, owned_count;
	int failed;
} change_list;

static void collect(const archdoc_change *ch, void *payload)
{
	change_list *L = payload;
	archdoc_change *c;

	if (L->failed)
		return;
	if (L->count == L->cap) {
		size_t cap = L->cap ? L->cap * 2 : 16;
		archdoc_change *items = realloc(L->items, cap * sizeof(*items));
		char **owned = realloc(L->owned, cap * 2 * ARCHDOC_CHANGE_MAX_FIELDS * sizeof(*owned));

		if (items)
			L->items = items;
		if (owned)
			L->owned = owned;
		if (!items || !owned) {
			L->failed = 1;
			return;
		}
		L->cap = cap;
	}
	c = &L->items[L->count++];
	*c = *ch;
	for (size_t i = 0; i < c->field_count; i++) {
		char *x = strdup(c->fields[i].before), *y = strdup(c->fields[i].after);

		L->owned[L->owned_count++] = x;
		L->owned[L->owned_count++] = y;
		if (!x || !y) {
			L->failed = 1;
			return;
		}
		c->fields[i].before = x;
		c->fields[i].after = y;
	}
}

static void list_free(change_list *L)
{
	for (size_t i = 0; i < L->owned_count; i++)
		free(L->owned[i]);
	free(L->owned);
	free(L->items);
}

/* The order a reviewer reads: connections (what the diagram numbers), then
 * components, boundaries, views, retirements, the title and the pin. */
static const archdoc_change_kind reading_order[] = {
	ARCHDOC_CHANGE_CONNECTION, ARCHDOC_CHANGE_COMPONENT, ARCHDOC_CHANGE_BOUNDARY, ARCHDOC_CHANGE_VIEW,
	ARCHDOC_CHANGE_RETIRED, ARCHDOC_CHANGE_TITLE, ARCHDOC_CHANGE_LAYOUT
};
#define KINDS (sizeof(reading_order) / sizeof(reading_order[0]))

static const char *kind_name(archdoc_change_kind k)
{
	switch (k) {
	case ARCHDOC_CHANGE_TITLE: return "title";
	case ARCHDOC_CHANGE_LAYOUT: return "layout";
	case ARCHDOC_CHANGE_BOUNDARY: return "boundary";
	case ARCHDOC_CHANGE_COMPONENT: return "component";
	case ARCHDOC_CHANGE_CONNECTION: return "connection";
	case ARCHDOC_CHANGE_VIEW: return "view";
	case ARCHDOC_CHANGE_RETIRED: return "retired";
	}
	return "?";
}

static const char *op_name(char op)
{
	return op == '+' ? "added" : op == '-' ? "removed" : "changed";
}

static int collect_all(change_list *L, const archdoc_model *a, const archdoc_model *b)
{
	memset(L, 0, sizeof(*L));
	archdoc_model_diff(a, b, collect, L);
	return L->failed ? -1 : 0;
}

/* --- Markdown -------------------------------------------------------------- */

/* Untrusted text shown as itself: Markdown's inline syntax escaped, line
 * breaks as spaces (one change, one line). */
static void md_text(archdoc_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n' || *s == '\r' || *s == '\t')
			archdoc_buf_putc(b, ' ');
		else {
			if (strchr(ARCHDOC_MARKDOWN_INLINE_SPECIAL "#!", *s))
				archdoc_buf_putc(b, '\\');
			archdoc_buf_putc(b, *s);
		}
	}
}

static void md_quoted(archdoc_buf *b, const char *s)
{
	archdoc_buf_puts(b, "\"");
	md_text(b, s);
	archdoc_buf_puts(b, "\"");
}

/* "Source → Destination", every end of each side */
static void md_ends(archdoc_buf *b, const archdoc_connection *c)
{
	for (size_t i = 0; i < archdoc_connection_from_count(c); i++) {
		archdoc_buf_puts(b, i ? ", " : "");
		md_text(b, archdoc_component_title(archdoc_connection_from_at(c, i)));
	}
	archdoc_buf_puts(b, " \xE2\x86\x92 ");
	for (size_t i = 0; i < archdoc_connection_to_count(c); i++) {
		archdoc_buf_puts(b, i ? ", " : "");
		md_text(b, archdoc_component_title(archdoc_connection_to_at(c, i)));
	}
}

/* "Source -> Destination, TCP 5432 (Intra-cluster)" */
static void md_connection(archdoc_buf *b, const archdoc_connection *c)
{
	const char *proto = archdoc_connection_protocol(c), *port = archdoc_connection_port(c);
	const char *cls = archdoc_connection_classification(c);

	md_ends(b, c);
	if (*proto || *port) {
		archdoc_buf_puts(b, ", ");
		md_text(b, proto);
		if (*proto && *port)
			archdoc_buf_putc(b, ' ');
		md_text(b, port);
	}
	if (cls) {
		archdoc_buf_puts(b, " (");
		md_text(b, cls);
		archdoc_buf_putc(b, ')');
	}
}

static void md_fields(archdoc_buf *b, const archdoc_change *ch)
{
	for (size_t i = 0; i < ch->field_count; i++) {
		archdoc_buf_puts(b, i ? "; " : "");
		md_text(b, ch->fields[i].name);
		archdoc_buf_putc(b, ' ');
		md_quoted(b, ch->fields[i].before);
		archdoc_buf_puts(b, " \xE2\x86\x92 ");
		md_quoted(b, ch->fields[i].after);
	}
}

static void md_change(archdoc_buf *b, const archdoc_change *ch)
{
	archdoc_buf_printf(b, "- **%s** ", op_name(ch->op));
	switch (ch->kind) {
	case ARCHDOC_CHANGE_CONNECTION: {
		const archdoc_connection *c = ch->op == '-' ? ch->connection_before : ch->connection_after;

		archdoc_buf_printf(b, "connection %u", archdoc_connection_number(c));
		if (ch->op == '~') {
			/* which line on the diagram, then what changed */
			archdoc_buf_puts(b, " (");
			md_ends(b, c);
			archdoc_buf_puts(b, "): ");
			md_fields(b, ch);
		} else {
			archdoc_buf_puts(b, ": ");
			md_connection(b, c);
		}
		break;
	}
	case ARCHDOC_CHANGE_COMPONENT:
	case ARCHDOC_CHANGE_BOUNDARY: {
		int comp = ch->kind == ARCHDOC_CHANGE_COMPONENT;
		const char *id = comp ? archdoc_component_id(ch->op == '-' ? ch->component_before : ch->component_after)
			: archdoc_boundary_id(ch->op == '-' ? ch->boundary_before : ch->boundary_after);
		const char *title = comp ? archdoc_component_title(ch->op == '-' ? ch->component_before
				: ch->component_after)
			: archdoc_boundary_title(ch->op == '-' ? ch->boundary_before : ch->boundary_after);

		archdoc_buf_printf(b, "%s ", kind_name(ch->kind));
		md_text(b, id);
		if (ch->op == '~') {
			archdoc_buf_puts(b, ": ");
			md_fields(b, ch);
		} else {
			archdoc_buf_putc(b, ' ');
			md_quoted(b, title);
		}
		break;
	}
	case ARCHDOC_CHANGE_VIEW: {
		const archdoc_view *v = ch->op == '-' ? ch->view_before : ch->view_after;

		archdoc_buf_puts(b, "view ");
		md_text(b, archdoc_view_id(v));
		if (ch->op == '~') {
			archdoc_buf_puts(b, ": ");
			md_fields(b, ch);
		} else {
			archdoc_buf_putc(b, ' ');
			md_quoted(b, archdoc_view_title(v));
		}
		break;
	}
	case ARCHDOC_CHANGE_RETIRED:
		archdoc_buf_printf(b, "retired number %u", ch->retired);
		if (ch->op == '~') {
			archdoc_buf_puts(b, ": ");
			md_fields(b, ch);
		} else if (*ch->reason) {
			archdoc_buf_putc(b, ' ');
			md_quoted(b, ch->reason);
		}
		break;
	case ARCHDOC_CHANGE_TITLE:
	case ARCHDOC_CHANGE_LAYOUT:
		md_fields(b, ch);
		break;
	}
	archdoc_buf_putc(b, '\n');
}

/* "1 added, 2 changed" for one kind; nothing when none. */
static int counts(archdoc_buf *b, const change_list *L, archdoc_change_kind k, const char *what, int first)
{
	size_t n[3] = { 0, 0, 0 };
	static const char ops[3] = { '+', '-', '~' };
	int said = 0;

	for (size_t i = 0; i < L->count; i++)
		if (L->items[i].kind == k)
			n[L->items[i].op == '+' ? 0 : L->items[i].op == '-' ? 1 : 2]++;
	for (int j = 0; j < 3; j++) {
		if (!n[j])
			continue;
		if (!said) {
			archdoc_buf_puts(b, first ? "" : "; ");
			/* the sentence's first word */
			archdoc_buf_putc(b, first && *what >= 'a' && *what <= 'z' ? (char)(*what - 'a' + 'A') : *what);
			archdoc_buf_printf(b, "%s: ", what + 1);
		}
		archdoc_buf_printf(b, "%s%zu %s", said ? ", " : "", n[j], op_name(ops[j]));
		said = 1;
	}
	return said;
}

static void md_summary(archdoc_buf *b, const change_list *L)
{
	static const char *const what[KINDS] = {
		"connections", "components", "boundaries", "views", "retired numbers", "title", "pinned layout"
	};
	int first = 1;

	if (!L->count) {
		archdoc_buf_puts(b, "No changes.\n");
		return;
	}
	for (size_t k = 0; k < KINDS; k++)
		if (counts(b, L, reading_order[k], what[k], first))
			first = 0;
	archdoc_buf_puts(b, ".\n\n");
	for (size_t k = 0; k < KINDS; k++)
		for (size_t i = 0; i < L->count; i++)
			if (L->items[i].kind == reading_order[k])
				md_change(b, &L->items[i]);
}

long archdoc_diff__markdown(archdoc_buf *out, const archdoc_model *a, const archdoc_model *b,
		const char *old_name, const char *new_name)
{
	change_list L;
	long n;

	if (collect_all(&L, a, b) < 0) {
		list_free(&L);
		return -1;
	}
	archdoc_buf_puts(out, "### Architecture changes: ");
	md_text(out, archdoc_model_title(b));
	archdoc_buf_puts(out, "\n\nFrom ");
	md_text(out, old_name);
	archdoc_buf_puts(out, " to ");
	md_text(out, new_name);
	archdoc_buf_puts(out, ".\n\n");
	md_summary(out, &L);
	n = (long)L.count;
	list_free(&L);
	return out->failed ? -1 : n;
}

/* --- JSON ------------------------------------------------------------------ */

static void json_connection(archdoc_buf *b, unsigned in, const archdoc_connection *c)
{
	const char *proto = archdoc_connection_protocol(c), *port = archdoc_connection_port(c);

	archdoc_buf_puts(b, "{\n");
	archdoc_json__member_uint(b, in + 1, "number", archdoc_connection_number(c), 0);
	archdoc_json__member_string(b, in + 1, "from", archdoc_component_id(archdoc_connection_from(c)), 0);
	archdoc_json__member_string(b, in + 1, "to", archdoc_component_id(archdoc_connection_to(c)), 0);
	archdoc_json__member_string(b, in + 1, "protocol", *proto ? proto : NULL, 0);
	archdoc_json__member_string(b, in + 1, "port", *port ? port : NULL, 0);
	archdoc_json__member_string(b, in + 1, "classification", archdoc_connection_classification(c), 0);
	archdoc_json__member_string(b, in + 1, "data", archdoc_connection_data(c), 1);
	for (unsigned k = 0; k < in; k++)
		archdoc_buf_puts(b, "  ");
	archdoc_buf_putc(b, '}');
}

static void json_box(archdoc_buf *b, unsigned in, const char *id, const char *title, const char *kind,
		const archdoc_boundary *parent)
{
	archdoc_buf_puts(b, "{\n");
	archdoc_json__member_string(b, in + 1, "id", id, 0);
	archdoc_json__member_string(b, in + 1, "title", title, 0);
	archdoc_json__member_string(b, in + 1, "kind", kind, 0);
	archdoc_json__member_string(b, in + 1, "in", parent ? archdoc_boundary_id(parent) : NULL, 1);
	for (unsigned k = 0; k < in; k++)
		archdoc_buf_puts(b, "  ");
	archdoc_buf_putc(b, '}');
}

static void json_view(archdoc_buf *b, unsigned in, const archdoc_view *v)
{
	archdoc_buf_puts(b, "{\n");
	archdoc_json__member_string(b, in + 1, "id", archdoc_view_id(v), 0);
	archdoc_json__member_string(b, in + 1, "title", archdoc_view_title(v), 1);
	for (unsigned k = 0; k < in; k++)
		archdoc_buf_puts(b, "  ");
	archdoc_buf_putc(b, '}');
}

/* One side of a change ("before" or "after"), null when it has none. */
static void json_side(archdoc_buf *b, const archdoc_change *ch, int after)
{
	unsigned in = 3;

	archdoc_json__key(b, in, after ? "after" : "before");
	switch (ch->kind) {
	case ARCHDOC_CHANGE_CONNECTION: {
		const archdoc_connection *c = after ? ch->connection_after : ch->connection_before;

		if (c) {
			json_connection(b, in, c);
			break;
		}
		archdoc_buf_puts(b, "null");
		break;
	}
	case ARCHDOC_CHANGE_COMPONENT: {
		const archdoc_component *c = after ? ch->component_after : ch->component_before;

		if (c)
			json_box(b, in, archdoc_component_id(c), archdoc_component_title(c), archdoc_component_kind(c),
					archdoc_component_boundary(c));
		else
			archdoc_buf_puts(b, "null");
		break;
	}
	case ARCHDOC_CHANGE_BOUNDARY: {
		const archdoc_boundary *x = after ? ch->boundary_after : ch->boundary_before;

		if (x)
			json_box(b, in, archdoc_boundary_id(x), archdoc_boundary_title(x), archdoc_boundary_kind(x),
					archdoc_boundary_parent(x));
		else
			archdoc_buf_puts(b, "null");
		break;
	}
	case ARCHDOC_CHANGE_VIEW: {
		const archdoc_view *v = after ? ch->view_after : ch->view_before;

		if (v)
			json_view(b, in, v);
		else
			archdoc_buf_puts(b, "null");
		break;
	}
	case ARCHDOC_CHANGE_RETIRED:
		if ((after && ch->op != '-') || (!after && ch->op != '+')) {
			archdoc_buf_puts(b, "{\n");
			archdoc_json__member_uint(b, in + 1, "number", ch->retired, 0);
			/* the old reason of a changed one is in fields */
			archdoc_json__member_string(b, in + 1, "reason",
					ch->op == '~' && !after && ch->field_count ? ch->fields[0].before : ch->reason, 1);
			archdoc_buf_puts(b, "      }");
		} else {
			archdoc_buf_puts(b, "null");
		}
		break;
	case ARCHDOC_CHANGE_TITLE:
	case ARCHDOC_CHANGE_LAYOUT:
		archdoc_json__string(b, after ? ch->fields[0].after : ch->fields[0].before);
		break;
	}
	archdoc_buf_puts(b, ",\n");
}

static void json_change(archdoc_buf *b, const archdoc_change *ch)
{
	const archdoc_connection *c = ch->op == '-' ? ch->connection_before : ch->connection_after;

	archdoc_buf_puts(b, "{\n");
	archdoc_json__member_string(b, 3, "op", op_name(ch->op), 0);
	archdoc_json__member_string(b, 3, "kind", kind_name(ch->kind), 0);
	if (ch->kind == ARCHDOC_CHANGE_CONNECTION)
		archdoc_json__member_uint(b, 3, "number", archdoc_connection_number(c), 0);
	else if (ch->kind == ARCHDOC_CHANGE_RETIRED)
		archdoc_json__member_uint(b, 3, "number", ch->retired, 0);
	else if (ch->kind == ARCHDOC_CHANGE_COMPONENT)
		archdoc_json__member_string(b, 3, "id", archdoc_component_id(ch->op == '-' ? ch->component_before
					: ch->component_after), 0);
	else if (ch->kind == ARCHDOC_CHANGE_BOUNDARY)
		archdoc_json__member_string(b, 3, "id", archdoc_boundary_id(ch->op == '-' ? ch->boundary_before
					: ch->boundary_after), 0);
	else if (ch->kind == ARCHDOC_CHANGE_VIEW)
		archdoc_json__member_string(b, 3, "id", archdoc_view_id(ch->op == '-' ? ch->view_before
					: ch->view_after), 0);
	json_side(b, ch, 0);
	json_side(b, ch, 1);
	archdoc_json__key(b, 3, "fields");
	archdoc_buf_putc(b, '[');
	for (size_t i = 0; i < ch->field_count; i++) {
		archdoc_json__open_element(b, 4, i);
		archdoc_buf_puts(b, "{\n");
		archdoc_json__member_string(b, 5, "name", ch->fields[i].name, 0);
		archdoc_json__member_string(b, 5, "before", ch->fields[i].before, 0);
		archdoc_json__member_string(b, 5, "after", ch->fields[i].after, 1);
		archdoc_buf_puts(b, "        }");
	}
	archdoc_json__close_array(b, 3, ch->field_count, 1);
	archdoc_buf_puts(b, "    }");
}

static void json_model(archdoc_buf *b, const char *key, const archdoc_model *m, const char *name)
{
	archdoc_json__key(b, 1, key);
	archdoc_buf_puts(b, "{\n");
	archdoc_json__member_string(b, 2, "source", name, 0);
	archdoc_json__member_string(b, 2, "id", archdoc_model_id(m), 0);
	archdoc_json__member_string(b, 2, "title", archdoc_model_title(m), 1);
	archdoc_buf_puts(b, "  },\n");
}

long archdoc_diff__json(archdoc_buf *out, const archdoc_model *a, const archdoc_model *b,
		const char *old_name, const char *new_name)
{
	change_list L;
	size_t shown = 0;
	long n;

	if (collect_all(&L, a, b) < 0) {
		list_free(&L);
		return -1;
	}
	archdoc_buf_puts(out, "{\n");
	archdoc_json__member_string(out, 1, "archdoc", "diff", 0);
	archdoc_json__member_uint(out, 1, "version", ARCHDOC_DIFF_JSON_VERSION, 0);
	json_model(out, "old", a, old_name);
	json_model(out, "new", b, new_name);
	archdoc_json__key(out, 1, "summary");
	archdoc_buf_puts(out, "{\n");
	for (size_t k = 0; k < KINDS; k++) {
		size_t c[3] = { 0, 0, 0 };

		for (size_t i = 0; i < L.count; i++)
			if (L.items[i].kind == reading_order[k])
				c[L.items[i].op == '+' ? 0 : L.items[i].op == '-' ? 1 : 2]++;
		archdoc_json__key(out, 2, kind_name(reading_order[k]));
		archdoc_buf_printf(out, "{ \"added\": %zu, \"removed\": %zu, \"changed\": %zu }%s\n", c[0], c[1], c[2],
				k + 1 < KINDS ? "," : "");
	}
	archdoc_buf_puts(out, "  },\n");
	archdoc_json__key(out, 1, "changes");
	archdoc_buf_putc(out, '[');
	for (size_t k = 0; k < KINDS; k++)
		for (size_t i = 0; i < L.count; i++)
			if (L.items[i].kind == reading_order[k]) {
				archdoc_json__open_element(out, 2, shown++);
				json_change(out, &L.items[i]);
			}
	archdoc_json__close_array(out, 1, shown, 1);
	archdoc_buf_puts(out, "}\n");
	n = (long)L.count;
	list_free(&L);
	return out->failed ? -1 : n;
}

/* --- HTML ------------------------------------------------------------------ */

static const char diff_css[] =
	":root{color-scheme:light dark;--page-bg:#ffffff;--page-text:#1f2933;--page-muted:#52606d;"
	"--page-link:#1d4f91}\n"
	"@media (prefers-color-scheme: dark){:root{--page-bg:#16191d;--page-text:#e4e7eb;"
	"--page-muted:#aab4bf;--page-link:#8ab4f8}}\n"
	"body{margin:0;background:var(--page-bg);color:var(--page-text);"
	"font:16px/1.5 \"DejaVu Sans\",system-ui,-apple-system,\"Segoe UI\",sans-serif}\n"
	".archdoc-page{max-width:1400px;margin:0 auto;padding:24px 32px 48px}\n"
	".archdoc-page h1{font-size:1.8em;line-height:1.2;margin:0 0 .5em}\n"
	".archdoc-page h2{font-size:1.3em;margin:1.6em 0 .6em}\n"
	".archdoc-page a{color:var(--page-link)}\n"
	".archdoc-diagram{margin:1em 0;overflow-x:auto}\n"
	".archdoc-diagram svg{display:block;max-width:100%;height:auto}\n"
	".archdoc-sources{color:var(--page-muted)}\n";

long archdoc_diff__html(archdoc_buf *out, const archdoc_model *a, const archdoc_model *b,
		const char *old_name, const char *new_name, const char *svg, size_t svg_len)
{
	archdoc_buf md = ARCHDOC_BUF_INIT;
	change_list L;
	long n;

	if (collect_all(&L, a, b) < 0) {
		list_free(&L);
		return -1;
	}
	md_summary(&md, &L);
	archdoc_buf_putc(&md, '\0');
	archdoc_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
			"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
			"<meta name=\"generator\" content=\"archdoc\"/>\n<title>Changes: ");
	archdoc_html__escape(out, archdoc_model_title(b));
	archdoc_buf_printf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n"
			"<div class=\"archdoc-page\" role=\"main\">\n<h1>Changes: ", diff_css);
	archdoc_html__escape(out, archdoc_model_title(b));
	archdoc_buf_puts(out, "</h1>\n<p class=\"archdoc-sources\">");
	archdoc_html__escape(out, old_name);
	archdoc_buf_puts(out, " \xE2\x86\x92 ");
	archdoc_html__escape(out, new_name);
	archdoc_buf_puts(out, "</p>\n<div class=\"archdoc-diagram\">\n");
	archdoc_buf_put(out, svg, svg_len);
	archdoc_buf_puts(out, "\n</div>\n<h2>What changed</h2>\n<div class=\"archdoc-changes\">\n");
	/* the Markdown summary through cmark: the same words as the comment */
	if (!md.failed && archdoc_markdown__block_html(out, md.ptr) < 0)
		out->failed = 1;
	archdoc_buf_puts(out, "</div>\n</div>\n</body>\n</html>\n");
	if (md.failed)
		out->failed = 1;
	archdoc_buf_free(&md);
	n = (long)L.count;
	list_free(&L);
	return out->failed ? -1 : n;
}
