/*
 * plan: plan against actual by key (the default mode): rows into the
 * aggregation, a file's hierarchy of wildcard rows (hier.h), the Pareto
 * table with its TOTAL, and the output cells every mode writes.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "csvio.h"
#include "hier.h"
#include "keymap.h"
#include "num.h"
#include "period.h"
#include "runstate.h"
#include "table.h"
#include "util.h"
#include "variance.h"

void
var_add_plan_row(struct run *r, const char *file, const struct csv_row *row)
{
	const struct variance_opts *o = r->o;
	const struct cols *c = &r->cols;
	size_t k = var_agg_get(&r->agg, r->cell, r->len, row->line);
	num_t v;

	var_new_entry(r, k, NULL, 0);
	v = c->plan >= 0 ? var_cell_num(r, file, row, c->plan, o->plan, NULL) :
	    var_cell_amount(r, file, row, c->plan_qty, o->plan_qty, c->plan_price,
	    o->plan_price);
	var_add_sum(r, k, V_PLAN, v, file, row->line, o->plan);
	v = c->actual >= 0 ? var_cell_num(r, file, row, c->actual, o->actual,
	    NULL) : var_cell_amount(r, file, row, c->actual_qty, o->actual_qty,
	    c->actual_price, o->actual_price);
	var_add_sum(r, k, V_ACTUAL, v, file, row->line, o->actual);
	if (o->mode != VAR_MODE_PVM)
		return;
	v = var_cell_num(r, file, row, c->plan_qty, o->plan_qty, NULL);
	var_add_sum(r, k, V_PLAN_QTY, v, file, row->line, o->plan_qty);
	v = var_cell_num(r, file, row, c->actual_qty, o->actual_qty, NULL);
	var_add_sum(r, k, V_ACTUAL_QTY, v, file, row->line, o->actual_qty);
}

/*
 * Plan mode: hold the row in the file's hierarchy (hier.h), so that a
 * wildcard target counts what its finer rows do not hold and a rollup
 * row is not counted twice.
 */
void
var_hold_plan_row(struct run *r, const char *file, const struct csv_row *row)
{
	const struct cols *c = &r->cols;
	const char **cell = c->hcell;
	size_t *len = c->hlen;
	struct period p;
	num_t plan, actual;
	size_t j;

	for (j = 0; j < c->nchecked; j++) {
		len[j] = row->len[c->checked[j]];
		cell[j] = trim_span(row->field[c->checked[j]], &len[j]);
	}
	if (r->metric_at >= 0)
		var_metric_cell(r, (size_t)r->metric_at,
		    &cell[c->name_at[r->metric_at]],
		    &len[c->name_at[r->metric_at]]);
	plan = var_cell_num(r, file, row, c->plan, r->o->plan, NULL);
	actual = var_cell_num(r, file, row, c->actual, r->o->actual, NULL);
	if (c->period >= 0)
		p = var_cell_period(r, file, row, c->period);
	if (var_hier_add(&r->hier, cell, len, c->period >= 0 ? &p : NULL,
	    plan, actual, row->line) == -1)
		die_at(file, row->line, "the sum is too large");
}

/* The "-k" cell j of a held row: a remainder row's "*" is "(rest)", the
 * part of the wildcard that no finer row holds. */
static const char *
held_key(const struct run *r, size_t i, size_t j)
{
	const char *s = var_hier_cell(&r->hier, i, r->cols.name_at[j]);

	if (r->hier.rows[i].kind == HIER_REMAINDER && strcmp(s, "*") == 0)
		return "(rest)";
	return s;
}

static void
warn_held(const char *file, long restated, long rest)
{
	if (restated > 0)
		warn_at(file, 0, "ignored %ld row%s with a \"*\" key cell that "
		    "restate%s finer rows (rollup rows; --all-rows counts "
		    "them)", restated, restated == 1 ? "" : "s",
		    restated == 1 ? "s" : "");
	if (rest > 0)
		warn_at(file, 0, "counted %ld row%s with a \"*\" key cell for "
		    "what %s finer rows do not hold", rest, rest == 1 ? "" :
		    "s", rest == 1 ? "its" : "their");
}

