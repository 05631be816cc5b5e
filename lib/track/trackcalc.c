/*
 * trackcalc: the numbers of tgt-track (lib/track/track.h): the days of a
 * period at asof, the seasonality-aware expected amount, and the columns
 * and status of one output row.
 */
#include <stdlib.h>
#include <string.h>

#include "track.h"
#include "util.h"

void
track_time(const struct period *p, day_t asof, const struct calendar *cal,
    bool workdays, struct track_time *t)
{
	t->total = cal_count(cal, p->start, p->end, workdays);
	t->over = asof >= p->end;
	if (asof < p->start) {
		t->elapsed = 0;
		t->remaining = t->total;
	} else if (t->over) {
		t->elapsed = t->total;
		t->remaining = 0;
	} else {
		t->elapsed = cal_count(cal, p->start, asof, workdays);
		t->remaining = cal_count(cal, asof + 1, p->end, workdays);
	}
}

num_t
track_expected_linear(num_t target, const struct track_time *t)
{
	num_t e;

	if (t->over)
		return target;
	if (t->elapsed == 0 || t->total == 0)
		return 0;
	/* elapsed <= total, so the result is within target: no overflow. */
	if (num_muldiv(target, t->elapsed, t->total, &e) < 0)
		return target;
	return e;
}

/* Context of the recursive seasonality-aware expected. */
struct expctx {
	const struct matcher *m;
	const num_t	*target;
	const size_t	*metric;	/* NULL: one metric */
	day_t		 asof;
	const struct calendar *cal;
	bool		 workdays;
	num_t		*expected;
	char		*done;
	uint32_t	*kids;		/* scratch, one per level of recursion */
};

static bool
same_period(const struct period *a, const struct period *b)
{
	return a->start == b->start && a->end == b->end;
}

/*
 * The children of row r: the rows of its group strictly inside its
 * period and inside no other such row (a different period).  The group is
 * sorted by start, then end descending, so a candidate lies inside an
 * earlier one exactly when an earlier, different period ends at or after
 * it.  Returns the count; kids[] is in start order.
 */
static size_t
children(const struct matcher *m, const size_t *metric, size_t r,
    uint32_t *kids)
{
	const struct period *p = matcher_period(m, r), *run = NULL;
	const uint32_t *g;
	size_t n, nk = 0;
	day_t max_end = TRACK_NO_DAY, run_end = TRACK_NO_DAY;

	g = matcher_group(m, matcher_group_of(m, r), &n);
	for (size_t i = 0; i < n; i++) {
		const struct period *q = matcher_period(m, g[i]);

		if (g[i] == r || same_period(q, p) || !period_within(q, p) ||
		    (metric != NULL && metric[g[i]] != metric[r]))
			continue;
		if (run == NULL || !same_period(q, run)) {
			if (run_end > max_end)
				max_end = run_end;
			run = q;
			run_end = q->end;
		}
		if (max_end < q->end)
			kids[nk++] = g[i];
	}
	return nk;
}

static bool
tiles(const struct matcher *m, const struct period *p, const uint32_t *kids,
    size_t nk)
{
	day_t next = p->start;

	for (size_t i = 0; i < nk; i++) {
		const struct period *q = matcher_period(m, kids[i]);

		if (q->start != next)
			return false;
		next = q->end + 1;
	}
	return nk > 0 && next == p->end + 1;
}

static int
expect_row(struct expctx *x, size_t r, uint32_t *scratch)
{
	const struct period *p = matcher_period(x->m, r);
	size_t nk;
	struct track_time t;

	if (x->done[r])
		return 0;
	nk = children(x->m, x->metric, r, scratch);
	if (tiles(x->m, p, scratch, nk)) {
		num_t sum_e = 0, sum_t = 0;

		for (size_t i = 0; i < nk; i++) {
			size_t k = scratch[i];

			if (expect_row(x, k, scratch + nk) < 0 ||
			    num_add(sum_e, x->expected[k], &sum_e) < 0 ||
			    num_add(sum_t, x->target[k], &sum_t) < 0)
				return -1;
		}
		if (sum_t != 0) {
			if (num_muldiv(x->target[r], sum_e, sum_t,
			    &x->expected[r]) < 0)
				return -1;
			x->done[r] = 1;
			return 0;
		}
	}
	track_time(p, x->asof, x->cal, x->workdays, &t);
	x->expected[r] = track_expected_linear(x->target[r], &t);
	x->done[r] = 1;
	return 0;
}

