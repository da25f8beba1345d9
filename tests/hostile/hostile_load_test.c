/*
 * Hostile models: each gets a clear error or loads correctly, never a crash,
 * never a file read or network connection, within bounded time and memory.
 *
 * Bounds: CTest kills the test after 300 s (a hang guard, set in
 * CMakeLists.txt); without sanitizers, the process's peak resident memory
 * must stay under 1 GiB for the whole suite.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "archdoc/archdoc.h"
#include "harness.h"

#define HEAD "<architecture xmlns='urn:archdoc:model:1' id='h' title='H'>"

typedef struct seen {
	char first_rule[64];
	unsigned first_line, first_col;
	int errors, count;
	char all[8192];   /* every message, to search for leaked content */
} seen;

static void remember(const archdoc_diag *d, void *payload)
{
	seen *s = payload;
	size_t n = strlen(s->all);

	if (!s->count++) {
		snprintf(s->first_rule, sizeof(s->first_rule), "%s", d->rule);
		s->first_line = d->loc.line;
		s->first_col = d->loc.col;
	}
	if (d->severity == ARCHDOC_SEVERITY_ERROR)
		s->errors++;
	if (n < sizeof(s->all) - 1)
		snprintf(s->all + n, sizeof(s->all) - n, "%s\n", d->message);
}

static archdoc_context *ctx_for(seen *s)
{
	archdoc_context_options o = ARCHDOC_CONTEXT_OPTIONS_INIT;
	archdoc_context *ctx = NULL;

	memset(s, 0, sizeof(*s));
	o.sink = remember;
	o.sink_payload = s;
	if (archdoc_context_new(&ctx, &o) != 0)
		abort();
	return ctx;
}

static int load(seen *s, const char *data, size_t len)
{
	archdoc_context *ctx = ctx_for(s);
	archdoc_model *m = NULL;
	int rc = archdoc_model_load_buffer(&m, ctx, "hostile.xml", data, len);

	OK((rc == 0) == (m != NULL));
	archdoc_model_free(m);
	archdoc_context_free(ctx);
	return rc;
}

static int load_str(seen *s, const char *data)
{
	return load(s, data, strlen(data));
}

static void test_external_entity_file(void)
{
	seen s;
	char secret[256] = "";
	FILE *f = fopen("/etc/hostname", "r");
	int rc;

	if (f) {
		if (!fgets(secret, sizeof(secret), f))
			secret[0] = '\0';
		fclose(f);
		secret[strcspn(secret, "\n")] = '\0';
	}
	rc = load_str(&s, "<?xml version='1.0'?>\n<!DOCTYPE architecture [\n"
			"<!ENTITY x SYSTEM 'file:///etc/hostname'>\n]>\n"
			HEAD "<component id='a' title='&x;' kind='service'/></architecture>\n");
	INT_EQ(rc, ARCHDOC_EINVALID);
	STR_EQ(s.first_rule, "doctype");
	INT_EQ(s.first_line, 2);
	INT_EQ(s.count, 1);
	/* the file's content appears nowhere */
	OK(secret[0] == '\0' || strstr(s.all, secret) == NULL);
}

