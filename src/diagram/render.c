/*
 * archdoc_diagram_render: check the options, then build -> layout -> route
 * -> legend -> draw (-> the format's finish). Nothing partial is ever
 * returned. The layout search (candidate, lay_out) runs once per model and
 * layout text; its winner is kept in the cache (cache.c). The options and
 * the strategies are read in options.c, the formats in formats.c.
 */
#include "archdoc/render.h"

#include <stdint.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "archdoc/errors.h"
#include "buf.h"
#include "cache.h"
#include "diag.h"
#include "diagram.h"
#include "theme.h"
#include "format.h"
#include "hash.h"
#include "model.h"
#include "quality.h"
#include "timing.h"
#include "workers.h"

/* A PNG is drawn on a 4-byte-per-pixel bitmap held whole in memory (cairo
 * via Graphviz), so its area bounds the memory a small model can make
 * render take (docs/security.md gives the measured peak at the limit). */
#define MAX_PIXELS ((double)16384)          /* per side of a PNG */
#define MAX_PNG_AREA ((double)40000000)     /* pixels of a PNG: 40 megapixels */

/* ",key=v" with v to two decimals (the search sets 0, 0.55, 0.6): integers,
 * so no locale's decimal comma; trailing zeros dropped ("0", "0.5") */
static void put_hundredths(archdoc_buf *b, const char *key, double v)
{
	int h = (int)(v * 100 + 0.5);

	archdoc_buf_printf(b, ",%s=%d.%02d", key, h / 100, h % 100);
	while (b->len && b->ptr[b->len - 1] == '0' && !b->failed)
		b->ptr[--b->len] = '\0';
	if (b->len && b->ptr[b->len - 1] == '.' && !b->failed)
		b->ptr[--b->len] = '\0';
}

/*
 * The layout text that draws candidate st with no search: the text the
 * search started from (its tuning kept) and every dimension it chose.
 * Parsed back, it gives the same candidate, so the same bytes.
 */
static char *pin_text(const char *text, const archdoc_diagram__strategy *base, const archdoc_diagram__strategy *st,
		const archdoc_diagram__scene *placed)
{
	archdoc_buf b = ARCHDOC_BUF_INIT;

	archdoc_buf_puts(&b, text && *text ? text : base->large ? "large" : "badges");
	if (base->badges && !base->large) {
		if (!base->fixed_order)
			archdoc_buf_printf(&b, ",order=%d", st->order);
		if (!base->fixed_flip)
			archdoc_buf_printf(&b, ",flip=%d", st->flip);
		if (!base->fixed_rankdir)
			archdoc_buf_printf(&b, ",rankdir=%s", st->params.rankdir_lr ? "LR" : "TB");
		if (!base->fixed_flat)
			archdoc_buf_printf(&b, ",flat=%d", st->params.flat);
		if (!base->fixed_ratio)
			put_hundredths(&b, "ratio", st->params.ratio);
		/* the gaps between ranks, when the search widened them */
		if (!base->fixed_ranksep && st->params.ranksep != base->params.ranksep)
			put_hundredths(&b, "ranksep", st->params.ranksep);
		/* what keeps the drawing in place when the model changes (pin.c) */
		if (!base->rows && placed) {
			archdoc_buf_printf(&b, ",shape=%016llx,rows=", placed->shape);
			archdoc_diagram__pin_rows_text(&b, placed);
		}
	}
	if (b.failed) {
		archdoc_buf_free(&b);
		return NULL;
	}
	return archdoc_buf_detach(&b, NULL);
}

static unsigned blocked_titles(const archdoc_diagram__scene *s)
{
	unsigned n = 0;

	for (size_t i = 0; i < s->cluster_count; i++)
		n += s->clusters[i].title_blocked != 0;
	return n;
}

/* Build, place and route one candidate; a drawing more than twice as wide
 * as tall is placed again with its ranks stretched (st's ratio then says
 * so) before any title gets a row of its own. */
