/*
 * 100,000 connections on one component, through the Markdown table: the
 * model loads, the table has one line per connection with the right
 * cells, in number order. The CTest TIMEOUT (300 s, CMakeLists.txt) is a
 * hang guard, not a speed assertion (bench/ measures speed); without
 * sanitizers the peak resident memory must stay under 1 GiB.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "archdoc/archdoc.h"
#include "harness.h"
#include "hostile/md_table.h"

#define COUNT 100000u

int main(void)
{
	archdoc_context *ctx = NULL;
	archdoc_model *m = NULL;
	archdoc_table_options o = ARCHDOC_TABLE_OPTIONS_INIT;
	size_t cap = 512 + (size_t)COUNT * 96, len = 0;
	char *doc = malloc(cap), *p = doc, *md = NULL, want[128];
	const char *problem;
	struct rusage ru;

	OK(doc != NULL);
	if (!doc)
		return 1;
	p += sprintf(p, "<architecture xmlns='urn:archdoc:model:1' id='many' title='Many' classify-by='k'>"
			"<boundary id='k' title='K' kind='cluster'><component id='hub' title='Hub | one' kind='database'/>"
			"</boundary><component id='a' title='A' kind='service'/>");
	for (unsigned i = 0; i < COUNT; i++)
		p += sprintf(p, "<connection from='a' to='hub' port='%u'>row %u | &lt;b&gt;</connection>\n",
				1 + i % 65535, i + 1);
	p += sprintf(p, "</architecture>\n");
	OK(archdoc_context_new(&ctx, NULL) == 0);
	INT_EQ(archdoc_model_load_buffer(&m, ctx, "many.xml", doc, (size_t)(p - doc)), 0);
	free(doc);
	if (!m)
		return harness_done();
	INT_EQ(archdoc_model_connection_count(m), COUNT);
	INT_EQ(archdoc_table_render(&md, &len, ctx, m, &o), 0);
	if (md) {
		problem = md_table_problem(md, len, COUNT, 7, 6);
		if (problem)
			fprintf(stderr, "Markdown table: %s\n", problem);
		OK(problem == NULL);
		/* the protocol column is empty when the model gives none */
		snprintf(want, sizeof(want), "\n| %u | A | Hub \\| one |  | %u | Ingress | row %u \\| \\<b> |\n",
				COUNT, 1 + (COUNT - 1) % 65535, COUNT);
		OK(len > strlen(want) && strcmp(md + len - strlen(want), want) == 0);
	}
	archdoc_free(md);
	archdoc_model_free(m);
	archdoc_context_free(ctx);
	getrusage(RUSAGE_SELF, &ru);
#ifndef ARCHDOC_UNDER_SANITIZER
	OK(ru.ru_maxrss < 1024L * 1024L);
#endif
	printf("%u connections, %zu bytes of Markdown, peak RSS %ld KiB\n", COUNT, len, ru.ru_maxrss);
	return harness_done();
}
