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

static void
filter_where(struct report *r, const struct table *t,
    const struct tgt_conf *conf, const struct report_opts *o, bool *keep)
{
	struct finder f = { r, t, conf };
	struct rule_err err;
	struct rule *rule = rule_parse(o->where, &err);

	if (rule == NULL)
		die_usage("--where: char %d: %s", err.col, err.msg);
	if (rule_bind(rule, find_col, &f, &err) < 0) {
		rule_free(rule);
		die_usage("--where: char %d: %s", err.col, err.msg);
	}
	for (size_t i = 0; i < r->nrows; i++) {
		struct rule_row row = {
			(const char *const *)r->rows[i].cell, r->ncols, '.',
			o->date_order, o->asof
		};
		int rc;

		if (!keep[i])
			continue;
		rc = rule_eval(rule, &row, &err);
		if (rc < 0) {
			rule_free(rule);
			die_at(r->file, r->rows[i].line, "--where: char %d: %s",
			    err.col, err.msg);
		}
		keep[i] = rc == 1;
	}
	rule_free(rule);
}

/* The period column of the rows: "period", else "date"; -1 if none. */
static int
period_col(const struct report *r)
{
	int j = report_col(r, "period");

	return j >= 0 ? j : report_col(r, "date");
}

/* The period of row i; false when its cell is empty or "*" (a total).
 * A cell that is not a period is an error naming the line. */
static bool
row_period(const struct report *r, size_t i, int jp,
    const struct tgt_conf *conf, const struct report_opts *o,
    struct period *p)
{
	const char *c = r->rows[i].cell[jp];
	const char *why;

	if (*c == '\0' || strcmp(c, "*") == 0 || r->rows[i].kind != RR_DATA)
		return false;
	why = period_parse(c, strlen(c), &conf->fy, o->date_order, p);
	if (why != NULL)
		die_at(r->file, r->rows[i].line, "column \"%s\": \"%s\" is "
		    "not a period: %s", r->cols[jp], c, why);
	return true;
}

static void
filter_in(struct report *r, const struct tgt_conf *conf,
    const struct report_opts *o, bool *keep)
{
	int jp = period_col(r);
	struct period in, p;
	const char *why;

	why = period_parse(o->in, strlen(o->in), &conf->fy, o->date_order,
	    &in);
	if (why != NULL)
		die_usage("--in: \"%s\" is not a period: %s", o->in, why);
	if (jp < 0)
		die("%s: --in needs a period or date column", r->file);
	for (size_t i = 0; i < r->nrows; i++)
		if (keep[i])
			keep[i] = row_period(r, i, jp, conf, o, &p) &&
			    period_within(&p, &in);
}

void
report_filter(struct report *r, const struct table *t,
    const struct tgt_conf *conf, const struct report_opts *o)
{
	bool *keep;

	if (o->where == NULL && o->in == NULL && !o->leaves)
		return;
	keep = xcalloc(r->nrows + 1, sizeof(*keep));
	for (size_t i = 0; i < r->nrows; i++)
		keep[i] = !o->leaves || r->rows[i].kind == RR_DATA;
	if (o->in != NULL)
		filter_in(r, conf, o, keep);
	if (o->where != NULL)
		filter_where(r, t, conf, o, keep);
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
