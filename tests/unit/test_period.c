/*
 * Unit tests for lib/period.c: tables of hand-worked cases.
 *
 * Weekdays used below (worked from 2025-01-01, a Wednesday): 2025-05-01 is
 * a Thursday, 2025-06-01 a Sunday, 2025-12-31 a Wednesday; 2025-W01 starts
 * on Monday 2024-12-30 and 2025-W21 on Monday 2025-05-19.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "period.h"

#define NOT_A_PERIOD "expected a period such as 2025, 2025-H1, 2025-Q2, " \
	"2025-05, 2025-W21, 2025-05-20 or a range a..b"
#define BARE_NUMBER "a bare number is a period only as a year (2025), " \
	"yyyymm (202505), yyyymmdd (20250520) or the Excel serial of a day " \
	"in 1990..2099"

static const struct fiscal fy_cal = { 1, false };
static const struct fiscal fy_apr = { 4, false };	/* Japan, India */
static const struct fiscal fy_apr_start = { 4, true };
static const struct fiscal fy_jul = { 7, false };	/* Australia */

static const struct {
	const char *in;
	const struct fiscal *fy;
	const char *label;	/* canonical output, or NULL for an error */
	const char *range;	/* "start..end", or the exact reason */
	enum gran gran;
} parse_cases[] = {
	/* canonical labels */
	{ "2025", &fy_cal, "2025", "2025-01-01..2025-12-31", G_YEAR },
	{ "2025-H1", &fy_cal, "2025-H1", "2025-01-01..2025-06-30", G_HALF },
	{ "2025-H2", &fy_cal, "2025-H2", "2025-07-01..2025-12-31", G_HALF },
	{ "2025-Q2", &fy_cal, "2025-Q2", "2025-04-01..2025-06-30", G_QUARTER },
	{ "2025-05", &fy_cal, "2025-05", "2025-05-01..2025-05-31", G_MONTH },
	{ "2025-W21", &fy_cal, "2025-W21", "2025-05-19..2025-05-25", G_WEEK },
	{ "2025-05-20", &fy_cal, "2025-05-20", "2025-05-20..2025-05-20",
	  G_DAY },
	{ "2025-05-01..2025-05-15", &fy_cal, "2025-05-01..2025-05-15",
	  "2025-05-01..2025-05-15", G_RANGE },
	/* lenient forms */
	{ "2025Q2", &fy_cal, "2025-Q2", "2025-04-01..2025-06-30", G_QUARTER },
	{ "2025 Q2", &fy_cal, "2025-Q2", "2025-04-01..2025-06-30", G_QUARTER },
	{ "Q2 2025", &fy_cal, "2025-Q2", "2025-04-01..2025-06-30", G_QUARTER },
	{ "Q2/2025", &fy_cal, "2025-Q2", "2025-04-01..2025-06-30", G_QUARTER },
	{ "2025-q2", &fy_cal, "2025-Q2", "2025-04-01..2025-06-30", G_QUARTER },
	{ "2025年Q2", &fy_cal, "2025-Q2", "2025-04-01..2025-06-30", G_QUARTER },
	{ "2025年第2季度", &fy_cal, "2025-Q2", "2025-04-01..2025-06-30",
	  G_QUARTER },
	{ "2025/05", &fy_cal, "2025-05", "2025-05-01..2025-05-31", G_MONTH },
	{ "2025.05", &fy_cal, "2025-05", "2025-05-01..2025-05-31", G_MONTH },
	{ "202505", &fy_cal, "2025-05", "2025-05-01..2025-05-31", G_MONTH },
	{ "2025年5月", &fy_cal, "2025-05", "2025-05-01..2025-05-31", G_MONTH },
	{ "May 2025", &fy_cal, "2025-05", "2025-05-01..2025-05-31", G_MONTH },
	{ "May-2025", &fy_cal, "2025-05", "2025-05-01..2025-05-31", G_MONTH },
	{ "september 2025", &fy_cal, "2025-09", "2025-09-01..2025-09-30",
	  G_MONTH },
	{ "Feb 2024", &fy_cal, "2024-02", "2024-02-01..2024-02-29", G_MONTH },
	{ "05/2025", &fy_cal, "2025-05", "2025-05-01..2025-05-31", G_MONTH },
	{ "2025H1", &fy_cal, "2025-H1", "2025-01-01..2025-06-30", G_HALF },
	{ "H2 2025", &fy_cal, "2025-H2", "2025-07-01..2025-12-31", G_HALF },
	{ "2025年上半年", &fy_cal, "2025-H1", "2025-01-01..2025-06-30",
	  G_HALF },
	{ "2025年下半年", &fy_cal, "2025-H2", "2025-07-01..2025-12-31",
	  G_HALF },
	{ "2025 W21", &fy_cal, "2025-W21", "2025-05-19..2025-05-25", G_WEEK },
	{ "2025W21", &fy_cal, "2025-W21", "2025-05-19..2025-05-25", G_WEEK },
	{ "2025-W5", &fy_cal, "2025-W05", "2025-01-27..2025-02-02", G_WEEK },
	{ "2025-W01", &fy_cal, "2025-W01", "2024-12-30..2025-01-05", G_WEEK },
	{ "2025年第21周", &fy_cal, "2025-W21", "2025-05-19..2025-05-25",
	  G_WEEK },
	{ "2020-W53", &fy_cal, "2020-W53", "2020-12-28..2021-01-03", G_WEEK },
	{ "2026-W53", &fy_cal, "2026-W53", "2026-12-28..2027-01-03", G_WEEK },
	{ "2025年", &fy_cal, "2025", "2025-01-01..2025-12-31", G_YEAR },
	{ "FY2025", &fy_cal, "2025", "2025-01-01..2025-12-31", G_YEAR },
	{ " 2025-Q2 ", &fy_cal, "2025-Q2", "2025-04-01..2025-06-30",
	  G_QUARTER },
	/* days in any date form */
	{ "20250520", &fy_cal, "2025-05-20", "2025-05-20..2025-05-20", G_DAY },
	{ "2025/5/20", &fy_cal, "2025-05-20", "2025-05-20..2025-05-20", G_DAY },
	{ "2025年5月20日", &fy_cal, "2025-05-20", "2025-05-20..2025-05-20",
	  G_DAY },
	{ "45797", &fy_cal, "2025-05-20", "2025-05-20..2025-05-20", G_DAY },
	{ "2025-05-20 13:45", &fy_cal, "2025-05-20", "2025-05-20..2025-05-20",
	  G_DAY },
	/* ranges, normalised to the canonical period they equal */
	{ "2025-05-01..2025-05-31", &fy_cal, "2025-05",
	  "2025-05-01..2025-05-31", G_MONTH },
	{ "2025-04-01~2025-06-30", &fy_cal, "2025-Q2",
	  "2025-04-01..2025-06-30", G_QUARTER },
	{ "2025-05-19 .. 2025-05-25", &fy_cal, "2025-W21",
	  "2025-05-19..2025-05-25", G_WEEK },
	{ "2025-01-01..2025-12-31", &fy_cal, "2025", "2025-01-01..2025-12-31",
	  G_YEAR },
	{ "2025-07-01..2025-12-31", &fy_cal, "2025-H2",
	  "2025-07-01..2025-12-31", G_HALF },
	{ "2025-05-20..2025-05-20", &fy_cal, "2025-05-20",
	  "2025-05-20..2025-05-20", G_DAY },
	{ "2025-05..2025-06", &fy_cal, "2025-05-01..2025-06-30",
	  "2025-05-01..2025-06-30", G_RANGE },
	{ "2025/5/1～2025/5/15", &fy_cal, "2025-05-01..2025-05-15",
	  "2025-05-01..2025-05-15", G_RANGE },
	/* fiscal year from April, named by the year it ends */
	{ "FY2025", &fy_apr, "FY2025", "2024-04-01..2025-03-31", G_YEAR },
	{ "2025", &fy_apr, "FY2025", "2024-04-01..2025-03-31", G_YEAR },
	{ "FY2025-Q1", &fy_apr, "FY2025-Q1", "2024-04-01..2024-06-30",
	  G_QUARTER },
	{ "FY2025-Q4", &fy_apr, "FY2025-Q4", "2025-01-01..2025-03-31",
	  G_QUARTER },
	{ "FY2025-H2", &fy_apr, "FY2025-H2", "2024-10-01..2025-03-31",
	  G_HALF },
	{ "2025-Q2", &fy_apr, "FY2025-Q2", "2024-07-01..2024-09-30",
	  G_QUARTER },
	{ "2025-05", &fy_apr, "2025-05", "2025-05-01..2025-05-31", G_MONTH },
	{ "2024-04-01..2025-03-31", &fy_apr, "FY2025",
	  "2024-04-01..2025-03-31", G_YEAR },
	{ "2025-04-01..2025-06-30", &fy_apr, "FY2026-Q1",
	  "2025-04-01..2025-06-30", G_QUARTER },
	{ "2025-01-01..2025-12-31", &fy_apr, "2025-01-01..2025-12-31",
	  "2025-01-01..2025-12-31", G_RANGE },
	/* ... and by the year it starts */
	{ "FY2025", &fy_apr_start, "FY2025", "2025-04-01..2026-03-31",
	  G_YEAR },
	{ "FY2025-Q1", &fy_apr_start, "FY2025-Q1", "2025-04-01..2025-06-30",
	  G_QUARTER },
	{ "FY2025-Q4", &fy_apr_start, "FY2025-Q4", "2026-01-01..2026-03-31",
	  G_QUARTER },
	/* July: FY2025 = 2024-07..2025-06 */
	{ "FY2025", &fy_jul, "FY2025", "2024-07-01..2025-06-30", G_YEAR },
	{ "FY2025-H2", &fy_jul, "FY2025-H2", "2025-01-01..2025-06-30",
	  G_HALF },
	/* errors */
	{ "Q2", &fy_cal, NULL, "\"Q2\" has no year", 0 },
	{ "FY25-Q1", &fy_apr, NULL, "\"FY25-Q1\": two-digit years are "
	  "ambiguous, write the year in full", 0 },
	{ "2025-W53", &fy_cal, NULL, "week 53 does not exist in 2025", 0 },
	{ "2021-W53", &fy_cal, NULL, "week 53 does not exist in 2021", 0 },
	{ "2025-W54", &fy_cal, NULL, "week 54 out of range (1..53)", 0 },
	{ "2025-W00", &fy_cal, NULL, "week 0 out of range (1..53)", 0 },
	{ "2025-Q5", &fy_cal, NULL, "quarter 5 out of range (1..4)", 0 },
	{ "2025-Q0", &fy_cal, NULL, "quarter 0 out of range (1..4)", 0 },
	{ "2025-H3", &fy_cal, NULL, "half 3 out of range (1..2)", 0 },
	{ "2025-13", &fy_cal, NULL, "month 13 out of range", 0 },
	{ "202500", &fy_cal, NULL, "month 0 out of range", 0 },
	{ "0000", &fy_cal, NULL, "year 0 out of range", 0 },
	{ "FY9999", &fy_apr_start, NULL, "fiscal year 9999 out of range", 0 },
	{ "2025-05-15..2025-05-01", &fy_cal, NULL,
	  "range ends 2025-05-01 before it starts 2025-05-15", 0 },
	{ "2025-05-15..", &fy_cal, NULL,
	  "range \"2025-05-15..\" needs a start and an end", 0 },
	{ "", &fy_cal, NULL, "empty period", 0 },
	{ "hello", &fy_cal, NULL, NOT_A_PERIOD, 0 },
	{ "12", &fy_cal, NULL, BARE_NUMBER, 0 },
	/* 10000 would be the serial of 1927-05-18: a mistake, not a day
	 * (serials are days of 1990..2099: 32874..73050). */
	{ "10000", &fy_cal, NULL, BARE_NUMBER, 0 },
	{ "32873", &fy_cal, NULL, BARE_NUMBER, 0 },
	{ "73051", &fy_cal, NULL, BARE_NUMBER, 0 },
	{ "1234567", &fy_cal, NULL, BARE_NUMBER, 0 },
	{ "32874", &fy_cal, "1990-01-01", "1990-01-01..1990-01-01", G_DAY },
	{ "2025-Q2-Q3", &fy_cal, NULL,
	  NOT_A_PERIOD, 0 },
	{ "2025-02-29", &fy_cal, NULL,
	  "2025-02-29 does not exist (2025 is not a leap year)", 0 },
	{ "2025-04-31..2025-05-02", &fy_cal, NULL,
	  "day 31 out of range for 2025-04", 0 },
};