static int candidate(archdoc_context *ctx, const archdoc_diagram__engine *engine, const archdoc_model *m,
		archdoc_diagram__strategy *st, const archdoc_diagram_options *o,
		archdoc_diagram__scene **out)
{
	uint64_t t0 = archdoc__clock_ns();
	archdoc_diagram__scene *s = archdoc_diagram__scene_new();
	int rc;

	*out = NULL;
	if (!s)
		return ARCHDOC_ENOMEM;
	s->dpi = o->dpi;
	s->background = (o->flags & ARCHDOC_DIAGRAM_TRANSPARENT) ? "transparent" : "#ffffff";
	rc = archdoc_diagram__build(s, m, st);
	archdoc__phase_add(ctx, ARCHDOC_PHASE_GRAPH, t0);
	if (rc == 0)
		rc = engine->layout(ctx, s);     /* times its own graph, layout and read-back */
	if (rc == 0)
		archdoc_diagram__pin_drop(s);
	t0 = archdoc__clock_ns();
	if (rc == 0 && st->params.route)
		rc = archdoc_diagram__route(s, st);
	archdoc__phase_add(ctx, ARCHDOC_PHASE_ROUTE, t0);
	if (rc == 0 && !st->fixed_ratio && st->params.ratio == 0 && !st->params.pack) {
		archdoc_diagram__scene_bounds(s);
		if (s->x1 - s->x0 > 2 * (s->y1 - s->y0)) {
			archdoc_diagram__scene *tall = archdoc_diagram__scene_new();

			st->params.ratio = 0.55;
			if (!tall)
				rc = ARCHDOC_ENOMEM;
			if (rc == 0) {
				tall->dpi = s->dpi;
				tall->background = s->background;
				rc = archdoc_diagram__build(tall, m, st);
			}
			if (rc == 0)
				rc = engine->layout(ctx, tall);
			if (rc == 0) {
				archdoc_diagram__pin_drop(tall);
				t0 = archdoc__clock_ns();
				if (st->params.route)
					rc = archdoc_diagram__route(tall, st);
				archdoc__phase_add(ctx, ARCHDOC_PHASE_ROUTE, t0);
			}
			archdoc_diagram__scene_free(s);
			s = tall;
			if (!s) {
				return rc;
			}
		}
	}
	/* titles with no line-free place: lay out again with room for them
	 * (a new layout may block other titles: a few rounds, while they
	 * block fewer) */
	for (int round = 0; round < 4 && rc == 0 && st->params.route && !st->params.pack; round++) {
		archdoc_diagram__scene *again = archdoc_diagram__scene_new();
		int added = -1;

		if (again) {
			again->dpi = s->dpi;
			again->background = s->background;
			rc = archdoc_diagram__build(again, m, st);
			if (rc == 0)
				added = archdoc_diagram__title_rows_add(again, s);
		}
		if (!again || added < 0)
			rc = ARCHDOC_ENOMEM;
		if (rc == 0 && added > 0) {
			rc = engine->layout(ctx, again);
			if (rc == 0) {
				archdoc_diagram__title_rows_take(again);
				archdoc_diagram__pin_drop(again);
				rc = archdoc_diagram__route(again, st);
			}
			if (rc == 0) {
				if (blocked_titles(again) >= blocked_titles(s))
					added = 0;   /* no better: this round is the last */
				archdoc_diagram__scene_free(s);
				s = again;
				again = NULL;
			}
		}
		archdoc_diagram__scene_free(again);
		if (added <= 0)
			break;
	}
	/* what a reader could still misread, once, in the finished drawing */
	if (rc == 0 && st->nudge && st->params.route && !st->params.pack)
		rc = archdoc_diagram__reroute_misreads(s);
	if (rc < 0) {
		archdoc_diagram__scene_free(s);
		return rc;
	}
	archdoc_diagram__scene_bounds(s);
	*out = s;
	return 0;
}

/* How many layouts to try: SEARCH_BUDGET / lines², at most
 * SEARCH_MAX_TRIES, at least one. A try is a full Graphviz layout plus a
 * measure, both growing faster than linearly, so big models get few. */
#define SEARCH_BUDGET 30000
#define SEARCH_MAX_TRIES 48
/* ARCHDOC_DIAGRAM_QUICK_SEARCH: half the clean layouts a full search finds
 * are among its first six candidates */
#define QUICK_TRIES 6

/* Nothing a reader could misread: the first such candidate ends a quick
 * search. */
static int clean(const archdoc_diagram__score *sc)
{
	return !sc->tangled && !sc->through && !sc->ambiguous && !sc->label_node && !sc->through_title;
}

