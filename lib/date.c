/*
 * date: civil dates as day numbers (Howard Hinnant's days_from_civil and
 * civil_from_days) and the lenient date parser.
 *
 * Parsing rules beyond date.h:
 *   - a bare number of 1 to 7 digits (optionally with a fraction: the time
 *     of day, ignored) is an Excel serial (1900 system, 1..2958465);
 *     exactly 8 digits is yyyymmdd; any other bare number is an error;
 *   - the year of a year-first date has exactly 4 digits (a longer one is
 *     "year 10000 out of range"); month and day have 1 or 2 digits;
 *   - both separators of a date are the same ('-', '/' or '.');
 *   - a/b/yyyy (also a-b-yyyy, a.b.yyyy) follows enum date_order;
 *   - a time may follow after a space or 'T': digits, ':' and '.', then
 *     optionally spaces and AM/PM, 'Z' or a +hh[:mm] / -hh[:mm] offset.
 * Reasons with numbers in them live in a thread-local buffer that is
 * overwritten by the next failing call in the same thread.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "util.h"

#define EXCEL_MAX	2958465		/* 9999-12-31 */
#define REASON_MAX	256

static _Thread_local char reason[REASON_MAX];

const char *
date_reason(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	return reason;
}

day_t
date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
date_to_ymd(day_t day, int *y, int *m, int *d)
{
	int z, era, doe, yoe, doy, mp;

	z = day + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

bool
date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_days_in_month(int y, int m)
{
	static const int dim[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && date_is_leap(y) ? 29 : dim[m - 1];
}

bool
date_valid_ymd(int y, int m, int d)
{
	return y >= DATE_MIN_YEAR && y <= DATE_MAX_YEAR && m >= 1 && m <= 12 &&
	    d >= 1 && d <= date_days_in_month(y, m);
}

int
date_weekday(day_t day)
{
	/* Day 0, 1970-01-01, was a Thursday (4). */
	int r = day % 7;

	if (r < 0)
		r += 7;
	return (r + 3) % 7 + 1;
}

void
date_iso_week(day_t day, int *year, int *week)
{
	/* The week belongs to the year that holds its Thursday. */
	day_t thu = day + 4 - date_weekday(day);
	int y, m, d;

	date_to_ymd(thu, &y, &m, &d);
	*year = y;
	*week = (thu - date_from_ymd(y, 1, 1)) / 7 + 1;
}

day_t
date_from_iso_week(int year, int week)
{
	/* Week 1 is the week holding January 4. */
	day_t jan4 = date_from_ymd(year, 1, 4);

	return jan4 - (date_weekday(jan4) - 1) + 7 * (week - 1);
}

int
date_iso_weeks_in_year(int year)
{
	int y, w;

	/* December 28 always lies in the last week of its ISO year. */
	date_iso_week(date_from_ymd(year, 12, 28), &y, &w);
	return w;
}

static bool
isdig(int c)
{
	return c >= '0' && c <= '9';
}

/* Read a run of digits at s[*i..len), at most 9 of them counted into
 * *val; returns the number of digits (all of them, even beyond 9). */
static int
digits(const char *s, size_t len, size_t *i, long *val)
{
	int n = 0;

	*val = 0;
	while (*i < len && isdig((unsigned char)s[*i])) {
		if (n < 9)
			*val = *val * 10 + (s[*i] - '0');
		n++;
		(*i)++;
	}
	return n;
}

/*
 * The reason for text that is no date form at all.  Callers say "cannot
 * read \"X\" as a date: " before a reason, so it names what is expected
 * instead of repeating that.
 */
static const char *
not_a_date(void)
{
	return "expected a date such as 2025-05-20, 2025/5/20, 5/20/2025, "
	    "20250520 or 2025年5月20日";
}

/* First year of the window for two-digit years, 0 when refused. */
static int two_digit_base;

void
date_set_two_digit_year(int base)
{
	two_digit_base = base;
}

/* Why y-m-d is not a date (the caller knows it is not valid). */
static const char *
ymd_reason(long y, long m, long d)
{
	if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR)
		return date_reason("year %ld out of range", y);
	if (m < 1 || m > 12)
		return date_reason("month %ld out of range", m);
	if (m == 2 && d == 29)
		return date_reason("%04ld-02-29 does not exist (%ld is not a leap year)",
		    y, y);
	return date_reason("day %ld out of range for %04ld-%02ld", d, y, m);
}

/* The UTF-8 上午 (a.m.) and 下午 (p.m.) of Chinese Excel's times. */
#define CJK_AM		"\xe4\xb8\x8a\xe5\x8d\x88"
#define CJK_PM		"\xe4\xb8\x8b\xe5\x8d\x88"

static size_t
skip_spaces(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] == ' ')
		i++;
	return i;
}

