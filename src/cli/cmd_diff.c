/*
 * archdoc diff OLD NEW: what changed between two versions of a model, in
 * the terms a reviewer reads an architecture change in: components and
 * boundaries added, removed or changed (matched by id), connections added,
 * removed or changed (matched by number). Exit status as diff(1): 0 the
 * same, 1 different, 2 trouble.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diff.h"
#include "diff_report.h"
#include "git_show.h"
#include "output.h"

static const char usage[] =
	"usage: archdoc diff [-f FORMAT] [-o FILE] [--view ID] OLD.xml NEW.xml\n"
	"       archdoc diff --git REV [-f FORMAT] [-o FILE] [--view ID] MODEL.xml\n"
	"\n"
	"Show what changed between two versions of a model: components and\n"
	"boundaries (matched by id) and connections (matched by number) that were\n"
	"added (+), removed (-) or changed (~), with the fields that changed.\n"
	"\n"
	"  -f, --format FORMAT   text (the default), md (a summary for a pull\n"
	"                        request), json, or a picture of both versions in\n"
	"                        one drawing: svg, png, pdf, html (the picture and\n"
	"                        the summary on one page). Default: from -o's\n"
	"                        extension, else text\n"
	"  -o, --output FILE     write FILE (a regular file, not a link), replacing\n"
	"                        it only once complete; - means standard output\n"
	"                        (the default)\n"
	"      --git REV         OLD is MODEL as it is at git revision REV (read\n"
	"                        with git show); give only MODEL\n"
	"      --view ID         compare the view ID of both versions\n"
	"      --theme THEME     pictures: light (the default) or dark\n"
	"      --max-errors N    print at most N diagnostics (default 1000; 0: all)\n"
	"      --jobs N          lay pictures out in up to N processes (default: one\n"
	"                        per processor; the same picture for any N)\n"
	"  -h, --help            show this help\n"
	"\n"
	"Exit status: 0 no difference, 1 differences (whatever the format), 2 a\n"
	"model has errors or cannot be read, or bad usage.\n";

static void describe(FILE *f, const archdoc_connection *c)
{
	const char *cls = archdoc_connection_classification(c);

	cli_printf(f, "%u: ", archdoc_connection_number(c));
	for (size_t i = 0; i < archdoc_connection_from_count(c); i++)
		cli_printf(f, "%s%s", i ? ", " : "", archdoc_component_title(archdoc_connection_from_at(c, i)));
	cli_printf(f, " -> ");
	for (size_t i = 0; i < archdoc_connection_to_count(c); i++)
		cli_printf(f, "%s%s", i ? ", " : "", archdoc_component_title(archdoc_connection_to_at(c, i)));
	if (*archdoc_connection_protocol(c) || *archdoc_connection_port(c))
		cli_printf(f, ", %s%s%s", archdoc_connection_protocol(c),
				*archdoc_connection_protocol(c) && *archdoc_connection_port(c) ? " " : "",
				archdoc_connection_port(c));
	if (cls)
		cli_printf(f, " (%s)", cls);
	cli_printf(f, "\n");
}

/* "; title \"A\" -> \"B\"" for each field that changed, the first with ':'. */
static void fields(FILE *f, const archdoc_change *ch)
{
	for (size_t i = 0; i < ch->field_count; i++)
		cli_printf(f, "%s %s \"%s\" -> \"%s\"", i ? ";" : ":", ch->fields[i].name,
				ch->fields[i].before, ch->fields[i].after);
	cli_printf(f, "\n");
}

