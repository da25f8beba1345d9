#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

int cli_output_same(const char *path, const void *data, size_t len)
{
	struct stat st;
	FILE *f;
	char chunk[65536];
	size_t at = 0, n;
	int same = 1;

	if (stat(path, &st) < 0)
		return errno == ENOENT ? 0 : (cli_error("%s: %s", path, strerror(errno)), -1);
	if (!S_ISREG(st.st_mode) || (size_t)st.st_size != len)
		return 0;
	f = fopen(path, "rb");
	if (!f) {
		cli_error("%s: %s", path, strerror(errno));
		return -1;
	}
	while (same && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (at + n > len || memcmp(chunk, (const char *)data + at, n) != 0)
			same = 0;
		at += n;
	}
	if (ferror(f)) {
		cli_error("%s: %s", path, strerror(errno));
		same = -1;
	}
	fclose(f);
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

/*
 * What a path to write names. A regular file (or a symbolic link to one:
 * the file it points to is replaced, the link stays) is replaced
 * atomically; a path that does not exist is created the same way. A
 * character device, FIFO or socket (/dev/null, /dev/stdout on a terminal
 * or pipe, a named pipe) cannot be replaced: renaming over it would put a
 * regular file in its place, which as root turns /dev/null into a file,
 * so it is written straight through. A folder or block device is refused.
 */
static int stage_file(const char *real, const char *path, const void *data, size_t len, char **tmp_out);

typedef enum target_kind { TARGET_FILE, TARGET_STREAM, TARGET_FAILED } target_kind;

/* *real is a malloc'd path to replace (the link's target for a link) when
 * TARGET_FILE; a message was printed when TARGET_FAILED. */
static target_kind classify(const char *path, char **real)
{
	struct stat st, lst;

	*real = NULL;
	if (stat(path, &st) < 0) {
		if (errno != ENOENT) {
			cli_error("%s: %s", path, strerror(errno));
			return TARGET_FAILED;
		}
		*real = strdup(path); /* new (or a dangling link, replaced) */
	} else if (S_ISDIR(st.st_mode)) {
		cli_error("%s: is a folder; name a file to write", path);
		return TARGET_FAILED;
	} else if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) {
		return TARGET_STREAM;
	} else if (!S_ISREG(st.st_mode)) {
		cli_error("%s: is not a regular file; archdoc writes only files, character devices and pipes", path);
		return TARGET_FAILED;
	} else if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
		*real = realpath(path, NULL);
		if (!*real) {
			cli_error("%s: %s", path, strerror(errno));
			return TARGET_FAILED;
		}
	} else {
		*real = strdup(path);
	}
	if (!*real) {
		cli_error("out of memory");
		return TARGET_FAILED;
	}
	return TARGET_FILE;
}

/* A device or pipe: write the bytes, and report any failure (ENOSPC from
 * /dev/full, EPIPE from a closed pipe). */
static int write_through(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC), saved;

	if (fd < 0) {
		cli_error("%s: cannot open for writing: %s", path, strerror(errno));
		return -1;
	}
	if (write_all(fd, data, len) < 0) {
		saved = errno;
		close(fd);
		cli_error("%s: cannot write: %s", path, strerror(saved));
		return -1;
	}
	if (close(fd) < 0) {
		cli_error("%s: cannot write: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int cli_output_stage(const char *path, const void *data, size_t len, char **tmp_out)
{
	char *real = NULL;
	target_kind kind = classify(path, &real);
	int rc;

	*tmp_out = NULL;
	if (kind == TARGET_STREAM) {
		cli_error("%s: is not a regular file; archdoc replaces only regular files here", path);
		return -1;
	}
	if (kind == TARGET_FAILED)
		return -1;
	rc = stage_file(real, path, data, len, tmp_out);
	free(real);
	return rc;
}

/* Stage next to real (the file to replace); messages name path, as the
 * user wrote it. */
static int stage_file(const char *real, const char *path, const void *data, size_t len, char **tmp_out)
{
	size_t n = strlen(real);
	char *tmp = malloc(n + 32);
	int fd, saved;
	struct stat st;
	mode_t mode = 0644;

	*tmp_out = NULL;
	if (!tmp) {
		cli_error("out of memory");
		return -1;
	}
	/* hidden, in the same directory so rename() is atomic */
	{
		const char *slash = strrchr(real, '/');
		size_t dir = slash ? (size_t)(slash - real) + 1 : 0;

		memcpy(tmp, real, dir);
		snprintf(tmp + dir, n + 32 - dir, ".%s.XXXXXX", real + dir);
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		cli_error("%s: cannot create a temporary file: %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	/* keep the mode of the file being replaced; new files get 0644 */
	if (stat(real, &st) == 0)
		mode = st.st_mode & 07777;
	if (fchmod(fd, mode) < 0 || write_all(fd, data, len) < 0 || fsync(fd) < 0) {
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

int cli_output_commit(const char *tmp, const char *path)
{
	char *real = NULL;
	int rc = 0;

	/* the same file cli_output_stage staged for (a link's target) */
	if (classify(path, &real) != TARGET_FILE)
		return -1;
	if (rename(tmp, real) < 0) {
		cli_error("%s: cannot replace: %s", path, strerror(errno));
		rc = -1;
	}
	free(real);
	return rc;
}

void cli_output_discard(char *tmp)
{
	if (!tmp)
		return;
	unlink(tmp);
	free(tmp);
}

output_result cli_output_write(const char *path, const void *data, size_t len)
{
	char *tmp = NULL, *real = NULL;
	int same;

	if (strcmp(path, "-") == 0) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
			cli_error("standard output: %s", strerror(errno));
			return OUTPUT_FAILED;
		}
		return OUTPUT_WRITTEN;
	}
	switch (classify(path, &real)) {
	case TARGET_STREAM:
		return write_through(path, data, len) < 0 ? OUTPUT_FAILED : OUTPUT_WRITTEN;
	case TARGET_FAILED:
		return OUTPUT_FAILED;
	default:
		break;
	}
	same = cli_output_same(real, data, len);
	if (same == 0 && stage_file(real, path, data, len, &tmp) == 0) {
		if (rename(tmp, real) < 0) {
			cli_error("%s: cannot replace: %s", path, strerror(errno));
			cli_output_discard(tmp);
			tmp = NULL;
			same = -1;
		}
	} else if (same == 0) {
		same = -1;
	}
	free(tmp);
	free(real);
	return same < 0 ? OUTPUT_FAILED : same ? OUTPUT_UNCHANGED : OUTPUT_WRITTEN;
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
