/*
 * The command-line skeleton (cli.h, "cli_run"): what every command does
 * the same way, so each cmd_*.c holds only its own options, operands and
 * work.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define MAX_LONG_OPTIONS 32

/* The options every command shares, after the command's own. */
static int add_common(struct option *all, size_t n, char *shorts, size_t sn, unsigned common)
{
	static const struct option werror = { "werror", no_argument, NULL, 'W' };
	static const struct option quiet = { "quiet", no_argument, NULL, 'q' };
	static const struct option max_errors = CLI_MAX_ERRORS_OPTION;
	static const struct option jobs = CLI_JOBS_OPTION;
	static const struct option help = { "help", no_argument, NULL, 'h' };

	if (common & CLI_WERROR) {
		all[n++] = werror;
		strcat(shorts + sn, "W");
	}
	if (common & CLI_QUIET) {
		all[n++] = quiet;
		strcat(shorts + sn, "q");
	}
	all[n++] = max_errors;
	if (common & CLI_JOBS)
		all[n++] = jobs;
	all[n++] = help;
	strcat(shorts + sn, "h");
	memset(&all[n], 0, sizeof(all[n]));
	return 0;
}

int cli_start(cli_run *run, const cli_command *cmd, int argc, char **argv, const cli_options *o)
{
	struct option all[MAX_LONG_OPTIONS + 6];
	char shorts[64];
	size_t n = 0;
	int opt, operands;

	memset(run, 0, sizeof(*run));
	run->cmd = cmd;
	cli_report_init(&run->rep, stderr);
	for (; o->longopts && o->longopts[n].name && n < MAX_LONG_OPTIONS; n++)
		all[n] = o->longopts[n];
	snprintf(shorts, sizeof(shorts), "%s", o->shortopts ? o->shortopts : "");
	add_common(all, n, shorts, strlen(shorts), o->common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, shorts, all, NULL)) != -1) {
		int rc;

		switch (opt) {
		case 'W':
			if (!(o->common & CLI_WERROR))
				goto own;
			run->rep.werror = 1;
			continue;
		case 'q':
			if (!(o->common & CLI_QUIET))
				goto own;
			run->quiet = 1;
			continue;
		case CLI_OPT_MAX_ERRORS:
			if (cli_report_max_errors(&run->rep, optarg) < 0)
				return ARCHDOC_EXIT_USAGE;
			continue;
		case CLI_OPT_JOBS:
			if (!(o->common & CLI_JOBS))
				goto own;
			if (cli_report_jobs(&run->rep, optarg) < 0)
				return ARCHDOC_EXIT_USAGE;
			continue;
		case 'h':
			cli_print_usage(cmd, stdout);
			return ARCHDOC_EXIT_OK;
		case '?':
		case ':':
			cli_print_usage(cmd, stderr);
			return ARCHDOC_EXIT_USAGE;
		default:
			break;
		}
own:
		rc = o->option ? o->option(run, opt, optarg, o->payload) : ARCHDOC_EXIT_USAGE;
		if (rc)
			return rc;
	}
	operands = argc - optind;
	if (operands < o->min_operands || (o->max_operands >= 0 && operands > o->max_operands)) {
		cli_error("%s: %s", cmd->name, operands < o->min_operands || !o->wrong_operands ? o->no_operands
				: o->wrong_operands);
		cli_print_usage(cmd, stderr);
		return ARCHDOC_EXIT_USAGE;
	}
	return -1;
}

int cli_open(cli_run *run)
{
	run->ctx = cli_context(&run->rep);
	return run->ctx ? 0 : ARCHDOC_EXIT_USAGE;
}

int cli_load(cli_run *run, const char *path, archdoc_model **out)
{
	int rc = archdoc_model_load_file(out, run->ctx, path);

	if (rc == ARCHDOC_EIO || rc == ARCHDOC_ENOMEM)
		run->io_trouble = 1;
	if (rc == ARCHDOC_ENOMEM)
		cli_error("%s: out of memory", path);
	return rc;
}

/* How many ids a "has no view" message lists before "and N more". */
#define VIEWS_LISTED 20

int cli_auto_views_apply(const archdoc_model *m)
{
	return archdoc_model_view_count(m) == 0 && archdoc_model_connection_count(m) > ARCHDOC_AUTO_VIEW_CONNECTIONS;
}

int cli_find_view(const archdoc_model *m, const char *id, cli_views *out)
{
	memset(out, 0, sizeof(*out));
	out->view = archdoc_model_find_view(m, id);
	if (out->view || !cli_auto_views_apply(m))
		return 0;
	/* a model drawn as automatic views: theirs are its views */
	if (archdoc_auto_views(&out->autos, &out->auto_count, m) != 0)
		return -1;
	for (size_t i = 0; i < out->auto_count; i++)
		if (strcmp(archdoc_view_id(out->autos[i]), id) == 0) {
			out->view = out->autos[i];
			out->auto_index = i;
			break;
		}
	return 0;
}

void cli_views_free(cli_views *v)
{
	archdoc_auto_views_free(v->autos, v->auto_count);
	memset(v, 0, sizeof(*v));
}

void cli_no_view(const char *cmd, const char *path, const archdoc_model *m, const char *id, const cli_views *v)
{
	size_t n = archdoc_model_view_count(m), shown = 0, total = n ? n : v->auto_count;

	cli_printf(stderr, "archdoc: %s: %s has no view '%s'", cmd, path, id);
	for (; shown < total && shown < VIEWS_LISTED; shown++)
		cli_printf(stderr, "%s%s", shown ? ", " : n ? " (its views: " : " (its automatic views: ",
				archdoc_view_id(n ? archdoc_model_view(m, shown) : v->autos[shown]));
	if (shown < total)
		fprintf(stderr, " and %zu more", total - shown);
	fputs(total ? ")\n" : " (it has none)\n", stderr);
}

int cli_view(cli_run *run, const char *path, const archdoc_model *m, const char *id, archdoc_model **out)
{
	cli_views v;
	int rc = 0;

	*out = NULL;
	if (cli_find_view(m, id, &v) != 0) {
		cli_error("%s: out of memory", path);
		run->io_trouble = 1;
		return ARCHDOC_EXIT_USAGE;
	}
	if (!v.view) {
		cli_no_view(run->cmd->name, path, m, id, &v);
		rc = ARCHDOC_EXIT_USAGE;
	} else if (archdoc_view_model(out, run->ctx, m, v.view) != 0) {
		cli_error("%s: out of memory", path);
		run->io_trouble = 1;
		rc = ARCHDOC_EXIT_USAGE;
	}
	cli_views_free(&v);
	return rc;
}

int cli_exit_for(int rc, const char *what)
{
	switch (rc) {
	case 0:
		return ARCHDOC_EXIT_OK;
	case ARCHDOC_ENOMEM:
		if (what)
			cli_error("%s: out of memory", what);
		return ARCHDOC_EXIT_USAGE;
	case ARCHDOC_EIO:
	case ARCHDOC_EUSAGE:
		/* the library already said why */
		return ARCHDOC_EXIT_USAGE;
	default:
		return ARCHDOC_EXIT_FAIL;
	}
}

void cli_finish(cli_run *run, int summary)
{
	archdoc_context_free(run->ctx);
	run->ctx = NULL;
	cli_report_finish(&run->rep);
	if (summary)
		cli_report_summary(&run->rep);
}