static void
test_parse_format(void **state)
{
	char buf[PERIOD_FMT_MAX], a[DATE_FMT_MAX], b[DATE_FMT_MAX];
	char range[2 * DATE_FMT_MAX + 2];

	(void)state;
	for (size_t i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]);
	    i++) {
		const char *in = parse_cases[i].in;
		struct period p;
		const char *r = period_parse(in, strlen(in), parse_cases[i].fy,
		    DATE_MDY, &p);

		if (parse_cases[i].label == NULL) {
			if (r == NULL)
				fail_msg("\"%s\": parsed as %s", in,
				    period_format(&p, parse_cases[i].fy, buf));
			if (strcmp(r, parse_cases[i].range) != 0)
				fail_msg("\"%s\": reason \"%s\"", in, r);
			continue;
		}
		if (r != NULL)
			fail_msg("\"%s\": unexpected error: %s", in, r);
		snprintf(range, sizeof(range), "%s..%s", date_format(p.start, a),
		    date_format(p.end, b));
		if (strcmp(range, parse_cases[i].range) != 0 ||
		    p.gran != parse_cases[i].gran ||
		    strcmp(period_format(&p, parse_cases[i].fy, buf),
		    parse_cases[i].label) != 0)
			fail_msg("\"%s\": %s %s %s", in, range,
			    gran_name(p.gran), buf);
		/* The canonical label reads back as the same period. */
		{
			struct period q;

			assert_null(period_parse(buf, strlen(buf),
			    parse_cases[i].fy, DATE_MDY, &q));
			assert_int_equal(q.start, p.start);
			assert_int_equal(q.end, p.end);
			assert_int_equal(q.gran, p.gran);
		}
	}
}

