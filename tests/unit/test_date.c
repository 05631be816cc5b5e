/*
 * Unit tests for lib/date.c: tables of hand-worked cases.
 *
 * Anchors worked by hand:
 *   1970-01-01 is day 0, a Thursday.  2000-01-01 is day 10957
 *   (30 years * 365 + 7 leap days 1972..1996).
 *   2025-01-01 is day 20089 (55 * 365 + 14 leap days 1972..2024);
 *   2025-05-20 = 20089 + 31 + 28 + 31 + 30 + 19 = 20228, a Tuesday
 *   (20228 = 7 * 2889 + 5, Thursday + 5 days).
 *   Excel: 1899-12-30 is 25569 days before 1970-01-01, so serial 45797
 *   = 1899-12-30 + 45797 = day 45797 - 25569 = 20228 = 2025-05-20.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "date.h"

static void
test_anchors(void **state)
{
	int y, m, d;

	(void)state;
	assert_int_equal(date_from_ymd(1970, 1, 1), 0);
	assert_int_equal(date_from_ymd(1969, 12, 31), -1);
	assert_int_equal(date_from_ymd(2000, 1, 1), 10957);
	assert_int_equal(date_from_ymd(2025, 1, 1), 20089);
	assert_int_equal(date_from_ymd(2025, 5, 20), 20228);
	assert_int_equal(date_from_ymd(1899, 12, 30), -25569);
	date_to_ymd(20228, &y, &m, &d);
	assert_int_equal(y, 2025);
	assert_int_equal(m, 5);
	assert_int_equal(d, 20);
	date_to_ymd(-1, &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 19691231);
}

/* Walk every day of years 1..9999: the day numbers are consecutive and
 * round-trip, and the weekday advances by one each day. */
static void
test_round_trip(void **state)
{
	day_t want = date_from_ymd(1, 1, 1);
	int wd = 1;	/* 0001-01-01 was a Monday (proleptic Gregorian) */

	(void)state;
	for (int y = 1; y <= 9999; y++) {
		for (int m = 1; m <= 12; m++) {
			int dim = date_days_in_month(y, m);

			for (int d = 1; d <= dim; d++) {
				int yy, mm, dd;

				if (date_from_ymd(y, m, d) != want ||
				    date_weekday(want) != wd)
					fail_msg("%04d-%02d-%02d", y, m, d);
				date_to_ymd(want, &yy, &mm, &dd);
				if (yy != y || mm != m || dd != d)
					fail_msg("%04d-%02d-%02d back", y, m, d);
				want++;
				wd = wd % 7 + 1;
			}
		}
	}
	assert_int_equal(date_weekday(date_from_ymd(9999, 12, 31)), 5);
}

static void
test_leap(void **state)
{
	(void)state;
	assert_true(date_is_leap(2024));
	assert_false(date_is_leap(2025));
	assert_false(date_is_leap(1900));
	assert_true(date_is_leap(2000));
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2025, 2), 28);
	assert_int_equal(date_days_in_month(2025, 4), 30);
	assert_int_equal(date_days_in_month(2025, 13), 0);
	assert_true(date_valid_ymd(2024, 2, 29));
	assert_false(date_valid_ymd(2025, 2, 29));
	assert_false(date_valid_ymd(0, 1, 1));
	assert_false(date_valid_ymd(10000, 1, 1));
	assert_true(date_valid_ymd(9999, 12, 31));
}

#define NOT_A_DATE "expected a date such as 2025-05-20, 2025/5/20, " \
	"5/20/2025, 20250520 or 2025年5月20日"

