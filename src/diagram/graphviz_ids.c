/*
 * Object ids in creation order. Graphviz's default id discipline uses the
 * address of the interned name as a named object's id, and keeps
 * subgraphs ordered by id: dot then visits clusters in the order the heap
 * happened to place their names, so the same model could be laid out
 * differently after unrelated allocations (another candidate layout, a
 * cached search, a different allocator). Here every object gets the next
 * odd number (like Graphviz's own anonymous ids) and the discipline keeps
 * the names itself, interned in the graph's string pool (cgraph 2.42's
 * internal name map would do, but agclose never frees its entries), so
 * clusters are visited in the order archdoc creates them.
 */
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "graphviz.h"
#include "hash.h"

typedef struct seq_ids {
	Agraph_t *root;
	IDTYPE next;
	/* name -> id, one map per object kind (graph, node, edge); the names
	 * are agstrdup'd, so they live as long as the graph */
	archdoc_hash names[3];
	char **by_id;        /* name of id 2k+1 at k, or NULL */
	size_t ids_cap;
} seq_ids;

static void *seq_open(Agraph_t *g, Agdisc_t *disc)
{
	seq_ids *st = calloc(1, sizeof(*st));

	(void)disc;
	if (!st)
		return NULL;
	st->root = g;
	st->next = 1;
	return st;
}

static long seq_map(void *state, int objtype, char *str, IDTYPE *id, int createflag)
{
	seq_ids *st = state;
	archdoc_hash *names;
	char *name;
	void *known;
	size_t k, had = 0;

	if (!st || objtype < AGRAPH || objtype > AGINEDGE)
		return 0;
	if (objtype == AGINEDGE)
		objtype = AGOUTEDGE;
	names = &st->names[objtype];
	if (str) {
		known = archdoc_hash_get(names, str);
		if (known) {
			*id = (IDTYPE)(uintptr_t)known;
			return 1;
		}
	}
	if (!createflag)
		return 0;
	k = (size_t)(st->next / 2);
	had = st->ids_cap;
	if (ARCHDOC_ARRAY_RESERVE(st->by_id, st->ids_cap, k + 1, 256) < 0)
		return 0;
	memset(st->by_id + had, 0, (st->ids_cap - had) * sizeof(*st->by_id));
	if (str) {
		/* interned, so agwrite can ask whether it is an HTML string; ids
		 * are odd, so never NULL as a value */
		name = agstrdup(st->root, str);
		if (!name || archdoc_hash_put(names, name, (void *)(uintptr_t)st->next, NULL) < 0)
			return 0;
		st->by_id[k] = name;
	}
	*id = st->next;
	st->next += 2;
	return 1;
}

static long seq_alloc(void *state, int objtype, IDTYPE request)
{
	(void)state;
	(void)objtype;
	(void)request;
	return 0;
}

static void seq_free(void *state, int objtype, IDTYPE id)
{
	(void)state;
	(void)objtype;
	(void)id;
}

static char *seq_print(void *state, int objtype, IDTYPE id)
{
	seq_ids *st = state;

	(void)objtype;
	if (!st || !(id % 2) || (size_t)(id / 2) >= st->ids_cap)
		return NULL;
	return st->by_id[id / 2];
}

static void seq_close(void *state)
{
	seq_ids *st = state;

	if (!st)
		return;
	for (size_t i = 0; i < sizeof(st->names) / sizeof(st->names[0]); i++)
		archdoc_hash_free(&st->names[i]);
	free(st->by_id);
	free(st);
}

static void seq_register(void *state, int objtype, void *obj)
{
	(void)state;
	(void)objtype;
	(void)obj;
}

Agiddisc_t archdoc_gv__ids = {
	seq_open, seq_map, seq_alloc, seq_free, seq_print, seq_close, seq_register
};