/* Finished drawing a over b: fewer misreadings, then the lower value. */
static int reads_better(const archdoc_diagram__score *a, const archdoc_diagram__score *b)
{
	unsigned ma = archdoc_diagram__misreads(a), mb = archdoc_diagram__misreads(b);

	return ma < mb || (ma == mb && a->value < b->value);
}

/* One try of the search: the strategy (as the candidate left it: a
 * too-wide drawing's ratio), its figures and its result. Written by
 * whichever process tried it (workers.h). */
typedef struct tried {
	archdoc_diagram__strategy st;
	archdoc_diagram__score score;
	int rc;
} tried;

typedef struct search {
	archdoc_context *ctx;
	const archdoc_diagram__engine *engine;
	const archdoc_model *m;
	const archdoc_diagram_options *o;
	archdoc_diagram__measurer *w;
	size_t conns;
	int measure, debug;
	const tried *todo;   /* the strategies to try, in order */
} search;

/* Try t->st: lay out, route, measure. The scene into *keep when asked
 * for, else freed. */
static int try_one(search *se, tried *t, archdoc_diagram__scene **keep)
{
	archdoc_diagram__scene *s = NULL;
	int rc;

	memset(&t->score, 0, sizeof(t->score));
	rc = candidate(se->ctx, se->engine, se->m, &t->st, se->o, &s);
	if (rc == 0 && (se->measure || se->debug)) {
		uint64_t t0 = archdoc__clock_ns();

		if (archdoc_diagram__measure(se->w, s, se->conns, &t->score) < 0)
			rc = ARCHDOC_ENOMEM;
		archdoc__phase_add(se->ctx, ARCHDOC_PHASE_SEARCH, t0);
	}
	if (rc == 0 && se->debug) {
		const archdoc_diagram__strategy *st = &t->st;
		const archdoc_diagram__score *sc = &t->score;

		fprintf(stderr, "candidate order=%d flip=%d lr=%d flat=%d ratio=%g: crossings=%u tangled=%u through=%u "
				"ambiguous=%u label_node=%u titles=%u heads=%u detours=%u %.0fx%.0f value=%.1f\n", st->order,
				st->flip, st->params.rankdir_lr, st->params.flat, st->params.ratio, sc->crossings, sc->tangled,
				sc->through, sc->ambiguous, sc->label_node, sc->through_title, sc->heads_crowded, sc->detours,
				sc->width, sc->height, sc->value);
	}
	if (keep && rc == 0)
		*keep = s;
	else
		archdoc_diagram__scene_free(s);
	t->rc = rc;
	return rc;
}

static void count_said(const archdoc_diag *d, void *payload)
{
	(void)d;
	++*(size_t *)payload;
}

/* A try shared out (workers.h), in this process or a fork. A try that
 * fails or has something to say is left for the search to make again in
 * order, here, so what the user reads is what one process would say. */
static int try_shared(size_t i, void *slot, void *payload)
{
	search *se = payload;
	archdoc_context *ctx = se->ctx;
	archdoc_diag_fn sink = ctx->sink;
	void *sink_payload = ctx->sink_payload;
	size_t max = ctx->max_diagnostics, given = ctx->diagnostics_given, said = 0;
	tried *t = slot;
	int rc;

	t->st = se->todo[i].st;
	ctx->sink = count_said;
	ctx->sink_payload = &said;
	ctx->max_diagnostics = 0;
	rc = try_one(se, t, NULL);
	ctx->sink = sink;
	ctx->sink_payload = sink_payload;
	ctx->max_diagnostics = max;
	ctx->diagnostics_given = given;
	return rc == 0 && !said ? 0 : -1;
}

/* The tries of the search in up to ctx->jobs processes, this one among
 * them; what they finished into res, done[i] set. Nothing when processes
 * cannot help. (A first diagram forks before any text was measured: no
 * process has pango's font thread yet, each loads the fonts itself.) */
static void try_apart(search *se, size_t count, tried *res, unsigned char *done)
{
	archdoc_workers *wk;

	if (se->ctx->jobs < 2 || count < 3 || se->debug)
		return;
	wk = archdoc_workers_new(count, sizeof(tried), 0);
	if (!wk)
		return;
	archdoc_workers_run(wk, 0, se->ctx->jobs, try_shared, se, 0);
	for (size_t i = 0; i < count; i++)
		if (archdoc_workers_done(wk, i)) {
			memcpy(&res[i], archdoc_workers_slot(wk, i), sizeof(res[i]));
			done[i] = 1;
		}
	archdoc_workers_free(wk);
}

