/*
 * The CLI's side of writing outputs: the atomic writes themselves are the
 * library's (util/atomic.c); here each failure becomes its message, naming
 * the path, and "-" means standard output.
 */
#include "output.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "atomic.h"
#include "cli.h"

static const char *kind_of(unsigned mode)
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

/* Say what went wrong with path. */
static void say(const char *path, const archdoc_write_error *e)
{
	switch (e->what) {
	case ARCHDOC_WRITE_ESTAT:
	case ARCHDOC_WRITE_EREAD:
		cli_error("%s: %s", path, strerror(e->err));
		break;
	case ARCHDOC_WRITE_ELINK:
		cli_error("%s: is a symbolic link; archdoc does not write through links (remove the link, "
				"or name the file itself)", path);
		break;
	case ARCHDOC_WRITE_EDIR:
		cli_error("%s: is a folder, not a regular file; name a file to write", path);
		break;
	case ARCHDOC_WRITE_ENOTREG:
		cli_error("%s: is not a regular file (%s); archdoc writes only regular files (-o - writes "
				"to standard output)", path, kind_of(e->mode));
		break;
	case ARCHDOC_WRITE_ENOMEM:
		cli_error("out of memory");
		break;
	case ARCHDOC_WRITE_ETEMP:
		cli_error("%s: cannot create a temporary file: %s", path, strerror(e->err));
		break;
	case ARCHDOC_WRITE_EWRITE:
		cli_error("%s: cannot write: %s", path, strerror(e->err));
		break;
	case ARCHDOC_WRITE_ERENAME:
		cli_error("%s: cannot replace: %s", path, strerror(e->err));
		break;
	case ARCHDOC_WRITE_OK:
		break;
	}
}

/* 1 (exists, *st filled), 0 (absent), -1 (refused, message printed). */
static int check_target(const char *path, struct stat *st)
{
	archdoc_write_error e;
	int rc = archdoc_atomic_check(path, st, &e);

	if (rc < 0)
		say(path, &e);
	return rc;
}

int cli_output_check_target(const char *path)
{
	struct stat st;

	return check_target(path, &st) < 0 ? -1 : 0;
}

int cli_output_same(const char *path, const void *data, size_t len)
{
	archdoc_write_error e;
	struct stat st;
	int exists = check_target(path, &st), same;

	if (exists <= 0)
		return exists;
	same = archdoc_atomic_same(path, data, len, &e);
	if (same < 0)
		say(path, &e);
	return same;
}

static int stage(const char *path, const struct stat *st, const void *data, size_t len, char **tmp_out)
{
	archdoc_write_error e;

	if (archdoc_atomic_stage(path, st, data, len, tmp_out, &e) < 0) {
		say(path, &e);
		return -1;
	}
	return 0;
}

int cli_output_stage(const char *path, const void *data, size_t len, char **tmp_out)
{
	struct stat st;
	int exists = check_target(path, &st);

	*tmp_out = NULL;
	if (exists < 0)
		return -1;
	return stage(path, exists ? &st : NULL, data, len, tmp_out);
}

int cli_output_commit(const char *tmp, const char *path)
{
	archdoc_write_error e;

	if (archdoc_atomic_commit(tmp, path, &e) < 0) {
		say(path, &e);
		return -1;
	}
	return 0;
}

void cli_output_discard(char *tmp)
{
	archdoc_atomic_discard(tmp);
}

static output_result replace_file(const char *path, const struct stat *st, const void *data, size_t len)
{
	char *tmp = NULL;

	if (stage(path, st, data, len, &tmp) < 0)
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
	archdoc_write_error e;
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
		same = archdoc_atomic_same(path, data, len, &e);
		if (same < 0) {
			say(path, &e);
			return OUTPUT_FAILED;
		}
		if (same)
			return OUTPUT_UNCHANGED;
	}
	/* a signal waits while the file is replaced (render has its own
	 * handler and list of temporaries) */
	archdoc_signals_hold(1, &old);
	r = replace_file(path, exists ? &st : NULL, data, len);
	archdoc_signals_hold(0, &old);
	return r;
}

int cli_output_refused(const char *path, const char *why_link, const char *why_not_regular)
{
	archdoc_write_error e;
	struct stat st;

	if (archdoc_atomic_check(path, &st, &e) >= 0)
		return 0;
	if (e.what == ARCHDOC_WRITE_ELINK)
		cli_error("%s: %s", path, why_link);
	else if (e.what == ARCHDOC_WRITE_ESTAT)
		cli_error("%s: %s", path, strerror(e.err));
	else
		cli_error("%s: %s", path, why_not_regular);
	return -1;
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
