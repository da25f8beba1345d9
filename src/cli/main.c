/*
 * archdoc: the command-line program. Dispatches to one command per file.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli.h"

static const cli_command *const commands[] = {
	&cli_cmd_check,
	&cli_cmd_table,
	&cli_cmd_render,
	&cli_cmd_layout,
	&cli_cmd_inject,
	&cli_cmd_import,
	&cli_cmd_diff,
	NULL
};

static void print_help(FILE *out)
{
	fputs("usage: archdoc COMMAND [OPTIONS] [ARGS]\n"
	      "       archdoc help COMMAND | --help | --version\n"
	      "\n"
	      "Render architecture documentation (a numbered-edge diagram and its\n"
	      "connections table) from one XML model.\n"
	      "\n"
	      "Commands:\n", out);
	for (size_t i = 0; commands[i]; i++)
		fprintf(out, "  %-8s %s\n", commands[i]->name, commands[i]->summary);
	fputs("\n"
	      "Exit status: 0 success, 1 model errors or stale outputs, 2 usage or I/O trouble.\n"
	      "See man archdoc, man archdoc-COMMAND, or docs/ (installed in share/doc/archdoc).\n", out);
}

static const cli_command *find(const char *name)
{
	for (size_t i = 0; commands[i]; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const cli_command *cmd;

	/* over a file size limit (ulimit -f) a write then fails with EFBIG,
	 * which the output writer reports, instead of killing us silently
	 * with a temporary file left behind */
	signal(SIGXFSZ, SIG_IGN);
#ifdef __GLIBC__
	/* Each candidate of a layout search allocates and frees the same big
	 * blocks (the router's grid): kept in the heap for the next one
	 * instead of mapped and unmapped each time, where every page touched
	 * is a page fault again (about 5 % of a search). The peak grows a
	 * little (the synthetic 300-connection model: 33 to 44 MiB). */
	mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024);
#endif
	if (argc < 2) {
		print_help(stderr);
		return ARCHDOC_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		print_help(stdout);
		return ARCHDOC_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("archdoc %s (model format %d)\n", archdoc_version(), ARCHDOC_MODEL_FORMAT);
		return ARCHDOC_EXIT_OK;
	}
	if (strcmp(argv[1], "help") == 0) {
		if (argc < 3) {
			print_help(stdout);
			return ARCHDOC_EXIT_OK;
		}
		cmd = find(argv[2]);
		if (!cmd) {
			cli_error("help: unknown command '%s'; see 'archdoc --help'", argv[2]);
			return ARCHDOC_EXIT_USAGE;
		}
		cli_print_usage(cmd, stdout);
		return ARCHDOC_EXIT_OK;
	}
	if (strcmp(argv[1], "complete") == 0)   /* hidden: for the shell completion */
		return cli_complete(commands, argc - 1, argv + 1);
	cmd = find(argv[1]);
	if (!cmd) {
		cli_error("unknown command '%s'; see 'archdoc --help'", argv[1]);
		return ARCHDOC_EXIT_USAGE;
	}
	return cmd->run(argc - 1, argv + 1);
}
