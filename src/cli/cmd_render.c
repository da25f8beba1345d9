/*
 * archdoc render MODEL... [-o DIR|FILE|-] [-f FORMATS]: the main job. Every
 * artefact of every model (diagram, tables, standalone page) is produced in
 * memory first; only when all of them succeeded are the changed files
 * renamed into place, so a failure leaves every existing output as it was.
 * --check compares instead of writing (a CI drift check); --watch renders
 * again whenever a model file changes (render_watch.c).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "render_job.h"

static const char usage[] =
	"usage: archdoc render MODEL... [-o DIR|FILE|-] [-f FORMATS] [OPTIONS]\n"
	"\n"
	"Write each model's artefacts: the numbered-edge diagram, the connections\n"
	"table and a standalone HTML page that links the two, as DIR/<model id>.<ext>.\n"
	"Files are replaced only when every artefact succeeded, and only when their\n"
	"bytes change.\n"
	"\n"
	"  -o, --output PATH       a folder (created if missing; an existing folder or a\n"
	"                          path ending in / is always one); with one model and\n"
	"                          one format, a file (whose extension picks the format\n"
	"                          when -f is not given), or - for standard output\n"
	"  -f, --format LIST       comma-separated, from: svg, png, pdf, dot (diagram);\n"
	"                          md, csv, json (table); html (standalone page).\n"
	"                          Default: svg,png,md,html\n"
	"      --check             write nothing; name each output that is missing or\n"
	"                          differs, and exit 1 if any does\n"
	"      --watch             stay running and render again when a model changes\n"
	"  -q, --quiet             do not list the files written\n"
	"  -W, --werror            treat model warnings as errors\n"
	"      --max-errors N      print at most N diagnostics (default 1000; 0: all)\n"
	"\n"
	"Diagram options:\n"
	"      --legend            add a legend of the shapes used\n"
	"      --label DETAIL      number (default), number+port, number+protocol+port\n"
	"      --link-base URL     link each connection to URL#MODEL-row-N (its table\n"
	"                          row); relative or http(s) URLs only\n"
	"      --dpi N             PNG resolution (default 96; a PNG may have at most\n"
	"                          40 megapixels)\n"
	"      --background B      white (default) or transparent\n"
	"      --layout STRATEGY   badges (default), labels or large, with ,KEY=VALUE\n"
	"                          tuning (docs/diagram.md); overrides the model's\n"
	"                          <diagram layout> (see archdoc help layout)\n"
	"Table options:\n"
	"  -c, --columns LIST      table columns for md, csv, json and html (see\n"
	"                          archdoc help table)\n"
	"  -h, --help              show this help\n"
	"\n"
	"Exit status: 0 written (or, with --check, up to date); 1 a model has errors,\n"
	"Graphviz could not draw it, or (--check) outputs are stale; 2 usage or I/O\n"
	"trouble; 130 interrupted (outputs intact).\n";

static const render_format formats[] = {
	{ "svg", RENDER_DIAGRAM, ARCHDOC_DIAGRAM_SVG },
	{ "png", RENDER_DIAGRAM, ARCHDOC_DIAGRAM_PNG },
	{ "pdf", RENDER_DIAGRAM, ARCHDOC_DIAGRAM_PDF },
	{ "dot", RENDER_DIAGRAM, ARCHDOC_DIAGRAM_DOT },
	{ "md", RENDER_TABLE, ARCHDOC_TABLE_MARKDOWN },
	{ "csv", RENDER_TABLE, ARCHDOC_TABLE_CSV },
	{ "json", RENDER_TABLE, ARCHDOC_TABLE_JSON },
	{ "html", RENDER_PAGE, 0 },
};
#define FORMAT_COUNT (sizeof(formats) / sizeof(formats[0]))

static int bad_usage(const char *what, const char *arg, const char *hint)
{
	cli_error("render: %s '%s': %s", what, arg, hint);
	return ARCHDOC_EXIT_USAGE;
}

static int parse_formats(render_job *job, const char *list)
{
	const char *p = list;

	job->format_count = 0;
	while (*p) {
		const char *e = p;
		size_t i, n;

		while (*e && *e != ',')
			e++;
		n = (size_t)(e - p);
		for (i = 0; i < FORMAT_COUNT; i++)
			if (strlen(formats[i].name) == n && strncmp(formats[i].name, p, n) == 0)
				break;
		if (i == FORMAT_COUNT || n == 0) {
			char name[32];

			snprintf(name, sizeof(name), "%.*s", (int)(n < 31 ? n : 31), p);
			return bad_usage("unknown format", name, "use svg, png, pdf, dot, md, csv, json or html");
		}
		for (size_t k = 0; k < job->format_count; k++)
			if (job->formats[k] == &formats[i])
				goto next;   /* listed twice: once is enough */
		job->formats[job->format_count++] = &formats[i];
next:
		p = *e ? e + 1 : e;
	}
	if (!job->format_count)
		return bad_usage("--format", list, "name at least one format");
	return 0;
}

