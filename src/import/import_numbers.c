/*
 * Connection numbers from the number column: kept when they are whole
 * and unique, else the next free one, with a report for each; gaps in the
 * numbers are reported where they are.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

#include "build.h"
#include "model.h"

/* --- numbers --- */

static int parse_number(const char *s, unsigned *out)
{
	unsigned long v = 0;
	int digits = 0;

	if (*s == '#')
		s++;
	while (*s == ' ')
		s++;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (++digits > 7)
			return -1;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	if (*s == '.')
		s++;
	if (!digits || *s || v < 1 || v > ARCHDOC_MAX_CONNECTION_NUMBER)
		return -1;
	*out = (unsigned)v;
	return 0;
}

#define BIT_SET(a, i) ((a)[(i) >> 3] |= (unsigned char)(1u << ((i) & 7)))
#define BIT_GET(a, i) (((a)[(i) >> 3] >> ((i) & 7)) & 1u)

typedef struct numbering {
	unsigned char *used, *claimed;
	unsigned top;            /* the highest number given or claimed so far */
} numbering;

/* The next free number after the highest; past the maximum, the lowest
 * number nobody uses or claims. 0 when none is left. */
static unsigned next_free(numbering *nb)
{
	while (nb->top < ARCHDOC_MAX_CONNECTION_NUMBER) {
		nb->top++;
		if (!BIT_GET(nb->used, nb->top) && !BIT_GET(nb->claimed, nb->top))
			return nb->top;
	}
	for (unsigned n = 1; n <= ARCHDOC_MAX_CONNECTION_NUMBER; n++)
		if (!BIT_GET(nb->used, n) && !BIT_GET(nb->claimed, n))
			return n;
	return 0;
}

static int by_number(const void *a, const void *b)
{
	const conn *x = *(const conn *const *)a, *y = *(const conn *const *)b;

	return x->n < y->n ? -1 : (x->n > y->n);
}

