/*
 * read: tgt-variance's input: the key and value columns of each file, its
 * rows into the aggregation, the --in filter.
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

/* Reading */

/* Append name to run->names unless it is there (ASCII case ignored). */
static void
add_name(struct run *r, const char *name)
{
	char *copy;
	size_t j;

	if (name[0] == '\0')
		return;
	for (j = 0; j < r->nnames; j++)
		if (ascii_casecmp(r->names[j], name) == 0)
			return;
	copy = xstrdup(name);
	r->names = xreallocarray(r->names, r->nnames + 1, sizeof(*r->names));
	r->names[r->nnames++] = copy;	/* counted once it exists */
}

/* Append the names of a comma-separated list, aliases under their
 * canonical names (-k 区域 writes a "region" column). */
static void
add_names(struct run *r, const char *list)
{
	size_t n, i;
	char **v;

	v = split_list(list, &n);
	for (i = 0; i < n; i++) {
		add_name(r, table_canon(r->conf, v[i]));
		free(v[i]);
	}
	free(v);
}

/* Append the canonical names of the header cells left of anchor. */
static void
add_left_names(struct run *r, const struct csv_row *hdr, int anchor)
{
	int i;

	for (i = 0; i < anchor; i++)
		add_name(r, table_canon(r->conf, hdr->field[i]));
}

/* The leftmost of the columns this mode reads, the period column only
 * with --compare (--in does not move the default keys): default keys lie
 * left of it. */
static int
anchor_col(const struct cols *c, bool compare)
{
	const int cand[] = { c->plan, c->actual, c->plan_qty, c->actual_qty,
	    c->plan_price, c->actual_price, c->value,
	    compare ? c->period : -1 };
	int a = -1;
	size_t i;

	for (i = 0; i < sizeof(cand) / sizeof(cand[0]); i++)
		if (cand[i] >= 0 && (a < 0 || cand[i] < a))
			a = cand[i];
	return a;
}

/* The leftmost of a and the columns b, c that exist (>= 0). */
static int
left_of(int a, int b, int c)
{
	if (b >= 0 && b < a)
		a = b;
	if (c >= 0 && c < a)
		a = c;
	return a;
}

/*
 * DESIGN.md "Metrics": every tool treats metric as a key, and amounts of
 * different metrics are never added together, so when the input has a
 * metric column it is a key even if -k does not name it.
 */
static void
add_metric(struct run *r, const struct csv_row *hdr)
{
	size_t j;

	r->metric_at = -1;
	if (table_find(hdr, r->conf, "metric") >= 0)
		add_name(r, "metric");
	for (j = 0; j < r->nnames; j++)
		if (ascii_casecmp(r->names[j], "metric") == 0)
			r->metric_at = (long)j;
}

/* Decide the key (and item) names from the first file's header. */
static void
set_names(struct run *r, const struct csv_row *hdr, int anchor,
    const char *file)
{
	const char *keys = r->o->keys;

	if (keys != NULL)
		add_names(r, keys);
	else
		add_left_names(r, hdr, anchor);
	add_metric(r, hdr);
	r->nkeys = r->nnames;
	if (r->o->mode == VAR_MODE_PVM) {
		if (r->o->item != NULL)
			add_names(r, r->o->item);
		else
			add_left_names(r, hdr, anchor);
	}
	if (r->nnames > 0 || r->o->mode == VAR_MODE_COMPARE)
		return;
	if (keys != NULL)
		die_usage("-k: no column names in \"%s\"", keys);
	die_at(file, 0, "no key columns left of \"%s\": name them with -k",
	    hdr->field[anchor]);
}

static int
require(const struct run *r, const struct csv_row *hdr, const char *name,
    const char *file)
{
	return table_require(hdr, r->conf, name, file);
}

/* The first of the comma-separated names that hdr has, or -1. */
static int
find_first(struct run *r, const struct csv_row *hdr, const char *list)
{
	size_t n, i;
	char **v = split_list(list, &n);
	int col = -1;

	for (i = 0; i < n; i++) {
		if (col < 0 && (col = table_find(hdr, r->conf, v[i])) >= 0)
			r->period_name = hdr->field[col];
		free(v[i]);
	}
	free(v);
	return col;
}

/* The first of the comma-separated names that hdr has; none is the error
 * of the first name missing. */
static int
require_first(struct run *r, const struct csv_row *hdr, const char *list,
    const char *file)
{
	int col = find_first(r, hdr, list);

	if (col < 0) {
		char *first = xstrndup(list, strcspn(list, ","));

		free(r->label);
		r->label = first;
		col = require(r, hdr, first, file);
	}
	return col;
}

