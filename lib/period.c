/*
 * period: period labels as inclusive date ranges.
 *
 * Parsing splits a label into tokens (numbers, ASCII words, single CJK
 * characters; the separators " -/._," between them are dropped) and
 * matches the sequence of token kinds, its "shape", against the known
 * forms.  Decisions beyond period.h:
 *   - with fiscal settings (start_month != 1) every year, half and quarter
 *     label is fiscal, with or without "FY": 2025-Q1 = FY2025-Q1, as a bare
 *     2025 is FY2025; with calendar settings "FY2025" is the year 2025;
 *   - a bare number of 6 digits is yyyymm; 4 digits a year; 8 digits
 *     yyyymmdd; 5 or 7 digits an Excel serial day (1 to 3 are errors);
 *   - in "A..B", "A~B" and "A～B" each side may be any label: the range runs
 *     from the start of A to the end of B (2025-05..2025-06 is allowed);
 *   - every parsed or computed period is normalised: a range that equals
 *     a canonical period becomes that period.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "period.h"
#include "util.h"

#define MAX_TOKENS	12

static const struct fiscal calendar_fy = { 1, false };	/* fy == NULL */

static day_t
day_min(void)
{
	return date_from_ymd(DATE_MIN_YEAR, 1, 1);
}

static day_t
day_max(void)
{
	return date_from_ymd(DATE_MAX_YEAR, 12, 31);
}

static int
fiscal_start(const struct fiscal *fy)
{
	if (fy == NULL || fy->start_month < 1 || fy->start_month > 12)
		return 1;
	return fy->start_month;
}

/* The first day of month index mi (months since year 0, January = 0). */
static day_t
month_start(long mi)
{
	return date_from_ymd((int)(mi / 12), (int)(mi % 12) + 1, 1);
}

static long
month_index(day_t day)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	return (long)y * 12 + m - 1;
}

static bool
in_range(long first_mi, long nmonths)
{
	return first_mi >= (long)DATE_MIN_YEAR * 12 &&
	    first_mi + nmonths <= (long)(DATE_MAX_YEAR + 1) * 12;
}

/* The period of nmonths months that starts at month index mi. */
static struct period
months(long mi, long nmonths, enum gran g)
{
	struct period p;

	p.start = month_start(mi);
	p.end = month_start(mi + nmonths) - 1;
	p.gran = g;
	return p;
}

static long
gran_months(enum gran g)
{
	switch (g) {
	case G_MONTH:
		return 1;
	case G_QUARTER:
		return 3;
	case G_HALF:
		return 6;
	case G_YEAR:
		return 12;
	default:
		return 0;
	}
}

/*
 * Month index of the first month of the fiscal year named `name`: the
 * calendar year it ends in, or starts in with name_by_start.
 */
static long
fiscal_year_mi(long name, const struct fiscal *fy)
{
	int s = fiscal_start(fy);
	long y = name;

	if (s != 1 && !fy->name_by_start)
		y--;
	return y * 12 + s - 1;
}

/* The name of the fiscal year whose first month has index mi. */
static long
fiscal_year_name(long mi, const struct fiscal *fy)
{
	int s = fiscal_start(fy);
	long y = mi / 12;

	if (s != 1 && !fy->name_by_start)
		y++;
	return y;
}

struct period
period_of(day_t day, enum gran g, const struct fiscal *fy)
{
	struct period p;
	long mi, n, off;
	int y, w;

	switch (g) {
	case G_WEEK:
		date_iso_week(day, &y, &w);
		p.start = date_from_iso_week(y, w);
		p.end = p.start + 6;
		p.gran = G_WEEK;
		return p;
	case G_MONTH:
	case G_QUARTER:
	case G_HALF:
	case G_YEAR:
		n = gran_months(g);
		mi = month_index(day);
		/* Months since the start of the fiscal year, in 0..11. */
		off = ((mi - (fiscal_start(fy) - 1)) % 12 + 12) % 12;
		if (g == G_MONTH)
			off = 0;
		return months(mi - off % n, n, g);
	default:
		p.start = p.end = day;
		p.gran = G_DAY;
		return p;
	}
}

