/*
 * season: seasonality learned from history (tgt-split --seasonality):
 * sums per key tuple, year and slot, each year normalised before the
 * years are averaged.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "split.h"
#include "util.h"

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
 * When keys has no wildcard, the number of its entry (the key count when
 * there is none), found through the map; else (size_t)-1: scan them all.
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

void
season_load(struct season *s, const struct table *h, int dc, int vc,
    const int *hk, const struct tgt_conf *conf)
{
	size_t nk = season_nkeys(s);
	const char **keys = xcalloc(nk + 1, sizeof(*keys));

	for (size_t i = 0; i < h->nrows; i++) {
		const char *d = h->rows[i][dc], *v = h->rows[i][vc], *why;
		struct period p;
		num_t x;

		if ((why = period_parse(d, strlen(d), &conf->fy,
		    conf->date_order, &p)) != NULL) {
			if (date_parse(d, strlen(d), conf->date_order,
			    &p.start) != NULL)
				die_at(h->file, h->lines[i], "column \"%s\": "
				    "cannot read \"%s\" as a date or period: %s",
				    h->cols[dc], d, why);
			p.end = p.start;
			p.gran = G_DAY;
		}
		switch (num_parse(v, strlen(v), conf->decimal, &x)) {
		case NUM_OK:
			break;
		case NUM_EMPTY:
			die_at(h->file, h->lines[i], "column \"%s\": empty cell",
			    h->cols[vc]);
		default:
			die_at(h->file, h->lines[i], "column \"%s\": cannot "
			    "read \"%s\" as a number", h->cols[vc], v);
		}
		for (size_t j = 0; j < nk; j++) {
			size_t len = strlen(h->rows[i][hk[j]]);
			const char *c = trim_span(h->rows[i][hk[j]], &len);

			keys[j] = xstrndup(c, len);
		}
		if ((why = season_add(s, keys, &p, x)) != NULL)
			die_at(h->file, h->lines[i], "column \"%s\": \"%s\" is "
			    "%s", h->cols[dc], d, why);
		for (size_t j = 0; j < nk; j++)
			free((char *)keys[j]);
	}
	free(keys);
}

