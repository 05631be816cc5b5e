/*
 * Unit tests for lib/split.c: capped allocation, funnel, rebalance and
 * seasonality.  Expected values are worked out by hand in the comments;
 * the property tests check sums and bounds with independent long double
 * arithmetic over many generated cases (fixed seed).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "split/split.h"

#define M(x)		((num_t)((x) * 10000))	/* whole units (exact here) */
#define C(x)		((num_t)(x) * 100)	/* cents */
#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))
#define MAXN		8

/* ---- split_alloc: hand-worked cases ------------------------------- */

struct alloc_case {
	const char	*name;
	num_t		 total;
	num_t		 w[MAXN];
	size_t		 n;
	num_t		 unit;
	struct split_caps caps;
	int		 st;
	num_t		 want[MAXN];
};

static const struct alloc_case alloc_cases[] = {
	/* 100.00 / 3 = 33.333..: one cent left, ties go to the first. */
	{ "thirds", M(100), { 1, 1, 1 }, 3, C(1), { 0 }, SPLIT_OK,
	    { C(3334), C(3333), C(3333) } },
	/* 1000 at 6:3:1 = 600, 300, 100 exactly. */
	{ "exact", M(1000), { 6, 3, 1 }, 3, C(1), { 0 }, SPLIT_OK,
	    { M(600), M(300), M(100) } },
	/* Round to 100: 333.33 each -> 300s, the 100 left to the first. */
	{ "round100", M(1000), { 1, 1, 1 }, 3, M(100), { 0 }, SPLIT_OK,
	    { M(400), M(300), M(300) } },
	/* 1050 is not a multiple of 100: 1000 as above, the odd 50 to the
	 * largest weight (the first on ties). */
	{ "round-odd", M(1050), { 1, 1, 1 }, 3, M(100), { 0 }, SPLIT_OK,
	    { M(450), M(300), M(300) } },
	/* --max 500 at 6:3:1: 600 > 500, so 500; the other 500 at 3:1 =
	 * 375 + 125. */
	{ "max", M(1000), { 6, 3, 1 }, 3, C(1), { false, true, 0, M(500) },
	    SPLIT_OK, { M(500), M(375), M(125) } },
	/* --max 400 at 5:4:1: 500 -> 400; 600 at 4:1 = 480 > 400 -> 400;
	 * then 200 to the last: two rounds of redistribution. */
	{ "max-twice", M(1000), { 5, 4, 1 }, 3, C(1),
	    { false, true, 0, M(400) }, SPLIT_OK, { M(400), M(400), M(200) } },
	/* --min 150 at 8:1:1: 100 < 150 twice -> 150 each, 700 left. */
	{ "min", M(1000), { 8, 1, 1 }, 3, C(1), { true, false, M(150), 0 },
	    SPLIT_OK, { M(700), M(150), M(150) } },
	/*
	 * --min 150 --max 500 at 7:2:1 (700, 200, 100).  Capping both ends
	 * at once would give 500, 350, 150, but the last's share is then
	 * 350 / 2 = 175 > 150: it is not bound.  Stable: 500 and 500 at 2:1
	 * = 333.33 + 166.67 (166.666.. has the larger remainder).
	 */
	{ "min-max", M(1000), { 7, 2, 1 }, 3, C(1),
	    { true, true, M(150), M(500) }, SPLIT_OK,
	    { M(500), C(33333), C(16667) } },
	/* A zero weight with --min gets the minimum. */
	{ "zero-min", M(100), { 1, 0 }, 2, C(1), { true, false, M(10), 0 },
	    SPLIT_OK, { M(90), M(10) } },
	/* Errors. */
	{ "min-too-big", M(100), { 1, 1, 1 }, 3, C(1),
	    { true, false, M(40), 0 }, SPLIT_MIN, { 0 } },
	{ "max-too-small", M(100), { 1, 1 }, 2, C(1),
	    { false, true, 0, M(40) }, SPLIT_MAX, { 0 } },
	{ "zero", M(100), { 0, 0 }, 2, C(1), { 0 }, SPLIT_ZERO, { 0 } },
	{ "negative", M(100), { 1, -1 }, 2, C(1), { 0 }, SPLIT_NEGATIVE,
	    { 0 } },
	{ "none", M(100), { 0 }, 0, C(1), { 0 }, SPLIT_ZERO, { 0 } },
	{ "min>max", M(100), { 1, 1 }, 2, C(1),
	    { true, true, M(60), M(50) }, SPLIT_RANGE, { 0 } },
};

