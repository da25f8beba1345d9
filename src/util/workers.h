/*
 * Independent pieces of work shared among processes, library-internal.
 * Graphviz is not thread-safe, so the layout search runs its candidates in
 * forked copies of the process instead of threads. Each piece writes its
 * result into a slot of memory that every process sees; the caller reads
 * the slots afterwards and does any piece left undone (a process that
 * could not be made or died, a piece that asked to be done again) itself,
 * so the results never depend on how many processes ran.
 */
#ifndef ARCHDOC_WORKERS_H
#define ARCHDOC_WORKERS_H

#include <stddef.h>

/* At most this many processes: the search has a few dozen candidates. */
#define ARCHDOC_WORKERS_MAX 16

typedef struct archdoc_workers archdoc_workers;

/* Piece i into slot (size bytes, zeroed at first). In a forked process
 * whatever it writes to memory other than the slot is lost. 0: done;
 * anything else leaves the piece for the caller. */
typedef int (*archdoc_work_fn)(size_t i, void *slot, void *payload);

/* count slots of size bytes, and room for up to bytes more that pieces
 * keep (reserved, not used until written); NULL when the shared memory
 * cannot be had. */
archdoc_workers *archdoc_workers_new(size_t count, size_t size, size_t bytes);
void archdoc_workers_free(archdoc_workers *w);

/* Pieces from first on, in this process and up to jobs - 1 forked ones
 * (with only_forks, in jobs forked ones while this one waits: a piece may
 * then change the process as it likes), each taking the next piece not
 * yet taken; returns when all have ended. */
void archdoc_workers_run(archdoc_workers *w, size_t first, unsigned jobs, archdoc_work_fn fn, void *payload,
		int only_forks);

/* Copy len bytes into the shared room: their offset into *off, 0; or -1
 * when they do not fit. */
int archdoc_workers_keep(archdoc_workers *w, const void *data, size_t len, size_t *off);
/* The kept bytes at off. */
const void *archdoc_workers_bytes(const archdoc_workers *w, size_t off);

/* Piece i's slot, and whether a process finished it. */
void *archdoc_workers_slot(archdoc_workers *w, size_t i);
int archdoc_workers_done(const archdoc_workers *w, size_t i);

/* The number of processors online (at least 1, at most ARCHDOC_WORKERS_MAX). */
unsigned archdoc_workers_cpus(void);

#endif
