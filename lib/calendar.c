/*
 * calendar: working days.
 *
 * workdays lists are comma-separated items, each a day ("mon", "monday",
 * any case) or a range "a..b" or "a-b".  A range may wrap around the end of
 * the week: "sat..wed" is Saturday to Wednesday (a five-day week in some
 * countries), "sun..sun" is one day.  An empty list is an error: with no
 * working day at all nothing could be paced.
 *
 * cal_count() counts weekdays of the mask by whole weeks plus at most six
 * leftover days, then corrects by the holidays and extra days inside the
 * range, found by binary search: O(log n + k) for k such days in the range.
 */
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "util.h"

#define ALL_DAYS	0x7fu
#define MON_FRI		0x1fu

void
cal_init(struct calendar *cal)
{
	cal->workdays = MON_FRI;
	cal->holidays = NULL;
	cal->nholidays = 0;
	cal->extra = NULL;
	cal->nextra = 0;
}

void
cal_free(struct calendar *cal)
{
	free(cal->holidays);
	free(cal->extra);
	cal_init(cal);
}

static const char *const day_names[7] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday"
};

/* 1..7 for a day name (3 letters or full) in s[0..len), else 0. */
static int
day_name(const char *s, size_t len)
{
	s = trim_span(s, &len);
	for (int i = 0; i < 7; i++)
		if ((len == 3 || len == strlen(day_names[i])) &&
		    ascii_ncasecmp(s, day_names[i], len) == 0)
			return i + 1;
	return 0;
}

/* One item of the list: a day or a range of days. */
static bool
parse_item(const char *s, size_t len, unsigned *mask)
{
	size_t i, seplen = 0;
	int a, b;

	for (i = 0; i < len; i++) {
		if (s[i] == '-') {
			seplen = 1;
			break;
		}
		if (i + 1 < len && s[i] == '.' && s[i + 1] == '.') {
			seplen = 2;
			break;
		}
	}
	if (seplen == 0) {
		if ((a = day_name(s, len)) == 0)
			return false;
		*mask |= 1u << (a - 1);
		return true;
	}
	a = day_name(s, i);
	b = day_name(s + i + seplen, len - i - seplen);
	if (a == 0 || b == 0)
		return false;
	/* Walk from a to b, wrapping from Sunday to Monday. */
	for (int d = a;; d = d % 7 + 1) {
		*mask |= 1u << (d - 1);
		if (d == b)
			break;
	}
	return true;
}

const char *
cal_parse_workdays(const char *s, unsigned *mask)
{
	unsigned m = 0;
	const char *p = s;

	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (!parse_item(p, len, &m))
			return "cannot read workdays: expected days like "
			    "mon..fri or mon,tue,wed";
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	if (m == 0)
		return "workdays has no working day";
	*mask = m;
	return NULL;
}

/* Index of the first element >= day in v[0..n). */
static size_t
lower_bound(const day_t *v, size_t n, day_t day)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool
member(const day_t *v, size_t n, day_t day)
{
	size_t i = lower_bound(v, n, day);

	return i < n && v[i] == day;
}

static void
insert(day_t **v, size_t *n, day_t day)
{
	size_t i = lower_bound(*v, *n, day);

	if (i < *n && (*v)[i] == day)
		return;
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	memmove(*v + i + 1, *v + i, (*n - i) * sizeof(**v));
	(*v)[i] = day;
	(*n)++;
}

void
cal_add_holiday(struct calendar *cal, day_t day)
{
	insert(&cal->holidays, &cal->nholidays, day);
}

void
cal_add_extra(struct calendar *cal, day_t day)
{
	insert(&cal->extra, &cal->nextra, day);
}

static bool
in_mask(const struct calendar *cal, day_t day)
{
	return (cal->workdays >> (date_weekday(day) - 1)) & 1u;
}

bool
cal_is_workday(const struct calendar *cal, day_t day)
{
	if (member(cal->extra, cal->nextra, day))
		return true;
	return in_mask(cal, day) && !member(cal->holidays, cal->nholidays, day);
}

/* Days of the workdays mask in [from, to], without holidays or extras. */
static long
count_mask(unsigned mask, day_t from, day_t to)
{
	long days = (long)to - from + 1;
	long n = days / 7 * __builtin_popcount(mask & ALL_DAYS);
	int wd = date_weekday(from);

	/* The leftover days start on from's weekday. */
	for (long k = 0; k < days % 7; k++, wd = wd % 7 + 1)
		n += (mask >> (wd - 1)) & 1u;
	return n;
}

long
cal_count(const struct calendar *cal, day_t from, day_t to, bool workdays)
{
	long n;
	size_t i;

	if (to < from)
		return 0;
	if (!workdays)
		return (long)to - from + 1;
	n = count_mask(cal->workdays, from, to);
	/* A holiday on a working weekday is off, unless it is also extra. */
	for (i = lower_bound(cal->holidays, cal->nholidays, from);
	    i < cal->nholidays && cal->holidays[i] <= to; i++) {
		day_t h = cal->holidays[i];

		if (in_mask(cal, h) && !member(cal->extra, cal->nextra, h))
			n--;
	}
	/* An extra day off the weekly pattern counts too (one that is in the
	 * pattern was counted above, holiday or not). */
	for (i = lower_bound(cal->extra, cal->nextra, from);
	    i < cal->nextra && cal->extra[i] <= to; i++)
		if (!in_mask(cal, cal->extra[i]))
			n++;
	return n;
}
