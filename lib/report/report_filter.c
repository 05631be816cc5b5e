/*
 * report_filter: which input rows tgt-report shows.  --where EXPR (the
 * tgt-alert expression language, lib/rule.h), --in PERIOD (rows whose
 * period lies inside PERIOD), --leaves (no "*" key cell, no TOTAL row:
 * no double counting of subtotals), and the daily dashboard's default
 * (report_pick_current): the leaf rows of the current period.
 *
 * Rows left out are freed here, before any sum is taken, so subtotals and
 * the grand total count exactly the rows shown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "period.h"
#include "report.h"
#include "report_impl.h"
#include "rule.h"
#include "util.h"

struct finder {
	const struct report *r;
	const struct table *t;
	const struct tgt_conf *conf;
};

/* A column by canonical name, else by the input's header (aliases). */
static int
find_col(void *ctx, const char *name)
{
	const struct finder *f = ctx;
	int j = report_col(f->r, name);

	return j >= 0 ? j : table_col(f->t, f->conf, name);
}

/* Keep the rows with keep[i]; free the others. */
static size_t
keep_rows(struct report *r, const bool *keep)
{
	size_t n = 0;

	r->ndata = 0;
	for (size_t i = 0; i < r->nrows; i++) {
		if (!keep[i]) {
			report_free_row(&r->rows[i], r->ncols);
			continue;
		}
		r->rows[n++] = r->rows[i];
		if (r->rows[n - 1].kind == RR_DATA)
			r->ndata++;
	}
	r->nrows = n;
	return n;
}

/* The period column of the rows: "period", else "date"; -1 if none. */
static int
period_col(const struct report *r)
{
	int j = report_col(r, "period");

	return j >= 0 ? j : report_col(r, "date");
}

/* The period of row; false when its cell is empty or "*" (a total).  A
 * cell that is not a period is an error naming the line. */
static bool
period_of_row(const struct report *r, const struct report_row *row, int jp,
    const struct tgt_conf *conf, const struct report_opts *o,
    struct period *p)
{
	const char *c = row->cell[jp];
	const char *why;

	if (*c == '\0' || strcmp(c, "*") == 0 || row->kind != RR_DATA)
		return false;
	why = period_parse(c, strlen(c), &conf->fy, o->date_order, p);
	if (why != NULL)
		die_at(r->file, row->line, "column \"%s\": \"%s\" is "
		    "not a period: %s", r->cols[jp], c, why);
	return true;
}

static bool
row_period(const struct report *r, size_t i, int jp,
    const struct tgt_conf *conf, const struct report_opts *o,
    struct period *p)
{
	return period_of_row(r, &r->rows[i], jp, conf, o, p);
}

void
report_rowfilter_init(struct report_rowfilter *f, const struct report *r,
    const struct table *t, const struct tgt_conf *conf,
    const struct report_opts *o)
{
	struct finder fd = { r, t, conf };
	struct rule_err err;
	const char *why;

	memset(f, 0, sizeof(*f));
	f->active = o->where != NULL || o->in != NULL || o->leaves;
	if (o->in != NULL) {
		why = period_parse(o->in, strlen(o->in), &conf->fy,
		    o->date_order, &f->in);
		if (why != NULL)
			die_usage("--in: \"%s\" is not a period: %s", o->in,
			    why);
		if ((f->jp = period_col(r)) < 0)
			die("%s: --in needs a period or date column", r->file);
		f->has_in = true;
	}
	if (o->where == NULL)
		return;
	if ((f->rule = rule_parse(o->where, &err)) == NULL)
		die_usage("--where: char %d: %s", err.col, err.msg);
	if (rule_bind(f->rule, find_col, &fd, &err) < 0) {
		rule_free(f->rule);
		die_usage("--where: char %d: %s", err.col, err.msg);
	}
}

bool
report_rowfilter_keep(const struct report_rowfilter *f,
    const struct report *r, const struct report_row *row,
    const struct tgt_conf *conf, const struct report_opts *o)
{
	struct rule_row rr = {
		(const char *const *)row->cell, r->ncols, '.', o->date_order,
		o->asof
	};
	struct rule_err err;
	struct period p;
	int rc;

	if (o->leaves && row->kind != RR_DATA)
		return false;
	if (f->has_in && !(period_of_row(r, row, f->jp, conf, o, &p) &&
	    period_within(&p, &f->in)))
		return false;
	if (f->rule == NULL)
		return true;
	if ((rc = rule_eval(f->rule, &rr, &err)) < 0)
		die_at(r->file, row->line, "--where: char %d: %s", err.col,
		    err.msg);
	return rc == 1;
}

