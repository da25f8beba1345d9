/*
 * Unified diffs of two texts, line by line (Myers' O(ND) algorithm), for
 * `--check` modes that show what would change. Each step keeps only the
 * diagonals it can reach, so memory is O(D^2) for D differing lines; past
 * MAX_D the whole differing middle is shown as removed and added.
 */
#include "udiff.h"

#include "cli.h"

#include <stdlib.h>
#include <string.h>

#define MAX_D 4000
#define CONTEXT 3

typedef struct line {
	const char *p;
	size_t n;          /* with its line ending */
} line;

static line *split(const char *s, size_t len, size_t *count)
{
	size_t n = 0, k = 0;
	line *l;

	for (size_t i = 0; i < len; i++)
		n += s[i] == '\n';
	n += len && s[len - 1] != '\n';
	l = malloc((n + 1) * sizeof(*l));
	if (!l)
		return NULL;
	for (size_t i = 0, start = 0; i < len; i++) {
		if (s[i] == '\n' || i + 1 == len) {
			l[k].p = s + start;
			l[k].n = i + 1 - start;
			k++;
			start = i + 1;
		}
	}
	*count = k;
	return l;
}

static int same(const line *a, const line *b)
{
	return a->n == b->n && memcmp(a->p, b->p, a->n) == 0;
}

/* op per line of the edit script: ' ' keep, '-' remove, '+' add */
typedef struct edit {
	char op;
	size_t a, b;       /* line indices in old and new */
} edit;

/* Myers with per-step snapshots of the reachable diagonals. Returns the
 * edit script in order, or NULL when D exceeds MAX_D or memory runs out. */
static edit *myers(const line *a, size_t n, const line *b, size_t m, size_t *count)
{
	long max = (long)(n + m), off, d, k;
	long **trace = NULL;
	long *v;
	edit *out = NULL;
	long x, y, len = 0, found = -1;

	off = max + 1;
	v = calloc((size_t)(2 * max + 3), sizeof(long));
	trace = calloc(MAX_D + 1, sizeof(long *));
	if (!v || !trace)
		goto fail;
	for (d = 0; d <= max && d <= MAX_D; d++) {
		for (k = -d; k <= d; k += 2) {
			if (k == -d || (k != d && v[off + k - 1] < v[off + k + 1]))
				x = v[off + k + 1];
			else
				x = v[off + k - 1] + 1;
			y = x - k;
			while (x < (long)n && y < (long)m && same(&a[x], &b[y])) {
				x++;
				y++;
			}
			v[off + k] = x;
			if (x >= (long)n && y >= (long)m) {
				found = d;
				break;
			}
		}
		trace[d] = malloc((size_t)(2 * d + 1) * sizeof(long));
		if (!trace[d])
			goto fail;
		for (k = -d; k <= d; k++)
			trace[d][k + d] = v[off + k];
		if (found >= 0)
			break;
	}
	if (found < 0)
		goto fail;
	/* walk back from (n, m) to (0, 0) */
	out = malloc((n + m + 1) * sizeof(*out));
	if (!out)
		goto fail;
	x = (long)n;
	y = (long)m;
	for (d = found; d >= 0; d--) {
		long prev_k, prev_x, prev_y;

		k = x - y;
		if (d == 0) {
			while (x > 0 && y > 0) {
				x--, y--;
				out[len++] = (edit){ ' ', (size_t)x, (size_t)y };
			}
			break;
		}
#define T(dd, kk) trace[dd][(kk) + (dd)]
		if (k == -d || (k != d && T(d - 1, k - 1) < T(d - 1, k + 1)))
			prev_k = k + 1;
		else
			prev_k = k - 1;
		prev_x = T(d - 1, prev_k);
#undef T
		prev_y = prev_x - prev_k;
		while (x > prev_x && y > prev_y) {
			x--, y--;
			out[len++] = (edit){ ' ', (size_t)x, (size_t)y };
		}
		if (x == prev_x)
			out[len++] = (edit){ '+', (size_t)x, (size_t)--y };
		else
			out[len++] = (edit){ '-', (size_t)--x, (size_t)y };
	}
	/* reverse into file order */
	for (long i = 0, j = len - 1; i < j; i++, j--) {
		edit t = out[i];

		out[i] = out[j];
		out[j] = t;
	}
	*count = (size_t)len;
	for (d = 0; d <= MAX_D; d++)
		free(trace[d]);
	free(trace);
	free(v);
	return out;
fail:
	if (trace)
		for (d = 0; d <= MAX_D; d++)
			free(trace[d]);
	free(trace);
	free(v);
	free(out);
	return NULL;
}