/* One change, as a line (archdoc_model_diff finds them). */
static void print_change(const archdoc_change *ch, void *payload)
{
	FILE *f = payload;

	switch (ch->kind) {
	case ARCHDOC_CHANGE_TITLE:
	case ARCHDOC_CHANGE_LAYOUT:
		cli_printf(f, "~ %s \"%s\" -> \"%s\"\n", ch->fields[0].name, ch->fields[0].before,
				ch->fields[0].after);
		break;
	case ARCHDOC_CHANGE_BOUNDARY:
		if (ch->op == '-')
			cli_printf(f, "- boundary %s \"%s\"\n", archdoc_boundary_id(ch->boundary_before),
					archdoc_boundary_title(ch->boundary_before));
		else if (ch->op == '+')
			cli_printf(f, "+ boundary %s \"%s\" in %s\n", archdoc_boundary_id(ch->boundary_after),
					archdoc_boundary_title(ch->boundary_after),
					archdoc_diff_parent_id(archdoc_boundary_parent(ch->boundary_after)));
		else {
			cli_printf(f, "~ boundary %s", archdoc_boundary_id(ch->boundary_after));
			fields(f, ch);
		}
		break;
	case ARCHDOC_CHANGE_COMPONENT:
		if (ch->op == '-')
			cli_printf(f, "- component %s \"%s\"\n", archdoc_component_id(ch->component_before),
					archdoc_component_title(ch->component_before));
		else if (ch->op == '+')
			cli_printf(f, "+ component %s \"%s\" (%s) in %s\n", archdoc_component_id(ch->component_after),
					archdoc_component_title(ch->component_after), archdoc_component_kind(ch->component_after),
					archdoc_diff_parent_id(archdoc_component_boundary(ch->component_after)));
		else {
			cli_printf(f, "~ component %s", archdoc_component_id(ch->component_after));
			fields(f, ch);
		}
		break;
	case ARCHDOC_CHANGE_RETIRED:
		if (ch->op == '~') {
			cli_printf(f, "~ retired %u", ch->retired);
			fields(f, ch);
		} else {
			cli_printf(f, "%c retired %u", ch->op, ch->retired);
			if (*ch->reason)
				cli_printf(f, " \"%s\"", ch->reason);
			cli_printf(f, "\n");
		}
		break;
	case ARCHDOC_CHANGE_VIEW:
		if (ch->op == '-')
			cli_printf(f, "- view %s \"%s\"\n", archdoc_view_id(ch->view_before),
					archdoc_view_title(ch->view_before));
		else if (ch->op == '+')
			cli_printf(f, "+ view %s \"%s\"\n", archdoc_view_id(ch->view_after),
					archdoc_view_title(ch->view_after));
		else {
			cli_printf(f, "~ view %s", archdoc_view_id(ch->view_after));
			fields(f, ch);
		}
		break;
	case ARCHDOC_CHANGE_CONNECTION:
		if (ch->op == '~') {
			cli_printf(f, "~ connection %u", archdoc_connection_number(ch->connection_after));
			fields(f, ch);
		} else {
			cli_printf(f, "%c ", ch->op);
			describe(f, ch->op == '-' ? ch->connection_before : ch->connection_after);
		}
		break;
	}
}

enum { OPT_GIT = 256, OPT_VIEW, OPT_THEME };

/* What diff writes: the text lines, or one of the report formats. */
typedef enum diff_format { DIFF_TEXT, DIFF_MD, DIFF_JSON, DIFF_SVG, DIFF_PNG, DIFF_PDF, DIFF_HTML } diff_format;

static const struct {
	const char *name;
	diff_format format;
} formats[] = {
	{ "text", DIFF_TEXT }, { "txt", DIFF_TEXT }, { "md", DIFF_MD }, { "markdown", DIFF_MD },
	{ "json", DIFF_JSON }, { "svg", DIFF_SVG }, { "png", DIFF_PNG }, { "pdf", DIFF_PDF },
	{ "html", DIFF_HTML }, { "htm", DIFF_HTML }
};

const char *const cli_diff_format_names[] = { "text", "md", "json", "svg", "png", "pdf", "html", NULL };

static int format_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(name, formats[i].name) == 0)
			return (int)formats[i].format;
	return -1;
}

static const char *format_name(int format)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if ((int)formats[i].format == format)
			return formats[i].name;
	return "?";
}

typedef struct diff_job {
	int format;          /* -1: not given */
	const char *output;
	const char *git;
	const char *view;
	int dark;
} diff_job;

static int option(cli_run *r, int opt, char *arg, void *payload)
{
	diff_job *j = payload;

	(void)r;
	switch (opt) {
	case 'f':
		j->format = format_from_name(arg);
		if (j->format < 0) {
			cli_error("diff: unknown format '%s'; use text, md, json, svg, png, pdf or html", arg);
			return ARCHDOC_EXIT_USAGE;
		}
		return 0;
	case 'o':
		j->output = arg;
		return 0;
	case OPT_GIT:
		j->git = arg;
		return 0;
	case OPT_VIEW:
		j->view = arg;
		return 0;
	case OPT_THEME:
		if (strcmp(arg, "light") != 0 && strcmp(arg, "dark") != 0) {
			cli_error("diff: unknown theme '%s'; use light or dark", arg);
			return ARCHDOC_EXIT_USAGE;
		}
		j->dark = strcmp(arg, "dark") == 0;
		return 0;
	}
	return ARCHDOC_EXIT_USAGE;
}

