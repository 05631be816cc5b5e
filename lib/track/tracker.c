/*
 * tracker: the targets of a run, the streaming of the actuals into their
 * accumulators, and the output rows (lib/track.h).  The numbers of a row
 * are lib/track.c; the lookup of the targets an actual counts toward is
 * lib/match.c.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvsplit.h"
#include "track.h"
#include "util.h"

static bool
same_period(const struct period *a, const struct period *b)
{
	return a->start == b->start && a->end == b->end;
}

/*
 * A row that is not a target row: a no_target row or a --rollup subtotal.
 * A cell with s == NULL is a wildcard (written "*").
 */
struct agg {
	struct match_key *cells;	/* owned, as are the strings */
	struct period	 per;
	uint64_t	 hash;
	num_t		 target;
	num_t		 expected;
	bool		 has_target;
	struct track_acc acc;
};

/* Aggs in first-seen order, found by (cells, period). */
struct aggmap {
	size_t		 nkeys;
	struct agg	*a;
	size_t		 n;
	size_t		 cap;
	uint32_t	*slots;		/* agg + 1, 0 = empty */
	size_t		 nslots;
};

static uint64_t
agg_hash(const struct match_key *cells, size_t nkeys, const struct period *p)
{
	uint64_t h = ((uint64_t)(uint32_t)p->start << 32) ^ (uint32_t)p->end;

	h *= UINT64_C(0x9E3779B97F4A7C15);
	for (size_t i = 0; i < nkeys; i++) {
		uint64_t c = cells[i].s ? match_hash(cells[i].s, cells[i].len) :
		    UINT64_C(0x5bd1e995);

		h = (h ^ c) * UINT64_C(0xFF51AFD7ED558CCD);
		h ^= h >> 31;
	}
	return h;
}

static bool
agg_equal(const struct agg *a, const struct match_key *cells, size_t nkeys,
    const struct period *p)
{
	if (!same_period(&a->per, p))
		return false;
	for (size_t i = 0; i < nkeys; i++) {
		if ((a->cells[i].s == NULL) != (cells[i].s == NULL) ||
		    a->cells[i].len != cells[i].len)
			return false;
		if (cells[i].s != NULL &&
		    memcmp(a->cells[i].s, cells[i].s, cells[i].len) != 0)
			return false;
	}
	return true;
}

static void
aggmap_rehash(struct aggmap *map)
{
	free(map->slots);
	map->nslots = map->nslots ? map->nslots * 2 : 64;
	map->slots = xcalloc(map->nslots, sizeof(*map->slots));
	for (size_t k = 0; k < map->n; k++) {
		size_t s = map->a[k].hash & (map->nslots - 1);

		while (map->slots[s] != 0)
			s = (s + 1) & (map->nslots - 1);
		map->slots[s] = (uint32_t)k + 1;
	}
}

/* The agg of (cells, p), created (empty, cells copied) when new. */
static struct agg *
aggmap_get(struct aggmap *map, const struct match_key *cells,
    const struct period *p)
{
	uint64_t h = agg_hash(cells, map->nkeys, p);
	size_t s;
	struct agg *a;

	if (2 * (map->n + 1) > map->nslots)
		aggmap_rehash(map);
	for (s = h & (map->nslots - 1); map->slots[s] != 0;
	    s = (s + 1) & (map->nslots - 1)) {
		a = &map->a[map->slots[s] - 1];
		if (a->hash == h && agg_equal(a, cells, map->nkeys, p))
			return a;
	}
	if (map->n >= UINT32_MAX - 1)
		die("too many rows");
	if (map->n == map->cap) {
		map->cap = map->cap ? map->cap * 2 : 16;
		map->a = xreallocarray(map->a, map->cap, sizeof(*map->a));
	}
	a = &map->a[map->n];
	memset(a, 0, sizeof(*a));
	a->cells = xcalloc(map->nkeys ? map->nkeys : 1, sizeof(*a->cells));
	for (size_t i = 0; i < map->nkeys; i++) {
		a->cells[i].len = cells[i].len;
		a->cells[i].s = cells[i].s ?
		    xstrndup(cells[i].s, cells[i].len) : NULL;
	}
	a->per = *p;
	a->hash = h;
	a->acc.last = TRACK_NO_DAY;
	map->slots[s] = (uint32_t)map->n + 1;
	map->n++;
	return a;
}

static void
aggmap_free(struct aggmap *map)
{
	for (size_t k = 0; k < map->n; k++) {
		for (size_t i = 0; i < map->nkeys; i++)
			free((char *)map->a[k].cells[i].s);
		free(map->a[k].cells);
		track_acc_free(&map->a[k].acc);
	}
	free(map->a);
	free(map->slots);
	memset(map, 0, sizeof(*map));
}

/*
 * What one worker accumulates.  The matcher and everything else in the
 * tracker is read-only while feeding, so two threads can each feed their
 * own part (two halves of the input) and merge them after.
 */
struct track_part {
	struct track_acc *acc;		/* per target row */
	struct aggmap	 nt;		/* no_target rows, first seen first */
	uint32_t	*ids;		/* matcher_find() buffer */
	struct match_cache *mc;		/* this part's lookups by tuple */
};

/* Span of days beyond which the no_target period map is not built. */
#define DAYMAP_MAX	(400 * 366)

