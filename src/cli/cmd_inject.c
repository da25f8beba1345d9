/*
 * archdoc inject DOC.md...: regenerate the tables and diagram references
 * between archdoc's marker comments (docs/inject.md). --check writes
 * nothing, prints a unified diff of what would change and exits 1.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "array.h"
#include "file.h"
#include "output.h"
#include "udiff.h"

static const char usage[] =
	"usage: archdoc inject [--check] DOC.md...\n"
	"\n"
	"Replace what stands between archdoc's marker comments in each Markdown\n"
	"document with fresh output; everything else stays byte for byte:\n"
	"\n"
	"  <!-- archdoc:table model=PATH [columns=LIST] -->\n"
	"  <!-- /archdoc:table -->\n"
	"  <!-- archdoc:diagram model=PATH src=PATH.svg -->\n"
	"  <!-- /archdoc:diagram -->\n"
	"\n"
	"Paths are relative to the document and stay inside its repository (the\n"
	"nearest folder holding .git, else the document's folder). A diagram marker\n"
	"also renders its SVG at src, never through a symbolic link. Markers inside\n"
	"code blocks are left alone. Nothing is written unless every marker of\n"
	"every document succeeds.\n"
	"\n"
	"      --check      write nothing; print a unified diff of what would change\n"
	"                   (and name stale SVGs), exit 1 if anything would\n"
	"      --max-errors N\n"
	"                   print at most N diagnostics (default 1000; 0: all)\n"
	"      --jobs N     lay diagrams out in up to N processes (default: one per\n"
	"                   processor; the same drawings for any N)\n"
	"  -h, --help       show this help\n"
	"\n"
	"Exit status: 0 done (or up to date), 1 marker or model errors, or changes\n"
	"pending with --check; 2 usage or I/O trouble.\n";

enum { OPT_CHECK = 256 };

/* A file prepared in a temporary beside it, replaced at the end of the run. */
typedef struct staged {
	char *tmp, *path;   /* owned */
} staged;

typedef struct job {
	int check;
	int stale;        /* --check found something to change */
	int io_trouble;
	archdoc_context *ctx;
	archdoc_inject_run *run;  /* SVG claims across the documents */
	staged *staged;
	size_t staged_count, staged_cap;
} job;

static int missing(const char *path)
{
	struct stat st;

	return stat(path, &st) < 0 && errno == ENOENT;
}

/* inject replaces only regular files and never writes through a symbolic
 * link (the library checked every src= component; this holds on its own
 * for documents too, and is checked again right before the renames). */
static int writable(const char *path)
{
	return cli_output_refused(path, "is a symbolic link; inject never writes through a link",
			"is not a regular file; inject replaces only regular files");
}

static int was_staged(const job *j, const char *path)
{
	for (size_t i = 0; i < j->staged_count; i++)
		if (strcmp(j->staged[i].path, path) == 0)
			return 1;
	return 0;
}

/* Prepare path's new bytes in a temporary file; nothing is replaced until
 * commit_all. A file that already holds them is left alone. */
static int stage(job *j, const char *path, const char *data, size_t len)
{
	char *tmp = NULL, *name;
	int same;

	if (writable(path) < 0)
		return -1;
	same = cli_output_same(path, data, len);
	if (same < 0)
		return -1;
	if (same)
		return 0;
	if (ARCHDOC_ARRAY_RESERVE(j->staged, j->staged_cap, j->staged_count + 1, 16) < 0) {
		cli_error("out of memory");
		return -1;
	}
	name = strdup(path);
	if (!name) {
		cli_error("out of memory");
		return -1;
	}
	if (cli_output_stage(path, data, len, &tmp) < 0) {
		free(name);
		return -1;
	}
	j->staged[j->staged_count].tmp = tmp;
	j->staged[j->staged_count].path = name;
	j->staged_count++;
	return 0;
}

static void discard_from(job *j, size_t from)
{
	for (size_t i = from; i < j->staged_count; i++) {
		cli_output_discard(j->staged[i].tmp);
		free(j->staged[i].path);
	}
	for (size_t i = 0; i < from; i++)
		free(j->staged[i].path);
	free(j->staged);
	j->staged = NULL;
	j->staged_count = j->staged_cap = 0;
}

/* Every document and SVG succeeded: check each target again, then rename
 * every temporary into place. */
static int commit_all(job *j)
{
	size_t i;

	for (i = 0; i < j->staged_count; i++)
		if (writable(j->staged[i].path) < 0) {
			discard_from(j, 0);
			return -1;
		}
	for (i = 0; i < j->staged_count; i++)
		if (cli_output_commit(j->staged[i].tmp, j->staged[i].path) < 0) {
			discard_from(j, i);
			return -1;
		} else {
			free(j->staged[i].tmp);
			j->staged[i].tmp = NULL;
		}
	discard_from(j, j->staged_count);
	return 0;
}

/* Render the diagram a marker names, or in --check compare it; the file
 * is only staged here. */
