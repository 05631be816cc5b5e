/*
 * funnelcalc: the arithmetic of tgt-funnel; see funnelcalc.h.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>

#include "funnelcalc.h"
#include "num.h"

/* a / b rounded half away from zero, b > 0, a >= 0. */
static __int128
div_round(__int128 a, __int128 b)
{
	return (2 * a + b) / (2 * b);
}

/* ceil(a / b), b > 0, a >= 0. */
static __int128
div_ceil(__int128 a, __int128 b)
{
	return (a + b - 1) / b;
}

int64_t
funnel_pct(int64_t num, int64_t den)
{
	if (den <= 0 || num < 0)
		return FUNNEL_NONE;
	return (int64_t)div_round((__int128)num * 1000, den);
}

void
funnel_counts(const int64_t *reached, size_t n, int64_t *count)
{
	int64_t sum = 0;

	for (size_t s = n; s-- > 0;) {
		sum += reached[s];
		count[s] = sum;
	}
}

size_t
funnel_bottleneck(const int64_t *conv, const int64_t *bench, size_t n)
{
	size_t best = n;
	int64_t worst = 0;

	for (size_t s = 1; s < n; s++) {
		if (conv[s] == FUNNEL_NONE || bench[s] == FUNNEL_NONE)
			continue;
		if (conv[s] - bench[s] < worst) {
			worst = conv[s] - bench[s];
			best = s;
		}
	}
	return best;
}

int64_t
funnel_avg_tenths(int64_t sum, int64_t n)
{
	__int128 a = (__int128)sum * 10;

	if (n <= 0)
		return FUNNEL_NONE;
	if (a < 0)
		return -(int64_t)div_round(-a, n);
	return (int64_t)div_round(a, n);
}

int
funnel_avg_amount(num_t sum, int64_t n, int prec, num_t *out)
{
	__int128 unit = 1, q;
	bool neg = sum < 0;

	if (n <= 0 || prec < 0 || prec > NUM_DIGITS)
		return -1;
	for (int i = prec; i < NUM_DIGITS; i++)
		unit *= 10;
	/* Round sum / n to a multiple of unit, once. */
	q = div_round(neg ? -(__int128)sum : (__int128)sum, (__int128)n * unit);
	q *= unit;
	*out = (num_t)(neg ? -q : q);
	return 0;
}

int
funnel_deals(num_t target, int64_t won, num_t won_amount, int64_t *w)
{
	__int128 d;

	if (won <= 0 || won_amount <= 0)
		return -1;
	if (target <= 0) {
		*w = 0;
		return 0;
	}
	d = div_ceil((__int128)target * won, won_amount);
	if (d > INT64_MAX)
		return -2;
	*w = (int64_t)d;
	return 0;
}

int64_t
funnel_needed(int64_t w, int64_t count_s, int64_t count_won)
{
	__int128 d;

	if (count_won <= 0)
		return -1;
	d = div_ceil((__int128)w * count_s, count_won);
	if (d > INT64_MAX)
		return -2;
	return (int64_t)d;
}

char *
funnel_tenths_format(int64_t t, char *buf, size_t bufsize)
{
	uint64_t a;

	if (t == FUNNEL_NONE) {
		snprintf(buf, bufsize, "%s", "");
		return buf;
	}
	a = t < 0 ? (uint64_t)0 - (uint64_t)t : (uint64_t)t;
	snprintf(buf, bufsize, "%s%" PRIu64 ".%" PRIu64, t < 0 ? "-" : "",
	    a / 10, a % 10);
	return buf;
}
