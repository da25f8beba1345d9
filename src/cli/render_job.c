/*
 * One render of models (render_job.h): load and check every model, produce
 * every artefact in memory, stage each changed file beside its target,
 * then rename them all into place with signals held, so a failure or an
 * interrupt leaves every existing output as it was. cmd_render.c runs it
 * once; render_watch.c runs it again on every change.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archdoc/page.h"
#include "atomic.h"
#include "output.h"
#include "render_job.h"
#include "workers.h"

#define RENDER_MAX_FORMATS 32
#define PAGE_EXTENSION "html"

const render_format *render_formats(size_t *count)
{
	static render_format formats[RENDER_MAX_FORMATS];
	static size_t n;
	const char *name;

	if (!n) {
		for (int i = 0; (name = archdoc_diagram_format_name((archdoc_diagram_format)i)) && n < RENDER_MAX_FORMATS - 1; i++)
			formats[n++] = (render_format){ name, RENDER_DIAGRAM, i };
		/* a table in HTML is the page's business */
		for (int i = 0; (name = archdoc_table_format_name((archdoc_table_format)i)) && n < RENDER_MAX_FORMATS - 1; i++)
			if (strcmp(name, PAGE_EXTENSION) != 0)
				formats[n++] = (render_format){ name, RENDER_TABLE, i };
		formats[n++] = (render_format){ PAGE_EXTENSION, RENDER_PAGE, 0 };
	}
	*count = n;
	return formats;
}

const char *render_format_names(const char *sep, const char *last_sep)
{
	static char names[RENDER_MAX_FORMATS * 16];
	size_t count, at = 0;
	const render_format *formats = render_formats(&count);

	if (!names[0])
		for (size_t i = 0; i < count; i++)
			at += (size_t)snprintf(names + at, sizeof(names) - at, "%s%s", i == 0 ? "" : i + 1 == count ? last_sep : sep,
					formats[i].name);
	return names;
}

int render_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* mkdir -p */
static int make_dirs(const char *path)
{
	char *p = strdup(path);
	int rc = 0;

	if (!p)
		return -1;
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0777) < 0 && errno != EEXIST)
		rc = -1;
	if (rc == 0 && !render_is_dir(p)) {
		errno = ENOTDIR;
		rc = -1;
	}
	if (rc < 0)
		cli_error("%s: cannot create the output folder: %s", path, strerror(errno));
	free(p);
	return rc;
}

/* DIR/MODEL.EXT, or DIR/MODEL.view-VIEW.EXT for a view's model: a view's
 * files sort right after its model's. */
static char *output_path(const render_job *job, const archdoc_model *m, const render_format *f)
{
	const archdoc_view *v = archdoc_model_shown_view(m);
	const char *vid = v ? archdoc_view_id(v) : "";
	size_t n = strlen(job->dir) + strlen(archdoc_model_id(m)) + strlen(vid) + strlen(f->name) + 10;
	char *path = malloc(n);

	if (path)
		snprintf(path, n, "%s%s%s%s%s.%s", job->dir,
				job->dir[0] && job->dir[strlen(job->dir) - 1] != '/' ? "/" : "",
				archdoc_model_id(m), v ? ".view-" : "", vid, f->name);
	return path;
}

/* --watch reads models only from regular files: a model that turns into a
 * named pipe (or a device) would block the read, and the watch with it.
 * A missing file is left to the loader, which says so. Returns 0 or an
 * ARCHDOC_E* code after printing why. */
static int watched_model_ok(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0 || S_ISREG(st.st_mode))
		return 0;
	cli_error("%s: is not a regular file (%s); render --watch reads models only from regular files",
			path, S_ISDIR(st.st_mode) ? "a folder" : S_ISFIFO(st.st_mode) ? "a named pipe" :
			S_ISCHR(st.st_mode) ? "a character device" : S_ISSOCK(st.st_mode) ? "a socket" :
			"not a file");
	return ARCHDOC_EIO;
}

