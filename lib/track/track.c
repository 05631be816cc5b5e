/*
 * track: the numbers of tgt-track (lib/track.h): accumulators, the days of
 * a period at asof, the seasonality-aware expected amount, and the columns
 * and status of an output row.  The tracker itself is lib/tracker.c.
 */
#include <stdlib.h>
#include <string.h>

#include "track.h"
#include "util.h"

/*
 * String sets for --distinct: open addressing, the hash kept beside each
 * string so growing never rehashes the bytes.
 */
struct strset {
	size_t	  n;
	size_t	  cap;		/* a power of two, or 0 */
	uint64_t *h;
	char	**s;
	size_t	 *len;
};

static void
strset_put(struct strset *set, char *s, size_t len, uint64_t h)
{
	size_t i = h & (set->cap - 1);

	while (set->s[i] != NULL)
		i = (i + 1) & (set->cap - 1);
	set->s[i] = s;
	set->len[i] = len;
	set->h[i] = h;
	set->n++;
}

static void
strset_grow(struct strset *set)
{
	struct strset old = *set;

	set->cap = old.cap ? old.cap * 2 : 8;
	set->n = 0;
	set->h = xcalloc(set->cap, sizeof(*set->h));
	set->s = xcalloc(set->cap, sizeof(*set->s));
	set->len = xcalloc(set->cap, sizeof(*set->len));
	for (size_t i = 0; i < old.cap; i++)
		if (old.s[i] != NULL)
			strset_put(set, old.s[i], old.len[i], old.h[i]);
	free(old.h);
	free(old.s);
	free(old.len);
}

static void
strset_add(struct strset *set, const char *s, size_t len, uint64_t h)
{
	if (2 * (set->n + 1) > set->cap)
		strset_grow(set);
	for (size_t i = h & (set->cap - 1);; i = (i + 1) & (set->cap - 1)) {
		if (set->s[i] == NULL)
			break;
		if (set->h[i] == h && set->len[i] == len &&
		    memcmp(set->s[i], s, len) == 0)
			return;
	}
	strset_put(set, xstrndup(s, len), len, h);
}

static void
strset_free(struct strset *set)
{
	if (set == NULL)
		return;
	for (size_t i = 0; i < set->cap; i++)
		free(set->s[i]);
	free(set->h);
	free(set->s);
	free(set->len);
	free(set);
}

const char *
track_status_name(enum track_status s)
{
	static const char *const names[] = {
		[TRACK_NOT_STARTED] = "not_started",
		[TRACK_BEHIND] = "behind",
		[TRACK_ON_TRACK] = "on_track",
		[TRACK_AHEAD] = "ahead",
		[TRACK_ACHIEVED] = "achieved",
		[TRACK_MISSED] = "missed",
		[TRACK_NO_TARGET] = "no_target",
	};

	return names[s];
}

void
track_acc_add_distinct(struct track_acc *a, const char *s, size_t len,
    uint64_t h)
{
	if (a->distinct == NULL)
		a->distinct = xcalloc(1, sizeof(*a->distinct));
	strset_add(a->distinct, s, len, h);
}

int
track_acc_merge(struct track_acc *into, const struct track_acc *from)
{
	const struct strset *fs = from->distinct;

	if (num_add(into->sum, from->sum, &into->sum) < 0 ||
	    from->count > INT64_MAX - into->count)
		return -1;
	into->count += from->count;
	if (from->last > into->last)
		into->last = from->last;
	for (size_t i = 0; fs != NULL && i < fs->cap; i++)
		if (fs->s[i] != NULL)
			track_acc_add_distinct(into, fs->s[i], fs->len[i],
			    fs->h[i]);
	return 0;
}

void
track_acc_free(struct track_acc *a)
{
	strset_free(a->distinct);
	a->distinct = NULL;
}

num_t
track_acc_actual(const struct track_acc *a, enum track_measure m)
{
	switch (m) {
	case TRACK_COUNT:
		return NUM_FROM_INT(a->count);
	case TRACK_DISTINCT:
		return NUM_FROM_INT(a->distinct ? (int64_t)a->distinct->n : 0);
	default:
		return a->sum;
	}
}

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
children(const struct matcher *m, size_t r, uint32_t *kids)
{
	const struct period *p = matcher_period(m, r), *run = NULL;
	const uint32_t *g;
	size_t n, nk = 0;
	day_t max_end = TRACK_NO_DAY, run_end = TRACK_NO_DAY;

	g = matcher_group(m, matcher_group_of(m, r), &n);
	for (size_t i = 0; i < n; i++) {
		const struct period *q = matcher_period(m, g[i]);

		if (g[i] == r || same_period(q, p) || !period_within(q, p))
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
	nk = children(x->m, r, scratch);
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
track_expected(const struct matcher *m, const num_t *target, day_t asof,
    const struct calendar *cal, bool workdays, num_t *expected)
{
	size_t n = matcher_nrows(m);
	struct expctx x = { m, target, asof, cal, workdays, expected, NULL,
	    NULL };
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

static enum track_status
status_of(const struct track_calc *c, const struct track_time *t,
    double behind, double ahead)
{
	if (!c->has_target)
		return TRACK_NO_TARGET;
	if (c->actual >= c->target)
		return TRACK_ACHIEVED;
	if (t->over)
		return TRACK_MISSED;
	if (t->elapsed == 0)
		return TRACK_NOT_STARTED;
	if (!c->has_pace)
		return TRACK_ON_TRACK;
	if (c->pace_pct < behind)
		return TRACK_BEHIND;
	if (c->pace_pct > ahead)
		return TRACK_AHEAD;
	return TRACK_ON_TRACK;
}

int
track_calc(struct track_calc *c, const struct track_time *t, double behind,
    double ahead)
{
	if (num_sub(c->actual, c->target, &c->variance) < 0)
		return -1;
	c->has_achievement = c->target != 0;
	c->achievement_pct = c->has_achievement ?
	    ratio_pct(c->actual, c->target) : 0;
	if (t->over)
		c->elapsed_pct = 100;
	else
		c->elapsed_pct = t->total > 0 ?
		    100.0 * (double)t->elapsed / (double)t->total : 0;
	c->has_pace = c->expected != 0;
	c->pace_pct = c->has_pace ? ratio_pct(c->actual, c->expected) : 0;
	c->has_forecast = true;
	if (t->over)
		c->forecast = c->actual;
	else if (t->elapsed == 0)
		c->has_forecast = false;
	else if (num_muldiv(c->actual, t->total, t->elapsed, &c->forecast) < 0)
		return -1;
	c->has_forecast_pct = c->has_forecast && c->target != 0;
	c->forecast_pct = c->has_forecast_pct ?
	    ratio_pct(c->forecast, c->target) : 0;
	c->remaining = c->variance < 0 ? -c->variance : 0;
	c->remaining_days = t->remaining;
	c->has_required = t->remaining > 0;
	c->required = 0;
	if (c->has_required && num_muldiv(c->remaining, 1, t->remaining,
	    &c->required) < 0)
		return -1;
	c->status = status_of(c, t, behind, ahead);
	return 0;
}
