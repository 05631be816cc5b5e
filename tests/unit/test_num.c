/*
 * Unit tests for lib/num.c.  Every expected value below was worked out by
 * hand (the arithmetic is in the comments where it is not obvious); the
 * property tests check allocation sums and bounds with independent
 * __int128 / long double arithmetic.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "num.h"

#define N(x)	((num_t)(x))		/* a raw num_t: units of 0.0001 */
#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- num_parse ---------------------------------------------------- */

struct parse_case {
	const char	*in;
	char		 decimal;
	enum num_status	 st;
	num_t		 want;		/* when st == NUM_OK */
};

static const struct parse_case parse_cases[] = {
	/* Plain forms (the fast path). */
	{ "1234.56", '.', NUM_OK, N(12345600) },
	{ "-12", '.', NUM_OK, N(-120000) },
	{ "1234.5", '.', NUM_OK, N(12345000) },
	{ "+12", '.', NUM_OK, N(120000) },
	{ ".5", '.', NUM_OK, N(5000) },
	{ "5.", '.', NUM_OK, N(50000) },
	{ "0", '.', NUM_OK, N(0) },
	{ "-0", '.', NUM_OK, N(0) },
	{ "00012.30", '.', NUM_OK, N(123000) },
	{ "1234.5678", '.', NUM_OK, N(12345678) },
	{ "1234,5", ',', NUM_OK, N(12345000) },
	/* 14 integer digits: still the fast path. */
	{ "99999999999999.9999", '.', NUM_OK, N(999999999999999999) },
	/* 15 integer digits: the full parser. */
	{ "123456789012345", '.', NUM_OK, N(1234567890123450000) },
	/* Thousands separators, grouped by three. */
	{ "1,234.56", '.', NUM_OK, N(12345600) },
	{ "1,234,567.891", '.', NUM_OK, N(12345678910) },
	{ "1 234,56", ',', NUM_OK, N(12345600) },
	{ "1.234,56", ',', NUM_OK, N(12345600) },
	{ "1'234.56", '.', NUM_OK, N(12345600) },
	{ "1\xc2\xa0" "234,56", ',', NUM_OK, N(12345600) },
	{ "1\xe2\x80\xaf" "234\xe2\x80\xaf" "567,8", ',', NUM_OK,
	    N(12345678000) },
	{ "1\xe3\x80\x80" "234", '.', NUM_OK, N(12340000) },
	/* Currency marks before or after, signs either side of the mark. */
	{ "\xc2\xa5" "1,234", '.', NUM_OK, N(12340000) },		/* ¥ */
	{ "\xef\xbf\xa5" "1234.5", '.', NUM_OK, N(12345000) },	/* ￥ */
	{ "$1,000,000.00", '.', NUM_OK, N(10000000000) },
	{ "\xe2\x82\xac 12,50", ',', NUM_OK, N(125000) },		/* € */
	{ "1.234,56 \xe2\x82\xac", ',', NUM_OK, N(12345600) },
	{ "1 234 \xe2\x82\xac", ',', NUM_OK, N(12340000) },
	{ "\xc2\xa3" "3", '.', NUM_OK, N(30000) },			/* £ */
	{ "RMB 100", '.', NUM_OK, N(1000000) },
	{ "cny100", '.', NUM_OK, N(1000000) },
	{ "100 USD", '.', NUM_OK, N(1000000) },
	{ "Usd-5", '.', NUM_OK, N(-50000) },
	{ "-\xc2\xa5" "1", '.', NUM_OK, N(-10000) },			/* -¥1 */
	{ "\xc2\xa5-1", '.', NUM_OK, N(-10000) },			/* ¥-1 */
	{ "-\xef\xbf\xa5" "1", '.', NUM_OK, N(-10000) },		/* -￥1 */
	/* Accounting negatives. */
	{ "(1,234.56)", '.', NUM_OK, N(-12345600) },
	{ "( \xc2\xa5" "12 )", '.', NUM_OK, N(-120000) },
	{ "1234.56-", '.', NUM_OK, N(-12345600) },
	/* Percent: 12.5% = 0.125 = 1250 units. */
	{ "12.5%", '.', NUM_OK, N(1250) },
	{ "-12.5%", '.', NUM_OK, N(-1250) },
	{ "12 %", '.', NUM_OK, N(1200) },
	{ "12.5\xef\xbc\x85", '.', NUM_OK, N(1250) },		/* ％ */
	{ "1e3%", '.', NUM_OK, N(100000) },		/* 1000% = 10 */
	/* Exponents: 1.2E+06 = 1200000; 5e-3 = 0.005 = 50 units. */
	{ "1.2E+06", '.', NUM_OK, N(12000000000) },
	{ "5e-3", '.', NUM_OK, N(50) },
	{ "0.1e1", '.', NUM_OK, N(10000) },
	{ "1E0", '.', NUM_OK, N(10000) },
	/* 0.00001 rounds to 0.0000; 0.00005 is half a unit: away -> 0.0001. */
	{ "1e-5", '.', NUM_OK, N(0) },
	{ "5e-5", '.', NUM_OK, N(1) },
	{ "-5e-5", '.', NUM_OK, N(-1) },
	{ "0.00005", '.', NUM_OK, N(1) },
	/* 4.9999e-4 = 0.00049999 = 4.9999 units -> 5. */
	{ "4.9999e-4", '.', NUM_OK, N(5) },
	{ "1e-1000000000000000000000", '.', NUM_OK, N(0) },
	{ "0e999999999999999999999", '.', NUM_OK, N(0) },
	/* Rounding past four digits: only the fifth digit decides. */
	{ "1.23455", '.', NUM_OK, N(12346) },
	{ "-1.23455", '.', NUM_OK, N(-12346) },
	{ "1.23454999", '.', NUM_OK, N(12345) },
	/* Spaces around. */
	{ "  42  ", '.', NUM_OK, N(420000) },
	{ "\t7\r", '.', NUM_OK, N(70000) },
	{ "\xe3\x80\x80" "8\xe3\x80\x80", '.', NUM_OK, N(80000) },
	/* The range: NUM_MAX = 922337203685477.5807. */
	{ "922337203685477.5807", '.', NUM_OK, NUM_MAX },
	{ "-922337203685477.5807", '.', NUM_OK, NUM_MIN },
	{ "922337203685477.58074", '.', NUM_OK, NUM_MAX },
	{ "922337203685477.5808", '.', NUM_RANGE, 0 },
	{ "922337203685477.58075", '.', NUM_RANGE, 0 },	/* rounds up */
	{ "99999999999999999999", '.', NUM_RANGE, 0 },
	{ "1e15", '.', NUM_RANGE, 0 },
	{ "-1e300", '.', NUM_RANGE, 0 },
	{ "1e1000000000000000000000", '.', NUM_RANGE, 0 },
	/* Empty. */
	{ "", '.', NUM_EMPTY, 0 },
	{ "   ", '.', NUM_EMPTY, 0 },
	{ "\xe3\x80\x80", '.', NUM_EMPTY, 0 },
	/* Not numbers. */
	{ "-", '.', NUM_SYNTAX, 0 },
	{ ".", '.', NUM_SYNTAX, 0 },
	{ "1,2,3", '.', NUM_SYNTAX, 0 },	/* groups of one */
	{ "1,23", '.', NUM_SYNTAX, 0 },
	{ "1234,567", '.', NUM_SYNTAX, 0 },	/* first group of four */
	{ "1 23", '.', NUM_SYNTAX, 0 },
	{ "1,234 567", '.', NUM_SYNTAX, 0 },	/* mixed separators */
	{ "1.2.3", '.', NUM_SYNTAX, 0 },
	{ "1.5.", '.', NUM_SYNTAX, 0 },
	{ "12,3x", '.', NUM_SYNTAX, 0 },
	{ "1e", '.', NUM_SYNTAX, 0 },
	{ "1e+", '.', NUM_SYNTAX, 0 },
	{ "--1", '.', NUM_SYNTAX, 0 },
	{ "+-1", '.', NUM_SYNTAX, 0 },
	{ "-1-", '.', NUM_SYNTAX, 0 },
	{ "(1", '.', NUM_SYNTAX, 0 },
	{ "1)", '.', NUM_SYNTAX, 0 },
	{ "(-1)", '.', NUM_SYNTAX, 0 },
	{ "-(1)", '.', NUM_SYNTAX, 0 },
	{ "(1)-", '.', NUM_SYNTAX, 0 },
	{ "$$1", '.', NUM_SYNTAX, 0 },
	{ "\xc2\xa5" "1\xe2\x82\xac", '.', NUM_SYNTAX, 0 },	/* ¥1€ */
	{ "1-2", '.', NUM_SYNTAX, 0 },
	{ "1%%", '.', NUM_SYNTAX, 0 },
	{ "%5", '.', NUM_SYNTAX, 0 },
	{ "NaN", '.', NUM_SYNTAX, 0 },
	{ "inf", '.', NUM_SYNTAX, 0 },
	{ "0x10", '.', NUM_SYNTAX, 0 },
	{ "abc", '.', NUM_SYNTAX, 0 },
	/* With decimal ',' the '.' groups, so these are bad. */
	{ "1,234.56", ',', NUM_SYNTAX, 0 },
	{ "1.23", ',', NUM_SYNTAX, 0 },
};

