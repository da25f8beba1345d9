/*
 * The shared helpers (src/util, and the model layer's queue and layout
 * grammar) tested directly.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

#include "array.h"
#include "diag.h"
#include "file.h"
#include "hash.h"
#include "layout.h"
#include "utf8.h"

static void test_fnv1a(void)
{
	/* the published FNV-1a 64 offset basis and test vectors */
	OK(archdoc_hash_string("") == 0xcbf29ce484222325ULL);
	OK(archdoc_hash_string("a") == 0xaf63dc4c8601ec8cULL);
	OK(archdoc_hash_string("foobar") == 0x85944171f73967e8ULL);
	OK(archdoc_fnv1a(ARCHDOC_FNV1A_BASIS, "foobar", 6) == archdoc_hash_string("foobar"));
}

static void test_hash_map(void)
{
	archdoc_hash h = ARCHDOC_HASH_INIT;
	char keys[500][8];
	void *prev = NULL;

	for (int i = 0; i < 500; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%d", i);
		INT_EQ(archdoc_hash_put(&h, keys[i], (void *)(uintptr_t)(i + 1), NULL), 0);
	}
	INT_EQ(archdoc_hash_put(&h, "k7", (void *)1, &prev), 1);
	OK(prev == (void *)(uintptr_t)8);
	for (int i = 0; i < 500; i++)
		OK(archdoc_hash_get(&h, keys[i]) == (void *)(uintptr_t)(i + 1));
	OK(archdoc_hash_get(&h, "k500") == NULL);
	OK((h.cap & (h.cap - 1)) == 0);
	archdoc_hash_free(&h);
}

static void test_array(void)
{
	int *a = NULL;
	size_t cap = 0;

	INT_EQ(ARCHDOC_ARRAY_RESERVE(a, cap, 1, 16), 0);
	INT_EQ(cap, 16);
	INT_EQ(ARCHDOC_ARRAY_RESERVE(a, cap, 17, 16), 0);
	INT_EQ(cap, 32);
	INT_EQ(ARCHDOC_ARRAY_RESERVE(a, cap, 5, 16), 0);       /* room already */
	INT_EQ(cap, 32);
	/* a maximum: never past it, and asking beyond it fails and keeps all */
	INT_EQ(ARCHDOC_ARRAY_RESERVE_MAX(a, cap, 33, 16, 40), 0);
	INT_EQ(cap, 40);
	INT_EQ(ARCHDOC_ARRAY_RESERVE_MAX(a, cap, 41, 16, 40), -1);
	INT_EQ(cap, 40);
	OK(a != NULL);
	free(a);
	/* sizes whose product would overflow */
	INT_EQ(archdoc_array_next_cap(0, SIZE_MAX / 4, 8, 16, 0), 0);
	INT_EQ(archdoc_array_next_cap(0, 3, 8, 16, 0), 16);
	INT_EQ(archdoc_array_next_cap(16, 17, 1, 16, 20), 20);
}

static void test_file(void)
{
	char dir[] = "/tmp/archdoc-util-XXXXXX", path[64], fifo[64];
	char *data = NULL;
	size_t len = 0;
	unsigned mode = 0;
	FILE *f;

	OK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/f.txt", dir);
	snprintf(fifo, sizeof(fifo), "%s/pipe", dir);
	f = fopen(path, "wb");
	OK(f != NULL);
	fputs("hello", f);
	fclose(f);
	INT_EQ(archdoc_file_read(path, 5, ARCHDOC_FILE_REGULAR, &data, &len, NULL), ARCHDOC_FILE_OK);
	INT_EQ(len, 5);
	STR_EQ(data, "hello");
	free(data);
	INT_EQ(archdoc_file_read(path, 4, 0, &data, &len, NULL), ARCHDOC_FILE_ETOO_BIG);
	OK(data == NULL);
	INT_EQ(archdoc_file_read(dir, 100, 0, &data, &len, NULL), ARCHDOC_FILE_EREAD);
	INT_EQ(archdoc_file_read(dir, 100, ARCHDOC_FILE_REGULAR, &data, &len, &mode), ARCHDOC_FILE_ENOTREG);
	OK(S_ISDIR(mode));
	/* a FIFO with no writer: refused at once, never waited on */
	OK(mkfifo(fifo, 0600) == 0);
	INT_EQ(archdoc_file_read(fifo, 100, ARCHDOC_FILE_REGULAR, &data, &len, &mode), ARCHDOC_FILE_ENOTREG);
	OK(S_ISFIFO(mode));
	INT_EQ(archdoc_file_read("/nonexistent/x", 100, 0, &data, &len, NULL), ARCHDOC_FILE_EOPEN);
	INT_EQ(errno, ENOENT);
	unlink(fifo);
	unlink(path);
	rmdir(dir);
}

