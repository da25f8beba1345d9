/*
 * Components from endpoint names: one per name (a guessed kind, an id made
 * from the title), placeholders for missing ends, "A -> B" cells split, and
 * the pairs of names that may denote one component.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "array.h"
#include "build.h"

/* --- components --- */

/* Lower-case ASCII words of a name, as a list of NUL-separated words. */
static size_t words_of(const char *s, char *out, size_t cap, size_t *count)
{
	size_t k = 0;
	int in = 0;

	*count = 0;
	for (; *s && k + 2 < cap; s++) {
		unsigned char c = (unsigned char)*s;
		int alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;

		if (alnum) {
			if (!in)
				(*count)++;
			out[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			in = 1;
		} else if (in) {
			out[k++] = '\0';
			in = 0;
		}
	}
	if (in)
		out[k++] = '\0';
	return k;
}

static int has_word(const char *words, size_t len, const char *w)
{
	for (size_t i = 0; i < len; i += strlen(words + i) + 1)
		if (strcmp(words + i, w) == 0)
			return 1;
	return 0;
}

/* A guess from the words of the name; the first entry that matches wins,
 * so a workload type ("Redis StatefulSet") beats what it runs. */
static const char *guess_kind(const char *name)
{
	static const char *const rules[][2] = {
		{ "statefulset", "statefulset" }, { "replicaset", "replicaset" },
		{ "daemonset", "daemonset" }, { "deployment", "deployment" }, { "cronjob", "cronjob" },
		{ "job", "job" }, { "pod", "pod" },
		{ "postgresql", "database" }, { "postgres", "database" }, { "mysql", "database" },
		{ "mariadb", "database" }, { "mongodb", "database" }, { "database", "database" },
		{ "db", "database" },
		{ "redis", "cache" }, { "memcached", "cache" }, { "cache", "cache" },
		{ "kafka", "queue" }, { "rabbitmq", "queue" }, { "activemq", "queue" }, { "queue", "queue" },
		{ "storage", "storage" }, { "bucket", "storage" }, { "s3", "storage" },
		{ "prometheus", "monitoring" }, { "grafana", "monitoring" }, { "monitoring", "monitoring" },
		{ "ingress", "gateway" }, { "gateway", "gateway" },
		{ "loadbalancer", "loadbalancer" }, { "balancer", "loadbalancer" },
		{ "internet", "external" },
		{ "user", "user" }, { "users", "user" }, { "browser", "user" },
	};
	char words[512];
	size_t count, len = words_of(name, words, sizeof(words), &count);

	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (has_word(words, len, rules[i][0]))
			return rules[i][1];
	return "service";
}

/* An id from a title: lower-case ASCII letters and digits, other runs
 * become one '-'; made unique with -2, -3, ... */
static const char *make_id(build *b, const char *title)
{
	char slug[112], cand[128];
	size_t k = 0;
	unsigned long next = 2, *counter;
	void *had = NULL;
	char *id, *key;

	for (const unsigned char *p = (const unsigned char *)title; *p && k < 100; p++) {
		unsigned char c = *p;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			slug[k++] = (char)c;
		else if (c >= 'A' && c <= 'Z')
			slug[k++] = (char)(c + 32);
		else if (k && slug[k - 1] != '-')
			slug[k++] = '-';
	}
	while (k && slug[k - 1] == '-')
		k--;
	slug[k] = '\0';
	if (!k)
		snprintf(slug, sizeof(slug), "component");
	else if (slug[0] >= '0' && slug[0] <= '9') {
		memmove(slug + 10, slug, k + 1 <= sizeof(slug) - 10 ? k + 1 : sizeof(slug) - 10);
		memcpy(slug, "component-", 10);
		slug[sizeof(slug) - 1] = '\0';
	}
	snprintf(cand, sizeof(cand), "%s", slug);
	/* Each slug remembers the next suffix to try, so many names with one
	 * slug stay linear. */
	counter = archdoc_hash_get(&b->id_next, slug);
	if (counter)
		next = *counter;
	while (archdoc_hash_get(&b->ids, cand))
		snprintf(cand, sizeof(cand), "%s-%lu", slug, next++);
	id = archdoc_arena_strdup(b->d->arena, cand);
	if (!id || archdoc_hash_put(&b->ids, id, (void *)1, &had) < 0) {
		b->d->oom = 1;
		return NULL;
	}
	if (!counter) {
		key = archdoc_arena_strdup(b->d->arena, slug);
		counter = archdoc_arena_alloc(b->d->arena, sizeof(*counter));
		if (!key || !counter || archdoc_hash_put(&b->id_next, key, counter, &had) < 0) {
			b->d->oom = 1;
			return NULL;
		}
	}
	*counter = next;
	return id;
}

static int add_comp(build *b, const char *title, const char *id, const char *kind, unsigned line,
		unsigned col, int placeholder, size_t *out)
{
	comp *c;

	if (ARCHDOC_ARRAY_RESERVE(b->comps, b->comp_cap, b->comp_count + 1, 32) < 0)
		return ARCHDOC_ENOMEM;
	if (!id)
		return ARCHDOC_ENOMEM;
	c = &b->comps[b->comp_count];
	c->title = title;
	c->id = id;
	c->kind = kind;
	c->line = line;
	c->col = col ? col : 1;
	c->placeholder = placeholder;
	c->table = b->cur_table;
	*out = b->comp_count++;
	if (placeholder)
		b->placeholders++;
	return 0;
}

/* The component named name (already cleaned), made on first sight. */
static int endpoint(build *b, const char *name, unsigned line, unsigned col, size_t *out)
{
	void *had = archdoc_hash_get(&b->names, name);
	int rc;

	if (had) {
		*out = IDX(had);
		return 0;
	}
	rc = add_comp(b, name, make_id(b, name), guess_kind(name), line, col, 0, out);
	if (rc == 0 && archdoc_hash_put(&b->names, name, PTR(*out), &had) < 0)
		rc = ARCHDOC_ENOMEM;
	return rc;
}

static int placeholder(build *b, int destination, unsigned n, unsigned line, unsigned col, size_t *out)
{
	char id[48], title[64];
	void *had = NULL;
	const char *end = destination ? "destination" : "source";
	char *idc, *tc;

	snprintf(id, sizeof(id), "unknown-%s-%u", end, n);
	snprintf(title, sizeof(title), "Unknown %s of connection %u", end, n);
	tc = archdoc_arena_strdup(b->d->arena, title);
	idc = archdoc_arena_strdup(b->d->arena, id);
	if (!tc || !idc)
		return ARCHDOC_ENOMEM;
	if (archdoc_hash_get(&b->ids, idc))
		idc = (char *)make_id(b, id);
	else if (archdoc_hash_put(&b->ids, idc, (void *)1, &had) < 0)
		return ARCHDOC_ENOMEM;
	return add_comp(b, tc, idc, "service", line, col, 1, out);
}

/* Where an arrow or " to " splits "A -> B": 1 with the two names, 0 for
 * one name, -1 when the cell cannot be split (several separators, or an
 * empty side). */
static int split_what(build *b, const char *s, const char **from, const char **to)
{
	static const char *const arrows[] = { "->", "\xE2\x86\x92", "=>", NULL };
	const char *at = NULL;
	size_t seplen = 0, found = 0;

	for (size_t i = 0; arrows[i]; i++)
		for (const char *p = strstr(s, arrows[i]); p; p = strstr(p + 1, arrows[i])) {
			found++;
			at = p;
			seplen = strlen(arrows[i]);
		}
	if (!found) {
		for (const char *p = s; *p; p++) {
			if (p > s && p[-1] == ' ' && strncasecmp(p, "to ", 3) == 0) {
				found++;
				at = p - 1;
				seplen = 4;
			}
		}
	}
	if (!found)
		return 0;
	if (found > 1)
		return -1;
	*from = archdoc_import__plain(b->d, s, (size_t)(at - s));
	*to = archdoc_import__plain(b->d, at + seplen, strlen(at + seplen));
	if (!*from || !*to)
		return -1;
	return **from && **to ? 1 : -1;
}

/* One more connection for row r. */
static conn *add_conn(build *b, const archdoc_import__row *r)
{
	conn *c;

	if (b->conn_count >= ARCHDOC_IMPORT_MAX_ROWS) {
		archdoc_import__report(b->d, E, "import-limit", r->line, r->col,
				"the table holds more than %u connections (after splitting packed cells), the "
				"most one import makes; split the table", ARCHDOC_IMPORT_MAX_ROWS);
		return NULL;
	}
	if (ARCHDOC_ARRAY_RESERVE(b->conns, b->conn_cap, b->conn_count + 1, 64) < 0) {
		b->d->oom = 1;
		return NULL;
	}
	c = &b->conns[b->conn_count++];
	memset(c, 0, sizeof(*c));
	c->row = r;
	return c;
}

/* A packed cell: every line "A -> B". Returns the number of lines when
 * each splits into two names (their names in from[] and to[], at most
 * cap), 0 when the cell is not one. */
static size_t packed(build *b, const char *lines, const char **from, const char **to, size_t cap)
{
	size_t count = 0;

	for (const char *p = lines; *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *line = archdoc_import__plain(b->d, p, n);
		const char *f, *t;

		if (!line || split_what(b, line, &f, &t) != 1)
			return 0;
		if (count >= cap)
			return cap + 1;   /* too many: the caller refuses the cell */
		if (count < cap) {
			from[count] = f;
			to[count] = t;
		}
		count++;
		p += n + (e ? 1 : 0);
	}
	return count;
}

/* The most directions one cell is split into (docs/security.md). */
#define MAX_DIRECTIONS 64u

int archdoc_import__split_rows(build *b)
{
	const archdoc_import__table *t = b->t;
	/* A filled-down cell shares its text with the cell above: it is split
	 * once, so a hostile table cannot make the copies grow with the rows. */
	const char *from[MAX_DIRECTIONS], *to[MAX_DIRECTIONS], *last_lines = NULL, *last_text = NULL;
	const char *last_from = NULL, *last_to = NULL;
	size_t parts = 0;
	int last_split = 0;

	for (size_t i = 0; i < t->row_count; i++) {
		const archdoc_import__row *r = &t->rows[i];
		const archdoc_import__cell *src = archdoc_import__cell_of(b, r, ARCHDOC_COLUMN_SOURCE);
		const archdoc_import__cell *dst = archdoc_import__cell_of(b, r, ARCHDOC_COLUMN_DESTINATION);
		unsigned sl = src->line ? src->line : r->line, sc = src->line ? src->col : r->col;
		unsigned dl = dst->line ? dst->line : r->line, dc = dst->line ? dst->col : r->col;
		conn *c;

		int what = b->what || r->what;

		if (!what || !src->lines)
			parts = 0;
		else if (src->lines != last_lines) {
			last_lines = src->lines;
			parts = packed(b, src->lines, from, to, MAX_DIRECTIONS);
			if (b->d->oom)
				return ARCHDOC_ENOMEM;
			if (parts > MAX_DIRECTIONS) {
				archdoc_import__report(b->d, E, "import-limit", sl, sc,
						"the cell packs more than %u directions, the most one cell may hold: split "
						"the row", MAX_DIRECTIONS);
				return ARCHDOC_ELIMIT;
			}
		}
		if (parts > 1) {
			b->what_split = 1;
			for (size_t k = 0; k < parts; k++) {
				if (!(c = add_conn(b, r)))
					return b->d->oom ? ARCHDOC_ENOMEM : ARCHDOC_ELIMIT;
				c->from_name = from[k];
				c->to_name = to[k];
				c->sl = c->dl = sl;
				c->sc = c->dc = sc;
				c->part = (unsigned)k;
				c->parts = (unsigned)parts;
			}
			continue;
		}
		if (!(c = add_conn(b, r)))
			return b->d->oom ? ARCHDOC_ENOMEM : ARCHDOC_ELIMIT;
		c->from_name = src->text;
		c->to_name = dst->text;
		c->sl = sl, c->sc = sc, c->dl = dl, c->dc = dc;
		c->parts = 1;
		if (what) {
			int split = last_split;

			if (src->text != last_text) {
				last_text = src->text;
				last_split = split = *src->text ? split_what(b, src->text, &last_from, &last_to) : 0;
			}
			c->from_name = last_from;
			c->to_name = last_to;
			if (b->d->oom)
				return ARCHDOC_ENOMEM;
			if (split == 1) {
				b->what_split = 1;
			} else {
				c->from_name = src->text;
				c->to_name = "";
				c->unsplit = split < 0;
			}
			c->dl = sl;
			c->dc = sc;
		}
	}
	return 0;
}

/* A cell listing several names: "ME, RM", "ME; Probes; RM". Commas
 * inside brackets do not split ("Tenant (Voice, Config)"). Returns the number of names (at most cap stored, trimmed, in the
 * arena), 1 when the cell is one name. */
static size_t list_names(build *b, const char *s, const char **out, size_t cap)
{
	size_t count = 0;
	int depth = 0;
	const char *start = s;

	for (const char *p = s;; p++) {
		if (*p == '(' || *p == '[' || *p == '{')
			depth++;
		else if ((*p == ')' || *p == ']' || *p == '}') && depth > 0)
			depth--;
		if (*p && !((*p == ',' || *p == ';') && depth == 0))
			continue;
		{
			char *name = archdoc_import__plain(b->d, start, (size_t)(p - start));

			if (!name)
				return 0;
			if (*name) {
				int dup = 0;

				for (size_t k = 0; k < count && k < cap; k++)
					dup |= strcmp(out[k], name) == 0;
				if (!dup) {
					if (count < cap)
						out[count] = name;
					if (++count > cap)
						return count;   /* too many: the caller does not split */
				}
			}
		}
		if (!*p)
			break;
		start = p + 1;
	}
	return count;
}

/* The components of one side of c: one name, or a list of them (a
 * connection may have up to ARCHDOC_MAX_ENDS ends a side). */
static int side(build *b, conn *c, const char *name, unsigned line, unsigned col,
		size_t *first, size_t **all, unsigned *count)
{
	/* A filled-down cell repeats the pointer of the cell above: split it
	 * once (one memo a side), so copies do not grow with the rows. */
	list_memo *memo = &b->memo[first == &c->from ? 0 : 1];
	const char *key, **names = memo->names;
	size_t n;
	int rc;

	/* Only commas and semicolons separate names: a line break in a cell
	 * is as often a long name wrapped ("Tenant Service<br>(Voice Config
	 * Service)") as a list. */
	key = name;
	if (memo->key != key) {
		memo->key = key;
		memo->count = list_names(b, key, memo->names, ARCHDOC_MAX_ENDS + 1);
		memo->too_many = 0;
	}
	n = memo->count;
	if (b->d->oom)
		return ARCHDOC_ENOMEM;
	if (n > ARCHDOC_MAX_ENDS) {
		archdoc_import__report(b->d, W, "import-list", line, col,
				"the cell \"%s\" lists more than %u names, the most a connection's side may have; "
				"it is imported as one component: split the row", archdoc_import__excerpt(b->d, name),
				ARCHDOC_MAX_ENDS);
		memo->too_many = 1;
		n = 1;
	}
	if (n <= 1)   /* one name (a repeated one, "Cache, Cache", is one too) */
		return endpoint(b, n == 1 && !memo->too_many ? names[0] : name, line, col, first);
	*all = archdoc_arena_alloc(b->d->arena, n * sizeof(**all));
	if (!*all)
		return ARCHDOC_ENOMEM;
	for (size_t k = 0; k < n; k++)
		if ((rc = endpoint(b, names[k], line, col, &(*all)[k])) != 0)
			return rc;
	/* two names of one component ("Cache, cache"? no: names are exact)
	 * cannot happen: list_names dropped repeats */
	*first = (*all)[0];
	*count = (unsigned)n;
	archdoc_import__report(b->d, W, "import-list", line, col,
			"the cell \"%s\" lists %zu names: connection %u has each of them as a %s (one number, "
			"one row); if it is one component whose name holds a comma, merge them", archdoc_import__excerpt(b->d, name),
			n, c->n, first == &c->from ? "source" : "destination");
	return 0;
}

int archdoc_import__resolve_ends(build *b)
{
	for (size_t i = 0; i < b->conn_count; i++) {
		conn *c = &b->conns[i];
		const char *from = c->from_name, *to = c->to_name;
		int from_ph = 0, to_ph = 0, rc;

		b->cur_table = c->row->table;
		if (c->unsplit)
			archdoc_import__report(b->d, W, "import-unsplit", c->sl, c->sc,
					"cannot tell the two ends apart in \"%s\" (write it as \"Source -> Destination\", "
					"one direction a line); the whole cell is imported as the source of connection %u "
					"and a placeholder stands for its destination",
					archdoc_import__excerpt(b->d, from), c->n);
		if (*from)
			rc = side(b, c, from, c->sl, c->sc, &c->from, &c->froms, &c->nfrom);
		else
			rc = placeholder(b, 0, c->n, c->sl, c->sc, &c->from), from_ph = 1;
		if (rc == 0 && *to)
			rc = side(b, c, to, c->dl, c->dc, &c->to, &c->tos, &c->nto);
		else if (rc == 0)
			rc = placeholder(b, 1, c->n, c->dl, c->dc, &c->to), to_ph = 1;
		if (rc)
			return rc;
		if (from_ph)
			archdoc_import__report(b->d, W, "import-placeholder", c->sl, c->sc,
					"connection %u names no source; the placeholder component '%s' (\"%s\") stands for "
					"it: replace it with the component that opens the connection", c->n,
					b->comps[c->from].id, b->comps[c->from].title);
		/* an unsplit cell's report already names the placeholder */
		if (to_ph && !c->unsplit)
			archdoc_import__report(b->d, W, "import-placeholder", c->dl, c->dc,
					"connection %u names no destination; the placeholder component '%s' (\"%s\") "
					"stands for it: replace it with the component the connection goes to", c->n,
					b->comps[c->to].id, b->comps[c->to].title);
	}
	return 0;
}

const char *archdoc_import__make_id(build *b, const char *title)
{
	return make_id(b, title);
}

/* --- near-duplicate names --- */

/* Lower-case ASCII letters and digits (other bytes kept): "Init Tenant:
 * Job" and "init-tenant job" fold alike, as check's similar-titles does. */
static char *fold(archdoc_import__doc *d, const char *s)
{
	char *k = archdoc_arena_alloc(d->arena, strlen(s) + 1), *o = k;

	if (!k)
		return NULL;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))
			*o++ = (char)c;
		else if (c >= 'A' && c <= 'Z')
			*o++ = (char)(c + 32);
	}
	*o = '\0';
	return k;
}