static void
test_alloc_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(alloc_cases); i++) {
		const struct alloc_case *c = &alloc_cases[i];
		num_t w[MAXN], parts[MAXN];
		int st;

		/* Weights in the table are whole numbers of raw units. */
		for (size_t k = 0; k < c->n; k++)
			w[k] = c->w[k];
		st = split_alloc(c->total, w, NULL, c->n, c->unit, &c->caps,
		    parts);
		if (st != c->st)
			fail_msg("%s: status %d, want %d", c->name, st, c->st);
		for (size_t k = 0; st == SPLIT_OK && k < c->n; k++)
			if (parts[k] != c->want[k])
				fail_msg("%s: part %zu = %lld, want %lld",
				    c->name, k, (long long)parts[k],
				    (long long)c->want[k]);
	}
}

/* The same cases through double weights give the same parts. */
static void
test_alloc_double(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(alloc_cases); i++) {
		const struct alloc_case *c = &alloc_cases[i];
		double w[MAXN];
		num_t parts[MAXN];
		int st;

		for (size_t k = 0; k < c->n; k++)
			w[k] = (double)c->w[k];
		st = split_alloc(c->total, NULL, w, c->n, c->unit, &c->caps,
		    parts);
		assert_int_equal(st, c->st);
		for (size_t k = 0; st == SPLIT_OK && k < c->n; k++)
			assert_int_equal(parts[k], c->want[k]);
	}
}

/* ---- split_alloc: properties ------------------------------------- */

static uint64_t rng = 20250520;

static uint64_t
rnd(uint64_t n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (rng >> 33) % n;
}

static const num_t units[] = { 1, 100, 10000, 1000000 };

/*
 * Without caps: the parts sum to the total, every part is a multiple of
 * the unit (but the largest weight's when the total is not) and within
 * one unit of its exact share (plus the odd remainder for the largest).
 */
static void
test_alloc_property(void **state)
{
	(void)state;
	for (int iter = 0; iter < 20000; iter++) {
		size_t n = 1 + rnd(30), big = 0;
		num_t w[32], parts[32], unit = units[rnd(4)], sum = 0, odd;
		num_t total = (num_t)rnd(2000000000000ULL) - (rnd(8) == 0 ?
		    1000000000000LL : 0);
		long double wsum = 0;

		for (size_t k = 0; k < n; k++) {
			w[k] = rnd(4) == 0 ? 0 : (num_t)rnd(100000000000ULL);
			wsum += w[k];
			if (w[k] > w[big])
				big = k;
		}
		if (wsum == 0)
			w[0] = 1, wsum = 1, big = 0;
		assert_int_equal(split_alloc(total, w, NULL, n, unit, NULL,
		    parts), SPLIT_OK);
		odd = total % unit;
		for (size_t k = 0; k < n; k++) {
			long double exact = (long double)total * w[k] / wsum;
			long double slack = unit + (k == big ? llabs(odd) : 0);

			sum += parts[k];
			if (k != big)
				assert_int_equal(parts[k] % unit, 0);
			if (fabsl(parts[k] - exact) > slack)
				fail_msg("iter %d part %zu: %lld, exact %.2Lf",
				    iter, k, (long long)parts[k], exact);
		}
		assert_int_equal(sum, total);
	}
}

/*
 * Stable: take a free member f (strictly between the bounds, positive
 * weight) as the measure of lambda = part_f / w_f.  Every member's
 * proportional share lambda x w_i, give or take the rounding of the two
 * parts (two units, scaled by w_i / w_f), must lie on the side of its
 * bound that justifies it: at the minimum only when its share is not
 * above it, at the maximum only when not below, free near its share.
 */
