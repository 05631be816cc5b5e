/*
 * split: the arithmetic of tgt-split (capped allocation, funnel,
 * rebalance, seasonality).  Nothing here exits: errors are status codes.
 * The row layer is in splitrows.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
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

/* ----- seasonality ----- */

#define SEASON_MAX_SLOTS 372	/* days: 12 months of 31 */

struct season_year {
	int	 year;
	num_t	*v;		/* nslots sums */
};

/* How far the history of one year goes, over every key. */
struct season_end {
	int	 year;
	day_t	 last;
};

/* The history of one key tuple (its cells are in the season's map). */
struct season_key {
	struct season_year *years;
	size_t		 nyears;
};

struct season {
	enum gran	 g;
	struct fiscal	 fy;
	size_t		 nkeys;
	int		 nslots;
	struct keymap	 map;		/* key tuple -> index in keys */
	struct season_key *keys;
	size_t		 cap;
	struct season_end *ends;	/* the last day of each year */
	size_t		 nends;
};

static int
slots_of(enum gran g)
{
	switch (g) {
	case G_DAY:
		return SEASON_MAX_SLOTS;
	case G_WEEK:
		return 53;
	case G_MONTH:
		return 12;
	case G_QUARTER:
		return 4;
	case G_HALF:
		return 2;
	default:
		return 0;
	}
}

int
season_slot(day_t day, enum gran g, const struct fiscal *fy)
{
	int y, m, d, fm;

	date_to_ymd(day, &y, &m, &d);
	fm = (m - (fy != NULL ? fy->start_month : 1) + 12) % 12;
	switch (g) {
	case G_DAY:
		return 31 * (m - 1) + d - 1;
	case G_WEEK:
		date_iso_week(day, &y, &d);
		return d - 1;
	case G_MONTH:
		return m - 1;
	case G_QUARTER:
		return fm / 3;
	case G_HALF:
		return fm / 6;
	default:
		return -1;
	}
}

/* The year a day's slot belongs to: the ISO year for weeks, else the
 * (fiscal) year, as the day number of its first day. */
static int
season_year_of(const struct season *s, day_t day)
{
	int y, w;

	if (s->g == G_WEEK) {
		date_iso_week(day, &y, &w);
		return y;
	}
	return (int)period_of(day, G_YEAR, &s->fy).start;
}

struct season *
season_new(enum gran g, const struct fiscal *fy, size_t nkeys)
{
	struct season *s = xcalloc(1, sizeof(*s));

	s->g = g;
	s->fy = fy != NULL ? *fy : FISCAL_CALENDAR;
	s->nkeys = nkeys;
	s->nslots = slots_of(g);
	keymap_init(&s->map, nkeys);
	return s;
}

void
season_free(struct season *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->map.count; i++) {
		struct season_key *k = &s->keys[i];

		for (size_t j = 0; j < k->nyears; j++)
			free(k->years[j].v);
		free(k->years);
	}
	keymap_free(&s->map);
	free(s->keys);
	free(s->ends);
	free(s);
}

size_t
season_nkeys(const struct season *s)
{
	return s->nkeys;
}

static struct season_key *
season_key_get(struct season *s, const char *const *cells)
{
	long found = keymap_find(&s->map, cells, NULL);
	size_t i;

	if (found >= 0)
		return &s->keys[found];
	/* Room first: the map counts the key only once it is added. */
	if (s->map.count == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;

		s->keys = xreallocarray(s->keys, cap, sizeof(*s->keys));
		s->cap = cap;
	}
	i = keymap_add(&s->map, cells, NULL, NULL);
	memset(&s->keys[i], 0, sizeof(s->keys[i]));
	return &s->keys[i];
}

static num_t *
season_year_get(struct season *s, struct season_key *k, int year)
{
	for (size_t i = 0; i < k->nyears; i++)
		if (k->years[i].year == year)
			return k->years[i].v;
	k->years = xreallocarray(k->years, k->nyears + 1, sizeof(*k->years));
	k->years[k->nyears].year = year;
	k->years[k->nyears].v = xcalloc((size_t)s->nslots, sizeof(num_t));
	return k->years[k->nyears++].v;
}

/* The place of day's slot in its (fiscal) year: 0 for the first. */
static int
slot_pos(const struct season *s, day_t day)
{
	int y, m, d, fm;

	if (s->g != G_MONTH && s->g != G_DAY)
		return season_slot(day, s->g, &s->fy);
	date_to_ymd(day, &y, &m, &d);
	fm = (m - s->fy.start_month + 12) % 12;
	return s->g == G_MONTH ? fm : 31 * fm + d - 1;
}

bool
season_drop_partial(struct season *s, day_t *last)
{
	size_t latest = 0;
	int ref = -1;

	if (s->nends < 2)
		return false;	/* one year: nothing to compare it with */
	for (size_t i = 1; i < s->nends; i++)
		if (s->ends[i].year > s->ends[latest].year)
			latest = i;
	for (size_t i = 0; i < s->nends; i++) {
		int pos = slot_pos(s, s->ends[i].last);

		if (i != latest && pos > ref)
			ref = pos;
	}
	if (slot_pos(s, s->ends[latest].last) >= ref)
		return false;
	*last = s->ends[latest].last;
	for (size_t i = 0; i < s->map.count; i++) {
		struct season_key *k = &s->keys[i];

		for (size_t j = 0; j < k->nyears; j++) {
			if (k->years[j].year != s->ends[latest].year)
				continue;
			free(k->years[j].v);
			k->years[j] = k->years[--k->nyears];
			break;
		}
	}
	return true;
}

