/*
 * Unit tests of lib/track (trackcalc.c, acc.c, the tracker): the days of a period at asof, the numbers of
 * an output row, statuses, and the seasonality-aware expected amount.
 * Every expected value is worked out by hand in the comments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "track/tracker.h"

#define D(y, m, d)	date_from_ymd(y, m, d)
#define N(x)		((num_t)((x) * 10000.0 + ((x) < 0 ? -0.5 : 0.5)))

static struct period
may2025(void)
{
	struct period p = { D(2025, 5, 1), D(2025, 5, 31), G_MONTH };

	return p;
}

/*
 * May 2025 starts on a Thursday: 31 days, 22 working days Monday to
 * Friday (four whole weeks, 20, plus Thu 29 and Fri 30).  Up to Tue 20:
 * 1-2 (2), 5-9 (5), 12-16 (5), 19-20 (2) = 14 working days; after it 8.
 * With holidays May 1, 2 and 5 (3 and 4 are a weekend anyway): 19 in all,
 * 11 up to the 20th, still 8 after.
 */
static void
test_time(void **state)
{
	static const struct {
		int	 m, d;		/* asof in 2025 */
		bool	 work, hol;
		long	 total, elapsed, remaining;
		bool	 over;
	} cases[] = {
		{ 5, 20, false, false, 31, 20, 11, false },
		{ 4, 30, false, false, 31, 0, 31, false },
		{ 5, 1, false, false, 31, 1, 30, false },
		{ 5, 31, false, false, 31, 31, 0, true },
		{ 6, 15, false, false, 31, 31, 0, true },
		{ 5, 20, true, false, 22, 14, 8, false },
		{ 5, 20, true, true, 19, 11, 8, false },
		{ 5, 4, true, true, 19, 0, 19, false },	/* Sunday in a holiday */
		{ 5, 31, true, false, 22, 22, 0, true },
	};
	struct calendar cal, hol;
	struct period p = may2025();

	(void)state;
	cal_init(&cal);
	cal_init(&hol);
	cal_add_holiday(&hol, D(2025, 5, 1));
	cal_add_holiday(&hol, D(2025, 5, 2));
	cal_add_holiday(&hol, D(2025, 5, 5));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct track_time t;

		track_time(&p, D(2025, cases[i].m, cases[i].d),
		    cases[i].hol ? &hol : &cal, cases[i].work, &t);
		assert_int_equal(t.total, cases[i].total);
		assert_int_equal(t.elapsed, cases[i].elapsed);
		assert_int_equal(t.remaining, cases[i].remaining);
		assert_int_equal(t.over, cases[i].over);
	}
	cal_free(&cal);
	cal_free(&hol);
}

static void
test_linear(void **state)
{
	struct track_time mid = { 31, 20, 11, false };
	struct track_time before = { 31, 0, 31, false };
	struct track_time after = { 31, 31, 0, true };
	struct track_time third = { 3, 1, 2, false };

	(void)state;
	/* 3100 x 20 / 31 = 2000 */
	assert_int_equal(track_expected_linear(N(3100), &mid), N(2000));
	assert_int_equal(track_expected_linear(N(3100), &before), 0);
	assert_int_equal(track_expected_linear(N(3100), &after), N(3100));
	/* 100 / 3 = 33.33333... -> 33.3333; -100 / 3 -> -33.3333 */
	assert_int_equal(track_expected_linear(N(100), &third), 333333);
	assert_int_equal(track_expected_linear(N(-100), &third), -333333);
	/* 0.0002 / 3 ... 2 units of 1/10000 x 1/3 = 0.67 -> 1 (half away) */
	assert_int_equal(track_expected_linear(2, &third), 1);
}

#define NOPE	-1.0	/* an empty cell */

struct calc_case {
	double	 target, actual, expected;
	bool	 has_target;
	struct track_time t;
	/* Expected outputs; NOPE for an empty cell. */
	double	 variance, achievement, elapsed, pace, forecast, forecast_pct;
	double	 remaining;
	long	 remaining_days;
	double	 required;
	enum tgt_status status;
};

