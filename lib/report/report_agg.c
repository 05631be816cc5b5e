/*
 * report_agg: the cells of an added row (a --group subtotal, the grand
 * total) from the rows it sums.  Sums are exact (num_t); ratios are
 * recomputed from the sums, never averaged; the status is decided by
 * lib/status, the rule tgt-track uses.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "keymap.h"
#include "num.h"
#include "period.h"
#include "report.h"
#include "report_impl.h"
#include "status.h"
#include "util.h"

/*
 * Subtotals.  Sums are exact (num_t); ratios are recomputed from the sums,
 * never averaged; key cells of the rows summed are "*" (all), as in a
 * targets file or tgt-track --rollup.
 */
struct sums {
	num_t	*v;
	bool	*has;
	bool	*same;		/* every row had the same cell */
	bool	 series;	/* the rows are distinct periods of a series */
	num_t	 days;		/* remaining_days of the rows summed */
	bool	 has_days;
	bool	 has_target;	/* some row is not no_target */
	bool	 over;		/* every row's period is over */
	bool	 started;	/* some row's period has started */
	bool	 mixed;		/* rows of different metrics: no sums */
	bool	 ratio;		/* rows of one ratio metric (aov) */
};

static bool
sum_get(const struct report *r, const struct sums *s, const char *name,
    num_t *v)
{
	int j = report_col(r, name);

	if (j < 0 || !s->has[j])
		return false;
	*v = s->v[j];
	return true;
}

/*
 * The expected of a row before tgt-track rounded it to cents, when the
 * row shows it is linear in calendar days: target * elapsed days / days
 * of the period, elapsed days = days - remaining_days, and both that and
 * the elapsed_pct cell agree with the rounded cells.  Else the cell as it
 * is (working days, seasonality).  Summing rounded cells drifts: three
 * rows of 0.645161... shown as 0.65 sum to 1.95, not 1.935484.
 */
static num_t
exact_expected(const struct report *r, const struct report_row *row,
    num_t cellv, const struct report_opts *o)
{
	int jp = report_col(r, "period"), jt = report_col(r, "target");
	int jr = report_col(r, "remaining_days");
	int je = report_col(r, "elapsed_pct");
	struct fiscal fy = o->fy.start_month > 0 ? o->fy : FISCAL_CALENDAR;
	struct period p;
	num_t t, rem, v, half;
	long days, e;
	char buf[64];
	const char *c;

	if (jp < 0 || jt < 0 || jr < 0 || je < 0)
		return cellv;
	c = row->cell[jp];
	if (period_parse(c, strlen(c), &fy, o->date_order, &p) != NULL)
		return cellv;
	c = row->cell[jt];
	if (num_parse(c, strlen(c), '.', &t) != NUM_OK)
		return cellv;
	c = row->cell[jr];
	if (num_parse(c, strlen(c), '.', &rem) != NUM_OK ||
	    rem % NUM_SCALE != 0)
		return cellv;
	days = period_days(&p);
	e = days - (long)(rem / NUM_SCALE);
	if (e < 0 || e > days || strcmp(row->cell[je], pct_format(100.0 *
	    (double)e / (double)days, buf, sizeof(buf))) != 0)
		return cellv;
	if (num_muldiv(t, NUM_FROM_INT(e), NUM_FROM_INT(days), &v) != 0)
		return cellv;
	half = NUM_SCALE / 2;
	for (int k = 0; k < o->precision && k < NUM_DIGITS; k++)
		half /= 10;
	return llabs(v - cellv) <= half ? v : cellv;
}

static char *
num_cell(num_t v)
{
	char buf[NUM_FMT_MAX];

	return xstrdup(num_format(v, NUM_DIGITS, 0, buf, sizeof(buf)));
}

/* 100 * a / b as a _pct cell, empty when b is 0. */
static char *
pct_cell(num_t a, num_t b, bool absb)
{
	char buf[64];
	double d;

	if (b == 0)
		return xstrdup("");
	d = num_to_double(b);
	d = 100.0 * num_to_double(a) / (absb ? fabs(d) : d);
	return xstrdup(pct_format(d, buf, sizeof(buf)));
}