/*
 * Lay the model out a few ways (top-down or left-right, connections inside
 * a boundary along a rank or not) and keep the most readable by
 * quality.c's figures; ties keep the earlier candidate, so the choice is
 * deterministic, and the same however many processes try them. A drawing
 * more than twice as wide as tall is laid out again with its ranks
 * stretched.
 */
static int lay_out(archdoc_context *ctx, const archdoc_diagram__engine *engine, const archdoc_model *m,
		const char *text, const archdoc_diagram__strategy *base, const archdoc_diagram_options *o,
		archdoc_diagram__scene **out, char **chosen)
{
	static const struct { int lr, flat, flip; } shapes[] = {
		{ 0, 1, 0 }, { 0, 1, 1 }, { 0, 0, 0 }, { 1, 1, 0 }, { 1, 1, 1 }, { 1, 0, 0 }
	};
	const size_t nshapes = sizeof(shapes) / sizeof(shapes[0]);
	size_t conns = archdoc_model_connection_count(m);
	archdoc_diagram__scene *best = NULL;
	archdoc_diagram__strategy best_st = *base;
	archdoc_diagram__measurer w = ARCHDOC_DIAGRAM_MEASURER_INIT;
	double best_value = 0;
	int rc = 0, have = 0;
	tried *res = NULL;
	unsigned char *done = NULL;
	size_t count = 0;

	*out = NULL;
	*chosen = NULL;
	size_t lines = 0;

	/* what a try costs grows with the lines drawn: merged parallels are one */
	for (size_t i = 0; i < conns; i++)
		lines += archdoc_connection__drawn_as(archdoc_model_connection(m, i)) == archdoc_model_connection(m, i);
	size_t budget = SEARCH_BUDGET / (lines ? lines * lines : 1);

	if (budget > SEARCH_MAX_TRIES)
		budget = SEARCH_MAX_TRIES;
	if (base->large)
		budget = 1;
	int quick = (o->flags & ARCHDOC_DIAGRAM_QUICK_SEARCH) != 0;

	if (quick && budget > QUICK_TRIES)
		budget = QUICK_TRIES;
	/* with one try there is nothing to compare: skip measuring (quadratic in
	 * the worst case) unless the debug output wants the figures */
	int single = budget <= 1 || !base->badges;
	size_t want = single ? 1 : budget;

	res = calloc(want, sizeof(*res));
	done = calloc(want, 1);
	if (!res || !done) {
		free(res);
		free(done);
		return ARCHDOC_ENOMEM;
	}
	/* the strategies to try, in order */
	for (size_t t = 0; t < nshapes * SEARCH_MAX_TRIES && count < want; t++) {
		archdoc_diagram__strategy st = *base;
		int order = (int)(t / nshapes);

		st.nudge = single;     /* one try: it is the drawing */
		if (!base->fixed_rankdir)
			st.params.rankdir_lr = shapes[t % nshapes].lr;
		else if (shapes[t % nshapes].lr != base->params.rankdir_lr)
			continue;
		if (!base->fixed_flat)
			st.params.flat = shapes[t % nshapes].flat;
		else if (shapes[t % nshapes].flat != base->params.flat)
			continue;
		if (!base->fixed_flip)
			st.flip = shapes[t % nshapes].flip;
		else if (shapes[t % nshapes].flip != base->flip)
			continue;
		if (!base->fixed_order)
			st.order = order;
		else if (order != base->order)
			continue;
		res[count++].st = st;
	}
	search se = { ctx, engine, m, o, &w, conns, !single, getenv("ARCHDOC_DIAGRAM_DEBUG") != NULL, NULL };
	tried *todo = malloc((count ? count : 1) * sizeof(*todo));

	if (!todo)
		rc = ARCHDOC_ENOMEM;
	else
		memcpy(todo, res, count * sizeof(*todo));
	se.todo = todo;
	/* one try: it is the drawing. Else the tries shared out (not in a
	 * quick search: it mostly ends at its first or second try, sharing
	 * out would make all of them), then every result in order, each one
	 * not yet had tried here */
	if (rc == 0 && count && single) {
		rc = try_one(&se, &res[0], &best);
		done[0] = 1;
	}
	if (rc == 0 && !single && !quick)
		try_apart(&se, count, res, done);
	for (size_t i = 0; i < count && rc == 0; i++) {
		if (!done[i]) {
			res[i].st = todo[i].st;
			rc = try_one(&se, &res[i], NULL);
			if (rc < 0)
				break;
		}
		int take = quick && !single && clean(&res[i].score);

		if (!have || res[i].score.value < best_value || take) {
			have = 1;
			best_st = res[i].st;
			best_value = res[i].score.value;
		}
		if (take)
			break;
	}
	free(todo);
	free(res);
	free(done);
	archdoc_diagram__measurer_fini(&w);
	if (rc == 0 && have && !single) {
		/* the chosen layout again, its lines pushed apart where they run
		 * together: once, not for every try (a pin of it draws the same) */
		archdoc_diagram__scene *s = NULL;

		best_st.nudge = 1;
		rc = candidate(ctx, engine, m, &best_st, o, &s);
		if (rc == 0) {
			archdoc_diagram__scene_free(best);
			best = s;
		}
	}
	if (rc == 0 && best && !single && !base->fixed_ranksep) {
		/* lines that still run together mostly share a gap between two
		 * ranks too narrow for them: the chosen layout once more with
		 * the gaps twice as wide, kept when it measures better */
		archdoc_diagram__score now, wide;

		if (archdoc_diagram__measure_exact(best, conns, &now) < 0) {
			rc = ARCHDOC_ENOMEM;
		} else if (now.tangled) {
			archdoc_diagram__strategy st = best_st;
			archdoc_diagram__scene *s = NULL;

			st.params.ranksep *= 2;
			rc = candidate(ctx, engine, m, &st, o, &s);
			if (rc == 0 && archdoc_diagram__measure_exact(s, conns, &wide) < 0)
				rc = ARCHDOC_ENOMEM;
			if (rc == 0 && reads_better(&wide, &now)) {
				archdoc_diagram__scene_free(best);
				best = s;
				best_st = st;
			} else {
				archdoc_diagram__scene_free(s);
			}
		}
	}
	if (rc < 0) {
		archdoc_diagram__scene_free(best);
		return rc;
	}
	if (!best)
		return ARCHDOC_ERENDER;
	*chosen = pin_text(text, base, &best_st, best);
	if (!*chosen) {
		archdoc_diagram__scene_free(best);
		return ARCHDOC_ENOMEM;
	}
	*out = best;
	return 0;
}