/*
 * Thresholds 80 / 120.  Mid-May (20 of 31 days): target 3100, expected
 * 2000.
 *  - actual 1500: variance -1600, achievement 1500/3100 = 48.387 %,
 *    elapsed 20/31 = 64.516 %, pace 1500/2000 = 75 % (behind), forecast
 *    1500 x 31 / 20 = 2325, 2325/3100 = 75 %, remaining 1600 over 11 days
 *    = 145.454545... -> 145.4545.
 *  - actual 1600: pace 80 % exactly is not below 80: on_track; forecast
 *    1600 x 31/20 = 2480 = 80 %; remaining 1500 / 11 = 136.3636.
 *  - actual 2400: pace 120 % is not above 120: on_track; forecast 3720 =
 *    120 %; 700 / 11 = 63.6364 (63.63636 rounds up).
 *  - actual 2500: pace 125 %: ahead; forecast 3875 = 125 %; 600/11 =
 *    54.5455 (54.545454 -> 54.5455).
 *  - actual 3100: achieved mid-period; remaining 0, 0 per day.
 * Month over (asof 31st): actual 3000 short of 3100: missed, forecast =
 * actual, no days left so no required_per_day.
 * Before the month: nothing elapsed, expected 0: not_started, no pace, no
 * forecast; required 3100 / 31 = 100.
 * Target 0 and actual 0: nothing was due, nothing to judge: no status
 * (lib/status.h), no achievement_pct, no forecast_pct.
 * No target (has_target false), actual 500 mid-month: no_target; forecast
 * 500 x 31 / 20 = 775, no forecast_pct; remaining 0.
 * Expected 0 mid-period (a seasonal month with nothing due yet): no pace,
 * on_track.
 */
static const struct calc_case calc_cases[] = {
	{ 3100, 1500, 2000, true, { 31, 20, 11, false },
	    -1600, 48.387096774, 64.516129032, 75, 2325, 75, 1600, 11,
	    145.4545, STATUS_BEHIND },
	{ 3100, 1600, 2000, true, { 31, 20, 11, false },
	    -1500, 51.612903226, 64.516129032, 80, 2480, 80, 1500, 11,
	    136.3636, STATUS_ON_TRACK },
	{ 3100, 2400, 2000, true, { 31, 20, 11, false },
	    -700, 77.419354839, 64.516129032, 120, 3720, 120, 700, 11,
	    63.6364, STATUS_ON_TRACK },
	{ 3100, 2500, 2000, true, { 31, 20, 11, false },
	    -600, 80.64516129, 64.516129032, 125, 3875, 125, 600, 11,
	    54.5455, STATUS_AHEAD },
	{ 3100, 3100, 2000, true, { 31, 20, 11, false },
	    0, 100, 64.516129032, 155, 4805, 155, 0, 11, 0, STATUS_ACHIEVED },
	{ 3100, 3000, 3100, true, { 31, 31, 0, true },
	    -100, 96.774193548, 100, 96.774193548, 3000, 96.774193548, 100,
	    0, NOPE, STATUS_MISSED },
	{ 3100, 0, 0, true, { 31, 0, 31, false },
	    -3100, 0, 0, NOPE, NOPE, NOPE, 3100, 31, 100, STATUS_NOT_STARTED },
	{ 0, 0, 0, true, { 31, 20, 11, false },
	    0, NOPE, 64.516129032, NOPE, 0, NOPE, 0, 11, 0, STATUS_NONE },
	{ 0, 500, 0, false, { 31, 20, 11, false },
	    500, NOPE, 64.516129032, NOPE, 775, NOPE, 0, 11, 0,
	    STATUS_NO_TARGET },
	{ 1000, 0, 0, true, { 31, 20, 11, false },
	    -1000, 0, 64.516129032, NOPE, 0, 0, 1000, 11, 90.9091,
	    STATUS_ON_TRACK },
};

static void
check_pct(bool has, double got, double want)
{
	if (want == NOPE) {
		assert_false(has);
		return;
	}
	assert_true(has);
	assert_true(got > want - 1e-6 && got < want + 1e-6);
}