/* A marker of a.m. or p.m. at s[i..len): its length, 0 for none. */
static size_t
meridiem(const char *s, size_t len, size_t i)
{
	if (len - i >= 2 && (ascii_ncasecmp(s + i, "am", 2) == 0 ||
	    ascii_ncasecmp(s + i, "pm", 2) == 0))
		return 2;
	if (len - i >= 6 && (memcmp(s + i, CJK_AM, 6) == 0 ||
	    memcmp(s + i, CJK_PM, 6) == 0))
		return 6;
	return 0;
}

/*
 * A time after the date: H:MM[:SS[.frac]], a.m./p.m. before or after it
 * (2:22:01 PM, or 下午 2:22:01 as Chinese Excel writes), then Z or a
 * +hh:mm offset.  Hours 0..23 (1..12 with a.m./p.m.; 24:00:00 is the
 * end of the day), minutes and seconds 0..59 (60 for a leap second):
 * "25:00" is no time.  The time itself is ignored.
 */
static bool
time_ok(const char *s, size_t len)
{
	size_t i = 0, k;
	long part[3] = { 0, 0, 0 };
	int nparts = 0;
	bool ampm = false;

	if ((k = meridiem(s, len, i)) > 0) {
		ampm = true;
		i = skip_spaces(s, len, i + k);
	}
	while (nparts < 3) {
		int nd = 0;

		while (i < len && isdig((unsigned char)s[i]) && nd < 3) {
			part[nparts] = part[nparts] * 10 + (s[i++] - '0');
			nd++;
		}
		if (nd == 0 || nd > 2 || (nparts > 0 && nd != 2))
			return false;
		nparts++;
		if (i < len && s[i] == ':' && nparts < 3)
			i++;
		else
			break;
	}
	if (nparts < 2 && !ampm)
		return false;
	if (nparts == 3 && i < len && s[i] == '.')
		for (i++; i < len && isdig((unsigned char)s[i]); i++)
			;
	i = skip_spaces(s, len, i);
	if (!ampm && (k = meridiem(s, len, i)) > 0) {
		ampm = true;
		i = skip_spaces(s, len, i + k);
	}
	if (ampm ? part[0] < 1 || part[0] > 12 : part[0] > 24 ||
	    (part[0] == 24 && (part[1] != 0 || part[2] != 0)))
		return false;
	if (part[1] > 59 || part[2] > 60)
		return false;
	if (i == len)
		return true;
	if (len - i == 1 && s[i] == 'Z')
		return true;
	if (s[i] == '+' || s[i] == '-') {
		for (i++; i < len; i++)
			if (!isdig((unsigned char)s[i]) && s[i] != ':')
				return false;
		return true;
	}
	return false;
}

