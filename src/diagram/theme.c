#include "theme.h"

#include <string.h>

#include "scene.h"

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
	[ARCHDOC_C_CAPTION] = { "caption", "#1f2933", "#e4e7eb" },
	/* each 3:1 or more against the background and both boundary fills of
	 * its theme, and 4.5:1 against the badge text on it (WCAG 2.1's
	 * contrast for graphics and for text; tests/diff checks it) */
	[ARCHDOC_C_ADDED] = { "added", "#1a7f37", "#3fb950" },
	[ARCHDOC_C_REMOVED] = { "removed", "#cf222e", "#ff7b72" },
	[ARCHDOC_C_CHANGED] = { "changed", "#9a6700", "#e3b341" },
	[ARCHDOC_C_UNCHANGED] = { "unchanged", "#687582", "#7d8a97" },
};

/* Lines on a transparent background: 3:1 or more against white and
 * against a dark page (#0d1117) alike (WCAG's contrast for graphics). */
#define MIDDLE_TONE "#7b8794"

const char *archdoc_diagram__light(archdoc_diagram__colour c)
{
	return (unsigned)c < ARCHDOC_C__COUNT ? palette[c].light : "#000000";
}

const char *archdoc_diagram__dark(archdoc_diagram__colour c)
{
	return (unsigned)c < ARCHDOC_C__COUNT ? palette[c].dark : "#ffffff";
}

const char *archdoc_diagram__theme_colour(archdoc_diagram__colour c, int dark)
{
	return dark ? archdoc_diagram__dark(c) : archdoc_diagram__light(c);
}

static const char *colour_of(int i, int dark, int transparent)
{
	if (transparent && (i == ARCHDOC_C_LINE || i == ARCHDOC_C_CAPTION))
		return MIDDLE_TONE;
	return dark ? palette[i].dark : palette[i].light;
}

static void vars(archdoc_buf *b, int dark, int transparent, int diff)
{
	archdoc_buf_puts(b, "svg.archdoc{");
	for (int i = 0; i < (diff ? ARCHDOC_C__COUNT : ARCHDOC_C_ADDED); i++)
		archdoc_buf_printf(b, "--archdoc-%s:%s;", palette[i].name, colour_of(i, dark, transparent));
	archdoc_buf_puts(b, "}");
}

/* The scene holds the light palette's strings: each maps to its place in
 * the palette, then to the theme's. */
static const char *map(const char *c, int dark, int transparent)
{
	if (!c)
		return c;
	for (int i = 0; i < ARCHDOC_C__COUNT; i++)
		if (palette[i].light == c || strcmp(palette[i].light, c) == 0)
			return colour_of(i, dark, transparent);
	return c;
}

void archdoc_diagram__theme_apply(archdoc_diagram__scene *s, int dark, int transparent)
{
	if (!dark && !transparent)
		return;
	for (size_t i = 0; i < s->node_count; i++) {
		archdoc_diagram__node *n = &s->nodes[i];

		n->fill = map(n->fill, dark, 0);
		n->stroke = map(n->stroke, dark, 0);
		/* the caption stands on the page itself, like the lines */
		n->text = n->role == ARCHDOC_ROLE_CAPTION ? colour_of(ARCHDOC_C_CAPTION, dark, transparent)
			: map(n->text, dark, 0);
	}
	for (size_t i = 0; i < s->cluster_count; i++) {
		archdoc_diagram__cluster *c = &s->clusters[i];

		c->fill = map(c->fill, dark, 0);
		c->stroke = map(c->stroke, dark, 0);
		c->text = map(c->text, dark, 0);
	}
	for (size_t i = 0; i < s->edge_count; i++)
		s->edges[i].color = map(s->edges[i].color, dark, transparent);
}

/* Rules only through classes and data- attributes, so pages can restyle.
 * Written without :is() so older SVG renderers keep every rule. */
static const char rules[] =
	"svg.archdoc .background{fill:var(--archdoc-background)}\n"
	"svg.archdoc .boundary .frame{fill:var(--archdoc-boundary-fill);stroke:var(--archdoc-boundary-stroke)}\n"
	"svg.archdoc .boundary .frame.inner{fill:var(--archdoc-boundary-fill-inner)}\n"
	"svg.archdoc .boundary text{fill:var(--archdoc-boundary-text)}\n"
	"svg.archdoc .component .shape,svg.archdoc .legend-component .shape"
	"{fill:var(--archdoc-node-fill);stroke:var(--archdoc-node-stroke)}\n"
	"svg.archdoc .component .shape-line,svg.archdoc .legend-component .shape-line"
	"{fill:none;stroke:var(--archdoc-node-stroke)}\n"
	"svg.archdoc .component text,svg.archdoc .legend text,svg.archdoc .legend-text text,"
	"svg.archdoc .legend-component text{fill:var(--archdoc-text)}\n"
	"svg.archdoc .caption text{fill:var(--archdoc-caption)}\n";

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
	"svg.archdoc .legend .frame{fill:var(--archdoc-background);stroke:var(--archdoc-boundary-stroke)}\n"
	"svg.archdoc .legend-badge .shape{fill:var(--archdoc-badge-fill);stroke:var(--archdoc-badge-fill)}\n"
	"svg.archdoc .legend-badge text{fill:var(--archdoc-badge-text)}\n"
	"svg.archdoc .legend-boundary .shape,svg.archdoc .legend-boundary-inner .shape"
	"{fill:var(--archdoc-boundary-fill);stroke:var(--archdoc-boundary-stroke)}\n"
	"svg.archdoc .legend-boundary-inner .shape{fill:var(--archdoc-boundary-fill-inner)}\n"
	"svg.archdoc .legend-boundary text,svg.archdoc .legend-boundary-inner text{fill:var(--archdoc-boundary-text)}\n";

