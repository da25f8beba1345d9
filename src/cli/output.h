/*
 * Writing outputs safely: to a temporary file beside the target, flushed,
 * then renamed into place, so a failure never leaves a half-written file and
 * the old one stays intact. A file whose bytes would not change is left
 * alone (its mtime too), so make and file watchers see no change.
 *
 * Every function here applies one rule to the target (docs/security.md):
 * it must not exist, or be a regular file that is not a symbolic link.
 * A link (even to a regular file, even dangling), a folder, a device, a
 * pipe or a socket is refused with a message naming the path; only "-"
 * (standard output) is written as a stream.
 */
#ifndef ARCHDOC_CLI_OUTPUT_H
#define ARCHDOC_CLI_OUTPUT_H

#include <stddef.h>

typedef enum output_result {
	OUTPUT_WRITTEN = 0,
	OUTPUT_UNCHANGED = 1,
	OUTPUT_FAILED = -1   /* a message naming the path was printed */
} output_result;

/* Write data to path ("-" means standard output). */
output_result cli_output_write(const char *path, const void *data, size_t len);

/* 1 when path holds exactly these bytes, 0 when it differs or is missing,
 * -1 when it cannot be read or breaks the rule above (message printed). */
int cli_output_same(const char *path, const void *data, size_t len);

/* Stage data in a temporary file next to path without touching path.
 * On success *tmp_out is a malloc'd name to pass to cli_output_commit or
 * cli_output_discard. Lets a command prepare every file before it replaces
 * any of them. */
int cli_output_stage(const char *path, const void *data, size_t len, char **tmp_out);
/* Checks the target again, then renames tmp over it. On failure (message
 * printed) tmp is left for the caller to discard. */
int cli_output_commit(const char *tmp, const char *path);
void cli_output_discard(char *tmp);

/* 0 when path may be written (absent, or a regular file that is not a
 * link), else -1 with a message naming path. */
int cli_output_check_target(const char *path);

/* The rule above with the caller's words: 0 when path may be written, else
 * -1 after printing "PATH: why_link" for a symbolic link, "PATH: why_not_regular"
 * for anything else that is not a regular file. */
int cli_output_refused(const char *path, const char *why_link, const char *why_not_regular);

/* The folder part of path ("." when it has none, "/" for the root), malloc'd;
 * when base is not NULL, *base points at the last component within path. */
char *cli_path_dir(const char *path, const char **base);

#endif