/* What may follow a date at s[i..len): nothing, or a time. */
static const char *
check_tail(const char *s, size_t len, size_t i)
{
	if (i == len)
		return NULL;
	if (s[i] == 'T' || s[i] == ' ') {
		size_t j = i;

		while (j < len && (s[j] == ' ' || s[j] == 'T'))
			j++;
		if (time_ok(s + j, len - j))
			return NULL;
		if (j < len && (isdig((unsigned char)s[j]) ||
		    meridiem(s, len, j) > 0))
			return date_reason("\"%.*s\" is not a time of day "
			    "(hours 0..23, minutes and seconds 0..59)",
			    (int)(len - j), s + j);
	}
	return not_a_date();
}

static const char *
finish(long y, long m, long d, day_t *out)
{
	if (!date_valid_ymd((int)y, (int)m, (int)d))
		return ymd_reason(y, m, d);
	*out = date_from_ymd((int)y, (int)m, (int)d);
	return NULL;
}

static const char *
excel_serial(const char *s, size_t len, long n, size_t i, day_t *out)
{
	if (i < len && s[i] == '.') {
		/* A fraction is the time of day. */
		for (i++; i < len && isdig((unsigned char)s[i]); i++)
			;
	}
	if (i != len)
		return not_a_date();
	if (n < 1 || n > EXCEL_MAX)
		return date_reason("excel serial %ld out of range (1..%d)", n,
		    EXCEL_MAX);
	if (n == 60)
		return "excel serial 60 is 1900-02-29, which does not exist";
	/* Serial 1 is 1900-01-01; after the phantom day, one day less. */
	*out = date_from_ymd(1899, 12, n < 60 ? 31 : 30) + (day_t)n;
	return NULL;
}

/* The UTF-8 CJK markers 年 月 日. */
#define CJK_YEAR	"\xe5\xb9\xb4"
#define CJK_MONTH	"\xe6\x9c\x88"
#define CJK_DAY		"\xe6\x97\xa5"

static bool
at(const char *s, size_t len, size_t i, const char *word)
{
	size_t n = strlen(word);

	return len - i >= n && memcmp(s + i, word, n) == 0;
}

/* 2025-05-20, 2025/5/20, 2025.5.20, 2025年5月20日: s[0..i) is the year. */
static const char *
year_first(const char *s, size_t len, long y, size_t i, day_t *out)
{
	long m, d;
	int nm, nd;
	char sep = s[i];
	bool cjk = at(s, len, i, CJK_YEAR);
	const char *r;

	i += cjk ? 3 : 1;
	nm = digits(s, len, &i, &m);
	if (nm < 1 || nm > 2 || i >= len)
		goto bad;
	if (cjk ? !at(s, len, i, CJK_MONTH) : s[i] != sep)
		goto bad;
	i += cjk ? 3 : 1;
	nd = digits(s, len, &i, &d);
	if (nd < 1 || nd > 2)
		goto bad;
	if (cjk) {
		if (!at(s, len, i, CJK_DAY))
			goto bad;
		i += 3;
	}
	if ((r = check_tail(s, len, i)) != NULL)
		return r;
	return finish(y, m, d, out);
bad:
	return not_a_date();
}

/* 5/20/2025 or 20/5/2025, by order. */
static const char *
year_last(const char *s, size_t len, long a, size_t i, enum date_order order,
    day_t *out)
{
	long b, y, m, d;
	int nb, ny;
	char sep = s[i];
	size_t end;
	const char *r;

	i++;
	nb = digits(s, len, &i, &b);
	if (nb < 1 || nb > 2 || i >= len || s[i] != sep)
		goto bad;
	i++;
	ny = digits(s, len, &i, &y);
	if (ny == 2) {
		if (two_digit_base == 0)
			return date_reason("\"%.*s\": a two-digit year is "
			    "ambiguous: write it in full, or set [input] "
			    "two_digit_year (e.g. 2000)", (int)i, s);
		/* The year of the window [base, base + 99] ending in y. */
		y = two_digit_base / 100 * 100 + y;
		if (y < two_digit_base)
			y += 100;
	} else if (ny != 4) {
		goto bad;
	}
	end = i;
	if ((r = check_tail(s, len, i)) != NULL)
		return r;
	m = order == DATE_MDY ? a : b;
	d = order == DATE_MDY ? b : a;
	if (date_valid_ymd((int)y, (int)m, (int)d))
		return finish(y, m, d, out);
	/* Valid the other way round: the setting is what is wrong. */
	if (date_valid_ymd((int)y, (int)d, (int)m))
		return date_reason("%.*s is not a date with date_order = %s",
		    (int)end, s, order == DATE_MDY ? "mdy" : "dmy");
	return ymd_reason(y, m, d);
bad:
	return not_a_date();
}

