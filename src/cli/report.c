/*
 * Printing diagnostics the way compilers do, so editors and CI annotate
 * them: "path:line:col: error: message [rule-id]". Colour only when the
 * stream is a terminal and NO_COLOR is unset (https://no-color.org).
 * Everything printed here that came from outside (paths, model text) goes
 * through cli_escape_put, the one escaping of untrusted text for terminals.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "terminal.h"
#include "workers.h"

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
	r->max_shown = CLI_DEFAULT_MAX_ERRORS;
	r->not_shown = 0;
	r->jobs = 0;
}

int cli_report_max_errors(cli_report *r, const char *arg)
{
	unsigned long long v = 0;
	const char *p = arg;

	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (unsigned)(*p - '0');
		if (v > (unsigned long long)SIZE_MAX / 10)
			break;
	}
	if (p == arg || *p) {
		cli_error("--max-errors takes a whole number (0 for no limit), not '%s'", arg);
		return -1;
	}
	r->max_shown = (size_t)v;
	return 0;
}

int cli_report_jobs(cli_report *r, const char *arg)
{
	unsigned v = 0;
	const char *p = arg;

	for (; *p >= '0' && *p <= '9' && v <= ARCHDOC_WORKERS_MAX; p++)
		v = v * 10 + (unsigned)(*p - '0');
	if (p == arg || *p || v < 1 || v > ARCHDOC_WORKERS_MAX) {
		cli_error("--jobs takes a number of processes from 1 to %d, not '%s'", ARCHDOC_WORKERS_MAX, arg);
		return -1;
	}
	r->jobs = v;
	return 0;
}

unsigned cli_report_jobs_for(const cli_report *r)
{
	/* by default one process per processor online */
	return r->jobs ? r->jobs : archdoc_workers_cpus();
}

/* --- escaping ------------------------------------------------------------ */

void cli_escape_put(FILE *f, const char *str, size_t len)
{
	archdoc_terminal_escape(f, str, len);
}

void cli_escape_puts(FILE *f, const char *s)
{
	cli_escape_put(f, s, strlen(s));
}

char *cli_escape(const char *s)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (!f)
		return NULL;
	cli_escape_puts(f, s);
	if (fclose(f) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

/* --- diagnostics ----------------------------------------------------------- */

static void where(const cli_report *r, const archdoc_location *loc)
{
	const char *file = loc->file ? loc->file : "archdoc";

	if (r->colour)
		fputs(BOLD, r->out);
	cli_escape_puts(r->out, file);
	if (loc->line)
		fprintf(r->out, ":%u:%u:", loc->line, loc->col);
	else
		fputc(':', r->out);
	if (r->colour)
		fputs(RESET, r->out);
}

void cli_report_sink(const archdoc_diag *d, void *payload)
{
	cli_report *r = payload;
	int error = d->severity == ARCHDOC_SEVERITY_ERROR || r->werror;

	if (d->suppressed) {
		if (error)
			r->errors += (unsigned)d->suppressed;
		else
			r->warnings += (unsigned)d->suppressed;
		r->not_shown += d->suppressed;
		return;
	}
	if (error)
		r->errors++;
	else
		r->warnings++;
	where(r, &d->loc);
	if (r->colour)
		fprintf(r->out, " %s%s:%s ", error ? RED : MAGENTA, error ? "error" : "warning", RESET);
	else
		fprintf(r->out, " %s: ", error ? "error" : "warning");
	cli_escape_puts(r->out, d->message);
	fprintf(r->out, " [%s]\n", d->rule);
	if (d->note) {
		where(r, &d->note_loc);
		fputs(r->colour ? " " CYAN "note:" RESET " " : " note: ", r->out);
		cli_escape_puts(r->out, d->note);
		fputc('\n', r->out);
	}
}

/* 1234567 as "1,234,567" */
static void put_count(FILE *f, size_t n)
{
	char digits[32];
	int len = snprintf(digits, sizeof(digits), "%zu", n);

	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			fputc(',', f);
		fputc(digits[i], f);
	}
}

void cli_report_finish(cli_report *r)
{
	if (!r->not_shown)
		return;
	fputs("archdoc: ", r->out);
	put_count(r->out, r->not_shown);
	fprintf(r->out, " more diagnostic%s not shown (--max-errors N to change, 0 for all)\n",
			r->not_shown == 1 ? "" : "s");
	r->not_shown = 0;
}

void cli_report_round(cli_report *r, archdoc_context *ctx)
{
	cli_report_finish(r);
	archdoc_context_set_max_diagnostics(ctx, r->max_shown);
}

void cli_report_summary(cli_report *r)
{
	cli_report_finish(r);
	fprintf(r->out, "%u error%s, %u warning%s\n", r->errors, r->errors == 1 ? "" : "s",
			r->warnings, r->warnings == 1 ? "" : "s");
}

void cli_error(const char *fmt, ...)
{
	char small[512], *line = small;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(small)) {
		char *big = malloc((size_t)n + 1);

		if (big) {
			va_start(ap, fmt);
			vsnprintf(big, (size_t)n + 1, fmt, ap);
			va_end(ap);
			line = big;
		}
	}
	fputs("archdoc: ", stderr);
	if (n > 0)
		cli_escape_puts(stderr, line);
	fputc('\n', stderr);
	if (line != small)
		free(line);
}

void cli_printf(FILE *f, const char *fmt, ...)
{
	char small[512], *line = small;
	va_list ap;
	int n;
	size_t len;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n >= (int)sizeof(small)) {
		line = malloc((size_t)n + 1);
		if (!line)
			return;
		va_start(ap, fmt);
		vsnprintf(line, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	len = (size_t)n;
	if (len && line[len - 1] == '\n') {
		cli_escape_put(f, line, len - 1);
		fputc('\n', f);
	} else {
		cli_escape_put(f, line, len);
	}
	if (line != small)
		free(line);
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
	archdoc_context_set_max_diagnostics(ctx, r->max_shown);
	archdoc_context_set_jobs(ctx, cli_report_jobs_for(r));
	return ctx;
}

void cli_print_usage(const cli_command *cmd, FILE *out)
{
	const char *p = cmd->usage, *at, *end;

	while (cmd->fill && (at = strchr(p, '@')) != NULL && (end = strchr(at + 1, '@')) != NULL) {
		fwrite(p, 1, (size_t)(at - p), out);
		cmd->fill(out, at + 1, (size_t)(end - at - 1));
		p = end + 1;
	}
	fputs(p, out);
	/* both are installed by cmake --install (docs/cli.md, "Manual pages") */
	fprintf(out, "\nSee man archdoc-%s, or docs/%s.md (installed in share/doc/archdoc).\n",
		cmd->name, cmd->name);
}
