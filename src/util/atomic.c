#include "atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* How much of the target's name the temporary's name keeps: ".NAME.XXXXXX"
 * for a 255-byte NAME would not fit in NAME_MAX (255) on any Linux file
 * system, so a long name is cut (at a UTF-8 character boundary). */
#define TMP_NAME_KEEP 64

static int fail(archdoc_write_error *e, archdoc_write_failure what, int err)
{
	e->what = what;
	e->err = err;
	return -1;
}

int archdoc_atomic_check(const char *path, struct stat *st, archdoc_write_error *e)
{
	if (lstat(path, st) < 0)
		return errno == ENOENT ? 0 : fail(e, ARCHDOC_WRITE_ESTAT, errno);
	if (S_ISLNK(st->st_mode))
		return fail(e, ARCHDOC_WRITE_ELINK, 0);
	if (S_ISDIR(st->st_mode))
		return fail(e, ARCHDOC_WRITE_EDIR, 0);
	if (!S_ISREG(st->st_mode)) {
		e->mode = (unsigned)st->st_mode;
		return fail(e, ARCHDOC_WRITE_ENOTREG, 0);
	}
	return 1;
}

/* Compare without following a link or blocking on a pipe that took the
 * file's place since it was checked: anything but a regular file differs. */
int archdoc_atomic_same(const char *path, const void *data, size_t len, archdoc_write_error *e)
{
	struct stat st;
	char chunk[65536];
	size_t at = 0;
	int fd, same = 1;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT || errno == ELOOP)
			return 0;
		return fail(e, ARCHDOC_WRITE_EREAD, errno);
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size != len) {
		close(fd);
		return 0;
	}
	while (same) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			same = fail(e, ARCHDOC_WRITE_EREAD, errno);
			break;
		}
		if (n == 0)
			break;
		if (at + (size_t)n > len || memcmp(chunk, (const char *)data + at, (size_t)n) != 0)
			same = 0;
		at += (size_t)n;
	}
	close(fd);
	return same == 1 ? at == len : same;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* "DIR/.NAME.XXXXXX" for mkstemp, NAME cut to TMP_NAME_KEEP bytes. */
static char *temporary_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
	size_t keep = strlen(path + dir);
	char *tmp;

	if (keep > TMP_NAME_KEEP) {
		keep = TMP_NAME_KEEP;
		while (keep > 0 && ((unsigned char)path[dir + keep] & 0xC0) == 0x80)
			keep--;   /* do not split a UTF-8 character */
	}
	tmp = malloc(dir + keep + sizeof(".." "XXXXXX"));
	if (tmp) {
		memcpy(tmp, path, dir);
		tmp[dir] = '.';
		memcpy(tmp + dir + 1, path + dir, keep);
		memcpy(tmp + dir + 1 + keep, ".XXXXXX", sizeof(".XXXXXX"));
	}
	return tmp;
}

/* Write data to a new temporary file beside path (so rename() is atomic).
 * mkstemp creates it with O_CREAT | O_EXCL, which never follows a link.
 * st is the target when it exists (its mode is kept), else NULL. On any
 * failure the temporary is removed again and a message names path. */
int archdoc_atomic_stage(const char *path, const struct stat *st, const void *data, size_t len,
		char **tmp_out, archdoc_write_error *e)
{
	char *tmp = temporary_name(path);
	mode_t mode = st ? st->st_mode & 07777 : 0644;
	int fd, saved;

	*tmp_out = NULL;
	if (!tmp)
		return fail(e, ARCHDOC_WRITE_ENOMEM, ENOMEM);
	fd = mkstemp(tmp);
	if (fd < 0) {
		saved = errno;
		free(tmp);
		return fail(e, ARCHDOC_WRITE_ETEMP, saved);
	}
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 || fchmod(fd, mode) < 0 || write_all(fd, data, len) < 0 ||
			fsync(fd) < 0) {
		/* EFBIG under ulimit -f too (the program must ignore SIGXFSZ) */
		saved = errno;
		close(fd);
		unlink(tmp);
		free(tmp);
		return fail(e, ARCHDOC_WRITE_EWRITE, saved);
	}
	if (close(fd) < 0) {
		saved = errno;
		unlink(tmp);
		free(tmp);
		return fail(e, ARCHDOC_WRITE_EWRITE, saved);
	}
	*tmp_out = tmp;
	return 0;
}

int archdoc_atomic_commit(const char *tmp, const char *path, archdoc_write_error *e)
{
	struct stat st;

	/* the target again, right before the rename: the window in which it
	 * could turn into a link or a device is as short as it can be (and
	 * rename() itself replaces a link, never writes through it) */
	if (archdoc_atomic_check(path, &st, e) < 0)
		return -1;
	if (rename(tmp, path) < 0)
		return fail(e, ARCHDOC_WRITE_ERENAME, errno);
	return 0;
}

void archdoc_atomic_discard(char *tmp)
{
	if (!tmp)
		return;
	unlink(tmp);
	free(tmp);
}

void archdoc_signals_hold(int hold, sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(hold ? SIG_BLOCK : SIG_SETMASK, hold ? &set : old, hold ? old : NULL);
}