/* The checked cells in header order, and where each name is among them:
 * the key cells of a row of the hierarchy (hier.h). */
static void
list_checked(struct run *r, const struct csv_row *hdr)
{
	struct cols *c = &r->cols;
	size_t i, j;

	c->checked = xcalloc(hdr->n + 1, sizeof(*c->checked));
	c->hcell = xcalloc(hdr->n + 1, sizeof(*c->hcell));
	c->hlen = xcalloc(hdr->n + 1, sizeof(*c->hlen));
	c->name_at = xcalloc(r->nnames + 1, sizeof(*c->name_at));
	for (i = 0; i < hdr->n; i++)
		if (c->wild[i])
			c->checked[c->nchecked++] = (int)i;
	for (i = 0; i < r->nnames; i++)
		for (j = 0; j < c->nchecked; j++)
			if (c->checked[j] == c->name[i])
				c->name_at[i] = j;
}

/* Find every column this mode reads in hdr, into r->cols. */
static void
find_cols(struct run *r, const struct csv_row *hdr, const char *file)
{
	const struct variance_opts *o = r->o;
	struct cols *c = &r->cols;
	size_t i;
	int a;

	c->plan = c->actual = c->plan_qty = c->actual_qty = -1;
	c->plan_price = c->actual_price = c->value = c->period = -1;
	if (o->mode == VAR_MODE_COMPARE || r->has_in)
		c->period = require_first(r, hdr, o->period, file);
	else if (o->mode == VAR_MODE_PLAN)
		c->period = find_first(r, hdr, o->period);
	if (o->mode == VAR_MODE_COMPARE)
		c->value = require(r, hdr, o->value, file);
	else if (o->mode == VAR_MODE_PLAN || o->plan_price == NULL)
		c->plan = require(r, hdr, o->plan, file);
	if (o->mode == VAR_MODE_PLAN || (o->mode == VAR_MODE_PVM &&
	    o->actual_price == NULL))
		c->actual = require(r, hdr, o->actual, file);
	if (o->mode == VAR_MODE_PVM) {
		c->plan_qty = require(r, hdr, o->plan_qty, file);
		c->actual_qty = require(r, hdr, o->actual_qty, file);
		if (o->plan_price != NULL)
			c->plan_price = require(r, hdr, o->plan_price, file);
		if (o->actual_price != NULL)
			c->actual_price = require(r, hdr, o->actual_price,
			    file);
	}
	a = anchor_col(c, o->mode == VAR_MODE_COMPARE);
	/* Quantity columns are values, never default keys, even unread. */
	if (o->mode == VAR_MODE_PLAN)
		a = left_of(a, table_find(hdr, r->conf, o->plan_qty),
		    table_find(hdr, r->conf, o->actual_qty));
	if (!r->named)
		set_names(r, hdr, a, file);
	r->named = true;
	c->name = xcalloc(r->nnames + 1, sizeof(*c->name));
	c->wild = xcalloc(hdr->n, sizeof(*c->wild));
	for (i = 0; i < r->nnames; i++) {
		c->name[i] = require(r, hdr, r->names[i], file);
		c->wild[c->name[i]] = true;
	}
	for (i = 0; i < (size_t)a; i++)
		c->wild[i] = true;
	list_checked(r, hdr);
}

void
var_free_cols(struct cols *c)
{
	free(c->name);
	free(c->wild);
	free(c->checked);
	free(c->name_at);
	free(c->hcell);
	free(c->hlen);
	memset(c, 0, sizeof(*c));
}

/* Whether one of the key cells is a "*" (a rollup or wildcard row). */
static bool
is_rollup(const struct csv_row *row, const struct cols *c)
{
	size_t i, len;
	const char *s;

	for (i = 0; i < row->n; i++) {
		if (!c->wild[i])
			continue;
		len = row->len[i];
		s = trim_span(row->field[i], &len);
		if (len == 1 && s[0] == '*')
			return true;
	}
	return false;
}

/* The number in cell col of row; an empty cell is 0 (and *empty true). */
num_t
var_cell_num(const struct run *r, const char *file, const struct csv_row *row,
    int col, const char *name, bool *empty)
{
	size_t len = row->len[col];
	const char *s = trim_span(row->field[col], &len);
	num_t v = 0;

	switch (num_parse(s, len, r->conf->decimal, &v)) {
	case NUM_OK:
		break;
	case NUM_EMPTY:
		if (empty != NULL)
			*empty = true;
		return 0;
	case NUM_SYNTAX:
		die_at(file, row->line, "column \"%s\": cannot read \"%.*s\" "
		    "as a number", name, (int)len, s);
	case NUM_RANGE:
		die_at(file, row->line, "column \"%s\": \"%.*s\" is too large",
		    name, (int)len, s);
	}
	if (empty != NULL)
		*empty = false;
	return v;
}

