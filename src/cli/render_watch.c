/*
 * render --watch: render once, then wait for changes to the model files
 * with inotify and render the changed models again. Editors save by
 * writing in place or by renaming a new file over the old one, so the
 * folders are watched, not the files. Errors are reported and the watch
 * goes on; a signal ends it (render_job.c's handler, exit 130).
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "output.h"
#include "render_job.h"

#define QUIET_MS 150   /* wait for a burst of writes to settle */

typedef struct watched {
	char *dir;
	const char *base;  /* points into the model's path */
	int wd;
} watched;

static void stamp(int exit_code, size_t n)
{
	if (exit_code == ARCHDOC_EXIT_OK)
		fprintf(stderr, "archdoc: render --watch: rendered %zu model%s; waiting for changes "
				"(Ctrl-C to stop)\n", n, n == 1 ? "" : "s");
	else
		fprintf(stderr, "archdoc: render --watch: render failed, existing outputs kept; waiting "
				"for changes (Ctrl-C to stop)\n");
}

int render_watch(render_job *job, archdoc_context *ctx, cli_report *rep,
		char *const *paths, size_t path_count)
{
	watched *w = calloc(path_count, sizeof(*w));
	unsigned char *changed = calloc(path_count + 1, sizeof(*changed));
	int fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	size_t i;

	if (!w || !changed || fd < 0) {
		cli_error("render --watch: %s", fd < 0 ? strerror(errno) : "out of memory");
		free(w);
		free(changed);
		if (fd >= 0)
			close(fd);
		return ARCHDOC_EXIT_USAGE;
	}
	for (i = 0; i < path_count; i++) {
		w[i].dir = cli_path_dir(paths[i], &w[i].base);
		if (!w[i].dir) {
			cli_error("render --watch: out of memory");
			goto fail;
		}
		w[i].wd = inotify_add_watch(fd, w[i].dir,
				IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_ATTRIB);
		if (w[i].wd < 0) {
			cli_error("render --watch: cannot watch %s: %s", w[i].dir, strerror(errno));
			goto fail;
		}
	}

	stamp(render_models(job, ctx, rep, paths, path_count, NULL), path_count);
	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		char buf[sizeof(struct inotify_event) + NAME_MAX + 1] __attribute__((aligned(8)));
		int pending = 0, timeout = -1;
		size_t n = 0, first = 0;

		memset(changed, 0, (path_count + 1) * sizeof(*changed));
		/* collect events until the files have been quiet for a moment */
		for (;;) {
			int r = poll(&p, 1, timeout);

			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0) {
				cli_error("render --watch: %s", strerror(errno));
				goto fail;
			}
			if (r == 0)
				break;   /* quiet: render what changed */
			for (;;) {
				ssize_t len = read(fd, buf, sizeof(buf));

				if (len <= 0)
					break;
				for (char *q = buf; q < buf + len;) {
					struct inotify_event *ev = (struct inotify_event *)(void *)q;

					for (i = 0; ev->len && i < path_count; i++) {
						if (ev->wd != w[i].wd || strcmp(ev->name, w[i].base) != 0)
							continue;
						if (!changed[i]) {
							changed[i] = 1;
							pending = 1;
						}
					}
					q += sizeof(*ev) + ev->len;
				}
			}
			if (pending)
				timeout = QUIET_MS;
		}
		for (i = path_count; i-- > 0;)
			if (changed[i]) {
				n++;
				first = i;
			}
		if (!n)
			continue;
		rep->errors = rep->warnings = 0;
		cli_printf(stderr, "archdoc: render --watch: %s changed\n", n == 1 ? paths[first] : "models");
		/* all models are loaded and checked together again, as in the
		 * first pass (two may not share an id); only the changed ones are
		 * drawn and written */
		stamp(render_models(job, ctx, rep, paths, path_count, changed), n);
	}
fail:
	for (i = 0; i < path_count; i++)
		free(w[i].dir);
	free(w);
	free(changed);
	close(fd);
	return ARCHDOC_EXIT_USAGE;
}
