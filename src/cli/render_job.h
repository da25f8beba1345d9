/*
 * The render command's parts, each using only the ones below it: the
 * options (cmd_render.c) -> the --watch loop (render_watch.c) -> one pass
 * over the models (render_job.c).
 */
#ifndef ARCHDOC_CLI_RENDER_H
#define ARCHDOC_CLI_RENDER_H

#include <stddef.h>

#include "cli.h"

typedef enum { RENDER_DIAGRAM, RENDER_TABLE, RENDER_PAGE } render_kind;

typedef struct render_format {
	const char *name;     /* also the file extension */
	render_kind kind;
	int sub;              /* archdoc_diagram_format or archdoc_table_format */
} render_format;

/* What render writes, from the libraries' registries: every diagram
 * format, every table format but HTML (the page is render's html), then
 * the page; in that order. */
const render_format *render_formats(size_t *count);
/* Their names joined: "svg, png, ... or html". Static. */
const char *render_format_names(const char *sep, const char *last_sep);

typedef enum { RENDER_TO_DIR, RENDER_TO_FILE, RENDER_TO_STDOUT } render_mode;

typedef struct render_job {
	const render_format *formats[16];
	size_t format_count;
	int formats_given;
	archdoc_diagram_options diagram;
	archdoc_column columns[ARCHDOC_COLUMN__COUNT];
	size_t column_count;
	render_mode mode;
	const char *output;   /* -o as given, or NULL */
	const char *dir;      /* RENDER_TO_DIR */
	const char *file;     /* RENDER_TO_FILE */
	int check, watch, quiet;
	const char *view;     /* --view: only this view of each model */
	int no_auto_views;    /* --no-auto-views */
	int merge;            /* --merge parallel */
} render_job;

/* Render the models once; returns the exit code. Every model is loaded
 * and checked (together: no two may share an id), but when only is not
 * NULL, outputs are written only for the models i with only[i] set
 * (--watch: the ones that changed). */
int render_models(render_job *job, archdoc_context *ctx, cli_report *rep,
		char *const *paths, size_t path_count, const unsigned char *only);

/* Render, then again on every change of a model file, until a signal. */
int render_watch(render_job *job, archdoc_context *ctx, cli_report *rep,
		char *const *paths, size_t path_count);

/* SIGINT, SIGTERM, SIGHUP: remove staged temporaries, exit 130. */
void render_install_signals(void);

/* Non-zero when path is a folder (following links). */
int render_is_dir(const char *path);

#endif