static void
test_period_of(void **state)
{
	day_t d = date_from_ymd(2025, 5, 20);
	char buf[PERIOD_FMT_MAX];
	struct period p;

	(void)state;
	p = period_of(d, G_DAY, &fy_cal);
	assert_string_equal(period_format(&p, &fy_cal, buf), "2025-05-20");
	p = period_of(d, G_WEEK, &fy_cal);
	assert_string_equal(period_format(&p, &fy_cal, buf), "2025-W21");
	p = period_of(d, G_MONTH, &fy_apr);
	assert_string_equal(period_format(&p, &fy_apr, buf), "2025-05");
	p = period_of(d, G_QUARTER, &fy_cal);
	assert_string_equal(period_format(&p, &fy_cal, buf), "2025-Q2");
	p = period_of(d, G_HALF, &fy_cal);
	assert_string_equal(period_format(&p, &fy_cal, buf), "2025-H1");
	p = period_of(d, G_YEAR, &fy_cal);
	assert_string_equal(period_format(&p, &fy_cal, buf), "2025");
	/* From April: May 2025 is in FY2026 (ends 2026-03), its Q1 and H1. */
	p = period_of(d, G_YEAR, &fy_apr);
	assert_string_equal(period_format(&p, &fy_apr, buf), "FY2026");
	p = period_of(d, G_QUARTER, &fy_apr);
	assert_string_equal(period_format(&p, &fy_apr, buf), "FY2026-Q1");
	p = period_of(d, G_YEAR, &fy_apr_start);
	assert_string_equal(period_format(&p, &fy_apr_start, buf), "FY2025");
	p = period_of(date_from_ymd(2025, 3, 31), G_HALF, &fy_apr);
	assert_string_equal(period_format(&p, &fy_apr, buf), "FY2025-H2");
	/* A week on a year boundary is named by its ISO year. */
	p = period_of(date_from_ymd(2021, 1, 1), G_WEEK, &fy_cal);
	assert_string_equal(period_format(&p, &fy_cal, buf), "2020-W53");
	/* NULL fiscal settings are calendar years. */
	p = period_of(d, G_YEAR, NULL);
	assert_string_equal(period_format(&p, NULL, buf), "2025");
}