/* -o's extension names the format: it must be one diff writes and agree
 * with -f. 0, or the exit code after saying why. */
static int settle_format(diff_job *j)
{
	const char *out = j->output, *dot = strrchr(out, '.'), *slash = strrchr(out, '/');
	int by_ext = -1;

	if (!*out) {
		cli_error("diff: -o needs a file name, or - for standard output");
		return ARCHDOC_EXIT_USAGE;
	}
	if (strcmp(out, "-") != 0 && dot && (!slash || dot > slash) && dot[1]) {
		by_ext = format_from_name(dot + 1);
		if (by_ext < 0) {
			cli_error("diff: -o %s: '.%s' is not a format diff writes (txt, md, json, svg, png, pdf, "
					"html)", out, dot + 1);
			return ARCHDOC_EXIT_USAGE;
		}
	}
	if (j->format >= 0 && by_ext >= 0 && j->format != by_ext) {
		cli_error("diff: -f %s contradicts -o %s, whose extension says %s; drop -f, or name the file "
				"after the format", format_name(j->format), out, format_name(by_ext));
		return ARCHDOC_EXIT_USAGE;
	}
	if (j->format < 0)
		j->format = by_ext >= 0 ? by_ext : DIFF_TEXT;
	return 0;
}

static void count_change(const archdoc_change *ch, void *payload)
{
	(void)ch;
	(void)payload;
}

/* Load OLD from git (--git) or a file. The library's result. */
static int load_old(cli_run *r, const diff_job *j, const char *path, archdoc_model **out, char **name)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	*name = NULL;
	if (!j->git)
		return archdoc_model_load_file(out, r->ctx, path);
	if (cli_git_show(j->git, path, ARCHDOC_DEFAULT_MAX_FILE_SIZE, &data, &len) < 0) {
		r->io_trouble = 1;
		return ARCHDOC_EIO;
	}
	*name = malloc(strlen(j->git) + strlen(path) + 2);
	if (!*name) {
		free(data);
		return ARCHDOC_ENOMEM;
	}
	sprintf(*name, "%s:%s", j->git, path);
	rc = archdoc_model_load_buffer(out, r->ctx, *name, data, len);
	free(data);
	return rc;
}

/* The view id of both sides; a side without it is an empty model titled
 * as the other side's view, so only what the view shows differs. */
static int views_of(cli_run *r, const archdoc_model *a, const archdoc_model *b, const char *id,
		archdoc_model **va, archdoc_model **vb)
{
	const archdoc_view *x = archdoc_model_find_view(a, id), *y = archdoc_model_find_view(b, id);

	*va = *vb = NULL;
	if ((x && archdoc_view_model(va, r->ctx, a, x) != 0) || (y && archdoc_view_model(vb, r->ctx, b, y) != 0))
		return ARCHDOC_ENOMEM;
	if (!*va)
		*va = archdoc_model__empty_like(*vb);
	if (!*vb)
		*vb = archdoc_model__empty_like(*va);
	return *va && *vb ? 0 : ARCHDOC_ENOMEM;
}