/* Give a range the granularity of the canonical period it equals. */
static void
normalise(struct period *p, const struct fiscal *fy)
{
	for (enum gran g = G_DAY; g < G_RANGE; g++) {
		struct period c = period_of(p->start, g, fy);

		if (c.start == p->start && c.end == p->end) {
			p->gran = g;
			return;
		}
	}
	p->gran = G_RANGE;
}

bool
period_contains(const struct period *p, day_t day)
{
	return day >= p->start && day <= p->end;
}

bool
period_within(const struct period *inner, const struct period *outer)
{
	return inner->start >= outer->start && inner->end <= outer->end;
}

long
period_days(const struct period *p)
{
	return (long)p->end - p->start + 1;
}

/* --- parsing -------------------------------------------------------- */

/*
 * Token kinds, one character each in the shape: '4' a 4-digit number,
 * '2' a 1- or 2-digit one, '6' a 6-digit one, '#' another number; 'q',
 * 'h', 'w', 'f' (FY) and 'm' (a month name) for ASCII words; CJK: 'Y' 年,
 * 'M' 月, 'D' 日, 'T' 第, 'S' 季, 'U' 度, 'A' 上, 'B' 下, 'C' 半, 'K' 周;
 * '?' anything else.
 */
struct tokens {
	char	 shape[MAX_TOKENS + 1];
	long	 num[MAX_TOKENS];	/* numbers and month names */
	int	 n;
};

static const struct {
	const char *utf8;
	char	 kind;
} cjk[] = {
	{ "\xe5\xb9\xb4", 'Y' },	/* 年 */
	{ "\xe6\x9c\x88", 'M' },	/* 月 */
	{ "\xe6\x97\xa5", 'D' },	/* 日 */
	{ "\xe7\xac\xac", 'T' },	/* 第 */
	{ "\xe5\xad\xa3", 'S' },	/* 季 */
	{ "\xe5\xba\xa6", 'U' },	/* 度 */
	{ "\xe4\xb8\x8a", 'A' },	/* 上 */
	{ "\xe4\xb8\x8b", 'B' },	/* 下 */
	{ "\xe5\x8d\x8a", 'C' },	/* 半 */
	{ "\xe5\x91\xa8", 'K' },	/* 周 */
};

static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

/* A month name, full or abbreviated to 3 letters (also "sept"): 1..12. */
static int
month_name(const char *w, size_t n)
{
	for (int i = 0; i < 12; i++) {
		size_t full = strlen(month_names[i]);

		if ((n == full || n == 3 || (i == 8 && n == 4)) &&
		    ascii_ncasecmp(w, month_names[i], n) == 0)
			return i + 1;
	}
	return 0;
}

static char
word_kind(const char *w, size_t n, long *val)
{
	int m;

	if (n == 1 && (w[0] == 'q' || w[0] == 'Q'))
		return 'q';
	if (n == 1 && (w[0] == 'h' || w[0] == 'H'))
		return 'h';
	if (n == 1 && (w[0] == 'w' || w[0] == 'W'))
		return 'w';
	if (n == 2 && ascii_ncasecmp(w, "fy", 2) == 0)
		return 'f';
	if ((m = month_name(w, n)) != 0) {
		*val = m;
		return 'm';
	}
	return '?';
}

static bool
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_sep(int c)
{
	return c == ' ' || c == '\t' || c == '-' || c == '/' || c == '.' ||
	    c == '_' || c == ',';
}

static size_t
utf8_len(unsigned char c)
{
	if (c >= 0xf0)
		return 4;
	if (c >= 0xe0)
		return 3;
	if (c >= 0xc0)
		return 2;
	return 1;
}

static void
push(struct tokens *t, char kind, long val)
{
	if (t->n < MAX_TOKENS) {
		t->shape[t->n] = kind;
		t->num[t->n] = val;
	}
	t->n++;
}

