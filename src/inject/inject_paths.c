/*
 * The paths inject's markers name come from whoever opened the pull
 * request: every model= and src= must stay in the document's repository,
 * and a src= is checked component by component with lstat: never a
 * symbolic link, never through one, a regular file or nothing yet
 * (docs/security.md). One SVG shows one model across a run.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "archdoc/errors.h"
#include "array.h"
#include "injector.h"


char *archdoc_inject__resolve(const injector *in, const char *path)
{
	size_t n = strlen(in->base_dir), m = strlen(path);
	char *full;

	/* "-" is a file here, never standard input: a document cannot make
	 * archdoc read its input stream */
	if (strcmp(path, "-") == 0 && (strcmp(in->base_dir, ".") == 0 || !n))
		return strdup("./-");
	if (path[0] == '/' || strcmp(in->base_dir, ".") == 0 || !n)
		return strdup(path);
	full = malloc(n + m + 2);
	if (!full)
		return NULL;
	memcpy(full, in->base_dir, n);
	full[n] = '/';
	memcpy(full + n + 1, path, m + 1);
	return full;
}

/* 1 when path (absolute, normalised) lies strictly below dir. */
static int below(const char *dir, const char *path)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return path[0] == '/' && path[1] != '\0';
	return strncmp(path, dir, n) == 0 && path[n] == '/' && path[n + 1] != '\0';
}

/* Cut the last component off an absolute path ("/a/b" -> "/a", "/a" -> "/"). */
static void parent_in_place(char *path)
{
	char *slash = strrchr(path, '/');

	if (slash == path)
		path[1] = '\0';
	else if (slash)
		*slash = '\0';
}

/*
 * The document's repository: the nearest folder, from the document's own
 * folder up, that holds ".git" (a folder, or a file as in worktrees and
 * submodules), else the document's folder. Found from the real path of
 * the folder, once per document. -1 when the folder cannot be resolved
 * (reported once, at the first marker that needs it).
 */
static int find_root(injector *in, const marker *mk)
{
	char *dir, *probe;

	if (in->root)
		return 0;
	if (in->root_failed)
		return -1;
	in->real_base = realpath(in->base_dir, NULL);
	if (!in->real_base) {
		int saved = errno;

		in->root_failed = 1;
		if (saved == ENOMEM)
			in->oom = 1;
		else
			archdoc_inject__error_at(in, mk->first_line, mk->col, "cannot find the document's repository: its folder %s: %s",
					in->base_dir, strerror(saved));
		return -1;
	}
	dir = strdup(in->real_base);
	probe = malloc(strlen(in->real_base) + 6);
	if (!dir || !probe) {
		free(dir);
		free(probe);
		in->root_failed = 1;
		in->oom = 1;
		return -1;
	}
	for (;;) {
		struct stat st;

		snprintf(probe, strlen(in->real_base) + 6, "%s/.git", strcmp(dir, "/") == 0 ? "" : dir);
		if (lstat(probe, &st) == 0 && (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode)))
			break;
		if (strcmp(dir, "/") == 0) {
			/* no repository: the document's own folder */
			strcpy(dir, in->real_base);
			break;
		}
		parent_in_place(dir);
	}
	free(probe);
	in->root = dir;
	return 0;
}

/*
 * Where a model marker reads from. A path that names a regular file must
 * resolve (symbolic links followed: this is a read) inside the repository,
 * so a document cannot make inject read, and print into the document or
 * the --check diff, a model elsewhere on the machine. Paths that do not
 * name a regular file are left to model_for, which reports them. Sets
 * mk->model_key, what tells two models apart.
 */
static void check_model(injector *in, marker *mk)
{
	char *path = archdoc_inject__resolve(in, mk->model), *real;
	struct stat st;

	if (!path) {
		in->oom = 1;
		return;
	}
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (real = realpath(path, NULL)) != NULL) {
		free(path);
		path = real;
		if (find_root(in, mk) == 0 && !below(in->root, real))
			archdoc_inject__error_at(in, mk->first_line, mk->col, "the model '%s' named by this marker is outside the "
					"document's repository; inject reads models only from inside it (docs/inject.md)",
					mk->model);
	}
	mk->model_key = path;
}