int archdoc_import__number_rows(build *b)
{
	size_t bytes = ARCHDOC_MAX_CONNECTION_NUMBER / 8 + 2, count = b->conn_count;
	numbering nb = { calloc(bytes, 1), calloc(bytes, 1), 0 };
	unsigned *given = calloc(count + 1, sizeof(*given));
	archdoc_hash first = ARCHDOC_HASH_INIT;   /* number -> index + 1 of the row that has it */
	const conn **sorted = NULL;
	unsigned prev = 0;
	int rc = ARCHDOC_ENOMEM;

	if (!nb.used || !nb.claimed || !given)
		goto done;
	for (size_t i = 0; i < count; i++) {
		/* a packed cell's first direction has the row's number */
		if (b->conns[i].part ||
				parse_number(archdoc_import__cell_of(b, b->conns[i].row, ARCHDOC_COLUMN_NUMBER)->text, &given[i]) < 0)
			given[i] = 0;
		if (given[i]) {
			BIT_SET(nb.claimed, given[i]);
			if (given[i] > nb.top)
				nb.top = given[i];
		}
	}
	for (size_t i = 0; i < count; i++) {
		const archdoc_import__row *r = b->conns[i].row;
		const archdoc_import__cell *c = archdoc_import__cell_of(b, r, ARCHDOC_COLUMN_NUMBER);
		unsigned line = c->line ? c->line : r->line, col = c->line ? c->col : r->col;
		unsigned n = given[i];
		char key[16], *k;
		void *had = NULL;

		if (n && !BIT_GET(nb.used, n)) {
			/* the row's own number */
		} else if (n) {
			const archdoc_import__row *fr;
			const archdoc_import__cell *fc;

			snprintf(key, sizeof(key), "%u", n);
			had = archdoc_hash_get(&first, key);
			/* the first row with a number always keeps it */
			assert(had);
			fr = b->conns[IDX(had)].row;
			fc = archdoc_import__cell_of(b, fr, ARCHDOC_COLUMN_NUMBER);
			n = next_free(&nb);
			archdoc_import__report_note(b->d, W, "import-duplicate-number", line, col,
					fc->line, fc->col, "first used here",
					"connection number %u is used twice (first in line %u); this row is imported "
					"as connection %u: renumber one of them", given[i], fc->line, n);
		} else if (b->conns[i].part) {
			const conn *lead = &b->conns[i - b->conns[i].part];

			n = next_free(&nb);
			archdoc_import__report(b->d, W, "import-split-row", b->conns[i].sl, b->conns[i].sc,
					"the cell packs %u directions; \"%s -> %s\" is imported as connection %u (the "
					"next free number), the first direction as connection %u: give it a number of "
					"its own in the table if it has one", b->conns[i].parts,
					archdoc_import__excerpt(b->d, b->conns[i].from_name),
					archdoc_import__excerpt(b->d, b->conns[i].to_name), n, lead->n);
		} else {
			const char *why = *c->text ? "is not a connection number (a whole number from 1 to 1000000)"
						  : "is empty";

			if (prev < ARCHDOC_MAX_CONNECTION_NUMBER && !BIT_GET(nb.used, prev + 1) &&
					!BIT_GET(nb.claimed, prev + 1)) {
				n = prev + 1;
				if (n > nb.top)
					nb.top = n;
			} else {
				n = next_free(&nb);
			}
			if (b->at[ARCHDOC_COLUMN_NUMBER] >= 0 && !r->numberless) {
				if (*c->text)
					archdoc_import__report(b->d, W, "import-bad-number", line, col,
							"the number cell \"%s\" %s; the row is imported as connection %u%s",
							archdoc_import__excerpt(b->d, c->text), why, n,
							n == prev + 1 ? " (the previous row's number + 1)" : " (the next free number)");
				else
					archdoc_import__report(b->d, W, "import-missing-number", line, col,
							"the row has no number; it is imported as connection %u%s", n,
							n == prev + 1 ? " (the previous row's number + 1)" : " (the next free number)");
			}
		}
		if (!n) {
			archdoc_import__report(b->d, E, "import-limit", line, col,
					"no connection number is left for this row (numbers go up to %u)",
					ARCHDOC_MAX_CONNECTION_NUMBER);
			rc = ARCHDOC_ELIMIT;
			goto done;
		}
		BIT_SET(nb.used, n);
		b->conns[i].n = n;
		if (!b->conns[i].part)
			prev = n;
		if (given[i] && given[i] == n) {
			snprintf(key, sizeof(key), "%u", n);
			k = archdoc_arena_strdup(b->d->arena, key);
			if (!k || archdoc_hash_put(&first, k, PTR(i), &had) < 0)
				goto done;
		}
	}

	/* Gaps, at the row after each one. */
	sorted = malloc((count + 1) * sizeof(*sorted));
	if (!sorted)
		goto done;
	for (size_t i = 0; i < count; i++)
		sorted[i] = &b->conns[i];
	qsort(sorted, count, sizeof(*sorted), by_number);
	for (size_t i = 0; i < count; i++) {
		unsigned lo = i ? sorted[i - 1]->n : 0, hi = sorted[i]->n;
		const archdoc_import__row *r = sorted[i]->row;
		const archdoc_import__cell *c = archdoc_import__cell_of(b, r, ARCHDOC_COLUMN_NUMBER);
		unsigned line = c->line ? c->line : r->line, col = c->line ? c->col : r->col;

		if (hi <= lo + 1)
			continue;
		if (lo == 0)
			archdoc_import__report(b->d, W, "import-number-gap", line, col,
					"the numbers start at %u, not 1; %s", hi,
					hi == 2 ? "connection 1 may be lost" : "rows may be lost");
		else if (hi == lo + 2)
			archdoc_import__report(b->d, W, "import-number-gap", line, col,
					"connection %u is missing: the numbers go from %u to %u; a row may be lost",
					lo + 1, lo, hi);
		else
			archdoc_import__report(b->d, W, "import-number-gap", line, col,
					"connections %u to %u are missing: the numbers go from %u to %u; rows may be lost",
					lo + 1, hi - 1, lo, hi);
	}
	rc = 0;
done:
	free(nb.used);
	free(nb.claimed);
	free(given);
	free(sorted);
	archdoc_hash_free(&first);
	return rc;
}

