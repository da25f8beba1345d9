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
	"table and a standalone HTML page that links the two, as DIR/<model id>.<ext>,\n"
	"and the same for each of its views as DIR/<model id>.view-<view id>.<ext>.\n"
	"Files are replaced only when every artefact succeeded, and only when their\n"
	"bytes change.\n"
	"\n"
	"  -o, --output PATH       a folder (created if missing; an existing folder or a\n"
	"                          path ending in / is always one); with one model and\n"
	"                          one format, a file (whose extension picks the format\n"
	"                          when -f is not given), or - for standard output\n"
	"  -f, --format LIST       @FORMATS@\n"
	"                          Default: svg,png,md,html\n"
	"      --check             write nothing; name each output that is missing or\n"
	"                          differs, and exit 1 if any does\n"
	"      --watch             stay running and render again when a model changes\n"
	"      --view ID           only the model's view ID (its diagram, table, page)\n"
	"      --merge MODE        parallel: connections with the same ends and\n"
	"                          direction drawn as one line, its badge listing\n"
	"                          their numbers (2-8, 3, 5, 9); none (the default,\n"
	"                          or as each view says)\n"
	"      --no-auto-views     in a folder, draw a model of more than 150\n"
	"                          connections and no views whole, not as automatic\n"
	"                          views (an overview and one per boundary)\n"
	"  -q, --quiet             do not list the files written\n"
	"  -W, --werror            treat model warnings as errors\n"
	"      --max-errors N      print at most N diagnostics (default 1000; 0: all)\n"
	"      --jobs N            lay out in up to N processes (default: one per\n"
	"                          processor; the drawing is the same for any N)\n"
	"\n"
	"Diagram options:\n"
	"      --legend            add a legend of the shapes used\n"
	"      --label DETAIL      number (default), number+port, number+protocol+port\n"
	"      --link-base URL     link each connection to URL#MODEL-row-N (its table\n"
	"                          row); relative or http(s) URLs only\n"
	"      --dpi N             PNG resolution (default 96; a PNG may have at most\n"
	"                          40 megapixels)\n"
	"      --background B      white (default: the theme's page colour) or\n"
	"                          transparent (lines in a tone that reads on light\n"
	"                          and dark pages)\n"
	"      --theme T           light (default) or dark; an SVG also follows the\n"
	"                          reader's prefers-color-scheme\n"
	"      --no-title          no caption with the model's title above the drawing\n"
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

static int bad_usage(const char *what, const char *arg, const char *hint)
{
	cli_error("render: %s '%s': %s", what, arg, hint);
	return ARCHDOC_EXIT_USAGE;
}

