/*
 * archdoc layout MODEL...: run the diagram's layout search and print, per
 * model, the layout text that draws the winner with no search, to pin in
 * the model with <diagram layout="...">. Writes nothing.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

enum { OPT_LABEL = 256, OPT_LAYOUT, OPT_VIEW };

typedef struct layout_job {
	archdoc_diagram_options o;
	const char *view;
} layout_job;

static const char usage[] =
	"usage: archdoc layout [--label DETAIL] [--layout STRATEGY] [--view ID] [-q] MODEL...\n"
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
	"      --view ID           the layout of the model's view ID (pin it with\n"
	"                          <view ... layout=\"...\">)\n"
	"  -W, --werror            treat model warnings as errors\n"
	"  -q, --quiet             print only the layout text, one line per model\n"
	"      --max-errors N      print at most N diagnostics (default 1000; 0: all)\n"
	"      --jobs N            search in up to N processes (default: one per\n"
	"                          processor; the layout is the same for any N)\n"
	"  -h, --help              show this help\n"
	"\n"
	"Exit status: 0 done, 1 a model has errors or cannot be laid out,\n"
	"2 usage or I/O trouble.\n";

static int option(cli_run *r, int opt, char *arg, void *payload)
{
	layout_job *job = payload;
	archdoc_diagram_options *o = &job->o;

	(void)r;
	if (opt == OPT_VIEW) {
		job->view = arg;
		return 0;
	}
	if (opt == OPT_LABEL) {
		int label = archdoc_diagram_label_from_name(arg);

		if (label < 0) {
			cli_error("layout: unknown --label '%s' (known: number, number+port, "
					"number+protocol+port)", arg);
			return ARCHDOC_EXIT_USAGE;
		}
		o->label = (archdoc_diagram_label)label;
		return 0;
	}
	if (opt == OPT_LAYOUT) {
		const char *why = archdoc_diagram_check_layout(arg);

		if (why) {
			cli_error("layout: --layout '%s': %s", arg, why);
			return ARCHDOC_EXIT_USAGE;
		}
		o->layout = arg;
		return 0;
	}
	return ARCHDOC_EXIT_USAGE;
}

/* The layout text of one model, printed; 0, or -1 when there is none. */
static int lay_out(cli_run *r, const layout_job *job, const char *path)
{
	const archdoc_diagram_options *o = &job->o;
	archdoc_model *m = NULL, *vm = NULL;
	unsigned errors = r->rep.errors;
	char *text = NULL;
	const char *pin;
	int rc = cli_load(r, path, &m);

	/* a warning under --werror counts: nothing for this model */
	if (rc < 0 || !m || r->rep.errors > errors) {
		archdoc_model_free(m);
		return -1;
	}
	if (job->view) {
		if (cli_view(r, path, m, job->view, &vm) != 0) {
			archdoc_model_free(m);
			r->io_trouble = 1;
			return -1;
		}
	}
	rc = archdoc_diagram_layout(&text, r->ctx, vm ? vm : m, o);
	if (rc == ARCHDOC_ENOMEM) {
		cli_error("%s: out of memory", path);
		r->io_trouble = 1;
	}
	if (rc < 0) {
		/* Graphviz said why */
	} else if (r->quiet) {
		cli_printf(stdout, "%s\n", text);
	} else {
		pin = archdoc_model_diagram_layout(vm ? vm : m);
		cli_printf(stdout, "%s: %s", path, text);
		if (pin && strcmp(pin, text) == 0)
			printf(" (pinned)");
		else if (pin)
			cli_printf(stdout, " (pins %s)", pin);
		putchar('\n');
	}
	archdoc_free(text);
	archdoc_model_free(vm);
	archdoc_model_free(m);
	return rc < 0 ? -1 : 0;
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "label", required_argument, NULL, OPT_LABEL },
		{ "layout", required_argument, NULL, OPT_LAYOUT },
		{ "view", required_argument, NULL, OPT_VIEW },
		{ NULL, 0, NULL, 0 }
	};
	layout_job job = { ARCHDOC_DIAGRAM_OPTIONS_INIT, NULL };
	const cli_options options = {
		.longopts = longopts, .common = CLI_WERROR | CLI_QUIET | CLI_JOBS, .option = option, .payload = &job,
		.min_operands = 1, .max_operands = -1, .no_operands = "no model given"
	};
	cli_run r;
	int rc = cli_start(&r, &cli_cmd_layout, argc, argv, &options), failed = 0;

	if (rc >= 0 || (rc = cli_open(&r)) != 0)
		return rc;
	for (int i = optind; i < argc; i++)
		if (lay_out(&r, &job, argv[i]) < 0)
			failed = 1;
	cli_finish(&r, 0);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("layout: cannot write to standard output");
		return ARCHDOC_EXIT_USAGE;
	}
	if (r.io_trouble)
		return ARCHDOC_EXIT_USAGE;
	return failed ? ARCHDOC_EXIT_FAIL : ARCHDOC_EXIT_OK;
}

const cli_command cli_cmd_layout = {
	"layout", "find the most readable diagram layout, to pin in the model", usage, run, NULL
};
