/*
 * Unit tests for lib/funnel/funnelcalc.c: the rate arithmetic of
 * tgt-funnel.  Every expected value is worked out by hand beside it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "funnel/funnelcalc.h"

#define LEN(a)	(sizeof(a) / sizeof((a)[0]))
#define NONE	FUNNEL_NONE

/* Percentages in tenths, half away from zero, exact on integers. */
static void
test_pct(void **state)
{
	static const struct {
		int64_t	 num, den, want;
	} cases[] = {
		{ 6, 10, 600 },		/* 60.0 */
		{ 2, 3, 667 },		/* 66.666... -> 66.7 */
		{ 1, 3, 333 },		/* 33.333... -> 33.3 */
		{ 1, 6, 167 },		/* 16.666... -> 16.7 */
		{ 10, 13, 769 },	/* 76.923 -> 76.9 */
		{ 1, 8, 125 },		/* 12.5 exactly */
		{ 1, 16, 63 },		/* 6.25 -> 6.3 (half away) */
		{ 1, 80, 13 },		/* 1.25 -> 1.3 */
		{ 1, 2000, 1 },		/* 0.05 -> 0.1 */
		{ 1, 2001, 0 },		/* 0.04998 -> 0.0 */
		{ 0, 5, 0 },		/* 0/5 = 0.0, defined */
		{ 5, 5, 1000 },		/* 100.0 */
		{ 0, 0, NONE },		/* over nothing: empty, not nan */
		{ 3, 0, NONE },		/* not inf */
		{ INT64_C(9000000000000000000), INT64_C(9000000000000000000),
		    1000 },		/* no overflow in num * 1000 */
	};

	(void)state;
	for (size_t i = 0; i < LEN(cases); i++)
		assert_int_equal(funnel_pct(cases[i].num, cases[i].den),
		    cases[i].want);
}

/* Counts per stage from the furthest stage reached. */
static void
test_counts(void **state)
{
	/* Alice of tests/cli/funnel/two-reps: 4 at 线索, 2 at 商机, 1 at
	 * 方案, 1 at 报价, 2 won -> 10, 6, 4, 3, 2. */
	const int64_t reached[] = { 4, 2, 1, 1, 2 };
	const int64_t want[] = { 10, 6, 4, 3, 2 };
	const int64_t none[] = { 0, 0, 0 };
	int64_t got[5];

	(void)state;
	funnel_counts(reached, 5, got);
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(got[i], want[i]);
	funnel_counts(none, 3, got);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(got[i], 0);
}

/* The bottleneck: the step furthest below its benchmark, earliest on
 * ties, none when every step meets it; undefined steps are left out. */
static void
test_bottleneck(void **state)
{
	static const struct {
		int64_t	 conv[5], bench[5];
		size_t	 want;
	} cases[] = {
		/* Alice vs the team: gaps -5.0, -10.2, +35.0, -8.3 -> step 2 */
		{ { NONE, 600, 667, 750, 667 }, { NONE, 650, 769, 400, 750 },
		    2 },
		/* Bob: +5.0, +8.8, -23.3, +25.0 -> step 3 */
		{ { NONE, 700, 857, 167, 1000 }, { NONE, 650, 769, 400, 750 },
		    3 },
		/* every step meets it (equal counts as met) -> none (5) */
		{ { NONE, 500, 600, 300, 500 }, { NONE, 500, 600, 300, 500 },
		    5 },
		/* a tie at -10.0 on steps 1 and 3: the earliest */
		{ { NONE, 400, 900, 200, 900 }, { NONE, 500, 800, 300, 800 },
		    1 },
		/* the worst step undefined (0/0) is skipped: step 4 -0.1 */
		{ { NONE, 0, NONE, NONE, 499 }, { NONE, 0, 900, 900, 500 },
		    4 },
		/* nothing defined */
		{ { NONE, NONE, NONE, NONE, NONE }, { NONE, 1, 2, 3, 4 }, 5 },
	};

	(void)state;
	for (size_t i = 0; i < LEN(cases); i++)
		assert_int_equal(funnel_bottleneck(cases[i].conv,
		    cases[i].bench, 5), cases[i].want);
}

