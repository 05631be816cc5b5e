/*
 * feed: one actual row into the accumulators it counts for
 * (lib/track/tracker.h).  A row is dated once per date column its metrics
 * use, filtered per metric (where, an empty cell of its own), looked up
 * once per date and credited to every target row it matches, for each
 * leaf of that row's metric; what no target of a metric matches becomes
 * a no_target row of that metric.  First-seen customers (new_customers)
 * are kept per customer and credited at the end.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracker.h"
#include "util.h"

#define BIT(i)	(UINT64_C(1) << (i))

/* The cell of column col, added to the feed's cells when new. */
static int
cell_of(struct feed *f, int col)
{
	for (size_t i = 0; i < f->ncell; i++)
		if (f->col[i] == col)
			return (int)i;
	if (f->ncell >= FEED_MAX_CELLS)
		die("%s: too many columns to read (at most %d)", f->name,
		    FEED_MAX_CELLS);
	f->col[f->ncell] = col;
	return (int)f->ncell++;
}

/* A column of hdr a metric needs: named in the error when absent. */
static int
need_col(const struct tracker *tr, const struct feed *f,
    const struct csv_row *hdr, const char *name, const struct metric *m)
{
	int c;

	if (!tr->metric_col || m == NULL)
		return table_require(hdr, tr->conf, name, f->name);
	c = table_find(hdr, tr->conf, name);
	if (c < 0)
		die_at(f->name, 0, "column \"%s\" not found: metric \"%s\" "
		    "needs it", name, m->name);
	return c;
}

static bool
reads(const struct metric *m, const char *input)
{
	if (!m->used || m->kind == METRIC_RATIO)
		return false;
	return input == NULL ? m->input == NULL : m->input != NULL &&
	    ascii_casecmp(m->input, input) == 0;
}

/* The date group of metric m: one per distinct date column. */
static int
date_group(const struct tracker *tr, struct feed *f,
    const struct csv_row *hdr, const struct metric *m)
{
	const char *name = m->date_col ? m->date_col : tr->o.date_col;
	int col = need_col(tr, f, hdr, name, m->date_col ? m : NULL);

	for (size_t g = 0; g < f->ngroup; g++)
		if (f->col[tr->nkeys + g] == col)
			return (int)g;
	f->col[tr->nkeys + f->ngroup] = col;
	f->gown[f->ngroup] = m->date_col != NULL &&
	    ascii_casecmp(m->date_col, tr->o.date_col) != 0;
	f->dcache_len[f->ngroup] = (size_t)-1;
	return (int)f->ngroup++;
}

struct bindctx {
	struct feed		*f;
	const struct csv_row	*hdr;
	const struct tgt_conf	*conf;
};

static int
bind_col(void *arg, const char *name)
{
	struct bindctx *b = arg;
	int col = table_find(b->hdr, b->conf, name);

	return col < 0 ? -1 : cell_of(b->f, col);
}

static void
open_metric(const struct tracker *tr, struct feed *f,
    const struct csv_row *hdr, size_t i)
{
	const struct metric *m = &tr->ms.m[i];
	struct feed_metric *fm = &f->fm[f->nfm++];
	struct rule_err err;

	fm->metric = i;
	fm->vcell = -1;
	if (m->kind != METRIC_COUNT)
		fm->vcell = cell_of(f, need_col(tr, f, hdr, m->col,
		    tr->metric_col ? m : NULL));
	if (m->where != NULL) {
		struct bindctx b = { f, hdr, tr->conf };

		if (rule_bind(m->where, bind_col, &b, &err) < 0)
			die_at(f->name, 0, "metric \"%s\": where %s: %s "
			    "(character %d)", m->name, m->where_src, err.msg,
			    err.col);
		f->where = true;
	}
}