static const char *
same_cell(const struct report *r, size_t j, const struct report_row *first,
    const struct sums *s)
{
	(void)r;
	return s->same[j] && first != NULL ? first->cell[j] : "";
}

/* The status of a subtotal: lib/status over the facts of the rows. */
static char *
status_cell(const struct report *r, const struct sums *s,
    const struct report_row *first, const struct report_opts *o)
{
	struct status_facts f = { 0 };
	num_t expected;

	if (!sum_get(r, s, "target", &f.target) ||
	    !sum_get(r, s, "actual", &f.actual))
		return xstrdup(same_cell(r, (size_t)report_col(r, "status"),
		    first, s));
	f.has_target = s->has_target;
	f.over = s->over;
	f.started = s->started;
	f.has_pace = sum_get(r, s, "expected", &expected) && expected != 0;
	if (f.has_pace)
		f.pace_pct = 100.0 * num_to_double(f.actual) /
		    num_to_double(expected);
	else if (report_col(r, "expected") < 0 &&
	    report_col(r, "elapsed_pct") < 0)
		/* No pace to judge by: the rows' own word, when they agree. */
		return xstrdup(f.actual >= f.target && f.target > 0 ?
		    "achieved" : same_cell(r, (size_t)report_col(r, "status"),
		    first, s));
	return xstrdup(status_name(status_decide(&f, o->behind, o->ahead)));
}

/*
 * The forecast of rows of one period (elapsed_pct alike) is the sum of
 * their run-rates.  Rows of different periods (a daily series, months of
 * a year) have no common elapsed fraction: their actual is projected by
 * the expected curve instead, actual * target / expected.
 */
static char *
forecast_cell(const struct report *r, size_t j, const struct sums *s)
{
	int je = report_col(r, "elapsed_pct");
	num_t a, t, e, f;

	if (je < 0 || s->same[je])
		return s->has[j] ? num_cell(s->v[j]) : xstrdup("");
	if (!sum_get(r, s, "actual", &a) || !sum_get(r, s, "target", &t) ||
	    !sum_get(r, s, "expected", &e) || e == 0 ||
	    num_muldiv(a, t, e, &f) != 0)
		return xstrdup("");
	return num_cell(f);
}

static char *
ratio_cell(const struct report *r, size_t j, const struct sums *s,
    const struct report_row *first, const struct report_opts *o)
{
	const char *name = r->cols[j];
	num_t a, b, c;

	if (s->mixed)
		return xstrdup("");
	if (s->ratio) {
		/* A ratio has no run-rate and nothing "remaining". */
		if (strcmp(name, "forecast") == 0)
			return sum_get(r, s, "actual", &a) ? num_cell(a) :
			    xstrdup("");
		if (strcmp(name, "remaining") == 0 ||
		    strcmp(name, "required_per_day") == 0 ||
		    strcmp(name, "remaining_days") == 0)
			return xstrdup("");
	}
	if (strcmp(name, "achievement_pct") == 0)
		return sum_get(r, s, "actual", &a) &&
		    sum_get(r, s, "target", &b) ? pct_cell(a, b, false) :
		    xstrdup("");
	if (strcmp(name, "pace_pct") == 0)
		return sum_get(r, s, "actual", &a) &&
		    sum_get(r, s, "expected", &b) ? pct_cell(a, b, false) :
		    xstrdup("");
	if (strcmp(name, "forecast_pct") == 0)
		return sum_get(r, s, "forecast", &a) &&
		    sum_get(r, s, "target", &b) ? pct_cell(a, b, false) :
		    xstrdup("");
	if (strcmp(name, "variance_pct") == 0) {
		if (!sum_get(r, s, "variance", &a))
			return xstrdup("");
		if (sum_get(r, s, "plan", &b) || sum_get(r, s, "target", &b) ||
		    sum_get(r, s, "base", &b))
			return pct_cell(a, b, true);
		return xstrdup("");
	}
	if (strcmp(name, "remaining") == 0) {
		if (sum_get(r, s, "target", &a) &&
		    sum_get(r, s, "actual", &b)) {
			if (num_sub(a, b, &c) != 0)
				die("column \"remaining\": sum overflows");
			return num_cell(c > 0 ? c : 0);
		}
		return s->has[j] ? num_cell(s->v[j]) : xstrdup("");
	}
	if (strcmp(name, "remaining_days") == 0)
		return s->has_days ? xasprintf("%ld", (long)(s->days /
		    NUM_SCALE)) : xstrdup("");
	if (strcmp(name, "forecast") == 0)
		return forecast_cell(r, j, s);
	if (strcmp(name, "required_per_day") == 0) {
		double days;

		if (!s->has_days || s->days <= 0)
			return xstrdup("");
		days = num_to_double(s->days);
		if (!sum_get(r, s, "target", &a) ||
		    !sum_get(r, s, "actual", &b))
			return xstrdup("");
		if (num_sub(a, b, &c) != 0)
			die("column \"required_per_day\": sum overflows");
		if (c < 0)
			c = 0;
		if (num_from_double(num_to_double(c) / days, &a) != 0)
			return xstrdup("");
		return num_cell(a);
	}
	if (strcmp(name, "status") == 0)
		return status_cell(r, s, first, o);
	return xstrdup(same_cell(r, j, first, s));
}