static void
test_parse_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(parse_cases); i++) {
		const struct parse_case *c = &parse_cases[i];
		num_t got = INT64_C(-7777);
		enum num_status st;

		st = num_parse(c->in, strlen(c->in), c->decimal, &got);
		if (st != c->st)
			fail_msg("parse \"%s\" (decimal '%c'): status %d, want %d",
			    c->in, c->decimal, (int)st, (int)c->st);
		if (st == NUM_OK && got != c->want)
			fail_msg("parse \"%s\": got %lld, want %lld", c->in,
			    (long long)got, (long long)c->want);
	}
}

/* len bounds the input: the bytes after it are never looked at. */
static void
test_parse_len(void **state)
{
	num_t v;

	(void)state;
	assert_int_equal(num_parse("12345", 3, '.', &v), NUM_OK);
	assert_true(v == N(1230000));
	assert_int_equal(num_parse("1.5xyz", 3, '.', &v), NUM_OK);
	assert_true(v == N(15000));
	assert_int_equal(num_parse("1,234", 3, '.', &v), NUM_SYNTAX);
	assert_int_equal(num_parse("(1)", 2, '.', &v), NUM_SYNTAX);
	assert_int_equal(num_parse("\xc2\xa5" "1", 1, '.', &v), NUM_SYNTAX);
}

/*
 * Every prefix of tricky inputs, copied into a buffer of exactly that
 * size: under ASan an overread is a crash.
 */