/* Every period of every day of 2019..2027 (53-week years 2020 and 2026
 * included), at every granularity and under three fiscal settings, prints
 * a label that reads back as the same period. */
static void
test_round_trip(void **state)
{
	const struct fiscal *fys[] = { &fy_cal, &fy_apr, &fy_apr_start,
	    &fy_jul };
	char buf[PERIOD_FMT_MAX];

	(void)state;
	for (size_t f = 0; f < sizeof(fys) / sizeof(fys[0]); f++) {
		for (day_t d = date_from_ymd(2019, 1, 1);
		    d <= date_from_ymd(2027, 12, 31); d++) {
			for (enum gran g = G_DAY; g < G_RANGE; g++) {
				struct period p = period_of(d, g, fys[f]), q;

				assert_true(period_contains(&p, d));
				period_format(&p, fys[f], buf);
				if (period_parse(buf, strlen(buf), fys[f],
				    DATE_MDY, &q) != NULL || q.start != p.start ||
				    q.end != p.end || q.gran != g)
					fail_msg("%s does not read back", buf);
			}
		}
	}
}

/* A G_RANGE built by hand that equals a canonical period prints as one. */
static void
test_format_range(void **state)
{
	char buf[PERIOD_FMT_MAX];
	struct period p;

	(void)state;
	p.start = date_from_ymd(2025, 4, 1);
	p.end = date_from_ymd(2025, 6, 30);
	p.gran = G_RANGE;
	assert_string_equal(period_format(&p, &fy_cal, buf), "2025-Q2");
	assert_string_equal(period_format(&p, &fy_apr, buf), "FY2026-Q1");
	p.end = date_from_ymd(2025, 6, 29);
	assert_string_equal(period_format(&p, &fy_cal, buf),
	    "2025-04-01..2025-06-29");
}