void
feed_open(const struct tracker *tr, struct feed *f, struct csvin *in,
    const char *input)
{
	const struct csv_row *hdr;
	const struct metric *first = NULL;

	memset(f, 0, sizeof(*f));
	f->name = csvin_name(in);
	f->share = -1;
	if (csvin_header(in, &hdr) < 0)
		die("%s", csvin_error(in));
	for (size_t i = 0; i < tr->ms.n && first == NULL; i++)
		if (reads(&tr->ms.m[i], input))
			first = &tr->ms.m[i];
	for (size_t i = 0; i < tr->nkeys; i++)
		f->col[i] = need_col(tr, f, hdr, tr->keys[i],
		    input != NULL ? first : NULL);
	/* The date cells first, right after the keys (one per distinct
	 * date column), then the other cells as the metrics need them. */
	f->ncell = tr->nkeys;
	for (size_t i = 0; i < tr->ms.n; i++)
		if (reads(&tr->ms.m[i], input)) {
			f->group[i] = date_group(tr, f, hdr, &tr->ms.m[i]);
			f->gmask[f->group[i]] |= BIT(i);
		}
	f->ncell = tr->nkeys + f->ngroup;
	for (size_t i = 0; i < tr->ms.n; i++)
		if (reads(&tr->ms.m[i], input))
			open_metric(tr, f, hdr, i);
	if (tr->o.share_col != NULL)
		f->share = cell_of(f, table_require(hdr, tr->conf,
		    tr->o.share_col, f->name));
}

static const char *
group_name(const struct tracker *tr, const struct feed *f, size_t g)
{
	for (size_t k = 0; k < f->nfm; k++) {
		const struct metric *m = &tr->ms.m[f->fm[k].metric];

		if (f->group[f->fm[k].metric] == (int)g)
			return m->date_col ? m->date_col : tr->o.date_col;
	}
	return tr->o.date_col;
}

static void
warn_empty(const struct tracker *tr, const struct feed *f,
    const struct metric *m, long n, const char *col)
{
	if (n == 0)
		return;
	if (tr->metric_col)
		warn_at(f->name, 0, "%ld row%s not counted for metric \"%s\": "
		    "empty %s", n, n == 1 ? "" : "s", m->name, col);
	else
		warn_at(f->name, 0, "%ld row%s not counted: empty %s", n,
		    n == 1 ? "" : "s", col);
}

void
feed_close(const struct tracker *tr, struct feed *f, struct csvin *in)
{
	char d[DATE_FMT_MAX];

	csvin_report_skips(in);
	date_format(tr->o.asof, d);
	for (size_t g = 0; g < f->ngroup; g++) {
		long n = f->future[g];

		if (n == 0)
			continue;
		if (!f->gown[g])
			warn_at(f->name, 0, "skipped %ld row%s dated after %s "
			    "(--asof)", n, n == 1 ? "" : "s", d);
		else
			warn_at(f->name, 0, "skipped %ld row%s with %s after "
			    "%s (--asof)", n, n == 1 ? "" : "s",
			    group_name(tr, f, g), d);
	}
	for (size_t k = 0; k < f->nfm; k++) {
		const struct metric *m = &tr->ms.m[f->fm[k].metric];

		warn_empty(tr, f, m, f->fm[k].empty_date,
		    group_name(tr, f, (size_t)f->group[f->fm[k].metric]));
		warn_empty(tr, f, m, f->fm[k].empty, m->col);
	}
}

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

	if (f == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(f->err, sizeof(f->err), fmt, ap);
	va_end(ap);
	return -1;
}

static int
no_target_error(const struct tracker *tr, struct feed *f,
    const struct match_key *keys, day_t day, size_t metric)
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
	if (tr->metric_col)
		return row_error(f, "no target of metric \"%s\" for %s%s%s",
		    tr->ms.m[metric].name, buf, tr->nkeys ? " on " : "",
		    date_format(day, d));
	return row_error(f, "no target for %s%s%s", buf,
	    tr->nkeys ? " on " : "", date_format(day, d));
}