static void
test_parse_no_overread(void **state)
{
	static const char *const in[] = {
		"1\xe2\x80\xaf" "234,5", "\xef\xbf\xa5-1", "(1,234.56)",
		"1.2E+06", "\xe3\x80\x80" "1 234 \xe2\x82\xac", "12.5\xef\xbc\x85",
		"RMB 12", "1234.56-", "1e-999",
	};
	size_t i, n;
	num_t v;

	(void)state;
	for (i = 0; i < ARRAY_LEN(in); i++) {
		for (n = 0; n <= strlen(in[i]); n++) {
			char *b = malloc(n ? n : 1);

			assert_non_null(b);
			memcpy(b, in[i], n);
			(void)num_parse(b, n, ',', &v);
			(void)num_parse(b, n, '.', &v);
			free(b);
		}
	}
}

static uint64_t rng_state;

static uint64_t
rng(void)
{
	/* xorshift64*, fixed seed: the same cases every run. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * UINT64_C(2685821657736338717);
}

/* Random plain numbers: the fast and the full parser must agree with
 * the value built from the digits. */
static void
test_parse_fast_vs_full(void **state)
{
	char s[64], t[66];
	int i, j, ni, nf;

	(void)state;
	rng_state = 12345;
	for (i = 0; i < 20000; i++) {
		int64_t ip = 0, fp = 0;
		num_t a, b, want;
		size_t len = 0;
		int neg = rng() % 2;

		ni = (int)(rng() % 15);
		nf = (int)(rng() % 5);
		if (ni + nf == 0)
			ni = 1;
		if (neg)
			s[len++] = '-';
		for (j = 0; j < ni; j++) {
			int d = (int)(rng() % 10);

			s[len++] = (char)('0' + d);
			ip = ip * 10 + d;
		}
		if (nf > 0 || rng() % 2) {
			s[len++] = '.';
			for (j = 0; j < nf; j++) {
				int d = (int)(rng() % 10);

				s[len++] = (char)('0' + d);
				fp = fp * 10 + d;
			}
		}
		for (j = nf; j < NUM_DIGITS; j++)
			fp *= 10;
		want = ip * NUM_SCALE + fp;
		if (neg)
			want = -want;
		t[0] = ' ';
		memcpy(t + 1, s, len);
		assert_int_equal(num_parse(s, len, '.', &a), NUM_OK);
		assert_int_equal(num_parse(t, len + 1, '.', &b), NUM_OK);
		if (a != want || b != want)
			fail_msg("\"%.*s\": fast %lld, full %lld, want %lld",
			    (int)len, s, (long long)a, (long long)b,
			    (long long)want);
	}
}

/* num_format output parses back to the same value, in both decimal
 * conventions and with every thousands separator. */
static void
test_format_parse_roundtrip(void **state)
{
	static const char seps[] = { 0, ',', ' ', '\'' };
	char buf[NUM_FMT_MAX];
	int i;

	(void)state;
	rng_state = 99;
	for (i = 0; i < 20000; i++) {
		num_t a = (num_t)(rng() >> (1 + rng() % 63)), b;
		char sep = seps[rng() % ARRAY_LEN(seps)];
		size_t j;

		if (rng() % 2)
			a = -a;
		num_format(a, NUM_DIGITS, sep, buf, sizeof(buf));
		assert_int_equal(num_parse(buf, strlen(buf), '.', &b), NUM_OK);
		if (b != a)
			fail_msg("\"%s\" parsed as %lld", buf, (long long)b);
		/* The same text in the decimal-comma convention. */
		for (j = 0; buf[j] != '\0'; j++)
			if (buf[j] == '.')
				buf[j] = ',';
			else if (buf[j] == ',')
				buf[j] = '.';
		assert_int_equal(num_parse(buf, strlen(buf), ',', &b), NUM_OK);
		if (b != a)
			fail_msg("\"%s\" (decimal ',') parsed as %lld", buf,
			    (long long)b);
	}
}

/* ---- conversions and arithmetic ----------------------------------- */

struct d_case {
	double	in;
	int	rc;
	num_t	want;
};

static void
test_from_double(void **state)
{
	/*
	 * Exact binary values (from Python's Decimal(x)):
	 * 0.15 = 0.149999999999999994..., x 10^4 = 1499.99999... -> 1500;
	 * 0.00015 = 0.000149999999999999986... -> 1.49999... -> 1;
	 * 0.03125 is exact: 312.5 units, a true tie -> 313 (away);
	 * 1.00005 = 1.0000500000000001055... -> 10000.5000...01 -> 10001;
	 * NUM_MAX as a double is 922337203685477.625 -> out of range.
	 */
	static const struct d_case cases[] = {
		{ 1.0, 0, N(10000) },
		{ 0.15, 0, N(1500) },
		{ 0.00015, 0, N(1) },
		{ 0.03125, 0, N(313) },
		{ -0.03125, 0, N(-313) },
		{ 1.00005, 0, N(10001) },
		{ 0.0, 0, N(0) },
		{ -1e-20, 0, N(0) },
		{ 922337203685477.0, 0, N(9223372036854770000) },
		{ 922337203685477.5807, -1, 0 },
		{ 1e300, -1, 0 },
	};
	size_t i;
	num_t v;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		v = INT64_C(-7777);
		assert_int_equal(num_from_double(cases[i].in, &v), cases[i].rc);
		if (cases[i].rc == 0 && v != cases[i].want)
			fail_msg("from_double(%.17g): got %lld, want %lld",
			    cases[i].in, (long long)v, (long long)cases[i].want);
	}
	assert_int_equal(num_from_double(NAN, &v), -1);
	assert_int_equal(num_from_double(INFINITY, &v), -1);
	assert_int_equal(num_from_double(-INFINITY, &v), -1);
	assert_true(num_to_double(N(12345)) == 1.2345);
	assert_true(num_to_double(N(-5000)) == -0.5);
}