static void
test_contains(void **state)
{
	struct period q2, may, w21;

	(void)state;
	assert_null(period_parse("2025-Q2", 7, &fy_cal, DATE_MDY, &q2));
	assert_null(period_parse("2025-05", 7, &fy_cal, DATE_MDY, &may));
	assert_null(period_parse("2025-W21", 8, &fy_cal, DATE_MDY, &w21));
	assert_true(period_contains(&may, date_from_ymd(2025, 5, 31)));
	assert_false(period_contains(&may, date_from_ymd(2025, 6, 1)));
	assert_true(period_within(&may, &q2));
	assert_true(period_within(&q2, &q2));
	assert_false(period_within(&q2, &may));
	assert_true(period_within(&w21, &may));
	assert_int_equal(period_days(&q2), 91);		/* 30 + 31 + 30 */
	assert_int_equal(period_days(&w21), 7);
}

static const struct {
	const char *parent;
	const struct fiscal *fy;
	enum gran g;
	long n;			/* -1: not finer */
	const char *first, *second, *last;
} child_cases[] = {
	{ "2025", &fy_cal, G_HALF, 2, "2025-H1", "2025-H2", "2025-H2" },
	{ "2025", &fy_cal, G_QUARTER, 4, "2025-Q1", "2025-Q2", "2025-Q4" },
	{ "2025", &fy_cal, G_MONTH, 12, "2025-01", "2025-02", "2025-12" },
	/* Wed 2025-01-01..Sun 01-05, W02..W52 (51 weeks), Mon 12-29..Wed. */
	{ "2025", &fy_cal, G_WEEK, 53, "2025-01-01..2025-01-05", "2025-W02",
	  "2025-12-29..2025-12-31" },
	{ "2025", &fy_cal, G_DAY, 365, "2025-01-01", "2025-01-02",
	  "2025-12-31" },
	{ "2024", &fy_cal, G_DAY, 366, "2024-01-01", "2024-01-02",
	  "2024-12-31" },
	{ "2025-Q2", &fy_cal, G_MONTH, 3, "2025-04", "2025-05", "2025-06" },
	{ "2025-H2", &fy_cal, G_QUARTER, 2, "2025-Q3", "2025-Q4", "2025-Q4" },
	/* May 1 is a Thursday: Thu..Sun, W19, W20, W21, Mon 26..Sat 31. */
	{ "2025-05", &fy_cal, G_WEEK, 5, "2025-05-01..2025-05-04", "2025-W19",
	  "2025-05-26..2025-05-31" },
	/* June 1 is a Sunday: a one-day first week, W23..W26, Mon 30. */
	{ "2025-06", &fy_cal, G_WEEK, 6, "2025-06-01", "2025-W23",
	  "2025-06-30" },
	{ "2025-05", &fy_cal, G_DAY, 31, "2025-05-01", "2025-05-02",
	  "2025-05-31" },
	{ "2025-W21", &fy_cal, G_DAY, 7, "2025-05-19", "2025-05-20",
	  "2025-05-25" },
	{ "2025-05-15..2025-06-10", &fy_cal, G_MONTH, 2,
	  "2025-05-15..2025-05-31", "2025-06-01..2025-06-10",
	  "2025-06-01..2025-06-10" },
	/* Thu 05-15..Sun 05-18, W21, Mon 05-26..Tue 05-27. */
	{ "2025-05-15..2025-05-27", &fy_cal, G_WEEK, 3,
	  "2025-05-15..2025-05-18", "2025-W21", "2025-05-26..2025-05-27" },
	{ "FY2025", &fy_apr, G_QUARTER, 4, "FY2025-Q1", "FY2025-Q2",
	  "FY2025-Q4" },
	{ "FY2025", &fy_apr, G_MONTH, 12, "2024-04", "2024-05", "2025-03" },
	{ "FY2025-H1", &fy_apr, G_QUARTER, 2, "FY2025-Q1", "FY2025-Q2",
	  "FY2025-Q2" },
	/* not finer */
	{ "2025-05", &fy_cal, G_QUARTER, -1, NULL, NULL, NULL },
	{ "2025-05", &fy_cal, G_MONTH, -1, NULL, NULL, NULL },
	{ "2025-W21", &fy_cal, G_MONTH, -1, NULL, NULL, NULL },
	{ "2025", &fy_cal, G_RANGE, -1, NULL, NULL, NULL },
	{ "2025-05-20", &fy_cal, G_DAY, -1, NULL, NULL, NULL },
};

