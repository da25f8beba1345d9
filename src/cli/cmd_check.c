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
	static const cli_options options = {
		.common = CLI_WERROR | CLI_QUIET, .min_operands = 1, .max_operands = -1,
		.no_operands = "no model given"
	};
	cli_run r;
	int rc = cli_start(&r, &cli_cmd_check, argc, argv, &options);

	if (rc >= 0 || (rc = cli_open(&r)) != 0)
		return rc;
	for (int i = optind; i < argc; i++) {
		archdoc_model *m = NULL;

		cli_load(&r, argv[i], &m);
		archdoc_model_free(m);
	}
	cli_finish(&r, !r.quiet);
	if (r.io_trouble)
		return ARCHDOC_EXIT_USAGE;
	return r.rep.errors ? ARCHDOC_EXIT_FAIL : ARCHDOC_EXIT_OK;
}

const cli_command cli_cmd_check = {
	"check", "validate models and report every problem", usage, run, NULL
};