static const struct {
	const char *in;
	enum date_order order;
	const char *want;	/* YYYY-MM-DD, or NULL for an error */
	const char *reason;	/* the exact reason when want is NULL */
} parse_cases[] = {
	{ "2025-05-20", DATE_MDY, "2025-05-20", NULL },
	{ "2025/5/20", DATE_MDY, "2025-05-20", NULL },
	{ "2025.5.20", DATE_MDY, "2025-05-20", NULL },
	{ "2025-5-2", DATE_MDY, "2025-05-02", NULL },
	{ "20250520", DATE_MDY, "2025-05-20", NULL },
	{ "20250520 08:30", DATE_MDY, "2025-05-20", NULL },
	{ "2025年5月20日", DATE_MDY, "2025-05-20", NULL },
	{ "5/20/2025", DATE_MDY, "2025-05-20", NULL },
	{ "20/5/2025", DATE_DMY, "2025-05-20", NULL },
	{ "20.5.2025", DATE_DMY, "2025-05-20", NULL },
	{ "1/2/2025", DATE_MDY, "2025-01-02", NULL },
	{ "1/2/2025", DATE_DMY, "2025-02-01", NULL },
	{ "  2025-05-20  ", DATE_MDY, "2025-05-20", NULL },
	{ "2025-05-20 13:45:00", DATE_MDY, "2025-05-20", NULL },
	{ "2025/5/20 8:05", DATE_MDY, "2025-05-20", NULL },
	{ "2025-05-20T08:00:00Z", DATE_MDY, "2025-05-20", NULL },
	{ "2025-05-20T08:00:00+08:00", DATE_MDY, "2025-05-20", NULL },
	{ "2025-05-20 08:00:00.123", DATE_MDY, "2025-05-20", NULL },
	{ "5/20/2025 1:30 PM", DATE_MDY, "2025-05-20", NULL },
	{ "2025年5月20日 13:45", DATE_MDY, "2025-05-20", NULL },
	{ "2024-02-29", DATE_MDY, "2024-02-29", NULL },
	{ "2000-02-29", DATE_MDY, "2000-02-29", NULL },
	{ "2024-12-31", DATE_MDY, "2024-12-31", NULL },
	{ "0001-01-01", DATE_MDY, "0001-01-01", NULL },
	{ "9999-12-31", DATE_MDY, "9999-12-31", NULL },
	/* Excel serials: 1 = 1900-01-01, 59 = 1900-02-28, 61 = 1900-03-01. */
	{ "45797", DATE_MDY, "2025-05-20", NULL },
	{ "45797.5", DATE_MDY, "2025-05-20", NULL },
	{ "45797.75 ", DATE_DMY, "2025-05-20", NULL },
	{ "1", DATE_MDY, "1900-01-01", NULL },
	{ "59", DATE_MDY, "1900-02-28", NULL },
	{ "61", DATE_MDY, "1900-03-01", NULL },
	/* 2958465 - 25569 = 2932896 days after 1970-01-01. */
	{ "2958465", DATE_MDY, "9999-12-31", NULL },
	/* errors */
	{ "2025-02-29", DATE_MDY, NULL,
	  "2025-02-29 does not exist (2025 is not a leap year)" },
	{ "1900-02-29", DATE_MDY, NULL,
	  "1900-02-29 does not exist (1900 is not a leap year)" },
	{ "2025-13-01", DATE_MDY, NULL, "month 13 out of range" },
	{ "2025-00-10", DATE_MDY, NULL, "month 0 out of range" },
	{ "2025-04-31", DATE_MDY, NULL, "day 31 out of range for 2025-04" },
	{ "2025-05-00", DATE_MDY, NULL, "day 0 out of range for 2025-05" },
	{ "2025-02-30", DATE_MDY, NULL, "day 30 out of range for 2025-02" },
	{ "20251320", DATE_MDY, NULL, "month 13 out of range" },
	{ "10000-01-01", DATE_MDY, NULL, "year 10000 out of range" },
	{ "0000-01-01", DATE_MDY, NULL, "year 0 out of range" },
	{ "60", DATE_MDY, NULL,
	  "excel serial 60 is 1900-02-29, which does not exist" },
	{ "0", DATE_MDY, NULL, "excel serial 0 out of range (1..2958465)" },
	{ "2958466", DATE_MDY, NULL,
	  "excel serial 2958466 out of range (1..2958465)" },
	{ "13/5/2025", DATE_MDY, NULL,
	  "13/5/2025 is not a date with date_order = mdy" },
	{ "5/13/2025", DATE_DMY, NULL,
	  "5/13/2025 is not a date with date_order = dmy" },
	{ "13/13/2025", DATE_MDY, NULL, "month 13 out of range" },
	{ "2/30/2025", DATE_MDY, NULL, "day 30 out of range for 2025-02" },
	{ "", DATE_MDY, NULL, "empty date" },
	{ "   ", DATE_MDY, NULL, "empty date" },
	/* No date form: the reason says what is expected (callers say
	 * "cannot read X as a date: " before it, so it must not repeat). */
	{ "abc", DATE_MDY, NULL, NOT_A_DATE },
	{ "2025-05-20x", DATE_MDY, NULL, NOT_A_DATE },
	{ "2025-05/20", DATE_MDY, NULL, NOT_A_DATE },
	{ "2025-05-20 foo", DATE_MDY, NULL, NOT_A_DATE },
	{ "2025年5月20", DATE_MDY, NULL, NOT_A_DATE },
	{ "123456789", DATE_MDY, NULL, "a number of 8 or more digits is "
	  "neither an excel serial nor yyyymmdd" },
	{ "-5", DATE_MDY, NULL, NOT_A_DATE },
	{ "2025-5", DATE_MDY, NULL, NOT_A_DATE },
	/* Chinese Excel's times: 上午 a.m., 下午 p.m., before the time. */
	{ "2025/5/3 下午 2:22:01", DATE_MDY, "2025-05-03", NULL },
	{ "2025/5/3 上午 11:05", DATE_MDY, "2025-05-03", NULL },
	{ "2025/5/3 2:22:01 下午", DATE_MDY, "2025-05-03", NULL },
	{ "5/3/2025 12:00 am", DATE_MDY, "2025-05-03", NULL },
	{ "2025-05-03 24:00:00", DATE_MDY, "2025-05-03", NULL },
	{ "2025-05-03 23:59:60", DATE_MDY, "2025-05-03", NULL },
	/* A time that is no time of day is an error, not ignored. */
	{ "2025-05-03 25:00", DATE_MDY, NULL, "\"25:00\" is not a time of "
	  "day (hours 0..23, minutes and seconds 0..59)" },
	{ "2025-05-03 12:60", DATE_MDY, NULL, "\"12:60\" is not a time of "
	  "day (hours 0..23, minutes and seconds 0..59)" },
	{ "2025-05-03 24:30", DATE_MDY, NULL, "\"24:30\" is not a time of "
	  "day (hours 0..23, minutes and seconds 0..59)" },
	{ "2025/5/3 下午 13:00", DATE_MDY, NULL, "\"下午 13:00\" is not a "
	  "time of day (hours 0..23, minutes and seconds 0..59)" },
	{ "2025-05-03 1:2", DATE_MDY, NULL, "\"1:2\" is not a time of day "
	  "(hours 0..23, minutes and seconds 0..59)" },
	/* Two-digit years without the setting: refused, naming it. */
	{ "5/20/25", DATE_MDY, NULL, "\"5/20/25\": a two-digit year is "
	  "ambiguous: write it in full, or set [input] two_digit_year (e.g. "
	  "2000)" },
};

