/*
 * split: the arithmetic of tgt-split (capped allocation, funnel,
 * rebalance).  Nothing here exits: errors are status codes.  Seasonality
 * is season.c; the row layer is sets.c, members.c, timesplit.c,
 * rebalance.c and output.c; run.c is the command's main path.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "split.h"
#include "util.h"

const char *
split_strerror(int status)
{
	switch (status) {
	case SPLIT_OK:
		return "no error";
	case SPLIT_ZERO:
		return "all weights are zero";
	case SPLIT_NEGATIVE:
		return "a weight is negative";
	case SPLIT_MIN:
		return "--min times the members exceeds the total";
	case SPLIT_MAX:
		return "--max times the members is less than the total";
	case SPLIT_PARAM:
		return "a funnel parameter is out of range";
	default:
		return "number out of range";
	}
}

/* ----- capped allocation ----- */

enum { FREE, LOW, HIGH };

static double
weight_at(const num_t *wn, const double *wd, size_t i)
{
	return wn != NULL ? (double)wn[i] : wd[i];
}

/* The sum of clamp(lambda * w, lo, hi): nondecreasing in lambda. */
static long double
capped_sum(long double lambda, const num_t *wn, const double *wd, size_t n,
    long double lo, long double hi)
{
	long double sum = 0;

	for (size_t i = 0; i < n; i++) {
		long double v = lambda * weight_at(wn, wd, i);

		sum += v < lo ? lo : v > hi ? hi : v;
	}
	return sum;
}

/*
 * Find lambda by bisection and classify each member as at its lower bound,
 * at its upper bound or free.  The classification is then checked exactly
 * by alloc_free(); a member misplaced by rounding in the bisection sits on
 * its bound, so moving it there changes nothing but the last unit.
 */
static void
classify(num_t total, const num_t *wn, const double *wd, size_t n,
    num_t lo, num_t hi, unsigned char *state)
{
	long double t = (long double)total, l = lo, h = hi;
	long double wmin = 0, a = 0, b, top;

	for (size_t i = 0; i < n; i++) {
		double w = weight_at(wn, wd, i);

		if (w > 0 && (wmin == 0 || w < wmin))
			wmin = w;
	}
	top = hi != NUM_MAX && h > t ? h : t;
	if (top < 1)
		top = 1;
	b = top / wmin;
	for (int i = 0; i < 200; i++) {
		long double mid = (a + b) / 2;

		if (capped_sum(mid, wn, wd, n, l, h) < t)
			a = mid;
		else
			b = mid;
	}
	for (size_t i = 0; i < n; i++) {
		long double v = b * weight_at(wn, wd, i);

		state[i] = v <= l ? LOW : v >= h ? HIGH : FREE;
	}
}

static int
plain_alloc(num_t total, const num_t *wn, const double *wd, size_t n,
    num_t unit, num_t *parts)
{
	int r = wn != NULL ? num_allocate(total, wn, n, unit, parts) :
	    num_allocate_d(total, wd, n, unit, parts);

	return r == 0 ? SPLIT_OK : SPLIT_RANGE;
}

/*
 * Give the capped members their bound and split the rest over the free
 * ones.  Returns SPLIT_OK, or -1 after moving a free member that fell
 * outside its bounds to that bound (the caller runs it again).
 */
static int
alloc_free(num_t total, const num_t *wn, const double *wd, size_t n,
    num_t unit, num_t lo, num_t hi, unsigned char *state, num_t *parts)
{
	num_t rest = total, *fw = NULL, *fp;
	double *fd = NULL;
	size_t nfree = 0, k;
	bool anyw = false;
	int r;

	for (size_t i = 0; i < n; i++) {
		if (state[i] == FREE) {
			nfree++;
			if (weight_at(wn, wd, i) > 0)
				anyw = true;
			continue;
		}
		parts[i] = state[i] == LOW ? lo : hi;
		if (num_sub(rest, parts[i], &rest) != 0)
			return SPLIT_RANGE;
	}
	if (!anyw) {
		if (rest != 0)
			return rest > 0 ? SPLIT_MAX : SPLIT_MIN;
		for (size_t i = 0; i < n; i++)
			if (state[i] == FREE)
				parts[i] = 0;
		return SPLIT_OK;
	}
	if (wn != NULL)
		fw = xcalloc(nfree, sizeof(*fw));
	else
		fd = xcalloc(nfree, sizeof(*fd));
	fp = xcalloc(nfree, sizeof(*fp));
	k = 0;
	for (size_t i = 0; i < n; i++) {
		if (state[i] != FREE)
			continue;
		if (fw != NULL)
			fw[k++] = wn[i];
		else
			fd[k++] = wd[i];
	}
	r = plain_alloc(rest, fw, fd, nfree, unit, fp);
	k = 0;
	for (size_t i = 0; i < n && r == SPLIT_OK; i++) {
		if (state[i] != FREE)
			continue;
		parts[i] = fp[k++];
		if (parts[i] < lo || parts[i] > hi) {
			state[i] = parts[i] < lo ? LOW : HIGH;
			r = -1;
		}
	}
	free(fw);
	free(fd);
	free(fp);
	return r;
}

static int
check_weights(const num_t *wn, const double *wd, size_t n, size_t *npos)
{
	*npos = 0;
	for (size_t i = 0; i < n; i++) {
		double w = weight_at(wn, wd, i);

		if (w < 0 || w != w)
			return SPLIT_NEGATIVE;
		if (w > 0)
			(*npos)++;
	}
	return *npos == 0 ? SPLIT_ZERO : SPLIT_OK;
}

