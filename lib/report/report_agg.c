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

static void
sum_column(const struct report *r, struct report_row **rows, size_t n,
    size_t j, const struct report_opts *o, struct sums *s)
{
	char decimal = o->decimal;
	bool expected = strcmp(r->cols[j], "expected") == 0;

	for (size_t i = 0; i < n; i++) {
		const char *c = rows[i]->cell[j];
		num_t v;

		switch (num_parse(c, strlen(c), decimal, &v)) {
		case NUM_EMPTY:
			continue;
		case NUM_OK:
			break;
		default:
			die_at(r->file, rows[i]->line,
			    "column \"%s\": cannot read \"%s\" as a number",
			    r->cols[j], c);
		}
		if (expected)
			v = exact_expected(r, rows[i], v, o);
		if (num_add(s->v[j], v, &s->v[j]) != 0)
			die_at(r->file, rows[i]->line,
			    "column \"%s\": sum overflows", r->cols[j]);
		s->has[j] = true;
	}
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
 * Whether the rows' periods are over / started, and whether any row has
 * a target (a group of no_target rows has none), from elapsed_pct and
 * status.  Without elapsed_pct nothing is over and everything started.
 */
static void
time_facts(const struct report *r, struct report_row **rows, size_t n,
    struct sums *s)
{
	int je = report_col(r, "elapsed_pct"), js = report_col(r, "status");

	s->has_target = js < 0;
	s->over = je >= 0 && n > 0;
	s->started = je < 0;
	for (size_t i = 0; i < n; i++) {
		double e;

		if (js < 0 || strcmp(rows[i]->cell[js], "no_target") != 0)
			s->has_target = true;
		if (je < 0)
			continue;
		if (!fmt_to_double(rows[i]->cell[je], '.', &e))
			e = 0;
		if (e < 100)
			s->over = false;
		if (e > 0)
			s->started = true;
	}
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

/* Whether every non-empty cell of column j in rows is a number. */
static bool
all_numbers(struct report_row **rows, size_t n, size_t j, char decimal)
{
	bool any = false;

	for (size_t i = 0; i < n; i++) {
		const char *c = rows[i]->cell[j];
		num_t v;
		enum num_status st = num_parse(c, strlen(c), decimal, &v);

		if (st == NUM_EMPTY)
			continue;
		if (st != NUM_OK)
			return false;
		any = true;
	}
	return any;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether rows (two or more) all have different periods: a series. */
static bool
distinct_periods(const struct report *r, struct report_row **rows, size_t n)
{
	int jp = report_col(r, "period");
	char **v;
	bool ok = true;

	if (jp < 0)
		jp = report_col(r, "date");
	if (jp < 0 || n < 2)
		return false;
	v = xcalloc(n, sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i] = rows[i]->cell[jp];
	qsort(v, n, sizeof(*v), cmp_str);
	for (size_t i = 1; i < n && ok; i++)
		ok = strcmp(v[i - 1], v[i]) != 0;
	free(v);
	return ok;
}

/* Days left for the rows: the common value for rows of one period, the
 * sum over a series (each day or month counts its own). */
static void
sum_days(const struct report *r, struct report_row **rows, size_t n,
    const struct report_opts *o, struct sums *s)
{
	int jd = report_col(r, "remaining_days");
	num_t v;

	s->has_days = false;
	s->days = 0;
	if (jd < 0 || n == 0)
		return;
	for (size_t i = 0; i < n; i++) {
		const char *c = rows[i]->cell[jd];

		if (num_parse(c, strlen(c), o->decimal, &v) != NUM_OK)
			return;
		if (i == 0 || s->series) {
			if (num_add(s->days, v, &s->days) != 0)
				return;
		} else if (v != s->days) {
			return;		/* one period, yet different days */
		}
	}
	s->has_days = true;
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

/*
 * A ratio metric (aov = amount / orders) is never summed: the subtotal
 * is the ratio of the sums, sum(actual * count) / sum(count) (count is
 * tgt-track's number of orders, the denominator of aov); the target only
 * when every row has the same one (any weighting of equal targets gives
 * it back); expected is the target (no time pacing), as in tgt-track.
 */
static void
ratio_sums(const struct report *r, struct report_row **rows, size_t n,
    const struct report_opts *o, struct sums *s)
{
	int jt = report_col(r, "target"), ja = report_col(r, "actual");
	int jc = report_col(r, "count");
	num_t t = 0, num = 0, den = 0, a = 0, v;
	bool ht = jt >= 0 && n > 0 && s->same[jt] &&
	    num_parse(rows[0]->cell[jt], strlen(rows[0]->cell[jt]), '.', &t) ==
	    NUM_OK;
	bool ha = ja >= 0 && jc >= 0;

	for (size_t i = 0; ha && i < n; i++) {
		num_t x, c, p;
		const char *ca = rows[i]->cell[ja], *cc = rows[i]->cell[jc];

		if (num_parse(cc, strlen(cc), o->decimal, &c) != NUM_OK)
			ha = false;
		else if (c == 0)
			continue;
		else if (num_parse(ca, strlen(ca), o->decimal, &x) != NUM_OK ||
		    num_mul(x, c, &p) != 0 || num_add(num, p, &num) != 0 ||
		    num_add(den, c, &den) != 0)
			ha = false;
	}
	ha = ha && den != 0 && num_div(num, den, &a) == 0;
	sum_set(r, s, "target", t, ht);
	sum_set(r, s, "actual", a, ha);
	sum_set(r, s, "expected", t, ht);
	sum_set(r, s, "variance", ht && ha && num_sub(a, t, &v) == 0 ? v : 0,
	    ht && ha);
	s->has_days = false;
}

void
report_aggregate(const struct report *r, struct report_row **rows, size_t n,
    const bool *keep, const struct report_opts *o, struct report_row *out)
{
	struct sums s = { 0 };
	const struct report_row *first = n > 0 ? rows[0] : NULL;

	s.v = xcalloc(r->ncols, sizeof(*s.v));
	s.has = xcalloc(r->ncols, sizeof(*s.has));
	s.same = xcalloc(r->ncols, sizeof(*s.same));
	out->cell = xcalloc(r->ncols, sizeof(*out->cell));
	for (size_t j = 0; j < r->ncols; j++) {
		s.same[j] = true;
		for (size_t i = 1; i < n; i++)
			if (strcmp(rows[i]->cell[j], first->cell[j]) != 0)
				s.same[j] = false;
		/* forecast and remaining also sum, where ratio_cell() finds
		 * nothing better (rows of one period). */
		if (fmt_column_agg(r->cols[j]) == FA_SUM ||
		    strcmp(r->cols[j], "forecast") == 0 ||
		    strcmp(r->cols[j], "remaining") == 0)
			sum_column(r, rows, n, j, o, &s);
	}
	s.series = distinct_periods(r, rows, n);
	time_facts(r, rows, n, &s);
	sum_days(r, rows, n, o, &s);
	s.mixed = r->metric >= 0 && n > 0 && !s.same[r->metric];
	s.ratio = r->metric >= 0 && n > 0 && !s.mixed &&
	    report_metric_kind(r, first->cell[r->metric]) == MK_RATIO;
	if (s.ratio)
		ratio_sums(r, rows, n, o, &s);
	for (size_t j = 0; j < r->ncols; j++) {
		enum fmt_agg agg = fmt_column_agg(r->cols[j]);

		if (keep != NULL && keep[j])
			out->cell[j] = xstrdup(first != NULL ?
			    first->cell[j] : "");
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
		else if (agg == FA_MAX) {
			const char *m = "";

			/* Canonical dates compare as strings. */
			for (size_t i = 0; i < n; i++)
				if (strcmp(rows[i]->cell[j], m) > 0)
					m = rows[i]->cell[j];
			out->cell[j] = xstrdup(m);
		} else if (r->kind[j] == FK_TEXT &&
		    !all_numbers(rows, n, j, o->decimal))
			out->cell[j] = xstrdup("*");
		else
			out->cell[j] = xstrdup(same_cell(r, j, first, &s));
	}
	free(s.v);
	free(s.has);
	free(s.same);
}