static const char *
longer_than(enum gran g)
{
	switch (g) {
	case G_DAY:
		return "longer than a day";
	case G_WEEK:
		return "not within one ISO week";
	case G_MONTH:
		return "longer than a month";
	case G_QUARTER:
		return "longer than a quarter";
	default:
		return "longer than a half year";
	}
}

/* Remember that the history of year reaches day. */
static void
note_end(struct season *s, int year, day_t day)
{
	size_t i;

	for (i = 0; i < s->nends; i++)
		if (s->ends[i].year == year)
			break;
	if (i == s->nends) {
		s->ends = xreallocarray(s->ends, s->nends + 1,
		    sizeof(*s->ends));
		s->ends[s->nends++] = (struct season_end){ year, day };
	}
	if (day > s->ends[i].last)
		s->ends[i].last = day;
}

const char *
season_add(struct season *s, const char *const *keys,
    const struct period *when, num_t value)
{
	struct period slot = period_of(when->start, s->g, &s->fy);
	struct season_key *k;
	num_t *v;
	int i;

	if (!period_within(when, &slot))
		return longer_than(s->g);
	k = season_key_get(s, keys);
	v = season_year_get(s, k, season_year_of(s, when->start));
	i = season_slot(when->start, s->g, &s->fy);
	if (num_add(v[i], value, &v[i]) != 0)
		return "sum out of range";
	note_end(s, season_year_of(s, when->start), when->end);
	return NULL;
}

/* Whether key number k matches keys (a wildcard cell matches all). */
static bool
keys_match(const struct season *s, size_t k, const char *const *keys)
{
	if (keys == NULL)
		return true;
	for (size_t i = 0; i < s->nkeys; i++) {
		const char *c = keys[i];

		if (c[0] == '\0' || strcmp(c, "*") == 0)
			continue;
		if (strcmp(c, keymap_cell(&s->map, k, i)) != 0)
			return false;
	}
	return true;
}

/*
 * When keys has no wildcard, the number of its entry (the key count when there is
 * none), found through the hash index; else (size_t)-1: scan them all.
 */
static size_t
exact_key(const struct season *s, const char *const *keys)
{
	long k;

	if (keys == NULL || s->nkeys == 0)
		return (size_t)-1;
	for (size_t i = 0; i < s->nkeys; i++)
		if (keys[i][0] == '\0' || strcmp(keys[i], "*") == 0)
			return (size_t)-1;
	k = keymap_find(&s->map, keys, NULL);
	return k < 0 ? s->map.count : (size_t)k;
}

/*
 * The average normalised share of each slot over the years of the
 * matching keys.  Returns the number of years with a positive total.
 */
static int
season_shares(const struct season *s, const char *const *keys, double *share)
{
	struct season_year *ys = NULL;
	size_t ny = 0;
	int used = 0;

	size_t only = exact_key(s, keys);

	for (size_t i = 0; i < s->map.count; i++) {
		const struct season_key *k = &s->keys[i];

		if (only != (size_t)-1 && i != only)
			continue;	/* one key: found by its hash */
		if (only == (size_t)-1 && !keys_match(s, i, keys))
			continue;
		for (size_t j = 0; j < k->nyears; j++) {
			size_t y;

			for (y = 0; y < ny; y++)
				if (ys[y].year == k->years[j].year)
					break;
			if (y == ny) {
				ys = xreallocarray(ys, ny + 1, sizeof(*ys));
				ys[ny].year = k->years[j].year;
				ys[ny++].v = xcalloc((size_t)s->nslots,
				    sizeof(num_t));
			}
			for (int t = 0; t < s->nslots; t++)
				ys[y].v[t] += k->years[j].v[t];
		}
	}
	for (int t = 0; t < s->nslots; t++)
		share[t] = 0;
	for (size_t y = 0; y < ny; y++) {
		double total = 0;

		for (int t = 0; t < s->nslots; t++)
			total += (double)ys[y].v[t];
		if (total > 0) {
			for (int t = 0; t < s->nslots; t++)
				share[t] += (double)ys[y].v[t] / total;
			used++;
		}
		free(ys[y].v);
	}
	free(ys);
	for (int t = 0; t < s->nslots && used > 0; t++)
		share[t] /= used;
	return used;
}

int
season_weights(const struct season *s, const char *const *keys,
    const struct period *p, size_t n, double *w)
{
	double share[SEASON_MAX_SLOTS];
	bool any = false;

	if (season_shares(s, keys, share) == 0)
		return SPLIT_ZERO;
	for (size_t i = 0; i < n; i++) {
		w[i] = 0;
		/* Slot by slot: the overlapping days' part of each share. */
		for (day_t d = p[i].start; d <= p[i].end;) {
			struct period sp = period_of(d, s->g, &s->fy);
			int t = season_slot(d, s->g, &s->fy);
			day_t end = sp.end < p[i].end ? sp.end : p[i].end;

			w[i] += share[t] * (double)(end - d + 1) /
			    (double)period_days(&sp);
			d = end + 1;
		}
		if (w[i] < 0)
			return SPLIT_NEGATIVE;
		if (w[i] > 0)
			any = true;
	}
	return any ? SPLIT_OK : SPLIT_ZERO;
}
