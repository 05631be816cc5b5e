/*
 * funnelout: tgt-funnel's output.  The rows read are summed into the
 * --rollup levels and the grand total, the --target rows are attached to
 * their groups, and every group is written as one row per stage.
 */
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "funnelagg.h"
#include "funnelcalc.h"
#include "keymap.h"
#include "num.h"
#include "period.h"
#include "sbuf.h"
#include "table.h"
#include "util.h"

/* ----- --target ----- */

static int
key_index(const struct frun *r, const char *name)
{
	for (size_t i = 0; i < r->nkeys; i++)
		if (ascii_casecmp(r->keys[i], name) == 0)
			return (int)i;
	return -1;
}

/* "East, Alice" for a message: the key cells that are not "*". */
static char *
key_label(const struct frun *r, char *const *cells)
{
	struct sbuf b = { NULL, 0, 0 };

	for (size_t j = 0; j < r->nkeys; j++) {
		if (strcmp(cells[j], "*") == 0)
			continue;
		if (b.len > 0)
			sbuf_adds(&b, ", ");
		sbuf_adds(&b, cells[j]);
	}
	if (b.s == NULL)
		sbuf_adds(&b, "the total");
	return b.s;
}

/* The granularity every target period must have: --by, or the first
 * row's (then --by is set from it). */
static void
check_target_period(struct frun *r, const struct table *t, size_t i,
    const struct period *p)
{
	char lab[PERIOD_FMT_MAX];

	if (p->gran == G_RANGE)
		die_at(t->file, t->lines[i], "period %s is not a day, week, "
		    "month, quarter, half or year", period_format(p,
		    &r->conf.fy, lab));
	if (!r->has_by) {
		r->has_by = true;
		r->by = p->gran;
	}
	if (p->gran != r->by)
		die_at(t->file, t->lines[i], "period %s is not a %s (%s)",
		    period_format(p, &r->conf.fy, lab), gran_name(r->by),
		    r->o->by != NULL ? "--by" : "the first target's period");
}

static void
load_target_row(struct frun *r, const struct table *t, size_t i,
    const int *key_of, int pc, int tc)
{
	struct ftarget *ft = &r->tg[r->ntg++];
	const char *s = t->rows[i][pc], *why;
	size_t len;

	ft->line = t->lines[i];
	ft->cells = xcalloc(r->nkeys + 1, sizeof(*ft->cells));
	for (size_t k = 0; k < r->nkeys; k++)
		ft->cells[k] = xstrdup("*");
	for (size_t j = 0; j < t->ncols; j++) {
		const char *v;

		if (key_of[j] < 0)
			continue;
		len = strlen(t->rows[i][j]);
		v = trim_span(t->rows[i][j], &len);
		if (len == 0 || (len == 1 && v[0] == '*'))
			continue;
		free(ft->cells[key_of[j]]);
		ft->cells[key_of[j]] = xstrndup(v, len);
		ft->mask |= UINT32_C(1) << key_of[j];
	}
	len = strlen(s);
	s = trim_span(s, &len);
	if ((why = period_parse(s, len, &r->conf.fy, r->conf.date_order,
	    &ft->per)) != NULL)
		die_at(t->file, t->lines[i], "column \"period\": cannot read "
		    "\"%.*s\" as a period: %s", (int)len, s, why);
	check_target_period(r, t, i, &ft->per);
	len = strlen(t->rows[i][tc]);
	s = trim_span(t->rows[i][tc], &len);
	if (num_parse(s, len, r->conf.decimal, &ft->target) != NUM_OK)
		die_at(t->file, t->lines[i], "column \"target\": cannot read "
		    "\"%.*s\" as a number", (int)len, s);
	if (ft->target < 0)
		die_at(t->file, t->lines[i], "column \"target\": a negative "
		    "target");
}

