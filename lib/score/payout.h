/*
 * payout: the arithmetic of tgt-score (DESIGN.md "tgt-score"): attainment,
 * the weighted score, gates, tiers and what they pay.
 *
 * A threshold "80%" stands for the amount 0.8 × target (num_mul: to four
 * decimals), an amount threshold for itself; a tier is reached when the
 * actual is at least its amount.  The tiers pay, with i the highest tier
 * reached and a_j the amount of threshold j:
 *
 *   slab      actual × rate_i
 *   marginal  Σ_{j<i} (a_{j+1} − a_j) × rate_j + (actual − a_i) × rate_i
 *   bonus     bonus_i
 *
 * and nothing below the first tier.  The plan's cap limits what the tiers
 * pay; a team bonus is added after the cap; a failed gate pays 0.  The
 * sum is kept exact (products of two nums in 128 bits) and rounded once,
 * half away from zero, to the precision asked for.
 */
#ifndef TGT_SCORE_PAYOUT_H
#define TGT_SCORE_PAYOUT_H

#include <stdbool.h>

#include "num.h"
#include "plan.h"

/* Results of the functions below that can fail. */
enum {
	PAY_OK = 0,
	PAY_OVERFLOW = -1,	/* an amount too large for num_t */
	PAY_NO_TARGET = -2	/* an attainment threshold, target <= 0 */
};

/* The amount of threshold t for target into *out. */
int	threshold_amount(const struct threshold *t, num_t target, num_t *out);

/* Whether actual reaches t (1 or 0), or PAY_OVERFLOW / PAY_NO_TARGET. */
int	threshold_reached(const struct threshold *t, num_t target,
	    num_t actual);

/* actual / target into *att (1.0 = 100 %); false when target <= 0. */
bool	attainment(num_t target, num_t actual, double *att);

/* Σ w × min(cap, att) / Σ w over the spec's weights, att[i] of weights[i]
 * (1.0 = 100 %). */
double	score_calc(const struct score_spec *s, const double *att);

/* att counted after the spec's cap. */
double	score_capped(const struct score_spec *s, double att);

struct pay_result {
	int	 tier;		/* highest tier reached, -1 for none */
	num_t	 payout;	/* rounded to prec */
	bool	 has_next;	/* a tier above: */
	int	 next;		/* its index */
	num_t	 to_next;	/* its amount − actual */
};

/*
 * Pay the plan p on the base metric's target and actual.  gate: whether
 * every gate was passed (false pays 0).  team: the team bonus earned (0
 * for none).  prec: decimals of the result (0..NUM_DIGITS).  Returns
 * PAY_OK and fills *r, or PAY_OVERFLOW / PAY_NO_TARGET.
 */
int	payout_calc(const struct pay_plan *p, num_t target, num_t actual,
	    bool gate, num_t team, int prec, struct pay_result *r);

#endif
