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
#define REASON_MAX	96

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

/* The characters of a time after the date: see the comment on top. */
static bool
time_ok(const char *s, size_t len)
{
	size_t i = 0;

	if (len == 0 || !isdig((unsigned char)s[0]))
		return false;
	while (i < len && (isdig((unsigned char)s[i]) || s[i] == ':' ||
	    s[i] == '.'))
		i++;
	while (i < len && s[i] == ' ')
		i++;
	if (i == len)
		return true;
	if (len - i == 2 && (ascii_ncasecmp(s + i, "am", 2) == 0 ||
	    ascii_ncasecmp(s + i, "pm", 2) == 0))
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
		while (i < len && (s[i] == ' ' || s[i] == 'T'))
			i++;
		if (time_ok(s + i, len - i))
			return NULL;
	}
	return date_reason("cannot read \"%.*s\" as a date", (int)len, s);
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
		return date_reason("cannot read \"%.*s\" as a date", (int)len, s);
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
	return date_reason("cannot read \"%.*s\" as a date", (int)len, s);
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
	if (ny != 4)
		goto bad;
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
	return date_reason("cannot read \"%.*s\" as a date", (int)len, s);
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
		return date_reason("cannot read \"%.*s\" as a date", (int)len, s);
	if (nd == 8 && (i == len || check_tail(s, len, i) == NULL))
		return finish(n / 10000, n / 100 % 100, n % 100, out);
	if (bare_number(s, len, i)) {
		if (nd <= 7)
			return excel_serial(s, len, n, i, out);
		return date_reason("cannot read \"%.*s\" as a date "
		    "(neither an excel serial nor yyyymmdd)", (int)len, s);
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
	return date_reason("cannot read \"%.*s\" as a date", (int)len, s);
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