/* Add one row of base metric leaf to the accumulator a. */
static inline void
acc_add(const struct tracker *tr, struct track_acc *a,
    const struct credit *c, size_t leaf, day_t day)
{
	a->sum += c->v[leaf];
	a->count++;
	if (day > a->last)
		a->last = day;
	if (tr->distinct & BIT(leaf))
		acc_add_distinct(a, c->xid[leaf]);
}

static size_t
lookup(const struct tracker *tr, struct track_part *part, struct feed *f,
    const struct match_key *keys, day_t day, bool cached)
{
	size_t n;

	if (cached && f != NULL && same_lookup(f, tr->nkeys, keys, day))
		return f->kcn;
	n = matcher_find_cached(tr->m, part->mc, keys, day, part->ids);
	if (cached && f != NULL)
		remember_lookup(f, tr->nkeys, keys, day, n);
	return n;
}

/* The no_target row of metric top for c; -1 under --strict. */
static int
credit_no_target(const struct tracker *tr, struct track_part *part,
    struct feed *f, const struct match_key *keys, const struct credit *c,
    size_t top)
{
	const struct metric *m = &tr->ms.m[top];
	struct agg *a = NULL;

	for (size_t j = 0; j < m->nleaf; j++) {
		size_t leaf = m->leaf[j];
		day_t day;

		if (!(c->ok & BIT(leaf)))
			continue;
		day = c->day[c->group[leaf]];
		if (a == NULL) {
			struct period p = notarget_period(tr, day);

			if (tr->o.strict)
				return no_target_error(tr, f, keys, day, top);
			a = aggmap_get(&part->nt, keys, top, &p);
		}
		acc_add(tr, &a->acc[j], c, leaf, day);
	}
	return 0;
}

int
credit_row(const struct tracker *tr, struct track_part *part,
    struct feed *f, const struct match_key *keys, const struct credit *c)
{
	uint64_t hit = 0, feeds = 0, miss;

	for (uint64_t ok = c->ok; ok != 0; ok &= ok - 1)
		feeds |= tr->tops_of[__builtin_ctzll(ok)];
	for (size_t g = 0; g < c->ngroup; g++) {
		uint64_t here = c->ok & c->gmask[g];
		size_t n;

		if (here == 0)
			continue;
		n = lookup(tr, part, f, keys, c->day[g], g == 0);
		for (size_t i = 0; i < n; i++) {
			const struct track_row *tw = &tr->row[part->ids[i]];
			const struct metric *m;
			struct track_acc *a;

			if (!(tw->leaves & here))
				continue;
			hit |= BIT(tw->metric);
			a = &part->acc[tw->acc];
			if (tw->leaves == BIT(tw->metric)) {
				/* One leaf, the metric itself: the usual row. */
				acc_add(tr, a, c, tw->metric, c->day[g]);
				continue;
			}
			m = &tr->ms.m[tw->metric];
			for (size_t j = 0; j < m->nleaf; j++)
				if (here & BIT(m->leaf[j]))
					acc_add(tr, &a[j], c, m->leaf[j],
					    c->day[g]);
		}
	}
	miss = feeds & ~hit;
	for (size_t t = 0; miss != 0 && t < tr->ntops; t++)
		if ((miss & BIT(tr->tops[t])) &&
		    credit_no_target(tr, part, f, keys, c, tr->tops[t]) < 0)
			return -1;
	return 0;
}

static int
row_day(const struct tracker *tr, struct feed *f, const struct arow *r,
    size_t g, day_t *day)
{
	const struct match_key *k = &r->cell[tr->nkeys + g];
	const char *s = k->s, *why;
	size_t len = k->len;

	if (len == f->dcache_len[g] && memcmp(s, f->dcache[g], len) == 0) {
		*day = f->dcache_day[g];
		return 0;
	}
	why = date_parse(s, len, tr->conf->date_order, day);
	if (why != NULL)
		return row_error(f, "column \"%s\": cannot read \"%.*s\" as a "
		    "date: %s", group_name(tr, f, g), (int)len, s, why);
	if (len < sizeof(f->dcache[g])) {
		memcpy(f->dcache[g], s, len);
		f->dcache_len[g] = len;
		f->dcache_day[g] = *day;
	}
	return 0;
}

