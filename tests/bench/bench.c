/*
 * The benchmark: times each phase of archdoc's main job in-process over
 * repeated runs and prints the medians (docs/performance.md).
 *
 *   bench [-r RUNS] [-t] [-d] [-l LAYOUT] MODEL...
 *     -r RUNS    repetitions (default 5); the median of each phase is shown
 *     -t         tables only: no diagram (for sizes where layout is slow)
 *     -d         diagram formats too: PNG besides SVG
 *     -l LAYOUT  the diagram's --layout strategy
 *
 * Phases come from the library's own clock points (src/model/timing.h); "write"
 * is the atomic write of the SVG and the Markdown table into a scratch
 * folder, as render does it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archdoc/archdoc.h"
#include "output.h"
#include "context.h"
#include "timing.h"

#define MAX_RUNS 101

static const char *const phase_names[ARCHDOC_PHASE__COUNT] = {
	"read", "parse", "schema", "build", "validate", "tables", "graph", "layout", "route", "search",
	"render", "post-process"
};

enum { EXTRA_WRITE, EXTRA_TOTAL, EXTRA__COUNT };

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static double median_ms(uint64_t *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_u64);
	return (n % 2 ? (double)v[n / 2] : ((double)v[n / 2 - 1] + (double)v[n / 2]) / 2) / 1e6;
}

static void sink(const archdoc_diag *d, void *payload)
{
	(void)payload;
	if (d->severity == ARCHDOC_SEVERITY_ERROR)
		fprintf(stderr, "%s:%u:%u: error: %s [%s]\n", d->loc.file ? d->loc.file : "", d->loc.line,
				d->loc.col, d->message, d->rule);
}

int main(int argc, char **argv)
{
	archdoc_context_options co = ARCHDOC_CONTEXT_OPTIONS_INIT;
	archdoc_context *ctx = NULL;
	const char *layout = NULL;
	int runs = 5, tables_only = 0, png = 0, opt;
	char dir[] = "/tmp/archdoc-bench-XXXXXX";

	while ((opt = getopt(argc, argv, "r:tdl:")) != -1) {
		switch (opt) {
		case 'r':
			runs = atoi(optarg);
			break;
		case 't':
			tables_only = 1;
			break;
		case 'd':
			png = 1;
			break;
		case 'l':
			layout = optarg;
			break;
		default:
			fprintf(stderr, "usage: bench [-r RUNS] [-t] [-d] [-l LAYOUT] MODEL...\n");
			return 2;
		}
	}
	if (runs < 1 || runs > MAX_RUNS || optind >= argc) {
		fprintf(stderr, "usage: bench [-r RUNS 1..%d] [-t] [-d] [-l LAYOUT] MODEL...\n", MAX_RUNS);
		return 2;
	}
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	co.sink = sink;
	if (archdoc_context_new(&ctx, &co) != 0)
		return 2;

	printf("%-28s %6s", "model", "conns");
	for (int p = 0; p < ARCHDOC_PHASE__COUNT; p++)
		printf(" %9s", phase_names[p]);
	printf(" %9s %9s %9s %7s\n", "write", "total", "ours", "ours%");
	for (int i = optind; i < argc; i++) {
		static uint64_t samples[ARCHDOC_PHASE__COUNT + EXTRA__COUNT][MAX_RUNS];
		double med[ARCHDOC_PHASE__COUNT + EXTRA__COUNT], ours;
		size_t conns = 0;
		const char *name = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];

		for (int r = 0; r < runs; r++) {
			archdoc_model *m = NULL;
			uint64_t start = archdoc__clock_ns(), t;
			char *md = NULL, *svg = NULL, *other = NULL, path[256];
			size_t md_len = 0, svg_len = 0, other_len = 0;

			memset(ctx->phase_ns, 0, sizeof(ctx->phase_ns));
			/* every run lays out afresh: no layout kept from the last run */
			archdoc_context__clear_extensions(ctx);
			if (archdoc_model_load_file(&m, ctx, argv[i]) != 0) {
				fprintf(stderr, "%s: does not load\n", argv[i]);
				return 1;
			}
			conns = archdoc_model_connection_count(m);
			{
				archdoc_table_options to = ARCHDOC_TABLE_OPTIONS_INIT;

				to.flags = ARCHDOC_TABLE_DEFAULT_COLUMNS_FIT;
				if (archdoc_table_render(&md, &md_len, ctx, m, &to) != 0)
					return 1;
				for (int f = ARCHDOC_TABLE_HTML; f <= ARCHDOC_TABLE_JSON; f++) {
					to.format = (archdoc_table_format)f;
					if (archdoc_table_render(&other, &other_len, ctx, m, &to) != 0)
						return 1;
					archdoc_free(other);
				}
			}
			if (!tables_only) {
				archdoc_diagram_options dopt = ARCHDOC_DIAGRAM_OPTIONS_INIT;

				dopt.layout = layout;
				if (archdoc_diagram_render(&svg, &svg_len, ctx, m, &dopt) != 0) {
					fprintf(stderr, "%s: the diagram failed\n", argv[i]);
					return 1;
				}
				if (png) {
					dopt.format = ARCHDOC_DIAGRAM_PNG;
					if (archdoc_diagram_render(&other, &other_len, ctx, m, &dopt) != 0)
						return 1;
					archdoc_free(other);
				}
			}
			t = archdoc__clock_ns();
			snprintf(path, sizeof(path), "%s/out.md", dir);
			unlink(path);
			if (cli_output_write(path, md, md_len) == OUTPUT_FAILED)
				return 2;
			if (svg) {
				snprintf(path, sizeof(path), "%s/out.svg", dir);
				unlink(path);
				if (cli_output_write(path, svg, svg_len) == OUTPUT_FAILED)
					return 2;
			}
			samples[ARCHDOC_PHASE__COUNT + EXTRA_WRITE][r] = archdoc__clock_ns() - t;
			archdoc_free(md);
			archdoc_free(svg);
			archdoc_model_free(m);
			samples[ARCHDOC_PHASE__COUNT + EXTRA_TOTAL][r] = archdoc__clock_ns() - start;
			for (int p = 0; p < ARCHDOC_PHASE__COUNT; p++)
				samples[p][r] = ctx->phase_ns[p];
		}
		for (int p = 0; p < ARCHDOC_PHASE__COUNT + EXTRA__COUNT; p++)
			med[p] = median_ms(samples[p], runs);
		/* what is not Graphviz's layout or drawing is ours */
		ours = med[ARCHDOC_PHASE__COUNT + EXTRA_TOTAL] - med[ARCHDOC_PHASE_LAYOUT] - med[ARCHDOC_PHASE_RENDER];
		printf("%-28.28s %6zu", name, conns);
		for (int p = 0; p < ARCHDOC_PHASE__COUNT + EXTRA__COUNT; p++)
			printf(" %9.2f", med[p]);
		printf(" %9.2f %6.1f%%\n", ours, 100.0 * ours / med[ARCHDOC_PHASE__COUNT + EXTRA_TOTAL]);
		fflush(stdout);
	}
	printf("(milliseconds, median of %d runs; 'ours' is everything but Graphviz's layout and drawing)\n", runs);
	{
		char path[256];

		snprintf(path, sizeof(path), "%s/out.md", dir);
		unlink(path);
		snprintf(path, sizeof(path), "%s/out.svg", dir);
		unlink(path);
		rmdir(dir);
	}
	archdoc_context_free(ctx);
	return 0;
}
