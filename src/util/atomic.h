/*
 * Writing a file atomically, library-internal: the new bytes go to a
 * temporary file beside the target (mkstemp, so never through a link),
 * flushed to disk, then renamed over it, so a failure never leaves a
 * half-written file and the old one stays intact. A caller may stage
 * several files and commit them together.
 *
 * One rule for every target (docs/security.md, "Reading and writing
 * files"): the path's last component must not exist, or be a regular file
 * that is not a symbolic link. These functions say nothing: on failure
 * they fill an archdoc_write_error, and the caller words it.
 */
#ifndef ARCHDOC_ATOMIC_H
#define ARCHDOC_ATOMIC_H

#include <signal.h>
#include <stddef.h>
#include <sys/stat.h>

typedef enum archdoc_write_failure {
	ARCHDOC_WRITE_OK = 0,
	ARCHDOC_WRITE_ESTAT,      /* the target could not be looked at (err) */
	ARCHDOC_WRITE_ELINK,      /* the target is a symbolic link */
	ARCHDOC_WRITE_EDIR,       /* the target is a folder */
	ARCHDOC_WRITE_ENOTREG,    /* the target is a device, pipe or socket (mode) */
	ARCHDOC_WRITE_EREAD,      /* the target could not be read to compare (err) */
	ARCHDOC_WRITE_ENOMEM,
	ARCHDOC_WRITE_ETEMP,      /* no temporary file could be made (err) */
	ARCHDOC_WRITE_EWRITE,     /* the temporary could not be written (err) */
	ARCHDOC_WRITE_ERENAME     /* the temporary could not replace the target (err) */
} archdoc_write_failure;

typedef struct archdoc_write_error {
	archdoc_write_failure what;
	int err;                  /* errno */
	unsigned mode;            /* st_mode, for ARCHDOC_WRITE_ENOTREG */
} archdoc_write_error;

/* 1 when path exists (*st filled) and may be written, 0 when it is absent,
 * -1 when it breaks the rule or cannot be looked at (*e says why). */
int archdoc_atomic_check(const char *path, struct stat *st, archdoc_write_error *e);

/* 1 when the regular file path holds exactly these bytes, 0 when it
 * differs, is missing or is no longer a regular file, -1 when it cannot be
 * read (*e). Never follows a link or blocks on a pipe. */
int archdoc_atomic_same(const char *path, const void *data, size_t len, archdoc_write_error *e);

/* Write data to a new temporary beside path, with the mode of st (the
 * target; NULL when absent: 0644). 0 and *tmp_out (malloc'd), or -1 (*e)
 * with nothing left behind. */
int archdoc_atomic_stage(const char *path, const struct stat *st, const void *data, size_t len,
		char **tmp_out, archdoc_write_error *e);

/* Check the target again, then rename tmp over it. 0, or -1 (*e; tmp is
 * left for the caller to discard). */
int archdoc_atomic_commit(const char *tmp, const char *path, archdoc_write_error *e);

/* Remove a staged temporary and free its name (NULL is fine). */
void archdoc_atomic_discard(char *tmp);

/* SIGINT, SIGTERM and SIGHUP held (hold 1, the old mask saved in *old) or
 * let through again (hold 0, *old restored), so that a temporary cannot
 * be left behind by a signal in the middle of a write or a commit. */
void archdoc_signals_hold(int hold, sigset_t *old);

#endif