static void
test_avg(void **state)
{
	num_t a;

	(void)state;
	assert_int_equal(funnel_avg_tenths(35, 2), 175);	/* 17.5 */
	assert_int_equal(funnel_avg_tenths(65, 3), 217);	/* 21.666 */
	assert_int_equal(funnel_avg_tenths(1, 4), 3);		/* 0.25 -> 0.3 */
	assert_int_equal(funnel_avg_tenths(0, 4), 0);
	assert_int_equal(funnel_avg_tenths(7, 0), NONE);
	/* 8000 / 3 = 2666.666.. -> 2666.67 */
	assert_int_equal(funnel_avg_amount(80000000, 3, 2, &a), 0);
	assert_int_equal(a, 26666700);
	/* 2.0099 / 2 = 1.00495 at 2 decimals: rounded once -> 1.00, not
	 * 1.0050 -> 1.01 (no double rounding through 4 digits) */
	assert_int_equal(funnel_avg_amount(20099, 2, 2, &a), 0);
	assert_int_equal(a, 10000);
	/* 2.01 / 2 = 1.005 -> 1.01 half away from zero; -1.005 -> -1.01 */
	assert_int_equal(funnel_avg_amount(20100, 2, 2, &a), 0);
	assert_int_equal(a, 10100);
	assert_int_equal(funnel_avg_amount(-20100, 2, 2, &a), 0);
	assert_int_equal(a, -10100);
	assert_int_equal(funnel_avg_amount(100, 0, 2, &a), -1);
}

/* W = ceil(target / average won) and ceil(W / rate(s -> won)). */
static void
test_needed(void **state)
{
	int64_t w;

	(void)state;
	/* 10000 at 3000 / 2 = 1500 a deal: 6.667 -> 7 */
	assert_int_equal(funnel_deals(100000000, 2, 30000000, &w), 0);
	assert_int_equal(w, 7);
	/* 15000 at 5000: exactly 3, not 4 */
	assert_int_equal(funnel_deals(150000000, 1, 50000000, &w), 0);
	assert_int_equal(w, 3);
	/* 0.0001 more needs one more deal */
	assert_int_equal(funnel_deals(150000001, 1, 50000000, &w), 0);
	assert_int_equal(w, 4);
	/* a zero target needs nothing */
	assert_int_equal(funnel_deals(0, 1, 50000000, &w), 0);
	assert_int_equal(w, 0);
	/* no won deal, or won for nothing: no average */
	assert_int_equal(funnel_deals(100, 0, 0, &w), -1);
	assert_int_equal(funnel_deals(100, 2, 0, &w), -1);
	/* overflow is reported, not wrapped */
	assert_int_equal(funnel_deals(INT64_MAX, INT64_MAX, 1, &w), -2);
	/* 7 deals, 报价 3 of which 2 won: 10.5 -> 11; 线索 7 * 10 / 2 = 35 */
	assert_int_equal(funnel_needed(7, 3, 2), 11);
	assert_int_equal(funnel_needed(7, 10, 2), 35);
	assert_int_equal(funnel_needed(7, 2, 2), 7);
	assert_int_equal(funnel_needed(0, 10, 2), 0);
	assert_int_equal(funnel_needed(7, 10, 0), -1);	/* no rate */
	assert_int_equal(funnel_needed(INT64_MAX, 3, 1), -2);
}

static void
test_format(void **state)
{
	char buf[24];

	(void)state;
	assert_string_equal(funnel_tenths_format(853, buf, sizeof(buf)),
	    "85.3");
	assert_string_equal(funnel_tenths_format(0, buf, sizeof(buf)), "0.0");
	assert_string_equal(funnel_tenths_format(-5, buf, sizeof(buf)),
	    "-0.5");
	assert_string_equal(funnel_tenths_format(-102, buf, sizeof(buf)),
	    "-10.2");
	assert_string_equal(funnel_tenths_format(1000, buf, sizeof(buf)),
	    "100.0");
	assert_string_equal(funnel_tenths_format(NONE, buf, sizeof(buf)), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pct),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_bottleneck),
		cmocka_unit_test(test_avg),
		cmocka_unit_test(test_needed),
		cmocka_unit_test(test_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
