/*
 * Printing diagnostics the way compilers do, so editors and CI annotate
 * them: "path:line:col: error: message [rule-id]". Colour only when the
 * stream is a terminal and NO_COLOR is unset (https://no-color.org).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"

#define BOLD "\033[1m"
#define RED "\033[1;31m"
#define MAGENTA "\033[1;35m"
#define CYAN "\033[1;36m"
#define RESET "\033[0m"

void cli_report_init(cli_report *r, FILE *out)
{
	const char *no = getenv("NO_COLOR");

	r->out = out;
	r->colour = isatty(fileno(out)) && !(no && *no);
	r->werror = 0;
	r->errors = 0;
	r->warnings = 0;
}

static void where(const cli_report *r, const archdoc_location *loc)
{
	const char *file = loc->file ? loc->file : "archdoc";

	if (r->colour)
		fputs(BOLD, r->out);
	if (loc->line)
		fprintf(r->out, "%s:%u:%u:", file, loc->line, loc->col);
	else
		fprintf(r->out, "%s:", file);
	if (r->colour)
		fputs(RESET, r->out);
}

void cli_report_sink(const archdoc_diag *d, void *payload)
{
	cli_report *r = payload;
	int error = d->severity == ARCHDOC_SEVERITY_ERROR || r->werror;

	if (error)
		r->errors++;
	else
		r->warnings++;
	where(r, &d->loc);
	if (r->colour)
		fprintf(r->out, " %s%s:%s %s [%s]\n", error ? RED : MAGENTA, error ? "error" : "warning", RESET,
				d->message, d->rule);
	else
		fprintf(r->out, " %s: %s [%s]\n", error ? "error" : "warning", d->message, d->rule);
	if (d->note) {
		where(r, &d->note_loc);
		if (r->colour)
			fprintf(r->out, " " CYAN "note:" RESET " %s\n", d->note);
		else
			fprintf(r->out, " note: %s\n", d->note);
	}
}

void cli_report_summary(const cli_report *r)
{
	fprintf(r->out, "%u error%s, %u warning%s\n", r->errors, r->errors == 1 ? "" : "s",
			r->warnings, r->warnings == 1 ? "" : "s");
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("archdoc: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

archdoc_context *cli_context(cli_report *r)
{
	archdoc_context_options opts = ARCHDOC_CONTEXT_OPTIONS_INIT;
	archdoc_context *ctx = NULL;

	opts.sink = cli_report_sink;
	opts.sink_payload = r;
	if (archdoc_context_new(&ctx, &opts) < 0) {
		cli_error("out of memory");
		return NULL;
	}
	return ctx;
}

void cli_print_usage(const cli_command *cmd, FILE *out)
{
	fputs(cmd->usage, out);
}