struct tracker {
	const struct table *t;
	struct track_opts o;
	const struct tgt_conf *conf;
	size_t		 nkeys;
	char		**keys;		/* canonical key names; owned */
	int		*tcol;		/* key columns in t */
	struct matcher	*m;
	num_t		*target;	/* per target row */
	struct track_part *main;	/* what tracker_feed() fills */
	/* The periods of no_target rows (see nt_period()). */
	struct period	*tp;		/* distinct target periods, shortest first */
	size_t		 ntp;
	int32_t		*daymap;	/* day - daylo -> tp index, -1 none */
	day_t		 daylo;
	day_t		 dayhi;
	int		 fine;		/* finest granularity, -1: only ranges */
	size_t		*rollup;	/* key indices of --rollup */
	size_t		 nrollup;
};

/* A trimmed cell of a loaded table. */
static struct match_key
tcell(const struct table *t, size_t row, int col)
{
	struct match_key k;

	k.len = strlen(t->rows[row][col]);
	k.s = trim_span(t->rows[row][col], &k.len);
	return k;
}

static bool
is_named(const char *canon, const char *name)
{
	return name != NULL && ascii_casecmp(canon, name) == 0;
}

static void
add_key(struct tracker *tr, int col)
{
	for (size_t i = 0; i < tr->nkeys; i++)
		if (tr->tcol[i] == col)
			return;		/* named twice */
	if (tr->nkeys >= MATCH_MAX_KEYS)
		die("%s: too many key columns (at most %d)", tr->t->file,
		    MATCH_MAX_KEYS);
	tr->keys = xreallocarray(tr->keys, tr->nkeys + 1, sizeof(*tr->keys));
	tr->tcol = xreallocarray(tr->tcol, tr->nkeys + 1, sizeof(*tr->tcol));
	tr->keys[tr->nkeys] = xstrdup(table_canon(tr->conf, tr->t->cols[col]));
	tr->tcol[tr->nkeys] = col;
	tr->nkeys++;
}

/* The key columns: -k, or the targets' columns the actuals also have. */
static void
find_keys(struct tracker *tr, const struct csv_row *hdr, int pcol, int vcol)
{
	const struct table *t = tr->t;

	if (tr->o.keys != NULL) {
		size_t n;
		char **names = split_list(tr->o.keys, &n);

		for (size_t i = 0; i < n; i++) {
			add_key(tr, table_col_req(t, tr->conf, names[i]));
			free(names[i]);
		}
		free(names);
		return;
	}
	for (size_t j = 0; j < t->ncols; j++) {
		const char *canon = table_canon(tr->conf, t->cols[j]);

		if ((int)j == pcol || (int)j == vcol ||
		    is_named(canon, tr->o.date_col) ||
		    is_named(canon, tr->o.value_col) ||
		    is_named(canon, tr->o.distinct_col))
			continue;
		if (table_find(hdr, tr->conf, canon) >= 0)
			add_key(tr, (int)j);
	}
}

static void
load_targets(struct tracker *tr, int pcol, int vcol)
{
	const struct table *t = tr->t;
	const struct tgt_conf *conf = tr->conf;
	struct match_key cells[MATCH_MAX_KEYS];

	tr->m = matcher_new(tr->nkeys);
	tr->target = xcalloc(t->nrows ? t->nrows : 1, sizeof(*tr->target));
	for (size_t r = 0; r < t->nrows; r++) {
		struct match_key pc = tcell(t, r, pcol), vc = tcell(t, r, vcol);
		struct period p;
		const char *why;

		why = period_parse(pc.s, pc.len, &conf->fy, conf->date_order,
		    &p);
		if (why != NULL)
			die_at(t->file, t->lines[r], "column \"period\": "
			    "cannot read \"%.*s\" as a period: %s", (int)pc.len,
			    pc.s, why);
		if (num_parse(vc.s, vc.len, conf->decimal, &tr->target[r]) !=
		    NUM_OK)
			die_at(t->file, t->lines[r], "column \"target\": "
			    "cannot read \"%.*s\" as a number", (int)vc.len,
			    vc.s);
		for (size_t i = 0; i < tr->nkeys; i++)
			cells[i] = tcell(t, r, tr->tcol[i]);
		matcher_add(tr->m, cells, &p);
	}
	matcher_build(tr->m);
}

static int
cmp_period_len(const void *a, const void *b)
{
	const struct period *p = a, *q = b;
	long lp = period_days(p), lq = period_days(q);

	if (lp != lq)
		return lp < lq ? -1 : 1;
	if (p->start != q->start)
		return p->start < q->start ? -1 : 1;
	return 0;
}

/*
 * The periods no_target rows may take: the distinct target periods,
 * shortest first, and a map from each day they cover to the shortest one
 * containing it.
 */
