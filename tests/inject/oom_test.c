/*
 * inject when memory runs out: archdoc's own allocations fail one at a
 * time (the Nth, for N = 0, 1, 2, ... until a run needs fewer), and every
 * run must end with ARCHDOC_ENOMEM or its normal result, no output on
 * failure, and no use of freed memory.
 *
 * The library is linked statically here and CMakeLists.txt routes its
 * malloc, calloc, realloc and free through -Wl,--wrap to the functions
 * below; cmark's and libxml2's own allocations are not touched (they
 * abort on failure, docs/security.md). Every realloc that succeeds moves
 * the block and keeps the old one, poisoned, in a quarantine, so code
 * that keeps a pointer realloc replaced is caught when that pointer comes
 * back to realloc or free, without a sanitizer (the sanitizer builds see
 * the use itself). That is how error_at's out-of-memory path showed: its
 * message failed, realloc of the error list succeeded, and the new block
 * was dropped while the old one, freed, stayed in use.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archdoc/archdoc.h"
#include "harness.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);

static long countdown = -1;   /* allocations before the one that fails; -1: none */
static int failed;            /* the failure happened in this run */

#define QUARANTINE 4096
static void *quarantine[QUARANTINE];
static size_t quarantined;

static int fail_now(void)
{
	if (countdown < 0)
		return 0;
	if (countdown-- == 0) {
		failed = 1;
		return 1;
	}
	return 0;
}

static void check_live(const void *p)
{
	for (size_t i = 0; i < quarantined; i++)
		if (quarantine[i] == p) {
			fprintf(stderr, "FAIL: a block realloc had replaced came back (%p): use after free\n", p);
			abort();
		}
}

static void release_quarantine(void)
{
	for (size_t i = 0; i < quarantined; i++)
		__real_free(quarantine[i]);
	quarantined = 0;
}

void *__wrap_malloc(size_t n)
{
	return fail_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return fail_now() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	void *moved;
	size_t old;

	if (p)
		check_live(p);
	if (fail_now())
		return NULL;
	if (!p)
		return __real_malloc(n);
	moved = __real_malloc(n ? n : 1);
	if (!moved)
		return NULL;
	old = malloc_usable_size(p);
	memcpy(moved, p, old < n ? old : n);
	memset(p, 0xA5, old);
	if (quarantined == QUARANTINE)
		release_quarantine();
	quarantine[quarantined++] = p;
	return moved;
}

void __wrap_free(void *p)
{
	if (p)
		check_live(p);
	__real_free(p);
}

static unsigned diags;

static void count(const archdoc_diag *d, void *payload)
{
	(void)payload;
	if (getenv("OOM_TEST_VERBOSE"))
		fprintf(stderr, "  %s:%u:%u: %s [%s]\n", d->loc.file ? d->loc.file : "", d->loc.line, d->loc.col,
				d->message, d->rule);
	diags++;
}

/* Run inject on doc with the Nth allocation failing, for every N the run
 * makes; want is the result with no failure (and its output, if any).
 * A run that loads a model may also end with ARCHDOC_EINVALID
 * (loader_einval): the loader reports some of its own allocation
 * failures as model errors (a port list that could not be stored is an
 * invalid-port error); inject's part is to pass the result on and write
 * nothing. */
static void torture(archdoc_context *ctx, const char *name, const char *doc, int want, int loader_einval)
{
	char *ref = NULL, *out = NULL;
	size_t ref_len = 0, len = 0;
	long n;

	INT_EQ(archdoc_inject_markdown(&ref, &ref_len, ctx, name, "inject", doc, strlen(doc), NULL), want);
	release_quarantine();
	for (n = 0; n < 100000; n++) {
		int rc;

		failed = 0;
		countdown = n;
		rc = archdoc_inject_markdown(&out, &len, ctx, name, "inject", doc, strlen(doc), NULL);
		countdown = -1;
		release_quarantine();
		if (!failed) {
			/* the run made fewer than n + 1 allocations: done */
			INT_EQ(rc, want);
			archdoc_free(out);
			break;
		}
		if (rc != want && rc != ARCHDOC_ENOMEM && !(loader_einval && rc == ARCHDOC_EINVALID)) {
			fprintf(stderr, "%s: allocation %ld failing: rc %d\n", name, n, rc);
			INT_EQ(rc, ARCHDOC_ENOMEM);
		}
		OK((rc == 0) == (out != NULL));
		if (rc == 0 && ref)
			OK(len == ref_len && memcmp(out, ref, len) == 0);
		archdoc_free(out);
		out = NULL;
	}
	fprintf(stderr, "%s: %ld allocations\n", name, n);
	OK(n > 3);
	OK(n < 100000);
	archdoc_free(ref);
}

int main(void)
{
	/* marker errors only: each one goes through error_at, whose list
	 * grows one error at a time */
	static const char errors[] = "# Errors\n\n<!-- archdoc:one -->\n\n<!-- archdoc:two -->\n\n<!-- archdoc:three -->\n\n"
		"<!-- /archdoc:table -->\n\n<details>\n<!-- archdoc:table -->\n</details>\n\ntext <!-- archdoc:x --> text\n";
	/* paths checked (the repository root, src=), then a document that
	 * would write outside it */
	static const char paths[] = "<!-- archdoc:diagram model=shop.xml src=img/a.svg -->\n<!-- /archdoc:diagram -->\n\n"
		"<!-- archdoc:diagram model=shop.xml src=/x.svg -->\n<!-- /archdoc:diagram -->\n";
	/* a good document: HTML block markers and the table */
	static const char good[] = "<details>\n<!-- archdoc:table model=shop.xml columns=number,what -->\n"
		"stale\n<!-- /archdoc:table -->\n</details>\n";
	archdoc_context_options o = ARCHDOC_CONTEXT_OPTIONS_INIT;
	archdoc_context *ctx = NULL;

	o.sink = count;
	OK(archdoc_context_new(&ctx, &o) == 0);
	torture(ctx, "errors.md", errors, ARCHDOC_EINVALID, 0);
	torture(ctx, "paths.md", paths, ARCHDOC_EINVALID, 0);
	torture(ctx, "good.md", good, 0, 1);
	archdoc_context_free(ctx);
	OK(diags > 0);
	return harness_done();
}