/* Produce one artefact's bytes. Returns an ARCHDOC_E* code. */
static int produce(render_job *job, archdoc_context *ctx, const archdoc_model *m, const render_format *f,
		char **out, size_t *len)
{
	switch (f->kind) {
	case RENDER_DIAGRAM: {
		archdoc_diagram_options o = job->diagram;

		o.format = (archdoc_diagram_format)f->sub;
		return archdoc_diagram_render(out, len, ctx, m, &o);
	}
	case RENDER_TABLE: {
		archdoc_table_options o = ARCHDOC_TABLE_OPTIONS_INIT;

		o.format = (archdoc_table_format)f->sub;
		if (job->column_count) {
			o.columns = job->columns;
			o.column_count = job->column_count;
		}
		return archdoc_table_render(out, len, ctx, m, &o);
	}
	case RENDER_PAGE: {
		archdoc_page_options o = ARCHDOC_PAGE_OPTIONS_INIT;

		o.label = job->diagram.label;
		o.diagram_flags = job->diagram.flags & (ARCHDOC_DIAGRAM_LEGEND | ARCHDOC_DIAGRAM_DARK);
		o.layout = job->diagram.layout;
		if (job->column_count) {
			o.columns = job->columns;
			o.column_count = job->column_count;
		}
		return archdoc_page_render(out, len, ctx, m, &o);
	}
	}
	return ARCHDOC_EUSAGE;
}

static int exit_for(int rc)
{
	switch (rc) {
	case 0:
		return ARCHDOC_EXIT_OK;
	case ARCHDOC_EIO:
	case ARCHDOC_EUSAGE:
	case ARCHDOC_ENOMEM:
		return ARCHDOC_EXIT_USAGE;
	default:   /* model errors, Graphviz failures, limits: reported as diagnostics */
		return ARCHDOC_EXIT_FAIL;
	}
}

/* --- staged files: removed again if anything fails or a signal comes --- */

/* One slot per output of the pass (render_models sizes it), so there is
 * no limit on the number of outputs. The handler reads these. */
static char *volatile *volatile staged;
static volatile sig_atomic_t staged_count;

/* set once a pass has replaced its outputs, for the signal's message */
static volatile sig_atomic_t replaced;

/* standard error as it was when the handlers went in: while Graphviz runs,
 * the library points file descriptor 2 at a temporary file to keep
 * Graphviz's own prints off the terminal, and the signal's message must
 * not land there */
static int signal_fd = -1;

static void on_signal(int sig)
{
	/* renames never see a signal (they run with signals blocked), so the
	 * outputs are either all as they were or all new */
	static const char intact[] = "archdoc: render: interrupted; existing outputs are intact\n";
	static const char done[] = "archdoc: render: interrupted; the outputs were already written\n";

	(void)sig;
	for (sig_atomic_t i = 0; i < staged_count; i++)
		if (staged[i])
			unlink(staged[i]);
	if (write(signal_fd >= 0 ? signal_fd : STDERR_FILENO, replaced ? done : intact,
			replaced ? sizeof(done) - 1 : sizeof(intact) - 1) < 0) {
		/* nothing more to do */
	}
	_exit(130);
}