static void
index_periods(struct tracker *tr)
{
	size_t n = matcher_nrows(tr->m), k = 0;

	tr->fine = -1;
	tr->tp = xcalloc(n ? n : 1, sizeof(*tr->tp));
	for (size_t r = 0; r < n; r++) {
		const struct period *p = matcher_period(tr->m, r);

		tr->tp[r] = *p;
		if (p->gran != G_RANGE && (tr->fine < 0 || (int)p->gran <
		    tr->fine))
			tr->fine = (int)p->gran;
	}
	qsort(tr->tp, n, sizeof(*tr->tp), cmp_period_len);
	for (size_t r = 0; r < n; r++)
		if (k == 0 || !same_period(&tr->tp[k - 1], &tr->tp[r]))
			tr->tp[k++] = tr->tp[r];
	tr->ntp = k;
	if (k == 0)
		return;
	tr->daylo = tr->tp[0].start;
	tr->dayhi = tr->tp[0].end;
	for (size_t i = 1; i < k; i++) {
		if (tr->tp[i].start < tr->daylo)
			tr->daylo = tr->tp[i].start;
		if (tr->tp[i].end > tr->dayhi)
			tr->dayhi = tr->tp[i].end;
	}
	if ((long)tr->dayhi - tr->daylo >= DAYMAP_MAX)
		return;
	tr->daymap = xcalloc((size_t)(tr->dayhi - tr->daylo) + 1,
	    sizeof(*tr->daymap));
	for (day_t d = tr->daylo; d <= tr->dayhi; d++)
		tr->daymap[d - tr->daylo] = -1;
	/* Longest first, so the shortest period containing a day wins. */
	for (size_t i = k; i-- > 0;)
		for (day_t d = tr->tp[i].start; d <= tr->tp[i].end; d++)
			tr->daymap[d - tr->daylo] = (int32_t)i;
}

/*
 * The period of a no_target row dated day: the shortest target period
 * containing day (the finest granularity present there), else the period
 * of the finest granularity of the targets file containing day, else the
 * day itself.
 */
static struct period
nt_period(const struct tracker *tr, day_t day)
{
	struct period p;

	if (tr->daymap != NULL) {
		if (day >= tr->daylo && day <= tr->dayhi &&
		    tr->daymap[day - tr->daylo] >= 0)
			return tr->tp[tr->daymap[day - tr->daylo]];
	} else {
		for (size_t i = 0; i < tr->ntp; i++)
			if (period_contains(&tr->tp[i], day))
				return tr->tp[i];
	}
	if (tr->fine >= 0)
		return period_of(day, (enum gran)tr->fine, &tr->conf->fy);
	p.start = p.end = day;
	p.gran = G_DAY;
	return p;
}

static void
find_rollup(struct tracker *tr)
{
	size_t n;
	char **names;

	if (tr->o.rollup == NULL)
		return;
	names = split_list(tr->o.rollup, &n);
	tr->rollup = xcalloc(n ? n : 1, sizeof(*tr->rollup));
	for (size_t i = 0; i < n; i++) {
		size_t k;

		for (k = 0; k < tr->nkeys; k++)
			if (ascii_casecmp(tr->keys[k], names[i]) == 0 ||
			    ascii_casecmp(table_canon(tr->conf, names[i]),
			    tr->keys[k]) == 0)
				break;
		if (k == tr->nkeys)
			die_usage("--rollup: \"%s\" is not a key column",
			    names[i]);
		tr->rollup[tr->nrollup++] = k;
		free(names[i]);
	}
	free(names);
}

struct track_part *
tracker_part_new(const struct tracker *tr)
{
	struct track_part *p = xcalloc(1, sizeof(*p));
	size_t n = tr->t->nrows;

	p->acc = xcalloc(n ? n : 1, sizeof(*p->acc));
	for (size_t r = 0; r < n; r++)
		p->acc[r].last = TRACK_NO_DAY;
	p->ids = xcalloc(matcher_max_matches(tr->m), sizeof(*p->ids));
	p->mc = match_cache_new(tr->m);
	p->nt.nkeys = tr->nkeys;
	return p;
}

void
tracker_part_free(const struct tracker *tr, struct track_part *p)
{
	if (p == NULL)
		return;
	for (size_t r = 0; r < tr->t->nrows; r++)
		track_acc_free(&p->acc[r]);
	free(p->acc);
	aggmap_free(&p->nt);
	free(p->ids);
	match_cache_free(p->mc);
	free(p);
}

/* Add part p into part to; -1 when a sum overflows. */
static int
part_add(const struct tracker *tr, struct track_part *to,
    const struct track_part *p)
{
	for (size_t r = 0; r < tr->t->nrows; r++)
		if (track_acc_merge(&to->acc[r], &p->acc[r]) < 0)
			return -1;
	for (size_t k = 0; k < p->nt.n; k++) {
		const struct agg *from = &p->nt.a[k];
		struct agg *a = aggmap_get(&to->nt, from->cells, &from->per);

		if (track_acc_merge(&a->acc, &from->acc) < 0)
			return -1;
	}
	return 0;
}

void
tracker_merge(struct tracker *tr, const struct track_part *p)
{
	if (part_add(tr, tr->main, p) < 0)
		die("%s: a sum overflows", tr->t->file);
}

struct tracker *
tracker_new(const struct table *t, const struct csv_row *hdr,
    const struct track_opts *o)
{
	struct tracker *tr = xcalloc(1, sizeof(*tr));
	int pcol, vcol;

	tr->t = t;
	tr->o = *o;
	tr->conf = o->conf;
	if (tr->o.date_col == NULL)
		tr->o.date_col = "date";
	if (tr->o.value_col == NULL)
		tr->o.value_col = "amount";
	pcol = table_col_req(t, tr->conf, "period");
	vcol = table_col_req(t, tr->conf, "target");
	find_keys(tr, hdr, pcol, vcol);
	load_targets(tr, pcol, vcol);
	index_periods(tr);
	find_rollup(tr);
	tr->main = tracker_part_new(tr);
	return tr;
}

void
tracker_free(struct tracker *tr)
{
	if (tr == NULL)
		return;
	tracker_part_free(tr, tr->main);
	for (size_t i = 0; i < tr->nkeys; i++)
		free(tr->keys[i]);
	free(tr->keys);
	free(tr->tcol);
	matcher_free(tr->m);
	free(tr->target);
	free(tr->tp);
	free(tr->daymap);
	free(tr->rollup);
	free(tr);
}

