#include "diff.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "model.h"

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static int differ(const char *a, const char *b)
{
	return strcmp(or_empty(a), or_empty(b)) != 0;
}

const char *archdoc_diff_parent_id(const archdoc_boundary *b)
{
	return b ? archdoc_boundary_id(b) : "(top level)";
}

/* Add a field to ch when it differs. */
static void field(archdoc_change *ch, const char *name, const char *a, const char *b)
{
	if (!differ(a, b) || ch->field_count >= ARCHDOC_CHANGE_MAX_FIELDS)
		return;
	ch->fields[ch->field_count].name = name;
	ch->fields[ch->field_count].before = or_empty(a);
	ch->fields[ch->field_count].after = or_empty(b);
	ch->field_count++;
}

typedef struct differ_state {
	void (*fn)(const archdoc_change *change, void *payload);
	void *payload;
	size_t changes;
} differ_state;

static void emit(differ_state *st, const archdoc_change *ch)
{
	st->fn(ch, st->payload);
	st->changes++;
}

static void change(archdoc_change *ch, char op, archdoc_change_kind kind)
{
	memset(ch, 0, sizeof(*ch));
	ch->op = op;
	ch->kind = kind;
}

static void boundaries(differ_state *st, const archdoc_model *a, const archdoc_model *b)
{
	archdoc_change ch;

	for (size_t i = 0; i < archdoc_model_boundary_count(a); i++) {
		const archdoc_boundary *x = archdoc_model_boundary(a, i);

		if (archdoc_model_find_boundary(b, archdoc_boundary_id(x)))
			continue;
		change(&ch, '-', ARCHDOC_CHANGE_BOUNDARY);
		ch.boundary_before = x;
		emit(st, &ch);
	}
	for (size_t i = 0; i < archdoc_model_boundary_count(b); i++) {
		const archdoc_boundary *y = archdoc_model_boundary(b, i);
		const archdoc_boundary *x = archdoc_model_find_boundary(a, archdoc_boundary_id(y));

		change(&ch, x ? '~' : '+', ARCHDOC_CHANGE_BOUNDARY);
		ch.boundary_before = x;
		ch.boundary_after = y;
		if (x) {
			field(&ch, "title", archdoc_boundary_title(x), archdoc_boundary_title(y));
			field(&ch, "kind", archdoc_boundary_kind(x), archdoc_boundary_kind(y));
			field(&ch, "in", archdoc_diff_parent_id(archdoc_boundary_parent(x)),
					archdoc_diff_parent_id(archdoc_boundary_parent(y)));
		}
		if (!x || ch.field_count)
			emit(st, &ch);
	}
}

static void components(differ_state *st, const archdoc_model *a, const archdoc_model *b)
{
	archdoc_change ch;

	for (size_t i = 0; i < archdoc_model_component_count(a); i++) {
		const archdoc_component *x = archdoc_model_component(a, i);

		if (archdoc_model_find_component(b, archdoc_component_id(x)))
			continue;
		change(&ch, '-', ARCHDOC_CHANGE_COMPONENT);
		ch.component_before = x;
		emit(st, &ch);
	}
	for (size_t i = 0; i < archdoc_model_component_count(b); i++) {
		const archdoc_component *y = archdoc_model_component(b, i);
		const archdoc_component *x = archdoc_model_find_component(a, archdoc_component_id(y));

		change(&ch, x ? '~' : '+', ARCHDOC_CHANGE_COMPONENT);
		ch.component_before = x;
		ch.component_after = y;
		if (x) {
			field(&ch, "title", archdoc_component_title(x), archdoc_component_title(y));
			field(&ch, "kind", archdoc_component_kind(x), archdoc_component_kind(y));
			field(&ch, "in", archdoc_diff_parent_id(archdoc_component_boundary(x)),
					archdoc_diff_parent_id(archdoc_component_boundary(y)));
		}
		if (!x || ch.field_count)
			emit(st, &ch);
	}
}