static void
check_stable(const num_t *w, const num_t *parts, size_t n, num_t lo,
    num_t hi, num_t unit, int iter)
{
	size_t f = n;

	for (size_t k = 0; k < n; k++)
		if (w[k] > 0 && parts[k] > lo && parts[k] < hi &&
		    (f == n || w[k] > w[f]))
			f = k;
	if (f == n)
		return;
	for (size_t k = 0; k < n; k++) {
		long double r = (long double)w[k] / w[f];
		long double share = parts[f] * r, slack = 2 * unit * (1 + r);

		if ((parts[k] == lo && share > lo + slack) ||
		    (parts[k] == hi && share < hi - slack) ||
		    (parts[k] > lo && parts[k] < hi &&
		    fabsl(parts[k] - share) > slack))
			fail_msg("iter %d: part %zu = %lld, share %.1Lf, "
			    "bounds [%lld, %lld]", iter, k,
			    (long long)parts[k], share, (long long)lo,
			    (long long)hi);
	}
}

/*
 * With caps: the parts sum to the total and stay within [min, max]
 * (rounded inward to the unit); members away from their bounds keep
 * their proportions: a free member's part is within one unit (two with
 * the odd remainder) of lambda x weight for one lambda.
 */
static void
test_alloc_caps_property(void **state)
{
	int ok = 0, refused = 0;

	(void)state;
	for (int iter = 0; iter < 20000; iter++) {
		size_t n = 1 + rnd(20);
		num_t w[32], parts[32], unit = units[rnd(3)], sum = 0;
		num_t total = (num_t)rnd(100000000000ULL);
		struct split_caps caps = { rnd(2), rnd(2), 0, 0 };
		num_t lo, hi;
		int st;

		if (!caps.has_min && !caps.has_max)
			caps.has_max = true;
		caps.min = (num_t)rnd((uint64_t)(total / (num_t)n + 1) * 2);
		caps.max = caps.min + (num_t)rnd((uint64_t)total + 1);
		for (size_t k = 0; k < n; k++)
			w[k] = rnd(5) == 0 ? 0 : (num_t)rnd(1000000000ULL);
		w[rnd(n)] = 1 + (num_t)rnd(1000);
		st = split_alloc(total, w, NULL, n, unit, &caps, parts);
		lo = caps.has_min ? num_ceil_to(caps.min, unit) : NUM_MIN;
		hi = caps.has_max ? num_floor_to(caps.max, unit) : NUM_MAX;
		if (st != SPLIT_OK) {
			/* Refused only when the bounds cannot hold it. */
			size_t npos = 0;

			for (size_t k = 0; k < n; k++)
				npos += w[k] > 0;
			if (st == SPLIT_MIN)
				assert_true((long double)lo * n > total);
			else if (st == SPLIT_MAX)
				assert_true((long double)hi * npos +
				    (long double)(n - npos) *
				    (caps.has_min ? lo : 0) < total);
			else
				assert_true(lo > hi);
			refused++;
			continue;
		}
		ok++;
		for (size_t k = 0; k < n; k++) {
			sum += parts[k];
			if (parts[k] < lo || parts[k] > hi)
				fail_msg("iter %d part %zu = %lld outside "
				    "[%lld, %lld]", iter, k,
				    (long long)parts[k], (long long)lo,
				    (long long)hi);
		}
		assert_int_equal(sum, total);
		check_stable(w, parts, n, lo, hi, unit, iter);
	}
	/* Both outcomes were exercised. */
	assert_true(ok > 1000 && refused > 1000);
}

/*
 * Extremes: huge totals, weights and caps either split exactly or are
 * refused with a status -- never a wrap (UBSan checks the arithmetic).
 */
static void
test_alloc_extremes(void **state)
{
	num_t w[3] = { 1, NUM_MAX / 4, NUM_MAX / 2 }, parts[3];
	num_t totals[] = { NUM_MAX, NUM_MIN, NUM_MAX / 3, 0, 1 };
	struct split_caps caps[] = {
		{ false, false, 0, 0 },
		{ true, false, NUM_MAX / 4, 0 },
		{ false, true, 0, NUM_MAX / 4 },
		{ true, true, 0, NUM_MAX },
		{ true, true, NUM_MIN, NUM_MAX },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(totals); i++) {
		for (size_t k = 0; k < ARRAY_LEN(caps); k++) {
			int st = split_alloc(totals[i], w, NULL, 3, 1,
			    &caps[k], parts);
			__int128 sum = 0;

			if (st != SPLIT_OK)
				continue;
			for (size_t j = 0; j < 3; j++)
				sum += parts[j];
			assert_true(sum == totals[i]);
		}
	}
}

/* ---- funnel -------------------------------------------------------- */

