/*
 * archdoc layout MODEL...: run the diagram's layout search and print, per
 * model, the layout text that draws the winner with no search, to pin in
 * the model with <diagram layout="...">. Writes nothing.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

enum { OPT_LABEL = 256, OPT_LAYOUT };

static const char usage[] =
	"usage: archdoc layout [--label DETAIL] [--layout STRATEGY] [-q] MODEL...\n"
	"\n"
	"Search for the most readable layout of each model's diagram, as render\n"
	"does for a model that pins none, and print the layout text that draws it\n"
	"with no search:\n"
	"\n"
	"  model/shop.xml: badges,order=1,flip=1,rankdir=TB,flat=1,ratio=0.55\n"
	"\n"
	"Pin it in the model (after <description> and <table>):\n"
	"\n"
	"  <diagram layout=\"badges,order=1,flip=1,rankdir=TB,flat=1,ratio=0.55\"/>\n"
	"\n"
	"and every render skips the search, and the drawing keeps its shape while\n"
	"the model changes. A model that pins a layout gets \"(pinned)\" after the\n"
	"line when its pin is the search's choice, \"(pins OTHER)\" when not.\n"
	"\n"
	"      --label DETAIL      number (default), number+port, number+protocol+port;\n"
	"                          use the detail render will use (badge sizes count)\n"
	"      --layout STRATEGY   search from this strategy; its settings stay fixed\n"
	"  -W, --werror            treat model warnings as errors\n"
	"  -q, --quiet             print only the layout text, one line per model\n"
	"      --max-errors N      print at most N diagnostics (default 1000; 0: all)\n"
	"  -h, --help              show this help\n"
	"\n"
	"Exit status: 0 done, 1 a model has errors or cannot be laid out,\n"
	"2 usage or I/O trouble.\n";

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "label", required_argument, NULL, OPT_LABEL },
		{ "layout", required_argument, NULL, OPT_LAYOUT },
		{ "werror", no_argument, NULL, 'W' },
		{ "quiet", no_argument, NULL, 'q' },
		CLI_MAX_ERRORS_OPTION,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	archdoc_diagram_options o = ARCHDOC_DIAGRAM_OPTIONS_INIT;
	cli_report rep;
	archdoc_context *ctx;
	int opt, quiet = 0, io_trouble = 0, failed = 0;

	cli_report_init(&rep, stderr);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "Wqh", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_LABEL: {
			int label = archdoc_diagram_label_from_name(optarg);

			if (label < 0) {
				cli_error("layout: unknown --label '%s' (known: number, number+port, "
						"number+protocol+port)", optarg);
				return ARCHDOC_EXIT_USAGE;
			}
			o.label = (archdoc_diagram_label)label;
			break;
		}
		case OPT_LAYOUT: {
			const char *why = archdoc_diagram_check_layout(optarg);

			if (why) {
				cli_error("layout: --layout '%s': %s", optarg, why);
				return ARCHDOC_EXIT_USAGE;
			}
			o.layout = optarg;
			break;
		}
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
		cli_error("layout: no model given");
		fputs(usage, stderr);
		return ARCHDOC_EXIT_USAGE;
	}
	ctx = cli_context(&rep);
	if (!ctx)
		return ARCHDOC_EXIT_USAGE;
	for (int i = optind; i < argc; i++) {
		archdoc_model *m = NULL;
		unsigned errors = rep.errors;
		char *text = NULL;
		const char *pin;
		int rc = archdoc_model_load_file(&m, ctx, argv[i]);

		if (rc == ARCHDOC_EIO || rc == ARCHDOC_ENOMEM)
			io_trouble = 1;
		if (rc == ARCHDOC_ENOMEM)
			cli_error("%s: out of memory", argv[i]);
		/* a warning under --werror counts: nothing for this model */
		if (rc < 0 || !m || rep.errors > errors) {
			failed = 1;
			archdoc_model_free(m);
			continue;
		}
		rc = archdoc_diagram_layout(&text, ctx, m, &o);
		if (rc == ARCHDOC_ENOMEM) {
			cli_error("%s: out of memory", argv[i]);
			io_trouble = 1;
		}
		if (rc < 0) {
			failed = 1;
		} else if (quiet) {
			cli_printf(stdout, "%s\n", text);
		} else {
			pin = archdoc_model_diagram_layout(m);
			cli_printf(stdout, "%s: %s", argv[i], text);
			if (pin && strcmp(pin, text) == 0)
				printf(" (pinned)");
			else if (pin)
				cli_printf(stdout, " (pins %s)", pin);
			putchar('\n');
		}
		archdoc_free(text);
		archdoc_model_free(m);
	}
	archdoc_context_free(ctx);
	cli_report_finish(&rep);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("layout: cannot write to standard output");
		return ARCHDOC_EXIT_USAGE;
	}
	if (io_trouble)
		return ARCHDOC_EXIT_USAGE;
	return failed ? ARCHDOC_EXIT_FAIL : ARCHDOC_EXIT_OK;
}

const cli_command cli_cmd_layout = {
	"layout", "find the most readable diagram layout, to pin in the model", usage, run
};