static int parse_formats(render_job *job, const char *list)
{
	size_t count;
	const render_format *formats = render_formats(&count);
	const char *p = list;

	job->format_count = 0;
	while (*p) {
		const char *e = p;
		size_t i, n;

		while (*e && *e != ',')
			e++;
		n = (size_t)(e - p);
		for (i = 0; i < count; i++)
			if (strlen(formats[i].name) == n && strncmp(formats[i].name, p, n) == 0)
				break;
		if (i == count || n == 0) {
			char name[32];

			snprintf(name, sizeof(name), "%.*s", (int)(n < 31 ? n : 31), p);
			cli_error("render: unknown format '%s': use %s", name, render_format_names(", ", " or "));
			return ARCHDOC_EXIT_USAGE;
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
	if (out[strlen(out) - 1] != '/' && !render_is_dir(out)) {
		/* a file name's extension names its format: it must be one render
		 * writes, and agree with -f; without an extension, a folder */
		const char *dot = strrchr(out, '.'), *slash = strrchr(out, '/');

		if (dot && (!slash || dot > slash) && dot[1]) {
			size_t count;
			const render_format *formats = render_formats(&count), *f = NULL;

			for (size_t i = 0; i < count && !f; i++)
				if (strcmp(dot + 1, formats[i].name) == 0)
					f = &formats[i];
			if (!f) {
				cli_error("render: -o %s: '.%s' is not a format render writes (%s); name a file "
						"ending in one of them, or a folder ending in /", out, dot + 1,
						render_format_names(", ", " or "));
				return -1;
			}
			if (model_count != 1) {
				cli_error("render: -o %s is one file, for one model; give -o DIR/ for %zu models", out,
						model_count);
				return -1;
			}
			if (job->formats_given && (job->format_count != 1 || job->formats[0] != f)) {
				cli_error("render: -f %s contradicts -o %s, whose extension says %s; drop -f, or "
						"name the file after the format", job->format_count == 1 ? job->formats[0]->name
						: "(several formats)", out, f->name);
				return -1;
			}
			job->formats[0] = f;
			job->format_count = 1;
			job->mode = RENDER_TO_FILE;
			job->file = out;
			return 0;
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

enum { OPT_LEGEND = 256, OPT_LABEL, OPT_LINK_BASE, OPT_DPI, OPT_BACKGROUND, OPT_LAYOUT, OPT_CHECK, OPT_WATCH,
	OPT_NO_TITLE, OPT_THEME, OPT_VIEW, OPT_NO_AUTO_VIEWS, OPT_MERGE };

static int option(cli_run *r, int opt, char *arg, void *payload)
{
	render_job *job = payload;
	size_t bad_at = 0, bad_len = 0;
	const char *why;
	char *end;
	long dpi;
	int rc;

	(void)r;
	switch (opt) {
	case 'f':
		if (parse_formats(job, arg))
			return ARCHDOC_EXIT_USAGE;
		job->formats_given = 1;
		return 0;
	case 'o':
		if (!*arg)
			return bad_usage("-o", arg, "give a folder, a file or -");
		job->output = arg;
		return 0;
	case 'c':
		rc = archdoc_table_columns_parse(job->columns, ARCHDOC_COLUMN__COUNT, &job->column_count,
				arg, &bad_at, &bad_len);
		if (rc)
			return bad_usage("--columns", arg, "use a comma-separated list of number, source, "
					"destination, what, protocol, port, classification, data");
		return 0;
	case OPT_CHECK:
		job->check = 1;
		return 0;
	case OPT_WATCH:
		job->watch = 1;
		return 0;
	case OPT_LEGEND:
		job->diagram.flags |= ARCHDOC_DIAGRAM_LEGEND;
		return 0;
	case OPT_LABEL:
		rc = archdoc_diagram_label_from_name(arg);
		if (rc < 0)
			return bad_usage("unknown --label", arg, "use number, number+port or number+protocol+port");
		job->diagram.label = (archdoc_diagram_label)rc;
		return 0;
	case OPT_LINK_BASE:
		why = archdoc_diagram_check_link_base(arg);
		if (why)
			return bad_usage("--link-base", arg, why);
		job->diagram.link_base = arg;
		return 0;
	case OPT_DPI:
		dpi = strtol(arg, &end, 10);
		if (end == arg || *end || dpi < 18 || dpi > 1200)
			return bad_usage("--dpi", arg, "give a whole number from 18 to 1200");
		job->diagram.dpi = (unsigned)dpi;
		return 0;
	case OPT_BACKGROUND:
		if (strcmp(arg, "transparent") == 0)
			job->diagram.flags |= ARCHDOC_DIAGRAM_TRANSPARENT;
		else if (strcmp(arg, "white") == 0)
			job->diagram.flags &= ~ARCHDOC_DIAGRAM_TRANSPARENT;
		else
			return bad_usage("--background", arg, "use white or transparent");
		return 0;
	case OPT_LAYOUT:
		job->diagram.layout = arg;
		return 0;
	case OPT_MERGE:
		if (strcmp(arg, "parallel") != 0 && strcmp(arg, "none") != 0)
			return bad_usage("--merge", arg, "use parallel (one line per pair of ends) or none");
		job->merge = strcmp(arg, "parallel") == 0;
		return 0;
	case OPT_NO_AUTO_VIEWS:
		job->no_auto_views = 1;
		return 0;
	case OPT_VIEW:
		if (!*arg)
			return bad_usage("--view", arg, "give the id of one of the model's <view>s");
		job->view = arg;
		return 0;
	case OPT_NO_TITLE:
		job->diagram.flags |= ARCHDOC_DIAGRAM_NO_TITLE;
		return 0;
	case OPT_THEME:
		if (strcmp(arg, "dark") == 0)
			job->diagram.flags |= ARCHDOC_DIAGRAM_DARK;
		else if (strcmp(arg, "light") == 0)
			job->diagram.flags &= ~ARCHDOC_DIAGRAM_DARK;
		else
			return bad_usage("--theme", arg, "use light or dark");
		return 0;
	}
	return ARCHDOC_EXIT_USAGE;
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "columns", required_argument, NULL, 'c' },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "watch", no_argument, NULL, OPT_WATCH },
		{ "legend", no_argument, NULL, OPT_LEGEND },
		{ "label", required_argument, NULL, OPT_LABEL },
		{ "link-base", required_argument, NULL, OPT_LINK_BASE },
		{ "dpi", required_argument, NULL, OPT_DPI },
		{ "background", required_argument, NULL, OPT_BACKGROUND },
		{ "layout", required_argument, NULL, OPT_LAYOUT },
		{ "no-title", no_argument, NULL, OPT_NO_TITLE },
		{ "theme", required_argument, NULL, OPT_THEME },
		{ "view", required_argument, NULL, OPT_VIEW },
		{ "no-auto-views", no_argument, NULL, OPT_NO_AUTO_VIEWS },
		{ "merge", required_argument, NULL, OPT_MERGE },
		{ NULL, 0, NULL, 0 }
	};
	render_job job;
	const cli_options options = {
		.shortopts = "f:o:c:", .longopts = longopts, .common = CLI_WERROR | CLI_QUIET | CLI_JOBS, .option = option,
		.payload = &job, .min_operands = 1, .max_operands = -1, .no_operands = "no model given"
	};
	cli_run r;
	int rc, exit_code;

	memset(&job, 0, sizeof(job));
	job.diagram = (archdoc_diagram_options)ARCHDOC_DIAGRAM_OPTIONS_INIT;
	parse_formats(&job, "svg,png,md,html");
	rc = cli_start(&r, &cli_cmd_render, argc, argv, &options);
	if (rc >= 0)
		return rc;
	job.quiet = r.quiet;
	if (job.check && job.watch) {
		cli_error("render: --check and --watch do not go together");
		return ARCHDOC_EXIT_USAGE;
	}
	if (choose_output(&job, job.output, (size_t)(argc - optind)) < 0 || (rc = cli_open(&r)) != 0)
		return ARCHDOC_EXIT_USAGE;
	render_install_signals();
	if (job.watch)
		exit_code = render_watch(&job, r.ctx, &r.rep, argv + optind, (size_t)(argc - optind));
	else
		exit_code = render_models(&job, r.ctx, &r.rep, argv + optind, (size_t)(argc - optind), NULL);
	cli_finish(&r, 0);
	return exit_code;
}

/* @FORMATS@ in the usage: the formats as the libraries list them. */
static void fill(FILE *out, const char *name, size_t len)
{
	size_t count;
	const render_format *formats = render_formats(&count);
	render_kind kind = RENDER_DIAGRAM;
	static const char *const what[] = { "diagram", "table", "standalone page" };

	if (len != 7 || strncmp(name, "FORMATS", 7) != 0)
		return;
	fputs("comma-separated, from: ", out);
	for (size_t i = 0; i < count; i++) {
		if (formats[i].kind != kind) {
			fprintf(out, " (%s);%s", what[kind], kind == RENDER_DIAGRAM ? "\n                          " : " ");
			kind = formats[i].kind;
		} else if (i) {
			fputs(", ", out);
		}
		fputs(formats[i].name, out);
	}
	fprintf(out, " (%s).", what[kind]);
}

const cli_command cli_cmd_render = {
	"render", "write the diagram, tables and standalone page of models (the main job)", usage, run, fill
};
