/*
 * output: the rows tgt-track writes (lib/track/tracker.h): one per target
 * row, the no_target rows, then the --rollup subtotals.  Everything that
 * can fail (a sum out of range, a subtotal too large) is checked before
 * the header is written, so a failed run leaves no half table on stdout;
 * a derived number out of range (a forecast of trillions) is an empty
 * cell and a warning.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracker.h"
#include "util.h"

/* One output row, whatever it comes from. */
struct outrow {
	const struct match_key *cells;
	bool		 empty_is_wild;	/* len 0 is a wildcard (target rows) */
	size_t		 metric;
	const struct period *per;
	num_t		 target;
	num_t		 expected;
	bool		 has_target;	/* false: no_target */
	bool		 target_known;	/* false: a subtotal of a ratio */
	num_t		 stretch;
	bool		 has_stretch;
	const struct track_acc *acc;	/* nleaf of the metric */
	long		 row;		/* target row, -1 */
};

/* The actual of o (*has false: an undefined ratio), its count and last
 * day; -1 when a sum is out of range. */
static int
row_actual(const struct tracker *tr, const struct outrow *o, num_t *actual,
    bool *has, int64_t *count, day_t *last)
{
	const struct metric *m = &tr->ms.m[o->metric];
	num_t value[METRIC_MAX];

	*last = TRACK_NO_DAY;
	for (size_t j = 0; j < m->nleaf; j++) {
		size_t leaf = m->leaf[j];

		if (acc_value(&o->acc[j], tr->ms.m[leaf].kind, &value[leaf]) < 0)
			return -1;
		if (o->acc[j].last > *last)
			*last = o->acc[j].last;
	}
	/* A ratio counts the rows of its numerator's first leaf. */
	*count = o->acc[0].count;
	*has = metric_eval(&tr->ms, o->metric, value, actual);
	if (!*has)
		*actual = 0;
	return 0;
}

/* Dies when a sum of o is out of range, naming the row. */
static void
check_row(const struct tracker *tr, const struct outrow *o)
{
	const struct metric *m = &tr->ms.m[o->metric];
	char buf[PERIOD_FMT_MAX];
	num_t v, a;
	bool has;
	int64_t n;
	day_t last;

	for (size_t j = 0; j < m->nleaf; j++) {
		const struct metric *leaf = &tr->ms.m[m->leaf[j]];

		if (acc_value(&o->acc[j], leaf->kind, &v) == 0)
			continue;
		if (o->row >= 0)
			die_at(tr->t->file, tr->t->lines[o->row], "column "
			    "\"%s\": the sum of this row overflows", leaf->col);
		die("%s: column \"%s\": the sum for period %s overflows",
		    tr->t->file, leaf->col, period_format(o->per,
		    &tr->conf->fy, buf));
	}
	/* The variance is the row's own difference: out of range it is an
	 * error (a forecast out of range is only an empty cell). */
	if (row_actual(tr, o, &a, &has, &n, &last) == 0 && has &&
	    num_sub(a, o->target, &v) < 0)
		die("%s: amounts too large to compute the row for period %s",
		    tr->t->file, period_format(o->per, &tr->conf->fy, buf));
}