static void
test_children(void **state)
{
	char buf[PERIOD_FMT_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(child_cases) / sizeof(child_cases[0]);
	    i++) {
		const char *in = child_cases[i].parent;
		const struct fiscal *fy = child_cases[i].fy;
		struct period p, *c = NULL;
		long n;

		assert_null(period_parse(in, strlen(in), fy, DATE_MDY, &p));
		n = period_children(&p, child_cases[i].g, fy, &c);
		if (n != child_cases[i].n)
			fail_msg("%s into %s: %ld children", in,
			    gran_name(child_cases[i].g), n);
		if (n < 0) {
			assert_null(c);
			continue;
		}
		assert_string_equal(period_format(&c[0], fy, buf),
		    child_cases[i].first);
		assert_string_equal(period_format(&c[n > 1], fy, buf),
		    child_cases[i].second);
		assert_string_equal(period_format(&c[n - 1], fy, buf),
		    child_cases[i].last);
		/* The children tile the parent. */
		assert_int_equal(c[0].start, p.start);
		assert_int_equal(c[n - 1].end, p.end);
		for (long k = 1; k < n; k++)
			assert_int_equal(c[k].start, c[k - 1].end + 1);
		free(c);
	}
}

static const struct {
	const char *in;
	const struct fiscal *fy;
	int n;
	bool years;
	const char *want;	/* NULL: -1 */
} shift_cases[] = {
	{ "2025-05", &fy_cal, -1, false, "2025-04" },
	{ "2025-01", &fy_cal, -1, false, "2024-12" },
	{ "2025-05", &fy_cal, -1, true, "2024-05" },
	{ "2025-05", &fy_cal, 8, false, "2026-01" },
	{ "2025-Q1", &fy_cal, -1, false, "2024-Q4" },
	{ "2025-Q2", &fy_cal, -1, true, "2024-Q2" },
	{ "2025-H1", &fy_cal, -1, false, "2024-H2" },
	{ "2025", &fy_cal, -1, false, "2024" },
	{ "2025", &fy_cal, -1, true, "2024" },
	{ "2025-W01", &fy_cal, -1, false, "2024-W52" },
	{ "2021-W01", &fy_cal, -1, false, "2020-W53" },
	{ "2020-W53", &fy_cal, 1, false, "2021-W01" },
	{ "2021-W10", &fy_cal, -1, true, "2020-W10" },
	{ "2020-W53", &fy_cal, -1, true, NULL },	/* 2019 has 52 weeks */
	{ "2026-W53", &fy_cal, -1, true, NULL },	/* so has 2025 */
	{ "2020-W53", &fy_cal, 6, true, "2026-W53" },
	{ "2025-03-01", &fy_cal, -1, false, "2025-02-28" },
	{ "2024-03-01", &fy_cal, -1, false, "2024-02-29" },
	{ "2024-02-29", &fy_cal, -1, true, "2023-02-28" },
	{ "2025-05-20", &fy_cal, -1, true, "2024-05-20" },
	{ "FY2025-Q1", &fy_apr, -1, false, "FY2024-Q4" },
	{ "FY2025-Q1", &fy_apr, -1, true, "FY2024-Q1" },
	{ "FY2025-Q4", &fy_apr, 1, false, "FY2026-Q1" },
	{ "FY2025", &fy_apr, -1, true, "FY2024" },
	{ "2025-05-01..2025-05-15", &fy_cal, -1, true,
	  "2024-05-01..2024-05-15" },
	{ "2025-05-01..2025-05-15", &fy_cal, -1, false, NULL },
	/* 2024-02-29 clamps to 2023-02-28: the whole month 2023-02. */
	{ "2024-02-01..2024-02-29", &fy_cal, -1, true, "2023-02" },
	/* A range keeps its days: 02-28 does not grow to the 29th. */
	{ "2023-02-10..2023-02-28", &fy_cal, 1, true,
	  "2024-02-10..2024-02-28" },
	/* A range given as a whole month is the month: it shifts as one. */
	{ "2023-02-01..2023-02-28", &fy_cal, 1, true, "2024-02" },
	{ "0001-01", &fy_cal, -1, false, NULL },
	{ "0001-05", &fy_cal, -1, true, NULL },
	{ "9999", &fy_cal, 1, false, NULL },
	{ "9999-12-31", &fy_cal, 1, false, NULL },
	{ "0001-01-01", &fy_cal, -1, false, NULL },
};

