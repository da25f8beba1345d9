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

int cli_output_stage(const char *path, const void *data, size_t len, char **tmp_out)
{
	size_t n = strlen(path);
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
		const char *slash = strrchr(path, '/');
		size_t dir = slash ? (size_t)(slash - path) + 1 : 0;

		memcpy(tmp, path, dir);
		snprintf(tmp + dir, n + 32 - dir, ".%s.XXXXXX", path + dir);
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		cli_error("%s: cannot create a temporary file: %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	/* keep the mode of the file being replaced; new files get 0644 */
	if (stat(path, &st) == 0)
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

output_result cli_output_write(const char *path, const void *data, size_t len)
{
	char *tmp = NULL;
	int same;

	if (strcmp(path, "-") == 0) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
			cli_error("standard output: %s", strerror(errno));
			return OUTPUT_FAILED;
		}
		return OUTPUT_WRITTEN;
	}
	same = cli_output_same(path, data, len);
	if (same < 0)
		return OUTPUT_FAILED;
	if (same)
		return OUTPUT_UNCHANGED;
	if (cli_output_stage(path, data, len, &tmp) < 0)
		return OUTPUT_FAILED;
	if (cli_output_commit(tmp, path) < 0) {
		cli_output_discard(tmp);
		return OUTPUT_FAILED;
	}
	free(tmp);
	return OUTPUT_WRITTEN;
}