static void test_external_entity_url(void)
{
	seen s;
	struct sockaddr_in addr;
	socklen_t alen = sizeof(addr);
	int srv = socket(AF_INET, SOCK_STREAM, 0), rc, conn;
	char doc[512];

	/* a listener on loopback: after the load, nobody may have connected */
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	OK(srv >= 0);
	OK(bind(srv, (struct sockaddr *)&addr, sizeof(addr)) == 0);
	OK(listen(srv, 4) == 0);
	OK(getsockname(srv, (struct sockaddr *)&addr, &alen) == 0);
	fcntl(srv, F_SETFL, O_NONBLOCK);
	snprintf(doc, sizeof(doc), "<!DOCTYPE architecture SYSTEM 'http://127.0.0.1:%u/archdoc.dtd' [\n"
			"<!ENTITY x SYSTEM 'http://127.0.0.1:%u/secret'>]>\n"
			HEAD "<component id='a' title='&x;' kind='service'/></architecture>\n",
			ntohs(addr.sin_port), ntohs(addr.sin_port));
	rc = load_str(&s, doc);
	INT_EQ(rc, ARCHDOC_EINVALID);
	STR_EQ(s.first_rule, "doctype");
	conn = accept(srv, NULL, NULL);
	OK(conn < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
	if (conn >= 0)
		close(conn);
	close(srv);
}

static void test_billion_laughs(void)
{
	seen s;
	int rc = load_str(&s, "<?xml version='1.0'?>\n<!DOCTYPE lolz [\n"
			"<!ENTITY a 'lol'>\n<!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>\n"
			"<!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'>\n<!ENTITY d '&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;'>\n"
			"<!ENTITY e '&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;'>\n<!ENTITY f '&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;'>\n"
			"<!ENTITY g '&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;'>\n<!ENTITY h '&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;'>\n"
			"<!ENTITY i '&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;'>\n]>\n"
			HEAD "<component id='a' title='&i;' kind='service'/></architecture>\n");

	INT_EQ(rc, ARCHDOC_EINVALID);
	STR_EQ(s.first_rule, "doctype");
}

static void test_undeclared_entity(void)
{
	seen s;
	int rc = load_str(&s, HEAD "\n<component id='a' title='&nbsp;' kind='service'/></architecture>\n");

	INT_EQ(rc, ARCHDOC_EINVALID);
	STR_EQ(s.first_rule, "syntax");
	INT_EQ(s.first_line, 2);
}

static void test_huge_file(void)
{
	seen s;
	size_t len = (size_t)100 << 20;
	char *big = malloc(len);
	char path[] = "/tmp/archdoc-hostile-XXXXXX";
	int fd;
	archdoc_context *ctx;
	archdoc_model *m = NULL;

	OK(big != NULL);
	if (!big)
		return;
	memset(big, ' ', len);
	memcpy(big, HEAD, strlen(HEAD));
	INT_EQ(load(&s, big, len), ARCHDOC_ELIMIT);
	STR_EQ(s.first_rule, "file-too-large");

	/* the same from a file: reading stops at the limit */
	fd = mkstemp(path);
	OK(fd >= 0);
	if (fd >= 0) {
		OK(write(fd, big, len) == (ssize_t)len);
		close(fd);
		ctx = ctx_for(&s);
		INT_EQ(archdoc_model_load_file(&m, ctx, path), ARCHDOC_ELIMIT);
		STR_EQ(s.first_rule, "file-too-large");
		archdoc_context_free(ctx);
		unlink(path);
	}
	free(big);
}

static void test_deep_nesting(void)
{
	seen s;
	const size_t depth = 100000;
	size_t len = strlen(HEAD) + depth * (sizeof("<boundary id='b' title='B'>") + sizeof("</boundary>")) + 64;
	char *doc = malloc(len), *p = doc;

	OK(doc != NULL);
	if (!doc)
		return;
	p += sprintf(p, "%s", HEAD);
	for (size_t i = 0; i < depth; i++)
		p += sprintf(p, "<boundary id='b' title='B'>");
	for (size_t i = 0; i < depth; i++)
		p += sprintf(p, "</boundary>");
	p += sprintf(p, "</architecture>");
	INT_EQ(load(&s, doc, (size_t)(p - doc)), ARCHDOC_EINVALID);
	STR_EQ(s.first_rule, "nesting-too-deep");
	INT_EQ(s.count, 1);
	free(doc);
}

static void test_bad_bytes(void)
{
	static const char nul[] = HEAD "<component id='a' title='A\0B' kind='service'/></architecture>";
	static const char overlong[] = HEAD "\n<component id='a' title='\xC0\xAF' kind='service'/></architecture>";
	static const char surrogate[] = HEAD "\n\n<component id='a' title='\xED\xA0\x80' kind='service'/></architecture>";
	static const char utf16[] = "\xFF\xFE<\0a\0";
	static const char gzip[] = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03";
	seen s;

	INT_EQ(load(&s, nul, sizeof(nul) - 1), ARCHDOC_EINVALID);
	STR_EQ(s.first_rule, "encoding");
	INT_EQ(s.first_col, (unsigned)strlen(HEAD "<component id='a' title='A") + 1);
	INT_EQ(load(&s, overlong, sizeof(overlong) - 1), ARCHDOC_EINVALID);
	STR_EQ(s.first_rule, "encoding");
	INT_EQ(s.first_line, 2);
	INT_EQ(s.first_col, 26);
	INT_EQ(load(&s, surrogate, sizeof(surrogate) - 1), ARCHDOC_EINVALID);
	STR_EQ(s.first_rule, "encoding");
	INT_EQ(s.first_line, 3);
	INT_EQ(load(&s, utf16, sizeof(utf16) - 1), ARCHDOC_EINVALID);
	STR_EQ(s.first_rule, "encoding");
	/* compressed input is never inflated */
	INT_EQ(load(&s, gzip, sizeof(gzip) - 1), ARCHDOC_EINVALID);
	STR_EQ(s.first_rule, "encoding");
	/* a declared non-UTF-8 encoding is refused, not reinterpreted */
	INT_EQ(load_str(&s, "<?xml version='1.0' encoding='ISO-8859-1'?>" HEAD "</architecture>"), ARCHDOC_EINVALID);
	STR_EQ(s.first_rule, "encoding");
	/* control characters are not XML */
	INT_EQ(load_str(&s, HEAD "<component id='a' title='\x1b[31m' kind='service'/></architecture>"), ARCHDOC_EINVALID);
	STR_EQ(s.first_rule, "syntax");
	INT_EQ(load_str(&s, ""), ARCHDOC_EINVALID);
	STR_EQ(s.first_rule, "syntax");
}

static void test_many_connections(void)
{
	seen s;
	const size_t n = 100000;
	size_t cap = 256 + n * 80;
	char *doc = malloc(cap), *p = doc;
	archdoc_context *ctx;
	archdoc_model *m = NULL;

	OK(doc != NULL);
	if (!doc)
		return;
	p += sprintf(p, "%s<component id='hub' title='Hub' kind='database'/>"
			"<component id='a' title='A' kind='service'/>", HEAD);
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "<connection from='a' to='hub' port='%zu'>row %zu</connection>\n", 1 + i % 65535, i);
	p += sprintf(p, "</architecture>\n");
	ctx = ctx_for(&s);
	INT_EQ(archdoc_model_load_buffer(&m, ctx, "many.xml", doc, (size_t)(p - doc)), 0);
	INT_EQ(s.count, 0);
	if (m) {
		INT_EQ(archdoc_model_connection_count(m), n);
		INT_EQ(archdoc_connection_number(archdoc_model_connection(m, n - 1)), n);
	}
	archdoc_model_free(m);
	archdoc_context_free(ctx);
	free(doc);
}