static void
tokenize(const char *s, size_t len, struct tokens *t)
{
	size_t i = 0, j;

	t->n = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (is_sep(c)) {
			i++;
		} else if (c >= '0' && c <= '9') {
			long v = 0;

			for (j = i; j < len && s[j] >= '0' && s[j] <= '9'; j++)
				if (j - i < 9)
					v = v * 10 + (s[j] - '0');
			push(t, j - i == 4 ? '4' : j - i <= 2 ? '2' :
			    j - i == 6 ? '6' : '#', v);
			i = j;
		} else if (is_alpha(c)) {
			long v = 0;
			char k;

			for (j = i; j < len && is_alpha((unsigned char)s[j]);)
				j++;
			k = word_kind(s + i, j - i, &v);
			push(t, k, v);
			i = j;
		} else {
			size_t n = utf8_len(c);
			char k = '?';

			for (size_t e = 0; e < sizeof(cjk) / sizeof(cjk[0]); e++)
				if (len - i >= n && n == 3 &&
				    memcmp(s + i, cjk[e].utf8, 3) == 0)
					k = cjk[e].kind;
			push(t, k, 0);
			i += n > len - i ? len - i : n;
		}
	}
	if (t->n > MAX_TOKENS)
		t->n = MAX_TOKENS + 1;	/* too long: matches nothing */
	t->shape[t->n <= MAX_TOKENS ? t->n : MAX_TOKENS] = '\0';
}

/* A year, half or quarter (g) numbered k of the year named by year. */
static const char *
fiscal_period(long year, enum gran g, long k, const struct fiscal *fy,
    struct period *out)
{
	long n = gran_months(g), mi;

	if (g == G_QUARTER && (k < 1 || k > 4))
		return date_reason("quarter %ld out of range (1..4)", k);
	if (g == G_HALF && (k < 1 || k > 2))
		return date_reason("half %ld out of range (1..2)", k);
	if (year < DATE_MIN_YEAR || year > DATE_MAX_YEAR)
		return date_reason("year %ld out of range", year);
	mi = fiscal_year_mi(year, fy) + (k - 1) * n;
	if (!in_range(mi, n))
		return date_reason("fiscal year %ld out of range", year);
	*out = months(mi, n, g);
	return NULL;
}

static const char *
month_period(long year, long m, struct period *out)
{
	if (year < DATE_MIN_YEAR || year > DATE_MAX_YEAR)
		return date_reason("year %ld out of range", year);
	if (m < 1 || m > 12)
		return date_reason("month %ld out of range", m);
	*out = months(year * 12 + m - 1, 1, G_MONTH);
	return NULL;
}

static const char *
week_period(long year, long w, struct period *out)
{
	if (year < DATE_MIN_YEAR || year > DATE_MAX_YEAR)
		return date_reason("year %ld out of range", year);
	if (w < 1 || w > 53)
		return date_reason("week %ld out of range (1..53)", w);
	if (w == 53 && date_iso_weeks_in_year((int)year) != 53)
		return date_reason("week 53 does not exist in %ld", year);
	out->start = date_from_iso_week((int)year, (int)w);
	out->end = out->start + 6;
	out->gran = G_WEEK;
	if (out->start < day_min() || out->end > day_max())
		return date_reason("week %ld of %ld out of range", w, year);
	return NULL;
}

/* The forms of a shape: which token holds the year and the number. */
static const struct form {
	const char *shape;
	enum gran gran;
	int	 year;		/* token index of the year */
	int	 k;		/* token index of the number, -1 for none */
	int	 fixed;		/* the number when k < 0 (上/下半年) */
} forms[] = {
	{ "4",		G_YEAR,		0, -1, 1 },
	{ "f4",		G_YEAR,		1, -1, 1 },
	{ "4Y",		G_YEAR,		0, -1, 1 },
	{ "4q2",	G_QUARTER,	0, 2, 0 },
	{ "q24",	G_QUARTER,	2, 1, 0 },
	{ "f4q2",	G_QUARTER,	1, 3, 0 },
	{ "4Yq2",	G_QUARTER,	0, 3, 0 },
	{ "4YT2SU",	G_QUARTER,	0, 3, 0 },
	{ "4Y2SU",	G_QUARTER,	0, 2, 0 },
	{ "4h2",	G_HALF,		0, 2, 0 },
	{ "h24",	G_HALF,		2, 1, 0 },
	{ "f4h2",	G_HALF,		1, 3, 0 },
	{ "4Yh2",	G_HALF,		0, 3, 0 },
	{ "4YACY",	G_HALF,		0, -1, 1 },
	{ "4YBCY",	G_HALF,		0, -1, 2 },
	{ "4w2",	G_WEEK,		0, 2, 0 },
	{ "w24",	G_WEEK,		2, 1, 0 },
	{ "4YT2K",	G_WEEK,		0, 3, 0 },
	{ "42",		G_MONTH,	0, 1, 0 },
	{ "4Y2M",	G_MONTH,	0, 2, 0 },
	{ "24",		G_MONTH,	1, 0, 0 },
	{ "m4",		G_MONTH,	1, 0, 0 },
	{ "4m",		G_MONTH,	0, 1, 0 },
};

