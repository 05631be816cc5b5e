/*
 * varianceio: tgt-variance's reading and writing; see varianceio.h.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "conf.h"
#include "hier.h"
#include "csvio.h"
#include "num.h"
#include "period.h"
#include "table.h"
#include "util.h"
#include "variance.h"
#include "varianceio.h"

/* Sums in the aggregation, by mode. */
enum { V_PLAN, V_ACTUAL, V_PLAN_QTY, V_ACTUAL_QTY };	/* plan, pvm */
enum { V_VALUE, V_CELLS };				/* compare */

/* Column positions in one input file. */
struct cols {
	int	*name;		/* run->nnames positions */
	bool	*wild;		/* per header cell: checked for "*" */
	int	*checked;	/* the header cells checked for "*" */
	size_t	 nchecked;
	size_t	*name_at;	/* each name's place among checked */
	int	 plan, actual, plan_qty, actual_qty, plan_price, actual_price;
	int	 value, period;
};

/*
 * Everything one run reads.  A die() on bad data frees it through the
 * cleanup main() registers, so every allocation lives here while a
 * message can still stop the run.
 */
struct run {
	const struct variance_opts *o;
	struct tgt_conf	 conf;
	struct csvin_opts in_opts;
	struct csvin	*in;		/* the file being read */
	struct cols	 cols;		/* its columns */
	char		**names;	/* output key columns, then item columns */
	size_t		 nkeys;		/* -k keys among names */
	size_t		 nnames;
	bool		 named;		/* names set (from the first file) */
	const char	**cell;		/* scratch key tuple: nnames + 1 */
	size_t		*len;
	struct var_agg	 agg;		/* by names (+ period label) */
	char		**files;	/* input names, owned */
	size_t		 nfiles;
	size_t		*file_of;	/* agg entry -> index in files */
	struct period	*periods;	/* --compare: agg entry -> period */
	size_t		*series_of;	/* --compare: agg entry -> series */
	size_t		 nentries;	/* entries of file_of, periods, ... */
	size_t		 entries_cap;
	struct var_agg	 series;	/* --compare: by key cells: gran + 1 */
	char		*label;		/* an item's name for a message */
	const char	*period_name;	/* the period column found */
	bool		 has_in;	/* --in: keep rows within in_p */
	struct period	 in_p;
	long		 in_kept;	/* rows within in_p */
	long		 in_across;	/* rows overlapping in_p, not within */
	struct var_hier	 hier;		/* plan: the file's rows, by level */
};

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
		add_name(r, table_canon(&r->conf, v[i]));
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
		add_name(r, table_canon(&r->conf, hdr->field[i]));
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
	return table_require(hdr, &r->conf, name, file);
}