/* The crude script when Myers gives up: common head, all of the middle
 * removed then added, common tail. */
static edit *crude(const line *a, size_t n, const line *b, size_t m, size_t *count)
{
	size_t head = 0, tail = 0, len = 0;
	edit *out = malloc((n + m + 1) * sizeof(*out));

	if (!out)
		return NULL;
	while (head < n && head < m && same(&a[head], &b[head]))
		head++;
	while (tail < n - head && tail < m - head && same(&a[n - 1 - tail], &b[m - 1 - tail]))
		tail++;
	for (size_t i = 0; i < head; i++)
		out[len++] = (edit){ ' ', i, i };
	for (size_t i = head; i < n - tail; i++)
		out[len++] = (edit){ '-', i, head };
	for (size_t j = head; j < m - tail; j++)
		out[len++] = (edit){ '+', n - tail, j };
	for (size_t i = 0; i < tail; i++)
		out[len++] = (edit){ ' ', n - tail + i, m - tail + i };
	*count = len;
	return out;
}

/* The document's lines are untrusted: escaped like diagnostics, so a line
 * cannot clear the screen or fake another one. Only its line end goes out
 * raw, CR LF included: that CR can only return to the start of a line that
 * then ends, and CRLF documents keep a readable diff. */
static void put_line(FILE *f, char op, const line *l)
{
	size_t end = l->n;

	if (end && l->p[end - 1] == '\n')
		end -= end >= 2 && l->p[end - 2] == '\r' ? 2 : 1;
	fputc(op, f);
	cli_escape_put(f, l->p, end);
	if (end < l->n)
		fwrite(l->p + end, 1, l->n - end, f);
	else
		fputs("\n\\ No newline at end of file\n", f);
}

int cli_udiff(FILE *f, const char *old_name, const char *new_name,
		const char *old_text, size_t old_len, const char *new_text, size_t new_len)
{
	size_t n = 0, m = 0, count = 0;
	line *a = split(old_text, old_len, &n), *b = split(new_text, new_len, &m);
	edit *e = NULL;
	size_t i = 0;

	if (!a || !b)
		goto fail;
	e = myers(a, n, b, m, &count);
	if (!e)
		e = crude(a, n, b, m, &count);
	if (!e)
		goto fail;
	fputs("--- ", f);
	cli_escape_puts(f, old_name);
	fputs("\n+++ ", f);
	cli_escape_puts(f, new_name);
	fputc('\n', f);
	while (i < count) {
		size_t start, end, j, a0, b0, an = 0, bn = 0;

		while (i < count && e[i].op == ' ')
			i++;
		if (i >= count)
			break;
		/* a hunk: changes whose gaps are at most 2*CONTEXT kept lines */
		start = i >= CONTEXT ? i - CONTEXT : 0;
		end = i;
		for (j = i; j < count; j++) {
			if (e[j].op != ' ') {
				end = j;
				continue;
			}
			if (j - end > 2 * CONTEXT)
				break;
		}
		end = end + CONTEXT + 1 < count ? end + CONTEXT + 1 : count;
		a0 = e[start].a;
		b0 = e[start].b;
		for (j = start; j < end; j++) {
			an += e[j].op != '+';
			bn += e[j].op != '-';
		}
		fprintf(f, "@@ -%zu,%zu +%zu,%zu @@\n", an ? a0 + 1 : a0, an, bn ? b0 + 1 : b0, bn);
		for (j = start; j < end; j++) {
			if (e[j].op == '+')
				put_line(f, '+', &b[e[j].b]);
			else
				put_line(f, e[j].op, &a[e[j].a]);
		}
		i = end;
	}
	free(a);
	free(b);
	free(e);
	return 0;
fail:
	free(a);
	free(b);
	free(e);
	return -1;
}