/* A shape that no form takes: say why, when there is a likely reason. */
static const char *
shape_reason(const struct tokens *t, const char *s, size_t len)
{
	if (strcmp(t->shape, "q2") == 0 || strcmp(t->shape, "h2") == 0 ||
	    strcmp(t->shape, "w2") == 0)
		return date_reason("\"%.*s\" has no year", (int)len, s);
	if (t->shape[0] == 'f' && t->shape[1] == '2')
		return date_reason("\"%.*s\": two-digit years are ambiguous, "
		    "write the year in full", (int)len, s);
	return NULL;
}

/* The reason for text that is no period form (callers say "cannot read
 * \"X\" as a period: " before it). */
static const char *
not_a_period(void)
{
	return "expected a period such as 2025, 2025-H1, 2025-Q2, 2025-05, "
	    "2025-W21, 2025-05-20 or a range a..b";
}

/* Excel serials of 1990-01-01 and 2099-12-31. */
#define SERIAL_FROM	32874
#define SERIAL_TO	73050

/*
 * Whether s is only digits, maybe with a fraction, and neither yyyymmdd
 * nor the Excel serial of a day in 1990..2099 (a date cell Excel gave as
 * a number): in a period column another number (10000, a target pasted
 * into the wrong column) is a mistake, not the day 1927-05-18.
 */
static bool
bare_number(const char *s, size_t len)
{
	size_t i = 0, nd;
	long n = 0;

	while (i < len && s[i] >= '0' && s[i] <= '9') {
		if (i < 9)
			n = n * 10 + (s[i] - '0');
		i++;
	}
	nd = i;
	if (nd == 0)
		return false;
	if (i < len && s[i] == '.')
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			;
	if (i != len || (nd == 8 && nd == len))
		return false;
	return nd > 9 || n < SERIAL_FROM || n > SERIAL_TO;
}

/* Whether a shape could only be a date, so date_parse's reason is best. */
static bool
date_like(const char *shape)
{
	for (; *shape != '\0'; shape++)
		if (strchr("246#YMD", *shape) == NULL)
			return false;
	return true;
}

static const char *
parse_one(const char *s, size_t len, const struct fiscal *fy,
    enum date_order order, struct period *out)
{
	struct tokens t;
	const char *r;
	day_t day;

	tokenize(s, len, &t);
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		const struct form *f = &forms[i];
		long year, k;

		if (strcmp(t.shape, f->shape) != 0)
			continue;
		year = t.num[f->year];
		k = f->k >= 0 ? t.num[f->k] : f->fixed;
		switch (f->gran) {
		case G_WEEK:
			return week_period(year, k, out);
		case G_MONTH:
			return month_period(year, k, out);
		default:
			return fiscal_period(year, f->gran, k, fy, out);
		}
	}
	if (strcmp(t.shape, "6") == 0)
		return month_period(t.num[0] / 100, t.num[0] % 100, out);
	if ((r = shape_reason(&t, s, len)) != NULL)
		return r;
	if (bare_number(s, len))
		return "a bare number is a period only as a year (2025), "
		    "yyyymm (202505), yyyymmdd (20250520) or the Excel serial "
		    "of a day in 1990..2099";
	r = date_parse(s, len, order, &day);
	if (r == NULL) {
		out->start = out->end = day;
		out->gran = G_DAY;
		return NULL;
	}
	if (len > 0 && date_like(t.shape))
		return r;
	return not_a_period();
}

