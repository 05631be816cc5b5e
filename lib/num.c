/*
 * num: exact fixed-point decimals (see num.h).
 *
 * Intermediate products and quotients are computed in __int128, so a*b,
 * a*p/q and the shares of an allocation are exact before the one final
 * rounding.  Rounding is half away from zero throughout.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "util.h"

typedef __int128 i128;
typedef unsigned __int128 u128;

static const uint64_t pow10_tab[] = {
	UINT64_C(1), UINT64_C(10), UINT64_C(100), UINT64_C(1000),
	UINT64_C(10000), UINT64_C(100000), UINT64_C(1000000),
	UINT64_C(10000000), UINT64_C(100000000), UINT64_C(1000000000),
	UINT64_C(10000000000), UINT64_C(100000000000),
	UINT64_C(1000000000000), UINT64_C(10000000000000),
	UINT64_C(100000000000000), UINT64_C(1000000000000000),
	UINT64_C(10000000000000000), UINT64_C(100000000000000000),
	UINT64_C(1000000000000000000), UINT64_C(10000000000000000000)
};

/* Exponents are saturated here: far beyond any digit count in memory, so a
 * saturated exponent gives the same answer (RANGE or zero) as the real one. */
#define EXP_LIMIT	INT64_C(1000000000000000)

static int
is_digit(char c)
{
	return (unsigned)(c - '0') < 10u;
}

/*
 * The fast path: [-+]digits[.digits] with at most 14 integer and 4
 * fractional digits, nothing else.  That is what machine-written files
 * hold, so tgt-track spends its time here.  Returns 1 and sets *out when
 * the input has that form, 0 to fall back to the full parser.
 */
static int
parse_plain(const char *s, size_t len, char decimal, num_t *out)
{
	const char *p = s, *end = s + len, *q;
	uint64_t v = 0;
	size_t ni, nf = 0;
	int neg = 0;

	if (p < end && (*p == '-' || *p == '+')) {
		neg = *p == '-';
		p++;
	}
	q = p;
	while (p < end && is_digit(*p))
		v = v * 10 + (uint64_t)(*p++ - '0');
	ni = (size_t)(p - q);
	if (ni > 14)
		return 0;
	if (p < end && *p == decimal) {
		q = ++p;
		while (p < end && is_digit(*p))
			v = v * 10 + (uint64_t)(*p++ - '0');
		nf = (size_t)(p - q);
		if (nf > NUM_DIGITS)
			return 0;
	}
	if (p != end || ni + nf == 0)
		return 0;
	v *= pow10_tab[NUM_DIGITS - nf];
	*out = neg ? -(num_t)v : (num_t)v;
	return 1;
}

/* Kinds of thousands separators; a number must use one kind throughout. */
enum sep_kind {
	SEP_NONE,
	SEP_MARK,	/* ',' or '.', whichever is not the decimal mark */
	SEP_QUOTE,	/* ' (Swiss) */
	SEP_SPACE,	/* ASCII space */
	SEP_NBSP,	/* U+00A0 */
	SEP_NNBSP,	/* U+202F (French Excel) */
	SEP_IDEO	/* U+3000 */
};

/* The length of the space at p (ASCII blank, U+00A0, U+202F, U+3000) or 0. */
static size_t
space_len(const char *p, const char *end, enum sep_kind *kind)
{
	size_t n = (size_t)(end - p);
	enum sep_kind k = SEP_NONE;
	size_t len = 0;

	if (n >= 1 && (*p == ' ' || *p == '\t' || *p == '\r')) {
		k = *p == ' ' ? SEP_SPACE : SEP_NONE;
		len = 1;
	} else if (n >= 2 && memcmp(p, "\xc2\xa0", 2) == 0) {
		k = SEP_NBSP;
		len = 2;
	} else if (n >= 3 && memcmp(p, "\xe2\x80\xaf", 3) == 0) {
		k = SEP_NNBSP;
		len = 3;
	} else if (n >= 3 && memcmp(p, "\xe3\x80\x80", 3) == 0) {
		k = SEP_IDEO;
		len = 3;
	}
	if (kind != NULL)
		*kind = k;
	return len;
}

static const char *
skip_space(const char *p, const char *end)
{
	size_t k;

	while ((k = space_len(p, end, NULL)) > 0)
		p += k;
	return p;
}