/* Set column name of the sums to v. */
static void
sum_set(const struct report *r, struct sums *s, const char *name, num_t v,
    bool has)
{
	int j = report_col(r, name);

	if (j >= 0) {
		s->v[j] = v;
		s->has[j] = has;
	}
}

/* Whether column j is summed: FA_SUM columns, and forecast and remaining,
 * where ratio_cell() finds nothing better (rows of one period). */
static bool
summed(const struct report *r, size_t j)
{
	return fmt_column_agg(r->cols[j]) == FA_SUM ||
	    strcmp(r->cols[j], "forecast") == 0 ||
	    strcmp(r->cols[j], "remaining") == 0;
}

void
report_agg_init(struct report_agg *a, const struct report *r,
    const struct report_opts *o)
{
	size_t nc = r->ncols ? r->ncols : 1;

	memset(a, 0, sizeof(*a));
	a->r = r;
	a->o = o;
	a->first = xcalloc(nc, sizeof(*a->first));
	a->same = xcalloc(nc, sizeof(*a->same));
	a->v = xcalloc(nc, sizeof(*a->v));
	a->has = xcalloc(nc, sizeof(*a->has));
	a->num_any = xcalloc(nc, sizeof(*a->num_any));
	a->num_bad = xcalloc(nc, sizeof(*a->num_bad));
	a->max = xcalloc(nc, sizeof(*a->max));
	for (size_t j = 0; j < r->ncols; j++)
		a->same[j] = true;
	a->jp = report_col(r, "period");
	if (a->jp < 0)
		a->jp = report_col(r, "date");
	keymap_init(&a->periods, 1);
	a->jd = report_col(r, "remaining_days");
	a->je = report_col(r, "elapsed_pct");
	a->js = report_col(r, "status");
	a->ja = report_col(r, "actual");
	a->jc = report_col(r, "count");
	a->has_target = a->js < 0;
	a->over = a->je >= 0;
	a->started = a->je < 0;
}

static void
add_sum(struct report_agg *a, const struct report_row *row, size_t j)
{
	const struct report *r = a->r;
	const char *c = row->cell[j];
	num_t v;

	switch (num_parse(c, strlen(c), a->o->decimal, &v)) {
	case NUM_EMPTY:
		return;
	case NUM_OK:
		break;
	default:
		die_at(r->file, row->line, "column \"%s\": cannot read \"%s\" "
		    "as a number", r->cols[j], c);
	}
	if (strcmp(r->cols[j], "expected") == 0)
		v = exact_expected(r, row, v, a->o);
	if (num_add(a->v[j], v, &a->v[j]) != 0)
		die_at(r->file, row->line, "column \"%s\": sum overflows",
		    r->cols[j]);
	a->has[j] = true;
}

/* Periods over / started, a target somewhere (a group of no_target rows
 * has none), from elapsed_pct and status. */
static void
add_time(struct report_agg *a, const struct report_row *row)
{
	double e;

	if (a->js < 0 || strcmp(row->cell[a->js], "no_target") != 0)
		a->has_target = true;
	if (a->je < 0)
		return;
	if (!fmt_to_double(row->cell[a->je], '.', &e))
		e = 0;
	if (e < 100)
		a->over = false;
	if (e > 0)
		a->started = true;
}

