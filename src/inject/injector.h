/*
 * inject's parts (inject.c drives them): reading the markers
 * (inject_markers.c), checking the paths they name and the SVGs a run
 * claims (inject_paths.c), and rebuilding the regions (inject.c).
 */
#ifndef ARCHDOC_INJECTOR_H
#define ARCHDOC_INJECTOR_H

#include <stddef.h>

#include "archdoc/inject.h"
#include "context.h"
#include "diag.h"
#include "hash.h"

#define MAX_MARKERS 10000
#define MAX_MODELS 64
#define MAX_ERRORS 10000   /* marker errors kept for one document; the rest are counted */

typedef enum { KIND_TABLE, KIND_DIAGRAM } marker_kind;

typedef struct marker {
	marker_kind kind;
	int closing;
	unsigned first_line, last_line;   /* lines the comment occupies, 1-based */
	unsigned col;                     /* where "<!--" stands on first_line */
	char *model, *columns, *src;      /* owned, as written */
	char *view;                       /* owned: view=ID, or NULL for the whole model */
	char *model_key;                  /* owned: the model's real path (else as resolved) */
	char *svg_key;                    /* owned: src checked, absolute, normalised */
	char *svg_path;                   /* owned: the same file, relative to the caller's folder */
} marker;

typedef struct loaded {
	char *path;
	archdoc_model *model;             /* NULL when it failed to load */
} loaded;

/* One SVG claimed by a diagram marker of the run. */
typedef struct claim {
	char *svg_key, *model_key, *model, *doc;   /* owned */
	char *view;                                  /* owned, or NULL */
	unsigned line, col;
} claim;

struct archdoc_inject_run {
	archdoc_hash by_svg;              /* svg_key -> its claim */
	claim **claims;                   /* owned, in the order made */
	size_t count, cap;
};

typedef struct injector {
	archdoc_context *ctx;
	const char *doc_name;
	const char *base_dir;
	const char *text;
	size_t len;
	size_t *lines;                    /* offset of each line's start */
	size_t line_count;
	marker *markers;
	size_t marker_count;
	loaded models[MAX_MODELS];
	size_t model_count;
	archdoc_diag_queue errors_found;  /* marker errors, sent in line order */
	char *real_base;                  /* owned: realpath of base_dir */
	char *root;                       /* owned: the repository root (a real path) */
	int root_failed;                  /* the root could not be found (reported once) */
	int quiet;                        /* a second reading (verify): keep no errors */
	unsigned col_line;                /* col_at's last answer, to go on from there */
	size_t col_off;
	unsigned col_val;
	size_t errors;
	int oom;
} injector;

/* --- inject_markers.c --- */

/* A marker error at line:col, held until the document is read (and only
 * counted in a second reading). */
void archdoc_inject__error_at(injector *in, unsigned line, unsigned col, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 4, 5)))
#endif
	;
/* The held marker errors to the sink, in line order. */
void archdoc_inject__flush_errors(injector *in);
/* Line starts the way cmark counts lines. 0 or -1. */
int archdoc_inject__index_lines(injector *in);
size_t archdoc_inject__line_start(const injector *in, unsigned line);
/* Every marker of the document, with cmark. 0 or -1 (out of memory). */
int archdoc_inject__find_markers(injector *in);
/* Openings and closings that pair up. */
void archdoc_inject__check_balance(injector *in);
void archdoc_inject__free_marker(marker *mk);
/* Non-zero when path names an SVG file. */
int archdoc_inject__svg_name(const char *path);

/* --- inject_paths.c --- */

/* A path of the document, relative to the caller's folder; malloc'd. */
char *archdoc_inject__resolve(const injector *in, const char *path);
/* Every path the markers name, checked before any model loads. */
void archdoc_inject__check_paths(injector *in, archdoc_inject_run *run);

#endif