/* Resolve the file's hierarchy and add its rows to the aggregation. */
void
var_flush_held(struct run *r, const char *file)
{
	struct var_hier *h = &r->hier;
	const char *why;
	long lines[3], restated = 0, rest = 0;
	size_t i, j, k;

	if ((why = var_hier_resolve(h, lines)) != NULL)
		die_at(file, lines[2], "%s (lines %ld and %ld): --all-rows "
		    "counts every row as it is", why, lines[0], lines[1]);
	for (i = 0; i < h->n; i++) {
		const struct hier_row *hr = &h->rows[i];

		if (hr->kind == HIER_RESTATED) {
			restated++;
			continue;
		}
		rest += hr->kind == HIER_REMAINDER;
		if (hr->kind == HIER_REMAINDER && hr->actual < 0)
			warn_at(file, hr->line, "the finer rows hold more "
			    "than this row's actual (not one tgt-track run?)");
		for (j = 0; j < r->nnames; j++) {
			r->cell[j] = held_key(r, i, j);
			r->len[j] = strlen(r->cell[j]);
		}
		k = var_agg_get(&r->agg, r->cell, r->len, hr->line);
		var_new_entry(r, k, NULL, 0);
		var_add_sum(r, k, V_PLAN, hr->plan, file, hr->line, r->o->plan);
		var_add_sum(r, k, V_ACTUAL, hr->actual, file, hr->line,
		    r->o->actual);
	}
	warn_held(file, restated, rest);
	var_hier_free(h);
}

void
var_cell_money(struct csvout *out, const struct run *r, num_t v)
{
	char buf[NUM_FMT_MAX];

	csvout_cell(out, num_format(v, r->conf->precision, 0, buf,
	    sizeof(buf)));
}

/* A quantity: exact, without trailing zeros ("120", "2.5"). */
void
var_cell_qty(struct csvout *out, num_t v)
{
	char buf[NUM_FMT_MAX];
	size_t n;

	num_format(v, NUM_DIGITS, 0, buf, sizeof(buf));
	n = strlen(buf);
	if (strchr(buf, '.') != NULL) {
		while (buf[n - 1] == '0')
			n--;
		if (buf[n - 1] == '.')
			n--;
	}
	csvout_celln(out, buf, n);
}

void
var_cell_pct(struct csvout *out, bool has, double pct)
{
	char buf[64];

	csvout_cell(out, has ? pct_format(pct, buf, sizeof(buf)) : "");
}

/* Open the output and write the header: key names, then cols. */
struct csvout *
var_open_out(const struct run *r, const char *const *cols, size_t ncols)
{
	struct csvout *out = csvout_open(r->o->output, r->o->excel);
	size_t i;

	for (i = 0; i < r->nkeys; i++)
		csvout_cell(out, r->names[i]);
	for (i = 0; i < ncols; i++)
		csvout_cell(out, cols[i]);
	csvout_end(out);
	return out;
}

const char *const var_plan_cols[] = {
	"plan", "actual", "variance", "variance_pct", "favorable",
	"share_pct", "cum_share_pct", "plan_qty", "actual_qty",
	"price_effect", "volume_effect", "mix_effect"
};

void
var_cells_var(struct csvout *out, const struct run *r, const struct var_row *v)
{
	var_cell_money(out, r, v->plan);
	var_cell_money(out, r, v->actual);
	var_cell_money(out, r, v->variance);
	var_cell_pct(out, v->has_variance_pct, v->variance_pct);
	csvout_cell(out, v->favorable ? "yes" : "no");
	var_cell_pct(out, v->has_share, v->share_pct);
	var_cell_pct(out, v->has_share, v->cum_share_pct);
}

/* The TOTAL row's key cells: TOTAL, then "*" (all) in the others. */
void
var_cells_total_keys(struct csvout *out, size_t nkeys)
{
	size_t i;

	for (i = 0; i < nkeys; i++)
		csvout_cell(out, i == 0 ? "TOTAL" : "*");
}

/* The first n key cells of entry k of a. */
void
var_cells_keys(struct csvout *out, const struct var_agg *a, size_t k, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		csvout_cell(out, var_agg_key(a, k, i));
}