struct funnel_case {
	num_t	 target, ds, wr, lr;
	int	 st;
	int64_t	 deals, opps, leads;
};

static const struct funnel_case funnel_cases[] = {
	/* 120000 / 50000 = 2.4 -> 3 deals; 3 / 20% = 15 opportunities;
	 * 15 / 30% = 50 leads. */
	{ M(120000), M(50000), C(20), C(30), SPLIT_OK, 3, 15, 50 },
	/* 100000 / 50000 = 2 exactly; 2 / 20% = 10; 10 / 30% = 33.3 -> 34. */
	{ M(100000), M(50000), C(20), C(30), SPLIT_OK, 2, 10, 34 },
	/* One cent over needs one more deal. */
	{ M(100000) + C(1), M(50000), C(20), C(30), SPLIT_OK, 3, 15, 50 },
	/* Rates of 100%: every deal is an opportunity is a lead. */
	{ M(7), M(2), M(1), M(1), SPLIT_OK, 4, 4, 4 },
	/* Nothing to sell. */
	{ 0, M(50000), C(20), C(30), SPLIT_OK, 0, 0, 0 },
	{ M(-5), M(50000), C(20), C(30), SPLIT_OK, 0, 0, 0 },
	/* Out of range parameters. */
	{ M(1), 0, C(20), C(30), SPLIT_PARAM, 0, 0, 0 },
	{ M(1), M(1), 0, C(30), SPLIT_PARAM, 0, 0, 0 },
	{ M(1), M(1), C(150), C(30), SPLIT_PARAM, 0, 0, 0 },
	{ M(1), M(1), C(20), M(-1), SPLIT_PARAM, 0, 0, 0 },
};

static void
test_funnel(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(funnel_cases); i++) {
		const struct funnel_case *c = &funnel_cases[i];
		int64_t d = -1, o = -1, l = -1;
		int st = split_funnel(c->target, c->ds, c->wr, c->lr, &d, &o,
		    &l);

		assert_int_equal(st, c->st);
		if (st != SPLIT_OK)
			continue;
		assert_int_equal(d, c->deals);
		assert_int_equal(o, c->opps);
		assert_int_equal(l, c->leads);
	}
}

struct fparse_case {
	const char	*spec;
	const char	*err;		/* NULL: parses */
	const char	*ds_col;	/* deal_size column, or NULL */
	num_t		 ds;
	num_t		 wr;		/* 0: not given */
	num_t		 lr;
};

static const struct fparse_case fparse_cases[] = {
	{ "deal_size=50000,win_rate=20%,lead_rate=30%", NULL, NULL, M(50000),
	    C(20), C(30) },
	/* Commas separate parameters: no thousands separators here. */
	{ " deal_size = 1,234 ", "\"234\" is not NAME=VALUE", NULL, 0, 0, 0 },
	{ "Deal_Size=ds, win_rate=50%", NULL, "ds", 0, C(50), 0 },
	{ "deal_size=100", NULL, NULL, M(100), 0, 0 },
	{ "win_rate=20%", "deal_size is required", NULL, 0, 0, 0 },
	{ "deal_size=1,lead_rate=30%", "lead_rate needs win_rate", NULL, 0, 0,
	    0 },
	{ "deal_size=1,foo=2", "unknown parameter \"foo\" (deal_size, "
	    "win_rate, lead_rate)", NULL, 0, 0, 0 },
	{ "deal_size", "\"deal_size\" is not NAME=VALUE", NULL, 0, 0, 0 },
	{ "deal_size=", "deal_size: empty value", NULL, 0, 0, 0 },
	{ "deal_size=0", "deal_size must be above 0", NULL, 0, 0, 0 },
	{ "deal_size=5,win_rate=120%", "rates must be above 0 and at most "
	    "100%", NULL, 0, 0, 0 },
};