enum op { ADD, SUB, MUL, DIV, MULINT };

struct arith_case {
	enum op	op;
	num_t	a, b;
	int	rc;
	num_t	want;
};

static void
test_arith(void **state)
{
	static const struct arith_case cases[] = {
		{ ADD, N(15000), N(22500), 0, N(37500) },	/* 1.5+2.25 */
		{ ADD, NUM_MAX, N(1), -1, 0 },
		{ ADD, NUM_MAX, NUM_MIN, 0, N(0) },
		{ ADD, NUM_MIN, N(-1), -1, 0 },		/* INT64_MIN: no num */
		{ ADD, NUM_MIN, NUM_MIN, -1, 0 },
		{ SUB, NUM_MIN, N(1), -1, 0 },
		{ SUB, N(0), NUM_MAX, 0, NUM_MIN },
		{ SUB, NUM_MAX, N(-1), -1, 0 },
		{ SUB, N(10000), N(25000), 0, N(-15000) },
		/* 1.5 * 1.5 = 2.25 */
		{ MUL, N(15000), N(15000), 0, N(22500) },
		/* 3 * 1.1 = 3.3 */
		{ MUL, N(30000), N(11000), 0, N(33000) },
		/* 0.0001 * 0.5 = 0.00005: half a unit, away -> +-0.0001 */
		{ MUL, N(1), N(5000), 0, N(1) },
		{ MUL, N(-1), N(5000), 0, N(-1) },
		{ MUL, N(1), N(-5000), 0, N(-1) },
		{ MUL, N(-1), N(-5000), 0, N(1) },
		/* 0.0001 * 0.4999 = 0.00004999 -> 0 */
		{ MUL, N(1), N(4999), 0, N(0) },
		{ MUL, NUM_MAX, N(10000), 0, NUM_MAX },
		{ MUL, NUM_MAX, N(10001), -1, 0 },
		/* 1e8 * 1e8 = 1e16 > 9.2e14 */
		{ MUL, N(1000000000000), N(1000000000000), -1, 0 },
		/* 1 / 3 = 0.33333 -> 0.3333; 2 / 3 = 0.66667 -> 0.6667 */
		{ DIV, N(10000), N(30000), 0, N(3333) },
		{ DIV, N(20000), N(30000), 0, N(6667) },
		{ DIV, N(-20000), N(30000), 0, N(-6667) },
		{ DIV, N(20000), N(-30000), 0, N(-6667) },
		{ DIV, N(10000), N(0), -1, 0 },
		/* 0.0001 / 2 = 0.00005 -> away */
		{ DIV, N(1), N(20000), 0, N(1) },
		{ DIV, N(-1), N(20000), 0, N(-1) },
		{ DIV, N(1), N(-20000), 0, N(-1) },
		{ DIV, NUM_MAX, N(5000), -1, 0 },		/* / 0.5 */
		{ DIV, NUM_MAX, N(10000), 0, NUM_MAX },
		{ MULINT, N(25000), 3, 0, N(75000) },
		{ MULINT, NUM_MAX, 2, -1, 0 },
		{ MULINT, NUM_MAX, -1, 0, NUM_MIN },
		{ MULINT, N(-5), -3, 0, N(15) },
	};
	size_t i;
	num_t v;
	int rc = 0;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		const struct arith_case *c = &cases[i];

		v = INT64_C(-7777);
		switch (c->op) {
		case ADD:
			rc = num_add(c->a, c->b, &v);
			break;
		case SUB:
			rc = num_sub(c->a, c->b, &v);
			break;
		case MUL:
			rc = num_mul(c->a, c->b, &v);
			break;
		case DIV:
			rc = num_div(c->a, c->b, &v);
			break;
		case MULINT:
			rc = num_mul_int(c->a, c->b, &v);
			break;
		}
		if (rc != c->rc || (rc == 0 && v != c->want))
			fail_msg("case %zu (op %d %lld %lld): rc %d got %lld, "
			    "want rc %d %lld", i, (int)c->op, (long long)c->a,
			    (long long)c->b, rc, (long long)v, c->rc,
			    (long long)c->want);
	}
}

struct muldiv_case {
	num_t	a, p, q;
	int	rc;
	num_t	want;
};

