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
	unsigned jobs;    /* --jobs: processes a layout search may use (0: one per processor) */
} cli_report;

#define CLI_DEFAULT_MAX_ERRORS 1000

/* --max-errors N, the same in every command that loads models: a value
 * no command's getopt switch uses for anything else. */
#define CLI_OPT_MAX_ERRORS 0x4d45
#define CLI_MAX_ERRORS_OPTION { "max-errors", required_argument, NULL, CLI_OPT_MAX_ERRORS }
/* --jobs N, the same way */
#define CLI_OPT_JOBS 0x4a4f
#define CLI_JOBS_OPTION { "jobs", required_argument, NULL, CLI_OPT_JOBS }

void cli_report_init(cli_report *r, FILE *out);
/* Parse --max-errors N; -1 (after printing why) when N is not a number. */
int cli_report_max_errors(cli_report *r, const char *arg);
/* Parse --jobs N (1 to 16); -1 (after printing why) otherwise. */
int cli_report_jobs(cli_report *r, const char *arg);
/* The processes --jobs allows: as given, else one per processor. */
unsigned cli_report_jobs_for(const cli_report *r);
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
	/* Writes what stands for @NAME@ in usage (NULL: usage has none), so
	 * that lists such as the formats come from where they are kept. */
	void (*fill)(FILE *out, const char *name, size_t len);
} cli_command;

extern const cli_command cli_cmd_check;
extern const cli_command cli_cmd_table;
extern const cli_command cli_cmd_render;
extern const cli_command cli_cmd_inject;
extern const cli_command cli_cmd_diff;
extern const cli_command cli_cmd_import;
extern const cli_command cli_cmd_layout;

/* The formats diff writes, canonical names, NULL-terminated (cmd_diff.c). */
extern const char *const cli_diff_format_names[];

/* archdoc complete ... (cmd_complete.c): the hidden helper of the shell
 * completion; commands is main.c's list. Always 0. */
int cli_complete(const cli_command *const *commands, int argc, char **argv);

/* Print the command's usage on stdout (for --help). */
void cli_print_usage(const cli_command *cmd, FILE *out);

/*
 * The skeleton every command runs on (command.c). A command declares its
 * own options and how many operands it takes; cli_start parses argv with
 * the options all commands share added (-h/--help, --max-errors N, and
 * -W/--werror and -q/--quiet for the commands that ask), prints the usage
 * for --help and for a bad option, and checks the operands. cli_open makes
 * the context with the report as its sink, cli_load loads a model with the
 * standard reporting, cli_exit_for maps a library result to the exit code,
 * and cli_finish frees the context and ends the report.
 */
typedef struct cli_run {
	const cli_command *cmd;
	cli_report rep;
	archdoc_context *ctx;
	int quiet;           /* -q, --quiet */
	int io_trouble;      /* a model could not be read, or memory ran out (cli_load) */
} cli_run;

#define CLI_WERROR 1u    /* the command takes -W, --werror */
#define CLI_QUIET 2u     /* the command takes -q, --quiet */
#define CLI_JOBS 4u      /* the command takes --jobs N (it lays diagrams out) */

struct option;

typedef struct cli_options {
	const char *shortopts;          /* the command's own short options, as getopt reads them */
	const struct option *longopts;  /* its own long options, ending with a zero entry; or NULL */
	unsigned common;                /* CLI_WERROR | CLI_QUIET | CLI_JOBS */
	/* One of the command's own options: 0 to go on, or the exit code to
	 * stop with (after saying why). */
	int (*option)(cli_run *run, int opt, char *arg, void *payload);
	void *payload;
	int min_operands, max_operands; /* max -1: no limit */
	const char *no_operands;        /* e.g. "no model given" */
	const char *wrong_operands;     /* with more than max: e.g. "give exactly one model" */
} cli_options;

/* -1 when the command goes on with its operands at argv[optind..argc),
 * else the exit code to return. */
int cli_start(cli_run *run, const cli_command *cmd, int argc, char **argv, const cli_options *o);
/* 0, or ARCHDOC_EXIT_USAGE (said why). */
int cli_open(cli_run *run);
/* archdoc_model_load_file; I/O trouble and out of memory are remembered
 * in io_trouble, out of memory said. Returns the library's code. */
int cli_load(cli_run *run, const char *path, archdoc_model **out);
/* --view ID: *out becomes the model of m's view id (free it before m).
 * 0, or an exit code after saying why (no such view: usage, 2). */
int cli_view(cli_run *run, const char *path, const archdoc_model *m, const char *id, archdoc_model **out);
/* The view id names in m: one of its own, or, for a model that render -o
 * DIR draws as automatic views (no view of its own, more than
 * ARCHDOC_AUTO_VIEW_CONNECTIONS connections), an automatic one. */
typedef struct cli_views {
	const archdoc_view *view;   /* NULL: no such view */
	archdoc_view **autos;       /* the automatic views, when made */
	size_t auto_count;
	size_t auto_index;          /* view's place among them */
} cli_views;
/* Is m drawn as automatic views (docs/render.md)? */
int cli_auto_views_apply(const archdoc_model *m);
/* 0, or -1 out of memory. Free with cli_views_free. */
int cli_find_view(const archdoc_model *m, const char *id, cli_views *out);
void cli_views_free(cli_views *v);
/* "archdoc: CMD: PATH has no view 'ID' (its views: ...)" on stderr. */
void cli_no_view(const char *cmd, const char *path, const archdoc_model *m, const char *id, const cli_views *v);
/* The exit code for a library result: 0 OK; I/O trouble, usage and out
 * of memory 2 (out of memory said, naming what, when what is not NULL);
 * anything else 1: model errors, limits, Graphviz, which diagnostics
 * already explained. */
int cli_exit_for(int rc, const char *what);
/* Free the context, say how many diagnostics the limit left out, and with
 * summary print "N errors, M warnings". */
void cli_finish(cli_run *run, int summary);

#endif