static void
test_funnel_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(fparse_cases); i++) {
		const struct fparse_case *c = &fparse_cases[i];
		struct split_output o;
		char buf[128];
		const char *err;

		memset(&o, 0, sizeof(o));
		err = split_funnel_parse(c->spec, &o, buf, sizeof(buf));
		if (c->err != NULL) {
			assert_non_null(err);
			assert_string_equal(err, c->err);
			split_output_free(&o);
			continue;
		}
		if (err != NULL)
			fail_msg("%s: %s", c->spec, err);
		assert_true(o.has_funnel);
		if (c->ds_col != NULL)
			assert_string_equal(o.deal_size.col, c->ds_col);
		else
			assert_int_equal(o.deal_size.value, c->ds);
		assert_int_equal(o.win_rate.given, c->wr != 0);
		assert_int_equal(o.lead_rate.given, c->lr != 0);
		if (c->wr != 0)
			assert_int_equal(o.win_rate.value, c->wr);
		if (c->lr != 0)
			assert_int_equal(o.lead_rate.value, c->lr);
		split_output_free(&o);
	}
}

/* ---- rebalance ----------------------------------------------------- */

static void
test_rebalance(void **state)
{
	num_t orig[] = { M(100), M(100), M(100) }, act[] = { M(60), 0, 0 };
	num_t zero[] = { M(100), 0, 0 }, out[3];
	bool closed[] = { true, false, false }, over;

	(void)state;
	/* 300 - 60 closed = 240 over 100:100 = 120 + 120. */
	assert_int_equal(split_rebalance(M(300), orig, act, closed, 3, C(1),
	    out, &over), SPLIT_OK);
	assert_int_equal(out[0], M(60));
	assert_int_equal(out[1], M(120));
	assert_int_equal(out[2], M(120));
	assert_false(over);
	/* Closed actual 350 > 300: nothing left, open periods get 0. */
	act[0] = M(350);
	assert_int_equal(split_rebalance(M(300), orig, act, closed, 3, C(1),
	    out, &over), SPLIT_OK);
	assert_int_equal(out[0], M(350));
	assert_int_equal(out[1], 0);
	assert_int_equal(out[2], 0);
	assert_true(over);
	/* A gap and only zero targets open. */
	act[0] = M(60);
	assert_int_equal(split_rebalance(M(300), zero, act, closed, 3, C(1),
	    out, &over), SPLIT_ZERO);
	/* Everything closed: the actuals stand. */
	closed[1] = closed[2] = true;
	act[1] = M(10);
	assert_int_equal(split_rebalance(M(300), orig, act, closed, 3, C(1),
	    out, &over), SPLIT_OK);
	assert_int_equal(out[1], M(10));
	assert_int_equal(out[2], 0);
	/* A quarter that is over and beaten: no open period to warn about. */
	act[0] = M(500);
	assert_int_equal(split_rebalance(M(300), orig, act, closed, 3, C(1),
	    out, &over), SPLIT_OK);
	assert_int_equal(out[0], M(500));
	assert_false(over);
}

/* ---- seasonality --------------------------------------------------- */

static struct period
month(int y, int m)
{
	struct period p = { date_from_ymd(y, m, 1),
	    date_from_ymd(y, m, date_days_in_month(y, m)), G_MONTH };

	return p;
}

static struct period
day(int y, int m, int d)
{
	struct period p = { date_from_ymd(y, m, d), date_from_ymd(y, m, d),
	    G_DAY };

	return p;
}

/*
 * Two years with different totals: 2023 Jan 100, Feb 300 (shares .25,
 * .75); 2024 Jan 1000, Feb 1000 (.5, .5).  Averaged: .375, .625 -- not
 * the pooled 1100 / 2400 = .458 that would let the bigger year dominate.
 */
static void
test_season_years(void **state)
{
	struct season *s = season_new(G_MONTH, NULL, 0);
	struct period p, kids[2] = { month(2025, 1), month(2025, 2) };
	double w[2];

	(void)state;
	p = month(2023, 1);
	assert_null(season_add(s, NULL, &p, M(100)));
	p = day(2023, 2, 10);
	assert_null(season_add(s, NULL, &p, M(200)));
	p = day(2023, 2, 11);
	assert_null(season_add(s, NULL, &p, M(100)));
	p = month(2024, 1);
	assert_null(season_add(s, NULL, &p, M(1000)));
	p = month(2024, 2);
	assert_null(season_add(s, NULL, &p, M(1000)));
	assert_int_equal(season_weights(s, NULL, kids, 2, w), SPLIT_OK);
	assert_float_equal(w[0], 0.375, 1e-12);
	assert_float_equal(w[1], 0.625, 1e-12);
	/* A quarter label is longer than a month. */
	p.start = date_from_ymd(2024, 1, 1);
	p.end = date_from_ymd(2024, 3, 31);
	p.gran = G_QUARTER;
	assert_string_equal(season_add(s, NULL, &p, M(1)),
	    "longer than a month");
	season_free(s);
}