static void
test_muldiv(void **state)
{
	static const struct muldiv_case cases[] = {
		/* 0.0001 * 1 / 2: half a unit, away from zero, all signs. */
		{ N(1), N(1), N(2), 0, N(1) },
		{ N(-1), N(1), N(2), 0, N(-1) },
		{ N(1), N(-1), N(2), 0, N(-1) },
		{ N(1), N(1), N(-2), 0, N(-1) },
		{ N(-1), N(-1), N(2), 0, N(1) },
		{ N(-1), N(1), N(-2), 0, N(1) },
		/* 0.0003 * 1 / 2 = 0.00015 -> 0.0002; -> -0.0002 */
		{ N(3), N(1), N(2), 0, N(2) },
		{ N(-3), N(1), N(2), 0, N(-2) },
		/* 0.0001 * 1 / 3 = 0.0000333 -> 0 */
		{ N(1), N(1), N(3), 0, N(0) },
		/* 100.00 * 1 / 3 = 33.333333 -> 33.3333 */
		{ N(1000000), N(1), N(3), 0, N(333333) },
		/* 100.00 * 2 / 3 = 66.66666 -> 66.6667 */
		{ N(1000000), N(2), N(3), 0, N(666667) },
		/* The product exceeds 64 bits, the result does not. */
		{ NUM_MAX, NUM_MAX, NUM_MAX, 0, NUM_MAX },
		{ NUM_MAX, N(3), N(4), 0, N(6917529027641081855) },
		{ NUM_MAX, N(2), N(1), -1, 0 },
		{ N(1), N(1), N(0), -1, 0 },
		{ N(5), N(2), INT64_MIN, 0, N(0) },
	};
	size_t i;
	num_t v;
	int rc;

	(void)state;
	/* NUM_MAX * 3 / 4 = 6917529027641081855.25 -> ...855 */
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		const struct muldiv_case *c = &cases[i];

		v = INT64_C(-7777);
		rc = num_muldiv(c->a, c->p, c->q, &v);
		if (rc != c->rc || (rc == 0 && v != c->want))
			fail_msg("muldiv case %zu: rc %d got %lld want %lld",
			    i, rc, (long long)v, (long long)c->want);
	}
}

enum rop { ROUND, ROUND_TO, FLOOR_TO, CEIL_TO };

struct round_case {
	enum rop op;
	num_t	 a;
	int64_t	 arg;		/* digits or unit */
	num_t	 want;
};

static void
test_round(void **state)
{
	static const struct round_case cases[] = {
		{ ROUND, N(12345), 3, N(12350) },	/* 1.2345 -> 1.235 */
		{ ROUND, N(-12345), 3, N(-12350) },
		{ ROUND, N(12344), 3, N(12340) },
		{ ROUND, N(5000), 0, N(10000) },	/* 0.5 -> 1 */
		{ ROUND, N(-5000), 0, N(-10000) },
		{ ROUND, N(14999), 0, N(10000) },
		{ ROUND, N(25000), 0, N(30000) },	/* not to even */
		{ ROUND, N(-25000), 0, N(-30000) },
		{ ROUND, N(12345), 4, N(12345) },
		{ ROUND, N(12345), 2, N(12300) },	/* 1.2345 -> 1.23 */
		{ ROUND, N(12350), 2, N(12400) },
		/* 922337203685477.5807 -> ...478 is out of range: ...477 */
		{ ROUND, NUM_MAX, 0, N(9223372036854770000) },
		{ ROUND, NUM_MIN, 0, N(-9223372036854770000) },
		/* multiples of 5: 7.5 is a tie -> 10, -7.5 -> -10 */
		{ ROUND_TO, N(75000), 50000, N(100000) },
		{ ROUND_TO, N(-75000), 50000, N(-100000) },
		{ ROUND_TO, N(74999), 50000, N(50000) },
		{ ROUND_TO, N(12), 100, N(0) },	/* 0.0012 to 0.01 */
		{ ROUND_TO, N(50), 100, N(100) },
		{ ROUND_TO, N(-50), 100, N(-100) },
		{ FLOOR_TO, N(75000), 50000, N(50000) },
		{ FLOOR_TO, N(-75000), 50000, N(-100000) },
		{ FLOOR_TO, N(100000), 50000, N(100000) },
		{ FLOOR_TO, N(-1), 10000, N(-10000) },
		{ CEIL_TO, N(75000), 50000, N(100000) },
		{ CEIL_TO, N(-75000), 50000, N(-50000) },
		{ CEIL_TO, N(-100000), 50000, N(-100000) },
		{ CEIL_TO, N(1), 10000, N(10000) },
		/* ceil(NUM_MAX) to 1 would be ...478.0000: steps back */
		{ CEIL_TO, NUM_MAX, 10000, N(9223372036854770000) },
		{ FLOOR_TO, NUM_MIN, 10000, N(-9223372036854770000) },
		/* unit <= 0: unchanged */
		{ ROUND_TO, N(123), 0, N(123) },
	};
	size_t i;
	num_t v = 0;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		const struct round_case *c = &cases[i];

		switch (c->op) {
		case ROUND:
			v = num_round(c->a, (int)c->arg);
			break;
		case ROUND_TO:
			v = num_round_to(c->a, c->arg);
			break;
		case FLOOR_TO:
			v = num_floor_to(c->a, c->arg);
			break;
		case CEIL_TO:
			v = num_ceil_to(c->a, c->arg);
			break;
		}
		if (v != c->want)
			fail_msg("round case %zu (op %d, %lld, %lld): got %lld, "
			    "want %lld", i, (int)c->op, (long long)c->a,
			    (long long)c->arg, (long long)v, (long long)c->want);
	}
	assert_true(num_abs(N(-5)) == N(5));
	assert_true(num_abs(N(5)) == N(5));
	assert_true(num_abs(NUM_MIN) == NUM_MAX);
	assert_true(num_abs(INT64_MIN) == NUM_MAX);
	assert_int_equal(num_cmp(N(1), N(2)), -1);
	assert_int_equal(num_cmp(N(2), N(1)), 1);
	assert_int_equal(num_cmp(NUM_MIN, NUM_MIN), 0);
}

/* ---- formatting --------------------------------------------------- */

struct fmt_case {
	num_t		 a;
	int		 prec;
	char		 thousands;
	const char	*want;
};