/*
 * The cells of one actual row that feeding reads: the date, the value (or
 * the --distinct cell) and the keys, with the row's line.  They point into
 * the csvin row, or into a batch copied by the parser thread.
 */
struct arow {
	long		 line;
	struct match_key date;
	struct match_key value;		/* value or distinct cell, or empty */
	struct match_key keys[MATCH_MAX_KEYS];
};

/* Where the columns of one actuals file are, and its per-file state. */
struct feed {
	const char	*name;
	int		 dcol;
	int		 vcol;		/* value or distinct column, -1: none */
	int		 kcol[MATCH_MAX_KEYS];
	long		 future;	/* rows after asof */
	char		 err[1024];	/* a row's error, without the place */
	/* The last date cell read and its day: exports are mostly sorted. */
	char		 dcache[64];
	size_t		 dcache_len;
	day_t		 dcache_day;
	/*
	 * The key cells and day of the last row that matched, whose target
	 * rows are still in the part's ids[]: an export sorted by rep or by
	 * customer repeats them, and the lookup is then skipped.
	 */
	char		 kcache[256];
	size_t		 kclen[MATCH_MAX_KEYS];
	day_t		 kcday;
	size_t		 kcn;		/* ids cached; 0 = no cache */
};

/*
 * A cell trimmed as trim_span() does, without the call when neither end
 * can be a space (the common case: the hot loop trims every key cell).
 */
static inline void
trim_cell(const char *s, size_t len, struct match_key *k)
{
	unsigned char a, z;

	k->s = s;
	k->len = len;
	if (len == 0)
		return;
	a = (unsigned char)s[0];
	z = (unsigned char)s[len - 1];
	/* U+3000 is E3 80 80 in UTF-8. */
	if (a == ' ' || a == '\t' || a == '\r' || a == 0xE3 ||
	    z == ' ' || z == '\t' || z == '\r' || z == 0x80)
		k->s = trim_span(s, &k->len);
}

/* Whether keys and day are those of the last lookup. */
static bool
same_lookup(const struct feed *f, size_t nkeys, const struct match_key *keys,
    day_t day)
{
	const char *c = f->kcache;

	if (f->kcn == 0 || day != f->kcday)
		return false;
	for (size_t i = 0; i < nkeys; i++) {
		if (keys[i].len != f->kclen[i] ||
		    memcmp(keys[i].s, c, keys[i].len) != 0)
			return false;
		c += keys[i].len;
	}
	return true;
}

static void
remember_lookup(struct feed *f, size_t nkeys, const struct match_key *keys,
    day_t day, size_t n)
{
	size_t len = 0;

	f->kcn = 0;
	for (size_t i = 0; i < nkeys; i++)
		len += keys[i].len;
	if (n == 0 || len > sizeof(f->kcache))
		return;
	len = 0;
	for (size_t i = 0; i < nkeys; i++) {
		memcpy(f->kcache + len, keys[i].s, keys[i].len);
		f->kclen[i] = keys[i].len;
		len += keys[i].len;
	}
	f->kcday = day;
	f->kcn = n;
}

/* Record a row's error in f->err; returns -1. */
static int
row_error(struct feed *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
row_error(struct feed *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->err, sizeof(f->err), fmt, ap);
	va_end(ap);
	return -1;
}

static int
row_day(const struct tracker *tr, struct feed *f, const struct arow *r,
    day_t *day)
{
	const char *s = r->date.s, *why;
	size_t len = r->date.len;

	if (len == f->dcache_len && memcmp(s, f->dcache, len) == 0) {
		*day = f->dcache_day;
		return 0;
	}
	why = date_parse(s, len, tr->conf->date_order, day);
	if (why != NULL)
		return row_error(f, "column \"%s\": cannot read \"%.*s\" as a "
		    "date: %s", tr->o.date_col, (int)len, s, why);
	if (len < sizeof(f->dcache)) {
		memcpy(f->dcache, s, len);
		f->dcache_len = len;
		f->dcache_day = *day;
	}
	return 0;
}

static int
row_value(const struct tracker *tr, struct feed *f, const struct arow *r,
    num_t *v)
{
	const char *s = r->value.s;
	int len = (int)r->value.len;

	switch (num_parse(s, r->value.len, tr->conf->decimal, v)) {
	case NUM_OK:
		return 0;
	case NUM_EMPTY:
		*v = 0;		/* an order line without an amount adds nothing */
		return 0;
	case NUM_RANGE:
		return row_error(f, "column \"%s\": \"%.*s\" is too large",
		    tr->o.value_col, len, s);
	default:
		return row_error(f, "column \"%s\": cannot read \"%.*s\" as a "
		    "number", tr->o.value_col, len, s);
	}
}

static int
no_target_error(const struct tracker *tr, struct feed *f,
    const struct match_key *keys, day_t day)
{
	char buf[768], d[DATE_FMT_MAX];
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < tr->nkeys && n < sizeof(buf); i++) {
		int w = snprintf(buf + n, sizeof(buf) - n, "%s%s \"%.*s\"",
		    i ? ", " : "", tr->keys[i], (int)keys[i].len, keys[i].s);

		if (w > 0)
			n += (size_t)w;
	}
	return row_error(f, "no target for %s%s%s", buf,
	    tr->nkeys ? " on " : "", date_format(day, d));
}

