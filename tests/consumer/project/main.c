/*
 * A consumer of the installed library: load a model, print its
 * connections table as Markdown and say what its SVG diagram looks like.
 * Usage: consumer MODEL.xml
 */
#include <stdio.h>
#include <string.h>

#include <archdoc/archdoc.h>

static void print_diag(const archdoc_diag *d, void *payload)
{
	(void)payload;
	fprintf(stderr, "%s:%u:%u: %s [%s]\n", d->loc.file, d->loc.line, d->loc.col, d->message, d->rule);
}

int main(int argc, char **argv)
{
	archdoc_context_options opts = ARCHDOC_CONTEXT_OPTIONS_INIT;
	archdoc_diagram_options dopts = ARCHDOC_DIAGRAM_OPTIONS_INIT;
	archdoc_context *ctx = NULL;
	archdoc_model *model = NULL;
	char *table = NULL, *svg = NULL;
	size_t table_len = 0, svg_len = 0;
	int rc;

	if (argc != 2)
		return 2;
	opts.sink = print_diag;
	if (archdoc_context_new(&ctx, &opts) != 0)
		return 2;
	rc = archdoc_model_load_file(&model, ctx, argv[1]);
	if (rc == 0)
		rc = archdoc_table_render(&table, &table_len, ctx, model, NULL);
	if (rc == 0)
		rc = archdoc_diagram_render(&svg, &svg_len, ctx, model, &dopts);
	if (rc == 0) {
		printf("archdoc %s (built against %s)\n", archdoc_version(), ARCHDOC_VERSION_STRING);
		fwrite(table, 1, table_len, stdout);
		printf("svg: %s, %s\n", strncmp(svg, "<?xml", 5) == 0 ? "starts with <?xml" : "no XML declaration",
				svg_len > 7 && strcmp(svg + svg_len - 7, "</svg>\n") == 0 ? "ends with </svg>" : "cut short");
	} else {
		fprintf(stderr, "%s: %s\n", argv[1], archdoc_strerror(rc));
	}
	archdoc_free(table);
	archdoc_free(svg);
	archdoc_model_free(model);
	archdoc_context_free(ctx);
	return rc == 0 ? 0 : 1;
}