/* qty * unit price, for --plan-price / --actual-price. */
num_t
var_cell_amount(const struct run *r, const char *file,
    const struct csv_row *row, int qcol, const char *qname, int pcol,
    const char *pname)
{
	num_t q = var_cell_num(r, file, row, qcol, qname, NULL);
	num_t p = var_cell_num(r, file, row, pcol, pname, NULL);
	num_t a;

	if (num_mul(q, p, &a) == -1)
		die_at(file, row->line, "column \"%s\": quantity times price "
		    "is too large", pname);
	return a;
}

void
var_add_sum(struct run *r, size_t k, size_t j, num_t v, const char *file,
    long line, const char *name)
{
	if (var_agg_add(&r->agg, k, j, v) == -1)
		die_at(file, line, "column \"%s\": the sum is too large", name);
}

/* A new aggregation entry k: remember its file (and for --compare its
 * period and series). */
void
var_new_entry(struct run *r, size_t k, const struct period *p, size_t series)
{
	if (k < r->nentries)
		return;
	if (k == r->entries_cap) {
		r->entries_cap = r->entries_cap ? 2 * r->entries_cap : 64;
		r->file_of = xreallocarray(r->file_of, r->entries_cap,
		    sizeof(*r->file_of));
		r->periods = xreallocarray(r->periods, r->entries_cap,
		    sizeof(*r->periods));
		r->series_of = xreallocarray(r->series_of, r->entries_cap,
		    sizeof(*r->series_of));
	}
	r->file_of[k] = r->nfiles - 1;
	if (p != NULL) {
		r->periods[k] = *p;
		r->series_of[k] = series;
	}
	r->nentries = k + 1;
}

/* The period in cell col of row. */
struct period
var_cell_period(const struct run *r, const char *file,
    const struct csv_row *row, int col)
{
	size_t len = row->len[col];
	const char *s = trim_span(row->field[col], &len);
	struct period p;
	const char *why;

	if ((why = period_parse(s, len, &r->conf->fy, r->conf->date_order,
	    &p)) != NULL)
		die_at(file, row->line, "column \"%s\": cannot read \"%.*s\" "
		    "as a period: %s", r->period_name, (int)len, s, why);
	return p;
}

static void
warn_rollups(const char *file, long n)
{
	if (n > 0)
		warn_at(file, 0, "ignored %ld row%s with a \"*\" key cell "
		    "(rollup rows; --all-rows counts them)", n,
		    n == 1 ? "" : "s");
}

/* Whether --in drops the row: its period is not within the --in one.
 * --compare keeps every row, as a base, and drops them from the output. */
bool
var_overlaps(const struct period *a, const struct period *b)
{
	return a->start <= b->end && a->end >= b->start;
}

static bool
is_outside(struct run *r, const char *file, const struct csv_row *row)
{
	struct period p;

	if (!r->has_in || r->o->mode == VAR_MODE_COMPARE)
		return false;
	p = var_cell_period(r, file, row, r->cols.period);
	if (period_within(&p, &r->in_p)) {
		r->in_kept++;
		return false;
	}
	r->in_across += var_overlaps(&p, &r->in_p);
	return true;
}

/*
 * --in narrower than the periods of the rows keeps none of them: an empty
 * table would look like "nothing happened" (trust 10), so it is an error.
 */
void
var_check_in_kept(const struct run *r)
{
	if (!r->has_in || r->in_kept > 0 || r->in_across == 0)
		return;
	die("--in %s: no period of the input lies within it, %ld overlap%s "
	    "it: give an --in that holds whole periods of the input", r->o->in,
	    r->in_across, r->in_across == 1 ? "s" : "");
}

static void
warn_outside(const struct run *r, const char *file, long n)
{
	if (n > 0)
		warn_at(file, 0, "skipped %ld row%s outside %s (--in)", n,
		    n == 1 ? "" : "s", r->o->in);
}

void
var_metric_cell(const struct run *r, size_t i, const char **cell,
    size_t *len)
{
	if ((long)i == r->metric_at && *len == 0) {
		*cell = "amount";
		*len = strlen("amount");
	}
}