/* Where a range splits: "..", "~" or the full-width "～". */
static bool
find_range(const char *s, size_t len, size_t *at, size_t *seplen)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '~') {
			*at = i;
			*seplen = 1;
			return true;
		}
		if (i + 1 < len && s[i] == '.' && s[i + 1] == '.') {
			*at = i;
			*seplen = 2;
			return true;
		}
		if (i + 2 < len && memcmp(s + i, "\xef\xbd\x9e", 3) == 0) {
			*at = i;
			*seplen = 3;
			return true;
		}
	}
	return false;
}

const char *
period_parse(const char *s, size_t len, const struct fiscal *fy,
    enum date_order order, struct period *out)
{
	size_t at, seplen, alen, blen;
	const char *a, *b, *r;
	struct period pa, pb;
	char buf[2][DATE_FMT_MAX];

	if (fy == NULL)
		fy = &calendar_fy;
	s = trim_span(s, &len);
	if (len == 0)
		return "empty period";
	if (!find_range(s, len, &at, &seplen))
		return parse_one(s, len, fy, order, out);
	alen = at;
	blen = len - at - seplen;
	a = trim_span(s, &alen);
	b = trim_span(s + at + seplen, &blen);
	if (alen == 0 || blen == 0)
		return date_reason("range \"%.*s\" needs a start and an end",
		    (int)len, s);
	if ((r = parse_one(a, alen, fy, order, &pa)) != NULL ||
	    (r = parse_one(b, blen, fy, order, &pb)) != NULL)
		return r;
	if (pb.end < pa.start)
		return date_reason("range ends %s before it starts %s",
		    date_format(pb.end, buf[0]), date_format(pa.start, buf[1]));
	out->start = pa.start;
	out->end = pb.end;
	normalise(out, fy);
	return NULL;
}

/* --- formatting ----------------------------------------------------- */

char *
period_format(const struct period *p, const struct fiscal *fy, char *buf)
{
	char a[DATE_FMT_MAX], b[DATE_FMT_MAX];
	const char *pre;
	long mi, name;
	int y, w, k;

	if (fy == NULL)
		fy = &calendar_fy;
	pre = fiscal_start(fy) != 1 ? "FY" : "";
	mi = month_index(p->start);
	if (p->gran == G_RANGE) {
		/* A range made by hand may still be a canonical period. */
		struct period c = *p;

		normalise(&c, fy);
		if (c.gran != G_RANGE)
			return period_format(&c, fy, buf);
	}
	switch (p->gran) {
	case G_DAY:
		return date_format(p->start, buf);
	case G_WEEK:
		date_iso_week(p->start, &y, &w);
		snprintf(buf, PERIOD_FMT_MAX, "%04d-W%02d", y, w);
		return buf;
	case G_MONTH:
		snprintf(buf, PERIOD_FMT_MAX, "%04ld-%02ld", mi / 12,
		    mi % 12 + 1);
		return buf;
	case G_QUARTER:
	case G_HALF:
	case G_YEAR:
		/* Months since the start of the fiscal year, in 0..11. */
		k = (int)(((mi - (fiscal_start(fy) - 1)) % 12 + 12) % 12);
		name = fiscal_year_name(mi - k, fy);
		if (p->gran == G_YEAR)
			snprintf(buf, PERIOD_FMT_MAX, "%s%04ld", pre, name);
		else
			snprintf(buf, PERIOD_FMT_MAX, "%s%04ld-%c%d", pre,
			    name, p->gran == G_HALF ? 'H' : 'Q',
			    k / (int)gran_months(p->gran) + 1);
		return buf;
	default:
		snprintf(buf, PERIOD_FMT_MAX, "%s..%s", date_format(p->start, a),
		    date_format(p->end, b));
		return buf;
	}
}

/* --- children and shifts -------------------------------------------- */