void
funnel_targets_load(struct frun *r)
{
	struct table *tp = &r->tg_table;
	int pc, tc, *key_of;

	if (r->o->target == NULL)
		return;
	table_load(tp, r->o->target, &r->in_opts);
	r->tg_loaded = true;
	r->tg_file = xstrdup(tp->file);
	pc = table_col_req(tp, &r->conf, "period");
	tc = table_col_req(tp, &r->conf, "target");
	key_of = r->tg_key_of = xcalloc(tp->ncols + 1, sizeof(*key_of));
	for (size_t j = 0; j < tp->ncols; j++) {
		key_of[j] = -1;
		if ((int)j == pc || (int)j == tc)
			continue;
		key_of[j] = key_index(r, table_canon(&r->conf, tp->cols[j]));
		if (key_of[j] < 0)
			die_at(tp->file, 0, "column \"%s\" is not a key of the "
			    "opportunities (keys: %s)", tp->cols[j],
			    r->nkeys ? key_label(r, r->keys) : "none");
	}
	r->tg = xcalloc(tp->nrows + 1, sizeof(*r->tg));
	for (size_t i = 0; i < tp->nrows; i++)
		load_target_row(r, tp, i, key_of, pc, tc);
	free(key_of);
	r->tg_key_of = NULL;
	table_free(tp);
	memset(tp, 0, sizeof(*tp));
	r->tg_loaded = false;
}

/* ----- levels ----- */

static size_t
popcount(uint32_t x)
{
	size_t n = 0;

	for (; x != 0; x &= x - 1)
		n++;
	return n;
}

/* The --rollup levels (masks of the keys kept), finest first, then the
 * grand total (mask 0). */
static void
make_levels(struct frun *r)
{
	uint32_t mask = 0, masks[33];
	size_t n = 0, nm = 0;
	char **names = NULL;

	if (r->o->rollup != NULL) {
		names = split_list(r->o->rollup, &n);
		if (n == 0)
			die_usage("--rollup: no column names in \"%s\"",
			    r->o->rollup);
	}
	masks[nm++] = 0;
	for (size_t i = 0; i < n; i++) {
		int k = key_index(r, table_canon(&r->conf, names[i]));

		if (k < 0) {
			char *bad = xstrdup(names[i]);

			free_list(names);
			die_usage("--rollup: \"%s\" is not a key column", bad);
		}
		if (mask & (UINT32_C(1) << k))
			continue;	/* named twice */
		mask |= UINT32_C(1) << k;
		if (popcount(mask) < r->nkeys)
			masks[nm++] = mask;
	}
	free_list(names);
	r->levels = xcalloc(nm, sizeof(*r->levels));
	/* Finest first: masks[] grows from the grand total. */
	for (size_t i = 0; i < nm; i++)
		flevel_init(&r->levels[i], masks[nm - 1 - i], r->nkeys);
	r->nlevels = nm;
}

/* Sum the groups of the rows read into level l. */
static void
fill_level(struct frun *r, struct flevel *l)
{
	const struct flevel *f = &r->fine;

	for (size_t gi = 0; gi < f->ng; gi++) {
		const struct fgroup *g = &f->g[gi];
		struct fgroup *into;

		for (size_t i = 0; i < r->nkeys; i++) {
			bool keep = l->mask & (UINT32_C(1) << i);

			r->cell[i] = keep ? flevel_cell(f, g->key, i) : "*";
			r->len[i] = strlen(r->cell[i]);
		}
		into = flevel_group(l, r->cell, r->len, r->nkeys, &g->per,
		    r->nstages);
		fagg_merge(&into->a, &g->a, r->nstages);
	}
}

/* The level a target's key cells belong to, or NULL when none is
 * written. */
static struct flevel *
level_of(struct frun *r, uint32_t mask)
{
	if (mask == r->fine.mask)
		return &r->fine;
	if (r->o->rollup == NULL)
		return NULL;
	for (size_t i = 0; i < r->nlevels; i++)
		if (r->levels[i].mask == mask)
			return &r->levels[i];
	return NULL;
}

static struct flevel *
grand(struct frun *r)
{
	return &r->levels[r->nlevels - 1];
}

/* A group of the grand total for every target's period, so that each
 * group written has its benchmark group. */