/* A generator's minified model: 100,000 connections among 1,000
 * components, all on one line. Every position used to be counted from the
 * start of the line (minutes); it must load clean like the same model
 * with one element per line (the CTest TIMEOUT is the hang guard;
 * scripts/bench times both). */
static void test_minified_many_connections(void)
{
	seen s;
	const size_t n = 100000, comps = 1000;
	size_t cap = 256 + comps * 64 + n * 96, last_at = 0;
	char *doc = malloc(cap), *p = doc;
	archdoc_context *ctx;
	archdoc_model *m = NULL;

	OK(doc != NULL);
	if (!doc)
		return;
	p += sprintf(p, "%s", HEAD);
	for (size_t i = 0; i < comps; i++)
		p += sprintf(p, "<component id='c%zu' title='Component %zu' kind='service'/>", i, i);
	for (size_t i = 0; i < n; i++) {
		last_at = (size_t)(p - doc);
		p += sprintf(p, "<connection from='c%zu' to='c%zu' protocol='TCP' port='%zu'>row %zu</connection>",
				i % comps, (i / comps + i + 1) % comps, 1 + i % 65535, i);
	}
	p += sprintf(p, "</architecture>");
	OK(memchr(doc, '\n', (size_t)(p - doc)) == NULL);
	ctx = ctx_for(&s);
	INT_EQ(archdoc_model_load_buffer(&m, ctx, "minified.xml", doc, (size_t)(p - doc)), 0);
	INT_EQ(s.count, 0);
	if (m) {
		const archdoc_connection *last = archdoc_model_connection(m, n - 1);
		archdoc_location loc = archdoc_connection_location(last);

		INT_EQ(archdoc_model_connection_count(m), n);
		/* one line of ASCII: the column is the byte offset + 1 */
		INT_EQ(loc.line, 1);
		INT_EQ(loc.col, last_at + 1);
	}
	archdoc_model_free(m);
	archdoc_context_free(ctx);
	free(doc);
}

static int load_into(archdoc_context *ctx, const char *doc)
{
	archdoc_model *m = NULL;
	int rc = archdoc_model_load_buffer(&m, ctx, "small.xml", doc, strlen(doc));

	archdoc_model_free(m);
	return rc;
}

typedef struct counted {
	size_t shown, suppressed_errors, suppressed_warnings, records;
	unsigned first_col, last_col;
	int in_order;
} counted;

static void count_diag(const archdoc_diag *d, void *payload)
{
	counted *c = payload;

	if (d->suppressed) {
		c->records++;
		if (d->severity == ARCHDOC_SEVERITY_ERROR)
			c->suppressed_errors += d->suppressed;
		else
			c->suppressed_warnings += d->suppressed;
		return;
	}
	if (!c->shown++)
		c->first_col = d->loc.col;
	else if (d->loc.col <= c->last_col)
		c->in_order = 0;
	c->last_col = d->loc.col;
}

/* 1.9 million unknown elements on one line: with a limit on diagnostics,
 * the first ones in file order reach the sink, the rest only as a count,
 * and nothing holds 1.9 million messages (the whole run's peak memory is
 * bounded in main). */
