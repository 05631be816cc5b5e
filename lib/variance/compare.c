/*
 * compare: --compare yoy|prev, a period series against the same period
 * last year (同比) or the previous period (环比).
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

/* The period of a --compare row, and its canonical label in buf. */
static struct period
row_period(const struct run *r, const char *file, const struct csv_row *row,
    int col, char *buf)
{
	struct period p = var_cell_period(r, file, row, col);

	if (r->o->by != NULL) {
		size_t len = row->len[col];
		const char *s = trim_span(row->field[col], &len);
		struct period q = period_of(p.start, r->o->by_gran,
		    &r->conf->fy);

		if (!period_within(&p, &q))
			die_at(file, row->line, "column \"%s\": \"%.*s\" is "
			    "longer than one %s (--by)", r->period_name,
			    (int)len, s, gran_name(r->o->by_gran));
		p = q;
	}
	period_format(&p, &r->conf->fy, buf);
	return p;
}

/* The series of a --compare row; its periods must be of one granularity
 * (all date ranges count as one), else comparing them means nothing. */
static size_t
row_series(struct run *r, const char *file, const struct csv_row *row,
    const struct period *p, const char *label)
{
	size_t s = var_agg_get(&r->series, r->cell, r->len, row->line);
	num_t *g = var_agg_vals(&r->series, s);
	char *plural;

	if (*g == 0)
		*g = (num_t)p->gran + 1;
	if (*g == (num_t)p->gran + 1)
		return s;
	plural = r->label = xasprintf("%ss", gran_name((enum gran)(*g - 1)));
	die_at(file, row->line, "period \"%s\" is a %s but its series has %s "
	    "(line %ld): compare one granularity at a time", label,
	    gran_name(p->gran), plural, r->series.lines[s]);
}

void
var_add_compare_row(struct run *r, const char *file, const struct csv_row *row)
{
	const struct cols *c = &r->cols;
	char label[PERIOD_FMT_MAX];
	struct period p = row_period(r, file, row, c->period, label);
	size_t s = row_series(r, file, row, &p, label), k;
	bool empty;
	num_t v = var_cell_num(r, file, row, c->value, r->o->value, &empty);

	r->cell[r->nnames] = label;
	r->len[r->nnames] = strlen(label);
	k = var_agg_get(&r->agg, r->cell, r->len, row->line);
	var_new_entry(r, k, &p, s);
	if (!empty) {
		var_add_sum(r, k, V_VALUE, v, file, row->line, r->o->value);
		var_add_sum(r, k, V_CELLS, NUM_FROM_INT(1), file, row->line, "");
	}
}

static const char *const cmp_cols[] = {
	"period", "value", "base_period", "base", "variance", "variance_pct"
};

static struct cmp_point *
compare_points(const struct run *r)
{
	size_t n = r->agg.n, i;
	struct cmp_point *pt = xcalloc(n + 1, sizeof(*pt));

	for (i = 0; i < n; i++) {
		pt[i].series = r->series_of[i];
		pt[i].p = r->periods[i];
		pt[i].value = var_agg_vals(&r->agg, i)[V_VALUE];
	}
	return pt;
}

/* Whether entry i exists and had a non-empty value cell. */
static bool
has_value(const struct run *r, long i)
{
	return i >= 0 && var_agg_vals(&r->agg, (size_t)i)[V_CELLS] != 0;
}

static void
cells_compare(struct csvout *out, const struct run *r,
    const struct cmp_point *pt, size_t i, long b)
{
	char buf[PERIOD_FMT_MAX];
	struct period bp;
	num_t d;
	bool both = has_value(r, (long)i) && has_value(r, b);

	csvout_cell(out, var_agg_key(&r->agg, i, r->nkeys));
	if (has_value(r, (long)i))
		var_cell_money(out, r, pt[i].value);
	else
		csvout_cell(out, "");
	csvout_cell(out, var_base_period(&pt[i].p, r->o->yoy, &r->conf->fy,
	    &bp) == 0 ? period_format(&bp, &r->conf->fy, buf) : "");
	if (has_value(r, b))
		var_cell_money(out, r, pt[b].value);
	else
		csvout_cell(out, "");
	if (both && num_sub(pt[i].value, pt[b].value, &d) == 0) {
		var_cell_money(out, r, d);
		var_cell_pct(out, pt[b].value != 0, num_to_double(d) /
		    num_to_double(num_abs(pt[b].value)) * 100.0);
	} else {
		csvout_cell(out, "");
		csvout_cell(out, "");
	}
}

void
var_write_compare(struct run *r)
{
	size_t n = r->agg.n, i, *order;
	struct cmp_point *pt = compare_points(r);
	long *base = xcalloc(n + 1, sizeof(*base));
	struct csvout *out;

	for (i = 0; r->has_in && i < n; i++) {
		if (period_within(&pt[i].p, &r->in_p))
			r->in_kept++;
		else
			r->in_across += var_overlaps(&pt[i].p, &r->in_p);
	}
	var_check_in_kept(r);
	var_compare_base(pt, n, r->o->yoy, &r->conf->fy, base);
	order = var_point_order(pt, n);
	out = var_open_out(r, cmp_cols, 6);
	for (i = 0; i < n; i++) {
		if (r->has_in && !period_within(&pt[order[i]].p, &r->in_p))
			continue;
		var_cells_keys(out, &r->agg, order[i], r->nkeys);
		cells_compare(out, r, pt, order[i], base[order[i]]);
		csvout_end(out);
	}
	free(order);
	free(base);
	free(pt);
	csvout_close(out);
}
