/*
 * archdoc table MODEL: print the model's connections table as Markdown,
 * HTML, CSV or JSON (docs/table.md). Model problems are printed like
 * `check` prints them; a model with errors gives no table.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "output.h"

static const char usage[] =
	"usage: archdoc table [-f FORMAT] [-c LIST] [-o FILE] [--view ID] MODEL\n"
	"\n"
	"Print the connections table of MODEL (an XML file in format 1, or - for\n"
	"standard input): one row per connection, in number order.\n"
	"\n"
	"  -f, --format FORMAT   md (the default; also markdown), html, csv or json\n"
	"  -c, --columns LIST    the columns, comma-separated, from: number, source,\n"
	"                        destination, what, protocol, port, classification,\n"
	"                        data (default: the model's <table columns>, else\n"
	"                        number,source,destination,protocol,port,\n"
	"                        classification,data; without classification\n"
	"                        when the model has none)\n"
	"  -o, --output FILE     write FILE (a regular file, not a link), replacing\n"
	"                        it only once complete; - means standard output\n"
	"                        (the default)\n"
	"      --view ID         only the connections the model's view ID shows\n"
	"      --link-diagram    html: link each row's number to #MODEL-connection-N\n"
	"      --guard-formulas  csv: put ' before cells that start with = + - @,\n"
	"                        tab or CR, so spreadsheets do not run them\n"
	"      --max-errors N    print at most N diagnostics (default 1000; 0: all)\n"
	"  -h, --help            show this help\n"
	"\n"
	"Exit status: 0 table written (model warnings allowed), 1 the model has\n"
	"errors or no classification for a classification column asked for, 2\n"
	"usage or I/O trouble.\n";

enum { OPT_LINK_DIAGRAM = 256, OPT_GUARD_FORMULAS, OPT_VIEW };

static void list_columns(FILE *out)
{
	for (int i = 0; i < ARCHDOC_COLUMN__COUNT; i++)
		fprintf(out, "%s%s", i ? ", " : "", archdoc_column_name((archdoc_column)i));
}

/* Reports a bad --columns list; always returns ARCHDOC_EXIT_USAGE. */
static int bad_columns(const char *list, int rc, size_t at, size_t len)
{
	char name[64];

	snprintf(name, sizeof(name), "%.*s", (int)(len < sizeof(name) ? len : sizeof(name) - 1), list + at);
	fputs("archdoc: table: ", stderr);
	if (rc == ARCHDOC_ELIMIT)
		fprintf(stderr, "--columns lists more columns than there are");
	else if (len == 0)
		cli_printf(stderr, "--columns '%s' has an empty column name", list);
	else if (archdoc_column_from_name(name) >= 0)
		cli_printf(stderr, "column '%s' is listed twice in --columns", name);
	else
		cli_printf(stderr, "unknown column '%s' in --columns", name);
	fputs("; the columns are: ", stderr);
	list_columns(stderr);
	fputc('\n', stderr);
	return ARCHDOC_EXIT_USAGE;
}

typedef struct table_job {
	archdoc_table_options topts;
	archdoc_column columns[ARCHDOC_COLUMN__COUNT];
	const char *output;
	const char *view;
} table_job;

static int option(cli_run *r, int opt, char *arg, void *payload)
{
	table_job *t = payload;
	int rc;

	(void)r;
	switch (opt) {
	case 'f':
		rc = archdoc_table_format_from_name(arg);
		if (rc < 0) {
			cli_error("table: unknown format '%s'; use md (or markdown), html, csv or json", arg);
			return ARCHDOC_EXIT_USAGE;
		}
		t->topts.format = (archdoc_table_format)rc;
		return 0;
	case 'c': {
		size_t at = 0, bad_len = 0;

		rc = archdoc_table_columns_parse(t->columns, ARCHDOC_COLUMN__COUNT, &t->topts.column_count,
				arg, &at, &bad_len);
		if (rc < 0)
			return bad_columns(arg, rc, at, bad_len);
		t->topts.columns = t->columns;
		return 0;
	}
	case 'o':
		t->output = arg;
		return 0;
	case OPT_LINK_DIAGRAM:
		t->topts.flags |= ARCHDOC_TABLE_LINK_DIAGRAM;
		return 0;
	case OPT_VIEW:
		t->view = arg;
		return 0;
	case OPT_GUARD_FORMULAS:
		t->topts.flags |= ARCHDOC_TABLE_CSV_GUARD_FORMULAS;
		return 0;
	}
	return ARCHDOC_EXIT_USAGE;
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "columns", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "link-diagram", no_argument, NULL, OPT_LINK_DIAGRAM },
		{ "guard-formulas", no_argument, NULL, OPT_GUARD_FORMULAS },
		{ "view", required_argument, NULL, OPT_VIEW },
		{ NULL, 0, NULL, 0 }
	};
	table_job t = { ARCHDOC_TABLE_OPTIONS_INIT, { 0 }, "-", NULL };
	const cli_options options = {
		.shortopts = "f:c:o:", .longopts = longopts, .option = option, .payload = &t,
		.min_operands = 1, .max_operands = 1, .no_operands = "no model given",
		.wrong_operands = "give exactly one model"
	};
	archdoc_model *m = NULL, *vm = NULL;
	char *table = NULL;
	size_t len = 0;
	cli_run r;
	int rc = cli_start(&r, &cli_cmd_table, argc, argv, &options), status;

	if (rc >= 0)
		return rc;
	if (!*t.output) {
		cli_error("table: -o needs a file name, or - for standard output");
		return ARCHDOC_EXIT_USAGE;
	}
	if ((rc = cli_open(&r)) != 0)
		return rc;
	rc = archdoc_model_load_file(&m, r.ctx, argv[optind]);
	status = ARCHDOC_EXIT_OK;
	if (rc == 0 && t.view)
		status = cli_view(&r, argv[optind], m, t.view, &vm);
	if (rc == 0 && status == ARCHDOC_EXIT_OK)
		rc = archdoc_table_render(&table, &len, r.ctx, vm ? vm : m, &t.topts);
	if (status != ARCHDOC_EXIT_OK)
		;   /* said why */
	else if (rc)
		status = cli_exit_for(rc, argv[optind]);
	else
		status = cli_output_write(t.output, table, len) == OUTPUT_FAILED ? ARCHDOC_EXIT_USAGE : ARCHDOC_EXIT_OK;
	archdoc_free(table);
	archdoc_model_free(vm);
	archdoc_model_free(m);
	cli_finish(&r, 0);
	return status;
}

const cli_command cli_cmd_table = {
	"table", "print the connections table (Markdown, HTML, CSV or JSON)", usage, run, NULL
};