static int usage(archdoc_context *ctx, const archdoc_model *m, const char *what, const char *why)
{
	archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "usage", archdoc__nowhere(archdoc_model_source(m)),
			"%s: %s", what, why);
	return ARCHDOC_EUSAGE;
}

/*
 * The layout of m for the layout text (never NULL; "" searches) and the
 * label detail: from the context's cache, or searched and then cached.
 * *s_out (when asked for) is the caller's own copy to draw; *chosen_out
 * (when asked for) the text that draws the same layout with no search.
 */
static int choose(archdoc_context *ctx, const archdoc_diagram__engine *engine, const archdoc_model *m,
		const char *text, const archdoc_diagram_options *o, archdoc_diagram__scene **s_out, char **chosen_out)
{
	archdoc_diagram__strategy st;
	archdoc_diagram__scene *s = NULL;
	char *chosen = NULL;
	const char *why = archdoc_diagram__strategy_parse(&st, text);
	uint64_t hash;
	cache_entry *hit;
	int rc = 0;

	if (why)
		return usage(ctx, m, "layout", why);
	/* big models: the large strategy unless a layout was chosen */
	if (!*text && archdoc_model_connection_count(m) > ARCHDOC_DIAGRAM_LARGE_CONNECTIONS)
		archdoc_diagram__strategy_large(&st);
	st.label = o->label;
	hash = archdoc_fnv1a(ARCHDOC_FNV1A_BASIS, m->source.data, m->source.len);
	hit = archdoc_diagram__cache_find(ctx, m, text, (int)o->label, hash);
	if (!hit) {
		rc = lay_out(ctx, engine, m, text, &st, o, &s, &chosen);
		if (rc < 0)
			return rc;
		if (archdoc_diagram__cache_put(ctx, m, text, (int)o->label, hash, s, chosen) == 0) {
			hit = archdoc_diagram__cache_find(ctx, m, text, (int)o->label, hash);
			s = NULL;
			chosen = NULL;
		}
	} else if (getenv("ARCHDOC_DIAGRAM_DEBUG")) {
		fprintf(stderr, "layout from the cache\n");
	}
	if (hit) {
		/* draw a copy: the legend adds to it, the cached layout stays */
		if (s_out) {
			uint64_t t0 = archdoc__clock_ns();

			s = archdoc_diagram__scene_borrow(hit->scene);
			archdoc__phase_add(ctx, ARCHDOC_PHASE_GRAPH, t0);
			if (!s)
				rc = ARCHDOC_ENOMEM;
		}
		if (chosen_out && rc == 0 && !(chosen = strdup(hit->chosen)))
			rc = ARCHDOC_ENOMEM;
	}
	if (rc == 0 && s_out) {
		*s_out = s;
		s = NULL;
	}
	if (rc == 0 && chosen_out) {
		*chosen_out = chosen;
		chosen = NULL;
	}
	archdoc_diagram__scene_free(s);
	free(chosen);
	return rc;
}

