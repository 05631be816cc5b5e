/*
 * Unit tests for lib/calendar.c: tables of hand-worked cases.
 *
 * China, Labour Day 2025: 2025-05-01 (Thu) .. 05-05 (Mon) off, Sunday
 * 2025-04-27 a make-up working day; Dragon Boat: 05-31 (Sat) .. 06-02
 * (Mon) off.  Worked by hand, Monday to Friday:
 *   April 2025 (Apr 1 is a Tuesday): 4 whole weeks = 20, plus Tue 29 and
 *     Wed 30 = 22 weekdays; + the Sunday 27th = 23 working days.
 *   May 2025 (May 1 is a Thursday): 4 whole weeks = 20, plus Thu 29 and
 *     Fri 30 (Sat 31 is not) = 22 weekdays; minus the holidays on
 *     weekdays, Thu 1, Fri 2, Mon 5 (3 and 4 are a weekend) = 19.
 *   June 2025 (Jun 1 is a Sunday): 4 whole weeks = 20, plus Sun 29 (no)
 *     and Mon 30 = 21 weekdays; minus Mon 2 = 20.
 *   2025-Q2 = 23 + 19 + 20 = 62.
 *   2025-04-27..2025-05-05: Sun 27 (extra) + Mon 28, Tue 29, Wed 30 = 4.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "calendar.h"

#define D(y, m, d)	date_from_ymd(y, m, d)

static const struct {
	const char *in;
	unsigned mask;		/* 0: an error */
} workdays_cases[] = {
	{ "mon..fri", 0x1f },
	{ "mon-fri", 0x1f },
	{ "Mon - Fri", 0x1f },
	{ "monday..friday", 0x1f },
	{ "mon,tue,wed", 0x07 },
	{ "mon, tue , wed", 0x07 },
	{ "mon,tue,wed,thu,fri,sat", 0x3f },
	{ "mon..fri,sat", 0x3f },
	{ "sun..thu", 0x4f },		/* Sunday bit 6 + Monday..Thursday */
	{ "sat..mon", 0x61 },		/* wraps: Sat, Sun, Mon */
	{ "sat..wed", 0x7f & ~0x18u },	/* all but Thu and Fri */
	{ "sun", 0x40 },
	{ "sun..sun", 0x40 },
	{ "mon..sun", 0x7f },
	{ "MON..FRI", 0x1f },
	{ "", 0 },
	{ "mon..fry", 0 },
	{ "mon,,tue", 0 },
	{ "mon..", 0 },
	{ "weekdays", 0 },
	{ "一..五", 0 },
};

static void
test_workdays(void **state)
{
	(void)state;
	for (size_t i = 0;
	    i < sizeof(workdays_cases) / sizeof(workdays_cases[0]); i++) {
		unsigned mask = 12345;
		const char *r = cal_parse_workdays(workdays_cases[i].in, &mask);

		if (workdays_cases[i].mask == 0) {
			if (r == NULL)
				fail_msg("\"%s\": accepted as %#x",
				    workdays_cases[i].in, mask);
			assert_int_equal(mask, 12345);	/* untouched */
		} else {
			if (r != NULL)
				fail_msg("\"%s\": %s", workdays_cases[i].in, r);
			assert_int_equal(mask, workdays_cases[i].mask);
		}
	}
}

static void
china_2025(struct calendar *cal)
{
	cal_init(cal);
	/* Out of order and with a duplicate, on purpose. */
	cal_add_holiday(cal, D(2025, 6, 2));
	cal_add_holiday(cal, D(2025, 5, 5));
	cal_add_holiday(cal, D(2025, 5, 1));
	cal_add_holiday(cal, D(2025, 5, 3));
	cal_add_holiday(cal, D(2025, 5, 2));
	cal_add_holiday(cal, D(2025, 5, 4));
	cal_add_holiday(cal, D(2025, 5, 31));
	cal_add_holiday(cal, D(2025, 6, 1));
	cal_add_holiday(cal, D(2025, 5, 1));
	cal_add_extra(cal, D(2025, 4, 27));
	cal_add_extra(cal, D(2025, 4, 27));
}

static void
test_sorted_unique(void **state)
{
	struct calendar cal;

	(void)state;
	china_2025(&cal);
	assert_int_equal(cal.nholidays, 8);
	for (size_t i = 1; i < cal.nholidays; i++)
		assert_true(cal.holidays[i - 1] < cal.holidays[i]);
	assert_int_equal(cal.holidays[0], D(2025, 5, 1));
	assert_int_equal(cal.holidays[7], D(2025, 6, 2));
	assert_int_equal(cal.nextra, 1);
	cal_free(&cal);
	assert_null(cal.holidays);
	assert_int_equal(cal.nholidays, 0);
}