/* two_digit_year = 2000 and 1950: the window [base, base + 99]. */
static const struct {
	int		 base;
	const char	*in;
	enum date_order	 order;
	const char	*want;
} yy_cases[] = {
	{ 2000, "5/20/25", DATE_MDY, "2025-05-20" },	/* 2000 + 25 */
	{ 2000, "5/20/99", DATE_MDY, "2099-05-20" },	/* 2000 + 99 */
	{ 2000, "20/5/00", DATE_DMY, "2000-05-20" },
	{ 1950, "5/20/49", DATE_MDY, "2049-05-20" },	/* 49 < 50: 2049 */
	{ 1950, "5/20/50", DATE_MDY, "1950-05-20" },
	{ 1950, "5/20/99", DATE_MDY, "1999-05-20" },
};

static void
test_two_digit_years(void **state)
{
	char buf[DATE_FMT_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(yy_cases) / sizeof(yy_cases[0]); i++) {
		day_t day = 0;
		const char *r;

		date_set_two_digit_year(yy_cases[i].base);
		r = date_parse(yy_cases[i].in, strlen(yy_cases[i].in),
		    yy_cases[i].order, &day);
		if (r != NULL)
			fail_msg("\"%s\": %s", yy_cases[i].in, r);
		assert_string_equal(date_format(day, buf), yy_cases[i].want);
	}
	date_set_two_digit_year(0);
}

static void
test_parse(void **state)
{
	char buf[DATE_FMT_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]);
	    i++) {
		const char *in = parse_cases[i].in;
		day_t day = -999999;
		const char *r = date_parse(in, strlen(in), parse_cases[i].order,
		    &day);

		if (parse_cases[i].want != NULL) {
			if (r != NULL)
				fail_msg("\"%s\": unexpected error: %s", in, r);
			assert_string_equal(date_format(day, buf),
			    parse_cases[i].want);
		} else {
			if (r == NULL)
				fail_msg("\"%s\": parsed as %s", in,
				    date_format(day, buf));
			assert_string_equal(r, parse_cases[i].reason);
		}
	}
}

/* The parser reads only s[0..len): no NUL needed after a CSV field. */
static void
test_parse_len(void **state)
{
	const char *s = "2025-05-20,2025-06-01";
	char buf[DATE_FMT_MAX];
	day_t day;

	(void)state;
	assert_null(date_parse(s, 10, DATE_MDY, &day));
	assert_string_equal(date_format(day, buf), "2025-05-20");
	assert_null(date_parse(s + 11, 10, DATE_MDY, &day));
	assert_string_equal(date_format(day, buf), "2025-06-01");
	assert_null(date_parse("45797x", 5, DATE_MDY, &day));
	assert_int_equal(day, 20228);
}