/* Add one actual row to the accumulator a; -1 on overflow. */
static inline int
acc_add(const struct tracker *tr, struct feed *f, struct track_acc *a,
    num_t v, day_t day, const struct match_key *x, uint64_t xh)
{
	if (num_add(a->sum, v, &a->sum) < 0)
		return row_error(f, "column \"%s\": the sum overflows",
		    tr->o.value_col);
	a->count++;
	if (day > a->last)
		a->last = day;
	if (x != NULL)
		track_acc_add_distinct(a, x->s, x->len, xh);
	return 0;
}

/* Count one row; -1 with f->err set on bad data. */
static int
feed_row(const struct tracker *tr, struct track_part *part, struct feed *f,
    const struct arow *r)
{
	struct match_key keys[MATCH_MAX_KEYS], x, *xp = NULL;
	uint64_t xh = 0;
	num_t v = 0;
	day_t day;
	size_t n;

	if (row_day(tr, f, r, &day) < 0)
		return -1;
	if (day > tr->o.asof) {
		f->future++;
		return 0;
	}
	for (size_t i = 0; i < tr->nkeys; i++)
		trim_cell(r->keys[i].s, r->keys[i].len, &keys[i]);
	if (tr->o.measure == TRACK_SUM) {
		if (row_value(tr, f, r, &v) < 0)
			return -1;
	} else if (tr->o.measure == TRACK_DISTINCT) {
		trim_cell(r->value.s, r->value.len, &x);
		if (x.len > 0) {
			xp = &x;
			xh = match_hash(x.s, x.len);
		}
	}
	if (same_lookup(f, tr->nkeys, keys, day)) {
		n = f->kcn;
	} else {
		n = matcher_find_cached(tr->m, part->mc, keys, day,
		    part->ids);
		remember_lookup(f, tr->nkeys, keys, day, n);
	}
	for (size_t i = 0; i < n; i++)
		if (acc_add(tr, f, &part->acc[part->ids[i]], v, day, xp,
		    xh) < 0)
			return -1;
	if (n == 0) {
		struct period p = nt_period(tr, day);

		if (tr->o.strict)
			return no_target_error(tr, f, keys, day);
		return acc_add(tr, f, &aggmap_get(&part->nt, keys, &p)->acc, v,
		    day, xp, xh);
	}
	return 0;
}

/* The columns of in (its header read here) into f. */
static void
feed_open(const struct tracker *tr, struct feed *f, struct csvin *in)
{
	const struct csv_row *hdr;
	const struct tgt_conf *conf = tr->conf;

	memset(f, 0, sizeof(*f));
	f->name = csvin_name(in);
	f->dcache_len = (size_t)-1;
	f->vcol = -1;
	if (csvin_header(in, &hdr) < 0)
		die("%s", csvin_error(in));
	f->dcol = table_require(hdr, conf, tr->o.date_col, f->name);
	if (tr->o.measure == TRACK_SUM)
		f->vcol = table_require(hdr, conf, tr->o.value_col, f->name);
	if (tr->o.measure == TRACK_DISTINCT)
		f->vcol = table_require(hdr, conf, tr->o.distinct_col, f->name);
	for (size_t i = 0; i < tr->nkeys; i++)
		f->kcol[i] = table_require(hdr, conf, tr->keys[i], f->name);
}

static void
feed_close(const struct tracker *tr, struct feed *f, struct csvin *in)
{
	csvin_report_skips(in);
	if (f->future > 0) {
		char d[DATE_FMT_MAX];

		warn_at(f->name, 0, "skipped %ld row%s dated after %s (--asof)",
		    f->future, f->future == 1 ? "" : "s",
		    date_format(tr->o.asof, d));
	}
}

static inline struct match_key
row_cell(const struct csv_row *row, int col)
{
	struct match_key k = { "", 0 };

	if (col >= 0) {
		k.s = row->field[col];
		k.len = row->len[col];
	}
	return k;
}

/* One thread: parse and count each row in turn. */
static void
feed_serial(const struct tracker *tr, struct track_part *part,
    struct feed *f, struct csvin *in)
{
	const struct csv_row *row;
	struct arow r;
	int rc;

	while ((rc = csvin_next(in, &row)) > 0) {
		r.line = row->line;
		r.date = row_cell(row, f->dcol);
		r.value = row_cell(row, f->vcol);
		for (size_t i = 0; i < tr->nkeys; i++)
			r.keys[i] = row_cell(row, f->kcol[i]);
		if (feed_row(tr, part, f, &r) < 0)
			die_at(f->name, r.line, "%s", f->err);
	}
	if (rc < 0)
		die("%s", csvin_error(in));
}

/*
 * Two threads: this one parses (csvin) and copies the cells feeding needs
 * into batches; a counting thread takes the batches in order and counts
 * them.  The work is the same and in the same order as feed_serial(), so
 * the results are identical; the parse and the counting overlap.  Errors
 * are reported by this thread after the other has stopped, the earliest
 * row's first, as feed_serial() would.
 */
#define BATCH_ROWS	4096
#define BATCH_BYTES	(256 * 1024)

struct batch {
	size_t		 n;		/* rows */
	size_t		 used;		/* bytes of buf */
	size_t		 cap;
	char		*buf;
	long		*line;		/* per row */
	uint32_t	*cell;		/* per row: ncell (offset, length) pairs */
	bool		 last;		/* end of input (or a parse error) */
};

