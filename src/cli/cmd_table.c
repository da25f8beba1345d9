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
	"usage: archdoc table [-f FORMAT] [-c LIST] [-o FILE] MODEL\n"
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
	"      --link-diagram    html: link each row's number to #MODEL-connection-N\n"
	"      --guard-formulas  csv: put ' before cells that start with = + - @,\n"
	"                        tab or CR, so spreadsheets do not run them\n"
	"      --max-errors N    print at most N diagnostics (default 1000; 0: all)\n"
	"  -h, --help            show this help\n"
	"\n"
	"Exit status: 0 table written (model warnings allowed), 1 the model has\n"
	"errors or no classification for a classification column asked for, 2\n"
	"usage or I/O trouble. See docs/table.md.\n";

enum { OPT_LINK_DIAGRAM = 256, OPT_GUARD_FORMULAS };

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

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "columns", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "link-diagram", no_argument, NULL, OPT_LINK_DIAGRAM },
		{ "guard-formulas", no_argument, NULL, OPT_GUARD_FORMULAS },
		CLI_MAX_ERRORS_OPTION,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	archdoc_table_options topts = ARCHDOC_TABLE_OPTIONS_INIT;
	archdoc_column columns[ARCHDOC_COLUMN__COUNT];
	const char *output = "-";
	archdoc_context *ctx = NULL;
	archdoc_model *m = NULL;
	char *table = NULL;
	size_t len = 0;
	cli_report rep;
	int opt, rc, status = ARCHDOC_EXIT_OK;

	cli_report_init(&rep, stderr);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "f:c:o:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			rc = archdoc_table_format_from_name(optarg);
			if (rc < 0) {
				cli_error("table: unknown format '%s'; use md (or markdown), html, csv or json", optarg);
				return ARCHDOC_EXIT_USAGE;
			}
			topts.format = (archdoc_table_format)rc;
			break;
		case 'c': {
			size_t at = 0, bad_len = 0;

			rc = archdoc_table_columns_parse(columns, ARCHDOC_COLUMN__COUNT, &topts.column_count,
					optarg, &at, &bad_len);
			if (rc < 0)
				return bad_columns(optarg, rc, at, bad_len);
			topts.columns = columns;
			break;
		}
		case 'o':
			output = optarg;
			break;
		case OPT_LINK_DIAGRAM:
			topts.flags |= ARCHDOC_TABLE_LINK_DIAGRAM;
			break;
		case OPT_GUARD_FORMULAS:
			topts.flags |= ARCHDOC_TABLE_CSV_GUARD_FORMULAS;
			break;
		case CLI_OPT_MAX_ERRORS:
			if (cli_report_max_errors(&rep, optarg) < 0)
				return ARCHDOC_EXIT_USAGE;
			break;
		case 'h':
			fputs(usage, stdout);
			return ARCHDOC_EXIT_OK;
		default:
			fputs(usage, stderr);
			return ARCHDOC_EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		cli_error(optind >= argc ? "table: no model given" : "table: give exactly one model");
		fputs(usage, stderr);
		return ARCHDOC_EXIT_USAGE;
	}
	if (!*output) {
		cli_error("table: -o needs a file name, or - for standard output");
		return ARCHDOC_EXIT_USAGE;
	}

	ctx = cli_context(&rep);
	if (!ctx)
		return ARCHDOC_EXIT_USAGE;
	rc = archdoc_model_load_file(&m, ctx, argv[optind]);
	if (rc == 0)
		rc = archdoc_table_render(&table, &len, ctx, m, &topts);
	switch (rc) {
	case 0:
		if (cli_output_write(output, table, len) == OUTPUT_FAILED)
			status = ARCHDOC_EXIT_USAGE;
		break;
	case ARCHDOC_ENOMEM:
		cli_error("%s: out of memory", argv[optind]);
		status = ARCHDOC_EXIT_USAGE;
		break;
	case ARCHDOC_EIO:
	case ARCHDOC_EUSAGE:
		/* the loader or the table already said why */
		status = ARCHDOC_EXIT_USAGE;
		break;
	default:
		status = ARCHDOC_EXIT_FAIL;
		break;
	}
	archdoc_free(table);
	archdoc_model_free(m);
	archdoc_context_free(ctx);
	cli_report_finish(&rep);
	return status;
}

const cli_command cli_cmd_table = {
	"table", "print the connections table (Markdown, HTML, CSV or JSON)", usage, run
};
