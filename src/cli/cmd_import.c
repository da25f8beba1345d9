/*
 * archdoc import TABLE: read a connections table people already have
 * (Markdown, HTML or CSV) and write a model (docs/import.md). The report of
 * what to review goes to stderr like check's diagnostics; the model goes
 * to stdout or -o FILE.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"

static const char usage[] =
	"usage: archdoc import [-o MODEL.xml] [--from md|html|csv] [--table N|all]\n"
	"                      [--table-boundaries] [--map MAP] [--fill-down COLUMNS]\n"
	"                      [--id ID] [--title TITLE] TABLE\n"
	"\n"
	"Read a connections table from TABLE (a Markdown pipe table, an HTML page\n"
	"or fragment, or CSV; - for standard input) and write a model with one\n"
	"component per endpoint name and one connection per row. What a reviewer\n"
	"should look at (duplicate numbers, gaps, rows it could not read, names\n"
	"that may denote one component, placeholders) is reported as\n"
	"TABLE:LINE:COL: warning: MESSAGE [RULE-ID].\n"
	"\n"
	"  -o, --output FILE   write the model to FILE, replacing it only once\n"
	"                      complete; - means standard output (the default)\n"
	"      --from FORMAT   md (or markdown), html or csv; default: from TABLE's\n"
	"                      extension (required when TABLE is -)\n"
	"      --table N       read the Nth table of the input (counting from 1), or\n"
	"                      all: every connections table, numbered in document\n"
	"                      order; default: the first that looks like one\n"
	"      --table-boundaries\n"
	"                      with --table all: one boundary per table\n"
	"      --map MAP       column roles for headers: 'Type=protocol,Node=destination';\n"
	"                      roles: number source destination what protocol port\n"
	"                      classification data ignore\n"
	"      --fill-down COLUMNS\n"
	"                      empty cells of these columns (roles or headers,\n"
	"                      comma-separated) take the value above; none: not even\n"
	"                      the automatic fill-down of endpoint columns\n"
	"      --id ID         the model's id (default: from TABLE's file name)\n"
	"      --title TITLE   the model's title (default: the HTML caption, the\n"
	"                      nearest heading above the table, the HTML title, or\n"
	"                      the file name)\n"
	"  -q, --quiet         no summary lines\n"
	"      --max-errors N  print at most N diagnostics (default 1000; 0: all)\n"
	"  -h, --help          show this help\n"
	"\n"
	"Exit status: 0 model written (warnings expected), 1 no connections table\n"
	"found (or the input is not UTF-8, or over a limit), 2 usage or I/O trouble.\n";

enum { OPT_FROM = 256, OPT_TABLE, OPT_ID, OPT_TITLE, OPT_MAP, OPT_FILL_DOWN, OPT_TABLE_BOUNDARIES };

typedef struct import_job {
	archdoc_import_options opts;
	const char *output;
} import_job;

static int parse_table_number(const char *s, unsigned *out)
{
	char *end;
	unsigned long v;

	if (!*s || *s < '0' || *s > '9')
		return -1;
	v = strtoul(s, &end, 10);
	if (*end || v < 1 || v > 1000000)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int option(cli_run *r, int opt, char *arg, void *payload)
{
	import_job *j = payload;
	int rc;

	(void)r;
	switch (opt) {
	case 'o':
		j->output = arg;
		return 0;
	case OPT_FROM:
		rc = archdoc_import_format_from_name(arg);
		if (rc < 0) {
			cli_error("import: unknown input format '%s'; use md (or markdown), html or csv", arg);
			return ARCHDOC_EXIT_USAGE;
		}
		j->opts.format = (archdoc_import_format)rc;
		return 0;
	case OPT_TABLE:
		if (strcmp(arg, "all") == 0) {
			j->opts.table = ARCHDOC_IMPORT_TABLE_ALL;
			return 0;
		}
		if (parse_table_number(arg, &j->opts.table) < 0) {
			cli_error("import: --table takes a table number from 1, or all, not '%s'", arg);
			return ARCHDOC_EXIT_USAGE;
		}
		return 0;
	case OPT_ID:
		j->opts.id = arg;
		return 0;
	case OPT_TITLE:
		j->opts.title = arg;
		return 0;
	case OPT_MAP:
		j->opts.map = arg;
		return 0;
	case OPT_FILL_DOWN:
		j->opts.fill_down = arg;
		return 0;
	case OPT_TABLE_BOUNDARIES:
		j->opts.table_boundaries = 1;
		return 0;
	}
	return ARCHDOC_EXIT_USAGE;
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "table", required_argument, NULL, OPT_TABLE },
		{ "id", required_argument, NULL, OPT_ID },
		{ "title", required_argument, NULL, OPT_TITLE },
		{ "map", required_argument, NULL, OPT_MAP },
		{ "fill-down", required_argument, NULL, OPT_FILL_DOWN },
		{ "table-boundaries", no_argument, NULL, OPT_TABLE_BOUNDARIES },
		{ NULL, 0, NULL, 0 }
	};
	import_job j = { ARCHDOC_IMPORT_OPTIONS_INIT, "-" };
	const cli_options options = {
		.shortopts = "o:", .longopts = longopts, .common = CLI_QUIET, .option = option, .payload = &j,
		.min_operands = 1, .max_operands = 1, .no_operands = "no table given",
		.wrong_operands = "give exactly one table"
	};
	archdoc_import_result res;
	const char *input;
	char *model = NULL;
	size_t len = 0;
	cli_run r;
	int rc = cli_start(&r, &cli_cmd_import, argc, argv, &options), status;

	if (rc >= 0)
		return rc;
	input = argv[optind];
	if (!*j.output) {
		cli_error("import: -o needs a file name, or - for standard output");
		return ARCHDOC_EXIT_USAGE;
	}
	if (strcmp(input, "-") == 0 && j.opts.format == ARCHDOC_IMPORT_AUTO) {
		cli_error("import: reading standard input needs --from md, html or csv");
		return ARCHDOC_EXIT_USAGE;
	}
	if ((rc = cli_open(&r)) != 0)
		return rc;
	rc = archdoc_import_file(&model, &len, &res, r.ctx, input, &j.opts);
	if (rc)
		status = cli_exit_for(rc, input);
	else
		status = cli_output_write(j.output, model, len) == OUTPUT_FAILED ? ARCHDOC_EXIT_USAGE : ARCHDOC_EXIT_OK;
	if (!r.quiet && status == ARCHDOC_EXIT_OK) {
		char from[32] = "every connections table";

		if (res.table)
			snprintf(from, sizeof(from), "table %u", res.table);
		fprintf(stderr, "imported %zu connection%s and %zu component%s (%zu placeholder%s) from %s\n",
				res.connections, res.connections == 1 ? "" : "s", res.components,
				res.components == 1 ? "" : "s", res.placeholders, res.placeholders == 1 ? "" : "s", from);
	}
	archdoc_free(model);
	cli_finish(&r, !r.quiet);
	return status;
}

const cli_command cli_cmd_import = {
	"import", "make a model from an existing connections table (Markdown, HTML or CSV)", usage, run, NULL
};