struct pipe2 {
	const struct tracker *tr;
	struct track_part *part;
	struct feed	*f;
	size_t		 ncell;		/* date, value, keys */
	struct batch	 b[2];
	bool		 full[2];	/* b[i] waits for the counting thread */
	bool		 stop;		/* the counting thread has failed */
	long		 errline;	/* its row's line */
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
};

static void
batch_put(struct batch *b, size_t ncell, size_t k, const char *s,
    size_t len)
{
	if (b->used + len + 1 > b->cap) {
		/* A batch closes past BATCH_BYTES; only huge cells get here. */
		b->cap = 2 * (b->used + len + 1);
		b->buf = xrealloc(b->buf, b->cap);
	}
	memcpy(b->buf + b->used, s, len);
	b->buf[b->used + len] = '\0';
	b->cell[2 * (b->n * ncell + k)] = (uint32_t)b->used;
	b->cell[2 * (b->n * ncell + k) + 1] = (uint32_t)len;
	b->used += len + 1;
}

static void *
count_batches(void *arg)
{
	struct pipe2 *p = arg;
	struct arow r;

	for (int k = 0;; k ^= 1) {
		struct batch *b = &p->b[k];
		bool last;

		pthread_mutex_lock(&p->mu);
		while (!p->full[k])
			pthread_cond_wait(&p->cv, &p->mu);
		pthread_mutex_unlock(&p->mu);
		for (size_t i = 0; i < b->n; i++) {
			const uint32_t *c = &b->cell[2 * i * p->ncell];

			r.line = b->line[i];
			r.date.s = b->buf + c[0];
			r.date.len = c[1];
			r.value.s = b->buf + c[2];
			r.value.len = c[3];
			for (size_t j = 0; j < p->tr->nkeys; j++) {
				r.keys[j].s = b->buf + c[4 + 2 * j];
				r.keys[j].len = c[5 + 2 * j];
			}
			if (feed_row(p->tr, p->part, p->f, &r) < 0) {
				pthread_mutex_lock(&p->mu);
				p->stop = true;
				p->errline = r.line;
				pthread_cond_broadcast(&p->cv);
				pthread_mutex_unlock(&p->mu);
				return NULL;
			}
		}
		last = b->last;
		pthread_mutex_lock(&p->mu);
		p->full[k] = false;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		if (last)
			return NULL;
	}
}

/* Hand batch k to the counting thread; false when it has stopped. */
static bool
batch_send(struct pipe2 *p, int k)
{
	bool ok;

	pthread_mutex_lock(&p->mu);
	p->full[k] = true;
	pthread_cond_broadcast(&p->cv);
	/* Wait until the other batch is free to fill. */
	while (p->full[k ^ 1] && !p->stop)
		pthread_cond_wait(&p->cv, &p->mu);
	ok = !p->stop;
	pthread_mutex_unlock(&p->mu);
	return ok;
}

static void
feed_threads(const struct tracker *tr, struct track_part *part,
    struct feed *f, struct csvin *in)
{
	struct pipe2 p;
	pthread_t th;
	const struct csv_row *row;
	int rc = 1, k = 0;
	char error[1024] = "";

	memset(&p, 0, sizeof(p));
	p.tr = tr;
	p.part = part;
	p.f = f;
	p.ncell = 2 + tr->nkeys;
	for (int i = 0; i < 2; i++) {
		p.b[i].cap = BATCH_BYTES + 64 * 1024;
		p.b[i].buf = xmalloc(p.b[i].cap);
		p.b[i].line = xcalloc(BATCH_ROWS, sizeof(long));
		p.b[i].cell = xcalloc(BATCH_ROWS * p.ncell * 2,
		    sizeof(uint32_t));
	}
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	if (pthread_create(&th, NULL, count_batches, &p) != 0)
		die("cannot start a thread");
	for (;;) {
		struct batch *b = &p.b[k];

		b->n = b->used = 0;
		b->last = false;
		while (b->n < BATCH_ROWS && b->used < BATCH_BYTES &&
		    (rc = csvin_next(in, &row)) > 0) {
			struct match_key c;

			b->line[b->n] = row->line;
			c = row_cell(row, f->dcol);
			batch_put(b, p.ncell, 0, c.s, c.len);
			c = row_cell(row, f->vcol);
			batch_put(b, p.ncell, 1, c.s, c.len);
			for (size_t j = 0; j < tr->nkeys; j++) {
				c = row_cell(row, f->kcol[j]);
				batch_put(b, p.ncell, 2 + j, c.s, c.len);
			}
			b->n++;
		}
		if (rc < 0)
			snprintf(error, sizeof(error), "%s", csvin_error(in));
		b->last = rc <= 0;
		if (!batch_send(&p, k) || b->last)
			break;
		k ^= 1;
	}
	pthread_join(th, NULL);
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.cv);
	for (int i = 0; i < 2; i++) {
		free(p.b[i].buf);
		free(p.b[i].line);
		free(p.b[i].cell);
	}
	if (p.stop)
		die_at(f->name, p.errline, "%s", f->err);
	if (rc < 0)
		die("%s", error);
}

/*
 * Two halves of one file, each parsed and counted in its own thread
 * (csvsplit.h): with a quote-free fast path in csvin, parsing costs about
 * as much as counting, so two whole pipelines beat one split in stages.
 * Each half counts into its own part; the second is added to the first,
 * and the first to the tracker, in file order, so sums, counts and the
 * order of no_target rows are those of one pass.  Any error, a cut inside
 * a quoted field, or an encoding decided differently makes the halves'
 * counts void: the file is then read again in one thread, which reports
 * the first error with its exact line, as without the split.
 */
