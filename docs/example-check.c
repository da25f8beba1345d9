/*
 * Load and check an archdoc model through the public API.
 *
 *   cc example-check.c $(pkg-config --cflags --libs archdoc) -o example-check
 *   ./example-check model/genesys-pulse.xml
 */
#include <stdio.h>

#include <archdoc/archdoc.h>

static unsigned errors, warnings;

/* Every problem arrives here; print it the way compilers do. */
static void print_diag(const archdoc_diag *d, void *payload)
{
	int error = d->severity == ARCHDOC_SEVERITY_ERROR;

	(void)payload;
	if (error)
		errors++;
	else
		warnings++;
	fprintf(stderr, "%s:%u:%u: %s: %s [%s]\n", d->loc.file, d->loc.line, d->loc.col,
			error ? "error" : "warning", d->message, d->rule);
	if (d->note)
		fprintf(stderr, "%s:%u:%u: note: %s\n", d->note_loc.file, d->note_loc.line,
				d->note_loc.col, d->note);
}

int main(int argc, char **argv)
{
	archdoc_context_options opts = ARCHDOC_CONTEXT_OPTIONS_INIT;
	archdoc_context *ctx = NULL;
	archdoc_model *model = NULL;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: %s MODEL.xml\n", argv[0]);
		return 2;
	}
	opts.sink = print_diag;
	if (archdoc_context_new(&ctx, &opts) != 0)
		return 2;
	rc = archdoc_model_load_file(&model, ctx, argv[1]);
	if (rc == 0)
		printf("%s: %zu connections, %u errors, %u warnings\n", archdoc_model_id(model),
				archdoc_model_connection_count(model), errors, warnings);
	else
		fprintf(stderr, "%s: %s\n", argv[1], archdoc_strerror(rc));
	archdoc_model_free(model);     /* the model owns everything borrowed from it */
	archdoc_context_free(ctx);
	return rc == 0 ? 0 : 1;
}
