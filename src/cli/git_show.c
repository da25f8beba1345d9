/*
 * The old side of `archdoc diff --git REV MODEL`: the model's bytes at a
 * git revision, read with `git show REV:./NAME` run in the model's folder
 * (so the path is the model's own, wherever the repository's root is).
 * git runs without a shell, its arguments as given; a revision starting
 * with '-' is refused, so it cannot be read as an option. What git reads
 * is limited to the context's file size (docs/security.md).
 */
#include "git_show.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "output.h"

extern char **environ;

/* Read fd to its end into *buf (at most limit bytes; more sets *over). */
static int slurp(int fd, char **buf, size_t *len, size_t limit, int *over)
{
	size_t cap = 0;

	*buf = NULL;
	*len = 0;
	*over = 0;
	for (;;) {
		ssize_t got;

		if (*len + 4096 + 1 > cap) {
			size_t ncap = cap ? cap * 2 : 16384;
			char *p = realloc(*buf, ncap);

			if (!p)
				return -1;
			*buf = p;
			cap = ncap;
		}
		got = read(fd, *buf + *len, 4096);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -1;
		if (got == 0)
			break;
		if (*len + (size_t)got > limit) {
			*over = 1;
			/* keep draining so git is not stopped by a full pipe */
			continue;
		}
		*len += (size_t)got;
	}
	(*buf)[*len] = '\0';
	return 0;
}

int cli_git_show(const char *rev, const char *path, size_t limit, char **out, size_t *out_len)
{
	const char *base;
	char *dir = cli_path_dir(path, &base), *spec = NULL, *data = NULL, *err = NULL;
	int outp[2] = { -1, -1 }, errp[2] = { -1, -1 }, status = 0, over = 0, rc = -1;
	size_t len = 0, elen = 0;
	posix_spawn_file_actions_t fa;
	int fa_ok = 0;
	pid_t pid;

	*out = NULL;
	*out_len = 0;
	if (!dir)
		goto oom;
	if (!*rev || rev[0] == '-' || strchr(rev, ':')) {
		cli_error("diff: --git %s: not a revision (a branch, tag or commit, without ':' and not "
				"starting with '-')", rev);
		free(dir);
		return -1;
	}
	spec = malloc(strlen(rev) + strlen(base) + 4);
	if (!spec)
		goto oom;
	strcpy(spec, rev);
	strcat(spec, ":./");
	strcat(spec, base);
	if (pipe(outp) < 0 || pipe(errp) < 0 || posix_spawn_file_actions_init(&fa) != 0)
		goto sys;
	fa_ok = 1;
	if (posix_spawn_file_actions_adddup2(&fa, outp[1], 1) != 0 ||
			posix_spawn_file_actions_adddup2(&fa, errp[1], 2) != 0 ||
			posix_spawn_file_actions_addclose(&fa, outp[0]) != 0 ||
			posix_spawn_file_actions_addclose(&fa, errp[0]) != 0)
		goto sys;
	{
		static char git[] = "git", dash_c[] = "-C", no_pager[] = "--no-pager", show[] = "show",
			no_textconv[] = "--no-textconv";
		char *argv[] = { git, dash_c, dir, no_pager, show, no_textconv, spec, NULL };

		errno = posix_spawnp(&pid, "git", &fa, NULL, argv, environ);
		if (errno != 0) {
			cli_error("diff: --git: cannot run git: %s", strerror(errno));
			goto done;
		}
	}
	close(outp[1]);
	close(errp[1]);
	outp[1] = errp[1] = -1;
	/* git's messages are short; its output may be large: read the messages
	 * after the output, which git writes first */
	if (slurp(outp[0], &data, &len, limit, &over) < 0 || slurp(errp[0], &err, &elen, 4096, &(int){ 0 }) < 0) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		goto oom;
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		/* git's first line says why: not a repository, no such revision or path */
		char *nl = err ? strchr(err, '\n') : NULL;

		if (nl)
			*nl = '\0';
		cli_error("diff: --git: git show %s (in %s) failed: %s", spec, dir, err && *err ? err : "no message");
		goto done;
	}
	if (over) {
		cli_error("diff: --git: %s is larger than %zu bytes", spec, limit);
		goto done;
	}
	*out = data;
	*out_len = len;
	data = NULL;
	rc = 0;
	goto done;
sys:
	cli_error("diff: --git: %s", strerror(errno));
	goto done;
oom:
	cli_error("diff: --git: out of memory");
done:
	if (fa_ok)
		posix_spawn_file_actions_destroy(&fa);
	for (int i = 0; i < 2; i++) {
		if (outp[i] >= 0)
			close(outp[i]);
		if (errp[i] >= 0)
			close(errp[i]);
	}
	free(dir);
	free(spec);
	free(data);
	free(err);
	return rc;
}