/* The length of a currency mark at p, or 0. */
static size_t
currency_len(const char *p, const char *end)
{
	static const char *const marks[] = {
		"$", "\xc2\xa5" /* ¥ */, "\xef\xbf\xa5" /* ￥ */,
		"\xe2\x82\xac" /* € */, "\xc2\xa3" /* £ */
	};
	static const char *const codes[] = { "rmb", "cny", "usd" };
	size_t n = (size_t)(end - p), i, k;

	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		k = strlen(marks[i]);
		if (n >= k && memcmp(p, marks[i], k) == 0)
			return k;
	}
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (n >= 3 && ascii_ncasecmp(p, codes[i], 3) == 0)
			return 3;
	return 0;
}

/* The length of a percent sign (% or full-width ％) at p, or 0. */
static size_t
percent_len(const char *p, const char *end)
{
	if (p < end && *p == '%')
		return 1;
	if (end - p >= 3 && memcmp(p, "\xef\xbc\x85", 3) == 0)
		return 3;
	return 0;
}

/* The length of a thousands separator at p, or 0. */
static size_t
sep_len(const char *p, const char *end, char decimal, enum sep_kind *kind)
{
	size_t k;

	if (p >= end)
		return 0;
	if (*p == (decimal == ',' ? '.' : ',')) {
		*kind = SEP_MARK;
		return 1;
	}
	if (*p == '\'') {
		*kind = SEP_QUOTE;
		return 1;
	}
	k = space_len(p, end, kind);
	return *kind == SEP_NONE ? 0 : k;
}

/* Exactly three digits at p, not followed by a fourth. */
static int
group_at(const char *p, const char *end)
{
	return end - p >= 3 && is_digit(p[0]) && is_digit(p[1]) &&
	    is_digit(p[2]) && (end - p == 3 || !is_digit(p[3]));
}

/* The mantissa and exponent found by scan_number(). */
struct mant {
	const char	*start, *end;	/* digits, separators and decimal mark */
	int64_t		 nint;		/* digits before the decimal mark */
	int64_t		 nfrac;		/* digits after it */
	int64_t		 exp;		/* the e+NN part, saturated */
};

/*
 * Scan digits with thousands separators, a decimal mark, fraction digits
 * and an exponent starting at p.  A space that does not separate a group of
 * three ends the number (a currency mark may follow); any other bad
 * grouping is a syntax error.  Returns the end of the number, or NULL.
 */
static const char *
scan_number(const char *p, const char *end, char decimal, struct mant *m)
{
	enum sep_kind kind, used = SEP_NONE;
	int64_t group = 0, nsep = 0;
	size_t k;
	int eneg = 0;

	m->start = p;
	m->nint = m->nfrac = m->exp = 0;
	for (;;) {
		if (p < end && is_digit(*p)) {
			m->nint++;
			group++;
			p++;
			continue;
		}
		if (group == 0 || (k = sep_len(p, end, decimal, &kind)) == 0)
			break;
		if ((nsep == 0 ? group > 3 : group != 3) ||
		    (used != SEP_NONE && kind != used) ||
		    !group_at(p + k, end)) {
			if (kind >= SEP_SPACE)
				break;
			return NULL;
		}
		used = kind;
		nsep++;
		group = 0;
		p += k;
	}
	if (p < end && *p == decimal) {
		p++;
		while (p < end && is_digit(*p)) {
			m->nfrac++;
			p++;
		}
	}
	if (m->nint + m->nfrac == 0)
		return NULL;
	m->end = p;
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '-' || *p == '+'))
			eneg = *p++ == '-';
		if (p == end || !is_digit(*p))
			return NULL;
		while (p < end && is_digit(*p)) {
			if (m->exp < EXP_LIMIT)
				m->exp = m->exp * 10 + (*p - '0');
			p++;
		}
		if (eneg)
			m->exp = -m->exp;
	}
	return p;
}

/*
 * The magnitude of the mantissa times 10^(exp + NUM_DIGITS - pctshift),
 * rounded half away from zero: digits at or above the unit place are
 * accumulated, the first digit below it decides the rounding.
 */