typedef struct name_words {
	char *words;     /* NUL-separated, arena */
	size_t len, count;
} name_words;

/* Non-zero when a's words start b's, or a is one word that b holds. */
static int word_prefix_or_within(const name_words *a, const name_words *b)
{
	if (a->count == 0 || a->count >= b->count)
		return 0;
	if (a->len <= b->len && memcmp(a->words, b->words, a->len) == 0)
		return 1;
	return a->count == 1 && has_word(b->words, b->len, a->words);
}

/* Pairs of names listed one by one; more are counted. */
#define MAX_SIMILAR_PAIRS 200u

int archdoc_import__similar_names(build *b)
{
	archdoc_import__doc *d = b->d;
	archdoc_hash folded = ARCHDOC_HASH_INIT;
	name_words *nw = NULL;
	size_t *real = NULL, n = 0, pairs = 0;
	int rc = ARCHDOC_ENOMEM;

	real = malloc((b->comp_count + 1) * sizeof(*real));
	nw = calloc(b->comp_count + 1, sizeof(*nw));
	if (!real || !nw)
		goto done;
	for (size_t i = 0; i < b->comp_count; i++) {
		const comp *c = &b->comps[i];
		char *k, buf[512];
		void *had = NULL;
		int put;

		if (c->placeholder)
			continue;
		k = fold(d, c->title);
		if (!k)
			goto done;
		put = *k ? archdoc_hash_put(&folded, k, PTR(i), &had) : 0;
		if (put < 0)
			goto done;
		if (put == 1) {
			const comp *p = &b->comps[IDX(had)];

			archdoc_import__report_note(d, W, "import-similar-names", c->line, c->col, p->line, p->col,
					"the other name first appears here",
					"endpoint names \"%s\" and \"%s\" differ only in case, punctuation or spacing; "
					"they probably denote one component: merge them in the model if so",
					archdoc_import__excerpt(d, p->title), archdoc_import__excerpt(d, c->title));
		}
		real[n] = i;
		nw[n].len = words_of(c->title, buf, sizeof(buf), &nw[n].count);
		nw[n].words = archdoc_arena_alloc(d->arena, nw[n].len + 1);
		if (!nw[n].words)
			goto done;
		memcpy(nw[n].words, buf, nw[n].len);
		n++;
	}
	if (n > ARCHDOC_IMPORT_MAX_COMPARED_NAMES) {
		archdoc_import__report(d, W, "import-limit", 0, 0,
				"the table names %zu endpoints; only names equal after folding case, punctuation and "
				"spacing were compared, not names that contain one another (at most %u are)",
				n, ARCHDOC_IMPORT_MAX_COMPARED_NAMES);
		rc = 0;
		goto done;
	}
	/* Pairs in the order their later name appears, so the report reads
	 * down the table; a bounded number of them, so a hostile table cannot
	 * make the report quadratic. */
	for (size_t j = 1; j < n; j++) {
		for (size_t i = 0; i < j; i++) {
			const name_words *short_, *long_;
			const comp *ci = &b->comps[real[i]], *cj = &b->comps[real[j]];

			if (nw[i].count <= nw[j].count)
				short_ = &nw[i], long_ = &nw[j];
			else
				short_ = &nw[j], long_ = &nw[i];
			if (!word_prefix_or_within(short_, long_))
				continue;
			if (++pairs > MAX_SIMILAR_PAIRS)
				continue;
			archdoc_import__report_note(d, W, "import-similar-names", cj->line, cj->col, ci->line, ci->col,
					"the other name first appears here",
					"endpoint names \"%s\" and \"%s\" may denote one component; merge them in the "
					"model if so",
					archdoc_import__excerpt(d, short_ == &nw[i] ? ci->title : cj->title),
					archdoc_import__excerpt(d, short_ == &nw[i] ? cj->title : ci->title));
		}
	}
	if (pairs > MAX_SIMILAR_PAIRS)
		archdoc_import__report(d, W, "import-similar-names", 0, 0,
				"%zu more pairs of endpoint names may denote one component each; they are not "
				"listed (at most %u are)", pairs - MAX_SIMILAR_PAIRS, MAX_SIMILAR_PAIRS);
	rc = 0;
done:
	archdoc_hash_free(&folded);
	free(real);
	free(nw);
	return rc;
}