/*
 * Per key: A has all its history in January, B half and half.  A row for
 * A gets 1, 0; a wildcard row pools them per year: (100 + 50) / 200 = .75.
 * A clipped week gets its share of the week: 2025-W01 is Dec 30 .. Jan 5;
 * its Jan part (5 days) of a 10% week is 5/7 x .1.
 */
static void
test_season_keys(void **state)
{
	struct season *s = season_new(G_MONTH, NULL, 1);
	const char *a[] = { "A" }, *b[] = { "B" }, *wild[] = { "*" };
	const char *none[] = { "C" };
	struct period p, kids[2] = { month(2025, 1), month(2025, 2) };
	double w[2];

	(void)state;
	p = month(2024, 1);
	assert_null(season_add(s, a, &p, M(100)));
	assert_null(season_add(s, b, &p, M(50)));
	p = month(2024, 2);
	assert_null(season_add(s, b, &p, M(50)));
	assert_int_equal(season_weights(s, a, kids, 2, w), SPLIT_OK);
	assert_float_equal(w[0], 1, 1e-12);
	assert_float_equal(w[1], 0, 1e-12);
	assert_int_equal(season_weights(s, wild, kids, 2, w), SPLIT_OK);
	assert_float_equal(w[0], 0.75, 1e-12);
	assert_int_equal(season_weights(s, none, kids, 2, w), SPLIT_ZERO);
	season_free(s);

	s = season_new(G_WEEK, NULL, 0);
	p = day(2024, 1, 3);			/* 2024-W01 */
	assert_null(season_add(s, NULL, &p, M(10)));
	p = day(2024, 1, 10);			/* 2024-W02 */
	assert_null(season_add(s, NULL, &p, M(90)));
	kids[0].start = date_from_ymd(2025, 1, 1);
	kids[0].end = date_from_ymd(2025, 1, 5);
	kids[0].gran = G_RANGE;
	assert_int_equal(season_weights(s, NULL, kids, 1, w), SPLIT_OK);
	assert_float_equal(w[0], 0.1 * 5 / 7, 1e-12);
	season_free(s);
}

struct slot_case {
	int	 y, m, d;
	enum gran g;
	int	 start_month;
	int	 want;
};

static const struct slot_case slot_cases[] = {
	{ 2025, 5, 20, G_MONTH, 1, 4 },
	{ 2025, 5, 20, G_QUARTER, 1, 1 },
	{ 2025, 5, 20, G_HALF, 1, 0 },
	/* Fiscal year from April: May is in Q1, October in H2. */
	{ 2025, 5, 20, G_QUARTER, 4, 0 },
	{ 2025, 3, 31, G_QUARTER, 4, 3 },
	{ 2025, 10, 1, G_HALF, 4, 1 },
	/* 2025-05-20 is a Tuesday of ISO week 21. */
	{ 2025, 5, 20, G_WEEK, 1, 20 },
	/* 2024-12-30 is in ISO week 1 of 2025. */
	{ 2024, 12, 30, G_WEEK, 1, 0 },
	/* Days: 31 x (month - 1) + day - 1. */
	{ 2025, 5, 20, G_DAY, 1, 31 * 4 + 19 },
	{ 2025, 5, 20, G_YEAR, 1, -1 },
};

static void
test_season_slot(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(slot_cases); i++) {
		const struct slot_case *c = &slot_cases[i];
		struct fiscal fy = { c->start_month, false };

		assert_int_equal(season_slot(date_from_ymd(c->y, c->m, c->d),
		    c->g, &fy), c->want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_cases),
		cmocka_unit_test(test_alloc_double),
		cmocka_unit_test(test_alloc_property),
		cmocka_unit_test(test_alloc_caps_property),
		cmocka_unit_test(test_alloc_extremes),
		cmocka_unit_test(test_funnel),
		cmocka_unit_test(test_funnel_parse),
		cmocka_unit_test(test_rebalance),
		cmocka_unit_test(test_season_years),
		cmocka_unit_test(test_season_keys),
		cmocka_unit_test(test_season_slot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