static enum num_status
mant_value(const struct mant *m, int pct, uint64_t *out)
{
	int64_t shift = m->exp + NUM_DIGITS - (pct ? 2 : 0);
	int64_t pos = m->nint - 1 + shift, last;
	uint64_t r = 0;
	const char *p;
	int round = 0;

	for (p = m->start; p < m->end; p++) {
		if (!is_digit(*p))
			continue;
		if (pos >= 0) {
			uint64_t d = (uint64_t)(*p - '0');

			if (r > ((uint64_t)NUM_MAX - d) / 10)
				return NUM_RANGE;
			r = r * 10 + d;
		} else if (pos == -1) {
			round = *p >= '5';
		}
		pos--;
	}
	last = pos + 1;		/* the place of the last digit */
	if (last > 0 && r != 0) {
		if (last > 18 || r > (uint64_t)NUM_MAX / pow10_tab[last])
			return NUM_RANGE;
		r *= pow10_tab[last];
	}
	r += (uint64_t)round;
	if (r > (uint64_t)NUM_MAX)
		return NUM_RANGE;
	*out = r;
	return NUM_OK;
}

/*
 * The full grammar: spaces, "(", a sign and a currency mark in either
 * order, the number, then a currency mark, "%" and a trailing "-" in any
 * order, ")", spaces.  At most one sign of any kind (a minus, a trailing
 * minus or parentheses) and one currency mark.
 */
static enum num_status
parse_full(const char *s, size_t len, char decimal, num_t *out)
{
	const char *p = s, *end = s + len;
	struct mant m;
	enum num_status st;
	uint64_t v;
	int paren = 0, sign = 0, neg = 0, cur = 0, pct = 0;
	size_t k;

	p = skip_space(p, end);
	if (p == end)
		return NUM_EMPTY;
	if (*p == '(') {
		paren = 1;
		p++;
	}
	for (;;) {
		p = skip_space(p, end);
		if (p == end)
			return NUM_SYNTAX;
		if (is_digit(*p) || *p == decimal)
			break;
		if (!sign && !paren && (*p == '-' || *p == '+')) {
			sign = 1;
			neg = *p++ == '-';
		} else if (!cur && (k = currency_len(p, end)) > 0) {
			cur = 1;
			p += k;
		} else
			return NUM_SYNTAX;
	}
	if ((p = scan_number(p, end, decimal, &m)) == NULL)
		return NUM_SYNTAX;
	for (;;) {
		p = skip_space(p, end);
		if (p == end || (paren && *p == ')'))
			break;
		if (!cur && (k = currency_len(p, end)) > 0) {
			cur = 1;
			p += k;
		} else if (!pct && (k = percent_len(p, end)) > 0) {
			pct = 1;
			p += k;
		} else if (!sign && !paren && *p == '-') {
			sign = neg = 1;
			p++;
		} else
			return NUM_SYNTAX;
	}
	if (paren) {
		if (p == end)
			return NUM_SYNTAX;
		neg = 1;
		if (skip_space(p + 1, end) != end)
			return NUM_SYNTAX;
	}
	if ((st = mant_value(&m, pct, &v)) != NUM_OK)
		return st;
	*out = neg ? -(num_t)v : (num_t)v;
	return NUM_OK;
}

enum num_status
num_parse(const char *s, size_t len, char decimal, num_t *out)
{
	if (parse_plain(s, len, decimal, out))
		return NUM_OK;
	return parse_full(s, len, decimal, out);
}

/*
 * A finite double is f * 2^e exactly with f a 53-bit integer, so
 * d * 10^4 = f * 10^4 * 2^e is an exact integer or dyadic fraction in
 * 128 bits, rounded here once (printf-style conversions would round
 * twice, or ties to even).
 */
int
num_from_double(double d, num_t *out)
{
	u128 n;
	uint64_t f;
	int e, neg = d < 0;

	if (!isfinite(d))
		return -1;
	f = (uint64_t)ldexp(frexp(fabs(d), &e), 53);
	e -= 53;
	n = (u128)f * (u128)NUM_SCALE;		/* < 2^67 */
	if (e >= 0) {
		if (e > 63 || (n << e) >> e != n)
			return -1;
		n <<= e;
	} else if (-e >= 68) {
		n = 0;				/* below half a unit */
	} else {
		u128 half = (u128)1 << (-e - 1);
		int up = (n & ((half << 1) - 1)) >= half;

		n = (n >> -e) + (u128)up;
	}
	if (n > (u128)NUM_MAX)
		return -1;
	*out = neg ? -(num_t)n : (num_t)n;
	return 0;
}