int archdoc_diagram_layout(char **out, archdoc_context *ctx, const archdoc_model *m,
		const archdoc_diagram_options *opts)
{
	archdoc_diagram_options o = ARCHDOC_DIAGRAM_OPTIONS_INIT;

	*out = NULL;
	if (opts) {
		if (opts->version != ARCHDOC_DIAGRAM_OPTIONS_VERSION)
			return usage(ctx, m, "diagram options", "unknown options version");
		o = *opts;
	}
	if ((unsigned)o.label > ARCHDOC_DIAGRAM_LABEL_NUMBER_PROTOCOL_PORT)
		return usage(ctx, m, "label", "unknown label detail");
	if (o.dpi == 0)
		o.dpi = 96;
	/* what the search chooses: the model's own pin is not consulted */
	return choose(ctx, &archdoc_diagram__graphviz, m, o.layout ? o.layout : "", &o, NULL, out);
}

int archdoc_diagram__figures(archdoc_context *ctx, const archdoc_model *m, const archdoc_diagram_options *opts,
		archdoc_diagram__score *out)
{
	archdoc_diagram_options o = ARCHDOC_DIAGRAM_OPTIONS_INIT;
	archdoc_diagram__scene *s = NULL;
	const char *pin = archdoc_model_diagram_layout(m);
	int rc;

	if (opts)
		o = *opts;
	rc = choose(ctx, &archdoc_diagram__graphviz, m, o.layout && *o.layout ? o.layout : pin ? pin : "", &o, &s,
			NULL);
	if (rc < 0)
		return rc;
	rc = archdoc_diagram__measure_exact(s, archdoc_model_connection_count(m), out) < 0 ? ARCHDOC_ENOMEM : 0;
	archdoc_diagram__scene_free(s);
	return rc;
}

