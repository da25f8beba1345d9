/*
 * A file's bytes at a git revision (git_show.c), for diff --git.
 */
#ifndef ARCHDOC_CLI_GIT_SHOW_H
#define ARCHDOC_CLI_GIT_SHOW_H

#include <stddef.h>

/* path's bytes at revision rev (git show REV:./NAME in path's folder),
 * at most limit of them. 0 with *out malloc'd (NUL-terminated) and
 * *out_len set, or -1 after saying why (not a repository, no such
 * revision or file, over the limit, git missing). */
int cli_git_show(const char *rev, const char *path, size_t limit, char **out, size_t *out_len);

#endif