void
var_compute_rows(const struct run *r, const struct var_agg *a,
    const size_t *idx, size_t n, struct table_out *t)
{
	num_t *plan = xcalloc(n + 1, sizeof(*plan));
	num_t *actual = xcalloc(n + 1, sizeof(*actual));
	size_t i;
	int rc;

	t->n = n;
	t->rows = xcalloc(n + 1, sizeof(*t->rows));
	t->order = xcalloc(n + 1, sizeof(*t->order));
	for (i = 0; i < n; i++) {
		size_t k = idx != NULL ? idx[i] : i;

		plan[i] = var_agg_vals(a, k)[V_PLAN];
		actual[i] = var_agg_vals(a, k)[V_ACTUAL];
	}
	rc = var_compute(plan, actual, n, r->o->lower, !r->o->no_sort,
	    t->rows, &t->total, t->order);
	free(plan);
	free(actual);
	if (rc == -1) {
		free(t->rows);
		free(t->order);
		die("the total is too large");
	}
}

void
var_table_out_free(struct table_out *t)
{
	free(t->rows);
	free(t->order);
}

/*
 * The metric group of each entry of a into of[] (first-seen order) and
 * their number; one group of every entry without a metric key.
 */
size_t
var_metric_groups(const struct run *r, const struct var_agg *a, size_t *of)
{
	struct keymap m;
	size_t i, n;

	if (r->metric_at < 0) {
		for (i = 0; i < a->n; i++)
			of[i] = 0;
		return 1;
	}
	keymap_init(&m, 1);
	for (i = 0; i < a->n; i++) {
		const char *c = var_agg_key(a, i, (size_t)r->metric_at);

		of[i] = keymap_add(&m, &c, NULL, NULL);
	}
	n = m.count;
	keymap_free(&m);
	return n;
}

/* The TOTAL row of one metric: the metric in its column, TOTAL in the
 * first other key column, "*" in the rest.  false: no other key column,
 * so each row is its metric's total and there is no TOTAL row. */
bool
var_cells_metric_total(struct csvout *out, const struct run *r,
    const char *metric)
{
	bool named = false;
	size_t j;

	if (r->nkeys < 2)
		return false;
	for (j = 0; j < r->nkeys; j++) {
		if ((long)j == r->metric_at) {
			csvout_cell(out, metric);
		} else {
			csvout_cell(out, named ? "*" : "TOTAL");
			named = true;
		}
	}
	return true;
}

/* The rows of metric group g (all with no metric key) and its TOTAL. */
static void
write_group(struct run *r, struct csvout *out, const size_t *of, size_t g)
{
	struct table_out t;
	size_t i, k = 0, *idx = xcalloc(r->agg.n + 1, sizeof(*idx));

	for (i = 0; i < r->agg.n; i++)
		if (of[i] == g)
			idx[k++] = i;
	var_compute_rows(r, &r->agg, idx, k, &t);
	for (i = 0; i < t.n; i++) {
		var_cells_keys(out, &r->agg, idx[t.order[i]], r->nkeys);
		var_cells_var(out, r, &t.rows[t.order[i]]);
		csvout_end(out);
	}
	if (r->metric_at < 0) {
		var_cells_total_keys(out, r->nkeys);
		var_cells_var(out, r, &t.total);
		csvout_end(out);
	} else if (k > 0 && var_cells_metric_total(out, r, var_agg_key(&r->agg,
	    idx[0], (size_t)r->metric_at))) {
		var_cells_var(out, r, &t.total);
		csvout_end(out);
	}
	var_table_out_free(&t);
	free(idx);
}

/* Plan mode: each metric's rows in Pareto order, then its TOTAL; the
 * amounts of different metrics are never added together. */
void
var_write_plan(struct run *r)
{
	size_t *of = xcalloc(r->agg.n + 1, sizeof(*of));
	size_t n = var_metric_groups(r, &r->agg, of), g;
	struct csvout *out = var_open_out(r, var_plan_cols, 7);

	for (g = 0; g < n; g++)
		write_group(r, out, of, g);
	free(of);
	csvout_close(out);
}
