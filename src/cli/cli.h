/*
 * The archdoc program: one file per command (cmd_*.c), one printing sink
 * for diagnostics (report.c), and the dispatcher (main.c).
 */
#ifndef ARCHDOC_CLI_H
#define ARCHDOC_CLI_H

#include <stdio.h>

#include "archdoc/archdoc.h"

/* Exit codes, the same for every command (docs/cli.md). */
enum archdoc_exit {
	ARCHDOC_EXIT_OK = 0,      /* success; warnings allowed */
	ARCHDOC_EXIT_FAIL = 1,    /* the model has errors, or outputs are stale (--check) */
	ARCHDOC_EXIT_USAGE = 2    /* bad usage, or input/output trouble */
};

/* The diagnostic printer every command uses. */
typedef struct cli_report {
	FILE *out;
	int colour;
	int werror;       /* warnings count as errors */
	unsigned errors;
	unsigned warnings;
} cli_report;

void cli_report_init(cli_report *r, FILE *out);
/* The archdoc_diag_fn to install on a context; payload is the cli_report. */
void cli_report_sink(const archdoc_diag *d, void *payload);
/* "2 errors, 1 warning" */
void cli_report_summary(const cli_report *r);
/* A problem of the program itself (usage, I/O), not of a model. */
void cli_error(const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 1, 2)))
#endif
	;

/* A context whose sink is r; NULL (after printing why) on failure. */
archdoc_context *cli_context(cli_report *r);

typedef struct cli_command {
	const char *name;
	const char *summary;  /* one line for `archdoc --help` */
	const char *usage;    /* the full text for `archdoc help NAME` */
	int (*run)(int argc, char **argv);
} cli_command;

extern const cli_command cli_cmd_check;
extern const cli_command cli_cmd_table;
extern const cli_command cli_cmd_render;
extern const cli_command cli_cmd_inject;
extern const cli_command cli_cmd_diff;
extern const cli_command cli_cmd_import;
extern const cli_command cli_cmd_layout;

/* Print the command's usage on stdout (for --help). */
void cli_print_usage(const cli_command *cmd, FILE *out);

#endif