static void
test_format(void **state)
{
	static const struct fmt_case cases[] = {
		{ N(12345600), 2, 0, "1234.56" },
		{ N(12345600), 2, ',', "1,234.56" },
		{ N(-12345000), 2, ',', "-1,234.50" },
		{ N(-12345000), 2, ' ', "-1 234.50" },
		/* -0.0049 rounds to zero: unsigned */
		{ N(-49), 2, 0, "0.00" },
		/* -0.005 -> -0.01 (away) */
		{ N(-50), 2, 0, "-0.01" },
		{ N(50), 2, 0, "0.01" },
		{ N(0), 0, 0, "0" },
		{ N(15000), 0, 0, "2" },
		{ N(-15000), 0, 0, "-2" },
		{ N(-4999), 0, 0, "0" },
		{ N(1), 4, 0, "0.0001" },
		{ N(-1), 4, 0, "-0.0001" },
		{ N(-1), 3, 0, "0.000" },
		{ N(10000000000), 0, ',', "1,000,000" },
		{ N(1000000), 0, ',', "100" },
		{ N(10000000), 0, ',', "1,000" },
		/* 999.9999 -> 1000.00: the carry reaches a new group */
		{ N(9999999), 2, ',', "1,000.00" },
		{ NUM_MAX, 4, ',', "922,337,203,685,477.5807" },
		{ NUM_MIN, 2, 0, "-922337203685477.58" },
		{ NUM_MAX, 0, 0, "922337203685478" },
		{ N(12345), 1, 0, "1.2" },
		{ N(12500), 1, 0, "1.3" },
	};
	char buf[NUM_FMT_MAX], small[5];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		const struct fmt_case *c = &cases[i];

		num_format(c->a, c->prec, c->thousands, buf, sizeof(buf));
		if (strcmp(buf, c->want) != 0)
			fail_msg("format(%lld, %d): got \"%s\", want \"%s\"",
			    (long long)c->a, c->prec, buf, c->want);
	}
	/* Truncated like snprintf, always terminated. */
	assert_string_equal(num_format(N(12345600), 2, 0, small,
	    sizeof(small)), "1234");
}

struct pct_case {
	double		 in;
	const char	*want;
};

static void
test_pct_format(void **state)
{
	/*
	 * The binary values (Python's Decimal): 85.25 is exact -> 85.3;
	 * 1.45 is 1.44999999999999995559 and 29/2000*100 is
	 * 1.45000000000000017764, both meant as 1.45 -> "1.5" after the
	 * 15-significant-digit step; 12345678.95 is 12345678.94999999925
	 * -> 12345678.9500000 -> "12345679.0".  0.15*100 is exactly 15.
	 */
	static const struct pct_case cases[] = {
		{ 85.25, "85.3" },
		{ -85.25, "-85.3" },
		{ 85.24999, "85.2" },
		{ 1.45, "1.5" },
		{ 12345678.95, "12345679.0" },
		{ 0.0, "0.0" },
		{ -0.0, "0.0" },
		{ -0.04, "0.0" },
		{ -0.05, "-0.1" },
		{ 0.05, "0.1" },
		{ 100.0, "100.0" },
		{ 99.95, "100.0" },
		{ 1e-20, "0.0" },
		{ 2.675, "2.7" },
		{ 1e16, "10000000000000000.0" },
		{ NAN, "" },
	};
	char buf[64];
	size_t i;
	volatile double a = 29, b = 2000, c = 0.15;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		pct_format(cases[i].in, buf, sizeof(buf));
		if (strcmp(buf, cases[i].want) != 0)
			fail_msg("pct_format(%.17g): got \"%s\", want \"%s\"",
			    cases[i].in, buf, cases[i].want);
	}
	assert_string_equal(pct_format(a / b * 100, buf, sizeof(buf)), "1.5");
	assert_string_equal(pct_format(c * 100, buf, sizeof(buf)), "15.0");
}

/* ---- allocation --------------------------------------------------- */

struct alloc_case {
	const char	*name;
	num_t		 total;
	num_t		 unit;
	size_t		 n;
	num_t		 w[4];
	num_t		 want[4];
};

