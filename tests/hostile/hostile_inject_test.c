/*
 * Hostile documents for inject: a marker names what archdoc reads, so it
 * must not be able to make archdoc read its standard input ("model=-"),
 * block on a FIFO, or read a device or a folder; and it names where the
 * diagram is written, so it must not be able to name a file that is not an
 * SVG (src=../.bashrc was overwritten with the diagram before the fix),
 * nor one outside the document's repository (here: its folder, no .git
 * above /tmp), nor an SVG another marker of the run claimed for another
 * model. The callback gets the checked path, never src as written.
 * A document that is not UTF-8 text is refused ("encoding", with its
 * position). Each other case must end with an "inject-marker" error;
 * CTest's TIMEOUT (CMakeLists.txt, 60 s) is the hang guard for the FIFO
 * case, which blocked before the fix.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archdoc/archdoc.h"
#include "harness.h"

typedef struct seen {
	int markers, errors, encoding;
	unsigned line, col;
	char last[512];
} seen;

static void remember(const archdoc_diag *d, void *payload)
{
	seen *s = payload;

	if (d->severity == ARCHDOC_SEVERITY_ERROR)
		s->errors++;
	if (!strcmp(d->rule, "encoding")) {
		s->encoding++;
		s->line = d->loc.line;
		s->col = d->loc.col;
	}
	if (!strcmp(d->rule, "inject-marker")) {
		s->markers++;
		snprintf(s->last, sizeof(s->last), "%s", d->message);
	}
}

static unsigned diagram_calls;
static char diagram_path[512];

static int diagram(const archdoc_model *model, const char *svg_path, void *payload)
{
	(void)model;
	(void)payload;
	snprintf(diagram_path, sizeof(diagram_path), "%s", svg_path);
	diagram_calls++;
	return 0;
}

static int inject_run(archdoc_context *ctx, seen *s, const char *name, const char *base, const char *doc,
		archdoc_inject_run *run)
{
	archdoc_inject_options o = ARCHDOC_INJECT_OPTIONS_INIT;
	char *out = NULL;
	size_t len = 0;
	int rc;

	memset(s, 0, sizeof(*s));
	o.diagram = diagram;
	o.run = run;
	rc = archdoc_inject_markdown(&out, &len, ctx, name, base, doc, strlen(doc), &o);
	OK((rc == 0) == (out != NULL));
	archdoc_free(out);
	return rc;
}

static int inject(archdoc_context *ctx, seen *s, const char *base, const char *doc)
{
	archdoc_inject_options o = ARCHDOC_INJECT_OPTIONS_INIT;
	char *out = NULL;
	size_t len = 0;
	int rc;

	memset(s, 0, sizeof(*s));
	o.diagram = diagram;
	rc = archdoc_inject_markdown(&out, &len, ctx, "doc.md", base, doc, strlen(doc), &o);
	OK((rc == 0) == (out != NULL));
	archdoc_free(out);
	return rc;
}

int main(void)
{
	static const char model[] = "<architecture xmlns='urn:archdoc:model:1' id='s' title='Stdin'>"
		"<component id='a' title='A' kind='service'/><component id='b' title='B' kind='service'/>"
		"<connection from='a' to='b'>x</connection></architecture>";
	char dir[] = "/tmp/archdoc-hostile-inject-XXXXXX", path[256], path2[256], left[sizeof(model)];
	archdoc_context_options o = ARCHDOC_CONTEXT_OPTIONS_INIT;
	archdoc_context *ctx = NULL;
	int fds[2], flags;
	seen s;

	OK(mkdtemp(dir) != NULL);
	o.sink = remember;
	o.sink_payload = &s;
	OK(archdoc_context_new(&ctx, &o) == 0);

	/* model=- with the document in the current folder: standard input
	 * holds a valid model, and must stay unread */
	OK(pipe(fds) == 0);
	OK(write(fds[1], model, sizeof(model) - 1) == (ssize_t)(sizeof(model) - 1));
	close(fds[1]);
	OK(dup2(fds[0], STDIN_FILENO) == STDIN_FILENO);
	close(fds[0]);
	OK(chdir(dir) == 0);
	INT_EQ(inject(ctx, &s, ".", "<!-- archdoc:table model=- -->\n<!-- /archdoc:table -->\n"), ARCHDOC_EIO);
	INT_EQ(s.markers, 1);
	flags = fcntl(STDIN_FILENO, F_GETFL);
	fcntl(STDIN_FILENO, F_SETFL, flags | O_NONBLOCK);
	INT_EQ(read(STDIN_FILENO, left, sizeof(left)), (ssize_t)(sizeof(model) - 1));
	INT_EQ(inject(ctx, &s, NULL, "<!-- archdoc:table model=- -->\n<!-- /archdoc:table -->\n"), ARCHDOC_EIO);
	INT_EQ(s.markers, 1);

	/* a FIFO nobody writes to: refused at once instead of blocking */
	snprintf(path, sizeof(path), "%s/fifo.xml", dir);
	OK(mkfifo(path, 0600) == 0);
	INT_EQ(inject(ctx, &s, dir, "<!-- archdoc:table model=fifo.xml -->\n<!-- /archdoc:table -->\n"), ARCHDOC_EIO);
	INT_EQ(s.markers, 1);
	OK(strstr(s.last, "not a regular file") != NULL);
	unlink(path);

	/* a device and a folder */
	INT_EQ(inject(ctx, &s, dir, "<!-- archdoc:table model=/dev/zero -->\n<!-- /archdoc:table -->\n"), ARCHDOC_EIO);
	OK(strstr(s.last, "not a regular file") != NULL);
	INT_EQ(inject(ctx, &s, dir, "<!-- archdoc:diagram model=. src=x.svg -->\n<!-- /archdoc:diagram -->\n"), ARCHDOC_EIO);
	OK(strstr(s.last, "not a regular file") != NULL);

	/* src must name an SVG: the diagram is written there */
	snprintf(path, sizeof(path), "%s/m.xml", dir);
	{
		FILE *f = fopen(path, "w");

		OK(f != NULL);
		if (f) {
			fputs(model, f);
			fclose(f);
		}
	}
	{
		static const char *const bad[] = { "victim.txt", "../.bashrc", "/etc/passwd", "x.svg/", ".svg",
			"dir/.svg", "x.svgz", NULL };
		/* inside the document's folder (the root: no .git above /tmp)
		 * after "." and ".." are read, and what the callback gets */
		static const char *const good[] = { "x.svg", "img/A.SVG", "./img//A.SVG", "img/../x.Svg", NULL };
		static const char *const got[] = { "x.svg", "img/A.SVG", "img/A.SVG", "x.Svg" };
		static const char *const outside[] = { "../out/x.Svg", "../x.svg", "img/../../x.svg", "/tmp/x.svg",
			"/x.svg", NULL };
		char doc[256], want[512];

		for (int i = 0; bad[i]; i++) {
			snprintf(doc, sizeof(doc), "<!-- archdoc:diagram model=m.xml src=%s -->\n<!-- /archdoc:diagram -->\n",
					bad[i]);
			diagram_calls = 0;
			INT_EQ(inject(ctx, &s, dir, doc), ARCHDOC_EINVALID);
			INT_EQ(s.markers, 1);
			OK(strstr(s.last, "does not name an .svg file") != NULL);
			INT_EQ(diagram_calls, 0);
		}
		for (int i = 0; good[i]; i++) {
			snprintf(doc, sizeof(doc), "<!-- archdoc:diagram model=m.xml src=%s -->\n<!-- /archdoc:diagram -->\n",
					good[i]);
			diagram_calls = 0;
			INT_EQ(inject(ctx, &s, dir, doc), 0);
			INT_EQ(diagram_calls, 1);
			snprintf(want, sizeof(want), "%s/%s", dir, got[i]);
			STR_EQ(diagram_path, want);
		}
		for (int i = 0; outside[i]; i++) {
			snprintf(doc, sizeof(doc), "<!-- archdoc:diagram model=m.xml src=%s -->\n<!-- /archdoc:diagram -->\n",
					outside[i]);
			diagram_calls = 0;
			INT_EQ(inject(ctx, &s, dir, doc), ARCHDOC_EINVALID);
			INT_EQ(s.markers, 1);
			OK(strstr(s.last, "is outside the document's repository") != NULL);
			INT_EQ(diagram_calls, 0);
		}
	}

	/* one SVG, one model: within a document, and across the documents of
	 * a run (the second document is refused before its callback runs) */
	snprintf(path2, sizeof(path2), "%s/m2.xml", dir);
	{
		FILE *f = fopen(path2, "w");

		OK(f != NULL);
		if (f) {
			fputs(model, f);
			fclose(f);
		}
	}
	{
		static const char one[] = "<!-- archdoc:diagram model=m.xml src=s.svg -->\n<!-- /archdoc:diagram -->\n";
		static const char other[] = "# Other\n\n<!-- archdoc:diagram model=m2.xml src=./s.svg -->\n"
			"<!-- /archdoc:diagram -->\n";
		static const char same[] = "<!-- archdoc:diagram model=./m.xml src=s.svg -->\n<!-- /archdoc:diagram -->\n";
		static const char both[] = "<!-- archdoc:diagram model=m.xml src=s.svg -->\n<!-- /archdoc:diagram -->\n\n"
			"<!-- archdoc:diagram model=m2.xml src=s.svg -->\n<!-- /archdoc:diagram -->\n";
		archdoc_inject_run *run = NULL;

		OK(archdoc_inject_run_new(&run) == 0);
		diagram_calls = 0;
		INT_EQ(inject_run(ctx, &s, "one.md", dir, one, run), 0);
		INT_EQ(inject_run(ctx, &s, "same.md", dir, same, run), 0);
		INT_EQ(diagram_calls, 2);
		INT_EQ(inject_run(ctx, &s, "other.md", dir, other, run), ARCHDOC_EINVALID);
		INT_EQ(diagram_calls, 2);
		INT_EQ(s.markers, 1);
		STR_EQ(s.last, "archdoc:diagram src=./s.svg is already the diagram of model=m.xml (one.md:1:1); "
				"one SVG shows one model");
		archdoc_inject_run_free(run);
		/* without a run, each document on its own */
		INT_EQ(inject_run(ctx, &s, "other.md", dir, other, NULL), 0);
		INT_EQ(inject(ctx, &s, dir, both), ARCHDOC_EINVALID);
		INT_EQ(s.markers, 1);
		archdoc_inject_run_free(NULL);
	}
	unlink(path2);

	/* options: version 1 (no run field) still works, unknown versions not */
	{
		static const char doc[] = "<!-- archdoc:diagram model=m.xml src=v.svg -->\n<!-- /archdoc:diagram -->\n";
		archdoc_inject_options o1 = ARCHDOC_INJECT_OPTIONS_INIT;
		char *out = NULL;
		size_t len = 0;

		o1.version = 1;
		o1.diagram = diagram;
		diagram_calls = 0;
		INT_EQ(archdoc_inject_markdown(&out, &len, ctx, "v1.md", dir, doc, sizeof(doc) - 1, &o1), 0);
		INT_EQ(diagram_calls, 1);
		archdoc_free(out);
		out = NULL;
		o1.version = 3;
		INT_EQ(archdoc_inject_markdown(&out, &len, ctx, "v3.md", dir, doc, sizeof(doc) - 1, &o1), ARCHDOC_EUSAGE);
		OK(out == NULL);
		o1.version = 0;
		INT_EQ(archdoc_inject_markdown(&out, &len, ctx, "v0.md", dir, doc, sizeof(doc) - 1, &o1), ARCHDOC_EUSAGE);
	}

	/* a marker inside an HTML block (<details> without blank lines) is
	 * read, not skipped (it was before: no diagram, no error) */
	{
		static const char doc[] = "<details>\n<summary>S</summary>\n<!-- archdoc:diagram model=m.xml src=d.svg -->\n"
			"<!-- /archdoc:diagram -->\n</details>\n";
		static const char unknown[] = "<details>\n<!-- archdoc:frobnicate -->\n</details>\n";

		diagram_calls = 0;
		INT_EQ(inject(ctx, &s, dir, doc), 0);
		INT_EQ(diagram_calls, 1);
		INT_EQ(inject(ctx, &s, dir, unknown), ARCHDOC_EINVALID);
		INT_EQ(s.markers, 1);
	}
	/* a marker line ending in a lone CR (old Mac line ends): the region
	 * must use lone CRs too, or a second run rewrites it with CRLF (found
	 * by fuzz_inject) */
	{
		static const char doc[] = "Intro\r<!-- archdoc:diagram model=m.xml src=x.svg -->\r:\n"
			"<!-- /archdoc:diagram -->\r\nend\n";
		char *out = NULL, *again = NULL;
		size_t len = 0, len2 = 0;

		INT_EQ(archdoc_inject_markdown(&out, &len, ctx, "cr.md", dir, doc, sizeof(doc) - 1, NULL), 0);
		if (out) {
			OK(strstr(out, "-->\r\r![") != NULL);
			OK(strstr(out, "\r\n!") == NULL);
			INT_EQ(archdoc_inject_markdown(&again, &len2, ctx, "cr.md", dir, out, len, NULL), 0);
			OK(again && len2 == len && memcmp(out, again, len) == 0);
		}
		archdoc_free(again);
		archdoc_free(out);
	}
	unlink(path);

	/* NUL bytes and invalid UTF-8: cmark reads them as U+FFFD, so inject
	 * would work on text other than the document's bytes (found by
	 * fuzz_inject: a second run changed the document again) */
	{
		static const char nul[] = "# T\n\nok \xc3\xa9 \0 <!-- archdoc:table model=m.xml -->\n<!-- /archdoc:table -->\n";
		static const char bad[] = "# T\r\n\r\n<!-- archdoc:diagram model=b.xml src=fa\xed\x0d.svg -->\n";
		char *out = NULL;
		size_t len = 0;

		memset(&s, 0, sizeof(s));
		INT_EQ(archdoc_inject_markdown(&out, &len, ctx, "nul.md", dir, nul, sizeof(nul) - 1, NULL), ARCHDOC_EINVALID);
		OK(out == NULL);
		INT_EQ(s.encoding, 1);
		INT_EQ(s.line, 3);
		INT_EQ(s.col, 6);
		memset(&s, 0, sizeof(s));
		INT_EQ(archdoc_inject_markdown(&out, &len, ctx, "bad.md", dir, bad, sizeof(bad) - 1, NULL), ARCHDOC_EINVALID);
		INT_EQ(s.encoding, 1);
		INT_EQ(s.line, 3);
		INT_EQ(s.col, 40);
	}

	archdoc_context_free(ctx);
	OK(chdir("/") == 0);
	rmdir(dir);
	return harness_done();
}
