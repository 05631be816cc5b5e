#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "util.h"
#include "variance.h"

/* Aggregation */

void
var_agg_init(struct var_agg *a, size_t nkeys, size_t nvals)
{
	memset(a, 0, sizeof(*a));
	a->nkeys = nkeys;
	a->nvals = nvals;
	keymap_init(&a->map, nkeys);
}

void
var_agg_free(struct var_agg *a)
{
	keymap_free(&a->map);
	free(a->vals);
	free(a->lines);
	memset(a, 0, sizeof(*a));
}

long
var_agg_find(const struct var_agg *a, const char *const *cell,
    const size_t *len)
{
	return keymap_find(&a->map, cell, len);
}

/*
 * Room for one more key in vals and lines before the key goes into the
 * map: an allocation that dies leaves every count true, so the cleanup
 * that frees the aggregation on the way out never reads a half-made entry
 * (trust 19: it counted the key first and crashed after "out of memory").
 */
static void
agg_reserve(struct var_agg *a)
{
	size_t cap;

	if (a->n < a->cap)
		return;
	cap = a->cap ? a->cap * 2 : 16;
	a->lines = xreallocarray(a->lines, cap, sizeof(*a->lines));
	a->vals = xreallocarray(a->vals, cap,
	    (a->nvals ? a->nvals : 1) * sizeof(*a->vals));
	a->cap = cap;
}

size_t
var_agg_get(struct var_agg *a, const char *const *cell, const size_t *len,
    long line)
{
	long found = keymap_find(&a->map, cell, len);
	size_t i, j;

	if (found >= 0)
		return (size_t)found;
	agg_reserve(a);
	i = keymap_add(&a->map, cell, len, NULL);
	for (j = 0; j < a->nvals; j++)
		a->vals[i * a->nvals + j] = 0;
	a->lines[i] = line;
	a->n = i + 1;
	return i;
}

const char *
var_agg_key(const struct var_agg *a, size_t i, size_t j)
{
	return keymap_cell(&a->map, i, j);
}

num_t *
var_agg_vals(const struct var_agg *a, size_t i)
{
	return a->vals + i * a->nvals;
}

int
var_agg_add(struct var_agg *a, size_t i, size_t j, num_t v)
{
	num_t *p = &a->vals[i * a->nvals + j];

	return num_add(*p, v, p);
}

/* Plan against actual */

/* Fill the fields of r that depend on its own plan and actual only. */
static int
row_fill(struct var_row *r, num_t plan, num_t actual, bool lower_is_better)
{
	memset(r, 0, sizeof(*r));
	r->plan = plan;
	r->actual = actual;
	if (num_sub(actual, plan, &r->variance) == -1)
		return -1;
	if (plan != 0) {
		r->variance_pct = num_to_double(r->variance) /
		    num_to_double(num_abs(plan)) * 100.0;
		r->has_variance_pct = true;
	}
	r->favorable = lower_is_better ? r->variance <= 0 : r->variance >= 0;
	return 0;
}

static const struct var_row *sort_rows;	/* for the qsort comparator only */

static int
cmp_pareto(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	num_t va = num_abs(sort_rows[a].variance);
	num_t vb = num_abs(sort_rows[b].variance);

	if (va != vb)
		return va > vb ? -1 : 1;
	return a < b ? -1 : a > b;
}

int
var_compute(const num_t *plan, const num_t *actual, size_t n,
    bool lower_is_better, bool sort, struct var_row *rows,
    struct var_row *total, size_t *order)
{
	num_t tp = 0, ta = 0;
	double cum = 0, tv;
	size_t i;

	for (i = 0; i < n; i++) {
		if (row_fill(&rows[i], plan[i], actual[i], lower_is_better) ==
		    -1 || num_add(tp, plan[i], &tp) == -1 ||
		    num_add(ta, actual[i], &ta) == -1)
			return -1;
		order[i] = i;
	}
	if (row_fill(total, tp, ta, lower_is_better) == -1)
		return -1;
	if (sort && n > 1) {
		sort_rows = rows;
		qsort(order, n, sizeof(*order), cmp_pareto);
		sort_rows = NULL;
	}
	if (total->variance == 0)
		return 0;
	tv = num_to_double(total->variance);
	for (i = 0; i < n; i++) {
		struct var_row *r = &rows[order[i]];

		r->share_pct = num_to_double(r->variance) / tv * 100.0;
		cum += r->share_pct;
		/* The last running sum is 100 by definition; do not let
		 * floating-point drift print 99.99999. */
		r->cum_share_pct = i + 1 == n ? 100.0 : cum;
		r->has_share = true;
	}
	total->share_pct = total->cum_share_pct = 100.0;
	total->has_share = true;
	return 0;
}

/* Price, volume, mix */