static void
cell_num(struct csvout *out, int prec, bool has, num_t v)
{
	char buf[NUM_FMT_MAX];

	csvout_cell(out, has ? num_format(v, prec, 0, buf, sizeof(buf)) : "");
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
write_header(const struct tracker *tr, struct csvout *out)
{
	static const char *const cols[] = {
		"period", "target", "actual", "count", "variance",
		"achievement_pct", "elapsed_pct", "expected", "pace_pct",
		"forecast", "forecast_pct", "remaining", "remaining_days",
		"required_per_day", "last_date", "status"
	};

	for (size_t i = 0; i < tr->nkeys; i++)
		csvout_cell(out, tr->keys[i]);
	if (tr->metric_col)
		csvout_cell(out, "metric");
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		csvout_cell(out, cols[i]);
	if (tr->scol >= 0) {
		csvout_cell(out, "stretch");
		csvout_cell(out, "stretch_pct");
	}
	for (size_t i = 0; i < tr->ncarry; i++)
		csvout_cell(out, table_canon(tr->conf, tr->t->cols[tr->ccol[i]]));
	csvout_end(out);
}

static bool
is_wild(const struct outrow *o, size_t i)
{
	return o->cells[i].s == NULL || (o->empty_is_wild &&
	    o->cells[i].len == 0);
}

/* Decimals of a money column of o: none for a count metric with a whole
 * target (10 orders, not 10.00). */
static int
precision(const struct tracker *tr, const struct outrow *o)
{
	if (metric_is_count(&tr->ms.m[o->metric]) &&
	    o->target % NUM_SCALE == 0)
		return 0;
	return tr->conf->precision;
}

static void
write_cells(const struct tracker *tr, struct csvout *out,
    const struct outrow *o, const struct track_calc *c, int64_t count,
    day_t last)
{
	int prec = precision(tr, o);
	bool known = o->target_known;
	char buf[PERIOD_FMT_MAX];

	for (size_t i = 0; i < tr->nkeys; i++) {
		if (is_wild(o, i))
			csvout_cell(out, "*");
		else
			csvout_celln(out, o->cells[i].s, o->cells[i].len);
	}
	if (tr->metric_col)
		csvout_cell(out, tr->ms.m[o->metric].name);
	csvout_cell(out, period_format(o->per, &tr->conf->fy, buf));
	cell_num(out, prec, known, c->target);
	cell_num(out, prec, c->has_actual, c->actual);
	cell_long(out, (long)count);
	cell_num(out, prec, known && c->has_variance, c->variance);
	cell_pct(out, known && c->has_achievement, c->achievement_pct);
	cell_pct(out, true, c->elapsed_pct);
	cell_num(out, c->ratio ? prec : tr->conf->precision,
	    known && c->has_expected, c->expected);
	cell_pct(out, known && c->has_pace, c->pace_pct);
	cell_num(out, c->ratio ? prec : tr->conf->precision, c->has_forecast,
	    c->forecast);
	cell_pct(out, known && c->has_forecast_pct, c->forecast_pct);
	cell_num(out, prec, known && c->has_remaining, c->remaining);
	cell_long(out, c->remaining_days);
	cell_num(out, tr->conf->precision, known && c->has_required,
	    c->required);
	csvout_cell(out, last == TRACK_NO_DAY ? "" : date_format(last, buf));
	csvout_cell(out, known ? status_name(c->status) : "");
}

static void
write_extra(const struct tracker *tr, struct csvout *out,
    const struct outrow *o, const struct track_calc *c)
{
	if (tr->scol >= 0) {
		bool has = o->has_stretch && c->has_actual && o->stretch != 0;

		cell_num(out, precision(tr, o), o->has_stretch, o->stretch);
		cell_pct(out, has, has ? (double)c->actual /
		    (double)o->stretch * 100.0 : 0);
	}
	for (size_t i = 0; i < tr->ncarry; i++) {
		size_t len;
		const char *s = "";

		if (o->row >= 0) {
			s = tr->t->rows[o->row][tr->ccol[i]];
			len = strlen(s);
			s = trim_span(s, &len);
			csvout_celln(out, s, len);
		} else {
			csvout_cell(out, s);
		}
	}
}

static void
warn_lost(const struct tracker *tr, const struct outrow *o, int lost)
{
	char buf[PERIOD_FMT_MAX];

	if (o->row >= 0)
		warn_at(tr->t->file, tr->t->lines[o->row], "%d number%s of "
		    "this row (forecast, remaining, required_per_day) out of "
		    "range: left empty", lost, lost == 1 ? "" : "s");
	else
		warn_at(tr->t->file, 0, "%d number%s of a row for period %s "
		    "out of range: left empty", lost, lost == 1 ? "" : "s",
		    period_format(o->per, &tr->conf->fy, buf));
}

static void
write_row(const struct tracker *tr, struct csvout *out,
    const struct outrow *o)
{
	struct track_calc c;
	struct track_time t;
	int64_t count;
	day_t last;
	int lost;

	if (tr->o.leaves)
		for (size_t i = 0; i < tr->nkeys; i++)
			if (is_wild(o, i))
				return;
	memset(&c, 0, sizeof(c));
	c.target = o->target;
	c.expected = o->expected;
	c.has_target = o->has_target;
	c.ratio = tr->ms.m[o->metric].kind == METRIC_RATIO;
	if (row_actual(tr, o, &c.actual, &c.has_actual, &count, &last) < 0)
		die("%s: a sum out of range", tr->t->file);	/* checked */
	track_time(o->per, tr->o.asof, &tr->conf->cal, tr->o.workdays, &t);
	lost = track_calc(&c, &t, tr->conf->behind, tr->conf->ahead);
	if (lost > 0)
		warn_lost(tr, o, lost);
	write_cells(tr, out, o, &c, count, last);
	write_extra(tr, out, o, &c);
	csvout_end(out);
}

static struct outrow
target_row(const struct tracker *tr, size_t r, const num_t *expected)
{
	struct outrow o;

	memset(&o, 0, sizeof(o));
	o.cells = matcher_cells(tr->m, r);
	o.empty_is_wild = true;
	o.metric = tr->rmetric[r];
	o.per = matcher_period(tr->m, r);
	o.target = tr->target[r];
	o.expected = expected[r];
	o.has_target = o.target_known = true;
	o.stretch = tr->stretch[r];
	o.has_stretch = tr->has_stretch[r];
	o.acc = &tr->main->acc[tr->acc_off[r]];
	o.row = (long)r;
	return o;
}

static struct outrow
agg_row(const struct tracker *tr, const struct agg *a)
{
	struct outrow o;

	memset(&o, 0, sizeof(o));
	o.cells = a->cells;
	o.metric = a->metric;
	o.per = &a->per;
	o.target = a->target;
	o.expected = a->expected;
	o.has_target = a->has_target;
	o.target_known = !a->has_target ||
	    tr->ms.m[a->metric].kind != METRIC_RATIO;
	o.stretch = a->stretch;
	o.has_stretch = a->has_stretch;
	o.acc = a->acc;
	o.row = -1;
	return o;
}

/* Add a member row to the subtotal of its cells masked by mask. */
static void
rollup_add(const struct tracker *tr, struct aggmap *map, uint32_t mask,
    const struct outrow *o)
{
	struct match_key g[MATCH_MAX_KEYS];
	struct agg *a;

	for (size_t i = 0; i < tr->nkeys; i++) {
		g[i] = o->cells[i];
		if (!(mask & (UINT32_C(1) << i))) {
			g[i].s = NULL;
			g[i].len = 0;
		}
	}
	a = aggmap_get(map, g, o->metric, o->per);
	if (num_add(a->target, o->target, &a->target) < 0 ||
	    num_add(a->expected, o->expected, &a->expected) < 0 ||
	    num_add(a->stretch, o->stretch, &a->stretch) < 0)
		die("%s: a subtotal of the targets is out of range",
		    tr->t->file);
	for (size_t j = 0; j < tr->ms.m[o->metric].nleaf; j++)
		acc_merge(&a->acc[j], &o->acc[j], NULL, NULL);
	a->has_target |= o->has_target;
	/* A subtotal has a stretch when every target member has one. */
	if (o->has_target && !o->has_stretch)
		a->stretch_missing = true;
	a->has_stretch = a->has_target && !a->stretch_missing;
}

/*
 * The subtotals of one --rollup level: the rows without wildcard keys
 * (target rows of the finest kind and no_target rows) summed per value of
 * the columns in mask, per metric and per period.
 */
static void
build_level(const struct tracker *tr, struct aggmap *map, uint32_t mask,
    const num_t *expected)
{
	const struct aggmap *nt = &tr->main->nt;
	uint32_t full = tr->nkeys == 32 ? UINT32_MAX :
	    (UINT32_C(1) << tr->nkeys) - 1;

	aggmap_init(map, tr->nkeys, &tr->ms);
	for (size_t r = 0; r < tr->t->nrows; r++)
		if (matcher_pattern(tr->m, r) == full) {
			struct outrow o = target_row(tr, r, expected);

			rollup_add(tr, map, mask, &o);
		}
	for (size_t k = 0; k < nt->n; k++) {
		struct outrow o = agg_row(tr, &nt->a[k]);

		rollup_add(tr, map, mask, &o);
	}
}

static size_t
popcount(uint32_t x)
{
	size_t n = 0;

	for (; x != 0; x &= x - 1)
		n++;
	return n;
}

/* The --rollup levels, finest first, into maps; returns how many. */
static size_t
build_rollups(const struct tracker *tr, struct aggmap *maps,
    const num_t *expected)
{
	uint32_t masks[MATCH_MAX_KEYS + 1], mask = 0;
	size_t n = 0;

	if (tr->rollup == NULL)
		return 0;
	masks[0] = 0;
	for (size_t j = 0; j < tr->nrollup; j++) {
		mask |= UINT32_C(1) << tr->rollup[j];
		masks[j + 1] = mask;
	}
	/* A level keeping every key would repeat the rows themselves. */
	for (size_t j = tr->nrollup + 1; j-- > 0;) {
		if (j > 0 && popcount(masks[j]) == tr->nkeys)
			continue;
		build_level(tr, &maps[n++], masks[j], expected);
	}
	return n;
}

void
tracker_write(struct tracker *tr, struct csvout *out)
{
	size_t n = tr->t->nrows, nlev;
	num_t *expected = xcalloc(n ? n : 1, sizeof(*expected));
	const struct aggmap *nt;
	struct aggmap maps[MATCH_MAX_KEYS + 1];
	struct outrow o;

	tracker_resolve_new(tr);
	nt = &tr->main->nt;
	if (track_expected(tr->m, tr->target, tr->rmetric, tr->o.asof,
	    &tr->conf->cal, tr->o.workdays, expected) < 0)
		die("%s: targets too large to compute the expected amounts",
		    tr->t->file);
	nlev = build_rollups(tr, maps, expected);
	/* Every sum in range, before anything is written. */
	for (size_t r = 0; r < n; r++) {
		o = target_row(tr, r, expected);
		check_row(tr, &o);
	}
	for (size_t k = 0; k < nt->n; k++) {
		o = agg_row(tr, &nt->a[k]);
		check_row(tr, &o);
	}
	for (size_t l = 0; l < nlev; l++)
		for (size_t k = 0; k < maps[l].n; k++) {
			o = agg_row(tr, &maps[l].a[k]);
			check_row(tr, &o);
		}
	write_header(tr, out);
	for (size_t r = 0; r < n; r++) {
		o = target_row(tr, r, expected);
		write_row(tr, out, &o);
	}
	for (size_t k = 0; k < nt->n; k++) {
		o = agg_row(tr, &nt->a[k]);
		write_row(tr, out, &o);
	}
	for (size_t l = 0; l < nlev; l++) {
		for (size_t k = 0; k < maps[l].n; k++) {
			o = agg_row(tr, &maps[l].a[k]);
			write_row(tr, out, &o);
		}
		aggmap_free(&maps[l]);
	}
	free(expected);
}
