/*
 * The diagram's second round on models of real shapes (tests/diagram/corpus,
 * each modelled on a public architecture page): no line through a boundary's
 * title, no two arrowheads piled up at one component, no line more than
 * twice as long as the way between its ends, no badge on a component or
 * nearer another line than its own; and Graphviz says nothing on the way.
 * No two lines run together and none runs through a component either.
 * The figures are quality.c's, the ones docs/diagram.md defines.
 */
#include <stdio.h>
#include <string.h>

#include "archdoc/archdoc.h"
#include "diagram.h"
#include "harness.h"
#include "quality.h"

static unsigned diags;

static void sink(const archdoc_diag *d, void *payload)
{
	(void)payload;
	fprintf(stderr, "unexpected diagnostic: %s [%s]\n", d->message, d->rule);
	diags++;
}

int main(int argc, char **argv)
{
	archdoc_context_options co = ARCHDOC_CONTEXT_OPTIONS_INIT;
	archdoc_context *ctx = NULL;

	co.sink = sink;
	OK(archdoc_context_new(&ctx, &co) == 0);
	for (int i = 1; i < argc; i++) {
		archdoc_model *m = NULL;
		archdoc_diagram__score sc;

		if (archdoc_model_load_file(&m, ctx, argv[i]) != 0) {
			fprintf(stderr, "%s: does not load\n", argv[i]);
			harness_failures++;
			continue;
		}
		memset(&sc, 0, sizeof(sc));
		OK(archdoc_diagram__figures(ctx, m, NULL, &sc) == 0);
		printf("%s: through_title=%u heads_crowded=%u detours=%u ambiguous=%u label_node=%u "
				"crossings=%u tangled=%u through=%u %.0fx%.0f\n", argv[i], sc.through_title, sc.heads_crowded,
				sc.detours, sc.ambiguous, sc.label_node, sc.crossings, sc.tangled, sc.through, sc.width, sc.height);
		INT_EQ(sc.through_title, 0);
		INT_EQ(sc.heads_crowded, 0);
		INT_EQ(sc.detours, 0);
		INT_EQ(sc.label_node, 0);
		INT_EQ(sc.tangled, 0);
		INT_EQ(sc.through, 0);
		INT_EQ(sc.ambiguous, 0);
		archdoc_model_free(m);
	}
	INT_EQ(diags, 0);
	archdoc_context_free(ctx);
	return harness_done();
}
