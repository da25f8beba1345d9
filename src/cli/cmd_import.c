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
	"usage: archdoc import [-o MODEL.xml] [--from md|html|csv] [--table N]\n"
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
	"      --table N       read the Nth table of the input (counting from 1);\n"
	"                      default: the first that looks like a connections table\n"
	"      --id ID         the model's id (default: from TABLE's file name)\n"
	"      --title TITLE   the model's title (default: the HTML caption or\n"
	"                      title, the first Markdown heading, or the file name)\n"
	"  -q, --quiet         no summary lines\n"
	"      --max-errors N  print at most N diagnostics (default 1000; 0: all)\n"
	"  -h, --help          show this help\n"
	"\n"
	"Exit status: 0 model written (warnings expected), 1 no connections table\n"
	"found (or the input is not UTF-8, or over a limit), 2 usage or I/O trouble.\n";

enum { OPT_FROM = 256, OPT_TABLE, OPT_ID, OPT_TITLE };

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

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "table", required_argument, NULL, OPT_TABLE },
		{ "id", required_argument, NULL, OPT_ID },
		{ "title", required_argument, NULL, OPT_TITLE },
		{ "quiet", no_argument, NULL, 'q' },
		CLI_MAX_ERRORS_OPTION,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	archdoc_import_options opts = ARCHDOC_IMPORT_OPTIONS_INIT;
	archdoc_import_result res;
	const char *output = "-", *input;
	archdoc_context *ctx;
	char *model = NULL;
	size_t len = 0;
	cli_report rep;
	int opt, rc, quiet = 0, status;

	cli_report_init(&rep, stderr);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'o':
			output = optarg;
			break;
		case OPT_FROM:
			rc = archdoc_import_format_from_name(optarg);
			if (rc < 0) {
				cli_error("import: unknown input format '%s'; use md (or markdown), html or csv", optarg);
				return ARCHDOC_EXIT_USAGE;
			}
			opts.format = (archdoc_import_format)rc;
			break;
		case OPT_TABLE:
			if (parse_table_number(optarg, &opts.table) < 0) {
				cli_error("import: --table takes a table number from 1, not '%s'", optarg);
				return ARCHDOC_EXIT_USAGE;
			}
			break;
		case OPT_ID:
			opts.id = optarg;
			break;
		case OPT_TITLE:
			opts.title = optarg;
			break;
		case 'q':
			quiet = 1;
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
		cli_error(optind >= argc ? "import: no table given" : "import: give exactly one table");
		fputs(usage, stderr);
		return ARCHDOC_EXIT_USAGE;
	}
	input = argv[optind];
	if (!*output) {
		cli_error("import: -o needs a file name, or - for standard output");
		return ARCHDOC_EXIT_USAGE;
	}
	if (strcmp(input, "-") == 0 && opts.format == ARCHDOC_IMPORT_AUTO) {
		cli_error("import: reading standard input needs --from md, html or csv");
		return ARCHDOC_EXIT_USAGE;
	}

	ctx = cli_context(&rep);
	if (!ctx)
		return ARCHDOC_EXIT_USAGE;
	rc = archdoc_import_file(&model, &len, &res, ctx, input, &opts);
	switch (rc) {
	case 0:
		status = cli_output_write(output, model, len) == OUTPUT_FAILED ? ARCHDOC_EXIT_USAGE : ARCHDOC_EXIT_OK;
		break;
	case ARCHDOC_ENOMEM:
		cli_error("%s: out of memory", input);
		status = ARCHDOC_EXIT_USAGE;
		break;
	case ARCHDOC_EIO:
	case ARCHDOC_EUSAGE:
		/* the library already said why */
		status = ARCHDOC_EXIT_USAGE;
		break;
	default:
		status = ARCHDOC_EXIT_FAIL;
		break;
	}
	if (!quiet) {
		if (status == ARCHDOC_EXIT_OK)
			fprintf(stderr, "imported %zu connection%s and %zu component%s (%zu placeholder%s) from table %u\n",
					res.connections, res.connections == 1 ? "" : "s", res.components,
					res.components == 1 ? "" : "s", res.placeholders, res.placeholders == 1 ? "" : "s",
					res.table);
		cli_report_summary(&rep);
	}
	archdoc_free(model);
	archdoc_context_free(ctx);
	cli_report_finish(&rep);
	return status;
}

const cli_command cli_cmd_import = {
	"import", "make a model from an existing connections table (Markdown, HTML or CSV)", usage, run
};
