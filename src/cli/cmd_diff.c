/*
 * archdoc diff OLD NEW: what changed between two versions of a model, in
 * the terms a reviewer reads an architecture change in: components and
 * boundaries added, removed or changed (matched by id), connections added,
 * removed or changed (matched by number). Exit status as diff(1): 0 the
 * same, 1 different, 2 trouble.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"usage: archdoc diff OLD.xml NEW.xml\n"
	"\n"
	"Show what changed between two versions of a model: components and\n"
	"boundaries (matched by id) and connections (matched by number) that were\n"
	"added (+), removed (-) or changed (~), with the fields that changed.\n"
	"\n"
	"      --max-errors N\n"
	"                print at most N diagnostics (default 1000; 0: all)\n"
	"  -h, --help    show this help\n"
	"\n"
	"Exit status: 0 no difference, 1 differences, 2 a model has errors or\n"
	"cannot be read, or bad usage.\n";

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static int differ(const char *a, const char *b)
{
	return strcmp(or_empty(a), or_empty(b)) != 0;
}

static void field(int *first, const char *name, const char *a, const char *b)
{
	if (!differ(a, b))
		return;
	cli_printf(stdout, "%s %s \"%s\" -> \"%s\"", *first ? ":" : ";", name, or_empty(a), or_empty(b));
	*first = 0;
}

static const char *parent_id(const archdoc_boundary *b)
{
	return b ? archdoc_boundary_id(b) : "(top level)";
}

static void describe(const archdoc_connection *c)
{
	const char *cls = archdoc_connection_classification(c);

	cli_printf(stdout, "%u: %s -> %s", archdoc_connection_number(c),
			archdoc_component_title(archdoc_connection_from(c)),
			archdoc_component_title(archdoc_connection_to(c)));
	if (*archdoc_connection_protocol(c) || *archdoc_connection_port(c))
		cli_printf(stdout, ", %s%s%s", archdoc_connection_protocol(c),
				*archdoc_connection_protocol(c) && *archdoc_connection_port(c) ? " " : "",
				archdoc_connection_port(c));
	if (cls)
		cli_printf(stdout, " (%s)", cls);
	cli_printf(stdout, "\n");
}

static int diff_models(const archdoc_model *a, const archdoc_model *b)
{
	int changes = 0;

	if (differ(archdoc_model_title(a), archdoc_model_title(b))) {
		cli_printf(stdout, "~ title \"%s\" -> \"%s\"\n", archdoc_model_title(a), archdoc_model_title(b));
		changes++;
	}
	/* a new pin redraws the whole diagram: worth a reviewer's look */
	if (differ(archdoc_model_diagram_layout(a), archdoc_model_diagram_layout(b))) {
		cli_printf(stdout, "~ layout \"%s\" -> \"%s\"\n", or_empty(archdoc_model_diagram_layout(a)),
				or_empty(archdoc_model_diagram_layout(b)));
		changes++;
	}
	/* boundaries, then components, by id, in the new model's order */
	for (size_t i = 0; i < archdoc_model_boundary_count(a); i++) {
		const archdoc_boundary *x = archdoc_model_boundary(a, i);

		if (!archdoc_model_find_boundary(b, archdoc_boundary_id(x))) {
			cli_printf(stdout, "- boundary %s \"%s\"\n", archdoc_boundary_id(x), archdoc_boundary_title(x));
			changes++;
		}
	}
	for (size_t i = 0; i < archdoc_model_boundary_count(b); i++) {
		const archdoc_boundary *y = archdoc_model_boundary(b, i);
		const archdoc_boundary *x = archdoc_model_find_boundary(a, archdoc_boundary_id(y));
		int first = 1;

		if (!x) {
			cli_printf(stdout, "+ boundary %s \"%s\" in %s\n", archdoc_boundary_id(y), archdoc_boundary_title(y),
					parent_id(archdoc_boundary_parent(y)));
			changes++;
			continue;
		}
		if (!differ(archdoc_boundary_title(x), archdoc_boundary_title(y)) &&
				!differ(archdoc_boundary_kind(x), archdoc_boundary_kind(y)) &&
				!differ(parent_id(archdoc_boundary_parent(x)), parent_id(archdoc_boundary_parent(y))))
			continue;
		cli_printf(stdout, "~ boundary %s", archdoc_boundary_id(y));
		field(&first, "title", archdoc_boundary_title(x), archdoc_boundary_title(y));
		field(&first, "kind", archdoc_boundary_kind(x), archdoc_boundary_kind(y));
		field(&first, "in", parent_id(archdoc_boundary_parent(x)), parent_id(archdoc_boundary_parent(y)));
		cli_printf(stdout, "\n");
		changes++;
	}
	for (size_t i = 0; i < archdoc_model_component_count(a); i++) {
		const archdoc_component *x = archdoc_model_component(a, i);

		if (!archdoc_model_find_component(b, archdoc_component_id(x))) {
			cli_printf(stdout, "- component %s \"%s\"\n", archdoc_component_id(x), archdoc_component_title(x));
			changes++;
		}
	}
	for (size_t i = 0; i < archdoc_model_component_count(b); i++) {
		const archdoc_component *y = archdoc_model_component(b, i);
		const archdoc_component *x = archdoc_model_find_component(a, archdoc_component_id(y));
		int first = 1;

		if (!x) {
			cli_printf(stdout, "+ component %s \"%s\" (%s) in %s\n", archdoc_component_id(y), archdoc_component_title(y),
					archdoc_component_kind(y), parent_id(archdoc_component_boundary(y)));
			changes++;
			continue;
		}
		if (!differ(archdoc_component_title(x), archdoc_component_title(y)) &&
				!differ(archdoc_component_kind(x), archdoc_component_kind(y)) &&
				!differ(parent_id(archdoc_component_boundary(x)), parent_id(archdoc_component_boundary(y))))
			continue;
		cli_printf(stdout, "~ component %s", archdoc_component_id(y));
		field(&first, "title", archdoc_component_title(x), archdoc_component_title(y));
		field(&first, "kind", archdoc_component_kind(x), archdoc_component_kind(y));
		field(&first, "in", parent_id(archdoc_component_boundary(x)), parent_id(archdoc_component_boundary(y)));
		cli_printf(stdout, "\n");
		changes++;
	}
	/* connections by number: both lists are sorted, so merge them */
	{
		size_t i = 0, j = 0, na = archdoc_model_connection_count(a), nb = archdoc_model_connection_count(b);

		while (i < na || j < nb) {
			const archdoc_connection *x = i < na ? archdoc_model_connection(a, i) : NULL;
			const archdoc_connection *y = j < nb ? archdoc_model_connection(b, j) : NULL;
			int first = 1;

			if (x && (!y || archdoc_connection_number(x) < archdoc_connection_number(y))) {
				cli_printf(stdout, "- ");
				describe(x);
				changes++;
				i++;
				continue;
			}
			if (y && (!x || archdoc_connection_number(y) < archdoc_connection_number(x))) {
				cli_printf(stdout, "+ ");
				describe(y);
				changes++;
				j++;
				continue;
			}
			i++;
			j++;
			if (!differ(archdoc_component_id(archdoc_connection_from(x)), archdoc_component_id(archdoc_connection_from(y))) &&
					!differ(archdoc_component_id(archdoc_connection_to(x)), archdoc_component_id(archdoc_connection_to(y))) &&
					!differ(archdoc_connection_protocol(x), archdoc_connection_protocol(y)) &&
					!differ(archdoc_connection_port(x), archdoc_connection_port(y)) &&
					!differ(archdoc_connection_classification(x), archdoc_connection_classification(y)) &&
					!differ(archdoc_connection_data(x), archdoc_connection_data(y)))
				continue;
			cli_printf(stdout, "~ connection %u", archdoc_connection_number(y));
			field(&first, "from", archdoc_component_id(archdoc_connection_from(x)),
					archdoc_component_id(archdoc_connection_from(y)));
			field(&first, "to", archdoc_component_id(archdoc_connection_to(x)),
					archdoc_component_id(archdoc_connection_to(y)));
			field(&first, "protocol", archdoc_connection_protocol(x), archdoc_connection_protocol(y));
			field(&first, "port", archdoc_connection_port(x), archdoc_connection_port(y));
			field(&first, "classification", archdoc_connection_classification(x),
					archdoc_connection_classification(y));
			field(&first, "data", archdoc_connection_data(x), archdoc_connection_data(y));
			cli_printf(stdout, "\n");
			changes++;
		}
	}
	return changes;
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_MAX_ERRORS_OPTION,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	archdoc_model *a = NULL, *b = NULL;
	archdoc_context *ctx;
	cli_report rep;
	int opt, rc = ARCHDOC_EXIT_USAGE;

	cli_report_init(&rep, stderr);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (opt == 'h') {
			fputs(usage, stdout);
			return ARCHDOC_EXIT_OK;
		}
		if (opt == CLI_OPT_MAX_ERRORS) {
			if (cli_report_max_errors(&rep, optarg) < 0)
				return ARCHDOC_EXIT_USAGE;
			continue;
		}
		fputs(usage, stderr);
		return ARCHDOC_EXIT_USAGE;
	}
	if (argc - optind != 2) {
		cli_error("diff: give two models, OLD and NEW");
		fputs(usage, stderr);
		return ARCHDOC_EXIT_USAGE;
	}
	ctx = cli_context(&rep);
	if (!ctx)
		return ARCHDOC_EXIT_USAGE;
	/* both are loaded so that both report their problems */
	if ((archdoc_model_load_file(&a, ctx, argv[optind]) | archdoc_model_load_file(&b, ctx, argv[optind + 1])) == 0) {
		rc = diff_models(a, b) ? ARCHDOC_EXIT_FAIL : ARCHDOC_EXIT_OK;
		if (fflush(stdout) != 0)
			rc = ARCHDOC_EXIT_USAGE;
	}
	archdoc_model_free(a);
	archdoc_model_free(b);
	archdoc_context_free(ctx);
	cli_report_finish(&rep);
	return rc;
}

const cli_command cli_cmd_diff = {
	"diff", "show what changed between two versions of a model", usage, run
};
