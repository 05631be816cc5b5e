/*
 * num: exact fixed-point decimals for money and quantities.
 *
 * A num_t is an integer count of 1/10000 (NUM_SCALE): four fractional
 * digits, range about +-922 trillion.  Every operation that can overflow
 * reports it (returns -1) instead of wrapping.  Rounding is half away from
 * zero everywhere (Excel's ROUND).  Ratios (percentages, paces) are doubles
 * computed from nums; amounts never go through a double on the way to an
 * amount except in num_from_double(), which rounds once.
 */
#ifndef TGT_NUM_H
#define TGT_NUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t num_t;

#define NUM_DIGITS	4
#define NUM_SCALE	INT64_C(10000)
#define NUM_MAX		INT64_MAX
#define NUM_MIN		(-INT64_MAX)	/* symmetric: negation never overflows */

/* Result codes of num_parse(). */
enum num_status {
	NUM_OK = 0,
	NUM_EMPTY,	/* nothing but spaces (the caller decides what empty means) */
	NUM_SYNTAX,	/* not a number */
	NUM_RANGE	/* a number, but too large for num_t */
};

/*
 * Parse s[0..len) (need not be NUL-terminated) into *out.  decimal is the
 * decimal mark, '.' or ','; the other of the two is then a thousands
 * separator, as are spaces, U+00A0, U+202F and "'".  Accepted forms (DESIGN.md
 * "Numbers"): 1234.5, -1234.5, +12, 1,234.56, 1 234,56, 1.234,56 (decimal
 * ','), currency marks before or after (¥ ￥ $ € £ RMB CNY USD, any case for
 * the letters), a minus before or after the mark (-¥1, ¥-1), (1,234.56) and
 * 1234.56- as negatives, 12.5% = 0.125, exponents (1.2E+06, 5e-3), .5 and 5.
 * Digits past NUM_DIGITS are rounded half away from zero.  Thousands
 * separators must group by three.  Never reads past len.
 */
enum num_status num_parse(const char *s, size_t len, char decimal, num_t *out);

/* Whole units and conversions. */
#define NUM_FROM_INT(i)	((num_t)(i) * NUM_SCALE)
/* Returns -1 on overflow or a non-finite d; rounds half away from zero. */
int	num_from_double(double d, num_t *out);
double	num_to_double(num_t a);

/* Checked arithmetic: 0 on success, -1 on overflow (then *out is unset). */
int	num_add(num_t a, num_t b, num_t *out);
int	num_sub(num_t a, num_t b, num_t *out);
/* a * b, product rounded to NUM_DIGITS. */
int	num_mul(num_t a, num_t b, num_t *out);
/* a / b rounded to NUM_DIGITS; -1 also when b == 0. */
int	num_div(num_t a, num_t b, num_t *out);
/* a * p / q exactly, rounded once to NUM_DIGITS; -1 when q == 0 or on
 * overflow.  The way to scale an amount by a ratio of two amounts. */
int	num_muldiv(num_t a, num_t p, num_t q, num_t *out);
/* a * n for an integer n (e.g. a count). */
int	num_mul_int(num_t a, int64_t n, num_t *out);

/* Round to `digits` decimals (0..NUM_DIGITS), half away from zero. */
num_t	num_round(num_t a, int digits);
/* Round to a multiple of unit (> 0): half away from zero / toward -inf / +inf. */
num_t	num_round_to(num_t a, num_t unit);
num_t	num_floor_to(num_t a, num_t unit);
num_t	num_ceil_to(num_t a, num_t unit);
num_t	num_abs(num_t a);
int	num_cmp(num_t a, num_t b);

/*
 * Format a rounded to prec decimals (0..NUM_DIGITS) as plain text:
 * "-1234.50".  Never "-0.00": a value that rounds to zero prints unsigned.
 * thousands, when not 0, is inserted between groups of three integer digits
 * (',' gives "1,234.50").  Writes at most bufsize bytes including the NUL;
 * returns buf.  NUM_FMT_MAX bytes are always enough.
 */
#define NUM_FMT_MAX 48
char	*num_format(num_t a, int prec, char thousands, char *buf, size_t bufsize);

/* A double formatted with one decimal for _pct columns ("85.3"), rounded
 * half away from zero, "-0.0" printed as "0.0".  Returns buf. */
char	*pct_format(double pct, char *buf, size_t bufsize);

/*
 * Largest-remainder allocation: split total into n parts proportional to
 * weights (>= 0, not all zero), each part a multiple of unit (> 0), the parts
 * summing exactly to total.  When total is not a multiple of unit, the part
 * with the largest weight (first on ties) also takes the odd remainder
 * (DESIGN.md "--round UNIT").  Ties in remainders go to the larger weight,
 * then to the earlier index, so results are deterministic.  Every part is
 * within one unit of its exact share (plus the odd remainder for the largest).
 * Negative totals allocate symmetrically.
 * Returns 0, or -1 when all weights are zero, a weight is negative, or on
 * overflow.
 */
int	num_allocate(num_t total, const num_t *weights, size_t n, num_t unit,
	    num_t *parts);
/* The same with double weights (shares learned from history). */
int	num_allocate_d(num_t total, const double *weights, size_t n, num_t unit,
	    num_t *parts);

#endif