/* Days left: summed (a series: each day or month counts its own) and
 * the common value (rows of one period); finish picks. */
static void
add_days(struct report_agg *a, const struct report_row *row)
{
	const char *c;
	num_t v;

	if (a->jd < 0 || a->days_bad)
		return;
	c = row->cell[a->jd];
	if (num_parse(c, strlen(c), a->o->decimal, &v) != NUM_OK ||
	    num_add(a->days_sum, v, &a->days_sum) != 0) {
		a->days_bad = true;
		return;
	}
	if (a->n == 0)
		a->days_first = v;
	else if (v != a->days_first)
		a->days_differ = true;
}

/* aov = amount / orders: sum(actual * count) and sum(count). */
static void
add_ratio(struct report_agg *a, const struct report_row *row)
{
	const char *ca, *cc;
	num_t x, c, p;

	if (a->ja < 0 || a->jc < 0 || a->ratio_bad)
		return;
	ca = row->cell[a->ja];
	cc = row->cell[a->jc];
	if (num_parse(cc, strlen(cc), a->o->decimal, &c) != NUM_OK)
		a->ratio_bad = true;
	else if (c == 0)
		return;
	else if (num_parse(ca, strlen(ca), a->o->decimal, &x) != NUM_OK ||
	    num_mul(x, c, &p) != 0 || num_add(a->rnum, p, &a->rnum) != 0 ||
	    num_add(a->rden, c, &a->rden) != 0)
		a->ratio_bad = true;
}

void
report_agg_add(struct report_agg *a, const struct report_row *row)
{
	const struct report *r = a->r;
	bool added;

	for (size_t j = 0; j < r->ncols; j++) {
		const char *c = row->cell[j];

		if (a->n == 0)
			a->first[j] = xstrdup(c);
		else if (a->same[j] && strcmp(c, a->first[j]) != 0)
			a->same[j] = false;
		if (summed(r, j))
			add_sum(a, row, j);
		if (fmt_column_agg(r->cols[j]) == FA_MAX) {
			/* Canonical dates compare as strings. */
			if (strcmp(c, a->max[j] != NULL ? a->max[j] : "") > 0) {
				free(a->max[j]);
				a->max[j] = xstrdup(c);
			}
		} else if (r->kind[j] == FK_TEXT && !a->num_bad[j]) {
			num_t v;
			enum num_status st = num_parse(c, strlen(c),
			    a->o->decimal, &v);

			if (st == NUM_OK)
				a->num_any[j] = true;
			else if (st != NUM_EMPTY)
				a->num_bad[j] = true;
		}
	}
	if (a->jp >= 0) {
		const char *key[1] = { row->cell[a->jp] };

		keymap_add(&a->periods, key, NULL, &added);
		if (!added)
			a->dup_period = true;
	}
	add_time(a, row);
	add_days(a, row);
	add_ratio(a, row);
	a->n++;
}

/*
 * A ratio metric (aov = amount / orders) is never summed: the subtotal
 * is the ratio of the sums, sum(actual * count) / sum(count) (count is
 * tgt-track's number of orders, the denominator of aov); the target only
 * when every row has the same one (any weighting of equal targets gives
 * it back); expected is the target (no time pacing), as in tgt-track.
 */
static void
ratio_sums(const struct report_agg *a, struct sums *s)
{
	const struct report *r = a->r;
	int jt = report_col(r, "target");
	num_t t = 0, q = 0, v;
	bool ht = jt >= 0 && a->n > 0 && a->same[jt] &&
	    num_parse(a->first[jt], strlen(a->first[jt]), '.', &t) == NUM_OK;
	bool hq = a->ja >= 0 && a->jc >= 0 && !a->ratio_bad && a->rden != 0 &&
	    num_div(a->rnum, a->rden, &q) == 0;

	sum_set(r, s, "target", t, ht);
	sum_set(r, s, "actual", q, hq);
	sum_set(r, s, "expected", t, ht);
	sum_set(r, s, "variance", ht && hq && num_sub(q, t, &v) == 0 ? v : 0,
	    ht && hq);
	s->has_days = false;
}

