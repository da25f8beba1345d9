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
	unsigned errors;  /* every one, shown or not */
	unsigned warnings;
	size_t max_shown; /* --max-errors: diagnostics printed at most (0: all) */
	size_t not_shown; /* counted past max_shown, not yet reported */
} cli_report;

#define CLI_DEFAULT_MAX_ERRORS 1000

/* --max-errors N, the same in every command that loads models: a value
 * no command's getopt switch uses for anything else. */
#define CLI_OPT_MAX_ERRORS 0x4d45
#define CLI_MAX_ERRORS_OPTION { "max-errors", required_argument, NULL, CLI_OPT_MAX_ERRORS }

void cli_report_init(cli_report *r, FILE *out);
/* Parse --max-errors N; -1 (after printing why) when N is not a number. */
int cli_report_max_errors(cli_report *r, const char *arg);
/* The archdoc_diag_fn to install on a context; payload is the cli_report. */
void cli_report_sink(const archdoc_diag *d, void *payload);
/* After the last diagnostic: "archdoc: N more diagnostics not shown ..."
 * when the limit dropped some since the last call (cli_report_summary
 * calls it). */
void cli_report_finish(cli_report *r);
/* A new round of one run (each render of render --watch): the limit on
 * diagnostics starts again. */
void cli_report_round(cli_report *r, archdoc_context *ctx);
/* "2 errors, 1 warning" */
void cli_report_summary(cli_report *r);
/* A problem of the program itself (usage, I/O), not of a model. The
 * formatted line is escaped like every diagnostic (cli_escape_put), so
 * a path given or read from a document cannot forge output. */
void cli_error(const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 1, 2)))
#endif
	;

/* Untrusted text for a terminal: every C0 control (line feed and tab
 * included) and DEL, every C1 control (U+0080-U+009F), the bidirectional
 * controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) and the
 * line and paragraph separators (U+2028, U+2029) are written as \u{XX}
 * (hexadecimal code point), and each byte that is not UTF-8 as \x{XX}.
 * Everything else is written as it is (docs/cli.md, "Untrusted text"). */
void cli_escape_put(FILE *f, const char *s, size_t len);
void cli_escape_puts(FILE *f, const char *s);
/* The same into a malloc'd string (NULL when memory runs out). */
char *cli_escape(const char *s);
/* fprintf for output that quotes untrusted text (titles, paths): the
 * formatted text is escaped as cli_escape_put does, but for a final line
 * feed, which ends the line. */
void cli_printf(FILE *f, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 2, 3)))
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