void render_install_signals(void)
{
	struct sigaction sa;

	if (signal_fd < 0)
		signal_fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* Returns tmp's index in staged. */
static size_t stage(char *tmp)
{
	sigset_t old;
	size_t slot = (size_t)staged_count;

	archdoc_signals_hold(1, &old);
	staged[staged_count] = tmp;
	staged_count = staged_count + 1;
	archdoc_signals_hold(0, &old);
	return slot;
}

static void discard_all(void)
{
	sigset_t old;

	archdoc_signals_hold(1, &old);
	for (sig_atomic_t i = 0; i < staged_count; i++) {
		cli_output_discard(staged[i]);
		staged[i] = NULL;
	}
	staged_count = 0;
	archdoc_signals_hold(0, &old);
}

/* --- one pass --- */

typedef struct planned {
	char *path;       /* owned */
	char *tmp;        /* owned by the staged list until committed */
	size_t slot;      /* tmp's index in staged */
	int state;        /* 0 unchanged, 1 new, 2 changed */
} planned;

/* What render_models draws: per model, its units (unit 0 the model
 * itself, then each view), each in every format. */
typedef struct units {
	render_job *job;
	archdoc_context *ctx;
	archdoc_model **models;
	archdoc_view ***autos;    /* automatic views per model, or NULL */
	size_t *auto_counts;
	cli_views *picked;        /* --view: the view of each model */
} units;

static size_t unit_count(const units *us, size_t i)
{
	const render_job *job = us->job;

	if (us->autos && us->auto_counts[i])
		return us->auto_counts[i];
	return job->view ? 1 : job->mode == RENDER_TO_DIR ? archdoc_model_view_count(us->models[i]) : 0;
}

/* With automatic views the whole model is only tabled. */
static int skipped(const units *us, size_t i, size_t u, size_t f)
{
	return u == 0 && us->autos && us->auto_counts[i] && us->job->formats[f]->kind != RENDER_TABLE;
}

/* The model unit u of model i shows in format f: the model, its view
 * (*vm), merged (*mm) when asked; the caller frees both. */
static int unit_model(const units *us, size_t i, size_t u, size_t f, archdoc_model **vm, archdoc_model **mm,
		const archdoc_model **um)
{
	const render_job *job = us->job;
	int rc = 0;

	*um = us->models[i];
	if (u > 0) {
		const archdoc_view *v = job->view ? us->picked[i].view
			: us->autos && us->auto_counts[i] ? us->autos[i][u - 1] : archdoc_model_view(us->models[i], u - 1);

		rc = archdoc_view_model(vm, us->ctx, us->models[i], v);
		*um = *vm;
	}
	if (!rc && job->merge && job->formats[f]->kind != RENDER_TABLE) {
		/* --merge parallel: drawings only; a table lists every row anyway */
		rc = archdoc_model_merged(mm, us->ctx, *um);
		*um = *mm;
	}
	return rc;
}

/* Unit u of model i in format f, drawn from um. */
static int make(const units *us, size_t i, size_t u, size_t f, const archdoc_model *um, char **data, size_t *len)
{
	render_job *job = us->job;
	/* an automatic view nobody sized: its PNG fits the budget, and the
	 * many detail views after the overview get the quick layout search */
	uint32_t flags = job->diagram.flags;
	int automatic = us->autos && us->auto_counts[i], rc;

	if (u > 0 && automatic)
		job->diagram.flags |= ARCHDOC_DIAGRAM_FIT_BUDGET;
	if (u > 1 && automatic)
		job->diagram.flags |= ARCHDOC_DIAGRAM_QUICK_SEARCH;
	/* an automatic detail view alone draws as it does in the folder */
	if (us->picked && us->picked[i].autos && us->picked[i].auto_index > 0)
		job->diagram.flags |= ARCHDOC_DIAGRAM_QUICK_SEARCH;
	rc = produce(job, us->ctx, um, job->formats[f], data, len);
	job->diagram.flags = flags;
	return rc;
}

/* --- units made in several processes at once ---
 * Each unit (every format of the model or one view) is a piece for the
 * workers (workers.h); a forked process writes the bytes it made into
 * shared memory, and the loop in render_models takes them instead of
 * making them again. A unit that fails or has anything to say there is
 * left to that loop, which makes it in order and says it, so output and
 * messages are those of one process. */

/* Room for the bytes of every unit (reserved, not used until written:
 * what does not fit is made by the loop). */
#define MADE_BYTES ((size_t)1 << 32)

typedef struct made_unit {
	size_t off[RENDER_MAX_FORMATS], len[RENDER_MAX_FORMATS];
	unsigned char have[RENDER_MAX_FORMATS];
} made_unit;

typedef struct unit_ref {
	size_t model, unit;
} unit_ref;

typedef struct apart {
	const units *us;
	const unit_ref *refs;
	archdoc_workers *w;
} apart;

static void count_said(const archdoc_diag *d, void *payload)
{
	(void)d;
	++*(size_t *)payload;
}

static int make_shared(size_t k, void *slot, void *payload)
{
	const apart *a = payload;
	const units *us = a->us;
	size_t i = a->refs[k].model, u = a->refs[k].unit, said = 0;
	made_unit *mu = slot;
	int rc = 0;

	/* one process per unit: a layout search in it stays in it */
	archdoc_context_set_jobs(us->ctx, 1);
	archdoc_context_set_sink(us->ctx, count_said, &said);
	archdoc_context_set_max_diagnostics(us->ctx, 0);
	for (size_t f = 0; f < us->job->format_count && !rc && !said; f++) {
		archdoc_model *vm = NULL, *mm = NULL;
		const archdoc_model *um;
		char *data = NULL;
		size_t len = 0;

		if (skipped(us, i, u, f))
			continue;
		rc = unit_model(us, i, u, f, &vm, &mm, &um);
		if (!rc)
			rc = make(us, i, u, f, um, &data, &len);
		if (!rc && !said && archdoc_workers_keep(a->w, data, len, &mu->off[f]) == 0) {
			mu->len[f] = len;
			mu->have[f] = 1;
		}
		archdoc_free(data);
		archdoc_model_free(mm);
		archdoc_model_free(vm);
	}
	return rc || said ? -1 : 0;
}

/* Every unit to draw, made in up to --jobs processes; NULL when there is
 * nothing to share (one process, or too few units). */
static archdoc_workers *make_apart(const units *us, size_t path_count, const unsigned char *only, const cli_report *rep)
{
	unsigned jobs = cli_report_jobs_for(rep);
	size_t n = 0, k = 0;
	unit_ref *refs;
	archdoc_workers *w = NULL;
	apart a;

	for (size_t i = 0; i < path_count; i++)
		if (!only || only[i])
			n += unit_count(us, i) + !us->job->view;
	if (jobs < 2 || n < 2 || us->job->mode == RENDER_TO_STDOUT || us->job->format_count > RENDER_MAX_FORMATS)
		return NULL;
	refs = calloc(n, sizeof(*refs));
	if (!refs)
		return NULL;
	for (size_t i = 0; i < path_count; i++)
		for (size_t u = us->job->view ? 1 : 0; (!only || only[i]) && u <= unit_count(us, i); u++) {
			refs[k].model = i;
			refs[k++].unit = u;
		}
	w = archdoc_workers_new(n, sizeof(made_unit), MADE_BYTES);
	if (w) {
		a.us = us;
		a.refs = refs;
		a.w = w;
		/* forks only: a piece changes its context (sink, jobs), and
		 * this process has the loop to run after */
		archdoc_workers_run(w, 0, jobs, make_shared, &a, 1);
	}
	free(refs);
	return w;
}

/* Format f of unit k, when a process made it: a copy into *data. */
static int made_take(archdoc_workers *w, size_t k, size_t f, char **data, size_t *len)
{
	const made_unit *mu;

	if (!archdoc_workers_done(w, k))
		return 0;
	mu = archdoc_workers_slot(w, k);
	if (!mu->have[f])
		return 0;
	*data = malloc(mu->len[f] + 1);
	if (!*data)
		return -1;
	memcpy(*data, archdoc_workers_bytes(w, mu->off[f]), mu->len[f]);
	(*data)[mu->len[f]] = '\0';
	*len = mu->len[f];
	return 0;
}

int render_models(render_job *job, archdoc_context *ctx, cli_report *rep,
		char *const *paths, size_t path_count, const unsigned char *only)
{
	size_t outputs = path_count * job->format_count;
	archdoc_model **models = calloc(path_count + 1, sizeof(*models));
	planned *plan = NULL;
	char **slots = NULL;
	size_t planned_count = 0, written = 0, unchanged = 0, stale = 0;
	sigset_t commit_mask, old;
	int committing = 0;
	archdoc_view ***autos = NULL;
	size_t *auto_counts = NULL;
	cli_views *picked = NULL;   /* --view: the view of each model */
	units us;
	archdoc_workers *made = NULL;
	unsigned errors_before = rep->errors;
	int rc = 0, exit_code = ARCHDOC_EXIT_OK;

	if (job->format_count && outputs / job->format_count == path_count) {
		plan = calloc(outputs + 1, sizeof(*plan));
		slots = calloc(outputs + 1, sizeof(*slots));
	}
	if (!models || !plan || !slots) {
		cli_error("render: out of memory");
		free(models);
		free(plan);
		free(slots);
		return ARCHDOC_EXIT_USAGE;
	}
	cli_report_round(rep, ctx);   /* --watch: each render shows its own first diagnostics */
	archdoc_signals_hold(1, &old);
	staged = slots;
	staged_count = 0;
	archdoc_signals_hold(0, &old);
	/* every model first, changed or not (--watch renders only the changed
	 * ones again, but checks them all, as the first pass did): one with
	 * errors means no output at all */
	for (size_t i = 0; i < path_count; i++) {
		int lrc = job->watch ? watched_model_ok(paths[i]) : 0;

		if (!lrc)
			lrc = archdoc_model_load_file(&models[i], ctx, paths[i]);
		if (lrc && !rc)
			rc = lrc;
	}
	if (!rc && rep->werror && rep->errors > errors_before)
		rc = ARCHDOC_EINVALID;
	for (size_t i = 0; !rc && i < path_count; i++)
		for (size_t k = 0; k < i; k++)
			if (strcmp(archdoc_model_id(models[i]), archdoc_model_id(models[k])) == 0) {
				cli_error("render: %s and %s have the same model id '%s'; their outputs would "
						"overwrite each other", paths[k], paths[i], archdoc_model_id(models[i]));
				rc = ARCHDOC_EUSAGE;
			}
	if (rc) {
		exit_code = exit_for(rc);
		goto done;
	}
	if (job->mode == RENDER_TO_DIR && !job->check && make_dirs(job->dir) < 0) {
		exit_code = ARCHDOC_EXIT_USAGE;
		goto done;
	}

	/* --view: each model must have it (its own, or an automatic one) */
	if (job->view && !(picked = calloc(path_count + 1, sizeof(*picked)))) {
		cli_error("render: out of memory");
		exit_code = ARCHDOC_EXIT_USAGE;
		goto done;
	}
	for (size_t i = 0; job->view && i < path_count; i++) {
		if (cli_find_view(models[i], job->view, &picked[i]) != 0) {
			cli_error("render: out of memory");
			exit_code = ARCHDOC_EXIT_USAGE;
			goto done;
		}
		if (!picked[i].view) {
			cli_no_view("render", paths[i], models[i], job->view, &picked[i]);
			exit_code = ARCHDOC_EXIT_USAGE;
			goto done;
		}
	}
	/* a big model without views gets automatic ones in a folder (its own
	 * diagram would be unreadable: only its tables are written) */
	autos = calloc(path_count + 1, sizeof(*autos));
	auto_counts = calloc(path_count + 1, sizeof(*auto_counts));
	if (!autos || !auto_counts) {
		cli_error("render: out of memory");
		exit_code = ARCHDOC_EXIT_USAGE;
		goto done;
	}
	for (size_t i = 0; !job->view && !job->no_auto_views && job->mode == RENDER_TO_DIR && i < path_count; i++)
		if ((!only || only[i]) && cli_auto_views_apply(models[i]) &&
				archdoc_auto_views(&autos[i], &auto_counts[i], models[i]) != 0) {
			cli_error("render: out of memory");
			exit_code = ARCHDOC_EXIT_USAGE;
			goto done;
		}
	/* a folder gets every view as well; outputs grow with them */
	for (size_t i = 0; !job->view && job->mode == RENDER_TO_DIR && i < path_count; i++)
		if (!only || only[i]) {
			size_t more = (archdoc_model_view_count(models[i]) + auto_counts[i]) * job->format_count;
			planned *np = realloc(plan, (outputs + more + 1) * sizeof(*plan));
			char **ns;

			if (np) {
				plan = np;
				memset(plan + outputs, 0, (more + 1) * sizeof(*plan));
			}
			/* nothing is staged yet, but the handler may look at the slots */
			archdoc_signals_hold(1, &old);
			ns = np ? realloc(slots, (outputs + more + 1) * sizeof(*slots)) : NULL;
			if (ns) {
				memset(ns + outputs, 0, (more + 1) * sizeof(*slots));
				slots = ns;
				staged = ns;
			}
			archdoc_signals_hold(0, &old);
			if (!ns) {
				cli_error("render: out of memory");
				exit_code = ARCHDOC_EXIT_USAGE;
				goto done;
			}
			outputs += more;
		}

	us.job = job;
	us.ctx = ctx;
	us.models = models;
	us.autos = autos;
	us.auto_counts = auto_counts;
	us.picked = picked;
	made = make_apart(&us, path_count, only, rep);
	for (size_t i = 0, k = 0; i < path_count; i++) {
		size_t views = unit_count(&us, i);

		if (only && !only[i])
			continue;
		/* unit 0: the model itself (not with --view); then its views */
		for (size_t u = job->view ? 1 : 0; u <= views; u++, k++)
		for (size_t f = 0; f < job->format_count; f++) {
			char *data = NULL;
			size_t len = 0;
			planned *p = &plan[planned_count];
			archdoc_model *vm = NULL, *mm = NULL;   /* a view's model; merged */
			const archdoc_model *um = models[i];
			int same;

			if (skipped(&us, i, u, f))
				continue;
			rc = unit_model(&us, i, u, f, &vm, &mm, &um);
			if (!rc && made && made_take(made, k, f, &data, &len) < 0)
				rc = ARCHDOC_ENOMEM;
			if (!rc && !data)
				rc = make(&us, i, u, f, um, &data, &len);
			if (rc) {
				archdoc_model_free(mm);
				archdoc_model_free(vm);
				exit_code = exit_for(rc);
				if (rc == ARCHDOC_ENOMEM)
					cli_error("render: out of memory");
				goto done;
			}
			if (job->mode == RENDER_TO_STDOUT) {
				/* nothing there to compare or replace */
				archdoc_model_free(mm);
				archdoc_model_free(vm);
				if (cli_output_write("-", data, len) == OUTPUT_FAILED)
					exit_code = ARCHDOC_EXIT_USAGE;
				archdoc_free(data);
				goto done;
			}
			p->path = job->mode == RENDER_TO_FILE ? strdup(job->file)
							      : output_path(job, um, job->formats[f]);
			archdoc_model_free(mm);
			archdoc_model_free(vm);
			vm = mm = NULL;
			if (!p->path) {
				archdoc_free(data);
				cli_error("render: out of memory");
				exit_code = ARCHDOC_EXIT_USAGE;
				goto done;
			}
			planned_count++;
			/* a regular file or nothing (no link, device or folder), so
			 * that the renames at the end cannot fail half-way on
			 * something we could have seen before */
			if (cli_output_check_target(p->path) < 0) {
				archdoc_free(data);
				exit_code = ARCHDOC_EXIT_USAGE;
				goto done;
			}
			same = cli_output_same(p->path, data, len);
			if (same < 0) {
				archdoc_free(data);
				exit_code = ARCHDOC_EXIT_USAGE;
				goto done;
			}
			if (same) {
				p->state = 0;
			} else if (job->check) {
				struct stat st;

				p->state = stat(p->path, &st) == 0 ? 2 : 1;
			} else {
				sigset_t mask;
				int staged_ok;

				/* the temporary exists from mkstemp on: a signal must
				 * wait until the handler can see it to remove it */
				archdoc_signals_hold(1, &mask);
				staged_ok = cli_output_stage(p->path, data, len, &p->tmp) == 0;
				if (staged_ok)
					p->slot = stage(p->tmp);
				archdoc_signals_hold(0, &mask);
				if (!staged_ok) {
					archdoc_free(data);
					exit_code = ARCHDOC_EXIT_USAGE;
					goto done;
				}
				p->state = 1 + !!(access(p->path, F_OK) == 0);
			}
			archdoc_free(data);
		}
	}

	if (job->check) {
		for (size_t i = 0; i < planned_count; i++) {
			if (plan[i].state == 0)
				continue;
			cli_printf(stdout, "%s: %s\n", plan[i].path,
					plan[i].state == 1 ? "missing" : "differs from what render would write");
			stale++;
		}
		fflush(stdout);
		exit_code = stale ? ARCHDOC_EXIT_FAIL : ARCHDOC_EXIT_OK;
		goto done;
	}
	/* all produced: now replace, the renames being the only step left; a
	 * signal waits until all of them are done */
	archdoc_signals_hold(1, &commit_mask);
	committing = 1;
	replaced = 0;
	for (size_t i = 0; i < planned_count; i++) {
		if (!plan[i].tmp) {
			unchanged++;
			if (!job->quiet)
				cli_printf(stderr, "%s: unchanged\n", plan[i].path);
			continue;
		}
		if (cli_output_commit(plan[i].tmp, plan[i].path) < 0) {
			exit_code = ARCHDOC_EXIT_USAGE;
			goto done;
		}
		written++;
		if (!job->quiet)
			cli_printf(stderr, "%s: %s\n", plan[i].path, plan[i].state == 1 ? "created" : "updated");
		/* renamed away: no longer ours to remove (signals are blocked) */
		staged[plan[i].slot] = NULL;
		free(plan[i].tmp);
		plan[i].tmp = NULL;
	}
done:
	discard_all();
	if (committing) {
		replaced = exit_code == ARCHDOC_EXIT_OK;
		archdoc_signals_hold(0, &commit_mask);
		replaced = 0;   /* the next pass (--watch) starts afresh */
	}
	for (size_t i = 0; i < planned_count; i++) {
		free(plan[i].path);
		/* a tmp still set here was discarded (freed) by discard_all */
	}
	for (size_t i = 0; autos && i < path_count; i++)
		archdoc_auto_views_free(autos[i], auto_counts[i]);
	archdoc_workers_free(made);
	for (size_t i = 0; picked && i < path_count; i++)
		cli_views_free(&picked[i]);
	free(picked);
	free(autos);
	free(auto_counts);
	for (size_t i = 0; i < path_count; i++)
		archdoc_model_free(models[i]);
	archdoc_signals_hold(1, &old);
	staged = NULL;
	archdoc_signals_hold(0, &old);
	free(slots);
	free(models);
	free(plan);
	cli_report_finish(rep);
	return exit_code;
}