static int
parse_num(const struct tracker *tr, struct feed *f, const struct match_key *k,
    const char *col, num_t *v)
{
	switch (num_parse(k->s, k->len, tr->conf->decimal, v)) {
	case NUM_OK:
		return 1;
	case NUM_EMPTY:
		return 0;
	case NUM_RANGE:
		return row_error(f, "column \"%s\": \"%.*s\" is too large",
		    col, (int)k->len, k->s);
	default:
		return row_error(f, "column \"%s\": cannot read \"%.*s\" as a "
		    "number", col, (int)k->len, k->s);
	}
}

/* Remember customer x of metric i first seen on day with keys. */
static void
firstseen_note(const struct tracker *tr, struct track_part *part, size_t i,
    const struct match_key *x, uint64_t xh, const struct match_key *keys,
    day_t day)
{
	struct firstseen *fs = &part->fs[i];
	const char *cells[MATCH_MAX_KEYS];
	size_t lens[MATCH_MAX_KEYS], k;

	if (!fs_note(fs, x->s, x->len, xh, day, &k))
		return;
	for (size_t j = 0; j < tr->nkeys; j++) {
		cells[j] = keys[j].s;
		lens[j] = keys[j].len;
	}
	fs->tuple[k] = (uint32_t)keymap_add(&part->tuples, cells, lens, NULL);
}

/* Whether metric m's where holds for r (1), not (0), or an error (-1). */
static int
row_where(const struct tracker *tr, struct feed *f, const struct arow *r,
    const struct metric *m, const char **cellp)
{
	struct rule_row rr;
	struct rule_err err;
	int rc;

	rr.cell = cellp;
	rr.n = f->ncell;
	rr.decimal = tr->conf->decimal;
	rr.order = tr->conf->date_order;
	rr.asof = tr->o.asof;
	(void)r;
	rc = rule_eval(m->where, &rr, &err);
	if (rc < 0)
		return row_error(f, "metric \"%s\": where %s: %s", m->name,
		    m->where_src, err.msg);
	return rc;
}

/* The value of metric k of the feed for row r into c: 1 counts, 0 not. */
static int
row_metric(const struct tracker *tr, struct track_part *part, struct feed *f,
    const struct arow *r, size_t k, num_t share, bool has_share,
    struct credit *c)
{
	const struct feed_metric *fm = &f->fm[k];
	const struct metric *m = &tr->ms.m[fm->metric];
	size_t i = fm->metric;
	int rc;

	switch (m->kind) {
	case METRIC_SUM:
		rc = parse_num(tr, f, &r->cell[fm->vcell], m->col, &c->v[i]);
		if (rc <= 0)
			return rc;
		if (has_share && num_mul(c->v[i], share, &c->v[i]) < 0)
			return row_error(f, "column \"%s\": %s x share is too "
			    "large", m->col, m->col);
		return 1;
	case METRIC_COUNT:
		c->v[i] = 0;
		return 1;
	default:
		c->v[i] = 0;
		trim_cell(r->cell[fm->vcell].s, r->cell[fm->vcell].len,
		    &c->x[i]);
		if (c->x[i].len == 0)
			return 0;
		c->xh[i] = keymap_hash(&c->x[i].s, &c->x[i].len, 1);
		if (m->kind == METRIC_DISTINCT)
			c->xid[i] = fs_intern(&part->vals, c->x[i].s,
			    c->x[i].len, c->xh[i]);
		return 1;
	}
}