static void
attach_targets(struct frun *r)
{
	for (size_t i = 0; i < r->ntg; i++) {
		struct ftarget *ft = &r->tg[i];
		struct flevel *l = level_of(r, ft->mask);
		struct fgroup *g;

		if (l == NULL)
			die_at(r->tg_file, ft->line, "a target with \"*\" key "
			    "cells needs --rollup rows at that level");
		for (size_t j = 0; j < r->nkeys; j++) {
			r->cell[j] = ft->cells[j];
			r->len[j] = strlen(ft->cells[j]);
		}
		g = flevel_group(l, r->cell, r->len, r->nkeys, &ft->per,
		    r->nstages);
		if (g->has_target)
			die_at(r->tg_file, ft->line, "a second target for the "
			    "same keys and period (the first is on line %ld)",
			    g->target_line);
		g->has_target = true;
		g->target = ft->target;
		g->target_line = ft->line;
		for (size_t j = 0; j < r->nkeys; j++) {
			r->cell[j] = "*";
			r->len[j] = 1;
		}
		(void)flevel_group(grand(r), r->cell, r->len, r->nkeys,
		    &ft->per, r->nstages);
	}
}

static void
fill_totals(struct frun *r, struct flevel *l)
{
	for (size_t gi = 0; gi < l->ng; gi++)
		fagg_merge(&l->total[l->g[gi].key], &l->g[gi].a, r->nstages);
}

/* ----- one group ----- */

/* The rates of one group, per stage. */
struct frates {
	int64_t	*count, *conv, *cum, *bench, *gap, *needed;
	size_t	 bottleneck;
	bool	 has_needed;
};

static void
rates_init(struct frates *fr, size_t n)
{
	fr->count = xcalloc(n, sizeof(int64_t));
	fr->conv = xcalloc(n, sizeof(int64_t));
	fr->cum = xcalloc(n, sizeof(int64_t));
	fr->bench = xcalloc(n, sizeof(int64_t));
	fr->gap = xcalloc(n, sizeof(int64_t));
	fr->needed = xcalloc(n, sizeof(int64_t));
}

static void
rates_free(struct frates *fr)
{
	free(fr->count);
	free(fr->conv);
	free(fr->cum);
	free(fr->bench);
	free(fr->gap);
	free(fr->needed);
}

/* conv and cum of the counters a, into fr (count, conv, cum). */
static void
conversions(const struct frun *r, const struct fagg *a, struct frates *fr)
{
	size_t n = r->nstages;

	funnel_counts(a->reached, n, fr->count);
	for (size_t s = 0; s < n; s++) {
		fr->conv[s] = s == 0 ? FUNNEL_NONE :
		    funnel_pct(fr->count[s], fr->count[s - 1]);
		fr->cum[s] = funnel_pct(fr->count[s], fr->count[0]);
	}
}

/* The grand total's group of period p (made by attach_targets or
 * fill_level, so it exists). */
static const struct fgroup *
grand_group(struct frun *r, const struct period *p)
{
	for (size_t j = 0; j < r->nkeys; j++) {
		r->cell[j] = "*";
		r->len[j] = 1;
	}
	return flevel_find(grand(r), r->cell, r->len, r->nkeys, p);
}

static void
benchmarks(struct frun *r, const struct fgroup *g, struct frates *fr,
    struct frates *tmp)
{
	size_t n = r->nstages;

	if (r->bench != NULL) {
		memcpy(fr->bench, r->bench, n * sizeof(int64_t));
	} else {
		const struct fgroup *t = grand_group(r, &g->per);

		if (t != NULL) {
			conversions(r, &t->a, tmp);
			memcpy(fr->bench, tmp->conv, n * sizeof(int64_t));
		} else {
			for (size_t s = 0; s < n; s++)
				fr->bench[s] = FUNNEL_NONE;
		}
	}
	for (size_t s = 0; s < n; s++)
		fr->gap[s] = fr->conv[s] == FUNNEL_NONE ||
		    fr->bench[s] == FUNNEL_NONE ? FUNNEL_NONE :
		    fr->conv[s] - fr->bench[s];
	fr->bottleneck = funnel_bottleneck(fr->conv, fr->bench, n);
}

