/*
 * archdoc render MODEL -f svg|png|pdf|dot [-o FILE]: draw the numbered-edge
 * diagram. The library does the work (archdoc_diagram_render); this file
 * only turns options into archdoc_diagram_options and writes the result.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"

static const char usage[] =
	"usage: archdoc render MODEL [-f svg|png|pdf|dot] [-o FILE] [OPTIONS]\n"
	"\n"
	"Draw the model's diagram: components shaped by kind, boundaries as nested\n"
	"boxes, every connection an arrow from the side that opens it to the side\n"
	"that accepts it, with its number in a badge on the line.\n"
	"\n"
	"  -f, --format FORMAT     svg (default), png, pdf, or dot (the laid-out graph)\n"
	"  -o, --output FILE       write FILE (replaced only when complete); - or no\n"
	"                          -o writes to standard output\n"
	"      --legend            add a legend of the shapes used\n"
	"      --label DETAIL      number (default), number+port, number+protocol+port\n"
	"      --link-base URL     link each connection to URL#MODEL-row-N (its table\n"
	"                          row); relative or http(s) URLs only\n"
	"      --dpi N             PNG resolution (default 96)\n"
	"      --background B      white (default) or transparent\n"
	"      --layout STRATEGY   badges (default) or labels, with ,KEY=VALUE tuning\n"
	"                          (docs/diagram.md)\n"
	"  -W, --werror            treat model warnings as errors\n"
	"  -h, --help              show this help\n"
	"\n"
	"Exit status: 0 written; 1 the model has errors or Graphviz could not draw it;\n"
	"2 usage or I/O trouble.\n";

static int bad_usage(const char *what, const char *arg, const char *hint)
{
	cli_error("render: %s '%s': %s", what, arg, hint);
	return ARCHDOC_EXIT_USAGE;
}

static int run(int argc, char **argv)
{
	enum { OPT_LEGEND = 256, OPT_LABEL, OPT_LINK_BASE, OPT_DPI, OPT_BACKGROUND, OPT_LAYOUT };
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "legend", no_argument, NULL, OPT_LEGEND },
		{ "label", required_argument, NULL, OPT_LABEL },
		{ "link-base", required_argument, NULL, OPT_LINK_BASE },
		{ "dpi", required_argument, NULL, OPT_DPI },
		{ "background", required_argument, NULL, OPT_BACKGROUND },
		{ "layout", required_argument, NULL, OPT_LAYOUT },
		{ "werror", no_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	archdoc_diagram_options opts = ARCHDOC_DIAGRAM_OPTIONS_INIT;
	const char *output = "-", *why;
	archdoc_model *m = NULL;
	archdoc_context *ctx;
	cli_report rep;
	char *data = NULL, *end;
	size_t len = 0;
	int opt, rc, exit_code;
	long dpi;

	cli_report_init(&rep, stderr);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "f:o:Wh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			rc = archdoc_diagram_format_from_name(optarg);
			if (rc < 0)
				return bad_usage("unknown format", optarg, "use svg, png, pdf or dot");
			opts.format = (archdoc_diagram_format)rc;
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_LEGEND:
			opts.flags |= ARCHDOC_DIAGRAM_LEGEND;
			break;
		case OPT_LABEL:
			rc = archdoc_diagram_label_from_name(optarg);
			if (rc < 0)
				return bad_usage("unknown --label", optarg,
						"use number, number+port or number+protocol+port");
			opts.label = (archdoc_diagram_label)rc;
			break;
		case OPT_LINK_BASE:
			why = archdoc_diagram_check_link_base(optarg);
			if (why)
				return bad_usage("--link-base", optarg, why);
			opts.link_base = optarg;
			break;
		case OPT_DPI:
			dpi = strtol(optarg, &end, 10);
			if (end == optarg || *end || dpi < 18 || dpi > 1200)
				return bad_usage("--dpi", optarg, "give a whole number from 18 to 1200");
			opts.dpi = (unsigned)dpi;
			break;
		case OPT_BACKGROUND:
			if (strcmp(optarg, "transparent") == 0)
				opts.flags |= ARCHDOC_DIAGRAM_TRANSPARENT;
			else if (strcmp(optarg, "white") == 0)
				opts.flags &= ~ARCHDOC_DIAGRAM_TRANSPARENT;
			else
				return bad_usage("--background", optarg, "use white or transparent");
			break;
		case OPT_LAYOUT:
			opts.layout = optarg;
			break;
		case 'W':
			rep.werror = 1;
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
		cli_error("render: no model given");
		fputs(usage, stderr);
		return ARCHDOC_EXIT_USAGE;
	}
	if (argc - optind > 1) {
		cli_error("render: one model at a time");
		return ARCHDOC_EXIT_USAGE;
	}
	ctx = cli_context(&rep);
	if (!ctx)
		return ARCHDOC_EXIT_USAGE;
	rc = archdoc_model_load_file(&m, ctx, argv[optind]);
	if (rc == 0 && rep.werror && rep.errors)
		rc = ARCHDOC_EINVALID;
	if (rc == 0)
		rc = archdoc_diagram_render(&data, &len, ctx, m, &opts);
	switch (rc) {
	case 0:
		exit_code = cli_output_write(output, data, len) == OUTPUT_FAILED ?
			ARCHDOC_EXIT_USAGE : ARCHDOC_EXIT_OK;
		break;
	case ARCHDOC_EIO:
	case ARCHDOC_EUSAGE:
		exit_code = ARCHDOC_EXIT_USAGE;
		break;
	case ARCHDOC_ENOMEM:
		cli_error("render: out of memory");
		exit_code = ARCHDOC_EXIT_USAGE;
		break;
	default:   /* model errors, Graphviz failures, limits: reported as diagnostics */
		exit_code = ARCHDOC_EXIT_FAIL;
		break;
	}
	archdoc_free(data);
	archdoc_model_free(m);
	archdoc_context_free(ctx);
	return exit_code;
}

const cli_command cli_cmd_render = {
	"render", "draw the numbered-edge diagram (svg, png, pdf, dot)", usage, run
};