/* A diff: each mark in its colour, told apart by more than colour too
 * (changes.c draws the same in PNG and PDF): added lines bold, removed
 * ones dashed, a changed badge with a second ring; unchanged ones thin and
 * muted. Hover and :target still highlight. */
static const char rules_diff[] =
	"svg.archdoc .connection.unchanged .line{stroke:var(--archdoc-unchanged)}\n"
	"svg.archdoc .connection.unchanged .arrow,svg.archdoc .connection.unchanged .badge"
	"{fill:var(--archdoc-unchanged);stroke:var(--archdoc-unchanged)}\n"
	"svg.archdoc .connection.added .line{stroke:var(--archdoc-added)}\n"
	"svg.archdoc .connection.added .arrow,svg.archdoc .connection.added .badge"
	"{fill:var(--archdoc-added);stroke:var(--archdoc-added)}\n"
	"svg.archdoc .connection.removed .line{stroke:var(--archdoc-removed)}\n"
	"svg.archdoc .connection.removed .arrow,svg.archdoc .connection.removed .badge"
	"{fill:var(--archdoc-removed);stroke:var(--archdoc-removed)}\n"
	"svg.archdoc .connection.changed .line{stroke:var(--archdoc-changed)}\n"
	"svg.archdoc .connection.changed .arrow,svg.archdoc .connection.changed .badge"
	"{fill:var(--archdoc-changed);stroke:var(--archdoc-changed)}\n"
	"svg.archdoc .connection .badge-ring{fill:none;stroke:var(--archdoc-changed)}\n"
	"svg.archdoc .legend-added .shape{fill:var(--archdoc-added);stroke:var(--archdoc-added)}\n"
	"svg.archdoc .legend-removed .shape{fill:var(--archdoc-removed);stroke:var(--archdoc-removed)}\n"
	"svg.archdoc .legend-changed .shape{fill:var(--archdoc-changed);stroke:var(--archdoc-changed)}\n"
	"svg.archdoc .legend-changed .shape-line{fill:none;stroke:var(--archdoc-changed)}\n"
	"svg.archdoc .legend-unchanged .shape{fill:var(--archdoc-unchanged);stroke:var(--archdoc-unchanged)}\n"
	"svg.archdoc .legend-added text,svg.archdoc .legend-removed text,svg.archdoc .legend-changed text,"
	"svg.archdoc .legend-unchanged text{fill:var(--archdoc-badge-text)}\n"
	"svg.archdoc .connection .line.end-added{stroke:var(--archdoc-added)}\n"
	"svg.archdoc .connection .arrow.end-added{fill:var(--archdoc-added);stroke:var(--archdoc-added)}\n"
	"svg.archdoc .connection .line.end-removed{stroke:var(--archdoc-removed)}\n"
	"svg.archdoc .connection .arrow.end-removed{fill:var(--archdoc-removed);stroke:var(--archdoc-removed)}\n"
	"svg.archdoc .component.unchanged .shape,svg.archdoc .component.unchanged .shape-line"
	"{stroke:var(--archdoc-unchanged)}\n"
	"svg.archdoc .component.added .shape,svg.archdoc .component.added .shape-line,"
	"svg.archdoc .boundary.added .frame{stroke:var(--archdoc-added)}\n"
	"svg.archdoc .component.removed .shape,svg.archdoc .component.removed .shape-line,"
	"svg.archdoc .boundary.removed .frame{stroke:var(--archdoc-removed)}\n"
	"svg.archdoc .component.changed .shape,svg.archdoc .component.changed .shape-line,"
	"svg.archdoc .boundary.changed .frame{stroke:var(--archdoc-changed)}\n"
	"svg.archdoc .connection.added:hover .line,svg.archdoc .connection.removed:hover .line,"
	"svg.archdoc .connection.changed:hover .line,svg.archdoc .connection.unchanged:hover .line"
	"{stroke:var(--archdoc-highlight)}\n";

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
		archdoc_buf_printf(b, "%ssvg.archdoc .component[data-kind=%s] %s,svg.archdoc .legend-component[data-kind=%s] %s",
				k ? "," : "", families[f].kinds[k], part, families[f].kinds[k], part);
	archdoc_buf_printf(b, "{%s}\n", decl);
}

void archdoc_diagram__theme_css(archdoc_buf *b, int dark, int transparent, int diff)
{
	archdoc_buf_putc(b, '\n');
	vars(b, dark, transparent, diff);
	archdoc_buf_puts(b, dark ? "\n@media (prefers-color-scheme: light){" : "\n@media (prefers-color-scheme: dark){");
	vars(b, !dark, transparent, diff);
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
	if (diff)
		archdoc_buf_puts(b, rules_diff);
}