static void test_utf8(void)
{
	unsigned cp = 0;

	INT_EQ(archdoc_utf8_decode((const unsigned char *)"\xC3\xA9", 2, &cp), 2);
	INT_EQ(cp, 0xE9);
	INT_EQ(archdoc_utf8_decode((const unsigned char *)"\xC0\xAF", 2, &cp), 0);       /* overlong */
	INT_EQ(archdoc_utf8_decode((const unsigned char *)"\xED\xA0\x80", 3, &cp), 0);   /* surrogate */
	INT_EQ(archdoc_utf8_invalid_at("ab\xFF", 3), 2);
	INT_EQ(archdoc_utf8_invalid_at("a\0b", 3), 1);
	OK(archdoc_utf8_invalid_at("\xE2\x82\xAC", 3) == (size_t)-1);
	INT_EQ(archdoc_utf8_chars("\xC3\xA9t\xC3\xA9", 5), 3);
	INT_EQ(archdoc_utf8_cut("\xC3\xA9t\xC3\xA9", 5, 2), 3);
}

static void test_layout_text(void)
{
	archdoc_layout_spec sp;
	static char longer[ARCHDOC_LAYOUT_MAX_TEXT + 2];

	OK(archdoc_layout_parse(&sp, NULL) == NULL);
	INT_EQ(sp.strategy, ARCHDOC_LAYOUT_BADGES);
	INT_EQ(sp.set, 0);
	OK(archdoc_layout_parse(&sp, "labels,rankdir=LR,ranksep=0.7,order=3") == NULL);
	INT_EQ(sp.strategy, ARCHDOC_LAYOUT_LABELS);
	INT_EQ(sp.rankdir_lr, 1);
	OK(sp.ranksep > 0.69 && sp.ranksep < 0.71);
	INT_EQ(sp.order, 3);
	INT_EQ(sp.set, ARCHDOC_LAYOUT_SET_RANKDIR | ARCHDOC_LAYOUT_SET_RANKSEP | ARCHDOC_LAYOUT_SET_ORDER);
	STR_EQ(archdoc_layout_parse(&sp, "spaghetti"), "unknown layout strategy (known: badges, labels, large)");
	STR_EQ(archdoc_layout_parse(&sp, "badges,splines=ortho"),
			"splines must be spline, polyline or line (ortho is not offered: "
			"Graphviz 2.42's orthogonal router aborts on nested boundaries)");
	STR_EQ(archdoc_layout_parse(&sp, "badges,labels"), "layout tuning must be KEY=VALUE");
	memset(longer, 'x', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	STR_EQ(archdoc_layout_parse(&sp, longer), "the layout text is too long");
}

/* The queue hands diagnostics over in input order, and under a limit
 * keeps the first in input order (or the first found). */
static char seen[512];

static void sink(const archdoc_diag *d, void *payload)
{
	size_t n = strlen(seen);

	(void)payload;
	snprintf(seen + n, sizeof(seen) - n, "%s%u:%s", n ? " " : "", d->loc.line, d->message);
}

static void add(archdoc_diag_queue *q, unsigned line, const char *fmt, ...)
{
	archdoc_location loc = { "f", line, 1 };
	va_list ap;

	va_start(ap, fmt);
	archdoc_diag_queue_add(q, ARCHDOC_SEVERITY_ERROR, "r", line, loc, 0, loc, NULL, fmt, ap);
	va_end(ap);
}

static void test_queue(void)
{
	archdoc_context_options opts = ARCHDOC_CONTEXT_OPTIONS_INIT;
	archdoc_context *ctx = NULL;
	archdoc_diag_queue q;

	opts.sink = sink;
	INT_EQ(archdoc_context_new(&ctx, &opts), 0);
	archdoc_diag_queue_init(&q, ctx, SIZE_MAX);
	add(&q, 3, "c");
	add(&q, 1, "a");
	add(&q, 3, "d");
	add(&q, 2, "b");
	archdoc_diag_queue_flush(&q);
	STR_EQ(seen, "1:a 2:b 3:c 3:d");
	seen[0] = '\0';
	archdoc_diag_queue_init(&q, ctx, 2);        /* the first two in input order */
	add(&q, 5, "e");
	add(&q, 1, "a");
	add(&q, 4, "d");
	add(&q, 2, "b");
	archdoc_diag_queue_flush(&q);
	STR_EQ(seen, "1:a 2:b");
	INT_EQ(q.dropped_errors, 2);
	INT_EQ(q.errors, 4);
	seen[0] = '\0';
	archdoc_diag_queue_init(&q, ctx, 2);        /* the first two found */
	q.keep_first_found = 1;
	add(&q, 5, "e");
	add(&q, 1, "a");
	add(&q, 4, "d");
	archdoc_diag_queue_flush(&q);
	STR_EQ(seen, "1:a 5:e");
	INT_EQ(q.dropped_errors, 1);
	archdoc_context_free(ctx);
}

int main(void)
{
	test_fnv1a();
	test_hash_map();
	test_array();
	test_file();
	test_utf8();
	test_layout_text();
	test_queue();
	return harness_done();
}