static void
test_calc(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(calc_cases) / sizeof(calc_cases[0]);
	    i++) {
		const struct calc_case *k = &calc_cases[i];
		struct track_calc c;

		memset(&c, 0, sizeof(c));
		c.target = N(k->target);
		c.actual = N(k->actual);
		c.expected = N(k->expected);
		c.has_target = k->has_target;
		c.has_actual = true;
		assert_int_equal(track_calc(&c, &k->t, 80, 120), 0);
		assert_int_equal(c.variance, N(k->variance));
		check_pct(c.has_achievement, c.achievement_pct,
		    k->achievement);
		check_pct(true, c.elapsed_pct, k->elapsed);
		check_pct(c.has_pace, c.pace_pct, k->pace);
		if (k->forecast == NOPE)
			assert_false(c.has_forecast);
		else
			assert_int_equal(c.forecast, N(k->forecast));
		check_pct(c.has_forecast_pct, c.forecast_pct, k->forecast_pct);
		assert_int_equal(c.remaining, N(k->remaining));
		assert_int_equal(c.remaining_days, k->remaining_days);
		if (k->required == NOPE)
			assert_false(c.has_required);
		else
			assert_int_equal(c.required, N(k->required));
		assert_int_equal(c.status, k->status);
	}
}

static void
test_status_names(void **state)
{
	(void)state;
	assert_string_equal(status_name(STATUS_NOT_STARTED), "not_started");
	assert_string_equal(status_name(STATUS_ON_TRACK), "on_track");
	assert_string_equal(status_name(STATUS_NO_TARGET), "no_target");
	assert_string_equal(status_name(STATUS_NONE), "");
}

static void
addrow(struct matcher *m, num_t *target, const char *k0, const char *k1,
    day_t a, day_t b, double t)
{
	struct match_key c[2] = { { k0, strlen(k0) }, { k1, strlen(k1) } };
	struct period p = { a, b, G_RANGE };

	target[matcher_nrows(m)] = N(t);
	matcher_add(m, c, &p);
}

#define Q2	D(2025, 4, 1), D(2025, 6, 30)
#define APR	D(2025, 4, 1), D(2025, 4, 30)
#define MAY	D(2025, 5, 1), D(2025, 5, 31)
#define JUN	D(2025, 6, 1), D(2025, 6, 30)

/*
 * asof 2025-05-16 in calendar days.  Q2 has 91 days, 46 of them elapsed
 * (30 + 16); the year 365, 136 elapsed (31 + 28 + 31 + 30 + 16).
 *  A: Q2 900 with months 100, 200, 300 that tile it: April is over (100),
 *     May 200 x 16/31 = 103.2258 (103.225806), June 0; the months' sum
 *     203.2258 of 600, so Q2 = 900 x 203.2258 / 600 = 304.8387.
 *  A's year 3600 has only Q2 inside: no tiling, linear 3600 x 136/365 =
 *     1341.3699 (1341.369863).
 *  B: year 400 tiled by four quarters of 100; Q2 tiled by months 10, 20,
 *     70: 10 + 20 x 16/31 (10.3226, 10.322580) + 0 = 20.3226 of 100, so
 *     Q2 = 20.3226; Q1 is over (100), Q3 and Q4 0; the year
 *     400 x 120.3226 / 400 = 120.3226.
 *  C: Q2 with April and June only (a gap): linear 900 x 46/91 = 454.9451
 *     (454.945054).
 *  D: Q2 with April, May twice (overlap) and June: linear 454.9451.
 *  E: Q2 with months that all have target 0: linear 454.9451.
 *  (F,*) Q2 with months under (F,x): other key cells, not children:
 *     linear 454.9451.
 */
