/*
 * archdoc complete WHAT ...: the hidden helper behind the bash and zsh
 * completion (scripts/completion/). It prints candidates one per line,
 * from where archdoc keeps them, so the completion follows the program:
 *
 *   archdoc complete commands            the commands
 *   archdoc complete options CMD         CMD's options, as its --help lists
 *                                        them: "-f LIST", "--check", ...
 *   archdoc complete values CMD OPTION   the values OPTION takes (formats
 *                                        from the registries, columns, ...)
 *   archdoc complete views MODEL...      the view ids of the models (the
 *                                        automatic ones of a big model)
 *
 * It never prints a diagnostic and always exits 0 (a completion must not
 * write on the user's terminal); unknown questions have no candidates.
 * Not listed in --help.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "render_job.h"

static const cli_command *find_command(const cli_command *const *commands, const char *name)
{
	for (size_t i = 0; commands[i]; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

/* The option lines of a usage text: a line that starts with spaces and a
 * dash names options up to its first run of two spaces ("  -f, --format
 * LIST   description"); an upper-case word after them is their argument. */
static void print_options(const char *usage)
{
	const char *p = usage;

	while (*p) {
		const char *eol = strchr(p, '\n'), *s = p, *end;
		char spec[128], *tok, *save = NULL, *names[4], *arg = NULL;
		size_t n = 0, len;

		if (!eol)
			eol = p + strlen(p);
		while (s < eol && *s == ' ')
			s++;
		if (s == p || s == eol || *s != '-')
			goto next;
		for (end = s; end < eol && !(end[0] == ' ' && end + 1 < eol && end[1] == ' '); end++)
			;
		len = (size_t)(end - s);
		if (len >= sizeof(spec))
			goto next;
		memcpy(spec, s, len);
		spec[len] = '\0';
		for (tok = strtok_r(spec, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
			if (tok[0] == '-' && tok[1] && n < 4)
				names[n++] = tok;
			else if (tok[0] >= 'A' && tok[0] <= 'Z')
				arg = tok;
		}
		for (size_t i = 0; i < n; i++) {
			if (arg)
				printf("%s %s\n", names[i], arg);
			else
				printf("%s\n", names[i]);
		}
next:
		p = *eol ? eol + 1 : eol;
	}
}

static int is(const char *opt, const char *s, const char *l)
{
	return (s && strcmp(opt, s) == 0) || strcmp(opt, l) == 0;
}

static void print_values(const char *cmd, const char *opt)
{
	if (is(opt, "-f", "--format")) {
		if (strcmp(cmd, "render") == 0) {
			size_t count;
			const render_format *f = render_formats(&count);

			for (size_t i = 0; i < count; i++)
				printf("%s\n", f[i].name);
		} else if (strcmp(cmd, "table") == 0) {
			const char *name;

			for (int i = 0; (name = archdoc_table_format_name((archdoc_table_format)i)) != NULL; i++)
				printf("%s\n", name);
		} else if (strcmp(cmd, "diff") == 0) {
			for (size_t i = 0; cli_diff_format_names[i]; i++)
				printf("%s\n", cli_diff_format_names[i]);
		}
	} else if (is(opt, "-c", "--columns")) {
		for (int i = 0; i < ARCHDOC_COLUMN__COUNT; i++)
			printf("%s\n", archdoc_column_name((archdoc_column)i));
	} else if (is(opt, NULL, "--label")) {
		static const char *const labels[] = { "number", "number+port", "number+protocol+port" };

		for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
			if (archdoc_diagram_label_from_name(labels[i]) >= 0)
				printf("%s\n", labels[i]);
	} else if (is(opt, NULL, "--layout")) {
		fputs("badges\nlabels\nlarge\n", stdout);
	} else if (is(opt, NULL, "--merge")) {
		fputs("parallel\nnone\n", stdout);
	} else if (is(opt, NULL, "--theme")) {
		fputs("light\ndark\n", stdout);
	} else if (is(opt, NULL, "--background")) {
		fputs("white\ntransparent\n", stdout);
	} else if (is(opt, NULL, "--from") && strcmp(cmd, "import") == 0) {
		fputs("md\nhtml\ncsv\n", stdout);
	} else if (is(opt, NULL, "--table") && strcmp(cmd, "import") == 0) {
		fputs("all\n", stdout);
	} else if (is(opt, NULL, "--fill-down") && strcmp(cmd, "import") == 0) {
		/* the roles a column can be filled by; number never is */
		for (int i = ARCHDOC_COLUMN_NUMBER + 1; i < ARCHDOC_COLUMN__COUNT; i++)
			printf("%s\n", archdoc_column_name((archdoc_column)i));
		fputs("none\n", stdout);
	}
}

static void drop(const archdoc_diag *d, void *payload)
{
	(void)d;
	(void)payload;
}

/* The view ids of each model, one per line; a model that does not load
 * has none (its diagnostics are dropped: a completion must stay quiet). */
static void print_views(int argc, char **argv)
{
	archdoc_context_options co = ARCHDOC_CONTEXT_OPTIONS_INIT;
	archdoc_context *ctx = NULL;

	co.sink = drop;
	if (archdoc_context_new(&ctx, &co) != 0)
		return;
	for (int i = 0; i < argc; i++) {
		archdoc_model *m = NULL;

		if (archdoc_model_load_file(&m, ctx, argv[i]) == 0) {
			cli_views autos;

			for (size_t v = 0; v < archdoc_model_view_count(m); v++)
				cli_printf(stdout, "%s\n", archdoc_view_id(archdoc_model_view(m, v)));
			/* no id is "": a model drawn as automatic views lists theirs */
			if (cli_find_view(m, "", &autos) == 0)
				for (size_t v = 0; v < autos.auto_count; v++)
					cli_printf(stdout, "%s\n", archdoc_view_id(autos.autos[v]));
			cli_views_free(&autos);
		}
		archdoc_model_free(m);
	}
	archdoc_context_free(ctx);
}

int cli_complete(const cli_command *const *commands, int argc, char **argv)
{
	const cli_command *cmd;

	if (argc < 2)
		return ARCHDOC_EXIT_OK;
	if (strcmp(argv[1], "commands") == 0) {
		for (size_t i = 0; commands[i]; i++)
			printf("%s\n", commands[i]->name);
	} else if (strcmp(argv[1], "options") == 0 && argc == 3) {
		if ((cmd = find_command(commands, argv[2])) != NULL)
			print_options(cmd->usage);
	} else if (strcmp(argv[1], "values") == 0 && argc == 4) {
		if (find_command(commands, argv[2]))
			print_values(argv[2], argv[3]);
	} else if (strcmp(argv[1], "views") == 0) {
		print_views(argc - 2, argv + 2);
	}
	return ARCHDOC_EXIT_OK;
}