double
num_to_double(num_t a)
{
	return (double)a / (double)NUM_SCALE;
}

/* NUM_MIN is -NUM_MAX: INT64_MIN is not a num_t. */
static int
in_range(i128 v)
{
	return v <= NUM_MAX && v >= NUM_MIN;
}

int
num_add(num_t a, num_t b, num_t *out)
{
	num_t r;

	if (__builtin_add_overflow(a, b, &r) || r < NUM_MIN)
		return -1;
	*out = r;
	return 0;
}

int
num_sub(num_t a, num_t b, num_t *out)
{
	num_t r;

	if (__builtin_sub_overflow(a, b, &r) || r < NUM_MIN)
		return -1;
	*out = r;
	return 0;
}

/* n / d rounded half away from zero into *out; -1 when out of range. */
static int
div_round(i128 n, i128 d, num_t *out)
{
	i128 q, r;
	int neg = (n < 0) != (d < 0);

	if (d == 0)
		return -1;
	q = n / d;
	r = n % d;
	if (r < 0)
		r = -r;
	if (d < 0)
		d = -d;
	if (r != 0 && r >= d - r)	/* 2r >= d without overflow */
		q += neg ? -1 : 1;
	if (!in_range(q))
		return -1;
	*out = (num_t)q;
	return 0;
}

int
num_mul(num_t a, num_t b, num_t *out)
{
	return div_round((i128)a * b, NUM_SCALE, out);
}

int
num_div(num_t a, num_t b, num_t *out)
{
	return div_round((i128)a * NUM_SCALE, b, out);
}

int
num_muldiv(num_t a, num_t p, num_t q, num_t *out)
{
	return div_round((i128)a * p, q, out);
}

int
num_mul_int(num_t a, int64_t n, num_t *out)
{
	num_t r;

	if (__builtin_mul_overflow(a, n, &r) || r < NUM_MIN)
		return -1;
	*out = r;
	return 0;
}

/*
 * The rounding functions cannot report overflow, and rounding within one
 * unit of NUM_MAX may leave the range; such a result steps back one unit
 * toward zero (still a multiple of unit).  unit <= 0 returns a unchanged.
 */
static num_t
clamp_multiple(i128 q, num_t unit)
{
	i128 v = q * unit;

	if (v > NUM_MAX)
		v -= unit;
	else if (v < NUM_MIN)
		v += unit;
	return (num_t)v;
}

num_t
num_round_to(num_t a, num_t unit)
{
	i128 q, r;

	if (unit <= 0)
		return a;
	q = (i128)a / unit;
	r = (i128)a % unit;
	if (r < 0)
		r = -r;
	if (r >= unit - r)
		q += a < 0 ? -1 : 1;
	return clamp_multiple(q, unit);
}

num_t
num_floor_to(num_t a, num_t unit)
{
	i128 q;

	if (unit <= 0)
		return a;
	q = (i128)a / unit;
	if ((i128)a % unit < 0)
		q--;
	return clamp_multiple(q, unit);
}

num_t
num_ceil_to(num_t a, num_t unit)
{
	i128 q;

	if (unit <= 0)
		return a;
	q = (i128)a / unit;
	if ((i128)a % unit > 0)
		q++;
	return clamp_multiple(q, unit);
}

num_t
num_round(num_t a, int digits)
{
	if (digits < 0)
		digits = 0;
	if (digits > NUM_DIGITS)
		digits = NUM_DIGITS;
	return num_round_to(a, (num_t)pow10_tab[NUM_DIGITS - digits]);
}

/* INT64_MIN (not a num_t) saturates to NUM_MAX instead of overflowing. */
num_t
num_abs(num_t a)
{
	if (a == INT64_MIN)
		return NUM_MAX;
	return a < 0 ? -a : a;
}

int
num_cmp(num_t a, num_t b)
{
	return (a > b) - (a < b);
}

/*
 * Works on the unsigned magnitude, so even NUM_MAX rounded up prints
 * correctly (the result need not be a num_t, only text).
 */