/* The name of the file type, for messages. */
static const char *file_type(mode_t mode)
{
	return S_ISDIR(mode) ? "a folder" : S_ISFIFO(mode) ? "a FIFO" : S_ISCHR(mode) ? "a character device" :
			S_ISBLK(mode) ? "a block device" : S_ISSOCK(mode) ? "a socket" : "not a regular file";
}

/*
 * Where a diagram marker writes. src (already known to end in .svg) is
 * joined to the document's real folder and normalised ("." and ".."
 * dropped); the result must lie inside the repository. Then every
 * component from the root down is checked with lstat: a folder, never a
 * symbolic link; the file itself a regular file or absent. What is
 * handed to the callback is the same file as a path relative to the
 * caller's folder (base_dir, then ".." only up from the document's real
 * folder), whose components are exactly the ones checked. Sets
 * mk->svg_key and mk->svg_path, or reports why not.
 */
static void check_src(injector *in, marker *mk)
{
	const char *src = mk->src;
	char *joined = NULL, *norm = NULL, *anc = NULL, *rel = NULL;
	size_t n, o = 0, root_len;
	unsigned ups = 0;

	if (find_root(in, mk) < 0)
		return;
	n = strlen(src) + strlen(in->real_base) + 2;
	joined = malloc(n);
	norm = malloc(n + 1);
	if (!joined || !norm)
		goto oom;
	if (src[0] == '/')
		snprintf(joined, n, "%s", src);
	else
		snprintf(joined, n, "%s/%s", in->real_base, src);
	for (const char *p = joined; *p;) {
		const char *c;
		size_t len;

		while (*p == '/')
			p++;
		c = p;
		while (*p && *p != '/')
			p++;
		len = (size_t)(p - c);
		if (len == 0 || (len == 1 && c[0] == '.'))
			continue;
		if (len == 2 && c[0] == '.' && c[1] == '.') {
			while (o > 0 && norm[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			continue;
		}
		norm[o++] = '/';
		memcpy(norm + o, c, len);
		o += len;
	}
	if (o == 0)
		norm[o++] = '/';
	norm[o] = '\0';
	if (!below(in->root, norm)) {
		archdoc_inject__error_at(in, mk->first_line, mk->col, "archdoc:diagram src=%s is outside the document's repository; "
				"inject writes diagrams only inside it (below the nearest folder holding .git, or the "
				"document's folder when there is none)", src);
		goto done;
	}
	root_len = strcmp(in->root, "/") == 0 ? 0 : strlen(in->root);
	for (char *s = norm + root_len; *s;) {
		char *next = strchr(s + 1, '/');
		const char *shown = norm + root_len + 1; /* from the root down to here */
		struct stat st;
		int r, saved;

		if (next)
			*next = '\0';
		r = lstat(norm, &st);
		saved = errno;
		if (r < 0 && saved == ENOENT) {
			/* nothing below exists yet: no link to follow (a missing
			 * folder makes the write fail later) */
			if (next)
				*next = '/';
			break;
		}
		if (r < 0)
			archdoc_inject__error_at(in, mk->first_line, mk->col, "archdoc:diagram src=%s cannot be checked: %s: %s", src,
					shown, strerror(saved));
		else if (S_ISLNK(st.st_mode) && next)
			archdoc_inject__error_at(in, mk->first_line, mk->col, "archdoc:diagram src=%s goes through the symbolic link %s; "
					"inject never writes through a link", src, shown);
		else if (S_ISLNK(st.st_mode))
			archdoc_inject__error_at(in, mk->first_line, mk->col, "archdoc:diagram src=%s is a symbolic link; inject never "
					"writes through a link", src);
		else if (next && !S_ISDIR(st.st_mode))
			archdoc_inject__error_at(in, mk->first_line, mk->col, "archdoc:diagram src=%s: %s is not a folder", src, shown);
		else if (!next && !S_ISREG(st.st_mode))
			archdoc_inject__error_at(in, mk->first_line, mk->col, "archdoc:diagram src=%s is %s; inject writes the diagram "
					"only to a regular file", src, file_type(st.st_mode));
		else {
			if (!next)
				break;
			*next = '/';
			s = next;
			continue;
		}
		goto done;
	}
	/* the path for the caller: up from the document's real folder to a
	 * folder holding the file, then down */
	anc = strdup(in->real_base);
	if (!anc)
		goto oom;
	while (!below(anc, norm) && strcmp(anc, "/") != 0) {
		parent_in_place(anc);
		ups++;
	}
	{
		const char *down = norm + (strcmp(anc, "/") == 0 ? 1 : strlen(anc) + 1);
		size_t len = (size_t)ups * 3 + strlen(down) + 1;
		char *w;

		rel = malloc(len);
		if (!rel)
			goto oom;
		w = rel;
		for (unsigned i = 0; i < ups; i++, w += 3)
			memcpy(w, "../", 3);
		memcpy(w, down, strlen(down) + 1);
	}
	mk->svg_path = archdoc_inject__resolve(in, rel);
	if (!mk->svg_path)
		goto oom;
	mk->svg_key = norm;
	norm = NULL;
	goto done;
oom:
	in->oom = 1;
done:
	free(joined);
	free(norm);
	free(anc);
	free(rel);
}

static char *dup_or_null(const char *s, int *failed)
{
	char *d = strdup(s);

	if (!d)
		*failed = 1;
	return d;
}

/* One SVG, one model: a src another marker of the run claimed for a
 * different model is an error (the second render would replace the
 * first). */
static void claim_free(claim *c)
{
	if (!c)
		return;
	free(c->svg_key);
	free(c->model_key);
	free(c->view);
	free(c->model);
	free(c->doc);
	free(c);
}

static int same_view(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void claim_svg(injector *in, archdoc_inject_run *run, const marker *mk)
{
	claim *c = archdoc_hash_get(&run->by_svg, mk->svg_key);
	int failed = 0;

	if (c) {
		if (strcmp(c->model_key, mk->model_key) != 0 || !same_view(c->view, mk->view))
			archdoc_inject__error_at(in, mk->first_line, mk->col, "archdoc:diagram src=%s is already the diagram of "
					"model=%s (%s:%u:%u); one SVG shows one model", mk->src, c->model, c->doc, c->line,
					c->col);
		return;
	}
	if (ARCHDOC_ARRAY_RESERVE(run->claims, run->cap, run->count + 1, 64) < 0 ||
			!(c = calloc(1, sizeof(*c)))) {
		in->oom = 1;
		return;
	}
	c->svg_key = dup_or_null(mk->svg_key, &failed);
	c->model_key = dup_or_null(mk->model_key, &failed);
	c->model = dup_or_null(mk->model, &failed);
	c->view = mk->view ? dup_or_null(mk->view, &failed) : NULL;
	c->doc = dup_or_null(in->doc_name, &failed);
	c->line = mk->first_line;
	c->col = mk->col;
	if (failed || archdoc_hash_put(&run->by_svg, c->svg_key, c, NULL) < 0) {
		claim_free(c);
		in->oom = 1;
		return;
	}
	run->claims[run->count++] = c;
}

int archdoc_inject_run_new(archdoc_inject_run **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : ARCHDOC_ENOMEM;
}

void archdoc_inject_run_free(archdoc_inject_run *run)
{
	if (!run)
		return;
	for (size_t i = 0; i < run->count; i++)
		claim_free(run->claims[i]);
	free(run->claims);
	archdoc_hash_free(&run->by_svg);
	free(run);
}

/* Every path the markers name, checked before any model loads. */
void archdoc_inject__check_paths(injector *in, archdoc_inject_run *run)
{
	for (size_t i = 0; i < in->marker_count && !in->oom; i++) {
		marker *mk = &in->markers[i];

		if (mk->closing || !mk->model)
			continue;
		check_model(in, mk);
		if (mk->kind == KIND_DIAGRAM && mk->src && archdoc_inject__svg_name(mk->src))
			check_src(in, mk);
		if (mk->svg_key && mk->model_key)
			claim_svg(in, run, mk);
	}
}