/* needed per stage for the group's target, at the rates of its key over
 * every period (tot); a target with no average won amount gets none. */
static void
needed(struct frun *r, const struct fgroup *g, const struct fagg *tot,
    struct frates *fr, struct frates *tmp)
{
	size_t n = r->nstages;
	int64_t w;
	int rc;

	fr->has_needed = false;
	if (!g->has_target)
		return;
	rc = tot->has_amount ? funnel_deals(g->target, tot->won,
	    tot->won_amount, &w) : -1;
	if (rc == -2)
		die_at(r->tg_file, g->target_line, "the deals needed for "
		    "this target overflow");
	if (rc < 0)
		return;
	funnel_counts(tot->reached, n, tmp->count);
	for (size_t s = 0; s < n; s++) {
		fr->needed[s] = funnel_needed(w, tmp->count[s],
		    tmp->count[n - 1]);
		if (fr->needed[s] == -2)
			die_at(r->tg_file, g->target_line, "the opportunities "
			    "needed for this target overflow");
	}
	fr->has_needed = true;
}

/* ----- writing ----- */

static void
write_header(const struct frun *r, struct csvout *out)
{
	static const char *const cols[] = {
		"period", "stage", "count", "conv_pct", "cum_conv_pct",
		"benchmark_pct", "gap_pct", "bottleneck", "avg_days",
		"avg_amount", "stalled"
	};

	for (size_t i = 0; i < r->nkeys; i++)
		csvout_cell(out, r->keys[i]);
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		csvout_cell(out, cols[i]);
	if (r->ntg > 0 || r->o->target != NULL)
		csvout_cell(out, "needed");
	csvout_end(out);
}

static void
cell_int(struct csvout *out, int64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	csvout_cell(out, buf);
}

static void
cell_tenths(struct csvout *out, int64_t t)
{
	char buf[32];

	csvout_cell(out, funnel_tenths_format(t, buf, sizeof(buf)));
}

/* The period label of a group: without --by, the dates read. */
static void
cell_period(const struct frun *r, struct csvout *out, const struct fgroup *g)
{
	char lab[PERIOD_FMT_MAX];
	struct period p = g->per;

	if (!r->has_by) {
		p.start = r->first;
		p.end = r->lastday;
		p.gran = G_RANGE;
	}
	csvout_cell(out, period_format(&p, &r->conf.fy, lab));
}

static void
write_keys(const struct frun *r, struct csvout *out, const struct flevel *l,
    const struct fgroup *g)
{
	for (size_t i = 0; i < r->nkeys; i++)
		csvout_cell(out, flevel_cell(l, g->key, i));
	cell_period(r, out, g);
}

/* avg_days and avg_amount: the won ones, on the last stage's row. */
static void
write_won(const struct frun *r, struct csvout *out, const struct fagg *a)
{
	char buf[NUM_FMT_MAX];
	num_t avg;

	cell_tenths(out, funnel_avg_tenths(a->won_days, a->won));
	if (r->has_amount && a->has_amount && funnel_avg_amount(a->won_amount,
	    a->won, r->conf.precision, &avg) == 0)
		csvout_cell(out, num_format(avg, r->conf.precision, 0, buf,
		    sizeof(buf)));
	else
		csvout_cell(out, "");
}

static void
write_stage(const struct frun *r, struct csvout *out, const struct flevel *l,
    const struct fgroup *g, const struct frates *fr, size_t s)
{
	write_keys(r, out, l, g);
	csvout_cell(out, r->stages[s]);
	cell_int(out, fr->count[s]);
	cell_tenths(out, fr->conv[s]);
	cell_tenths(out, fr->cum[s]);
	cell_tenths(out, fr->bench[s]);
	cell_tenths(out, fr->gap[s]);
	csvout_cell(out, fr->bottleneck == s ? "yes" : "");
	if (s == r->nstages - 1) {
		write_won(r, out, &g->a);
	} else {
		csvout_cell(out, "");
		csvout_cell(out, "");
	}
	if (r->o->stalled >= 0)
		cell_int(out, g->a.stalled[s]);
	else
		csvout_cell(out, "");
	if (r->o->target != NULL) {
		if (fr->has_needed)
			cell_int(out, fr->needed[s]);
		else
			csvout_cell(out, "");
	}
	csvout_end(out);
}