static void test_millions_of_errors(void)
{
	const size_t n = 1900000;
	size_t head = strlen(HEAD), len = head + n * 4 + strlen("</architecture>");
	char *doc = malloc(len + 1), *p = doc;
	archdoc_context_options o = ARCHDOC_CONTEXT_OPTIONS_INIT;
	archdoc_context *ctx = NULL;
	archdoc_model *m = NULL;
	counted c;

	OK(doc != NULL);
	if (!doc)
		return;
	memcpy(p, HEAD, head);
	p += head;
	for (size_t i = 0; i < n; i++, p += 4)
		memcpy(p, "<x/>", 4);
	memcpy(p, "</architecture>", strlen("</architecture>") + 1);
	memset(&c, 0, sizeof(c));
	c.in_order = 1;
	o.sink = count_diag;
	o.sink_payload = &c;
	OK(archdoc_context_new(&ctx, &o) == 0);
	archdoc_context_set_max_diagnostics(ctx, 1000);
	INT_EQ(archdoc_model_load_buffer(&m, ctx, "many-errors.xml", doc, len), ARCHDOC_EINVALID);
	INT_EQ(c.shown, 1000);
	INT_EQ(c.first_col, head + 1);
	INT_EQ(c.last_col, head + 999 * 4 + 1);
	OK(c.in_order);
	INT_EQ(c.suppressed_errors, n - 1000);
	INT_EQ(c.suppressed_warnings, 0);
	INT_EQ(c.records, 1);
	/* the limit is the context's: a second model gets only counts */
	memset(&c, 0, sizeof(c));
	INT_EQ(load_into(ctx, HEAD "<x/><x/></architecture>"), ARCHDOC_EINVALID);
	INT_EQ(c.shown, 0);
	INT_EQ(c.suppressed_errors, 2);
	INT_EQ(c.records, 1);
	archdoc_context_free(ctx);
	free(doc);
}

static void test_out_of_range(void)
{
	seen s;

	INT_EQ(load_str(&s, HEAD "<component id='a' title='A' kind='service'/><component id='b' title='B' kind='service'/>"
			"<connection n='0' from='a' to='b'>x</connection></architecture>"), ARCHDOC_EINVALID);
	STR_EQ(s.first_rule, "schema");
	INT_EQ(load_str(&s, HEAD "<component id='a' title='A' kind='service'/><component id='b' title='B' kind='service'/>"
			"<connection n='99999999999999999999999' from='a' to='b'>x</connection></architecture>"), ARCHDOC_EINVALID);
	STR_EQ(s.first_rule, "schema");
	INT_EQ(load_str(&s, HEAD "<component id='a' title='A' kind='service'/><component id='b' title='B' kind='service'/>"
			"<connection n='-1' from='a' to='b'>x</connection></architecture>"), ARCHDOC_EINVALID);
	STR_EQ(s.first_rule, "schema");
	INT_EQ(load_str(&s, HEAD "<component id='a' title='A' kind='service'/><component id='b' title='B' kind='service'/>"
			"<connection n='1000000' from='a' to='b'>x</connection><connection from='b' to='a'>y</connection>"
			"</architecture>"), ARCHDOC_EINVALID);
	INT_EQ(s.errors, 1);   /* auto-numbering past the maximum */
	INT_EQ(load_str(&s, HEAD "<component id='a' title='A' kind='service'/><component id='b' title='B' kind='service'/>"
			"<connection from='a' to='b' port='0'>x</connection>"
			"<connection from='a' to='b' port='65536'>x</connection>"
			"<connection from='a' to='b' port='99999999999999999999999999'>x</connection>"
			"<connection from='a' to='b' port='1,,2'>x</connection>"
			"<connection from='a' to='b' port='-5'>x</connection></architecture>"), ARCHDOC_EINVALID);
	STR_EQ(s.first_rule, "invalid-port");
	INT_EQ(s.errors, 5);
}

static void test_markup_in_text(void)
{
	seen s;
	/* loads: escaping is the output backends' job, tested with them */
	INT_EQ(load_str(&s, HEAD
			"<component id='a' title='&lt;script&gt;alert(1)&lt;/script&gt; | x' kind='service'/>"
			"<component id='b' title='&lt;/table&gt; ]]&gt; onload=&quot;x()&quot;&#10;two' kind='service'/>"
			"<connection from='a' to='b'>[x](javascript:alert(1)) &lt;img src=x onerror=alert(1)&gt; | `a` ]]&gt;</connection>"
			"</architecture>"), 0);
	INT_EQ(s.count, 0);
}

static long peak_rss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

int main(void)
{
	test_external_entity_file();
	test_external_entity_url();
	test_billion_laughs();
	test_undeclared_entity();
	test_bad_bytes();
	test_out_of_range();
	test_markup_in_text();
	test_deep_nesting();
	test_many_connections();
	test_minified_many_connections();
	test_millions_of_errors();
	test_huge_file();
#ifndef ARCHDOC_UNDER_SANITIZER
	/* 1 GiB for the whole run, the 100 MiB input buffer included */
	OK(peak_rss_kib() < 1024L * 1024L);
#endif
	printf("peak RSS %ld KiB\n", peak_rss_kib());
	return harness_done();
}