/* The first of the comma-separated names that hdr has, or -1. */
static int
find_first(struct run *r, const struct csv_row *hdr, const char *list)
{
	size_t n, i;
	char **v = split_list(list, &n);
	int col = -1;

	for (i = 0; i < n; i++) {
		if (col < 0 && (col = table_find(hdr, &r->conf, v[i])) >= 0)
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
		a = left_of(a, table_find(hdr, &r->conf, o->plan_qty),
		    table_find(hdr, &r->conf, o->actual_qty));
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

static void
free_cols(struct cols *c)
{
	free(c->name);
	free(c->wild);
	free(c->checked);
	free(c->name_at);
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
static num_t
cell_num(const struct run *r, const char *file, const struct csv_row *row,
    int col, const char *name, bool *empty)
{
	size_t len = row->len[col];
	const char *s = trim_span(row->field[col], &len);
	num_t v = 0;

	switch (num_parse(s, len, r->conf.decimal, &v)) {
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
static num_t
cell_amount(const struct run *r, const char *file, const struct csv_row *row,
    int qcol, const char *qname, int pcol, const char *pname)
{
	num_t q = cell_num(r, file, row, qcol, qname, NULL);
	num_t p = cell_num(r, file, row, pcol, pname, NULL);
	num_t a;

	if (num_mul(q, p, &a) == -1)
		die_at(file, row->line, "column \"%s\": quantity times price "
		    "is too large", pname);
	return a;
}

static void
add_sum(struct run *r, size_t k, size_t j, num_t v, const char *file,
    long line, const char *name)
{
	if (var_agg_add(&r->agg, k, j, v) == -1)
		die_at(file, line, "column \"%s\": the sum is too large", name);
}

/* A new aggregation entry k: remember its file (and for --compare its
 * period and series). */
static void
new_entry(struct run *r, size_t k, const struct period *p, size_t series)
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
static struct period
cell_period(const struct run *r, const char *file, const struct csv_row *row,
    int col)
{
	size_t len = row->len[col];
	const char *s = trim_span(row->field[col], &len);
	struct period p;
	const char *why;

	if ((why = period_parse(s, len, &r->conf.fy, r->conf.date_order,
	    &p)) != NULL)
		die_at(file, row->line, "column \"%s\": cannot read \"%.*s\" "
		    "as a period: %s", r->period_name, (int)len, s, why);
	return p;
}

/* The period of a --compare row, and its canonical label in buf. */
static struct period
row_period(const struct run *r, const char *file, const struct csv_row *row,
    int col, char *buf)
{
	struct period p = cell_period(r, file, row, col);

	if (r->o->by != NULL) {
		size_t len = row->len[col];
		const char *s = trim_span(row->field[col], &len);
		struct period q = period_of(p.start, r->o->by_gran,
		    &r->conf.fy);

		if (!period_within(&p, &q))
			die_at(file, row->line, "column \"%s\": \"%.*s\" is "
			    "longer than one %s (--by)", r->period_name,
			    (int)len, s, gran_name(r->o->by_gran));
		p = q;
	}
	period_format(&p, &r->conf.fy, buf);
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

static void
add_compare_row(struct run *r, const char *file, const struct csv_row *row)
{
	const struct cols *c = &r->cols;
	char label[PERIOD_FMT_MAX];
	struct period p = row_period(r, file, row, c->period, label);
	size_t s = row_series(r, file, row, &p, label), k;
	bool empty;
	num_t v = cell_num(r, file, row, c->value, r->o->value, &empty);

	r->cell[r->nnames] = label;
	r->len[r->nnames] = strlen(label);
	k = var_agg_get(&r->agg, r->cell, r->len, row->line);
	new_entry(r, k, &p, s);
	if (!empty) {
		add_sum(r, k, V_VALUE, v, file, row->line, r->o->value);
		add_sum(r, k, V_CELLS, NUM_FROM_INT(1), file, row->line, "");
	}
}

static void
add_plan_row(struct run *r, const char *file, const struct csv_row *row)
{
	const struct variance_opts *o = r->o;
	const struct cols *c = &r->cols;
	size_t k = var_agg_get(&r->agg, r->cell, r->len, row->line);
	num_t v;

	new_entry(r, k, NULL, 0);
	v = c->plan >= 0 ? cell_num(r, file, row, c->plan, o->plan, NULL) :
	    cell_amount(r, file, row, c->plan_qty, o->plan_qty, c->plan_price,
	    o->plan_price);
	add_sum(r, k, V_PLAN, v, file, row->line, o->plan);
	v = c->actual >= 0 ? cell_num(r, file, row, c->actual, o->actual,
	    NULL) : cell_amount(r, file, row, c->actual_qty, o->actual_qty,
	    c->actual_price, o->actual_price);
	add_sum(r, k, V_ACTUAL, v, file, row->line, o->actual);
	if (o->mode != VAR_MODE_PVM)
		return;
	v = cell_num(r, file, row, c->plan_qty, o->plan_qty, NULL);
	add_sum(r, k, V_PLAN_QTY, v, file, row->line, o->plan_qty);
	v = cell_num(r, file, row, c->actual_qty, o->actual_qty, NULL);
	add_sum(r, k, V_ACTUAL_QTY, v, file, row->line, o->actual_qty);
}

/*
 * Plan mode: hold the row in the file's hierarchy (hier.h), so that a
 * wildcard target counts what its finer rows do not hold and a rollup
 * row is not counted twice.
 */
static void
hold_plan_row(struct run *r, const char *file, const struct csv_row *row)
{
	const struct cols *c = &r->cols;
	const char **cell = xcalloc(c->nchecked + 1, sizeof(*cell));
	size_t *len = xcalloc(c->nchecked + 1, sizeof(*len));
	struct period p;
	num_t plan, actual;
	size_t j;

	for (j = 0; j < c->nchecked; j++) {
		len[j] = row->len[c->checked[j]];
		cell[j] = trim_span(row->field[c->checked[j]], &len[j]);
	}
	plan = cell_num(r, file, row, c->plan, r->o->plan, NULL);
	actual = cell_num(r, file, row, c->actual, r->o->actual, NULL);
	if (c->period >= 0)
		p = cell_period(r, file, row, c->period);
	/* Freed before the add: a die() inside it must not leak them. */
	var_hier_add(&r->hier, cell, len, c->period >= 0 ? &p : NULL, plan,
	    actual, row->line);
	free(cell);
	free(len);
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
static void
flush_held(struct run *r, const char *file)
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
		new_entry(r, k, NULL, 0);
		add_sum(r, k, V_PLAN, hr->plan, file, hr->line, r->o->plan);
		add_sum(r, k, V_ACTUAL, hr->actual, file, hr->line,
		    r->o->actual);
	}
	warn_held(file, restated, rest);
	var_hier_free(h);
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
static bool
overlaps(const struct period *a, const struct period *b)
{
	return a->start <= b->end && a->end >= b->start;
}

static bool
is_outside(struct run *r, const char *file, const struct csv_row *row)
{
	struct period p;

	if (!r->has_in || r->o->mode == VAR_MODE_COMPARE)
		return false;
	p = cell_period(r, file, row, r->cols.period);
	if (period_within(&p, &r->in_p)) {
		r->in_kept++;
		return false;
	}
	r->in_across += overlaps(&p, &r->in_p);
	return true;
}

/*
 * --in narrower than the periods of the rows keeps none of them: an empty
 * table would look like "nothing happened" (trust 10), so it is an error.
 */
static void
check_in_kept(const struct run *r)
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

static void
read_rows(struct run *r, const char *file)
{
	const struct csv_row *row;
	long rollups = 0, outside = 0;
	bool hold = r->o->mode == VAR_MODE_PLAN && !r->o->all_rows;
	size_t i;
	int rc;

	var_hier_init(&r->hier, r->cols.nchecked, period_cell(&r->cols));
	while ((rc = csvin_next(r->in, &row)) == 1) {
		if (!hold && !r->o->all_rows && is_rollup(row, &r->cols)) {
			rollups++;
			continue;
		}
		if (is_outside(r, file, row)) {
			outside++;
			continue;
		}
		if (hold) {
			hold_plan_row(r, file, row);
			continue;
		}
		for (i = 0; i < r->nnames; i++) {
			r->len[i] = row->len[r->cols.name[i]];
			r->cell[i] = trim_span(row->field[r->cols.name[i]],
			    &r->len[i]);
		}
		if (r->o->mode == VAR_MODE_COMPARE)
			add_compare_row(r, file, row);
		else
			add_plan_row(r, file, row);
	}
	if (rc == -1)
		die("%s", csvin_error(r->in));
	csvin_report_skips(r->in);
	if (hold)
		flush_held(r, file);
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

static void
read_file(struct run *r, const char *path)
{
	const struct csv_row *hdr;
	char *file;

	r->in = csvin_open(path, &r->in_opts);
	if (csvin_header(r->in, &hdr) == -1)
		die("%s", csvin_error(r->in));
	file = xstrdup(csvin_name(r->in));
	r->files = xreallocarray(r->files, r->nfiles + 1, sizeof(*r->files));
	r->files[r->nfiles++] = file;
	find_cols(r, hdr, file);
	if (r->cell == NULL)
		init_aggs(r);
	read_rows(r, file);
	free_cols(&r->cols);
	csvin_close(r->in);
	r->in = NULL;
}

/* Writing */

static void
cell_money(struct csvout *out, const struct run *r, num_t v)
{
	char buf[NUM_FMT_MAX];

	csvout_cell(out, num_format(v, r->conf.precision, 0, buf,
	    sizeof(buf)));
}

/* A quantity: exact, without trailing zeros ("120", "2.5"). */
static void
cell_qty(struct csvout *out, num_t v)
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

static void
cell_pct(struct csvout *out, bool has, double pct)
{
	char buf[64];

	csvout_cell(out, has ? pct_format(pct, buf, sizeof(buf)) : "");
}

/* Open the output and write the header: key names, then cols. */
static struct csvout *
open_out(const struct run *r, const char *const *cols, size_t ncols)
{
	struct csvout *out = csvout_open(r->o->cm.output, r->o->cm.excel);
	size_t i;

	for (i = 0; i < r->nkeys; i++)
		csvout_cell(out, r->names[i]);
	for (i = 0; i < ncols; i++)
		csvout_cell(out, cols[i]);
	csvout_end(out);
	return out;
}

static const char *const var_cols[] = {
	"plan", "actual", "variance", "variance_pct", "favorable",
	"share_pct", "cum_share_pct", "plan_qty", "actual_qty",
	"price_effect", "volume_effect", "mix_effect"
};

static void
cells_var(struct csvout *out, const struct run *r, const struct var_row *v)
{
	cell_money(out, r, v->plan);
	cell_money(out, r, v->actual);
	cell_money(out, r, v->variance);
	cell_pct(out, v->has_variance_pct, v->variance_pct);
	csvout_cell(out, v->favorable ? "yes" : "no");
	cell_pct(out, v->has_share, v->share_pct);
	cell_pct(out, v->has_share, v->cum_share_pct);
}

/* The TOTAL row's key cells: TOTAL, then "*" (all) in the others. */
static void
cells_total_keys(struct csvout *out, size_t nkeys)
{
	size_t i;

	for (i = 0; i < nkeys; i++)
		csvout_cell(out, i == 0 ? "TOTAL" : "*");
}

/* The first n key cells of entry k of a. */
static void
cells_keys(struct csvout *out, const struct var_agg *a, size_t k, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		csvout_cell(out, var_agg_key(a, k, i));
}

/* Rows of plan against actual from the sums of agg (V_PLAN, V_ACTUAL). */
struct table_out {
	size_t		 n;
	struct var_row	*rows;
	struct var_row	 total;
	size_t		*order;
};

static void
compute_rows(const struct run *r, const struct var_agg *a,
    struct table_out *t)
{
	size_t n = a->n, i;
	num_t *plan = xcalloc(n + 1, sizeof(*plan));
	num_t *actual = xcalloc(n + 1, sizeof(*actual));
	int rc;

	t->n = n;
	t->rows = xcalloc(n + 1, sizeof(*t->rows));
	t->order = xcalloc(n + 1, sizeof(*t->order));
	for (i = 0; i < n; i++) {
		plan[i] = var_agg_vals(a, i)[V_PLAN];
		actual[i] = var_agg_vals(a, i)[V_ACTUAL];
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

static void
table_out_free(struct table_out *t)
{
	free(t->rows);
	free(t->order);
}

static void
write_plan(struct run *r)
{
	struct table_out t;
	struct csvout *out;
	size_t i;

	compute_rows(r, &r->agg, &t);
	out = open_out(r, var_cols, 7);
	for (i = 0; i < t.n; i++) {
		cells_keys(out, &r->agg, t.order[i], r->nkeys);
		cells_var(out, r, &t.rows[t.order[i]]);
		csvout_end(out);
	}
	cells_total_keys(out, r->nkeys);
	cells_var(out, r, &t.total);
	csvout_end(out);
	table_out_free(&t);
	csvout_close(out);
}

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
	var_pvm_round(&e, variance, r->conf.precision);
	cell_qty(out, sums[V_PLAN_QTY]);
	cell_qty(out, sums[V_ACTUAL_QTY]);
	cell_money(out, r, e.price);
	cell_money(out, r, e.volume);
	cell_money(out, r, e.mix);
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

static void
write_pvm(struct run *r)
{
	struct groups gr;
	struct table_out t;
	struct csvout *out;
	num_t sums[4];
	struct pvm e;
	size_t i;

	group_items(r, &gr);
	compute_rows(r, &gr.g, &t);
	out = open_out(r, var_cols, 12);
	for (i = 0; i < t.n; i++) {
		size_t k = t.order[i];

		cells_keys(out, &gr.g, k, r->nkeys);
		cells_var(out, r, &t.rows[k]);
		cells_pvm(out, r, var_agg_vals(&gr.g, k), gr.effect[k],
		    t.rows[k].variance);
		csvout_end(out);
	}
	pvm_total(&gr, sums, &e);
	cells_total_keys(out, r->nkeys);
	cells_var(out, r, &t.total);
	cells_pvm(out, r, sums, e, t.total.variance);
	csvout_end(out);
	table_out_free(&t);
	groups_free(&gr);
	csvout_close(out);
}

/* --compare */

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
		cell_money(out, r, pt[i].value);
	else
		csvout_cell(out, "");
	csvout_cell(out, var_base_period(&pt[i].p, r->o->yoy, &r->conf.fy,
	    &bp) == 0 ? period_format(&bp, &r->conf.fy, buf) : "");
	if (has_value(r, b))
		cell_money(out, r, pt[b].value);
	else
		csvout_cell(out, "");
	if (both && num_sub(pt[i].value, pt[b].value, &d) == 0) {
		cell_money(out, r, d);
		cell_pct(out, pt[b].value != 0, num_to_double(d) /
		    num_to_double(num_abs(pt[b].value)) * 100.0);
	} else {
		csvout_cell(out, "");
		csvout_cell(out, "");
	}
}

static void
write_compare(struct run *r)
{
	size_t n = r->agg.n, i, *order;
	struct cmp_point *pt = compare_points(r);
	long *base = xcalloc(n + 1, sizeof(*base));
	struct csvout *out;

	for (i = 0; r->has_in && i < n; i++) {
		if (period_within(&pt[i].p, &r->in_p))
			r->in_kept++;
		else
			r->in_across += overlaps(&pt[i].p, &r->in_p);
	}
	check_in_kept(r);
	var_compare_base(pt, n, r->o->yoy, &r->conf.fy, base);
	order = var_point_order(pt, n);
	out = open_out(r, cmp_cols, 6);
	for (i = 0; i < n; i++) {
		if (r->has_in && !period_within(&pt[order[i]].p, &r->in_p))
			continue;
		cells_keys(out, &r->agg, order[i], r->nkeys);
		cells_compare(out, r, pt, order[i], base[order[i]]);
		csvout_end(out);
	}
	free(order);
	free(base);
	free(pt);
	csvout_close(out);
}

/* With --by, --in must be made of whole periods of that granularity:
 * one narrower than a --by period holds none of them (trust 10). */
static void
check_in_by(const struct run *r)
{
	const struct period *in = &r->in_p;
	enum gran g = r->o->by_gran;

	if (r->o->by == NULL)
		return;
	if (period_of(in->start, g, &r->conf.fy).start != in->start ||
	    period_of(in->end, g, &r->conf.fy).end != in->end)
		die_usage("--in: %s does not start and end on %s boundaries "
		    "(--by %s)", r->o->in, gran_name(g), gran_name(g));
}

/* --in PERIOD, read with the config's fiscal year and date order. */
static void
parse_in(struct run *r)
{
	const char *in = r->o->in, *why;

	if (in == NULL)
		return;
	if ((why = period_parse(in, strlen(in), &r->conf.fy,
	    r->conf.date_order, &r->in_p)) != NULL)
		die_usage("--in: cannot read \"%s\" as a period: %s", in, why);
	r->has_in = true;
	check_in_by(r);
}

static void
run_free(void *arg)
{
	struct run *r = arg;
	size_t i;

	if (r->in != NULL)
		csvin_close(r->in);
	free_cols(&r->cols);
	for (i = 0; i < r->nnames; i++)
		free(r->names[i]);
	free(r->names);
	free(r->cell);
	free(r->len);
	for (i = 0; i < r->nfiles; i++)
		free(r->files[i]);
	free(r->files);
	free(r->file_of);
	free(r->periods);
	free(r->series_of);
	var_agg_free(&r->agg);
	var_agg_free(&r->series);
	var_hier_free(&r->hier);
	free(r->label);
	conf_free(&r->conf);
}

int
variance_run(const struct variance_opts *o, int nfiles, char *const *files)
{
	struct run r;
	int i, h;

	memset(&r, 0, sizeof(r));
	r.o = o;
	cli_setup(&o->cm, &r.conf, &r.in_opts);
	parse_in(&r);
	/* Bad data dies: free what the run holds on the way out. */
	h = tgt_cleanup_add(run_free, &r);
	if (nfiles == 0)
		read_file(&r, "-");
	for (i = 0; i < nfiles; i++)
		read_file(&r, files[i]);
	if (o->mode != VAR_MODE_COMPARE)
		check_in_kept(&r);
	if (o->mode == VAR_MODE_PLAN)
		write_plan(&r);
	else if (o->mode == VAR_MODE_PVM)
		write_pvm(&r);
	else
		write_compare(&r);
	tgt_cleanup_remove(h);
	run_free(&r);
	return TGT_EXIT_OK;
}