/* --other: the opportunities at stages not in the list, counted only. */
static void
write_other(const struct frun *r, struct csvout *out, const struct flevel *l,
    const struct fgroup *g)
{
	write_keys(r, out, l, g);
	csvout_cell(out, "other");
	cell_int(out, g->a.reached[r->nstages]);
	for (size_t i = 0; i < 7; i++)
		csvout_cell(out, "");
	if (r->o->stalled >= 0)
		cell_int(out, g->a.stalled[r->nstages]);
	else
		csvout_cell(out, "");
	if (r->o->target != NULL)
		csvout_cell(out, "");
	csvout_end(out);
}

/* Groups in key order (first seen), then by period. */
static const struct flevel *sort_level;

static int
cmp_group(const void *a, const void *b)
{
	const struct fgroup *x = &sort_level->g[*(const size_t *)a];
	const struct fgroup *y = &sort_level->g[*(const size_t *)b];

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->per.start != y->per.start)
		return x->per.start < y->per.start ? -1 : 1;
	return 0;
}

static void
write_level(struct frun *r, struct csvout *out, const struct flevel *l,
    struct frates *fr, struct frates *tmp)
{
	size_t *order = xcalloc(l->ng + 1, sizeof(*order));

	for (size_t i = 0; i < l->ng; i++)
		order[i] = i;
	sort_level = l;
	qsort(order, l->ng, sizeof(*order), cmp_group);
	for (size_t i = 0; i < l->ng; i++) {
		const struct fgroup *g = &l->g[order[i]];

		conversions(r, &g->a, fr);
		benchmarks(r, g, fr, tmp);
		needed(r, g, &l->total[g->key], fr, tmp);
		for (size_t s = 0; s < r->nstages; s++)
			write_stage(r, out, l, g, fr, s);
		if (r->o->other)
			write_other(r, out, l, g);
	}
	free(order);
}

/* A warning for each target whose key has no average won amount. */
static void
warn_targets(struct frun *r)
{
	for (size_t i = 0; i < r->ntg; i++) {
		struct ftarget *ft = &r->tg[i];
		struct flevel *l = level_of(r, ft->mask);
		long k;
		const struct fagg *tot;
		char *label;

		for (size_t j = 0; j < r->nkeys; j++) {
			r->cell[j] = ft->cells[j];
			r->len[j] = strlen(ft->cells[j]);
		}
		if ((k = keymap_find(&l->keys, r->cell, r->len)) < 0)
			continue;	/* attach_targets added every one */
		tot = &l->total[k];
		if (tot->won > 0 && tot->has_amount && tot->won_amount > 0)
			continue;
		label = key_label(r, ft->cells);
		warn_at(r->tg_file, ft->line, "no %s for %s: needed left "
		    "empty", tot->won == 0 ? "won opportunities" :
		    "average won amount", label);
		free(label);
	}
}

void
funnel_write(struct frun *r)
{
	struct frates fr, tmp;
	struct csvout *out;

	if (r->o->target != NULL && !r->has_amount)
		die_usage("--target: the opportunities have no column \"%s\" "
		    "for the average won amount", r->o->value_col);
	make_levels(r);
	for (size_t i = 0; i < r->nlevels; i++)
		fill_level(r, &r->levels[i]);
	attach_targets(r);
	fill_totals(r, &r->fine);
	for (size_t i = 0; i < r->nlevels; i++)
		fill_totals(r, &r->levels[i]);
	warn_targets(r);
	rates_init(&fr, r->nstages);
	rates_init(&tmp, r->nstages);
	out = csvout_open(r->o->cm.output, r->o->cm.excel);
	write_header(r, out);
	write_level(r, out, &r->fine, &fr, &tmp);
	for (size_t i = 0; r->o->rollup != NULL && i < r->nlevels; i++)
		write_level(r, out, &r->levels[i], &fr, &tmp);
	csvout_close(out);
	rates_free(&fr);
	rates_free(&tmp);
}
