#include "theme.h"

static const struct {
	const char *name, *light, *dark;
} palette[ARCHDOC_C__COUNT] = {
	[ARCHDOC_C_BACKGROUND] = { "background", "#ffffff", "#16191d" },
	[ARCHDOC_C_TEXT] = { "text", "#1f2933", "#e4e7eb" },
	[ARCHDOC_C_BOUNDARY_FILL] = { "boundary-fill", "#f3f5f8", "#1d2227" },
	[ARCHDOC_C_BOUNDARY_FILL_INNER] = { "boundary-fill-inner", "#e6ebf1", "#262c33" },
	[ARCHDOC_C_BOUNDARY_STROKE] = { "boundary-stroke", "#9aa5b1", "#56616d" },
	[ARCHDOC_C_BOUNDARY_TEXT] = { "boundary-text", "#3e4c59", "#aab4bf" },
	[ARCHDOC_C_NODE_FILL] = { "node-fill", "#ffffff", "#22272e" },
	[ARCHDOC_C_NODE_STROKE] = { "node-stroke", "#52606d", "#9aa5b1" },
	[ARCHDOC_C_STORE_FILL] = { "store-fill", "#fff4d6", "#3b3222" },
	[ARCHDOC_C_STORE_STROKE] = { "store-stroke", "#a6741b", "#d9a545" },
	[ARCHDOC_C_EXTERNAL_FILL] = { "external-fill", "#e4e7eb", "#30363d" },
	[ARCHDOC_C_GATEWAY_FILL] = { "gateway-fill", "#e0efff", "#1b2d40" },
	[ARCHDOC_C_MONITORING_FILL] = { "monitoring-fill", "#e8f5e0", "#223022" },
	[ARCHDOC_C_JOB_FILL] = { "job-fill", "#fbfbfb", "#1f2429" },
	[ARCHDOC_C_LINE] = { "line", "#3b4a5a", "#9fb3c8" },
	[ARCHDOC_C_BADGE_FILL] = { "badge-fill", "#1d4f91", "#8ab4f8" },
	[ARCHDOC_C_BADGE_TEXT] = { "badge-text", "#ffffff", "#10151a" },
	[ARCHDOC_C_HIGHLIGHT] = { "highlight", "#d9480f", "#ffa94d" },
};

const char *archdoc_diagram__light(archdoc_diagram__colour c)
{
	return (unsigned)c < ARCHDOC_C__COUNT ? palette[c].light : "#000000";
}

static void vars(archdoc_buf *b, int dark)
{
	archdoc_buf_puts(b, "svg.archdoc{");
	for (int i = 0; i < ARCHDOC_C__COUNT; i++)
		archdoc_buf_printf(b, "--archdoc-%s:%s;", palette[i].name,
				dark ? palette[i].dark : palette[i].light);
	archdoc_buf_puts(b, "}");
}

/* Rules only through classes and data- attributes, so pages can restyle.
 * Written without :is() so older SVG renderers keep every rule. */
static const char rules[] =
	"svg.archdoc .background{fill:var(--archdoc-background)}\n"
	"svg.archdoc .boundary .frame{fill:var(--archdoc-boundary-fill);stroke:var(--archdoc-boundary-stroke)}\n"
	"svg.archdoc .boundary .frame.inner{fill:var(--archdoc-boundary-fill-inner)}\n"
	"svg.archdoc .boundary text{fill:var(--archdoc-boundary-text)}\n"
	"svg.archdoc .component .shape{fill:var(--archdoc-node-fill);stroke:var(--archdoc-node-stroke)}\n"
	"svg.archdoc .component .shape-line{fill:none;stroke:var(--archdoc-node-stroke)}\n"
	"svg.archdoc .component text,svg.archdoc .legend text{fill:var(--archdoc-text)}\n";

static const char rules_after[] =
	"svg.archdoc .connection .line{fill:none;stroke:var(--archdoc-line)}\n"
	"svg.archdoc .connection .arrow{fill:var(--archdoc-line);stroke:var(--archdoc-line)}\n"
	"svg.archdoc .connection .badge{fill:var(--archdoc-badge-fill);stroke:var(--archdoc-badge-fill)}\n"
	"svg.archdoc .connection .number{fill:var(--archdoc-badge-text)}\n"
	"svg.archdoc .connection .detail{fill:var(--archdoc-text)}\n"
	"svg.archdoc .connection:hover .line,svg.archdoc .connection:target .line"
	"{stroke:var(--archdoc-highlight);stroke-width:2.5}\n"
	"svg.archdoc .connection:hover .arrow,svg.archdoc .connection:target .arrow,"
	"svg.archdoc .connection:hover .badge,svg.archdoc .connection:target .badge"
	"{fill:var(--archdoc-highlight);stroke:var(--archdoc-highlight)}\n"
	"svg.archdoc a:focus .connection .badge{stroke:var(--archdoc-highlight);stroke-width:3}\n"
	"svg.archdoc .legend .frame{fill:var(--archdoc-background);stroke:var(--archdoc-boundary-stroke)}\n";

/* Kinds drawn in one colour family: fill, and stroke when it differs. */
static const struct {
	const char *kinds[5];
	const char *fill, *stroke;
} families[] = {
	{ { "database", "cache", "storage", "queue", NULL }, "store-fill", "store-stroke" },
	{ { "external", "user", NULL }, "external-fill", NULL },
	{ { "gateway", "loadbalancer", NULL }, "gateway-fill", NULL },
	{ { "monitoring", NULL }, "monitoring-fill", NULL },
	{ { "job", "cronjob", NULL }, "job-fill", NULL },
};

static void family_rule(archdoc_buf *b, size_t f, const char *part, const char *decl)
{
	for (size_t k = 0; families[f].kinds[k]; k++)
		archdoc_buf_printf(b, "%ssvg.archdoc .component[data-kind=%s] %s", k ? "," : "",
				families[f].kinds[k], part);
	archdoc_buf_printf(b, "{%s}\n", decl);
}

void archdoc_diagram__theme_css(archdoc_buf *b)
{
	archdoc_buf_putc(b, '\n');
	vars(b, 0);
	archdoc_buf_puts(b, "\n@media (prefers-color-scheme: dark){");
	vars(b, 1);
	archdoc_buf_puts(b, "}\n");
	archdoc_buf_puts(b, rules);
	for (size_t f = 0; f < sizeof(families) / sizeof(families[0]); f++) {
		archdoc_buf b2 = ARCHDOC_BUF_INIT;

		archdoc_buf_printf(&b2, "fill:var(--archdoc-%s)", families[f].fill);
		if (families[f].stroke)
			archdoc_buf_printf(&b2, ";stroke:var(--archdoc-%s)", families[f].stroke);
		family_rule(b, f, ".shape", b2.ptr ? b2.ptr : "");
		if (families[f].stroke) {
			archdoc_buf_clear(&b2);
			archdoc_buf_printf(&b2, "stroke:var(--archdoc-%s)", families[f].stroke);
			family_rule(b, f, ".shape-line", b2.ptr ? b2.ptr : "");
		}
		archdoc_buf_free(&b2);
	}
	archdoc_buf_puts(b, rules_after);
}