char *
num_format(num_t a, int prec, char thousands, char *buf, size_t bufsize)
{
	char tmp[NUM_FMT_MAX], *p = tmp + sizeof(tmp);
	uint64_t mag, unit, ip, fp, r;
	int i, ndig = 0;
	size_t n;

	if (prec < 0)
		prec = 0;
	if (prec > NUM_DIGITS)
		prec = NUM_DIGITS;
	unit = pow10_tab[NUM_DIGITS - prec];
	mag = a < 0 ? -(uint64_t)a : (uint64_t)a;
	r = mag % unit;
	mag -= r;
	if (r >= unit - r)
		mag += unit;
	ip = mag / NUM_SCALE;
	fp = mag % NUM_SCALE / unit;
	*--p = '\0';
	for (i = 0; i < prec; i++) {
		*--p = (char)('0' + fp % 10);
		fp /= 10;
	}
	if (prec > 0)
		*--p = '.';
	do {
		if (thousands != 0 && ndig > 0 && ndig % 3 == 0)
			*--p = thousands;
		*--p = (char)('0' + ip % 10);
		ip /= 10;
		ndig++;
	} while (ip > 0);
	if (a < 0 && mag != 0)
		*--p = '-';
	if (bufsize > 0) {
		n = strlen(p);
		if (n >= bufsize)
			n = bufsize - 1;
		memcpy(buf, p, n);
		buf[n] = '\0';
	}
	return buf;
}

/*
 * A ratio such as 29 / 2000 * 100 is meant as 1.45 but computed as
 * 1.4500000000000002 or 1.4499999999999999.  Like Excel, take the double
 * to 15 significant digits first (%.14e, which is exact decimal
 * conversion), then round that decimal half away from zero to one
 * decimal with integer arithmetic: no epsilon, and 85.25 gives 85.3.
 * A non-finite value (which callers should not pass) prints as "".
 */
/*
 * The common case without snprintf: below 1e6, taking the value to 15
 * significant digits moves pct * 10 by less than 1e-7 (and computing it
 * by 1e-9), so only a value whose tenths end within 1e-6 of a half can
 * round differently than pct * 10 rounded half away from zero: those, and
 * larger values, take the exact path.  Returns 0 when it cannot decide.
 */
static int
pct_quick(double pct, char *out)
{
	double x = fabs(pct) * 10, fl, frac;
	uint64_t tenths, ip;
	char tmp[24], *p = tmp + sizeof(tmp);

	if (!(x < 1e7))
		return 0;
	fl = floor(x);
	frac = x - fl;
	if (frac > 0.5 - 1e-6 && frac < 0.5 + 1e-6)
		return 0;
	tenths = (uint64_t)fl + (frac > 0.5);
	*--p = '\0';
	*--p = (char)('0' + tenths % 10);
	*--p = '.';
	ip = tenths / 10;
	do {
		*--p = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip > 0);
	if (pct < 0 && tenths != 0)
		*--p = '-';
	memcpy(out, p, (size_t)(tmp + sizeof(tmp) - p));
	return 1;
}

char *
pct_format(double pct, char *buf, size_t bufsize)
{
	char e15[40], out[48];
	uint64_t d = 0, tenths;
	int exp10, k, neg = pct < 0;
	const char *p;
	size_t n;

	if (bufsize == 0)
		return buf;
	if (!isfinite(pct)) {
		buf[0] = '\0';
		return buf;
	}
	if (pct_quick(pct, out)) {
		n = strlen(out);
		if (n >= bufsize)
			n = bufsize - 1;
		memcpy(buf, out, n);
		buf[n] = '\0';
		return buf;
	}
	if (fabs(pct) >= 1e15) {
		/* No fraction bits left to misround. */
		snprintf(out, sizeof(out), "%.1f", pct);
	} else {
		snprintf(e15, sizeof(e15), "%.14e", fabs(pct));
		/* "d.dddddddddddddde[+-]XX": 15 digits D, value D * 10^(X-14). */
		for (p = e15; *p != 'e'; p++)
			if (is_digit(*p))
				d = d * 10 + (uint64_t)(*p - '0');
		exp10 = atoi(p + 1);
		/* tenths = D * 10^(X-13), rounded. */
		k = 13 - exp10;
		if (k <= 0) {
			tenths = d * pow10_tab[-k];	/* X <= 14, so k >= -1 */
		} else if (k > 15) {
			tenths = 0;
		} else {
			tenths = d / pow10_tab[k];
			if (d / pow10_tab[k - 1] % 10 >= 5)
				tenths++;
		}
		snprintf(out, sizeof(out), "%s%llu.%llu",
		    neg && tenths != 0 ? "-" : "",
		    (unsigned long long)(tenths / 10),
		    (unsigned long long)(tenths % 10));
	}
	if (strcmp(out, "-0.0") == 0)
		strcpy(out, "0.0");
	snprintf(buf, bufsize, "%s", out);
	return buf;
}