static void
test_allocate_cases(void **state)
{
	static const struct alloc_case cases[] = {
		/*
		 * 100.00 over 1,1,1 by 0.01: 10000 cents, shares 3333.33
		 * each; floors 3333 x 3 = 9999, one cent left; the fractions
		 * and weights tie, so the earliest index gets it.
		 */
		{ "thirds", N(1000000), N(100), 3, { 1, 1, 1 },
		    { N(333400), N(333300), N(333300) } },
		{ "thirds negative", N(-1000000), N(100), 3, { 1, 1, 1 },
		    { N(-333400), N(-333300), N(-333300) } },
		/*
		 * 10 over 1,1,1 by 3: 10 = 3 x 3 + 1, so 3 whole units and an
		 * odd remainder of 1.  Shares in units: 10/3/3 = 1.11 each,
		 * floors 1,1,1 = 3, nothing left; parts 3,3,3.  The odd 1
		 * goes to the largest weight, first on ties: index 0 -> 4,3,3.
		 */
		{ "odd remainder", N(100000), N(30000), 3, { 1, 1, 1 },
		    { N(40000), N(30000), N(30000) } },
		/*
		 * 10 over 1,1,2 by 3: shares in units 10*w/(4*3) = 0.833,
		 * 0.833, 1.667; floors 0,0,1 = 1 of 3, two left: fractions
		 * .833,.833,.667 -> indexes 0 and 1 get one each -> 3,3,3;
		 * the odd 1 goes to the largest weight (index 2) -> 3,3,4.
		 */
		{ "odd to largest", N(100000), N(30000), 3, { 1, 1, 2 },
		    { N(30000), N(30000), N(40000) } },
		/*
		 * 10 over 2,1,2 by 3: shares 1.333, 0.667, 1.333 units;
		 * floors 1,0,1 = 2, one left -> index 1 (.667) -> 3,3,3;
		 * the odd 1 to the first largest weight (index 0) -> 4,3,3.
		 */
		{ "odd largest tie", N(100000), N(30000), 3, { 2, 1, 2 },
		    { N(40000), N(30000), N(30000) } },
		/* 1.00 over 1,2 by 0.01: 33.33 and 66.67 cents -> 33, 67. */
		{ "largest remainder", N(10000), N(100), 2, { 1, 2 },
		    { N(3300), N(6700) } },
		/*
		 * 0.02 over 1,3 by 0.01: shares 0.5 and 1.5 cents, floors
		 * 0 and 1, one left; fractions tie at .5, the larger weight
		 * (index 1) wins -> 0.00, 0.02.
		 */
		{ "tie to larger weight", N(200), N(100), 2, { 1, 3 },
		    { N(0), N(200) } },
		/* 1.00 over 0,1,1: a zero weight gets nothing. */
		{ "zero weight", N(10000), N(100), 3, { 0, 1, 1 },
		    { N(0), N(5000), N(5000) } },
		/*
		 * 1.01 over 0,1,1 by 0.01: 50.5 cents each, floors 50+50,
		 * one left, full tie -> earlier index 1 -> 0, 0.51, 0.50.
		 */
		{ "zero weight tie", N(10100), N(100), 3, { 0, 1, 1 },
		    { N(0), N(5100), N(5000) } },
		/* 0.0005 over 1,1 by 0.0001: 2.5 each -> 3, 2. */
		{ "smallest unit", N(5), N(1), 2, { 1, 1 }, { N(3), N(2) } },
		/* 7 over 1 by 5: one part takes 5 and the odd 2. */
		{ "single", N(70000), N(50000), 1, { 3 }, { N(70000) } },
		/*
		 * NUM_MAX over NUM_MAX,NUM_MAX by 0.0001: NUM_MAX is odd, so
		 * halves are (NUM_MAX-1)/2 + .5 -> the first gets the unit.
		 */
		{ "huge", NUM_MAX, N(1), 2, { NUM_MAX, NUM_MAX },
		    { NUM_MAX / 2 + 1, NUM_MAX / 2 } },
	};
	num_t parts[4];
	size_t i, j;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		const struct alloc_case *c = &cases[i];

		assert_int_equal(num_allocate(c->total, c->w, c->n, c->unit,
		    parts), 0);
		for (j = 0; j < c->n; j++)
			if (parts[j] != c->want[j])
				fail_msg("%s: part %zu is %lld, want %lld",
				    c->name, j, (long long)parts[j],
				    (long long)c->want[j]);
	}
}

static void
test_allocate_errors(void **state)
{
	static const num_t zero[3] = { 0, 0, 0 }, negw[2] = { 1, -1 },
	    one[1] = { 1 };
	static const double dzero[2] = { 0, 0 }, dneg[2] = { 1, -0.5 },
	    dnan[2] = { 1, NAN }, dinf[2] = { 1, INFINITY };
	num_t parts[3];

	(void)state;
	assert_int_equal(num_allocate(N(100), zero, 3, N(1), parts), -1);
	assert_int_equal(num_allocate(N(100), negw, 2, N(1), parts), -1);
	assert_int_equal(num_allocate(N(100), one, 0, N(1), parts), -1);
	assert_int_equal(num_allocate(N(100), one, 1, N(0), parts), -1);
	assert_int_equal(num_allocate(N(100), one, 1, N(-1), parts), -1);
	assert_int_equal(num_allocate_d(N(100), dzero, 2, N(1), parts), -1);
	assert_int_equal(num_allocate_d(N(100), dneg, 2, N(1), parts), -1);
	assert_int_equal(num_allocate_d(N(100), dnan, 2, N(1), parts), -1);
	assert_int_equal(num_allocate_d(N(100), dinf, 2, N(1), parts), -1);
}

static void
test_allocate_d_cases(void **state)
{
	/*
	 * 100.00 by 0.01 over 0.2, 0.3, 0.5: the binary 0.2 and 0.3 are
	 * 0.2000000000000000111 and 0.2999999999999999889 (sum exactly
	 * 0.5), so the shares are 2000.000..01, 2999.999..9 and 5000
	 * cents: floors 2000+2999+5000, one left to index 1 -> 20,30,50.
	 */
	static const double w1[3] = { 0.2, 0.3, 0.5 };
	static const double w2[3] = { 1.0, 1.0, 1.0 };
	/* Month shares as percentages work the same as fractions. */
	static const double w3[3] = { 20, 30, 50 };
	num_t parts[3];

	(void)state;
	assert_int_equal(num_allocate_d(N(1000000), w1, 3, N(100), parts), 0);
	assert_true(parts[0] == N(200000) && parts[1] == N(300000) &&
	    parts[2] == N(500000));
	assert_int_equal(num_allocate_d(N(1000000), w3, 3, N(100), parts), 0);
	assert_true(parts[0] == N(200000) && parts[1] == N(300000) &&
	    parts[2] == N(500000));
	/* As "odd remainder" above: 10 by 3 -> 4,3,3. */
	assert_int_equal(num_allocate_d(N(100000), w2, 3, N(30000), parts), 0);
	assert_true(parts[0] == N(40000) && parts[1] == N(30000) &&
	    parts[2] == N(30000));
}

