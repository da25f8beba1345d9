/*
 * Reading a whole input file, the one way: the bytes are read by archdoc
 * itself (never by a parser that could decompress or follow entities), the
 * size limit holds on the bytes read, and the result is NUL-terminated.
 * What went wrong is returned, with errno kept, for the caller to word.
 */
#ifndef ARCHDOC_FILE_H
#define ARCHDOC_FILE_H

#include <stddef.h>

/* archdoc_file_read's flags */
#define ARCHDOC_FILE_STDIN 1u    /* "-" means standard input */
#define ARCHDOC_FILE_REGULAR 2u  /* only a regular file: a FIFO, device, socket or folder is refused,
				    without blocking on it */

/* archdoc_file_read's results */
enum {
	ARCHDOC_FILE_OK = 0,
	ARCHDOC_FILE_EOPEN,      /* errno says why */
	ARCHDOC_FILE_EREAD,      /* errno says why */
	ARCHDOC_FILE_ETOO_BIG,   /* more than max bytes */
	ARCHDOC_FILE_ENOTREG,    /* ARCHDOC_FILE_REGULAR and it is not; *mode is its type */
	ARCHDOC_FILE_ENOMEM
};

/* Read path into *out (malloc'd, NUL-terminated, *len bytes). mode may be
 * NULL. */
int archdoc_file_read(const char *path, size_t max, unsigned flags, char **out, size_t *len, unsigned *mode);

#endif