/* One part's place in the queue for the leftover units. */
struct share {
	uint64_t	frac_units;	/* share mod unit, the first key */
	u128		frac_rest;	/* then the remainder below that */
	int64_t		weight;
	size_t		index;
};

static int
share_cmp(const void *va, const void *vb)
{
	const struct share *a = va, *b = vb;

	if (a->frac_units != b->frac_units)
		return a->frac_units > b->frac_units ? -1 : 1;
	if (a->frac_rest != b->frac_rest)
		return a->frac_rest > b->frac_rest ? -1 : 1;
	if (a->weight != b->weight)
		return a->weight > b->weight ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/*
 * The exact share of part i in units is x / (W * unit) with x = T * w[i].
 * W * unit may not fit in 128 bits, so it is taken in two steps:
 * a = x / W (remainder rest), then a / unit (remainder units); the
 * fraction's order is that of (units, rest).  Each part gets the whole
 * units of its share; the k - sum leftover units (fewer than n) go to the
 * largest fractions; the odd remainder T mod unit goes to the largest
 * weight.
 */
static int
allocate(num_t total, const int64_t *w, size_t n, num_t unit, num_t *parts)
{
	struct share small[32], *sh;
	uint64_t t, k, left, sum = 0;
	i128 wsum = 0;
	size_t i, big = 0;

	if (n == 0 || unit <= 0 || total == INT64_MIN)
		return -1;
	for (i = 0; i < n; i++) {
		if (w[i] < 0)
			return -1;
		wsum += w[i];
		if (w[i] > w[big])
			big = i;
	}
	if (wsum == 0)
		return -1;
	t = total < 0 ? -(uint64_t)total : (uint64_t)total;
	k = t / (uint64_t)unit;
	sh = n <= sizeof(small) / sizeof(small[0]) ? small :
	    xreallocarray(NULL, n, sizeof(*sh));
	for (i = 0; i < n; i++) {
		u128 x = (u128)t * (u128)w[i];
		u128 a = x / (u128)wsum;
		uint64_t q = (uint64_t)(a / (u128)unit);

		sh[i].frac_units = (uint64_t)(a % (u128)unit);
		sh[i].frac_rest = x % (u128)wsum;
		sh[i].weight = w[i];
		sh[i].index = i;
		parts[i] = (num_t)(q * (uint64_t)unit);
		sum += q;
	}
	left = k - sum;
	if (left > 0) {
		qsort(sh, n, sizeof(*sh), share_cmp);
		for (i = 0; i < left; i++)
			parts[sh[i].index] += unit;
	}
	parts[big] += (num_t)(t % (uint64_t)unit);
	if (total < 0)
		for (i = 0; i < n; i++)
			parts[i] = -parts[i];
	if (sh != small)
		free(sh);
	return 0;
}

int
num_allocate(num_t total, const num_t *weights, size_t n, num_t unit,
    num_t *parts)
{
	return allocate(total, weights, n, unit, parts);
}

/*
 * Double weights are scaled by one power of two so the largest is in
 * [2^61, 2^62) and rounded to integers: exact for any weights within
 * 2^-9 of each other's magnitude, order-preserving always (equal doubles
 * stay equal, so ties still go by index).  A weight below 2^-62 of the
 * largest counts as zero.
 */
int
num_allocate_d(num_t total, const double *weights, size_t n, num_t unit,
    num_t *parts)
{
	int64_t small[32], *w;
	double max = 0;
	size_t i;
	int e, rc;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (!(weights[i] >= 0) || isinf(weights[i]))
			return -1;
		if (weights[i] > max)
			max = weights[i];
	}
	if (max == 0)
		return -1;
	frexp(max, &e);
	w = n <= sizeof(small) / sizeof(small[0]) ? small :
	    xreallocarray(NULL, n, sizeof(*w));
	for (i = 0; i < n; i++)
		w[i] = (int64_t)llround(ldexp(weights[i], 62 - e));
	rc = allocate(total, w, n, unit, parts);
	if (w != small)
		free(w);
	return rc;
}