/* Connections by number: both lists are sorted, so merge them. */
static void connections(differ_state *st, const archdoc_model *a, const archdoc_model *b)
{
	size_t i = 0, j = 0, na = archdoc_model_connection_count(a), nb = archdoc_model_connection_count(b);
	archdoc_change ch;

	while (i < na || j < nb) {
		const archdoc_connection *x = i < na ? archdoc_model_connection(a, i) : NULL;
		const archdoc_connection *y = j < nb ? archdoc_model_connection(b, j) : NULL;

		if (x && (!y || archdoc_connection_number(x) < archdoc_connection_number(y))) {
			change(&ch, '-', ARCHDOC_CHANGE_CONNECTION);
			ch.connection_before = x;
			emit(st, &ch);
			i++;
			continue;
		}
		if (y && (!x || archdoc_connection_number(y) < archdoc_connection_number(x))) {
			change(&ch, '+', ARCHDOC_CHANGE_CONNECTION);
			ch.connection_after = y;
			emit(st, &ch);
			j++;
			continue;
		}
		i++;
		j++;
		change(&ch, '~', ARCHDOC_CHANGE_CONNECTION);
		ch.connection_before = x;
		ch.connection_after = y;
		field(&ch, "from", x->from_list, y->from_list);
		field(&ch, "to", x->to_list, y->to_list);
		field(&ch, "protocol", archdoc_connection_protocol(x), archdoc_connection_protocol(y));
		field(&ch, "port", archdoc_connection_port(x), archdoc_connection_port(y));
		field(&ch, "classification", archdoc_connection_classification(x),
				archdoc_connection_classification(y));
		field(&ch, "data", archdoc_connection_data(x), archdoc_connection_data(y));
		if (ch.field_count)
			emit(st, &ch);
	}
}

/* A view's rules as text, "include component=dcu depth=1; collapse
 * boundary=pulse" (malloc'd, NULL on out of memory). */
static char *rules_text(const struct archdoc_view *v)
{
	archdoc_buf b = ARCHDOC_BUF_INIT;

	for (size_t i = 0; i < v->rule_count; i++) {
		const archdoc_view_rule *r = &v->rules[i];

		archdoc_buf_printf(&b, "%s%s", i ? "; " : "", r->kind == ARCHDOC_VIEW_INCLUDE ? "include" :
				r->kind == ARCHDOC_VIEW_EXCLUDE ? "exclude" : "collapse");
		if (r->boundary)
			archdoc_buf_printf(&b, " boundary=%s", r->boundary);
		if (r->component)
			archdoc_buf_printf(&b, " component=%s", r->component);
		if (r->classification)
			archdoc_buf_printf(&b, " classification=%s", r->classification);
		if (r->connections)
			archdoc_buf_printf(&b, " connections=%s", r->connections);
		if (r->depth)
			archdoc_buf_printf(&b, " depth=%u", r->depth);
	}
	archdoc_buf_putc(&b, '\0');
	if (b.failed) {
		archdoc_buf_free(&b);
		return NULL;
	}
	return archdoc_buf_detach(&b, NULL);
}

/* The numbers a view shows, "1-5, 9" (malloc'd; "" when it cannot say). */
static char *shown_text(const archdoc_model *m, const struct archdoc_view *v)
{
	archdoc_model *vm = NULL;
	archdoc_buf b = ARCHDOC_BUF_INIT;

	if (archdoc_view_model(&vm, NULL, m, v) == 0) {
		size_t n = archdoc_model_connection_count(vm);

		for (size_t i = 0, j; i < n; i = j) {
			unsigned lo = archdoc_connection_number(archdoc_model_connection(vm, i));

			for (j = i + 1; j < n && archdoc_connection_number(archdoc_model_connection(vm, j)) ==
					archdoc_connection_number(archdoc_model_connection(vm, j - 1)) + 1; j++)
				;
			if (j - i >= 3)
				archdoc_buf_printf(&b, "%s%u-%u", i ? ", " : "", lo,
						archdoc_connection_number(archdoc_model_connection(vm, j - 1)));
			else
				for (size_t k = i; k < j; k++)
					archdoc_buf_printf(&b, "%s%u", k ? ", " : "",
							archdoc_connection_number(archdoc_model_connection(vm, k)));
		}
	}
	archdoc_model_free(vm);
	archdoc_buf_putc(&b, '\0');
	if (b.failed) {
		archdoc_buf_free(&b);
		return strdup("");
	}
	return archdoc_buf_detach(&b, NULL);
}

