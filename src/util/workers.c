#include "workers.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

/* One anonymous shared mapping: this header, a done flag per piece, the
 * slots (each aligned for any type), then the room for kept bytes. */
struct archdoc_workers {
	atomic_size_t next;      /* the next piece not yet taken */
	atomic_size_t used;      /* bytes of the room kept so far */
	size_t count, size, map_len, room;
	atomic_uchar *done;
	unsigned char *slots, *bytes;
};

#define ALIGN(n) (((n) + 15) & ~(size_t)15)

archdoc_workers *archdoc_workers_new(size_t count, size_t size, size_t bytes)
{
	size_t head = ALIGN(sizeof(archdoc_workers)), flags = ALIGN(count ? count : 1), len;
	archdoc_workers *w;
	void *map;

	size = ALIGN(size ? size : 1);
	if (count > (SIZE_MAX - head - flags) / size || bytes > SIZE_MAX - head - flags - count * size)
		return NULL;
	len = head + flags + count * size + bytes;
	/* pages come when written: the room costs nothing until used */
	map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (map == MAP_FAILED)
		return NULL;
	/* the mapping comes zeroed: every flag clear, every slot zero */
	w = map;
	atomic_init(&w->next, 0);
	atomic_init(&w->used, 0);
	w->count = count;
	w->size = size;
	w->map_len = len;
	w->room = bytes;
	w->done = (atomic_uchar *)((unsigned char *)map + head);
	w->slots = (unsigned char *)map + head + flags;
	w->bytes = w->slots + count * size;
	return w;
}

int archdoc_workers_keep(archdoc_workers *w, const void *data, size_t len, size_t *off)
{
	size_t at = atomic_fetch_add(&w->used, ALIGN(len));

	if (at > w->room || ALIGN(len) > w->room - at)
		return -1;   /* (used stays past the room: nothing more fits) */
	memcpy(w->bytes + at, data, len);
	*off = at;
	return 0;
}

const void *archdoc_workers_bytes(const archdoc_workers *w, size_t off)
{
	return w->bytes + off;
}

void archdoc_workers_free(archdoc_workers *w)
{
	if (w)
		munmap(w, w->map_len);
}

void *archdoc_workers_slot(archdoc_workers *w, size_t i)
{
	return w->slots + i * w->size;
}

int archdoc_workers_done(const archdoc_workers *w, size_t i)
{
	return atomic_load(&w->done[i]) != 0;
}

static void take_pieces(archdoc_workers *w, archdoc_work_fn fn, void *payload)
{
	for (;;) {
		size_t i = atomic_fetch_add(&w->next, 1);

		if (i >= w->count)
			break;
		if (fn(i, archdoc_workers_slot(w, i), payload) == 0)
			atomic_store(&w->done[i], 1);
	}
}

void archdoc_workers_run(archdoc_workers *w, size_t first, unsigned jobs, archdoc_work_fn fn, void *payload,
		int only_forks)
{
	pid_t kids[ARCHDOC_WORKERS_MAX];
	unsigned n = 0, forks;

	atomic_store(&w->next, first);
	if (jobs > ARCHDOC_WORKERS_MAX)
		jobs = ARCHDOC_WORKERS_MAX;
	if (jobs > w->count - (first < w->count ? first : w->count))
		jobs = (unsigned)(w->count - (first < w->count ? first : w->count));
	forks = only_forks ? jobs : jobs ? jobs - 1 : 0;
	/* stdio buffers are copied into a fork: flushed first, a forked
	 * process ends with _exit and never writes them twice */
	if (forks)
		fflush(NULL);
	for (; n < forks; n++) {
		pid_t pid = fork();

		if (pid < 0)
			break;   /* fewer processes: the others take more pieces, and
			            what none made is left to the caller */
		if (pid == 0) {
			/* a signal meant for the parent's cleanup must not run it here */
			signal(SIGINT, SIG_DFL);
			signal(SIGTERM, SIG_DFL);
			take_pieces(w, fn, payload);
			_exit(0);
		}
		kids[n] = pid;
	}
	if (!only_forks)
		take_pieces(w, fn, payload);
	for (unsigned k = 0; k < n; k++) {
		int status;

		while (waitpid(kids[k], &status, 0) < 0 && errno == EINTR)
			;
	}
}

unsigned archdoc_workers_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > ARCHDOC_WORKERS_MAX ? ARCHDOC_WORKERS_MAX : (unsigned)n;
}
