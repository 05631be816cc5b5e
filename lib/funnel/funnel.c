/*
 * funnel: tgt-funnel's run: settings, levels, and the order of the work;
 * see funnel.h.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "conf.h"
#include "funnel.h"
#include "funnelagg.h"
#include "funnelcalc.h"
#include "num.h"
#include "period.h"
#include "util.h"

/* The run: freed by free_run, also when a die() exits. */
static struct frun run;

void
fagg_init(struct fagg *a, size_t nstages)
{
	memset(a, 0, sizeof(*a));
	a->reached = xcalloc(nstages + 1, sizeof(*a->reached));
	a->stalled = xcalloc(nstages + 1, sizeof(*a->stalled));
	a->has_amount = true;
}

void
fagg_free(struct fagg *a)
{
	free(a->reached);
	free(a->stalled);
}

static void
add64(int64_t *into, int64_t v)
{
	if (__builtin_add_overflow(*into, v, into))
		die("a count overflows");
}

void
fagg_merge(struct fagg *into, const struct fagg *from, size_t nstages)
{
	for (size_t s = 0; s <= nstages; s++) {
		add64(&into->reached[s], from->reached[s]);
		add64(&into->stalled[s], from->stalled[s]);
	}
	add64(&into->won, from->won);
	add64(&into->won_days, from->won_days);
	if (num_add(into->won_amount, from->won_amount, &into->won_amount) < 0)
		die("a sum of won amounts overflows");
	into->has_amount &= from->has_amount;
}

void
flevel_init(struct flevel *l, uint32_t mask, size_t nkeys)
{
	memset(l, 0, sizeof(*l));
	l->mask = mask;
	keymap_init(&l->keys, nkeys);
	keymap_init(&l->groups, nkeys + 1);
}

void
flevel_free(struct flevel *l, size_t nkeys)
{
	(void)nkeys;
	for (size_t k = 0; k < l->keys.count; k++)
		fagg_free(&l->total[k]);
	for (size_t g = 0; g < l->ng; g++)
		fagg_free(&l->g[g].a);
	free(l->total);
	free(l->g);
	keymap_free(&l->keys);
	keymap_free(&l->groups);
}

const char *
flevel_cell(const struct flevel *l, size_t k, size_t i)
{
	return keymap_cell(&l->keys, k, i);
}

/* The key index of cell[0..nkeys) in l, with its total, added when new. */
static size_t
level_key(struct flevel *l, const char *const *cell, const size_t *len,
    size_t nstages)
{
	bool added;
	size_t k = keymap_add(&l->keys, cell, len, &added);

	if (added) {
		if (k == l->tcap) {
			l->tcap = l->tcap ? 2 * l->tcap : 16;
			l->total = xreallocarray(l->total, l->tcap,
			    sizeof(*l->total));
		}
		fagg_init(&l->total[k], nstages);
	}
	return k;
}

/* A period start as 8 hex digits: a cell of the group key, cheaper than
 * a label (no --by: every row has the same, empty cell). */
static void
period_cell(const struct period *p, char *buf, size_t *len, bool by)
{
	static const char hex[] = "0123456789abcdef";
	uint32_t v = (uint32_t)p->start;

	*len = 0;
	if (!by)
		return;
	for (int i = 7; i >= 0; i--) {
		buf[i] = hex[v & 15];
		v >>= 4;
	}
	*len = 8;
}

struct fgroup *
flevel_find(const struct flevel *l, const char **cell, size_t *len,
    size_t nkeys, const struct period *p)
{
	char pc[8];
	long g;

	period_cell(p, pc, &len[nkeys], p->gran != G_RANGE || p->start != 0);
	cell[nkeys] = pc;
	g = keymap_find(&l->groups, cell, len);
	return g < 0 ? NULL : &l->g[g];
}

struct fgroup *
flevel_group(struct flevel *l, const char **cell, size_t *len, size_t nkeys,
    const struct period *p, size_t nstages)
{
	char pc[8];
	bool added;
	size_t g;

	period_cell(p, pc, &len[nkeys], p->gran != G_RANGE || p->start != 0);
	cell[nkeys] = pc;
	g = keymap_add(&l->groups, cell, len, &added);
	if (added) {
		if (l->ng == l->gcap) {
			l->gcap = l->gcap ? 2 * l->gcap : 16;
			l->g = xreallocarray(l->g, l->gcap, sizeof(*l->g));
		}
		memset(&l->g[g], 0, sizeof(l->g[g]));
		l->g[g].key = level_key(l, cell, len, nstages);
		l->g[g].per = *p;
		fagg_init(&l->g[g].a, nstages);
		l->ng++;
	}
	return &l->g[g];
}

/* ----- settings ----- */