/* Whether n members between lo and hi can hold total (zero-weight
 * members stay at max(lo, 0) clamped to hi). */
static int
caps_feasible(num_t total, size_t n, size_t npos, num_t lo, num_t hi,
    bool has_min, bool has_max)
{
	num_t least, most, zero_part;

	if (has_min) {
		/* An overflow is beyond any total, one way or the other. */
		if (num_mul_int(lo, (int64_t)n, &least) != 0 ? lo > 0 :
		    least > total)
			return SPLIT_MIN;
	} else if (total < 0) {
		return SPLIT_RANGE;
	}
	if (!has_max)
		return SPLIT_OK;
	zero_part = has_min ? lo : 0;
	if (zero_part > hi)
		zero_part = hi;
	if (num_mul_int(hi, (int64_t)npos, &most) != 0)
		return SPLIT_OK;	/* more than any total */
	if (num_mul_int(zero_part, (int64_t)(n - npos), &zero_part) != 0 ||
	    num_add(most, zero_part, &most) != 0)
		return SPLIT_OK;
	return most < total ? SPLIT_MAX : SPLIT_OK;
}

int
split_alloc(num_t total, const num_t *wn, const double *wd, size_t n,
    num_t unit, const struct split_caps *caps, num_t *parts)
{
	unsigned char *state;
	size_t npos;
	num_t lo, hi;
	int r;

	if (n == 0)
		return SPLIT_ZERO;
	if ((r = check_weights(wn, wd, n, &npos)) != SPLIT_OK)
		return r;
	if (caps == NULL || (!caps->has_min && !caps->has_max))
		return plain_alloc(total, wn, wd, n, unit, parts);
	lo = caps->has_min ? num_ceil_to(caps->min, unit) : NUM_MIN;
	hi = caps->has_max ? num_floor_to(caps->max, unit) : NUM_MAX;
	if (lo > hi)
		return SPLIT_RANGE;
	r = caps_feasible(total, n, npos, lo, hi, caps->has_min,
	    caps->has_max);
	if (r != SPLIT_OK)
		return r;
	state = xmalloc(n);
	classify(total, wn, wd, n, lo, hi, state);
	/* Each retry caps one more member, so n + 1 rounds are enough. */
	r = -1;
	for (size_t round = 0; round <= n && r == -1; round++)
		r = alloc_free(total, wn, wd, n, unit, lo, hi, state, parts);
	free(state);
	return r == -1 ? SPLIT_RANGE : r;
}

/* ----- funnel ----- */

/* ceil(a * m / b) for a >= 0, m > 0, b > 0, or -1 on overflow. */
static int
ceil_muldiv(int64_t a, int64_t m, int64_t b, int64_t *out)
{
	__int128 p = (__int128)a * m;
	__int128 q = p / b;

	if (p % b != 0)
		q++;
	if (q > INT64_MAX)
		return -1;
	*out = (int64_t)q;
	return 0;
}

int
split_funnel(num_t target, num_t deal_size, num_t win_rate,
    num_t lead_rate, int64_t *deals, int64_t *opps, int64_t *leads)
{
	if (deal_size <= 0 || win_rate <= 0 || win_rate > NUM_SCALE ||
	    lead_rate <= 0 || lead_rate > NUM_SCALE)
		return SPLIT_PARAM;
	*deals = *opps = *leads = 0;
	if (target <= 0)
		return SPLIT_OK;
	if (ceil_muldiv(target, 1, deal_size, deals) != 0 ||
	    ceil_muldiv(*deals, NUM_SCALE, win_rate, opps) != 0 ||
	    ceil_muldiv(*opps, NUM_SCALE, lead_rate, leads) != 0)
		return SPLIT_RANGE;
	return SPLIT_OK;
}

/* ----- rebalance ----- */

int
split_rebalance(num_t parent, const num_t *orig, const num_t *actual,
    const bool *closed, size_t n, num_t unit, num_t *out, bool *over)
{
	num_t gap = parent, *w, *p;
	size_t nopen = 0, k;
	int r;

	*over = false;
	for (size_t i = 0; i < n; i++) {
		if (!closed[i]) {
			nopen++;
			continue;
		}
		out[i] = actual[i];
		if (num_sub(gap, actual[i], &gap) != 0)
			return SPLIT_RANGE;
	}
	if (nopen == 0)
		return SPLIT_OK;	/* the parent is over: nothing to place */
	if (gap < 0) {
		*over = true;
		gap = 0;
	}
	w = xcalloc(nopen, sizeof(*w));
	p = xcalloc(nopen, sizeof(*p));
	k = 0;
	for (size_t i = 0; i < n; i++)
		if (!closed[i])
			w[k++] = orig[i];
	if (gap == 0) {
		r = SPLIT_OK;
		for (size_t i = 0; i < nopen; i++)
			if (w[i] < 0)
				r = SPLIT_NEGATIVE;
	} else {
		r = split_alloc(gap, w, NULL, nopen, unit, NULL, p);
	}
	k = 0;
	for (size_t i = 0; i < n && r == SPLIT_OK; i++)
		if (!closed[i])
			out[i] = p[k++];
	free(w);
	free(p);
	return r;
}