static void
test_shift(void **state)
{
	char buf[PERIOD_FMT_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(shift_cases) / sizeof(shift_cases[0]);
	    i++) {
		const char *in = shift_cases[i].in;
		const struct fiscal *fy = shift_cases[i].fy;
		struct period p, q;
		int rc;

		assert_null(period_parse(in, strlen(in), fy, DATE_MDY, &p));
		rc = period_shift(&p, shift_cases[i].n, shift_cases[i].years,
		    fy, &q);
		if (shift_cases[i].want == NULL) {
			if (rc != -1)
				fail_msg("%s %+d: %s", in, shift_cases[i].n,
				    period_format(&q, fy, buf));
			continue;
		}
		if (rc != 0)
			fail_msg("%s %+d: failed", in, shift_cases[i].n);
		assert_string_equal(period_format(&q, fy, buf),
		    shift_cases[i].want);
	}
}

static void
test_gran(void **state)
{
	(void)state;
	assert_string_equal(gran_name(G_DAY), "day");
	assert_string_equal(gran_name(G_WEEK), "week");
	assert_string_equal(gran_name(G_QUARTER), "quarter");
	assert_string_equal(gran_name(G_RANGE), "range");
	assert_int_equal(gran_parse("quarter"), G_QUARTER);
	assert_int_equal(gran_parse("quarters"), G_QUARTER);
	assert_int_equal(gran_parse("Months"), G_MONTH);
	assert_int_equal(gran_parse("weekly"), G_WEEK);
	assert_int_equal(gran_parse("half"), G_HALF);
	assert_int_equal(gran_parse("halves"), G_HALF);
	assert_int_equal(gran_parse("year"), G_YEAR);
	assert_int_equal(gran_parse("day"), G_DAY);
	assert_int_equal(gran_parse("range"), G_RANGE);
	assert_int_equal(gran_parse("annual"), G_YEAR);
	assert_int_equal(gran_parse("half-year"), G_HALF);
	assert_int_equal(gran_parse("q"), -1);
	assert_int_equal(gran_parse("fortnight"), -1);
	assert_int_equal(gran_parse(""), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_format),
		cmocka_unit_test(test_period_of),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_format_range),
		cmocka_unit_test(test_contains),
		cmocka_unit_test(test_children),
		cmocka_unit_test(test_shift),
		cmocka_unit_test(test_gran),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
