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
#include "diff.h"

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

/* "; title \"A\" -> \"B\"" for each field that changed, the first with ':'. */
static void fields(const archdoc_change *ch)
{
	for (size_t i = 0; i < ch->field_count; i++)
		cli_printf(stdout, "%s %s \"%s\" -> \"%s\"", i ? ";" : ":", ch->fields[i].name,
				ch->fields[i].before, ch->fields[i].after);
	cli_printf(stdout, "\n");
}

/* One change, as a line (archdoc_model_diff finds them). */
static void print_change(const archdoc_change *ch, void *payload)
{
	(void)payload;
	switch (ch->kind) {
	case ARCHDOC_CHANGE_TITLE:
	case ARCHDOC_CHANGE_LAYOUT:
		cli_printf(stdout, "~ %s \"%s\" -> \"%s\"\n", ch->fields[0].name, ch->fields[0].before,
				ch->fields[0].after);
		break;
	case ARCHDOC_CHANGE_BOUNDARY:
		if (ch->op == '-')
			cli_printf(stdout, "- boundary %s \"%s\"\n", archdoc_boundary_id(ch->boundary_before),
					archdoc_boundary_title(ch->boundary_before));
		else if (ch->op == '+')
			cli_printf(stdout, "+ boundary %s \"%s\" in %s\n", archdoc_boundary_id(ch->boundary_after),
					archdoc_boundary_title(ch->boundary_after),
					archdoc_diff_parent_id(archdoc_boundary_parent(ch->boundary_after)));
		else {
			cli_printf(stdout, "~ boundary %s", archdoc_boundary_id(ch->boundary_after));
			fields(ch);
		}
		break;
	case ARCHDOC_CHANGE_COMPONENT:
		if (ch->op == '-')
			cli_printf(stdout, "- component %s \"%s\"\n", archdoc_component_id(ch->component_before),
					archdoc_component_title(ch->component_before));
		else if (ch->op == '+')
			cli_printf(stdout, "+ component %s \"%s\" (%s) in %s\n", archdoc_component_id(ch->component_after),
					archdoc_component_title(ch->component_after), archdoc_component_kind(ch->component_after),
					archdoc_diff_parent_id(archdoc_component_boundary(ch->component_after)));
		else {
			cli_printf(stdout, "~ component %s", archdoc_component_id(ch->component_after));
			fields(ch);
		}
		break;
	case ARCHDOC_CHANGE_RETIRED:
		if (ch->op == '~') {
			cli_printf(stdout, "~ retired %u", ch->retired);
			fields(ch);
		} else {
			cli_printf(stdout, "%c retired %u", ch->op, ch->retired);
			if (*ch->reason)
				cli_printf(stdout, " \"%s\"", ch->reason);
			cli_printf(stdout, "\n");
		}
		break;
	case ARCHDOC_CHANGE_VIEW:
		if (ch->op == '-')
			cli_printf(stdout, "- view %s \"%s\"\n", archdoc_view_id(ch->view_before),
					archdoc_view_title(ch->view_before));
		else if (ch->op == '+')
			cli_printf(stdout, "+ view %s \"%s\"\n", archdoc_view_id(ch->view_after),
					archdoc_view_title(ch->view_after));
		else {
			cli_printf(stdout, "~ view %s", archdoc_view_id(ch->view_after));
			fields(ch);
		}
		break;
	case ARCHDOC_CHANGE_CONNECTION:
		if (ch->op == '~') {
			cli_printf(stdout, "~ connection %u", archdoc_connection_number(ch->connection_after));
			fields(ch);
		} else {
			cli_printf(stdout, "%c ", ch->op);
			describe(ch->op == '-' ? ch->connection_before : ch->connection_after);
		}
		break;
	}
}

static int run(int argc, char **argv)
{
	static const cli_options options = {
		.min_operands = 2, .max_operands = 2, .no_operands = "give two models, OLD and NEW"
	};
	archdoc_model *a = NULL, *b = NULL;
	cli_run r;
	int rc = cli_start(&r, &cli_cmd_diff, argc, argv, &options);

	if (rc >= 0 || (rc = cli_open(&r)) != 0)
		return rc;
	rc = ARCHDOC_EXIT_USAGE;
	/* both are loaded so that both report their problems */
	if ((archdoc_model_load_file(&a, r.ctx, argv[optind]) | archdoc_model_load_file(&b, r.ctx, argv[optind + 1])) == 0) {
		rc = archdoc_model_diff(a, b, print_change, NULL) ? ARCHDOC_EXIT_FAIL : ARCHDOC_EXIT_OK;
		if (fflush(stdout) != 0)
			rc = ARCHDOC_EXIT_USAGE;
	}
	archdoc_model_free(a);
	archdoc_model_free(b);
	cli_finish(&r, 0);
	return rc;
}

const cli_command cli_cmd_diff = {
	"diff", "show what changed between two versions of a model", usage, run, NULL
};