/* The picture of both versions: the union drawn once. */
static int picture(cli_run *r, const diff_job *j, const archdoc_model *a, const archdoc_model *b,
		char **out, size_t *len)
{
	archdoc_diagram_options o = ARCHDOC_DIAGRAM_OPTIONS_INIT;
	archdoc_model *u = NULL;
	int rc = archdoc_model_diff_union(&u, a, b);

	if (rc != 0)
		return rc;
	o.format = j->format == DIFF_PNG ? ARCHDOC_DIAGRAM_PNG : j->format == DIFF_PDF ? ARCHDOC_DIAGRAM_PDF
		: ARCHDOC_DIAGRAM_SVG;
	if (j->dark)
		o.flags |= ARCHDOC_DIAGRAM_DARK;
	if (j->format == DIFF_HTML)
		o.flags |= ARCHDOC_DIAGRAM_NO_XML_DECLARATION | ARCHDOC_DIAGRAM_NO_TITLE;   /* the page has it */
	rc = archdoc_diagram_render(out, len, r->ctx, u, &o);
	archdoc_model_free(u);
	return rc;
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "git", required_argument, NULL, OPT_GIT },
		{ "view", required_argument, NULL, OPT_VIEW },
		{ "theme", required_argument, NULL, OPT_THEME },
		{ NULL, 0, NULL, 0 }
	};
	diff_job j = { -1, "-", NULL, NULL, 0 };
	const cli_options options = {
		.shortopts = "f:o:", .longopts = longopts, .common = CLI_JOBS, .option = option, .payload = &j,
		.min_operands = 1, .max_operands = 2, .no_operands = "give two models, OLD and NEW",
		.wrong_operands = "give two models, OLD and NEW (or --git REV and one model)"
	};
	archdoc_model *a = NULL, *b = NULL, *va = NULL, *vb = NULL;
	const archdoc_model *A, *B;
	char *git_name = NULL, *picture_bytes = NULL;
	const char *old_path, *new_path;
	size_t picture_len = 0;
	archdoc_buf out = ARCHDOC_BUF_INIT;
	long changes = 0;
	cli_run r;
	int rc = cli_start(&r, &cli_cmd_diff, argc, argv, &options), loaded;

	if (rc >= 0)
		return rc;
	if (argc - optind != (j.git ? 1 : 2)) {
		cli_error(j.git ? "diff: with --git REV, give one model (its version at REV is OLD)"
				: "diff: give two models, OLD and NEW (or --git REV and one model)");
		return ARCHDOC_EXIT_USAGE;
	}
	if ((rc = settle_format(&j)) != 0 || (rc = cli_open(&r)) != 0)
		return rc;
	old_path = argv[optind];
	new_path = argv[argc - 1];
	rc = ARCHDOC_EXIT_USAGE;
	/* both are loaded so that both report their problems */
	loaded = load_old(&r, &j, old_path, &a, &git_name) | archdoc_model_load_file(&b, r.ctx, new_path);
	if (loaded != 0)
		goto done;
	if (git_name)
		old_path = git_name;
	A = a;
	B = b;
	if (j.view) {
		if (!archdoc_model_find_view(a, j.view) && !archdoc_model_find_view(b, j.view)) {
			cli_printf(stderr, "archdoc: diff: neither %s nor %s has a view '%s'\n", old_path, new_path, j.view);
			goto done;
		}
		if (views_of(&r, a, b, j.view, &va, &vb) != 0) {
			cli_error("diff: out of memory");
			goto done;
		}
		A = va;
		B = vb;
	}
	switch ((diff_format)j.format) {
	case DIFF_TEXT: {
		/* the lines as the terminal gets them, into a file when -o names one */
		char *text = NULL;
		size_t text_len = 0;
		FILE *f = strcmp(j.output, "-") == 0 ? stdout : open_memstream(&text, &text_len);

		if (!f) {
			cli_error("diff: out of memory");
			goto done;
		}
		changes = (long)archdoc_model_diff(A, B, print_change, f);
		if (f == stdout) {
			rc = fflush(stdout) != 0 ? ARCHDOC_EXIT_USAGE : changes ? ARCHDOC_EXIT_FAIL : ARCHDOC_EXIT_OK;
			goto done;
		}
		if (fclose(f) != 0)
			changes = -1;
		else
			archdoc_buf_put(&out, text, text_len);
		free(text);
		break;
	}
	case DIFF_MD:
		changes = archdoc_diff__markdown(&out, A, B, old_path, new_path);
		break;
	case DIFF_JSON:
		changes = archdoc_diff__json(&out, A, B, old_path, new_path);
		break;
	case DIFF_SVG:
	case DIFF_PNG:
	case DIFF_PDF:
	case DIFF_HTML: {
		int prc = picture(&r, &j, A, B, &picture_bytes, &picture_len);

		if (prc != 0) {
			rc = cli_exit_for(prc, new_path);
			goto done;
		}
		if (j.format == DIFF_HTML) {
			changes = archdoc_diff__html(&out, A, B, old_path, new_path, picture_bytes, picture_len);
		} else {
			changes = (long)archdoc_model_diff(A, B, count_change, NULL);
			archdoc_buf_put(&out, picture_bytes, picture_len);
		}
		break;
	}
	}
	if (changes < 0 || out.failed) {
		cli_error("diff: out of memory");
		goto done;
	}
	if (cli_output_write(j.output, out.ptr ? out.ptr : "", out.len) == OUTPUT_FAILED)
		goto done;
	rc = changes ? ARCHDOC_EXIT_FAIL : ARCHDOC_EXIT_OK;
done:
	archdoc_buf_free(&out);
	archdoc_free(picture_bytes);
	archdoc_model_free(va);
	archdoc_model_free(vb);
	archdoc_model_free(a);
	archdoc_model_free(b);
	free(git_name);
	cli_finish(&r, 0);
	return rc;
}

const cli_command cli_cmd_diff = {
	"diff", "show what changed between two versions of a model", usage, run, NULL
};