static void
test_expected(void **state)
{
	struct matcher *m = matcher_new(2);
	num_t target[32], expected[32];
	struct calendar cal;
	static const double want[] = {
		304.8387, 100, 103.2258, 0, 1341.3699,
		120.3226, 100, 20.3226, 10, 10.3226, 0, 0, 0,
		454.9451, 100, 0,
		454.9451, 100, 103.2258, 103.2258, 0,
		454.9451, 0, 0, 0,
		454.9451, 100,
	};

	(void)state;
	cal_init(&cal);
	addrow(m, target, "A", "", Q2, 900);			/* 0 */
	addrow(m, target, "A", "", APR, 100);
	addrow(m, target, "A", "", MAY, 200);
	addrow(m, target, "A", "", JUN, 300);
	addrow(m, target, "A", "", D(2025, 1, 1), D(2025, 12, 31), 3600);
	addrow(m, target, "B", "*", D(2025, 1, 1), D(2025, 12, 31), 400);
	addrow(m, target, "B", "*", D(2025, 1, 1), D(2025, 3, 31), 100);
	addrow(m, target, "B", "*", Q2, 100);
	addrow(m, target, "B", "*", APR, 10);
	addrow(m, target, "B", "*", MAY, 20);
	addrow(m, target, "B", "*", JUN, 70);			/* 10 */
	addrow(m, target, "B", "*", D(2025, 7, 1), D(2025, 9, 30), 100);
	addrow(m, target, "B", "*", D(2025, 10, 1), D(2025, 12, 31), 100);
	addrow(m, target, "C", "", Q2, 900);
	addrow(m, target, "C", "", APR, 100);
	addrow(m, target, "C", "", JUN, 300);
	addrow(m, target, "D", "", Q2, 900);
	addrow(m, target, "D", "", APR, 100);
	addrow(m, target, "D", "", MAY, 200);
	addrow(m, target, "D", "", MAY, 200);
	addrow(m, target, "D", "", JUN, 300);			/* 20 */
	addrow(m, target, "E", "", Q2, 900);
	addrow(m, target, "E", "", APR, 0);
	addrow(m, target, "E", "", MAY, 0);
	addrow(m, target, "E", "", JUN, 0);
	addrow(m, target, "F", "*", Q2, 900);
	addrow(m, target, "F", "x", APR, 100);
	matcher_build(m);
	assert_int_equal(matcher_nrows(m), sizeof(want) / sizeof(want[0]));
	assert_int_equal(track_expected(m, target, NULL, D(2025, 5, 16), &cal, false,
	    expected), 0);
	for (size_t i = 0; i < matcher_nrows(m); i++) {
		print_message("row %zu\n", i);
		assert_int_equal(expected[i], N(want[i]));
	}
	matcher_free(m);
	cal_free(&cal);
}

/*
 * The same with working days (Monday to Friday), asof Tue 2025-05-20.
 * April 2025 (Tue 1 .. Wed 30): 4 + 5 + 5 + 5 + 3 = 22 working days; May
 * 22, 14 of them by the 20th; June (Sun 1 .. Mon 30): 5 * 4 + 1 = 21.
 *  A: April over, 100; May 200 x 14/22 = 127.2727 (127.272727); June 0;
 *     Q2 = 900 x 227.2727 / 600 = 340.90905 -> 340.9091.
 *  C (April and June only): linear 900 x (22 + 14) / 65 = 498.4615.
 */
static void
test_expected_workdays(void **state)
{
	struct matcher *m = matcher_new(2);
	num_t target[8], expected[8];
	struct calendar cal;
	static const double want[] = {
		340.9091, 100, 127.2727, 0, 498.4615, 100, 0,
	};

	(void)state;
	cal_init(&cal);
	addrow(m, target, "A", "", Q2, 900);
	addrow(m, target, "A", "", APR, 100);
	addrow(m, target, "A", "", MAY, 200);
	addrow(m, target, "A", "", JUN, 300);
	addrow(m, target, "C", "", Q2, 900);
	addrow(m, target, "C", "", APR, 100);
	addrow(m, target, "C", "", JUN, 300);
	matcher_build(m);
	assert_int_equal(track_expected(m, target, NULL, D(2025, 5, 20), &cal, true,
	    expected), 0);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		print_message("row %zu\n", i);
		assert_int_equal(expected[i], N(want[i]));
	}
	matcher_free(m);
	cal_free(&cal);
}

/*
 * Accumulators merge exactly: what two workers would do.  Sums are kept
 * in 128 bits: NUM_MAX + 10.75 is held, and only reading it as a value
 * fails; take 10.75 away again and it reads (trust 11: the order of the
 * terms does not matter).  The sets hold values interned per worker: a
 * merge translates them (c2 is 1 in a's table, 0 in b's).
 */