void
report_rowfilter_free(struct report_rowfilter *f)
{
	rule_free(f->rule);
	memset(f, 0, sizeof(*f));
}

void
report_filter(struct report *r, const struct table *t,
    const struct tgt_conf *conf, const struct report_opts *o)
{
	struct report_rowfilter f;
	bool *keep;

	report_rowfilter_init(&f, r, t, conf, o);
	if (!f.active)
		return;
	keep = xcalloc(r->nrows + 1, sizeof(*keep));
	for (size_t i = 0; i < r->nrows; i++)
		keep[i] = report_rowfilter_keep(&f, r, &r->rows[i], conf, o);
	report_rowfilter_free(&f);
	keep_rows(r, keep);
	free(keep);
}

/* Whether row i is of the current period: its period holds asof, or,
 * with open_rows, it is still open by its own elapsed_pct (0 < e < 100),
 * for a report run without --asof on data tracked for another day. */
static bool
is_current(const struct report *r, size_t i, int jp, int je, bool open_rows,
    const struct tgt_conf *conf, const struct report_opts *o,
    struct period *p)
{
	double e;

	if (!row_period(r, i, jp, conf, o, p))
		return false;
	if (!open_rows)
		return period_contains(p, o->asof);
	return je >= 0 && fmt_to_double(r->rows[i].cell[je], '.', &e) &&
	    e > 0 && e < 100;
}

/* The length in days of the current period (the shortest longer than a
 * day, else a day), or 0 when no row is current. */
static long
current_days(const struct report *r, int jp, int je, bool open_rows,
    const struct tgt_conf *conf, const struct report_opts *o)
{
	struct period p;
	long best = 0;

	for (size_t i = 0; i < r->nrows; i++) {
		long d;

		if (!is_current(r, i, jp, je, open_rows, conf, o, &p))
			continue;
		d = period_days(&p);
		if (best == 0 || (d > 1 && (best == 1 || d < best)))
			best = d;
	}
	return best;
}

/*
 * The daily dashboard's rows when no filter is given: the leaf rows whose
 * period contains asof, of the finest granularity longer than a day that
 * has any (the month, rather than the quarter or the day itself); a day
 * only when nothing longer holds asof.  Inputs of one granularity with no
 * "*" rows (a daily series, a month of reps) are shown whole.
 */
void
report_pick_current(struct report *r, const struct tgt_conf *conf,
    const struct report_opts *o)
{
	int jp = report_col(r, "period"), je = report_col(r, "elapsed_pct");
	struct period p;
	enum gran best = G_DAY;
	long best_days;
	bool mixed = false, any = false, open_rows = false, *keep;
	size_t nkeep = 0, nin = r->nrows;
	char buf[PERIOD_FMT_MAX];

	if (jp < 0 || r->nrows == 0)
		return;
	for (size_t i = 0; i < r->nrows; i++) {
		if (r->rows[i].kind != RR_DATA) {
			mixed = true;
			continue;
		}
		if (!row_period(r, i, jp, conf, o, &p))
			continue;
		if (any && p.gran != best)
			mixed = true;
		any = true;
		best = p.gran;
	}
	if (!mixed)
		return;
	/* The shortest period longer than a day that holds asof; without
	 * --asof and no row of today, the periods still open. */
	best_days = current_days(r, jp, je, false, conf, o);
	if (best_days == 0 && !o->has_asof) {
		open_rows = true;
		best_days = current_days(r, jp, je, true, conf, o);
	}
	if (best_days == 0) {
		warnx_("%s: no row's period holds %s: showing every row "
		    "(--in PERIOD or --where to choose)", r->file,
		    date_format(o->asof, buf));
		return;
	}
	keep = xcalloc(r->nrows + 1, sizeof(*keep));
	for (size_t i = 0; i < r->nrows; i++) {
		keep[i] = is_current(r, i, jp, je, open_rows, conf, o, &p) &&
		    period_days(&p) == best_days;
		if (keep[i] && nkeep == 0)
			period_format(&p, &conf->fy, buf);
		nkeep += keep[i];
	}
	keep_rows(r, keep);
	free(keep);
	warnx_("%s: showing the %zu leaf row%s of %s, the current period, of "
	    "%zu (--in, --where or --leaves to choose)", r->file, nkeep,
	    nkeep == 1 ? "" : "s", buf, nin);
}