static int on_diagram(const archdoc_model *m, const char *svg_path, void *payload)
{
	job *j = payload;
	archdoc_diagram_options o = ARCHDOC_DIAGRAM_OPTIONS_INIT;
	char *svg = NULL;
	size_t len = 0;
	int rc;

	/* one SVG, one model (the library checks): no need to render it twice */
	if (!j->check && was_staged(j, svg_path))
		return 0;
	rc = archdoc_diagram_render(&svg, &len, j->ctx, m, &o);
	if (rc)
		return rc;
	if (j->check) {
		int same = cli_output_same(svg_path, svg, len);

		if (same < 0)
			j->io_trouble = 1;
		else if (!same) {
			cli_printf(stdout, "%s: %s\n", svg_path, missing(svg_path) ? "missing" : "differs from what inject would write");
			j->stale = 1;
		}
	} else if (stage(j, svg_path, svg, len) < 0) {
		j->io_trouble = 1;
		rc = ARCHDOC_EIO;
	}
	archdoc_free(svg);
	return rc;
}

static int inject_one(job *j, const char *path)
{
	archdoc_inject_options o = ARCHDOC_INJECT_OPTIONS_INIT;
	size_t len = 0, out_len = 0;
	int rc;
	char *text, *out = NULL, *dir;

	rc = archdoc_file_read(path, ARCHDOC_DEFAULT_MAX_FILE_SIZE, 0, &text, &len, NULL);
	if (rc) {
		if (rc == ARCHDOC_FILE_ETOO_BIG)
			cli_error("%s: larger than %zu bytes", path, (size_t)ARCHDOC_DEFAULT_MAX_FILE_SIZE);
		else
			cli_error("%s: %s", path, strerror(errno));
		j->io_trouble = 1;
		return -1;
	}
	dir = cli_path_dir(path, NULL);
	if (!dir) {
		free(text);
		cli_error("out of memory");
		j->io_trouble = 1;
		return -1;
	}
	o.diagram = on_diagram;
	o.payload = j;
	o.run = j->run;
	rc = archdoc_inject_markdown(&out, &out_len, j->ctx, path, dir, text, len, &o);
	free(dir);
	if (rc == 0) {
		int changed = out_len != len || memcmp(out, text, len) != 0;

		if (j->check) {
			if (changed) {
				char theirs[4096];

				snprintf(theirs, sizeof(theirs), "%s (archdoc inject)", path);
				fflush(stdout);
				cli_udiff(stdout, path, theirs, text, len, out, out_len);
				j->stale = 1;
			}
		} else if (changed && stage(j, path, out, out_len) < 0) {
			j->io_trouble = 1;
			rc = -1;
		}
	} else if (rc == ARCHDOC_ENOMEM) {
		cli_error("%s: out of memory", path);
		j->io_trouble = 1;
	} else if (rc == ARCHDOC_EIO) {
		j->io_trouble = 1;
	}
	archdoc_free(out);
	free(text);
	return rc;
}

static int option(cli_run *r, int opt, char *arg, void *payload)
{
	job *j = payload;

	(void)r;
	(void)arg;
	if (opt != OPT_CHECK)
		return ARCHDOC_EXIT_USAGE;
	j->check = 1;
	return 0;
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "check", no_argument, NULL, OPT_CHECK },
		{ NULL, 0, NULL, 0 }
	};
	job j;
	const cli_options options = {
		.longopts = longopts, .common = CLI_JOBS, .option = option, .payload = &j,
		.min_operands = 1, .max_operands = -1, .no_operands = "no document given"
	};
	cli_run r;
	int rc, failed = 0;

	memset(&j, 0, sizeof(j));
	rc = cli_start(&r, &cli_cmd_inject, argc, argv, &options);
	if (rc >= 0 || (rc = cli_open(&r)) != 0)
		return rc;
	j.ctx = r.ctx;
	if (archdoc_inject_run_new(&j.run) < 0) {
		cli_finish(&r, 0);
		cli_error("out of memory");
		return ARCHDOC_EXIT_USAGE;
	}
	for (int i = optind; i < argc; i++)
		if (inject_one(&j, argv[i]) != 0)
			failed = 1;
	/* all or nothing: every document and SVG of the run, or none */
	if (failed || r.rep.errors || j.io_trouble)
		discard_from(&j, 0);
	else if (commit_all(&j) < 0)
		j.io_trouble = 1;
	archdoc_inject_run_free(j.run);
	cli_finish(&r, r.rep.errors || r.rep.warnings);
	if (j.io_trouble)
		return ARCHDOC_EXIT_USAGE;
	if (failed || r.rep.errors || j.stale)
		return ARCHDOC_EXIT_FAIL;
	return ARCHDOC_EXIT_OK;
}

const cli_command cli_cmd_inject = {
	"inject", "regenerate tables and diagrams between marker comments in Markdown files", usage, run, NULL
};