long
period_children(const struct period *p, enum gran g,
    const struct fiscal *fy, struct period **out)
{
	struct period *v = NULL;
	size_t n = 0, cap = 0;

	*out = NULL;
	if (g >= G_RANGE || g >= p->gran || p->end < p->start)
		return -1;
	for (day_t d = p->start; d <= p->end;) {
		struct period c = period_of(d, g, fy);

		if (c.start < p->start || c.end > p->end) {
			if (c.start < p->start)
				c.start = p->start;
			if (c.end > p->end)
				c.end = p->end;
			normalise(&c, fy);
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		v[n++] = c;
		d = c.end + 1;
	}
	*out = v;
	return (long)n;
}

/* day shifted by n calendar years, February 29 becoming the 28th. */
static int
shift_day_years(day_t day, long n, day_t *out)
{
	int y, m, d;
	long ny;

	date_to_ymd(day, &y, &m, &d);
	ny = y + n;
	if (ny < DATE_MIN_YEAR || ny > DATE_MAX_YEAR)
		return -1;
	if (m == 2 && d == 29 && !date_is_leap((int)ny))
		d = 28;
	*out = date_from_ymd((int)ny, m, d);
	return 0;
}

static int
shift_weeks(const struct period *p, long n, bool years, struct period *out)
{
	int y, w;
	long ny;

	if (!years) {
		long s = (long)p->start + 7 * n;

		if (s < day_min() || s + 6 > day_max())
			return -1;
		out->start = (day_t)s;
	} else {
		date_iso_week(p->start, &y, &w);
		ny = y + n;
		if (ny < DATE_MIN_YEAR || ny > DATE_MAX_YEAR ||
		    w > date_iso_weeks_in_year((int)ny))
			return -1;
		out->start = date_from_iso_week((int)ny, w);
		if (out->start < day_min() || out->start + 6 > day_max())
			return -1;
	}
	out->end = out->start + 6;
	out->gran = G_WEEK;
	return 0;
}

int
period_shift(const struct period *p, int n, bool years,
    const struct fiscal *fy, struct period *out)
{
	long len, mi;

	if (fy == NULL)
		fy = &calendar_fy;
	switch (p->gran) {
	case G_DAY:
		if (years) {
			if (shift_day_years(p->start, n, &out->start) != 0)
				return -1;
		} else {
			if ((long)p->start + n < day_min() ||
			    (long)p->start + n > day_max())
				return -1;
			out->start = p->start + n;
		}
		out->end = out->start;
		out->gran = G_DAY;
		return 0;
	case G_WEEK:
		return shift_weeks(p, n, years, out);
	case G_RANGE:
		if (!years)
			return -1;
		if (shift_day_years(p->start, n, &out->start) != 0 ||
		    shift_day_years(p->end, n, &out->end) != 0)
			return -1;
		normalise(out, fy);
		return 0;
	default:
		len = gran_months(p->gran);
		mi = month_index(p->start) + (long)n * (years ? 12 : len);
		if (!in_range(mi, len))
			return -1;
		*out = months(mi, len, p->gran);
		return 0;
	}
}

/* --- granularity names ---------------------------------------------- */

static const char *const gran_names[] = {
	"day", "week", "month", "quarter", "half", "year", "range"
};

static const char *const gran_other[][3] = {
	{ "days", "daily", "day" },
	{ "weeks", "weekly", "week" },
	{ "months", "monthly", "month" },
	{ "quarters", "quarterly", "quarter" },
	{ "halves", "half-year", "halfyear" },
	{ "years", "yearly", "annual" },
	{ "ranges", "range", "range" },
};

const char *
gran_name(enum gran g)
{
	if ((int)g < 0 || g > G_RANGE)
		return "?";
	return gran_names[g];
}

int
gran_parse(const char *name)
{
	for (int g = 0; g <= G_RANGE; g++) {
		if (ascii_casecmp(name, gran_names[g]) == 0)
			return g;
		for (int k = 0; k < 3; k++)
			if (ascii_casecmp(name, gran_other[g][k]) == 0)
				return g;
	}
	return -1;
}