static int choose_output(render_job *job, const char *out, size_t model_count)
{
	int single = model_count == 1 && job->format_count == 1;

	if (!out) {
		if (single && job->formats_given) {
			job->mode = RENDER_TO_STDOUT;
			return 0;
		}
		cli_error("render: where to? give -o DIR (or, for one model and one format, -o FILE "
				"or -o -)");
		return -1;
	}
	if (strcmp(out, "-") == 0) {
		if (!single) {
			cli_error("render: -o - writes one format of one model to standard output; "
					"give -o DIR for more");
			return -1;
		}
		if (job->check || job->watch) {
			cli_error("render: --check and --watch need -o DIR or -o FILE");
			return -1;
		}
		job->mode = RENDER_TO_STDOUT;
		return 0;
	}
	if (!job->formats_given && model_count == 1 && out[strlen(out) - 1] != '/' && !render_is_dir(out)) {
		/* -o genesys.svg without -f: the file's extension names the format */
		const char *dot = strrchr(out, '.'), *slash = strrchr(out, '/');

		if (dot && (!slash || dot > slash)) {
			for (size_t i = 0; i < FORMAT_COUNT; i++) {
				if (strcmp(dot + 1, formats[i].name) == 0) {
					job->formats[0] = &formats[i];
					job->format_count = 1;
					job->mode = RENDER_TO_FILE;
					job->file = out;
					return 0;
				}
			}
		}
	}
	if (out[strlen(out) - 1] == '/' || render_is_dir(out) || !single) {
		job->mode = RENDER_TO_DIR;
		job->dir = out;
		return 0;
	}
	job->mode = RENDER_TO_FILE;
	job->file = out;
	return 0;
}

static int run(int argc, char **argv)
{
	enum { OPT_LEGEND = 256, OPT_LABEL, OPT_LINK_BASE, OPT_DPI, OPT_BACKGROUND, OPT_LAYOUT,
		OPT_CHECK, OPT_WATCH };
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "columns", required_argument, NULL, 'c' },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "watch", no_argument, NULL, OPT_WATCH },
		{ "quiet", no_argument, NULL, 'q' },
		{ "legend", no_argument, NULL, OPT_LEGEND },
		{ "label", required_argument, NULL, OPT_LABEL },
		{ "link-base", required_argument, NULL, OPT_LINK_BASE },
		{ "dpi", required_argument, NULL, OPT_DPI },
		{ "background", required_argument, NULL, OPT_BACKGROUND },
		{ "layout", required_argument, NULL, OPT_LAYOUT },
		{ "werror", no_argument, NULL, 'W' },
		CLI_MAX_ERRORS_OPTION,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	render_job job;
	const char *output = NULL, *why;
	archdoc_context *ctx;
	cli_report rep;
	char *end;
	size_t bad_at = 0, bad_len = 0;
	int opt, rc, exit_code;
	long dpi;

	memset(&job, 0, sizeof(job));
	job.diagram = (archdoc_diagram_options)ARCHDOC_DIAGRAM_OPTIONS_INIT;
	cli_report_init(&rep, stderr);
	parse_formats(&job, "svg,png,md,html");
	optind = 1;
	while ((opt = getopt_long(argc, argv, "f:o:c:qWh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			if (parse_formats(&job, optarg))
				return ARCHDOC_EXIT_USAGE;
			job.formats_given = 1;
			break;
		case 'o':
			if (!*optarg)
				return bad_usage("-o", optarg, "give a folder, a file or -");
			output = optarg;
			break;
		case 'c':
			rc = archdoc_table_columns_parse(job.columns, ARCHDOC_COLUMN__COUNT, &job.column_count,
					optarg, &bad_at, &bad_len);
			if (rc)
				return bad_usage("--columns", optarg, "use a comma-separated list of number, source, "
						"destination, what, protocol, port, classification, data");
			break;
		case OPT_CHECK:
			job.check = 1;
			break;
		case OPT_WATCH:
			job.watch = 1;
			break;
		case 'q':
			job.quiet = 1;
			break;
		case OPT_LEGEND:
			job.diagram.flags |= ARCHDOC_DIAGRAM_LEGEND;
			break;
		case OPT_LABEL:
			rc = archdoc_diagram_label_from_name(optarg);
			if (rc < 0)
				return bad_usage("unknown --label", optarg,
						"use number, number+port or number+protocol+port");
			job.diagram.label = (archdoc_diagram_label)rc;
			break;
		case OPT_LINK_BASE:
			why = archdoc_diagram_check_link_base(optarg);
			if (why)
				return bad_usage("--link-base", optarg, why);
			job.diagram.link_base = optarg;
			break;
		case OPT_DPI:
			dpi = strtol(optarg, &end, 10);
			if (end == optarg || *end || dpi < 18 || dpi > 1200)
				return bad_usage("--dpi", optarg, "give a whole number from 18 to 1200");
			job.diagram.dpi = (unsigned)dpi;
			break;
		case OPT_BACKGROUND:
			if (strcmp(optarg, "transparent") == 0)
				job.diagram.flags |= ARCHDOC_DIAGRAM_TRANSPARENT;
			else if (strcmp(optarg, "white") == 0)
				job.diagram.flags &= ~ARCHDOC_DIAGRAM_TRANSPARENT;
			else
				return bad_usage("--background", optarg, "use white or transparent");
			break;
		case OPT_LAYOUT:
			job.diagram.layout = optarg;
			break;
		case 'W':
			rep.werror = 1;
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
		cli_error("render: no model given");
		fputs(usage, stderr);
		return ARCHDOC_EXIT_USAGE;
	}
	if (job.check && job.watch) {
		cli_error("render: --check and --watch do not go together");
		return ARCHDOC_EXIT_USAGE;
	}
	if (choose_output(&job, output, (size_t)(argc - optind)) < 0)
		return ARCHDOC_EXIT_USAGE;
	ctx = cli_context(&rep);
	if (!ctx)
		return ARCHDOC_EXIT_USAGE;
	render_install_signals();
	if (job.watch)
		exit_code = render_watch(&job, ctx, &rep, argv + optind, (size_t)(argc - optind));
	else
		exit_code = render_models(&job, ctx, &rep, argv + optind, (size_t)(argc - optind), NULL);
	archdoc_context_free(ctx);
	cli_report_finish(&rep);
	return exit_code;
}

const cli_command cli_cmd_render = {
	"render", "write the diagram, tables and standalone page of models (the main job)", usage, run
};