static const struct {
	int y, m, d;		/* a day */
	int wy, ww;		/* its ISO week */
} week_cases[] = {
	{ 2025, 5, 20, 2025, 21 },	/* Monday 2025-05-19 = W01 + 140 days */
	{ 2024, 12, 30, 2025, 1 },	/* 2025-01-01 is a Wednesday */
	{ 2025, 1, 1, 2025, 1 },
	{ 2024, 12, 29, 2024, 52 },	/* Sunday before */
	{ 2021, 1, 1, 2020, 53 },	/* Friday: belongs to 2020 */
	{ 2021, 1, 3, 2020, 53 },	/* Sunday */
	{ 2021, 1, 4, 2021, 1 },	/* Monday */
	{ 2020, 12, 31, 2020, 53 },
	{ 2026, 12, 31, 2026, 53 },	/* 2026 starts on a Thursday */
	{ 2027, 1, 3, 2026, 53 },
	{ 2027, 1, 4, 2027, 1 },
	{ 1, 1, 1, 1, 1 },		/* a Monday */
	{ 9999, 12, 31, 9999, 52 },	/* Friday; 9999-01-01 is a Friday */
};

static void
test_iso_week(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(week_cases) / sizeof(week_cases[0]);
	    i++) {
		int y, w;
		day_t day = date_from_ymd(week_cases[i].y, week_cases[i].m,
		    week_cases[i].d);

		date_iso_week(day, &y, &w);
		if (y != week_cases[i].wy || w != week_cases[i].ww)
			fail_msg("%04d-%02d-%02d: %d-W%02d", week_cases[i].y,
			    week_cases[i].m, week_cases[i].d, y, w);
		/* The Monday of that week is at most 6 days before. */
		assert_true(day - date_from_iso_week(y, w) >= 0);
		assert_true(day - date_from_iso_week(y, w) <= 6);
	}
	assert_int_equal(date_from_iso_week(2025, 1),
	    date_from_ymd(2024, 12, 30));
	assert_int_equal(date_from_iso_week(2020, 53),
	    date_from_ymd(2020, 12, 28));
	assert_int_equal(date_from_iso_week(2025, 21),
	    date_from_ymd(2025, 5, 19));
	/* 53 weeks when the year starts on a Thursday, or on a Wednesday in
	 * a leap year: 2015 (Thu), 2020 (Wed, leap), 2026 (Thu). */
	assert_int_equal(date_iso_weeks_in_year(2020), 53);
	assert_int_equal(date_iso_weeks_in_year(2015), 53);
	assert_int_equal(date_iso_weeks_in_year(2026), 53);
	assert_int_equal(date_iso_weeks_in_year(2021), 52);
	assert_int_equal(date_iso_weeks_in_year(2024), 52);	/* Monday */
	assert_int_equal(date_iso_weeks_in_year(2025), 52);	/* Wed */
	assert_int_equal(date_iso_weeks_in_year(2019), 52);	/* Tue */
}

static void
test_weekday(void **state)
{
	(void)state;
	assert_int_equal(date_weekday(0), 4);			/* Thu */
	assert_int_equal(date_weekday(-1), 3);			/* Wed */
	assert_int_equal(date_weekday(-4), 7);			/* Sun */
	assert_int_equal(date_weekday(20228), 2);		/* Tue */
	assert_int_equal(date_weekday(date_from_ymd(2025, 4, 27)), 7);
	assert_int_equal(date_weekday(date_from_ymd(2025, 5, 1)), 4);
}

static void
test_format(void **state)
{
	char buf[DATE_FMT_MAX];

	(void)state;
	assert_string_equal(date_format(0, buf), "1970-01-01");
	assert_string_equal(date_format(date_from_ymd(1, 1, 1), buf),
	    "0001-01-01");
	assert_string_equal(date_format(date_from_ymd(9999, 12, 31), buf),
	    "9999-12-31");
	assert_string_equal(date_format(date_from_ymd(987, 6, 5), buf),
	    "0987-06-05");
}

static void
test_today(void **state)
{
	int y, m, d;

	(void)state;
	date_to_ymd(date_today(), &y, &m, &d);
	assert_true(y >= 2024 && y <= 9999);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anchors),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_leap),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_two_digit_years),
		cmocka_unit_test(test_parse_len),
		cmocka_unit_test(test_iso_week),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_today),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
