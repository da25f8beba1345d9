#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* How much of the target's name the temporary's name keeps: ".NAME.XXXXXX"
 * for a 255-byte NAME would not fit in NAME_MAX (255) on any Linux file
 * system, so a long name is cut (at a UTF-8 character boundary). */
#define TMP_NAME_KEEP 64

static const char *kind_of(mode_t mode)
{
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISFIFO(mode))
		return "a named pipe";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a file";
}

/*
 * The one rule for every file archdoc writes (render, table, import,
 * inject; docs/security.md, "Reading and writing files"): the path's last
 * component must not exist, or be a regular file that is not a symbolic
 * link. A link is refused even when it names a regular file, and a
 * dangling one too: a repository's content must not be able to redirect
 * a write. Devices, pipes, sockets and folders are refused as well; the
 * bytes go to standard output only with "-". Folders earlier in the path
 * are the caller's choice and are followed.
 * Returns 1 (exists, *st filled), 0 (absent), -1 (refused, message printed).
 */
static int check_target(const char *path, struct stat *st)
{
	if (lstat(path, st) < 0) {
		if (errno == ENOENT)
			return 0;
		cli_error("%s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISLNK(st->st_mode)) {
		cli_error("%s: is a symbolic link; archdoc does not write through links (remove the link, "
				"or name the file itself)", path);
		return -1;
	}
	if (S_ISDIR(st->st_mode)) {
		cli_error("%s: is a folder, not a regular file; name a file to write", path);
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		cli_error("%s: is not a regular file (%s); archdoc writes only regular files (-o - writes "
				"to standard output)", path, kind_of(st->st_mode));
		return -1;
	}
	return 1;
}

int cli_output_check_target(const char *path)
{
	struct stat st;

	return check_target(path, &st) < 0 ? -1 : 0;
}

/* Compare without following a link or blocking on a pipe that took the
 * file's place since it was checked: anything but a regular file differs. */
static int same_bytes(const char *path, const void *data, size_t len)
{
	struct stat st;
	char chunk[65536];
	size_t at = 0;
	int fd, same = 1;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT || errno == ELOOP)
			return 0;
		cli_error("%s: %s", path, strerror(errno));
		return -1;
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
			cli_error("%s: %s", path, strerror(errno));
			same = -1;
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

int cli_output_same(const char *path, const void *data, size_t len)
{
	struct stat st;
	int exists = check_target(path, &st);

	if (exists <= 0)
		return exists;
	return same_bytes(path, data, len);
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
static int stage_file(const char *path, const struct stat *st, const void *data, size_t len, char **tmp_out)
{
	char *tmp = temporary_name(path);
	mode_t mode = st ? st->st_mode & 07777 : 0644;
	int fd, saved;

	*tmp_out = NULL;
	if (!tmp) {
		cli_error("out of memory");
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		cli_error("%s: cannot create a temporary file: %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 || fchmod(fd, mode) < 0 || write_all(fd, data, len) < 0 ||
			fsync(fd) < 0) {
		/* EFBIG under ulimit -f too: main() ignores SIGXFSZ so it ends here */
		saved = errno;
		close(fd);
		unlink(tmp);
		free(tmp);
		cli_error("%s: cannot write: %s", path, strerror(saved));
		return -1;
	}
	if (close(fd) < 0) {
		saved = errno;
		unlink(tmp);
		free(tmp);
		cli_error("%s: cannot write: %s", path, strerror(saved));
		return -1;
	}
	*tmp_out = tmp;
	return 0;
}

int cli_output_stage(const char *path, const void *data, size_t len, char **tmp_out)
{
	struct stat st;
	int exists = check_target(path, &st);

	*tmp_out = NULL;
	if (exists < 0)
		return -1;
	return stage_file(path, exists ? &st : NULL, data, len, tmp_out);
}

int cli_output_commit(const char *tmp, const char *path)
{
	struct stat st;

	/* the target again, right before the rename: the window in which it
	 * could turn into a link or a device is as short as it can be (and
	 * rename() itself replaces a link, never writes through it) */
	if (check_target(path, &st) < 0)
		return -1;
	if (rename(tmp, path) < 0) {
		cli_error("%s: cannot replace: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

void cli_output_discard(char *tmp)
{
	if (!tmp)
		return;
	unlink(tmp);
	free(tmp);
}

/* SIGINT, SIGTERM and SIGHUP wait while a file is being replaced, so that
 * one arriving mid-write cannot end the process with the temporary file
 * left behind: it takes effect once the file is replaced or the temporary
 * removed. (render has its own handler and list of temporaries.) */
static void hold_signals(int hold, sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(hold ? SIG_BLOCK : SIG_SETMASK, hold ? &set : old, hold ? old : NULL);
}

static output_result replace_file(const char *path, const struct stat *st, const void *data, size_t len)
{
	char *tmp = NULL;

	if (stage_file(path, st, data, len, &tmp) < 0)
		return OUTPUT_FAILED;
	if (cli_output_commit(tmp, path) < 0) {
		cli_output_discard(tmp);
		return OUTPUT_FAILED;
	}
	free(tmp);
	return OUTPUT_WRITTEN;
}

output_result cli_output_write(const char *path, const void *data, size_t len)
{
	struct stat st;
	sigset_t old;
	output_result r;
	int exists, same = 0;

	if (strcmp(path, "-") == 0) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
			cli_error("standard output: %s", strerror(errno));
			return OUTPUT_FAILED;
		}
		return OUTPUT_WRITTEN;
	}
	exists = check_target(path, &st);
	if (exists < 0)
		return OUTPUT_FAILED;
	if (exists) {
		same = same_bytes(path, data, len);
		if (same < 0)
			return OUTPUT_FAILED;
		if (same)
			return OUTPUT_UNCHANGED;
	}
	hold_signals(1, &old);
	r = replace_file(path, exists ? &st : NULL, data, len);
	hold_signals(0, &old);
	return r;
}

char *cli_path_dir(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');
	char *d;

	if (base)
		*base = slash ? slash + 1 : path;
	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	d = malloc((size_t)(slash - path) + 1);
	if (d) {
		memcpy(d, path, (size_t)(slash - path));
		d[slash - path] = '\0';
	}
	return d;
}