static uint32_t
intern(struct firstseen *fs, const char *s)
{
	size_t len = strlen(s);

	return fs_intern(fs, s, len, keymap_hash(&s, &len, 1));
}

static void
test_merge(void **state)
{
	struct track_acc a = { N(10.5), 2, D(2025, 5, 1), NULL };
	struct track_acc b = { N(0.25), 3, D(2025, 5, 9), NULL };
	struct track_acc big = { NUM_MAX, 1, TRACK_NO_DAY, NULL };
	struct track_acc back = { -N(10.75), 0, TRACK_NO_DAY, NULL };
	struct firstseen fa, fb;
	num_t v;

	(void)state;
	fs_init(&fa);
	fs_init(&fb);
	acc_add_distinct(&a, intern(&fa, "c1"));
	acc_add_distinct(&a, intern(&fa, "c2"));
	acc_add_distinct(&a, intern(&fa, "c1"));
	acc_add_distinct(&b, intern(&fb, "c2"));
	acc_add_distinct(&b, intern(&fb, "c3"));
	assert_int_equal(intern(&fa, "c2"), 1);
	assert_int_equal(intern(&fb, "c2"), 0);
	assert_int_equal(acc_value(&a, METRIC_DISTINCT, &v), 0);
	assert_int_equal(v, N(2));
	acc_merge(&a, &b, &fb, &fa);
	assert_true(a.sum == N(10.75));
	assert_int_equal(a.count, 5);
	assert_int_equal(a.last, D(2025, 5, 9));
	assert_int_equal(acc_value(&a, METRIC_SUM, &v), 0);
	assert_int_equal(v, N(10.75));
	assert_int_equal(acc_value(&a, METRIC_COUNT, &v), 0);
	assert_int_equal(v, N(5));
	assert_int_equal(acc_value(&a, METRIC_DISTINCT, &v), 0);
	assert_int_equal(v, N(3));
	acc_merge(&big, &a, NULL, NULL);
	assert_int_equal(acc_value(&big, METRIC_SUM, &v), -1);
	acc_merge(&big, &back, NULL, NULL);
	assert_int_equal(acc_value(&big, METRIC_SUM, &v), 0);
	assert_int_equal(v, NUM_MAX);
	acc_free(&a, 1);
	acc_free(&b, 1);
	acc_free(&big, 1);
	fs_free(&fa);
	fs_free(&fb);
}

/*
 * The built-in metrics: aov is amount / orders, a ratio of two leaves;
 * 700 / 4 = 175; a zero denominator is undefined.  Counts print as
 * integers, a sum and a ratio do not.
 */
static void
test_metrics(void **state)
{
	struct tgt_conf conf;
	struct metric_set ms;
	num_t value[METRIC_MAX], v;
	long aov, amount, orders;

	(void)state;
	conf_init(&conf);
	metric_set_init(&ms, &conf, "amount");
	aov = metric_find(&ms, "AOV", 3);
	amount = metric_find(&ms, "amount", 6);
	orders = metric_find(&ms, "orders", 6);
	assert_true(aov >= 0 && amount >= 0 && orders >= 0);
	assert_int_equal(metric_find(&ms, "visits", 6), -1);
	metric_set_use(&ms, (size_t)aov);
	assert_int_equal(ms.m[aov].nleaf, 2);
	assert_int_equal(ms.m[aov].leaf[0], amount);
	assert_int_equal(ms.m[aov].leaf[1], orders);
	assert_true(ms.m[amount].used && ms.m[orders].used);
	value[amount] = N(700);
	value[orders] = N(4);
	assert_true(metric_eval(&ms, (size_t)aov, value, &v));
	assert_int_equal(v, N(175));
	value[orders] = 0;
	assert_false(metric_eval(&ms, (size_t)aov, value, &v));
	assert_true(metric_is_count(&ms.m[orders]));
	assert_true(metric_is_count(&ms.m[metric_find(&ms, "new_customers",
	    13)]));
	assert_false(metric_is_count(&ms.m[amount]));
	assert_false(metric_is_count(&ms.m[aov]));
	metric_set_free(&ms);
	conf_free(&conf);
}

