#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"

static int not_regular(unsigned mode, unsigned *mode_out)
{
	if (mode_out)
		*mode_out = mode;
	return ARCHDOC_FILE_ENOTREG;
}

/* fopen, or for ARCHDOC_FILE_REGULAR an open that cannot block on a FIFO
 * or a device and a check of what was opened. */
static FILE *open_file(const char *path, unsigned flags, int *rc, unsigned *mode)
{
	struct stat st;
	FILE *f;
	int fd;

	if (!(flags & ARCHDOC_FILE_REGULAR)) {
		f = fopen(path, "rb");
		*rc = f ? 0 : ARCHDOC_FILE_EOPEN;
		return f;
	}
	/* not even opened when it is plainly no regular file */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		*rc = not_regular((unsigned)st.st_mode, mode);
		return NULL;
	}
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		*rc = ARCHDOC_FILE_EOPEN;
		return NULL;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		*rc = not_regular((unsigned)st.st_mode, mode);
		close(fd);
		return NULL;
	}
	f = fdopen(fd, "rb");
	if (!f) {
		*rc = ARCHDOC_FILE_EOPEN;
		close(fd);
	}
	return f;
}

int archdoc_file_read(const char *path, size_t max, unsigned flags, char **out, size_t *len, unsigned *mode)
{
	int is_stdin = (flags & ARCHDOC_FILE_STDIN) && strcmp(path, "-") == 0;
	archdoc_buf b = ARCHDOC_BUF_INIT;
	char chunk[65536];
	size_t n;
	int rc = 0, saved;
	FILE *f;

	*out = NULL;
	*len = 0;
	f = is_stdin ? stdin : open_file(path, flags, &rc, mode);
	if (!f)
		return rc;
	b.max = max + 1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b.len + n > max) {
			rc = ARCHDOC_FILE_ETOO_BIG;
			break;
		}
		archdoc_buf_put(&b, chunk, n);
		if (b.failed) {
			rc = ARCHDOC_FILE_ENOMEM;
			break;
		}
	}
	if (rc == 0 && ferror(f))
		rc = ARCHDOC_FILE_EREAD;
	/* the caller words the failure with errno: fclose must not change it */
	saved = errno;
	if (!is_stdin)
		fclose(f);
	errno = saved;
	if (rc == 0) {
		*out = archdoc_buf_detach(&b, len);
		if (!*out)
			rc = ARCHDOC_FILE_ENOMEM;
	}
	archdoc_buf_free(&b);
	if (rc == ARCHDOC_FILE_ENOMEM)
		errno = ENOMEM;
	return rc;
}