/* The sums over the set that every item's effects depend on. */
static const char *
pvm_sums(const struct pvm_item *items, size_t n, num_t *qa, num_t *qb,
    size_t *bad)
{
	size_t i;

	*qa = *qb = 0;
	for (i = 0; i < n; i++) {
		*bad = i;
		if (items[i].plan_qty == 0 && items[i].plan != 0)
			return "plan amount with no plan quantity";
		if (items[i].actual_qty == 0 && items[i].actual != 0)
			return "actual amount with no actual quantity";
		if (num_add(*qa, items[i].actual_qty, qa) == -1 ||
		    num_add(*qb, items[i].plan_qty, qb) == -1)
			return "number too large";
	}
	return NULL;
}

const char *
var_pvm(const struct pvm_item *items, size_t n, struct pvm *out, size_t *bad)
{
	num_t qa, qb, s, x;
	const char *why;
	size_t i;

	if ((why = pvm_sums(items, n, &qa, &qb, bad)) != NULL)
		return why;
	for (i = 0; i < n; i++) {
		const struct pvm_item *it = &items[i];

		*bad = i;
		/* S = Qa * Pb; a new item's plan price is its actual one. */
		if (it->plan_qty == 0)
			s = it->actual;
		else if (num_muldiv(it->plan, it->actual_qty, it->plan_qty,
		    &s) == -1)
			return "number too large";
		/* X = Qb * Pb * sum Qa / sum Qb; with no plan quantity at
		 * all there is no plan mix to move away from: X = S. */
		if (qb == 0)
			x = s;
		else if (num_muldiv(it->plan, qa, qb, &x) == -1)
			return "number too large";
		if (num_sub(it->actual, s, &out[i].price) == -1 ||
		    num_sub(x, it->plan, &out[i].volume) == -1 ||
		    num_sub(s, x, &out[i].mix) == -1)
			return "number too large";
	}
	*bad = 0;
	return NULL;
}

int
var_pvm_add(struct pvm *a, const struct pvm *b)
{
	if (num_add(a->price, b->price, &a->price) == -1 ||
	    num_add(a->volume, b->volume, &a->volume) == -1 ||
	    num_add(a->mix, b->mix, &a->mix) == -1)
		return -1;
	return 0;
}

void
var_pvm_round(struct pvm *e, num_t variance, int prec)
{
	num_t *f[3] = { &e->price, &e->volume, &e->mix };
	num_t sum = 0, big;
	int i, k = 0;

	big = num_abs(*f[0]);
	for (i = 0; i < 3; i++) {
		if (num_abs(*f[i]) > big) {
			big = num_abs(*f[i]);
			k = i;
		}
		*f[i] = num_round(*f[i], prec);
		sum += *f[i];
	}
	/* Rounded effects are within one unit of exact ones that did not
	 * overflow, so these sums stay far inside num_t's range. */
	*f[k] += num_round(variance, prec) - sum;
}

/* Period comparison */

int
var_base_period(const struct period *p, bool yoy, const struct fiscal *fy,
    struct period *out)
{
	long len;

	if (yoy || p->gran != G_RANGE)
		return period_shift(p, -1, yoy, fy, out);
	len = period_days(p);
	out->start = p->start - (day_t)len;
	out->end = p->start - 1;
	out->gran = G_RANGE;
	if (out->start < date_from_ymd(DATE_MIN_YEAR, 1, 1))
		return -1;
	return 0;
}

static const struct cmp_point *cmp_pts;	/* for the qsort comparator only */

static int
cmp_series_period(const void *pa, const void *pb)
{
	const struct cmp_point *a = &cmp_pts[*(const size_t *)pa];
	const struct cmp_point *b = &cmp_pts[*(const size_t *)pb];

	if (a->series != b->series)
		return a->series < b->series ? -1 : 1;
	if (a->p.start != b->p.start)
		return a->p.start < b->p.start ? -1 : 1;
	if (a->p.end != b->p.end)
		return a->p.end < b->p.end ? -1 : 1;
	return 0;
}

size_t *
var_point_order(const struct cmp_point *pts, size_t n)
{
	size_t *idx = xcalloc(n ? n : 1, sizeof(*idx));

	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	cmp_pts = pts;
	qsort(idx, n, sizeof(*idx), cmp_series_period);
	cmp_pts = NULL;
	return idx;
}

void
var_compare_base(const struct cmp_point *pts, size_t n, bool yoy,
    const struct fiscal *fy, long *base)
{
	size_t *idx = var_point_order(pts, n);
	size_t i;

	for (i = 0; i < n; i++) {
		struct cmp_point want;
		size_t lo = 0, hi = n;

		base[i] = -1;
		if (var_base_period(&pts[i].p, yoy, fy, &want.p) == -1)
			continue;
		want.series = pts[i].series;
		/* Binary search over idx, sorted by (series, start, end). */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			const struct cmp_point *m = &pts[idx[mid]];
			int c;

			if (m->series != want.series)
				c = m->series < want.series ? -1 : 1;
			else if (m->p.start != want.p.start)
				c = m->p.start < want.p.start ? -1 : 1;
			else if (m->p.end != want.p.end)
				c = m->p.end < want.p.end ? -1 : 1;
			else {
				base[i] = (long)idx[mid];
				break;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	free(idx);
}