static char *
write_tmp(const char *dir, const char *name, const char *text)
{
	char *path = malloc(strlen(dir) + strlen(name) + 2);
	FILE *fp;

	sprintf(path, "%s/%s", dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf = calloc(1, 65536);

	assert_non_null(fp);
	assert_true(fread(buf, 1, 65535, fp) > 0);
	fclose(fp);
	return buf;
}

/* Run a tracker on the actuals files; with split, the second file goes
 * through its own part, merged after.  Returns the output text. */
static char *
run_tracker(const char *dir, char **files, int nfiles, bool split)
{
	struct tgt_conf conf;
	struct csvin_opts io;
	struct table t;
	struct track_opts o;
	struct tracker *tr;
	struct csvin *in;
	const struct csv_row *hdr;
	struct csvout *out;
	char *path = write_tmp(dir, "out.csv", ""), *text;
	struct track_part *part = NULL;

	conf_init(&conf);
	memset(&io, 0, sizeof(io));
	memset(&o, 0, sizeof(o));
	o.conf = &conf;
	o.asof = D(2025, 5, 20);
	o.measure = TRACK_DISTINCT;
	o.distinct_col = "customer";
	o.rollup = "region";
	table_load(&t, files[0], &io);
	in = csvin_open(files[1], &io);
	assert_int_equal(csvin_header(in, &hdr), 0);
	tr = tracker_new(&t, hdr, &o);
	for (int i = 1; i < nfiles; i++) {
		if (i > 1)
			in = csvin_open(files[i], &io);
		if (split && i == nfiles - 1) {
			part = tracker_part_new(tr);
			tracker_feed_part(tr, part, in);
		} else {
			tracker_feed(tr, in);
		}
		csvin_close(in);
	}
	if (part != NULL) {
		tracker_merge(tr, part);
		tracker_part_free(tr, part);
	}
	out = csvout_open(path, false);
	tracker_write(tr, out);
	csvout_close(out);
	tracker_free(tr);
	table_free(&t);
	conf_free(&conf);
	text = slurp(path);
	remove(path);
	free(path);
	return text;
}

/*
 * Two parts merged give exactly what one pass gives: sums, counts, latest
 * dates, distinct sets (c2 is in both halves) and no_target rows (Zed in
 * both halves, Yan only in the second).
 */
static void
test_parts(void **state)
{
	char dir[] = "/tmp/test_track.XXXXXX";
	char *files[3], *one, *two;

	(void)state;
	assert_non_null(mkdtemp(dir));
	files[0] = write_tmp(dir, "targets.csv", "region,rep,period,target\n"
	    "East,*,2025-Q2,10\nEast,Ann,2025-05,5\nWest,Bo,2025-05,5\n");
	files[1] = write_tmp(dir, "a.csv", "date,region,rep,customer\n"
	    "2025-05-01,East,Ann,c1\n2025-05-02,East,Ann,c2\n"
	    "2025-05-03,West,Zed,c9\n2025-04-03,East,Bo,c2\n");
	files[2] = write_tmp(dir, "b.csv", "date,region,rep,customer\n"
	    "2025-05-04,East,Ann,c2\n2025-05-05,West,Bo,c3\n"
	    "2025-05-06,West,Zed,c8\n2025-05-07,West,Yan,c7\n"
	    "2025-05-08,East,Ann,c4\n");
	one = run_tracker(dir, files, 3, false);
	two = run_tracker(dir, files, 3, true);
	assert_string_equal(one, two);
	/* East,* Q2: c1 c2 c2(Bo, April) c2 c4: 3 distinct of 5 rows. */
	assert_non_null(strstr(one, "East,*,2025-Q2,10,3,5,"));
	assert_non_null(strstr(one, "West,Zed,2025-05,0,2,2,"));
	for (int i = 0; i < 3; i++) {
		remove(files[i]);
		free(files[i]);
	}
	rmdir(dir);
	free(one);
	free(two);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_linear),
		cmocka_unit_test(test_calc),
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_expected),
		cmocka_unit_test(test_expected_workdays),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_metrics),
		cmocka_unit_test(test_parts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