/* The period column's place among the checked cells, or -1. */
static long
period_cell(const struct cols *c)
{
	size_t j;

	for (j = 0; j < c->nchecked; j++)
		if (c->checked[j] == c->period)
			return (long)j;
	return -1;
}

/* Column name -> index in the header being read, for rule_bind(). */
static int
where_col(void *ctx, const char *name)
{
	const struct run *r = ctx;

	return table_find(r->hdr, r->conf, name);
}

/* --where: bind the expression to this file's header. */
static void
bind_where(struct run *r, const char *file)
{
	struct rule_err err;

	if (r->where != NULL && rule_bind(r->where, where_col, r, &err) < 0)
		die_at(file, 0, "--where: char %d: %s", err.col, err.msg);
}

/* Whether --where leaves the row out; an error in the data dies. */
static bool
is_unwanted(const struct run *r, const char *file, const struct csv_row *row)
{
	struct rule_row rr;
	struct rule_err err;
	int rc;

	if (r->where == NULL)
		return false;
	rr.cell = (const char *const *)row->field;
	rr.n = row->n;
	rr.decimal = r->conf->decimal;
	rr.order = r->conf->date_order;
	rr.asof = r->o->asof;
	if ((rc = rule_eval(r->where, &rr, &err)) < 0)
		die_at(file, row->line, "--where: char %d: %s", err.col,
		    err.msg);
	return rc == 0;
}

static void
warn_unwanted(const struct run *r, const char *file, long n)
{
	if (n > 0)
		warn_at(file, 0, "skipped %ld row%s --where leaves out (%s)", n,
		    n == 1 ? "" : "s", r->o->where);
}

static void
read_rows(struct run *r, const char *file)
{
	const struct csv_row *row;
	long rollups = 0, outside = 0, unwanted = 0;
	bool hold = r->o->mode == VAR_MODE_PLAN && !r->o->all_rows;
	size_t i;
	int rc;

	if (hold)
		var_hier_init(&r->hier, r->cols.nchecked,
		    period_cell(&r->cols));
	bind_where(r, file);
	while ((rc = csvin_next(r->in, &row)) == 1) {
		if (is_unwanted(r, file, row)) {
			unwanted++;
			continue;
		}
		if (!hold && !r->o->all_rows && is_rollup(row, &r->cols)) {
			rollups++;
			continue;
		}
		if (is_outside(r, file, row)) {
			outside++;
			continue;
		}
		if (hold) {
			var_hold_plan_row(r, file, row);
			continue;
		}
		for (i = 0; i < r->nnames; i++) {
			r->len[i] = row->len[r->cols.name[i]];
			r->cell[i] = trim_span(row->field[r->cols.name[i]],
			    &r->len[i]);
			var_metric_cell(r, i, &r->cell[i], &r->len[i]);
		}
		if (r->o->mode == VAR_MODE_COMPARE)
			var_add_compare_row(r, file, row);
		else
			var_add_plan_row(r, file, row);
	}
	if (rc == -1)
		die("%s", csvin_error(r->in));
	csvin_report_skips(r->in);
	if (hold)
		var_flush_held(r, file);
	warn_unwanted(r, file, unwanted);
	warn_rollups(file, rollups);
	warn_outside(r, file, outside);
}

/* The sums each aggregation entry holds, by mode. */
static void
init_aggs(struct run *r)
{
	enum var_mode m = r->o->mode;

	r->cell = xcalloc(r->nnames + 1, sizeof(*r->cell));
	r->len = xcalloc(r->nnames + 1, sizeof(*r->len));
	var_agg_init(&r->agg, r->nnames + (m == VAR_MODE_COMPARE),
	    m == VAR_MODE_PVM ? 4 : 2);
	var_agg_init(&r->series, r->nkeys, 1);
}

void
var_read_file(struct run *r, const char *path)
{
	const struct csv_row *hdr;
	char *file;

	r->in = csvin_open(path, &r->o->in_opts);
	if (csvin_header(r->in, &hdr) == -1)
		die("%s", csvin_error(r->in));
	file = xstrdup(csvin_name(r->in));
	r->files = xreallocarray(r->files, r->nfiles + 1, sizeof(*r->files));
	r->files[r->nfiles++] = file;
	r->hdr = hdr;
	find_cols(r, hdr, file);
	if (r->cell == NULL)
		init_aggs(r);
	read_rows(r, file);
	var_free_cols(&r->cols);
	csvin_close(r->in);
	r->in = NULL;
}