int archdoc_diagram_render(char **out, size_t *out_len, archdoc_context *ctx,
		const archdoc_model *m, const archdoc_diagram_options *opts)
{
	const archdoc_diagram__engine *engine = &archdoc_diagram__graphviz;
	archdoc_diagram_options o = ARCHDOC_DIAGRAM_OPTIONS_INIT;
	const archdoc_diagram__format *format;
	archdoc_diagram__scene *s = NULL;
	const char *why;
	char *raw = NULL;
	size_t raw_len = 0;
	int rc;

	*out = NULL;
	*out_len = 0;
	if (opts) {
		if (opts->version != ARCHDOC_DIAGRAM_OPTIONS_VERSION)
			return usage(ctx, m, "diagram options", "unknown options version");
		o = *opts;
	}
	format = archdoc_diagram__format_of(o.format);
	if (!format) {
		char known[160];

		archdoc_diagram__format_list(known, sizeof(known), "unknown format (known: ", ")");
		return usage(ctx, m, "format", known);
	}
	if ((unsigned)o.label > ARCHDOC_DIAGRAM_LABEL_NUMBER_PROTOCOL_PORT)
		return usage(ctx, m, "label", "unknown label detail");
	if (o.dpi == 0)
		o.dpi = format->default_dpi;
	if (o.dpi < 18 || o.dpi > 1200)
		return usage(ctx, m, "dpi", "must be between 18 and 1200");
	why = archdoc_diagram_check_link_base(o.link_base);
	if (why)
		return usage(ctx, m, "link base", why);
	{
		/* --layout first, then the model's pin; neither: search */
		const char *pin = archdoc_model_diagram_layout(m);
		const char *text = o.layout && *o.layout ? o.layout : pin ? pin : "";

		rc = choose(ctx, engine, m, text, &o, &s, NULL);
		if (rc < 0)
			goto done;
		s->dpi = o.dpi;
		s->background = (o.flags & ARCHDOC_DIAGRAM_TRANSPARENT) ? "transparent"
			: archdoc_diagram__theme_colour(ARCHDOC_C_BACKGROUND, (o.flags & ARCHDOC_DIAGRAM_DARK) != 0);
	}
	/* a diff always explains its marks */
	if ((o.flags & ARCHDOC_DIAGRAM_LEGEND) || m->diff) {
		rc = archdoc_diagram__legend(ctx, engine, s, m, o.label);
		if (rc < 0)
			goto done;
	}
	if (!(o.flags & ARCHDOC_DIAGRAM_NO_TITLE)) {
		rc = archdoc_diagram__caption(ctx, engine, s, m);
		if (rc < 0)
			goto done;
	}
	archdoc_diagram__theme_apply(s, (o.flags & ARCHDOC_DIAGRAM_DARK) != 0,
			(o.flags & ARCHDOC_DIAGRAM_TRANSPARENT) != 0);
	archdoc_diagram__scene_bounds(s);
	if (format->bitmap) {
		double w = (s->x1 - s->x0) * o.dpi / 72.0, h = (s->y1 - s->y0) * o.dpi / 72.0;

		if ((w > MAX_PIXELS || h > MAX_PIXELS || w * h > MAX_PNG_AREA) && (o.flags & ARCHDOC_DIAGRAM_FIT_BUDGET)) {
			/* the largest dpi whose picture fits, by side and by area, with
			 * room for the margin Graphviz adds (pad, 0.1 inch a side) */
			double pw = w + 0.2 * o.dpi, ph = h + 0.2 * o.dpi;
			double f = fmin(fmin(MAX_PIXELS / pw, MAX_PIXELS / ph), sqrt(MAX_PNG_AREA / (pw * ph))) * 0.99;
			unsigned dpi = (unsigned)floor(o.dpi * f);

			if (dpi >= 18) {
				archdoc__diag(ctx, ARCHDOC_SEVERITY_WARNING, "limit", archdoc__nowhere(archdoc_model_source(m)),
						"the %s would be %.0f x %.0f pixels at %u dpi, over the limit of %.0f megapixels "
						"and %.0f pixels a side; drawn at %u dpi instead (svg and pdf have every detail)",
						format->title, w, h, o.dpi, MAX_PNG_AREA / 1e6, MAX_PIXELS, dpi);
				o.dpi = dpi;
				s->dpi = dpi;
				w = (s->x1 - s->x0) * o.dpi / 72.0;
				h = (s->y1 - s->y0) * o.dpi / 72.0;
			}
		}
		if (w > MAX_PIXELS || h > MAX_PIXELS || w * h > MAX_PNG_AREA) {
			archdoc__diag(ctx, ARCHDOC_SEVERITY_ERROR, "limit", archdoc__nowhere(archdoc_model_source(m)),
					"the %s would be %.0f x %.0f pixels (%.1f megapixels), over the limit of "
					"%.0f megapixels and %.0f pixels a side; lower --dpi (now %u), split the "
					"model into smaller views, or use svg or pdf", format->title,
					w, h, w * h / 1e6, MAX_PNG_AREA / 1e6, MAX_PIXELS, o.dpi);
			rc = ARCHDOC_ELIMIT;
			goto done;
		}
	}
	rc = engine->render(ctx, s, format, &raw, &raw_len);
	if (rc < 0)
		goto done;
	if (format->finish) {
		rc = format->finish(ctx, m, s, &o, raw, raw_len, out, out_len);
	} else {
		*out = raw;
		*out_len = raw_len;
	}
	raw = NULL;
done:
	free(raw);
	archdoc_diagram__scene_free(s);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*out_len = 0;
	}
	return rc;
}