/* The facts gathered, as ratio_cell() and status_cell() read them. */
static void
finish_sums(const struct report_agg *a, struct sums *s)
{
	const struct report *r = a->r;

	memset(s, 0, sizeof(*s));
	s->v = a->v;
	s->has = a->has;
	s->same = a->same;
	s->series = a->jp >= 0 && a->n >= 2 && !a->dup_period;
	s->has_target = a->has_target;
	s->over = a->over && a->n > 0;
	s->started = a->started;
	s->has_days = a->jd >= 0 && a->n > 0 && !a->days_bad &&
	    (s->series || !a->days_differ);
	s->days = s->series ? a->days_sum : a->days_first;
	s->mixed = r->metric >= 0 && a->n > 0 && !a->same[r->metric];
	s->ratio = r->metric >= 0 && a->n > 0 && !s->mixed &&
	    report_metric_kind(r, a->first[r->metric]) == MK_RATIO;
	if (s->ratio)
		ratio_sums(a, s);
}

void
report_agg_finish(struct report_agg *a, const bool *keep,
    struct report_row *out)
{
	const struct report *r = a->r;
	const struct report_opts *o = a->o;
	struct report_row firstrow = { 0 };
	const struct report_row *first = a->n > 0 ? &firstrow : NULL;
	struct sums s;

	firstrow.cell = a->first;
	finish_sums(a, &s);
	out->cell = xcalloc(r->ncols ? r->ncols : 1, sizeof(*out->cell));
	for (size_t j = 0; j < r->ncols; j++) {
		enum fmt_agg agg = fmt_column_agg(r->cols[j]);

		if (keep != NULL && keep[j])
			out->cell[j] = xstrdup(first != NULL ? a->first[j] :
			    "");
		else if ((int)j == r->rank || agg == FA_NONE)
			out->cell[j] = xstrdup("");
		else if (s.mixed && (agg == FA_SUM || agg == FA_RATIO))
			/* Orders and amounts never add up. */
			out->cell[j] = xstrdup("");
		else if (agg == FA_SUM)
			out->cell[j] = s.has[j] ? num_cell(s.v[j]) :
			    xstrdup("");
		else if (agg == FA_RATIO)
			out->cell[j] = ratio_cell(r, j, &s, first, o);
		else if (agg == FA_MAX)
			out->cell[j] = xstrdup(a->max[j] != NULL ? a->max[j] :
			    "");
		else if (r->kind[j] == FK_TEXT && !(a->num_any[j] &&
		    !a->num_bad[j]))
			out->cell[j] = xstrdup("*");
		else
			out->cell[j] = xstrdup(same_cell(r, j, first, &s));
	}
	for (size_t j = 0; j < r->ncols; j++) {
		free(a->first[j]);
		free(a->max[j]);
	}
	free(a->first);
	free(a->same);
	free(a->v);
	free(a->has);
	free(a->num_any);
	free(a->num_bad);
	free(a->max);
	keymap_free(&a->periods);
	memset(a, 0, sizeof(*a));
}

void
report_aggregate(const struct report *r, struct report_row **rows, size_t n,
    const bool *keep, const struct report_opts *o, struct report_row *out)
{
	struct report_agg a;

	report_agg_init(&a, r, o);
	for (size_t i = 0; i < n; i++)
		report_agg_add(&a, rows[i]);
	report_agg_finish(&a, keep, out);
}

bool
report_row_no_target(const struct report *r, const struct report_row *row)
{
	int js = report_col(r, "status");

	return js >= 0 && strcmp(row->cell[js], "no_target") == 0;
}

/*
 * no_target rows (actuals no target matched, kept by tgt-track so that
 * nothing is lost) add their actual to the sums with a target of 0: the
 * total's achievement then counts sales no target asked for.  Say so;
 * --in or --where choose the rows.
 */
void
report_note_no_target(const struct report *r, size_t n)
{
	if (n > 0)
		warning("%s: %zu no_target row%s (actuals no target matched) "
		    "%s in the sums; --where 'status != \"no_target\"' leaves "
		    "them out", r->file, n, n == 1 ? "" : "s",
		    n == 1 ? "is" : "are");
}
