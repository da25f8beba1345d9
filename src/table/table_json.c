/*
 * JSON: the model as data, for other tools (docs/json-format.md). One
 * object with a fixed key order, printed the way `jq .` prints: two-space
 * indentation, one member per line, "[]" for an empty array, a newline at
 * the end. Strings are UTF-8; besides what RFC 8259 requires, < > & and
 * U+2028/U+2029 are written as \u escapes so the document can sit inside an
 * HTML <script> element or a JavaScript string unchanged.
 *
 * The header cells give the "columns" array; each row gives one connection
 * object with every field, whatever the columns (they only say how a table
 * of this model is laid out).
 */
#include "table.h"

#include "json.h"

static int json_begin(archdoc_table__out *t)
{
	archdoc_buf *b = t->out;
	const archdoc_boundary *by = archdoc_model_classify_by(t->model);

	archdoc_buf_puts(b, "{\n");
	archdoc_json__member_string(b, 1, "archdoc", "table", 0);
	archdoc_json__member_uint(b, 1, "version", ARCHDOC_TABLE_JSON_VERSION, 0);
	archdoc_json__key(b, 1, "model");
	archdoc_buf_puts(b, "{\n");
	archdoc_json__member_string(b, 2, "id", archdoc_model_id(t->model), 0);
	archdoc_json__member_string(b, 2, "title", archdoc_model_title(t->model), 0);
	archdoc_json__member_string(b, 2, "description", archdoc_model_description(t->model), 0);
	archdoc_json__member_string(b, 2, "classify_by", by ? archdoc_boundary_id(by) : NULL, 1);
	archdoc_buf_puts(b, "  },\n");
	archdoc_json__key(b, 1, "columns");
	archdoc_buf_putc(b, '[');
	return 0;
}

static int json_header_cell(archdoc_table__out *t, size_t index, archdoc_column column, const char *header)
{
	archdoc_buf *b = t->out;

	archdoc_json__open_element(b, 2, index);
	archdoc_buf_puts(b, "{\n");
	archdoc_json__member_string(b, 3, "name", archdoc_column_name(column), 0);
	archdoc_json__member_string(b, 3, "header", header, 1);
	archdoc_buf_puts(b, "    }");
	return 0;
}

static void boundaries(archdoc_table__out *t)
{
	archdoc_buf *b = t->out;
	size_t n = archdoc_model_boundary_count(t->model);

	archdoc_json__key(b, 1, "boundaries");
	archdoc_buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		const archdoc_boundary *bd = archdoc_model_boundary(t->model, i);
		const archdoc_boundary *parent = archdoc_boundary_parent(bd);

		archdoc_json__open_element(b, 2, i);
		archdoc_buf_puts(b, "{\n");
		archdoc_json__member_string(b, 3, "id", archdoc_boundary_id(bd), 0);
		archdoc_json__member_string(b, 3, "title", archdoc_boundary_title(bd), 0);
		archdoc_json__member_string(b, 3, "kind", archdoc_boundary_kind(bd), 0);
		archdoc_json__member_string(b, 3, "parent", parent ? archdoc_boundary_id(parent) : NULL, 1);
		archdoc_buf_puts(b, "    }");
	}
	archdoc_json__close_array(b, 1, n, 0);
}

static void components(archdoc_table__out *t)
{
	archdoc_buf *b = t->out;
	size_t n = archdoc_model_component_count(t->model);

	archdoc_json__key(b, 1, "components");
	archdoc_buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		const archdoc_component *c = archdoc_model_component(t->model, i);
		const archdoc_boundary *inner = archdoc_component_boundary(c);
		unsigned depth = inner ? archdoc_boundary_depth(inner) + 1 : 0;

		archdoc_json__open_element(b, 2, i);
		archdoc_buf_puts(b, "{\n");
		archdoc_json__member_string(b, 3, "id", archdoc_component_id(c), 0);
		archdoc_json__member_string(b, 3, "title", archdoc_component_title(c), 0);
		archdoc_json__member_string(b, 3, "kind", archdoc_component_kind(c), 0);
		archdoc_json__key(b, 3, "boundaries");
		archdoc_buf_putc(b, '[');
		/* outermost first: level k is inner's ancestor depth-1-k steps up */
		for (unsigned k = 0; k < depth; k++) {
			const archdoc_boundary *bd = inner;

			for (unsigned up = depth - 1 - k; up; up--)
				bd = archdoc_boundary_parent(bd);
			archdoc_json__open_element(b, 4, k);
			archdoc_json__string(b, archdoc_boundary_id(bd));
		}
		archdoc_json__close_array(b, 3, depth, 1);
		archdoc_buf_puts(b, "    }");
	}
	archdoc_json__close_array(b, 1, n, 0);
}