/* Whether s[i..len) is nothing or a fraction: s is a bare number. */
static bool
bare_number(const char *s, size_t len, size_t i)
{
	if (i < len && s[i] == '.')
		for (i++; i < len && isdig((unsigned char)s[i]); i++)
			;
	return i == len;
}

static const char *
parse_slow(const char *s, size_t len, enum date_order order, day_t *out)
{
	size_t i = 0;
	long n;
	int nd;

	if (len == 0)
		return "empty date";
	nd = digits(s, len, &i, &n);
	if (nd == 0)
		return not_a_date();
	if (nd == 8 && (i == len || check_tail(s, len, i) == NULL))
		return finish(n / 10000, n / 100 % 100, n % 100, out);
	if (bare_number(s, len, i)) {
		if (nd <= 7)
			return excel_serial(s, len, n, i, out);
		return "a number of 8 or more digits is neither an excel "
		    "serial nor yyyymmdd";
	}
	if (nd >= 4 && (s[i] == '-' || s[i] == '/' || s[i] == '.' ||
	    at(s, len, i, CJK_YEAR))) {
		if (nd > 4)
			return nd > 9 ? "year out of range" :
			    date_reason("year %ld out of range", n);
		return year_first(s, len, n, i, out);
	}
	if (nd <= 2 && (s[i] == '-' || s[i] == '/' || s[i] == '.'))
		return year_last(s, len, n, i, order, out);
	return not_a_date();
}

static int
dig2(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* The hot path: exactly "YYYY-MM-DD", maybe followed by " " or "T". */
static bool
parse_iso(const char *s, size_t len, day_t *out)
{
	int y, m, d;

	if (len < 10 || (len > 10 && s[10] != ' ' && s[10] != 'T'))
		return false;
	if (s[4] != '-' || s[7] != '-')
		return false;
	for (int k = 0; k < 10; k++)
		if (k != 4 && k != 7 && !isdig((unsigned char)s[k]))
			return false;
	y = dig2(s) * 100 + dig2(s + 2);
	m = dig2(s + 5);
	d = dig2(s + 8);
	if (y < DATE_MIN_YEAR || m < 1 || m > 12 || d < 1 ||
	    (d > 28 && d > date_days_in_month(y, m)))
		return false;
	if (len > 10 && check_tail(s, len, 10) != NULL)
		return false;
	*out = date_from_ymd(y, m, d);
	return true;
}

const char *
date_parse(const char *s, size_t len, enum date_order order, day_t *out)
{
	if (parse_iso(s, len, out))
		return NULL;
	s = trim_span(s, &len);
	return parse_slow(s, len, order, out);
}

char *
date_format(day_t day, char *buf)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	if (y < 0 || y > 9999) {
		snprintf(buf, DATE_FMT_MAX, "%s", "(invalid)");
		return buf;
	}
	buf[0] = '0' + y / 1000;
	buf[1] = '0' + y / 100 % 10;
	buf[2] = '0' + y / 10 % 10;
	buf[3] = '0' + y % 10;
	buf[4] = '-';
	buf[5] = '0' + m / 10;
	buf[6] = '0' + m % 10;
	buf[7] = '-';
	buf[8] = '0' + d / 10;
	buf[9] = '0' + d % 10;
	buf[10] = '\0';
	return buf;
}

day_t
date_today(void)
{
	time_t t = time(NULL);
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL)
		die("cannot read the local time");
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