static void
check_stages(struct frun *r, const char *list)
{
	const char *file = r->stages_line ? r->conf.path : NULL;

	const char *hint = "";

	r->stages = split_list(list, &r->nstages);
	if (r->nstages < 2) {
		/* 线索，商机 typed with a full-width comma is one stage. */
		if (strstr(list, "，") != NULL || strstr(list, "、") != NULL)
			hint = " (separate them with ASCII commas)";
		if (file != NULL)
			die_at(file, r->stages_line, "[funnel] stages: a "
			    "funnel needs at least two stages, got %zu%s",
			    r->nstages, hint);
		die_usage("--stages: a funnel needs at least two stages, "
		    "got %zu%s", r->nstages, hint);
	}
	for (size_t i = 0; i < r->nstages; i++)
		for (size_t j = 0; j < i; j++) {
			if (strcmp(r->stages[i], r->stages[j]) != 0)
				continue;
			if (file != NULL)
				die_at(file, r->stages_line, "[funnel] stages: "
				    "stage \"%s\" is listed twice",
				    r->stages[i]);
			die_usage("--stages: stage \"%s\" is listed twice",
			    r->stages[i]);
		}
	if (r->o->other)
		for (size_t i = 0; i < r->nstages; i++)
			if (ascii_casecmp(r->stages[i], "other") == 0)
				die_usage("--other: a stage is named \"%s\"; "
				    "--other writes such a row itself",
				    r->stages[i]);
}

static void
set_stages(struct frun *r)
{
	const char *list = r->o->stages;

	if (list == NULL) {
		list = conf_get(&r->conf, "funnel", "stages", &r->stages_line);
		if (list == NULL)
			die_usage("no stages: give [funnel] stages = 线索, 商机, "
			    "... in the config or --stages");
	}
	check_stages(r, list);
}

/* [funnel] benchmark = 30%, 50%, ...: one rate per step. */
static void
set_benchmark(struct frun *r)
{
	long line;
	const char *v = conf_get(&r->conf, "funnel", "benchmark", &line);
	size_t n;
	char **rates;

	if (v == NULL)
		return;
	rates = split_list(v, &n);
	if (n != r->nstages - 1) {
		free_list(rates);
		die_at(r->conf.path, line, "[funnel] benchmark: %zu rates for "
		    "%zu steps between the %zu stages", n, r->nstages - 1,
		    r->nstages);
	}
	r->bench = xcalloc(r->nstages, sizeof(*r->bench));
	r->bench[0] = FUNNEL_NONE;
	for (size_t i = 0; i < n; i++) {
		num_t x;

		if (num_parse(rates[i], strlen(rates[i]), r->conf.decimal,
		    &x) != NUM_OK || x < 0 || x > NUM_SCALE) {
			char *bad = xstrdup(rates[i]);

			free_list(rates);
			die_at(r->conf.path, line, "[funnel] benchmark: \"%s\" "
			    "is not a rate between 0%% and 100%% (write 30%% "
			    "or 0.3)", bad);
		}
		r->bench[i + 1] = (x + 5) / 10;	/* 1e-4 -> tenths of % */
	}
	free_list(rates);
}

static void
set_by(struct frun *r)
{
	int g;

	if (r->o->by == NULL)
		return;
	g = gran_parse(r->o->by);
	if (g < 0 || g == G_RANGE)
		die_usage("--by: \"%s\" is not day, week, month, quarter, "
		    "half or year", r->o->by);
	r->has_by = true;
	r->by = (enum gran)g;
}

/* Everything the run holds; also the cleanup a die() runs. */
static void
free_run(void *arg)
{
	struct frun *r = arg;

	if (r->in != NULL)
		csvin_close(r->in);
	free(r->colkey);
	if (r->tg_loaded)
		table_free(&r->tg_table);
	free(r->tg_key_of);
	flevel_free(&r->fine, r->nkeys);
	for (size_t i = 0; i < r->nlevels; i++)
		flevel_free(&r->levels[i], r->nkeys);
	free(r->levels);
	free_list(r->stages);
	free_list(r->keys);
	free(r->bench);
	free(r->cell);
	free(r->len);
	for (size_t i = 0; i < r->ntg; i++)
		free_list(r->tg[i].cells);
	free(r->tg);
	free(r->tg_file);
	conf_free(&r->conf);
	memset(r, 0, sizeof(*r));
}

int
funnel_run(const struct funnel_opts *o, int nfiles, char *const *files)
{
	struct frun *r = &run;
	int h;

	memset(r, 0, sizeof(*r));
	r->o = o;
	cli_setup(&o->cm, &r->conf, &r->in_opts);
	/* Bad data dies: free what the run holds on the way out. */
	h = tgt_cleanup_add(free_run, r);
	r->asof = cli_asof(&o->cm, &r->conf);
	set_stages(r);
	set_benchmark(r);
	set_by(r);
	funnel_read(r, nfiles, files);
	funnel_write(r);
	tgt_cleanup_remove(h);
	free_run(r);
	return TGT_EXIT_OK;
}