static void
test_is_workday(void **state)
{
	struct calendar cal;

	(void)state;
	china_2025(&cal);
	assert_true(cal_is_workday(&cal, D(2025, 4, 27)));	/* Sun, extra */
	assert_true(cal_is_workday(&cal, D(2025, 4, 28)));	/* Mon */
	assert_false(cal_is_workday(&cal, D(2025, 5, 1)));	/* holiday */
	assert_false(cal_is_workday(&cal, D(2025, 5, 5)));	/* holiday */
	assert_true(cal_is_workday(&cal, D(2025, 5, 6)));	/* Tue */
	assert_false(cal_is_workday(&cal, D(2025, 5, 10)));	/* Sat */
	assert_false(cal_is_workday(&cal, D(2025, 5, 11)));	/* Sun */
	/* An extra day that is also a holiday works: the extra wins. */
	cal_add_extra(&cal, D(2025, 5, 2));
	assert_true(cal_is_workday(&cal, D(2025, 5, 2)));
	cal_free(&cal);
}

static const struct {
	int fy, fm, fd, ty, tm, td;
	bool workdays;
	long want;
} count_cases[] = {
	{ 2025, 5, 1, 2025, 5, 31, true, 19 },
	{ 2025, 5, 1, 2025, 5, 31, false, 31 },
	{ 2025, 4, 1, 2025, 4, 30, true, 23 },
	{ 2025, 6, 1, 2025, 6, 30, true, 20 },
	{ 2025, 4, 1, 2025, 6, 30, true, 62 },
	{ 2025, 4, 27, 2025, 5, 5, true, 4 },
	{ 2025, 5, 1, 2025, 5, 5, true, 0 },
	{ 2025, 5, 6, 2025, 5, 6, true, 1 },			/* Tue */
	{ 2025, 5, 10, 2025, 5, 11, true, 0 },			/* weekend */
	{ 2025, 5, 20, 2025, 5, 19, true, 0 },			/* to < from */
	{ 2025, 5, 20, 2025, 5, 19, false, 0 },
	/* 2025-05-01..2025-05-20: Thu 1..Tue 20 = 14 weekdays, minus 3. */
	{ 2025, 5, 1, 2025, 5, 20, true, 11 },
	/* 2000-01-01 (Sat)..2099-12-31: 36525 days = 5217 weeks + 6 days
	 * Sat..Thu; 5217 * 5 + 4 = 26089 (no holidays in that range but
	 * the ones of 2025: minus 3 in May, minus 1 in June, plus 1 extra). */
	{ 2000, 1, 1, 2099, 12, 31, true, 26089 - 3 - 1 + 1 },
	{ 2000, 1, 1, 2099, 12, 31, false, 36525 },
	{ 1, 1, 1, 9999, 12, 31, false, 3652059 },
};

static void
test_count(void **state)
{
	struct calendar cal;

	(void)state;
	china_2025(&cal);
	for (size_t i = 0; i < sizeof(count_cases) / sizeof(count_cases[0]);
	    i++) {
		long n = cal_count(&cal,
		    D(count_cases[i].fy, count_cases[i].fm, count_cases[i].fd),
		    D(count_cases[i].ty, count_cases[i].tm, count_cases[i].td),
		    count_cases[i].workdays);

		if (n != count_cases[i].want)
			fail_msg("case %zu: %ld, want %ld", i, n,
			    count_cases[i].want);
	}
	cal_free(&cal);
}

/* cal_count agrees with counting cal_is_workday day by day, for every
 * range of up to 40 days starting in April..June 2025, under a wrapping
 * Saturday..Wednesday week as well. */
static void
test_count_by_day(void **state)
{
	struct calendar cal;
	unsigned masks[] = { 0x1f, 0x67, 0x7f, 0x40 };

	(void)state;
	china_2025(&cal);
	cal_add_extra(&cal, D(2025, 5, 2));	/* extra on a holiday */
	cal_add_holiday(&cal, D(2025, 5, 17));	/* a Saturday */
	for (size_t k = 0; k < sizeof(masks) / sizeof(masks[0]); k++) {
		cal.workdays = masks[k];
		for (day_t a = D(2025, 4, 1); a <= D(2025, 6, 30); a++) {
			long n = 0;

			for (day_t b = a; b < a + 40; b++) {
				n += cal_is_workday(&cal, b);
				if (cal_count(&cal, a, b, true) != n)
					fail_msg("mask %#x, %d..%d", masks[k],
					    a, b);
			}
		}
	}
	cal_free(&cal);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_workdays),
		cmocka_unit_test(test_sorted_unique),
		cmocka_unit_test(test_is_workday),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_count_by_day),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