static num_t
random_unit(void)
{
	static const num_t units[] = {
		N(1), N(100), N(10000), N(30000), N(50000), N(1000000),
		N(70001),
	};

	if (rng() % 4 == 0)
		return (num_t)(rng() % 5000000) + 1;
	return units[rng() % ARRAY_LEN(units)];
}

/*
 * Generated cases, checked with exact __int128 arithmetic: the parts sum
 * to the total; each part but the odd-remainder one (the first largest
 * weight) is a multiple of unit within one unit of its exact share
 * total * w / W, i.e. |part * W - total * w| < unit * W; that part is
 * within one unit plus the odd remainder.  Weights < 2^40 and totals
 * < 2^62 keep every product below 2^110.
 */
static void
test_allocate_property(void **state)
{
	num_t w[24], parts[24];
	int iter;

	(void)state;
	rng_state = 20251127;
	for (iter = 0; iter < 20000; iter++) {
		size_t n = (size_t)(rng() % 24) + 1, i, big = 0;
		num_t unit = random_unit(), total, odd;
		__int128 W = 0, sum = 0;
		int shift = (int)(rng() % 62);

		total = (num_t)(rng() >> (2 + shift));
		if (rng() % 2)
			total = -total;
		for (i = 0; i < n; i++) {
			w[i] = rng() % 3 == 0 ? 0 :
			    (num_t)(rng() >> (24 + rng() % 40));
			W += w[i];
			if (w[i] > w[big])
				big = i;
		}
		if (W == 0) {
			w[0] = 1;
			W = 1;
			big = 0;
		}
		assert_int_equal(num_allocate(total, w, n, unit, parts), 0);
		odd = total % unit;		/* sign of total */
		for (i = 0; i < n; i++) {
			__int128 dev = (__int128)parts[i] * W -
			    (__int128)total * w[i];
			__int128 lim = (__int128)unit * W;
			num_t p = parts[i];

			sum += parts[i];
			if (i == big) {
				p -= odd;
				lim += (__int128)(odd < 0 ? -odd : odd) * W;
			}
			if (p % unit != 0)
				fail_msg("iter %d: part %zu = %lld not a multiple "
				    "of %lld", iter, i, (long long)parts[i],
				    (long long)unit);
			if (dev >= lim || -dev >= lim)
				fail_msg("iter %d: part %zu = %lld too far from "
				    "its share", iter, i, (long long)parts[i]);
			if (w[i] == 0 && parts[i] != 0)
				fail_msg("iter %d: zero weight got %lld", iter,
				    (long long)parts[i]);
			if ((total < 0 && parts[i] > 0) ||
			    (total > 0 && parts[i] < 0))
				fail_msg("iter %d: part %zu has the wrong sign",
				    iter, i);
		}
		if (sum != total)
			fail_msg("iter %d: parts sum to %lld, total %lld", iter,
			    (long long)sum, (long long)total);
	}
}

/* The same for double weights, checked in long double (totals < 2^40
 * units keep its error far below the one-unit bound). */
static void
test_allocate_d_property(void **state)
{
	double w[16];
	num_t parts[16];
	int iter;

	(void)state;
	rng_state = 777;
	for (iter = 0; iter < 20000; iter++) {
		size_t n = (size_t)(rng() % 16) + 1, i, big = 0;
		num_t unit = random_unit(), total, odd;
		long double W = 0, sum = 0;

		total = (num_t)(rng() >> (24 + rng() % 40));
		if (rng() % 2)
			total = -total;
		for (i = 0; i < n; i++) {
			w[i] = rng() % 4 == 0 ? 0 :
			    (double)(rng() >> 11) / 9007199254740992.0 *
			    pow(10, (double)(rng() % 7) - 3);
			W += w[i];
			if (w[i] > w[big])
				big = i;
		}
		if (W == 0) {
			w[0] = 0.5;
			W = 0.5;
			big = 0;
		}
		assert_int_equal(num_allocate_d(total, w, n, unit, parts), 0);
		odd = total % unit;
		for (i = 0; i < n; i++) {
			long double share = (long double)total * w[i] / W;
			long double lim = (long double)unit + 1e-6L;
			long double dev = (long double)parts[i] - share;

			sum += parts[i];
			if (i == big)
				lim += odd < 0 ? -odd : odd;
			if (dev >= lim || -dev >= lim)
				fail_msg("iter %d: part %zu = %lld, share %Lf",
				    iter, i, (long long)parts[i], share);
		}
		if (sum != (long double)total)
			fail_msg("iter %d: parts do not sum to %lld", iter,
			    (long long)total);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_parse_len),
		cmocka_unit_test(test_parse_no_overread),
		cmocka_unit_test(test_parse_fast_vs_full),
		cmocka_unit_test(test_format_parse_roundtrip),
		cmocka_unit_test(test_from_double),
		cmocka_unit_test(test_arith),
		cmocka_unit_test(test_muldiv),
		cmocka_unit_test(test_round),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_pct_format),
		cmocka_unit_test(test_allocate_cases),
		cmocka_unit_test(test_allocate_errors),
		cmocka_unit_test(test_allocate_d_cases),
		cmocka_unit_test(test_allocate_property),
		cmocka_unit_test(test_allocate_d_property),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
