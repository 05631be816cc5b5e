/*
 * variance: the arithmetic of tgt-variance (DESIGN.md "tgt-variance").
 *
 * Three parts, each usable alone:
 *
 *  - var_agg: sums of numeric columns keyed by a tuple of key cells, in
 *    first-seen order (lib/keymap);
 *  - var_compute: variance, variance_pct, favorable, share_pct and
 *    cum_share_pct of aggregated rows, their Pareto order and the TOTAL;
 *  - var_pvm: price, volume and mix effects of a group of items, exact at
 *    NUM_DIGITS, and var_pvm_round to make them add up at the printed
 *    precision;
 *  - var_compare_base: the base point of each point of period series for
 *    year-over-year (同比) and period-over-period (环比) comparison.
 *
 * Nothing here prints or exits: errors come back as codes or static
 * reasons, so the command decides how to report them.
 */
#ifndef TGT_VARIANCE_H
#define TGT_VARIANCE_H

#include <stdbool.h>
#include <stddef.h>

#include "keymap.h"
#include "num.h"
#include "period.h"

/*
 * Aggregation by key tuple (a lib/keymap over the key cells).  Key cells
 * are copied (the map owns them); each key has nvals sums, all starting
 * at 0, and the line of the row that first had the key.
 */
struct var_agg {
	size_t	  nkeys;
	size_t	  nvals;
	size_t	  n;		/* distinct keys so far */
	size_t	  cap;		/* room in vals and lines */
	struct keymap map;	/* key tuple -> index */
	num_t	 *vals;		/* n * nvals sums */
	long	 *lines;	/* first line of each key */
};

void	var_agg_init(struct var_agg *a, size_t nkeys, size_t nvals);
void	var_agg_free(struct var_agg *a);
/*
 * The index of the key tuple cell[0..nkeys) (cell[j] is len[j] bytes, not
 * necessarily NUL-terminated), or -1 when absent.  var_agg_get() adds an
 * absent tuple (sums 0, line as given) and never fails.
 */
long	var_agg_find(const struct var_agg *a, const char *const *cell,
	    const size_t *len);
size_t	var_agg_get(struct var_agg *a, const char *const *cell,
	    const size_t *len, long line);
/* Key cell j of key i, NUL-terminated, owned by a. */
const char *var_agg_key(const struct var_agg *a, size_t i, size_t j);
/* The nvals sums of key i. */
num_t	*var_agg_vals(const struct var_agg *a, size_t i);
/* Add v to sum j of key i: 0, or -1 on overflow (the sum is unchanged). */
int	var_agg_add(struct var_agg *a, size_t i, size_t j, num_t v);

/* One output row of plan against actual. */
struct var_row {
	num_t	 plan;
	num_t	 actual;
	num_t	 variance;	/* actual - plan */
	double	 variance_pct;	/* variance / |plan| * 100 */
	bool	 has_variance_pct;	/* false when plan = 0 */
	bool	 favorable;	/* variance >= 0 (<= 0 when lower is better) */
	double	 share_pct;	/* variance / total variance * 100 */
	double	 cum_share_pct;	/* running sum of share_pct in output order */
	bool	 has_share;	/* false when the total variance is 0 */
};

/*
 * Fill rows[0..n) from plan[i] and actual[i], *total from their sums, and
 * order[0..n) with the output order: by |variance| descending (ties in
 * input order) when sort is true, else input order.  share_pct is the
 * signed share of the total variance: the shares add up to 100, an item
 * that offsets the gap has a negative share, and one can exceed 100 when
 * others offset it.  cum_share_pct runs in output order and ends at 100.
 * The TOTAL has share and cum share 100 (unless the total variance is 0).
 * Returns 0, or -1 on overflow.
 */
int	var_compute(const num_t *plan, const num_t *actual, size_t n,
	    bool lower_is_better, bool sort, struct var_row *rows,
	    struct var_row *total, size_t *order);

/* One item of a price/volume/mix analysis: amounts and quantities. */
struct pvm_item {
	num_t	 plan;		/* plan amount (= plan qty * plan price) */
	num_t	 actual;
	num_t	 plan_qty;
	num_t	 actual_qty;
};

struct pvm {
	num_t	 price;		/* sum (Pa - Pb) * Qa */
	num_t	 volume;	/* (sum Qa - sum Qb) * avg Pb */
	num_t	 mix;		/* sum Qa * Pb - sum Qa * avg Pb */
};

/*
 * The effects of each item of the set items[0..n) into out[0..n), where
 * Pb = plan / plan_qty, Pa = actual / actual_qty, avg Pb = sum plan /
 * sum Qb:
 *
 *	price_i  = (Pa_i - Pb_i) * Qa_i
 *	volume_i = (sum Qa - sum Qb) * (Qb_i / sum Qb) * Pb_i
 *	mix_i    = (Qa_i / sum Qa - Qb_i / sum Qb) * sum Qa * Pb_i
 *
 * so that the sums over the set are the classic price = sum (Pa - Pb) *
 * Qa, volume = (sum Qa - sum Qb) * avg Pb, mix = sum Qa * Pb - sum Qa *
 * avg Pb.  An item with no plan quantity (new) takes its actual price as
 * plan price: no price effect, it enters through the mix.  An item with no
 * actual quantity (dropped) has no price effect.  When sum Qb is 0 (every
 * item is new) the mix is 0 and the volume is all of the change.
 *
 * Each product is rounded once, yet price_i + volume_i + mix_i = actual_i -
 * plan_i exactly: the terms telescope (price = A - S, volume = X - P,
 * mix = S - X with S = Qa * Pb and X = plan * sum Qa / sum Qb).  Returns
 * NULL, or a static reason with *bad set to the offending item ("plan
 * amount with no plan quantity", "actual amount with no actual quantity",
 * "number too large").
 */
const char *var_pvm(const struct pvm_item *items, size_t n, struct pvm *out,
	    size_t *bad);

/* a += b; 0, or -1 on overflow. */
int	var_pvm_add(struct pvm *a, const struct pvm *b);

/*
 * Round the effects to prec decimals so that they add up to
 * num_round(variance, prec): the residue of rounding goes into the effect
 * largest in absolute value (the first of price, volume, mix on ties).
 */
void	var_pvm_round(struct pvm *e, num_t variance, int prec);

/* One point of a period series for --compare. */
struct cmp_point {
	size_t	 series;	/* which series (key tuple) */
	struct period p;
	num_t	 value;
};

/*
 * The period a point is compared with: the same period one year earlier
 * (yoy) or the previous period of the same granularity (prev; for a date
 * range, the range of the same length ending the day before).  Returns 0,
 * or -1 when that period is out of the valid years.
 */
int	var_base_period(const struct period *p, bool yoy,
	    const struct fiscal *fy, struct period *out);

/*
 * The indexes 0..n-1 of pts ordered by series, then period (start, end).
 * Returns a new array of n (at least 1) entries: the caller frees it.
 */
size_t	*var_point_order(const struct cmp_point *pts, size_t n);

/*
 * base[i] = the index of the point of the same series whose period is the
 * base period of point i (same start and end), or -1 when there is none.
 * Points must be unique per (series, period).
 */
void	var_compare_base(const struct cmp_point *pts, size_t n, bool yoy,
	    const struct fiscal *fy, long *base);

#endif