#define SPLIT_MIN_BYTES	(8 * 1024 * 1024)

struct half {
	const struct tracker *tr;
	struct track_part *part;
	struct feed	*f;
	struct csvin	*in;
	int		 rc;
};

/* Count every row of h->in; h->rc -1 at the first error, not reported. */
static void *
feed_half(void *arg)
{
	struct half *h = arg;
	const struct csv_row *row;
	struct arow r;
	int rc;

	while ((rc = csvin_next(h->in, &row)) > 0) {
		r.line = row->line;
		r.date = row_cell(row, h->f->dcol);
		r.value = row_cell(row, h->f->vcol);
		for (size_t i = 0; i < h->tr->nkeys; i++)
			r.keys[i] = row_cell(row, h->f->kcol[i]);
		if (feed_row(h->tr, h->part, h->f, &r) < 0) {
			rc = -1;
			break;
		}
	}
	h->rc = rc;
	return NULL;
}

/* Whether in was split and counted (or read again) here. */
static bool
feed_halves(struct tracker *tr, struct feed *f, struct csvin *in)
{
	const char *env = getenv("TGT_SPLIT_MIN");	/* for tests */
	struct csvin *in2 = csvin_split(in, env != NULL ? atol(env) :
	    SPLIT_MIN_BYTES);
	struct half h1, h2;
	struct feed f2;
	pthread_t th;
	bool ok;

	if (in2 == NULL)
		return false;
	f->kcn = 0;
	f2 = *f;
	h1 = (struct half){ tr, tracker_part_new(tr), f, in, 0 };
	h2 = (struct half){ tr, tracker_part_new(tr), &f2, in2, 0 };
	if (pthread_create(&th, NULL, feed_half, &h2) != 0)
		die("cannot start a thread");
	feed_half(&h1);
	pthread_join(th, NULL);
	ok = h1.rc == 0 && h2.rc == 0 && csvin_split_valid(in, in2) &&
	    part_add(tr, h1.part, h2.part) == 0;
	if (ok) {
		tracker_merge(tr, h1.part);
		f->future += f2.future;
		csvin_split_join(in, in2);
		feed_close(tr, f, in);
	} else {
		struct csvin *again = csvin_reopen(in);
		struct feed f1;

		feed_open(tr, &f1, again);
		feed_serial(tr, tr->main, &f1, again);
		feed_close(tr, &f1, again);
		csvin_close(again);
	}
	tracker_part_free(tr, h1.part);
	tracker_part_free(tr, h2.part);
	csvin_close(in2);
	return true;
}

void
tracker_feed(struct tracker *tr, struct csvin *in)
{
	struct feed f;

	feed_open(tr, &f, in);
	if (tr->o.threads > 1 && feed_halves(tr, &f, in))
		return;
	if (tr->o.threads > 1)
		feed_threads(tr, tr->main, &f, in);
	else
		feed_serial(tr, tr->main, &f, in);
	feed_close(tr, &f, in);
}

void
tracker_feed_part(const struct tracker *tr, struct track_part *part,
    struct csvin *in)
{
	struct feed f;

	feed_open(tr, &f, in);
	if (tr->o.threads > 1)
		feed_threads(tr, part, &f, in);
	else
		feed_serial(tr, part, &f, in);
	feed_close(tr, &f, in);
}

static void
cell_num(struct csvout *out, const struct tracker *tr, num_t v)
{
	char buf[NUM_FMT_MAX];

	csvout_cell(out, num_format(v, tr->conf->precision, 0, buf,
	    sizeof(buf)));
}

static void
cell_pct(struct csvout *out, bool has, double v)
{
	char buf[64];

	csvout_cell(out, has ? pct_format(v, buf, sizeof(buf)) : "");
}

static void
cell_long(struct csvout *out, long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", v);
	csvout_cell(out, buf);
}

static void
write_header(struct tracker *tr, struct csvout *out)
{
	static const char *const cols[] = {
		"period", "target", "actual", "count", "variance",
		"achievement_pct", "elapsed_pct", "expected", "pace_pct",
		"forecast", "forecast_pct", "remaining", "remaining_days",
		"required_per_day", "last_date", "status"
	};

	for (size_t i = 0; i < tr->nkeys; i++)
		csvout_cell(out, tr->keys[i]);
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		csvout_cell(out, cols[i]);
	csvout_end(out);
}

/*
 * One output row.  cells: a wildcard is s == NULL, or len == 0 when
 * empty_is_wild (target rows, whose wildcards the matcher keeps as "").
 */
