/*
 * archdoc check MODEL...: validate models, print every problem, exit 0 when
 * none has an error (warnings allowed), 1 when any has, 2 on usage or I/O
 * trouble. Writes nothing.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"usage: archdoc check [--werror] MODEL...\n"
	"\n"
	"Validate each model (an XML file in format 1, or - for standard input)\n"
	"against the schema and archdoc's rules, report every problem as\n"
	"PATH:LINE:COL: error|warning: MESSAGE [RULE-ID], and end with a summary.\n"
	"\n"
	"  -W, --werror   treat warnings as errors\n"
	"  -q, --quiet    no summary line\n"
	"      --max-errors N\n"
	"                 print at most N diagnostics (default 1000; 0: all)\n"
	"  -h, --help     show this help\n"
	"\n"
	"Exit status: 0 valid (warnings allowed), 1 errors found, 2 usage or I/O trouble.\n";

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "werror", no_argument, NULL, 'W' },
		{ "quiet", no_argument, NULL, 'q' },
		CLI_MAX_ERRORS_OPTION,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cli_report rep;
	archdoc_context *ctx;
	int opt, quiet = 0, io_trouble = 0;

	cli_report_init(&rep, stderr);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "Wqh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'W':
			rep.werror = 1;
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
	if (optind >= argc) {
		cli_error("check: no model given");
		fputs(usage, stderr);
		return ARCHDOC_EXIT_USAGE;
	}
	ctx = cli_context(&rep);
	if (!ctx)
		return ARCHDOC_EXIT_USAGE;
	for (int i = optind; i < argc; i++) {
		archdoc_model *m = NULL;
		int rc = archdoc_model_load_file(&m, ctx, argv[i]);

		if (rc == ARCHDOC_EIO || rc == ARCHDOC_ENOMEM)
			io_trouble = 1;
		if (rc == ARCHDOC_ENOMEM)
			cli_error("%s: out of memory", argv[i]);
		archdoc_model_free(m);
	}
	archdoc_context_free(ctx);
	cli_report_finish(&rep);
	if (!quiet)
		cli_report_summary(&rep);
	if (io_trouble)
		return ARCHDOC_EXIT_USAGE;
	return rep.errors ? ARCHDOC_EXIT_FAIL : ARCHDOC_EXIT_OK;
}

const cli_command cli_cmd_check = {
	"check", "validate models and report every problem", usage, run
};