static int json_body_begin(archdoc_table__out *t)
{
	archdoc_json__close_array(t->out, 1, t->column_count, 0);
	boundaries(t);
	components(t);
	archdoc_json__key(t->out, 1, "connections");
	archdoc_buf_putc(t->out, '[');
	return 0;
}

static int json_row_begin(archdoc_table__out *t, const archdoc_connection *c)
{
	archdoc_buf *b = t->out;
	size_t nports = archdoc_connection_port_range_count(c);

	archdoc_json__open_element(b, 2, c != archdoc_model_connection(t->model, 0));
	archdoc_buf_puts(b, "{\n");
	archdoc_json__member_uint(b, 3, "number", archdoc_connection_number(c), 0);
	archdoc_json__member_string(b, 3, "from", archdoc_component_id(archdoc_connection_from(c)), 0);
	archdoc_json__member_string(b, 3, "to", archdoc_component_id(archdoc_connection_to(c)), 0);
	/* several ends (from="a b"): every one; "from"/"to" stay the first */
	for (int side = 0; side < 2; side++) {
		size_t n = side ? archdoc_connection_to_count(c) : archdoc_connection_from_count(c);

		if (n < 2)
			continue;
		archdoc_json__key(b, 3, side ? "to_all" : "from_all");
		archdoc_buf_putc(b, '[');
		for (size_t i = 0; i < n; i++) {
			archdoc_buf_puts(b, i ? ", " : "");
			archdoc_json__string(b, archdoc_component_id(side ? archdoc_connection_to_at(c, i)
						: archdoc_connection_from_at(c, i)));
		}
		archdoc_buf_puts(b, "],\n");
	}
	archdoc_json__member_string(b, 3, "protocol", archdoc_connection_protocol(c), 0);
	archdoc_json__member_string(b, 3, "port", archdoc_connection_port(c), 0);
	archdoc_json__key(b, 3, "ports");
	archdoc_buf_putc(b, '[');
	for (size_t i = 0; i < nports; i++) {
		unsigned lo, hi;

		archdoc_connection_port_range(c, i, &lo, &hi);
		archdoc_json__open_element(b, 4, i);
		archdoc_buf_puts(b, "{\n");
		archdoc_json__member_uint(b, 5, "first", lo, 0);
		archdoc_json__member_uint(b, 5, "last", hi, 1);
		archdoc_buf_puts(b, "        }");
	}
	archdoc_json__close_array(b, 3, nports, 0);
	archdoc_json__member_string(b, 3, "classification", archdoc_connection_classification(c), 0);
	archdoc_json__member_string(b, 3, "stated_classification", archdoc_connection_stated_classification(c), 0);
	archdoc_json__member_string(b, 3, "data", archdoc_connection_data(c), 1);
	archdoc_buf_puts(b, "    }");
	return 0;
}

static int json_end(archdoc_table__out *t)
{
	archdoc_json__close_array(t->out, 1, archdoc_model_connection_count(t->model), 1);
	archdoc_buf_puts(t->out, "}\n");
	return 0;
}

const archdoc_table__backend archdoc_table__json = {
	ARCHDOC_TABLE_JSON, "json", NULL, "json", "application/json",
	json_begin, json_header_cell, json_body_begin, json_row_begin, NULL, NULL, json_end
};
