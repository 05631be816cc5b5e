/*
 * pvm: --pvm, price, volume and mix effects.  One analysis over every item
 * (so the TOTAL is the classic PVM of the whole input whatever -k says);
 * each output row sums the effects of the items sharing its -k key cells.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "csvio.h"
#include "hier.h"
#include "num.h"
#include "period.h"
#include "runstate.h"
#include "table.h"
#include "util.h"
#include "variance.h"

/*
 * --pvm: one analysis over every item (so the TOTAL is the classic PVM of
 * the whole input whatever -k says); each output row sums the effects of
 * the items sharing its -k key cells.
 */
struct groups {
	struct var_agg	 g;		/* by the key cells: plan, actual, qtys */
	struct pvm	*effect;	/* exact, per group */
};

/* "East,Widget": an item's key cells for messages, kept in r->label. */
static const char *
item_label(struct run *r, size_t i)
{
	char *t;
	size_t j;

	free(r->label);
	r->label = xstrdup("");
	for (j = 0; j < r->nnames; j++) {
		t = xasprintf("%s%s%s", r->label, j ? "," : "",
		    var_agg_key(&r->agg, i, j));
		free(r->label);
		r->label = t;
	}
	return r->label;
}

/* The effects of every item, exact. */
static struct pvm *
item_effects(struct run *r)
{
	size_t n = r->agg.n, i, bad;
	struct pvm_item *it = xcalloc(n + 1, sizeof(*it));
	struct pvm *e = xcalloc(n + 1, sizeof(*e));
	const char *why;

	for (i = 0; i < n; i++) {
		const num_t *v = var_agg_vals(&r->agg, i);

		it[i].plan = v[V_PLAN];
		it[i].actual = v[V_ACTUAL];
		it[i].plan_qty = v[V_PLAN_QTY];
		it[i].actual_qty = v[V_ACTUAL_QTY];
	}
	why = var_pvm(it, n, e, &bad);
	free(it);
	if (why != NULL) {
		free(e);
		die_at(r->files[r->file_of[bad]], r->agg.lines[bad],
		    "item \"%s\": %s", item_label(r, bad), why);
	}
	return e;
}

static void
group_items(struct run *r, struct groups *gr)
{
	size_t n = r->agg.n, i, j, k;
	struct pvm *e = item_effects(r);
	bool bad = false;

	var_agg_init(&gr->g, r->nkeys, 4);
	gr->effect = xcalloc(n + 1, sizeof(*gr->effect));
	for (i = 0; i < n; i++) {
		for (j = 0; j < r->nkeys; j++) {
			r->cell[j] = var_agg_key(&r->agg, i, j);
			r->len[j] = strlen(r->cell[j]);
		}
		k = var_agg_get(&gr->g, r->cell, r->len, r->agg.lines[i]);
		for (j = 0; j < 4; j++)
			bad |= var_agg_add(&gr->g, k, j,
			    var_agg_vals(&r->agg, i)[j]) == -1;
		bad |= var_pvm_add(&gr->effect[k], &e[i]) == -1;
	}
	free(e);
	if (bad) {
		var_agg_free(&gr->g);
		free(gr->effect);
		die("the sum of a group is too large");
	}
}

static void
groups_free(struct groups *gr)
{
	var_agg_free(&gr->g);
	free(gr->effect);
}

static void
cells_pvm(struct csvout *out, const struct run *r, const num_t *sums,
    struct pvm e, num_t variance)
{
	var_pvm_round(&e, variance, r->conf->precision);
	var_cell_qty(out, sums[V_PLAN_QTY]);
	var_cell_qty(out, sums[V_ACTUAL_QTY]);
	var_cell_money(out, r, e.price);
	var_cell_money(out, r, e.volume);
	var_cell_money(out, r, e.mix);
}

/* The TOTAL's quantities and effects: sums over the groups.  They cannot
 * overflow: the item sums they add up again did not. */
static void
pvm_total(const struct groups *gr, num_t *sums, struct pvm *e)
{
	size_t k, j;

	memset(sums, 0, 4 * sizeof(*sums));
	memset(e, 0, sizeof(*e));
	for (k = 0; k < gr->g.n; k++) {
		const num_t *v = var_agg_vals(&gr->g, k);

		var_pvm_add(e, &gr->effect[k]);
		for (j = 0; j < 4; j++)
			num_add(sums[j], v[j], &sums[j]);
	}
}

/* The effects of amounts of different metrics mean nothing together. */
static void
one_metric(struct run *r)
{
	size_t *of = xcalloc(r->agg.n + 1, sizeof(*of));
	size_t n = var_metric_groups(r, &r->agg, of);

	free(of);
	if (n > 1)
		die("--pvm: the input holds %zu metrics: analyse one at a "
		    "time (--where 'metric == \"amount\"')", n);
}

/* The TOTAL row's key cells, the metric's with a metric key (one
 * metric: one_metric()); false when there is no TOTAL row to write. */
static bool
total_keys(struct csvout *out, const struct run *r, const struct var_agg *g)
{
	if (r->metric_at < 0) {
		var_cells_total_keys(out, r->nkeys);
		return true;
	}
	return g->n > 0 && var_cells_metric_total(out, r, var_agg_key(g, 0,
	    (size_t)r->metric_at));
}

void
var_write_pvm(struct run *r)
{
	struct groups gr;
	struct table_out t;
	struct csvout *out;
	num_t sums[4];
	struct pvm e;
	size_t i;

	one_metric(r);
	group_items(r, &gr);
	var_compute_rows(r, &gr.g, NULL, gr.g.n, &t);
	out = var_open_out(r, var_plan_cols, 12);
	for (i = 0; i < t.n; i++) {
		size_t k = t.order[i];

		var_cells_keys(out, &gr.g, k, r->nkeys);
		var_cells_var(out, r, &t.rows[k]);
		cells_pvm(out, r, var_agg_vals(&gr.g, k), gr.effect[k],
		    t.rows[k].variance);
		csvout_end(out);
	}
	pvm_total(&gr, sums, &e);
	if (total_keys(out, r, &gr.g)) {
		var_cells_var(out, r, &t.total);
		cells_pvm(out, r, sums, e, t.total.variance);
		csvout_end(out);
	}
	var_table_out_free(&t);
	groups_free(&gr);
	csvout_close(out);
}