/* Retired numbers, by number: retired (+), no longer retired (-), reason
 * changed (~). */
static void retirements(differ_state *st, const archdoc_model *a, const archdoc_model *b)
{
	size_t i = 0, j = 0;
	archdoc_change ch;

	while (i < a->retired_count || j < b->retired_count) {
		const archdoc_retired *x = i < a->retired_count ? &a->retired[i] : NULL;
		const archdoc_retired *y = j < b->retired_count ? &b->retired[j] : NULL;

		if (x && (!y || x->n < y->n)) {
			change(&ch, '-', ARCHDOC_CHANGE_RETIRED);
			ch.retired = x->n;
			ch.reason = x->reason;
			emit(st, &ch);
			i++;
		} else if (y && (!x || y->n < x->n)) {
			change(&ch, '+', ARCHDOC_CHANGE_RETIRED);
			ch.retired = y->n;
			ch.reason = y->reason;
			emit(st, &ch);
			j++;
		} else {
			change(&ch, '~', ARCHDOC_CHANGE_RETIRED);
			ch.retired = y->n;
			ch.reason = y->reason;
			field(&ch, "reason", x->reason, y->reason);
			if (ch.field_count)
				emit(st, &ch);
			i++;
			j++;
		}
	}
}

static void views(differ_state *st, const archdoc_model *a, const archdoc_model *b)
{
	archdoc_change ch;

	for (size_t i = 0; i < a->view_count; i++)
		if (!archdoc_model_find_view(b, a->views[i]->id)) {
			change(&ch, '-', ARCHDOC_CHANGE_VIEW);
			ch.view_before = a->views[i];
			emit(st, &ch);
		}
	for (size_t i = 0; i < b->view_count; i++) {
		const struct archdoc_view *y = b->views[i], *x = archdoc_model_find_view(a, y->id);
		char *rx, *ry, *sx, *sy;

		if (!x) {
			change(&ch, '+', ARCHDOC_CHANGE_VIEW);
			ch.view_after = y;
			emit(st, &ch);
			continue;
		}
		change(&ch, '~', ARCHDOC_CHANGE_VIEW);
		ch.view_before = x;
		ch.view_after = y;
		rx = rules_text(x);
		ry = rules_text(y);
		sx = shown_text(a, x);
		sy = shown_text(b, y);
		field(&ch, "title", x->title, y->title);
		field(&ch, "merge", x->merge_parallel ? "parallel" : "none", y->merge_parallel ? "parallel" : "none");
		field(&ch, "layout", x->layout, y->layout);
		field(&ch, "rules", rx ? rx : "", ry ? ry : "");
		field(&ch, "shows", sx ? sx : "", sy ? sy : "");
		/* the fields point into these: emit before freeing */
		if (ch.field_count)
			emit(st, &ch);
		free(rx);
		free(ry);
		free(sx);
		free(sy);
	}
}

size_t archdoc_model_diff(const archdoc_model *a, const archdoc_model *b,
		void (*fn)(const archdoc_change *change, void *payload), void *payload)
{
	differ_state st = { fn, payload, 0 };
	archdoc_change ch;

	if (differ(archdoc_model_title(a), archdoc_model_title(b))) {
		change(&ch, '~', ARCHDOC_CHANGE_TITLE);
		field(&ch, "title", archdoc_model_title(a), archdoc_model_title(b));
		emit(&st, &ch);
	}
	/* a new pin redraws the whole diagram: worth a reviewer's look */
	if (differ(archdoc_model_diagram_layout(a), archdoc_model_diagram_layout(b))) {
		change(&ch, '~', ARCHDOC_CHANGE_LAYOUT);
		field(&ch, "layout", archdoc_model_diagram_layout(a), archdoc_model_diagram_layout(b));
		emit(&st, &ch);
	}
	boundaries(&st, a, b);
	components(&st, a, b);
	connections(&st, a, b);
	retirements(&st, a, b);
	views(&st, a, b);
	return st.changes;
}