static void
write_row(struct tracker *tr, struct csvout *out,
    const struct match_key *cells, bool empty_is_wild, const struct period *p,
    num_t target, num_t expected, bool has_target, const struct track_acc *a)
{
	struct track_calc c;
	struct track_time t;
	char buf[PERIOD_FMT_MAX];

	memset(&c, 0, sizeof(c));
	c.target = target;
	c.actual = track_acc_actual(a, tr->o.measure);
	c.expected = expected;
	c.has_target = has_target;
	track_time(p, tr->o.asof, &tr->conf->cal, tr->o.workdays, &t);
	if (track_calc(&c, &t, tr->conf->behind, tr->conf->ahead) < 0)
		die("%s: amounts too large to compute the row for period %s",
		    tr->t->file, period_format(p, &tr->conf->fy, buf));
	for (size_t i = 0; i < tr->nkeys; i++) {
		if (cells[i].s == NULL || (empty_is_wild && cells[i].len == 0))
			csvout_cell(out, "*");
		else
			csvout_celln(out, cells[i].s, cells[i].len);
	}
	csvout_cell(out, period_format(p, &tr->conf->fy, buf));
	cell_num(out, tr, c.target);
	cell_num(out, tr, c.actual);
	cell_long(out, (long)a->count);
	cell_num(out, tr, c.variance);
	cell_pct(out, c.has_achievement, c.achievement_pct);
	cell_pct(out, true, c.elapsed_pct);
	cell_num(out, tr, c.expected);
	cell_pct(out, c.has_pace, c.pace_pct);
	if (c.has_forecast)
		cell_num(out, tr, c.forecast);
	else
		csvout_cell(out, "");
	cell_pct(out, c.has_forecast_pct, c.forecast_pct);
	cell_num(out, tr, c.remaining);
	cell_long(out, c.remaining_days);
	if (c.has_required)
		cell_num(out, tr, c.required);
	else
		csvout_cell(out, "");
	csvout_cell(out, a->last == TRACK_NO_DAY ? "" : date_format(a->last,
	    buf));
	csvout_cell(out, track_status_name(c.status));
	csvout_end(out);
}

/* Add a member row to the subtotal of its cells masked by mask. */
static void
rollup_add(struct tracker *tr, struct aggmap *map, uint32_t mask,
    const struct match_key *cells, const struct period *p, num_t target,
    num_t expected, bool has_target, const struct track_acc *acc)
{
	struct match_key g[MATCH_MAX_KEYS];
	struct agg *a;

	for (size_t i = 0; i < tr->nkeys; i++) {
		g[i] = cells[i];
		if (!(mask & (UINT32_C(1) << i))) {
			g[i].s = NULL;
			g[i].len = 0;
		}
	}
	a = aggmap_get(map, g, p);
	if (num_add(a->target, target, &a->target) < 0 ||
	    num_add(a->expected, expected, &a->expected) < 0 ||
	    track_acc_merge(&a->acc, acc) < 0)
		die("%s: a subtotal overflows", tr->t->file);
	a->has_target |= has_target;
}

/*
 * The subtotals of one --rollup level: the rows without wildcard keys
 * (target rows of the finest kind and no_target rows) summed per value of
 * the columns in mask and per period.
 */
static void
write_level(struct tracker *tr, struct csvout *out, uint32_t mask,
    const num_t *expected)
{
	struct aggmap map = { .nkeys = tr->nkeys };
	const struct aggmap *nt = &tr->main->nt;
	uint32_t full = tr->nkeys == 32 ? UINT32_MAX :
	    (UINT32_C(1) << tr->nkeys) - 1;

	for (size_t r = 0; r < tr->t->nrows; r++)
		if (matcher_pattern(tr->m, r) == full)
			rollup_add(tr, &map, mask, matcher_cells(tr->m, r),
			    matcher_period(tr->m, r), tr->target[r],
			    expected[r], true, &tr->main->acc[r]);
	for (size_t k = 0; k < nt->n; k++)
		rollup_add(tr, &map, mask, nt->a[k].cells, &nt->a[k].per, 0, 0,
		    false, &nt->a[k].acc);
	for (size_t k = 0; k < map.n; k++)
		write_row(tr, out, map.a[k].cells, false, &map.a[k].per,
		    map.a[k].target, map.a[k].expected, map.a[k].has_target,
		    &map.a[k].acc);
	aggmap_free(&map);
}

static size_t
popcount(uint32_t x)
{
	size_t n = 0;

	for (; x != 0; x &= x - 1)
		n++;
	return n;
}

static void
write_rollups(struct tracker *tr, struct csvout *out, const num_t *expected)
{
	uint32_t masks[MATCH_MAX_KEYS + 1], mask = 0;

	if (tr->rollup == NULL)
		return;
	masks[0] = 0;
	for (size_t j = 0; j < tr->nrollup; j++) {
		mask |= UINT32_C(1) << tr->rollup[j];
		masks[j + 1] = mask;
	}
	/* Finest level first; a level keeping every key would repeat the
	 * rows themselves. */
	for (size_t j = tr->nrollup + 1; j-- > 0;) {
		if (j > 0 && popcount(masks[j]) == tr->nkeys)
			continue;
		write_level(tr, out, masks[j], expected);
	}
}

void
tracker_write(struct tracker *tr, struct csvout *out)
{
	size_t n = tr->t->nrows;
	num_t *expected = xcalloc(n ? n : 1, sizeof(*expected));
	const struct aggmap *nt = &tr->main->nt;

	if (track_expected(tr->m, tr->target, tr->o.asof, &tr->conf->cal,
	    tr->o.workdays, expected) < 0)
		die("%s: targets too large to compute the expected amounts",
		    tr->t->file);
	write_header(tr, out);
	for (size_t r = 0; r < n; r++)
		write_row(tr, out, matcher_cells(tr->m, r), true,
		    matcher_period(tr->m, r), tr->target[r], expected[r], true,
		    &tr->main->acc[r]);
	for (size_t k = 0; k < nt->n; k++)
		write_row(tr, out, nt->a[k].cells, false, &nt->a[k].per, 0, 0,
		    false, &nt->a[k].acc);
	write_rollups(tr, out, expected);
	free(expected);
}