int
track_expected(const struct matcher *m, const num_t *target,
    const size_t *metric, day_t asof, const struct calendar *cal,
    bool workdays, num_t *expected)
{
	size_t n = matcher_nrows(m);
	struct expctx x = { m, target, metric, asof, cal, workdays, expected,
	    NULL, NULL };
	int rc = 0;

	/*
	 * Each level of recursion keeps its children in the scratch array
	 * after its parent's; the children at all levels are distinct rows,
	 * so n entries are enough.
	 */
	x.done = xcalloc(n ? n : 1, 1);
	x.kids = xcalloc(n ? n : 1, sizeof(*x.kids));
	for (size_t r = 0; r < n && rc == 0; r++)
		rc = expect_row(&x, r, x.kids);
	free(x.done);
	free(x.kids);
	return rc;
}

static double
ratio_pct(num_t a, num_t b)
{
	return (double)a / (double)b * 100.0;
}

/* The pacing columns of a ratio metric: the target is due all along. */
static void
calc_ratio(struct track_calc *c)
{
	c->expected = c->target;
	c->has_expected = true;
	c->has_pace = c->has_actual && c->target != 0;
	c->pace_pct = c->has_pace ? ratio_pct(c->actual, c->target) : 0;
	c->has_forecast = c->has_actual;
	c->forecast = c->actual;
	c->has_forecast_pct = c->has_achievement;
	c->forecast_pct = c->achievement_pct;
}

/* Forecast, remaining and required per day of a time-paced row; returns
 * the cells left empty by overflow. */
static int
calc_paced(struct track_calc *c, const struct track_time *t)
{
	int lost = 0;

	c->has_expected = true;
	c->has_pace = c->expected != 0;
	c->pace_pct = c->has_pace ? ratio_pct(c->actual, c->expected) : 0;
	c->has_forecast = true;
	if (t->over) {
		c->forecast = c->actual;
	} else if (t->elapsed == 0) {
		c->has_forecast = false;
	} else if (num_muldiv(c->actual, t->total, t->elapsed,
	    &c->forecast) < 0) {
		c->has_forecast = false;	/* beyond the range: empty */
		lost++;
	}
	c->has_forecast_pct = c->has_forecast && c->target != 0;
	c->forecast_pct = c->has_forecast_pct ?
	    ratio_pct(c->forecast, c->target) : 0;
	c->has_remaining = c->has_variance;
	c->remaining = c->has_variance && c->variance < 0 ? -c->variance : 0;
	c->has_required = t->remaining > 0 && c->has_remaining;
	c->required = 0;
	if (c->has_required && num_muldiv(c->remaining, 1, t->remaining,
	    &c->required) < 0) {
		c->has_required = false;
		lost++;
	}
	if (!c->has_variance)
		lost++;
	return lost;
}

int
track_calc(struct track_calc *c, const struct track_time *t, double behind,
    double ahead)
{
	struct status_facts f;
	int lost = 0;

	c->has_variance = c->has_actual &&
	    num_sub(c->actual, c->target, &c->variance) == 0;
	if (!c->has_variance)
		c->variance = 0;
	c->has_achievement = c->has_actual && c->target != 0;
	c->achievement_pct = c->has_achievement ?
	    ratio_pct(c->actual, c->target) : 0;
	if (t->over)
		c->elapsed_pct = 100;
	else
		c->elapsed_pct = t->total > 0 ?
		    100.0 * (double)t->elapsed / (double)t->total : 0;
	c->remaining_days = t->remaining;
	if (c->ratio)
		calc_ratio(c);
	else
		lost = calc_paced(c, t);
	memset(&f, 0, sizeof(f));
	f.has_target = c->has_target;
	f.target = c->target;
	f.actual = c->has_actual ? c->actual : 0;
	f.over = t->over;
	f.started = t->elapsed > 0;
	f.has_pace = c->has_pace;
	f.pace_pct = c->pace_pct;
	c->status = status_decide(&f, behind, ahead);
	/* A ratio with nothing to divide by (no orders yet): nothing to
	 * judge while the period runs. */
	if (c->ratio && !c->has_actual && c->has_target && !t->over &&
	    c->status != STATUS_NOT_STARTED)
		c->status = STATUS_NONE;
	return lost;
}