int
feed_row(const struct tracker *tr, struct track_part *part, struct feed *f,
    const struct arow *r)
{
	struct match_key keys[MATCH_MAX_KEYS];
	const char *cellp[FEED_MAX_CELLS];
	struct credit c;
	bool dok[METRIC_MAX], has_share = false;
	num_t share = 0;

	c.ok = 0;
	c.group = f->group;
	c.gmask = f->gmask;
	c.ngroup = f->ngroup;
	for (size_t g = 0; g < f->ngroup; g++) {
		dok[g] = false;
		if (f->gown[g] && r->cell[tr->nkeys + g].len == 0)
			continue;	/* not paid yet: counted below */
		if (row_day(tr, f, r, g, &c.day[g]) < 0)
			return -1;
		if (c.day[g] > tr->o.asof)
			f->future[g]++;
		else
			dok[g] = true;
	}
	for (size_t i = 0; i < tr->nkeys; i++)
		trim_cell(r->cell[i].s, r->cell[i].len, &keys[i]);
	if (f->share >= 0) {
		int rc = parse_num(tr, f, &r->cell[f->share], tr->o.share_col,
		    &share);

		if (rc < 0)
			return -1;
		has_share = rc > 0;	/* empty: the whole row */
	}
	if (f->where)
		for (size_t i = 0; i < f->ncell; i++)
			cellp[i] = r->cell[i].s;
	for (size_t k = 0; k < f->nfm; k++) {
		struct feed_metric *fm = &f->fm[k];
		const struct metric *m = &tr->ms.m[fm->metric];
		size_t g = (size_t)f->group[fm->metric];
		int rc;

		if (!dok[g]) {
			if (f->gown[g] && r->cell[tr->nkeys + g].len == 0)
				fm->empty_date++;
			continue;
		}
		if (m->where != NULL) {
			rc = row_where(tr, f, r, m, cellp);
			if (rc < 0)
				return -1;
			if (rc == 0)
				continue;
		}
		rc = row_metric(tr, part, f, r, k, share, has_share, &c);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			fm->empty++;
			continue;
		}
		if (m->kind == METRIC_NEW)
			firstseen_note(tr, part, fm->metric, &c.x[fm->metric],
			    c.xh[fm->metric], keys, c.day[g]);
		else
			c.ok |= BIT(fm->metric);
	}
	if (c.ok == 0)
		return 0;
	return credit_row(tr, part, f, keys, &c);
}

void
feed_cells(const struct feed *f, const struct csv_row *row, struct arow *r)
{
	r->line = row->line;
	for (size_t i = 0; i < f->ncell; i++) {
		r->cell[i].s = row->field[f->col[i]];
		r->cell[i].len = row->len[f->col[i]];
	}
}

void
feed_serial(const struct tracker *tr, struct track_part *part,
    struct feed *f, struct csvin *in)
{
	const struct csv_row *row;
	struct arow r;
	int rc;

	while ((rc = csvin_next(in, &row)) > 0) {
		feed_cells(f, row, &r);
		if (feed_row(tr, part, f, &r) < 0)
			die_at(f->name, r.line, "%s", f->err);
	}
	if (rc < 0)
		die("%s", csvin_error(in));
}

void
tracker_resolve_new(struct tracker *tr)
{
	struct track_part *p = tr->main;
	struct match_key keys[MATCH_MAX_KEYS];
	static const int group0[METRIC_MAX];
	uint64_t gmask[1];
	struct credit c;

	if (tr->resolved)
		return;
	tr->resolved = true;
	for (size_t i = 0; i < tr->ms.n; i++) {
		const struct firstseen *fs = &p->fs[i];

		memset(&c, 0, sizeof(c));
		c.ok = gmask[0] = BIT(i);
		c.group = group0;
		c.gmask = gmask;
		c.ngroup = 1;
		for (size_t k = 0; k < fs->n; k++) {
			for (size_t j = 0; j < tr->nkeys; j++) {
				keys[j].s = keymap_cell(&p->tuples,
				    fs->tuple[k], j);
				keys[j].len = strlen(keys[j].s);
			}
			c.day[0] = fs->day[k];
			if (credit_row(tr, p, NULL, keys, &c) < 0)
				die("%s: no target of metric \"%s\" for a "
				    "customer first seen on a day no target "
				    "covers (--strict)", tr->t->file,
				    tr->ms.m[i].name);
		}
	}
}
